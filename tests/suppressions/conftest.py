"""A small guide for the suppression tests: one banned phrase and one preferred term, so each test
knows exactly which findings a text has."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from voicelint.guide.loader import load_guide_text
from voicelint.guide.model import Guide

GUIDE = {
    "version": 1,
    "banned": [{"phrase": "we regret to inform you"}],
    "terms": [{"use": "sign in", "avoid": ["log in", "login"]}],
}


def _make_guide(**extra: object) -> Guide:
    return load_guide_text(yaml.safe_dump({**GUIDE, **extra}, sort_keys=False), display_path="<suppression tests>")


@pytest.fixture(scope="module")
def guide() -> Guide:
    return _make_guide()


@pytest.fixture
def make_guide() -> Callable[..., Guide]:
    """The tests' guide with more top-level keys (``rules=...``)."""
    return _make_guide
