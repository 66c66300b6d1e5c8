"""The results of a lint run: findings, located violations, per-document results and the report.

Rules produce :class:`Finding` objects with offsets into the document text; the engine locates
them in the original file and turns them into :class:`Violation` objects. Everything here is a
plain frozen dataclass so results can cross process boundaries and be cached.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from voicelint.vocabulary import APPLICABILITIES, SEVERITY_NAMES, Severity

if TYPE_CHECKING:
    from voicelint.document import FileSpan


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report says about a rule that ran (formatters such as SARIF list these)."""

    code: str
    name: str
    category: str
    #: The severity in this guide on its default channel (a finding may still differ per entry).
    severity: str
    summary: str
    explain: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "category": self.category, "severity": self.severity,
                "summary": self.summary, "explain": self.explain}


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a formatter is told before the first result: the guide, the tool and the rules that run."""

    guide_name: str
    guide_path: str | None
    tool_version: str
    rules: tuple[RuleInfo, ...] = ()
    #: The guide's tone ranges, ``{channel: {dimension: (min, max)}}`` (the HTML report draws them;
    #: empty when the guide is not known here, as when a server linted).
    ranges: Mapping[str, Mapping[str, tuple[float, float]]] = field(default_factory=dict)
    #: ``--fail-on``: the lowest severity that fails the run (``never``: none); a test report
    #: (``junit``) marks those violations as failures.
    fail_on: str = "error"

    def fails(self, severity: Severity) -> bool:
        """Whether a violation of ``severity`` fails the run."""
        return self.fail_on != "never" and severity >= Severity.parse(self.fail_on)


@dataclass(frozen=True, slots=True)
class Fix:
    """One way to fix a violation (docs/reference.md section 7).

    ``applicability``: ``safe`` (meaning kept, text stays correct: applied by ``voicelint fix``),
    ``unsafe`` (literal text a person should read first), ``display`` (advice, not literal text,
    e.g. a rewrite with ``{slots}``: never applied).
    """

    replacement: str
    applicability: str
    title: str

    def __post_init__(self) -> None:
        if self.applicability not in APPLICABILITIES:
            raise ValueError(f"fix applicability must be one of {APPLICABILITIES}, got {self.applicability!r}")
        if self.applicability != "display" and has_template_slot(self.replacement):
            raise ValueError(f"a replacement with a {{slot}} is advice, not literal text: {self.replacement!r}")

    def to_dict(self) -> dict[str, str]:
        return {"replacement": self.replacement, "applicability": self.applicability, "title": self.title}

    def to_list(self) -> list[str]:
        return [self.replacement, self.applicability, self.title]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fix:
        return cls(replacement=data["replacement"], applicability=data["applicability"], title=data["title"])


_SLOT = re.compile(r"\{[^{}\s][^{}]*\}")


def has_template_slot(text: str) -> bool:
    """Whether ``text`` holds a ``{slot}`` a person must fill in (so it is never applied literally)."""
    return _SLOT.search(text) is not None


def fixes_from_suggestions(suggestions: tuple[str, ...], applicability: str, title: str) -> tuple[Fix, ...]:
    """Typed fixes for plain suggestion strings: a ``{slot}`` template is always ``display``."""
    return tuple(
        Fix(s, "display" if has_template_slot(s) else applicability, title.format(replacement=s)) for s in suggestions
    )


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found, in document-relative character offsets (``end`` exclusive)."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    #: Overrides the rule's severity for this finding (e.g. a banned phrase with its own severity).
    severity: Severity | None = None
    #: Already located in the file (library rules locate spans when they see a record, so the
    #: record itself need not be kept until the end of the file), with the matched text.
    span: FileSpan | None = None
    match: str | None = None
    #: Typed fixes, best first; when empty the engine derives them from ``suggestions`` with the
    #: rule's ``fix_applicability``.
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True, slots=True)
class Violation:
    """A finding located in the original file, as every output format reports it."""

    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    length: int
    match: str
    suggestions: tuple[str, ...] = ()
    fixes: tuple[Fix, ...] = ()
    #: Where a person reads why the rule exists (``voicelint explain NAME``).
    explain: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "offset": self.offset,
            "length": self.length,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "fixes": [fix.to_dict() for fix in self.fixes],
            "explain": self.explain,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Violation:
        """The inverse of :meth:`to_dict` (JSON reports, the cache, the server's answers)."""
        return cls(
            rule=data["rule"],
            name=data["name"],
            category=data["category"],
            severity=Severity.parse(data["severity"]),
            message=data["message"],
            line=data["line"],
            column=data["column"],
            end_line=data["end_line"],
            end_column=data["end_column"],
            offset=data["offset"],
            length=data["length"],
            match=data["match"],
            suggestions=tuple(data["suggestions"]),
            fixes=tuple(Fix.from_dict(fix) for fix in data.get("fixes", ())),
            explain=data.get("explain", ""),
        )


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The lint result of one document (a plain file or one library record)."""

    path: str
    id: str | None
    channel: str
    line: int
    scores: dict[str, Any]
    violations: tuple[Violation, ...]
    #: Who wrote the document (``library.agent_field``), None when unknown.
    agent: str | None = None
    #: The document's language, ISO 639-1 (docs/reference.md section 13).
    language: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "id": self.id,
            "channel": self.channel,
            "language": self.language,
            "agent": self.agent,
            "line": self.line,
            "scores": self.scores,
            "violations": [v.to_dict() for v in self.violations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        return cls(
            path=data["path"],
            id=data["id"],
            channel=data["channel"],
            line=data["line"],
            scores=data["scores"],
            violations=tuple(Violation.from_dict(v) for v in data["violations"]),
            agent=data.get("agent"),
            language=data.get("language", "en"),
        )


@dataclass(frozen=True, slots=True)
class ReportError:
    """An input, record or configuration problem that kept something from being linted."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "message": self.message}
        if self.line is not None:
            data["line"] = self.line
        if self.column is not None:
            data["column"] = self.column
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportError:
        return cls(path=data["path"], message=data["message"], line=data.get("line"), column=data.get("column"))


#: How many documents below ``--min-score`` a summary keeps to name (the count is always exact).
MAX_BELOW_EXAMPLES = 10


@dataclass(slots=True)
class RunSummary:
    """Counts kept while results stream past (formatters and the exit status need only these)."""

    documents: int = 0
    errors: int = 0
    by_severity: dict[str, int] = field(default_factory=lambda: {name: 0 for name in SEVERITY_NAMES})
    worst: Severity | None = None
    #: Violations per rule (``"VL102 preferred-term"``) and per file: the text report's per-rule
    #: summary and ``--statistics``. Bounded by the rules and the files, not the documents.
    by_rule: Counter[str] = field(default_factory=Counter)
    by_file: Counter[str] = field(default_factory=Counter)
    #: Whether a baseline was applied (``--baseline``/``--write-baseline``), and the violations it
    #: left out of the report (they count nowhere else, the exit status included).
    baseline: bool = False
    baselined: int = 0
    #: ``--min-score``: a document whose ``scores.voice`` is below it fails the run.
    min_score: float | None = None
    below_min_score: int = 0
    #: The first documents below ``min_score`` as (path, record id, score), for the text report.
    below_examples: list[tuple[str, str | None, float]] = field(default_factory=list)
    #: Sum and count of the voice scores, and the lowest as (score, path, record id).
    voice_total: float = 0.0
    voice_documents: int = 0
    lowest_voice: tuple[float, str, str | None] | None = None

    def add_document(self, result: DocumentResult) -> None:
        self.documents += 1
        self._add_voice(result)
        if result.violations:
            self.by_file[result.path] += len(result.violations)
        for violation in result.violations:
            self.by_severity[str(violation.severity)] += 1
            self.by_rule[f"{violation.rule} {violation.name}"] += 1
            if self.worst is None or violation.severity > self.worst:
                self.worst = violation.severity

    def _add_voice(self, result: DocumentResult) -> None:
        voice = result.scores.get("voice")
        if not isinstance(voice, int | float) or isinstance(voice, bool):
            return
        self.voice_total += voice
        self.voice_documents += 1
        if self.lowest_voice is None or voice < self.lowest_voice[0]:
            self.lowest_voice = (float(voice), result.path, result.id)
        if self.min_score is not None and voice < self.min_score:
            self.below_min_score += 1
            if len(self.below_examples) < MAX_BELOW_EXAMPLES:
                self.below_examples.append((result.path, result.id, float(voice)))

    def add_error(self, error: ReportError) -> None:
        self.errors += 1

    @property
    def violations(self) -> int:
        return sum(self.by_severity.values())

    def exit_code(self, fail_on: str) -> int:
        """``2`` on any error, else ``1`` when a violation is at or above ``fail_on`` or a document
        scores below ``min_score``, else ``0``."""
        if self.errors:
            return 2
        if self.below_min_score:
            return 1
        if fail_on == "never" or self.worst is None:
            return 0
        return 1 if self.worst >= Severity.parse(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "documents": self.documents,
            "violations": self.violations,
            "by_severity": dict(self.by_severity),
            "errors": self.errors,
        }
        if self.baseline:
            data["baselined"] = self.baselined
        if self.min_score is not None:
            data["min_score"] = {"threshold": self.min_score, "below": self.below_min_score}
        return data


@dataclass(slots=True)
class Report:
    """Everything one run produced, in input order."""

    guide_name: str
    guide_path: str | None
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    tool_version: str = ""

    @property
    def violations(self) -> list[Violation]:
        return [v for d in self.documents for v in d.violations]

    def summary(self) -> RunSummary:
        summary = RunSummary()
        for document in self.documents:
            summary.add_document(document)
        for error in self.errors:
            summary.add_error(error)
        return summary

    def exit_code(self, fail_on: str) -> int:
        return self.summary().exit_code(fail_on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "tool": {"name": "voicelint", "version": self.tool_version},
            "guide": {"name": self.guide_name, "path": self.guide_path},
            "documents": [d.to_dict() for d in self.documents],
            "errors": [e.to_dict() for e in self.errors],
            "summary": self.summary().to_dict(),
        }
