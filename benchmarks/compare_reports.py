"""Compare two sets of JSON reports (e.g. before and after a refactor) finding by finding.

    git worktree add /tmp/before <commit>
    for root in /tmp/before .; do  # one JSON report per corpus folder, per checkout
        PYTHONPATH=$root python -m voicelint check CORPUS --format json --no-cache --jobs 1 > OUT/CORPUS.json
    done
    python -m benchmarks.compare_reports BEFORE_DIR AFTER_DIR

Prints, per report file, the documents on each side and the findings removed, added, changed in
severity or otherwise changed (keys added to ``version: 1`` reports, such as ``fixes``, are
ignored), so "byte-identical except where a fix changes them" can be checked and explained.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

#: Keys added after the first reports; their presence is not a change of behaviour.
ADDED_KEYS = ("fixes", "explain")


def _key(violation: dict[str, Any]) -> tuple[Any, ...]:
    return (violation["rule"], violation["line"], violation["column"], violation["length"])


def compare(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Counts of what changed between two reports of the same input."""
    old = {(d["path"], d["id"]): d for d in before["documents"]}
    new = {(d["path"], d["id"]): d for d in after["documents"]}
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    severity: Counter[tuple[str, str, str]] = Counter()
    changed = 0
    for key in old.keys() & new.keys():
        a = {_key(v): v for v in old[key]["violations"]}
        b = {_key(v): v for v in new[key]["violations"]}
        removed.update(a[k]["rule"] for k in a.keys() - b.keys())
        added.update(b[k]["rule"] for k in b.keys() - a.keys())
        for k in a.keys() & b.keys():
            x = {n: v for n, v in a[k].items() if n not in ADDED_KEYS}
            y = {n: v for n, v in b[k].items() if n not in ADDED_KEYS}
            if x["severity"] != y["severity"]:
                severity[(x["rule"], x["severity"], y["severity"])] += 1
            elif x != y:
                changed += 1
        changed += old[key]["scores"] != new[key]["scores"]
    return {
        "documents": (len(old), len(new)),
        "only_before": sorted(str(k) for k in old.keys() - new.keys()),
        "only_after": sorted(str(k) for k in new.keys() - old.keys()),
        "removed": dict(removed),
        "added": dict(added),
        "severity": {f"{r} {a}->{b}": n for (r, a, b), n in severity.items()},
        "changed": changed,
        "errors": (len(before["errors"]), len(after["errors"])),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    for path in sorted(args.before.glob("*.json")):
        other = args.after / path.name
        if not other.exists():
            print(f"{path.name}: missing in {args.after}")
            continue
        print(path.name, json.dumps(compare(json.loads(path.read_text()), json.loads(other.read_text()))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
