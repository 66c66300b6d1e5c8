"""YAML canned-response libraries, with every record located by its node marks.

The file is only *composed* (``yaml.compose_all`` with the safe loader), never constructed, so
nothing in it is ever executed; a tag outside YAML's standard set (``!!python/object`` and
friends) is reported as an error rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from voicelint.document import Document, SourceFile
from voicelint.sources import align
from voicelint.sources.base import InputError, ReadOptions
from voicelint.sources.records import ListNode, MapNode, Node, Scalar, read_records
from voicelint.sources.registry import register

_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "seq",
        "map",
        "timestamp",
        "binary",
        "merge",
        "set",
        "omap",
        "pairs",
        "value",
    )
)
_STYLES = {
    None: align.PLAIN,
    "": align.PLAIN,
    "'": align.SINGLE,
    '"': align.DOUBLE,
    "|": align.LITERAL,
    ">": align.FOLDED,
}
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


class _UnsafeTag(Exception):
    def __init__(self, node: yaml.Node) -> None:
        super().__init__(node.tag)
        self.node = node


def _paired(value: str) -> str:
    """``value`` with each UTF-16 surrogate pair combined into the character it encodes.

    PyYAML reads ``"\\ud83d\\ude00"`` (an emoji as JSON-minded tools escape it) as two lone
    surrogates, text no encoder accepts; JSON reads it as the emoji, and so do we. A surrogate
    left alone (a truncated escape) stays, and the engine reports it for its record.
    """
    if not _SURROGATE.search(value):
        return value
    return _SURROGATE_PAIR.sub(
        lambda pair: chr(0x10000 + ((ord(pair[0][0]) - 0xD800) << 10) + (ord(pair[0][1]) - 0xDC00)), value
    )


def _scalar(node: yaml.ScalarNode, text: str) -> Scalar:
    start, end = node.start_mark.index, node.end_mark.index
    value: str | None = None if node.tag == _NULL else node.value
    if value is not None and not value.isascii():
        value = _paired(value)
    style = _STYLES.get(node.style, align.PLAIN)
    if value is not None and style == align.PLAIN and text.startswith(value, start):
        return Scalar(value, start, end, is_string=node.tag == _STR, verbatim_start=start, style=style)

    def locate() -> tuple[align.array[int], align.array[int] | None]:
        return align.align_yaml(value or "", text, start, end, style)

    return Scalar(value, start, end, is_string=node.tag == _STR, locate=locate, style=style)


def _convert(node: yaml.Node, text: str, seen: dict[int, Node]) -> Node:
    """Our position-aware tree for a composed node (aliases are shared, never expanded)."""
    known = seen.get(id(node))
    if known is not None:
        return known
    if node.tag not in _STANDARD_TAGS:
        raise _UnsafeTag(node)
    result: Node
    if isinstance(node, yaml.ScalarNode):
        result = _scalar(node, text)
    elif isinstance(node, yaml.SequenceNode):
        result = ListNode([], node.start_mark.index)
        seen[id(node)] = result
        result.items.extend(_convert(item, text, seen) for item in node.value)
    else:
        mapping = MapNode([], node.start_mark.index)
        seen[id(node)] = mapping
        merged: list[tuple[Scalar, Node]] = []
        for key_node, value_node in node.value:
            key = _convert(key_node, text, seen)
            value = _convert(value_node, text, seen)
            if key_node.tag == _MERGE:
                # `<<: *defaults`: the merged fields count, after the record's own.
                sources = value.items if isinstance(value, ListNode) else [value]
                for merged_map in sources:
                    if isinstance(merged_map, MapNode):
                        merged.extend(merged_map.pairs)
                continue
            if not isinstance(key, Scalar):
                key = Scalar(None, key_node.start_mark.index, key_node.end_mark.index)
            mapping.pairs.append((key, value))
        mapping.pairs.extend(merged)
        result = mapping
    seen[id(node)] = result
    return result


@register(".yaml", ".yml")
def read_yaml(source: SourceFile, options: ReadOptions) -> Iterator[Document | InputError]:
    """Every record of every YAML document in the file; syntax errors name line and column."""
    text = source.text
    try:
        roots = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if mark is None:
            yield InputError(source.path, f"YAML syntax error: {problem}")
        else:
            where = source.position(mark.index)
            yield InputError(source.path, f"YAML syntax error: {problem}", where.line, where.column)
        return
    except yaml.YAMLError as error:
        # The reader rejects control characters before any mark exists.
        yield InputError(source.path, f"YAML error: {error}")
        return
    for root in roots:
        if root is None:
            continue
        try:
            tree = _convert(root, text, {})
        except _UnsafeTag as unsafe:
            where = source.position(unsafe.node.start_mark.index)
            yield InputError(
                source.path,
                f"YAML tag {unsafe.node.tag!r} is not allowed (only plain data is read; nothing is executed)",
                where.line,
                where.column,
            )
            continue
        yield from read_records(source, tree, options)
