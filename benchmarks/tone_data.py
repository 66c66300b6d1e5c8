"""The human-rated tone data in ../shared/corpora, read at run time (never copied), and the named
inputs of every dimension's formula computed for each item.

Shared by ``benchmarks/fit_tone.py`` (which fits the weights) and ``benchmarks/tone_quality.py``
(which reports them beside baselines), so both see the same rows, splits and inputs.

Splits (fixed seeds, decided before fitting):
- formality (Pavlick & Tetreault 2016): answers and email; 80% of each genre to fit, 20% held out;
- politeness (Danescu-Niculescu-Mizil et al. 2013): Wikipedia requests, half to fit, half held out
  (by request id parity of a seeded shuffle); binary label top vs bottom quartile of the whole set;
- EmoBank: its own train / dev / test split (train to fit, test held out);
- Szeged WikiWeasel: its own train / test files (train to fit, test held out).
"""

from __future__ import annotations

import csv
import math
import os
import pickle
import random
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.corpora import CORPORA

ROOT = Path(__file__).resolve().parents[1]


CACHE = Path(os.environ.get("VOICELINT_TONE_CACHE", "/tmp/voicelint_tone_inputs.pkl"))
SEED = 13


@dataclass
class Item:
    """One rated text: its corpus, split, rating(s) and the scorer's named inputs per dimension."""

    corpus: str
    split: str  # "fit" | "test" (| "genre name" for formality)
    text: str
    rating: float
    label: int | None = None  # binary label where the data has one (quartiles, uncertainty, negative)
    genre: str = ""
    inputs: dict[str, dict[str, float]] = field(default_factory=dict)
    words: int = 0
    f_score: float = 50.0


_PTB = [(" n't", "n't"), (" 's", "'s"), (" 're", "'re"), (" 'm", "'m"), (" 've", "'ve"), (" 'll", "'ll"),
        (" 'd", "'d"), ("-LRB-", "("), ("-RRB-", ")"), ("``", '"'), ("''", '"'), (" ,", ","), (" .", "."),
        (" ?", "?"), (" !", "!"), (" ;", ";"), (" :", ":")]


def untokenise(text: str) -> str:
    """Undo PTB tokenisation ("do n't" -> "don't") so spaCy sees text as it is written."""
    for a, b in _PTB:
        text = text.replace(a, b)
    return text.strip()


