"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` describes every rule that ran (help text from ``voicelint explain``,
a link, the default level, the category as a tag, the measured precision); each violation is a
result with its rule, level, message, location (repository-relative URI, 1-based region),
``partialFingerprints`` (:mod:`voicelint.fingerprints`, stable across edits elsewhere and records
moving), the record id and channel, and its literal fixes. Input errors are tool execution
notifications, and ``executionSuccessful`` is false when there is one.

Columns and offsets are in UTF-16 code units (``columnKind: utf16CodeUnits``, SARIF's default,
which GitHub's and VS Code's viewers assume): voicelint counts code points, so each file is read
again once (:mod:`voicelint.formatters.in_file`) and every astral character (an emoji) before a position on its
line counts twice. Lines end at ``\\r\\n``, ``\\n`` or a lone ``\\r`` (``newlineSequences``);
offsets are counted after a UTF-8 byte-order mark. Text from stdin cannot be read again: its
positions stay in code points, the same units for text without emoji.

GitHub code scanning rejects a run of more than 25,000 results (and shows the top 5,000 by
severity), so at most :data:`MAX_RESULTS` are written: the most severe, in report order. How many
were left out is said in a warning notification and in the run's properties. Results are held
until the end (to choose them), as serialised JSON, never more than :data:`MAX_RESULTS` + 1.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from voicelint.display import for_json
from voicelint.fingerprints import fingerprinted
from voicelint.formatters import Formatter, register_formatter
from voicelint.formatters.in_file import LintedFile, pastable
from voicelint.formatters.repository import repository_path, repository_root
from voicelint.report import DocumentResult, Fix, ReportError, RuleInfo, RunInfo, RunSummary, Violation
from voicelint.vocabulary import Severity

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Where voicelint lives and where its rules are listed (also ``[project.urls]`` in pyproject.toml;
#: a test keeps the two the same).
REPOSITORY_URL = "https://example.invalid/voicelint"
RULES_URL = f"{REPOSITORY_URL}/blob/main/README.md#rules"
#: GitHub code scanning's limit of results per run (docs.github.com, "SARIF results exceed limit").
MAX_RESULTS = 25_000
#: The key of voicelint's fingerprint in ``partialFingerprints`` (bump the version if it changes).
FINGERPRINT_KEY = "voicelintFingerprint/v1"
#: Where relative URIs are rooted (``originalUriBaseIds``).
SRCROOT = "%SRCROOT%"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SEVERITY_NAMES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}



def _severity(name: str) -> Severity:
    return _SEVERITY_NAMES.get(name, Severity.WARNING)


