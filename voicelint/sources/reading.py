"""From a path or bytes to documents: decoding, dispatch on the extension, file errors."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator

from voicelint.document import Document, SourceFile
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.registry import reader_for
from voicelint.sources.text import read_plain_text

#: The UTF-8 byte-order mark: dropped when a file is read (offsets count after it), kept by ``fix``.
BOM = b"\xef\xbb\xbf"
_DEFAULT_OPTIONS = ReadOptions()


def decode(path: str, data: bytes) -> str | InputError:
    """UTF-8 text without its byte-order mark, or an error at the first bad byte's line:column."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(path, "the file is UTF-16 (it has a UTF-16 byte-order mark); save it as UTF-8", 1, 1)
    body = data[len(BOM) :] if data.startswith(BOM) else data
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


#: The largest input file read (64 MiB). A helpdesk export is a few MB; the whole file is decoded
#: (up to 4 bytes of memory per character) and parsed into a tree, so a file of this size already
#: costs hundreds of MB. A bigger file is an input error (split it), never a read without end.
MAX_INPUT_BYTES = 64 * 1024 * 1024

#: Opening never blocks (a FIFO swapped in after the check) nor makes a terminal ours.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
NOT_A_FILE = "is not a regular file (a FIFO, socket or device); give files, folders, or - for stdin"


def _too_big(path: str, size: str, max_bytes: int) -> InputError:
    return InputError(path, f"is {size} bytes; at most {max_bytes} bytes are read (split the file)")


def read_bytes(path: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes | InputError:
    """The bytes of a file (``-`` is stdin), or an input error naming what went wrong.

    Only a regular file is opened (a FIFO would block, ``/dev/zero`` never end): its type is
    checked before opening, the open cannot block, and the type is checked again on the open
    file. At most ``max_bytes`` are read, from stdin too; a larger input is an error.
    """
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            return _too_big(path, f"over {max_bytes}", max_bytes) if len(data) > max_bytes else data
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return InputError(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            return InputError(path, NOT_A_FILE)
        if info.st_size > max_bytes:
            return _too_big(path, str(info.st_size), max_bytes)
        fd = os.open(path, _OPEN_FLAGS)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return InputError(path, NOT_A_FILE)
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:  # the file may grow after the check: read one byte past the limit
                chunk = os.read(fd, min(max_bytes + 1 - size, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
        return _too_big(path, f"over {max_bytes}", max_bytes) if size > max_bytes else b"".join(chunks)
    except (FileNotFoundError, NotADirectoryError):
        return InputError(path, "no such file or folder")
    except IsADirectoryError:
        return InputError(path, "is a folder, not a file")
    except PermissionError:
        return InputError(path, "permission denied")
    except OSError as error:
        return InputError(path, f"cannot read: {error.strerror or error}")


def read_decoded(path: str) -> str | InputError:
    """A file's text as the readers see it (:func:`decode`), or why it cannot be read."""
    data = read_bytes(path)
    return data if isinstance(data, InputError) else decode(path, data)


def read_file(path: str, options: ReadOptions = _DEFAULT_OPTIONS) -> Iterator[Document | InputError]:
    """The documents of one file (``-`` is stdin); unreadable or undecodable files give an error."""
    text = read_decoded(path)
    if isinstance(text, InputError):
        yield text
        return
    yield from read_text(path, text, options)
