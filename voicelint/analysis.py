"""Where a spaCy ``Doc`` exists: parse texts and run every rule and scorer on each Doc.

The only module that holds parsed Docs. It turns ``(text, channel, record id)`` triples into
plain, JSON-able :data:`Analysis` data, in the main process or in each worker process of
``--jobs`` (:mod:`voicelint.parallel`); everything order-dependent (library rules, locating
findings in files, formatting) happens in :mod:`voicelint.engine` on that data.

Long documents (over :data:`PIECE_CHARS` characters) are analysed in pieces, so that time grows
linearly with their length and memory stays flat (issue #8: a 1 MB document took 104 s and 2.5 GB
when it was parsed in 100k pieces, joined into one Doc and given to every rule; see
``benchmarks/long_document.py``):

- the text is cut at blank lines (else line breaks, else sentence ends, else spaces; never inside a
  word) into pieces of at most :data:`PIECE_CHARS` characters, which are parsed one at a time and
  dropped once analysed, so no Doc is ever longer than a piece;
- rules about words and sentences (banned phrases, terms, sentence length, boilerplate, the
  library rules' observations) run on each piece, and their offsets are shifted by the piece's
  start, so they point at exactly the same characters as on the whole text;
- document-level results describe the whole document. Rules with ``document_level`` (length,
  grade level, tone ranges), the tone findings (over-apology counts apologies over the whole
  text) and the scores run once, on a context with no Doc (:class:`WholeDocumentContext`) whose
  analyses are added up from the pieces: readability from the summed word, sentence and syllable
  counts; tone from the summed tone features (every count, the part-of-speech table and the
  word/sentence totals are additive; the sign-off is looked for once at the end of the whole
  text); scriptedness from the summed stock-word and word counts; over-apology from the whole
  text. These equal the whole-text computation except at piece boundaries, where the tagger and
  sentence splitter see less context (pieces end at blank lines, where that changes nothing in
  practice); readability's per-sentence statistics are not kept for the whole document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast

from voicelint.guide.model import ChannelPolicy, Guide
from voicelint.nlp import load_pipeline
from voicelint.report import Finding
from voicelint.rules import LibraryRule, Rule
from voicelint.rules.base import DocumentContext, registered_scorers
from voicelint.rules.language import ENGLISH_SCORES, LANGUAGE, document_language, english_only, guide_language
from voicelint.settings import effective_setting
from voicelint.token_table import TokenTable, set_token_table, token_table

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from voicelint.tone import ToneFinding
    from voicelint.tone.features import ToneFeatures

T = TypeVar("T")

# Language (docs/reference.md section 13): each document's language is detected here, once, from
# the text the parser sees (placeholders masked), and kept in the analysis (``language``), so the
# cache and worker processes carry it like every other result. The rules and scores built for
# English (:func:`voicelint.rules.language.english_only`, ``ENGLISH_SCORES``) run only on a
# document in English that the guide expects in English; the others skip them.

#: Texts longer than this are analysed in pieces of at most this many characters (see the module
#: docstring); shorter ones exactly as before, as one Doc. Measured with
#: ``benchmarks/long_document.py`` (500k characters): CPU time is flat from 2,500 to 10,000
#: (16.6-17.6 s) and grows at 20,000 (22.4 s: every piece then holds most boilerplate anchors, and
#: each anchor's Matcher walks the whole piece); 10,000 keeps most long emails on the one-Doc path.
PIECE_CHARS = 10_000
#: Pieces per ``nlp.pipe`` batch. The parser's working memory grows with the tokens of a batch:
#: peak RSS at 500k characters was 217 MB with one 10k piece per batch, 259 MB with two and
#: 475 MB with eight, for the same time.
PIECE_BATCH = 1
# Larger batches keep tok2vec busy on short replies (measured: 256 is ~9% faster than 64 on tweets).
BATCH_SIZE = 256

#: A document's analysis: JSON-able, so it can be cached and sent back from worker processes.
#: ``findings``: rows of :func:`finding_row`; ``scores``: the report's scores; ``observations``:
#: library rule code -> that rule's data; ``language``: the document's ISO 639-1 code;
#: ``failures``: ``[rule code or scorer, message]`` for every rule or scorer that raised on this
#: document (its other results are kept).
Analysis = dict[str, Any]


def finding_row(code: str, finding: Finding) -> list[Any]:
    """A finding as plain data: ``[code, start, end, message, suggestions, severity, fixes]``."""
    return [
        code,
        finding.start,
        finding.end,
        finding.message,
        list(finding.suggestions),
        str(finding.severity) if finding.severity else None,
        [fix.to_list() for fix in finding.fixes],
    ]


def _failure(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class Analyzer:
    """Parses texts with the pruned pipeline and runs every rule and scorer on each Doc.

    The only place a Doc exists. It runs in the main process, or in each worker process for
    ``--jobs``; either way it returns the same plain data.
    """

    def __init__(self, guide: Guide, rule_classes: Sequence[type[Rule]], needs: frozenset[str], model: str | None):
        self.guide = guide
        self.rule_classes = list(rule_classes)
        self.needs = needs
        self.model = model

    @cached_property
    def nlp(self) -> Language:
        from voicelint.language import DEFAULT_LANGUAGE, preload

        languages = {str(c.section("language") or DEFAULT_LANGUAGE) for c in self.guide.channels.values()}
        preload(languages)  # overlaps the detector's load with spaCy's
        nlp = load_pipeline(self.needs, self.model)
        nlp.max_length = max(nlp.max_length, PIECE_CHARS * 2)
        return nlp

    @cached_property
    def rules(self) -> list[Rule]:
        return [cls(self.guide, effective_setting(cls, self.guide), self.nlp) for cls in self.rule_classes]

    @cached_property
    def scorers(self) -> list[tuple[str, Any]]:
        """Every scorer, tone and readability first (the order of ``scores`` in reports)."""
        first = ("tone", "readability")
        ordered = sorted(registered_scorers(), key=lambda name: (first.index(name) if name in first else 9, name))
        return [(name, registered_scorers()[name][0]) for name in ordered]

    def _parse(self, texts: Sequence[str]) -> Iterator[Doc]:
        """One ``nlp.pipe`` stream over ``texts`` (each at most :data:`PIECE_CHARS` long)."""
        return self.nlp.pipe(texts, batch_size=BATCH_SIZE)

    def analyze(self, batch: Sequence[tuple[str, str, str | None]]) -> list[Analysis]:
        """Analyses of ``(text, channel, record id)`` triples, in order.

        A rule or scorer that raises loses only its own results for that document: the failure
        is recorded under ``failures`` (reported as an internal error, exit 2) and every other
        rule, scorer and document still runs.
        """
        results: list[Analysis | None] = [None] * len(batch)
        short = [i for i, (text, _, _) in enumerate(batch) if len(text) <= PIECE_CHARS]
        for i, doc in zip(short, self._parse([batch[i][0] for i in short]), strict=True):
            _, channel, record_id = batch[i]
            ctx = DocumentContext(doc, self.guide.channel(channel), self.guide, record_id, nlp=self.nlp)
            results[i] = self._analyze_one(ctx)
        for i, (text, channel, record_id) in enumerate(batch):
            if results[i] is None:
                results[i] = self._analyze_long(text, channel, record_id)
        return cast(list[Analysis], results)

    def _language(self, ctx: DocumentContext, failures: list[list[str]]) -> tuple[str, bool]:
        """The document's language, and whether the rules and scores built for English run on it.

        A detector that raises is an internal error for this document; it is then read as being
        in the guide's language (as before languages were told apart)."""
        try:
            language = document_language(ctx)
        except Exception as error:
            failures.append(["language", _failure(error)])
            language = ctx.memo(LANGUAGE, lambda: guide_language(ctx))
        return language, language == guide_language(ctx) == "en"

    def _analyze_one(self, ctx: DocumentContext) -> Analysis:
        findings: list[list[Any]] = []
        failures: list[list[str]] = []
        observations: dict[str, Any] = {}
        language, english = self._language(ctx, failures)
        for rule in self.rules:
            if not english and english_only(rule):
                continue
            try:
                if isinstance(rule, LibraryRule):
                    observations[rule.code] = rule.observation(ctx)
                else:
                    rows = [finding_row(rule.code, finding) for finding in rule.check(ctx)]
                    findings.extend(rows)
            except Exception as error:  # one broken rule must not stop the others or the run
                failures.append([rule.code, _failure(error)])
        scores: dict[str, Any] = {}
        for name, scorer in self.scorers:
            if not english and name in ENGLISH_SCORES:
                continue
            try:
                scores[name] = scorer(ctx)
            except Exception as error:
                failures.append([f"scores.{name}", _failure(error)])
        analysis: Analysis = {
            "findings": findings,
            "scores": scores,
            "observations": observations,
            "language": language,
        }
        if failures:
            analysis["failures"] = failures
        return analysis

    def _analyze_long(self, text: str, channel_name: str, record_id: str | None) -> Analysis:
        """The analysis of a text over :data:`PIECE_CHARS` characters, from its pieces (see the
        module docstring). The same failure isolation as :meth:`_analyze_one`: a rule that raises
        on any piece loses all its results for this document, and is not run on the pieces after."""
        from voicelint.rules.tone import ToneFindingRule

        channel = self.guide.channel(channel_name)
        language_failures: list[list[str]] = []
        # The language from the start of the text (voicelint.language reads at most MAX_CHARS).
        head = DocumentContext(cast("Doc", _NoDoc(0)), channel, self.guide, record_id, nlp=self.nlp)
        set_token_table(head.doc, _WholeTable(text, []))
        language, english = self._language(head, language_failures)
        rules = [rule for rule in self.rules if english or not english_only(rule)]
        on_whole = {rule.code for rule in rules if rule.document_level or isinstance(rule, ToneFindingRule)}
        rows: dict[str, list[list[Any]]] = {rule.code: [] for rule in rules}
        observed: dict[str, list[Any]] = {}
        failed: dict[str, str] = {}
        whole = _Pieces(text, english)
        pieces = _chunks(text, PIECE_CHARS)
        offsets = [0]
        for piece in pieces[:-1]:
            offsets.append(offsets[-1] + len(piece))
        for offset, doc in zip(offsets, self.nlp.pipe(pieces, batch_size=PIECE_BATCH), strict=True):
            ctx = DocumentContext(doc, channel, self.guide, record_id, nlp=self.nlp)
            for rule in rules:
                if rule.code in on_whole or rule.code in failed:
                    continue
                try:
                    if isinstance(rule, LibraryRule):
                        observation = rule.shift_observation(rule.observation(ctx), offset)
                        observed.setdefault(rule.code, []).extend(observation)
                    else:
                        rows[rule.code].extend(_shift(finding_row(rule.code, f), offset) for f in rule.check(ctx))
                except Exception as error:  # one broken rule must not stop the others or the run
                    failed[rule.code] = _failure(error)
            whole.add(ctx, offset)
            del ctx, doc  # the piece's Doc goes before the next one is analysed
        whole_ctx = whole.context(channel, self.guide, record_id, self.nlp)
        whole_ctx.memo(LANGUAGE, lambda: language)
        for rule in rules:
            if rule.code in on_whole:
                try:
                    if isinstance(rule, LibraryRule):  # a document-level library rule (VL602, VL604)
                        observed[rule.code] = rule.observation(whole_ctx)
                    else:
                        rows[rule.code] = [finding_row(rule.code, finding) for finding in rule.check(whole_ctx)]
                except Exception as error:
                    failed[rule.code] = _failure(error)
        scores: dict[str, Any] = {}
        score_failures: list[list[str]] = []
        for name, scorer in self.scorers:
            if not english and name in ENGLISH_SCORES:
                continue
            try:
                scores[name] = whole.scriptedness() if name == "scriptedness" else scorer(whole_ctx)
            except Exception as error:
                score_failures.append([f"scores.{name}", _failure(error)])
        analysis: Analysis = {
            "findings": [row for rule in rules if rule.code not in failed for row in rows[rule.code]],
            "scores": scores,
            "observations": {
                rule.code: observed.get(rule.code, [])
                for rule in rules
                if isinstance(rule, LibraryRule) and rule.code not in failed
            },
            "language": language,
        }
        rule_failures = [[rule.code, failed[rule.code]] for rule in rules if rule.code in failed]
        failures = language_failures + rule_failures + score_failures
        if failures:
            analysis["failures"] = failures
        return analysis


