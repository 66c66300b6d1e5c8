"""The end of ``voicelint fix``: write (or diff) the fixed files, then report what remains.

Standard output carries the diff (``--diff``) or the fixed text of stdin (``-``) when there is
one; the report of the remaining violations (check's text report) then goes to standard error, so
``voicelint fix --diff | git apply`` and ``voicelint fix - < draft.txt > fixed.txt`` work.
Each fix not applied gets a note with its reason (the first :data:`MAX_NOTES`, then a count).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from voicelint import __version__
from voicelint.atomic_write import write_atomically
from voicelint.display import for_terminal
from voicelint.fix.files import to_bytes, unified_diff
from voicelint.fix.model import Skipped
from voicelint.fix.run import MAX_ROUNDS, FixRun
from voicelint.formatters import formatters
from voicelint.guide.model import Guide
from voicelint.report import DocumentResult, ReportError, RuleInfo, RunInfo, RunSummary

#: Notes about fixes not applied, before the rest are only counted.
MAX_NOTES = 20


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}{'es' if noun.endswith('x') else 's'}"


def _note(message: str) -> None:
    print(f"voicelint: note: {for_terminal(message)}", file=sys.stderr)


def skipped_note(skipped: Skipped, path: str) -> str:
    """``PATH:LINE:COL: VL102 fix 'Sign in' not applied: REASON``."""
    violation = skipped.planned.violation
    where = f"{path}:{violation.line}:{violation.column}"
    return f"{where}: {violation.rule} fix {skipped.planned.fix.replacement!r} not applied: {skipped.reason}"


def _write(run: FixRun, diff: bool, out: TextIO) -> list[ReportError]:
    """Diff or write every changed file (stdin's text is printed); write errors are returned."""
    errors: list[ReportError] = []
    for state in run.files.values():
        if diff:
            if state.changed:
                bom = "\ufeff" if state.loaded.bom else ""  # the diff is of the file, BOM and all
                out.write(unified_diff(state.path, bom + state.loaded.text, bom + state.text))
        elif state.path == "-":
            out.write(state.text)
        elif state.changed:
            try:
                write_atomically(state.path, to_bytes(state.loaded, state.text))
            except OSError as error:
                errors.append(ReportError(state.path, f"cannot write the fixed file: {error.strerror or error}"))
    if not diff and "-" not in run.files and run.stdin_text is not None:
        out.write(run.stdin_text)  # nothing to fix in stdin: it passes through unchanged
    out.flush()
    return errors


def write_fixes(
    run: FixRun, guide: Guide, rules: Sequence[RuleInfo], *, fail_on: str, diff: bool, color: bool | None
) -> int:
    """Write or diff the fixes, report the remaining violations, and return the exit status."""
    stdout_busy = diff or run.stdin_text is not None
    write_errors = _write(run, diff, sys.stdout)
    report_stream = sys.stderr if stdout_busy else sys.stdout
    ranges = {name: dict(policy.tone) for name, policy in guide.channels.items()}
    formatter = formatters()["text"](report_stream, color=color)
    formatter.begin(RunInfo(guide.name, guide.path, __version__, tuple(rules), ranges, fail_on))
    summary = RunSummary()
    for result in [*run.results, *write_errors]:
        if isinstance(result, DocumentResult):
            summary.add_document(result)
            formatter.document(result)
        else:
            summary.add_error(result)
            print(f"voicelint: error: {for_terminal(str(result))}", file=sys.stderr)
            formatter.error(result)
    formatter.end(summary)
    skipped = [(state.path, item) for state in run.files.values() for item in state.skipped]
    for path, item in skipped[:MAX_NOTES]:
        _note(skipped_note(item, path))
    if len(skipped) > MAX_NOTES:
        _note(f"{_count(len(skipped) - MAX_NOTES, 'more fix')} not applied")
    if not run.converged:
        _note(f"fixes kept changing the text after {MAX_ROUNDS} rounds; running fix again may change more")
    remaining = summary.violations
    if diff:
        line = f"Would fix {_count(run.applied, 'violation')} ({remaining} would remain"
    else:
        line = f"Found {_count(run.applied + remaining, 'violation')} ({run.applied} fixed, {remaining} remaining"
    line += f"; {_count(len(skipped), 'fix')} not applied)." if skipped else ")."
    print(line, file=report_stream)
    return summary.exit_code(fail_on)
