"""``--format jsonl``: one JSON object per violation (and per input error), a line each, matching
the JSON report finding for finding."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from voicelint.cli import main

LIBRARY = {
    "Refund\u2028late": "Per our policy we cannot refund. Please log in to the portal.",
    "Clean": "Thanks Ana, your refund reaches your card by Friday.",
    "Address": "Please log in and update your address.",
}


def _run(tmp_path: Path, fmt: str, *paths: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", "--format", fmt, *paths])
    return result.exit_code, result.stdout


def _library(tmp_path: Path) -> Path:
    path = tmp_path / "macros.json"
    path.write_text(json.dumps(LIBRARY, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_line_is_one_violation_of_the_json_report(tmp_path: Path) -> None:
    path = str(_library(tmp_path))
    code, out = _run(tmp_path, "jsonl", path)
    json_code, json_out = _run(tmp_path, "json", path)
    assert code == json_code == 1
    lines = out.splitlines()
    assert len(lines) == len(out.split("\n")) - 1, "no raw line separator inside a line"
    rows: list[dict[str, Any]] = [json.loads(line) for line in lines]
    report = json.loads(json_out)
    expected = [
        {"type": "violation", "path": d["path"], "id": d["id"], "channel": d["channel"], **v}
        for d in report["documents"]
        for v in d["violations"]
    ]
    assert rows == expected
    assert {row["id"] for row in rows} == {"Refund\u2028late", "Address"}
    assert "\u2028" not in out and "\\u2028" in out  # escaped as in --format json


def test_input_errors_are_lines_of_their_own_and_a_clean_run_prints_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("Thanks Ana, your refund reaches your card by Friday.\n", encoding="utf-8")
    code, out = _run(tmp_path, "jsonl", str(clean))
    assert (code, out) == (0, "")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"text": "Hi"', encoding="utf-8")
    code, out = _run(tmp_path, "jsonl", str(broken), str(_library(tmp_path)))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert rows[0]["type"] == "error" and rows[0]["path"] == str(broken) and rows[0]["line"] == 1
    assert all(row["type"] == "violation" for row in rows[1:]) and len(rows) > 1
