"""Compiles catalogue phrases into spaCy ``Matcher`` patterns and fuzzy-index entries.

Patterns run on a *key document* (see :func:`key_doc`): a shadow ``Doc`` with one token per token of
the real one, whose ORTH is the match key of :mod:`voicelint.boilerplate.keys`, NORM the lowercase
text and LEMMA "+" for a token that may be inserted into a phrase. Inflection, casing, British
spelling and we/I swaps are then one ``ORTH IN`` test per word, evaluated in spaCy's C code (matching
on a getter-based ``Token._`` attribute was measured 10x slower), and the parsed document the engine
shares is never modified. Between two words up to two insertable tokens (adverbs, "do") may occur.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voicelint.boilerplate.keys import WordKeys, lemma_key, normalise_word
from voicelint.boilerplate.syntax import GAP_MAX, Element, Gap, Word, parse_phrase
from voicelint.token_table import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

INSERTABLE = "+"

#: Adverbs that reverse or cancel a phrase never count as an insertion ("we never apologize ...").
NEGATIONS = {"not", "never", "n't", "hardly", "barely", "rarely", "seldom", "no", "nt"}
#: Non-adverbs that may sit inside a stock phrase without changing it ("we *do* apologise").
_INSERTABLE_WORDS = {
    "do",
    "does",
    "did",
    "so",
    "very",
    "really",
    "truly",
    "sincerely",
    "deeply",
    "just",
    "also",
    "all",
    "greatly",
    "genuinely",
    "completely",
    "totally",
    "fully",
    "again",
    "kindly",
    "always",
    "currently",
    "still",
    "most",
    "extremely",
    "sincerest",
}


def insertable(token: Token) -> bool:
    """May this token sit inside a stock phrase without changing it (an adverb or "do", no negation)?"""
    return is_insertable(token.lower_, token.pos_)


def is_insertable(lower: str, pos: str) -> bool:
    """:func:`insertable` from the token's lowercase text and coarse part of speech."""
    if lower in NEGATIONS:
        return False
    return pos == "ADV" or lower in _INSERTABLE_WORDS


def key_doc(doc: Doc) -> Doc:
    """The shadow document patterns run on (same tokens and offsets, keys as ORTH)."""
    table = token_table(doc)
    return shadow_doc(doc, table, document_keys(table))


def document_keys(table: TokenTable) -> list[str]:
    """The match key of every token of a document (computed once per Doc, shared by the pattern
    and fuzzy passes)."""
    return table.derived(document_keys, lambda t: [lemma_key(lemma) for lemma in t.lemmas])


def shadow_doc(doc: Doc, table: TokenTable, keys: list[str], lowers: list[str] | None = None) -> Doc:
    """:func:`key_doc` from the document's token table and keys. NORM and LEMMA are written with one
    ``from_array`` call: setting them token by token created two Token objects per token. ``lowers``
    replaces the tokens' lowercase forms for NORM (textspeak read as words); by default they are the
    document's own."""
    import numpy as np
    from spacy.attrs import LEMMA, LOWER, NORM
    from spacy.tokens import Doc

    strings = doc.vocab.strings
    shadow = Doc(
        doc.vocab,
        words=[key or text for key, text in zip(keys, table.texts, strict=True)],
        spaces=[bool(ws) for ws in table.whitespace],
    )
    if len(shadow):
        plus, minus = strings.add(INSERTABLE), strings.add("-")
        pairs = zip(table.lowers, table.pos, strict=True)
        lemmas = [plus if is_insertable(lower, pos) else minus for lower, pos in pairs]
        values: Any = np.empty((len(shadow), 2), dtype="uint64")
        values[:, 0] = lemmas
        if lowers is None:
            values[:, 1] = doc.to_array([LOWER])
        else:
            values[:, 1] = [strings.add(lower) for lower in lowers]
        shadow.from_array([LEMMA, NORM], values)
    return shadow


@dataclass(frozen=True)
class CompiledSlot:
    """One word position of an expansion, resolved to document keys."""

    keys: frozenset[str]
    surfaces: frozenset[str]  # lowercase written forms, for typo comparison
    optional: bool
    exact: bool


@dataclass(frozen=True)
class CompiledExpansion:
    family: str
    phrase: str
    slots: tuple[CompiledSlot | None, ...]  # None = a gap

    @property
    def required(self) -> tuple[CompiledSlot, ...]:
        return tuple(s for s in self.slots if s is not None and not s.optional)

    @property
    def has_gap(self) -> bool:
        return any(s is None for s in self.slots)


def _split_multitoken(elements: list[Element], words: WordKeys) -> Iterator[list[Element]]:
    """Re-expand words that the pipeline's tokenizer splits ("co-operation" -> co - operation)."""
    options: list[list[list[Element]]] = []
    for element in elements:
        if isinstance(element, Gap):
            options.append([[element]])
            continue
        single = [f for f in element.forms if len(words.tokens(f)) == 1]
        multi = [f for f in element.forms if len(words.tokens(f)) > 1]
        if not multi:
            options.append([[element]])
            continue
        choices: list[list[Element]] = []
        if single:
            choices.append([Word(tuple(single), exact=element.exact)])
        for form in multi:
            choices.append([Word((part,), exact=element.exact) for part in words.tokens(form)])
        if element.optional:
            choices.append([])
        options.append(choices)
    for combination in itertools.product(*options):
        yield [e for choice in combination for e in choice]


def compile_phrase(family: str, phrase: str, words: WordKeys, min_required: int = 2) -> list[CompiledExpansion]:
    expansions: list[CompiledExpansion] = []
    for parsed in parse_phrase(phrase, min_required=min_required):
        for elements in _split_multitoken(parsed, words):
            slots: list[CompiledSlot | None] = []
            for element in elements:
                if isinstance(element, Gap):
                    slots.append(None)
                    continue
                if element.exact:
                    keys = frozenset(f.lower() for f in element.forms)
                else:
                    keys = frozenset().union(*(words.keys(f) for f in element.forms))
                surfaces = frozenset(f.lower() for f in element.forms) | frozenset(
                    normalise_word(f.lower()) for f in element.forms
                )
                slots.append(CompiledSlot(keys, surfaces, element.optional, element.exact))
            expansions.append(CompiledExpansion(family, phrase, tuple(slots)))
    return expansions


def to_pattern(expansion: CompiledExpansion) -> list[dict[str, Any]]:
    """A spaCy ``Matcher`` pattern: one token spec per word, insertable-adverb gaps between words."""
    pattern: list[dict[str, Any]] = []
    previous_was_word = False
    for slot in expansion.slots:
        if slot is None:
            pattern.append({"IS_SPACE": False, "OP": f"{{0,{GAP_MAX}}}"})
            previous_was_word = False
            continue
        if previous_was_word:
            pattern.append({"LEMMA": INSERTABLE, "OP": "{0,2}"})
        spec: dict[str, Any]
        spec = {"NORM": {"IN": sorted(slot.keys)}} if slot.exact else {"ORTH": {"IN": sorted(slot.keys)}}
        if slot.optional:
            spec["OP"] = "?"
        pattern.append(spec)
        previous_was_word = True
    return pattern