def _shift(row: list[Any], offset: int) -> list[Any]:
    """A :func:`finding_row` of a piece as a row of the whole text."""
    row[1] += offset
    row[2] += offset
    return row


class WholeDocumentContext(DocumentContext):
    """What the document-level rules and the scores see of a long document analysed in pieces.

    There is no Doc: ``doc`` is a stand-in whose token table holds the whole text and each token's
    ``is_alpha``, and the analyses those rules read (``readability_stats``, ``tone_result``,
    ``tone_findings``) are given, added up from the pieces (:class:`_Pieces`). An analysis whose
    computation raised on some piece raises the same error here, so each rule reading it fails
    as it would have on the whole text, and the others still run.
    """

    def __init__(self, *args: Any, failed: dict[Any, BaseException], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.failed = failed

    def analysis(self, compute: Callable[[Doc], T]) -> T:
        error = self.failed.get(compute)
        if error is not None:
            raise error
        return super().analysis(compute)


class _NoDoc:
    """The ``doc`` of a :class:`WholeDocumentContext`: ``len()`` is the document's token count;
    reading anything else raises, saying why."""

    def __init__(self, tokens: int) -> None:
        self._tokens = tokens

    def __len__(self) -> int:
        return self._tokens

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"a document over {PIECE_CHARS:,} characters is analysed in pieces and has no Doc "
            f"(asked for {name!r}); a document-level rule reads only ctx.text, the token table's "
            "is_alpha and the analyses readability_stats, tone_result and tone_findings"
        )


