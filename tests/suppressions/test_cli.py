"""VL001 is a rule like the others for a user: listed, explained, selectable, and the check
command's exit status and JSON report carry it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from voicelint.cli import main


def test_rules_and_explain_know_vl001() -> None:
    listed = CliRunner().invoke(main, ["rules"], catch_exceptions=False)
    assert any(
        line.split()[:4] == ["VL001", "unused-suppression", "suppression", "info"]
        for line in listed.output.splitlines()
    )
    explained = CliRunner().invoke(main, ["explain", "unused-suppression"], catch_exceptions=False)
    assert explained.exit_code == 0
    assert "VL001 unused-suppression" in explained.output and "RUF100" in explained.output


def test_check_reports_vl001_in_json_and_it_does_not_fail_the_run(tmp_path: Path) -> None:
    guide = tmp_path / "guide.yaml"
    guide.write_text("version: 1\nbanned:\n  - phrase: we regret to inform you\n", encoding="utf-8")
    reply = tmp_path / "reply.md"
    reply.write_text("<!-- voicelint-disable-next-line VL101 -->\nThanks, your parcel left today.\n", encoding="utf-8")
    args = ["check", "--guide", str(guide), "--select", "VL101,VL001", "--format", "json", str(reply)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output  # info only
    [violation] = json.loads(result.output)["documents"][0]["violations"]
    assert violation["rule"] == "VL001" and violation["category"] == "suppression"
    assert (violation["line"], violation["column"], violation["match"]) == (
        1,
        1,
        "<!-- voicelint-disable-next-line VL101 -->",
    )
    ignored = CliRunner().invoke(main, [*args[:4], "VL101", *args[5:]], catch_exceptions=False)
    assert json.loads(ignored.output)["documents"][0]["violations"] == []
