"""Fixtures for the GitHub Action: its scripts loaded as modules, and a runner that runs them as GitHub does.

The action's scripts (action/run.py, action/install.py) are not part of the voicelint package: they
are loaded from their files, as the runner runs them. ``run_action`` runs action/run.py in a
subprocess with the environment a GitHub runner gives a composite action's step (``GITHUB_*``,
``RUNNER_TEMP``, the inputs as ``INPUT_*``), and voicelint from this checkout in this interpreter
(``VOICELINT_PYTHON``, which the install step sets on a runner): no network, nothing installed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / "action"

GUIDE = """\
version: 1
name: Test brand
banned:
  - phrase: per our policy
    suggest: [because]
    reason: Sounds bureaucratic.
"""
BAD_REPLY = "Hi Ana,\n\nPer our policy we cannot refund the order.\n\nSam\n"
GOOD_REPLY = "Hi Ana,\n\nYour refund is on its way and should reach your card by Friday.\n\nSam\n"


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"voicelint_action_{name}", ACTION / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def run_script() -> ModuleType:
    return load_script("run")


@pytest.fixture(scope="session")
def install_script() -> ModuleType:
    return load_script("install")


def parse_output_file(text: str) -> dict[str, str]:
    """``$GITHUB_OUTPUT`` read as the runner reads it: ``name=value`` lines and ``name<<DELIMITER`` heredocs."""
    outputs: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            value = []
            for body in lines:
                if body == delimiter:
                    break
                value.append(body)
            else:
                raise AssertionError(f"heredoc {name} is never closed by {delimiter}")
            outputs[name] = "\n".join(value)
        else:
            name, value_text = line.split("=", 1)
            outputs[name] = value_text
    return outputs


@dataclass
class ActionRun:
    status: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str

    @property
    def annotations(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith("::")]


@pytest.fixture
def bad_reply() -> str:
    """A reply with one error-severity finding under GUIDE: 'Per our policy' on line 3, columns 1-14."""
    return BAD_REPLY


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository checkout: a guide (found as ./voicelint.yaml) and one clean reply."""
    root = tmp_path / "workspace"
    root.mkdir()
    (root / "voicelint.yaml").write_text(GUIDE, encoding="utf-8")
    (root / "good.txt").write_text(GOOD_REPLY, encoding="utf-8")
    return root


@pytest.fixture
def output_file() -> Callable[[str], dict[str, str]]:
    return parse_output_file


@pytest.fixture
def run_action(tmp_path: Path, workspace: Path) -> Callable[..., ActionRun]:
    """Run action/run.py as the runner runs the action's lint step, with ``inputs`` as the ``with:`` values."""

    def run(**inputs: str) -> ActionRun:
        temp = tmp_path / "runner_temp"
        temp.mkdir(exist_ok=True)
        output, summary = temp / "github_output", temp / "step_summary"
        output.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("GITHUB_", "INPUT_", "RUNNER_", "VOICELINT_"))
        }
        env.update(
            {
                "GITHUB_ACTIONS": "true",
                "CI": "true",
                "GITHUB_ACTION_PATH": str(REPO),
                "GITHUB_WORKSPACE": str(workspace),
                "GITHUB_OUTPUT": str(output),
                "GITHUB_STEP_SUMMARY": str(summary),
                "RUNNER_TEMP": str(temp),
                "RUNNER_OS": "Linux",
                "VOICELINT_PYTHON": sys.executable,
                # voicelint from this checkout (on a runner: the install step's virtual environment)
                "PYTHONPATH": str(REPO),
            }
        )
        env.update({"INPUT_" + name.upper(): value for name, value in inputs.items()})
        completed = subprocess.run(
            [sys.executable, str(ACTION / "run.py")],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=300,
        )
        return ActionRun(
            completed.returncode,
            completed.stdout,
            completed.stderr,
            parse_output_file(output.read_text(encoding="utf-8")),
            summary.read_text(encoding="utf-8"),
        )

    return run
