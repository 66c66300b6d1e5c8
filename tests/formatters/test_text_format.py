"""``--format text`` on a terminal: long lines wrap at spaces, never inside a word.

A terminal shows a line longer than its width by breaking it at the last column, wherever that
falls, so ``shown_on_terminal`` folds every output line the same way: a word split there is a word
the user sees split.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from voicelint.cli import main
from voicelint.formatters import formatters
from voicelint.report import DocumentResult, RunInfo, RunSummary, Violation
from voicelint.vocabulary import Severity

# The class as ``--format`` finds it (importing the module first once left the registry with this
# format alone, and the CLI without the others).
TextFormatter = formatters()["text"]

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

LONG_MESSAGE = (
    "'Per our policy' sounds scripted (policy-and-unable): \"As per our policy\" and \"we are unable to "
    "... at this time\" make the brand sound like a rulebook; internationalisation, responsibilities and "
    "acknowledgement of the customer's circumstances matter more. Say what you can do, and why the limit "
    "exists if the reader needs to know, then offer an alternative straightforwardly."
)
LONG_SUGGESTIONS = (
    "We can't {action} because {real reason}. What I can do is {alternative}.",
    "{Limit} applies to {case}; {what they can do instead}.",
    "",
)
LONG_PATH = "macros/billing/refunds-and-chargebacks/annual-plan-replies.yaml"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def shown_on_terminal(output: str, width: int) -> list[str]:
    """The lines a terminal ``width`` cells wide shows for ``output`` (long lines folded)."""
    shown = []
    for line in _ANSI.sub("", output).replace("\r", "").split("\n"):
        current, cells = "", 0
        for ch in line:
            w = cell_len(ch)
            if cells + w > width:
                shown.append(current)
                current, cells = "", 0
            current += ch
            cells += w
        shown.append(current)
    return shown


def words_intact(shown: list[str], text: str) -> bool:
    """Whether the words of ``text`` appear, in order and whole, in the shown lines."""
    return f" {' '.join(text.split())} " in f" {' '.join(' '.join(shown).split())} "


def _violation(message: str, suggestions: tuple[str, ...] = LONG_SUGGESTIONS) -> Violation:
    return Violation(
        rule="VL501",
        name="scripted-phrase",
        category="boilerplate",
        severity=Severity.WARNING,
        message=message,
        line=3,
        column=1,
        end_line=3,
        end_column=15,
        offset=9,
        length=14,
        match="Per our policy",
        suggestions=suggestions,
    )


def _render(out: io.StringIO, color: bool | None, *violations: Violation) -> str:
    formatter = TextFormatter(out, color=color)
    formatter.begin(RunInfo("Support default", "styleguides/a-guide-with-a-long-name.yaml", "0.1.0"))
    scores: dict[str, Any] = {
        "tone": {"formality": 23.4, "warmth": 57, "negativity": 37.1, "enthusiasm": 13.9, "hedging": 11.9,
                 "personal": 53.5},
        "readability": {"fk_grade": 1.2, "words": 16, "sentences": 3},
        "scriptedness": 18.8,
    }
    result = DocumentResult(LONG_PATH, "refund-policy-explanation", "email", 1, scores, violations)
    formatter.document(result)
    summary = RunSummary()
    summary.add_document(result)
    formatter.end(summary)
    return out.getvalue()


@pytest.fixture()
def columns(monkeypatch: pytest.MonkeyPatch) -> Any:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)

    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))

    return set_width


@pytest.mark.parametrize(
    ("stream", "color"),
    [(FakeTerminal, None), (FakeTerminal, False), (io.StringIO, True)],
    ids=["terminal", "terminal-no-color", "forced-color"],
)
def test_no_word_is_split_at_80_columns(columns: Any, stream: type[io.StringIO], color: bool | None) -> None:
    columns(80)
    output = _render(stream(), color, _violation(LONG_MESSAGE))
    shown = shown_on_terminal(output, 80)
    for text in (LONG_MESSAGE, *LONG_SUGGESTIONS[:2], LONG_PATH, "checked against Support default"):
        assert words_intact(shown, text), (text, shown)
    plain = _ANSI.sub("", output).split("\n")
    assert max(cell_len(line) for line in plain) <= 80, plain
    assert shown == plain  # nothing left for the terminal to fold
    # continuation lines of the message hang under its first word
    first = next(i for i, line in enumerate(plain) if "'Per our policy' sounds" in line)
    column = plain[first].index("'Per our policy'")
    assert column == 44
    assert plain[first + 1].startswith(" " * column) and not plain[first + 1][column].isspace()


def test_narrow_terminal_starts_the_message_on_its_own_line(columns: Any) -> None:
    columns(50)
    output = _render(FakeTerminal(), False, _violation(LONG_MESSAGE))
    lines = output.splitlines()
    # only a word longer than the terminal (the 63-character path) is longer than a line
    assert all(cell_len(line) <= 50 for line in lines if " " in line.strip()), lines
    shown = shown_on_terminal(output, 50)
    assert words_intact(shown, LONG_MESSAGE) and words_intact(shown, LONG_SUGGESTIONS[0])
    at = next(i for i, line in enumerate(lines) if "VL501 scripted-phrase" in line)
    assert lines[at].rstrip().endswith("VL501 scripted-phrase")
    assert lines[at + 1].startswith("    'Per our policy' sounds")


def test_a_word_longer_than_the_line_is_not_broken(columns: Any) -> None:
    columns(80)
    url = "https://help.example.com/articles/" + "refunds-" * 12 + "policy"
    message = f"See {url} for the full text of the refund policy that applies to annual plans."
    output = _render(FakeTerminal(), False, _violation(message, ()))
    lines = output.splitlines()
    assert any(url in line for line in lines)  # whole, on a line of its own
    assert words_intact(lines, message)
    assert all(cell_len(line) <= 80 for line in lines if url not in line)


def test_not_a_terminal_keeps_each_violation_on_one_line(columns: Any) -> None:
    columns(80)
    message = LONG_MESSAGE.replace("Per our policy'", "Per our\npolicy'")
    output = _render(io.StringIO(), None, _violation(message))
    lines = output.splitlines()
    flat = " ".join(message.split())
    assert any(line.endswith(flat) for line in lines)
    assert any(line.endswith("suggestion: " + " | ".join([*LONG_SUGGESTIONS[:2], "(remove it)"])) for line in lines)
    assert "\x1b" not in output


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_check_on_an_80_column_terminal_splits_no_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real command on a real (pseudo-)terminal 80 columns wide."""
    import fcntl
    import struct
    import termios

    (tmp_path / "bad.txt").write_text(
        "Hi Sam,\n\nAs per our policy we are unable to refund this at this time. Please log in to see it.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    report = json.loads(CliRunner().invoke(main, ["check", "bad.txt", "--format", "json", "--no-cache"]).stdout)
    violations = [v for d in report["documents"] for v in d["violations"]]
    assert any(len(v["message"]) > 80 for v in violations)  # something to wrap

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "VOICELINT_SERVER")}
    env["TERM"] = "xterm-256color"
    with (tmp_path / "stderr.txt").open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voicelint", "check", "bad.txt", "--no-cache"],
            cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=slave, stderr=stderr, env=env,
        )
    os.close(slave)
    chunks = []
    try:
        while select.select([master], [], [], 120)[0]:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        assert proc.wait(timeout=120) == 1, (tmp_path / "stderr.txt").read_text()
    output = b"".join(chunks).decode("utf-8")
    assert "\x1b[" in output  # rich saw a terminal
    shown = shown_on_terminal(output, 80)
    for v in violations:
        assert words_intact(shown, v["message"]), (v["message"], shown)
        for suggestion in v["suggestions"][:3]:
            assert words_intact(shown, suggestion), (suggestion, shown)
