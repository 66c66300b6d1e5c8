"""``voicelint fix`` end to end: in place, --diff, stdin, exit status, unsafe fixes, idempotence."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from voicelint.cli import main

GUIDE = """
version: 1
terms:
  - {use: sign in, avoid: [log in]}
  - {use: account page, avoid: [sign-in page]}
banned: [{phrase: per our policy, suggest: [because]}]
"""

LIBRARY = (
    "\ufeff# Canned replies\r\n"
    "- id: welcome\r\n"
    '  body: "Please log in to see your \\"orders\\"."  # keep this comment\r\n'
    "- id: help\r\n"
    "  body: |\r\n"
    "    Per our policy, we need you to log in first.\r\n"
    "    The log in page is at the top.\r\n"
)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "voicelint.yaml").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "library.yaml").write_bytes(LIBRARY.encode("utf-8"))
    return tmp_path


def _fix(project: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(
        main, ["fix", "--guide", str(project / "voicelint.yaml"), "--no-cache", *args], input=stdin,
        catch_exceptions=False,
    )


def _in(project: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return _fix(project, *args)
    finally:
        os.chdir(cwd)


FIXED = (
    LIBRARY.replace("Please log in", "Please sign in")
    .replace("you to log in first", "you to sign in first")
    .replace("The log in page", "The account page")
)


def test_fix_in_place_changes_only_the_fixed_spans_and_a_second_run_changes_nothing(project: Path) -> None:
    result = _in(project, "library.yaml")
    # Round 1 makes "sign-in page" of "log in page" (a noun: the noun form); round 2 makes it
    # "account page".
    assert (project / "library.yaml").read_bytes() == FIXED.encode("utf-8")
    assert "Found 5 violations (4 fixed, 1 remaining)." in result.stdout
    assert "VL101 banned-phrase" in result.stdout  # the unsafe fix is reported, not applied
    assert result.exit_code == 1  # the banned phrase is an error (check's default --fail-on)
    again = _in(project, "library.yaml")
    assert (project / "library.yaml").read_bytes() == FIXED.encode("utf-8")
    assert "(0 fixed, 1 remaining)" in again.stdout


def test_diff_prints_a_patch_and_writes_nothing(project: Path) -> None:
    before = (project / "library.yaml").read_bytes()
    result = _in(project, "--diff", "library.yaml")
    assert (project / "library.yaml").read_bytes() == before
    diff = result.stdout_bytes.decode("utf-8")  # raw: the CRLF lines keep their CR
    assert diff.startswith("--- a/library.yaml\n+++ b/library.yaml\n@@ -1,7 +1,7 @@\n")
    assert '-  body: "Please log in to see your \\"orders\\"."  # keep this comment\r\n' in diff
    assert '+  body: "Please sign in to see your \\"orders\\"."  # keep this comment\r\n' in diff
    lines = diff.split("\n")[2:]
    assert sum(line.startswith("-") for line in lines) == 3 and sum(line.startswith("+") for line in lines) == 3
    assert lines[1] == " \ufeff# Canned replies\r"  # the BOM is in the file, so in the diff
    assert "Would fix 4 violations (1 would remain)." in result.stderr
    assert result.exit_code == 1
    if shutil.which("patch"):
        (project / "fix.diff").write_bytes(result.stdout_bytes)
        subprocess.run(["patch", "-s", "-p1", "-i", "fix.diff"], cwd=project, check=True)
        assert (project / "library.yaml").read_bytes() == FIXED.encode("utf-8")


def test_unsafe_fixes_apply_a_banned_phrase_suggestion_only_when_asked(project: Path) -> None:
    result = _in(project, "--unsafe-fixes", "library.yaml")
    fixed = (project / "library.yaml").read_bytes().decode("utf-8")
    assert "    Because, we need you to sign in first.\r\n" in fixed
    assert result.exit_code == 0
    assert "(5 fixed, 0 remaining)" in result.stdout


def test_exit_status_is_for_what_remains(project: Path) -> None:
    (project / "draft.txt").write_text("Please log in.\n", encoding="utf-8")
    strict = _in(project, "--fail-on", "warning", "--select", "VL101", "draft.txt")
    assert strict.exit_code == 0  # nothing selected to fix, nothing left
    assert "Found 0 violations (0 fixed, 0 remaining)." in strict.stdout
    (project / "draft.txt").write_text("Please log in. Per our policy, no.\n", encoding="utf-8")
    would = _in(project, "--fail-on", "warning", "--select", "VL102", "--diff", "draft.txt")
    assert would.exit_code == 0  # --diff: the status of what would remain; nothing is written
    assert (project / "draft.txt").read_text(encoding="utf-8") == "Please log in. Per our policy, no.\n"
    fixed = _in(project, "--fail-on", "error", "draft.txt")
    assert (project / "draft.txt").read_text(encoding="utf-8") == "Please sign in. Per our policy, no.\n"
    assert fixed.exit_code == 1  # the banned phrase (an error) remains
    assert _in(project, "--fail-on", "never", "draft.txt").exit_code == 0


def test_stdin_prints_the_fixed_text_and_reports_on_stderr(project: Path) -> None:
    result = _fix(project, "-", stdin="Log in, then per our policy wait.\n")
    assert result.stdout == "Sign in, then per our policy wait.\n"
    assert "VL101" in result.stderr and "(1 fixed, 1 remaining)" in result.stderr


def test_a_symlinked_file_is_fixed_through_the_link_and_keeps_its_mode(project: Path) -> None:
    target = project / "real.txt"
    target.write_text("Please log in.\n", encoding="utf-8")
    target.chmod(0o640)
    (project / "link.txt").symlink_to(target)
    _in(project, "link.txt")
    assert (project / "link.txt").is_symlink()
    assert target.read_text(encoding="utf-8") == "Please sign in.\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_usage_errors_exit_2(project: Path) -> None:
    assert _in(project, "--channel", "nowhere", "library.yaml").exit_code == 2
    assert _in(project, "--select", "VL999", "library.yaml").exit_code == 2


def test_fixes_that_undo_each_other_stop_after_the_round_limit_with_a_note(tmp_path: Path) -> None:
    guide = tmp_path / "voicelint.yaml"
    guide.write_text("version: 1\nterms:\n  - {use: sign in, avoid: [log in]}\n  - {use: log in, avoid: [sign in]}\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--guide", str(guide), "--no-cache", "-"], input="Please log in.\n")
    assert "fixes kept changing the text after 10 rounds" in result.stderr
    assert result.stdout == "Please log in.\n"  # ten rounds: back where it started


def test_display_fixes_are_never_applied(project: Path) -> None:
    text = "We apologize for any inconvenience this may have caused.\n"
    result = CliRunner().invoke(main, ["fix", "--guide", "support-default", "--no-cache", "--unsafe-fixes",
                                       "--select", "VL501", "-"], input=text)
    assert "VL501" in result.stderr
    assert result.stdout == text


def test_suppressed_violations_are_not_fixed(project: Path) -> None:
    (project / "reply.md").write_text(
        "Please log in.\n\n<!-- voicelint-disable-next-line preferred-term -->\nThen log in again.\n", encoding="utf-8"
    )
    (project / "lib.yaml").write_text(
        "- id: a\n  body: Please log in.\n- id: b\n  voicelint-ignore: [VL102]\n  body: Please log in.\n",
        encoding="utf-8",
    )
    _in(project, "reply.md", "lib.yaml")
    assert (project / "reply.md").read_text(encoding="utf-8") == (
        "Please sign in.\n\n<!-- voicelint-disable-next-line preferred-term -->\nThen log in again.\n"
    )
    assert (project / "lib.yaml").read_text(encoding="utf-8") == (
        "- id: a\n  body: Please sign in.\n- id: b\n  voicelint-ignore: [VL102]\n  body: Please log in.\n"
    )
