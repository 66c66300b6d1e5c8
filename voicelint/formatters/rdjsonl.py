"""``--format rdjsonl``: reviewdog's Diagnostic Format, one JSON object a line (``reviewdog -f=rdjsonl``).

Each violation is a diagnostic with its message, location (path and a 1-based start/end range),
severity (``ERROR``/``WARNING``/``INFO``), ``source`` ``voicelint`` and ``code`` (the rule), and
its literal fixes (safe and unsafe, never a rewrite
with ``{slots}``) as ``suggestions`` that replace the range, so reviewdog can post them as
suggested changes. An input error is an ``ERROR`` diagnostic with code ``input-error``.
"""

from __future__ import annotations

from typing import Any

from voicelint.display import json_line
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError

_SOURCE = {"name": "voicelint"}


@register_formatter
class ReviewdogFormatter(Formatter):
    name = "rdjsonl"
    description = "reviewdog diagnostics, one JSON object a line, with suggested changes"

    def document(self, result: DocumentResult) -> None:
        for v in result.violations:
            where = {
                "start": {"line": v.line, "column": v.column},
                "end": {"line": v.end_line, "column": v.end_column},
            }
            diagnostic: dict[str, Any] = {
                "message": v.message,
                "location": {"path": result.path, "range": where},
                "severity": str(v.severity).upper(),
                "source": _SOURCE,
                "code": {"value": v.rule},
            }
            literal = [fix for fix in v.fixes if fix.applicability in ("safe", "unsafe")]
            if literal:
                diagnostic["suggestions"] = [{"range": where, "text": fix.replacement} for fix in literal]
            self.out.write(json_line(diagnostic))

    def error(self, error: ReportError) -> None:
        start = {"line": error.line or 1, "column": error.column or 1}
        self.out.write(
            json_line(
                {
                    "message": error.message,
                    "location": {"path": error.path, "range": {"start": start}},
                    "severity": "ERROR",
                    "source": _SOURCE,
                    "code": {"value": "input-error"},
                }
            )
        )