def _formality() -> list[Item]:
    items: list[Item] = []
    for genre in ("answers", "email"):
        path = CORPORA / "formality_pavlick_tetreault2016" / f"{genre}.tsv"
        rows = []
        with path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 4 and parts[1].strip():  # 11 rows have no ratings
                    rows.append((untokenise(parts[3]), float(parts[0])))
        rng = random.Random(f"{SEED}-{genre}")
        order = list(range(len(rows)))
        rng.shuffle(order)
        test = set(order[: len(rows) // 5])
        items += [Item("formality", "test" if i in test else "fit", t, r, genre=genre) for i, (t, r) in enumerate(rows)]
    return items


def _politeness() -> list[Item]:
    path = CORPORA / "politeness_stanford_danescu2013" / "wikipedia.annotated.csv"
    with path.open(encoding="utf-8", errors="replace") as fh:
        rows = [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(fh)]
    q = statistics.quantiles([s for _, s in rows], n=4)
    rng = random.Random(f"{SEED}-politeness")
    order = list(range(len(rows)))
    rng.shuffle(order)
    test = set(order[: len(rows) // 2])
    items = []
    for i, (text, score) in enumerate(rows):
        label = 1 if score >= q[2] else 0 if score <= q[0] else None
        items.append(Item("politeness", "test" if i in test else "fit", text, score, label, genre="wikipedia"))
    return items


#: EmoBank valence at or below this is "clearly negative" (about the lowest 15%; neutral is 3).
NEGATIVE_VALENCE = 2.6


def _emobank() -> list[Item]:
    path = CORPORA / "sentiment_emobank" / "emobank.csv"
    with path.open(encoding="utf-8", errors="replace") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Item("emobank", "fit" if r["split"] == "train" else r["split"], r["text"], float(r["V"]),
             int(float(r["V"]) <= NEGATIVE_VALENCE), genre=f"arousal={r['A']}")
        for r in rows
    ]


def _szeged() -> list[Item]:
    items = []
    for split, name in (("fit", "train.csv"), ("test", "test.csv")):
        with (CORPORA / "hedging_wikiweasel_szeged" / name).open(encoding="utf-8", errors="replace") as fh:
            items += [Item("szeged", split, untokenise(r["text"]), float(r["label"]), int(r["label"]))
                      for r in csv.DictReader(fh)]
    return items


def available() -> bool:
    return (CORPORA / "formality_pavlick_tetreault2016").exists()


def load_items(nlp, dimensions_module, refresh: bool = False) -> list[Item]:  # type: ignore[no-untyped-def]
    """Every rated item with its inputs (cached in :data:`CACHE` by the lexicon/feature code's hash)."""
    from voicelint.tone.features import extract

    key = _code_key()
    if not refresh and CACHE.exists():
        cached = pickle.loads(CACHE.read_bytes())
        if cached.get("key") == key:
            return cached["items"]
    items = _formality() + _politeness() + _emobank() + _szeged()
    for item, doc in zip(items, nlp.pipe([it.text for it in items], batch_size=256), strict=True):
        f = extract(doc)
        item.inputs = all_inputs(f, dimensions_module)
        item.words = f.n_words
        item.f_score = dimensions_module.f_score(f)
    CACHE.write_bytes(pickle.dumps({"key": key, "items": items}))
    return items


def _code_key() -> str:
    import hashlib

    h = hashlib.sha256()
    for path in sorted((ROOT / "voicelint" / "tone").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".yaml") and path.name != "weights.json":
            h.update(path.read_bytes())
    return h.hexdigest()


def all_inputs(f, dm) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Every named input of every dimension (all candidate terms, weighted or not)."""
    result: dict[str, dict[str, float]] = {}
    for dim, terms in dm.TERMS.items():
        row: dict[str, float] = {}
        for signal, _hint, presence in terms:
            count = f.count(signal)
            row[signal] = (1.0 if count > 0 else 0.0) if presence else f.density(signal)
        for name, centre, _hint, fn, low, high in dm.MEASURES.get(dim, ()):
            row[name] = min(high, max(low, fn(f))) - centre
        result[dim] = row
    return result


# ------------------------------------------------------------------ measures of agreement


def ranks(values: Sequence[float]) -> list[float]:
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


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    rx, ry = ranks(x), ranks(y)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else float("nan")


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    r = ranks(scores)
    pos = [ri for ri, lab in zip(r, labels, strict=True) if lab]
    n_pos, n_neg = len(pos), len(labels) - len(pos)
    return (sum(pos) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else float("nan")


# ------------------------------------------------------------------ cheap baselines

_WORD = re.compile(r"[A-Za-z']+")


def length_words(text: str) -> float:
    return float(len(_WORD.findall(text)))


def word_list_rate(words: frozenset[str], phrases: Sequence[str] = ()) -> Callable[[str], float]:
    """Matches of a plain word list per word (a baseline: no weights, no scope, no grammar)."""

    def rate(text: str) -> float:
        toks = [w.lower() for w in _WORD.findall(text)]
        low = " " + " ".join(toks) + " "
        hits = sum(t in words for t in toks) + sum(low.count(f" {p} ") for p in phrases)
        return hits / max(1, len(toks)) + 1e-6 * hits

    return rate


def weasel_list() -> Callable[[str], float]:
    """Vale write-good's Weasel.yml (MIT), read from ../shared at run time."""
    import yaml

    path = CORPORA / "vale_errata-ai_write-good" / "write-good" / "Weasel.yml"
    tokens = [t.lower() for t in yaml.safe_load(path.read_text(encoding="utf-8"))["tokens"]]
    return word_list_rate(frozenset(t for t in tokens if " " not in t), [t for t in tokens if " " in t])


def vader_mean() -> Callable[[str], float]:
    """Mean VADER valence of the words (the sentiment-lexicon baseline)."""
    from voicelint.tone.lexicons import load

    valence = load().valence

    def score(text: str) -> float:
        toks = [w.lower() for w in _WORD.findall(text)]
        return sum(valence.get(t, 0.0) for t in toks) / max(1, len(toks))

    return score


#: A plain politeness word list (the strategies' most frequent words, no position or scope).
POLITE_WORDS = frozenset({"please", "thanks", "thank", "sorry", "appreciate", "could", "would", "hi", "hello",
                          "welcome", "kindly", "grateful"})


def fk_grade(text: str) -> float:
    import textstat

    return float(textstat.flesch_kincaid_grade(text))
