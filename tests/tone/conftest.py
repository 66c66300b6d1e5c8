"""Shared fixtures for the tone tests: one spaCy pipeline per session, and the minimal pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from voicelint.nlp import load_pipeline

DATA = Path(__file__).resolve().parents[1] / "data" / "tone"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return load_pipeline(("lemma", "sents", "pos"))


def _load_pairs(name: str) -> list[dict[str, str]]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["pairs"]


@pytest.fixture(scope="session")
def dev_pairs() -> list[dict[str, str]]:
    return _load_pairs("pairs_dev.yaml")


@pytest.fixture(scope="session")
def heldout_pairs() -> list[dict[str, str]]:
    return _load_pairs("pairs_heldout.yaml")
