"""Finds stock phrases in a parsed spaCy ``Doc``: lemma patterns first, fuzzy sentences second.

Everything is compiled once in :class:`BoilerplateMatcher`; :meth:`BoilerplateMatcher.find` runs
one spaCy ``Matcher`` pass over the document and the fuzzy index over sentences the patterns left
alone, then keeps the longest non-overlapping matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voicelint.boilerplate.catalogue import Catalogue
from voicelint.boilerplate.compiler import (
    NEGATIONS,
    CompiledExpansion,
    compile_phrase,
    document_keys,
    is_insertable,
    shadow_doc,
    to_pattern,
)
from voicelint.boilerplate.fuzzy import FuzzyIndex, table_sentence_words
from voicelint.boilerplate.keys import WordKeys
from voicelint.boilerplate.mined import with_mined_phrases
from voicelint.boilerplate.textspeak import normalise as normalise_textspeak
from voicelint.token_table import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc


@dataclass(frozen=True)
class BoilerplateMatch:
    """One stock phrase found in a document (character offsets are relative to ``doc.text``)."""

    family: str
    phrase: str  # the canonical catalogue phrase that matched
    start: int
    end: int
    text: str  # the matched text as written
    how: str  # "pattern" or "fuzzy"
    confidence: float  # 0..1


@dataclass(frozen=True)
class _Candidate:
    start: int  # token indices, end exclusive
    end: int
    expansion: CompiledExpansion
    how: str
    confidence: float


_AUXILIARIES = {"be", "do", "will", "would", "shall", "should", "can", "must", "have", "want", "wish"}


def _with_subject(table: TokenTable, keys: list[str], start: int) -> int:
    """Where the stock wording starts once its first-person subject is included: a phrase that
    starts with a verb or adjective ("apologize ...", "sorry ...") reaches back over auxiliaries and
    inserted adverbs to a preceding "we"/"I" ("we are deeply sorry ..."), within the sentence."""
    pos = table.pos
    if pos[start] not in ("VERB", "ADJ", "AUX"):
        return start
    sent_start = table.sent_start
    i = start - 1
    while i >= 0 and not sent_start[i + 1] and i >= start - 4:
        key = keys[i]
        if key == "we" and pos[i] == "PRON":
            return i
        if key not in _AUXILIARIES and not is_insertable(table.lowers[i], pos[i]):
            return start
        i -= 1
    return start


#: Words too common to decide whether a pattern is worth running on a document.
_COMMON_WORDS = (
    "we you your our for to the a an be do have thank thanks please any if this that it with in on can "
    "will would not at of and or let know help get so again time here there all more out us"
)
_COMMON_KEYS = frozenset(_COMMON_WORDS.split())


def _anchor(expansion: CompiledExpansion) -> frozenset[str]:
    """The keys of the expansion's most selective required word (fewest keys, not a common word)."""
    required = expansion.required
    rare = [slot for slot in required if not (slot.keys & _COMMON_KEYS)]
    slot = min(rare or required, key=lambda s: len(s.keys))
    return slot.keys


def _negated(table: TokenTable, start: int) -> bool:
    """Is the span at ``start`` negated by one of the two words before it, in its sentence ("we are
    *not* here to help" is not the stock "here to help")? Short phrases start mid-clause, so the
    negation sits outside the span the pattern saw."""
    lowers, sent_start = table.lowers, table.sent_start
    i = start - 1
    while i >= 0 and i >= start - 2 and not sent_start[i + 1]:
        if lowers[i] in NEGATIONS:
            return True
        i -= 1
    return False


def _crosses_sentence(table: TokenTable, start: int, end: int) -> bool:
    sent_start = table.sent_start
    return any(sent_start[i] for i in range(start + 1, end))


def _satisfiable(required: Sequence[tuple[frozenset[str], bool]], orths: set[str], norms: set[str]) -> bool:
    """Could a pattern with these required slots match? Each needs a token whose key (ORTH) or,
    for an exact slot, lowercase text (NORM) is one of the slot's keys."""
    return all(not keys.isdisjoint(norms if exact else orths) for keys, exact in required)


