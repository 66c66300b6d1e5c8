"""Library-wide reuse: sentences that recur, verbatim or nearly, across many records of a library.

A sentence used word for word in many canned responses is the brand's own script, whether or not it
is in the catalogue. Sentences are normalised (lowercase, punctuation dropped, numbers, URLs,
template placeholders, @handles and proper names masked) and grouped by the normalised text; the
distinct normalised texts are then joined when their word-trigram sets overlap (Jaccard >= 0.8),
found with MinHash + banded LSH (16 hashes, 4 bands of 4), so the cost grows linearly with the
number of sentences, never with its square.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from voicelint.token_table import TokenTable, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

#: Placeholders of the common template syntaxes: [AMOUNT], {name}, {{name}}, %{ticket.number},
#: +XXXXXXX, @handle, <name>.
_PLACEHOLDER_RE = re.compile(r"\[[^\]\n]{1,40}\]|\{\{?[^}\n]{1,40}\}?\}|%\{[^}\n]{1,60}\}|\+?X{3,}|@\w+|<[^>\n]{1,40}>")
_HASHES = 16
_BANDS = 4
_ROWS = _HASHES // _BANDS
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20251)
_A = _rng.integers(1, _PRIME, size=_HASHES, dtype=np.int64)
_B = _rng.integers(0, _PRIME, size=_HASHES, dtype=np.int64)
NEAR_DUPLICATE_JACCARD = 0.8


@dataclass(frozen=True)
class ReusedSentence:
    """A sentence many records share: a representative text, how many records, and where."""

    text: str
    count: int  # number of records using it (verbatim or nearly)
    occurrences: tuple[tuple[int, int, int], ...]  # (record index, start, end), doc-relative chars
    #: The text at the first occurrence, and what the caller gave with it (e.g. its place in the file).
    first_text: str = ""
    first_payload: Any = None


class _Key:
    """One distinct normalised sentence: where it first occurred (with the caller's payload and
    its text) and, only when it recurs, where else. Kept small: a run holds one per sentence."""

    __slots__ = ("first", "more", "payload", "text")

    def __init__(self, first: tuple[int, int, int], text: str, payload: Any) -> None:
        self.first = first
        self.text = text
        self.payload = payload
        self.more: list[tuple[int, int, int]] | None = None

    def occurrences(self) -> list[tuple[int, int, int]]:
        return [self.first, *(self.more or ())]


def normalise_sentence(sent: Span) -> list[str]:
    """The words of ``sent`` for comparison: lowercase, no punctuation, variable parts masked."""
    return normalise_tokens(token_table(sent.doc), sent.start, sent.end)


def normalise_tokens(table: TokenTable, start: int, end: int) -> list[str]:
    """:func:`normalise_sentence` of tokens ``start:end`` of a document, from its token table."""
    if start >= end:
        return []
    base = table.idx[start]
    sentence_text = table.text[base : table.end_char(end - 1)]
    masked = [(m.start() + base, m.end() + base) for m in _PLACEHOLDER_RE.finditer(sentence_text)]
    texts, idx, lowers, pos = table.texts, table.idx, table.lowers, table.pos
    like_url, like_email, like_num, is_punct = table.like_url, table.like_email, table.like_num, table.is_punct
    words: list[str] = []
    position = -1
    for i in range(start, end):
        if table.is_space[i]:
            continue
        position += 1
        if masked and any(s <= idx[i] < e for s, e in masked):
            word = "<ph>"
        elif like_url[i] or like_email[i]:
            word = "<url>"
        elif like_num[i] or _has_digit(texts[i]):
            word = "<num>"
        elif is_punct[i]:
            continue
        elif pos[i] == "PROPN" and position > 0:
            word = "<name>"
        else:
            word = lowers[i]
        if words and word.startswith("<") and words[-1] == word:
            continue
        words.append(word)
    return words


@lru_cache(maxsize=65536)
def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _shingles(words: list[str]) -> set[str]:
    if len(words) < 3:
        return {" ".join(words)}
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _signature(shingles: set[str]) -> tuple[int, ...]:
    values = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.int64, count=len(shingles))
    hashed = (_A[:, None] * values[None, :] + _B[:, None]) % _PRIME
    return tuple(int(v) for v in hashed.min(axis=1))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class ReuseCollector:
    """Collects the sentences of a library record by record, then groups them.

    Only what grouping needs is kept, never the Doc: per distinct normalised sentence its key,
    its first occurrence (with its text and the caller's payload) and its other occurrences, so
    memory grows with the distinct sentences at a small cost each and a library of any size
    streams through (:func:`find_library_reuse` is the one-call form).
    """

    def __init__(self, min_words: int = 6) -> None:
        self.min_words = min_words
        self.by_key: dict[str, _Key] = {}
        self._records = 0
        self._last_record = -1

    def add(self, record: int, doc: Doc) -> None:
        self.add_sentences(record, self.sentences(doc))

    def sentences(self, doc: Doc) -> list[tuple[list[str], int, int, str]]:
        """``(key words, start, end, text)`` of each long-enough sentence of one record.

        Split from :meth:`add_sentences` so that the work needing the Doc can run where the Doc
        is (a worker process) and only this small data travels to the collector.
        """
        table = token_table(doc)
        found = []
        for first, end in table.sents:
            words = normalise_tokens(table, first, end)
            if sum(1 for w in words if not w.startswith("<")) < self.min_words:
                continue
            start_char, end_char = table.idx[first], table.end_char(end - 1)
            found.append((words, start_char, end_char, table.text[start_char:end_char]))
        return found

    def add_sentences(
        self, record: int, sentences: Iterable[Sequence[Any]], payloads: Iterable[Any] | None = None
    ) -> None:
        """Add one record's sentences (``(key words, start, end, text)``, in text order; records in
        increasing order). ``payloads``, one per sentence, is kept for a key's first occurrence."""
        given = iter(payloads) if payloads is not None else None
        for words, start_char, end_char, text in sentences:
            payload = next(given) if given is not None else None
            key = " ".join(words)
            entry = self.by_key.get(key)
            if entry is None:
                self.by_key[key] = _Key((record, start_char, end_char), text, payload)
            elif entry.more is None:
                entry.more = [(record, start_char, end_char)]
            else:
                entry.more.append((record, start_char, end_char))
            if record != self._last_record:
                self._records += 1
                self._last_record = record

    def finish(self, min_records: int = 3) -> list[ReusedSentence]:
        if self._records < min_records:
            return []  # no group can span enough records (a file of one or two documents): skip the hashing
        return _group(self.by_key, min_records)


