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

from voicelint.boilerplate.compiler import NEGATIONS, CompiledExpansion, CompiledSlot, document_keys
from voicelint.token_table import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.tokens import Span

MIN_FUZZY_WORDS = 3
MIN_CONFIDENCE = 0.6

#: A phrase of at least this many required words may match with one function word left out
#: ("let us know if you have [any] other questions"). Chosen on the dev sets: at four words the
#: drops matched ordinary requests ("let us know if ..."), at five and up they did not.
MIN_WORDS_FOR_DROP = 5
#: Words whose absence does not change what a stock phrase says: determiners, quantifiers and
#: softeners, never a verb or modal ("see what we can [do]" is not "see what we can find").
DROPPABLE = frozenset(
    [
        "a",
        "an",
        "the",
        "any",
        "all",
        "your",
        "our",
        "so",
        "please",
        "just",
        "further",
        "other",
        "more",
        "additional",
        "again",
    ]
)


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
    return _is_typo(written, _typo_surfaces(slot))


def _typo_surfaces(slot: CompiledSlot) -> dict[str, tuple[str, ...]]:
    """The slot's written forms a typo may be of (five letters or more), by first letter."""
    by_first: dict[str, list[str]] = defaultdict(list)
    for surface in sorted(slot.surfaces):
        if len(surface) >= 5:
            by_first[surface[0]].append(surface)
    return {first: tuple(forms) for first, forms in by_first.items()}


def _is_typo(written: str, surfaces: dict[str, tuple[str, ...]]) -> bool:
    """Is ``written`` a light typo of one of ``surfaces`` (same first letter, within the edit limit)?"""
    limit = _typo_limit(written)
    if not limit:
        return False
    candidates = surfaces.get(written[:1])
    return candidates is not None and any(within_edits(written, surface, limit) for surface in candidates)


def _droppable(entry: _Entry, slot: CompiledSlot) -> bool:
    """May this required word be missing from a match of a long enough phrase?"""
    return len(entry.required) >= MIN_WORDS_FOR_DROP and bool(slot.keys) and slot.keys <= DROPPABLE


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
    #: Per required word, :func:`_typo_surfaces` (computed once, not per sentence and word).
    typo_surfaces: tuple[dict[str, tuple[str, ...]], ...]


def _allowed_misses(required_count: int) -> int:
    """Required words an entry may miss and still be aligned (one; two in phrases of six or more)."""
    return 2 if required_count >= 6 else 1


