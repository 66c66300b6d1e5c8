"""Scripted-boilerplate detection: a catalogue of stock support phrases, a matcher over parsed spaCy
``Doc`` objects, a per-document scriptedness score and library-wide reuse detection.

The rule engine wires these into findings; this package has no CLI or rule code.
"""

from voicelint.boilerplate.catalogue import (
    SETTINGS_KEYS,
    Catalogue,
    Family,
    customise_catalogue,
    load_catalogue,
)
from voicelint.boilerplate.matcher import BoilerplateMatch, BoilerplateMatcher
from voicelint.boilerplate.reuse import ReuseCollector, ReusedSentence, find_library_reuse
from voicelint.boilerplate.score import scriptedness

__all__ = [
    "SETTINGS_KEYS",
    "BoilerplateMatch",
    "BoilerplateMatcher",
    "Catalogue",
    "Family",
    "ReuseCollector",
    "ReusedSentence",
    "customise_catalogue",
    "find_library_reuse",
    "load_catalogue",
    "scriptedness",
]
