"""``VL603 mixed-terminology``: one term written two ways across a library.

Two sources of variants: the sets in ``voicelint/data/variants.yaml`` (``sign in``/``log in``,
``email``/``e-mail``, US and UK spellings), and product names seen in two capitalisations in the
library itself (``PayPal``/``Paypal``, ``iPhone``/``Iphone``): a word written with a capital inside
it is a name, and the same letters capitalised otherwise are the same name misspelt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from voicelint.document import Document
from voicelint.guide.schema import Number
from voicelint.placeholders import STAND_IN
from voicelint.report import Finding, Fix
from voicelint.rules.base import DocumentContext, LibraryRule, register
from voicelint.rules.library_place import Place, place_of, plural, span_of
from voicelint.structure.text import links
from voicelint.vocabulary import Severity

#: Key prefix of capitalisation variants (the other keys are variant set names).
_CASE = "case:"


@dataclass(frozen=True)
class VariantSet:
    """Ways of writing one term; each way's forms are in parallel order (the same inflection)."""

    name: str
    ways: tuple[tuple[str, ...], ...]
    #: Swapping one way for another never changes the meaning (spelling), so the fix is safe.
    safe: bool


@lru_cache(maxsize=1)
def variant_sets() -> tuple[VariantSet, ...]:
    """The packaged variant sets (``voicelint/data/variants.yaml``), validated."""
    import yaml

    text = resources.files("voicelint").joinpath("data/variants.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    sets = []
    for number, entry in enumerate(data["sets"], 1):
        ways = tuple(tuple(str(form) for form in way) for way in entry["ways"])
        if len(ways) < 2 or any(not way for way in ways):
            raise ValueError(f"variants.yaml: set {number} ({entry.get('name')!r}) needs two or more ways")
        sets.append(VariantSet(str(entry["name"]), ways, entry.get("fix") == "safe"))
    return tuple(sets)


@dataclass(frozen=True)
class _Entry:
    set_index: int
    way: int
    slot: int
    form: str


@lru_cache(maxsize=1)
def _matcher() -> tuple[re.Pattern[str], dict[str, list[_Entry]]]:
    """One pattern for every form of every set, and the entries each lower-cased form may be."""
    entries: dict[str, list[_Entry]] = {}
    for s, variant_set in enumerate(variant_sets()):
        for w, way in enumerate(variant_set.ways):
            for slot, form in enumerate(way):
                entries.setdefault(form.lower(), []).append(_Entry(s, w, slot, form))
    forms = sorted(entries, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in form.split()) for form in forms)
    return re.compile(rf"(?<![\w@/.-])(?:{body})(?![\w@/-])", re.IGNORECASE), entries


def _entry_for(found: str, candidates: list[_Entry]) -> _Entry:
    """The way ``found`` is written: the exactly equal form, else the form it capitalises (at the
    start of a sentence), else the first listed."""
    for entry in candidates:
        if entry.form == found:
            return entry
    for entry in candidates:
        if entry.form[:1].upper() + entry.form[1:] == found:
            return entry
    return candidates[0]


