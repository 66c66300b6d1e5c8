"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues), for merge requests.

Each violation is an issue with ``description``, ``check_name`` (the rule code), ``fingerprint``
(:mod:`voicelint.fingerprints`: stable across edits elsewhere and records moving), ``severity``
(error -> major, warning -> minor, info -> info) and ``location`` (``path`` from the repository's
root, as GitLab matches it to the merge request's files; ``lines.begin``). An
input error is an issue ``voicelint/input-error`` of severity ``critical`` at its line, so a
broken library file shows in the merge request instead of vanishing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from voicelint.display import for_json
from voicelint.fingerprints import fingerprinted
from voicelint.formatters import Formatter, register_formatter
from voicelint.formatters.repository import repository_path, repository_root
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary
from voicelint.vocabulary import Severity

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


@register_formatter
class GitlabFormatter(Formatter):
    name = "gitlab"
    description = "GitLab Code Quality JSON (merge-request widget)"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        self._root = repository_root(Path.cwd())
        self._first = True
        self.out.write("[")

    def _issue(self, issue: dict[str, Any]) -> None:
        self.out.write(("\n" if self._first else ",\n") + for_json(json.dumps(issue, ensure_ascii=False)))
        self._first = False

    def _path(self, path: str) -> str:
        """The file's path from the repository's root (as given when outside it, or stdin)."""
        return repository_path(path, self._root) or path

    def document(self, result: DocumentResult) -> None:
        for fingerprint, violation in fingerprinted(result):
            where = f" (record {result.id})" if result.id is not None else ""
            self._issue(
                {
                    "description": f"{violation.rule} {violation.name}: {violation.message}{where}",
                    "check_name": violation.rule,
                    "fingerprint": fingerprint,
                    "severity": _SEVERITIES[violation.severity],
                    "location": {"path": self._path(result.path), "lines": {"begin": violation.line}},
                }
            )

    def error(self, error: ReportError) -> None:
        fingerprint = hashlib.sha256(f"{error.path}\0{error.message}".encode("utf-8", "surrogatepass")).hexdigest()
        self._issue(
            {
                "description": error.message,
                "check_name": "voicelint/input-error",
                "fingerprint": fingerprint,
                "severity": "critical",
                "location": {"path": self._path(error.path), "lines": {"begin": error.line or 1}},
            }
        )

    def end(self, summary: RunSummary) -> None:
        self.out.write("\n]\n")
