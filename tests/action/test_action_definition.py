"""action.yml holds together: every input is used and reaches the script that reads it, every output is written.

GitHub only finds these mistakes when the action runs (an input nobody reads is silently ignored;
an output nobody writes is silently empty), so the file is checked here against the scripts.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _expressions(value: object) -> list[str]:
    if isinstance(value, dict):
        return [found for item in value.values() for found in _expressions(item)]
    if isinstance(value, list):
        return [found for item in value for found in _expressions(item)]
    return EXPRESSION.findall(value) if isinstance(value, str) else []


def _expr(text: str) -> str:
    return "${{ " + text + " }}"


def _step(step_id: str) -> dict[str, Any]:
    return next(step for step in STEPS if step.get("id") == step_id)


def test_a_composite_action_whose_run_steps_name_their_shell() -> None:
    assert ACTION["runs"]["using"] == "composite"
    for step in STEPS:
        if "run" in step:
            assert step.get("shell") == "bash", step  # required in a composite action; bash on every runner OS
            # an input never becomes shell text: only environment variables are expanded by the shell
            assert "${{" not in step["run"], step


def test_every_input_is_used_and_every_input_used_exists() -> None:
    used = {match.group(1) for text in _expressions(STEPS) for match in re.finditer(r"\binputs\.([\w-]+)", text)}
    assert used == set(ACTION["inputs"])


def test_every_input_is_documented_with_a_default() -> None:
    for name, spec in ACTION["inputs"].items():
        assert spec["description"].strip(), name
        assert spec["required"] is False and "default" in spec, name


def test_the_lint_step_passes_exactly_the_inputs_run_py_reads(run_script: ModuleType) -> None:
    env = _step("lint")["env"]
    passed = {key: value for key, value in env.items() if key.startswith("INPUT_")}
    expected = {"INPUT_" + name.upper().replace("-", "_"): _expr(f"inputs.{name}") for name in run_script.INPUTS}
    assert passed == expected
    assert env["VOICELINT_PYTHON"] == "${{ steps.install.outputs.python }}"


def test_the_install_step_passes_the_version_and_runs_on_the_python_set_up() -> None:
    env = _step("install")["env"]
    assert env["INPUT_VERSION"] == "${{ inputs.version }}"
    assert env["VOICELINT_SETUP_PYTHON"] == "${{ steps.python.outputs.python-path }}"
    python = _step("python")
    assert python["uses"].startswith("actions/setup-python@")
    # the job's own python stays the one its other steps set up
    assert python["with"] == {"python-version": "${{ inputs.python-version }}", "update-environment": False}


def test_step_outputs_are_read_only_from_earlier_steps() -> None:
    seen: list[str] = []
    for step in STEPS:
        for text in _expressions(step):
            for match in re.finditer(r"\bsteps\.([\w-]+)\.outputs\.", text):
                assert match.group(1) in seen, f"{step.get('id')} reads {match.group(1)} before it runs"
        seen.append(step["id"])


def test_the_action_outputs_are_the_ones_run_py_writes(run_script: ModuleType) -> None:
    values = {name: spec["value"] for name, spec in ACTION["outputs"].items()}
    assert values == {name: _expr(f"steps.lint.outputs.{name}") for name in run_script.OUTPUTS}


def test_the_scripts_the_steps_run_exist() -> None:
    scripts = [re.search(r"\$GITHUB_ACTION_PATH/([\w/]+\.py)", step["run"]) for step in STEPS if "run" in step]
    assert [match.group(1) for match in scripts if match] == ["action/install.py", "action/run.py"]
    for match in scripts:
        assert match is not None and (REPO / match.group(1)).is_file()


@pytest.mark.parametrize("script", ["run.py", "install.py"])
def test_the_scripts_import_only_the_standard_library(script: str) -> None:
    """They run on the runner's Python before voicelint (and anything else) is installed."""
    code = (
        "import runpy, sys; before = set(sys.modules); "
        f"runpy.run_path({str(REPO / 'action' / script)!r}, run_name='not_main'); "
        "loaded = {name.split('.')[0] for name in set(sys.modules) - before}; "
        "print(sorted(name for name in loaded if name not in sys.stdlib_module_names and not name.startswith('_')))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"


def test_the_install_step_makes_a_venv_under_runner_temp_and_names_its_python(
    install_script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(install_script.subprocess, "run", fake_run)
    output = tmp_path / "github_output"
    env = {"RUNNER_TEMP": str(tmp_path), "GITHUB_ACTION_PATH": "/actions/voicelint", "GITHUB_OUTPUT": str(output)}
    assert install_script.main({**env, "INPUT_VERSION": "0.2.0"}) == 0
    venv_python = install_script.venv_python(tmp_path / "voicelint-venv")
    assert commands == [
        [sys.executable, "-m", "venv", str(tmp_path / "voicelint-venv")],
        [str(venv_python), "-m", "pip", "install", "--disable-pip-version-check", "voicelint==0.2.0"],
    ]
    assert output.read_text(encoding="utf-8") == f"python={venv_python}\n"


def test_a_failed_install_fails_the_step_with_an_annotation(
    install_script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 1 if "pip" in command else 0)

    monkeypatch.setattr(install_script.subprocess, "run", fake_run)
    output = tmp_path / "github_output"
    assert install_script.main({"RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}) == 2
    assert "::error title=voicelint action::installing voicelint failed" in capsys.readouterr().out
    assert not output.exists()  # no python output: the lint step cannot run a half-made environment


def test_the_scripts_are_ruff_clean() -> None:
    """tests/test_packaging.py lints voicelint, tests and benchmarks; action/ is checked here (mypy: pyproject)."""
    completed = subprocess.run([sys.executable, "-m", "ruff", "check", "action"], cwd=REPO,
                               capture_output=True, text=True, check=False)  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