class BoilerplateMatcher:
    """Compiled catalogue for one pipeline. Allow-listed phrases (argument and ``catalogue.allow``)
    never produce a match: a match overlapping an allowed span is dropped."""

    def __init__(
        self,
        nlp: Language,
        catalogue: Catalogue,
        allow: Iterable[str] = (),
        *,
        textspeak: bool = True,
        mined: bool = True,
        fuzzy_drops: bool = True,
    ) -> None:
        """``textspeak``, ``mined`` and ``fuzzy_drops`` switch off, for the benchmark's baseline, the
        reading of textspeak, the phrases mined from real replies and fuzzy matching with a dropped
        function word."""
        from spacy.matcher import Matcher

        self._textspeak = textspeak
        if mined:
            catalogue = with_mined_phrases(catalogue)

        words = WordKeys(nlp)
        self._expansions: list[CompiledExpansion] = []
        # One Matcher per anchor (the rarest required word of a pattern): a document only runs the
        # matchers whose anchor it contains. spaCy tries every pattern at every token, so one big
        # Matcher costs time in proportion to the whole catalogue for every document.
        # Matchers are built on first use (``_matcher``): a short draft touches a handful of anchors,
        # and building all of them was a third of a cold ``voicelint check`` on one draft.
        self._matchers: dict[frozenset[str], Matcher] = {}
        self._patterns: dict[frozenset[str], list[tuple[str, list[dict[str, Any]]]]] = {}
        self._vocab = nlp.vocab
        self._anchor_index: dict[str, list[frozenset[str]]] = {}
        # What each anchor's patterns require, so that a Matcher none of whose patterns can match
        # the document (a required word is missing) is not run at all: most documents contain some
        # anchor ("dm", "help") but few contain every word of a pattern.
        self._requirements: dict[frozenset[str], list[tuple[tuple[frozenset[str], bool], ...]]] = {}
        self._anchor_order: dict[frozenset[str], int] = {}
        for family in catalogue.enabled_families():
            for phrase in family.phrases:
                try:
                    compiled = compile_phrase(family.name, phrase, words)
                except ValueError as exc:
                    raise ValueError(f"boilerplate family {family.name!r}: {exc}") from None
                for expansion in compiled:
                    key = f"bp{len(self._expansions)}"
                    self._expansions.append(expansion)
                    anchor = _anchor(expansion)
                    if anchor not in self._patterns:
                        self._patterns[anchor] = []
                        self._anchor_order[anchor] = len(self._anchor_order)
                        self._requirements[anchor] = []
                        for anchor_key in anchor:
                            self._anchor_index.setdefault(anchor_key, []).append(anchor)
                    self._patterns[anchor].append((key, to_pattern(expansion)))
                    nlp.vocab.strings.add(key)
                    self._requirements[anchor].append(tuple((s.keys, s.exact) for s in expansion.required))
        self._key_index = {nlp.vocab.strings[f"bp{i}"]: i for i in range(len(self._expansions))}
        self._fuzzy = FuzzyIndex(self._expansions, allow_drops=fuzzy_drops)

        # Patterns come from the compiler, which the tests cover; spaCy's pydantic validation of
        # every pattern cost ~0.2 s per start.
        self._allow_matcher = Matcher(nlp.vocab, validate=False)
        allowed = list(dict.fromkeys([*catalogue.allow, *allow]))
        self._allow_requirements: list[tuple[tuple[frozenset[str], bool], ...]] = []
        for n, phrase in enumerate(allowed):
            try:
                compiled = compile_phrase("allow", phrase, words, min_required=1)
            except ValueError as exc:
                raise ValueError(f"boilerplate.allow: {exc}") from None
            self._allow_matcher.add(f"allow{n}", [to_pattern(e) for e in compiled], greedy="LONGEST")
            self._allow_requirements += [tuple((s.keys, s.exact) for s in e.required) for e in compiled]

    def _matcher(self, anchor: frozenset[str]) -> Matcher:
        """The Matcher of one anchor's patterns, built the first time a document needs it."""
        matcher = self._matchers.get(anchor)
        if matcher is None:
            from spacy.matcher import Matcher

            matcher = Matcher(self._vocab, validate=False)
            for key, pattern in self._patterns[anchor]:
                matcher.add(key, [pattern], greedy="LONGEST")
            self._matchers[anchor] = matcher
        return matcher

    @property
    def pattern_count(self) -> int:
        return len(self._expansions)

    @property
    def fuzzy_entry_count(self) -> int:
        return len(self._fuzzy)

    def find(self, doc: Doc) -> list[BoilerplateMatch]:
        """Non-overlapping matches sorted by start (longest wins; patterns before fuzzy)."""
        if not self._expansions or not len(doc):
            return []
        table = token_table(doc)
        keys = document_keys(table)
        lowers: list[str] | None = None
        if self._textspeak:
            read = normalise_textspeak(keys, table.lowers)
            if read is not None:
                keys, lowers = read
        orths = {key or text for key, text in zip(keys, table.texts, strict=True)}
        norms = set(table.lowers if lowers is None else lowers)
        present = orths | norms
        anchors = {anchor for key in present for anchor in self._anchor_index.get(key, ())}
        runnable = sorted(
            (a for a in anchors if any(_satisfiable(r, orths, norms) for r in self._requirements[a])),
            key=self._anchor_order.__getitem__,
        )
        shadow: Doc | None = None
        candidates: list[_Candidate] = []
        if runnable:
            # The shadow Doc is built only when some pattern can match: most documents need none.
            shadow = shadow_doc(doc, table, keys, lowers)
            raw = [hit for anchor in runnable for hit in self._matcher(anchor)(shadow)]
            is_punct = table.is_punct
            for match_id, start, end in raw:
                expansion = self._expansions[self._key_index[match_id]]
                if not expansion.has_gap and _crosses_sentence(table, start, end):
                    continue
                if _negated(table, start):
                    continue
                # Every inserted word beyond the phrase's own lowers confidence a little.
                words = sum(1 for i in range(start, end) if not is_punct[i])
                confidence = max(0.7, 1.0 - 0.05 * max(0, words - len(expansion.slots)))
                candidates.append(_Candidate(_with_subject(table, keys, start), end, expansion, "pattern", confidence))

        chosen = self._select(candidates)
        covered = {i for c in chosen for i in range(c.start, c.end)}
        fuzzy: list[_Candidate] = []
        for first, last in table.sents:
            indices, sentence_keys, sentence_lowers = table_sentence_words(table, keys, first, last, lowers)
            if not indices or all(i in covered for i in indices):
                continue
            for hit in self._fuzzy.search(sentence_keys, sentence_lowers):
                start, end = indices[hit.first], indices[hit.last] + 1
                if _negated(table, start):
                    continue
                fuzzy.append(_Candidate(start, end, hit.entry, "fuzzy", hit.confidence))
        if fuzzy:
            chosen = self._select(chosen + [c for c in fuzzy if not any(i in covered for i in range(c.start, c.end))])
        if not chosen:
            return []

        allowed: list[tuple[int, int]] = []
        if len(self._allow_matcher) and any(_satisfiable(r, orths, norms) for r in self._allow_requirements):
            if shadow is None:
                shadow = shadow_doc(doc, table, keys, lowers)
            allowed = [(s, e) for _, s, e in self._allow_matcher(shadow)]
        matches = []
        text = table.text
        for c in sorted(chosen, key=lambda c: c.start):
            if any(s < c.end and c.start < e for s, e in allowed):
                continue
            start_char = table.idx[c.start]
            end_char = table.end_char(c.end - 1)
            matches.append(
                BoilerplateMatch(
                    family=c.expansion.family,
                    phrase=c.expansion.phrase,
                    start=start_char,
                    end=end_char,
                    text=text[start_char:end_char],
                    how=c.how,
                    confidence=round(c.confidence, 2),
                )
            )
        return matches

    @staticmethod
    def _select(candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest first (patterns before fuzzy on ties, then earliest), no overlaps. Two candidates on
        the same words keep their order of discovery (anchor Matchers in catalogue order, fuzzy entries
        in catalogue order), so the choice is the same in every process."""
        ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), c.how != "pattern", c.start))
        taken: list[_Candidate] = []
        occupied: set[int] = set()
        for candidate in ordered:
            span = range(candidate.start, candidate.end)
            if any(i in occupied for i in span):
                continue
            taken.append(candidate)
            occupied.update(span)
        return taken
