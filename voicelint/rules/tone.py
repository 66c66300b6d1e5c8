"""Tone: the six measured dimensions against the guide's ranges, and sentence-level tone findings.

The measuring lives in :mod:`voicelint.tone` (pure functions over the parsed Doc); this module
turns it into rules. One rule per dimension (VL401-VL406, named after the dimension, so
``voicelint explain tone.warmth`` and ``--ignore tone.hedging`` work) and one per finding kind
(VL411-VL416). The tone package is imported lazily: it loads lexicons, which ``voicelint rules``
does not need.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from voicelint.guide.schema import Map, Number, Range
from voicelint.guide.sections import GuideSection, register_section
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register, register_scorer
from voicelint.token_table import token_table
from voicelint.vocabulary import TONE_DIMENSIONS, Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from voicelint.tone import ToneFinding, ToneResult

TONE_NEEDS = frozenset({"lemma", "pos", "sents"})


def tone_result(doc: Doc) -> ToneResult:
    from voicelint.tone import score_tone

    return score_tone(doc)


def tone_findings(doc: Doc) -> list[ToneFinding]:
    from voicelint.tone import find_tone_issues

    return find_tone_issues(doc)


@register_scorer("tone", needs=TONE_NEEDS)
def tone_scores(ctx: DocumentContext) -> dict[str, float]:
    """``scores.tone`` of the JSON report: the six dimensions, 0-100."""
    return ctx.analysis(tone_result).scores


_MEANINGS = {
    "formality": "formal register: no contractions, long Latinate words, impersonal constructions",
    "warmth": "empathy, gratitude, addressing the person, acknowledging feelings",
    "negativity": "focus on what cannot be done: refusals, 'unfortunately', 'unable', blame",
    "enthusiasm": "exclamation marks, intensifiers, excitement, emoji",
    "hedging": "tentative, uncertain wording: 'I think', 'maybe', 'it seems'",
    "personal": "one human voice: 'I', a name or sign-off, contractions, active voice",
}


class ToneRangeRule(Rule):
    """Base of the per-dimension rules: the score must lie in the channel's ``tone`` range."""

    document_level = True

    dimension: str = ""
    category = "tone"
    severity = Severity.WARNING
    needs = TONE_NEEDS
    options = {"min_words": Number(minimum=0, maximum=10_000, integer=True)}
    defaults = {"min_words": 5}

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        bounds = ctx.channel.tone.get(self.dimension)
        if bounds is None:
            return
        if sum(token_table(ctx.doc).is_alpha) < self.option("min_words"):
            return  # a two-word reply has no measurable tone
        low, high = bounds
        score = ctx.analysis(tone_result).dimensions[self.dimension]
        start, end = ctx.doc_span()
        if score.score < low:
            explanation = score.explain_low().split(" is low", 1)[-1].lstrip(";: ")
            message = (
                f"{self.dimension} {score.score:g} is below this guide's {low:g} for {ctx.channel.name}: "
                f"{explanation}"
            )
        elif score.score > high:
            explanation = score.explain_high().split(" is high", 1)[-1].lstrip(";: ")
            message = (
                f"{self.dimension} {score.score:g} is above this guide's {high:g} for {ctx.channel.name}: "
                f"{explanation}"
            )
        else:
            return
        yield Finding(start=start, end=end, message=message)

    @classmethod
    def documentation(cls) -> str:
        from voicelint.tone import explain_dimension

        return explain_dimension(cls.dimension)


def _make_range_rule(index: int, dimension: str) -> type[ToneRangeRule]:
    attributes: dict[str, Any] = {
        "code": f"VL{401 + index}",
        "name": dimension,
        "dimension": dimension,
        "summary": f"Tone `{dimension}` outside the channel's range (high means {_MEANINGS[dimension]}).",
        "__doc__": f"Tone dimension {dimension} outside the guide's range for the channel.",
        "__module__": __name__,
    }
    return register(type(f"{dimension.title()}RangeRule", (ToneRangeRule,), attributes))  # type: ignore[return-value]


#: ``voicelint explain tone.warmth`` finds these by their ``category.name`` alias.
RANGE_RULES = [_make_range_rule(i, name) for i, name in enumerate(TONE_DIMENSIONS)]


#: The sentence-level finding kinds of the tone package, with their rule metadata.
FINDING_RULES: dict[str, tuple[str, str, str, str]] = {
    # kind: (code, summary, bad example, good example)
    "blame": (
        "VL411",
        "Wording that blames the customer (\"you should have\", \"you failed to\").",
        "You should have checked the size guide before ordering.",
        "The size guide is on the product page; I can swap this for the next size up.",
    ),
    "condescension": (
        "VL412",
        "Talking down to the customer (\"as I already said\", \"obviously\", \"simply\").",
        "As I already said, simply restart the app.",
        "Could you try restarting the app? That clears the stuck download.",
    ),
    "over-apology": (
        "VL413",
        "More than one apology in a short reply.",
        "Sorry for the delay. We apologize for the trouble. Sorry again!",
        "Sorry for the delay: your parcel left our warehouse this morning.",
    ),
    "negative-framing": (
        "VL414",
        "Leading with what cannot be done (\"we can't X until Y\").",
        "We can't ship your order until we receive payment.",
        "We'll ship your order as soon as your payment arrives.",
    ),
    "passive-evasion": (
        "VL415",
        "Passive wording that hides who did what (\"mistakes were made\").",
        "Mistakes were made with your order.",
        "We made a mistake with your order, and I've fixed it.",
    ),
    "shouting": (
        "VL416",
        "ALL CAPS words or repeated exclamation marks.",
        "Your order is NOT lost!!!",
        "Good news: your order isn't lost.",
    ),
}


class ToneFindingRule(Rule):
    """Base of the sentence-level tone rules: one finding kind of :mod:`voicelint.tone.findings`."""

    kind: str = ""
    category = "tone"
    severity = Severity.WARNING
    needs = TONE_NEEDS

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        names = _guide_names(ctx) if self.kind == "shouting" else frozenset()
        for finding in ctx.analysis(tone_findings):
            if finding.kind != self.kind:
                continue
            if names and ctx.text[finding.start:finding.end] in names:
                continue  # the guide's own product word in capitals ("SAML", "PayPlan+") is a name
            yield Finding(finding.start, finding.end, finding.message, tuple(finding.suggestions))


def _guide_names(ctx: DocumentContext) -> frozenset[str]:
    """The guide's preferred terms as written (case kept): a capitalised term there is a name."""
    return frozenset(term.use for term in ctx.guide.terms)


def _make_finding_rule(kind: str, code: str, summary: str, bad: str, good: str) -> type[ToneFindingRule]:
    attributes: dict[str, Any] = {
        "code": code,
        "name": kind,
        "kind": kind,
        "summary": summary,
        "bad_example": bad,
        "good_example": good,
        "__doc__": f"{summary}\n\nCustomers read tone before content; this wording makes a reply sound "
        "defensive or cold. The finding points at the words and offers a rewrite.",
        "__module__": __name__,
    }
    name = "".join(part.title() for part in kind.split("-")) + "Rule"
    return register(type(name, (ToneFindingRule,), attributes))  # type: ignore[return-value]


FINDING_RULE_CLASSES = [_make_finding_rule(kind, *meta) for kind, meta in FINDING_RULES.items()]


#: ``tone:`` (guide-wide or per channel): a ``[min, max]`` range per dimension, read by the range rules.
TONE = register_section(
    GuideSection("tone", Map(fields={name: Range(0, 100) for name in TONE_DIMENSIONS}), per_channel=True)
)
