"""The boilerplate catalogue (families of stock phrases) and its customisation by a style guide.

The shipped catalogue is data (``styleguides/boilerplate.yaml``, packaged as
``voicelint.styleguides``); a guide's ``boilerplate:`` section switches families on and off, changes
their severity, allow-lists phrases and adds the brand's own phrases and families. Phrases are
checked against the syntax here, so a bad phrase is an error when the guide is loaded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from voicelint.boilerplate.syntax import PhraseSyntaxError, parse_phrase
from voicelint.fast_yaml import load_data

SEVERITIES = ("error", "warning", "info")

#: The keys of a guide's ``boilerplate:`` section (also valid inside ``channels.<name>.boilerplate``).
SETTINGS_KEYS: dict[str, str] = {
    "enabled": "bool: check for stock, scripted phrasing at all (default true)",
    "severity": "error|warning|info: severity of a boilerplate finding (default warning)",
    "allow": "list of phrases (catalogue syntax) this brand accepts; they never match",
    "families": (
        "mapping of family or group name (apology, opener, thank-you, closer) -> error|warning|info|off, "
        "or {enabled: bool, severity: error|warning|info, phrases: [extra phrases]}"
    ),
    "extra": "list of new families: {name, summary, why, rewrites: [..>=2], phrases: [..], severity?, enabled?}",
}
FAMILY_SETTINGS_KEYS: dict[str, str] = {
    "enabled": "bool: check this family",
    "severity": "error|warning|info: overrides boilerplate.severity for this family",
    "phrases": "list of phrases to add to this family",
}
EXTRA_FAMILY_KEYS = ("name", "summary", "why", "rewrites", "phrases", "severity", "enabled", "examples")

_NAME_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Family:
    """A family of stock phrases that share one explanation and one set of human rewrites."""

    name: str
    summary: str
    why: str
    rewrites: tuple[str, ...]
    phrases: tuple[str, ...]
    severity: str | None = None
    enabled: bool = True
    #: Texts that must contain a match / must not (checked by the test-suite for every family).
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """All families by name, plus the phrases a guide allow-lists (they never match)."""

    families: dict[str, Family]
    allow: tuple[str, ...] = field(default=())
    #: Named groups of families a guide can set at once (``families: {apology: warning}``).
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def enabled_families(self) -> list[Family]:
        return [family for family in self.families.values() if family.enabled]


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_phrases(family: str, phrases: tuple[str, ...]) -> None:
    for phrase in phrases:
        try:
            parse_phrase(phrase)
        except PhraseSyntaxError as exc:
            raise ValueError(f"boilerplate family {family!r}: {exc}") from None


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: expected a list of strings")
    return tuple(v.strip() for v in value)


def family_from_mapping(data: Mapping[str, Any], where: str = "boilerplate") -> Family:
    """A :class:`Family` from its YAML mapping, with semantic checks (name, rewrites, phrases)."""
    unknown = set(data) - set(EXTRA_FAMILY_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise ValueError(f"{where}: unknown key {key!r}{_did_you_mean(key, list(EXTRA_FAMILY_KEYS))}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(f"{where}: family name must be kebab-case (e.g. 'acme-script'), got {name!r}")
    where = f"{where} family {name!r}"
    rewrites = _strings(data.get("rewrites", []), f"{where}: rewrites")
    if len(rewrites) < 2:
        raise ValueError(f"{where}: needs at least two human rewrites")
    phrases = _strings(data.get("phrases", []), f"{where}: phrases")
    if not phrases:
        raise ValueError(f"{where}: needs at least one phrase")
    _check_phrases(name, phrases)
    severity = data.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"{where}: severity must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    examples = data.get("examples") or {}
    return Family(
        name=name,
        summary=str(data.get("summary", "")).strip(),
        why=" ".join(str(data.get("why", "")).split()),
        rewrites=rewrites,
        phrases=phrases,
        severity=severity,
        enabled=bool(data.get("enabled", True)),
        examples_match=_strings(examples.get("match", []), f"{where}: examples.match"),
        examples_no_match=_strings(examples.get("no_match", []), f"{where}: examples.no_match"),
    )


def catalogue_from_yaml(text: str, where: str = "boilerplate.yaml") -> Catalogue:
    data = load_data(text) or {}
    families: dict[str, Family] = {}
    for name, body in (data.get("families") or {}).items():
        families[name] = family_from_mapping({"name": name, **body}, where)
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in (data.get("groups") or {}).items():
        members = _strings(members, f"{where}: groups.{name}")
        unknown = [m for m in members if m not in families]
        if unknown or name in families:
            raise ValueError(f"{where}: group {name!r} names an unknown family or shadows one: {unknown or name}")
        groups[name] = members
    return Catalogue(families=families, groups=groups)


def styleguide_text(name: str) -> str:
    """A packaged data file of ``styleguides/``. A source checkout's own folder (next to the
    ``voicelint`` package) wins over the installed one, so a checkout never reads another
    checkout's catalogue through an editable install."""
    path = Path(__file__).resolve().parents[2] / "styleguides" / name
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return resources.files("voicelint.styleguides").joinpath(name).read_text(encoding="utf-8")


