"""How often a fix ``voicelint fix`` applies reads right: hand judgements of real fixes.

    python -m benchmarks.fix_precision sample [--per-library N] [CORPORA]   # print fixes to judge
    python -m benchmarks.fix_precision report [CORPORA]                     # precision from the judgements

``sample`` runs the fix pipeline in-process without writing (what ``voicelint fix --diff`` runs;
:func:`voicelint.fix.run.fix_paths`) on the real libraries of :mod:`benchmarks.fix_libraries`
under the ``support-default`` preset, with ``--unsafe-fixes``, and prints the first-round fixes,
distinct by (rule, matched words, replacement, the words around them), up to ``--per-library``
per library, each in context so a person can judge it: would a support lead accept this edit
as written, with no further change to the sentence?

The judgements live in ``benchmarks/precision/fixes.jsonl``, one line per judged fix, by
reference only (library file, record id, rule, the matched words, the replacement, which
occurrence in the record; the third-party text is read from ``../shared`` at run time, never
stored), with ``judgement`` ``correct``/``wrong`` and the reason. ``report`` re-runs the pipeline,
finds each judged fix again (a judgement whose fix is no longer made is listed as gone: the code
changed) and prints precision per applicability and per rule.
Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CORPORA
from benchmarks.fix_libraries import LIBRARIES
from voicelint.api import load_guide
from voicelint.fix.run import fix_paths
from voicelint.pipeline import LintOptions

JUDGEMENTS = Path(__file__).resolve().parent / "precision" / "fixes.jsonl"
GUIDE = "support-default"
#: What names a judged fix in ``fixes.jsonl`` (and finds it again).
KEY_FIELDS = ("corpus", "record", "rule", "match", "replacement", "occurrence")


@dataclass(frozen=True)
class AppliedFix:
    """One first-round fix, named by reference, and its context (for the person judging)."""

    corpus: str
    record: str
    rule: str
    match: str
    replacement: str
    applicability: str
    occurrence: int
    context: str

    @property
    def key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in KEY_FIELDS)


def applied_fixes(corpora: Path) -> Iterator[AppliedFix]:
    """Every fix of the first round on every library, in file order."""
    guide = load_guide(GUIDE)
    options = LintOptions(jobs=1)
    for paths in LIBRARIES.values():
        targets = [str(corpora / path) for path in paths if (corpora / path).exists()]
        if not targets:
            continue
        run = fix_paths(targets, guide, options, unsafe=True, max_rounds=1)
        for state in run.files.values():
            text = state.loaded.text
            seen: Counter[tuple[str, str, str]] = Counter()
            for edit in state.applied:
                violation = edit.planned.violation
                record = edit.planned.record_id or "#file"
                key = (record, violation.rule, violation.match)
                occurrence = seen[key]
                seen[key] += 1
                before = text[max(0, edit.start - 60) : edit.start]
                after = text[edit.end : edit.end + 60]
                context = f"...{before}[{violation.match} -> {edit.planned.fix.replacement}]{after}..."
                yield AppliedFix(
                    str(Path(state.path).resolve().relative_to(corpora.resolve())),
                    record,
                    violation.rule,
                    violation.match,
                    edit.planned.fix.replacement,
                    edit.planned.fix.applicability,
                    occurrence,
                    re.sub(r"\s+", " ", context.replace("\\n", " ")),
                )


def _distinct(fixes: Iterator[AppliedFix], per_library: int) -> list[AppliedFix]:
    """Fixes that differ in rule, words, replacement or the two words either side, a few per library."""
    kept: list[AppliedFix] = []
    seen: set[tuple[str, ...]] = set()
    per: Counter[str] = Counter()
    for fix in fixes:
        library = fix.corpus.split("/")[0]
        around = re.findall(r"\w+", fix.context.split("[")[0])[-2:] + re.findall(r"\w+", fix.context.split("]")[-1])[:2]
        signature = (fix.rule, fix.match.lower(), fix.replacement.lower(), *[w.lower() for w in around])
        if signature in seen or per[library] >= per_library:
            continue
        seen.add(signature)
        per[library] += 1
        kept.append(fix)
    return kept


def sample(corpora: Path, per_library: int) -> None:
    for number, fix in enumerate(_distinct(applied_fixes(corpora), per_library), start=1):
        reference = {name: getattr(fix, name) for name in KEY_FIELDS}
        print(f"{number}. {fix.applicability} {json.dumps(reference, ensure_ascii=False)}\n   {fix.context}")


def report(corpora: Path) -> None:
    judged = [json.loads(line) for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    made = {fix.key: fix for fix in applied_fixes(corpora)}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    gone = 0
    for entry in judged:
        fix = made.get(tuple(entry[name] for name in KEY_FIELDS))
        if fix is None:
            gone += 1
            continue
        for group in (f"all {fix.applicability}", f"{fix.rule} {fix.applicability}"):
            tally[group][entry["judgement"]] += 1
    print(f"{len(judged)} judged fixes ({JUDGEMENTS.name}), {gone} no longer made; of {len(made)} fixes made now")
    for group, counts in sorted(tally.items()):
        total = counts["correct"] + counts["wrong"]
        print(f"  {group:<16} {counts['correct']}/{total} correct ({counts['correct'] / total:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("sample", "report"))
    parser.add_argument("corpora", nargs="?", type=Path, default=CORPORA)
    parser.add_argument("--per-library", type=int, default=25)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.corpora, args.per_library)
    else:
        report(args.corpora)


if __name__ == "__main__":
    main()
