"""Stopping never cuts a request short: what is in flight is answered (or refused with an error
response), then the server exits 0. Before, SIGTERM dropped the request in flight and the process
often aborted (``libblis: Aborting``, status -6) with a handler thread still inside spaCy."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from voicelint import client

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
#: About a second of linting on the development machine: long enough to be interrupted.
SLOW_TEXT = " ".join(
    f"Hi Sam, thanks for writing in about order {i}. Per our policy we cannot refund this, sorry." for i in range(150)
)
TRIALS = 3  # kept small for speed; 20 trials run by hand with this fix: 20 answered, 20 exit 0


def start_server_process(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "voicelint.server", "--socket", str(path), "--guide", "support-default"],
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        cwd=REPO,
    )


def interrupt_a_request(path: Path, process: subprocess.Popen[str]) -> tuple[dict[str, Any], float, int, str]:
    """Send SLOW_TEXT, SIGTERM the server while it lints; (outcome, signal time, status, log)."""
    assert process.stderr is not None
    assert "ready" in process.stderr.readline()
    outcome: dict[str, Any] = {}

    def lint() -> None:
        try:
            outcome["report"] = client.lint_via_server(SLOW_TEXT, socket_path=str(path), timeout=60)
        except Exception as exc:  # reported by the caller's assertions
            outcome["error"] = exc
        outcome["at"] = time.monotonic()

    thread = threading.Thread(target=lint)
    thread.start()
    time.sleep(0.3)
    signalled = time.monotonic()
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=60)
    thread.join(60)
    return outcome, signalled, status, process.stderr.read()


def test_sigterm_answers_the_request_in_flight_then_exits_0(sock_dir: Path) -> None:
    paths = [sock_dir / f"s{trial}.sock" for trial in range(TRIALS)]
    processes = [start_server_process(path) for path in paths]  # warming up side by side saves time
    try:
        for trial, (path, process) in enumerate(zip(paths, processes, strict=True)):
            outcome, signalled, status, log = interrupt_a_request(path, process)
            assert "error" not in outcome, f"trial {trial}: {outcome.get('error')!r}\n{log}"
            assert outcome["at"] > signalled, "the request was not in flight when the signal came"
            assert outcome["report"]["summary"]["documents"] == 1
            assert outcome["report"]["documents"][0]["violations"]
            assert status == 0, f"trial {trial}: exit status {status}\n{log}"
            assert "Aborting" not in log and "Traceback" not in log
            assert log.rstrip().endswith("stopped; socket removed")
            assert not path.exists()
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)


def test_sigterm_while_warming_up_still_exits_0(sock_dir: Path) -> None:
    path = sock_dir / "s.sock"
    process = start_server_process(path)
    try:
        time.sleep(0.5)  # importing and loading spaCy: before the server is ready
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=60)
        assert process.stderr is not None
        log = process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert status == 0, log
    assert not path.exists()


def test_a_line_arriving_while_stopping_is_refused_and_the_one_running_is_answered(
    sock_dir: Path, start_server
) -> None:
    path = sock_dir / "s.sock"
    with start_server(path, guide="support-default") as server:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(60)
        connection.connect(str(path))
        reader = connection.makefile("rb")
        lint = {"id": 1, "op": "lint", "text": SLOW_TEXT[:20_000]}
        # The ping waits behind the lint; the server reads it only once it is stopping.
        connection.sendall(json.dumps(lint).encode() + b'\n{"id": 2, "op": "ping"}\n')
        time.sleep(0.3)  # the lint runs
        stopper = threading.Thread(target=server.stop)
        stopper.start()
        first, second, after = reader.readline(), reader.readline(), reader.readline()
        stopper.join(60)
        connection.close()
    assert json.loads(first)["summary"]["documents"] == 1
    assert json.loads(second)["error"]["code"] == "shutting-down"
    assert after == b""


def test_a_request_still_running_after_the_grace_period_is_refused(sock_dir: Path, start_server) -> None:
    """It gets a ``shutting-down`` answer, and stop() reports it: the command line then leaves with
    os._exit(0), since interpreter shutdown under a thread in BLIS aborts."""
    path = sock_dir / "s.sock"
    release = threading.Event()
    with start_server(path, guide="support-default") as server:
        original = server.service.lint

        def slow_lint(request: dict[str, Any]) -> dict[str, Any]:
            release.wait(30)
            return original(request)

        server.service.lint = slow_lint  # type: ignore[method-assign]
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(60)
        connection.connect(str(path))
        connection.sendall(b'{"id": 1, "op": "lint", "text": "Hello."}\n')
        time.sleep(0.3)
        try:
            assert server.stop(grace=0.3) == 1
            reader = connection.makefile("rb")
            assert json.loads(reader.readline())["error"]["code"] == "shutting-down"
            release.set()
            time.sleep(0.2)  # the lint ends now: its answer must not follow the refusal
            connection.shutdown(socket.SHUT_WR)
            assert reader.readline() == b""
        finally:
            release.set()
            connection.close()
