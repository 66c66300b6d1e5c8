"""`check --follow-symlinks` walks into linked files and folders; without it they are skipped.
Standard input is bounded like any file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.sources import reading


def _paths(args: list[str]) -> list[str]:
    result = CliRunner().invoke(main, ["check", *args, "--format", "json", "--no-cache", "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    return [d["path"] for d in json.loads(result.stdout)["documents"]]


def test_follow_symlinks_option(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "linked.txt").write_text("Per our policy, no.", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "own.txt").write_text("Hello Sam, done.", encoding="utf-8")
    os.symlink(outside, project / "shared")
    assert _paths([str(project)]) == [str(project / "own.txt")]
    assert _paths([str(project), "--follow-symlinks"]) == [str(project / "own.txt"),
                                                           str(project / "shared" / "linked.txt")]


def test_stdin_over_the_input_limit_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_INPUT_BYTES", 10)
    monkeypatch.setattr(reading.read_bytes, "__defaults__", (10,))
    result = CliRunner().invoke(main, ["check", "-", "--no-cache"], input="Per our policy, no refunds.")
    assert result.exit_code == 2
    assert "-:" in result.stderr and "Traceback" not in result.stderr
