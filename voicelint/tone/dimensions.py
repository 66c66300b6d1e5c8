"""The six dimension formulas, as data, and the scorer that applies them to one document.

Every dimension is a logistic squashing of a linear combination ("z") of named inputs::

    z     = bias + sum(weight * input)
    score = 100 / (1 + exp(-z))

The weights are data (``data/weights.json``), fitted by ``benchmarks/fit_tone.py`` on human
ratings (L2-regularised logistic regression pulled towards the hand-set values, so that an input
the ratings cannot see keeps its prior); this module names the inputs and how each one reads.

Inputs are *densities* (weighted cues per 10 words, smoothed with 8 pseudo-words so that a
one-line chat reply and a ten-sentence email are on the same scale), *presences* (0 or 1: a
sign-off counts once, however long the text) and centred continuous measures (formality's
F-score, word length, sentence length). The same tables drive the scores, the ``features``
shown to users and ``explain_dimension``, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from voicelint.tone.features import DENSITY_PRIOR, DENSITY_REFERENCE, DENSITY_TEMPER, ToneFeatures, extract
from voicelint.tone.model import DIMENSIONS, DimensionScore, Evidence, ToneResult

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Term:
    """A cue counted in the text: ``weight * density(signal)`` (or ``weight * [present]``)."""

    signal: str
    weight: float
    hint: str  # how the cue reads in an explanation: "thanks", "a greeting", ...
    presence: bool = False


@dataclass(frozen=True)
class Measure:
    """A continuous input: ``weight * (clip(value) - centre)``."""

    name: str
    weight: float
    centre: float
    hint: str
    value: Callable[[ToneFeatures], float]
    low: float = -math.inf
    high: float = math.inf


@dataclass(frozen=True)
class Formula:
    name: str
    bias: float
    terms: tuple[Term, ...]
    measures: tuple[Measure, ...] = ()


def f_score(f: ToneFeatures) -> float:
    """Heylighen & Dewaele's (2002) F-score on spaCy's universal POS tags, smoothed to 50 for short texts.

    F = (noun + adjective + preposition + article - pronoun - verb - adverb - interjection + 100) / 2,
    each as a percentage of the words. With 4 pseudo-words at F = 50, a 3-word reply is not extreme.
    """
    p = f.pos
    n = f.n_words
    if n == 0:
        return 50.0
    formal = p.get("NOUN", 0) + p.get("PROPN", 0) + p.get("ADJ", 0) + p.get("ADP", 0) + p.get("ART", 0)
    deictic = p.get("PRON", 0) + p.get("VERB", 0) + p.get("AUX", 0) + p.get("ADV", 0) + p.get("INTJ", 0)
    raw = (100.0 * (formal - deictic) / n + 100.0) / 2.0
    return (raw * n + 50.0 * 4) / (n + 4)


def _load_weights() -> dict[str, dict[str, float]]:
    """The fitted biases and weights (``data/weights.json``, written by ``benchmarks/fit_tone.py``)."""
    raw = json.loads((importlib.resources.files("voicelint.tone") / "data" / "weights.json").read_text("utf-8"))
    return {name: {"bias": float(spec["bias"]), **{k: float(v) for k, v in spec["weights"].items()}}
            for name, spec in raw["dimensions"].items()}


#: dimension -> {"bias": b, input name: weight}; an input the file does not list weighs 0.
WEIGHTS = _load_weights()


def _t(dim: str, signal: str, hint: str, presence: bool = False) -> Term:
    return Term(signal, WEIGHTS[dim].get(signal, 0.0), hint, presence)


def _m(dim: str, name: str, centre: float, hint: str, value: Callable[[ToneFeatures], float],
       low: float = -math.inf, high: float = math.inf) -> Measure:
    return Measure(name, WEIGHTS[dim].get(name, 0.0), centre, hint, value, low, high)


def _formula(name: str, terms: tuple[Term, ...], measures: tuple[Measure, ...] = ()) -> Formula:
    """A dimension's formula without its zero-weight inputs (nothing to show, nothing to add)."""
    return Formula(name, WEIGHTS[name]["bias"], tuple(t for t in terms if t.weight),
                   tuple(m for m in measures if m.weight))


