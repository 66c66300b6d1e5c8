"""``--format json``: the machine-readable report of CONTRACT.md section 3, written as it streams."""

from __future__ import annotations

import json

from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary


@register_formatter
class JsonFormatter(Formatter):
    name = "json"
    description = "the JSON report (CONTRACT.md section 3), for CI and tools"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._errors: list[ReportError] = []
        self._first = True
        head = {
            "version": 1,
            "tool": {"name": "voicelint", "version": run.tool_version},
            "guide": {"name": run.guide_name, "path": run.guide_path},
        }
        self.out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "documents": [')

    def document(self, result: DocumentResult) -> None:
        self.out.write(("\n" if self._first else ",\n") + json.dumps(result.to_dict(), ensure_ascii=False))
        self._first = False

    def error(self, error: ReportError) -> None:
        self._errors.append(error)

    def end(self, summary: RunSummary) -> None:
        errors = json.dumps([e.to_dict() for e in self._errors], ensure_ascii=False)
        self.out.write(f'\n], "errors": {errors}, "summary": {json.dumps(summary.to_dict())}}}\n')
