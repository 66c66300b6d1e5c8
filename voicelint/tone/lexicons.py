"""The tone lexicons: packaged word and phrase lists, loaded once and matched cheaply.

The lists are data (``voicelint/tone/data/``) so that a linguist can extend them without
touching the formulas. Phrase lists are compiled into one regular expression per category and
matched on the document text, so matching needs no second tokenisation or parse.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from voicelint.fast_yaml import load_data

_PACKAGE = "voicelint.tone"


def normalise(text: str) -> str:
    """Lower-case and map typographic apostrophes to ``'`` (length-preserving, so offsets hold)."""
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


#: A maximal run of letters, digits, underscores and apostrophes: the unit phrase boundaries see.
_WORD_RUN = re.compile(r"[\w']+")


def word_runs(norm_text: str) -> set[str]:
    """The distinct word runs of a :func:`normalise`-d text (for :meth:`PhraseSet.finditer`)."""
    return set(_WORD_RUN.findall(norm_text))


@dataclass(frozen=True)
class PhraseMatch:
    """One phrase found in a text: its character span, the phrase as written and its weight."""

    start: int
    end: int
    text: str
    weight: float


class PhraseSet:
    """A weighted list of phrases matched as whole words, case-insensitively.

    A trailing ``*`` in a phrase matches any word ending (``thank*`` = thanks, thanking).
    Longer phrases win over their prefixes ("i'm not sure" over "not sure").
    """

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = {normalise(p): w for p, w in weights.items()}
        self._wildcards = [(p[:-1], w) for p, w in self.weights.items() if p.endswith("*")]
        alternatives = sorted(self.weights, key=len, reverse=True)
        pattern = "|".join(self._to_regex(p) for p in alternatives)
        self._regex = re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])") if alternatives else None
        # What a text must contain for the regex to have a chance (see :meth:`finditer`): every word
        # of some phrase as a word run (a prefix of one for a wildcard word). Phrases are listed
        # under their longest plain word. None: a phrase has a word with other characters ("a.m.")
        # or no word at all, which this check cannot see, so the regex always runs.
        self._by_key: dict[str, list[tuple[frozenset[str], tuple[str, ...]]]] | None = {}
        self._wildcard_only: list[tuple[str, ...]] = []
        for phrase in self.weights:
            words = phrase.split()
            if not words or not all(_WORD_RUN.fullmatch(w[:-1] if w.endswith("*") else w) for w in words):
                self._by_key = None
                break
            plain = [w for w in words if not w.endswith("*")]
            prefixes = tuple(w[:-1] for w in words if w.endswith("*"))
            if plain:
                self._by_key.setdefault(max(plain, key=len), []).append((frozenset(plain), prefixes))
            else:
                self._wildcard_only.append(prefixes)
        self._keys = frozenset(self._by_key or ())

    def _may_match(self, words: set[str]) -> bool:
        """Could some phrase match a text with these word runs?"""
        if self._by_key is None:
            return True
        for key in self._keys.intersection(words):
            for plain, prefixes in self._by_key[key]:
                if plain <= words and _has_prefixes(words, prefixes):
                    return True
        return any(_has_prefixes(words, prefixes) for prefixes in self._wildcard_only)

    @staticmethod
    def _to_regex(phrase: str) -> str:
        wildcard = phrase.endswith("*")
        body = phrase[:-1] if wildcard else phrase
        regex = r"\s+".join(re.escape(word) for word in body.split())
        return regex + (r"\w*" if wildcard else "")

    def weight_of(self, matched: str) -> float:
        key = " ".join(matched.split())
        if key in self.weights:
            return self.weights[key]
        for prefix, weight in self._wildcards:
            if key.startswith(prefix):
                return weight
        return 1.0

    def finditer(self, norm_text: str, words: set[str] | None = None) -> Iterator[PhraseMatch]:
        """Matches in ``norm_text`` (already :func:`normalise`-d).

        ``words`` (optional) is :func:`word_runs` of ``norm_text``. A match starts where no letter,
        digit or apostrophe precedes, and its words are separated by spaces and end where no such
        character follows, so each word of the phrase is one of those runs (or, for a wildcard, a
        prefix of one). When no phrase has all its words there the regex is not run: a reply
        contains phrases of only a few lists, and a regex of a hundred alternatives scanning the
        text costs far more than these set lookups.
        """
        if self._regex is None:
            return
        if words is not None and not self._may_match(words):
            return
        for m in self._regex.finditer(norm_text):
            yield PhraseMatch(m.start(), m.end(), m.group(0), self.weight_of(m.group(0)))


