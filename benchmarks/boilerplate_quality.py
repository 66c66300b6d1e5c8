"""Quality of boilerplate detection (VL501) on real hand-labelled replies and on written variants.

    python -m benchmarks.boilerplate_quality              # every set, dev and held-out
    python -m benchmarks.boilerplate_quality --sets dev   # while developing: never look at held-out
    python -m benchmarks.boilerplate_quality --errors     # list misclassified replies (of the sets shown)

A reply counts as flagged when the matcher finds at least one stock phrase; precision and recall
are per reply against the hand labels. Sets:

- ``real``: 160 real agent tweets (twcs_first5000_rows + IBM customer care), labelled by hand before
  the matcher changed (``benchmarks/boilerplate/real_labels.yaml``, text read from the shared corpora);
- ``variants``: own scripted variants (paraphrases, textspeak, near-variants) and hard negatives
  (``benchmarks/boilerplate/variants_*.yaml``);
- ``fixtures``: the older hand-written sets in ``tests/data/boilerplate``.

Every row is shown for voicelint and for a baseline measured on the same replies: the catalogue's
original families without textspeak normalisation, mined phrases or dropped-word fuzzy matching
(what VL501 did before). Matching cost is find() time per document on the parsed documents.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from benchmarks.boilerplate.real_replies import all_texts, twcs_7brand_replies
from voicelint.boilerplate import BoilerplateMatcher, Catalogue, load_catalogue
from voicelint.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "boilerplate"
FIXTURES = ROOT / "tests" / "data" / "boilerplate"

#: The families of the catalogue before the stock apologies, openers, thank-yous and mined phrases.
ORIGINAL_FAMILIES = [
    "apology-for-inconvenience",
    "value-your-business",
    "thank-you-for-contacting",
    "dont-hesitate-closers",
    "rest-assured-be-advised",
    "policy-and-unable",
    "formulaic-empathy",
    "escalated-to-the-team",
    "patience-and-understanding",
    "anything-else",
    "hope-this-finds-you-well",
    "top-priority-we-strive",
    "dear-valued-customer",
    "stock-sign-offs",
    "dm-us",
    "feedback-is-valuable",
    "happy-to-assist",
    "high-volume-and-hold",
]


@dataclass(frozen=True)
class Item:
    ident: str
    text: str
    gold: bool


def _score(flags: Sequence[bool], gold: Sequence[bool]) -> tuple[int, int, int, float, float]:
    tp = sum(f and g for f, g in zip(flags, gold, strict=True))
    fp = sum(f and not g for f, g in zip(flags, gold, strict=True))
    fn = sum(g and not f for f, g in zip(flags, gold, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return tp, fp, fn, precision, recall


def real_items(split: str) -> list[Item] | None:
    """The hand-labelled real replies of one split, or None when the shared corpora are absent."""
    try:
        texts = all_texts()
    except OSError:
        return None
    rows = yaml.safe_load((DATA / "real_labels.yaml").read_text(encoding="utf-8"))["replies"]
    return [Item(r["ref"], texts[r["ref"]][1], bool(r["stock"])) for r in rows if r["split"] == split]


def yaml_items(path: Path) -> list[Item]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["replies"]
    return [Item(r["id"], r["text"], r["label"] == "scripted") for r in rows]


def baseline_catalogue() -> Catalogue:
    catalogue = load_catalogue()
    families = {name: f for name, f in catalogue.families.items() if name in ORIGINAL_FAMILIES}
    return replace(catalogue, families=families)


def sets(names: Sequence[str]) -> dict[str, list[Item] | None]:
    out: dict[str, list[Item] | None] = {}
    for split in names:
        out[f"real {split}"] = real_items(split)
        out[f"variants {split}"] = yaml_items(DATA / f"variants_{split}.yaml")
        out[f"fixtures {split}"] = yaml_items(FIXTURES / f"{split}.yaml")
    return out


def run(split_names: Sequence[str] = ("dev", "heldout"), errors: bool = False) -> str:
    nlp = load_pipeline(("lemma", "sents", "pos"))
    systems: dict[str, Any] = {
        "voicelint": BoilerplateMatcher(nlp, load_catalogue()),
        "baseline (original catalogue, no textspeak/mined/drops)": BoilerplateMatcher(
            nlp, baseline_catalogue(), textspeak=False, mined=False, fuzzy_drops=False
        ),
    }
    lines = [
        f"{'set':18s} {'system':56s} {'n':>4s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'P':>6s} {'R':>6s} {'us/doc':>7s}"
    ]
    problems: list[str] = []
    for set_name, items in sets(split_names).items():
        if items is None:
            lines.append(f"{set_name:18s} (shared corpora not found: skipped)")
            continue
        docs = list(nlp.pipe([i.text for i in items]))
        gold = [i.gold for i in items]
        for system_name, matcher in systems.items():
            started = time.perf_counter()
            found = [matcher.find(doc) for doc in docs]
            cost = (time.perf_counter() - started) / max(len(docs), 1) * 1e6
            tp, fp, fn, p, r = _score([bool(m) for m in found], gold)
            counts = f"{len(items):4d} {tp:4d} {fp:4d} {fn:4d} {p:6.3f} {r:6.3f} {cost:7.0f}"
            lines.append(f"{set_name:18s} {system_name:56s} {counts}")
            if errors and system_name == "voicelint":
                for item, matches in zip(items, found, strict=True):
                    if bool(matches) != item.gold:
                        what = [(m.family, m.text, m.how) for m in matches]
                        problems.append(
                            f"  {'FP' if matches else 'FN'} {set_name} {item.ident}: {item.text[:160]!r} {what}"
                        )
    lines += cost_lines(nlp, systems)
    return "\n".join(lines + problems)


def cost_lines(nlp: Any, systems: dict[str, Any], n: int = 2000) -> list[str]:
    """find() time per document on ``n`` seeded replies of the seven-brand twcs extract (parsed
    once; best of three passes per system, so other load on the machine counts as little as possible)."""
    try:
        replies = sorted(twcs_7brand_replies().items())
    except OSError:
        return ["cost: shared corpora not found (skipped)"]
    random.Random(11).shuffle(replies)
    docs = list(nlp.pipe([text for _, (_, text) in replies[:n]], batch_size=256))
    out = [f"matching cost on {len(docs)} twcs replies (after parsing, best of 3):"]
    for name, matcher in systems.items():
        best = float("inf")
        flagged = 0
        for _ in range(3):
            started = time.perf_counter()
            found = [matcher.find(doc) for doc in docs]
            best = min(best, time.perf_counter() - started)
            flagged = sum(1 for m in found if m)
        out.append(f"  {name:56s} {best / len(docs) * 1e6:6.0f} us/doc, {flagged} of {len(docs)} flagged")
    return out


def report() -> str:
    """The full table (dev and held-out) for ``python -m benchmarks.quality``."""
    return run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="dev,heldout", help="splits to score (comma-separated)")
    parser.add_argument("--errors", action="store_true", help="print every misclassified reply")
    args = parser.parse_args(argv)
    print(run([s for s in args.sets.split(",") if s], errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
