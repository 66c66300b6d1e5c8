"""``--format text`` (default): a human report with rich, grouped by file and record."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunSummary, Severity

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _format_scores(scores: dict[str, Any]) -> str:
    parts = []
    tone = scores.get("tone")
    if isinstance(tone, dict) and tone:
        parts.append("tone " + " ".join(f"{k} {v:g}" for k, v in tone.items()))
    readability = scores.get("readability")
    if isinstance(readability, dict) and readability:
        parts.append(
            f"grade {readability.get('fk_grade', 0):g}, {readability.get('words', 0)} words, "
            f"{readability.get('sentences', 0)} sentences"
        )
    for key, value in scores.items():
        if key not in ("tone", "readability") and isinstance(value, int | float):
            parts.append(f"{key} {value:g}")
    return "; ".join(parts)


@register_formatter
class TextFormatter(Formatter):
    name = "text"
    description = "a human-readable report (default)"

    def begin(self, guide_name: str, guide_path: str | None, tool_version: str) -> None:
        self.console = Console(
            file=self.out,
            highlight=False,
            soft_wrap=True,
            force_terminal=self.color,
            no_color=self.color is False,
        )
        self._guide = guide_name if guide_path is None else f"{guide_name} ({guide_path})"

    def document(self, result: DocumentResult) -> None:
        if self.quiet or not result.violations:
            return
        header = Text(result.path, style="bold")
        if result.id is not None:
            header.append(f" [{result.id}]", style="bold magenta")
        header.append(f" ({result.channel})", style="dim")
        self.console.print(header)
        scores = _format_scores(result.scores)
        if scores:
            self.console.print(Text(f"  {scores}", style="dim"))
        for v in result.violations:
            line = Text("  ")
            line.append(f"{v.line}:{v.column}".ljust(8))
            line.append(str(v.severity).ljust(8), style=_STYLES[v.severity])
            line.append(f"{v.rule} {v.name}".ljust(26), style="dim")
            line.append(v.message)
            self.console.print(line)
            if v.suggestions:
                shown = " | ".join(s if s else "(remove it)" for s in v.suggestions[:3])
                self.console.print(Text(f"{'':42}suggestion: {shown}", style="green"))
        self.console.print()

    def error(self, error: ReportError) -> None:
        """Errors go to stderr (see the CLI); the report only counts them in its summary."""

    def end(self, summary: RunSummary) -> None:
        counts = summary.by_severity
        text = (
            f"{summary.violations} violation(s) ({counts['error']} error, {counts['warning']} warning, "
            f"{counts['info']} info) in {summary.documents} document(s) checked against {self._guide}"
        )
        if summary.errors:
            text += f"; {summary.errors} input error(s)"
        style = "bold red" if summary.errors or counts["error"] else ("yellow" if summary.violations else "green")
        self.console.print(Text(text, style=style))