def _packaged_text() -> str:
    return styleguide_text("boilerplate.yaml")


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The packaged catalogue (parsed and checked once per process)."""
    return catalogue_from_yaml(_packaged_text())


def customise_catalogue(base: Catalogue, settings: Mapping[str, Any]) -> Catalogue:
    """``base`` as a guide's ``boilerplate:`` section changes it (see :data:`SETTINGS_KEYS`).

    ``enabled: false`` disables every family; ``families.<name>`` switches one family, sets its
    severity or adds phrases; ``extra`` adds whole families; ``allow`` lists phrases that never match.
    The guide's ``severity`` is not copied into families: a family's ``severity`` of ``None`` means
    "use the guide's". Channel overrides are merged by the guide loader before this is called.
    """
    unknown = set(settings) - set(SETTINGS_KEYS)
    if unknown:
        key = sorted(unknown)[0]
        raise ValueError(f"boilerplate: unknown key {key!r}{_did_you_mean(key, list(SETTINGS_KEYS))}")
    severity = settings.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"boilerplate.severity: must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    families = dict(base.families)

    for index, extra in enumerate(settings.get("extra") or ()):
        family = family_from_mapping(extra, f"boilerplate.extra[{index}]")
        if family.name in families:
            raise ValueError(
                f"boilerplate.extra[{index}]: family {family.name!r} already exists; "
                f"use boilerplate.families.{family.name}.phrases to add phrases to it"
            )
        families[family.name] = family

    for name, overrides in _family_settings(settings.get("families") or {}, families, base.groups):
        overrides = _as_mapping(name, overrides)
        bad = set(overrides) - set(FAMILY_SETTINGS_KEYS)
        if bad:
            key = sorted(bad)[0]
            raise ValueError(
                f"boilerplate.families.{name}: unknown key {key!r}{_did_you_mean(key, list(FAMILY_SETTINGS_KEYS))}"
            )
        family = families[name]
        changes: dict[str, Any] = {}
        if "enabled" in overrides:
            changes["enabled"] = bool(overrides["enabled"])
        if overrides.get("severity") is not None:
            if overrides["severity"] not in SEVERITIES:
                raise ValueError(
                    f"boilerplate.families.{name}.severity: must be one of {', '.join(SEVERITIES)}, "
                    f"got {overrides['severity']!r}"
                )
            changes["severity"] = overrides["severity"]
        if "phrases" in overrides:
            added = _strings(overrides["phrases"], f"boilerplate.families.{name}.phrases")
            _check_phrases(name, added)
            changes["phrases"] = family.phrases + tuple(p for p in added if p not in family.phrases)
        families[name] = replace(family, **changes)

    if settings.get("enabled") is False:
        families = {name: replace(family, enabled=False) for name, family in families.items()}

    allow = _strings(settings.get("allow") or [], "boilerplate.allow")
    for phrase in allow:
        try:
            parse_phrase(phrase, min_required=1)
        except PhraseSyntaxError as exc:
            raise ValueError(f"boilerplate.allow: {exc}") from None
    return Catalogue(
        families=families, allow=base.allow + tuple(p for p in allow if p not in base.allow), groups=base.groups
    )


def _family_settings(
    settings: Mapping[str, Any], families: Mapping[str, Family], groups: Mapping[str, tuple[str, ...]]
) -> list[tuple[str, Any]]:
    """(family, setting) pairs with group names expanded; a group's setting comes first, so a
    family named on its own wins over its group whatever the order in the guide."""
    from_groups: list[tuple[str, Any]] = []
    own: list[tuple[str, Any]] = []
    for name, value in settings.items():
        if name in groups:
            from_groups += [(member, value) for member in groups[name]]
        elif name in families:
            own.append((name, value))
        else:
            known = [*families, *groups]
            raise ValueError(f"boilerplate.families: unknown family {name!r}{_did_you_mean(name, known)}")
    return from_groups + own


def _as_mapping(name: str, value: Any) -> Mapping[str, Any]:
    """A family's setting as a mapping: the short forms ``warning`` (severity), ``off``/``false``
    and ``on``/``true`` become ``{severity: ...}`` / ``{enabled: ...}``."""
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"enabled": value}
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("off", "on"):
            return {"enabled": word == "on"}
        if word in SEVERITIES:
            return {"enabled": True, "severity": word}
        raise ValueError(
            f"boilerplate.families.{name}: expected one of {', '.join(SEVERITIES)}, off, on or a mapping, "
            f"got {value!r}{_did_you_mean(word, [*SEVERITIES, 'off', 'on'])}"
        )
    if not isinstance(value, Mapping):
        raise ValueError(f"boilerplate.families.{name}: expected a severity, off, on or a mapping")
    return value
