"""Shared fixtures: the pipeline and the compiled default catalogue are built once per session."""

from __future__ import annotations

import pytest

from voicelint.boilerplate import BoilerplateMatcher, load_catalogue
from voicelint.nlp import load_pipeline


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(("lemma", "sents", "pos"))


@pytest.fixture(scope="session")
def matcher(nlp):
    return BoilerplateMatcher(nlp, load_catalogue())


@pytest.fixture(scope="session")
def find(nlp, matcher):
    """Matches of the default catalogue in a text, as (family, text, how) tuples."""

    def run(text: str):
        return matcher.find(nlp(text))

    return run