def find_library_reuse(docs: Sequence[Doc], min_records: int = 3, min_words: int = 6) -> list[ReusedSentence]:
    """Sentences of at least ``min_words`` words that recur in at least ``min_records`` records,
    most widely used first. Each group is reported once with every occurrence."""
    collector = ReuseCollector(min_words)
    for record, doc in enumerate(docs):
        collector.add(record, doc)
    return collector.finish(min_records)


def _jaccard(a: list[str], b: list[str]) -> float:
    first, second = _shingles(a), _shingles(b)
    return len(first & second) / len(first | second)


def _group(by_key: dict[str, _Key], min_records: int) -> list[ReusedSentence]:
    """Join near-duplicate keys (MinHash + banded LSH, each key checked against the first key of
    each of its bands by exact Jaccard) and keep the groups used by ``min_records`` records.

    One key at a time, so the peak is one integer per band per key, never all the shingle sets.
    """
    keys = list(by_key)
    groups = _UnionFind(len(keys))
    heads: dict[int, int] = {}
    for index, key in enumerate(keys):
        words = key.split(" ")
        signature = _signature(_shingles(words))
        for band in range(_BANDS):
            # A hash of the band's values stands for the bucket; a collision only costs a check.
            bucket = hash((band, *signature[band * _ROWS : (band + 1) * _ROWS]))
            head = heads.setdefault(bucket, index)
            if head != index and _jaccard(keys[head].split(" "), words) >= NEAR_DUPLICATE_JACCARD:
                groups.union(head, index)
    del heads
    roots = [groups.find(index) for index in range(len(keys))]
    sizes = [0] * len(keys)
    for root in roots:
        sizes[root] += 1
    clusters: dict[int, list[int]] = defaultdict(list)
    for index, root in enumerate(roots):
        # A key seen once and joined to nothing (the usual case) cannot make a group.
        if sizes[root] > 1 or by_key[keys[index]].more is not None:
            clusters[root].append(index)
    results: list[ReusedSentence] = []
    for members in clusters.values():
        entries = [by_key[keys[index]] for index in members]
        occurrences = sorted(occ for entry in entries for occ in entry.occurrences())
        records = {record for record, _, _ in occurrences}
        if len(records) < min_records:
            continue
        first = min(entries, key=lambda entry: entry.first)
        common = max(entries, key=lambda entry: (1 + len(entry.more or ()), -entry.first[0], -entry.first[1]))
        results.append(
            ReusedSentence(
                text=common.text,
                count=len(records),
                occurrences=tuple(occurrences),
                first_text=first.text,
                first_payload=first.payload,
            )
        )
    results.sort(key=lambda r: (-r.count, r.text))
    return results
