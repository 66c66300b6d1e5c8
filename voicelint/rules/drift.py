"""``VL602 voice-drift``: a document whose tone is far from the rest of its library.

The guide's ``tone`` ranges say how the brand *should* sound; this rule says how the library
*does* sound, and points at the replies that do not sound like the others. The library is every
document one run reads (per channel: a chat reply is not compared with an email).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from voicelint.document import Document
from voicelint.guide.schema import Number
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, LibraryRule, register
from voicelint.rules.library_place import place_of, plural, span_of
from voicelint.rules.tone import TONE_NEEDS, tone_result
from voicelint.token_table import token_table
from voicelint.vocabulary import TONE_DIMENSIONS, Severity

_HIGH = {
    "formality": "more formal",
    "warmth": "warmer",
    "negativity": "more negative",
    "enthusiasm": "more excited",
    "hedging": "more tentative",
    "personal": "more personal",
}
_LOW = {
    "formality": "more casual",
    "warmth": "colder",
    "negativity": "less negative",
    "enthusiasm": "flatter",
    "hedging": "more assertive",
    "personal": "more impersonal",
}


@dataclass
class _Channel:
    """What the rule keeps of one channel's documents: six scores, an index and a place each."""

    scores: array[float] = field(default_factory=lambda: array("f"))
    indexes: array[int] = field(default_factory=lambda: array("q"))
    places: array[int] = field(default_factory=lambda: array("q"))


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """``(q1, median, q3)`` of ``values`` (sorted in place), by linear interpolation."""
    values.sort()

    def at(fraction: float) -> float:
        position = fraction * (len(values) - 1)
        low = int(position)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (position - low)

    return at(0.25), at(0.5), at(0.75)


@register
class VoiceDriftRule(LibraryRule):
    """A reply whose tone on one dimension is far outside how the rest of its library sounds.

    A customer should not be able to tell which agent answered. For each channel, the rule takes
    the six tone scores of every document the run reads (``voicelint explain tone``) and the
    middle half of each (first to third quartile): a document further than ``spread`` times that
    interquartile range beyond it (and at least ``min_distance`` points; dimensions with a middle
    half narrower than ``min_range`` points are not judged) is reported, on the
    dimension where it is furthest out, with the library's range in the message. Quartiles, not
    the mean and standard deviation, so a library that is itself skewed, or holds a few wild
    replies, still has a typical range that describes most of it. Nothing is judged before a
    channel has ``min_documents`` documents, short replies (under ``min_words`` words) have no
    measurable tone and take no part, and neither do documents in another language (VL002). A long
    document (analysed in pieces) is observed once, with its whole-document tone. The finding is a hint for the support
    lead (info): the library may be right and the reply the one to keep.
    """

    code = "VL602"
    name = "voice-drift"
    category = "consistency"
    severity = Severity.INFO
    english_only = True
    document_level = True
    summary = "A document whose tone is far from the rest of the library's on one dimension, with the typical range."
    needs = TONE_NEEDS
    options = {
        "min_documents": Number(minimum=4, maximum=1_000_000, integer=True),
        "spread": Number(minimum=0.5, maximum=10),
        "min_distance": Number(minimum=0, maximum=100),
        "min_words": Number(minimum=0, maximum=10_000, integer=True),
        "min_range": Number(minimum=0, maximum=100),
    }
    defaults = {"min_documents": 20, "spread": 2.0, "min_distance": 20, "min_words": 5, "min_range": 2}
    bad_example = (
        "Dear Sir or Madam, we regret to inform you that your request cannot be processed. "
        "(formality 88 where this library's replies sit at 30-55)"
    )
    good_example = "Hi Ana, sorry about that! I've sent a new code to your email, it should arrive in a minute."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._channels: dict[str, _Channel] = {}

    def observation(self, ctx: DocumentContext) -> list[Any]:
        """``[[start, end, channel, [six scores]]]``, or ``[]`` for a reply too short to measure."""
        if sum(token_table(ctx.doc).is_alpha) < self.option("min_words"):
            return []
        scores = ctx.analysis(tone_result).scores
        start, end = ctx.doc_span()
        return [[start, end, ctx.channel.name, [round(scores[d], 1) for d in TONE_DIMENSIONS]]]

    def locate_observation(self, observation: Any, document: Document) -> list[Any]:
        return [[channel, scores, place_of(document.locate, start, end)] for start, end, channel, scores in observation]

    def start_run(self) -> None:
        self._channels = {}

    def observe(self, index: int, path: str, record_id: str | None, located: Any) -> None:
        for channel, scores, place in located:
            kept = self._channels.setdefault(channel, _Channel())
            kept.scores.extend(scores)
            kept.indexes.append(index)
            kept.places.extend(place)

    def finish_run(self) -> Iterator[tuple[int, Finding]]:
        found: list[tuple[int, Finding]] = []
        for channel, kept in self._channels.items():
            found.extend(self._channel_findings(channel, kept))
        self._channels = {}
        yield from sorted(found, key=lambda pair: pair[0])

    def _channel_findings(self, channel: str, kept: _Channel) -> Iterator[tuple[int, Finding]]:
        count = len(kept.indexes)
        if count < self.option("min_documents"):
            return
        ranges = library_ranges(kept.scores)
        drifted = drifting(
            kept.scores,
            ranges,
            float(self.option("spread")),
            float(self.option("min_distance")),
            float(self.option("min_range")),
        )
        for row, d, score in drifted:
            dimension = TONE_DIMENSIONS[d]
            q1, median, q3 = ranges[d]
            direction = _HIGH[dimension] if score > q3 else _LOW[dimension]
            message = (
                f"{dimension} {score:g} where this library's {channel} replies sit at {q1:.0f}-{q3:.0f} "
                f"(middle half of {plural(count, 'reply')}, median {median:.0f}): this reply sounds "
                f"{direction} than the rest. Bring it in line, or keep it if it is the voice the others should have."
            )
            place = list(kept.places[row * 6 : row * 6 + 6])
            yield kept.indexes[row], Finding(start=0, end=0, message=message, span=span_of(place))


