"""The lint engine: documents in, one spaCy pass, every enabled rule, located results out.

Data flow (ARCHITECTURE.md): documents stream from the readers through ``nlp.pipe`` in batches;
every rule and scorer reads the same parsed ``Doc``; findings are located in the original file
and selected (``--select``/``--ignore``, the guide's ``rules:``). Results are buffered only per
input file, because library-level rules report once a whole file has been seen.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any

from voicelint.document import Document, FileSpan, SourceFile
from voicelint.guide.model import Guide
from voicelint.nlp import load_pipeline
from voicelint.report import DocumentResult, Finding, ReportError, Severity, Violation
from voicelint.rules import LibraryRule, Rule, all_rules, resolve_selectors
from voicelint.rules.base import DocumentContext, registered_scorers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from voicelint.cache import ResultCache

#: Texts longer than this are parsed in pieces (split at line breaks) and joined again, so a
#: multi-megabyte file never hits spaCy's max_length or its memory cost per batch.
CHUNK_CHARS = 100_000
# Larger batches keep tok2vec busy on short replies (measured: 256 is ~9% faster than 64 on tweets).
BATCH_SIZE = 256
#: Documents are read, looked up in the cache and analysed in windows of this many.
WINDOW_DOCS = 2048
#: Worker processes start only for at least this many documents to analyse (a process costs
#: about two seconds of spaCy loading, worth it only for a large input).
PARALLEL_MIN_DOCS = 400
#: Results of one library file kept in memory before they are spilled to a temporary file.
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
        setting = guide.rule_setting(rule.code)
        if setting.enabled is False or rule.code in ignored:
            continue
        if selected is not None and rule.code not in selected:
            continue
        chosen.append(rule)
    return chosen


@dataclass(frozen=True)
class _Item:
    """One document on its way through the pipeline."""

    document: Document
    channel: str
    error: ReportError | None


#: A document's analysis: JSON-able, so it can be cached and sent back from worker processes.
#: ``findings``: ``[rule code, start, end, message, suggestions, severity or None]``;
#: ``scores``: the report's scores; ``observations``: library rule code -> that rule's data.
Analysis = dict[str, Any]


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
        nlp = load_pipeline(self.needs, self.model)
        nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
        return nlp

    @cached_property
    def rules(self) -> list[Rule]:
        return [cls(self.guide, self.guide.rule_setting(cls.code), self.nlp) for cls in self.rule_classes]

    @cached_property
    def scorers(self) -> list[tuple[str, Any]]:
        """Every scorer, tone and readability first (the order of ``scores`` in reports)."""
        first = ("tone", "readability")
        ordered = sorted(registered_scorers(), key=lambda name: (first.index(name) if name in first else 9, name))
        return [(name, registered_scorers()[name][0]) for name in ordered]

    def _parse(self, texts: Sequence[str]) -> Iterator[Doc]:
        """One ``nlp.pipe`` stream over ``texts``, with very long texts parsed in pieces."""
        from spacy.tokens import Doc

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for text in texts:
                chunks = _chunks(text, CHUNK_CHARS)
                for index, chunk in enumerate(chunks):
                    yield chunk, (index, len(chunks))

        pending: list[Doc] = []
        for doc, (index, total) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=BATCH_SIZE):
            if total == 1:
                yield doc
                continue
            pending.append(doc)
            if index == total - 1:
                yield Doc.from_docs(pending, ensure_whitespace=False)
                pending = []

    def analyze(self, batch: Sequence[tuple[str, str, str | None]]) -> list[Analysis]:
        """Analyses of ``(text, channel, record id)`` triples, in order."""
        rules = self.rules
        library_rules = [r for r in rules if isinstance(r, LibraryRule)]
        results: list[Analysis] = []
        for (_, channel, record_id), doc in zip(batch, self._parse([text for text, _, _ in batch]), strict=True):
            ctx = DocumentContext(doc, self.guide.channel(channel), self.guide, record_id, nlp=self.nlp)
            findings = [
                [rule.code, f.start, f.end, f.message, list(f.suggestions), str(f.severity) if f.severity else None]
                for rule in rules
                for f in rule.check(ctx)
            ]
            results.append(
                {
                    "findings": findings,
                    "scores": {name: scorer(ctx) for name, scorer in self.scorers},
                    "observations": {rule.code: rule.observation(ctx) for rule in library_rules},
                }
            )
        return results


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
        results are identical whatever ``jobs`` is.
        """
        default_channel = self.check_channel(channel)
        library_rules = [
            cls(self.guide, self.guide.rule_setting(cls.code), None)
            for cls in self.rule_classes
            if issubclass(cls, LibraryRule)
        ]
        run_namespace = self.cache_namespace() if cache is not None else ""
        own_executor = executor is None
        work = executor if executor is not None else Executor(self, jobs)
        current: SourceFile | None = None
        # Results wait for the end of their file only when a library rule may still add to them.
        buffered = _ResultBuffer() if library_rules else None

        def flush() -> Iterator[DocumentResult]:
            if buffered is None:
                return
            library_findings: dict[int, list[Violation]] = {}
            for rule in library_rules:
                for index, finding in rule.finish_file():
                    library_findings.setdefault(index, []).append(self._located_violation(rule, finding))
            for index, result in enumerate(buffered.drain()):
                extra = library_findings.get(index)
                yield result if not extra else _with_violations(result, extra)

        try:
            for window in _windows(self._items(documents, default_channel), WINDOW_DOCS):
                items = [entry for entry in window if isinstance(entry, _Item)]
                analyses = self._analyses(items, work, cache, run_namespace)
                for entry in window:
                    if isinstance(entry, ReportError):
                        yield entry
                        continue
                    if entry.error is not None:
                        yield entry.error
                    document = entry.document
                    analysis = analyses[id(entry)]
                    result = self._result(document, entry.channel, analysis["findings"], analysis["scores"])
                    if buffered is None:
                        yield result
                        continue
                    if document.source is not current:
                        yield from flush()
                        current = document.source
                        for rule in library_rules:
                            rule.start_file()
                    for rule in library_rules:
                        observation = analysis["observations"].get(rule.code)
                        rule.observe(len(buffered), document.record_id, observation, document.locate)
                    buffered.append(result)
            yield from flush()
        finally:
            if own_executor:
                work.close()
            if buffered is not None:
                buffered.close()

    def _items(
        self, documents: Iterable[Document | ReportError], default_channel: str
    ) -> Iterator[_Item | ReportError]:
        for entry in documents:
            if isinstance(entry, ReportError):
                yield entry
            elif len(entry.text) > self.max_doc_chars:
                yield self._too_long(entry)
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
        computed = executor.analyze([(i.document.text, i.channel, i.document.record_id) for i in missing])
        for item, analysis in zip(missing, computed, strict=True):
            results[id(item)] = analysis
        if cache is not None and missing:
            cache.put_many((keys[id(item)], results[id(item)]) for item in missing)
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

    def _result(
        self, document: Document, channel: str, findings: list[list[Any]], scores: dict[str, Any]
    ) -> DocumentResult:
        violations = sorted((self._violation(document, row) for row in findings), key=_sort_key)
        return DocumentResult(
            path=document.source.path,
            id=document.record_id,
            channel=channel,
            line=document.line,
            scores=scores,
            violations=tuple(violations),
        )

    def _located_violation(self, rule: Rule, finding: Finding) -> Violation:
        """A library rule's finding, which comes already located in the file."""
        assert finding.span is not None, f"{rule.code}: library findings carry their file span"
        severity = str(finding.severity) if finding.severity else None
        return self._make_violation(
            rule.code, severity, finding.message, finding.span, finding.match or "", finding.suggestions
        )

    def _violation(self, document: Document, row: list[Any]) -> Violation:
        code, start, end, message, suggestions, severity = row
        span = document.locate(start, end)
        return self._make_violation(code, severity, message, span, document.text[start:end], tuple(suggestions))

    def _make_violation(
        self, code: str, severity: str | None, message: str, span: FileSpan, match: str, suggestions: tuple[str, ...]
    ) -> Violation:
        """A violation of rule ``code``; without its own severity, the guide's setting or the rule's default."""
        rule = self._by_code[code]
        return Violation(
            rule=code,
            name=rule.name,
            category=rule.category,
            severity=Severity.parse(severity)
            if severity
            else (self.guide.rule_setting(code).severity or rule.severity),
            message=message,
            line=span.start.line,
            column=span.start.column,
            end_line=span.end.line,
            end_column=span.end.column,
            offset=span.start.offset,
            length=span.length,
            match=match,
            suggestions=suggestions,
        )


