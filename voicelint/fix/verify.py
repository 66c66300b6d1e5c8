"""Splice edits into a file's text and keep only those the file's own reader reads back right.

This is what makes the byte invariant hold by construction: edits touch only their spans (the
splice copies every other character), and an edit is kept only if, with it, the file still reads
as the same documents (same count, record ids, channels, fields and reader errors) whose texts
are exactly what was expected: the fixed documents read the replacement, every other document
is unchanged. When the edits of a file fail together, they are tried in halves, so the good ones
are kept and each bad one is found with a few re-reads (not one per edit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from voicelint.document import Document
from voicelint.fix.model import Edit, Skipped
from voicelint.report import ReportError

#: Reads a file's text into its documents and errors (the file's own reader, with the run's options).
Reader = Callable[[str], list[Document | ReportError]]


def splice(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with every edit's span replaced by its raw text (edits sorted, not overlapping)."""
    pieces: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: e.start):
        pieces.append(text[position : edit.start])
        pieces.append(edit.raw)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def expected_texts(documents: Sequence[Document | ReportError], edits: Sequence[Edit]) -> dict[int, str]:
    """The text each edited document should read once the edits are written."""
    by_document: dict[int, list[Edit]] = {}
    for edit in edits:
        by_document.setdefault(edit.document, []).append(edit)
    expected = {}
    for index, own in by_document.items():
        document = documents[index]
        assert isinstance(document, Document)
        pieces, position = [], 0
        for edit in sorted(own, key=lambda e: e.text_start):
            pieces.append(document.text[position : edit.text_start])
            pieces.append(edit.reads_as)
            position = edit.text_end
        pieces.append(document.text[position:])
        expected[index] = "".join(pieces)
    return expected


def difference(
    before: Sequence[Document | ReportError], after: Sequence[Document | ReportError], expected: dict[int, str]
) -> str | None:
    """Why ``after`` is not ``before`` with the expected texts, or None when it is."""
    if len(after) != len(before):
        return "the file would not read as the same records"
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        if isinstance(old, ReportError) or isinstance(new, ReportError):
            if not (isinstance(old, ReportError) and isinstance(new, ReportError) and old.message == new.message):
                return "the file would not read as the same records"
            continue
        if (old.record_id, old.channel, old.fields, old.syntax, old.html) != (
            new.record_id,
            new.channel,
            new.fields,
            new.syntax,
            new.html,
        ):
            return "a record would change its id, channel or other fields"
        if new.text != expected.get(index, old.text):
            return (
                "the record would not read as the fixed text"
                if index in expected
                else "another record's text would change"
            )
    return None


def apply_verified(
    text: str, documents: Sequence[Document | ReportError], edits: Sequence[Edit], read: Reader
) -> tuple[str, list[Edit], list[Skipped]]:
    """The text with every edit that verifies applied, the applied edits, and the refused ones."""
    accepted: list[Edit] = []
    refused: list[Skipped] = []

    def attempt(group: Sequence[Edit]) -> None:
        candidate = [*accepted, *group]
        problem = difference(documents, read(splice(text, candidate)), expected_texts(documents, candidate))
        if problem is None:
            accepted.extend(group)
        elif len(group) == 1:
            refused.append(Skipped(group[0].planned, problem))
        else:
            middle = len(group) // 2
            attempt(group[:middle])
            attempt(group[middle:])

    if edits:
        attempt(list(edits))
    return splice(text, accepted), sorted(accepted, key=lambda e: e.start), refused
