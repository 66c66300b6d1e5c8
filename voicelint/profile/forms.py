"""What one reply shows of its writer's habits: the greeting, the sign-off, the signature and the
preferred terms it uses, each normalised so that the forms of a team can be counted.

Greetings and sign-offs come from :mod:`voicelint.structure` (the same detectors as the structure
rules), normalised to their formula: ``Hi Ana,`` → ``Hi``; ``Thanks so much!`` → ``Thanks so
much``. A signature counts as a sign-off form by its shape, not its person: ``^RR`` and ``^JS`` are
both ``^XX`` (initials after a marker), ``-Jazz`` is ``-Name``, ``Best,\\nSam`` gives ``Best`` and
``Name``, ``The Support Team`` is ``Team``. The signer itself (``^RR``, ``-Jazz``, ``Sam``) names
the agent when a record carries no agent field, as on branded Twitter accounts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from voicelint.guide.model import Term
from voicelint.structure.closing import find_greeting, find_sign_off
from voicelint.structure.signature import Signature, find_signature

#: The form counted for a reply that opens (or closes) without a greeting (or sign-off).
NONE = "(none)"
_DASHES = {"–": "-", "—": "-", "--": "-"}
_GOOD = re.compile(r"(?i)good\s+(morning|afternoon|evening|day)")
_WORDS = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True, slots=True)
class ReplyForms:
    """The normalised forms of one reply."""

    greeting: str
    sign_offs: tuple[str, ...]
    #: Who signed it (``^RR``, ``-Jazz``, ``Sam``), when a person did; None for a team or nobody.
    signer: str | None
    #: Occurrences of each preferred term (``terms[].use``) found, by the term as the guide writes it.
    preferred: dict[str, int]


def greeting_form(text: str) -> str:
    """``Hi``, ``Hey``, ``Hello``, ``Good morning``, ``Dear``... or :data:`NONE`."""
    span = find_greeting(text)
    if span is None:
        return NONE
    words = text[span[0] : span[1]]
    good = _GOOD.match(words)
    if good:
        return f"Good {good.group(1).lower()}"
    first = _WORDS.match(words)
    return first.group(0).capitalize() if first else NONE


def _marker(text: str, signature: Signature) -> str:
    """The marker a tag signature starts with (``^``, ``-``, ``~``...), dashes as ``-``; '' if none."""
    head = text[signature.start : signature.start + 2]
    for dash, plain in _DASHES.items():
        if head.startswith(dash):
            return plain
    return head[:1] if head[:1] and head[:1] in "^~*/-" else ""


def signature_forms(text: str, signature: Signature | None) -> tuple[str | None, str | None]:
    """``(shape, signer)``: the signature's shape (``^XX``, ``-Name``, ``Name``, ``Team``) and, for a
    person, the signer as written (``^RR``, ``-Jazz``, ``Sam``); Nones without a signature."""
    if signature is None:
        return None, None
    if not signature.human:
        return "Team", None
    marker = _marker(text, signature) if signature.tag else ""
    shape = marker + ("XX" if signature.initials else "Name")
    return shape, marker + signature.signer.strip()


def sign_off_form(text: str, end: int | None) -> str | None:
    """The closing formula before ``end``, lower-cased after its first letter, at most four words."""
    span = find_sign_off(text, end)
    if span is None:
        return None
    words = _WORDS.findall(text[span[0] : span[1]])[:4]
    if not words:
        return None
    phrase = " ".join(words).lower()
    return phrase[0].upper() + phrase[1:]


def _term_pattern(term: str) -> re.Pattern[str]:
    """The guide's term as literal words (escaped: guides never supply regular expressions)."""
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])", re.IGNORECASE)


class FormReader:
    """Reads :class:`ReplyForms` from reply texts under one guide's ``terms``."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self._terms = [(term.use, _term_pattern(term.use)) for term in terms if term.use.strip()]

    def read(self, text: str) -> ReplyForms:
        signature = find_signature(text)
        shape, signer = signature_forms(text, signature)
        closing = signature is not None and signature.closing
        sign_off = sign_off_form(text, signature.start if closing and signature else None)
        forms = tuple(form for form in (sign_off, shape) if form) or (NONE,)
        preferred = {use: n for use, pattern in self._terms if (n := len(pattern.findall(text)))}
        return ReplyForms(greeting_form(text), forms, signer, preferred)
