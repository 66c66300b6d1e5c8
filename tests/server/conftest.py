"""Servers for the tests: in-process (a background thread) with sockets in short /tmp folders.

AF_UNIX paths are limited to about 107 bytes, and pytest's tmp_path can be longer, so sockets
live in ``tempfile.mkdtemp(dir="/tmp")``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from voicelint.server import LintService, VoicelintServer

#: The shared test server's request limit: small, so an oversized request is cheap to send.
TEST_MAX_REQUEST_BYTES = 64 * 1024


@pytest.fixture()
def max_request_bytes() -> int:
    """The request limit of the shared ``server_socket`` server."""
    return TEST_MAX_REQUEST_BYTES


@pytest.fixture()
def sock_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="vl-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_server(
    socket_path: Path,
    guide: str | None = None,
    max_request_bytes: int = TEST_MAX_REQUEST_BYTES,
    **limits: Any,
) -> Iterator[VoicelintServer]:
    """``limits``: VoicelintServer's keyword options (connection_timeout, max_connections)."""
    service = LintService(guide)
    server = VoicelintServer(str(socket_path), service, max_request_bytes, **limits)
    try:
        service.warm_up()
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture()
def start_server():
    """``start_server(socket_path, guide=None, max_request_bytes=..., **limits)``: a context manager."""
    return running_server


@pytest.fixture(scope="module")
def server_socket() -> Iterator[str]:
    """One warm server (default guide: support-default) shared by a test module."""
    folder = Path(tempfile.mkdtemp(prefix="vl-", dir="/tmp"))
    path = folder / "s.sock"
    with running_server(path, guide="support-default"):
        yield str(path)
    shutil.rmtree(folder, ignore_errors=True)
