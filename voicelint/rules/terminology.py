"""Preferred terminology: the guide's ``terms`` (use X, not Y)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from voicelint.guide.model import Guide, Term
from voicelint.guide.schema import ListOf, Map, Str
from voicelint.guide.sections import GuideSection, register_section
from voicelint.guide.spec import PHRASES, SEVERITY
from voicelint.matching import PhraseMatcher, match_case
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.settings import EffectiveSetting
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

_IRREGULAR_PAST = {"set": "set", "put": "put", "run": "ran", "send": "sent", "get": "got", "make": "made"}


def inflect_like(replacement: str, token: Token) -> str:
    """Inflect the first word of ``replacement`` like the verb ``token`` (log in -> logged in)."""
    first, _, rest = replacement.partition(" ")
    tag = token.tag_
    if token.pos_ != "VERB" or token.lower_ == token.lemma_.lower() or not first.isalpha():
        return replacement
    if tag in ("VBD", "VBN"):
        word = _IRREGULAR_PAST.get(first.lower()) or (
            first + "d" if first.endswith("e") else first + "ed"
        )
    elif tag == "VBZ":
        word = first + ("es" if first.endswith(("s", "sh", "ch", "x")) else "s")
    elif tag == "VBG":
        word = (first[:-1] if first.endswith("e") else first) + "ing"
    else:
        return replacement
    return f"{word} {rest}" if rest else word


#: Second words that make a two-word term a phrasal verb ("sign in", "set up").
_PARTICLES = frozenset({"in", "up", "out", "on", "off", "down", "over", "back", "away"})


#: Tags of a word before a noun that show it is one: "the", "your", "Ana's", "after", "new", "2".
_BEFORE_A_NOUN = frozenset({"DT", "PRP$", "POS", "IN", "JJ", "CD"})


def _used_as_noun(first: Token, last: Token) -> bool:
    """Whether the words ``first``..``last`` are a noun or modify one, with evidence beyond the tag.

    The tagger alone calls a line-initial "login" of a link text a noun even in "login to your
    account", so a neighbour must agree: a noun after it ("login page"), or a determiner,
    possessive, preposition, adjective or number before it ("your login", "after login"). Never
    before "to", where it is the verb ("login to the help desk").
    """
    if first.pos_ not in ("NOUN", "PROPN"):
        return False
    doc = first.doc
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    before = doc[first.i - 1] if first.i > 0 else None
    if after is not None and after.lower_ == "to":
        return False
    return (after is not None and after.pos_ in ("NOUN", "PROPN")) or (
        before is not None and before.tag_ in _BEFORE_A_NOUN
    )


def noun_form(replacement: str, first: Token, last: Token) -> str:
    """A phrasal-verb ``replacement`` hyphenated where the words it replaces are used as a noun.

    "login" is a noun in "the login page" and "your login": the preferred "sign in" must then be
    "sign-in" (the noun and modifier form); as a verb ("login to the help desk") it stays open.
    """
    words = replacement.split(" ")
    if len(words) != 2 or words[1].lower() not in _PARTICLES or not _used_as_noun(first, last):
        return replacement
    return "-".join(words)


@register
class PreferredTermRule(Rule):
    """A word or phrase the guide replaces with its preferred term (``terms``).

    One brand, one vocabulary: if the product says "sign in", support should not say "log in".
    Each ``avoid`` variant is found case-insensitively with its inflections, and the preferred
    ``use`` term is suggested in the same case and, for verbs, the same tense ("logged in" ->
    "signed in"); a phrasal verb replacing a noun is hyphenated ("the login page" -> "the sign-in
    page").
    """

    code = "VL102"
    name = "preferred-term"
    category = "terminology"
    severity = Severity.WARNING
    summary = "A `terms.avoid` variant where the guide prefers `terms.use`."
    # The guide's preferred term, with the case and inflection of what it replaces: meaning kept.
    fix_applicability = "safe"
    fix_title = "Use the preferred term '{replacement}'"
    needs = frozenset({"lemma", "pos"})
    bad_example = "Log in to your account and open Settings."
    good_example = "Sign in to your account and open Settings."

    def __init__(self, guide: Guide, setting: EffectiveSetting, nlp: Language) -> None:
        super().__init__(guide, setting, nlp)
        variants = ((variant, term) for term in guide.terms for variant in term.avoid)
        self._matcher = PhraseMatcher[Term](nlp, variants)

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        text = ctx.text
        for match in self._matcher.find(ctx.doc):
            term = match.payload
            found = text[match.start : match.end]
            first, last = ctx.doc[match.first_token], ctx.doc[match.last_token]
            suggestion = match_case(found, noun_form(inflect_like(term.use, first), first, last))
            message = f"Use '{suggestion}' instead of '{found}'"
            message += f": {term.reason}" if term.reason else "."
            yield Finding(
                start=match.start,
                end=match.end,
                message=message,
                suggestions=(suggestion,),
                severity=term.severity,
            )


#: ``terms:``: the preferred term and the variants to avoid.
TERMS = register_section(
    GuideSection(
        "terms",
        ListOf(
            Map(
                fields={"use": Str(max_length=200), "avoid": PHRASES, "reason": Str(), "severity": SEVERITY},
                required=("use", "avoid"),
            )
        ),
    )
)
