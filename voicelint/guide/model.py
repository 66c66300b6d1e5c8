"""The resolved style guide: typed, merged (``extends`` applied) and ready for the rules.

Per-channel settings are resolved once here: a channel's ``readability``, ``tone``,
``boilerplate``, ``max_chars`` and ``public`` override the guide-wide values key by key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from voicelint.guide.sections import registered_sections
from voicelint.vocabulary import Severity


@dataclass(frozen=True, slots=True)
class BannedPhrase:
    phrase: str
    suggest: tuple[str, ...] = ()
    reason: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Term:
    use: str
    avoid: tuple[str, ...]
    reason: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class ReadabilityLimits:
    max_grade: float | None = None
    max_sentence_words: int | None = None


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """Everything the rules need to know about one channel."""

    name: str
    readability: ReadabilityLimits
    tone: Mapping[str, tuple[float, float]]
    boilerplate: Mapping[str, Any]
    max_chars: int | None = None
    public: bool = False
    #: Every per-channel section (:mod:`voicelint.guide.sections`) as merged for this channel:
    #: a rule with a section of its own reads it here (``section("signature")``).
    sections: Mapping[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Any:
        """The merged value of a per-channel section (None when the guide does not set it)."""
        return self.sections.get(key)


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """A rule's entry under ``rules:``: on/off, a severity, options."""

    enabled: bool | None = None
    severity: Severity | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Guide:
    """A loaded guide. Compared and hashed by identity (it is built once and shared)."""

    name: str
    path: str | None
    voice: str | None
    default_channel: str
    channels: Mapping[str, ChannelPolicy]
    banned: tuple[BannedPhrase, ...]
    terms: tuple[Term, ...]
    rules: Mapping[str, RuleSetting]
    library: Mapping[str, str]
    #: The merged, validated data the guide was built from (after ``extends``).
    data: Mapping[str, Any]

    @property
    def fingerprint(self) -> str:
        """A stable hash of the resolved guide, for result caches."""
        payload = json.dumps(self.data, sort_keys=True, default=str).encode()
        return hashlib.sha256(payload).hexdigest()[:16]

    def channel(self, name: str | None = None) -> ChannelPolicy:
        """The policy of channel ``name`` (the default channel when None). Raises KeyError."""
        return self.channels[name or self.default_channel]

    def rule_setting(self, code: str) -> RuleSetting:
        return self.rules.get(code, RuleSetting())


def _readability(data: Mapping[str, Any]) -> ReadabilityLimits:
    return ReadabilityLimits(
        max_grade=data.get("max_grade"),
        max_sentence_words=data.get("max_sentence_words"),
    )


def _severity(value: str | None) -> Severity | None:
    return Severity.parse(value) if value else None


def _merged_sections(guide_data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Each per-channel section: the channel's value over the guide's (key by key for mappings)."""
    merged: dict[str, Any] = {}
    for key, section in registered_sections().items():
        if not section.per_channel or (key not in guide_data and key not in overrides):
            continue
        base, own = guide_data.get(key), overrides.get(key)
        if isinstance(base, Mapping) and isinstance(own, Mapping):
            merged[key] = {**base, **own}
        else:
            merged[key] = own if key in overrides else base
    return merged


def _channel(name: str, guide_data: Mapping[str, Any], overrides: Mapping[str, Any]) -> ChannelPolicy:
    sections = _merged_sections(guide_data, overrides)
    return ChannelPolicy(
        name=name,
        readability=_readability(sections.get("readability") or {}),
        tone={k: (float(v[0]), float(v[1])) for k, v in (sections.get("tone") or {}).items()},
        boilerplate=sections.get("boilerplate") or {},
        max_chars=sections.get("max_chars"),
        public=bool(overrides.get("public", False)),
        sections=sections,
    )


def build_guide(data: Mapping[str, Any], path: str | None, rules: Mapping[str, RuleSetting]) -> Guide:
    """A :class:`Guide` from merged, validated data. ``rules`` is keyed by rule code."""
    channels_data: Mapping[str, Mapping[str, Any]] = data.get("channels") or {}
    default_channel = data.get("default_channel") or (
        "email" if "email" in channels_data or not channels_data else next(iter(channels_data))
    )
    if default_channel not in channels_data:
        channels_data = {**channels_data, default_channel: {}}
    channels = {name: _channel(name, data, overrides) for name, overrides in channels_data.items()}
    banned = tuple(
        BannedPhrase(
            phrase=entry["phrase"],
            suggest=tuple(entry.get("suggest", ())),
            reason=entry.get("reason"),
            severity=_severity(entry.get("severity")),
        )
        for entry in data.get("banned", ())
    )
    terms = tuple(
        Term(
            use=entry["use"],
            avoid=tuple(entry["avoid"]),
            reason=entry.get("reason"),
            severity=_severity(entry.get("severity")),
        )
        for entry in data.get("terms", ())
    )
    return Guide(
        name=data.get("name") or "Unnamed guide",
        path=path,
        voice=data.get("voice"),
        default_channel=default_channel,
        channels=channels,
        banned=banned,
        terms=terms,
        rules=dict(rules),
        library=dict(data.get("library", {})),
        data=dict(data),
    )