@register_formatter
class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 (GitHub code scanning), with rule help, fingerprints and fixes"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._root = repository_root(Path.cwd())
        self._rules: list[dict[str, Any]] = []
        self._rule_index: dict[str, int] = {}
        for rule in run.rules:
            self._add_rule(rule)
        self._notifications: list[dict[str, Any]] = []
        # Kept results by severity (most severe first), each list in report order: (seq, json).
        self._kept: dict[Severity, list[tuple[int, str]]] = {s: [] for s in sorted(_LEVELS, reverse=True)}
        self._count = 0
        self._dropped = 0
        self._file = LintedFile()

    # -- rules -------------------------------------------------------------------------------

    def _add_rule(self, rule: RuleInfo) -> int:
        known = self._rule_index.get(rule.code)
        if known is not None:
            return known
        self._rule_index[rule.code] = len(self._rules)
        self._rules.append(_descriptor(rule))
        return self._rule_index[rule.code]

    def _index_of(self, violation: Violation) -> int:
        """The rule's index in ``tool.driver.rules``; a rule not announced (a server run) is added."""
        known = self._rule_index.get(violation.rule)
        if known is not None:
            return known
        severity = str(violation.severity)
        return self._add_rule(RuleInfo(violation.rule, violation.name, violation.category, severity, "", ""))

    # -- locations ---------------------------------------------------------------------------

    def _artifact(self, path: str) -> dict[str, Any]:
        """A repository-relative ``artifactLocation`` (an absolute ``file:`` URI outside the repository)."""
        if path == "-" or path.startswith("<"):
            return {"uri": quote(path)}
        relative = repository_path(path, self._root)
        if relative is None:
            return {"uri": Path(os.path.abspath(path)).as_uri()}
        return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}

    # -- results -----------------------------------------------------------------------------

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        artifact = self._artifact(result.path)
        self._file.use(result.path)
        for fingerprint, violation in fingerprinted(result):
            self._keep(violation.severity, self._result(result, artifact, fingerprint, violation))

    def _result(
        self, result: DocumentResult, artifact: dict[str, Any], fingerprint: str, v: Violation
    ) -> dict[str, Any]:
        file = self._file
        end = v.offset + v.length
        region = {
            "startLine": v.line,
            "startColumn": file.utf16_column(v.column, v.offset),
            "endLine": v.end_line,
            "endColumn": file.utf16_column(v.end_column, end),
            "charOffset": file.utf16_offset(v.offset),
            "charLength": file.utf16_offset(end) - file.utf16_offset(v.offset),
        }
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
        properties: dict[str, Any] = {"channel": result.channel, "category": v.category}
        if result.id is not None:
            location["logicalLocations"] = [{"name": result.id, "kind": "object"}]
            properties["recordId"] = result.id
        sarif: dict[str, Any] = {
            "ruleId": v.rule,
            "ruleIndex": self._index_of(v),
            "level": _LEVELS[v.severity],
            "message": {"text": v.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        }
        fixes = [_fix(fix, artifact, region) for fix in v.fixes if pastable(fix, v, result.path, file)]
        if fixes:
            sarif["fixes"] = fixes
        sarif["properties"] = properties
        return sarif

    def _keep(self, severity: Severity, sarif: dict[str, Any]) -> None:
        """Keep the result; past :data:`MAX_RESULTS`, drop the least severe, latest one."""
        self._kept[severity].append((self._count, json.dumps(sarif, ensure_ascii=False)))
        self._count += 1
        if self._count - self._dropped > MAX_RESULTS:
            for level in sorted(self._kept):  # least severe first
                if self._kept[level]:
                    self._kept[level].pop()
                    self._dropped += 1
                    break

    def error(self, error: ReportError) -> None:
        region: dict[str, Any] = {"startLine": error.line or 1}
        if error.column is not None:
            region["startColumn"] = error.column
        self._notifications.append(
            {
                "level": "error",
                "message": {"text": error.message},
                "locations": [{"physicalLocation": {"artifactLocation": self._artifact(error.path), "region": region}}],
                "descriptor": {"id": "input-error"},
            }
        )

    def end(self, summary: RunSummary) -> None:
        notifications = list(self._notifications)
        if self._dropped:
            notifications.append(
                {
                    "level": "warning",
                    "message": {
                        "text": (
                            f"{self._dropped} of {self._count} results were left out: GitHub code scanning accepts at "
                            f"most {MAX_RESULTS} results a run, so the {MAX_RESULTS} most severe are kept, in report "
                            "order. Every result is in --format json or jsonl; or check fewer files or rules a run "
                            "(--select, --ignore, a narrower path)."
                        )
                    },
                    "descriptor": {"id": "results-limit"},
                }
            )
        sentinel = f"voicelint-results-{uuid.uuid4().hex}"
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "voicelint",
                    "version": self.run.tool_version,
                    "semanticVersion": self.run.tool_version,
                    "informationUri": REPOSITORY_URL,
                    "rules": self._rules,
                }
            },
            "invocations": [
                {"executionSuccessful": not self._notifications, "toolExecutionNotifications": notifications}
            ],
            "originalUriBaseIds": {SRCROOT: {"uri": self._root.as_uri() + "/"}},
            "columnKind": "utf16CodeUnits",
            "newlineSequences": ["\r\n", "\n", "\r"],
            "properties": {"resultsTotal": self._count, "resultsDropped": self._dropped},
            "results": sentinel,
        }
        log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
        kept = sorted(item for items in self._kept.values() for item in items)
        results = "[" + ",".join(f"\n    {text}" for _, text in kept) + ("\n  ]" if kept else "]")
        head, tail = json.dumps(log, ensure_ascii=False, indent=1).split(json.dumps(sentinel))
        self.out.write(for_json(head + results + tail) + "\n")


def _descriptor(rule: RuleInfo) -> dict[str, Any]:
    """A ``reportingDescriptor`` for a rule: what GitHub shows above each of its alerts."""
    from voicelint.explain import measured_precision, passes_gate, rule_documentation, rule_text
    from voicelint.rules import find_rule

    known = find_rule(rule.code)
    summary = rule.summary or (known.summary if known is not None else f"{rule.code} {rule.name}")
    text = rule_text(rule.code) or f"{rule.code} {rule.name}\n\n{summary}"
    properties: dict[str, Any] = {"tags": [rule.category]}
    entry = measured_precision().get(rule.code)
    if entry is not None and entry.get("precision") is not None:
        properties["measuredPrecision"] = entry["precision"]
        properties["judgedFindings"] = entry.get("judged")
        if entry.get("gate") != "entries":
            properties["precision"] = _precision_band(float(entry["precision"]), passes_gate(rule.code))
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule_documentation(rule.code) or summary},
        "help": {"text": text, "markdown": _markdown(text)},
        "helpUri": RULES_URL,
        "defaultConfiguration": {"level": _LEVELS[_severity(rule.severity)]},
        "properties": properties,
    }


def _precision_band(value: float, gated: bool) -> str:
    """GitHub's precision words (``very-high``, ``high``, ``medium``, ``low``) for a measured figure;
    ``high`` and above only for a rule that passed the precision gate on enough findings."""
    if gated and value >= 0.95:
        return "very-high"
    if gated:
        return "high"
    return "medium" if value >= 0.5 else "low"


def _markdown(text: str) -> str:
    """``voicelint explain`` text as Markdown: the heading lines kept apart, indented lines
    (options, the bad and good examples) as list items, paragraphs as they are."""
    head, _, body = text.partition("\n\n")
    first, *rest = head.split("\n")
    lines = [f"**{first}**" + ("  " if rest else ""), *(line + "  " for line in rest[:-1]), *rest[-1:], ""]
    previous = ""
    for line in body.split("\n"):
        if line.startswith("  ") and line.strip():
            if not previous.startswith("- "):
                lines.append("")
            line = f"- {line.strip()}"
        lines.append(line)
        previous = line
    return "\n".join(lines).rstrip() + "\n"


def _fix(fix: Fix, artifact: dict[str, Any], region: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": {"text": f"{fix.title} ({fix.applicability})"},
        "artifactChanges": [
            {
                "artifactLocation": artifact,
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": fix.replacement}}],
            }
        ],
        "properties": {"applicability": fix.applicability},
    }
