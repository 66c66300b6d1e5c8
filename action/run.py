"""The GitHub Action's lint step: turn the action's inputs into one ``voicelint check``, run it, report.

The runner gives a composite action's inputs to this script as ``INPUT_*`` environment variables
(action.yml passes them through ``env:``, as composite actions get none by themselves). Nothing
from an input reaches a shell: ``args`` and ``paths`` are split with :func:`shlex.split` and the
command runs as an argument list. The script reads only the standard library, so it runs on any
Python the runner has; voicelint itself runs in the interpreter named by ``VOICELINT_PYTHON``
(the virtual environment the install step made), or in this one when that is unset.

What it writes back to the runner:

- standard output: voicelint's workflow commands (``::error file=...``), which GitHub shows on the
  pull request's diff; their ``file=`` is made repository-relative (``./macros.yaml`` and absolute
  paths inside the workspace become ``macros.yaml``), the form GitHub matches against the diff;
- ``$GITHUB_OUTPUT``: ``exit-code``, ``violations`` and ``sarif-file``;
- ``$GITHUB_STEP_SUMMARY``: the counts by severity and by rule, and the first findings;
- its exit status: 0, or voicelint's when it is a failure the inputs ask to fail on (``fail: false``
  turns exit 1, findings, into 0; exit 2, a usage, guide or input error, always fails the step).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

#: The action's inputs this step reads, as ``INPUT_<NAME>`` (upper case, ``-`` as ``_``).
INPUTS = ("args", "paths", "guide", "format", "fail", "baseline", "sarif-file")
#: The step's outputs, written to ``$GITHUB_OUTPUT`` on every run (action.yml's outputs read them).
OUTPUTS = ("exit-code", "violations", "sarif-file")
FORMATS = {"annotations": "github", "sarif": "sarif"}
EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
#: Findings listed one by one in the step summary (the counts cover all of them; GitHub caps a
#: step summary at 1 MiB).
SUMMARY_FINDINGS = 100
#: GitHub shows at most this many annotations of each kind (error, warning, notice) per step.
ANNOTATIONS_SHOWN = 10
_LEVELS = {"error": "error", "warning": "warning", "notice": "info"}
_SARIF_LEVELS = {"error": "error", "warning": "warning", "note": "info", "none": "info"}
_ANNOTATION = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
_SUMMARY_LINE = re.compile(r"^voicelint: \d+ violation\(s\) .* in (\d+) document\(s\)")
_INPUT_ERROR_TITLE = "voicelint input error"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class InputError(Exception):
    """An input of the action that cannot be used as given; the message names the input."""


@dataclass(frozen=True)
class Inputs:
    args: tuple[str, ...] = ()
    paths: tuple[str, ...] = (".",)
    guide: str = ""
    format: str = "annotations"
    fail: bool = True
    baseline: str = ""
    sarif_file: str = ""


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    rule: str  # "VL101 banned-phrase"
    path: str
    line: int | None
    message: str


@dataclass
class Tally:
    """What the run found, for the outputs and the step summary."""

    findings: list[Finding] = field(default_factory=list)
    input_errors: int = 0
    documents: int | None = None
    error_lines: list[str] = field(default_factory=list)  # voicelint's "voicelint: error: ..." lines

    @property
    def by_severity(self) -> Counter[str]:
        return Counter(finding.severity for finding in self.findings)


# --- inputs -----------------------------------------------------------------------------------


def _env_name(name: str) -> str:
    return "INPUT_" + name.upper().replace("-", "_")


def _split(name: str, value: str) -> tuple[str, ...]:
    try:
        return tuple(shlex.split(value))
    except ValueError as exc:  # an unclosed quote
        raise InputError(f"input '{name}': cannot split {value!r} into arguments: {exc}") from None


def _boolean(name: str, value: str, default: bool) -> bool:
    """GitHub passes booleans as the strings ``true``/``false``; anything else is a mistake, not false."""
    cleaned = value.strip().lower()
    if not cleaned:
        return default
    if cleaned in ("true", "false"):
        return cleaned == "true"
    raise InputError(f"input '{name}': expected true or false, got {value!r}")


def _option_given(args: Iterable[str], *names: str) -> str | None:
    """The first of ``names`` (long ``--x``/``--x=v`` or short ``-o``/``-oV``) among ``args`` before ``--``."""
    for arg in args:
        if arg == "--":
            return None
        for name in names:
            if arg == name or (name.startswith("--") and arg.startswith(name + "=")):
                return name
            if not name.startswith("--") and not arg.startswith("--") and arg.startswith(name):
                return name
    return None


def read_inputs(env: Mapping[str, str]) -> Inputs:
    """The action's inputs from ``env``, checked: every problem is an :class:`InputError` naming the input."""

    def get(name: str) -> str:
        return env.get(_env_name(name), "")

    output_format = get("format").strip().lower() or "annotations"
    if output_format not in FORMATS:
        raise InputError(f"input 'format': expected one of {', '.join(FORMATS)}, got {get('format')!r}")
    args = _split("args", get("args"))
    owned = {"--format": "format", "--output": "format", "-o": "format"}
    guide, baseline = get("guide").strip(), get("baseline").strip()
    if guide:
        owned["--guide"] = "guide"
    if baseline:
        owned["--baseline"] = "baseline"
    clash = _option_given(args, *owned)
    if clash is not None:
        raise InputError(f"input 'args': {clash} is set by the action's input '{owned[clash]}'; use that input instead")
    paths = _split("paths", get("paths")) or (".",)
    return Inputs(
        args=args,
        paths=paths,
        guide=guide,
        format=output_format,
        fail=_boolean("fail", get("fail"), default=True),
        baseline=baseline,
        sarif_file=get("sarif-file").strip(),
    )


