"""The lint engine: documents in, analyses (:mod:`voicelint.analysis`), located results out.

Data flow: documents stream from the readers in windows; each window's analyses come from the
cache or from :class:`voicelint.analysis.Analyzer` (in this process or in workers, see
:mod:`voicelint.parallel`); findings are then located in the original file, given their
severity (:mod:`voicelint.settings`) and typed fixes, and a generic rule's finding on the very
words a brand rule (``banned``, ``terms``) already flagged is dropped, and what the document's
suppressions silence (:mod:`voicelint.suppressions`) is dropped too. When a library rule runs,
results wait for the end of the run (spilled to disk past a bound), because library rules
report once every document of the run has been seen.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from voicelint.analysis import Analysis, Analyzer
from voicelint.document import Document, FileSpan, Position
from voicelint.guide.model import Guide
from voicelint.language import DEFAULT_LANGUAGE
from voicelint.neutralise import neutralise
from voicelint.parallel import Executor
from voicelint.placeholders import find_placeholders, mask, outside_placeholders
from voicelint.report import DocumentResult, Finding, Fix, ReportError, Violation, fixes_from_suggestions
from voicelint.rules import LibraryRule, Rule, all_rules, resolve_selectors
from voicelint.rules.base import registered_scorers
from voicelint.rules.language import english_only
from voicelint.rules.placeholder import PLACEHOLDER_CODES, placeholder_rows
from voicelint.rules.suppression import UNUSED_CODE
from voicelint.settings import EffectiveSetting, effective_setting
from voicelint.suppressions import OBSERVATION_KEY, RECORD_KIND, Suppressions, scan
from voicelint.vocabulary import BRAND_CATEGORIES, Severity

if TYPE_CHECKING:
    from spacy.language import Language

    from voicelint.cache import ResultCache

#: Documents are read, looked up in the cache and analysed in windows of this many.
WINDOW_DOCS = 2048
#: Results kept in memory, while library rules wait for the run's end, before they are spilled to disk.
SPILL_DOCS = 2000
#: Documents longer than this are reported as input errors instead of being linted: a support
#: reply or macro is a few thousand characters, and a megabyte of prose would take minutes.
DEFAULT_MAX_DOC_CHARS = 1_000_000


class UnknownChannelError(ValueError):
    """A channel the guide does not define."""


def select_rules(guide: Guide, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[type[Rule]]:
    """The rule classes that run: enabled by the guide, narrowed by ``select`` and ``ignore``."""
    selected = resolve_selectors(select) if select else None
    ignored = resolve_selectors(ignore)
    chosen = []
    for rule in all_rules():
        if not effective_setting(rule, guide).enabled or rule.code in ignored:
            continue
        if selected is not None and rule.code not in selected:
            continue
        chosen.append(rule)
    return chosen


@dataclass(frozen=True, slots=True)
class LintedDocument:
    """A document's own result, before the library rules have seen the rest of the run, with the
    located observation each library rule made of it (by rule code; JSON-able). Its suppressions,
    when it has any, are there too (under :data:`voicelint.suppressions.OBSERVATION_KEY`): the
    result holds what they left, and they still apply to the library rules' findings."""

    result: DocumentResult
    observations: dict[str, Any]


@dataclass(frozen=True)
class _Item:
    """One document on its way through the pipeline."""

    document: Document
    channel: str
    error: ReportError | None


