"""``VL002 unsupported-language`` and which rules and scores are built for English.

docs/reference.md section 13: a document not in the guide's ``language`` gets one info finding,
and no rule or score built for English runs on it (tone, readability, boilerplate: their word
lists, weights and syllable counts are English). What the brand wrote itself still applies: its
``banned`` phrases and ``terms`` are matched as written, and the placeholder, length and library
rules do not depend on the language. The detection itself is :mod:`voicelint.language`; it runs
where the Doc is (:mod:`voicelint.analysis`), once per document, and is cached with the analysis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from yaml import Node

from voicelint.guide.schema import _INVALID, Context, Str  # _INVALID: what a failed value is
from voicelint.guide.sections import GuideSection, register_section
from voicelint.language import DEFAULT_LANGUAGE, ISO_639_1, language_name
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register
from voicelint.vocabulary import Severity

#: Categories whose rules are built for English (section 13), unless a rule class says otherwise
#: with ``english_only = True`` or ``False``.
ENGLISH_CATEGORIES = frozenset({"tone", "readability", "boilerplate"})
#: The report's ``scores`` computed with English models; left out for a document in another language.
ENGLISH_SCORES = frozenset({"tone", "readability", "scriptedness"})
#: The key under which a document's language is kept in its :class:`DocumentContext`.
LANGUAGE = "language"


def english_only(rule: type[Rule] | Rule) -> bool:
    """Whether ``rule`` runs only on documents in English."""
    declared = getattr(rule, "english_only", None)
    return rule.category in ENGLISH_CATEGORIES if declared is None else bool(declared)


def guide_language(ctx: DocumentContext) -> str:
    """The language the guide expects on this document's channel (ISO 639-1)."""
    return str(ctx.channel.section("language") or DEFAULT_LANGUAGE)


def document_language(ctx: DocumentContext) -> str:
    """The document's language (ISO 639-1), detected once per document (see :mod:`voicelint.language`)."""
    from voicelint.language import detect

    return ctx.memo(LANGUAGE, lambda: detect(ctx.text, guide_language(ctx)))


@register
class UnsupportedLanguageRule(Rule):
    """The document is not in the guide's language, so the rules built for English do not run on it.

    voicelint's tone, readability and boilerplate rules were built on English: on Spanish or
    German they would give English advice ("use contractions") and English scores. A document in
    another language than the guide's ``language`` (default ``en``) gets this one finding instead,
    and no tone, readability or boilerplate findings or scores; the brand's ``banned`` phrases and
    ``terms``, the placeholder, length and library rules still apply.

    The language is detected offline and conservatively: a reply too short or too uncertain to
    tell (under 20 letters of words once URLs, handles, placeholders, names, acronyms, code and
    numbers are set aside, or less than 90% sure it is not in the guide's language) is taken to
    be in the guide's language. Measured on 780 labelled support replies: no English reply
    flagged, 98% of the others caught (``benchmarks/language_quality.py``).
    """

    document_level = True
    code = "VL002"
    name = "unsupported-language"
    category = "consistency"
    severity = Severity.INFO
    summary = "The document is not in the guide's language; the rules built for English skip it."
    needs = frozenset({"tokens"})
    english_only = False
    bad_example = "Hola Marta, gracias por escribirnos. El reembolso llegará en 3 a 5 días. (English guide)"
    good_example = "Hi Marta, thanks for writing in. The refund will arrive in 3 to 5 days."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        expected = guide_language(ctx)
        found = document_language(ctx)
        if found == expected:
            return
        start, end = ctx.doc_span()
        yield Finding(
            start=start,
            end=end,
            message=(
                f"This reads as {language_name(found)} ({found}); the guide is for {language_name(expected)} "
                f"({expected}), so tone, readability and boilerplate were not checked."
            ),
        )


@dataclass
class LanguageCode(Str):
    """An ISO 639-1 code (``en``, ``es``), returned lower-cased; a name or a region tag gets a hint."""

    expected: str = "an ISO 639-1 language code such as 'en' or 'es'"

    def check(self, value: Any, node: Node, key_path: str, ctx: Context) -> Any:
        checked = super().check(value, node, key_path, ctx)
        if not isinstance(checked, str):
            return checked
        code = checked.strip().lower()
        if code in ISO_639_1:
            return code
        hint = _hint(code) if ctx.quote else ""
        ctx.error(node, key_path, f"expected {self.expected}, got {ctx.show(value)}{hint}")
        return _INVALID


def _hint(code: str) -> str:
    """``"; did you mean 'es'?"`` for ``es-MX``, ``spanish``, ``sp``..., else ``""``."""
    import difflib

    region = code.replace("_", "-").split("-")[0]
    if region != code and region in ISO_639_1:
        return f"; did you mean {region!r}? (the language only, without a region)"
    by_name = {name.lower(): c for c, name in ISO_639_1.items()}
    if code in by_name:
        return f"; did you mean {by_name[code]!r}? ({ISO_639_1[by_name[code]]})"
    if len(code) == 3 and code.isalpha():  # an ISO 639-2/3 code: eng, spa, fre, deu
        named = [c for c, name in ISO_639_1.items() if name.lower().startswith(code)]
        guess = named[0] if len(named) == 1 else code[:2] if code[:2] in ISO_639_1 else None
        if guess:
            return f"; did you mean {guess!r}? ({ISO_639_1[guess]}; two letters, ISO 639-1)"
    close = difflib.get_close_matches(code, list(by_name), n=1, cutoff=0.75)
    if close:
        return f"; did you mean {by_name[close[0]]!r}? ({ISO_639_1[by_name[close[0]]]})"
    if code in ("iw", "in", "ji"):  # withdrawn ISO 639-1 codes
        new = {"iw": "he", "in": "id", "ji": "yi"}[code]
        return f"; did you mean {new!r}? ({ISO_639_1[new]})"
    return ""


#: ``language:`` (guide-wide or per channel): the language the guide's replies are written in.
LANGUAGE_SECTION = register_section(GuideSection("language", LanguageCode(max_length=40), per_channel=True))
