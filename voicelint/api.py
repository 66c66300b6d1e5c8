"""The Python API (the CLI uses it too): load a guide, lint text or paths, get a Report.

>>> from voicelint.api import load_guide, lint_text
>>> report = lint_text("Per our policy we cannot help.", guide=load_guide("support-default"))
>>> [v.name for v in report.violations]  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from voicelint.guide.loader import GuideError, discover_guide
from voicelint.guide.loader import load_guide as _load_guide
from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions, collect, iter_results, linter_for, read_options_for, text_results
from voicelint.report import Report

__all__ = [
    "Guide",
    "GuideError",
    "LintOptions",
    "Report",
    "iter_results",
    "lint_paths",
    "lint_text",
    "linter_for",
    "load_guide",
    "read_options_for",
]


def load_guide(path_or_name: str | os.PathLike[str] | None = None) -> Guide:
    """A guide file, a built-in preset name, or (None) the guide discovered from the current folder."""
    return _load_guide(path_or_name if path_or_name is not None else discover_guide())


def lint_paths(
    paths: Sequence[str | os.PathLike[str]],
    guide: Guide | str | None = None,
    channel: str | None = None,
    **options: object,
) -> Report:
    """Lint files and folders (recursively); a bad file is reported in ``errors``, never raised."""
    resolved = guide if isinstance(guide, Guide) else load_guide(guide)
    lint_options = LintOptions(channel=channel, **options)  # type: ignore[arg-type]
    return collect(resolved, iter_results([os.fspath(p) for p in paths], resolved, lint_options))


def lint_text(
    text: str,
    guide: Guide | str | None = None,
    channel: str | None = None,
    path: str = "-",
    **options: object,
) -> Report:
    """Lint one text as a plain document (``path`` is what the report calls it)."""
    resolved = guide if isinstance(guide, Guide) else load_guide(guide)
    lint_options = LintOptions(channel=channel, **options)  # type: ignore[arg-type]
    return collect(resolved, text_results(text, path, resolved, lint_options))