class Linter:
    """Lints documents against one guide. Build once; the pipeline and rules load on first use."""

    def __init__(
        self,
        guide: Guide,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        model: str | None = None,
        max_doc_chars: int = DEFAULT_MAX_DOC_CHARS,
    ) -> None:
        self.guide = guide
        self.max_doc_chars = max_doc_chars
        self.rule_classes = select_rules(guide, select, ignore)
        self.model = model
        needs: set[str] = {"tokens"}
        for rule in self.rule_classes:
            needs |= rule.needs
        for _, scorer_needs in registered_scorers().values():
            needs |= scorer_needs
        self.needs = frozenset(needs)
        self.analyzer = Analyzer(guide, self.rule_classes, self.needs, model)
        self._by_code = {cls.code: cls for cls in self.rule_classes}
        self._settings: dict[tuple[str, str], EffectiveSetting] = {}
        #: Rules whose findings describe the whole document: never dropped for the words they lie on.
        self._document_level = frozenset(code for code, rule in self._by_code.items() if rule.document_level)
        #: What the guide enables before --select/--ignore: a suppression of a rule outside the run
        #: is not judged unused (:meth:`voicelint.suppressions.Suppressions.unused`).
        self._guide_enabled = frozenset(rule.code for rule in select_rules(guide))
        self._english_only = frozenset(code for code, rule in self._by_code.items() if english_only(rule))

    def setting(self, code: str, channel: str | None) -> EffectiveSetting:
        """Rule ``code``'s effective setting on ``channel`` (memoised: the guide never changes)."""
        key = (code, channel or self.guide.default_channel)
        if key not in self._settings:
            self._settings[key] = effective_setting(self._by_code[code], self.guide, key[1])
        return self._settings[key]

    @property
    def nlp(self) -> Language:
        return self.analyzer.nlp

    def cache_namespace(self) -> str:
        """Everything besides a document's text and channel that its analysis depends on."""
        from voicelint.cache import namespace
        from voicelint.nlp import model_identity

        return namespace(
            [
                self.guide.fingerprint,
                ",".join(sorted(self._by_code)),
                model_identity(self.model),
                ",".join(sorted(self.needs)),
            ]
        )

    def check_channel(self, channel: str | None) -> str:
        """The channel name to use, or UnknownChannelError naming the guide's channels."""
        name = channel or self.guide.default_channel
        if name not in self.guide.channels:
            raise UnknownChannelError(f"unknown channel {name!r}; this guide defines: {', '.join(self.guide.channels)}")
        return name

    # -- linting -------------------------------------------------------------------------

    def lint(
        self,
        documents: Iterable[Document | ReportError],
        channel: str | None = None,
        *,
        cache: ResultCache | None = None,
        jobs: int = 1,
        executor: Executor | None = None,
    ) -> Iterator[DocumentResult | ReportError]:
        """Lint a stream of documents, in order (errors pass through in their place).

        ``channel`` is the default channel. With ``cache``, unchanged documents are not parsed at
        all. With ``jobs > 1`` large inputs are analysed by that many worker processes; the
        results are identical whatever ``jobs`` is. The stream is one library for the library
        rules (:meth:`with_library_findings`).
        """
        own_executor = executor is None
        work = executor if executor is not None else Executor(self, jobs)
        try:
            linted = self.document_results(documents, channel, cache=cache, executor=work)
            yield from self.with_library_findings(linted)
        finally:
            if own_executor:
                work.close()

    def document_results(
        self,
        documents: Iterable[Document | ReportError],
        channel: str | None = None,
        *,
        cache: ResultCache | None = None,
        executor: Executor,
    ) -> Iterator[LintedDocument | ReportError]:
        """Each document's own result, in order, with the located observations library rules need
        of it (the stage the whole-file cache stores: it does not depend on the other files)."""
        default_channel = self.check_channel(channel)
        run_namespace = self.cache_namespace() if cache is not None else ""
        library_rules = self._library_rules()
        for window in _windows(self._items(documents, default_channel), WINDOW_DOCS):
            items = [entry for entry in window if isinstance(entry, _Item)]
            analyses = self._analyses(items, executor, cache, run_namespace)
            for entry in window:
                if isinstance(entry, ReportError):
                    yield entry
                    continue
                if entry.error is not None:
                    yield entry.error
                document = entry.document
                analysis = analyses[id(entry)]
                yield from self._failures(document, analysis)
                observations = {
                    rule.code: rule.locate_observation(analysis["observations"][rule.code], document)
                    for rule in library_rules
                    if rule.code in analysis["observations"]
                }
                result = self._result(
                    document, entry.channel, analysis["findings"], analysis["scores"], analysis["language"]
                )
                suppressions = scan(document)
                if suppressions is not None:
                    result = _without_suppressed(result, suppressions)
                    observations[OBSERVATION_KEY] = suppressions.to_json()
                yield LintedDocument(result, observations)

    def with_library_findings(
        self, linted: Iterable[LintedDocument | ReportError]
    ) -> Iterator[DocumentResult | ReportError]:
        """The results with the library rules' findings added: the whole run is one library.

        With no library rule running, results stream straight through. Otherwise they wait for
        the end of the run (spilled to a temporary file past :data:`SPILL_DOCS`, so memory stays
        flat), because a sentence in the last file can make the first one's a reused sentence.
        """
        library_rules = self._library_rules()
        if not library_rules:
            for entry in linted:
                if isinstance(entry, LintedDocument):
                    yield self._finished(entry.result, entry.observations.get(OBSERVATION_KEY), [])
                else:
                    yield entry
            return
        for rule in library_rules:
            rule.start_run()
        buffered = _ResultBuffer()
        try:
            for entry in linted:
                if isinstance(entry, LintedDocument):
                    result = entry.result
                    for rule in library_rules:
                        if rule.code in entry.observations:
                            rule.observe(buffered.documents, result.path, result.id, entry.observations[rule.code])
                    buffered.append(result, entry.observations.get(OBSERVATION_KEY))
                else:
                    buffered.append(entry)
            library_findings: dict[int, list[tuple[Rule, Finding]]] = {}
            for rule in library_rules:
                for index, finding in rule.finish_run():
                    library_findings.setdefault(index, []).append((rule, finding))
            index = 0
            for kept, suppressions in buffered.drain():
                if isinstance(kept, ReportError):
                    yield kept
                    continue
                extra = [self._located_violation(r, f, kept.channel) for r, f in library_findings.get(index, ())]
                index += 1
                yield self._finished(kept, suppressions, extra)
        finally:
            buffered.close()

    def _finished(
        self, result: DocumentResult, stored: dict[str, Any] | None, extra: list[Violation]
    ) -> DocumentResult:
        """A document's final result: the library rules' ``extra`` violations added, less what its
        suppressions silence, and a ``VL001`` for each of its suppressions that silenced nothing."""
        if stored is None:
            return _with_violations(result, extra) if extra else result
        suppressions = Suppressions.from_json(stored)
        extra = [v for v in extra if not suppressions.suppresses(v.rule, v.offset)]
        if UNUSED_CODE in self._by_code:
            ran = frozenset(self._by_code) - (frozenset() if self._english(result) else self._english_only)
            for directive, message, whole in suppressions.unused(ran, self._guide_enabled):
                (line, column, offset), (end_line, end_column, end_offset) = directive.start, directive.end
                span = FileSpan(Position(line, column, offset), Position(end_line, end_column, end_offset))
                # A comment that suppresses nothing at all goes; a record's field is the author's to edit.
                removal = whole and directive.kind != RECORD_KIND
                fixes = (Fix("", "safe", "Remove the unused suppression comment"),) if removal else ()
                extra.append(
                    self._make_violation(UNUSED_CODE, result.channel, None, message, span, directive.text, (), fixes)
                )
        return _with_violations(result, extra) if extra else result

    def _english(self, result: DocumentResult) -> bool:
        """Whether the rules built for English ran on this document (as :mod:`voicelint.analysis` decides)."""
        expected = self.guide.channel(result.channel).section("language") or DEFAULT_LANGUAGE
        return result.language == expected == "en"

    def _library_rules(self) -> list[LibraryRule]:
        """Fresh instances of the library rules that run (they keep state for one run)."""
        return [
            cls(self.guide, effective_setting(cls, self.guide), None)
            for cls in self.rule_classes
            if issubclass(cls, LibraryRule)
        ]

    def _items(
        self, documents: Iterable[Document | ReportError], default_channel: str
    ) -> Iterator[_Item | ReportError]:
        for entry in documents:
            if isinstance(entry, ReportError):
                yield entry
            elif len(entry.text) > self.max_doc_chars:
                yield self._too_long(entry)
            elif (surrogate := entry.lone_surrogate()) is not None:
                # Text no encoder accepts (a truncated "\ud83d" escape) would stop the whole run in
                # the parser or the cache: an error for this record, and the others go on.
                where = entry.locate(surrogate, surrogate + 1).start
                what = f"record {entry.record_id!r} (line {entry.line})" if entry.record_id else "the document"
                yield ReportError(
                    entry.source.path,
                    f"{what} not linted: a lone UTF-16 surrogate "
                    f"{ascii(entry.text[surrogate])[1:-1]} at line {where.line}, column {where.column} "
                    "(half of an escaped pair such as \\ud83d\\ude00, or a truncated escape)",
                    line=where.line,
                    column=where.column,
                )
            else:
                yield self._item(entry, default_channel)

    def _analyses(
        self, items: list[_Item], executor: Executor, cache: ResultCache | None, run_namespace: str
    ) -> dict[int, Analysis]:
        """Each item's analysis: from the cache where possible, else computed (and then cached)."""
        from voicelint.cache import document_key

        keys = (
            {id(item): document_key(run_namespace, item.channel, item.document.text) for item in items} if cache else {}
        )
        cached = cache.get_many(list(keys.values())) if cache is not None else {}
        results: dict[int, Analysis] = {}
        missing: list[_Item] = []
        for item in items:
            hit = cached.get(keys[id(item)]) if cache is not None else None
            if hit is not None:
                results[id(item)] = hit
            else:
                missing.append(item)
        # Placeholders masked (voicelint.placeholders): same length, so offsets are the document's.
        computed = executor.analyze(
            [(neutralise(mask(i.document.text)), i.channel, i.document.record_id) for i in missing]
        )
        for item, analysis in zip(missing, computed, strict=True):
            results[id(item)] = analysis
        if cache is not None and missing:
            # A failed analysis is not stored: once the rule is fixed, the document is linted again.
            stored = [item for item in missing if "failures" not in results[id(item)]]
            cache.put_many((keys[id(item)], results[id(item)]) for item in stored)
        return results

    def _too_long(self, document: Document) -> ReportError:
        what = f"record {document.record_id}" if document.record_id is not None else "document"
        return ReportError(
            document.source.path,
            f"{what} is {len(document.text):,} characters long, over the limit of {self.max_doc_chars:,}; "
            "split it, or raise the limit with --max-doc-chars",
            line=document.line,
        )

    def _item(self, document: Document, default_channel: str) -> _Item:
        if document.channel and document.channel not in self.guide.channels:
            error = ReportError(
                document.source.path,
                f"record {document.record_id or ''!s}: unknown channel {document.channel!r}; linted as "
                f"{default_channel!r} (this guide defines: {', '.join(self.guide.channels)})",
                line=document.line,
            )
            return _Item(document, default_channel, error)
        return _Item(document, document.channel or default_channel, None)

    def _failures(self, document: Document, analysis: Analysis) -> Iterator[ReportError]:
        """An internal error for each rule or scorer that raised on this document (exit status 2)."""
        where = document.source.path + (f":{document.record_id}" if document.record_id is not None else "")
        for name, message in analysis.get("failures", ()):
            yield ReportError(
                document.source.path,
                f"internal error in {name} on {where}: {message} (the document's other findings are "
                "reported; please report this bug)",
                line=document.line,
            )

    def _result(
        self, document: Document, channel: str, findings: list[list[Any]], scores: dict[str, Any], language: str
    ) -> DocumentResult:
        # Placeholders were masked for the parser; a finding mostly inside one is dropped, and the
        # placeholder rules read the original text here (voicelint.rules.placeholder).
        placeholders = find_placeholders(document.text)
        exempt = PLACEHOLDER_CODES | self._document_level
        rows = outside_placeholders(findings, placeholders, exempt) + placeholder_rows(
            self.guide, self._by_code, document, channel, placeholders
        )
        violations = [self._violation(document, channel, row) for row in rows]
        return DocumentResult(
            path=document.source.path,
            id=document.record_id,
            channel=channel,
            line=document.line,
            scores=scores,
            violations=tuple(sorted(_without_shadowed(violations, self._document_level), key=_sort_key)),
            agent=document.agent,
            language=language,
        )

    def _located_violation(self, rule: Rule, finding: Finding, channel: str) -> Violation:
        """A library rule's finding, which comes already located in the file."""
        assert finding.span is not None, f"{rule.code}: library findings carry their file span"
        return self._make_violation(
            rule.code,
            channel,
            finding.severity,
            finding.message,
            finding.span,
            finding.match or "",
            finding.suggestions,
            finding.fixes,
        )

    def _violation(self, document: Document, channel: str, row: list[Any]) -> Violation:
        code, start, end, message, suggestions, severity, fixes = row
        return self._make_violation(
            code,
            channel,
            Severity.parse(severity) if severity else None,
            message,
            document.locate(start, end),
            document.text[start:end],
            tuple(suggestions),
            tuple(Fix(*fix) for fix in fixes),
        )

    def _make_violation(
        self,
        code: str,
        channel: str,
        entry_severity: Severity | None,
        message: str,
        span: FileSpan,
        match: str,
        suggestions: tuple[str, ...],
        fixes: tuple[Fix, ...],
    ) -> Violation:
        """A violation of rule ``code``, its severity resolved by :mod:`voicelint.settings`."""
        rule = self._by_code[code]
        if not fixes and suggestions:
            fixes = fixes_from_suggestions(suggestions, rule.fix_applicability, rule.fix_title)
        return Violation(
            rule=code,
            name=rule.name,
            category=rule.category,
            severity=self.setting(code, channel).for_entry(entry_severity),
            message=message,
            line=span.start.line,
            column=span.start.column,
            end_line=span.end.line,
            end_column=span.end.column,
            offset=span.start.offset,
            length=span.length,
            match=match,
            suggestions=suggestions,
            fixes=fixes,
            explain=f"voicelint explain {rule.name}",
        )


