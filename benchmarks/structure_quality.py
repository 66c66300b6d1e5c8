"""Quality of the reply-structure detectors (signature, greeting, sign-off, next step) and of Twitter counting.

    python -m benchmarks.structure_quality            # dev + held-out, own set + real tweets
    python -m benchmarks.structure_quality --sets dev # while tuning: never look at held-out

Two labelled sets, both labelled before the detectors were written (issue 12):

- ``benchmarks/structure/replies.tsv``: 166 support replies written for this benchmark (tweets,
  emails, chat), with hard negatives (``-`` bullet lists, ``2^10``, ``-_-``, a product name on the
  last line, ``Hello Kitty mugs``, ``Hi-res``);
- ``benchmarks/structure/real_sample.tsv``: 94 real brand tweets by reference (IBM customer-care
  tweets, Apache-2.0; twcs brand replies), text read from ``../shared/corpora`` at run time, so
  that part is skipped with a note when the corpora are absent.

Rows whose number is divisible by 3 are held out. Each detector is reported beside a one-line
baseline measured on the same rows. Run from the repository root with ``PYTHONPATH=$PWD``.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CORPORA
from voicelint.placeholders import mask
from voicelint.sources.markdown import mask_markdown
from voicelint.structure.closing import find_greeting, find_sign_off
from voicelint.structure.next_step import find_next_step
from voicelint.structure.signature import find_signature
from voicelint.structure.twitter import twitter_length

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "structure"
IBM = CORPORA / "ibm_twitter_customer_care_cdp" / "agent_replies.jsonl"
TWCS = CORPORA / "twcs_brand_replies_7brands"


@dataclass(frozen=True)
class Row:
    text: str
    signature: str  # none | initials | name | faceless
    greeting: bool
    sign_off: bool
    next_step: bool
    heldout: bool


def own_rows() -> list[Row]:
    rows = []
    for line in (DATA / "replies.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ident, _channel, signature, greeting, sign_off, next_step, text = line.split("\t")
        rows.append(
            # the rules see placeholders masked as name-like stand-ins; so does the benchmark
            Row(
                mask(text.replace("\\n", "\n")),
                signature,
                greeting == "1",
                sign_off == "1",
                next_step == "1",
                int(ident[1:]) % 3 == 0,
            )
        )
    return rows


def _corpus_texts(sources: set[str]) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    if "ibm" in sources:
        for line in IBM.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts["ibm", str(record["tweet_ID"])] = record["text"]
    for source in sources - {"ibm"}:
        with (TWCS / f"{source}.csv").open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                texts[source, record["tweet_id"]] = record["text"]
    return texts


def real_rows() -> list[Row] | None:
    """The real-tweet sample, or None when the shared corpora are not there."""
    if not IBM.exists() or not TWCS.exists():
        return None
    labels = [
        line.split("\t")
        for line in (DATA / "real_sample.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    texts = _corpus_texts({source for source, *_ in labels})
    # a record reaches the rules with its links masked as spaces, as `voicelint check` reads it
    return [
        Row(
            mask_markdown(texts[source, ident], front_matter=False, indented_code=False),
            signature,
            greeting == "1",
            sign_off == "1",
            next_step == "1",
            number % 3 == 0,
        )
        for number, (source, ident, signature, greeting, sign_off, next_step) in enumerate(labels, start=1)
    ]


# The baselines: what a one-line check would do.
_BASE_SIG = re.compile(r"(?:^|\s)[\^~*/-]\s?[A-Za-z]{1,15}\s*$")
_BASE_GREET = re.compile(r"^(?:@\w+\s+)*(?:hi|hello|hey|dear)\b", re.I)
_BASE_CLOSE = re.compile(r"(?:thanks|regards|best|cheers|sincerely)\W*(?:\n.*)?$", re.I)


def _signed(row: Row) -> bool:
    return find_signature(row.text) is not None


def _human(row: Row) -> bool:
    found = find_signature(row.text)
    return found is not None and found.human


def _faceless(row: Row) -> bool:
    found = find_signature(row.text)
    return found is not None and not found.human


def _sign_off(row: Row) -> bool:
    found = find_signature(row.text)
    return find_sign_off(row.text, found.start if found and found.closing else None) is not None


#: Each measure: (name, truth, detector, baseline).
MEASURES: list[tuple[str, Callable[[Row], bool], Callable[[Row], bool], Callable[[Row], bool]]] = [
    ("signature (any)", lambda r: r.signature != "none", _signed, lambda r: bool(_BASE_SIG.search(r.text.strip()))),
    (
        "human signature",
        lambda r: r.signature in ("initials", "name"),
        _human,
        lambda r: bool(_BASE_SIG.search(r.text.strip())),
    ),
    (
        "faceless signature",
        lambda r: r.signature == "faceless",
        _faceless,
        lambda r: bool(re.search(r"(?:team|support|care)\s*$", r.text.strip(), re.I)),
    ),
    (
        "greeting",
        lambda r: r.greeting,
        lambda r: find_greeting(r.text) is not None,
        lambda r: bool(_BASE_GREET.search(r.text)),
    ),
    ("sign-off", lambda r: r.sign_off, _sign_off, lambda r: bool(_BASE_CLOSE.search(r.text.strip()))),
    (
        "next step",
        lambda r: r.next_step,
        lambda r: find_next_step(r.text) is not None,
        lambda r: "?" in r.text or bool(re.search(r"\b(?:will|'ll)\b", r.text)),
    ),
    (
        "no next step (VL904 flags)",
        lambda r: not r.next_step,
        lambda r: find_next_step(r.text) is None,
        lambda r: not ("?" in r.text or bool(re.search(r"\b(?:will|'ll)\b", r.text))),
    ),
]


def _pr(rows: list[Row], truth: Callable[[Row], bool], guess: Callable[[Row], bool]) -> tuple[str, str, int]:
    tp = fp = fn = 0
    for row in rows:
        t, g = truth(row), guess(row)
        tp += t and g
        fp += g and not t
        fn += t and not g
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
    return precision, recall, tp + fn


def _style_accuracy(rows: list[Row]) -> str:
    judged = [(r, find_signature(r.text)) for r in rows if r.signature in ("initials", "name")]
    right = sum(1 for r, s in judged if s is not None and s.human and s.kind == r.signature)
    found = sum(1 for _, s in judged if s is not None and s.human)
    return f"{right}/{found}" if found else "-"


def _table(title: str, rows: list[Row]) -> list[str]:
    lines = [
        f"## {title} ({len(rows)} rows)",
        "",
        f"{'measure':30} {'P':>5} {'R':>5} {'pos':>4}   {'baseline P':>10} {'R':>5}",
    ]
    for name, truth, guess, baseline in MEASURES:
        p, r, positives = _pr(rows, truth, guess)
        bp, br, _ = _pr(rows, truth, baseline)
        lines.append(f"{name:30} {p:>5} {r:>5} {positives:>4}   {bp:>10} {br:>5}")
    lines.append(f"{'initials/name style right':30} {_style_accuracy(rows):>11}")
    return [*lines, ""]


def _twitter_counts() -> list[str]:
    if not IBM.exists():
        return ["(shared corpora absent: Twitter counting figures skipped)"]
    texts = [json.loads(line)["text"] for line in IBM.read_text(encoding="utf-8").splitlines()]
    over_chars = sum(len(t.strip()) > 280 for t in texts)
    over_twitter = sum(twitter_length(t) > 280 for t in texts)
    over_masked = sum(twitter_length(mask_markdown(t, front_matter=False, indented_code=False)) > 280 for t in texts)
    return [
        f"## Twitter counting on {len(texts)} IBM customer-care tweets",
        "",
        f"over 280 counted as characters: {over_chars}; counted as Twitter does: {over_twitter} "
        f"(on the text as `voicelint check` reads a record, links masked: {over_masked})",
        "",
    ]


def report(sets: tuple[str, ...] = ("dev", "heldout")) -> str:
    """The quality table for the chosen splits (``dev``, ``heldout``)."""
    parts = ["# Reply structure detectors", ""]
    sources: list[tuple[str, list[Row] | None]] = [("own replies", own_rows()), ("real tweets", real_rows())]
    for label, rows in sources:
        if rows is None:
            parts += [f"({label}: shared corpora absent, skipped)", ""]
            continue
        for split in sets:
            chosen = [r for r in rows if r.heldout == (split == "heldout")]
            parts += _table(f"{label}, {split}", chosen)
    parts += _twitter_counts()
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=["dev", "heldout"], default=["dev", "heldout"])
    args = parser.parse_args()
    print(report(tuple(args.sets)))


if __name__ == "__main__":
    main()
