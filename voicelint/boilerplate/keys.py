"""Match keys: one normalised string per token, shared by the phrase compiler and the documents.

A token's key is its lemma, lowercased (spaCy's LEMMA is case-sensitive and all-caps words are often
tagged PROPN and left unlemmatised), with British spellings mapped to American ones and first-person
singular pronouns mapped to plural ones (I -> we, my -> our), so "I apologise" and "We apologize"
share keys. A catalogue word becomes the *set* of keys of its inflections, because the lemma of an
odd-cased word in a document may be its surface form ("CAUSED").
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

PRONOUNS = {"i": "we", "me": "we", "us": "we", "my": "our", "mine": "ours", "myself": "ourselves"}

_SPELLING = {
    "enquiry": "inquiry",
    "enquiries": "inquiries",
    "enquire": "inquire",
    "judgement": "judgment",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "travelled": "traveled",
    "centre": "center",
    "programme": "program",
    "cheque": "check",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "licence": "license",
    "defence": "defense",
    "offence": "offense",
    "co-operation": "cooperation",
}
_OUR_EXCEPTIONS = {"your", "hour", "four", "tour", "pour", "flour", "detour", "contour", "sour", "dour"}

#: Words never inflected when a phrase is compiled (their "inflections" are other real words).
_UNINFLECTED = {
    "a",
    "an",
    "the",
    "as",
    "at",
    "by",
    "for",
    "in",
    "of",
    "on",
    "to",
    "up",
    "us",
    "we",
    "our",
    "you",
    "your",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "be",
    "do",
    "or",
    "and",
    "so",
    "no",
    "not",
    "any",
    "all",
    "with",
    "from",
    "out",
    "if",
    "there",
    "here",
    "what",
    "how",
    "may",
    "might",
    "can",
    "could",
    "will",
    "would",
    "shall",
    "should",
    "must",
    "else",
}


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """British -> American spelling and singular -> plural first person, on a lowercase word."""
    word = PRONOUNS.get(word, word)
    if word in _SPELLING:
        return _SPELLING[word]
    for british, american in (
        ("isation", "ization"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ising", "izing"),
        ("ises", "izes"),
    ):
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + american
    if word.endswith("our") and len(word) > 4 and word not in _OUR_EXCEPTIONS and not word.endswith("tour"):
        return word[:-3] + "or"
    if word.endswith("ours") and len(word) > 5 and word[:-1] not in _OUR_EXCEPTIONS:
        return word[:-4] + "ors"
    return word


#: Contractions the lemmatizer leaves alone when written with a typographic apostrophe ("We’re").
_CONTRACTIONS = {"'re": "be", "'m": "be", "'ve": "have", "'ll": "will", "'d": "would", "n't": "not"}


def token_key(token: Token) -> str:
    """The match key of a document token."""
    return lemma_key(token.lemma_)


@lru_cache(maxsize=65536)
def lemma_key(lemma: str) -> str:
    """The match key of a token with this lemma (cached: lemmas repeat across every document)."""
    lemma = lemma.lower()
    if "\u2019" in lemma:
        lemma = lemma.replace("\u2019", "'")
        lemma = _CONTRACTIONS.get(lemma, lemma)
    return normalise_word(lemma)


def _inflections(lemma: str) -> set[str]:
    if lemma in _UNINFLECTED or len(lemma) < 3 or not lemma.isalpha():
        return {lemma}
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


class WordKeys:
    """Turns a catalogue word into the set of document keys it should match (cached per word)."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        # Typed as Any: spaCy's stubs give get_pipe() the generic component type.
        self._lemmatizer: Any = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
        self._cache: dict[str, frozenset[str]] = {}
        self._token_cache: dict[str, list[str]] = {}

    def keys(self, word: str) -> frozenset[str]:
        word = word.lower()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        lemmas = {word}
        if word not in PRONOUNS and word not in _UNINFLECTED and self._lemmatizer is not None:
            from spacy.tokens import Doc

            for pos in ("VERB", "NOUN", "ADJ"):
                doc = Doc(self._nlp.vocab, words=[word], pos=[pos])
                lemmas.update(lemma.lower() for lemma in self._lemmatizer.rule_lemmatize(doc[0]))
        forms: set[str] = set()
        for lemma in lemmas:
            forms |= _inflections(lemma)
        result = frozenset(normalise_word(form) for form in forms)
        self._cache[word] = result
        return result

    def tokens(self, text: str) -> list[str]:
        """How the pipeline's tokenizer splits a catalogue word ("co-operation" -> co, -, operation)."""
        cached = self._token_cache.get(text)
        if cached is None:
            cached = self._token_cache[text] = [token.text.lower() for token in self._nlp.tokenizer(text)]
        return list(cached)
