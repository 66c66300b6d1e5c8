"""A faster stand-in for spaCy's ``attribute_ruler``, giving identical token attributes.

In the small English pipeline the attribute ruler maps every fine-grained tag to its coarse
part of speech and morphology, and applies ~120 word-specific exceptions; the lemmatizer then
reads those POS values. It runs a spaCy ``Matcher`` with all 179 patterns over every token, which
costs about 30% of the whole pipeline on short support replies. Almost every pattern looks at
one token (its tag, its lower-case form, whether it is a space), so the same result comes from a
table: for each distinct (lower, tag, is-space, dep) seen, the patterns that match it, applied
in the ruler's order (later patterns win, as in ``AttributeRuler.match``). The few multi-token
patterns ("gon na", "let 's") are checked only where their first token matches.

If a model's ruler uses a pattern feature this class does not know, :func:`install` says so
and the original ruler is kept, so results never change. tests/test_fast_attributes.py checks
that attributes are identical on varied text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

_KEYS = {"TAG", "LOWER", "IS_SPACE", "DEP"}
TokenKey = tuple[str, str, bool, str]
Predicate = Callable[[TokenKey], bool]


def _value_test(spec: Any) -> Callable[[Any], bool] | None:
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            allowed = set(spec["IN"])
            return lambda value: value in allowed
        if set(spec) == {"NOT_IN"}:
            excluded = set(spec["NOT_IN"])
            return lambda value: value not in excluded
        if set(spec) == {"REGEX"}:
            pattern = re.compile(spec["REGEX"])
            return lambda value: bool(pattern.search(value))
        return None
    return lambda value: value == spec


def _token_predicate(element: dict[str, Any]) -> Predicate | None:
    """A test on a token's (lower, tag, is_space, dep), or None for an unsupported element."""
    if not element or not set(element) <= _KEYS:
        return None
    tests: list[tuple[int, Callable[[Any], bool]]] = []
    for key, spec in element.items():
        test = _value_test(spec)
        if test is None:
            return None
        tests.append(({"LOWER": 0, "TAG": 1, "IS_SPACE": 2, "DEP": 3}[key], test))
    return lambda token_key: all(test(token_key[position]) for position, test in tests)


