"""The real command: click's runner for behaviour, a subprocess for the installed entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from voicelint.cli import main

BAD_DRAFT = "Hi Sam,\n\nPer our policy we cannot refund this. Please log in to see it.\n"
CLEAN_DRAFT = "Hi Sam,\n\nI've refunded the $12 to your card. It should show up by Friday.\n\nJo\n"


def run(args: list[str], cwd: Path, stdin: str | None = None) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def as_json(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "bad.txt").write_text(BAD_DRAFT, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN_DRAFT, encoding="utf-8")
    return tmp_path


def test_check_file_reports_location_rule_and_suggestion(workspace: Path) -> None:
    result = run(["check", "bad.txt", "--no-color"], workspace)
    assert result.exit_code == 1
    assert "3:1" in result.stdout and "VL101 banned-phrase" in result.stdout
    assert "suggestion: Because" in result.stdout
    assert "in 1 document(s) checked against Support default" in result.stdout


def test_clean_file_exits_zero(workspace: Path) -> None:
    result = run(["check", "clean.txt"], workspace)
    assert result.exit_code == 0, result.stdout


def test_json_report_fields_and_spans_point_into_the_file(workspace: Path) -> None:
    result = run(["check", "bad.txt", "--format", "json"], workspace)
    report = as_json(result)
    assert report["version"] == 1 and report["tool"]["name"] == "voicelint"
    assert report["guide"] == {"name": "Support default", "path": None}
    [document] = report["documents"]
    assert document["path"] == "bad.txt" and document["id"] is None and document["channel"] == "email"
    assert set(document["scores"]["readability"]) >= {"fk_grade", "words", "sentences"}
    text = BAD_DRAFT
    lines = text.split("\n")
    for v in document["violations"]:
        assert text[v["offset"] : v["offset"] + v["length"]] == v["match"]
        assert lines[v["line"] - 1][v["column"] - 1 :].startswith(v["match"].split("\n")[0])
        assert v["category"] in ("banned", "terminology", "readability", "length", "tone", "boilerplate")
    rules = {v["name"] for v in document["violations"]}
    assert {"banned-phrase", "preferred-term"} <= rules
    assert report["summary"]["documents"] == 1
    assert report["summary"]["violations"] == len(document["violations"])


def test_stdin_by_pipe_and_by_dash(workspace: Path) -> None:
    for args in (["check", "--format", "json"], ["check", "-", "--format", "json"]):
        result = run(args, workspace, stdin="Please log in again.")
        report = as_json(result)
        assert report["documents"][0]["path"] == "-"
        assert [v["match"] for v in report["documents"][0]["violations"]] == ["log in"]
        assert result.exit_code == 0  # a warning does not fail at --fail-on error


def test_fail_on_thresholds(workspace: Path) -> None:
    (workspace / "warn.txt").write_text("Please log in again.", encoding="utf-8")
    assert run(["check", "warn.txt"], workspace).exit_code == 0
    assert run(["check", "warn.txt", "--fail-on", "warning"], workspace).exit_code == 1
    assert run(["check", "bad.txt", "--fail-on", "never"], workspace).exit_code == 0


def test_select_and_ignore_by_code_name_and_category(workspace: Path) -> None:
    def rules_for(*args: str) -> set[str]:
        report = as_json(run(["check", "bad.txt", "--format", "json", *args], workspace))
        return {v["rule"] for d in report["documents"] for v in d["violations"]}

    assert rules_for("--select", "terminology") == {"VL102"}
    assert rules_for("--select", "VL101") == {"VL101"}
    assert "VL101" not in rules_for("--ignore", "banned-phrase")
    assert rules_for("--select", "VL1", "--ignore", "preferred-term") == {"VL101"}


def test_unknown_selector_and_channel_are_usage_errors(workspace: Path) -> None:
    result = run(["check", "bad.txt", "--select", "bogus"], workspace)
    assert result.exit_code == 2 and "'bogus' is not a rule code" in result.stderr
    result = run(["check", "bad.txt", "--channel", "fax"], workspace)
    assert result.exit_code == 2 and "unknown channel 'fax'" in result.stderr and "email" in result.stderr


def test_channel_option_applies_channel_limits(workspace: Path) -> None:
    (workspace / "long.txt").write_text("I have refunded the delivery fee. " * 10, encoding="utf-8")
    report = as_json(run(["check", "long.txt", "--channel", "social", "--format", "json"], workspace))
    assert report["documents"][0]["channel"] == "social"
    assert any(v["name"] == "max-chars" for v in report["documents"][0]["violations"])


def test_quiet_prints_only_the_summary(workspace: Path) -> None:
    result = run(["check", "bad.txt", "--quiet"], workspace)
    assert result.stdout.strip().count("\n") == 0
    assert "violation(s)" in result.stdout


def test_github_annotations(workspace: Path) -> None:
    result = run(["check", "bad.txt", "--format", "github"], workspace)
    lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert lines[0].startswith("::error file=bad.txt,line=3,col=1,endLine=3,endColumn=15,title=VL101 banned-phrase::")
    assert any(line.startswith("::warning file=bad.txt,") for line in lines)


def test_folder_is_walked_recursively_in_stable_order(workspace: Path) -> None:
    sub = workspace / "macros" / "nested"
    sub.mkdir(parents=True)
    (sub / "b.txt").write_text("Please log in.", encoding="utf-8")
    (workspace / "macros" / "a.md").write_text("# Title\n\nPlease `log in` now. Log in here.", encoding="utf-8")
    (workspace / "macros" / ".hidden.txt").write_text("Please log in.", encoding="utf-8")
    report = as_json(run(["check", "macros", "--format", "json"], workspace))
    paths = [d["path"] for d in report["documents"]]
    assert paths == sorted(paths) and len(paths) == 2
    markdown = next(d for d in report["documents"] if d["path"].endswith("a.md"))
    # inline code is not prose: only the second "Log in" is reported
    terms = [(v["match"], v["line"], v["column"]) for v in markdown["violations"] if v["rule"] == "VL102"]
    assert terms == [("Log in", 3, 22)]


def test_library_records_are_located_in_the_library_file(workspace: Path) -> None:
    library = (
        "- title: Refund\n  channel: chat\n  response: |\n    Hi!\n    Per our policy, refunds take a week.\n"
        "- title: Other\n  response: \"Please \\\"log in\\\" first.\"\n"
    )
    (workspace / "macros.yaml").write_text(library, encoding="utf-8")
    report = as_json(run(["check", "macros.yaml", "--format", "json"], workspace))
    by_id = {d["id"]: d for d in report["documents"]}
    assert by_id["Refund"]["channel"] == "chat" and by_id["Other"]["channel"] == "email"
    [banned] = [v for v in by_id["Refund"]["violations"] if v["rule"] == "VL101"]
    assert (banned["line"], banned["column"]) == (5, 5)
    assert library[banned["offset"] : banned["offset"] + banned["length"]] == "Per our policy"
    [term] = by_id["Other"]["violations"]
    assert (term["line"], term["column"], term["match"]) == (7, 23, "log in")


def test_bad_files_are_reported_and_the_others_still_linted(workspace: Path) -> None:
    (workspace / "latin1.txt").write_bytes("Caf\xe9 is closed.".encode("latin-1"))
    (workspace / "empty.txt").write_text("", encoding="utf-8")
    (workspace / "broken.json").write_text('{"a": "fine", "b": ', encoding="utf-8")
    (workspace / "records.json").write_text('[{"title": "no text"}, {"body": "Please log in."}]', encoding="utf-8")
    inputs = ["missing.txt", "latin1.txt", "empty.txt", "broken.json", "records.json", "bad.txt"]
    result = run(["check", *inputs, "--format", "json"], workspace)
    assert result.exit_code == 2
    report = as_json(result)
    errors = {e["path"]: e for e in report["errors"]}
    assert set(errors) == {"missing.txt", "latin1.txt", "broken.json", "records.json"}
    assert "UTF-8" in errors["latin1.txt"]["message"] and errors["latin1.txt"]["line"] == 1
    assert errors["records.json"]["line"] == 1
    linted = [d["path"] for d in report["documents"]]
    assert "bad.txt" in linted and "records.json" in linted  # the good record of records.json
    assert "missing.txt" in result.stderr  # errors go to stderr too


def test_oversized_document_is_an_input_error_not_a_hang(workspace: Path) -> None:
    (workspace / "huge.txt").write_text("I have refunded your order today. " * 160_000, encoding="utf-8")  # 5.4 MB
    result = run(["check", "huge.txt", "bad.txt", "--format", "json"], workspace)
    assert result.exit_code == 2
    report = as_json(result)
    [error] = report["errors"]
    assert error["path"] == "huge.txt" and "--max-doc-chars" in error["message"]
    assert [d["path"] for d in report["documents"]] == ["bad.txt"]


def test_invalid_guide_exits_2_with_position(workspace: Path) -> None:
    (workspace / "guide.yaml").write_text("version: 1\ntone:\n  warmth: [80, 20]\n", encoding="utf-8")
    result = run(["check", "bad.txt", "--guide", "guide.yaml"], workspace)
    assert result.exit_code == 2
    expected = "guide.yaml:3:11: tone.warmth: expected [min, max] with 0 <= min <= max <= 100, got [80, 20]"
    assert expected in result.stderr


def test_discovered_guide_is_used(workspace: Path) -> None:
    (workspace / "voicelint.yaml").write_text(
        "version: 1\nname: Tiny\nbanned: [refund this]\n", encoding="utf-8"
    )
    report = as_json(run(["check", "bad.txt", "--format", "json"], workspace))
    assert report["guide"]["name"] == "Tiny"
    assert [v["match"] for d in report["documents"] for v in d["violations"] if v["category"] == "banned"] == [
        "refund this"
    ]


def test_rules_explain_and_version(workspace: Path) -> None:
    rules = run(["rules"], workspace)
    assert rules.exit_code == 0 and "VL101" in rules.stdout and "banned-phrase" in rules.stdout
    listed = json.loads(run(["rules", "--format", "json"], workspace).stdout)
    assert {"code", "name", "category", "severity", "summary"} <= set(listed[0])
    explained = run(["explain", "readability.sentence-length"], workspace)
    assert explained.exit_code == 0 and "VL202" in explained.stdout and "Bad:" in explained.stdout
    assert "Good:" in explained.stdout
    unknown = run(["explain", "nonsense"], workspace)
    assert unknown.exit_code == 2 and "no rule or topic" in unknown.stderr
    version = run(["--version"], workspace)
    assert "0.1.0" in version.stdout


def test_no_input_on_a_terminal_is_a_usage_error(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    from voicelint import cli

    with pytest.raises(SystemExit) as info:
        cli.check.main(args=[], standalone_mode=False)
    assert info.value.code == 2


def test_installed_entry_point_runs(workspace: Path) -> None:
    # The console script of the environment running the tests (not whichever voicelint is first on
    # PATH, and no fallback to `python -m voicelint` that would hide a missing entry point).
    scripts = os.pathsep.join([sysconfig.get_path("scripts"), sysconfig.get_path("scripts", f"{os.name}_user")])
    executable = shutil.which("voicelint", path=scripts)
    assert executable, f"no voicelint console script in {scripts}: is the package installed (pip install -e .)?"
    completed = subprocess.run(
        [executable, "check", "bad.txt", "--format", "json"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert report["summary"]["by_severity"]["error"] >= 1