class PhraseIndex:
    """Which of several :class:`PhraseSet` lists could match a text, from one pass over its words.

    The same test as :meth:`PhraseSet.finditer` with ``words``, but for all the lists at once: the
    tone scorer has twenty lists, and asking each of them costs more than one shared lookup.
    """

    def __init__(self, sets: Sequence[PhraseSet]) -> None:
        self._always: set[int] = set()
        self._by_key: dict[str, list[tuple[int, frozenset[str], frozenset[str]]]] = {}
        self._wildcard_only: list[tuple[int, frozenset[str]]] = []
        for n, phrases in enumerate(sets):
            if phrases._regex is None:
                continue
            if phrases._by_key is None:
                self._always.add(n)
                continue
            for key, entries in phrases._by_key.items():
                self._by_key.setdefault(key, []).extend((n, plain, frozenset(pre)) for plain, pre in entries)
            self._wildcard_only.extend((n, frozenset(prefixes)) for prefixes in phrases._wildcard_only)
        self._keys = frozenset(self._by_key)
        self._prefixes = tuple(
            sorted({p for entries in self._by_key.values() for _, _, pre in entries for p in pre}
                   | {p for _, pre in self._wildcard_only for p in pre})
        )

    def possible(self, words: set[str]) -> set[int]:
        """Positions (in the constructor's list) of the lists that may match a text with these
        word runs (:func:`word_runs`); the others certainly do not."""
        # The wildcard prefixes the text has, from one ``startswith`` per word.
        prefixes = self._prefixes
        present: set[str] = set()
        for w in words:
            if w.startswith(prefixes):
                present.update(p for p in prefixes if w.startswith(p))
        found = set(self._always)
        for key in self._keys.intersection(words):
            for n, plain, needed in self._by_key[key]:
                if n not in found and plain <= words and needed <= present:
                    found.add(n)
        for n, needed in self._wildcard_only:
            if n not in found and needed <= present:
                found.add(n)
        return found


def _has_prefixes(words: set[str], prefixes: tuple[str, ...]) -> bool:
    return all(any(w.startswith(p) for w in words) for p in prefixes)


@dataclass(frozen=True)
class Category:
    """A named group of phrases with one weight, e.g. the politeness strategy "gratitude"."""

    name: str
    label: str
    weight: float
    phrases: PhraseSet


def _read_text(name: str) -> str:
    return (importlib.resources.files(_PACKAGE) / "data" / name).read_text(encoding="utf-8")


def _weighted_list(name: str) -> PhraseSet:
    """A ``<phrase>\\t<weight>`` file (``#`` comments allowed) as a :class:`PhraseSet`."""
    weights: dict[str, float] = {}
    for line in _read_text(name).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrase, _, weight = line.partition("\t")
        weights[phrase.strip()] = float(weight) if weight.strip() else 1.0
    return PhraseSet(weights)


def _categories(doc: dict[str, Any]) -> dict[str, Category]:
    return {
        name: Category(name, spec["label"], float(spec["weight"]), PhraseSet(dict.fromkeys(spec["phrases"], 1.0)))
        for name, spec in doc.items()
        if isinstance(spec, dict) and "phrases" in spec
    }


@dataclass(frozen=True)
class Lexicons:
    """Everything the tone scorer reads, loaded once per process."""

    valence: dict[str, float]
    hedges: PhraseSet
    weasels: PhraseSet
    boosters: PhraseSet
    informal: PhraseSet
    formal: PhraseSet
    self_reference: PhraseSet
    warmth: dict[str, Category]
    negativity: dict[str, Category]
    neutral_idioms: PhraseSet
    enthusiasm: dict[str, Category]
    intensifiers: frozenset[str]
    acronyms: frozenset[str]


def _vader_valence() -> dict[str, float]:
    """Word -> mean valence (-4..4) from VADER's lexicon (Hutto & Gilbert 2014, MIT licence).

    Only the data file is read: importing vaderSentiment's analyzer would pull in ``requests``.
    """
    raw = (importlib.resources.files("vaderSentiment") / "vader_lexicon.txt").read_bytes()
    text = raw.decode("utf-8", errors="replace")
    valence: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                valence[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return valence


@lru_cache(maxsize=1)
def load() -> Lexicons:
    """The lexicons (cached: the files are read and compiled once per process)."""
    warmth = load_data(_read_text("warmth.yaml"))
    negativity = load_data(_read_text("negativity.yaml"))
    enthusiasm = load_data(_read_text("enthusiasm.yaml"))
    acronyms = frozenset(
        word
        for line in _read_text("acronyms.txt").splitlines()
        if not line.startswith("#")
        for word in line.split()
    )
    return Lexicons(
        valence=_vader_valence(),
        hedges=_weighted_list("hedges.txt"),
        weasels=_weighted_list("weasels.txt"),
        boosters=_weighted_list("boosters.txt"),
        informal=_weighted_list("informal.txt"),
        formal=_weighted_list("formal.txt"),
        self_reference=_weighted_list("self_reference.txt"),
        warmth=_categories(warmth),
        negativity=_categories(negativity),
        neutral_idioms=PhraseSet(dict.fromkeys(negativity.get("neutral_idioms", []), 1.0)),
        enthusiasm=_categories(enthusiasm),
        intensifiers=frozenset(normalise(w) for w in enthusiasm.get("intensifiers", [])),
        acronyms=acronyms,
    )
