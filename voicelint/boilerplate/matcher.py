"""Finds stock phrases in a parsed spaCy ``Doc``: lemma patterns first, fuzzy sentences second.

Everything is compiled once in :class:`BoilerplateMatcher`; :meth:`BoilerplateMatcher.find` runs
one spaCy ``Matcher`` pass over the document and the fuzzy index over sentences the patterns left
alone, then keeps the longest non-overlapping matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicelint.boilerplate.catalogue import Catalogue
from voicelint.boilerplate.compiler import CompiledExpansion, compile_phrase, insertable, key_doc, to_pattern
from voicelint.boilerplate.fuzzy import FuzzyIndex, sentence_words
from voicelint.boilerplate.keys import WordKeys, token_key

if TYPE_CHECKING:
    from spacy.language import Language
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


def _with_subject(doc: Doc, start: int) -> int:
    """Where the stock wording starts once its first-person subject is included: a phrase that
    starts with a verb or adjective ("apologize ...", "sorry ...") reaches back over auxiliaries and
    inserted adverbs to a preceding "we"/"I" ("we are deeply sorry ..."), within the sentence."""
    if doc[start].pos_ not in ("VERB", "ADJ", "AUX"):
        return start
    i = start - 1
    while i >= 0 and not doc[i + 1].is_sent_start and i >= start - 4:
        token = doc[i]
        key = token_key(token)
        if key == "we" and token.pos_ == "PRON":
            return i
        if key not in _AUXILIARIES and not insertable(token):
            return start
        i -= 1
    return start


#: Words too common to decide whether a pattern is worth running on a document.
_COMMON_KEYS = frozenset(
    [
        "we",
        "you",
        "your",
        "our",
        "for",
        "to",
        "the",
        "a",
        "an",
        "be",
        "do",
        "have",
        "thank",
        "thanks",
        "please",
        "any",
        "if",
        "this",
        "that",
        "it",
        "with",
        "in",
        "on",
        "can",
        "will",
        "would",
        "not",
        "at",
        "of",
        "and",
        "or",
        "let",
        "know",
        "help",
        "get",
        "so",
        "again",
        "time",
        "here",
        "there",
        "all",
        "more",
        "out",
        "us",
    ]
)


def _anchor(expansion: CompiledExpansion) -> frozenset[str]:
    """The keys of the expansion's most selective required word (fewest keys, not a common word)."""
    required = expansion.required
    rare = [slot for slot in required if not (slot.keys & _COMMON_KEYS)]
    slot = min(rare or required, key=lambda s: len(s.keys))
    return slot.keys


def _crosses_sentence(doc: Doc, start: int, end: int) -> bool:
    return any(doc[i].is_sent_start for i in range(start + 1, end))


class BoilerplateMatcher:
    """Compiled catalogue for one pipeline. Allow-listed phrases (argument and ``catalogue.allow``)
    never produce a match: a match overlapping an allowed span is dropped."""

    def __init__(self, nlp: Language, catalogue: Catalogue, allow: Iterable[str] = ()) -> None:
        from spacy.matcher import Matcher

        words = WordKeys(nlp)
        self._expansions: list[CompiledExpansion] = []
        # One Matcher per anchor (the rarest required word of a pattern): a document only runs the
        # matchers whose anchor it contains. spaCy tries every pattern at every token, so one big
        # Matcher costs time in proportion to the whole catalogue for every document.
        self._matchers: dict[frozenset[str], Matcher] = {}
        self._anchor_index: dict[str, list[frozenset[str]]] = {}
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
                    if anchor not in self._matchers:
                        self._matchers[anchor] = Matcher(nlp.vocab)
                        for anchor_key in anchor:
                            self._anchor_index.setdefault(anchor_key, []).append(anchor)
                    self._matchers[anchor].add(key, [to_pattern(expansion)], greedy="LONGEST")
        self._key_index = {nlp.vocab.strings[f"bp{i}"]: i for i in range(len(self._expansions))}
        self._fuzzy = FuzzyIndex(self._expansions)

        self._allow_matcher = Matcher(nlp.vocab)
        allowed = list(dict.fromkeys([*catalogue.allow, *allow]))
        for n, phrase in enumerate(allowed):
            try:
                compiled = compile_phrase("allow", phrase, words, min_required=1)
            except ValueError as exc:
                raise ValueError(f"boilerplate.allow: {exc}") from None
            self._allow_matcher.add(f"allow{n}", [to_pattern(e) for e in compiled], greedy="LONGEST")

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
        candidates: list[_Candidate] = []
        shadow = key_doc(doc)
        present = {t.orth_ for t in shadow} | {t.norm_ for t in shadow}
        anchors = {anchor for key in present for anchor in self._anchor_index.get(key, ())}
        raw = [hit for anchor in anchors for hit in self._matchers[anchor](shadow)]
        for match_id, start, end in raw:
            expansion = self._expansions[self._key_index[match_id]]
            if not expansion.has_gap and _crosses_sentence(doc, start, end):
                continue
            # Every inserted word beyond the phrase's own lowers confidence a little.
            words = sum(1 for t in doc[start:end] if not t.is_punct)
            confidence = max(0.7, 1.0 - 0.05 * max(0, words - len(expansion.slots)))
            candidates.append(_Candidate(_with_subject(doc, start), end, expansion, "pattern", confidence))

        chosen = self._select(candidates)
        covered = {i for c in chosen for i in range(c.start, c.end)}
        fuzzy: list[_Candidate] = []
        for sent in doc.sents:
            indices, keys, lowers = sentence_words(sent)
            if not indices or all(i in covered for i in indices):
                continue
            for hit in self._fuzzy.search(keys, lowers):
                start, end = indices[hit.first], indices[hit.last] + 1
                fuzzy.append(_Candidate(start, end, hit.entry, "fuzzy", hit.confidence))
        if fuzzy:
            chosen = self._select(chosen + [c for c in fuzzy if not any(i in covered for i in range(c.start, c.end))])

        allowed = [(s, e) for _, s, e in self._allow_matcher(shadow)] if len(self._allow_matcher) else []
        matches = []
        for c in sorted(chosen, key=lambda c: c.start):
            if any(s < c.end and c.start < e for s, e in allowed):
                continue
            start_char = doc[c.start].idx
            end_char = doc[c.end - 1].idx + len(doc[c.end - 1].text)
            matches.append(
                BoilerplateMatch(
                    family=c.expansion.family,
                    phrase=c.expansion.phrase,
                    start=start_char,
                    end=end_char,
                    text=doc.text[start_char:end_char],
                    how=c.how,
                    confidence=round(c.confidence, 2),
                )
            )
        return matches

    @staticmethod
    def _select(candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest first (patterns before fuzzy on ties, then earliest), no overlaps."""
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
