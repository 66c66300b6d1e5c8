"""Fit the tone formulas' weights on human ratings and write voicelint/tone/data/weights.json.

    PYTHONPATH=$PWD python -m benchmarks.fit_tone --cues     # 1. weasel-list phrase weights
    PYTHONPATH=$PWD python -m benchmarks.fit_tone            # 2. fit, print held-out figures, write
    PYTHONPATH=$PWD python -m benchmarks.fit_tone --dry-run  # fit and print only

Each fitted dimension stays a logistic of a weighted sum of named inputs (benchmarks/tone_data.py
computes them with the scorer's own code). The fit is an L2-regularised logistic regression whose
penalty pulls each weight towards its hand-set prior (``PRIORS``, the values the scorer had before
fitting) rather than towards 0: an input the ratings cannot see (a sign-off, the customer's name,
emoji in encyclopedia sentences) keeps its prior, one they can see moves to what people say. Each
input also has an allowed sign (``SIGNS``, from the literature cited in the data files); a weight
that wants the other sign is held at 0 and the rest refitted (an active-set method), so every
contribution reads the way its explanation says.

What is fitted on what (splits in tone_data.py; the held-out parts are never used here):
- formality: Pavlick & Tetreault answers + email "fit" rows; target (mean rating + 3) / 6, so a
  score of 50 is the raters' neutral point;
- warmth: Danescu-Niculescu-Mizil Wikipedia requests, "fit" half; top (1) vs bottom (0) quartile;
- negativity: EmoBank train; valence <= 2.6 (clearly negative) vs the rest;
- hedging: Szeged WikiWeasel train; uncertain (1) vs certain (0);
- enthusiasm, personal: no human ratings here; the priors stand.
After the fit the bias is shifted by ``BIAS_SHIFT`` where the rating scale's zero is not the
support-writing zero (see the note there); the guide ranges are then recalibrated on real replies
(benchmarks/tone_quality.py, section "brand replies").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import tone_data  # noqa: E402
from voicelint.nlp import load_pipeline  # noqa: E402

WEIGHTS_FILE = ROOT / "voicelint" / "tone" / "data" / "weights.json"
WEASELS_FILE = ROOT / "voicelint" / "tone" / "data" / "weasels.txt"
#: Marks a weasel-list phrase the data gave no weight (kept in the file, so a refit can revive it).
UNUSED = "#- "
#: Pseudo-sentences at the base rate added to each cue's counts before its log-odds are taken.
CUE_PRIOR = 4.0

#: The hand-set weights the scorer had before fitting (bias first): the ridge's centre.
PRIORS: dict[str, dict[str, float]] = {
    "formality": {"bias": 1.2, "formal": 1.0, "passive": 0.5, "contraction": -1.2, "informal": -1.6,
                  "emoji": -1.0, "exclamation": -0.6, "lowercase_start": -1.0, "caps": -0.6, "f_score": 0.06,
                  "mean_word_length": 1.0, "latinate_rate": 0.6, "mean_sentence_words": 0.04},
    "warmth": {"bias": -1.0, "gratitude": 1.2, "greeting": 1.2, "empathy": 1.2, "apology": 1.0, "wellwish": 1.2,
               "positive_affect": 1.0, "please": 0.8, "name": 2.0, "second_person": 0.3, "emoji": 0.4,
               "indirect_request": 1.0, "deference": 1.0, "exclamation": 0.3, "imperative": -0.6,
               "self_reference": -0.6, "blame": -1.0, "passive": -0.4},
    "negativity": {"bias": -1.3, "refusal": 1.5, "blame": 1.0, "negation": 1.2, "negative_valence": 1.6,
                   "positive_valence": -0.5},
    "enthusiasm": {"bias": -1.9, "excitement": 1.2, "intensifier": 1.2, "exclamation": 1.2, "emoji": 1.2,
                   "caps": 0.6, "positive_valence": 0.3},
    "hedging": {"bias": -2.0, "hedge": 2.2, "booster": -0.8},
    "personal": {"bias": -0.3, "first_singular": 1.5, "signature": 1.5, "contraction": 0.5, "first_plural": 0.3,
                 "name": 0.5, "passive": -1.5, "self_reference": -1.5},
}

#: Allowed sign of each input (+1 / -1; an input not listed may not be used by that dimension).
#: New inputs (prior 0) take the sign the politeness, formality and hedging literature gives them.
SIGNS: dict[str, dict[str, int]] = {
    "formality": {"formal": 1, "passive": 1, "contraction": -1, "informal": -1, "emoji": -1, "exclamation": -1,
                  "punct_run": -1, "lowercase_start": -1, "all_lower": -1, "caps": -1, "first_singular": -1,
                  "second_person": -1, "hedge": -1, "f_score": 1, "mean_word_length": 1, "latinate_rate": 1,
                  "mean_sentence_words": 1},
    "warmth": {"gratitude": 1, "greeting": 1, "empathy": 1, "apology": 1, "wellwish": 1, "positive_affect": 1,
               "please": 1, "please_start": -1, "name": 1, "second_person": 1, "you_start": -1,
               "first_person_start": 1, "emoji": 1, "indirect_request": 1, "deference": 1, "by_the_way": 1,
               "hedge": 1, "exclamation": 1, "positive_valence": 1, "direct_question": -1, "direct_start": -1,
               "factuality": -1, "negative_valence": -1, "imperative": -1, "self_reference": -1, "blame": -1,
               "passive": -1},
    "negativity": {"refusal": 1, "blame": 1, "negation": 1, "negative_valence": 1, "positive_valence": -1},
    "hedging": {"hedge": 1, "weasel": 1, "modal": 1, "booster": -1},
}

#: Ridge strength per dimension (sum of squared distances from the prior, per item).
LAMBDA = {"formality": 1e-3, "warmth": 3e-3, "negativity": 1e-3, "hedging": 1e-3}

#: Bias shifts applied after fitting. Negativity is fitted on EmoBank, whose "clearly negative"
#: sentences are 15% of general prose; hedging on Wikipedia, where 29% of sentences are uncertain.
#: Both base rates are the data sets', not a support reply's, and the bias carries them: it is kept
#: as fitted (the guide ranges are recalibrated on real replies instead), so the shift is 0.
BIAS_SHIFT: dict[str, float] = {}


def fit_cue_weights(items: list[tone_data.Item]) -> list[str]:
    """The weasel list with each phrase weighted by how much more often it occurs in uncertain than
    in certain Szeged *train* sentences: its smoothed log-odds ratio against the base rate, clipped
    to 0..3 and rounded to 0.1. A phrase no likelier in uncertain sentences ("usually", "often",
    "various" describe facts in an encyclopedia) is kept as a commented ``#-`` line. Returns the
    new file's lines."""
    from voicelint.tone.lexicons import PhraseSet, normalise

    rows = [it for it in items if it.corpus == "szeged" and it.split == "fit"]
    texts = [normalise(it.text) for it in rows]
    rate = sum(it.label or 0 for it in rows) / len(rows)
    lines: list[str] = []
    for line in WEASELS_FILE.read_text(encoding="utf-8").splitlines():
        body = line[len(UNUSED):] if line.startswith(UNUSED) else line
        if not body.strip() or body.startswith("#"):
            lines.append(line)
            continue
        phrase = body.partition("\t")[0].strip()
        matcher = PhraseSet({phrase: 1.0})
        hits = [it.label or 0 for it, text in zip(rows, texts, strict=True) if next(matcher.finditer(text), None)]
        pos = sum(hits)
        neg = len(hits) - pos
        log_odds = np.log((pos + CUE_PRIOR * rate) / (neg + CUE_PRIOR * (1 - rate))) - np.log(rate / (1 - rate))
        weight = round(float(min(3.0, max(0.0, log_odds))), 1)
        lines.append(f"{phrase}\t{weight:g}" if weight > 0 else f"{UNUSED}{phrase}\t0")
    return lines


