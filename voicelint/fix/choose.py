"""Which fix of each violation is applied, and which violations' fixes cannot all be applied.

Each violation contributes its first fix whose applicability is allowed (``safe``; ``unsafe`` too
with ``--unsafe-fixes``; ``display`` never, it is advice rather than text). Fixes whose file spans
overlap cannot all be applied: the earliest (then the longest) wins, the others wait for the next
round of :mod:`voicelint.fix.run`, which lints the fixed text again.
"""

from __future__ import annotations

from collections.abc import Iterable

from voicelint.fix.model import Planned, Skipped
from voicelint.report import DocumentResult, Fix, Violation

OVERLAPS = "overlaps another fix applied first (a later round tries it again)"


def applicabilities(unsafe: bool) -> frozenset[str]:
    """The applicabilities a run applies."""
    return frozenset({"safe", "unsafe"}) if unsafe else frozenset({"safe"})


def first_fix(violation: Violation, allowed: frozenset[str]) -> Fix | None:
    """The violation's first fix of an allowed applicability, if any."""
    return next((fix for fix in violation.fixes if fix.applicability in allowed), None)


def choose(results: Iterable[DocumentResult], allowed: frozenset[str]) -> tuple[list[Planned], list[Skipped]]:
    """The fixes to try in one file, sorted by position and not overlapping, and those left out.

    Spans that merely touch (one ends where the next starts) do not overlap. An insertion (an
    empty span) is never applied: where it belongs around an escape or a quote is ambiguous.
    """
    candidates: list[Planned] = []
    skipped: list[Skipped] = []
    for result in results:
        for violation in result.violations:
            fix = first_fix(violation, allowed)
            if fix is None:
                continue
            planned = Planned(violation, fix, result.id)
            if violation.length == 0:
                skipped.append(Skipped(planned, "an insertion (empty span) is not applied"))
            else:
                candidates.append(planned)
    candidates.sort(key=lambda p: (p.violation.offset, -p.violation.length, p.violation.rule))
    chosen: list[Planned] = []
    end = -1
    for planned in candidates:
        if planned.violation.offset < end:
            skipped.append(Skipped(planned, OVERLAPS))
            continue
        chosen.append(planned)
        end = planned.violation.offset + planned.violation.length
    return chosen, skipped