def _without_shadowed(violations: list[Violation], document_level: frozenset[str]) -> list[Violation]:
    """Drop a generic rule's violation on words a brand rule (``banned``/``terms``) already flagged.

    The brand's own list says more (its reason, its suggestion) than a generic rule, and one span
    reported twice reads as noise. Only a finding on words that mostly lie on a brand finding's
    words is dropped: a document-level finding (tone, grade, length of the whole text) stays.
    """
    brand = sorted((v.offset, v.offset + v.length) for v in violations if v.category in BRAND_CATEGORIES)
    if not brand:
        return violations
    starts = [b_start for b_start, _ in brand]
    longest = max(b_end - b_start for b_start, b_end in brand)
    kept = []
    for violation in violations:
        start, end = violation.offset, violation.offset + violation.length
        generic = violation.category not in BRAND_CATEGORIES and violation.rule not in document_level
        # Only brand spans starting in [start - longest, end) can overlap: a bisected window keeps
        # this linear in the number of findings however long the document is.
        window = brand[bisect_left(starts, start - longest) : bisect_left(starts, end)]
        shadowed = generic and any(
            min(end, b_end) - max(start, b_start) > 0 and 2 * (min(end, b_end) - max(start, b_start)) >= end - start
            for b_start, b_end in window
        )
        if not shadowed:
            kept.append(violation)
    return kept


