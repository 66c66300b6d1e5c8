"""``voicelint fix --diff`` on the real support libraries: what it fixes, what it leaves, and proof
that every fixed file still reads as the same records.

    python -m benchmarks.fix_libraries [--examples N] [CORPORA]

For each library in the shared corpora (Paysend macros, osTicket templates, Blender, Arduino and
open-source saved replies) and each guide (the ``support-default`` preset and the example Acme
guide, which has ``terms``), it runs the fix pipeline in-process without writing anything
(:func:`voicelint.fix.run.fix_paths`, what ``voicelint fix --diff`` runs), once with safe fixes
only and once with ``--unsafe-fixes``, and reports per library: the fixes applied (by rule), the
fixes not applied (by reason), the rounds, and a check of every changed file with the format's
own parser, independent of voicelint's readers: ``json.loads``/``yaml.safe_load_all``/``csv`` read
the fixed text to the same shape as the original (every key, every list length, every non-string
value, in order), only string values differ, and a Markdown file keeps its headings. The first
``--examples`` fixes of each library are printed in context, raw as the file holds them
(third-party text: printed, never stored).
Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpora import CORPORA
from voicelint.api import load_guide
from voicelint.fix.run import FixRun, fix_paths
from voicelint.pipeline import LintOptions

ROOT = Path(__file__).resolve().parents[1]
LIBRARIES = {
    "Paysend macros": ["paysend_agent_macros/macros.json"],
    "osTicket templates": ["osticket_templates_yaml"],
    "Blender canned responses": ["blender_bugtracker_canned_responses/responses.md"],
    "Arduino canned replies": ["arduino_forum_canned_replies"],
    "OSS saved replies": ["saved_replies_oss_maintainers"],
}
GUIDES = {"support-default": "support-default", "acme": str(ROOT / "examples" / "acme" / "voicelint.yaml")}


def _shape(tree: Any) -> Any:
    """The tree with every string value replaced by a marker (keys kept): what must not change."""
    if isinstance(tree, dict):
        return [(key, _shape(value)) for key, value in tree.items()]
    if isinstance(tree, list):
        return [_shape(item) for item in tree]
    return "<str>" if isinstance(tree, str) else tree


def _parse(path: str, text: str) -> Any:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return json.loads(text)
    if suffix in (".yaml", ".yml"):
        return list(yaml.safe_load_all(text))
    if suffix == ".csv":
        return list(csv.reader(io.StringIO(text, newline="")))
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]  # Markdown headings


def verify(run: FixRun) -> list[str]:
    """Problems with the changed files, read by the format's own parser (empty: none)."""
    problems = []
    for state in run.files.values():
        if not state.changed:
            continue
        try:
            before, after = _parse(state.path, state.loaded.text), _parse(state.path, state.text)
        except (ValueError, yaml.YAMLError, csv.Error) as error:
            problems.append(f"{state.path}: the fixed file does not parse: {error}")
            continue
        if _shape(before) != _shape(after):
            problems.append(f"{state.path}: the fixed file does not read as the same records")
    return problems


def _excerpts(run: FixRun, limit: int, width: int = 40) -> list[str]:
    """The first ``limit`` fixes of the first round as ``FILE:LINE: ...before[match -> written]after...``
    (raw file text, so escapes show as they are written; later rounds' offsets are of fixed text)."""
    shown = []
    for state in run.files.values():
        text = state.loaded.text
        for edit in state.applied:
            if len(shown) >= limit:
                return shown
            if text[edit.start : edit.end] != edit.planned.violation.match:
                continue
            before = text[max(0, edit.start - width) : edit.start].replace("\n", "\\n")
            after = text[edit.end : edit.end + width].replace("\n", "\\n")
            where = f"{Path(state.path).name}:{edit.planned.violation.line}"
            shown.append(f"  {where}: ...{before}[{text[edit.start : edit.end]} -> {edit.raw}]{after}...")
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="?", default=str(CORPORA))
    parser.add_argument("--examples", type=int, default=3, help="fixes to show in context per library and guide")
    args = parser.parse_args()
    corpora = Path(args.corpora)
    print(f"{'library':26} {'guide':16} {'mode':7} {'files':>5} {'fixed':>6} {'not applied':>11} "
          f"{'rounds':>6}  parser check")
    notes: list[str] = []
    for guide_name, guide_ref in GUIDES.items():
        guide = load_guide(guide_ref)
        for library, parts in LIBRARIES.items():
            paths = [str(corpora / part) for part in parts if (corpora / part).exists()]
            if not paths:
                print(f"{library:26} (not in {corpora})")
                continue
            for unsafe in (False, True):
                run = fix_paths(paths, guide, LintOptions(), unsafe=unsafe)
                problems = verify(run)
                changed = sum(state.changed for state in run.files.values())
                mode = "unsafe" if unsafe else "safe"
                print(f"{library:26} {guide_name:16} {mode:7} {changed:>5} {run.applied:>6} {len(run.skipped):>11} "
                      f"{run.rounds:>6}  {'ok' if not problems else '; '.join(problems)}")
                edits = [edit for s in run.files.values() for edit in s.applied]
                by_rule = Counter(edit.planned.violation.rule for edit in edits)
                pairs = Counter(f"{e.planned.violation.match!r} -> {e.planned.fix.replacement!r}" for e in edits)
                reasons = Counter(skipped.reason for skipped in run.skipped)
                where = f"{library} / {guide_name} / {mode}"
                if by_rule:
                    notes.append(f"{where}: fixed by rule {dict(by_rule.most_common())}")
                    notes.append(f"{where}: most frequent fixes {dict(pairs.most_common(6))}")
                for reason, count in reasons.most_common():
                    notes.append(f"{where}: not applied {count}x: {reason}")
                notes.extend(_excerpts(run, args.examples))
    print()
    print("\n".join(notes))


if __name__ == "__main__":
    main()
