"""Quality (and cost) of the tone scorer.

    python -m benchmarks.tone_quality                # everything
    python -m benchmarks.tone_quality --no-heldout   # while tuning: never look at the held-out pairs
    python -m benchmarks.tone_quality --only pairs   # pairs | human | brands

Reports:
1. pairwise ordering accuracy on the hand-written minimal pairs (tests/data/tone), per dimension,
   for the development part and the held-out part;
2. Spearman correlation with human ratings in ../shared/corpora (formality: Pavlick & Tetreault
   2016; politeness: Danescu-Niculescu-Mizil et al. 2013; valence: EmoBank; uncertainty: Szeged
   WikiWeasel), on a fixed sample of up to 2,000 items per dataset;
3. the ten highest and lowest real brand replies (twcs) per dimension, to read;
4. the cost of tone scoring per document beyond the spaCy pass.

The corpora are third-party data used only here; the script says so when they are absent.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from voicelint.nlp import load_pipeline  # noqa: E402
from voicelint.tone import DIMENSIONS, score_tone  # noqa: E402

CORPORA = Path(os.environ.get("VOICELINT_CORPORA", ROOT.parent / "shared" / "corpora"))
SAMPLE = 2000
SEED = 13


def ranks(values: Sequence[float]) -> list[float]:
    """Ranks with ties averaged (1-based)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return result


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    mx, my = statistics.fmean(x), statistics.fmean(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    return pearson(ranks(x), ranks(y))


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """Probability that a positive item scores above a negative one (ties count half)."""
    r = ranks(scores)
    pos = [ri for ri, lab in zip(r, labels, strict=True) if lab]
    n_pos, n_neg = len(pos), len(labels) - len(pos)
    return (sum(pos) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else float("nan")


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 ("Donâ€™t" -> "Don’t") when that round-trips cleanly."""
    if any(marker in text for marker in ("â€", "Ã", "ðŸ", "â")):
        try:
            return text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return text
    return text


def score_texts(nlp, texts: list[str]) -> list[dict[str, float]]:  # type: ignore[no-untyped-def]
    return [score_tone(doc).scores for doc in nlp.pipe(texts, batch_size=256)]


# ---------------------------------------------------------------------------------------- pairs


def pair_accuracy(nlp, path: Path) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    pairs = yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]
    highs = score_texts(nlp, [p["high"] for p in pairs])
    lows = score_texts(nlp, [p["low"] for p in pairs])
    result: dict[str, tuple[int, int]] = {}
    for p, hi, lo in zip(pairs, highs, lows, strict=True):
        dim = p["dimension"]
        ok, n = result.get(dim, (0, 0))
        result[dim] = (ok + (hi[dim] > lo[dim]), n + 1)
    return result


def report_pairs(nlp, heldout: bool) -> None:  # type: ignore[no-untyped-def]
    parts = [("dev", ROOT / "tests/data/tone/pairs_dev.yaml")]
    if heldout:
        parts.append(("held-out", ROOT / "tests/data/tone/pairs_heldout.yaml"))
    print("## Minimal-pair ordering accuracy (high side scored above low side)\n")
    results = {name: pair_accuracy(nlp, path) for name, path in parts}
    print("| dimension | " + " | ".join(name for name, _ in parts) + " |")
    print("|---|" + "---|" * len(parts))
    for dim in (*DIMENSIONS, "all"):
        cells = []
        for name, _ in parts:
            if dim == "all":
                ok = sum(v[0] for v in results[name].values())
                n = sum(v[1] for v in results[name].values())
            else:
                ok, n = results[name].get(dim, (0, 0))
            cells.append(f"{ok / n:.2f} ({ok}/{n})" if n else "-")
        print(f"| {dim} | " + " | ".join(cells) + " |")
    print()


# ---------------------------------------------------------------------------------------- human ratings


def _sample(rows: list, k: int = SAMPLE) -> list:  # type: ignore[type-arg]
    rng = random.Random(SEED)
    return rows if len(rows) <= k else rng.sample(rows, k)


def _formality_rows(name: str) -> list[tuple[str, float]]:
    path = CORPORA / "formality_pavlick_tetreault2016" / name
    rows = []
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 4:
                # The sentences are PTB-tokenised ("do n't"); re-join the clitics for spaCy.
                text = parts[3].replace(" n't", "n't").replace(" 's", "'s").replace(" 're", "'re")
                text = text.replace(" 'm", "'m").replace(" 've", "'ve").replace(" 'll", "'ll").replace(" 'd", "'d")
                rows.append((text, float(parts[0])))
    return rows


def report_human(nlp) -> None:  # type: ignore[no-untyped-def]
    print("## Agreement with human ratings (Spearman rho; fixed random sample, seed 13)\n")
    print("| data set | n | our score | rho | note |")
    print("|---|---|---|---|---|")
    for name in ("answers.tsv", "email.tsv"):
        rows = _sample(_formality_rows(name))
        if rows:
            scores = score_texts(nlp, [t for t, _ in rows])
            rho = spearman([s["formality"] for s in scores], [r for _, r in rows])
            print(f"| P&T 2016 formality, {name[:-4]} | {len(rows)} | formality | {rho:.3f} | "
                  "their supervised model: approximately 0.7 |")

    path = CORPORA / "politeness_stanford_danescu2013" / "wikipedia.annotated.csv"
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as fh:
            rows_p = [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(fh)]
        rows_p = _sample(rows_p)
        scores = score_texts(nlp, [t for t, _ in rows_p])
        warmth = [s["warmth"] for s in scores]
        human = [r for _, r in rows_p]
        rho = spearman(warmth, human)
        q1, q3 = statistics.quantiles(human, n=4)[0], statistics.quantiles(human, n=4)[2]
        ends = [(w, 1 if h >= q3 else 0) for w, h in zip(warmth, human, strict=True) if h <= q1 or h >= q3]
        threshold = statistics.median(w for w, _ in ends)
        accuracy = sum((w > threshold) == bool(lab) for w, lab in ends) / len(ends)
        print(f"| Danescu 2013 politeness, Wikipedia | {len(rows_p)} | warmth | {rho:.3f} | "
              f"top vs bottom quartile: AUC {auc([w for w, _ in ends], [lab for _, lab in ends]):.3f}, "
              f"accuracy {accuracy:.3f} at the median (their SVM ~83%, humans ~86% in-domain) |")

    path = CORPORA / "sentiment_emobank" / "emobank.csv"
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as fh:
            rows_e = [(r["text"], float(r["V"]), float(r["A"])) for r in csv.DictReader(fh)]
        rows_e = _sample(rows_e)
        scores = score_texts(nlp, [t for t, _, _ in rows_e])
        rho_v = spearman([-s["negativity"] for s in scores], [v for _, v, _ in rows_e])
        rho_a = spearman([s["enthusiasm"] for s in scores], [a for _, _, a in rows_e])
        print(f"| EmoBank valence | {len(rows_e)} | -negativity | {rho_v:.3f} | no published lexicon baseline quoted |")
        print(f"| EmoBank arousal | {len(rows_e)} | enthusiasm | {rho_a:.3f} | arousal is not enthusiasm; indicative |")

    path = CORPORA / "hedging_wikiweasel_szeged" / "test.csv"
    if path.exists():
        with path.open(encoding="utf-8", errors="replace") as fh:
            rows_h = [(r["text"].strip(), int(r["label"])) for r in csv.DictReader(fh)]
        rows_h = _sample(rows_h)
        texts = [t.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", '"').replace("''", '"')
                 for t, _ in rows_h]
        scores = score_texts(nlp, texts)
        hedging = [s["hedging"] for s in scores]
        labels = [lab for _, lab in rows_h]
        print(f"| Szeged WikiWeasel uncertainty (binary) | {len(rows_h)} | hedging | "
              f"{spearman(hedging, labels):.3f} | AUC {auc(hedging, labels):.3f} |")
    if not CORPORA.exists():
        print(f"(no corpora at {CORPORA}: human-rating comparison skipped)")
    print()


# ---------------------------------------------------------------------------------------- brand replies


def brand_replies(limit: int) -> list[str]:
    folder = CORPORA / "twcs_brand_replies_7brands"
    texts: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            texts += [fix_mojibake(row["text"]) for row in csv.DictReader(fh) if row.get("text")]
    return _sample(texts, limit)


def report_brands(nlp, limit: int) -> None:  # type: ignore[no-untyped-def]
    texts = brand_replies(limit)
    if not texts:
        print(f"(no brand replies under {CORPORA}: extremes skipped)")
        return
    docs = list(nlp.pipe(texts, batch_size=256))
    start = time.perf_counter()
    results = [score_tone(doc) for doc in docs]
    elapsed = time.perf_counter() - start
    print(f"## Real brand replies (twcs, {len(texts)} sampled)\n")
    print(f"tone scoring cost beyond spaCy: {1000 * elapsed / len(docs):.3f} ms per reply "
          f"(mean {statistics.fmean(len(t) for t in texts):.0f} chars)\n")
    print("| dimension | p10 | median | p90 |")
    print("|---|---|---|---|")
    for dim in DIMENSIONS:
        values = sorted(r.scores[dim] for r in results)
        q = statistics.quantiles(values, n=10)
        print(f"| {dim} | {q[0]:.1f} | {statistics.median(values):.1f} | {q[-1]:.1f} |")
    print()
    for dim in DIMENSIONS:
        order = sorted(range(len(texts)), key=lambda i: results[i].scores[dim])
        for title, idx in (("highest", order[::-1][:10]), ("lowest", order[:10])):
            print(f"### {dim}: {title}")
            for i in idx:
                print(f"- {results[i].scores[dim]:5.1f}  {json.dumps(texts[i], ensure_ascii=False)[1:-1][:160]}")
            print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("pairs", "human", "brands"))
    parser.add_argument("--no-heldout", action="store_true", help="do not score the held-out pairs")
    parser.add_argument("--brands", type=int, default=3000, help="brand replies to sample")
    args = parser.parse_args()
    nlp = load_pipeline(("lemma", "sents", "pos"))
    if args.only in (None, "pairs"):
        report_pairs(nlp, heldout=not args.no_heldout)
    if args.only in (None, "human"):
        if CORPORA.exists():
            report_human(nlp)
        else:
            print(f"(no corpora at {CORPORA}: human-rating comparison skipped)")
    if args.only in (None, "brands"):
        report_brands(nlp, args.brands)


if __name__ == "__main__":
    main()
