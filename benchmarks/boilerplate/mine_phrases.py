"""Mine stock phrases: word n-grams that recur across many independent brands' agents.

    python -m benchmarks.boilerplate.mine_phrases [--min-brands 6] [--min-records 25]

Sources (read from the shared corpora, never copied): the seven-brand twcs extract, the brand
replies of twcs_first5000_rows and the IBM customer-care agent replies, minus every reply in
``real_labels.yaml`` (the evaluation replies are never mined). Each reply is normalised (handles,
URLs, numbers and agent signatures masked, lowercased, textspeak read as words), cut into clauses
at punctuation, and every 3-6 word n-gram of a clause is counted once per reply. An n-gram used by
at least ``--min-brands`` brands and ``--min-records`` replies is printed with its support;
n-grams inside a longer candidate with nearly the same support are dropped. A person then keeps
the formulas (not content such as "your order number") in ``styleguides/boilerplate_mined.yaml``
with the family each joins: recurring across independent brands is what makes them stock.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import yaml

from benchmarks.boilerplate.real_replies import ibm_replies, twcs_7brand_replies, twcs_first_replies
from voicelint.boilerplate.textspeak import TEXTSPEAK

LABELS = Path(__file__).with_name("real_labels.yaml")

_MASKS = (
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"@\w+"), " "),
    (re.compile(r"(?:\s[\^*/~-]\s?[A-Za-z]{1,12}|\.\.\.|\d/\d)\s*$"), " "),  # ^AJ, *TLT, /KC, -Becky
    (re.compile(r"\d+"), " 0 "),
    (re.compile(r"&amp;"), " and "),
    (re.compile(r"[’‘]"), "'"),
)
_CLAUSE = re.compile(r"[.!?;:,()\"–—]+|\s-\s")
_WORD = re.compile(r"[a-z0-9']+|[a-z0-9]+/")


def clauses(text: str) -> list[list[str]]:
    for pattern, repl in _MASKS:
        text = pattern.sub(repl, text)
    out = []
    for clause in _CLAUSE.split(text.lower()):
        words = [TEXTSPEAK[w][1] if w in TEXTSPEAK else w for w in _WORD.findall(clause)]
        if words:
            out.append(words)
    return out


def mine(min_brands: int, min_records: int) -> list[tuple[str, int, int]]:
    excluded = {row["ref"] for row in yaml.safe_load(LABELS.read_text(encoding="utf-8"))["replies"]}
    brands: dict[tuple[str, ...], set[str]] = defaultdict(set)
    records: dict[tuple[str, ...], int] = defaultdict(int)
    sources = {**twcs_7brand_replies(), **twcs_first_replies(), **ibm_replies()}
    for ref, (brand, text) in sources.items():
        if ref in excluded:
            continue
        seen: set[tuple[str, ...]] = set()
        for words in clauses(text):
            for n in range(3, 7):
                for i in range(len(words) - n + 1):
                    seen.add(tuple(words[i : i + n]))
        for gram in seen:
            brands[gram].add(brand.lower())
            records[gram] += 1
    kept = {
        g: (len(brands[g]), records[g]) for g in brands if len(brands[g]) >= min_brands and records[g] >= min_records
    }
    result = []
    for gram, (b, r) in kept.items():
        # Drop a gram when a longer kept gram containing it has at least 80% of its replies.
        longer = [k for k in kept if len(k) > len(gram) and kept[k][1] >= 0.8 * r and " ".join(gram) in " ".join(k)]
        if not longer:
            result.append((" ".join(gram), b, r))
    return sorted(result, key=lambda x: (-x[1], -x[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-brands", type=int, default=6)
    parser.add_argument("--min-records", type=int, default=25)
    args = parser.parse_args(argv)
    for phrase, b, r in mine(args.min_brands, args.min_records):
        print(f"{b:3d} brands {r:5d} replies  {phrase}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
