"""Terminal and CI-log injection (issue 9, item 5): strings voicelint did not write never act.

Record ids, file names and guide strings reach people through the text format (on a terminal and
off it), the GitHub format, the CLI's stderr and ``explain``. Each channel is fed the same
payloads: an OSC title (``ESC]0;…BEL``), a screen clear (``ESC[2J``), an OSC 8 link, bidi controls
(U+202E and the rest), C1 controls, DEL, U+2028/U+2029, and line breaks followed by a forged
``::error`` annotation or the runner's other command form ``##[error]``. The output must hold none
of those characters raw, show them as visible escapes, and have no line the GitHub Actions runner
would take for a workflow command (``::`` after leading white space, ``##[`` anywhere) except the
GitHub format's own annotations. The JSON report keeps every string exact.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from voicelint.cli import main
from voicelint.display import command_colon, for_json, for_terminal, not_a_command
from voicelint.formatters import formatters
from voicelint.report import DocumentResult, ReportError, RunInfo, RunSummary, Violation
from voicelint.vocabulary import Severity

TextFormatter = formatters()["text"]
GithubFormatter = formatters()["github"]
JsonFormatter = formatters()["json"]

OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
BIDI = "\u202e\u202a\u2066\u2069\u200e\u200f\u061c"
C1 = "\x9b2J\x85\x90"
FORGED = "\n::error file=README.md,line=1::forged"
#: One string holding every payload.
PAYLOAD = (f"{OSC_TITLE}{CLEAR}{OSC8}{BIDI}{C1}\x7f\u2028\u2029\r::warning::cr{FORGED}"
           " ##[error]v1 [bold]x[/bold] :warning:")
#: What must be visible in place of the payload (``#\x23[`` is ``##[`` broken).
SHOWN = (r"\x1b]0;pwned\x07", r"\x1b[2J", r"\x1b]8;;https://evil.example/\x1b\click me", r"\u202e", r"\u2066",
         r"\x9b2J", r"\x85", r"\x7f", r"\u2028", r"\u2029", r"#\x23[error]v1", "[bold]x[/bold] :warning:")

#: Characters that must never be written raw (a line feed only ends a line).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
#: rich's own colour codes (checked apart: what rich writes, not what an input brought).
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_LEVELS = ("error", "warning", "notice")


def assert_inert(output: str, *, annotations: int = 0, sgr: bool = False) -> list[str]:
    """No raw control, bidi or separator character, no ``##[``, and exactly ``annotations`` lines
    that the Actions runner reads as ``::`` commands, each one of the GitHub format's own. Returns
    those lines."""
    if sgr:
        output = _SGR.sub("", output)
    raw = RAW.search(output)
    assert raw is None, f"raw {raw.group()!r} at {raw.start()}: {output[max(0, raw.start() - 40):raw.end() + 40]!r}"
    commands = []
    for line in output.split("\n"):
        assert "##[" not in line, line
        if line.lstrip().startswith("::"):
            commands.append(line)
    assert len(commands) == annotations, commands
    for line in commands:
        assert re.match(rf"::({'|'.join(_LEVELS)}) file=[^,:]*[,:]", line), line
        assert ",title=VL" in line or ",title=voicelint input error::" in line, line
    return commands


def assert_shown(output: str, *expected: str) -> None:
    for text in expected or SHOWN:
        assert text in output, (text, output)


# --- the escaping itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b", r"\x1b"), ("\x00", r"\x00"), ("\x07", r"\x07"), ("\t", r"\t"), ("\n", r"\n"), ("\r", r"\r"),
        ("\x0b", r"\x0b"), ("\x7f", r"\x7f"), ("\x85", r"\x85"), ("\x9b", r"\x9b"), ("\u202e", r"\u202e"),
        ("\u202a", r"\u202a"), ("\u2066", r"\u2066"), ("\u2069", r"\u2069"), ("\u200e", r"\u200e"),
        ("\u200f", r"\u200f"), ("\u061c", r"\u061c"), ("\u2028", r"\u2028"), ("\u2029", r"\u2029"),
        ("\udcff", r"\udcff"), ("##[error]", r"#\x23[error]"),
    ],
)
def test_for_terminal_shows_each_kind_as_an_escape(raw: str, shown: str) -> None:
    assert for_terminal(f"a{raw}b") == f"a{shown}b"


def test_for_terminal_leaves_text_alone() -> None:
    text = "Café ☕ naïve 👩‍💻 日本語 C:\\path [bold]x[/] :smile: 100% a,b:c # ## [x] \u00a0 \u200b"
    assert for_terminal(text) == text


def test_for_terminal_keeps_what_the_caller_escapes() -> None:
    assert for_terminal("a\r\n\x1bb\u2028", keep="\r\n") == "a\r\n\\x1bb\\u2028"


def test_not_a_command() -> None:
    assert command_colon("::error x") == 0 and command_colon(" \u00a0 ::x") == 3 and command_colon("a ::x") == -1
    assert not_a_command("  ::error file=x::y") == r"  \x3a:error file=x::y"
    assert not_a_command("voicelint: ::x") == "voicelint: ::x"


def test_for_json_is_the_same_value() -> None:
    value = {"id": PAYLOAD + "\udcff", "path": "a\u2028b"}
    dumped = for_json(json.dumps(value, ensure_ascii=False))
    assert json.loads(dumped) == value
    assert RAW.search(dumped.replace("\n", "")) is None and "##[" not in dumped
    assert r"\u2028" in dumped and r"\u202e" in dumped and r"\u009b" in dumped and "##\\u005b" in dumped


# --- the formats -----------------------------------------------------------------------------------


def _violation(message: str, suggestion: str) -> Violation:
    return Violation(
        rule="VL101", name=f"banned{PAYLOAD}", category="banned", severity=Severity.ERROR, message=message,
        line=1, column=1, end_line=1, end_column=15, offset=0, length=14, match="Per our policy",
        suggestions=(suggestion,),
    )


def _results() -> list[DocumentResult | ReportError]:
    violations = (
        _violation(f"'Per our policy' is banned: {PAYLOAD}", f"because{PAYLOAD}"),
        # On an 80-column terminal, 36 columns are left for the message: it wraps before the command.
        _violation(f"{'x' * 30} ::error file=README.md::forged by wrapping", "ok"),
    )
    return [
        # (results can come from a server: nothing in them is taken as checked)
        DocumentResult(f"macros/{PAYLOAD}.json", f"id{PAYLOAD}", f"email{PAYLOAD}", 1, {f"s{PAYLOAD}": 1}, violations),
        # A path that is itself a command, no control character needed.
        DocumentResult("::error file=README.md::forged.txt", None, "email", 1, {}, violations[:1]),
        DocumentResult(" ::warning::forged.txt", None, "email", 1, {}, violations[:1]),
        ReportError(f"broken{PAYLOAD}.json", f"record 'id{PAYLOAD}' has no text field", 2, 3),
    ]


def _render(name: str, out: io.StringIO, color: bool | None = None) -> str:
    formatter = formatters()[name](out, color=color)
    formatter.begin(RunInfo(f"Guide{PAYLOAD}", f"guides/{PAYLOAD}.yaml", "0.1.0"))
    summary = RunSummary()
    for result in _results():
        if isinstance(result, ReportError):
            summary.add_error(result)
            formatter.error(result)
        else:
            summary.add_document(result)
            formatter.document(result)
    formatter.end(summary)
    return out.getvalue()


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture()
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")


def test_text_format_off_a_terminal(columns: None) -> None:
    output = _render("text", io.StringIO())
    assert_inert(output)
    assert_shown(output)
    assert r"\x3a:error file=README.md::forged.txt" in output and r" \x3a:warning::forged.txt" in output
    assert f"[id{for_terminal(PAYLOAD)}]" in output  # the record id, markup and all, as text


@pytest.mark.parametrize(
    ("stream", "color"),
    [(FakeTerminal, None), (FakeTerminal, False), (io.StringIO, True)],
    ids=["terminal", "terminal-no-color", "forced-color"],
)
def test_text_format_on_a_terminal(columns: None, stream: type[io.StringIO], color: bool | None) -> None:
    output = _render("text", stream(), color)
    assert_inert(output, sgr=True)
    plain = _SGR.sub("", output)
    assert_shown(plain)
    # the wrapped line that would have started with the forged command starts with its escape
    assert any(line.lstrip().startswith(r"\x3a:error file=README.md::forged by") for line in plain.split("\n"))


def test_github_format() -> None:
    output = _render("github", io.StringIO())
    # 4 violations, 1 input error: nothing else is an annotation
    commands = assert_inert(output, annotations=5)
    assert_shown(output, r"\x1b]0;pwned\x07", r"\u202e", r"\u2028", r"\x9b2J", r"#\x23[error]v1")
    # line breaks stay exact, in the workflow-command escaping
    assert all("%0A::error file=README.md,line=1::forged" in line for line in commands if "broken" in line)
    assert "file=%3A%3Aerror file=README.md%3A%3Aforged.txt," in output


def test_json_format_is_exact() -> None:
    output = _render("json", io.StringIO())
    assert RAW.search(output.replace("\n", "")) is None and "##[" not in output
    report = json.loads(output)
    first = report["documents"][0]
    assert first["id"] == f"id{PAYLOAD}" and first["path"] == f"macros/{PAYLOAD}.json"
    assert first["violations"][0]["suggestions"] == [f"because{PAYLOAD}"]
    assert report["guide"] == {"name": f"Guide{PAYLOAD}", "path": f"guides/{PAYLOAD}.yaml"}
    assert report["errors"][0]["path"] == f"broken{PAYLOAD}.json"


# --- the command, end to end -----------------------------------------------------------------------

RECORD_ID = "\x1b]0;pwned\x07\u202e[bold]id[/bold]\u2028##[error]v1"
BROKEN_NAME = "broken\n::error file=x::forged.json"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)


def annotations_expected(args: list[str], cwd: Path) -> int:
    """The GitHub format's own annotations for ``args``: one per violation and input error."""
    report = json.loads(run([*args, "--format", "json"], cwd).stdout)
    return sum(len(d["violations"]) for d in report["documents"]) + len(report["errors"])


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    """A library whose record ids are payloads, and files whose names are."""
    text = "Per our policy we cannot refund this."
    library = {RECORD_ID: text, f"{RECORD_ID}-2": {"text": text, "channel": "fax"}}  # fax: unknown channel
    (tmp_path / "lib.json").write_text(json.dumps(library), encoding="utf-8")
    (tmp_path / BROKEN_NAME).write_text('{"a": ', encoding="utf-8")  # an input error on a hostile path
    (tmp_path / "##[error]x.txt").write_text(text, encoding="utf-8")
    (tmp_path / "::error file=README.md::forged.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_check_text_and_stderr(hostile: Path) -> None:
    result = run(["check", ".", "--no-cache", "--no-color"], hostile)
    assert result.exit_code == 2, result.stderr
    assert_inert(result.stderr)
    assert_shown(result.stderr, r"broken\n::error file=x::forged.json", r"\x1b]0;pwned\x07\u202e[bold]id[/bold]")
    assert_inert(result.stdout)
    assert_shown(result.stdout, r"[\x1b]0;pwned\x07\u202e[bold]id[/bold]\u2028#\x23[error]v1]", r"#\x23[error]x.txt")


def test_check_github_and_stderr(hostile: Path) -> None:
    result = run(["check", ".", "--no-cache", "--format", "github"], hostile)
    assert result.exit_code == 2, result.stderr
    assert_inert(result.stderr)
    assert_inert(result.stdout, annotations=annotations_expected(["check", ".", "--no-cache"], hostile))
    assert result.stdout.count("title=voicelint input error") == 2  # the broken file, the unknown channel
    forged = "file=./broken%0A%3A%3Aerror file=x%3A%3Aforged.json,line=1,col=7,title=voicelint input error::"
    assert forged in result.stdout


def test_check_json(hostile: Path) -> None:
    result = run(["check", ".", "--no-cache", "--format", "json"], hostile)
    assert_inert(result.stderr)
    assert "##[" not in result.stdout and RAW.search(result.stdout.replace("\n", "")) is None
    report = json.loads(result.stdout)
    assert {d["id"] for d in report["documents"]} >= {RECORD_ID, f"{RECORD_ID}-2"}
    assert f"./{BROKEN_NAME}" in {e["path"] for e in report["errors"]}


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Its name decodes to lone surrogates: shown as escapes, where they once stopped the run with a
    traceback (strict stdout), and written as ``\\udcff`` in JSON instead of a byte that is not UTF-8."""
    name = os.fsdecode(b"bad\xff.txt")
    (tmp_path / name).write_text("Per our policy we cannot refund this.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("VOICELINT_SERVER", None)
    for output_format in ("text", "json"):
        proc = subprocess.run(
            [sys.executable, "-m", "voicelint", "check", name, "--no-cache", "--format", output_format],
            cwd=tmp_path, env=env, capture_output=True, check=False,
        )
        assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")
        stdout = proc.stdout.decode("utf-8")  # valid UTF-8
        if output_format == "json":
            assert json.loads(stdout)["documents"][0]["path"] == name
        else:
            assert_inert(stdout)
            assert r"bad\udcff.txt" in stdout


def _hostile_guide(path: Path) -> Path:
    path.write_text(
        "version: 1\n"
        'name: "Evil\\e]0;pwned\\a\\u202eguide\\n::error file=README.md::forged name"\n'
        'voice: "Warm.\\n::error file=README.md::forged voice\\e[2J\\u2028##[error]v1"\n'
        "banned:\n"
        "  - phrase: per our policy\n"
        '    suggest: ["be\\u202ecause\\n::error file=README.md::forged suggest"]\n'
        '    reason: "Sounds\\e[2J bureaucratic.\\n::warning::forged reason [bold]x[/bold]"\n',
        encoding="utf-8",
    )
    return path


def test_explain_shows_guide_strings_escaped(tmp_path: Path) -> None:
    guide = _hostile_guide(tmp_path / "g.yaml")
    result = run(["explain", "banned-phrase", "--guide", str(guide)], tmp_path)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert_shown(result.stdout, r"(Evil\x1b]0;pwned\x07\u202eguide\n::error file=README.md::forged name)",
                 "\n  Warm.\n", r"  \x3a:error file=README.md::forged voice\x1b[2J\u2028#\x23[error]v1")


def test_explain_channel_names_escaped(tmp_path: Path) -> None:
    """The loader allows only ``[a-z][a-z0-9_-]*`` channel names; explain does not count on it."""
    import dataclasses

    from voicelint.api import load_guide
    from voicelint.explain import guide_state
    from voicelint.rules import find_rule

    path = tmp_path / "g.yaml"
    path.write_text("version: 1\nchannels:\n  email: {}\n  chat:\n    boilerplate: {severity: error}\n")
    guide = load_guide(str(path))
    guide = dataclasses.replace(guide, channels={**guide.channels, f"chat{PAYLOAD}": guide.channels["chat"]})
    rule = find_rule("scripted-phrase")
    assert rule is not None
    shown = guide_state(rule, guide)
    assert_inert(shown)
    assert_shown(shown)


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_guide_reason_and_suggestion_in_messages(tmp_path: Path, output_format: str) -> None:
    guide = _hostile_guide(tmp_path / "g.yaml")
    (tmp_path / "d.txt").write_text("Per our policy we cannot refund this.\n", encoding="utf-8")
    args = ["check", "d.txt", "--guide", str(guide), "--no-cache"]
    result = run([*args, "--format", output_format], tmp_path)
    assert result.exit_code == 1, result.stderr
    assert_inert(result.stdout, annotations=annotations_expected(args, tmp_path) if output_format == "github" else 0)
    assert_shown(result.stdout, r"Sounds\x1b[2J bureaucratic.", r"\u202ecause")
    assert "against Evil\\x1b]0;pwned\\x07\\u202eguide\\n::error" in result.stdout or output_format == "github"


def test_guide_errors_on_stderr(tmp_path: Path) -> None:
    """A guide error quotes the guide (a key), through both ways the CLI reports one."""
    guide = tmp_path / "g.yaml"
    guide.write_text('version: 1\nchannels:\n  "chat\\e[2J\\n::error file=x::forged\\u202e": {}\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("Hello.\n", encoding="utf-8")
    for args in (["check", "d.txt", "--guide", str(guide)], ["explain", "banned-phrase", "--guide", str(guide)]):
        result = run(args, tmp_path)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert_inert(result.stderr)
        assert_shown(result.stderr, r"chat\x1b[2J\n::error file=x::forged\u202e")


def test_server_note_on_stderr(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Hello.\n", encoding="utf-8")
    socket = str(tmp_path / "no\x1b[2Jserver\n::error file=x::forged\u202e.sock")
    result = run(["check", "d.txt", "--no-cache"], tmp_path, env={"VOICELINT_SERVER": socket})
    assert "voicelint: note:" in result.stderr
    assert_inert(result.stderr)
    assert_shown(result.stderr, r"no\x1b[2Jserver\n::error file=x::forged\u202e.sock")
