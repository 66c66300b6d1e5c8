"""action/run.py run as the GitHub runner runs the action's lint step, on a small repository checkout.

Each test gives the step its inputs as ``INPUT_*`` and reads back what the runner would: the
workflow commands on stdout (annotations), ``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY`` and the
exit status that passes or fails the job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The ``run_action`` fixture (tests/action/conftest.py): inputs in, an ``ActionRun`` out.
Runner = Callable[..., Any]


def test_a_bad_reply_is_annotated_on_its_line_with_a_repository_relative_path(
    run_action: Runner, workspace: Path, bad_reply: str
) -> None:
    (workspace / "bad.txt").write_text(bad_reply, encoding="utf-8")
    run = run_action()  # paths: "." (the default), guide found as ./voicelint.yaml
    errors = [line for line in run.annotations if line.startswith("::error ")]
    assert errors == [
        "::error file=bad.txt,line=3,col=1,endLine=3,endColumn=15,title=VL101 banned-phrase::"
        "'Per our policy' is banned: Sounds bureaucratic. Try: 'because'. (suggestion: Because)"
    ]
    assert run.status == 1
    assert run.outputs == {"exit-code": "1", "violations": "1", "sarif-file": ""}


def test_fail_false_still_annotates_and_passes_the_step(run_action: Runner, workspace: Path, bad_reply: str) -> None:
    (workspace / "bad.txt").write_text(bad_reply, encoding="utf-8")
    run = run_action(fail="false")
    assert run.status == 0
    assert any(line.startswith("::error file=bad.txt,") for line in run.annotations)
    assert run.outputs["exit-code"] == "1"  # what voicelint said, for a later step to use
    assert run.outputs["violations"] == "1"
    assert "::notice title=voicelint::1 violation(s) reported; not failing (fail: false)" in run.stdout


def test_a_clean_workspace_passes_with_fail_true(run_action: Runner) -> None:
    run = run_action(fail="true")
    assert run.status == 0, run.stdout + run.stderr
    assert run.annotations == []
    assert run.outputs == {"exit-code": "0", "violations": "0", "sarif-file": ""}
    assert "**0 violation(s)** in 1 document(s)" in run.summary


def test_the_step_summary_counts_by_severity_and_rule(run_action: Runner, workspace: Path, bad_reply: str) -> None:
    (workspace / "bad.txt").write_text(bad_reply, encoding="utf-8")
    (workspace / "worse.txt").write_text("Per our policy, no. And per our policy, never.\n", encoding="utf-8")
    run = run_action(fail="false")
    assert "**3 violation(s)** in 3 document(s): 3 error, 0 warning, 0 info; 0 input error(s)." in run.summary
    assert "| VL101 banned-phrase | 3 |" in run.summary
    assert "| bad.txt:3 | error | VL101 banned-phrase | 'Per our policy' is banned" in run.summary
    assert "this step passed" in run.summary


def test_quoted_paths_and_args_are_split_as_a_shell_would(run_action: Runner, workspace: Path, bad_reply: str) -> None:
    replies = workspace / "support replies"
    (replies / "old drafts").mkdir(parents=True)
    (replies / "refund.txt").write_text(bad_reply, encoding="utf-8")
    (replies / "old drafts" / "refund.txt").write_text(bad_reply, encoding="utf-8")
    (workspace / "elsewhere.txt").write_text(bad_reply, encoding="utf-8")  # not in paths: not linted
    run = run_action(paths='"support replies"\n', args="--exclude 'old drafts/**' --select \"banned-phrase\"")
    files = [re.search(r"file=([^,]*),", line).group(1) for line in run.annotations if "file=" in line]  # type: ignore[union-attr]
    assert files == ["support replies/refund.txt"]
    # a YAML block scalar (`paths: |`) gives one path per line
    both = run_action(paths='"support replies/refund.txt"\nelsewhere.txt\n')
    assert len([line for line in both.annotations if line.startswith("::error file=")]) == 2


def test_an_absolute_path_inside_the_workspace_is_annotated_relative_to_it(
    run_action: Runner, workspace: Path, bad_reply: str
) -> None:
    (workspace / "a,b.txt").write_text(bad_reply, encoding="utf-8")
    run = run_action(paths=f"'{workspace / 'a,b.txt'}'")
    # GitHub matches file= against the pull request's paths; a comma stays escaped as a property
    assert [line.split(",line=")[0] for line in run.annotations] == ["::error file=a%2Cb.txt"]


def test_a_guide_that_does_not_exist_fails_with_an_annotation_even_with_fail_false(run_action: Runner) -> None:
    run = run_action(guide="brand/voice.yaml", fail="false")
    assert run.status == 2
    assert "::error title=voicelint::brand/voice.yaml: style guide not found" in run.annotations
    assert run.outputs["exit-code"] == "2"
    assert "usage, guide or input error" in run.summary


def test_the_guide_input_names_a_file_or_a_preset(run_action: Runner, workspace: Path, bad_reply: str) -> None:
    (workspace / "brand").mkdir()
    strict = "version: 1\nname: Strict\nbanned:\n  - phrase: refund\n    reason: Say money back.\n"
    (workspace / "brand" / "strict.yaml").write_text(strict, encoding="utf-8")
    (workspace / "bad.txt").write_text(bad_reply, encoding="utf-8")
    found = run_action(paths="good.txt")  # ./voicelint.yaml: good.txt is clean
    assert found.outputs["violations"] == "0"
    strict_run = run_action(paths="good.txt", guide="brand/strict.yaml")
    assert [line.split("::")[-1] for line in strict_run.annotations] == ["'refund' is banned: Say money back."]
    preset = run_action(paths="bad.txt", guide="support-default", args="--select banned-phrase")
    # the preset's own reason for the ban, not the workspace guide's
    assert "explain the reason instead of pointing at a policy" in preset.stdout


def test_an_unreadable_file_among_good_ones_is_annotated_once_and_fails(run_action: Runner, workspace: Path) -> None:
    (workspace / "broken.json").write_text('{"macros": [', encoding="utf-8")
    run = run_action(fail="false")
    assert run.status == 2
    input_errors = [line for line in run.annotations if "title=voicelint input error" in line]
    assert len(input_errors) == 1 and input_errors[0].startswith("::error file=broken.json")
    assert not any(line.startswith("::error title=voicelint::") for line in run.annotations)


def test_bad_inputs_are_named_before_voicelint_runs(run_action: Runner) -> None:
    cases = {
        "format": ({"format": "pdf"}, "input 'format': expected one of annotations, sarif, got 'pdf'"),
        "fail": ({"fail": "maybe"}, "input 'fail': expected true or false, got 'maybe'"),
        "quote": ({"args": "--select 'VL1"}, "input 'args': cannot split"),
        "clash": ({"args": "--format json"}, "input 'args': --format is set by the action's input 'format'"),
    }
    for name, (inputs, message) in cases.items():
        run = run_action(**inputs)
        assert run.status == 2, name
        assert any(line.startswith(f"::error title=voicelint action::{message}") for line in run.annotations), (
            name,
            run.stdout,
        )
        assert "Running:" not in run.stdout, name
        assert run.outputs["exit-code"] == "2", name


def test_the_result_cache_stays_out_of_the_checkout(run_action: Runner, workspace: Path, tmp_path: Path) -> None:
    run_action()
    assert not (workspace / ".voicelint_cache").exists()
    assert (tmp_path / "runner_temp" / "voicelint-cache").is_dir()


def test_a_line_break_in_an_input_cannot_start_a_workflow_command(run_action: Runner) -> None:
    run = run_action(paths="good.txt", args="--exclude 'x\n::error::injected'")
    assert run.status == 0, run.stdout + run.stderr
    assert not any("injected" in line for line in run.annotations)
    assert "'x\\n::error::injected'" in run.stdout  # shown on the one "Running:" line


def test_sarif_format_writes_the_report_for_code_scanning_and_names_it(
    run_action: Runner, workspace: Path, bad_reply: str, tmp_path: Path
) -> None:
    (workspace / "bad.txt").write_text(bad_reply, encoding="utf-8")
    run = run_action(format="sarif", fail="false")
    sarif = tmp_path / "runner_temp" / "voicelint.sarif"
    assert run.status == 0
    assert run.outputs == {"exit-code": "1", "violations": "1", "sarif-file": str(sarif)}
    log = json.loads(sarif.read_text(encoding="utf-8"))
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "VL101"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.txt"
    # The findings go to code scanning, not to annotations on the diff.
    assert not any(line.startswith("::error file=") for line in run.annotations)
