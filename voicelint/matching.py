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

    @staticmethod
    def _token_matches(token: Token, word: _PhraseWord) -> bool:
        if token.lower_ in word.forms:
            return True
        return not word.exact and token.lemma_.lower() in word.forms

    def find(self, doc: Doc) -> list[PhraseMatch[P]]:
        """Non-overlapping matches, leftmost-longest, in document order."""
        tokens = [t for t in doc if not t.is_space]
        matches: list[PhraseMatch[P]] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            candidates = self._by_first.get(token.lower_, [])
            lemma = token.lemma_.lower()
            if lemma != token.lower_ and lemma in self._by_first:
                candidates = sorted([*candidates, *self._by_first[lemma]], key=lambda item: -len(item[0]))
            found = self._first_fit(tokens, i, candidates) if candidates else None
            if found is None:
                i += 1
                continue
            length, payload = found
            last = tokens[i + length - 1]
            matches.append(PhraseMatch(token.idx, last.idx + len(last.text), token.i, last.i, payload))
            i += length
        return matches

    def _first_fit(
        self, tokens: Sequence[Token], i: int, candidates: list[tuple[tuple[_PhraseWord, ...], P]]
    ) -> tuple[int, P] | None:
        for words, payload in candidates:
            if i + len(words) > len(tokens):
                continue
            if all(self._token_matches(tokens[i + k], w) for k, w in enumerate(words)):
                return len(words), payload
        return None
