"""``scores.voice``: one 0-100 figure per document, from its violations and its length.

Why a figure at all: a lead gating a library in CI wants "no reply sounds worse than N" as well as
"no new error"; and a dashboard wants to rank the replies to rewrite first. The formula is
published (docs/reference.md section 9) so a person can recompute it by hand:

    voice = max(0, 100 - sum(points[severity]) x scale)
    scale = (reference_words / max(words, reference_words)) ** length_exponent

``points``: error 15, warning 5, info 1 (an info finding is one the guide is not sure enough of
to warn about; an error is one the brand never wants to send). ``words`` is the document's
``scores.readability.words`` (the reference length when it has none, as for a document in a
language voicelint does not analyse); ``reference_words`` is 20 and ``length_exponent`` 0.5.
Up to 20 words (a typical reply: the median of the real libraries is 18) every point counts in
full; a longer document's points are scaled down by the square root of how much longer it is, so
one slip in a long email costs less than the same slip in a two-line chat reply, but ten slips in
a long email still cost more than one in a short reply. Why the square root: on the real
libraries the penalty points of a document grow with words^0.48, so this scaling keeps the
expected deduction about the same at every length. The severity weights rank documents with a
finding a lead judged right below those whose findings were judged wrong better than a plain
count or equal weights (AUC 0.74 against 0.71 and 0.69): benchmarks/voice_score.py prints these.

The score is computed from the violations a report shows: after the library rules and
suppressions (:func:`with_voice_scores` runs last in :mod:`voicelint.pipeline`), and again after a
baseline has dropped the accepted ones (:func:`with_voice_score`), so a baselined violation never
lowers a score.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from voicelint.report import DocumentResult, ReportError, Violation
from voicelint.vocabulary import Severity


def _default_points() -> Mapping[Severity, float]:
    return MappingProxyType({Severity.ERROR: 15.0, Severity.WARNING: 5.0, Severity.INFO: 1.0})


@dataclass(frozen=True)
class VoiceFormula:
    """The constants of the voice score (the benchmark tries others through this class)."""

    points: Mapping[Severity, float] = field(default_factory=_default_points)
    reference_words: int = 20
    length_exponent: float = 0.5

    def scale(self, words: int | None) -> float:
        """How much each point counts in a document of ``words`` words (1 up to the reference)."""
        if words is None or words <= self.reference_words:
            return 1.0
        return float((self.reference_words / words) ** self.length_exponent)

    def score(self, violations: Iterable[Violation], words: int | None) -> float:
        """The voice score of a document with these violations and this many words, 0-100."""
        points = sum(self.points[violation.severity] for violation in violations)
        return round(max(0.0, 100.0 - points * self.scale(words)), 1)


FORMULA = VoiceFormula()


def explain_topic(formula: VoiceFormula = FORMULA) -> str:
    """``voicelint explain voice``: the formula with its constants, and what it is for."""
    points = ", ".join(f"{severity} {weight:g}" for severity, weight in formula.points.items())
    return (
        "voice (scores.voice): one 0-100 figure per document, from its violations and its length.\n\n"
        f"  voice  = max(0, 100 - points x scale)\n"
        f"  points = per violation: {points}\n"
        f"  scale  = 1 up to {formula.reference_words} words, else "
        f"({formula.reference_words} / words) ^ {formula.length_exponent:g}\n\n"
        "A clean document scores 100; more or more severe violations never raise it; one slip costs a\n"
        "long email less than a two-line chat reply. It counts the violations the report shows: after\n"
        "suppressions, and without those a --baseline accepts. `voicelint check --min-score N` exits 1\n"
        "when a document scores below N. The severities are the guide's, so a guide that ships a rule\n"
        "as info makes its findings cost 1 point. Measured on the hand-judged real findings\n"
        "(benchmarks/voice_score.py): documents with a finding judged right score lower than those whose\n"
        "findings were judged wrong with AUC 0.74 (a plain count of violations: 0.71)."
    )


def words_of(result: DocumentResult) -> int | None:
    """The document's word count from its readability scores, None when it has none."""
    readability = result.scores.get("readability")
    if isinstance(readability, Mapping):
        words = readability.get("words")
        if isinstance(words, int) and not isinstance(words, bool):
            return words
    return None


def with_voice_score(result: DocumentResult, formula: VoiceFormula = FORMULA) -> DocumentResult:
    """``result`` with ``scores.voice`` set (replaced) from its violations as they are now."""
    voice = formula.score(result.violations, words_of(result))
    return dataclasses.replace(result, scores={**result.scores, "voice": voice})


def with_voice_scores(results: Iterable[DocumentResult | ReportError]) -> Iterator[DocumentResult | ReportError]:
    """Every document result with its voice score; errors pass through in their place."""
    for result in results:
        yield with_voice_score(result) if isinstance(result, DocumentResult) else result
