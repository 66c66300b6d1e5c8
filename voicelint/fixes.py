"""Applying suggested rewrites to a document's own text (rule tests check their fixes with it).

``voicelint fix`` does not use this: a file is not a document's text (escapes, quotes, indentation),
so :mod:`voicelint.fix` writes each replacement the way its place in the file needs and verifies it.
"""

from __future__ import annotations

from collections.abc import Iterable

from voicelint.report import Violation


def apply_first_suggestions(text: str, violations: Iterable[Violation]) -> str:
    """``text`` with every violation's first suggestion applied (overlapping spans: first wins).

    Offsets are those of the violations, so ``text`` must be the file they were reported on.
    Violations without suggestions are left alone.
    """
    edits = sorted(
        ((v.offset, v.offset + v.length, v.suggestions[0]) for v in violations if v.suggestions),
        key=lambda edit: edit[0],
    )
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def apply_suggestion(text: str, violation: Violation, suggestion: str) -> str:
    """``text`` with ``violation``'s span replaced by ``suggestion`` (one of its suggestions)."""
    return text[: violation.offset] + suggestion + text[violation.offset + violation.length :]