def sarif_path(inputs: Inputs, workspace: Path, runner_temp: str | None) -> Path | None:
    """Where the SARIF report goes: ``sarif-file`` (relative to the workspace), else the runner's temp folder.

    The default stays out of the checkout, so the report is never linted, committed or left behind.
    """
    if inputs.format != "sarif":
        return None
    if inputs.sarif_file:
        return workspace / inputs.sarif_file
    return Path(runner_temp or workspace) / "voicelint.sarif"


def build_command(inputs: Inputs, python: str, sarif: Path | None) -> list[str]:
    """The ``voicelint check`` argument list: the action's own options, then ``args``, then ``-- PATHS``."""
    command = [python, "-m", "voicelint", "check", "--format", FORMATS[inputs.format]]
    if sarif is not None:
        command += ["--output", str(sarif)]
    if inputs.guide:
        command += ["--guide", inputs.guide]
    if inputs.baseline:
        command += ["--baseline", inputs.baseline]
    # "--" ends the options: a path that starts with "-" is still a path (args may have ended them already).
    end_of_options = [] if "--" in inputs.args else ["--"]
    return [*command, *inputs.args, *end_of_options, *inputs.paths]


def step_status(voicelint_status: int, fail: bool) -> int:
    """The step's exit status: findings (1) fail it only when ``fail``; errors (2) and signals always do."""
    if voicelint_status == EXIT_VIOLATIONS and not fail:
        return EXIT_OK
    return voicelint_status