def design(items: list[tone_data.Item], dim: str, names: list[str]) -> np.ndarray:
    return np.array([[it.inputs[dim][n] for n in names] for it in items], dtype=float)


def fit_logistic(x: np.ndarray, y: np.ndarray, prior: np.ndarray, prior_bias: float, lam: float,
                 signs: np.ndarray) -> tuple[float, np.ndarray]:
    """Newton's method for L2 logistic regression towards ``prior`` with sign constraints."""
    n, k = x.shape
    active = np.ones(k, dtype=bool)  # inputs free to move; inactive ones are held at 0
    for _ in range(k + 1):
        cols = np.flatnonzero(active)
        xa = np.hstack([np.ones((n, 1)), x[:, cols]])
        w = np.concatenate([[prior_bias], np.where(signs[cols] * prior[cols] > 0, prior[cols], 0.0)])
        centre = np.concatenate([[0.0], prior[cols]])
        penalty = np.concatenate([[0.0], np.full(len(cols), lam * n)])
        for _ in range(50):
            p = 1.0 / (1.0 + np.exp(-np.clip(xa @ w, -30, 30)))
            grad = xa.T @ (p - y) + penalty * (w - centre)
            hess = (xa * (p * (1 - p))[:, None]).T @ xa + np.diag(penalty + 1e-9)
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.max(np.abs(step)) < 1e-7:
                break
        wrong = [c for c, wc in zip(cols, w[1:], strict=True) if wc * signs[c] < 0]
        if not wrong:
            full = np.zeros(k)
            full[cols] = w[1:]
            return float(w[0]), full
        worst = max(wrong, key=lambda c: abs(w[1:][list(cols).index(c)]))
        active[worst] = False
    raise RuntimeError("active-set fit did not converge")


