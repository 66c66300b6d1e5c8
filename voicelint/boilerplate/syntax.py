"""The catalogue's phrase syntax: parse a phrase into its concrete alternatives.

A phrase is a sequence of words, ``(a|b c)`` required alternatives, ``[a|b c]`` optional
alternatives, ``...`` (a gap of up to four words) and ``=word`` (that exact word form only). It is
parsed without spaCy so that a guide can be validated before any model is loaded; turning words
into lemma keys happens in :mod:`voicelint.boilerplate.keys`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: Above this many concrete expansions a phrase is rejected: it would slow every document down.
MAX_EXPANSIONS = 256

#: Every expansion needs at least this many required words, so no phrase is a bare "thanks".
MIN_REQUIRED_WORDS = 2

_TOKEN_RE = re.compile(r"\.\.\.|[()\[\]|]|[^\s()\[\]|]+")
_WORD_RE = re.compile(r"^=?[a-z0-9][a-z0-9'\-/#]*$")


@dataclass(frozen=True)
class Word:
    """One word position: any of ``forms`` (lowercase), optional or not, lemma-matched or exact."""

    forms: tuple[str, ...]
    optional: bool = False
    exact: bool = False


@dataclass(frozen=True)
class Gap:
    """Up to :data:`GAP_MAX` words of anything."""


GAP_MAX = 4

Element = Word | Gap


class PhraseSyntaxError(ValueError):
    """A catalogue phrase that cannot be compiled; the message names the phrase and the problem."""


def _word(text: str, phrase: str) -> tuple[str, bool]:
    if not _WORD_RE.match(text):
        raise PhraseSyntaxError(f"phrase {phrase!r}: {text!r} is not a word (write letters, no punctuation)")
    return (text[1:], True) if text.startswith("=") else (text, False)


def _parse_group(tokens: list[str], phrase: str) -> list[list[str]]:
    """The alternatives of one group: each a list of words."""
    alternatives: list[list[str]] = [[]]
    for token in tokens:
        if token == "|":
            alternatives.append([])
        elif token in "()[]" or token == "...":
            raise PhraseSyntaxError(f"phrase {phrase!r}: {token!r} is not allowed inside a group (no nesting)")
        else:
            alternatives[-1].append(token)
    if any(not alternative for alternative in alternatives):
        raise PhraseSyntaxError(f"phrase {phrase!r}: empty alternative in a group")
    return alternatives


def parse_phrase(phrase: str, min_required: int = MIN_REQUIRED_WORDS) -> list[list[Element]]:
    """All concrete expansions of ``phrase``: multi-word alternatives are expanded; single-word
    alternatives stay one :class:`Word` with several forms (one spaCy pattern token with ``IN``)."""
    text = phrase.strip().lower()
    if not text:
        raise PhraseSyntaxError("empty phrase")
    tokens = _TOKEN_RE.findall(text)
    # Each slot is a list of choices; a choice is a list of elements.
    slots: list[list[list[Element]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("(", "["):
            close = ")" if token == "(" else "]"
            try:
                j = tokens.index(close, i + 1)
            except ValueError:
                raise PhraseSyntaxError(f"phrase {phrase!r}: {token!r} is never closed") from None
            alternatives = _parse_group(tokens[i + 1 : j], phrase)
            optional = token == "["
            if all(len(alternative) == 1 for alternative in alternatives):
                parsed = [_word(alternative[0], phrase) for alternative in alternatives]
                exact = {is_exact for _, is_exact in parsed}
                if len(exact) > 1:
                    raise PhraseSyntaxError(f"phrase {phrase!r}: mix of =exact and lemma words in one group")
                word = Word(tuple(form for form, _ in parsed), optional=optional, exact=exact.pop())
                slots.append([[word]])
            else:
                choices: list[list[Element]] = []
                for alternative in alternatives:
                    words: list[Element] = []
                    for item in alternative:
                        form, is_exact = _word(item, phrase)
                        words.append(Word((form,), exact=is_exact))
                    choices.append(words)
                if optional:
                    choices.append([])
                slots.append(choices)
            i = j + 1
            continue
        if token in (")", "]", "|"):
            raise PhraseSyntaxError(f"phrase {phrase!r}: unexpected {token!r}")
        if token == "...":
            if not slots or i == len(tokens) - 1:
                raise PhraseSyntaxError(f"phrase {phrase!r}: '...' must sit between words")
            slots.append([[Gap()]])
        else:
            form, is_exact = _word(token, phrase)
            slots.append([[Word((form,), exact=is_exact)]])
        i += 1

    total = 1
    for slot in slots:
        total *= len(slot)
    if total > MAX_EXPANSIONS:
        raise PhraseSyntaxError(
            f"phrase {phrase!r}: {total} expansions (more than {MAX_EXPANSIONS}); split it into several phrases"
        )
    expansions: list[list[Element]] = []
    for combination in itertools.product(*slots):
        elements: list[Element] = [element for choice in combination for element in choice]
        required = sum(1 for e in elements if isinstance(e, Word) and not e.optional)
        if required < min_required:
            raise PhraseSyntaxError(
                f"phrase {phrase!r}: a form with fewer than {min_required} required words would match too much"
            )
        for a, b in itertools.pairwise(elements):
            if isinstance(a, Gap) and isinstance(b, Gap):
                raise PhraseSyntaxError(f"phrase {phrase!r}: two gaps in a row")
        if isinstance(elements[0], Gap) or isinstance(elements[-1], Gap):
            raise PhraseSyntaxError(f"phrase {phrase!r}: '...' must sit between words")
        expansions.append(elements)
    return expansions
