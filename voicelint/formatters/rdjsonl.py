"""``--format rdjsonl``: reviewdog's Diagnostic Format, one JSON object a line (``reviewdog -f=rdjsonl``).

Each violation is a diagnostic with its message, location (path and a 1-based start/end range,
columns in UTF-8 bytes as reviewdog counts them: each file is read again, see
:mod:`voicelint.formatters.in_file`), severity (``ERROR``/``WARNING``/``INFO``), ``source``
``voicelint`` and ``code`` (the rule), and its literal fixes (safe and unsafe, never a rewrite
with ``{slots}``, and only where they can be pasted over the range as they are) as
``suggestions``, so reviewdog can post them as suggested changes. An input error is an
``ERROR`` diagnostic with code ``input-error``.
"""

from __future__ import annotations

from typing import Any

from voicelint.display import json_line
from voicelint.formatters import Formatter, register_formatter
from voicelint.formatters.in_file import LintedFile, pastable
from voicelint.report import DocumentResult, ReportError, RunInfo

_SOURCE = {"name": "voicelint"}


@register_formatter
class ReviewdogFormatter(Formatter):
    name = "rdjsonl"
    description = "reviewdog diagnostics, one JSON object a line, with suggested changes"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._file = LintedFile()

    def document(self, result: DocumentResult) -> None:
        if not result.violations:
            return
        file = self._file
        file.use(result.path)
        for v in result.violations:
            where = {
                "start": {"line": v.line, "column": file.utf8_column(v.column, v.offset)},
                "end": {"line": v.end_line, "column": file.utf8_column(v.end_column, v.offset + v.length)},
            }
            diagnostic: dict[str, Any] = {
                "message": v.message,
                "location": {"path": result.path, "range": where},
                "severity": str(v.severity).upper(),
                "source": _SOURCE,
                "code": {"value": v.rule},
            }
            literal = [fix for fix in v.fixes if pastable(fix, v, result.path, file)]
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
