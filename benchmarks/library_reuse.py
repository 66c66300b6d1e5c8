"""Time and memory of the run-wide library stage (VL601 reused-sentence across files).

    python -m benchmarks.library_reuse                     # 10k, 30k and 100k documents
    python -m benchmarks.library_reuse --sizes 5000 50000

The parse is not measured here (``benchmarks.run`` measures it): each size feeds the engine's
library stage (:meth:`voicelint.engine.Linter.with_library_findings`) the located observations
that analysis would give, spread over files of 500 records, the way a folder of libraries or a
cached run reaches it. Each size runs in a fresh process, and the table gives seconds, documents
per second and the process's peak resident memory, so linear time shows as a flat rate and
bounded memory as a peak that grows far slower than the run. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

RECORDS_PER_FILE = 500
#: Stock sentences a library shares (each document uses one, some with a changed word).
STOCK = [
    f"Thank you for your patience while our {team} team looks into this for you today"
    for team in ("billing", "shipping", "returns", "accounts", "payments", "security", "orders", "support")
]
WORDS = [
    "refund",
    "parcel",
    "courier",
    "address",
    "card",
    "order",
    "invoice",
    "account",
    "delivery",
    "warehouse",
    "label",
    "code",
]


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(7, 14))).capitalize() + "."


def _observation(index: int, rng: random.Random) -> list[list[object]]:
    """Three sentences of one document, located in a file of ``RECORDS_PER_FILE`` records."""
    stock = STOCK[index % len(STOCK)]
    if rng.random() < 0.3:
        stock = stock.replace("today", rng.choice(["now", "this week", "shortly"]))
    sentences = [_sentence(rng), stock + ".", _sentence(rng)]
    line = 1 + 3 * (index % RECORDS_PER_FILE)
    located, start = [], 0
    for text in sentences:
        end = start + len(text)
        words = [w.lower().strip(".") for w in text.split()]
        located.append([words, start, end, text, [line, start + 1, start, line, end + 1, end]])
        start = end + 1
    return located


def _entries(count: int) -> Iterator[object]:
    from voicelint.engine import LintedDocument
    from voicelint.report import DocumentResult

    rng = random.Random(7)
    for index in range(count):
        path = f"library-{index // RECORDS_PER_FILE:04d}.json"
        result = DocumentResult(path=path, id=f"macro-{index}", channel="email", line=1, scores={}, violations=())
        yield LintedDocument(result, {"VL601": _observation(index, rng)})


def measure(count: int) -> dict[str, float]:
    from voicelint.engine import Linter
    from voicelint.guide.loader import load_guide

    linter = Linter(load_guide("support-default"), select=("VL601",))
    started = time.perf_counter()
    findings = documents = 0
    for result in linter.with_library_findings(_entries(count)):  # type: ignore[arg-type]
        documents += 1
        findings += len(getattr(result, "violations", ()))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"documents": documents, "findings": findings, "seconds": seconds, "peak_mb": peak_mb}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process's size
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    print("| documents | files | findings | seconds | documents/s | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.library_reuse", "--one", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(out.stdout)
        files = -(-size // RECORDS_PER_FILE)
        print(
            f"| {size:,} | {files} | {row['findings']:,} | {row['seconds']:.1f} | "
            f"{size / row['seconds']:,.0f} | {row['peak_mb']:.0f} MB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
