"""voicelint as a pre-commit hook: the real ``pre-commit try-repo`` against this repository.

The ``voicelint`` hook (language: python) makes pre-commit build a virtualenv and pip-install
voicelint with its dependencies from the package index, which tests must not need. So the
manifest is validated for both hooks, and ``try-repo`` runs the ``voicelint-system`` hook, which
is the same entry point run from the environment these tests run in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None,
    reason="pre-commit and git are test dependencies (pip install -e '.[test]')",
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_manifest_is_valid() -> None:
    completed = subprocess.run(
        ["pre-commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_try_repo_runs_voicelint_on_staged_support_content(tmp_path: Path) -> None:
    project = tmp_path / "support-content"
    project.mkdir()
    git(project, "init", "-q")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "user.name", "test")
    (project / "good.md").write_text("# Refunds\n\nI've refunded your order today.\n", encoding="utf-8")
    (project / "macros.json").write_text('{"Delay": "Per our policy, we cannot ship today."}\n', encoding="utf-8")
    (project / "script.py").write_text("print('per our policy')\n", encoding="utf-8")  # not support content
    git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    completed = subprocess.run(
        ["pre-commit", "try-repo", str(REPO), "voicelint-system", "--all-files", "--verbose"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output  # the hook failed because of the banned phrase
    assert "macros.json [Delay]" in output and "VL101 banned-phrase" in output
    assert "script.py" not in output
