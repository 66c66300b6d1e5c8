"""Shared fixtures: the spaCy pipeline and the default guide are loaded once per test session."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest

from voicelint.api import load_guide
from voicelint.guide.model import Guide


@pytest.fixture(scope="session")
def default_guide() -> Guide:
    return load_guide("support-default")


class Hung(BaseException):
    """Raised by :func:`deadline`; not an OSError (TimeoutError is), which a reader would catch."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail (rather than hang the suite) when the body blocks, e.g. opening a FIFO nobody writes."""

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def deadline() -> Callable[[int], AbstractContextManager[None]]:
    """``with deadline(20):`` fails the test (raising :class:`Hung`) instead of hanging the suite."""
    return _deadline
