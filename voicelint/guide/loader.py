"""Loading a style guide: safe YAML, validation with file:line:col errors, ``extends``, discovery.

Guides are untrusted data. They are composed with PyYAML's safe loader into nodes, validated
node by node (so every error keeps its position), and only plain scalars are ever constructed.
Banned phrases and terms are phrases, never regular expressions, so no guide can make matching
slow.

What a guide can make the loader do is bounded: a file is read only if it is a regular file and
at most :data:`MAX_GUIDE_BYTES` are read (never a FIFO, socket or device, which could block or
never end); nesting deeper than :data:`MAX_GUIDE_DEPTH` is refused before anything recurses;
validation visits at most :data:`~voicelint.guide.schema.MAX_GUIDE_NODES` values per load, aliases
and ``extends`` included. ``extends`` names a built-in preset or a guide file inside the project
(the folder of the top-level guide and below, after resolving ``..`` and symlinks), or below a
folder listed in the environment variable :data:`EXTENDS_ROOT_ENV`; and a file reached through
``extends`` is never quoted in an error (it may be a secret that is not a guide at all).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicelint.guide.model import Guide, RuleSetting, build_guide
from voicelint.guide.schema import (
    AnyOf,
    Bool,
    Choice,
    Context,
    GuideTooLarge,
    Map,
    NodeBudget,
    SchemaError,
    Spec,
    Switch,
)
from voicelint.guide.sections import known_rules, registered_sections, rule_named
from voicelint.guide.spec import guide_spec
from voicelint.vocabulary import SEVERITY_NAMES, Severity

#: The preset a user gets when no guide is found.
DEFAULT_PRESET = "support-default"
GUIDE_FILENAMES = ("voicelint.yaml", ".voicelint.yaml")
MAX_GUIDE_BYTES = 2_000_000
MAX_EXTENDS_DEPTH = 10
#: How deeply a guide may nest mappings and lists (a real guide nests five levels at most).
MAX_GUIDE_DEPTH = 64
#: Folders (separated by ``os.pathsep``) where ``extends`` may also find guide files, besides the
#: folder of the top-level guide and below; for a guide shared by several projects.
EXTENDS_ROOT_ENV = "VOICELINT_EXTENDS_ROOT"


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


_PRESET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def _preset_text(name: str) -> str | None:
    """The text of the built-in preset ``name``, or None when there is no such guide."""
    # Only the names the shipped presets can have: no path, no NUL, no name too long for the OS.
    if not _PRESET_NAME.fullmatch(name):
        return None
    entry = resources.files("voicelint.styleguides").joinpath(f"{name}.yaml")
    try:
        if not entry.is_file():
            return None
        text = entry.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
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


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


class _GuideComposer(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than :data:`MAX_GUIDE_DEPTH`.

    PyYAML's composer recurses once per level (a few frames each), so a guide nested a thousand
    levels deep would raise ``RecursionError``; the depth is checked before each level recurses.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_GUIDE_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


#: What PyYAML's messages quote of the file (``found undefined alias 'x'``), beyond one character.
_QUOTED = re.compile(r"'[^']{3,}'|\"[^\"]{3,}\"")


def _parse(text: str, display_path: str, *, quote: bool = True) -> Node:
    loader: _GuideComposer | None = None
    try:
        loader = _GuideComposer(text)  # the reader checks every character here
        node = loader.get_single_node()
    except _TooDeep as exc:
        where = f"{display_path}:{exc.mark.line + 1}:{exc.mark.column + 1}"
        message = f"nested more than {MAX_GUIDE_DEPTH} levels deep; a guide is never that deep"
        raise GuideError([f"{where}: {message}"]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise GuideError(
            [f"{display_path}:{line}:{column}: YAML error: character #x{exc.character:04x} is not allowed in YAML"]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{display_path}:{mark.line + 1}:{mark.column + 1}" if mark else display_path
        problem = str(exc.problem or exc.context)
        if not quote:
            problem = _QUOTED.sub("(...)", problem)
        raise GuideError([f"{where}: YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        detail = f": {exc}" if quote else ""
        raise GuideError([f"{display_path}: YAML error{detail}"]) from None
    except RecursionError:  # not expected below MAX_GUIDE_DEPTH; never a traceback
        raise GuideError([f"{display_path}: nested too deeply to read"]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise GuideError([f"{display_path}:1:1: the style guide is empty; it needs at least 'version: 1'"])
    return node


def _not_a_guide(display_path: str, prefix: str = "") -> GuideError:
    return GuideError(
        [f"{prefix}{display_path}: not a voicelint guide (a guide is a YAML mapping with 'version: 1'); "
         "its content is not shown"]
    )


def _looks_like_guide(node: Node) -> bool:
    """A mapping with ``version: 1`` at the top: what a file reached by ``extends`` must be to be read."""
    if not isinstance(node, MappingNode):
        return False
    return any(
        isinstance(key, ScalarNode) and key.value == "version" and isinstance(value, ScalarNode) and value.value == "1"
        for key, value in node.value
    )


def _validate(
    text: str, display_path: str, budget: NodeBudget, extended: str | None = None
) -> tuple[dict[str, Any], Node]:
    """Validated data of one file, and its root node.

    ``extended``: for a file reached through ``extends``, where it is named (``g.yaml:2:10:
    extends: ``). Such a file must look like a guide before it is validated, and its values are
    never quoted in errors: a path inside the project may still be a secret.
    """
    if extended is not None and not re.search(r"""\bversion["']?\s*:""", text):
        raise _not_a_guide(display_path, extended)  # not worth parsing (a YAML error might quote it)
    node = _parse(text, display_path, quote=extended is None)
    if extended is not None and not _looks_like_guide(node):
        raise _not_a_guide(display_path, extended)
    if not isinstance(node, MappingNode):
        # Never quote a whole file that is not a mapping: ``--guide`` may name any file.
        raise _not_a_guide(display_path)
    ctx = Context(display_path, quote=extended is None, budget=budget)
    data = None
    with contextlib.suppress(GuideTooLarge):  # the context holds the error, where the budget ran out
        data = guide_spec(_rules_spec()).validate(node, "", ctx)
    if ctx.errors:
        raise GuideError(ctx.errors)
    assert isinstance(data, dict)
    return data, node


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


