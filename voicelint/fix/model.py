"""The values that move between the fix steps: a chosen fix, an edit ready to splice, a skip."""

from __future__ import annotations

from dataclasses import dataclass

from voicelint.report import Fix, Violation


@dataclass(frozen=True, slots=True)
class Planned:
    """The fix chosen for one violation of one record (``record_id``) of a file."""

    violation: Violation
    fix: Fix
    record_id: str | None


@dataclass(frozen=True, slots=True)
class Edit:
    """One replacement, in the file and in the document it belongs to.

    ``start``/``end``: the span in the file's text (characters, BOM excluded); ``raw``: what is
    written there. ``document``: the index of the document among the file's documents as its
    reader yields them; ``text_start``/``text_end``: the span in that document's text, and
    ``reads_as``: what the document reads there once ``raw`` is written.
    """

    planned: Planned
    start: int
    end: int
    raw: str
    document: int
    text_start: int
    text_end: int
    reads_as: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A fix that was not applied, and why (shown to the user)."""

    planned: Planned
    reason: str