#: Which named inputs each dimension may use, with how each reads in an explanation. The weights
#: are data (:data:`WEIGHTS`): fitted on human ratings where such ratings exist (formality,
#: warmth, negativity, hedging), hand-set for enthusiasm and personal; see benchmarks/fit_tone.py.
TERMS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "formality": (
        ("formal", "formal phrasing (\"regarding\", \"please note\", \"kindly\")", False),
        ("passive", "impersonal passive constructions", False),
        ("contraction", "contractions (\"we're\", \"can't\")", False),
        ("informal", "slang and chat spellings (\"u\", \"gonna\", \"lol\", \"hey\")", False),
        ("emoji", "emoji and emoticons", False),
        ("exclamation", "exclamation marks", False),
        ("punct_run", "repeated punctuation (\"!!\", \"??\", \"...\")", False),
        ("lowercase_start", "sentences starting in lower case", False),
        ("all_lower", "no capital letters at all", True),
        ("caps", "ALL-CAPS words", False),
        ("first_singular", "first person singular (\"I\", \"my\")", False),
        ("second_person", "addressing the reader as \"you\"", False),
        ("hedge", "hedges (\"I think\", \"maybe\")", False),
    ),
    "warmth": (
        ("gratitude", "thanks (\"thank you\", \"we appreciate\")", False),
        ("greeting", "a greeting (\"Hi\", \"Hello\")", False),
        ("empathy", "acknowledgement of the person's situation (\"I understand\", \"sorry to hear\")", False),
        ("apology", "an apology", False),
        ("wellwish", "well-wishing or an offer of help (\"happy to help\", \"take care\")", False),
        ("positive_affect", "kind words (\"glad\", \"lovely\")", False),
        ("please", "\"please\"", False),
        ("please_start", "\"please\" opening a sentence (a bare request)", False),
        ("name", "the person's name", False),
        ("second_person", "addressing the person as \"you\"", False),
        ("you_start", "sentences opening with \"you\"", False),
        ("first_person_start", "sentences opening with \"I\" or \"we\"", False),
        ("emoji", "a friendly emoji", False),
        ("indirect_request", "softened requests (\"could you\", \"would you mind\")", False),
        ("deference", "appreciation of the person (\"great question\", \"good point\")", False),
        ("by_the_way", "a polite aside (\"by the way\")", False),
        ("hedge", "softeners (\"I think\", \"perhaps\")", False),
        ("exclamation", "a friendly exclamation", False),
        ("positive_valence", "positive words", False),
        ("direct_question", "direct questions (\"What ...?\", \"Why ...?\")", False),
        ("direct_start", "blunt sentence starts (\"So ...\", \"And ...\")", False),
        ("factuality", "insistence (\"actually\", \"in fact\", \"obviously\")", False),
        ("negative_valence", "negative words", False),
        ("imperative", "bare commands opening a sentence (\"Reset ...\", \"Send ...\")", False),
        ("self_reference", "impersonal self-reference (\"the company\", \"customers\")", False),
        ("blame", "blame (\"you should have\")", False),
        ("passive", "passive constructions", False),
    ),
    "negativity": (
        ("refusal", "refusals and impossibility (\"unfortunately\", \"unable\", \"can't\")", False),
        ("blame", "blame (\"you should have\")", False),
        ("negation", "negations (\"not\", \"no\", \"never\")", False),
        ("negative_valence", "negative words (VADER valence < 0)", False),
        ("positive_valence", "positive words (VADER valence > 0)", False),
    ),
    "enthusiasm": (
        ("excitement", "excitement words (\"amazing\", \"thrilled\", \"love\")", False),
        ("intensifier", "intensifiers (\"so\", \"really\", \"absolutely\")", False),
        ("exclamation", "exclamation marks", False),
        ("emoji", "emoji", False),
        ("caps", "ALL-CAPS words", False),
        ("positive_valence", "positive words (VADER valence > 0)", False),
    ),
    "hedging": (
        ("hedge", "hedges (\"I think\", \"maybe\", \"it seems\", \"might\")", False),
        ("weasel", "vague attribution or quantity (\"some\", \"is believed\", \"often\")", False),
        ("modal", "epistemic modals (\"may\", \"might\")", False),
        ("booster", "boosters (\"definitely\", \"certainly\")", False),
    ),
    "personal": (
        ("first_singular", "first person singular (\"I\", \"my\")", False),
        ("signature", "a sign-off with a name or initials", True),
        ("contraction", "contractions", False),
        ("first_plural", "\"we\" (a team voice)", False),
        ("name", "the reader's name", False),
        ("passive", "passive constructions", False),
        ("self_reference", "third-person self-reference (\"the company\", \"the customer\")", False),
    ),
}

