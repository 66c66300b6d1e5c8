"""Every quality figure voicelint measures, in one command, each beside its baselines.

    python -m benchmarks.quality                  # all sections
    python -m benchmarks.quality --only tone boilerplate

Each section is one benchmark module's ``report()`` (its own docstring says how it measures):

- ``precision``: per-rule precision of hand-judged samples of findings on real libraries;
- ``tone``: the six tone dimensions against human ratings, in and across domains, with baselines;
- ``boilerplate``: stock-phrase detection on hand-labelled real replies and on written variants;
- ``language``: language detection on short replies, and English verdicts on other languages;
- ``privacy``: the public-channel privacy rules on labelled replies;
- ``structure``: signatures, greetings, sign-offs and next steps on labelled replies;
- ``calibrate``: a guide learned from one brand's replies, on its unseen replies and another brand's;
- ``consistency``: voice drift on libraries mixing two brands.

The third-party corpora are read from ``../shared/corpora`` (or ``VOICELINT_CORPORA``); nothing
here is a test, and a section whose data is missing says so instead of failing the others.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback

#: Section name -> the benchmark module whose ``report()`` prints it.
SECTIONS = {
    "precision": "benchmarks.precision",
    "tone": "benchmarks.tone_quality",
    "boilerplate": "benchmarks.boilerplate_quality",
    "language": "benchmarks.language_quality",
    "privacy": "benchmarks.privacy_quality",
    "structure": "benchmarks.structure_quality",
    "calibrate": "benchmarks.calibrate_quality",
    "consistency": "benchmarks.consistency_quality",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="print only these sections")
    args = parser.parse_args(argv)
    failed = 0
    for name in args.only or SECTIONS:
        started = time.perf_counter()
        print(f"\n## {name}\n", flush=True)
        try:
            module = importlib.import_module(SECTIONS[name])
            print(module.report(), flush=True)
        except Exception:  # one section's missing data must not hide the others
            failed += 1
            print(f"(section {name} failed)\n{traceback.format_exc()}", file=sys.stderr)
        print(f"\n({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
