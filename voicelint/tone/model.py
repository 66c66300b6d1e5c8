"""The value types of the tone library: evidence, per-dimension scores and the whole result."""

from __future__ import annotations

from dataclasses import dataclass

from voicelint.vocabulary import TONE_DIMENSIONS as DIMENSIONS


@dataclass(frozen=True)
class Evidence:
    """One thing in the text that moved a score: a labelled span of ``doc.text`` (end exclusive)."""

    label: str
    start: int
    end: int
    direction: int  # +1 raised the score, -1 lowered it


@dataclass(frozen=True)
class DimensionScore:
    """One dimension's score (0..100), the named inputs of its formula and the spans behind them."""

    name: str
    score: float
    features: dict[str, float]
    evidence: tuple[Evidence, ...]

    def explain_low(self) -> str:
        """Why the score is low and how to raise it, naming the cues that are missing."""
        from voicelint.tone.explain import explain_low

        return explain_low(self)

    def explain_high(self) -> str:
        """Why the score is high and how to lower it, quoting the words that drove it."""
        from voicelint.tone.explain import explain_high

        return explain_high(self)


@dataclass(frozen=True)
class ToneResult:
    """The six dimension scores of one document."""

    dimensions: dict[str, DimensionScore]

    @property
    def scores(self) -> dict[str, float]:
        """Dimension name -> score, in :data:`DIMENSIONS` order."""
        return {name: self.dimensions[name].score for name in DIMENSIONS if name in self.dimensions}