class FuzzyIndex:
    """All fuzzy-eligible expansions, indexed by the keys of their required words.

    An entry is aligned against a sentence only if the sentence has the keys of all but ``misses``
    (one, or two for six words or more) of its required words. That count is done for every entry
    at once with bitmasks (bit ``n`` is entry ``n``): per position ``r`` of the required words, and
    per key, the entries whose ``r``-th required word has that key. A sentence ORs the masks of its
    keys per position, which gives per position the entries that miss it, and counts misses
    bitwise. Walking every entry that shares a word like "you" with the sentence is never needed.
    """

    def __init__(self, expansions: Sequence[CompiledExpansion], allow_drops: bool = True) -> None:
        self._allow_drops = allow_drops
        self._entries: list[_Entry] = []
        seen: set[tuple[str, tuple[frozenset[str], ...]]] = set()
        # Per required-word position: key -> entries whose word there has that key.
        position_masks: list[dict[str, int]] = []
        #: Per required-word position: the entries that have a word there.
        self._has_position: list[int] = []
        self._one_miss = 0  # entries allowed one miss
        self._two_misses = 0  # entries allowed two
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
            bit = 1 << index
            typo_surfaces = tuple(_typo_surfaces(s) for s in required)
            self._entries.append(_Entry(expansion, required, optional_count, typo_surfaces))
            if _allowed_misses(len(required)) == 2:
                self._two_misses |= bit
            else:
                self._one_miss |= bit
            while len(position_masks) < len(required):
                position_masks.append(defaultdict(int))
                self._has_position.append(0)
            for position, slot in enumerate(required):
                self._has_position[position] |= bit
                for key in slot.keys:
                    position_masks[position][key] |= bit
        #: key -> (position, mask) for the positions where the key occurs: what a sentence ORs.
        self._key_positions: dict[str, tuple[tuple[int, int], ...]] = {}
        for position, masks in enumerate(position_masks):
            for key, mask in masks.items():
                self._key_positions[key] = (*self._key_positions.get(key, ()), (position, mask))

    def __len__(self) -> int:
        return len(self._entries)

    def _candidates(self, present: set[str]) -> int:
        """Bitmask of the entries missing at most their allowed number of required words."""
        hits = [0] * len(self._has_position)
        get = self._key_positions.get
        for key in present:
            for position, mask in get(key, ()):
                hits[position] |= mask
        once = twice = thrice = 0  # entries with at least one, two, three misses
        for hit, has_position in zip(hits, self._has_position, strict=True):
            missed = has_position & ~hit
            thrice |= twice & missed
            twice |= once & missed
            once |= missed
        return (self._one_miss & ~twice) | (self._two_misses & ~thrice)

    def search(self, keys: Sequence[str], lowers: Sequence[str]) -> list[FuzzyHit]:
        """Hits in one sentence given its words' keys and lowercase forms (punctuation removed),
        in catalogue order."""
        candidates = self._candidates(set(keys))
        hits: list[FuzzyHit] = []
        if not candidates:
            return hits
        present = set(keys)
        typo_words = [i for i, word in enumerate(lowers) if _typo_limit(word)]  # long enough for a typo
        while candidates:
            lowest = candidates & -candidates
            candidates ^= lowest
            entry = self._entries[lowest.bit_length() - 1]
            if not self._missing_words_have_typos(entry, present, lowers, typo_words):
                continue
            hit = self._align(entry, keys, lowers, typo_words)
            if hit is not None:
                hits.append(hit)
        return hits

    def _missing_words_have_typos(
        self, entry: _Entry, present: set[str], lowers: Sequence[str], typo_words: Sequence[int]
    ) -> bool:
        """Whether every required word the sentence lacks has a light typo in it: if one has none,
        :meth:`_align` fails on that word (no exact match, no typo), so it is not even started.
        Almost every candidate entry ends here."""
        for slot, surfaces in zip(entry.required, entry.typo_surfaces, strict=True):
            if slot.exact or not slot.keys.isdisjoint(present):
                continue
            if not any(_is_typo(lowers[i], surfaces) for i in typo_words) and not (
                self._allow_drops and _droppable(entry, slot)
            ):
                return False
        return True

    def _align(
        self, entry: _Entry, keys: Sequence[str], lowers: Sequence[str], typo_words: Sequence[int]
    ) -> FuzzyHit | None:
        used: set[int] = set()
        positions: list[int] = []
        typos = drops = 0
        previous = -1
        words = range(len(keys))
        for slot, surfaces in zip(entry.required, entry.typo_surfaces, strict=True):
            slot_keys = slot.keys
            written = lowers if slot.exact else keys
            candidates = [i for i in words if written[i] in slot_keys and i not in used]
            if not candidates and not slot.exact:
                candidates = [i for i in typo_words if i not in used and _is_typo(lowers[i], surfaces)]
                typos += 1
            if not candidates:
                if self._allow_drops and not drops and _droppable(entry, slot):
                    typos -= 0 if slot.exact else 1
                    drops += 1
                    continue
                return None
            after = [i for i in candidates if i > previous]
            chosen = min(after) if after else min(candidates, key=lambda i: abs(i - previous))
            used.add(chosen)
            positions.append(chosen)
            previous = chosen
        n = len(entry.required)
        if typos + drops > _allowed_misses(n) or len(positions) < MIN_FUZZY_WORDS:
            return None
        n -= drops
        first, last = min(positions), max(positions)
        window = last - first + 1
        if window > n + entry.optional_count + 2:
            return None
        if n < 4 and window > n + 1:
            return None  # a three-word phrase spread over a clause ("like some details to help") is not it
        if any(lowers[i] in NEGATIONS for i in range(first, last + 1) if i not in used):
            return None  # "we are not here to help" is not "we are here to help"
        reordered = positions != sorted(positions)
        confidence = 0.9 - 0.1 * (typos + drops) - 0.1 * reordered - 0.03 * max(0, window - n - entry.optional_count)
        if confidence < MIN_CONFIDENCE:
            return None
        return FuzzyHit(entry.expansion, first, last, round(confidence, 2))


def sentence_words(tokens: Span) -> tuple[list[int], list[str], list[str]]:
    """Token indices, keys and lowercase forms of the words (not punctuation/space) of a sentence."""
    table = token_table(tokens.doc)
    return table_sentence_words(table, document_keys(table), tokens.start, tokens.end)


def table_sentence_words(
    table: TokenTable, keys: Sequence[str], start: int, end: int, lowers: Sequence[str] | None = None
) -> tuple[list[int], list[str], list[str]]:
    """:func:`sentence_words` of tokens ``start:end`` from the document's token table and keys
    (``lowers``: the tokens' lowercase forms, if not the table's own)."""
    is_punct, is_space = table.is_punct, table.is_space
    lowers = table.lowers if lowers is None else lowers
    indices = [i for i in range(start, end) if not (is_punct[i] or is_space[i])]
    return indices, [keys[i] for i in indices], [lowers[i] for i in indices]