def library_ranges(scores: Sequence[float]) -> list[tuple[float, float, float]]:
    """``(q1, median, q3)`` of each dimension; ``scores`` holds six per document, in
    :data:`TONE_DIMENSIONS` order, one document after the other."""
    width = len(TONE_DIMENSIONS)
    return [quartiles(list(scores[d::width])) for d in range(width)]


def drifting(
    scores: Sequence[float],
    ranges: list[tuple[float, float, float]],
    spread: float,
    min_distance: float,
    min_range: float = 0.0,
) -> Iterator[tuple[int, int, float]]:
    """``(document row, dimension index, score)`` of each document that is out on some dimension.

    Out means beyond the interquartile range by more than ``spread`` times it and by at least
    ``min_distance`` points. A dimension whose interquartile range is under ``min_range`` points is
    not judged: most of the library scores exactly alike on it (hedging at its no-signal floor), so
    a score above that is one signal word ("hope you..."), not another voice (on Walmart's and
    RBC's replies every such finding was; on the fitting pairs this cut the majority brand's flag
    rate from 8.1% to 2.6% and the minority's from 62% to 59%). Of several dimensions, the one the
    document is furthest out on, in interquartile ranges, is named.
    """
    width = len(TONE_DIMENSIONS)
    for row in range(len(scores) // width):
        worst: tuple[float, int, float] | None = None  # (how far out, in ranges; dimension; score)
        for d, (q1, _, q3) in enumerate(ranges):
            iqr = q3 - q1
            if iqr < min_range:
                continue
            score = scores[row * width + d]
            fence = max(spread * iqr, min_distance)
            outside = score - q3 if score > q3 else q1 - score
            if outside > fence:
                far = outside / max(iqr, min_distance / spread, 1.0)
                if worst is None or far > worst[0]:
                    worst = (far, d, score)
        if worst is not None:
            yield row, worst[1], worst[2]
