"""How well a guide learned by ``voicelint calibrate`` tells a brand's own voice from another's.

For each brand pair (A, B) of the twcs brand replies (``../shared/corpora/twcs_brand_replies_7brands``,
read at run time, never copied): a seeded sample of A's replies is split 70/30; ``calibrate`` learns
a guide from the 70% (the "approved" replies); then ``check`` with that guide runs on A's held-out
30% and on the same number of B's replies. A good calibration flags few of A's unseen replies and
clearly more of B's. Reported per pair: the share of replies with a tone range finding (VL401-VL406),
with any warning or error, and with any finding at all; and the share of A's training replies the
learned ranges flag (they were approved, so it should be small: the replies left outside are those
beyond the far-out fences, e.g. on a dimension where most replies score the same, such as a brand
that almost never writes "!", any reply with one).

Baseline on the same rows: the ``support-default`` preset with its tone range rules turned on
(what a brand gets by switching the rules on without calibrating): the same shares, which show how
much of the gap the learned ranges add.

    python -m benchmarks.calibrate_quality            # default sample: 600 replies per brand
    python -m benchmarks.calibrate_quality --size 1500
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CORPORA
from voicelint.api import LintOptions, load_guide
from voicelint.calibrate.command import CalibrateRequest, run_calibration
from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide
from voicelint.pipeline import iter_results
from voicelint.report import DocumentResult

TWCS = CORPORA / "twcs_brand_replies_7brands"
SEED = 13
#: (learned from, compared with): every brand is learned once and compared with a different voice.
PAIRS = (
    ("AppleSupport", "SpotifyCares"),
    ("SpotifyCares", "AppleSupport"),
    ("AirAsiaSupport", "McDonalds"),
    ("McDonalds", "NikeSupport"),
    ("NikeSupport", "AirAsiaSupport"),
    ("Walmart", "AppleSupport"),
)
TONE_CODES = frozenset({"VL401", "VL402", "VL403", "VL404", "VL405", "VL406"})
BASELINE = (
    "version: 1\nextends: support-default\ndefault_channel: social\nrules: {"
    + ", ".join(f"{code}: warning" for code in sorted(TONE_CODES))
    + "}\n"
)


@dataclass(frozen=True)
class Rates:
    documents: int
    tone: float
    warning: float
    any: float

    def cells(self) -> str:
        return f"{100 * self.tone:5.1f}% {100 * self.warning:5.1f}% {100 * self.any:5.1f}%"


def _brand_rows(brand: str, size: int) -> list[tuple[str, str]]:
    with (TWCS / f"{brand}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [(row["tweet_id"], row["text"]) for row in csv.DictReader(handle) if row["text"].strip()]
    random.Random(f"{SEED}-{brand}").shuffle(rows)
    return rows[:size]


def _write(path: Path, rows: Sequence[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "channel", "text"])
        writer.writerows((tweet_id, "social", text) for tweet_id, text in rows)
    return path


def _rates(path: Path, guide: Guide) -> Rates:
    results = [
        r for r in iter_results([str(path)], guide, LintOptions(channel="social")) if isinstance(r, DocumentResult)
    ]
    english = [r for r in results if "tone" in r.scores]
    total = max(1, len(english))
    return Rates(
        documents=len(english),
        tone=sum(1 for r in english if any(v.rule in TONE_CODES for v in r.violations)) / total,
        warning=sum(1 for r in english if any(str(v.severity) in ("warning", "error") for v in r.violations)) / total,
        any=sum(1 for r in english if r.violations) / total,
    )


def measure(size: int = 600) -> list[str]:
    """The table rows: one line per pair, learned guide then the baseline."""
    baseline = load_guide_text(BASELINE, "<baseline>")
    lines = []
    with tempfile.TemporaryDirectory(prefix="calibrate-quality-") as folder:
        work = Path(folder)
        splits: dict[str, tuple[Path, Path]] = {}
        for brand in sorted({b for pair in PAIRS for b in pair}):
            rows = _brand_rows(brand, size)
            cut = int(len(rows) * 0.7)
            splits[brand] = (
                _write(work / f"{brand}-train.csv", rows[:cut]),
                _write(work / f"{brand}-test.csv", rows[cut:]),
            )
        for own, other in PAIRS:
            train, test = splits[own]
            out = work / f"{own}.yaml"
            run_calibration(
                CalibrateRequest([str(train)], "support-default", str(out), 5.0, LintOptions(channel="social"))
            )
            learned = load_guide(str(out))
            other_test = _write(
                work / f"{other}-as-other.csv", _brand_rows(other, size)[int(size * 0.7) :][: _count(test)]
            )
            self_rate = _rates(train, learned)
            for label, guide in (("learned", learned), ("baseline", baseline)):
                same, diff = _rates(test, guide), _rates(other_test, guide)
                lines.append(
                    f"{own:<15} {other:<15} {label:<8} {same.documents:>4} {same.cells()}   "
                    f"{diff.documents:>4} {diff.cells()}   {100 * (diff.tone - same.tone):+6.1f}"
                    + (f"   {100 * self_rate.tone:5.1f}%" if label == "learned" else "")
                )
    return lines


def _count(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def report(size: int = 600) -> str:
    if not TWCS.exists():
        return f"(skipped: {TWCS} is not there)"
    header = (
        f"Seeded sample of {size} replies per brand (seed {SEED}), 70% learned from, 30% held out;\n"
        "columns per side: replies (English), with a tone range finding, with a warning or error, with any finding.\n"
        f"{'learned from':<15} {'compared with':<15} {'guide':<8} {'same brand, unseen':>26}   "
        f"{'other brand':>26}   {'tone gap':>8}   train tone"
    )
    return "\n".join([header, *measure(size)])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=600, help="replies sampled per brand (default 600)")
    print(report(parser.parse_args().size))
