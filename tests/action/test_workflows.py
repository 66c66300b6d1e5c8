"""The documented workflows and action.yml are valid for GitHub and use the action as it is.

action.yml and every workflow (examples/github-workflow.yml and the blocks marked
``<!-- docs-test: github-workflow -->`` in README.md and docs/) are validated against the JSON
schemas for GitHub actions and workflows that check-jsonschema ships (no network). A step that
uses this action may only pass inputs action.yml declares, with values action/run.py accepts, and
read only outputs it declares; the docs' tables list exactly the inputs and outputs there are.
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
MARKER = "<!-- docs-test: github-workflow -->"
#: How a workflow refers to this action: a tag of this repository (docs) or the checkout itself.
THIS_ACTION = re.compile(r"^(\./?|[\w.-]+/voicelint@[\w.-]+)$")


def _doc_workflows() -> list[tuple[str, str]]:
    found = []
    for doc in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        lines = doc.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            if line.strip() == MARKER:
                assert lines[index + 1].startswith("```yaml"), (
                    f"{doc.name}:{index + 1}: the marker is not on a yaml block"
                )
                end = lines.index("```", index + 2)
                found.append((f"{doc.relative_to(REPO)}:{index + 2}", "\n".join(lines[index + 2 : end]) + "\n"))
    return found


WORKFLOWS = [
    ("examples/github-workflow.yml", (REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8")),
    *_doc_workflows(),
]


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _our_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for step in _steps(workflow) if THIS_ACTION.match(str(step.get("uses", "")))]


def test_the_docs_show_the_three_workflows() -> None:
    assert len(WORKFLOWS) >= 4  # the example file and the docs' blocks
    formats = {step.get("with", {}).get("format", "annotations") for _, text in WORKFLOWS
               for step in _our_steps(yaml.safe_load(text))}  # fmt: skip
    assert formats == {"annotations", "sarif"}
    assert any("baseline" in step.get("with", {}) for _, text in WORKFLOWS for step in _our_steps(yaml.safe_load(text)))


def test_action_yml_is_valid_for_github() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions", "action.yml"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_workflow_is_valid_for_github(tmp_path: Path) -> None:
    files = []
    for index, (_where, text) in enumerate(WORKFLOWS):
        path = tmp_path / f"workflow{index}.yml"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    names = {f"workflow{index}.yml": where for index, (where, _) in enumerate(WORKFLOWS)}
    assert completed.returncode == 0, re.sub(
        r"[^\s:]*(workflow\d+\.yml)", lambda m: names[m.group(1)], completed.stdout
    )


@pytest.mark.parametrize(("where", "text"), WORKFLOWS, ids=[where for where, _ in WORKFLOWS])
def test_each_workflow_uses_the_action_as_declared(where: str, text: str, run_script: ModuleType) -> None:
    workflow = yaml.safe_load(text)
    ours = _our_steps(workflow)
    assert ours, f"{where}: no step uses this action"
    for step in ours:
        given = step.get("with", {})
        assert set(given) <= set(ACTION["inputs"]), f"{where}: unknown inputs {set(given) - set(ACTION['inputs'])}"
        # the values are accepted as the runner passes them (strings; YAML's false is "false")
        env = {"INPUT_" + name.upper().replace("-", "_"): str(value).lower() if isinstance(value, bool) else str(value)
               for name, value in given.items()}  # fmt: skip
        run_script.read_inputs(env)
    ids = {step["id"] for step in ours if "id" in step}
    for name_id, output in re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", text):
        if name_id in ids:
            assert output in ACTION["outputs"], f"{where}: reads output {output!r}, which the action does not have"


@pytest.mark.parametrize(("where", "text"), WORKFLOWS, ids=[where for where, _ in WORKFLOWS])
def test_a_sarif_upload_has_its_permission_and_runs_after_a_failed_step(where: str, text: str) -> None:
    workflow = yaml.safe_load(text)
    for job in workflow["jobs"].values():
        steps = job.get("steps", [])
        uploads = [step for step in steps if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
        sarif_steps = [step for step in steps if THIS_ACTION.match(str(step.get("uses", "")))
                       and step.get("with", {}).get("format") == "sarif"]  # fmt: skip
        assert len(uploads) == len(sarif_steps), f"{where}: a SARIF report without an upload, or the reverse"
        for upload, sarif_step in zip(uploads, sarif_steps, strict=True):
            permissions = {**workflow.get("permissions", {}), **job.get("permissions", {})}
            assert permissions.get("security-events") == "write", where
            assert "always()" in upload["if"], where
            assert upload["with"]["sarif_file"] == "${{ steps.%s.outputs.sarif-file }}" % sarif_step["id"], where  # noqa: UP031


def _table(doc: str, heading: str) -> dict[str, list[str]]:
    section = doc.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {row.split("|")[1].strip().strip("`"): [cell.strip() for cell in row.split("|")[2:-1]] for row in rows}


def test_the_docs_tables_list_every_input_with_its_default_and_every_output() -> None:
    doc = (REPO / "docs" / "github-action.md").read_text(encoding="utf-8")
    inputs = _table(doc, "Inputs")
    assert list(inputs) == list(ACTION["inputs"])
    for name, (default, _meaning) in inputs.items():
        declared = ACTION["inputs"][name]["default"]
        if name == "sarif-file":  # empty in action.yml, chosen by run.py
            assert default == "`$RUNNER_TEMP/voicelint.sarif`"
        else:
            assert default == (f"`{declared}`" if declared else ""), name
    assert list(_table(doc, "Outputs")) == list(ACTION["outputs"])
