"""Banned phrases: wording the brand never uses (the guide's ``banned`` list)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from voicelint.guide.model import BannedPhrase, Guide
from voicelint.guide.schema import AnyOf, ListOf, Map, Str
from voicelint.guide.sections import GuideSection, register_section
from voicelint.guide.spec import PHRASES, SEVERITY
from voicelint.matching import PhraseMatcher, match_case
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.settings import EffectiveSetting
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.language import Language


@register
class BannedPhraseRule(Rule):
    """A phrase from the guide's ``banned`` list.

    Brands ban phrases that sound bureaucratic, cold or off-voice ("per our policy", "valued
    customer"). Matching is case-insensitive and inflection-aware (``apologize`` also finds
    "apologized" and "apologise"), on whole words only. Each entry may give a ``reason`` (shown in
    the message), ``suggest`` rewrites (best first, offered in the case of the original) and its
    own ``severity``.
    """

    code = "VL101"
    name = "banned-phrase"
    category = "banned"
    severity = Severity.ERROR
    summary = "A phrase the guide's `banned` list forbids."
    needs = frozenset({"lemma"})
    bad_example = "Per our policy, refunds take 10 days."
    good_example = "Because of how card payments settle, refunds take 10 days."

    def __init__(self, guide: Guide, setting: EffectiveSetting, nlp: Language) -> None:
        super().__init__(guide, setting, nlp)
        self._matcher = PhraseMatcher[BannedPhrase](nlp, ((b.phrase, b) for b in guide.banned))

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        for match in self._matcher.find(ctx.doc):
            entry = match.payload
            found = text[match.start : match.end]
            message = f"'{found}' is banned"
            if found.lower() != entry.phrase.lower():
                message += f" ('{entry.phrase}')"
            message += f": {entry.reason}" if entry.reason else "."
            if entry.suggest:
                message += " Try: " + " / ".join(f"'{s}'" for s in entry.suggest[:3]) + "."
            yield Finding(
                start=match.start,
                end=match.end,
                message=message,
                suggestions=tuple(match_case(found, s) for s in entry.suggest),
                severity=entry.severity,
            )


_BANNED_ENTRY = Map(
    fields={"phrase": Str(max_length=200), "suggest": PHRASES, "reason": Str(), "severity": SEVERITY},
    required=("phrase",),
)

#: ``banned:``: phrases this brand never uses (a phrase, or a mapping with ``phrase``).
BANNED = register_section(
    GuideSection(
        "banned",
        ListOf(
            AnyOf(scalar=Str(max_length=200), mapping=_BANNED_ENTRY, expected="a phrase or a mapping with 'phrase'")
        ),
    )
)
