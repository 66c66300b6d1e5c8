"""Data-driven rule tests: one YAML file per rule in ``cases/`` (sqlfluff's std_rule_cases contract).

Each case has a ``pass_str`` (the rule must report nothing) or a ``fail_str`` with the expected
``violations`` (match, position, suggestions, and optionally a message fragment), and may give
a ``fix_str``: the text after applying each violation's first suggestion, which must then pass.
``guide`` in the file (and per case) is merged over a minimal guide; ``channel`` picks a channel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from voicelint.api import lint_text
from voicelint.fixes import apply_first_suggestions
from voicelint.guide.loader import load_guide_text, merge
from voicelint.rules import find_rule

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            params.append(pytest.param(data, case, id=f"{path.stem}:{case['name']}"))
    return params


def _guide(file_data: dict[str, Any], case: dict[str, Any]):  # type: ignore[no-untyped-def]
    data = merge(merge({"version": 1}, file_data.get("guide") or {}), case.get("guide") or {})
    return load_guide_text(yaml.safe_dump(data, sort_keys=False), display_path=f"<case {case['name']}>")


def _rule_violations(text: str, file_data: dict[str, Any], case: dict[str, Any]) -> list[Any]:
    rule = find_rule(file_data["rule"])
    assert rule is not None, f"unknown rule {file_data['rule']}"
    report = lint_text(text, guide=_guide(file_data, case), channel=case.get("channel"))
    assert not report.errors, report.errors
    return [v for v in report.violations if v.rule == rule.code]


def test_every_rule_has_a_case_file() -> None:
    from voicelint.rules import all_rules

    have = {p.stem for p in CASES_DIR.glob("*.yml")}
    missing = [r.code for r in all_rules() if r.code not in have]
    assert not missing, f"rules without test cases in {CASES_DIR}: {missing}"


@pytest.mark.parametrize(("file_data", "case"), _load_cases())
def test_rule_case(file_data: dict[str, Any], case: dict[str, Any]) -> None:
    if "pass_str" in case:
        found = _rule_violations(case["pass_str"], file_data, case)
        assert found == [], f"expected no {file_data['rule']} violation, got {[v.message for v in found]}"
        return
    text = case["fail_str"]
    found = _rule_violations(text, file_data, case)
    expected = case["violations"]
    assert len(found) == len(expected), [f"{v.match!r}: {v.message}" for v in found]
    for violation, want in zip(found, expected, strict=True):
        assert violation.match == want["match"]
        assert text[violation.offset : violation.offset + violation.length] == want["match"]
        for key in ("line", "column", "end_line", "end_column", "severity"):
            if key in want:
                assert str(getattr(violation, key)) == str(want[key]), key
        if "suggestions" in want:
            assert list(violation.suggestions) == want["suggestions"]
        if "message" in want:
            assert want["message"] in violation.message
    if "fix_str" in case:
        fixed = apply_first_suggestions(text, found)
        assert fixed == case["fix_str"]
        assert _rule_violations(fixed, file_data, case) == []
