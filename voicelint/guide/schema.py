"""A small declarative schema for YAML data, validated against the composed node tree.

Validating nodes (not constructed Python values) keeps every value's line and column, so each
error can say ``guide.yaml:14:5: tone.warmth: expected ...``. Only YAML's safe scalar types are
ever constructed: a tag that would build an object is an error, never executed.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One problem with a value: where it is, which key path, and what is wrong."""

    path: str
    line: int
    column: int
    key_path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.key_path}: {self.message}" if self.key_path else f"{where}: {self.message}"


#: How many values one guide load may visit while validating (aliases and ``extends`` count each
#: time they are used): a few kilobytes of aliases must not expand into millions of phrases.
MAX_GUIDE_NODES = 100_000

_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_VALUE = _TAG + "value"
_KINDS = {
    _TAG + "int": "a whole number",
    _TAG + "float": "a number",
    _TAG + "bool": "true or false",
    _TAG + "null": "null",
    _TAG + "timestamp": "a date",
    _TAG + "binary": "base64 binary data",
}
#: What a scalar is, by tag, for messages that may not quote it.
_KIND_NAMES = {**_KINDS, _TAG + "str": "a string", _TAG + "null": "nothing (null)"}
_RESOLVER = yaml.resolver.Resolver()
_SURROGATE = re.compile("[\ud800-\udfff]")


class GuideTooLarge(Exception):
    """Raised when validation has visited more values than the budget allows; ends validation."""


class NodeBudget:
    """Values visited while validating, shared by every file of one guide load (``extends``)."""

    def __init__(self, limit: int = MAX_GUIDE_NODES) -> None:
        self.limit = limit
        self.used = 0


class Context:
    """Collects errors while one file is validated.

    ``quote``: whether messages may quote the file's values (``got 'x'``). A file reached through
    ``extends`` may not be a guide at all (a token file, ``/etc/passwd``): its values are never
    echoed, only their position and kind.
    """

    def __init__(self, path: str, *, quote: bool = True, budget: NodeBudget | None = None) -> None:
        self.path = path
        self.quote = quote
        self.budget = budget or NodeBudget()
        self.errors: list[SchemaError] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def error(self, node: Node, key_path: str, message: str) -> None:
        mark = node.start_mark
        self.errors.append(SchemaError(self.path, mark.line + 1, mark.column + 1, key_path, message))

    def visit(self, node: Node, key_path: str) -> None:
        """Count one value against the budget; past it, record the error and end validation."""
        self.budget.used += 1
        if self.budget.used > self.budget.limit:
            self.error(
                node,
                key_path,
                f"the guide expands to more than {self.budget.limit} values (through aliases, merge keys "
                "or extends); a guide may not be larger",
            )
            raise GuideTooLarge

    def describe(self, node: Node) -> str:
        """:func:`describe`, or only the kind of value when this file's values may not be quoted."""
        if self.quote or not isinstance(node, ScalarNode):
            return describe(node)
        return _KIND_NAMES.get(node.tag, "a value")

    def show(self, value: Any) -> str:
        """``repr(value)`` when this file's values may be quoted, else a placeholder."""
        return repr(value) if self.quote else "a value that is not allowed"

    def scalar(self, node: ScalarNode, key_path: str) -> Any:
        """The safely constructed value of a scalar node (``_INVALID``, with an error, when it cannot be).

        PyYAML raises more than ``ConstructorError`` on malformed scalars (``ValueError`` for
        ``2024-13-01`` or ``0x_``, ``KeyError`` for ``!!bool maybe``, ``IndexError`` for
        ``!!int ''``): every failure is an error at the scalar, never an exception.
        """
        if node.tag == _VALUE:  # a plain ``=``: YAML's "value" key, which SafeConstructor reads as a string
            return node.value
        try:
            value = self._constructor.construct_object(node, deep=True)
            if isinstance(value, str) and _SURROGATE.search(value):
                return self._surrogates(node, key_path, value)
            return value
        except yaml.constructor.ConstructorError as exc:
            if node.tag in _KINDS:
                self.error(node, key_path, self._unreadable(node, str(exc.problem)))
            else:
                tag = f" {node.tag!r}" if self.quote else ""
                self.error(node, key_path, f"unsupported YAML tag{tag}; only plain data is read")
        except Exception as exc:  # PyYAML's constructors also raise ValueError, KeyError, IndexError
            detail = str(exc) if isinstance(exc, ValueError) and node.tag == _TAG + "timestamp" else ""
            self.error(node, key_path, self._unreadable(node, detail))
        finally:
            self._constructor.constructed_objects.clear()
            self._constructor.recursive_objects.clear()
        return _INVALID

    def _surrogates(self, node: ScalarNode, key_path: str, value: str) -> Any:
        """PyYAML reads ``"\\ud83d\\ude00"`` as two surrogates: join pairs; a lone one is an error."""
        try:
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            self.error(
                node,
                key_path,
                "contains a lone UTF-16 surrogate escape (half of a pair like \\ud83d\\ude00), which is no "
                "character; write the character itself",
            )
            return _INVALID

    def _unreadable(self, node: ScalarNode, detail: str) -> str:
        kind = _KINDS.get(node.tag, "a value")
        if not self.quote:
            return f"cannot be read as {kind}"
        message = f"cannot read {describe(node)} as {kind}"
        if detail:
            message += f" ({detail})"
        if node.style is None and _RESOLVER.resolve(ScalarNode, node.value, (True, False)) == node.tag:
            # a plain scalar that YAML itself took for a date or a number
            message += "; quote it to make it a string"
        return message


