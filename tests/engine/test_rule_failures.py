"""A rule or scorer that raises is an internal error for that document (exit 2), never "violations
found" and never the end of the run: every other rule and document is still linted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from voicelint.api import lint_paths, lint_text
from voicelint.report import Finding
from voicelint.rules import find_rule
from voicelint.rules.base import DocumentContext


def _explode_on_refund(self: object, ctx: DocumentContext) -> list[Finding]:
    if "refund" in ctx.text:
        raise RuntimeError("boom")
    return []


@pytest.fixture
def broken_sentence_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    rule = find_rule("sentence-length")
    assert rule is not None
    monkeypatch.setattr(rule, "check", _explode_on_refund)
    return rule.code


def test_a_raising_rule_is_an_internal_error_and_the_rest_still_runs(tmp_path: Path, broken_sentence_rule: str) -> None:
    library = tmp_path / "macros.json"
    library.write_text(json.dumps({"a": "Per our policy no refund.", "b": "Per our policy, no."}), encoding="utf-8")
    report = lint_paths([library], guide="support-default")
    assert [d.id for d in report.documents] == ["a", "b"], "both records are still reported"
    assert all(any(v.rule == "VL101" for v in d.violations) for d in report.documents)
    assert len(report.errors) == 1
    message = report.errors[0].message
    assert message.startswith(f"internal error in {broken_sentence_rule} on {library}:a: RuntimeError: boom")
    assert report.exit_code("error") == 2


def test_a_raising_scorer_keeps_the_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    from voicelint.rules import base

    def broken(ctx: DocumentContext) -> object:
        raise ValueError("bad score")

    scorers = dict(base.registered_scorers())
    monkeypatch.setitem(base._SCORERS, "readability", (broken, scorers["readability"][1]))
    report = lint_text("Per our policy we cannot help.", guide="support-default")
    assert any(v.rule == "VL101" for v in report.violations)
    assert "readability" not in report.documents[0].scores and "tone" in report.documents[0].scores
    assert report.errors and "internal error in scores.readability" in report.errors[0].message


def test_cli_exit_status_is_2_not_1_when_a_rule_crashes(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Per our policy we cannot refund this.", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Per our policy, no.", encoding="utf-8")
    script = (
        "import sys\n"
        "from voicelint.rules import find_rule\n"
        "from voicelint.cli import main\n"
        "rule = find_rule('sentence-length')\n"
        "def check(self, ctx):\n"
        "    if 'refund' in ctx.text: raise RuntimeError('boom')\n"
        "    return []\n"
        "rule.check = check\n"
        "sys.argv = ['voicelint', 'check', '--no-cache', '--jobs', '1', '--format', 'json', *sys.argv[1:]]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(draft), str(other)], capture_output=True, text=True,
                         check=False, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert f"internal error in VL202 on {draft}: RuntimeError: boom" in run.stderr
    report = json.loads(run.stdout)
    assert [d["path"] for d in report["documents"]] == [str(draft), str(other)]
