"""Which reader handles which file extension.

Adding an input format is adding one module that decorates its reader with ``@register(".ext")``
(and importing that module in ``voicelint/sources/__init__.py``); there is no if/elif on extensions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions

#: A reader turns one decoded file into documents and errors; it never raises for bad input.
Reader = Callable[[SourceFile, ReadOptions], Iterator[Document | InputError]]

_READERS: dict[str, Reader] = {}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (with the dot, any case: ``".yaml"``)."""

    def decorate(reader: Reader) -> Reader:
        for extension in extensions:
            _READERS[extension.lower()] = reader
        return reader

    return decorate


def extension_of(path: str) -> str:
    """The lower-case extension of a path (``""`` for stdin ``-`` or no extension)."""
    return os.path.splitext(path)[1].lower()


def reader_for(path: str) -> Reader | None:
    """The registered reader for a path's extension, or None (then the caller reads plain text)."""
    return _READERS.get(extension_of(path))


def supported_extensions() -> tuple[str, ...]:
    """Every registered extension, sorted."""
    return tuple(sorted(_READERS))


def is_supported(path: str) -> bool:
    """Whether a folder walk should pick up this file."""
    return extension_of(path) in _READERS