def target(dim: str, items: list[tone_data.Item]) -> np.ndarray:
    if dim == "formality":
        return np.array([(it.rating + 3.0) / 6.0 for it in items])
    return np.array([float(it.label) for it in items])  # type: ignore[arg-type]


def training_rows(dim: str, items: list[tone_data.Item], split: str = "fit",
                  genre: str | None = None) -> list[tone_data.Item]:
    """The rated items of ``dim``'s corpus in ``split`` (only those with a binary label where the
    target is binary)."""
    corpus = {"formality": "formality", "warmth": "politeness", "negativity": "emobank", "hedging": "szeged"}[dim]
    rows = [it for it in items if it.corpus == corpus and it.split == split and genre in (None, it.genre)]
    return rows if dim == "formality" else [it for it in rows if it.label is not None]


def fit_dimension(dim: str, rows: list[tone_data.Item]) -> dict[str, float]:
    names = list(SIGNS[dim])
    x = design(rows, dim, names)
    prior = np.array([PRIORS[dim].get(n, 0.0) for n in names])
    signs = np.array([SIGNS[dim][n] for n in names], dtype=float)
    bias, w = fit_logistic(x, target(dim, rows), prior, PRIORS[dim]["bias"], LAMBDA[dim], signs)
    weights = {"bias": round(bias + BIAS_SHIFT.get(dim, 0.0), 3)}
    weights.update({n: round(float(v), 3) for n, v in zip(names, w, strict=True) if round(float(v), 3)})
    return weights


def score(weights: dict[str, float], dim: str, it: tone_data.Item) -> float:
    z = weights["bias"] + sum(v * it.inputs[dim].get(n, 0.0) for n, v in weights.items() if n != "bias")
    return 100.0 / (1.0 + np.exp(-z))


def fit_all(items: list[tone_data.Item]) -> dict[str, dict[str, float]]:
    fitted = {dim: dict(prior) for dim, prior in PRIORS.items()}
    for dim in SIGNS:
        fitted[dim] = fit_dimension(dim, training_rows(dim, items))
    return fitted


def write(fitted: dict[str, dict[str, float]]) -> None:
    doc = {
        "about": "Tone formula weights. Written by benchmarks/fit_tone.py (do not edit by hand: change the "
                 "priors, signs or data there and refit). formality, warmth, negativity and hedging are fitted on "
                 "human ratings; enthusiasm and personal are hand-set.",
        "dimensions": {
            dim: {"bias": w["bias"], "weights": {k: v for k, v in w.items() if k != "bias"}}
            for dim, w in fitted.items()
        },
    }
    WEIGHTS_FILE.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--refresh", action="store_true", help="recompute the cached inputs")
    parser.add_argument("--cues", action="store_true", help="refit the weasel-list phrase weights (step 1)")
    args = parser.parse_args()
    if not tone_data.available():
        sys.exit(f"no corpora at {tone_data.CORPORA}")
    from voicelint.tone import dimensions

    nlp = load_pipeline(("lemma", "sents", "pos"))
    items = tone_data.load_items(nlp, dimensions, refresh=args.refresh)
    if args.cues:
        # The cue weights change the inputs: write them, then run again to fit the formulas.
        WEASELS_FILE.write_text("\n".join(fit_cue_weights(items)) + "\n", encoding="utf-8")
        print(f"wrote {WEASELS_FILE.relative_to(ROOT)}; run again without --cues to fit the formulas")
        return
    fitted = fit_all(items)
    for dim in SIGNS:
        test = training_rows(dim, items, "test")
        scores = [score(fitted[dim], dim, it) for it in test]
        if dim == "formality":
            figure = f"Spearman {tone_data.spearman(scores, [it.rating for it in test]):.3f}"
        else:
            figure = f"AUC {tone_data.auc(scores, [it.label or 0 for it in test]):.3f}"
        print(f"{dim}: held-out {figure}; weights {fitted[dim]}")
    if not args.dry_run:
        write(fitted)
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
