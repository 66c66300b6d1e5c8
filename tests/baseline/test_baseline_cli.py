"""`voicelint check --write-baseline FILE` and `--baseline FILE`: only new violations are reported."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from voicelint.cli import main
from voicelint.formatters import formatters

DRAFT = "Hi Sam,\n\nPer our policy we cannot refund this today.\n\nThanks for waiting,\nJo\n"
NEW_PHRASE = "Please be advised that the card was charged.\n"
LIBRARY = """\
- id: refund
  channel: email
  body: |
    Hi Sam,

    Per our policy we cannot refund this today.

    Thanks for waiting,
    Jo
- id: delivery
  channel: email
  body: |
    Hi Ana,

    Your parcel left the warehouse this morning. It should reach you by Friday.

    Thanks,
    Jo
"""


def run(args: list[str], cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [*args, "--no-cache", "--no-color"], catch_exceptions=False)
    finally:
        os.chdir(old)


def report(args: list[str], cwd: Path) -> tuple[int, dict[str, Any]]:
    result = run([*args, "--format", "json"], cwd)
    data: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, data


def matches(data: dict[str, Any]) -> list[str]:
    return [v["match"] for d in data["documents"] for v in d["violations"]]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "macros.yaml").write_text(LIBRARY, encoding="utf-8")
    return tmp_path


def test_written_baseline_silences_every_current_violation(project: Path) -> None:
    code, before = report(["check", "."], project)
    assert code == 1 and "Per our policy" in matches(before)
    written = run(["check", ".", "--write-baseline", "vl.json"], project)
    assert written.exit_code == 0
    assert "wrote the baseline vl.json" in written.stderr
    code, after = report(["check", ".", "--baseline", "vl.json"], project)
    assert code == 0
    assert matches(after) == []
    assert after["summary"]["baselined"] == before["summary"]["violations"]
    text = run(["check", ".", "--baseline", "vl.json"], project)
    assert f"; {before['summary']['violations']} baselined" in text.stdout


def test_the_file_is_grouped_by_file_sorted_and_one_entry_per_line(project: Path) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    text = (project / "vl.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    assert list(data["files"]) == ["draft.txt", "macros.yaml"]
    entry = {"id": "refund", "rule": "VL101", "match": "per our policy", "count": 1}
    assert entry in data["files"]["macros.yaml"]
    assert f"      {json.dumps(entry)}" in text.splitlines() or f"      {json.dumps(entry)}," in text.splitlines()
    entries = data["files"]["macros.yaml"]
    assert entries == sorted(entries, key=lambda e: (e["id"] or "", e["rule"], e["match"]))
    # Writing again changes nothing: a stable file gives empty diffs.
    run(["check", ".", "--write-baseline", "vl.json"], project)
    assert (project / "vl.json").read_text(encoding="utf-8") == text


def test_only_a_new_violation_is_reported(project: Path) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    (project / "draft.txt").write_text(DRAFT.replace("Thanks for", NEW_PHRASE + "\nThanks for"), encoding="utf-8")
    code, data = report(["check", ".", "--baseline", "vl.json", "--fail-on", "warning"], project)
    assert matches(data) == ["Please be advised"]
    assert code == 1  # the new banned phrase is a warning in support-default


def test_lines_inserted_above_and_records_moved_stay_baselined(project: Path) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    (project / "draft.txt").write_text("Hi Sam,\n\n\n\nA new first line here.\n\n" + DRAFT[9:], encoding="utf-8")
    refund, delivery = LIBRARY.split("- id: delivery")
    moved = "# reordered\n- id: added\n  body: Your refund is on its way.\n- id: delivery" + delivery + refund
    (project / "macros.yaml").write_text(moved, encoding="utf-8")
    _, data = report(["check", ".", "--baseline", "vl.json"], project)
    by_id = {d["id"]: d for d in data["documents"]}
    assert by_id["refund"]["line"] != 1  # the record really moved
    assert by_id["refund"]["violations"] == []
    assert [d["violations"] for d in data["documents"] if d["path"].endswith("draft.txt")] == [[]]


def test_a_third_occurrence_is_new_when_two_were_baselined(project: Path) -> None:
    twice = "Per our policy we cannot refund this. Per our policy we cannot move it.\n"
    (project / "draft.txt").write_text(twice, encoding="utf-8")
    run(["check", "draft.txt", "--write-baseline", "vl.json"], project)
    assert '"match": "per our policy", "count": 2' in (project / "vl.json").read_text(encoding="utf-8")
    (project / "draft.txt").write_text(twice + "Per our policy we cannot do more.\n", encoding="utf-8")
    _, data = report(["check", "draft.txt", "--baseline", "vl.json", "--select", "VL101"], project)
    assert matches(data) == ["Per our policy"]
    assert data["summary"]["baselined"] == 2


def test_a_fixed_violation_leaves_the_baseline_on_the_next_write(project: Path) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    assert "per our policy" in (project / "vl.json").read_text(encoding="utf-8")
    (project / "draft.txt").write_text(DRAFT.replace("Per our policy we", "Sadly we"), encoding="utf-8")
    run(["check", ".", "--write-baseline", "vl.json"], project)
    data = json.loads((project / "vl.json").read_text(encoding="utf-8"))
    assert all(e["match"] != "per our policy" for e in data["files"].get("draft.txt", []))
    # The library's own copy of the phrase was not fixed, so it stays.
    assert any(e["match"] == "per our policy" for e in data["files"]["macros.yaml"])


def test_baseline_and_write_baseline_together_only_shrink_it(project: Path) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    fixed = DRAFT.replace("Per our policy we", "Sadly we").replace("Thanks for", NEW_PHRASE + "\nThanks for")
    (project / "draft.txt").write_text(fixed, encoding="utf-8")
    args = ["--baseline", "vl.json", "--write-baseline", "vl.json", "--format", "json", "--fail-on", "warning"]
    result = run(["check", ".", *args], project)
    assert matches(json.loads(result.stdout)) == ["Please be advised"]  # the new finding is still reported
    assert result.exit_code == 1
    text = (project / "vl.json").read_text(encoding="utf-8")
    assert "please be advised" not in text  # ... and not accepted
    assert "per our policy" not in json.dumps(json.loads(text)["files"].get("draft.txt", []))


def test_paths_are_relative_to_the_baseline_file(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    run(["check", ".", "--write-baseline", "vl.json"], project)
    assert str(project) not in (project / "vl.json").read_text(encoding="utf-8")
    sub = project / "sub"
    sub.mkdir()
    code, data = report(["check", "../draft.txt", "../macros.yaml", "--baseline", "../vl.json"], sub)
    assert code == 0 and matches(data) == [] and data["summary"]["baselined"] > 0
    # A checkout at another absolute path (CI), run from outside the project.
    elsewhere = tmp_path_factory.mktemp("ci") / "checkout"
    shutil.copytree(project, elsewhere)
    code, data = report(["check", "checkout", "--baseline", "checkout/vl.json"], elsewhere.parent)
    assert code == 0 and matches(data) == [] and data["summary"]["baselined"] > 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "baseline file not found"),
        ('{"version": 1, "files": {', "vl.json:1:"),
        ("[1, 2]", "not a voicelint baseline"),
        ('{"version": 7, "files": {}}', "unsupported baseline version 7"),
        (
            '{"version": 1, "files": {"a.txt": [{"id": null, "rule": "VL101", "match": "x", "count": 0}]}}',
            "files['a.txt'][0]: \"count\" must be a whole number",
        ),
    ],
)
def test_a_bad_baseline_is_a_usage_error_naming_the_file(project: Path, content: str | None, expected: str) -> None:
    if content is not None:
        (project / "vl.json").write_text(content, encoding="utf-8")
    result = run(["check", ".", "--baseline", "vl.json"], project)
    assert result.exit_code == 2
    assert result.stdout == ""  # refused before any report began
    assert "vl.json" in result.stderr and expected in result.stderr


@pytest.mark.parametrize("output_format", sorted(formatters()))
def test_every_format_leaves_baselined_violations_out(project: Path, output_format: str) -> None:
    (project / "draft.txt").write_text("Per our policy we cannot refund this today.\n", encoding="utf-8")
    args = ["check", "draft.txt", "--select", "VL101", "--format", output_format]
    plain = run(args, project)
    assert plain.exit_code == 1 and "is banned" in plain.stdout
    run(["check", "draft.txt", "--write-baseline", "vl.json"], project)
    baselined = run([*args, "--baseline", "vl.json"], project)
    assert baselined.exit_code == 0
    assert "is banned" not in baselined.stdout


def test_with_the_cache_and_jobs_the_baseline_applies_to_cached_results(project: Path) -> None:
    old = Path.cwd()
    os.chdir(project)
    try:
        runner = CliRunner()
        args = ["check", ".", "--format", "json", "--cache-dir", "cache", "--jobs", "2"]
        runner.invoke(main, [*args, "--write-baseline", "vl.json"], catch_exceptions=False)
        (project / "draft.txt").write_text(DRAFT + NEW_PHRASE, encoding="utf-8")
        for _ in range(2):  # the second run reads every file from the cache
            result = runner.invoke(main, [*args, "--baseline", "vl.json"], catch_exceptions=False)
            data = json.loads(result.stdout)
            assert matches(data) == ["Please be advised"]
            assert all("voice" in d["scores"] for d in data["documents"])
    finally:
        os.chdir(old)