# --- workflow commands ------------------------------------------------------------------------


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def escape_data(text: str) -> str:
    return _visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _unescape(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def _split_properties(properties: str) -> list[tuple[str, str]]:
    pairs = []
    for item in properties.split(","):
        key, _, value = item.partition("=")
        pairs.append((key, value))
    return pairs


def repository_path(path: str, workspace: Path) -> str:
    """``path`` as GitHub matches it against a pull request's files: relative to the workspace, with ``/``."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            path = str(candidate.resolve().relative_to(workspace.resolve()))
        except ValueError:
            return path  # outside the repository: GitHub shows it on the run, not on the diff
    path = path.replace(os.sep, "/") if os.sep != "/" else path
    while path.startswith("./"):
        path = path[2:]
    return path


def rewrite_annotation(line: str, workspace: Path, tally: Tally) -> str:
    """One line of voicelint's ``--format github`` output, counted, with its ``file=`` made repository-relative."""
    match = _ANNOTATION.match(line)
    if match is None:
        summary = _SUMMARY_LINE.match(line)
        if summary:
            tally.documents = int(summary.group(1))
        return line
    level, properties, message = match.groups()
    pairs = _split_properties(properties)
    fields = dict(pairs)
    if "file" in fields:
        fields["file"] = escape_property(repository_path(_unescape(fields["file"]), workspace))
    title = _unescape(fields.get("title", ""))
    path = _unescape(fields.get("file", ""))
    if title == _INPUT_ERROR_TITLE:
        tally.input_errors += 1
    else:
        line_number = fields.get("line", "")
        tally.findings.append(
            Finding(
                _LEVELS[level], title, path, int(line_number) if line_number.isdigit() else None, _unescape(message)
            )
        )
    rebuilt = ",".join(f"{key}={fields[key]}" for key, _ in pairs)
    return f"::{level} {rebuilt}::{message}"


def annotate_error(message: str, title: str = "voicelint") -> str:
    return f"::error title={escape_property(title)}::{escape_data(message)}"


# --- SARIF ------------------------------------------------------------------------------------


def read_sarif(path: Path, workspace: Path, tally: Tally) -> None:
    """Count the results of a SARIF 2.1.0 report (suppressed ones excluded), as annotations are counted."""
    try:
        log = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        tally.error_lines.append(f"{path}: cannot read the SARIF report: {exc}")
        return
    for run in log.get("runs", []) if isinstance(log, dict) else []:
        for result in run.get("results", []):
            if result.get("suppressions"):
                continue
            locations = result.get("locations") or [{}]
            physical = locations[0].get("physicalLocation", {})
            uri = physical.get("artifactLocation", {}).get("uri", "")
            line = physical.get("region", {}).get("startLine")
            tally.findings.append(
                Finding(
                    _SARIF_LEVELS.get(result.get("level", "warning"), "warning"),
                    str(result.get("ruleId", "")),
                    repository_path(str(uri), workspace),
                    line if isinstance(line, int) else None,
                    str(result.get("message", {}).get("text", "")),
                )
            )


# --- outputs and summary ----------------------------------------------------------------------


def output_lines(name: str, value: str) -> str:
    """One ``$GITHUB_OUTPUT`` entry: ``name=value``, or GitHub's heredoc form for a value with line breaks."""
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    delimiter = f"ghadelimiter_{uuid.uuid4()}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def write_outputs(path: str | None, outputs: Mapping[str, str]) -> None:
    if not path:
        return
    with open(path, "a", encoding="utf-8") as file:
        for name, value in outputs.items():
            file.write(output_lines(name, value))


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no HTML, no links or emphasis from the linted text."""
    text = " ".join(_visible(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def summary_markdown(tally: Tally, voicelint_status: int, status: int, inputs: Inputs, sarif: Path | None) -> str:
    counts = tally.by_severity
    total = len(tally.findings)
    outcome = {EXIT_OK: "passed", EXIT_VIOLATIONS: "findings at or above --fail-on"}.get(
        voicelint_status, "usage, guide or input error" if voicelint_status == EXIT_ERROR else "stopped"
    )
    documents = f" in {tally.documents} document(s)" if tally.documents is not None else ""
    lines = [
        "### voicelint",
        "",
        f"**{total} violation(s)**{documents}: {counts['error']} error, {counts['warning']} warning, "
        f"{counts['info']} info; {tally.input_errors} input error(s).",
        "",
        f"voicelint exit status {voicelint_status} ({outcome}); this step "
        + ("passed." if status == EXIT_OK else f"failed with exit status {status}.")
        + (" (`fail: false`: findings do not fail the job.)" if not inputs.fail and voicelint_status == 1 else ""),
    ]
    if inputs.format == "annotations" and any(count > ANNOTATIONS_SHOWN for count in counts.values()):
        lines += [
            "",
            f"GitHub shows {ANNOTATIONS_SHOWN} annotations of each severity per step: the rest are "
            "listed below. For a large library, gate on new findings with `baseline`, or use `format: sarif`.",
        ]
    if sarif is not None:
        lines += ["", f"SARIF report: {_cell(str(sarif))} (upload it with github/codeql-action/upload-sarif)."]
    if tally.error_lines:
        lines += ["", "Errors:", ""] + [f"- {_cell(line)}" for line in tally.error_lines[:10]]
    if tally.findings:
        lines += ["", "| rule | violations |", "| --- | ---: |"]
        for rule, count in Counter(f.rule for f in tally.findings).most_common():
            lines.append(f"| {_cell(rule)} | {count} |")
        shown = tally.findings[:SUMMARY_FINDINGS]
        heading = f"First {len(shown)} of {total} violations" if total > len(shown) else "Violations"
        lines += [
            "",
            f"<details><summary>{heading}</summary>",
            "",
            "| where | severity | rule | message |",
            "| --- | --- | --- | --- |",
        ]
        for finding in shown:
            where = finding.path + (f":{finding.line}" if finding.line is not None else "")
            lines.append(f"| {_cell(where)} | {finding.severity} | {_cell(finding.rule)} | {_cell(finding.message)} |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def write_summary(path: str | None, markdown: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as file:
            file.write(markdown)


# --- running ----------------------------------------------------------------------------------


def _pump(stream: IO[str], sink: IO[str], handle: Callable[[str], str | None]) -> None:
    for raw in stream:
        shown = handle(raw.rstrip("\r\n"))
        if shown is not None:
            sink.write(shown + "\n")
            sink.flush()


def run_voicelint(command: list[str], workspace: Path, env: Mapping[str, str], tally: Tally, annotations: bool) -> int:
    """Run ``command`` in the workspace, passing its output through as it comes (long runs show progress)."""

    def on_stdout(line: str) -> str:
        return rewrite_annotation(line, workspace, tally) if annotations else line

    def on_stderr(line: str) -> str:
        if line.startswith("voicelint: error: "):
            tally.error_lines.append(line.removeprefix("voicelint: error: "))
        return line

    process = subprocess.Popen(
        command,
        cwd=workspace,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert process.stdout is not None and process.stderr is not None
    errors = threading.Thread(target=_pump, args=(process.stderr, sys.stderr, on_stderr), daemon=True)
    errors.start()
    _pump(process.stdout, sys.stdout, on_stdout)
    errors.join()
    return process.wait()


def child_environment(env: Mapping[str, str], runner_temp: str | None) -> dict[str, str]:
    """voicelint's environment: UTF-8 output, and its result cache in the runner's temp folder, not the checkout."""
    child = dict(env)
    child["PYTHONIOENCODING"] = "utf-8"
    if runner_temp and not child.get("VOICELINT_CACHE_DIR"):
        child["VOICELINT_CACHE_DIR"] = str(Path(runner_temp) / "voicelint-cache")
    return child


def main(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    workspace = Path(env.get("GITHUB_WORKSPACE") or os.getcwd())
    runner_temp = env.get("RUNNER_TEMP")
    try:
        inputs = read_inputs(env)
    except InputError as exc:
        print(annotate_error(str(exc), "voicelint action"), flush=True)
        write_outputs(env.get("GITHUB_OUTPUT"), dict(zip(OUTPUTS, (str(EXIT_ERROR), "0", ""), strict=True)))
        return EXIT_ERROR
    sarif = sarif_path(inputs, workspace, runner_temp)
    if sarif is not None:
        # A report left by an earlier run must not pass for this run's.
        sarif.parent.mkdir(parents=True, exist_ok=True)
        sarif.unlink(missing_ok=True)
    python = env.get("VOICELINT_PYTHON") or sys.executable
    command = build_command(inputs, python, sarif)
    # One log line whatever the inputs hold: a line break in a quoted argument cannot start a workflow command.
    print("Running: " + shlex.join(command).replace("\r", "\\r").replace("\n", "\\n"), flush=True)
    tally = Tally()
    try:
        voicelint_status = run_voicelint(
            command, workspace, child_environment(env, runner_temp), tally, annotations=inputs.format == "annotations"
        )
    except OSError as exc:
        tally.error_lines.append(f"cannot run {python}: {exc.strerror or exc} (did the install step run?)")
        voicelint_status = EXIT_ERROR
    written = sarif is not None and sarif.is_file()
    if sarif is not None and written:
        read_sarif(sarif, workspace, tally)
    if voicelint_status == EXIT_ERROR and tally.input_errors == 0:
        # Usage and guide errors reach stderr only: make them annotations, seen on the run's page.
        for line in tally.error_lines[:10] or ["voicelint stopped with exit status 2 (see the log above)"]:
            print(annotate_error(line), flush=True)
    status = step_status(voicelint_status, inputs.fail)
    if status == EXIT_OK and voicelint_status == EXIT_VIOLATIONS:
        print(
            f"::notice title=voicelint::{len(tally.findings)} violation(s) reported; not failing (fail: false)",
            flush=True,
        )
    write_outputs(
        env.get("GITHUB_OUTPUT"),
        {
            "exit-code": str(voicelint_status),
            "violations": str(len(tally.findings)),
            # Empty when no report was written, so an upload step can be skipped on it.
            "sarif-file": str(sarif) if written else "",
        },
    )
    write_summary(env.get("GITHUB_STEP_SUMMARY"), summary_markdown(tally, voicelint_status, status, inputs, sarif))
    return status


if __name__ == "__main__":
    sys.exit(main())
