"""Length limits: a channel's ``max_chars`` (280 on ``social`` in the default preset)."""

from __future__ import annotations

from collections.abc import Iterator

from voicelint.guide.schema import Number
from voicelint.guide.sections import GuideSection, register_section
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.vocabulary import Severity


@register
class MaxCharsRule(Rule):
    """The document is longer than its channel's ``max_chars``.

    Social replies are cut or split when they are too long, and a reply split in two reads like
    a script. Characters are counted on the text as published (surrounding whitespace ignored).
    """

    document_level = True

    code = "VL301"
    name = "max-chars"
    category = "length"
    severity = Severity.ERROR
    summary = "The document is longer than its channel's `max_chars`."
    needs = frozenset({"tokens"})
    bad_example = "A 400-character reply on the social channel (limit 280)."
    good_example = "A reply that fits in one post, with the details moved to a DM or a help link."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        limit = ctx.channel.max_chars
        if limit is None:
            return
        text = ctx.text
        stripped = text.strip()
        if len(stripped) <= limit:
            return
        start = len(text) - len(text.lstrip())
        yield Finding(
            start=start,
            end=start + len(stripped),
            message=(
                f"{len(stripped)} characters is over the {limit} allowed on {ctx.channel.name} "
                f"by {len(stripped) - limit}; move details to a link or a follow-up."
            ),
        )


#: ``max_chars:`` (guide-wide or per channel).
MAX_CHARS = register_section(
    GuideSection("max_chars", Number(minimum=1, maximum=1_000_000, integer=True), per_channel=True)
)
