"""Violations carry typed fixes (safe / unsafe / display) beside `suggestions`, and an explain pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.api import lint_text
from voicelint.cli import main
from voicelint.guide.loader import load_guide_text
from voicelint.report import Fix, fixes_from_suggestions, has_template_slot

GUIDE = """
version: 1
terms: [{use: sign in, avoid: [log in]}]
banned: [{phrase: per our policy, suggest: [because]}]
"""


def _by_rule(text: str, tmp_path: Path) -> dict[str, list[Fix]]:
    guide = load_guide_text(GUIDE, base_dir=tmp_path)
    report = lint_text(text, guide=guide)
    return {v.rule: list(v.fixes) for v in report.violations}


def test_preferred_term_is_a_safe_fix_with_the_case_kept(tmp_path: Path) -> None:
    fixes = _by_rule("Log in to see it.", tmp_path)["VL102"]
    assert [(f.replacement, f.applicability) for f in fixes] == [("Sign in", "safe")]


def test_banned_suggestion_is_unsafe(tmp_path: Path) -> None:
    fixes = _by_rule("Per our policy, no.", tmp_path)["VL101"]
    assert [(f.replacement, f.applicability) for f in fixes] == [("Because", "unsafe")]


def test_a_slot_template_is_never_a_literal_replacement() -> None:
    report = lint_text("We apologize for any inconvenience this may have caused.", guide="support-default")
    scripted = [v for v in report.violations if v.rule == "VL501"]
    assert scripted and all(f.applicability == "display" for v in scripted for f in v.fixes)
    assert any(has_template_slot(f.replacement) for v in scripted for f in v.fixes)
    typed = fixes_from_suggestions(("Sorry about {the problem}.", "Sorry about that."), "unsafe", "Use '{replacement}'")
    assert [f.applicability for f in typed] == ["display", "unsafe"]
    with pytest.raises(ValueError, match="slot"):
        Fix("Hi {name}", "safe", "x")
    with pytest.raises(ValueError, match="applicability"):
        Fix("x", "maybe", "x")


def test_json_report_has_fixes_and_explain(tmp_path: Path) -> None:
    guide_path = tmp_path / "voicelint.yaml"
    guide_path.write_text(GUIDE)
    result = CliRunner().invoke(
        main, ["check", "-", "--guide", str(guide_path), "--format", "json", "--no-cache"], input="Log in now."
    )
    violation = json.loads(result.output)["documents"][0]["violations"][0]
    assert violation["suggestions"] == ["Sign in"]
    assert violation["fixes"] == [
        {"replacement": "Sign in", "applicability": "safe", "title": "Use the preferred term 'Sign in'"}
    ]
    assert violation["explain"] == "voicelint explain preferred-term"
