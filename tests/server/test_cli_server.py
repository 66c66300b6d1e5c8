"""``voicelint check --server`` (and $VOICELINT_SERVER): the same report as in-process, or a fallback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.cli import main

DRAFT = "Per our policy we cannot refund this. Please log in to see it.\n"
LIBRARY = {"Delay": "We apologize for any inconvenience.", "Refund": "I've refunded your $12 today."}


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def test_check_on_the_server_matches_in_process(tmp_path: Path, server_socket: str) -> None:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "macros.json").write_text(json.dumps(LIBRARY), encoding="utf-8")
    args = ["check", "draft.txt", "macros.json", "--format", "json", "--no-cache"]
    local_code, local_out, _ = run(args, tmp_path)
    remote_code, remote_out, remote_err = run([*args, "--server"], tmp_path, env={"VOICELINT_SERVER": server_socket})
    assert remote_code == local_code == 1
    assert "linting in-process" not in remote_err
    assert json.loads(remote_out)["documents"] == json.loads(local_out)["documents"]


def test_the_environment_variable_alone_selects_the_server(tmp_path: Path, server_socket: str) -> None:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    code, out, err = run(["check", "draft.txt", "--format", "json"], tmp_path, env={"VOICELINT_SERVER": server_socket})
    assert code == 1 and "linting in-process" not in err
    assert {v["rule"] for v in json.loads(out)["documents"][0]["violations"]} >= {"VL101", "VL102"}


def test_falls_back_to_in_process_with_a_note(tmp_path: Path, sock_dir: Path) -> None:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    missing = str(sock_dir / "nobody.sock")
    code, out, err = run(
        ["check", "draft.txt", "--server", "--format", "json"], tmp_path, env={"VOICELINT_SERVER": missing}
    )
    assert code == 1
    assert "linting in-process" in err
    assert json.loads(out)["documents"][0]["violations"]


@pytest.mark.parametrize("guide_text", ["version: 1\ntone:\n  warmth: [80, 20]\n"])
def test_a_bad_guide_is_exit_2_on_the_server_too(tmp_path: Path, server_socket: str, guide_text: str) -> None:
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "voicelint.yaml").write_text(guide_text, encoding="utf-8")
    code, _, err = run(["check", "draft.txt", "--server"], tmp_path, env={"VOICELINT_SERVER": server_socket})
    assert code == 2
    assert "tone.warmth" in err
