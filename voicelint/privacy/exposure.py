"""Personal data a reply itself contains: an email address, a phone number, card digits, a street
address, or a data item followed by its value ("your account number is 55128834").

Each detector is a single left-to-right pass over the token table or the text. What a brand
publishes is not the customer's data and is left alone: role mailboxes (support@, help@) outside
personal mail providers, the guide's own domains, toll-free numbers and numbers after "call us",
and reference numbers the brand gives (ticket #12345, case 00123456).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from voicelint.privacy.lexicon import normalise
from voicelint.token_table import TokenTable

_LEXICON = Path(__file__).with_name("lexicon.yaml")
#: Characters inside a phone or card number ("+44 (0)20 7946-0958", "4111 1111 1111 1111").
_NUMBER_CHARS = frozenset("0123456789 -().+")
#: How many tokens before a number decide whose it is.
_CONTEXT = 4
_YOU = frozenset({"you", "u", "ya"})


@dataclass(frozen=True)
class Exposure:
    """A stretch of personal data in the text (character offsets) and what it is."""

    start: int
    end: int
    what: str


@dataclass(frozen=True)
class ExposureWords:
    """The word lists the exposure detectors read."""

    role_mailboxes: frozenset[str]
    personal_mail_domains: frozenset[str]
    brand_phone_prefixes: tuple[str, ...]
    brand_phone_context: frozenset[str]
    customer_phone_context: frozenset[str]
    contact_verbs: frozenset[str]
    value_links: frozenset[str]
    reference_words: frozenset[str]
    street_suffixes: frozenset[str]
    brand_place_context: frozenset[str]
    card_ending: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def exposure_words() -> ExposureWords:
    """The packaged exposure word lists, read once."""
    data = yaml.safe_load(_LEXICON.read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(normalise(str(w)).replace(" ", "") for w in data[key])

    return ExposureWords(
        role_mailboxes=words("role_mailboxes"),
        personal_mail_domains=frozenset(str(w).lower() for w in data["personal_mail_domains"]),
        brand_phone_prefixes=tuple(str(p) for p in data["brand_phone_prefixes"]),
        brand_phone_context=words("brand_phone_context"),
        customer_phone_context=words("customer_phone_context"),
        contact_verbs=words("contact_verbs"),
        value_links=frozenset(normalise(str(w)) for w in data["value_links"]),
        reference_words=words("reference_words"),
        street_suffixes=words("street_suffixes"),
        brand_place_context=words("brand_place_context"),
        card_ending=tuple(tuple(normalise(str(p)).split()) for p in data["card_ending"]),
    )


def _linked(domain: str, links: list[str]) -> bool:
    """Whether a link in the reply points at ``domain`` (a brand links its own site)."""
    for link in links:
        at = link.find(domain)
        while at != -1:
            end = at + len(domain)
            if (at == 0 or link[at - 1] in "./@") and (end == len(link) or link[end] in "/:?#"):
                return True
            at = link.find(domain, at + 1)
    return False


def _emails(table: TokenTable, words: ExposureWords, brand_domains: frozenset[str]) -> Iterator[Exposure]:
    links = [t.lower() for t, url in zip(table.texts, table.like_url, strict=True) if url]
    for i, flag in enumerate(table.like_email):
        if not flag:
            continue
        text = table.texts[i].strip(".,;:!?()<>\"'")
        local, _, domain = text.lower().rpartition("@")
        if not local or "." not in domain:
            continue
        own = domain in brand_domains or any(domain.endswith("." + d) for d in brand_domains)
        own = own or (domain not in words.personal_mail_domains and _linked(domain, links))
        role = normalise(local).replace("-", "").replace("_", "") in words.role_mailboxes
        if own or (role and domain not in words.personal_mail_domains):
            continue
        start = table.idx[i] + table.texts[i].index(text)
        yield Exposure(start, start + len(text), "an email address")


def _token_before(table: TokenTable, char: int) -> int:
    """The index of the last token that ends at or before ``char`` (-1 when none)."""
    lo, hi = 0, len(table.idx)
    while lo < hi:
        mid = (lo + hi) // 2
        if table.idx[mid] < char:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1


def _context(table: TokenTable, char: int) -> list[str]:
    """The normalised words of the few tokens before ``char``, nearest last."""
    end = _token_before(table, char)
    return [normalise(table.texts[j]) for j in range(max(0, end - _CONTEXT + 1), end + 1)]


def _number_runs(text: str) -> Iterator[tuple[int, int]]:
    """Maximal stretches of digits and number punctuation that start and end with a digit (or
    "+"/"("), and that are not glued to a word, a handle, a hashtag, a URL or a date."""
    i, n = 0, len(text)
    while i < n:
        if not (text[i].isdigit() or text[i] in "+("):
            i += 1
            continue
        start = i
        while i < n and text[i] in _NUMBER_CHARS:
            i += 1
        end = i
        while end > start and not text[end - 1].isdigit():
            end -= 1
        if end <= start:
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < n else " "
        if before.isalnum() or before in "@#/_:$£€" or after.isalnum() or after in "/@_%:":
            continue
        yield start, end


def _numbers(table: TokenTable, text: str, words: ExposureWords) -> Iterator[Exposure]:
    for start, end in _number_runs(text):
        run = text[start:end]
        digits = "".join(c for c in run if c.isdigit())
        groups = [g for g in run.replace("(", " ").replace(")", " ").replace("-", " ").replace(".", " ").split() if g]
        context = _context(table, start)
        reference = any(w in words.reference_words for w in context)
        if reference and not any(w in words.customer_phone_context for w in context[-2:]):
            continue
        if 13 <= len(digits) <= 19 and len(groups) >= 4 and all(len(g) == 4 for g in groups[:3]):
            yield Exposure(start, end, "a card number")
            continue
        if not 10 <= len(digits) <= 13:
            continue
        if digits.startswith(words.brand_phone_prefixes):
            continue  # toll-free and shared-cost numbers are published by businesses, not people
        # "your number", "call you on": the customer's; "you can call", "call us on", a bare number
        # (a store, a branch, a helpline): the brand's.
        customer = any(
            w in words.customer_phone_context or (w in _YOU and j and context[j - 1] in words.contact_verbs)
            for j, w in enumerate(context)
        )
        if customer:
            yield Exposure(start, end, "a phone number")


def _card_endings(table: TokenTable, words: ExposureWords) -> Iterator[Exposure]:
    lowers = [normalise(t) for t in table.texts]
    for i, word in enumerate(lowers):
        if not (len(word) == 4 and word.isdigit()):
            continue
        for phrase in words.card_ending:
            j = i - len(phrase)
            if j >= 0 and tuple(lowers[j:i]) == phrase and "card" in lowers[max(0, j - 4) : j]:
                yield Exposure(table.idx[i], table.end_char(i), "card digits")
                break


def _street_addresses(table: TokenTable, words: ExposureWords) -> Iterator[Exposure]:
    n = len(table.texts)
    for i in range(n):
        number = table.texts[i]
        if not (number.isdigit() and len(number) <= 5):
            continue
        j = i + 1
        while j < n and j - i <= 3 and table.texts[j][:1].isupper() and table.is_alpha[j]:
            if normalise(table.texts[j]) in words.street_suffixes and j > i + 1:
                context = _context(table, table.idx[i])
                if not any(w in words.brand_place_context for w in context):
                    yield Exposure(table.idx[i], table.end_char(j), "a street address")
                break
            j += 1


def _value_end(text: str, start: int) -> int:
    """The end of a value written with digits and separators ("12/04/1988", "114-2233445")."""
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "/-."):
        end += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return end


def _item_values(table: TokenTable, items: Iterable[tuple[int, int, str]], links: frozenset[str]) -> Iterator[Exposure]:
    """A data item followed by its value: a token with digits, with only linking words between
    ("is", "on the account", ":"), so "booking number for flight AK 379 on 23Nov17" is no value."""
    text = table.text
    sentence_end = [0] * len(table.texts)
    for start, end in table.sents:
        for i in range(start, end):
            sentence_end[i] = end
    for _, end, kind in items:
        for j in range(end, min(end + 6, sentence_end[end - 1] if end else 0)):
            token = table.texts[j]
            if token[:1].isdigit() and not table.like_url[j]:
                end_char = _value_end(text, table.idx[j])
                if sum(c.isdigit() for c in text[table.idx[j] : end_char]) >= 4:
                    yield Exposure(table.idx[j], end_char, f"the customer's {kind}")
                break
            if normalise(token) not in links:
                break


def find_exposures(
    table: TokenTable,
    words: ExposureWords,
    brand_domains: frozenset[str],
    items: Iterable[tuple[int, int, str]] = (),
) -> list[Exposure]:
    """Personal data in the text, in order, without overlaps. ``items`` are the data items the
    request finder saw (token ranges and kind names), whose values count too."""
    found = [
        *_emails(table, words, brand_domains),
        *_numbers(table, table.text, words),
        *_card_endings(table, words),
        *_street_addresses(table, words),
        *_item_values(table, items, words.value_links),
    ]
    found.sort(key=lambda e: (e.start, -e.end))
    kept: list[Exposure] = []
    for exposure in found:
        if kept and exposure.start < kept[-1].end:
            continue
        kept.append(exposure)
    return kept