def _sort_key(violation: Violation) -> tuple[int, str, int]:
    return (violation.offset, violation.rule, violation.length)


def _with_violations(result: DocumentResult, extra: list[Violation]) -> DocumentResult:
    return dataclasses.replace(result, violations=tuple(sorted([*result.violations, *extra], key=_sort_key)))


class _ResultBuffer:
    """The results of the current file, kept until its end; spilled to a temporary file past
    :data:`SPILL_DOCS` so that memory stays flat however large one library file is."""

    def __init__(self) -> None:
        self._memory: list[DocumentResult] = []
        self._spill: IO[str] | None = None
        self._spilled = 0

    def __len__(self) -> int:
        return self._spilled + len(self._memory)

    def append(self, result: DocumentResult) -> None:
        self._memory.append(result)
        if len(self._memory) >= SPILL_DOCS:
            if self._spill is None:
                self._spill = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in close()
            for kept in self._memory:
                self._spill.write(json.dumps(kept.to_dict(), ensure_ascii=False) + "\n")
            self._spilled += len(self._memory)
            self._memory = []

    def drain(self) -> Iterator[DocumentResult]:
        """Every result in order, emptying the buffer."""
        if self._spill is not None:
            self._spill.seek(0)
            for line in self._spill:
                yield DocumentResult.from_dict(json.loads(line))
            self._spill.seek(0)
            self._spill.truncate()
        yield from self._memory
        self._memory = []
        self._spilled = 0

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


class Executor:
    """Runs analyses in this process, or in worker processes once an input is large enough.

    One executor can serve several ``lint`` calls (one per file), so workers start at most once.
    """

    def __init__(self, linter: Linter, jobs: int) -> None:
        self.linter = linter
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def analyze(self, batch: list[tuple[str, str, str | None]]) -> list[Analysis]:
        if not batch:
            return []
        if self._pool is None and self.jobs > 1 and len(batch) >= PARALLEL_MIN_DOCS:
            from voicelint.parallel import start_pool

            self._pool = start_pool(self.linter, self.jobs)
        if self._pool is None:
            return self.linter.analyzer.analyze(batch)
        from voicelint.parallel import analyze_in_pool

        return analyze_in_pool(self._pool, batch, self.jobs)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _chunks(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ~``size`` characters at line breaks (or spaces)."""
    if len(text) <= size:
        return [text]
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append(text[start:end])
        start = end
    return pieces
