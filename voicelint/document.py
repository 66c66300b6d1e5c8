"""Documents to lint, and the map from a document's text back to the original file.

A reader (see :mod:`voicelint.sources`) turns a file into one or more :class:`Document` objects.
Rules only ever see ``Document.text`` and report character offsets into it; the document
translates those offsets into positions in the ORIGINAL file (line, column, offset), which is
what every report format points at. That is how a finding inside a JSON-escaped or YAML-indented
record still lands on the right line and column of the library file.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

#: What a report counts as a line break (see :class:`SourceFile`).
_LINE_BREAK = re.compile(r"\r\n?|\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the original file: 1-based line and column, 0-based character offset."""

    line: int
    column: int
    offset: int


class SourceFile:
    """The original text of one input file, with a line index for offset -> (line, column).

    Columns and offsets count characters (not bytes). A UTF-8 byte-order mark is not part of the
    text, so column 1 is the first visible character. Lines end at ``\\n``, ``\\r\\n`` or a lone
    ``\\r`` (what editors and diff tools count); other Unicode separators (NEL, U+2028, U+2029) are
    characters within a line, as most editors show them, even where YAML reads them as breaks.
    """

    __slots__ = ("_line_starts", "path", "text")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self._line_starts: list[int] | None = None

    def _starts(self) -> list[int]:
        if self._line_starts is None:
            text = self.text
            if "\r" in text:
                starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
            else:
                starts = [0]
                find = text.find
                i = find("\n")
                while i != -1:
                    starts.append(i + 1)
                    i = find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def position(self, offset: int) -> Position:
        """The 1-based line and column of a character offset into the file."""
        offset = max(0, min(offset, len(self.text)))
        starts = self._starts()
        index = bisect.bisect_right(starts, offset) - 1
        return Position(line=index + 1, column=offset - starts[index] + 1, offset=offset)

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r}, {len(self.text)} chars)"


@dataclass(frozen=True, slots=True)
class FileSpan:
    """A located span in the original file (``end`` is exclusive)."""

    start: Position
    end: Position

    @property
    def length(self) -> int:
        return self.end.offset - self.start.offset


class RecordSuppression(NamedTuple):
    """One selector of a record's ``voicelint-ignore`` field (docs/reference.md section 9), with
    the file span of the value that wrote it, where an unused one is reported."""

    selector: str
    start: int
    end: int


@dataclass(slots=True)
class Document:
    """One unit of text to lint: a whole plain file, or one record of a library.

    ``offsets`` maps every character of ``text`` to its offset in ``source.text``; it has one more
    entry than ``text`` has characters (the end). When ``offsets`` is None the text was copied
    verbatim from the file starting at ``base``, which saves memory for plain files.
    """

    text: str
    source: SourceFile
    record_id: str | None = None
    channel: str | None = None
    base: int = 0
    offsets: Sequence[int] | None = None
    #: 1-based line in the file where the record (or the file) starts.
    line: int = 1
    #: Field values of the record other than its text (library formats); informational.
    fields: dict[str, str] = field(default_factory=dict)
    #: File offset just AFTER the raw text of each character, when some character came from several
    #: file characters (an escape such as ``\u00e9``, an entity such as ``&gt;``, repaired mojibake),
    #: so a span ending on such a character ends after all of it. None: ``offset + 1`` is right.
    ends: Sequence[int] | None = None
    #: Who wrote the text (``library.agent_field``: an item's or its record's ``agent``), if known.
    agent: str | None = None
    #: How the text is written in the file, so ``voicelint fix`` can write a replacement back:
    #: ``text`` (copied as is: plain and Markdown files), the style of the library value it came
    #: from (``plain``, ``single``, ``double``, ``literal``, ``folded`` YAML scalars, ``json``
    #: strings, ``csv-quoted`` and ``csv-bare`` fields), or ``unknown`` (never written to).
    syntax: str = "text"
    #: Whether the value was HTML made prose (a fix is then HTML-escaped before it is written).
    html: bool = False
    #: The record's ``voicelint-ignore`` selectors (rules it suppresses for the whole record); never
    #: linted as text. Comment directives are found in the file's text (:mod:`voicelint.suppressions`).
    suppressions: tuple[RecordSuppression, ...] = ()

    def file_offset(self, index: int) -> int:
        """The offset in the original file of character ``index`` of ``text``."""
        index = max(0, min(index, len(self.text)))
        if self.offsets is None:
            return self.base + index
        return self.offsets[index]

    def locate(self, start: int, end: int) -> FileSpan:
        """Translate a ``[start, end)`` span of ``text`` into a span of the original file."""
        end = max(start, end)
        file_start = self.file_offset(start)
        if end == start:
            file_end = file_start
        elif self.offsets is None:
            file_end = self.base + min(end, len(self.text))
        elif self.ends is not None and self.text:
            file_end = self.ends[max(0, min(end, len(self.text)) - 1)]
        else:
            # The end is just after the last character of the span (not the start of the next
            # character, which may sit behind skipped indentation or quotes).
            file_end = self.file_offset(end - 1) + 1
        return FileSpan(self.source.position(file_start), self.source.position(file_end))

    def lone_surrogate(self) -> int | None:
        """The index in ``text`` of its first UTF-16 surrogate, if any, else None.

        Readers combine surrogate pairs (JSON's and YAML's ``\\ud83d\\ude00``), so a surrogate left
        in the text is alone (a truncated escape): text that cannot be encoded, and so cannot be
        parsed, hashed or printed.
        """
        text = self.text
        if text.isascii():
            return None
        found = _SURROGATE.search(text)
        return found.start() if found else None

    @property
    def span(self) -> tuple[int, int]:
        """The whole text as a span, for document-level findings."""
        return (0, len(self.text))


class TextBuilder:
    """Builds a document text piece by piece while recording where each character came from.

    Readers that transform text (JSON escapes, YAML folding, HTML entities, mojibake repair) append
    the text they produce together with the file offset of its origin.
    """

    __slots__ = ("_offsets", "_parts")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._offsets = array("q")

    def append_verbatim(self, text: str, file_offset: int) -> None:
        """Text copied unchanged from ``file_offset`` onwards."""
        self._parts.append(text)
        self._offsets.extend(range(file_offset, file_offset + len(text)))

    def append_mapped(self, text: str, file_offset: int) -> None:
        """Text produced from a construct at ``file_offset`` (every character maps there)."""
        self._parts.append(text)
        self._offsets.extend([file_offset] * len(text))

    def build(self, end_offset: int) -> tuple[str, array[int]]:
        """The text and its offsets (with the final end entry)."""
        offsets = array("q", self._offsets)
        offsets.append(end_offset)
        return "".join(self._parts), offsets
