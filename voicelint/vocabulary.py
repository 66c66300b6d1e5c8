"""The shared vocabulary of voicelint: severities, categories, tone dimensions, fix kinds.

The lowest module of the package (it imports nothing of voicelint), so every other module,
from the guide schema to the formatters, names these things from one place.
"""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    """Violation severities, ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}; expected error, warning or info") from None

    def __str__(self) -> str:
        return self.name.lower()


#: Severity names, most severe first (the order of ``by_severity`` in reports).
SEVERITY_NAMES: tuple[str, ...] = ("error", "warning", "info")

#: Every violation has exactly one of these (docs/reference.md section 4).
CATEGORIES: tuple[str, ...] = (
    "banned",
    "terminology",
    "readability",
    "length",
    "tone",
    "boilerplate",
    "structure",
    "privacy",
    "placeholder",
    "consistency",
    "suppression",
)

#: The categories whose rules apply the brand's own lists (``banned``, ``terms``). When one of
#: them and a generic rule flag the same words, only the brand's finding is reported.
BRAND_CATEGORIES: frozenset[str] = frozenset({"banned", "terminology"})

#: The six tone dimensions (docs/reference.md section 5), in report order.
TONE_DIMENSIONS: tuple[str, ...] = ("formality", "warmth", "negativity", "enthusiasm", "hedging", "personal")

#: How a fix may be applied (docs/reference.md section 7): ``safe`` keeps the meaning and the text
#: correct; ``unsafe`` is literal text a person should read first; ``display`` is advice only.
APPLICABILITIES: tuple[str, ...] = ("safe", "unsafe", "display")