#: A word with a capital after a small letter (``iPhone``, ``PayPal``, ``eSavings``): a name.
_CAMEL = re.compile(r"[a-z][A-Z]")
_NAME_WORD = re.compile(r"(?<![\w@#/.'’-])(?:[a-z]+[A-Z]|[A-Z][a-z]+)[A-Za-z]*(?![\w@/-])")
_SKIP = re.compile(r"`[^`\n]*`|[@#]\w+|\S+@\S+\.\w+")
_MENTIONS = re.compile(r"(?:@\w+\s*)+")


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, a sentence, a line or a quote (after any
    @mentions opening a reply): its capital then says nothing about the word."""
    before = text[max(0, start - 80) : start].rstrip(" \t")  # a bounded look back: linear time
    if not before or before[-1] in ".!?:;\n\"“([-–—":
        return True
    return start <= 400 and _MENTIONS.fullmatch(text[:start]) is not None


def _skipped(text: str) -> list[tuple[int, int]]:
    """Spans where words are not prose: links, inline code, mentions, hashtags, addresses."""
    return sorted(links(text) + [(m.start(), m.end()) for m in _SKIP.finditer(text)])


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def occurrences(text: str) -> list[list[Any]]:
    """``[key, way, slot, start, end, text]`` of each variant written in ``text``: a set's form (key: the
    set's name, way: its first form) or a name-like word (key ``case:`` + the word lower-cased,
    way: the word as written). A capitalised word starting a sentence is no name evidence."""
    pattern, entries = _matcher()
    skipped = _skipped(text)
    sets = variant_sets()
    found: list[list[Any]] = []
    for match in pattern.finditer(text):
        if _inside(skipped, match.start(), match.end()):
            continue
        written = " ".join(match.group().split())
        entry = _entry_for(written, entries[written.lower()])
        variant_set = sets[entry.set_index]
        way = variant_set.ways[entry.way][0]
        found.append([variant_set.name, way, entry.slot, match.start(), match.end(), written])
        skipped.append((match.start(), match.end()))  # a set's form is no name as well ("WiFi")
    for match in _NAME_WORD.finditer(text):
        word = match.group()
        if _inside(skipped, match.start(), match.end()):
            continue
        if word == STAND_IN or (not _CAMEL.search(word) and _starts_sentence(text, match.start())):
            continue  # a masked placeholder, or a capital that only starts a sentence
        found.append([_CASE + word.lower(), word, 0, match.start(), match.end(), word])
    return sorted(found, key=lambda occurrence: occurrence[3])  # in text order, piece by piece as whole


@dataclass
class _Way:
    """One way of writing a key, as the library uses it: counts and the first places."""

    count: int = 0
    documents: int = 0
    last_document: int = -1
    #: ``(document index, place, text as written, slot)`` of the first occurrences (at most the cap).
    places: list[tuple[int, Place, str, int]] = field(default_factory=list)


@register
class MixedTerminologyRule(LibraryRule):
    """A term written two ways across the library: the less used way, with counts and the usual one.

    Customers notice when one reply says "sign in" and the next "log in", or "e-mail" beside
    "email": it reads as if nobody owns the words. The rule counts, over every document the run
    reads, each way of writing the terms in voicelint's variant sets (``sign in``/``log in``,
    ``email``/``e-mail``, ``Wi-Fi``/``WiFi``/``wifi``, US and UK spellings such as
    ``cancelled``/``canceled``) and each capitalisation of names written with a capital inside
    (``PayPal``/``Paypal``, ``iPhone``/``Iphone``). Where a term has a clear majority way, each use
    of a way used ``min_ratio`` times less than the usual one is reported (at most ``max_marked``
    per way; the message gives the total) with the majority way as the suggestion: a safe fix for
    spelling and names, an unsafe one where the
    product's own wording decides (``sign in``/``log in``). Words inside links, code, mentions and
    placeholders do not count. The usual way needs ``min_uses`` uses (a name's, in two documents
    or more) before the others are judged against it.
    """

    code = "VL603"
    name = "mixed-terminology"
    category = "consistency"
    severity = Severity.INFO
    english_only = False
    summary = "One term written two ways across the library (sign in/log in, e-mail/email, PayPal/Paypal)."
    needs = frozenset({"sents"})
    options = {
        "min_uses": Number(minimum=2, maximum=1_000_000, integer=True),
        "max_marked": Number(minimum=1, maximum=1_000_000, integer=True),
        "min_ratio": Number(minimum=1, maximum=100),
    }
    defaults = {"min_uses": 3, "max_marked": 20, "min_ratio": 2}
    bad_example = "Please log in to your account ... (and in 40 other replies: 'sign in')"
    good_example = "Please sign in to your account. (every reply says 'sign in')"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys: dict[str, dict[str, _Way]] = {}

    def observation(self, ctx: DocumentContext) -> list[Any]:
        return occurrences(ctx.text)

    def shift_observation(self, observation: Any, offset: int) -> list[Any]:
        return [[k, w, slot, start + offset, end + offset, text] for k, w, slot, start, end, text in observation]

    def locate_observation(self, observation: Any, document: Document) -> list[Any]:
        """Each occurrence with its place in the file and the text as written."""
        # The document's own text, not the parser's (placeholders there are masked, same length).
        return [
            [k, w, slot, place_of(document.locate, start, end), document.text[start:end]]
            for k, w, slot, start, end, _ in observation
        ]

    def start_run(self) -> None:
        self._keys = {}

    def observe(self, index: int, path: str, record_id: str | None, located: Any) -> None:
        cap = self.option("max_marked")
        for key, way, slot, place, text in located:
            kept = self._keys.setdefault(key, {}).setdefault(way, _Way())
            kept.count += 1
            if kept.last_document != index:
                kept.documents += 1
                kept.last_document = index
            if len(kept.places) < cap:
                kept.places.append((index, place, text, slot))

    def finish_run(self) -> Iterator[tuple[int, Finding]]:
        found: list[tuple[int, Finding]] = []
        for key, ways in self._keys.items():
            if len(ways) >= 2:
                found.extend(self._key_findings(key, ways))
        self._keys = {}
        yield from sorted(found, key=lambda pair: (pair[0], pair[1].span.start.offset if pair[1].span else 0))

    def _key_findings(self, key: str, ways: dict[str, _Way]) -> Iterator[tuple[int, Finding]]:
        ranked = sorted(ways.items(), key=lambda item: (-item[1].count, item[0]))
        (usual, top), runner_up = ranked[0], ranked[1][1]
        if top.count == runner_up.count or top.count < self.option("min_uses"):
            return  # no majority to suggest, or too few uses to call one usual
        if key.startswith(_CASE):
            if not any(_CAMEL.search(way) for way in ways):
                return  # "Apple"/"apple": capitals alone do not make a name
            if top.documents < 2:
                return
            safe, variant_set = True, None
        else:
            variant_set = next(s for s in variant_sets() if s.name == key)
            safe = variant_set.safe
        for way, kept in ranked[1:]:
            if kept.count * self.option("min_ratio") > top.count:
                continue  # no clear majority over this way
            for index, place, written, slot in kept.places:
                if variant_set is not None:
                    target = variant_set.ways[[w[0] for w in variant_set.ways].index(usual)][slot]
                    if written[:1].isupper() and target[:1].islower():
                        target = target[:1].upper() + target[1:]
                else:
                    target = usual
                marked = "" if kept.count <= len(kept.places) else f" (the first {len(kept.places)} are marked)"
                what = "this name" if key.startswith(_CASE) else "this term"
                how_many = {2: "two", 3: "three"}.get(len(ways), str(len(ways)))
                message = (
                    f"'{written}': this library writes {what} {how_many} ways, "
                    f"'{usual}' {plural(top.count, 'time')} in "
                    f"{plural(top.documents, 'record')} and '{way}' {plural(kept.count, 'time')} in "
                    f"{plural(kept.documents, 'record')}{marked}. Use '{target}', the library's usual form."
                )
                yield index, Finding(
                    start=0,
                    end=0,
                    message=message,
                    suggestions=(target,),
                    span=span_of(place),
                    match=written,
                    fixes=(Fix(target, "safe" if safe else "unsafe", f"Replace with '{target}'"),),
                )
