"""Scripted boilerplate: stock support phrasing from the catalogue, and the scriptedness score.

The catalogue and matcher live in :mod:`voicelint.boilerplate`; this module turns matches into
findings. A guide (and each channel) can switch boilerplate off, change its severity, allow
phrases, tune families and add its own (``boilerplate:``); one matcher is compiled per distinct
setting and shared by every document of that channel.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, ScalarNode

from voicelint.guide.schema import AnyOf, Bool, Context, ListOf, Map, Str, Switch, did_you_mean
from voicelint.guide.sections import GuideSection, register_section
from voicelint.guide.spec import PHRASES, SEVERITY, name_ok
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register, register_scorer, register_topic
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.language import Language
    from yaml.nodes import Node

    from voicelint.boilerplate import BoilerplateMatch, BoilerplateMatcher, Catalogue

BOILERPLATE_NEEDS = frozenset({"lemma", "pos", "sents"})

_matchers: dict[tuple[int, str], tuple[Catalogue, BoilerplateMatcher]] = {}
_lock = threading.Lock()


def catalogue_for(settings: Mapping[str, Any]) -> Catalogue:
    """The packaged catalogue as ``settings`` (a guide's boilerplate section) customise it."""
    from voicelint.boilerplate import customise_catalogue, load_catalogue

    return customise_catalogue(load_catalogue(), settings)


def matcher_for(nlp: Language, settings: Mapping[str, Any]) -> tuple[Catalogue, BoilerplateMatcher]:
    """The compiled matcher for these settings (built once per pipeline and setting)."""
    from voicelint.boilerplate import BoilerplateMatcher

    key = (id(nlp), json.dumps(settings, sort_keys=True, default=str))
    with _lock:
        if key not in _matchers:
            catalogue = catalogue_for(settings)
            _matchers[key] = (catalogue, BoilerplateMatcher(nlp, catalogue))
        return _matchers[key]


def boilerplate_matches(ctx: DocumentContext) -> list[BoilerplateMatch]:
    """Stock phrases in the document under its channel's settings (computed once per document)."""

    def compute() -> list[BoilerplateMatch]:
        if ctx.nlp is None or ctx.channel.boilerplate.get("enabled") is False:
            return []
        _, matcher = matcher_for(ctx.nlp, ctx.channel.boilerplate)
        return matcher.find(ctx.doc)

    return ctx.memo("boilerplate", compute)


@register_scorer("scriptedness", needs=BOILERPLATE_NEEDS)
def scriptedness_score(ctx: DocumentContext) -> float:
    """``scores.scriptedness``: the share (0-100) of the document's words inside stock phrases."""
    from voicelint.boilerplate import scriptedness

    return scriptedness(ctx.doc, boilerplate_matches(ctx))


@register
class ScriptedPhraseRule(Rule):
    """A stock, scripted-sounding support phrase ("We apologize for any inconvenience").

    Customers hear a script instantly, and a scripted reply sounds like a logo, not a person.
    The catalogue (``styleguides/boilerplate.yaml``, see ``voicelint explain boilerplate``)
    groups 150+ stock phrases into families, each with why it sounds scripted and human rewrites
    with slots to fill in ("Sorry about {the problem} - {what you did about it}."). Matching
    survives inflections, inserted adverbs, we/I swaps, British spelling, odd casing and light
    typos, textspeak ("ty for ur patience") and one dropped determiner in long phrases; short
    stock phrases mined across many brands' replies join their families. Guides control it under
    ``boilerplate:`` (also per channel): ``enabled``, ``severity``, ``allow``,
    ``families.<name or group>: error|warning|info|off`` or ``{enabled, severity, phrases}``, and
    ``extra`` families of their own.
    """

    code = "VL501"
    name = "scripted-phrase"
    category = "boilerplate"
    severity = Severity.WARNING
    severity_section = "boilerplate"
    # A family's rewrites are example replies, not text that fits the matched words.
    fix_applicability = "display"
    fix_title = "Rewrite, e.g. '{replacement}'"
    summary = "Stock, scripted-sounding support phrasing from the boilerplate catalogue."
    needs = BOILERPLATE_NEEDS
    bad_example = "We apologize for any inconvenience this may have caused. Please do not hesitate to contact us."
    good_example = (
        "Sorry your parcel is late - I've sent a replacement today. Reply here if it doesn't arrive by Friday."
    )

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        matches = boilerplate_matches(ctx)
        if not matches or ctx.nlp is None:
            return
        catalogue, _ = matcher_for(ctx.nlp, ctx.channel.boilerplate)
        for match in matches:
            family = catalogue.families[match.family]
            yield Finding(
                start=match.start,
                end=match.end,
                message=f"'{match.text}' sounds scripted ({family.name}): {family.why.strip()}",
                suggestions=tuple(family.rewrites),
                severity=Severity.parse(family.severity) if family.severity else None,
            )


def _catalogue_topic() -> str:
    """``voicelint explain boilerplate``: every family, why it sounds scripted, and its rewrites."""
    from voicelint.boilerplate import load_catalogue

    catalogue = load_catalogue()
    lines = [
        "Boilerplate catalogue (styleguides/boilerplate.yaml)",
        f"{len(catalogue.families)} families, {sum(len(f.phrases) for f in catalogue.families.values())} phrases. "
        "Turn a family off or change its severity under `boilerplate: families: <name>:` in your guide.",
        "Groups set several families at once (`families: {apology: warning, opener: off}`): "
        + "; ".join(f"{group}: {', '.join(members)}" for group, members in catalogue.groups.items())
        + ".",
    ]
    for family in catalogue.families.values():
        lines += ["", f"{family.name}: {family.summary}", f"  why: {family.why.strip()}"]
        lines += [f"  rewrite: {rewrite}" for rewrite in family.rewrites]
        lines.append(f"  e.g. {family.phrases[0]}")
    return "\n".join(lines)


register_topic("boilerplate", _catalogue_topic)


_FAMILY = Map(
    fields={
        "name": Str(max_length=60),
        "summary": Str(),
        "why": Str(max_length=2000),
        "rewrites": PHRASES,
        "phrases": PHRASES,
        "severity": SEVERITY,
        "enabled": Bool(),
        "examples": Map(fields={"match": PHRASES, "no_match": PHRASES}),
    },
    required=("name", "phrases"),
)


def _check_family_names(settings: dict[str, Any], node: Node, key_path: str, ctx: Context) -> None:
    """An unknown family or group under ``boilerplate.families`` is an error at its own line, with
    a "did you mean". Under a channel the names may also be the guide's own ``extra`` families,
    merged later, so there the section check (without a line) decides."""
    families = settings.get("families")
    if not families or key_path.startswith("channels."):
        return
    from voicelint.boilerplate import load_catalogue

    catalogue = load_catalogue()
    known = {*catalogue.families, *catalogue.groups}
    known |= {str(extra.get("name")) for extra in settings.get("extra") or () if isinstance(extra, dict)}
    families_node = next(
        (value for key, value in node.value if isinstance(key, ScalarNode) and key.value == "families"), None
    )
    if not isinstance(families_node, MappingNode):
        return
    for key_node, _ in families_node.value:
        name = key_node.value if isinstance(key_node, ScalarNode) else None
        if isinstance(name, str) and name not in known:
            ctx.error(key_node, f"{key_path}.families.{name}", f"unknown family or group{did_you_mean(name, known)}")


def _check_boilerplate_section(settings: dict[str, Any]) -> None:
    """Families, phrases and allow-lists must compile (skipped when nothing could fail: loading
    the catalogue costs ~0.15 s)."""
    if settings.keys() & {"families", "extra", "allow"}:
        catalogue_for(settings)


#: ``boilerplate:`` (guide-wide or per channel): the scripted-phrase rule's catalogue settings.
BOILERPLATE = register_section(
    GuideSection(
        "boilerplate",
        Map(
            fields={
                "enabled": Bool(),
                "severity": SEVERITY,
                "allow": PHRASES,
                # A family or group name -> a severity / off / on, or the full mapping.
                "families": Map(
                    values=AnyOf(
                        scalar=Switch(choices=("error", "warning", "info", "off", "on")),
                        mapping=Map(fields={"enabled": Bool(), "severity": SEVERITY, "phrases": PHRASES}),
                        expected="a severity (error, warning, info), off, on or a mapping",
                    ),
                    name_pattern=name_ok,
                ),
                "extra": ListOf(_FAMILY),
            },
            check=_check_family_names,
        ),
        per_channel=True,
        check=_check_boilerplate_section,
    )
)
