"""The table-driven attribute ruler gives exactly spaCy's tags, POS, morphology and lemmas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from voicelint.fast_attributes import FastAttributePipe, install
from voicelint.nlp import load_pipeline, resolve_model_name

DATA = Path(__file__).parent / "data"
TRICKY = [
    "We gon na fix it. Got ta go! Y' all ai n't seen nothing yet, c'm on.",
    "Let's sort it: there's a refund, and it's on its way.\n\n  Thanks!",
    "I CAN'T log in!!! The app says 'error 502' :( what's going on??",
    "Dear Customer,\tyour e-mail (sent 3/4) was received; a reply will follow.",
]


def _texts() -> list[str]:
    texts = list(TRICKY)
    for path in sorted(DATA.rglob("*.yaml")):
        stack: list[Any] = [yaml.safe_load(path.read_text(encoding="utf-8"))]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and len(item) > 20:
                texts.append(item)
    return texts


def _attributes(nlp: Any, texts: list[str]) -> list[list[tuple[str, str, str, str]]]:
    return [[(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(texts)]


def test_same_attributes_as_spacy_on_varied_text() -> None:
    import spacy

    fast = load_pipeline(("lemma", "sents", "pos"))
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributePipe)
    exact = spacy.load(resolve_model_name(), exclude=["ner", "parser"])
    exact.enable_pipe("senter")
    texts = _texts()
    assert len(texts) > 300
    expected = _attributes(exact, texts)
    found = _attributes(fast, texts)
    mismatches = [(text, a, b) for text, a, b in zip(texts, expected, found, strict=True) if a != b]
    assert not mismatches, mismatches[:3]


def test_not_installed_when_asked_for_the_exact_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy

    nlp = spacy.load(resolve_model_name(), exclude=["ner", "parser"])
    monkeypatch.setenv("VOICELINT_EXACT_PIPELINE", "1")
    assert install(nlp) is False
    monkeypatch.delenv("VOICELINT_EXACT_PIPELINE")
    assert install(nlp) is True
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributePipe)