class _WholeTable(TokenTable):
    """The token table of a :class:`_NoDoc`: the whole text and ``is_alpha`` of every token."""

    __slots__ = ()

    def __init__(self, text: str, is_alpha: list[int]) -> None:  # no Doc to read the other columns from
        self.text = text
        self.is_alpha = is_alpha

    def __len__(self) -> int:
        return len(self.is_alpha)


class _Pieces:
    """What the pieces of a long document add up to: the inputs of its document-level results."""

    def __init__(self, text: str, english: bool = True) -> None:
        from voicelint.tone.features import ToneFeatures

        self.text = text
        #: Whether the English analyses (tone, readability, scriptedness) are wanted at all.
        self.english = english
        self.is_alpha: list[int] = []
        self.tone: ToneFeatures = ToneFeatures(text=text)
        self.words = self.sentences = self.syllables = 0
        self.tone_findings: list[ToneFinding] = []
        self.stock_words = self.scored_words = 0
        #: Analysis (the function rules pass to ``ctx.analysis``, or ``"scriptedness"``) -> the error
        #: it raised on a piece; it is not computed on later pieces.
        self.errors: dict[Any, BaseException] = {}

    def add(self, ctx: DocumentContext, offset: int) -> None:
        """Add the piece of ``ctx`` that starts at character ``offset`` of the text."""
        from voicelint.boilerplate.score import scriptedness_counts
        from voicelint.readability import readability_stats
        from voicelint.rules.boilerplate import boilerplate_matches
        from voicelint.rules.tone import tone_findings, tone_result
        from voicelint.tone.features import add_piece, extract
        from voicelint.tone.findings import DOCUMENT_KINDS

        self.is_alpha += token_table(ctx.doc).is_alpha
        if not self.english:
            return  # no rule or score reads them (a document not in English)

        def tone() -> None:
            add_piece(self.tone, extract(ctx.doc), offset)

        def readability() -> None:
            stats = ctx.analysis(readability_stats)
            self.words += stats.words
            self.sentences += stats.sentences
            self.syllables += stats.syllables

        def findings() -> None:
            self.tone_findings += [
                dataclasses.replace(f, start=f.start + offset, end=f.end + offset)
                for f in ctx.analysis(tone_findings)
                if f.kind not in DOCUMENT_KINDS
            ]

        def scripted() -> None:
            stock, words = scriptedness_counts(ctx.doc, boilerplate_matches(ctx))
            self.stock_words += stock
            self.scored_words += words

        for key, step in ((tone_result, tone), (readability_stats, readability), (tone_findings, findings),
                          ("scriptedness", scripted)):
            if key not in self.errors:
                try:
                    step()
                except Exception as error:
                    self.errors[key] = error

    def context(
        self, channel: ChannelPolicy, guide: Guide, record_id: str | None, nlp: Language
    ) -> WholeDocumentContext:
        """The context of the document-level rules and scores, once every piece is added."""
        from voicelint.readability import ReadabilityStats, fk_grade, readability_stats
        from voicelint.rules.tone import tone_findings, tone_result
        from voicelint.tone.dimensions import score_features
        from voicelint.tone.features import finish_pieces
        from voicelint.tone.findings import document_findings

        stand_in = cast("Doc", _NoDoc(len(self.is_alpha)))
        set_token_table(stand_in, _WholeTable(self.text, self.is_alpha))
        ctx = WholeDocumentContext(stand_in, channel, guide, record_id, nlp=nlp, failed=dict(self.errors))

        def readability() -> ReadabilityStats:
            grade = fk_grade(self.words, self.sentences, self.syllables)
            return ReadabilityStats(self.words, self.sentences, self.syllables, grade, sentence_stats=())

        def findings() -> list[ToneFinding]:
            found = self.tone_findings + document_findings(self.text, sum(self.is_alpha))
            return sorted(found, key=lambda f: (f.start, f.end, f.kind))

        given: list[tuple[Callable[[Doc], Any], Callable[[], Any]]] = [
            (readability_stats, readability),
            (tone_result, lambda: score_features(finish_pieces(self.tone))),
            (tone_findings, findings),
        ]
        for key, compute in given:
            if key not in ctx.failed:
                try:
                    ctx.memo(key, compute)
                except Exception as error:
                    ctx.failed[key] = error
        return ctx

    def scriptedness(self) -> float:
        """``scores.scriptedness`` of the whole text, from the pieces' counts."""
        from voicelint.boilerplate.score import scriptedness_share

        error = self.errors.get("scriptedness")
        if error is not None:
            raise error
        return scriptedness_share(self.stock_words, self.scored_words)


