"""Formatters are told which rules ran (with their severity in this guide) before the first result,
and a usage error is refused before any report is begun."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import voicelint.cli
from voicelint.cli import main
from voicelint.formatters import formatters
from voicelint.report import RunInfo


def test_formatter_receives_the_rules_that_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[RunInfo] = []
    json_formatter = formatters()["json"]

    class Recording(json_formatter):  # type: ignore[misc, valid-type]
        def begin(self, run: RunInfo) -> None:
            seen.append(run)
            super().begin(run)

    monkeypatch.setattr(voicelint.cli, "formatters", lambda: {**formatters(), "json": Recording})
    guide = tmp_path / "voicelint.yaml"
    guide.write_text("version: 1\nextends: support-default\nrules: {preferred-term: error}\n")
    result = CliRunner().invoke(
        main, ["check", "-", "--guide", str(guide), "--format", "json", "--no-cache", "--select", "VL101,VL102"],
        input="Please log in.",
    )
    assert result.exit_code == 1, result.output
    assert len(seen) == 1
    rules = {rule.code: rule for rule in seen[0].rules}
    assert sorted(rules) == ["VL101", "VL102"]
    assert rules["VL102"].severity == "error" and rules["VL101"].severity == "error"
    assert rules["VL102"].explain == "voicelint explain preferred-term"
    assert seen[0].guide_path is not None and seen[0].guide_path.endswith("voicelint.yaml")


@pytest.mark.parametrize("bad", [["--channel", "nope"], ["--select", "no-such-rule"]])
def test_json_output_is_empty_after_a_usage_error(bad: list[str]) -> None:
    result = CliRunner().invoke(main, ["check", "-", "--format", "json", "--no-cache", *bad], input="Hello.")
    assert result.exit_code == 2
    assert result.stdout == "", "a JSON report is a whole document or nothing"


def test_json_report_is_one_document_when_there_is_a_report() -> None:
    result = CliRunner().invoke(main, ["check", "-", "--format", "json", "--no-cache"], input="Per our policy, no.")
    assert json.loads(result.stdout)["summary"]["documents"] == 1
