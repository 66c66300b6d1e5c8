"""Sentence-level fuzzy fallback for what patterns cannot reach: typos, reordering, punctuation.

Each phrase expansion with three or more required words is an entry; an inverted index from keys
to entries finds candidates that share all but one required word with a sentence. A candidate is
kept only if every required word is found (exactly, or as a light typo of a long word) inside a
compact window. Precision comes first: one typo (two in long phrases), window at most two words
longer than the phrase, and no candidate on fewer than three required words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicelint.boilerplate.compiler import NEGATIONS, CompiledExpansion, CompiledSlot
from voicelint.boilerplate.keys import token_key

if TYPE_CHECKING:
    from spacy.tokens import Span

MIN_FUZZY_WORDS = 3
MIN_CONFIDENCE = 0.6


def within_edits(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance (with adjacent transpositions) of ``a`` and ``b`` is at most ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def _typo_limit(word: str) -> int:
    if len(word) >= 8:
        return 2
    if len(word) >= 5:
        return 1
    return 0


def _is_typo_of(written: str, slot: CompiledSlot) -> bool:
    limit = _typo_limit(written)
    if not limit:
        return False
    return any(
        surface[:1] == written[:1] and len(surface) >= 5 and within_edits(written, surface, limit)
        for surface in slot.surfaces
    )


@dataclass(frozen=True)
class FuzzyHit:
    entry: CompiledExpansion
    first: int  # index into the sentence's word list
    last: int
    confidence: float


@dataclass(frozen=True)
class _Entry:
    expansion: CompiledExpansion
    required: tuple[CompiledSlot, ...]
    optional_count: int


class FuzzyIndex:
    """All fuzzy-eligible expansions, indexed by the keys of their required words."""

    def __init__(self, expansions: Sequence[CompiledExpansion]) -> None:
        self._entries: list[_Entry] = []
        seen: set[tuple[str, tuple[frozenset[str], ...]]] = set()
        self._by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for expansion in expansions:
            if expansion.has_gap:
                continue
            required = expansion.required
            if len(required) < MIN_FUZZY_WORDS:
                continue
            signature = (expansion.family, tuple(s.keys for s in required))
            if signature in seen:
                continue
            seen.add(signature)
            optional_count = sum(1 for s in expansion.slots if s is not None and s.optional)
            index = len(self._entries)
            self._entries.append(_Entry(expansion, required, optional_count))
            for position, slot in enumerate(required):
                for key in slot.keys:
                    self._by_key[key].append((index, position))

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, keys: Sequence[str], lowers: Sequence[str]) -> list[FuzzyHit]:
        """Hits in one sentence given its words' keys and lowercase forms (punctuation removed)."""
        slots_hit: dict[int, set[int]] = defaultdict(set)
        for key in set(keys):
            for index, position in self._by_key.get(key, ()):
                slots_hit[index].add(position)
        hits: list[FuzzyHit] = []
        for index, found in slots_hit.items():
            entry = self._entries[index]
            allowed_misses = 2 if len(entry.required) >= 6 else 1
            if len(found) < len(entry.required) - allowed_misses:
                continue
            hit = self._align(entry, keys, lowers)
            if hit is not None:
                hits.append(hit)
        return hits

    def _align(self, entry: _Entry, keys: Sequence[str], lowers: Sequence[str]) -> FuzzyHit | None:
        used: set[int] = set()
        positions: list[int] = []
        typos = 0
        previous = -1
        for slot in entry.required:
            exact = [
                i
                for i in range(len(keys))
                if i not in used and (lowers[i] in slot.keys if slot.exact else keys[i] in slot.keys)
            ]
            candidates = exact
            if not candidates and not slot.exact:
                candidates = [i for i in range(len(keys)) if i not in used and _is_typo_of(lowers[i], slot)]
                typos += 1
            if not candidates:
                return None
            after = [i for i in candidates if i > previous]
            chosen = min(after) if after else min(candidates, key=lambda i: abs(i - previous))
            used.add(chosen)
            positions.append(chosen)
            previous = chosen
        n = len(entry.required)
        if typos > (2 if n >= 6 else 1):
            return None
        first, last = min(positions), max(positions)
        window = last - first + 1
        if window > n + entry.optional_count + 2:
            return None
        if any(lowers[i] in NEGATIONS for i in range(first, last + 1) if i not in used):
            return None  # "we are not here to help" is not "we are here to help"
        reordered = positions != sorted(positions)
        confidence = 0.9 - 0.1 * typos - 0.1 * reordered - 0.03 * max(0, window - n - entry.optional_count)
        if confidence < MIN_CONFIDENCE:
            return None
        return FuzzyHit(entry.expansion, first, last, round(confidence, 2))


def sentence_words(tokens: Span) -> tuple[list[int], list[str], list[str]]:
    """Token indices, keys and lowercase forms of the words (not punctuation/space) of a sentence."""
    indices = [t.i for t in tokens if not (t.is_punct or t.is_space)]
    doc = tokens[0].doc if len(tokens) else None
    keys = [token_key(doc[i]) for i in indices] if doc is not None else []
    lowers = [doc[i].lower_ for i in indices] if doc is not None else []
    return indices, keys, lowers