class _Invalid:
    def __repr__(self) -> str:
        return "<invalid>"


#: Returned for a value that failed validation; callers drop it.
_INVALID: Any = _Invalid()


def is_invalid(value: Any) -> bool:
    return value is _INVALID


def describe(node: Node) -> str:
    """A short description of what a node holds, for 'expected X, got Y' messages."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    value = node.value if isinstance(node, ScalarNode) else "?"
    if node.tag.endswith(":null"):
        return "nothing (null)"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


class Spec:
    """Base class of every schema element."""

    expected = "a value"

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def _wrong(self, node: Node, key_path: str, ctx: Context) -> Any:
        ctx.error(node, key_path, f"expected {self.expected}, got {ctx.describe(node)}")
        return _INVALID


class _ScalarSpec(Spec):
    python_types: tuple[type, ...] = ()

    def check(self, value: Any, node: Node, key_path: str, ctx: Context) -> Any:
        return value

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode):
            return self._wrong(node, key_path, ctx)
        value = ctx.scalar(node, key_path)
        if is_invalid(value):
            return value
        # bool is an int subclass in Python; never accept it as a number.
        if isinstance(value, bool) and bool not in self.python_types:
            return self._wrong(node, key_path, ctx)
        if not isinstance(value, self.python_types):
            return self._wrong(node, key_path, ctx)
        return self.check(value, node, key_path, ctx)


@dataclass
class Str(_ScalarSpec):
    """A non-empty string (after stripping), optionally bounded in length."""

    max_length: int = 500
    expected: str = "a non-empty string"
    python_types: tuple[type, ...] = (str,)

    def check(self, value: Any, node: Node, key_path: str, ctx: Context) -> Any:
        if not value.strip():
            return self._wrong(node, key_path, ctx)
        if len(value) > self.max_length:
            ctx.error(node, key_path, f"is {len(value)} characters long; at most {self.max_length} allowed")
            return _INVALID
        return value


@dataclass
class Bool(_ScalarSpec):
    expected: str = "true or false"
    python_types: tuple[type, ...] = (bool,)


@dataclass
class Number(_ScalarSpec):
    """An int or float within ``[minimum, maximum]``."""

    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    expected: str = "a number"
    python_types: tuple[type, ...] = (int, float)

    def __post_init__(self) -> None:
        kind = "a whole number" if self.integer else "a number"
        bounds = []
        if self.minimum is not None:
            bounds.append(f">= {self.minimum:g}")
        if self.maximum is not None:
            bounds.append(f"<= {self.maximum:g}")
        self.expected = kind + (f" {' and '.join(bounds)}" if bounds else "")
        if self.integer:
            self.python_types = (int,)

    def check(self, value: Any, node: Node, key_path: str, ctx: Context) -> Any:
        if not math.isfinite(value):  # .nan passes every comparison; .inf is no limit
            return self._wrong(node, key_path, ctx)
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            ctx.error(node, key_path, f"expected {self.expected}, got {ctx.show(value)}")
            return _INVALID
        return value


@dataclass
class Choice(_ScalarSpec):
    """One of a fixed set of strings (case-insensitive), returned lower-cased."""

    choices: tuple[str, ...] = ()
    python_types: tuple[type, ...] = (str,)

    def __post_init__(self) -> None:
        self.expected = "one of " + ", ".join(self.choices)

    def check(self, value: Any, node: Node, key_path: str, ctx: Context) -> Any:
        lowered = value.strip().lower()
        if lowered not in self.choices:
            hint = did_you_mean(lowered, self.choices) if ctx.quote else ""
            ctx.error(node, key_path, f"expected {self.expected}, got {ctx.show(value)}{hint}")
            return _INVALID
        return lowered


@dataclass
class Switch(Choice):
    """A :class:`Choice` that also reads YAML's booleans (``off``/``no`` are ``false`` in YAML 1.1)."""

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.tag.endswith(":bool"):
            value = ctx.scalar(node, key_path)
            return value if is_invalid(value) else "on" if value else "off"
        return super().validate(node, key_path, ctx)


