"""The baseline file itself: long matches, the round trip, and what a hand-broken entry says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicelint.baseline import MAX_MATCH, Baseline, BaselineError, BaselineWriter
from voicelint.report import DocumentResult, Violation
from voicelint.vocabulary import Severity

LONG = "We are so sorry " * 30  # a whole-document tone finding matches the whole text


def result(path: str, *matches: str, record: str | None = "r1") -> DocumentResult:
    violations = tuple(
        Violation("VL401", "formality", "tone", Severity.WARNING, "m", 1, 1, 1, 2, 0, len(m), m) for m in matches
    )
    return DocumentResult(path, record, "email", 1, {}, violations)


def test_a_long_match_is_stored_shortened_and_still_matches(tmp_path: Path) -> None:
    writer = BaselineWriter(tmp_path / "vl.json")
    writer.add(result(str(tmp_path / "a.yaml"), LONG))
    writer.write()
    entry = json.loads((tmp_path / "vl.json").read_text(encoding="utf-8"))["files"]["a.yaml"][0]
    assert len(LONG) > MAX_MATCH and len(entry["match"]) < MAX_MATCH and entry["match"].endswith("…")
    assert len(entry["match_sha256"]) == 64
    baseline = Baseline.load(tmp_path / "vl.json")
    kept, dropped = baseline.split(result(str(tmp_path / "a.yaml"), LONG, "another long one " * 20))
    assert len(dropped) == 1 and [v.match for v in kept.violations] == ["another long one " * 20]


def test_whitespace_and_case_of_the_match_do_not_matter(tmp_path: Path) -> None:
    writer = BaselineWriter(tmp_path / "vl.json")
    writer.add(result(str(tmp_path / "a.txt"), "Per our  policy"))
    writer.write()
    kept, dropped = Baseline.load(tmp_path / "vl.json").split(result(str(tmp_path / "a.txt"), "per our\npolicy"))
    assert len(dropped) == 1 and kept.violations == ()


def test_another_record_or_file_is_not_covered(tmp_path: Path) -> None:
    writer = BaselineWriter(tmp_path / "vl.json")
    writer.add(result(str(tmp_path / "a.txt"), "Per our policy"))
    writer.write()
    baseline = Baseline.load(tmp_path / "vl.json")
    assert baseline.split(result(str(tmp_path / "a.txt"), "Per our policy", record="r2"))[1] == []
    assert baseline.split(result(str(tmp_path / "b.txt"), "Per our policy"))[1] == []


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"id": 3, "rule": "VL101", "match": "x", "count": 1}, '"id" must be a string or null'),
        ({"id": None, "rule": "", "match": "x", "count": 1}, '"rule" must be a rule code'),
        ({"id": None, "rule": "VL101", "count": 1}, '"match" must be a string'),
        ({"id": None, "rule": "VL101", "match": "x", "count": True}, '"count" must be a whole number'),
        ({"id": None, "rule": "VL101", "match": "x", "count": 1, "match_sha256": "ab"}, "64 hex digits"),
        ("VL101", "must be an object"),
    ],
)
def test_a_broken_entry_is_named(tmp_path: Path, entry: object, expected: str) -> None:
    (tmp_path / "vl.json").write_text(json.dumps({"version": 1, "files": {"a.txt": [entry]}}), encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        Baseline.load(tmp_path / "vl.json")
    assert "vl.json: files['a.txt'][0]" in str(raised.value) and expected in str(raised.value)
