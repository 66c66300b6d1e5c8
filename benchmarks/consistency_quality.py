"""How well VL602 voice-drift tells a minority brand's replies from the majority's in one library.

    python -m benchmarks.consistency_quality            # held-out pairs, through `check --select VL602`
    python -m benchmarks.consistency_quality --fit      # spread, min_distance, min_range on the fitting pairs
    python -m benchmarks.consistency_quality --scale    # time and memory of the run-wide part, 10k/100k

A library is built by mixing 200 replies of one brand with 20 of another (seeded) from
``../shared/corpora/twcs_brand_replies_7brands`` (read at run time; nothing is copied). A good
drift rule flags many of the 20 (they do not sound like the library) and few of the 200. The
brand pairs are split: the multiple of the interquartile range (``spread``) is chosen on the
fitting pairs; the figures reported are on the held-out pairs, run end to end through the linter
(``lint_paths(..., select=("VL602",))`` on a JSONL library). The simple baseline beside it flags a
random reply with the same overall rate: its per-brand rates are equal by construction, so the
lift of the minority rate over the majority rate is what the rule adds.

Replies shorter than five words and retweets of the brand's own campaigns are left out (they have
no measurable tone and VL602 skips them anyway). McDonald's replies are mostly marketing and are
kept: a marketing voice in a support library is exactly what drift should find.
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
from pathlib import Path

from benchmarks.corpora import CORPORA

BRANDS_DIR = CORPORA / "twcs_brand_replies_7brands"
MAJORITY, MINORITY = 200, 20
SEED = 13
#: Fitting pairs (majority, minority) and held-out pairs; no pair is in both.
FIT_PAIRS = [
    ("AppleSupport", "AirAsiaSupport"),
    ("SpotifyCares", "Walmart"),
    ("AskRBC", "NikeSupport"),
    ("AirAsiaSupport", "McDonalds"),
]
HELD_OUT_PAIRS = [
    ("AppleSupport", "SpotifyCares"),
    ("SpotifyCares", "AppleSupport"),
    ("Walmart", "AskRBC"),
    ("NikeSupport", "AirAsiaSupport"),
    ("AirAsiaSupport", "NikeSupport"),
    ("McDonalds", "AppleSupport"),
]


def _replies(brand: str) -> list[tuple[str, str]]:
    """``(tweet id, text)`` of the brand's replies of five words or more."""
    with (BRANDS_DIR / f"{brand}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["tweet_id"], r["text"]) for r in csv.DictReader(handle)]
    return [(i, t) for i, t in rows if len(t.split()) >= 6 and not t.startswith("RT ")]


def mixed_library(majority: str, minority: str, seed: int) -> list[dict[str, str]]:
    """200 replies of ``majority`` and 20 of ``minority``, shuffled, as JSONL records."""
    rng = random.Random(f"{seed}:{majority}:{minority}")
    records = [
        {"id": f"{brand}:{i}", "brand": brand, "text": t}
        for brand, size in ((majority, MAJORITY), (minority, MINORITY))
        for i, t in rng.sample(_replies(brand), size)
    ]
    rng.shuffle(records)
    return records


def _write(records: list[dict[str, str]], folder: Path) -> Path:
    path = folder / "library.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({"id": record["id"], "text": record["text"]}) + "\n")
    return path


def flagged_through_check(records: list[dict[str, str]], **options: object) -> set[str]:
    """The ids of the records ``check --select VL602`` reports, run on the library as one file."""
    from voicelint.api import lint_paths

    with tempfile.TemporaryDirectory() as folder:
        path = _write(records, Path(folder))
        report = lint_paths([str(path)], guide="support-default", select=("VL602",), **options)
    return {d.id for d in report.documents if d.id is not None and any(v.rule == "VL602" for v in d.violations)}


def _scores(records: list[dict[str, str]]) -> dict[str, list[float]]:
    """Each record's six tone scores (for fitting the multiple without re-running the linter)."""
    from voicelint.api import lint_paths
    from voicelint.vocabulary import TONE_DIMENSIONS

    with tempfile.TemporaryDirectory() as folder:
        path = _write(records, Path(folder))
        report = lint_paths([str(path)], guide="support-default", select=("VL602",))
    return {
        d.id: [d.scores["tone"][name] for name in TONE_DIMENSIONS]
        for d in report.documents
        if d.id is not None and "tone" in d.scores
    }


def _rates(records: list[dict[str, str]], minority_brand: str, flagged: set[str]) -> tuple[float, float]:
    """The share of the minority brand's records flagged, and of the majority brand's."""
    minority = [r for r in records if r["brand"] == minority_brand]
    majority = [r for r in records if r["brand"] != minority_brand]
    return (
        sum(r["id"] in flagged for r in minority) / max(len(minority), 1),
        sum(r["id"] in flagged for r in majority) / max(len(majority), 1),
    )


def fit() -> str:
    """Minority and majority rates on the fitting pairs for each candidate multiple."""
    from voicelint.rules.drift import drifting, library_ranges

    libraries = []
    for majority, minority in FIT_PAIRS:
        records = mixed_library(majority, minority, SEED)
        scores = _scores(records)
        libraries.append((records, minority, scores))
    lines = ["min_range  spread  min_distance  minority-rate  majority-rate  (mean over fitting pairs)"]
    grid = [(r, m, k) for r in (0.0, 2.0, 5.0) for m in (15.0, 20.0, 25.0) for k in (1.5, 2.0, 3.0)]
    for min_range, min_distance, spread in grid:
        minority_rates, majority_rates = [], []
        for records, minority, scores in libraries:
            ids = [r["id"] for r in records if r["id"] in scores]
            flat = [value for i in ids for value in scores[i]]
            ranges = library_ranges(flat)
            flagged = {ids[row] for row, _, _ in drifting(flat, ranges, spread, min_distance, min_range)}
            low, high = _rates([r for r in records if r["id"] in scores], minority, flagged)
            minority_rates.append(low)
            majority_rates.append(high)
        minority_mean = sum(minority_rates) / len(minority_rates)
        majority_mean = sum(majority_rates) / len(majority_rates)
        lines.append(
            f"{min_range:9.0f}  {spread:6.1f}  {min_distance:12.0f}  {minority_mean:13.1%}  {majority_mean:13.1%}"
        )
    return "\n".join(lines)


def report() -> str:
    """Per held-out pair: the share of each brand's replies VL602 flags, the share of the flagged
    that are the minority brand's (precision, if every minority reply counts as off-voice), and the
    random baseline (flagging as many replies at random: both rates equal, precision 20/220)."""
    lines = [
        "VL602 voice-drift on mixed libraries (200 replies of one brand + 20 of another, seed "
        f"{SEED}; held-out pairs; through check --select VL602 with the default options)",
        f"{'majority':>15} {'minority':>15}  minority flagged  majority flagged   lift  precision  random",
    ]
    total_minority = total_majority = 0.0
    minority_flagged = all_flagged = 0
    for majority, minority in HELD_OUT_PAIRS:
        records = mixed_library(majority, minority, SEED)
        flagged = flagged_through_check(records)
        low, high = _rates(records, minority, flagged)
        total_minority += low
        total_majority += high
        ours = sum(r["id"] in flagged and r["brand"] == minority for r in records)
        minority_flagged += ours
        all_flagged += len(flagged)
        lift = f"{low / high:5.1f}x" if high else "   inf"
        precision = f"{ours / len(flagged):9.0%}" if flagged else "        -"
        lines.append(
            f"{majority:>15} {minority:>15}  {low:16.1%}  {high:16.1%}  {lift}  {precision}"
            f"  {MINORITY / (MAJORITY + MINORITY):6.0%}"
        )
    pairs = len(HELD_OUT_PAIRS)
    lines.append(
        f"{'mean':>31}  {total_minority / pairs:16.1%}  {total_majority / pairs:16.1%}         "
        f"{minority_flagged / max(all_flagged, 1):9.0%}  {MINORITY / (MAJORITY + MINORITY):6.0%}"
    )
    lines.append("random baseline: flags replies at random, so both brands' rates are equal (lift 1x)")
    return "\n".join(lines)


def scale(sizes: tuple[int, ...] = (10_000, 100_000)) -> str:
    """Time and peak memory of the run-wide part of VL602-VL604 (``observe`` and ``finish_run``, in
    the main process) on synthetic observations: the parsing is per document and measured elsewhere."""
    import time
    import tracemalloc

    from voicelint.api import load_guide
    from voicelint.rules.drift import VoiceDriftRule
    from voicelint.rules.signature_mix import InconsistentSignatureRule
    from voicelint.rules.terminology_mix import MixedTerminologyRule
    from voicelint.settings import effective_setting

    guide = load_guide("support-default")
    lines = ["documents  rule   seconds  peak MB (tracemalloc)"]
    for size in sizes:
        rng = random.Random(size)
        for cls in (VoiceDriftRule, MixedTerminologyRule, InconsistentSignatureRule):
            rule = cls(guide, effective_setting(cls, guide), None)
            tracemalloc.start()
            started = time.perf_counter()
            rule.start_run()
            for index in range(size):
                place = [index + 1, 1, index * 80, index + 1, 60, index * 80 + 60]
                if cls is VoiceDriftRule:
                    located: list[object] = [["email", [rng.gauss(40, 10) for _ in range(6)], place]]
                elif cls is MixedTerminologyRule:
                    way = "e-mail" if rng.random() < 0.05 else "email"
                    word = f"Name{rng.randrange(20_000)}"  # a name-like word, one capitalisation each
                    located = [["email", way, 0, place, way], [f"case:{word.lower()}", word, 0, place, word]]
                else:
                    form = "cheers" if rng.random() < 0.05 else "best"
                    located = [["sign-off", form, form, place, form.title()]]
                rule.observe(index, "library.jsonl", str(index), located)
            findings = sum(1 for _ in rule.finish_run())
            seconds = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            lines.append(f"{size:9,}  {cls.code}  {seconds:7.2f}  {peak:7.1f}   ({findings} findings)")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--fit" in sys.argv[1:]:
        print(fit())
    elif "--scale" in sys.argv[1:]:
        print(scale())
    else:
        print(report())
