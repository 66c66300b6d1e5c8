"""``--format gitlab``, ``junit`` and ``rdjsonl``: each a valid document of its consumer's format,
equal finding for finding to the JSON report, with input errors kept and hostile text made safe."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from voicelint.cli import main

LIBRARY = {
    "Refund\u2028<late>": "Per our policy we cannot refund. Please log in to the portal.\x1b[31m",
    "Clean": "Thanks Ana, your refund reaches your card by Friday.",
    "Address": "Please log in and update your address.",
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", *args])
    return result.exit_code, result.stdout


def _inputs(tmp_path: Path) -> tuple[str, str]:
    library = tmp_path / "macros.json"
    library.write_text(json.dumps(LIBRARY, ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "Hi"', encoding="utf-8")
    return str(library), str(broken)


def _violations(*paths: str) -> list[dict[str, Any]]:
    _, out = _run("--format", "json", *paths)
    return [dict(v, path=d["path"], id=d["id"]) for d in json.loads(out)["documents"] for v in d["violations"]]


def test_gitlab_issues_match_the_report_with_stable_fingerprints(tmp_path: Path) -> None:
    library, broken = _inputs(tmp_path)
    code, out = _run("--format", "gitlab", library, broken)
    assert code == 2
    issues = json.loads(out)
    expected = _violations(library)
    found = [i for i in issues if i["check_name"] != "voicelint/input-error"]
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in found] == [
        (v["rule"], v["path"], v["line"]) for v in expected
    ]
    assert {i["severity"] for i in found} <= {"major", "minor", "info"}
    assert len({i["fingerprint"] for i in issues}) == len(issues), "fingerprints are unique"
    [error] = [i for i in issues if i["check_name"] == "voicelint/input-error"]
    assert error["location"]["path"] == broken and error["severity"] == "critical"
    # the records move down and another record is added before them: fingerprints stay
    moved = {"New": "A plain reply about the parcel.", **LIBRARY}
    Path(library).write_text(json.dumps(moved, ensure_ascii=False, indent=2), encoding="utf-8")
    _, again = _run("--format", "gitlab", library)
    before = {i["fingerprint"] for i in found}
    after = {i["fingerprint"] for i in json.loads(again)}
    assert before <= after


def test_junit_is_xml_with_a_classname_on_every_case_and_failures_at_fail_on(tmp_path: Path) -> None:
    library, broken = _inputs(tmp_path)
    code, out = _run("--format", "junit", "--fail-on", "warning", library, broken)
    assert code == 2
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {library, broken}
    cases = list(suites[library].iter("testcase"))
    assert [case.get("name") for case in cases] == ["Refund\\u2028<late>", "Clean", "Address"]
    assert all(case.get("classname") for case in root.iter("testcase"))
    failing = {v["id"] for v in _violations(library) if v["severity"] in ("error", "warning")}
    assert {case.get("name") for case in cases if case.find("failure") is not None} == {
        name.replace("\u2028", "\\u2028") for name in failing
    }
    assert suites[library].get("failures") == str(len(failing)) and suites[broken].get("errors") == "1"
    assert "\x1b" not in out
    # with --fail-on never nothing fails
    _, quiet = _run("--format", "junit", "--fail-on", "never", library)
    assert ET.fromstring(quiet.encode("utf-8")).find(".//failure") is None


def test_rdjsonl_diagnostics_carry_ranges_and_literal_suggestions(tmp_path: Path) -> None:
    library, broken = _inputs(tmp_path)
    code, out = _run("--format", "rdjsonl", broken, library)
    assert code == 2
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["code"]["value"] == "input-error" and rows[0]["severity"] == "ERROR"
    expected = _violations(library)
    diagnostics = rows[1:]
    assert [(d["code"]["value"], d["location"]["range"]["start"]["line"]) for d in diagnostics] == [
        (v["rule"], v["line"]) for v in expected
    ]
    lines = Path(library).read_text(encoding="utf-8").split("\n")  # voicelint's line breaks, not U+2028
    for diagnostic, violation in zip(diagnostics, expected, strict=True):
        # reviewdog counts a column in UTF-8 bytes: the library's accents and curly quotes count more.
        for side, (line, column) in {
            "start": (violation["line"], violation["column"]),
            "end": (violation["end_line"], violation["end_column"]),
        }.items():
            in_bytes = 1 + len(lines[line - 1][: column - 1].encode("utf-8"))
            assert diagnostic["location"]["range"][side] == {"line": line, "column": in_bytes}
        literal = [f["replacement"] for f in violation["fixes"] if f["applicability"] in ("safe", "unsafe")]
        assert [s["text"] for s in diagnostic.get("suggestions", [])] == literal
    assert any(d.get("suggestions") for d in diagnostics)
    assert any(
        len(lines[v["line"] - 1][: v["column"] - 1].encode("utf-8")) != v["column"] - 1 for v in expected
    ), "a finding comes after non-ASCII text on its line"


def test_gitlab_paths_are_from_the_repository_root_as_merge_requests_name_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    support = tmp_path / "support" / "macros"
    support.mkdir(parents=True)
    (support / "replies.json").write_text(json.dumps(LIBRARY, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "support")  # a run from a subfolder, with a ./ path
    _, out = _run("--format", "gitlab", "./macros/replies.json")
    paths = {issue["location"]["path"] for issue in json.loads(out)}
    assert paths == {"support/macros/replies.json"}
