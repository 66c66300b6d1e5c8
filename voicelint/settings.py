"""One home for a rule's effective settings: enabled, severity and options, per channel.

The precedence, written down once and used by the engine, ``voicelint explain`` and
``voicelint rules``:

    rule default  <  the guide's ``rules:`` entry  <  the rule kind's own section
    (e.g. ``boilerplate.severity``, per channel)  <  the matched entry's own ``severity``
    (a ``banned`` phrase, a ``terms`` entry, a boilerplate family)

Across ``extends``, a later guide wins: a child guide's ``rules: {scripted-phrase: error}`` replaces
a ``boilerplate.severity`` it inherited (the guide loader drops the inherited section value, see
:func:`voicelint.guide.loader.merge_layer`), so the order above only decides between settings made
in the same guide file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from voicelint.guide.model import Guide
    from voicelint.rules.base import Rule


@dataclass(frozen=True, slots=True)
class EffectiveSetting:
    """What a rule does in one guide and channel, and where its severity came from."""

    enabled: bool
    severity: Severity
    options: Mapping[str, Any]
    #: For people (``explain``): ``"rule default"``, ``"rules: scripted-phrase"``, ``"boilerplate.severity"``.
    severity_source: str

    def for_entry(self, entry_severity: Severity | None) -> Severity:
        """The severity of one finding: the matched entry's own severity wins over everything."""
        return entry_severity if entry_severity is not None else self.severity


def section_severity(rule: type[Rule], guide: Guide, channel: str | None) -> Severity | None:
    """The severity set in the rule kind's own guide section for ``channel`` (None when unset)."""
    if rule.severity_section is None:
        return None
    section = guide.channel(channel).section(rule.severity_section)
    value = section.get("severity") if isinstance(section, Mapping) else None
    return Severity.parse(value) if isinstance(value, str) else None


def effective_setting(rule: type[Rule], guide: Guide, channel: str | None = None) -> EffectiveSetting:
    """``rule``'s setting in ``guide`` for ``channel`` (the guide's default channel when None)."""
    configured = guide.rule_setting(rule.code)
    severity, source = rule.severity, "rule default"
    if configured.severity is not None:
        severity, source = configured.severity, f"rules: {rule.name}"
    from_section = section_severity(rule, guide, channel)
    if from_section is not None:
        severity, source = from_section, f"{rule.severity_section}.severity"
    return EffectiveSetting(
        enabled=configured.enabled is not False,
        severity=severity,
        options={**rule.defaults, **configured.options},
        severity_source=source,
    )