@dataclass
class Range(Spec):
    """A ``[min, max]`` pair with ``low <= min <= max <= high``."""

    low: float = 0
    high: float = 100

    def __post_init__(self) -> None:
        self.expected = f"[min, max] with {self.low:g} <= min <= max <= {self.high:g}"

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if not isinstance(node, SequenceNode) or len(node.value) != 2:
            return self._wrong(node, key_path, ctx)
        values = []
        for item in node.value:
            ctx.visit(item, key_path)
            known_errors = len(ctx.errors)
            value = ctx.scalar(item, key_path) if isinstance(item, ScalarNode) else _INVALID
            if len(ctx.errors) > known_errors:
                return _INVALID  # the scalar's own error says what is wrong
            if is_invalid(value) or isinstance(value, bool) or not isinstance(value, int | float):
                return self._wrong(node, key_path, ctx)
            values.append(value)
        low, high = values
        if not (self.low <= low <= high <= self.high):  # false for .nan
            shown = f"[{low:g}, {high:g}]" if ctx.quote else "a pair outside that range"
            ctx.error(node, key_path, f"expected {self.expected}, got {shown}")
            return _INVALID
        return (float(low), float(high))


@dataclass
class ListOf(Spec):
    """A list of items; ``single_ok`` also accepts one bare item as a one-item list."""

    item: Spec
    single_ok: bool = False
    unique_by: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        self.expected = f"a list of {self.item.expected}"

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if not isinstance(node, SequenceNode):
            if self.single_ok and not isinstance(node, MappingNode):
                value = self.item.validate(node, key_path, ctx)
                return _INVALID if is_invalid(value) else [value]
            return self._wrong(node, key_path, ctx)
        result = []
        for index, child in enumerate(node.value):
            ctx.visit(child, key_path)
            value = self.item.validate(child, f"{key_path}[{index}]", ctx)
            if not is_invalid(value):
                result.append(value)
        return result


