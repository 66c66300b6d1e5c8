"""From a path or bytes to documents: decoding, dispatch on the extension, file errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.registry import reader_for
from voicelint.sources.text import read_plain_text

_BOM = b"\xef\xbb\xbf"
_DEFAULT_OPTIONS = ReadOptions()


def decode(path: str, data: bytes) -> str | InputError:
    """UTF-8 text without its byte-order mark, or an error at the first bad byte's line:column."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(path, "the file is UTF-16 (it has a UTF-16 byte-order mark); save it as UTF-8", 1, 1)
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
        line_start = body.rfind(b"\n", 0, bad) + 1
        line = body.count(b"\n", 0, bad) + 1
        column = len(body[line_start:bad].decode("utf-8", errors="replace")) + 1
        return InputError(
            path,
            f"not valid UTF-8 (byte 0x{body[bad]:02X}; {error.reason}); save the file as UTF-8",
            line,
            column,
        )


def read_text(path: str, text: str, options: ReadOptions = _DEFAULT_OPTIONS) -> Iterator[Document | InputError]:
    """The documents of decoded file text; unknown extensions (and stdin ``-``) are plain text.

    A reader bug never escapes as an exception: it becomes an input error for this file.
    """
    source = SourceFile(path, text)
    reader = reader_for(path, text) or read_plain_text
    try:
        yield from reader(source, options)
    except Exception as error:  # a bad file must not stop the run: report it and go on
        yield InputError(path, f"could not read the file: internal error {type(error).__name__}: {error}")


def read_bytes(path: str) -> bytes | InputError:
    """The bytes of a file (``-`` is stdin), or an input error naming what went wrong."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return InputError(path, "no such file or folder")
    except IsADirectoryError:
        return InputError(path, "is a folder, not a file")
    except PermissionError:
        return InputError(path, "permission denied")
    except OSError as error:
        return InputError(path, f"cannot read: {error.strerror or error}")


def read_file(path: str, options: ReadOptions = _DEFAULT_OPTIONS) -> Iterator[Document | InputError]:
    """The documents of one file (``-`` is stdin); unreadable or undecodable files give an error."""
    data = read_bytes(path)
    if isinstance(data, InputError):
        yield data
        return
    text = decode(path, data)
    if isinstance(text, InputError):
        yield text
        return
    yield from read_text(path, text, options)
