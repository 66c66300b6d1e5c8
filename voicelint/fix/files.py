"""A fixed file's bytes: read as the readers read them, written back with nothing else changed.

The text is the file's UTF-8 without its byte-order mark, exactly as :func:`voicelint.sources.decode`
gives it to the readers (line breaks untouched), so violation offsets index it. Writing puts the
BOM back when the file had one (:func:`to_bytes`); :func:`voicelint.atomic_write.write_atomically`
replaces the file, so an interrupted write never leaves half a library.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from voicelint.report import ReportError
from voicelint.sources.reading import BOM

#: Lines as diff and patch count them: ended by ``\n`` only (a ``\r`` before it stays in the line).
_LINES = re.compile(r"[^\n]*\n|[^\n]+\Z")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A file's text as the readers see it, and whether its bytes start with a BOM."""

    path: str
    text: str
    bom: bool


def load(path: str) -> Loaded | ReportError:
    """The file's text (not stdin: the caller has that text already)."""
    from voicelint.sources import decode, read_bytes

    data = read_bytes(path)
    if isinstance(data, ReportError):
        return data
    text = decode(path, data)
    if isinstance(text, ReportError):
        return text
    return Loaded(path, text, data.startswith(BOM))


def to_bytes(loaded: Loaded, text: str) -> bytes:
    """The bytes to write for a fixed text: UTF-8, with the BOM the file had."""
    return (BOM if loaded.bom else b"") + text.encode("utf-8")


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff (``--- a/PATH``, ``+++ b/PATH``) as ``diff -u`` and ``git apply`` read it.

    Lines keep their own line breaks (a CRLF file's diff has CRLF lines); a last line without a
    line break is followed by ``\\ No newline at end of file``.
    """
    name = path.removeprefix("./").lstrip("/")
    old_lines = _LINES.findall(before)
    new_lines = _LINES.findall(after)
    out: list[str] = []
    for line in difflib.unified_diff(old_lines, new_lines, f"a/{name}", f"b/{name}"):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
