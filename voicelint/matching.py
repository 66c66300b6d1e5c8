"""Inflection-aware, case-insensitive phrase matching over spaCy tokens.

Used by the banned-phrase and terminology rules. A phrase matches whole tokens only (so never
inside a longer word), ignores case, and accepts inflected forms of its content words: a phrase
word matches a document token when the token's text or lemma is the word, its lemma, or one of
its regular inflections (``apologize`` ~ ``apologizes/apologized/apologizing/apologise``,
``log in`` ~ ``logged in``). Function words (``per``, ``our``, ``in``) must match exactly, so
``per our policy`` does not match ``per my policy``. Matching is a dictionary lookup on the
first word followed by a linear check, so it costs O(tokens) per document whatever the guide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

P = TypeVar("P")

_VOWELS = set("aeiou")


def inflections(word: str) -> set[str]:
    """Regular English inflections of a lower-case lemma, plus -ise/-ize spelling variants."""
    forms = {word}
    if len(word) < 3 or not word.isalpha():
        return forms
    stems = {word}
    if word.endswith("ize"):
        stems.add(word[:-3] + "ise")
    elif word.endswith("ise"):
        stems.add(word[:-3] + "ize")
    for stem in stems:
        forms.add(stem)
        if stem.endswith("e"):
            forms.update({stem + "s", stem + "d", stem[:-1] + "ing"})
        elif stem.endswith("y") and stem[-2] not in _VOWELS:
            forms.update({stem[:-1] + "ies", stem[:-1] + "ied", stem + "ing"})
        elif stem.endswith(("s", "x", "z", "ch", "sh")):
            forms.update({stem + "es", stem + "ed", stem + "ing"})
        else:
            forms.update({stem + "s", stem + "ed", stem + "ing"})
            if _doubles_final_consonant(stem):
                forms.update({stem + stem[-1] + "ed", stem + stem[-1] + "ing"})
    return forms


def _doubles_final_consonant(word: str) -> bool:
    """Short consonant-vowel-consonant words double their last letter (log -> logged)."""
    return (
        len(word) <= 4
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def match_case(original: str, replacement: str) -> str:
    """``replacement`` in the case pattern of ``original`` (``Log in`` -> ``Sign in``)."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if original[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


@dataclass(frozen=True, slots=True)
class _PhraseWord:
    forms: frozenset[str]
    exact: bool  # function words match their exact text only


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[P]):
    start: int  # character offsets into the doc text, end exclusive
    end: int
    first_token: int
    last_token: int
    payload: P


class PhraseMatcher(Generic[P]):
    """Finds any of a fixed set of phrases in parsed documents. Build once per guide."""

    def __init__(self, nlp: Language, phrases: Iterable[tuple[str, P]]) -> None:
        from spacy.lang.en.stop_words import STOP_WORDS

        self._by_first: dict[str, list[tuple[tuple[_PhraseWord, ...], P]]] = {}
        entries = list(phrases)
        for parsed, (_, payload) in zip(nlp.pipe(p for p, _ in entries), entries, strict=True):
            words = tuple(self._word(token, STOP_WORDS) for token in parsed if not token.is_space)
            if not words:
                continue
            for form in words[0].forms:
                self._by_first.setdefault(form, []).append((words, payload))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))  # longest phrase first

    @staticmethod
    def _word(token: Token, stop_words: set[str]) -> _PhraseWord:
        lower = token.lower_
        if lower in stop_words or not token.is_alpha:
            return _PhraseWord(frozenset({lower}), exact=True)
        lemma = token.lemma_.lower()
        return _PhraseWord(frozenset(inflections(lower) | inflections(lemma)), exact=False)

    def find(self, doc: Doc) -> list[PhraseMatch[P]]:
        """Non-overlapping matches, leftmost-longest, in document order."""
        from voicelint.token_table import token_table

        table = token_table(doc)
        # Positions of the non-space tokens, with their lower-case text and lemma.
        positions = [i for i, space in enumerate(table.is_space) if not space]
        lowers = [table.lowers[i] for i in positions]
        lemmas = [table.lemmas[i].lower() for i in positions]
        matches: list[PhraseMatch[P]] = []
        k = 0
        while k < len(positions):
            candidates = self._by_first.get(lowers[k], [])
            if lemmas[k] != lowers[k] and lemmas[k] in self._by_first:
                candidates = sorted([*candidates, *self._by_first[lemmas[k]]], key=lambda item: -len(item[0]))
            found = self._first_fit(lowers, lemmas, k, candidates) if candidates else None
            if found is None:
                k += 1
                continue
            length, payload = found
            first, last = positions[k], positions[k + length - 1]
            matches.append(PhraseMatch(table.idx[first], table.end_char(last), first, last, payload))
            k += length
        return matches

    @staticmethod
    def _first_fit(
        lowers: Sequence[str], lemmas: Sequence[str], k: int, candidates: list[tuple[tuple[_PhraseWord, ...], P]]
    ) -> tuple[int, P] | None:
        for words, payload in candidates:
            if k + len(words) > len(lowers):
                continue
            if all(
                lowers[k + n] in word.forms or (not word.exact and lemmas[k + n] in word.forms)
                for n, word in enumerate(words)
            ):
                return len(words), payload
        return None
