"""Readability: the document's grade level and each sentence's length, per channel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from voicelint.guide.schema import Map, Number
from voicelint.guide.sections import GuideSection, register_section
from voicelint.readability import SentenceStats, readability_stats
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, Rule, register, register_scorer
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.tokens import Doc

@register_scorer("readability", needs=frozenset({"pos", "sents"}))
def readability_scores(ctx: DocumentContext) -> dict[str, float | int]:
    """``scores.readability`` of the JSON report: grade, words and sentences."""
    return ctx.analysis(readability_stats).as_scores()


# Only conjunctions after which the rest still reads as a sentence of its own ("which" would not).
_SPLIT_WORDS = {"and", "but", "so", "yet"}


@register
class GradeLevelRule(Rule):
    """The document's Flesch-Kincaid grade is above the channel's ``readability.max_grade``.

    Customers read support replies while something is broken; plain words and short sentences
    get read. The grade is computed on the whole document (words, sentences and syllables from
    the same parse every rule uses). Short texts are skipped (``min_words``, default 40): the
    formula was built for passages of 100 words or more, and on a 25-word tweet one long word
    moves it a whole grade (on real replies, grade findings on short texts were mostly wrong).
    """

    document_level = True

    code = "VL201"
    name = "grade-level"
    category = "readability"
    severity = Severity.WARNING
    summary = "Flesch-Kincaid grade of the document above the channel's `readability.max_grade`."
    needs = frozenset({"pos", "sents"})
    options = {"min_words": Number(minimum=0, maximum=10_000, integer=True)}
    defaults = {"min_words": 40}
    bad_example = (
        "Subsequent to the verification of your documentation, our organisation will initiate the "
        "reimbursement procedure, which necessitates approximately ten business days."
    )
    good_example = "We've checked your documents. Your refund is on its way and should arrive within ten days."

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        limit = ctx.channel.readability.max_grade
        if limit is None:
            return
        stats = ctx.analysis(readability_stats)
        if stats.words < self.option("min_words") or stats.fk_grade <= limit:
            return
        words_per_sentence = stats.words / max(1, stats.sentences)
        syllables_per_word = stats.syllables / max(1, stats.words)
        advice = (
            "split long sentences" if words_per_sentence > 15 else "use shorter, everyday words"
        )
        start, end = ctx.doc_span()
        yield Finding(
            start=start,
            end=end,
            message=(
                f"Flesch-Kincaid grade {stats.fk_grade:g} is above this guide's {limit:g} for "
                f"{ctx.channel.name} ({words_per_sentence:.1f} words per sentence, "
                f"{syllables_per_word:.2f} syllables per word); {advice}."
            ),
        )


#: Parts of speech a clause can start with ("we'd recommend", "the best we can do", "Sam will").
_SUBJECT_STARTS = frozenset({"PRON", "PROPN", "DET", "NOUN", "NUM"})


def _reads_as_sentence(doc: Doc, first: int, last: int) -> bool:
    """Whether tokens ``first..last`` (inclusive) read as a sentence of their own: a subject-like
    opening and a verb, at least four words, no line break or masked gap (a removed URL or code)."""
    tokens = doc[first : last + 1]
    if len([t for t in tokens if not (t.is_punct or t.is_space)]) < 4:
        return False
    if any(t.is_space or t.like_url for t in tokens):
        return False
    opening = tokens[0]
    if opening.lower_ == "so" and len(tokens) > 1:
        opening = tokens[1]
    return opening.pos_ in _SUBJECT_STARTS and any(t.pos_ in ("VERB", "AUX") for t in tokens)


def _split_suggestion(doc: Doc, sentence: SentenceStats) -> str | None:
    """The sentence rewritten as two at the clause boundary nearest its middle, or None.

    Only at a semicolon or at ", and/but/so/yet" where both halves read as sentences of their own;
    never where the sentence holds a URL, a line break or removed markup (the rewrite would drop
    it or glue two lines together). No suggestion is better than a garbled one.
    """
    first, last = sentence.first_token, sentence.last_token
    if any(t.is_space or t.like_url or "\n" in t.whitespace_ for t in doc[first : last + 1]):
        return None
    middle = (first + last) / 2
    candidates = []
    for i in range(first + 3, last - 2):
        token = doc[i]
        if token.text == ";" or (token.text == "," and doc[i + 1].lower_ in _SPLIT_WORDS):
            rest = i + 1
            if doc[rest].lower_ in ("and", "but", "yet"):
                rest += 1
            if _reads_as_sentence(doc, first, i - 1) and _reads_as_sentence(doc, rest, last):
                candidates.append((abs(i - middle), i, rest))
    if not candidates:
        return None
    _, cut, rest = min(candidates)
    text = doc.text
    head = text[sentence.start : doc[cut].idx].rstrip()
    tail = text[doc[rest].idx : sentence.end]
    ending = "" if tail[-1:] in ".!?" else "."
    return f"{head}. {tail[0].upper()}{tail[1:]}{ending}"


@register
class SentenceLengthRule(Rule):
    """A sentence longer than the channel's ``readability.max_sentence_words``.

    Long sentences hide the one thing the customer needs to do. The finding points at the
    sentence itself and, when it has a clause boundary (a semicolon, or a comma before "and",
    "but", "so", "yet") where both halves read as sentences, suggests the split; otherwise none.
    """

    code = "VL202"
    name = "sentence-length"
    category = "readability"
    severity = Severity.WARNING
    summary = "A sentence longer than the channel's `readability.max_sentence_words`."
    fix_title = "Split the sentence"
    needs = frozenset({"pos", "sents"})
    bad_example = (
        "We have looked into your order and it seems that the parcel was handed to the wrong courier, "
        "which means that it will take a few more days before it arrives at your address."
    )
    good_example = (
        "We've looked into your order: the parcel went to the wrong courier. "
        "It will arrive a few days late."
    )

    def check(self, ctx: DocumentContext) -> Iterator[Finding]:
        limit = ctx.channel.readability.max_sentence_words
        if limit is None:
            return
        for sentence in ctx.analysis(readability_stats).sentence_stats:
            if sentence.words <= limit:
                continue
            split = _split_suggestion(ctx.doc, sentence)
            yield Finding(
                start=sentence.start,
                end=sentence.end,
                message=(
                    f"This sentence has {sentence.words} words; this guide allows "
                    f"{limit} on {ctx.channel.name}."
                    + (" Split it at the clause boundary." if split else " Split it in two.")
                ),
                suggestions=(split,) if split else (),
            )


#: ``readability:`` (guide-wide or per channel), read by the grade-level and sentence-length rules.
READABILITY = register_section(
    GuideSection(
        "readability",
        Map(
            fields={
                "max_grade": Number(minimum=0, maximum=30),
                "max_sentence_words": Number(minimum=3, maximum=500, integer=True),
            }
        ),
        per_channel=True,
    )
)
