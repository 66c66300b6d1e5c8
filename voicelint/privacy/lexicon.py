"""The privacy word lists (``lexicon.yaml``) compiled into token tries.

Words are compared in a normal form that absorbs how support writers and customers spell the same
thing: lower case, dots dropped ("d.o.b." and "DOB", "no." and "no"), hyphens and slashes dropped
as tokens ("e-mail", "one-time", "name/ZIP"). Phrases are bounded in length, so a scan that tries
each start position is linear in the number of tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

P = TypeVar("P")

_LEXICON = Path(__file__).with_name("lexicon.yaml")
#: Tokens that carry no word: dropped from the normalised sequence.
_SKIP = frozenset({"", "-", "–", "/", "'"})


def normalise(word: str) -> str:
    """The form phrases are compared in: lower case, without dots and leading slashes."""
    return word.lower().replace(".", "").replace("’", "'").lstrip("/")


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as normalised tokens ("mother's" is two tokens, as spaCy splits it)."""
    keys: list[str] = []
    for word in phrase.split():
        word = normalise(word)
        if word.endswith("'s") and len(word) > 2:
            keys.extend((word[:-2], "'s"))
        elif word not in _SKIP:
            keys.append(word)
    return tuple(keys)


@dataclass
class _Node(Generic[P]):
    children: dict[str, _Node[P]] = field(default_factory=dict)
    payload: P | None = None
    terminal: bool = False


class PhraseTrie(Generic[P]):
    """Longest match of normalised token phrases, each with a payload (None blocks a shorter match)."""

    def __init__(self, entries: Iterable[tuple[str, P | None]]) -> None:
        self._root: _Node[P] = _Node()
        self.longest = 0
        for phrase, payload in entries:
            keys = phrase_keys(phrase)
            if not keys:
                continue
            node = self._root
            for key in keys:
                node = node.children.setdefault(key, _Node())
            node.terminal, node.payload = True, payload
            self.longest = max(self.longest, len(keys))

    def match_at(self, words: Sequence[tuple[str, ...]], start: int) -> tuple[int, P | None] | None:
        """The longest phrase starting at ``words[start]``: (end index, payload), or None.

        ``words[i]`` holds the forms token ``i`` may match (its normal form and its lemma's)."""
        best: tuple[int, P | None] | None = None
        frontier = [self._root]
        for i in range(start, min(len(words), start + self.longest)):
            frontier = [child for node in frontier for form in words[i] if (child := node.children.get(form))]
            if not frontier:
                break
            for node in frontier:
                if node.terminal:
                    best = (i + 1, node.payload)
        return best


@dataclass(frozen=True)
class Kind:
    """A kind of data a reply may ask for, by the name a suggestion uses for it."""

    name: str
    secret: bool


@dataclass(frozen=True)
class Qualified:
    """A bare word ("email", "address") that is data only beside a qualifying word."""

    kind: Kind
    before: frozenset[str]
    after: PhraseTrie[bool]


@dataclass(frozen=True)
class Lexicon:
    """Every word list the privacy rules read, compiled."""

    items: PhraseTrie[Kind]
    qualified: PhraseTrie[Qualified]
    give_verbs: frozenset[str]
    gerund_verbs: frozenset[str]
    softeners: frozenset[str]
    modals: frozenset[str]
    need_verbs: frozenset[str]
    have_verbs: frozenset[str]
    we_words: frozenset[str]
    wh_words: frozenset[str]
    negations: PhraseTrie[bool]
    private_markers: PhraseTrie[bool]
    public_markers: PhraseTrie[bool]
    kinds: dict[str, Kind]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(normalise(str(w)) for w in data[key])


def _flags(phrases: Iterable[str]) -> PhraseTrie[bool]:
    return PhraseTrie((str(p), True) for p in phrases)


def _check_strings(data: Any, where: str = "lexicon") -> None:
    """Every list entry is a string: YAML reads a bare ``no`` or ``on`` as a boolean."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_strings(value, f"{where}.{key}")
    elif isinstance(data, list):
        for value in data:
            if not isinstance(value, str):
                raise ValueError(f"{where}: {value!r} is not a string (quote it)")


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """A :class:`Lexicon` from the parsed ``lexicon.yaml``."""
    _check_strings(data)
    kinds = {name: Kind(name, bool(spec.get("secret", False))) for name, spec in data["kinds"].items()}
    entries: list[tuple[str, Kind | None]] = [(str(p), None) for p in data["not_data"]]
    entries += [(str(p), kinds[name]) for name, spec in data["kinds"].items() for p in spec["phrases"]]
    qualified: list[tuple[str, Qualified | None]] = []
    for name, spec in data["qualified"].items():
        rule = Qualified(kinds[name], _words(spec, "before"), _flags(spec["after"]))
        qualified += [(str(w), rule) for w in spec["words"]]
    return Lexicon(
        items=PhraseTrie(entries),
        qualified=PhraseTrie(qualified),
        give_verbs=_words(data, "give_verbs"),
        gerund_verbs=_words(data, "gerund_verbs"),
        softeners=_words(data, "softeners"),
        modals=_words(data, "modals"),
        need_verbs=_words(data, "need_verbs"),
        have_verbs=_words(data, "have_verbs"),
        we_words=_words(data, "we_words"),
        wh_words=_words(data, "wh_words"),
        negations=_flags(data["negations"]),
        private_markers=_flags(data["private_markers"]),
        public_markers=_flags(data["public_markers"]),
        kinds=kinds,
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, read once."""
    return build_lexicon(yaml.safe_load(_LEXICON.read_text(encoding="utf-8")))
