"""Scriptedness: how much of a document is stock phrasing, as a 0-100 score.

    scriptedness = 100 * (words inside boilerplate matches) / (words in the document)

A *word* is any token that is not punctuation or whitespace. The share is linear and easy to
explain ("62% of the words are stock phrases"); it is 0 for a reply with no stock phrase and 100
for a reply that is nothing but stock phrases.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from voicelint.token_table import token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from voicelint.boilerplate.matcher import BoilerplateMatch


def scriptedness(doc: Doc, matches: Sequence[BoilerplateMatch]) -> float:
    """Share of the document's words inside ``matches``, 0..100, rounded to one decimal."""
    return scriptedness_share(*scriptedness_counts(doc, matches))


def scriptedness_counts(doc: Doc, matches: Sequence[BoilerplateMatch]) -> tuple[int, int]:
    """``(words inside matches, words)`` of ``doc``: what :func:`scriptedness` divides. The counts
    of consecutive pieces of a text add up to the counts of the text (a long document is analysed
    in pieces, see :mod:`voicelint.analysis`)."""
    table = token_table(doc)
    starts = [start for start, punct, space in zip(table.idx, table.is_punct, table.is_space, strict=True)
              if not (punct or space)]
    if not starts or not matches:
        return 0, len(starts)
    # Is each word's start inside some span? One bisect per word on the spans sorted by start,
    # with the furthest end reached so far (spans may overlap): linear in words, not words x spans.
    spans = sorted((m.start, m.end) for m in matches)
    span_starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))
    stock = 0
    for start in starts:
        k = bisect_right(span_starts, start) - 1
        if k >= 0 and reach[k] > start:
            stock += 1
    return stock, len(starts)


def scriptedness_share(stock: int, words: int) -> float:
    """``100 * stock / words`` rounded to one decimal (0 for no words)."""
    if not words:
        return 0.0
    return round(100.0 * stock / words, 1)
