"""``--format json``: the machine-readable report of CONTRACT.md section 3, written as it streams.

Strings are exact: every one decodes to what was read. Characters that could act on a terminal or
a CI log showing the report (DEL, C1 and bidi controls, U+2028/U+2029, lone surrogates, the ``[``
of ``##[``) are written as ``\\u`` escapes by :func:`voicelint.display.for_json`; json escapes
the C0 controls itself.
"""

from __future__ import annotations

import json
from typing import Any

from voicelint.display import for_json
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary


def _dumps(value: Any) -> str:
    return for_json(json.dumps(value, ensure_ascii=False))


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
        self.out.write(_dumps(head)[:-1] + ', "documents": [')

    def document(self, result: DocumentResult) -> None:
        self.out.write(("\n" if self._first else ",\n") + _dumps(result.to_dict()))
        self._first = False

    def error(self, error: ReportError) -> None:
        self._errors.append(error)

    def end(self, summary: RunSummary) -> None:
        errors = _dumps([e.to_dict() for e in self._errors])
        self.out.write(f'\n], "errors": {errors}, "summary": {_dumps(summary.to_dict())}}}\n')
