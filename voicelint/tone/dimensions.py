"""The six dimension formulas, as data, and the scorer that applies them to one document.

Every dimension is a logistic squashing of a linear combination ("z") of named inputs::

    z     = bias + sum(weight * input)
    score = 100 / (1 + exp(-z))

Inputs are *densities* (weighted cues per 10 words, smoothed with 8 pseudo-words so that a
one-line chat reply and a ten-sentence email are on the same scale), *presences* (0 or 1: a
sign-off counts once, however long the text) and centred continuous measures (formality's
F-score, word length, sentence length). The same tables drive the scores, the ``features``
shown to users and ``explain_dimension``, so the documentation cannot drift from the code.
"""

from __future__ import annotations

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


FORMULAS: dict[str, Formula] = {
    "formality": Formula(
        "formality",
        bias=1.2,
        terms=(
            Term("formal", 1.0, "formal phrasing (\"regarding\", \"please note\", \"kindly\")"),
            Term("passive", 0.5, "impersonal passive constructions"),
            Term("contraction", -1.2, "contractions (\"we're\", \"can't\")"),
            Term("informal", -1.6, "slang and chat spellings (\"u\", \"gonna\", \"lol\", \"hey\")"),
            Term("emoji", -1.0, "emoji and emoticons"),
            Term("exclamation", -0.6, "exclamation marks"),
            Term("lowercase_start", -1.0, "sentences starting in lower case"),
            Term("caps", -0.6, "ALL-CAPS words"),
        ),
        measures=(
            Measure("f_score", 0.06, 52.0, "F-score (nouns, adjectives, prepositions, articles vs pronouns, "
                    "verbs, adverbs, interjections)", f_score),
            Measure("mean_word_length", 1.0, 4.5, "mean word length in letters",
                    lambda f: f.mean_word_length, 3.0, 7.0),
            Measure("latinate_rate", 0.6, 0.6, "long Latinate words (-tion, -ment, -ity ...) per 10 words",
                    lambda f: f.density("latinate"), 0.0, 4.0),
            Measure("mean_sentence_words", 0.04, 12.0, "mean sentence length in words",
                    lambda f: f.mean_sentence_words, 3.0, 30.0),
        ),
    ),
    "warmth": Formula(
        "warmth",
        bias=-1.0,
        terms=(
            Term("gratitude", 1.2, "thanks (\"thank you\", \"we appreciate\")"),
            Term("greeting", 1.2, "a greeting (\"Hi\", \"Hello\")"),
            Term("empathy", 1.2, "acknowledgement of the person's situation (\"I understand\", \"sorry to hear\")"),
            Term("apology", 1.0, "an apology"),
            Term("wellwish", 1.2, "well-wishing or an offer of help (\"happy to help\", \"take care\")"),
            Term("positive_affect", 1.0, "kind words (\"glad\", \"lovely\")"),
            Term("please", 0.8, "\"please\""),
            Term("name", 2.0, "the person's name"),
            Term("second_person", 0.3, "addressing the person as \"you\""),
            Term("emoji", 0.4, "a friendly emoji"),
            Term("indirect_request", 1.0, "softened requests (\"could you\", \"would you mind\")"),
            Term("deference", 1.0, "appreciation of the person (\"great question\", \"good point\")"),
            Term("exclamation", 0.3, "a friendly exclamation"),
            Term("imperative", -0.6, "bare commands opening a sentence (\"Reset ...\", \"Send ...\")"),
            Term("self_reference", -0.6, "impersonal self-reference (\"the company\", \"customers\")"),
            Term("blame", -1.0, "blame (\"you should have\")"),
            Term("passive", -0.4, "passive constructions"),
        ),
    ),
    "negativity": Formula(
        "negativity",
        bias=-1.3,
        terms=(
            Term("refusal", 1.5, "refusals and impossibility (\"unfortunately\", \"unable\", \"can't\")"),
            Term("blame", 1.0, "blame (\"you should have\")"),
            Term("negation", 1.2, "negations (\"not\", \"no\", \"never\")"),
            Term("negative_valence", 1.6, "negative words (VADER valence < 0)"),
            Term("positive_valence", -0.5, "positive words (VADER valence > 0)"),
        ),
    ),
    "enthusiasm": Formula(
        "enthusiasm",
        bias=-1.9,
        terms=(
            Term("excitement", 1.2, "excitement words (\"amazing\", \"thrilled\", \"love\")"),
            Term("intensifier", 1.2, "intensifiers (\"so\", \"really\", \"absolutely\")"),
            Term("exclamation", 1.2, "exclamation marks"),
            Term("emoji", 1.2, "emoji"),
            Term("caps", 0.6, "ALL-CAPS words"),
            Term("positive_valence", 0.3, "positive words (VADER valence > 0)"),
        ),
    ),
    "hedging": Formula(
        "hedging",
        bias=-2.0,
        terms=(
            Term("hedge", 2.2, "hedges (\"I think\", \"maybe\", \"it seems\", \"might\")"),
            Term("booster", -0.8, "boosters (\"definitely\", \"certainly\")"),
        ),
    ),
    "personal": Formula(
        "personal",
        bias=-0.3,
        terms=(
            Term("first_singular", 1.5, "first person singular (\"I\", \"my\")"),
            Term("signature", 1.5, "a sign-off with a name or initials", presence=True),
            Term("contraction", 0.5, "contractions"),
            Term("first_plural", 0.3, "\"we\" (a team voice)"),
            Term("name", 0.5, "the reader's name"),
            Term("passive", -1.5, "passive constructions"),
            Term("self_reference", -1.5, "third-person self-reference (\"the company\", \"the customer\")"),
        ),
    ),
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
