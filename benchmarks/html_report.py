"""Size and time of the HTML report (``check --format html``) on real brand replies.

    python -m benchmarks.html_report                  # 143 replies of each of the 7 brands (1,001)
    python -m benchmarks.html_report --per-brand 1000 --out /tmp/report.html

The replies are read at run time from the shared corpora (``twcs_brand_replies_7brands``: one
CSV per brand account, text under the corpus's own licence, never copied here): a seeded sample
of each brand becomes one JSON library whose records carry the brand as ``agent``, so the page has
a chart per channel and per agent. The table gives the documents, the page's size (total and the
SVG charts' share) and the seconds of the whole ``check`` run and of writing the page alone (the
lint is the same for every format). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from benchmarks.corpora import CORPORA

BRANDS = CORPORA / "twcs_brand_replies_7brands"


def build_library(per_brand: int, seed: int, folder: Path) -> Path:
    """A JSON library of ``per_brand`` sampled replies of each brand, the brand as the agent."""
    records = []
    for path in sorted(BRANDS.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        random.Random(seed).shuffle(rows)
        records += [{"id": row["tweet_id"], "agent": row["author_id"], "text": row["text"]} for row in rows[:per_brand]]
    library = folder / "replies.json"
    library.write_text(json.dumps(records, indent=0), encoding="utf-8")
    return library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-brand", type=int, default=143)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--channel", default="social")
    parser.add_argument("--out", type=Path, help="also keep the page here")
    args = parser.parse_args()
    if not BRANDS.is_dir():
        print(f"shared corpora not found ({BRANDS}): skipped")
        return 0
    from voicelint.cli import main as cli
    from voicelint.formatters import formatters
    from voicelint.report import DocumentResult, RunInfo, RunSummary

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library = build_library(args.per_brand, args.seed, folder)
        report = args.out or folder / "report.html"
        started = time.perf_counter()
        run = CliRunner().invoke(
            cli, ["check", str(library), "--channel", args.channel, "--format", "html", "-o", str(report), "--no-cache"]
        )
        total = time.perf_counter() - started
        if run.exit_code not in (0, 1):
            print(run.output, file=sys.stderr)
            return 2
        page = report.read_text(encoding="utf-8")
        # The page alone: the same results replayed through the formatter.
        run_json = CliRunner().invoke(
            cli, ["check", str(library), "--channel", args.channel, "--format", "json", "--no-cache"]
        )
        data = json.loads(run_json.stdout)
        results = [DocumentResult.from_dict(d) for d in data["documents"]]
        formatter = formatters()["html"](io.StringIO())
        started = time.perf_counter()
        formatter.begin(RunInfo(data["guide"]["name"], data["guide"]["path"], "bench", (), {}))
        summary = RunSummary()
        for result in results:
            summary.add_document(result)
            formatter.document(result)
        formatter.end(summary)
        writing = time.perf_counter() - started
    svg = sum(len(m.group().encode()) for m in re.finditer(r"<svg.*?</svg>", page, re.S))
    size = len(page.encode())
    print(
        f"documents {len(results)}, page {size / 1024:.0f} kB (charts {svg / 1024:.0f} kB), "
        f"check --format html {total:.1f} s, writing the page {writing:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
