"""Loading a style guide: safe YAML, validation with file:line:col errors, ``extends``, discovery.

Guides are untrusted data. They are composed with PyYAML's safe loader into nodes, validated
node by node (so every error keeps its position), and only plain scalars are ever constructed.
Banned phrases and terms are phrases, never regular expressions, so no guide can make matching
slow.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from voicelint.guide.model import Guide, RuleSetting, build_guide
from voicelint.guide.schema import AnyOf, Bool, Choice, Context, Map, SchemaError, Spec, Switch
from voicelint.guide.sections import known_rules, registered_sections, rule_named
from voicelint.guide.spec import guide_spec
from voicelint.vocabulary import SEVERITY_NAMES, Severity

#: The preset a user gets when no guide is found.
DEFAULT_PRESET = "support-default"
GUIDE_FILENAMES = ("voicelint.yaml", ".voicelint.yaml")
MAX_GUIDE_BYTES = 2_000_000
MAX_EXTENDS_DEPTH = 10


class GuideError(Exception):
    """A style guide that cannot be used; ``errors`` holds every problem found, with positions."""

    def __init__(self, errors: Sequence[SchemaError | str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def preset_names() -> list[str]:
    """The built-in presets: the style guides among the YAML files of ``styleguides/``.

    Other data shipped there, such as the boilerplate catalogue (``boilerplate.yaml``, which also
    has ``version``), is not a guide and is never offered as one.
    """
    names = []
    for entry in resources.files("voicelint.styleguides").iterdir():
        if entry.name.endswith(".yaml") and _is_guide_text(entry.read_text(encoding="utf-8")):
            names.append(entry.name.removesuffix(".yaml"))
    return sorted(names)


def _is_guide_text(text: str) -> bool:
    """Whether shipped YAML is shaped like a guide: a top-level ``version`` and only guide keys.

    Only the top-level keys are looked at (block style, as the shipped files are written), so
    this is cheap enough for every preset load; whether the guide is valid is for loading it to
    say (tests load every preset, and account for every other YAML file in ``styleguides/``).
    """
    keys = set()
    for line in text.splitlines():
        if line and (line[0].isalpha() or line[0] in "_'\""):  # not indented, a comment or '---'
            key, colon, _ = line.partition(":")
            if colon:
                keys.add(key.strip().strip("'\""))
    return "version" in keys and keys <= set(guide_spec().fields)


def _preset_text(name: str) -> str | None:
    """The text of the built-in preset ``name``, or None when there is no such guide."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    entry = resources.files("voicelint.styleguides").joinpath(f"{name}.yaml")
    if not entry.is_file():
        return None
    text = entry.read_text(encoding="utf-8")
    return text if _is_guide_text(text) else None


def _rules_spec() -> Spec:
    """The ``rules:`` schema, built from the registry so unknown rules and options are caught."""
    fields: dict[str, Spec] = {}
    for rule in known_rules():
        options: dict[str, Spec] = {"enabled": Bool(), "severity": Choice(choices=SEVERITY_NAMES)}
        options.update(rule.options)
        setting = AnyOf(
            scalar=Switch(choices=("off", "on", *SEVERITY_NAMES)),
            mapping=Map(fields=options),
            expected="off, on, a severity, or a mapping of options",
        )
        for alias in rule.aliases():
            fields[alias] = setting
    return Map(fields=fields)


def _parse(text: str, display_path: str) -> Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display_path}:{mark.line + 1}:{mark.column + 1}" if mark else display_path
        raise GuideError([f"{where}: YAML syntax error: {exc.problem or exc.context}"]) from None
    except yaml.YAMLError as exc:
        raise GuideError([f"{display_path}: YAML error: {exc}"]) from None
    if node is None:
        raise GuideError([f"{display_path}:1:1: the style guide is empty; it needs at least 'version: 1'"])
    return node


def _validate(text: str, display_path: str) -> dict[str, Any]:
    node = _parse(text, display_path)
    ctx = Context(display_path)
    data = guide_spec(_rules_spec()).validate(node, "", ctx)
    if ctx.errors:
        raise GuideError(ctx.errors)
    assert isinstance(data, dict)
    return data


def _merge_keyed(base: list[Any], override: list[Any], key: str) -> list[Any]:
    """Merge two lists of entries keyed case-insensitively by ``key``; the override wins."""
    merged: dict[str, Any] = {}
    for entry in [*base, *override]:
        merged[str(entry[key]).lower()] = entry
    return list(merged.values())


