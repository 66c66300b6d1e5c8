"""The token attributes of a parsed ``Doc`` as plain Python lists, read once and shared by the analyses.

Every ``for token in doc`` makes spaCy build a new ``Token`` object per token, and every attribute
read (``token.lower_``, ``token.pos_`` ...) is a property call that looks a string up in the
vocabulary. Tone, boilerplate and readability each walked the Doc several times, which cost more
than the analyses themselves. :func:`token_table` walks it once, reads every attribute they use into
lists indexed by token position, and keeps the table for as long as the Doc lives, so the second
analysis of the same Doc reads lists only.

The cache assumes what the engine guarantees: a Doc is not modified after the pipeline has run
(rules read it, never write). It is keyed by the Doc object itself (weakly: the table goes when the
Doc goes), never by ``id()``, so a new Doc at a recycled address cannot get a stale table.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

T = TypeVar("T")

_ATTR_NAMES = (
    "ORTH",
    "LOWER",
    "LEMMA",
    "TAG",
    "POS",
    "IDX",
    "SPACY",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_ALPHA",
    "LIKE_NUM",
    "LIKE_URL",
    "LIKE_EMAIL",
    "SENT_START",
)


@lru_cache(maxsize=1)
def _attrs() -> list[int | str]:
    import spacy.attrs

    return [getattr(spacy.attrs, name) for name in _ATTR_NAMES]


class TokenTable:
    """Per-token attributes of one Doc (``texts[i]`` is ``doc[i].text``), plus its sentences."""

    __slots__ = (
        "_derived",
        "idx",
        "is_alpha",
        "is_punct",
        "is_space",
        "lemmas",
        "like_email",
        "like_num",
        "like_url",
        "lowers",
        "pos",
        "sent_start",
        "sents",
        "tags",
        "text",
        "texts",
        "whitespace",
    )

    def __init__(self, doc: Doc) -> None:
        from spacy.parts_of_speech import NAMES

        # One C-level copy of every attribute, then string lookups on plain ints: about twice as
        # fast as reading the same attributes through Token objects.
        n = len(doc)
        columns: list[list[int]] = doc.to_array(_attrs()).T.tolist() if n else [[] for _ in _ATTR_NAMES]
        orth, lower, lemma, tag, pos, idx, space, punct, is_space, alpha, num, url, email, start = columns
        strings = doc.vocab.strings
        self.texts: list[str] = _strings(orth, strings)
        self.lowers: list[str] = _strings(lower, strings)
        self.lemmas: list[str] = _strings(lemma, strings)
        self.tags: list[str] = _strings(tag, strings)
        self.pos: list[str] = [NAMES[p] for p in pos]
        self.idx: list[int] = idx
        self.whitespace: list[str] = [" " if s else "" for s in space]
        # Flags are 0/1 ints (truthiness is all the analyses use).
        self.is_punct: list[int] = punct
        self.is_space: list[int] = is_space
        self.is_alpha: list[int] = alpha
        self.like_num: list[int] = num
        self.like_url: list[int] = url
        self.like_email: list[int] = email
        #: ``token.is_sent_start is True`` per token (spaCy's None, "unknown", counts as False).
        self.sent_start: list[bool] = [s == 1 for s in start]
        #: ``doc.text``, joined from the lists: the property walks the Doc through Token objects on
        #: every call, which the analyses used to do dozens of times per document.
        self.text: str = "".join([t + w for t, w in zip(self.texts, self.whitespace, strict=True)])
        #: ``(start, end)`` token ranges of ``doc.sents`` (end exclusive).
        self.sents: list[tuple[int, int]] = _sentences(doc, start)
        self._derived: dict[Any, Any] = {}

    def __len__(self) -> int:
        return len(self.texts)

    def end_char(self, i: int) -> int:
        """The character offset just after token ``i`` (``token.idx + len(token.text)``)."""
        return self.idx[i] + len(self.texts[i])

    def derived(self, key: Any, compute: Callable[[TokenTable], T]) -> T:
        """``compute(self)``, kept with the table: per-token values one analysis derives and another
        reuses (the boilerplate match keys, the tone word flags)."""
        try:
            result: T = self._derived[key]
        except KeyError:
            result = self._derived[key] = compute(self)
        return result


#: String hash -> string. spaCy's hashes are a fixed function of the string (the same in every
#: vocabulary), and a dict lookup through ``map`` is twice as fast as ``StringStore.__getitem__``.
_STRING_CACHE: dict[int, str] = {}
_STRING_CACHE_LIMIT = 500_000


def _strings(hashes: list[int], strings: Any) -> list[str]:
    """The strings of ``hashes``, from :data:`_STRING_CACHE` (filled from ``strings`` on a miss)."""
    found: list[str | None] = list(map(_STRING_CACHE.get, hashes))
    if None in found:
        if len(_STRING_CACHE) > _STRING_CACHE_LIMIT:
            _STRING_CACHE.clear()
        for i, value in enumerate(found):
            if value is None:
                found[i] = _STRING_CACHE[hashes[i]] = strings[hashes[i]]
    return found  # type: ignore[return-value]  # no None is left


def _sentences(doc: Doc, sent_start: list[int]) -> list[tuple[int, int]]:
    """The token ranges ``doc.sents`` yields, from the SENT_START column: ``doc.sents`` first asks
    ``has_annotation``, which walks the Doc through Token objects again."""
    n = len(sent_start)
    if "sents" in doc.user_hooks or (n > 1 and not any(sent_start[1:])):
        return [(span.start, span.end) for span in doc.sents]  # a custom hook, or spaCy's "no boundaries" error
    ranges = []
    first = 0
    for i in range(1, n):
        if sent_start[i] == 1:
            ranges.append((first, i))
            first = i
    if first != n:
        ranges.append((first, n))
    return ranges


_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built on first use and kept while ``doc`` is alive."""
    table = _TABLES.get(doc)
    if table is None or len(table) != len(doc):
        table = TokenTable(doc)
        _TABLES[doc] = table
    return table


def set_token_table(doc: Doc, table: TokenTable) -> None:
    """Make ``table`` the one :func:`token_table` returns for ``doc`` (kept while ``doc`` lives).

    For a stand-in with no spaCy Doc behind it: a long document is analysed in pieces, and its
    document-level rules see its whole text and token columns joined from the pieces
    (:mod:`voicelint.analysis`). ``len(table)`` must equal ``len(doc)``.
    """
    _TABLES[doc] = table