def _sort_key(violation: Violation) -> tuple[int, str, int]:
    return (violation.offset, violation.rule, violation.length)


def _without_suppressed(result: DocumentResult, suppressions: Suppressions) -> DocumentResult:
    """The result less the violations its document's suppressions silence (marking those used)."""
    kept = tuple(v for v in result.violations if not suppressions.suppresses(v.rule, v.offset))
    return result if len(kept) == len(result.violations) else dataclasses.replace(result, violations=kept)


def _with_violations(result: DocumentResult, extra: list[Violation]) -> DocumentResult:
    return dataclasses.replace(result, violations=tuple(sorted([*result.violations, *extra], key=_sort_key)))


class _ResultBuffer:
    """The results (and errors, in their place) of a run, kept until its end; spilled to a
    temporary file past :data:`SPILL_DOCS` so that memory stays flat however large the run is."""

    def __init__(self) -> None:
        self._memory: list[tuple[DocumentResult | ReportError, dict[str, Any] | None]] = []
        self._spill: IO[str] | None = None
        #: How many document results (not errors) were appended: the next one's index.
        self.documents = 0

    def append(self, entry: DocumentResult | ReportError, suppressions: dict[str, Any] | None = None) -> None:
        """Keep ``entry``, with its document's suppressions (JSON) when it has any."""
        self._memory.append((entry, suppressions))
        if isinstance(entry, DocumentResult):
            self.documents += 1
        if len(self._memory) >= SPILL_DOCS:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
            for kept, suppressions in self._memory:
                kind = "error" if isinstance(kept, ReportError) else "document"
                self._spill.write(json.dumps([kind, kept.to_dict(), suppressions], ensure_ascii=False) + "\n")
            self._memory = []

    def drain(self) -> Iterator[tuple[DocumentResult | ReportError, dict[str, Any] | None]]:
        """Every entry in order, with its suppressions, emptying the buffer."""
        if self._spill is not None:
            self._spill.seek(0)
            for line in self._spill:
                kind, value, suppressions = json.loads(line)
                if kind == "error":
                    yield ReportError.from_dict(value), None
                else:
                    yield DocumentResult.from_dict(value), suppressions
            self._spill.seek(0)
            self._spill.truncate()
        yield from self._memory
        self._memory = []
        self.documents = 0

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()
            self._spill = None


def _windows(entries: Iterable[_Item | ReportError], size: int) -> Iterator[list[_Item | ReportError]]:
    window: list[_Item | ReportError] = []
    for entry in entries:
        window.append(entry)
        if len(window) >= size:
            yield window
            window = []
    if window:
        yield window