_KEYED_LISTS = {"banned": "phrase", "terms": "use", "extra": "name"}
_UNION_LISTS = {"allow"}


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge guide data: mappings merge, keyed lists merge by key, other values are replaced."""
    result = dict(base)
    for key, value in override.items():
        current = result.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            result[key] = merge(current, value)
        elif key in _KEYED_LISTS and isinstance(current, list) and isinstance(value, list):
            result[key] = _merge_keyed(current, value, _KEYED_LISTS[key])
        elif key in _UNION_LISTS and isinstance(current, list) and isinstance(value, list):
            result[key] = list(dict.fromkeys([*current, *value]))
        else:
            result[key] = value
    return result


def _normalise_banned(data: dict[str, Any]) -> None:
    if "banned" in data:
        data["banned"] = [{"phrase": e} if isinstance(e, str) else e for e in data["banned"]]


def _load_data(source: str, base_dir: Path | None, chain: tuple[str, ...]) -> tuple[dict[str, Any], str | None]:
    """Validated data of one guide with its ``extends`` resolved; returns (data, path or None)."""
    if len(chain) > MAX_EXTENDS_DEPTH:
        raise GuideError([f"extends chain too deep: {' -> '.join(chain)}"])
    text, display_path, own_dir = _read_source(source, base_dir)
    identity = display_path if own_dir is not None else f"preset:{source}"
    if identity in chain:
        raise GuideError([f"{display_path}: extends forms a cycle: {' -> '.join((*chain, identity))}"])
    return _load_text(text, display_path, own_dir, base_dir, (*chain, identity)), (
        display_path if own_dir is not None else None
    )


def _load_text(
    text: str, display_path: str, own_dir: Path | None, base_dir: Path | None, chain: tuple[str, ...]
) -> dict[str, Any]:
    data = _validate(text, display_path)
    _normalise_banned(data)
    parents = data.pop("extends", [])
    if isinstance(parents, str):
        parents = [parents]
    merged: dict[str, Any] = {}
    for parent in parents:
        parent_data, _ = _load_data(parent, own_dir if own_dir is not None else base_dir, chain)
        merged = merge(merged, parent_data)
    return merge(_drop_overridden_section_severities(merged, data), data)


def _rule_severity_set(value: Any) -> bool:
    """Whether a ``rules:`` entry sets a severity (``error``, ``{severity: info}``)."""
    if isinstance(value, str):
        return value in SEVERITY_NAMES
    return isinstance(value, Mapping) and "severity" in value


def _drop_overridden_section_severities(inherited: dict[str, Any], own: Mapping[str, Any]) -> dict[str, Any]:
    """A later guide wins: its ``rules: {X: SEVERITY}`` replaces a section severity it inherited.

    Within one guide file a rule kind's section (``boilerplate.severity``) is more specific than
    ``rules:`` (see :mod:`voicelint.settings`); but when a guide extends a preset that set the
    section, the extending guide's ``rules:`` entry is the user's latest word and must win.
    """
    for key, value in (own.get("rules") or {}).items():
        rule = rule_named(key)
        section = rule.severity_section if rule is not None else None
        if section is None or not _rule_severity_set(value) or "severity" in (own.get(section) or {}):
            continue
        inherited = _without_severity(inherited, section)
        for name, channel in (inherited.get("channels") or {}).items():
            own_channel = (own.get("channels") or {}).get(name) or {}
            if isinstance(channel, Mapping) and "severity" not in (own_channel.get(section) or {}):
                inherited["channels"] = {**inherited["channels"], name: _without_severity(dict(channel), section)}
    return inherited


def _without_severity(data: dict[str, Any], section: str) -> dict[str, Any]:
    settings = data.get(section)
    if not isinstance(settings, Mapping) or "severity" not in settings:
        return data
    return {**data, section: {k: v for k, v in settings.items() if k != "severity"}}


def _read_source(source: str, base_dir: Path | None) -> tuple[str, str, Path | None]:
    """(text, display path, folder for relative extends; None for a preset)."""
    looks_like_path = source.endswith((".yaml", ".yml")) or "/" in source or os.sep in source
    if not looks_like_path:
        preset = _preset_text(source)
        if preset is not None:
            return preset, f"<preset {source}>", None
        raise GuideError(
            [f"unknown preset {source!r}; built-in presets: {', '.join(preset_names())} "
             "(a guide file needs a path ending in .yaml or .yml)"]
        )
    path = Path(source)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GuideError([f"{source}: style guide not found"]) from None
    except OSError as exc:
        raise GuideError([f"{source}: cannot read style guide: {exc.strerror}"]) from None
    if len(raw) > MAX_GUIDE_BYTES:
        raise GuideError([f"{source}: style guide is {len(raw)} bytes; at most {MAX_GUIDE_BYTES} allowed"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GuideError([f"{source}: not valid UTF-8 at byte {exc.start}"]) from None
    return text, _display(path), path.parent


def _display(path: Path) -> str:
    """A path relative to the current folder when it is below it (shorter error messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _rule_settings(data: Mapping[str, Any]) -> dict[str, RuleSetting]:
    settings: dict[str, RuleSetting] = {}
    for key, value in (data.get("rules") or {}).items():
        rule = rule_named(key)
        if rule is None:  # pragma: no cover - the schema already rejected unknown names
            continue
        if isinstance(value, str):
            setting = RuleSetting(
                enabled=value != "off",
                severity=Severity.parse(value) if value in SEVERITY_NAMES else None,
            )
        else:
            options = {k: v for k, v in value.items() if k not in ("enabled", "severity")}
            setting = RuleSetting(
                enabled=value.get("enabled"),
                severity=Severity.parse(value["severity"]) if "severity" in value else None,
                options=options,
            )
        settings[rule.code] = setting
    return settings


def _check_semantics(data: Mapping[str, Any], where: str) -> None:
    channels = data.get("channels") or {}
    default = data.get("default_channel")
    if default and channels and default not in channels:
        raise GuideError(
            [f"{where}: default_channel: {default!r} is not one of the guide's channels "
             f"({', '.join(channels)})"]
        )
    _check_sections(data, where)


def _check_sections(data: Mapping[str, Any], where: str) -> None:
    """Each section's own check (e.g. boilerplate families compile), guide-wide and per channel."""
    errors = []
    for key, section in registered_sections().items():
        if section.check is None:
            continue
        base = data.get(key)
        values = {key: base} if base is not None else {}
        if section.per_channel:
            for name, channel in (data.get("channels") or {}).items():
                if key in channel:
                    merged = {**base, **channel[key]} if isinstance(base, Mapping) else channel[key]
                    values[f"channels.{name}.{key}"] = merged
        for key_path, value in values.items():
            try:
                section.check(value)
            except ValueError as exc:
                message = str(exc)
                if message.startswith(key):
                    message = key_path + message.removeprefix(key)
                errors.append(f"{where}: {message}")
    if errors:
        raise GuideError(errors)


def load_guide(path_or_name: str | os.PathLike[str] = DEFAULT_PRESET) -> Guide:
    """Load a guide file or built-in preset, validate it, resolve ``extends`` and build the guide."""
    source = os.fspath(path_or_name)
    data, path = _load_data(source, Path.cwd() if _is_path_like(source) else None, ())
    _check_semantics(data, path or f"<preset {source}>")
    return build_guide(data, path, _rule_settings(data))


def load_guide_text(text: str, display_path: str = "<string>", base_dir: Path | None = None) -> Guide:
    """A guide from YAML text (``extends`` paths resolve against ``base_dir``, default the cwd)."""
    folder = base_dir or Path.cwd()
    data = _load_text(text, display_path, folder, folder, (display_path,))
    _check_semantics(data, display_path)
    return build_guide(data, None, _rule_settings(data))


def _is_path_like(source: str) -> bool:
    return source.endswith((".yaml", ".yml")) or "/" in source or os.sep in source


def discover_guide(start: Path | None = None) -> str:
    """The guide to use when none is named (CONTRACT section 1, ``--guide``).

    ``voicelint.yaml`` or ``.voicelint.yaml`` in the folder or the nearest parent; else
    ``[tool.voicelint] guide`` in the nearest ``pyproject.toml``; else the default preset.
    """
    folder = (start or Path.cwd()).resolve()
    for candidate_dir in (folder, *folder.parents):
        for name in GUIDE_FILENAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                return str(candidate)
    for candidate_dir in (folder, *folder.parents):
        pyproject = candidate_dir / "pyproject.toml"
        if pyproject.is_file():
            try:
                config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
                raise GuideError([f"{pyproject}: cannot read [tool.voicelint]: {exc}"]) from None
            guide = config.get("tool", {}).get("voicelint", {}).get("guide")
            if guide is None:
                break  # only the nearest pyproject.toml counts
            if not isinstance(guide, str):
                raise GuideError([f"{pyproject}: [tool.voicelint] guide: expected a string, got {guide!r}"])
            if _is_path_like(guide):
                return str(candidate_dir / guide)
            return guide
    return DEFAULT_PRESET
