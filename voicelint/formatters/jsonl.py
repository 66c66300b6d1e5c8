"""``--format jsonl``: one violation per line (CONTRACT.md section 8), for tools that stream.

Each line is one JSON object: ``"type": "violation"`` with the document's ``path``, ``id`` and
``channel`` and the violation's fields as in the JSON report (section 3), or ``"type": "error"``
with an input error's fields, in the order they happen. Nothing is written for a clean document,
so a clean run prints nothing. Strings are escaped as in ``--format json``
(:func:`voicelint.display.for_json`): a line never holds a raw line separator or control character.
"""

from __future__ import annotations

from voicelint.display import json_line
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError


@register_formatter
class JsonLinesFormatter(Formatter):
    name = "jsonl"
    description = "one JSON object per violation (and per input error), a line each"

    def document(self, result: DocumentResult) -> None:
        where = {"path": result.path, "id": result.id, "channel": result.channel}
        for violation in result.violations:
            self.out.write(json_line({"type": "violation", **where, **violation.to_dict()}))

    def error(self, error: ReportError) -> None:
        self.out.write(json_line({"type": "error", **error.to_dict()}))
