"""Starting, refusing, replacing and stopping: the socket file is always left in a sane state."""

from __future__ import annotations

import io
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint import client
from voicelint.server import ENV_SOCKET, StartupError, default_socket_path, run_server, server_command

REPO = Path(__file__).resolve().parents[2]


def make_stale_socket(path: Path) -> None:
    """A socket file nobody listens on, as a crashed server leaves behind."""
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()


def test_socket_is_private_to_the_user(sock_dir: Path, start_server) -> None:
    path = sock_dir / "s.sock"
    with start_server(path):
        mode = os.stat(path).st_mode
        assert stat.S_ISSOCK(mode)
        assert stat.S_IMODE(mode) == 0o600


def test_client_raises_server_unavailable_when_nothing_listens(sock_dir: Path) -> None:
    with pytest.raises(client.ServerUnavailable):
        client.lint_via_server("hi", socket_path=str(sock_dir / "none.sock"))
    make_stale_socket(sock_dir / "stale.sock")
    with pytest.raises(client.ServerUnavailable):
        client.lint_via_server("hi", socket_path=str(sock_dir / "stale.sock"))
    assert client.ping(str(sock_dir / "stale.sock")) is False


def test_stale_socket_file_is_replaced(sock_dir: Path, start_server) -> None:
    path = sock_dir / "s.sock"
    make_stale_socket(path)
    with start_server(path):
        assert client.ping(str(path)) is True
    assert not path.exists()


def test_second_server_on_a_live_socket_is_refused(sock_dir: Path, start_server) -> None:
    path = sock_dir / "s.sock"
    with start_server(path):
        with pytest.raises(StartupError, match="already answers"):
            run_server(str(path), log=io.StringIO())
        assert client.ping(str(path)) is True, "the running server keeps its socket"


def test_a_file_that_is_not_a_socket_is_never_replaced(sock_dir: Path) -> None:
    path = sock_dir / "notes.txt"
    path.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(server_command, ["--socket", str(path)])
    assert result.exit_code == 2
    assert "not a socket" in result.output
    assert path.read_text(encoding="utf-8") == "mine"


def test_bad_default_guide_fails_at_start_and_removes_the_socket(sock_dir: Path) -> None:
    path = sock_dir / "s.sock"
    result = CliRunner().invoke(server_command, ["--socket", str(path), "--guide", str(sock_dir / "missing.yaml")])
    assert result.exit_code == 2
    assert "missing.yaml" in result.output
    assert not path.exists()


def test_shutdown_request_stops_the_server_and_removes_the_socket(sock_dir: Path) -> None:
    path = sock_dir / "s.sock"
    log = io.StringIO()
    outcome: list[str] = []
    thread = threading.Thread(target=lambda: outcome.append(run_server(str(path), "support-default", log=log)))
    thread.start()
    try:
        for _ in range(600):
            if "ready" in log.getvalue():
                break
            thread.join(0.1)
        assert client.ping(str(path)) is True
        client.shutdown(str(path))
    finally:
        thread.join(60)
    assert outcome == ["stopped"]
    assert not path.exists()
    assert client.ping(str(path)) is False


def test_idle_timeout_stops_an_unused_server(sock_dir: Path) -> None:
    path = sock_dir / "s.sock"
    reason = run_server(str(path), "support-default", idle_timeout=0.3, log=io.StringIO())
    assert reason == "idle"
    assert not path.exists()


def test_sigterm_finishes_cleanly_in_a_real_process(sock_dir: Path) -> None:
    path = sock_dir / "s.sock"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "voicelint.server", "--socket", str(path), "--guide", "support-default"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        assert process.stderr is not None
        ready = process.stderr.readline()
        assert f"ready pid={process.pid}" in ready
        report = client.lint_via_server("Per our policy we cannot help.", socket_path=str(path))
        assert report["summary"]["by_severity"]["error"] >= 1
        idle_connection = client.Connection(str(path))  # an open connection must not block the exit
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        idle_connection.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not path.exists()
    assert "socket removed" in process.stderr.read()


def test_default_socket_path_prefers_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_SOCKET, "/tmp/custom.sock")
    assert default_socket_path() == "/tmp/custom.sock"
    monkeypatch.delenv(ENV_SOCKET)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert default_socket_path() == str(tmp_path / "voicelint.sock")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert default_socket_path() == f"/tmp/voicelint-{os.getuid()}.sock"
