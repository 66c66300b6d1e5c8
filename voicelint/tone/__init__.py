"""Tone scoring for brand-voice linting: six 0-100 dimension scores and sentence-level tone findings.

Pure functions over an already-parsed spaCy ``Doc`` (tagger, lemmatizer, senter; no parser, no
NER). The rule engine maps the scores onto a guide's ``tone:`` ranges; this package only measures.
"""

from voicelint.tone.dimensions import score_tone
from voicelint.tone.explain import explain_dimension
from voicelint.tone.findings import FINDING_KINDS, ToneFinding, find_tone_issues
from voicelint.tone.model import DIMENSIONS, DimensionScore, Evidence, ToneResult

__all__ = [
    "DIMENSIONS",
    "FINDING_KINDS",
    "DimensionScore",
    "Evidence",
    "ToneFinding",
    "ToneResult",
    "explain_dimension",
    "find_tone_issues",
    "score_tone",
]
