"""Quality of the privacy rules (VL801-VL803): precision and recall per rule.

    PYTHONPATH=$PWD python -m benchmarks.privacy_quality          # every set
    PYTHONPATH=$PWD python -m benchmarks.privacy_quality --sets dev

1. ``benchmarks/privacy/replies.yaml``: 166 replies written for this benchmark, split by position
   (every third reply, starting with the third, is held out: the matchers were developed on the
   rest). Each reply is linted on a public channel or a private one as labelled.
2. ``benchmarks/privacy/real_sample.yaml``: hand labels of real public brand tweets, read from
   ../shared/corpora at run time (skipped with a message when the corpora are absent), as a
   seeded random sample, a sample of tweets that mention a data word, and every brand reply of the
   Kaggle twcs sample. Real public brand replies rarely ask for data in the open, so these sets
   mostly measure precision.

Baseline on the same rows: a keyword rule that fires VL801 on any public reply naming a data
word, VL803 on any reply naming a secret word, and VL802 on any public reply with an "@" address
or a run of 10+ digits: what a word list without the request analysis would do.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpora import CORPORA
from voicelint.api import lint_text
from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide

ROOT = Path(__file__).resolve().parent / "privacy"
RULES = ("VL801", "VL802", "VL803")
_GUIDE = """
version: 1
default_channel: private
channels:
  public: {public: true}
  private: {public: false}
"""
_DATA_WORDS = (
    "account",
    "acct",
    "card",
    "birth",
    "dob",
    "address",
    "postcode",
    "zip",
    "phone",
    "email",
    "order",
    "booking",
    "confirmation number",
    "name",
)
_SECRET_WORDS = ("password", "pin", "cvv", "security", "code", "pw", "passcode", "otp", "card number")


def guide() -> Guide:
    return load_guide_text(_GUIDE, display_path="<privacy benchmark>")


def predict(text: str, public: bool, g: Guide) -> set[str]:
    report = lint_text(text, guide=g, channel="public" if public else "private", select=RULES)
    return {v.rule for v in report.violations}


def baseline(text: str, public: bool) -> set[str]:
    lower = f" {text.lower()} "
    out = set()
    if public and any(w in lower for w in _DATA_WORDS):
        out.add("VL801")
    if any(f" {w}" in lower for w in _SECRET_WORDS):
        out.add("VL803")
    digits = max((len(run) for run in "".join(c if c.isdigit() else " " for c in text).split()), default=0)
    if public and (any("@" in w and "." in w and not w.startswith("@") for w in text.split()) or digits >= 10):
        out.add("VL802")
    return out


def labelled_set() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load((ROOT / "replies.yaml").read_text(encoding="utf-8"))["replies"]
    for i, row in enumerate(rows):
        row["split"] = "heldout" if i % 3 == 2 else "dev"
    return rows


def real_sample() -> list[dict[str, Any]] | None:
    base = CORPORA
    if not base.is_dir():
        return None
    texts: dict[tuple[str, str], str] = {}
    for path in sorted((base / "twcs_labeled_outbound_actions").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                texts[(f"twcs_labeled_outbound_actions/{path.name}", r["tweet_id"])] = r["text"]
    with (base / "ibm_twitter_customer_care_cdp" / "agent_replies.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts[("ibm_twitter_customer_care_cdp/agent_replies.jsonl", r["tweet_ID"])] = r["text"]
    with (base / "twcs_first5000_rows" / "twcs_first5000.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            texts[("twcs_first5000_rows/twcs_first5000.csv", r["tweet_id"])] = r["text"]
    with (base / "twcs_kaggle_sample" / "sample.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            texts[("twcs_kaggle_sample/sample.csv", r["tweet_id"])] = r["text"]
    rows: list[dict[str, Any]] = yaml.safe_load((ROOT / "real_sample.yaml").read_text(encoding="utf-8"))["replies"]
    out = []
    for row in rows:
        text = texts.get((row["source"], str(row["id"])))
        if text is not None:
            out.append({"t": text, "p": True, "y": row["y"], "split": f"real-{row['set']}"})
    return out


def _scores(rows: Iterable[dict[str, Any]], predictions: list[set[str]]) -> dict[str, tuple[int, int, int]]:
    counts = {}
    rows = list(rows)
    for rule in RULES:
        tp = sum(1 for r, p in zip(rows, predictions, strict=True) if rule in p and rule in r["y"])
        fp = sum(1 for r, p in zip(rows, predictions, strict=True) if rule in p and rule not in r["y"])
        fn = sum(1 for r, p in zip(rows, predictions, strict=True) if rule not in p and rule in r["y"])
        counts[rule] = (tp, fp, fn)
    return counts


def _fmt(tp: int, fp: int, fn: int) -> str:
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
    return f"P {p} R {r} ({tp}/{fp}/{fn})"


SETS = ("dev", "heldout", "real-random", "real-keyword", "real-kaggle")


def report(sets: tuple[str, ...] = SETS, show_errors: bool = False) -> str:
    """The precision/recall table per rule and set, voicelint beside the keyword baseline."""
    g = guide()
    rows = labelled_set()
    real = real_sample()
    lines = ["Privacy rules: precision P, recall R (true/false positives, misses) per rule and set"]
    if real is None:
        lines.append(f"(real sample skipped: {CORPORA} not found)")
    else:
        rows += real
    header = f"{'set':<14}{'n':>5}  {'rule':<6} {'voicelint':<30}{'keyword baseline':<30}"
    lines.append(header)
    errors = []
    for name in sets:
        part = [r for r in rows if r["split"] == name]
        if not part:
            continue
        ours = [predict(r["t"], r["p"], g) for r in part]
        base = [baseline(r["t"], r["p"]) for r in part]
        s_ours, s_base = _scores(part, ours), _scores(part, base)
        for rule in RULES:
            lines.append(f"{name:<14}{len(part):>5}  {rule:<6} {_fmt(*s_ours[rule]):<30}{_fmt(*s_base[rule]):<30}")
        for r, p in zip(part, ours, strict=True):
            if p != set(r["y"]):
                errors.append(f"  [{name}] want {sorted(r['y'])} got {sorted(p)} public={r['p']}: {r['t'][:160]!r}")
    if show_errors and errors:
        lines.append("Disagreements:")
        lines.extend(errors)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--errors", action="store_true", help="list the replies where a rule disagrees")
    args = parser.parse_args()
    print(report(tuple(args.sets), show_errors=args.errors))


if __name__ == "__main__":
    main()
