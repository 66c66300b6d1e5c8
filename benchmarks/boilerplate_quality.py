"""Quality of boilerplate detection: labelled sets, proselint side by side, and real brand replies.

    python -m benchmarks.boilerplate_quality                  # dev + held-out + corpora
    python -m benchmarks.boilerplate_quality --sets dev       # while tuning: never look at held-out
    python -m benchmarks.boilerplate_quality --no-corpora

1. Document-level precision/recall on tests/data/boilerplate/{dev,heldout}.yaml for voicelint and,
   if installed, proselint 0.16 (a document counts as flagged by proselint if it reports anything).
2. On the shared corpora (not in the repo; skipped with a message when absent): flagged counts per
   family on the Twitter brand replies (twcs, 7 brands) and the Paysend macro library, library-wide
   reuse on both, throughput, and a seeded random sample of 50 flagged + 50 unflagged replies
   written to --sample-out for a person to read and judge.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from voicelint.boilerplate import (
    BoilerplateMatcher,
    find_library_reuse,
    load_catalogue,
    scriptedness,
)
from voicelint.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "boilerplate"
CORPORA = Path("/work/shared/corpora")
TWCS = CORPORA / "twcs_brand_replies_7brands"
PAYSEND = CORPORA / "paysend_agent_macros" / "macros.json"


def prf(flags: list[bool], gold: list[bool]) -> dict[str, float]:
    tp = sum(f and g for f, g in zip(flags, gold, strict=True))
    fp = sum(f and not g for f, g in zip(flags, gold, strict=True))
    fn = sum(g and not f for f, g in zip(flags, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"n": len(gold), "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3)}


def proselint_flags(texts: list[str]) -> list[bool] | None:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    return [bool(LintFile("<bench>", text).lint()) for text in texts]


def labelled(nlp, matcher: BoilerplateMatcher, name: str, show_errors: bool) -> None:
    items = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))["replies"]
    texts = [item["text"] for item in items]
    gold = [item["label"] == "scripted" for item in items]
    flags = []
    for item, doc in zip(items, nlp.pipe(texts), strict=True):
        matches = matcher.find(doc)
        flags.append(bool(matches))
        if show_errors and bool(matches) != (item["label"] == "scripted"):
            found = [(m.family, m.text, m.how) for m in matches]
            print(f"  {'FP' if matches else 'FN'} {item['id']}: {item['text']!r} {found}")
    print(f"{name}: voicelint {prf(flags, gold)}")
    theirs = proselint_flags(texts)
    if theirs is None:
        print(f"{name}: proselint not installed")
    else:
        print(f"{name}: proselint {prf(theirs, gold)}")


def fix_mojibake(text: str) -> str:
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def read_twcs() -> list[tuple[str, str]]:
    rows = []
    for path in sorted(TWCS.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.append((f"{path.stem}:{row['tweet_id']}", fix_mojibake(row["text"])))
    return rows


def corpus(
    nlp, matcher: BoilerplateMatcher, name: str, records: list[tuple[str, str]], sample_out: Path, rng: random.Random
) -> None:
    started = time.perf_counter()
    docs = list(nlp.pipe((text for _, text in records), batch_size=256))
    parsed = time.perf_counter()
    results = [matcher.find(doc) for doc in docs]
    matched = time.perf_counter()
    per_family = Counter(family for matches in results for family in {m.family for m in matches})
    how = Counter(m.how for matches in results for m in matches)
    flagged = [i for i, matches in enumerate(results) if matches]
    scores = [scriptedness(doc, matches) for doc, matches in zip(docs, results, strict=True)]
    print(
        f"\n{name}: {len(records)} records, {len(flagged)} flagged ({100 * len(flagged) / len(records):.1f}%); "
        f"spaCy {parsed - started:.1f}s, find() {matched - parsed:.2f}s "
        f"({len(records) / max(matched - parsed, 1e-9):.0f} docs/s); matches by mechanism {dict(how)}"
    )
    print(
        f"  mean scriptedness {sum(scores) / len(scores):.1f}; of flagged "
        f"{sum(scores[i] for i in flagged) / max(len(flagged), 1):.1f}"
    )
    for family, count in per_family.most_common():
        print(f"  {family:28s} {count}")
    reuse_started = time.perf_counter()
    reused = find_library_reuse(docs, min_records=3, min_words=6)
    print(
        f"  library reuse: {len(reused)} sentences in >= 3 records "
        f"({time.perf_counter() - reuse_started:.1f}s); top 5 counts {[r.count for r in reused[:5]]}"
    )
    unflagged = [i for i in range(len(records)) if not results[i]]
    with sample_out.open("a", encoding="utf-8") as out:
        for label, pool in (("FLAGGED", flagged), ("UNFLAGGED", unflagged)):
            for i in sorted(rng.sample(pool, min(50, len(pool)))):
                found = "; ".join(f"{m.family}: {m.text!r} ({m.how})" for m in results[i])
                out.write(f"[{name} {label}] {records[i][0]}\n  {records[i][1]!r}\n  -> {found or '-'}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="dev,heldout", help="labelled sets to score (comma-separated)")
    parser.add_argument("--no-corpora", action="store_true", help="skip the shared real-reply corpora")
    parser.add_argument("--errors", action="store_true", help="print every misclassified labelled reply")
    parser.add_argument("--sample-out", type=Path, default=Path("/tmp/voicelint_boilerplate_sample.txt"))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    nlp = load_pipeline(("lemma", "sents", "pos"))
    started = time.perf_counter()
    matcher = BoilerplateMatcher(nlp, load_catalogue())
    catalogue = load_catalogue()
    print(
        f"catalogue: {len(catalogue.families)} families, {sum(len(f.phrases) for f in catalogue.families.values())} "
        f"phrases -> {matcher.pattern_count} patterns, {matcher.fuzzy_entry_count} fuzzy entries "
        f"(compiled in {time.perf_counter() - started:.2f}s)"
    )
    for name in filter(None, args.sets.split(",")):
        labelled(nlp, matcher, name, args.errors)
    if args.no_corpora:
        return 0
    if not CORPORA.exists():
        print(f"\nshared corpora not found at {CORPORA}: real-reply figures skipped", file=sys.stderr)
        return 0
    args.sample_out.write_text("", encoding="utf-8")
    rng = random.Random(args.seed)
    if TWCS.exists():
        corpus(nlp, matcher, "twcs-7brands", read_twcs(), args.sample_out, rng)
    else:
        print(f"{TWCS} missing: skipped", file=sys.stderr)
    if PAYSEND.exists():
        macros = json.loads(PAYSEND.read_text(encoding="utf-8"))
        corpus(nlp, matcher, "paysend-macros", list(macros.items()), args.sample_out, rng)
    else:
        print(f"{PAYSEND} missing: skipped", file=sys.stderr)
    print(f"\nsample for reading: {args.sample_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