@dataclass
class _Load:
    """What every file of one guide load shares: where ``extends`` may read, and the value budget."""

    roots: tuple[str, ...]
    budget: NodeBudget = field(default_factory=NodeBudget)
    #: Guides already loaded, by identity: (data, path or None, values it cost). A guide extended
    #: many times is read once, and each further use costs what its first load did.
    loaded: dict[str, tuple[dict[str, Any], str | None, int]] = field(default_factory=dict)

    @classmethod
    def below(cls, folder: str | os.PathLike[str]) -> _Load:
        """A load whose ``extends`` may read ``folder`` and below, and the folders of :data:`EXTENDS_ROOT_ENV`."""
        extra = [p for p in os.environ.get(EXTENDS_ROOT_ENV, "").split(os.pathsep) if p.strip()]
        return cls(tuple(os.path.realpath(p) for p in (os.fspath(folder), *extra)))

    def allows(self, real_path: str) -> bool:
        return any(real_path == root or real_path.startswith(root.rstrip(os.sep) + os.sep) for root in self.roots)


def _load_data(
    source: str, base_dir: Path | None, chain: tuple[str, ...], load: _Load, named_at: str | None = None
) -> tuple[dict[str, Any], str | None]:
    """Validated data of one guide with its ``extends`` resolved; returns (data, path or None).

    ``named_at``: where the ``extends`` entry naming this guide is (``guide.yaml:2:10``); None for
    the top-level guide, which is the user's choice and read from anywhere.
    """
    prefix = f"{named_at}: extends: " if named_at else ""
    if len(chain) > MAX_EXTENDS_DEPTH:
        raise GuideError([f"{prefix}extends chain too deep: {' -> '.join(chain)}"])
    identity, path = _locate(source, base_dir, load, prefix if named_at else None)
    if identity in chain:
        raise GuideError([f"{prefix}{source}: extends forms a cycle: {' -> '.join((*chain, identity))}"])
    if identity in load.loaded:
        data, shown_path, cost = load.loaded[identity]
        load.budget.used += cost
        if load.budget.used > load.budget.limit:
            raise GuideError(
                [f"{prefix}the guide expands to more than {load.budget.limit} values (through aliases, merge keys "
                 "or extends); a guide may not be larger"]
            )
        return data, shown_path
    text, display_path, own_dir = _read_source(source, identity, path, prefix)
    before = load.budget.used
    data = _load_text(text, display_path, own_dir, base_dir, (*chain, identity), load, extended=prefix or None)
    shown = display_path if own_dir is not None else None
    load.loaded[identity] = (data, shown, load.budget.used - before)
    return data, shown


def _load_text(
    text: str,
    display_path: str,
    own_dir: Path | None,
    base_dir: Path | None,
    chain: tuple[str, ...],
    load: _Load,
    *,
    extended: str | None = None,
) -> dict[str, Any]:
    data, root = _validate(text, display_path, load.budget, extended=extended)
    _normalise_banned(data)
    parents = data.pop("extends", [])
    if isinstance(parents, str):
        parents = [parents]
    marks = _extends_marks(root, display_path, len(parents))
    merged: dict[str, Any] = {}
    for parent, mark in zip(parents, marks, strict=True):
        parent_data, _ = _load_data(parent, own_dir if own_dir is not None else base_dir, chain, load, mark)
        merged = merge(merged, parent_data)
    return merge(_drop_overridden_section_severities(merged, data), data)


