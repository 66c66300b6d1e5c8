"""A rule's severity is decided in one place, and the engine, `explain` and `rules` agree on it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from voicelint.api import lint_text
from voicelint.cli import main
from voicelint.guide.loader import load_guide, load_guide_text
from voicelint.rules import find_rule
from voicelint.settings import effective_setting

SCRIPTED = "We apologize for any inconvenience this may have caused."


def _severities(guide_text: str, tmp_path: Path, channel: str | None = None) -> set[str]:
    guide = load_guide_text(guide_text, base_dir=tmp_path)
    report = lint_text(SCRIPTED, guide=guide, channel=channel, select=("VL501",))
    assert report.violations, "the scripted phrase must be found"
    return {str(v.severity) for v in report.violations}


def test_rules_entry_beats_a_section_severity_inherited_from_the_preset(tmp_path: Path) -> None:
    # support-default sets boilerplate.severity: warning; the user's later word is rules: error.
    guide_text = "version: 1\nextends: support-default\nrules: {scripted-phrase: error}\n"
    assert _severities(guide_text, tmp_path) == {"error"}


def test_section_severity_in_the_same_guide_beats_its_rules_entry(tmp_path: Path) -> None:
    guide_text = (
        "version: 1\nextends: support-default\nrules: {scripted-phrase: error}\nboilerplate: {severity: info}\n"
    )
    assert _severities(guide_text, tmp_path) == {"info"}


def test_channel_section_severity_applies_on_that_channel_only(tmp_path: Path) -> None:
    guide_text = (
        "version: 1\nextends: support-default\nrules: {scripted-phrase: error}\n"
        "channels: {chat: {boilerplate: {severity: info}}}\n"
    )
    assert _severities(guide_text, tmp_path, channel="chat") == {"info"}
    assert _severities(guide_text, tmp_path, channel="email") == {"error"}


def test_entry_severity_beats_everything(tmp_path: Path) -> None:
    guide = load_guide_text(
        "version: 1\nrules: {banned-phrase: info}\nbanned: [{phrase: per our policy, severity: warning}, "
        "{phrase: kindly}]\n",
        base_dir=tmp_path,
    )
    report = lint_text("Per our policy, kindly wait.", guide=guide, select=("VL101",))
    by_match = {v.match.lower(): str(v.severity) for v in report.violations}
    assert by_match == {"per our policy": "warning", "kindly": "info"}


def test_explain_and_rules_report_what_the_engine_does(tmp_path: Path) -> None:
    guide_path = tmp_path / "voicelint.yaml"
    guide_path.write_text("version: 1\nextends: support-default\nrules: {scripted-phrase: error}\n")
    runner = CliRunner()
    explained = runner.invoke(main, ["explain", "scripted-phrase", "--guide", str(guide_path)])
    assert explained.exit_code == 0, explained.output
    assert "In this guide: error (from rules: scripted-phrase)" in explained.output
    listed = runner.invoke(main, ["rules", "--format", "json", "--guide", str(guide_path)])
    rows = {row["code"]: row for row in json.loads(listed.output)}
    assert rows["VL501"]["severity"] == "error"
    checked = runner.invoke(main, ["check", "-", "--guide", str(guide_path), "--format", "json", "--no-cache",
                                   "--select", "VL501"], input=SCRIPTED)
    severities = {v["severity"] for d in json.loads(checked.output)["documents"] for v in d["violations"]}
    assert severities == {"error"}


def test_a_rule_turned_off_is_off_everywhere(tmp_path: Path) -> None:
    guide = load_guide_text("version: 1\nrules: {scripted-phrase: off}\n", base_dir=tmp_path)
    rule = find_rule("scripted-phrase")
    assert rule is not None
    assert effective_setting(rule, guide).enabled is False
    assert not lint_text(SCRIPTED, guide=guide).violations or all(
        v.rule != "VL501" for v in lint_text(SCRIPTED, guide=guide).violations
    )


def test_default_preset_severities_are_the_rule_defaults_or_its_sections() -> None:
    guide = load_guide("support-default")
    rule = find_rule("VL501")
    assert rule is not None
    setting = effective_setting(rule, guide)
    # the precision gate (voicelint/data/precision.yaml) ships VL501 as info, through its own section
    assert (str(setting.severity), setting.severity_source) == ("info", "boilerplate.severity")
