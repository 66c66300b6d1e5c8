"""``--format github``: workflow commands that GitHub parses back to exactly what was reported.

The parser below follows the Actions runner (``ActionCommand.TryParseV2``): the command runs from
the leading ``::`` to the next ``::``; its name ends at the first space; the properties are split
on ``,`` and each on its first ``=``; property values are unescaped ``%0D`` ``%0A`` ``%3A`` ``%2C``
then ``%25``, the message ``%0D`` ``%0A`` then ``%25``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.formatters import formatters
from voicelint.report import DocumentResult, ReportError, RunSummary, Severity, Violation

# The class as ``--format`` finds it (importing the module first once left the registry with this
# format alone, and the CLI without the others).
GithubFormatter = formatters()["github"]

_PROPERTY_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))
_DATA_ESCAPES = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))


def _unescape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for escaped, raw in escapes:
        text = text.replace(escaped, raw)
    return text


@dataclass
class Command:
    name: str
    properties: dict[str, str]
    message: str
    raw_properties: str
    raw_message: str


def parse_command(line: str) -> Command:
    assert line.startswith("::"), line
    end = line.index("::", 2)
    info, raw_message = line[2:end], line[end + 2 :]
    name, _, raw_properties = info.partition(" ")
    properties = {}
    for pair in filter(None, raw_properties.split(",")):
        key, sep, value = pair.partition("=")
        assert sep, f"property without '=': {pair!r} in {line!r}"
        assert key not in properties, f"property {key!r} twice in {line!r}"
        properties[key] = _unescape(value, _PROPERTY_ESCAPES)
    return Command(name, properties, _unescape(raw_message, _DATA_ESCAPES), raw_properties, raw_message)


def assert_strictly_escaped(command: Command) -> None:
    """No raw character that must be escaped, and every ``%`` starts an escape of its context."""
    for raw, allowed in ((command.raw_properties, "25|0D|0A|3A|2C"), (command.raw_message, "25|0D|0A")):
        assert "\r" not in raw and "\n" not in raw
        assert re.fullmatch(rf"(?:[^%]|%(?:{allowed}))*", raw), raw
    for key, value in re.findall(r"(?:^|,)([^=,]*)=([^,]*)", command.raw_properties):
        assert ":" not in value, (key, value)


NASTY_PATHS = [
    "docs/a:b,c%d.txt",
    "macros/100%,done::x.txt",
    "weird\nname\r.txt",
    "C:\\support\\re,plies.md",
    "50%25off%0A%3A%2C.md",
    "a=b,line=99::error file=evil.txt::x.md",
]
NASTY_MESSAGES = [
    "Use 'sign in': not 'log in', ok",
    "100% sure, 50%25 off %0A literally",
    "line one\nline two\r\nline three\r",
    "::error file=x.txt,line=1::injected",
    "trailing %",
    "a,b:c::d",
]


def _violation(message: str, severity: Severity, suggestion: str | None) -> Violation:
    return Violation(
        rule="VL101",
        name="odd:name,with%",
        category="banned",
        severity=severity,
        message=message,
        line=3,
        column=7,
        end_line=4,
        end_column=2,
        offset=20,
        length=9,
        match="per our policy",
        suggestions=(suggestion,) if suggestion is not None else (),
    )


def _document(path: str, violations: tuple[Violation, ...]) -> DocumentResult:
    return DocumentResult(path=path, id=None, channel="email", line=1, scores={}, violations=violations)


def _annotations(output: str) -> list[str]:
    lines = output.splitlines()
    # one physical line per annotation: a raw newline would have started a line of its own
    assert all(line.startswith("::") for line in lines), lines
    return lines


@pytest.mark.parametrize("path", NASTY_PATHS)
@pytest.mark.parametrize("message", NASTY_MESSAGES)
def test_violation_annotation_round_trips(path: str, message: str) -> None:
    out = io.StringIO()
    formatter = GithubFormatter(out)
    severities = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    violations = tuple(
        _violation(message, severity, suggestion)
        for severity, suggestion in zip(severities, (None, "a:b,c%d\n::x", ""), strict=True)
    )
    formatter.document(_document(path, violations))
    lines = _annotations(out.getvalue())
    assert len(lines) == 3
    for line, violation in zip(lines, violations, strict=True):
        command = parse_command(line)
        assert_strictly_escaped(command)
        assert command.name == {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[
            violation.severity
        ]
        assert command.properties == {
            "file": path,
            "line": "3",
            "col": "7",
            "endLine": "4",
            "endColumn": "2",
            "title": "VL101 odd:name,with%",
        }
        expected = message
        if violation.suggestions:
            expected += f" (suggestion: {violation.suggestions[0]})"
        assert command.message == expected


@pytest.mark.parametrize("path", NASTY_PATHS)
@pytest.mark.parametrize("message", NASTY_MESSAGES)
def test_input_error_annotation_round_trips(path: str, message: str) -> None:
    out = io.StringIO()
    formatter = GithubFormatter(out)
    formatter.error(ReportError(path=path, message=message, line=2, column=5))
    formatter.error(ReportError(path=path, message=message))
    first, second = (parse_command(line) for line in _annotations(out.getvalue()))
    for command in (first, second):
        assert_strictly_escaped(command)
        assert command.name == "error"
        assert command.message == message
    assert first.properties == {"file": path, "line": "2", "col": "5", "title": "voicelint input error"}
    assert second.properties == {"file": path, "title": "voicelint input error"}


def test_parser_rejects_unescaped_output() -> None:
    """The checks above do catch an annotation written without escaping."""
    raw = "::error file=a:b,c.txt,line=1::100% sure\n"
    with pytest.raises(AssertionError):
        assert_strictly_escaped(parse_command(raw.rstrip("\n")))
    with pytest.raises(AssertionError):
        parse_command("::error file=a,b.txt,line=1::x")  # "b.txt" has no "="


def _summary_line(output: str) -> str:
    lines = [line for line in output.splitlines() if not line.startswith("::")]
    assert len(lines) == 1, lines
    return lines[0]


def test_summary_counts_what_was_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error-severity violation and an input error both show in the summary, counted apart."""
    (tmp_path / "bad.txt").write_text(
        "Hi Sam,\n\nPer our policy we cannot refund this. Please log in to see it.\n", encoding="utf-8"
    )
    (tmp_path / "broken.yaml").write_text("a: [unclosed\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "bad.txt", "broken.yaml", "--format", "github"])
    assert result.exit_code == 2, result.output
    commands = [parse_command(line) for line in result.stdout.splitlines() if line.startswith("::")]
    input_errors = [c for c in commands if c.properties.get("title") == "voicelint input error"]
    violations = [c for c in commands if c not in input_errors]
    by_level = {level: sum(c.name == level for c in violations) for level in ("error", "warning", "notice")}
    assert by_level["error"] >= 1 and len(input_errors) == 1  # VL101 banned-phrase; the YAML syntax error
    assert any(c.properties["title"] == "VL101 banned-phrase" and c.name == "error" for c in violations)
    summary = _summary_line(result.stdout)
    assert summary == (
        f"voicelint: {len(violations)} violation(s) ({by_level['error']} error, {by_level['warning']} warning, "
        f"{by_level['notice']} info) in 1 document(s), 1 input error(s)"
    )


def test_summary_with_an_error_violation_and_no_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.txt").write_text("Per our policy, no.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "bad.txt", "--format", "github"])
    assert result.exit_code == 1, result.output
    errors = sum(line.startswith("::error ") for line in result.stdout.splitlines())
    assert errors >= 1
    summary = _summary_line(result.stdout)
    assert f"({errors} error, " in summary and summary.endswith(", 0 input error(s)")
    assert "0 error" not in summary


def test_summary_of_a_run_summary() -> None:
    out = io.StringIO()
    summary = RunSummary(documents=4, errors=2, by_severity={"error": 1, "warning": 3, "info": 5})
    GithubFormatter(out).end(summary)
    assert out.getvalue() == (
        "voicelint: 9 violation(s) (1 error, 3 warning, 5 info) in 4 document(s), 2 input error(s)\n"
    )
