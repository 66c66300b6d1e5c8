"""``VL604 inconsistent-signature``: a library that signs off or signs in more than one way.

The detectors are :mod:`voicelint.structure`'s (the same that VL301-VL303 use): this rule only
counts their results over the library and reports the rare forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from voicelint.document import Document
from voicelint.guide.schema import Number
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, LibraryRule, register
from voicelint.rules.library_place import Place, place_of, plural, span_of
from voicelint.structure.closing import find_sign_off
from voicelint.structure.signature import Signature, find_signature
from voicelint.vocabulary import Severity

_MARKERS = {"^": "a caret", "~": "a tilde", "*": "an asterisk", "/": "a slash", "-": "a dash"}
#: Distinct spellings kept per form (to show the usual one): enough, and flat memory.
_MAX_WRITTEN = 50
_KINDS = {"initials": "initials", "name": "a first name", "team": "a team name"}


def signature_style(text: str, found: Signature) -> tuple[str, str]:
    """``(key, description)`` of how a reply is signed: the tag's marker and what follows it
    (``^JS``: a caret and initials), or a name or team after the text."""
    if found.tag:
        written = text[found.start : found.end]
        marker = written[: len(written) - len(found.signer)].strip()
        marker = "-" if marker and marker[0] in "-–—" else marker
        return f"tag{marker}{found.kind}", f"{_MARKERS.get(marker, repr(marker))} and {_KINDS[found.kind]}"
    return f"line:{found.kind}", f"{_KINDS[found.kind]} after the text"


#: Closing wishes (``Take care``, ``Have a great day``, ``See you soon``): a reply may end with
#: one as well as with any sign-off, so they are no competing form of it (measured on AirAsia's
#: replies, "See you on board!" beside "Thanks" was no inconsistency a support lead would fix).
_WISHES = re.compile(
    r"(?:have a|take care|see you|talk soon|speak soon|chat soon|stay safe|be well|bye|goodbye|hope to)\b"
)


def sign_off_form(text: str) -> str:
    """A sign-off as compared: its words, lower-cased (``Best,`` and ``best!`` are one form; so
    are ``Thanks!`` and ``Thank you.``); empty for a closing wish, which is not compared."""
    form = " ".join(re.findall(r"[\w']+", text.lower()))
    if _WISHES.match(form):
        return ""
    # "Thank you" and "Thanks" are one sign-off in two spellings (McDonald's 2 of 25 were no finding)
    return re.sub(r"^(?:thank you|thanks)(?: so much| very much| again)?$", "thanks", form)


@dataclass
class _Form:
    """One sign-off or signature form as the library uses it: how many documents, first places."""

    count: int = 0
    description: str = ""
    #: The form as most often written (``Best,``; ``^JS``), with how often: shown in messages.
    written: dict[str, int] = field(default_factory=dict)
    places: list[tuple[int, Place, str]] = field(default_factory=list)


@register
class InconsistentSignatureRule(LibraryRule):
    """A sign-off or signature style that few replies of the library use, when most use another.

    A brand that signs "^JS" on 400 replies and "- Sam" on 5, or closes with "Best," 40 times and
    "Cheers," 3 times, sounds like several companies. Sign-offs (``Best,``, ``Thanks!``, ``Kind
    regards``) are compared by their words (closing wishes such as ``Take care`` or ``Have a great
    day`` go with any sign-off and are not compared); signatures by their style, not the person: a marker
    and initials (``^JS``, ``^RR`` are one style), a marker and a first name (``-Jazz``), a name
    or a team after the text (an introduction, ``Sam from Acme here``, opens a reply rather than
    signing it, and takes no part). When one form is used by at least ``min_share``
    of the library's documents that have one (and by ``min_documents`` at least), each use of a
    form that ``max_share`` or less of them use is reported, with the counts and the usual form
    (at most ``max_marked`` per form). The detectors are those of the structure rules.
    """

    code = "VL604"
    name = "inconsistent-signature"
    category = "consistency"
    severity = Severity.INFO
    english_only = False
    #: Read once on the whole text of a long document (its end is where sign-offs are), not per piece.
    document_level = True
    summary = "More than one sign-off or signature style across the library: the rare ones, with counts."
    needs = frozenset({"sents"})
    fix_applicability = "unsafe"
    options = {
        "min_documents": Number(minimum=2, maximum=1_000_000, integer=True),
        "min_share": Number(minimum=0.3, maximum=1),
        "max_share": Number(minimum=0, maximum=0.5),
        "max_marked": Number(minimum=1, maximum=1_000_000, integer=True),
    }
    defaults = {"min_documents": 10, "min_share": 0.6, "max_share": 0.1, "max_marked": 20}
    bad_example = "Cheers,\nSam   (where 40 of the library's 45 signed replies close with 'Best,')"
    good_example = "Best,\nSam   (the library's usual sign-off)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._forms: dict[str, dict[str, _Form]] = {}

    def observation(self, ctx: DocumentContext) -> list[Any]:
        """``[part, key, description, start, end, text]`` for the sign-off and the signature found."""
        text = ctx.text
        found: list[Any] = []
        signature = find_signature(text)
        if signature is not None and signature.closing:
            key, description = signature_style(text, signature)
            start, end = signature.start, signature.end
            found.append(["signature", key, description, start, end, text[start:end]])
        sign_off = find_sign_off(text, signature.start if signature is not None and signature.closing else None)
        if sign_off is not None:
            start, end = sign_off
            form = sign_off_form(text[start:end])
            if form:
                found.append(["sign-off", form, form, start, end, text[start:end]])
        return found

    def locate_observation(self, observation: Any, document: Document) -> list[Any]:
        # The document's own text, not the parser's (placeholders there are masked, same length).
        return [
            [part, key, about, place_of(document.locate, a, b), document.text[a:b]]
            for part, key, about, a, b, _ in observation
        ]

    def start_run(self) -> None:
        self._forms = {}

    def observe(self, index: int, path: str, record_id: str | None, located: Any) -> None:
        cap = self.option("max_marked")
        for part, key, description, place, text in located:
            form = self._forms.setdefault(part, {}).setdefault(key, _Form(description=description))
            form.count += 1
            if text in form.written or len(form.written) < _MAX_WRITTEN:
                form.written[text] = form.written.get(text, 0) + 1
            if len(form.places) < cap:
                form.places.append((index, place, text))

    def finish_run(self) -> Iterator[tuple[int, Finding]]:
        found: list[tuple[int, Finding]] = []
        for part, forms in self._forms.items():
            found.extend(self._part_findings(part, forms))
        self._forms = {}
        yield from sorted(found, key=lambda pair: pair[0])

    def _part_findings(self, part: str, forms: dict[str, _Form]) -> Iterator[tuple[int, Finding]]:
        total = sum(form.count for form in forms.values())
        ranked = sorted(forms.items(), key=lambda item: (-item[1].count, item[0]))
        usual_key, usual = ranked[0]
        if usual.count < self.option("min_documents") or usual.count < self.option("min_share") * total:
            return
        for key, form in ranked[1:]:
            if form.count > self.option("max_share") * total:
                continue
            marked = "" if form.count <= len(form.places) else f" (the first {len(form.places)} are marked)"
            usual_written = max(usual.written.items(), key=lambda item: (item[1], item[0]))[0]
            for index, place, text in form.places:
                if part == "signature":
                    message = (
                        f"Signed with {form.description}, as {plural(form.count, 'reply')} of {total} signed "
                        f"ones are{marked}; {usual.count} sign with {usual.description} ('{usual_written}'). "
                        "One signature style makes the replies sound like one team."
                    )
                else:
                    message = (
                        f"Closes with '{key}', as {plural(form.count, 'reply')} of {total} with a sign-off do"
                        f"{marked}; {usual.count} close with '{usual_key}'. One sign-off makes the replies sound "
                        "like one team."
                    )
                suggestions = (usual_written,) if part == "sign-off" else ()
                finding = Finding(0, 0, message, suggestions, span=span_of(place), match=text)
                yield index, finding
