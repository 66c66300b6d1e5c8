"""Known variant pairs of one term or spelling, and which of them a reply uses.

A brand's term choice is learned only between variants known to mean the same thing: the base
guide's own ``terms`` entries (``sign in`` / ``log in``...) and the variant sets of
``voicelint/data/variants.yaml``. Matching is literal, case-insensitive and word-bounded (guide
text is escaped, never read as a pattern), so "log in" is not found inside "log into".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from voicelint.guide.model import Guide


def spelling_variants() -> tuple[tuple[str, ...], ...]:
    """Ways of writing one term with the same meaning (the brand's choice is a matter of voice):
    the base form of each way of the variant sets VL603 uses (``voicelint/data/variants.yaml``),
    the one home of that list."""
    from voicelint.rules.terminology_mix import variant_sets

    return tuple(tuple(way[0] for way in variant_set.ways) for variant_set in variant_sets())


@dataclass(frozen=True)
class VariantGroup:
    """Variants of one term; ``preferred`` is the base guide's choice, if it has one."""

    variants: tuple[str, ...]
    preferred: str | None
    _pattern: re.Pattern[str]

    def used(self, text: str) -> set[str]:
        """The variants (as written in the group) that occur in ``text``."""
        by_lower = {variant.lower(): variant for variant in self.variants}
        return {by_lower[match.group(0).lower()] for match in self._pattern.finditer(text)}


def _group(variants: Sequence[str], preferred: str | None) -> VariantGroup:
    unique = tuple(dict.fromkeys(v.strip() for v in variants if v.strip()))
    # Longest first, so "e-mail" is not read as "mail"; escaped: a guide's text is never a pattern.
    alternatives = "|".join(re.escape(v) for v in sorted(unique, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)
    return VariantGroup(unique, preferred, pattern)


def variant_groups(guide: Guide) -> list[VariantGroup]:
    """The base guide's term entries, then the spelling variants no entry already covers."""
    groups = [_group((term.use, *term.avoid), term.use) for term in guide.terms if term.avoid]
    covered = {v.lower() for group in groups for v in group.variants}
    for variants in spelling_variants():
        if not covered.intersection(v.lower() for v in variants):
            groups.append(_group(variants, None))
    return groups


def variants_used(text: str, groups: Sequence[VariantGroup]) -> Iterator[tuple[int, set[str]]]:
    """``(group index, variants used)`` for each group the text uses at all."""
    for index, group in enumerate(groups):
        used = group.used(text)
        if used:
            yield index, used
