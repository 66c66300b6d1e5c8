"""``voicelint profile`` on real brand replies: what it finds, how fast, and whether the index is fair.

    python -m benchmarks.profile_corpora                  # every brand file by agent, IBM by company, brands by file
    python -m benchmarks.profile_corpora --only AskRBC,ibm  # some of them

Text is read from ``../shared/corpora`` at run time (twcs brand replies; IBM customer care, Apache-2.0);
nothing of it is stored here. For each run: documents, groups, seconds and documents per second
(cold: ``--no-cache``), the consistency index and, beside it, two baselines on the same documents:

- the plain eta-squared index (``100 × (1 − mean SSB/SST)``), which has no chance correction;
- both indices with the group labels shuffled (same group sizes, seed 0): a control where who
  wrote a reply cannot matter, so a fair index is about 100 there.

Then the outliers with their why. Run from the repository root with ``PYTHONPATH=$PWD``.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from benchmarks.corpora import CORPORA
from voicelint.api import load_guide
from voicelint.pipeline import LintOptions
from voicelint.profile.collect import ProfileCollector
from voicelint.profile.report import build_profile
from voicelint.profile.run import profile_results
from voicelint.report import ReportError
from voicelint.vocabulary import TONE_DIMENSIONS

BRANDS = CORPORA / "twcs_brand_replies_7brands"
IBM = CORPORA / "ibm_twitter_customer_care_cdp" / "agent_replies.jsonl"


def _eta_index(groups_by_dimension: dict[str, list[list[float]]]) -> float:
    shares = []
    for groups in groups_by_dimension.values():
        values = [v for g in groups for v in g]
        grand = sum(values) / len(values)
        sst = sum((v - grand) ** 2 for v in values)
        ssb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups if g)
        shares.append(ssb / sst if sst else 0.0)
    return round(100 * (1 - sum(shares) / len(shares)), 1)


def _shuffled(groups_by_dimension: dict[str, list[list[float]]]) -> dict[str, list[list[float]]]:
    rng = random.Random(0)
    result = {}
    for dimension, groups in groups_by_dimension.items():
        values = [v for g in groups for v in g]
        rng.shuffle(values)
        out, at = [], 0
        for g in groups:
            out.append(values[at : at + len(g)])
            at += len(g)
        result[dimension] = out
    return result


def profile_one(name: str, paths: list[str], by: str, jobs: int) -> None:
    from voicelint.profile.stats import consistency_index

    guide = load_guide("support-default")
    options = LintOptions(channel="social", jobs=jobs)
    collector = ProfileCollector(by)
    started = time.perf_counter()
    errors = 0
    for entry in profile_results(paths, guide, options):
        if isinstance(entry, ReportError):
            errors += 1
        else:
            collector.add(*entry)
    seconds = time.perf_counter() - started
    profile = build_profile(collector, guide)
    attributed = [g for g in collector.ordered() if g.attributed]
    by_dimension = {d: [g.values.get(d, []) for g in attributed] for d in TONE_DIMENSIONS}
    shuffled = _shuffled(by_dimension)
    consistency = profile["consistency"]
    assert isinstance(consistency, dict)
    n = collector.documents
    print(
        f"\n## {name} (--by {by}): {n} documents, {len(attributed)} groups, "
        f"{collector.unattributed.documents} unattributed, {errors} errors"
    )
    print(
        f"time {seconds:.1f} s ({n / seconds:.0f} documents/s, jobs {jobs}); "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"consistency index {consistency['index']} (eta-squared baseline {_eta_index(by_dimension)}); "
        f"labels shuffled: {consistency_index(shuffled)} (eta-squared {_eta_index(shuffled)})"
    )
    print("between-group share: " + ", ".join(f"{d} {v:.3f}" for d, v in consistency["between_share"].items()))
    outliers = profile["outliers"]
    assert isinstance(outliers, list)
    for outlier in outliers:
        print(f"  outlier: {outlier['why']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="comma-separated: brand file names without .csv, 'ibm', 'brands'")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not BRANDS.exists():
        print(f"no corpora at {CORPORA}: nothing to measure")
        return
    runs = [(path.stem, [str(path)], "agent") for path in sorted(BRANDS.glob("*.csv"))]
    runs += [("ibm", [str(IBM)], "field:company"), ("brands", [str(BRANDS)], "file")]
    for name, paths, by in runs:
        if args.only is None or name in args.only.split(","):
            profile_one(name, paths, by, args.jobs)


if __name__ == "__main__":
    main()