class FastAttributeRuler:
    """Applies an ``AttributeRuler``'s patterns through a per-token-kind table."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._set_token_attrs = set_token_attrs
        self._single: list[tuple[int, Predicate, dict[Any, Any]]] = []
        self._multi: list[tuple[int, list[Predicate], int, dict[Any, Any]]] = []
        self._table: dict[tuple[int, int, int, int], tuple[list[tuple[int, dict[Any, Any]]], list[int]]] = {}
        self._keys: dict[tuple[int, int, int, int], TokenKey] = {}
        self._multi_hits: list[tuple[int, int, dict[Any, Any]]] = []
        self.supported = True
        for attr_id, (patterns, attrs, index) in enumerate(
            zip(_patterns(ruler), ruler.attrs, ruler.indices, strict=True)
        ):
            for pattern in patterns:
                predicates = [_token_predicate(element) for element in pattern]
                if any(p is None for p in predicates) or not predicates:
                    self.supported = False
                    return
                checked = [p for p in predicates if p is not None]
                if len(checked) == 1:
                    self._single.append((attr_id, checked[0], attrs))
                else:
                    self._multi.append((attr_id, checked, index, attrs))

    def _entry(
        self, ids: tuple[int, int, int, int], strings: Any
    ) -> tuple[list[tuple[int, dict[Any, Any]]], list[int]]:
        entry = self._table.get(ids)
        if entry is None:
            key: TokenKey = (strings[ids[0]], strings[ids[1]], bool(ids[2]), strings[ids[3]])
            singles = [(attr_id, attrs) for attr_id, test, attrs in self._single if test(key)]
            starts = [n for n, (_, predicates, _, _) in enumerate(self._multi) if predicates[0](key)]
            entry = self._table[ids] = (singles, starts)
            self._keys[ids] = key
        return entry

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = doc.vocab.strings
        rows = [tuple(row) for row in doc.to_array([LOWER, TAG, IS_SPACE, DEP]).tolist()]
        final: dict[int, dict[Any, Any]] = {}
        for i, ids in enumerate(rows):
            singles, starts = self._entry(ids, strings)
            updates = list(singles)
            for n in starts:
                attr_id, predicates, index, attrs = self._multi[n]
                end = i + len(predicates)
                if end <= len(rows) and all(
                    p(self._keys[rows[i + k]] if rows[i + k] in self._keys else self._key_of(rows[i + k], strings))
                    for k, p in enumerate(predicates[1:], start=1)
                ):
                    target = (end + index) if index < 0 else (i + index)
                    final.setdefault(target, {})
                    self._multi_hits.append((target, attr_id, attrs))
            if updates:
                merged = final.setdefault(i, {})
                for _, attrs in updates:
                    merged.update(attrs)
        if self._multi_hits:
            self._apply_with_multi(doc, final)
        else:
            self._apply(doc, final)
        return doc

    def _key_of(self, ids: tuple[int, int, int, int], strings: Any) -> TokenKey:
        self._entry(ids, strings)
        return self._keys[ids]

    def _apply(self, doc: Doc, final: dict[int, dict[Any, Any]]) -> None:
        """Write every token's attributes at once with ``Doc.from_array`` (one column per attribute)."""
        columns = sorted({attr for attrs in final.values() for attr in attrs})
        if not columns:
            return
        values = doc.to_array(columns)
        if values.ndim == 1:
            values = values.reshape(-1, 1)
        position = {attr: n for n, attr in enumerate(columns)}
        for i, attrs in final.items():
            row = values[i]
            for attr, value in attrs.items():
                row[position[attr]] = value
        doc.from_array(columns, values)  # type: ignore[arg-type]  # to_array gives uint64 ids

    def _apply_with_multi(self, doc: Doc, final: dict[int, dict[Any, Any]]) -> None:
        """Rare path: multi-token patterns matched, so re-apply every rule in rule order per token."""
        hits, self._multi_hits = self._multi_hits, []
        strings = doc.vocab.strings
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = [tuple(row) for row in doc.to_array([LOWER, TAG, IS_SPACE, DEP]).tolist()]
        per_token: dict[int, list[tuple[int, dict[Any, Any]]]] = {}
        for i, ids in enumerate(rows):
            singles, _ = self._entry(ids, strings)
            if singles:
                per_token.setdefault(i, []).extend(singles)
        for target, attr_id, attrs in hits:
            per_token.setdefault(target, []).append((attr_id, attrs))
        for i, updates in per_token.items():
            merged: dict[Any, Any] = {}
            for _, attrs in sorted(updates, key=lambda item: item[0]):
                merged.update(attrs)
            self._set_token_attrs(doc[i], merged)


def _patterns(ruler: AttributeRuler) -> Sequence[list[list[dict[str, Any]]]]:
    """The token patterns of each of the ruler's rules, in rule order (the order of ``attrs``)."""
    return [entry["patterns"] for entry in ruler.patterns]  # type: ignore[misc]


class FastAttributePipe:
    """The pipeline component wrapping a :class:`FastAttributeRuler` (see :func:`install`)."""

    def __init__(self) -> None:
        self.ruler: FastAttributeRuler | None = None

    def __call__(self, doc: Doc) -> Doc:
        assert self.ruler is not None, "install() sets the ruler"
        return self.ruler(doc)


def install(nlp: Any) -> bool:
    """Swap the pipeline's ``attribute_ruler`` for the table-driven one when it gives identical results.

    Returns whether it was swapped. Skipped with a dependency parser (dependency-based patterns
    then match and are left to spaCy) or when ``$VOICELINT_EXACT_PIPELINE`` is set.
    """
    import os

    from spacy.language import Language

    if os.environ.get("VOICELINT_EXACT_PIPELINE") or "attribute_ruler" not in nlp.pipe_names:
        return False
    if "parser" in nlp.pipe_names:
        return False
    original = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeRuler(original)
    if not (fast.supported and len(original.patterns) == len(original.attrs)):
        return False
    if not Language.has_factory("voicelint_attributes"):
        Language.factory("voicelint_attributes", func=lambda nlp, name: FastAttributePipe())
    pipe = nlp.replace_pipe("attribute_ruler", "voicelint_attributes")
    pipe.ruler = fast
    return True
