"""The text report's per-rule line and ``--statistics`` (counts per rule and per file, like ruff's),
which agree with the JSON report's findings."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from voicelint.cli import main


def _files(tmp_path: Path) -> list[str]:
    replies = {
        "a.txt": "Per our policy we cannot refund. Please log in.\n",
        "b.txt": "Please log in again and e-mail us when you have logged in.\n",
        "c.txt": "Thanks Ana, your refund reaches your card by Friday.\n",
    }
    for name, text in replies.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in replies]


def _check(*args: str) -> str:
    return CliRunner().invoke(main, ["check", "--no-cache", "-j", "1", *args]).stdout


def test_statistics_count_every_violation_per_rule_and_per_file(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    report = json.loads(_check("--format", "json", *paths))
    by_rule = Counter(f"{v['rule']} {v['name']}" for d in report["documents"] for v in d["violations"])
    by_file = Counter({d["path"]: len(d["violations"]) for d in report["documents"] if d["violations"]})
    assert sum(by_rule.values()) >= 3 and len(by_file) == 2
    out = _check("--statistics", *paths)
    rules_part, files_part = out.split("violations by rule:\n")[1].split("violations by file:\n")
    listed_rules = [line.split(None, 1) for line in rules_part.strip().splitlines()]
    assert [(name, int(count)) for count, name in listed_rules] == sorted(
        by_rule.items(), key=lambda item: (-item[1], item[0])
    )
    listed_files = [line.split(None, 1) for line in files_part.strip().splitlines()[:-1]]
    assert {name: int(count) for count, name in listed_files} == dict(by_file)
    assert out.strip().splitlines()[-1].startswith(f"{sum(by_rule.values())} violation(s)")


def test_the_summary_names_the_rules_and_quiet_keeps_one_line(tmp_path: Path) -> None:
    paths = _files(tmp_path)
    out = _check(*paths)
    by_rule_line = next(line for line in out.splitlines() if line.startswith("by rule: "))
    assert "VL102" in by_rule_line and "VL101 1" in by_rule_line
    quiet = _check("--quiet", *paths)
    assert "by rule" not in quiet and len(quiet.strip().splitlines()) == 1
