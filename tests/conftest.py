"""Shared fixtures: the spaCy pipeline and the default guide are loaded once per test session."""

from __future__ import annotations

import pytest

from voicelint.api import load_guide
from voicelint.guide.model import Guide


@pytest.fixture(scope="session")
def default_guide() -> Guide:
    return load_guide("support-default")
