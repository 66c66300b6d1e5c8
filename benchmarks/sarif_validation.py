"""``--format sarif`` on the real support libraries, validated against the OASIS SARIF 2.1.0 schema.

    python -m benchmarks.sarif_validation [CORPORA]

For each real library (those of :mod:`benchmarks.fix_libraries`) it runs ``voicelint check
--format sarif --fail-on never`` as a user would (a subprocess, from the corpora folder so URIs
are relative to it), validates the log with ``jsonschema`` against the schema the tests ship
(``tests/data/sarif/sarif-schema-2.1.0.json``), and reports the schema errors, results, rules,
fixes, fingerprints and the size against GitHub code scanning's upload limit (10 MB gzipped,
25,000 results a run). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from benchmarks.corpora import CORPORA
from benchmarks.fix_libraries import LIBRARIES

SCHEMA = Path(__file__).resolve().parents[1] / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="?", type=Path, default=CORPORA)
    args = parser.parse_args()
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    print("| library | schema errors | results | rules | with fingerprint | fixes | KB | KB gzip |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, paths in LIBRARIES.items():
        present = [path for path in paths if (args.corpora / path).exists()]
        if not present:
            continue
        command = [sys.executable, "-m", "voicelint", "check", "--no-cache", "--format", "sarif", "--fail-on", "never"]
        out = subprocess.run([*command, *present], cwd=args.corpora, capture_output=True, check=True).stdout
        log = json.loads(out)
        errors = sum(1 for _ in validator.iter_errors(log))
        run = log["runs"][0]
        results = run["results"]
        fingerprinted = sum(1 for result in results if result.get("partialFingerprints"))
        fixes = sum(len(result.get("fixes", [])) for result in results)
        rules = len(run["tool"]["driver"]["rules"])
        print(
            f"| {name} | {errors} | {len(results)} | {rules} | {fingerprinted} | {fixes} "
            f"| {len(out) / 1024:.0f} | {len(gzip.compress(out)) / 1024:.0f} |"
        )


if __name__ == "__main__":
    main()
