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

#: Recognises a file by its decoded text (e.g. a Zendesk export among ``.json`` files).
Detector = Callable[[str], bool]

_READERS: dict[str, Reader] = {}
#: Content readers per extension, tried in registration order before the extension's reader.
_DETECTORS: dict[str, list[tuple[Detector, Reader]]] = {}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (with the dot, any case: ``".yaml"``).

    An extension has one reader: registering a second one is an error (a silent override would
    change how files are read depending on import order).
    """

    def decorate(reader: Reader) -> Reader:
        for extension in extensions:
            known = _READERS.get(extension.lower())
            if known is not None and known is not reader:
                raise ValueError(f"extension {extension!r} already has a reader ({reader_name(known)})")
            _READERS[extension.lower()] = reader
        return reader

    return decorate


def register_content(*extensions: str, detect: Detector) -> Callable[[Reader], Reader]:
    """Register a reader for files of these extensions whose text ``detect`` recognises.

    Content readers are tried before the extension's own reader, in registration order, so a
    vendor export and a plain library can share ``.json``. ``detect`` must be cheap and never
    raise (it sees every file of those extensions).
    """

    def decorate(reader: Reader) -> Reader:
        for extension in extensions:
            entries = _DETECTORS.setdefault(extension.lower(), [])
            if any(known is reader for _, known in entries):
                raise ValueError(f"{reader_name(reader)} is registered twice for {extension!r}")
            entries.append((detect, reader))
        return reader

    return decorate


def reader_name(reader: Reader) -> str:
    """A stable name of a reader (for messages and cache keys)."""
    return f"{getattr(reader, '__module__', '?')}.{getattr(reader, '__qualname__', repr(reader))}"


def extension_of(path: str) -> str:
    """The lower-case extension of a path (``""`` for stdin ``-`` or no extension)."""
    return os.path.splitext(path)[1].lower()


def reader_for(path: str, text: str | None = None) -> Reader | None:
    """The reader of a file: a content reader that recognises ``text``, else the one registered
    for the path's extension, else None (then the caller reads plain text)."""
    extension = extension_of(path)
    if text is not None:
        for detect, reader in _DETECTORS.get(extension, ()):
            if detect(text):
                return reader
    return _READERS.get(extension)


def supported_extensions() -> tuple[str, ...]:
    """Every registered extension, sorted."""
    return tuple(sorted(_READERS))


def is_supported(path: str) -> bool:
    """Whether a folder walk should pick up this file."""
    return extension_of(path) in _READERS


def reader_key(path: str) -> str:
    """Everything about a path that decides how it is read, besides its bytes: the extension and
    the readers that may read it (result caches key on this, so a ``.txt`` and a ``.md`` with the
    same bytes, or ``r.csv`` renamed ``r.tsv``, never share results)."""
    extension = extension_of(path)
    readers = [reader_name(reader) for _, reader in _DETECTORS.get(extension, ())]
    own = _READERS.get(extension)
    readers.append(reader_name(own) if own is not None else "plain-text")
    return f"{extension}|{','.join(readers)}"

