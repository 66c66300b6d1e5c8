"""The shape of a reply, per channel: a human signature (VL901), the greeting (VL902), the sign-off
(VL903) and the next step (VL904).

A channel says what its replies need in two guide sections (guide-wide or under ``channels.NAME``)::

    signature: {required: true, style: initials}   # initials | name | any
    structure: {greeting: optional, sign_off: optional, next_step: required}  # required | optional | forbidden

Nothing is checked unless a guide asks for it. The detectors live in :mod:`voicelint.structure`
(plain text, shared with ``benchmarks/structure_quality.py``); this module turns a channel's
requirements and what they found into findings whose messages name the requirement and channel.
Every finding is document-level: a greeting or signature may be mostly a masked placeholder
(``Hi {{first_name}},``) and is still the writer's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from voicelint.guide.schema import Bool, Choice, Map
from voicelint.guide.sections import GuideSection, register_section
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.structure.closing import find_greeting, find_sign_off
from voicelint.structure.next_step import find_next_step
from voicelint.structure.signature import Signature, find_signature
from voicelint.structure.text import body_end, body_start, sentences
from voicelint.vocabulary import Severity

SIGNATURE_STYLES = ("initials", "name", "any")
REQUIREMENTS = ("required", "optional", "forbidden")
STRUCTURE_PARTS = ("greeting", "sign_off", "next_step")


def _requirement(ctx: DocumentContext, part: str) -> str:
    structure: dict[str, Any] = ctx.channel.section("structure") or {}
    return str(structure.get(part, "optional"))


def _where(ctx: DocumentContext, key: str) -> str:
    return f"channel '{ctx.channel.name}' ({key})"


def _first_sentence(text: str) -> tuple[int, int]:
    start, end = body_start(text), max(body_start(text), len(text.rstrip()))
    return next(sentences(text, start, end), (start, end))


def _last_sentence(text: str) -> tuple[int, int]:
    start, end = body_start(text), max(body_start(text), len(text.rstrip()))
    spans = list(sentences(text, start, end)) or [(start, end)]
    return spans[-1]


class _StructureRule(Rule):
    document_level = True
    category = "structure"
    severity = Severity.WARNING
    needs = frozenset({"tokens"})
    fix_applicability = "display"


@register
class MissingSignatureRule(_StructureRule):
    """A channel that asks for a human signature got none, a team's, or the wrong style.

    On a public channel customers want to know a person answered, not a logo: social teams sign
    each reply with the agent's initials or first name (``^JS``, ``-Jazz``, ``/KL``). With
    ``signature: {required: true}`` a reply must end with such a signature (or be signed in an email
    sign block, ``Best,\\nSam``, or introduce its writer, ``Sam from Acme here``). A team signature
    (``The Support Team``, ``Customer Care``, ``Acme Support``) does not count: it is flagged.
    ``style: initials`` asks for the tag form (a marker then initials or a first name: ``^JS``,
    ``-JS``, ``/JS``, ``~JS``, ``*SR``, ``– Sam``) or bare initials; ``style: name`` asks for a name
    (``– Sam``, ``Cheers, Sam``, ``Sam from Acme``); ``any`` (the default) takes either. Where the
    channel does not require a signature nothing is checked. How signatures are found:
    :mod:`voicelint.structure.signature`.
    """

    code = "VL901"
    name = "missing-signature"
    summary = "A channel that requires a human signature got none, a team's, or the wrong style."
    bad_example = "@dana We've refunded the charge, it'll show in 3-5 days. - The Support Team"
    good_example = "@dana We've refunded the charge, it'll show in 3-5 days. ^JS"

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        policy: dict[str, Any] = ctx.channel.section("signature") or {}
        if not policy.get("required"):
            return
        style = str(policy.get("style", "any"))
        text = ctx.text
        found = find_signature(text)
        where = _where(ctx, f"signature: required, style {style}")
        if found is None:
            start, end = _last_sentence(text)
            example = "initials such as ^JS" if style == "initials" else "your name, such as – Sam"
            if style == "any":
                example = "initials such as ^JS or a name such as – Sam"
            yield Finding(
                start,
                end,
                f"No signature: {where} asks replies to be signed by the person who wrote them; end with {example}.",
            )
            return
        shown = text[found.start : found.end].split("\n")[0]
        if not found.human:
            yield Finding(
                found.start,
                found.end,
                f"Signed by a team ('{shown}'), not a person: {where} asks "
                "for a human signature (customers want a person, not a logo).",
            )
        elif not _style_ok(found, style):
            wanted = "initials (^JS)" if style == "initials" else "a name (– Sam)"
            yield Finding(found.start, found.end, f"Signed '{shown}' where {where} asks for {wanted}.")


def _style_ok(found: Signature, style: str) -> bool:
    if style == "initials":
        return found.tag or found.initials
    if style == "name":
        return not found.initials
    return True


@register
class GreetingRule(_StructureRule):
    """The reply's greeting does not match its channel: one is required and missing, or forbidden and there.

    ``structure: {greeting: required}`` (an email channel, say) asks every reply to open with a
    greeting; ``forbidden`` (a public reply where the @mention already addresses the customer)
    asks for none. A greeting is a greeting word at the start, after the @mentions, then whom it
    greets and a break: ``Hi Ana,``, ``Hey there!``, ``Good morning``, ``Hi {{first_name}},``,
    ``@handle Hi!``; ``Hello Kitty mugs are back`` and ``Hi-res photos`` are not greetings.
    """

    code = "VL902"
    name = "greeting"
    summary = "A greeting is required and missing, or forbidden and present (per channel)."
    bad_example = 'On email (structure.greeting: required): "Your refund is on its way."'
    good_example = 'On email: "Hi Ana,\\n\\nYour refund is on its way and should arrive by Friday."'

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        requirement = _requirement(ctx, "greeting")
        if requirement == "optional":
            return
        text = ctx.text
        found = find_greeting(text)
        where = _where(ctx, f"structure.greeting: {requirement}")
        if requirement == "required" and found is None:
            start, end = _first_sentence(text)
            yield Finding(start, end, f'No greeting: {where} asks replies to open with one ("Hi Ana,", "Hey there!").')
        elif requirement == "forbidden" and found is not None:
            yield Finding(
                found[0], found[1], f"Greeting '{text[found[0] : found[1]]}' where {where}: start with the answer."
            )


@register
class SignOffRule(_StructureRule):
    """The reply's sign-off does not match its channel: one is required and missing, or forbidden and there.

    A sign-off is a closing formula standing on its own at the end, before any signature:
    ``Best,``, ``Kind regards``, ``Thanks!``, ``Cheers``, ``Take care``, ``Have a great day!``.
    ``Thanks for the feedback.`` is a sentence, not a sign-off. With ``sign_off: required`` a
    signature also closes the reply (on Twitter the initials are the sign-off: ``... ^JS``);
    ``forbidden`` flags closing formulas only (signatures are the ``signature`` setting's business).
    """

    code = "VL903"
    name = "sign-off"
    summary = "A sign-off is required and missing, or forbidden and present (per channel)."
    bad_example = 'On email (structure.sign_off: required): "Hi Ana,\\n\\nYour refund is on its way."'
    good_example = 'On email: "Hi Ana,\\n\\nYour refund is on its way.\\n\\nBest,\\nSam"'

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        requirement = _requirement(ctx, "sign_off")
        if requirement == "optional":
            return
        text = ctx.text
        signature = find_signature(text)
        closing = find_sign_off(text, signature.start if signature is not None and signature.closing else None)
        where = _where(ctx, f"structure.sign_off: {requirement}")
        if requirement == "required" and closing is None and signature is None:
            start, end = _last_sentence(text)
            yield Finding(
                start,
                end,
                f'No sign-off: {where} asks replies to close with one ("Best,", "Thanks!", or your signature).',
            )
        elif requirement == "forbidden" and closing is not None:
            yield Finding(closing[0], closing[1], f"Sign-off '{text[closing[0] : closing[1]]}' where {where}.")


@register
class NextStepRule(_StructureRule):
    """A reply that must say what happens next does not: no one does anything and nothing is asked.

    A customer should finish a reply knowing what happens now. With ``structure: {next_step:
    required}`` a reply needs one sentence that is a question to the customer ("Which device are
    you on?"), a commitment ("We'll email you by Friday", "Our team will follow up within 24
    hours", "We're checking with the warehouse"), a time-bound step ("within 48 hours", "by
    Friday"), or an action for the customer ("Please DM us your order number and we'll check",
    "Try signing out and in", "Here's how: <link>"). Closing wishes ("Have a great day") are not
    steps. The decision is made sentence by sentence and leans to "there is a step" when unsure
    (a wrong flag costs more than a miss); the full list is in :mod:`voicelint.structure.next_step`.
    ``forbidden`` (an announcement channel) flags the first sentence that asks or promises.
    """

    code = "VL904"
    name = "next-step"
    summary = "A reply that must say what happens next (or ask one clear question) does not."
    bad_example = "@dana We're sorry to hear about the delay with your order."
    good_example = "@dana Sorry about the delay! Please DM us your order number and we'll check where it is."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        requirement = _requirement(ctx, "next_step")
        if requirement == "optional":
            return
        text = ctx.text
        found = find_next_step(text)
        where = _where(ctx, f"structure.next_step: {requirement}")
        if requirement == "required" and found is None:
            start = body_start(text)
            end = max(start, body_end(text))
            yield Finding(
                start,
                end,
                f"No next step: {where} asks every reply to say who does what next "
                '("We\'ll email you by Friday") or to ask one clear question.',
            )
        elif requirement == "forbidden" and found is not None:
            yield Finding(found[0], found[1], f"A next step or question where {where}.")


#: ``signature: {required, style}`` (guide-wide or per channel).
SIGNATURE = register_section(
    GuideSection(
        "signature",
        Map(fields={"required": Bool(), "style": Choice(choices=SIGNATURE_STYLES)}),
        per_channel=True,
    )
)
#: ``structure: {greeting, sign_off, next_step}`` (guide-wide or per channel).
STRUCTURE = register_section(
    GuideSection(
        "structure",
        Map(fields={part: Choice(choices=REQUIREMENTS) for part in STRUCTURE_PARTS}),
        per_channel=True,
    )
)