def _extends_marks(root: Node, display_path: str, count: int) -> list[str]:
    """``file:line:col`` of each ``extends`` entry of a guide (the file alone when not found)."""
    marks: list[Node] = []
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if isinstance(key, ScalarNode) and key.value == "extends":
                marks = list(value.value) if isinstance(value, SequenceNode) else [value]
    if len(marks) != count:
        return [display_path] * count
    return [f"{display_path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}" for node in marks]


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


def _locate(source: str, base_dir: Path | None, load: _Load, extends_prefix: str | None) -> tuple[str, Path | None]:
    """(identity, path): ``preset:NAME`` and None for a built-in preset, else the real path and the path.

    ``extends_prefix`` is given when ``source`` is named by ``extends`` (then it must be inside the
    load's roots); it starts each error, so the message says which entry of which guide it is.
    """
    prefix = extends_prefix or ""
    if not _is_path_like(source):
        if _preset_text(source) is not None:
            return f"preset:{source}", None
        raise GuideError(
            [f"{prefix}unknown preset {source!r}; built-in presets: {', '.join(preset_names())} "
             "(a guide file needs a path ending in .yaml or .yml)"]
        )
    path = Path(source)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    real = os.path.realpath(path)
    if extends_prefix is not None and not load.allows(real):
        raise GuideError(
            [f"{prefix}{source!r} is outside the guide's folder {load.roots[0]}; extends names a built-in "
             f"preset or a guide file in that folder or below (set {EXTENDS_ROOT_ENV} to allow other folders)"]
        )
    return real, path


def _read_source(source: str, real: str, path: Path | None, prefix: str) -> tuple[str, str, Path | None]:
    """(text, display path, folder for relative extends; None for a preset) of a located guide."""
    if path is None:
        text = _preset_text(source)
        assert text is not None  # located above
        return text, f"<preset {source}>", None
    # Read the resolved path that was checked, not the name again (a symlink swapped in between).
    raw = _read_guide_bytes(real, f"{prefix}{source}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GuideError([f"{prefix}{source}: not valid UTF-8 at byte {exc.start}"]) from None
    return text, _display(path), path.parent


def _read_guide_bytes(path: str, shown: str) -> bytes:
    """At most :data:`MAX_GUIDE_BYTES` of a regular file (``path`` resolved); never opens a FIFO, socket or device.

    ``/dev/zero`` would never end and a FIFO would block forever: the file's type is checked
    before opening (opening a device can act), the open does not block (``O_NONBLOCK``: a FIFO
    swapped in after the check cannot hang it), the type is checked again on the open file, and
    one byte more than the limit is read, so a file that grows cannot be read without end.
    """
    try:
        info = os.stat(path)
        _check_guide_file(info, shown)
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | _NOFOLLOW | _CLOEXEC | _BINARY)
    except FileNotFoundError:
        raise GuideError([f"{shown}: style guide not found"]) from None
    except OSError as exc:
        raise GuideError([f"{shown}: cannot read style guide: {exc.strerror or exc}"]) from None
    try:
        _check_guide_file(os.fstat(fd), shown)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_GUIDE_BYTES:
            chunk = os.read(fd, MAX_GUIDE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise GuideError([f"{shown}: cannot read style guide: {exc.strerror or exc}"]) from None
    finally:
        os.close(fd)
    if size > MAX_GUIDE_BYTES:
        raise GuideError([f"{shown}: style guide is over {MAX_GUIDE_BYTES} bytes; at most {MAX_GUIDE_BYTES} allowed"])
    return b"".join(chunks)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # the path is already resolved: a symlink there is new
_BINARY = getattr(os, "O_BINARY", 0)


def _check_guide_file(info: os.stat_result, shown: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise GuideError([f"{shown}: is a folder, not a style guide file"])
    if not stat.S_ISREG(info.st_mode):
        raise GuideError([f"{shown}: not a regular file (a FIFO, socket or device); a style guide must be a file"])
    if info.st_size > MAX_GUIDE_BYTES:
        raise GuideError([f"{shown}: style guide is {info.st_size} bytes; at most {MAX_GUIDE_BYTES} allowed"])


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
    if _is_path_like(source):
        # extends may read the folder of this guide and below
        load = _Load.below(os.path.dirname(os.path.abspath(source)))
        data, path = _load_data(source, Path.cwd(), (), load)
    else:
        data, path = _load_data(source, None, (), _Load.below(Path.cwd()))
    _check_semantics(data, path or f"<preset {source}>")
    return build_guide(data, path, _rule_settings(data))


def load_guide_text(text: str, display_path: str = "<string>", base_dir: Path | None = None) -> Guide:
    """A guide from YAML text (``extends`` paths resolve against ``base_dir``, default the cwd).

    ``extends`` may read ``base_dir`` and below (and the folders of :data:`EXTENDS_ROOT_ENV`).
    """
    folder = base_dir or Path.cwd()
    data = _load_text(text, display_path, folder, folder, (display_path,), _Load.below(folder))
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
