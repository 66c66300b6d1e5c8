"""``--format github``: GitHub Actions workflow commands, one annotation per violation.

Paths, titles and messages are escaped twice: :func:`voicelint.display.for_terminal` shows control,
bidi and line-separator characters as visible escapes (ESC as ``\\x1b``, U+2028 as ``\\u2028``)
and breaks ``##[``, keeping CR and LF, which the workflow-command escaping writes as ``%0D`` and
``%0A`` (so a path or message with a line break is still reported exactly, on one line).
"""

from __future__ import annotations

from voicelint.display import for_terminal
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunSummary
from voicelint.vocabulary import Severity

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    text = for_terminal(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@register_formatter
class GithubFormatter(Formatter):
    name = "github"
    description = "GitHub Actions annotations (::error file=...,line=...::message)"

    def document(self, result: DocumentResult) -> None:
        path = _escape_property(result.path)
        for v in result.violations:
            where = (
                f"file={path},line={v.line},col={v.column},endLine={v.end_line},endColumn={v.end_column}"
            )
            message = v.message
            if v.suggestions:
                message += f" (suggestion: {v.suggestions[0]})"
            title = _escape_property(f"{v.rule} {v.name}")
            self.out.write(f"::{_LEVELS[v.severity]} {where},title={title}::{_escape_data(message)}\n")

    def error(self, error: ReportError) -> None:
        where = f"file={_escape_property(error.path)}"
        if error.line is not None:
            where += f",line={error.line}"
            if error.column is not None:
                where += f",col={error.column}"
        self.out.write(f"::error {where},title=voicelint input error::{_escape_data(error.message)}\n")

    def end(self, summary: RunSummary) -> None:
        # ``summary.errors`` counts input errors only; error-severity violations are in
        # ``by_severity`` (an "::error" annotation is either), so both are named apart.
        counts = summary.by_severity
        self.out.write(
            f"voicelint: {summary.violations} violation(s) ({counts['error']} error, {counts['warning']} warning, "
            f"{counts['info']} info) in {summary.documents} document(s), {summary.errors} input error(s)\n"
        )
