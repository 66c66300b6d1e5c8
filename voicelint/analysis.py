"""Where a spaCy ``Doc`` exists: parse texts and run every rule and scorer on each Doc.

The only module that holds parsed Docs. It turns ``(text, channel, record id)`` triples into
plain, JSON-able :data:`Analysis` data, in the main process or in each worker process of
``--jobs`` (:mod:`voicelint.parallel`); everything order-dependent (library rules, locating
findings in files, formatting) happens in :mod:`voicelint.engine` on that data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from voicelint.guide.model import Guide
from voicelint.nlp import load_pipeline
from voicelint.report import Finding
from voicelint.rules import LibraryRule, Rule
from voicelint.rules.base import DocumentContext, registered_scorers
from voicelint.settings import effective_setting

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Texts longer than this are parsed in pieces (split at line breaks) and joined again, so a
#: multi-megabyte file never hits spaCy's max_length or its memory cost per batch.
CHUNK_CHARS = 100_000
# Larger batches keep tok2vec busy on short replies (measured: 256 is ~9% faster than 64 on tweets).
BATCH_SIZE = 256

#: A document's analysis: JSON-able, so it can be cached and sent back from worker processes.
#: ``findings``: rows of :func:`finding_row`; ``scores``: the report's scores; ``observations``:
#: library rule code -> that rule's data; ``failures``: ``[rule code or scorer, message]`` for every
#: rule or scorer that raised on this document (its other results are kept).
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
        nlp = load_pipeline(self.needs, self.model)
        nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
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
        """Analyses of ``(text, channel, record id)`` triples, in order.

        A rule or scorer that raises loses only its own results for that document: the failure
        is recorded under ``failures`` (reported as an internal error, exit 2) and every other
        rule, scorer and document still runs.
        """
        results: list[Analysis] = []
        for (_, channel, record_id), doc in zip(batch, self._parse([text for text, _, _ in batch]), strict=True):
            ctx = DocumentContext(doc, self.guide.channel(channel), self.guide, record_id, nlp=self.nlp)
            results.append(self._analyze_one(ctx))
        return results

    def _analyze_one(self, ctx: DocumentContext) -> Analysis:
        findings: list[list[Any]] = []
        failures: list[list[str]] = []
        observations: dict[str, Any] = {}
        for rule in self.rules:
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
            try:
                scores[name] = scorer(ctx)
            except Exception as error:
                failures.append([f"scores.{name}", _failure(error)])
        analysis: Analysis = {"findings": findings, "scores": scores, "observations": observations}
        if failures:
            analysis["failures"] = failures
        return analysis


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