#: The continuous inputs: ``weight * (clip(value) - centre)``.
MEASURES: dict[str, tuple[tuple[str, float, str, Callable[[ToneFeatures], float], float, float], ...]] = {
    "formality": (
        ("f_score", 52.0, "F-score (nouns, adjectives, prepositions, articles vs pronouns, verbs, adverbs, "
         "interjections)", f_score, -math.inf, math.inf),
        ("mean_word_length", 4.5, "mean word length in letters", lambda f: f.mean_word_length, 3.0, 7.0),
        ("latinate_rate", 0.6, "long Latinate words (-tion, -ment, -ity ...) per 10 words",
         lambda f: f.density("latinate"), 0.0, 4.0),
        ("mean_sentence_words", 12.0, "mean sentence length in words", lambda f: f.mean_sentence_words, 3.0, 30.0),
    ),
}


FORMULAS: dict[str, Formula] = {
    name: _formula(
        name,
        tuple(_t(name, signal, hint, presence) for signal, hint, presence in TERMS[name]),
        tuple(_m(name, m, centre, hint, fn, low, high) for m, centre, hint, fn, low, high in MEASURES.get(name, ())),
    )
    for name in DIMENSIONS
}


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score_dimension(f: ToneFeatures, formula: Formula) -> DimensionScore:
    """Apply one formula to the extracted features."""
    # The densities are :meth:`ToneFeatures.density` of each term's signal, with the length
    # temper computed once per call (the same arithmetic, in the same order, so the same floats).
    size = f.n_words + DENSITY_PRIOR
    temper = (size / DENSITY_REFERENCE) ** DENSITY_TEMPER
    signals = f.signals
    z = formula.bias
    inputs: dict[str, float] = {}
    evidence: list[Evidence] = []
    for term in formula.terms:
        sig = signals.get(term.signal)
        count = sig.count if sig else 0.0
        if term.presence:
            value = 1.0 if count > 0 else 0.0
        elif count:
            value = 10.0 * count / size * temper
        else:
            value = 0.0
        inputs[term.signal] = round(value, 3) if value else 0.0
        z += term.weight * value
        if sig is not None and sig.spans:
            evidence += sig.evidence(1 if term.weight > 0 else -1)
    for m in formula.measures:
        value = min(m.high, max(m.low, m.value(f)))
        inputs[m.name] = round(value, 3)
        z += m.weight * (value - m.centre)
    inputs["z"] = round(z, 3)
    inputs["words"] = float(f.n_words)
    evidence.sort(key=lambda e: (e.start, e.end))
    return DimensionScore(formula.name, round(100.0 * _sigmoid(z), 1), inputs, tuple(evidence))


def score_features(f: ToneFeatures) -> ToneResult:
    return ToneResult({name: score_dimension(f, FORMULAS[name]) for name in DIMENSIONS})


def score_tone(doc: Doc) -> ToneResult:
    """The six tone scores of an already-parsed ``doc`` (no second parse; pure)."""
    return score_features(extract(doc))
