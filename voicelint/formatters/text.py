"""``--format text`` (default): a human report with rich, grouped by file and record.

On a terminal, long lines are wrapped here, at spaces, to the terminal's width, continuing under
the message column: rich is told not to wrap (``soft_wrap``), and a terminal left to wrap a long
line itself breaks it at the last column, in the middle of a word. Anywhere else (a pipe, a file,
a CI log) every violation stays on one line, for grep and for viewers that wrap by themselves.

Every string from an input or a guide (paths, record ids, channels, messages, suggestions, the
guide's name and path) is shown through :func:`voicelint.display.for_terminal`, as rich ``Text``
(never markup, so ``[bold]`` in a record id is just text), and no printed line, wrapped or not,
starts with the ``::`` of a CI workflow command.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from voicelint.display import command_colon, for_terminal
from voicelint.formatters import Formatter, register_formatter
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary
from voicelint.vocabulary import Severity

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
#: Columns before a violation's message ("  3:1     error   VL101 banned-phrase       ").
_MESSAGE_COLUMN = 2 + 8 + 8 + 26
_SUGGESTION_PREFIX = f"{'':42}suggestion: "
#: When fewer columns than this are left right of a hanging indent, continue at column 4 instead.
_MIN_TEXT_WIDTH = 20
_NARROW_INDENT = 4
_WORD = re.compile(r"\S+")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n][\s]*")


def _one_line(text: str) -> str:
    """A message or suggestion on one line (one quoting a match across a line break has one), escaped."""
    return for_terminal(_LINE_BREAKS.sub(" ", text))


def _not_a_command(line: Text) -> Text:
    """``line``, with the colon that would make a CI runner take it for a ``::command`` escaped."""
    at = command_colon(line.plain)
    if at < 0:
        return line
    return Text.assemble(line[:at], Text(r"\x3a", style=line.style), line[at + 1 :])


def _wrap(text: Text, width: int | None, hang: int, keep: int = 0) -> list[Text]:
    """``text`` as lines of at most ``width`` cells, broken at spaces, never inside a word.

    Continuation lines are indented by ``hang``. The first ``keep`` characters (aligned columns
    before a message) are never broken. On a narrow terminal, where ``hang`` would leave too
    narrow a column, the text after ``keep`` starts on a line of its own, indented by 4, as do its
    continuation lines. A word longer than a line gets a line of its own. ``width`` None: one
    line, unwrapped.
    """
    plain = text.plain
    if width is None or cell_len(plain) <= width:
        return [text]
    narrow = width - hang < _MIN_TEXT_WIDTH
    if narrow:
        hang = min(hang, _NARROW_INDENT)
    lines: list[Text] = []
    start, indent = 0, 0
    end = len(plain[:keep].rstrip())  # the end of what the current line holds so far
    force = narrow and keep > 0  # break before the first word after the kept columns
    for word in _WORD.finditer(plain, keep):
        if end > start and (force or indent + cell_len(plain[start : word.end()]) > width):
            lines.append(_indented(text[start:end], indent))
            start, indent = word.start(), hang
        force = False
        end = word.end()
    lines.append(_indented(text[start:end], indent))
    return lines


def _indented(text: Text, indent: int) -> Text:
    text.pad_left(indent)
    return text


def _is_terminal(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


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


def _name(path: str, record: str | None) -> str:
    """A document as the summary names it: ``path`` or ``path [record]``, safe for a terminal."""
    return for_terminal(path if record is None else f"{path} [{record}]")


#: How many rules the summary's "by rule" line names (``--statistics`` lists them all).
_TOP_RULES = 8


@register_formatter
class TextFormatter(Formatter):
    name = "text"
    description = "a human-readable report (default)"

    def begin(self, run: RunInfo) -> None:
        super().begin(run)
        guide_name, guide_path = run.guide_name, run.guide_path
        self.console = Console(
            file=self.out,
            highlight=False,
            soft_wrap=True,
            force_terminal=self.color,
            no_color=self.color is False,
        )
        guide_name = for_terminal(guide_name)
        self._guide = guide_name if guide_path is None else f"{guide_name} ({for_terminal(guide_path)})"
        # ``is_terminal`` is what --color/--no-color forced; a real terminal wraps either way.
        terminal = self.console.is_terminal or _is_terminal(self.out)
        self._width: int | None = self.console.width if terminal else None

    def _print(self, text: Text, hang: int, keep: int = 0) -> None:
        for line in _wrap(text, self._width, hang, keep):
            self.console.print(_not_a_command(line))

    def document(self, result: DocumentResult) -> None:
        if self.quiet or not result.violations:
            return
        header = Text(for_terminal(result.path), style="bold")
        if result.id is not None:
            header.append(f" [{for_terminal(result.id)}]", style="bold magenta")
        header.append(f" ({for_terminal(result.channel)})", style="dim")
        self._print(header, hang=4)
        scores = _format_scores(result.scores)
        if scores:
            self._print(Text(f"  {for_terminal(scores)}", style="dim"), hang=4)
        for v in result.violations:
            line = Text("  ")
            line.append(f"{v.line}:{v.column}".ljust(8))
            line.append(str(v.severity).ljust(8), style=_STYLES[v.severity])
            line.append(for_terminal(f"{v.rule} {v.name}").ljust(25) + " ", style="dim")
            keep = len(line)
            line.append(_one_line(v.message))
            self._print(line, hang=_MESSAGE_COLUMN, keep=keep)
            if v.suggestions:
                shown = " | ".join(_one_line(s) if s else "(remove it)" for s in v.suggestions[:3])
                suggestion = Text(f"{_SUGGESTION_PREFIX}{shown}", style="green")
                self._print(suggestion, hang=len(_SUGGESTION_PREFIX), keep=len(_SUGGESTION_PREFIX))
        self.console.print()

    def error(self, error: ReportError) -> None:
        """Errors go to stderr (see the CLI); the report only counts them in its summary."""

    def end(self, summary: RunSummary) -> None:
        counts = summary.by_severity
        text = (
            f"{summary.violations} violation(s) ({counts['error']} error, {counts['warning']} warning, "
            f"{counts['info']} info) in {summary.documents} document(s) checked against {self._guide}"
        )
        if summary.baseline:
            text += f"; {summary.baselined} baselined"
        if summary.below_min_score:
            text += f"; {summary.below_min_score} document(s) below --min-score {summary.min_score:g}"
        if summary.errors:
            text += f"; {summary.errors} input error(s)"
        style = "bold red" if summary.errors or counts["error"] else ("yellow" if summary.violations else "green")
        if not self.quiet:
            self._voice(summary)
        if self.statistics:
            self._statistics(summary)
        elif summary.by_rule and not self.quiet:
            top = summary.by_rule.most_common(_TOP_RULES)
            line = "by rule: " + ", ".join(f"{rule.split()[0]} {count}" for rule, count in top)
            if len(summary.by_rule) > _TOP_RULES:
                line += f" and {len(summary.by_rule) - _TOP_RULES} more (--statistics)"
            self._print(Text(line), hang=2)
        self._print(Text(text, style=style), hang=2)

    def _voice(self, summary: RunSummary) -> None:
        """The mean and lowest voice score, and the documents under ``--min-score`` by name."""
        if summary.below_examples:
            shown = ", ".join(f"{_name(path, record)} {score:g}" for path, record, score in summary.below_examples)
            more = summary.below_min_score - len(summary.below_examples)
            line = f"voice score below --min-score {summary.min_score:g}: {shown}"
            line += f" and {more} more" if more else ""
            self._print(Text(line, style="bold red"), hang=2)
        lowest = summary.lowest_voice
        if lowest is not None and lowest[0] < 100 and summary.voice_documents > 1:
            mean = summary.voice_total / summary.voice_documents
            line = f"voice score: mean {mean:.1f}, lowest {lowest[0]:g} ({_name(lowest[1], lowest[2])})"
            self._print(Text(line), hang=2)

    def _statistics(self, summary: RunSummary) -> None:
        """Counts per rule and per file, most first (like ``ruff --statistics``)."""
        for title, counts in (("rule", summary.by_rule), ("file", summary.by_file)):
            if not counts:
                continue
            width = len(str(max(counts.values())))
            self._print(Text(f"violations by {title}:"), hang=2)
            for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                self._print(Text(f"{count:>{width}}  {for_terminal(name)}"), hang=width + 2)
