"""From a violation's file span to the span of its document's text, when a fix may touch it.

A fix is applied only where the file holds the matched text literally: every character of the
span is one file character, in order, and the file's slice equals the document's text there. A
span over an escape (``\\u00e9``, ``&amp;``, ``''``), a folded line break, masked markup or a
repaired character is left alone, and so is a span touching a template placeholder.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from voicelint.document import Document
from voicelint.placeholders import find_placeholders
from voicelint.report import ReportError

NOT_LITERAL = "the file does not hold the matched text literally there (an escape, an entity, markup or a line fold)"
CHANGED = "the file changed since it was linted (the matched text is not at its place)"
PLACEHOLDER = "the span touches a template placeholder"
NO_DOCUMENT = "no record of the file holds the span"


class NotFixable(Exception):
    """Why a fix cannot be applied at its place (the message is shown to the user)."""


class DocumentIndex:
    """The documents of one file, found by record id first (each look-up costs the documents that
    share the id, not the whole file), and their placeholders, found once per document."""

    def __init__(self, documents: Sequence[Document | ReportError]) -> None:
        self.documents = documents
        self._by_id: dict[str | None, list[int]] = {}
        for index, document in enumerate(documents):
            if isinstance(document, Document):
                self._by_id.setdefault(document.record_id, []).append(index)
        self._placeholders: dict[int, list[tuple[int, int]]] = {}

    def find(self, offset: int, record_id: str | None) -> int:
        """The index of the document whose text covers file ``offset`` (its record id preferred)."""
        for index in self._by_id.get(record_id, ()):
            if _covers(self.documents[index], offset):
                return index
        for index, document in enumerate(self.documents):
            if _covers(document, offset):
                return index
        raise NotFixable(NO_DOCUMENT)

    def check_placeholders(self, index: int, start: int, end: int) -> None:
        """Refuse a span that overlaps or touches a placeholder (``{{name}}log in`` is one unit)."""
        document = self.documents[index]
        assert isinstance(document, Document)
        if index not in self._placeholders:
            self._placeholders[index] = [(p.start, p.end) for p in find_placeholders(document.text)]
        for first, last in self._placeholders[index]:
            if first <= end and start <= last:
                raise NotFixable(PLACEHOLDER)


def _covers(document: Document | ReportError, offset: int) -> bool:
    if not isinstance(document, Document):
        return False
    return document.file_offset(0) <= offset < document.file_offset(len(document.text))


def text_span(document: Document, offset: int, length: int) -> tuple[int, int]:
    """The ``[start, end)`` span of the document's text written literally at file ``offset``."""
    start = _first(document, offset)
    if document.source.text[offset : offset + length] != document.text[start : start + length]:
        raise NotFixable(NOT_LITERAL)
    offsets = document.offsets
    if offsets is not None:
        ends = document.ends
        for k in range(length):
            if offsets[start + k] != offset + k or (ends is not None and ends[start + k] != offset + k + 1):
                raise NotFixable(NOT_LITERAL)
    return start, start + length


def _first(document: Document, offset: int) -> int:
    """The index of the document character at file ``offset``."""
    text = document.text
    offsets = document.offsets
    index = offset - document.base if offsets is None else bisect_left(offsets, offset, 0, len(text))
    if not 0 <= index < len(text) or document.file_offset(index) != offset:
        raise NotFixable(NOT_LITERAL)
    return index


def check_match(document: Document, start: int, end: int, match: str) -> None:
    """Refuse a span whose text is no longer what the lint matched (the file changed since)."""
    if document.text[start:end] != match:
        raise NotFixable(CHANGED)