@dataclass
class Map(Spec):
    """A mapping with known keys (``fields``); unknown keys are errors with a "did you mean".

    ``values`` instead validates every key as a free name (e.g. channel names) with one spec.
    """

    fields: Mapping[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    values: Spec | None = None
    name_pattern: Callable[[str], bool] | None = None
    check: Callable[[dict[str, Any], Node, str, Context], None] | None = None
    expected: str = "a mapping"

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            node_value: list[tuple[Node, Node]] = []
        elif not isinstance(node, MappingNode):
            return self._wrong(node, key_path, ctx)
        else:
            node_value = node.value
        result: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node, merged in _pairs(node_value, key_path, ctx, {id(node)}):
            ctx.visit(value_node, key_path)
            key = ctx.scalar(key_node, key_path) if isinstance(key_node, ScalarNode) else None
            if is_invalid(key):
                continue  # the key's own error says why
            if key is None or not isinstance(key, str | int | float) or isinstance(key, bool):
                ctx.error(key_node, key_path, f"expected a name as key, got {ctx.describe(key_node)}")
                continue
            key = str(key)
            child_path = f"{key_path}.{key}" if key_path else key
            if key in seen:
                if not merged:  # a merged key (``<<: *base``) is overridden by the mapping's own
                    ctx.error(key_node, child_path, "is given twice")
                continue
            seen.add(key)
            spec = self.fields.get(key, self.values)
            if spec is None or (self.values is not None and key not in self.fields and not self._name_ok(key)):
                known = list(self.fields)
                hint = did_you_mean(key, known) or (f"; known keys: {', '.join(known)}" if known else "")
                ctx.error(key_node, child_path, f"unknown key{hint}")
                continue
            value = spec.validate(value_node, child_path, ctx)
            if not is_invalid(value):
                result[key] = value
        missing = [name for name in self.required if name not in seen]
        for name in missing:
            ctx.error(node, f"{key_path}.{name}" if key_path else name, "is required")
        if self.check is not None and not missing:
            self.check(result, node, key_path, ctx)
        return result

    def _name_ok(self, key: str) -> bool:
        return self.name_pattern is None or self.name_pattern(key)


def _pairs(
    pairs: list[tuple[Node, Node]], key_path: str, ctx: Context, merging: set[int]
) -> Iterator[tuple[Node, Node, bool]]:
    """A mapping's (key, value, merged) pairs with YAML merge keys (``<<``) expanded.

    As PyYAML's constructor does: the mapping's own keys win over merged ones, and of the
    mappings merged with ``<<: [*a, *b]`` the earlier wins; merged mappings may merge in turn.
    Own pairs come first, then merged ones in that order; the caller keeps the first of each key.
    ``merging`` holds the mappings being expanded, so a mapping that merges itself is an error.
    """
    merges: list[Node] = []
    for key_node, value_node in pairs:
        if isinstance(key_node, ScalarNode) and key_node.tag == _MERGE:
            merges.append(value_node)
        else:
            yield key_node, value_node, False
    for value_node in merges:
        sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, MappingNode):
                ctx.error(source, key_path, f"'<<' merges a mapping or a list of mappings, got {ctx.describe(source)}")
                continue
            if id(source) in merging:
                ctx.error(source, key_path, "'<<' merges a mapping into itself")
                continue
            for key_node, child, _ in _pairs(source.value, key_path, ctx, merging | {id(source)}):
                yield key_node, child, True


@dataclass
class AnyOf(Spec):
    """The first alternative whose shape fits the node (scalar, list or mapping)."""

    scalar: Spec | None = None
    sequence: Spec | None = None
    mapping: Spec | None = None
    expected: str = "a value"

    def validate(self, node: Node, key_path: str, ctx: Context) -> Any:
        if isinstance(node, MappingNode):
            spec = self.mapping
        elif isinstance(node, SequenceNode):
            spec = self.sequence
        else:
            spec = self.scalar
        if spec is None:
            return self._wrong(node, key_path, ctx)
        return spec.validate(node, key_path, ctx)


def did_you_mean(word: str, candidates: Any) -> str:
    """``"; did you mean 'x'?"`` when a candidate is close to ``word``, else ``""``."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
