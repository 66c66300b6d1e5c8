"""The lint engine: documents in, one spaCy pass, every enabled rule, located results out.

Data flow (ARCHITECTURE.md): documents stream from the readers through ``nlp.pipe`` in batches;
every rule and scorer reads the same parsed ``Doc``; findings are located in the original file
and selected (``--select``/``--ignore``, the guide's ``rules:``). Results are buffered only per
input file, because library-level rules report once a whole file has been seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from voicelint.document import Document, SourceFile
from voicelint.guide.model import Guide
from voicelint.nlp import load_pipeline
from voicelint.report import DocumentResult, Finding, ReportError, Violation
from voicelint.rules import LibraryRule, Rule, all_rules, resolve_selectors
from voicelint.rules.base import DocumentContext, registered_scorers

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Texts longer than this are parsed in pieces (split at line breaks) and joined again, so a
#: multi-megabyte file never hits spaCy's max_length or its memory cost per batch.
CHUNK_CHARS = 100_000
BATCH_SIZE = 64
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


class Linter:
    """Lints documents against one guide. Build once; rules and matchers compile on first use."""

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

    @cached_property
    def scorers(self) -> list[tuple[str, tuple[Any, frozenset[str]]]]:
        """Every scorer, tone and readability first (the order of ``scores`` in reports)."""
        first = ("tone", "readability")
        return sorted(registered_scorers().items(), key=lambda item: (item[0] not in first, first.index(item[0])
                      if item[0] in first else 0, item[0]))

    @cached_property
    def nlp(self) -> Language:
        nlp = load_pipeline(self.needs, self.model)
        nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
        return nlp

    @cached_property
    def rules(self) -> list[Rule]:
        return [cls(self.guide, self.guide.rule_setting(cls.code), self.nlp) for cls in self.rule_classes]

    def check_channel(self, channel: str | None) -> str:
        """The channel name to use, or UnknownChannelError naming the guide's channels."""
        name = channel or self.guide.default_channel
        if name not in self.guide.channels:
            raise UnknownChannelError(
                f"unknown channel {name!r}; this guide defines: {', '.join(self.guide.channels)}"
            )
        return name

    # -- parsing -------------------------------------------------------------------------

    def _parse(self, items: Iterable[_Item]) -> Iterator[tuple[_Item, Doc]]:
        """Parse every item's text with one ``nlp.pipe`` stream, chunking very long texts."""
        from spacy.tokens import Doc

        def pieces() -> Iterator[tuple[str, tuple[_Item, int, int]]]:
            for item in items:
                chunks = _chunks(item.document.text, CHUNK_CHARS)
                for index, chunk in enumerate(chunks):
                    yield chunk, (item, index, len(chunks))

        pending: list[Doc] = []
        for doc, (item, index, total) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=BATCH_SIZE):
            if total == 1:
                yield item, doc
                continue
            pending.append(doc)
            if index == total - 1:
                yield item, Doc.from_docs(pending, ensure_whitespace=False)
                pending = []

    # -- linting -------------------------------------------------------------------------

    def lint(self, documents: Iterable[Document | ReportError], channel: str | None = None) -> Iterator[
        DocumentResult | ReportError
    ]:
        """Lint a stream of documents (errors pass through in order). ``channel`` is the default."""
        default_channel = self.check_channel(channel)
        rules = self.rules
        library_rules: list[LibraryRule] = [r for r in rules if isinstance(r, LibraryRule)]
        errors_before: list[ReportError] = []
        current: SourceFile | None = None
        buffered: list[tuple[Document, str, list[tuple[Rule, Finding]], dict[str, Any]]] = []

        def items() -> Iterator[_Item]:
            for entry in documents:
                if isinstance(entry, ReportError):
                    errors_before.append(entry)
                    continue
                if len(entry.text) > self.max_doc_chars:
                    errors_before.append(self._too_long(entry))
                    continue
                yield self._item(entry, default_channel)

        def flush() -> Iterator[DocumentResult]:
            library_findings: dict[int, list[tuple[Rule, Finding]]] = {}
            for rule in library_rules:
                for index, finding in rule.finish_file():
                    library_findings.setdefault(index, []).append((rule, finding))
            for index, (document, channel_name, findings, scores) in enumerate(buffered):
                pairs = [*findings, *library_findings.get(index, [])]
                yield self._result(document, channel_name, pairs, scores)
            buffered.clear()

        for item, doc in self._parse(items()):
            while errors_before:
                yield errors_before.pop(0)
            if item.error is not None:
                yield item.error
            if item.document.source is not current:
                yield from flush()
                current = item.document.source
                for library_rule in library_rules:
                    library_rule.start_file()
            ctx = DocumentContext(
                doc, self.guide.channel(item.channel), self.guide, item.document.record_id, nlp=self.nlp
            )
            findings: list[tuple[Rule, Finding]] = []
            for rule in rules:
                findings.extend((rule, f) for f in rule.check(ctx))
            for library_rule in library_rules:
                library_rule.observe(len(buffered), ctx)
            scores = {name: scorer(ctx) for name, (scorer, _) in self.scorers}
            buffered.append((item.document, item.channel, findings, scores))
        yield from flush()
        yield from errors_before

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
        self, document: Document, channel: str, pairs: list[tuple[Rule, Finding]], scores: dict[str, Any]
    ) -> DocumentResult:
        violations = sorted(
            (self._violation(document, rule, finding) for rule, finding in pairs),
            key=lambda v: (v.offset, v.rule, v.length),
        )
        return DocumentResult(
            path=document.source.path,
            id=document.record_id,
            channel=channel,
            line=document.line,
            scores=scores,
            violations=tuple(violations),
        )

    @staticmethod
    def _violation(document: Document, rule: Rule, finding: Finding) -> Violation:
        span = document.locate(finding.start, finding.end)
        return Violation(
            rule=rule.code,
            name=rule.name,
            category=rule.category,
            severity=finding.severity or rule.effective_severity,
            message=finding.message,
            line=span.start.line,
            column=span.start.column,
            end_line=span.end.line,
            end_column=span.end.column,
            offset=span.start.offset,
            length=span.length,
            match=document.text[finding.start : finding.end],
            suggestions=finding.suggestions,
        )


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
