"""Stock phrases mined from real replies (``styleguides/boilerplate_mined.yaml``) join the catalogue.

A sentence fragment that recurs across many independent brands' agents is stock by definition; the
miner (``benchmarks/boilerplate/mine_phrases.py``) found them, a person kept the ones that are
formulas rather than content, and each names the family it joins. They are added to those families
(so a guide's family severity and switches apply to them) when the matcher is built.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from voicelint.boilerplate.catalogue import Catalogue, styleguide_text
from voicelint.boilerplate.syntax import parse_phrase
from voicelint.fast_yaml import load_data


def _packaged_text() -> str:
    return styleguide_text("boilerplate_mined.yaml")


@lru_cache(maxsize=1)
def mined_phrases() -> tuple[tuple[str, str], ...]:
    """(family, phrase) pairs of the packaged mined-phrase file, each phrase checked."""
    data = load_data(_packaged_text()) or {}
    pairs = []
    for entry in data.get("phrases") or ():
        family, phrase = str(entry["family"]), str(entry["phrase"])
        parse_phrase(phrase)
        pairs.append((family, phrase))
    return tuple(pairs)


def with_mined_phrases(catalogue: Catalogue) -> Catalogue:
    """``catalogue`` with each mined phrase added to its family (if the family exists)."""
    extra: dict[str, list[str]] = {}
    for family, phrase in mined_phrases():
        if family in catalogue.families and phrase not in catalogue.families[family].phrases:
            extra.setdefault(family, []).append(phrase)
    if not extra:
        return catalogue
    families = dict(catalogue.families)
    for name, phrases in extra.items():
        families[name] = replace(families[name], phrases=families[name].phrases + tuple(phrases))
    return replace(catalogue, families=families)
