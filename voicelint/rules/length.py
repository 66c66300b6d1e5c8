"""Length limits, counted the way the channel counts: ``length: {max, count}`` or the short form ``max_chars``.

``length: {max: 280, count: twitter}`` (the ``social`` channel of the default preset) counts as
Twitter does (:mod:`voicelint.structure.twitter`: a link is 23, the leading @mentions of a reply are
not counted, CJK and emoji weigh 2); ``count: chars`` (the default) counts characters.
``max_chars: N`` is the short form of ``length: {max: N, count: chars}``.

Which limit applies to a channel: the channel's own ``max_chars`` or ``length.max`` when it sets
one, else the guide-wide one; at one level ``max_chars`` wins over ``length.max`` (it is what a
guide extending a preset writes over the preset's ``length``). ``count`` is the channel's
``length.count`` over the guide-wide one, ``chars`` when neither is set.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from voicelint.guide.model import ChannelPolicy, Guide
from voicelint.guide.schema import Choice, Map, Number
from voicelint.guide.sections import GuideSection, register_section
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.structure.twitter import counted_text, twitter_length
from voicelint.vocabulary import Severity

#: How a channel counts length.
COUNTS = ("twitter", "chars")


@dataclass(frozen=True, slots=True)
class Limit:
    """A channel's length limit: at most ``max``, counted the ``count`` way."""

    max: int
    count: str = "chars"


def _level_max(data: Mapping[str, Any]) -> int | None:
    if data.get("max_chars") is not None:
        return int(data["max_chars"])
    length = data.get("length") or {}
    return int(length["max"]) if length.get("max") is not None else None


def channel_limit(guide: Guide, channel: ChannelPolicy) -> Limit | None:
    """The limit that applies to ``channel`` (see the module docstring), or None for no limit."""
    own = (guide.data.get("channels") or {}).get(channel.name) or {}
    limit = _level_max(own)
    if limit is None:
        limit = _level_max(guide.data)
    if limit is None:
        return None
    length = channel.section("length") or {}
    return Limit(limit, length.get("count", "chars"))


@register
class MaxCharsRule(Rule):
    """The document is longer than its channel allows, counted the channel's way.

    Social replies are cut or split when they are too long, and a reply split in two reads like
    a script. With ``count: chars`` characters are counted on the text as published (surrounding
    whitespace ignored). With ``count: twitter`` the reply is counted as Twitter counts a post: a
    link is 23 characters however long it is, the @mentions a reply starts with are not counted,
    CJK characters and emoji count 2, and ``&amp;`` counts as the one ``&`` it stands for; a long
    help-centre link therefore does not make a reply "too long" when Twitter would post it.
    """

    document_level = True

    code = "VL301"
    name = "max-chars"
    category = "length"
    severity = Severity.ERROR
    summary = "The document is longer than its channel allows (`length` or `max_chars`)."
    needs = frozenset({"tokens"})
    bad_example = (
        "On social (length: {max: 280, count: twitter}): a 330-character reply that walks through "
        "five troubleshooting steps in one tweet."
    )
    good_example = (
        "@dana Sorry about that! These steps should fix it: https://help.acme.com/en-us/articles/"
        "360001234567-fix-playback-on-android (the long link counts as 23) ^JS"
    )

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        limit = channel_limit(ctx.guide, ctx.channel)
        if limit is None:
            return
        text = ctx.text
        if limit.count == "twitter":
            size = twitter_length(text)
            start, end = counted_text(text)
            how = " as Twitter counts them (a link is 23, the leading @mentions are not counted)"
        else:
            stripped = text.strip()
            size = len(stripped)
            start = len(text) - len(text.lstrip())
            end = start + len(stripped)
            how = ""
        if size <= limit.max:
            return
        yield Finding(
            start=start,
            end=end,
            message=(
                f"{size} characters{how} is over the {limit.max} allowed on {ctx.channel.name} "
                f"by {size - limit.max}; move details to a link or a follow-up."
            ),
        )


#: ``max_chars:`` (guide-wide or per channel): the short form of ``length: {max: N, count: chars}``.
MAX_CHARS = register_section(
    GuideSection("max_chars", Number(minimum=1, maximum=1_000_000, integer=True), per_channel=True)
)
#: ``length: {max: N, count: twitter|chars}`` (guide-wide or per channel).
LENGTH = register_section(
    GuideSection(
        "length",
        Map(fields={"max": Number(minimum=1, maximum=1_000_000, integer=True), "count": Choice(choices=COUNTS)}),
        per_channel=True,
    )
)
