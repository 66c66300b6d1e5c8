"""Real agent replies for the boilerplate benchmark, read from ../shared at run time.

The repository holds only references (corpus, record id) and hand labels
(``real_labels.yaml``); the text stays in the shared corpora (third-party licences). The sample is
seeded and drawn once by :func:`draw_sample`; :func:`load_replies` joins the labels to the text.
"""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

CORPORA = Path(os.environ.get("VOICELINT_CORPORA", "/work/shared/corpora"))
TWCS_FIRST = CORPORA / "twcs_first5000_rows" / "twcs_first5000.csv"
IBM = CORPORA / "ibm_twitter_customer_care_cdp" / "agent_replies.jsonl"
TWCS_7 = CORPORA / "twcs_brand_replies_7brands"

SEED = 20261201
PER_SOURCE = 80


def twcs_first_replies() -> dict[str, tuple[str, str]]:
    """Brand replies of twcs_first5000_rows: ``twcs5000:<tweet_id>`` -> (brand, text)."""
    out: dict[str, tuple[str, str]] = {}
    with TWCS_FIRST.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row.get("inbound") or "").strip().lower() == "false" and row.get("text"):
                out[f"twcs5000:{row['tweet_id']}"] = (row["author_id"], row["text"])
    return out


def ibm_replies() -> dict[str, tuple[str, str]]:
    """Agent replies of the IBM Twitter customer-care set: ``ibm:<tweet_ID>`` -> (brand, text)."""
    out: dict[str, tuple[str, str]] = {}
    with IBM.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            out[f"ibm:{record['tweet_ID']}"] = (record["company"], record["text"])
    return out


def fix_mojibake(text: str) -> str:
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def twcs_7brand_replies() -> dict[str, tuple[str, str]]:
    """Outbound tweets of the seven-brand twcs extract: ``twcs7:<tweet_id>`` -> (brand, text)."""
    out: dict[str, tuple[str, str]] = {}
    for path in sorted(TWCS_7.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                out[f"twcs7:{row['tweet_id']}"] = (path.stem, fix_mojibake(row["text"]))
    return out


def all_texts() -> dict[str, tuple[str, str]]:
    return {**twcs_first_replies(), **ibm_replies()}


def draw_sample() -> list[tuple[str, str]]:
    """(reference, split) for PER_SOURCE replies per source, half dev and half held-out, seeded."""
    rng = random.Random(SEED)
    sample: list[tuple[str, str]] = []
    for source in (twcs_first_replies(), ibm_replies()):
        refs = rng.sample(sorted(source), PER_SOURCE)
        sample += [(ref, "dev" if i % 2 == 0 else "heldout") for i, ref in enumerate(refs)]
    return sample


if __name__ == "__main__":
    texts = all_texts()
    for ref, split in draw_sample():
        brand, text = texts[ref]
        print(f"- {{ref: '{ref}', split: {split}}}  # {brand}: {' '.join(text.split())}")
