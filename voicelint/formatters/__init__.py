"""Output formats, registered by name: adding a format is adding a module here.

A formatter receives results as they stream out of the engine (``begin``, then ``document`` and
``error`` in input order, then ``end``), so even a 30k-record library never has to be held in
memory just to be printed.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import ClassVar, TextIO

from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary


class Formatter:
    """Base class of every output format."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(
        self, out: TextIO, *, quiet: bool = False, color: bool | None = None, statistics: bool = False
    ) -> None:
        self.out = out
        self.quiet = quiet
        self.color = color
        #: ``--statistics``: the text report ends with counts per rule and per file.
        self.statistics = statistics

    def begin(self, run: RunInfo) -> None:
        """Called once before any result, with the guide, the tool version and the rules that run."""
        self.run = run

    def document(self, result: DocumentResult) -> None:
        raise NotImplementedError

    def error(self, error: ReportError) -> None:
        raise NotImplementedError

    def end(self, summary: RunSummary) -> None:
        """Called once after the last result."""


_FORMATTERS: dict[str, type[Formatter]] = {}


def register_formatter(cls: type[Formatter]) -> type[Formatter]:
    """Class decorator: make an output format known to ``--format``. A name is registered once."""
    known = _FORMATTERS.get(cls.name)
    if known is not None and known is not cls:
        raise ValueError(f"output format {cls.name!r} is registered twice ({known.__module__}, {cls.__module__})")
    _FORMATTERS[cls.name] = cls
    return cls


_loaded = False


def formatters() -> dict[str, type[Formatter]]:
    """Every output format by name (modules in this package register themselves on import)."""
    global _loaded
    if not _loaded:
        for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return dict(sorted(_FORMATTERS.items()))
