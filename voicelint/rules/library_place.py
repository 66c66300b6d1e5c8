"""Shared plumbing of the run-wide consistency rules (VL602-VL604): file places as plain lists.

A library rule remembers, for each document it may report on, where the finding would go. The
whole-file cache stores that place, so it is kept as six integers (start line, column, offset;
end line, column, offset) rather than a :class:`FileSpan`; these helpers convert both ways.
"""

from __future__ import annotations

from collections.abc import Callable

from voicelint.document import FileSpan, Position

Place = list[int]


def place_of(locate: Callable[[int, int], FileSpan], start: int, end: int) -> Place:
    """The file place of the document span ``start:end`` as six integers."""
    span = locate(start, end)
    return [span.start.line, span.start.column, span.start.offset, span.end.line, span.end.column, span.end.offset]


def span_of(place: Place) -> FileSpan:
    """The :class:`FileSpan` of :func:`place_of`'s six integers."""
    start_line, start_column, start_offset, end_line, end_column, end_offset = place
    return FileSpan(Position(start_line, start_column, start_offset), Position(end_line, end_column, end_offset))


def plural(count: int, word: str) -> str:
    """``1 reply``, ``3 replies``, ``2 records``."""
    if count == 1:
        return f"1 {word}"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"
