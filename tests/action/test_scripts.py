"""The action's scripts piece by piece: the voicelint command they build, the SARIF they read, what they write.

The SARIF formatter is not needed here: the SARIF command is checked as built, and the reader on
a SARIF 2.1.0 log written for the test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest


def _inputs(run_script: ModuleType, **values: str) -> object:
    return run_script.read_inputs({"INPUT_" + name.upper(): value for name, value in values.items()})


def test_annotations_command(run_script: ModuleType) -> None:
    inputs = _inputs(run_script, args="--fail-on warning --select 'VL1, tone'", paths="macros drafts/x.md")
    command = run_script.build_command(inputs, "/venv/bin/python", None)
    assert command == [
        "/venv/bin/python", "-m", "voicelint", "check", "--format", "github",
        "--fail-on", "warning", "--select", "VL1, tone", "--", "macros", "drafts/x.md",
    ]  # fmt: skip


def test_sarif_command_writes_the_report_where_the_output_says(run_script: ModuleType, tmp_path: Path) -> None:
    inputs = _inputs(run_script, format="sarif", guide="brand.yaml", baseline=".voicelint-baseline.json")
    sarif = run_script.sarif_path(inputs, tmp_path / "ws", str(tmp_path / "temp"))
    assert sarif == tmp_path / "temp" / "voicelint.sarif"  # out of the checkout: never linted or committed
    command = run_script.build_command(inputs, "python", sarif)
    assert command == [
        "python", "-m", "voicelint", "check", "--format", "sarif", "--output", str(sarif),
        "--guide", "brand.yaml", "--baseline", ".voicelint-baseline.json", "--", ".",
    ]  # fmt: skip
    chosen = _inputs(run_script, format="SARIF", **{"sarif_file": "reports/voice.sarif"})
    assert run_script.sarif_path(chosen, tmp_path / "ws", None) == tmp_path / "ws" / "reports" / "voice.sarif"
    assert run_script.sarif_path(_inputs(run_script), tmp_path, None) is None


def test_a_path_that_looks_like_an_option_stays_a_path(run_script: ModuleType) -> None:
    command = run_script.build_command(_inputs(run_script, paths="-notes.md"), "python", None)
    assert command[-2:] == ["--", "-notes.md"]


@pytest.mark.parametrize(
    ("args", "clash"),
    [
        ("--format=json", "--format"),
        ("-o report.txt", "-o"),
        ("-oreport.txt", "-o"),
        ("--output=r.txt", "--output"),
    ],
)
def test_options_the_action_owns_cannot_come_through_args(run_script: ModuleType, args: str, clash: str) -> None:
    with pytest.raises(run_script.InputError, match=f"{clash} is set by the action's input 'format'"):
        _inputs(run_script, args=args)


def test_guide_and_baseline_in_args_are_allowed_unless_the_inputs_set_them(run_script: ModuleType) -> None:
    assert _inputs(run_script, args="--guide g.yaml --baseline b.json").args == (  # type: ignore[attr-defined]
        "--guide", "g.yaml", "--baseline", "b.json"
    )  # fmt: skip
    with pytest.raises(run_script.InputError, match="--guide is set by the action's input 'guide'"):
        _inputs(run_script, args="--guide g.yaml", guide="other.yaml")
    # after "--", an argument is a path, whatever it looks like
    after = _inputs(run_script, args="-- --format", paths="drafts")
    assert after.args == ("--", "--format")  # type: ignore[attr-defined]
    assert run_script.build_command(after, "python", None)[-3:] == ["--", "--format", "drafts"]


@pytest.mark.parametrize(("status", "fail", "expected"), [
    (0, True, 0), (1, True, 1), (1, False, 0), (2, False, 2), (2, True, 2), (130, False, 130),
])  # fmt: skip
def test_step_status(run_script: ModuleType, status: int, fail: bool, expected: int) -> None:
    assert run_script.step_status(status, fail) == expected


def _sarif_log(results: list[dict[str, object]]) -> str:
    return json.dumps({
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "voicelint", "rules": []}}, "results": results}],
    })  # fmt: skip


def _result(rule: str, level: str | None, uri: str, line: int, **extra: object) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": rule,
        "message": {"text": f"{rule} here"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": line}}}],
        **extra,
    }
    if level is not None:
        result["level"] = level
    return result


def test_sarif_results_are_counted_like_annotations(run_script: ModuleType, tmp_path: Path) -> None:
    report = tmp_path / "voicelint.sarif"
    report.write_text(_sarif_log([
        _result("VL101", "error", "macros/refund.yaml", 4),
        _result("VL501", None, "./drafts/a.md", 2),  # no level: SARIF's default, warning
        _result("VL202", "note", "drafts/a.md", 9),
        _result("VL101", "error", "drafts/a.md", 1, suppressions=[{"kind": "external"}]),  # baselined
    ]), encoding="utf-8")  # fmt: skip
    tally = run_script.Tally()
    run_script.read_sarif(report, tmp_path, tally)
    assert [(f.severity, f.rule, f.path, f.line) for f in tally.findings] == [
        ("error", "VL101", "macros/refund.yaml", 4),
        ("warning", "VL501", "drafts/a.md", 2),
        ("info", "VL202", "drafts/a.md", 9),
    ]


def test_an_unreadable_sarif_report_is_an_error_line_not_a_crash(run_script: ModuleType, tmp_path: Path) -> None:
    report = tmp_path / "voicelint.sarif"
    report.write_text("{not json", encoding="utf-8")
    tally = run_script.Tally()
    run_script.read_sarif(report, tmp_path, tally)
    assert tally.findings == [] and "cannot read the SARIF report" in tally.error_lines[0]


def test_outputs_use_name_value_and_heredocs_for_line_breaks(
    run_script: ModuleType, tmp_path: Path, output_file: Callable[[str], dict[str, str]]
) -> None:
    path = tmp_path / "github_output"
    run_script.write_outputs(str(path), {"exit-code": "1", "sarif-file": "/tmp/a\nb.sarif", "empty": ""})
    text = path.read_text(encoding="utf-8")
    assert text.startswith("exit-code=1\nsarif-file<<ghadelimiter_")
    assert output_file(text) == {"exit-code": "1", "sarif-file": "/tmp/a\nb.sarif", "empty": ""}


def test_linted_text_cannot_inject_markdown_or_html_into_the_summary(run_script: ModuleType) -> None:
    finding = run_script.Finding("error", "VL101 banned-phrase", "a|b.txt", 3, "'<img src=x>' [link](http://x) |")
    tally = run_script.Tally(findings=[finding], documents=1)
    markdown = run_script.summary_markdown(tally, 1, 1, run_script.Inputs(), None)
    row = next(line for line in markdown.splitlines() if line.startswith("| a"))
    assert row == (r"| a\|b.txt:3 | error | VL101 banned-phrase | '&lt;img src=x&gt;' \[link\](http://x) \| |")


def test_annotation_lines_keep_their_escapes_when_the_path_is_rewritten(run_script: ModuleType, tmp_path: Path) -> None:
    tally = run_script.Tally()
    line = "::warning file=./a%2Cb%3A.md,line=2,col=1,title=VL501 scripted-phrase::50%25 sure%0Asecond line"
    rewritten = run_script.rewrite_annotation(line, tmp_path, tally)
    assert rewritten == "::warning file=a%2Cb%3A.md,line=2,col=1,title=VL501 scripted-phrase::50%25 sure%0Asecond line"
    assert tally.findings == [
        run_script.Finding("warning", "VL501 scripted-phrase", "a,b:.md", 2, "50% sure\nsecond line")
    ]
    assert run_script.rewrite_annotation("plain log line", tmp_path, tally) == "plain log line"


def test_a_message_of_the_action_cannot_start_another_workflow_command(run_script: ModuleType) -> None:
    line = run_script.annotate_error("bad\n::set-output name=x::y\x1b[31m")
    assert "\n" not in line and "\x1b" not in line
    assert line == "::error title=voicelint::bad%0A::set-output name=x::y\\u001b[31m"


@pytest.mark.parametrize(("version", "expected"), [
    ("", "/actions/voicelint"),
    ("0.2.0", "voicelint==0.2.0"),
    ("1.0rc1", "voicelint==1.0rc1"),
    (">=0.2,<0.3", "voicelint>=0.2,<0.3"),
    ("~=0.2", "voicelint~=0.2"),
    ("latest", "voicelint"),
    ("voicelint[bench]>=0.2", "voicelint[bench]>=0.2"),
])  # fmt: skip
def test_install_requirement(install_script: ModuleType, version: str, expected: str) -> None:
    assert install_script.requirement(version, "/actions/voicelint") == expected


@pytest.mark.parametrize("version", ["black==23.1", "0.2.0; rm -rf /", "0.2\n--index-url x", "https://x/y.whl"])
def test_install_rejects_what_is_not_a_voicelint_requirement(install_script: ModuleType, version: str) -> None:
    with pytest.raises(install_script.InputError, match="input 'version'"):
        install_script.requirement(version, "/actions/voicelint")


def test_the_summary_says_when_github_hides_annotations(run_script: ModuleType) -> None:
    findings = [run_script.Finding("warning", "VL501 scripted-phrase", f"m{i}.md", 1, "scripted") for i in range(11)]
    tally = run_script.Tally(findings=findings, documents=11)
    annotations = run_script.summary_markdown(tally, 1, 1, run_script.Inputs(), None)
    assert "GitHub shows 10 annotations of each severity per step" in annotations
    assert len(re.findall(r"^\| m\d+\.md:1 ", annotations, re.MULTILINE)) == 11  # every finding is listed
    sarif = run_script.summary_markdown(tally, 1, 1, run_script.Inputs(format="sarif"), Path("/tmp/v.sarif"))
    assert "GitHub shows" not in sarif
    few = run_script.Tally(findings=findings[:10], documents=10)
    assert "GitHub shows" not in run_script.summary_markdown(few, 1, 1, run_script.Inputs(), None)
