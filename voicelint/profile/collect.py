"""Per-group accumulation of a profile: a few numbers per document, never a Doc or a text.

Memory is the groups times the documents' eight floats (six tone dimensions, scriptedness and
grade) plus the counters of forms and terms, so a 100k-record library profiles in flat memory
apart from those lists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from voicelint.profile.forms import ReplyForms
from voicelint.report import DocumentResult
from voicelint.vocabulary import TONE_DIMENSIONS

#: The metrics a group's spread is reported for, besides the tone dimensions.
OTHER_METRICS = ("scriptedness", "grade")
#: The group of documents nobody is named for (``--by agent`` with no agent field or signature).
UNATTRIBUTED = "(unattributed)"
#: The ``--by`` values; ``field:NAME`` groups by a record field too.
GROUP_KEYS = ("agent", "channel", "file")
_PREFERRED_TERM_RULE = "VL102"


@dataclass(slots=True)
class Group:
    """What is kept of one group's documents."""

    name: str
    #: Whether the documents are attributed to this name (False for :data:`UNATTRIBUTED`).
    attributed: bool = True
    documents: int = 0
    values: dict[str, list[float]] = field(default_factory=dict)
    greetings: Counter[str] = field(default_factory=Counter)
    sign_offs: Counter[str] = field(default_factory=Counter)
    preferred: Counter[str] = field(default_factory=Counter)
    avoided: Counter[str] = field(default_factory=Counter)

    def add(self, result: DocumentResult, forms: ReplyForms) -> None:
        self.documents += 1
        scores = result.scores
        tone = scores.get("tone") or {}
        for dimension in TONE_DIMENSIONS:
            if isinstance(tone.get(dimension), int | float):
                self.values.setdefault(dimension, []).append(float(tone[dimension]))
        scripted = scores.get("scriptedness")
        if isinstance(scripted, int | float):
            self.values.setdefault("scriptedness", []).append(float(scripted))
        grade = (scores.get("readability") or {}).get("fk_grade")
        if isinstance(grade, int | float):
            self.values.setdefault("grade", []).append(float(grade))
        self.greetings[forms.greeting] += 1
        self.sign_offs.update(forms.sign_offs)
        self.preferred.update(forms.preferred)
        for violation in result.violations:
            if violation.rule == _PREFERRED_TERM_RULE:
                self.avoided[violation.match.lower()] += 1


def group_name(by: str, result: DocumentResult, forms: ReplyForms, fields: dict[str, str]) -> str | None:
    """The group a document belongs to under ``by``; None when it names none (no agent known)."""
    if by == "channel":
        return result.channel
    if by == "file":
        return result.path
    if by == "agent":
        return result.agent or forms.signer
    name = by.removeprefix("field:")
    value = fields.get(name)
    return value if value not in (None, "") else None


class ProfileCollector:
    """Groups documents as they stream past."""

    def __init__(self, by: str) -> None:
        self.by = by
        self.groups: dict[str, Group] = {}
        self.unattributed = Group(UNATTRIBUTED, attributed=False)
        self.channels: set[str] = set()

    def add(self, result: DocumentResult, forms: ReplyForms, fields: dict[str, str]) -> None:
        name = group_name(self.by, result, forms, fields)
        self.channels.add(result.channel)
        if name is None:
            self.unattributed.add(result, forms)
            return
        # one agent signs "-Amie" and "-AMie": an agent's name is compared without case
        key = name.casefold() if self.by == "agent" else name
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(name)
        group.add(result, forms)

    @property
    def documents(self) -> int:
        return sum(g.documents for g in self.groups.values()) + self.unattributed.documents

    def ordered(self) -> list[Group]:
        """Attributed groups, most documents first, then the unattributed documents if any."""
        groups = sorted(self.groups.values(), key=lambda g: (-g.documents, g.name))
        return groups + ([self.unattributed] if self.unattributed.documents else [])
