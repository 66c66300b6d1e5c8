"""Scriptedness: how much of a document is stock phrasing, as a 0-100 score.

    scriptedness = 100 * (words inside boilerplate matches) / (words in the document)

A *word* is any token that is not punctuation or whitespace. The share is linear and easy to
explain ("62% of the words are stock phrases"); it is 0 for a reply with no stock phrase and 100
for a reply that is nothing but stock phrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from voicelint.token_table import token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from voicelint.boilerplate.matcher import BoilerplateMatch


def scriptedness(doc: Doc, matches: Sequence[BoilerplateMatch]) -> float:
    """Share of the document's words inside ``matches``, 0..100, rounded to one decimal."""
    table = token_table(doc)
    starts = [start for start, punct, space in zip(table.idx, table.is_punct, table.is_space, strict=True)
              if not (punct or space)]
    if not starts:
        return 0.0
    spans = sorted((m.start, m.end) for m in matches)
    stock = 0
    if spans:
        for start in starts:
            if any(s <= start < e for s, e in spans):
                stock += 1
    return round(100.0 * stock / len(starts), 1)