#: A blank line (possibly with spaces or a carriage return on it): where a piece preferably ends.
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*[^\S\n]")


def _chunks(text: str, size: int) -> list[str]:
    """``text`` as consecutive pieces of at most ``size`` characters (joined, they are ``text``).

    A piece ends after the last blank line in the second half of its window, else after the last
    line break there, else after the last sentence end, else after the last space or tab; only a
    stretch of ``size / 2`` characters without any whitespace is cut where the limit falls. The
    whitespace at a cut stays with the piece before it.
    """
    if len(text) <= size:
        return [text]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start + size // 2, end)
        pieces.append(text[start:end])
        start = end
    return pieces


def _cut(text: str, low: int, high: int) -> int:
    """Where a piece whose window ends at ``high`` ends: a cut in ``text[low:high]`` (see :func:`_chunks`)."""
    blank_line = _last_end(_BLANK_LINE, text, low, high)
    if blank_line is not None:
        return blank_line
    newline = text.rfind("\n", low, high)
    if newline != -1:
        return newline + 1
    sentence_end = _last_end(_SENTENCE_END, text, low, high)
    if sentence_end is not None:
        return sentence_end
    space = max(text.rfind(" ", low, high), text.rfind("\t", low, high))
    return space + 1 if space != -1 else high


def _last_end(pattern: re.Pattern[str], text: str, low: int, high: int) -> int | None:
    """The end of the last match of ``pattern`` in ``text[low:high]``, if any."""
    end = None
    for match in pattern.finditer(text, low, high):
        end = match.end()
    return end
