"""Abuse limits: deeply nested JSON is answered, idle connections are closed, connections are bounded.

Before: ``[[[[...]]]]`` 100,000 deep closed the connection without an answer (RecursionError in
json.loads), and 300 idle connections held 304 threads forever. Timeouts here are a fraction of
a second so the tests stay fast; every wait is bounded.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from voicelint import client, server
from voicelint.protocol import MAX_JSON_DEPTH, json_too_deep

#: Well below the test server's 64 KiB request limit, far above Python's recursion limit.
DEEP = 30_000


def connect(path: str | Path, timeout: float = 10.0) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(str(path))
    return sock


def read_line(sock: socket.socket) -> bytes:
    """One line, or what came before EOF (b"" if nothing)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    return data


def ask(sock: socket.socket, line: bytes) -> dict[str, Any]:
    sock.sendall(line + b"\n")
    answer = read_line(sock)
    assert answer, "the server closed the connection without an answer"
    response: dict[str, Any] = json.loads(answer)
    return response


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


# -- depth -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        b"[" * DEEP + b"]" * DEEP,
        b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
        b"[" * DEEP,  # never closed: the parser would still recurse all the way down
        b'{"op": "ping", "id": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    ],
    ids=["arrays", "objects", "unclosed", "in-a-field"],
)
def test_deeply_nested_json_is_answered_and_the_connection_stays_open(server_socket: str, line: bytes) -> None:
    with connect(server_socket) as sock:
        response = ask(sock, line)
        assert response["id"] is None
        assert response["error"]["code"] == "malformed"
        assert str(MAX_JSON_DEPTH) in response["error"]["message"]
        assert ask(sock, b'{"id": 7, "op": "ping"}')["ok"] is True


def test_nesting_up_to_the_limit_is_accepted(server_socket: str) -> None:
    with connect(server_socket) as sock:
        at_limit = nested(MAX_JSON_DEPTH - 1)  # inside the request object: MAX_JSON_DEPTH in all
        response = ask(sock, json.dumps({"id": at_limit, "op": "ping"}).encode())
        assert response["ok"] is True and response["id"] == at_limit
        over = ask(sock, json.dumps({"id": nested(MAX_JSON_DEPTH), "op": "ping"}).encode())
        assert over["error"]["code"] == "malformed"


def test_brackets_inside_strings_do_not_count(server_socket: str) -> None:
    text = "[ { " * 2500 + ' \\" [[[ "' + "Please log in."  # spaced: runs of symbols are slow to tokenize
    report = client.lint_via_server(text, socket_path=server_socket)
    assert report["summary"]["documents"] == 1


def test_the_depth_check_reads_json_as_the_parser_does() -> None:
    def line(value: Any) -> bytes:
        return json.dumps(value).encode()

    assert not json_too_deep(line(nested(MAX_JSON_DEPTH - 1)))  # the innermost 1 is no level
    assert json_too_deep(line(nested(MAX_JSON_DEPTH + 1)))
    assert not json_too_deep(line({"text": "[" * 10_000 + '"\\' + "{" * 10_000}))
    assert not json_too_deep(line([[]] * 10_000))  # wide, not deep
    assert json_too_deep(b"]" * 10 + b"[" * (MAX_JSON_DEPTH + 1))
    assert json_too_deep(line({"a": nested(MAX_JSON_DEPTH)}), limit=MAX_JSON_DEPTH)
    assert not json_too_deep(line({"a": nested(3)}), limit=4)


# -- idle connections --------------------------------------------------------------------------


@pytest.fixture()
def short_timeout_server(sock_dir: Path, start_server) -> Iterator[str]:
    path = sock_dir / "s.sock"
    with start_server(path, guide="support-default", connection_timeout=0.5):
        yield str(path)


def test_an_idle_connection_is_answered_timeout_and_closed(short_timeout_server: str) -> None:
    started = time.monotonic()
    with connect(short_timeout_server, timeout=10) as sock:
        notice = json.loads(read_line(sock))
        assert notice["id"] is None and notice["error"]["code"] == "timeout"
        assert "--connection-timeout" in notice["error"]["message"]
        assert read_line(sock) == b""
    assert time.monotonic() - started < 5


def test_a_request_trickling_in_is_cut_at_the_timeout(short_timeout_server: str) -> None:
    with connect(short_timeout_server, timeout=10) as sock:
        started = time.monotonic()
        closed = False
        for byte in b'{"op": "ping", "id": "' + b"x" * 100:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.05)
        notice = read_line(sock)
        assert closed or notice, "the connection outlived its timeout"
        assert json.loads(notice)["error"]["code"] == "timeout"
        assert time.monotonic() - started < 5


def test_the_timeout_counts_from_the_last_answer(short_timeout_server: str) -> None:
    """A connection in use is never idle: requests 0.3 s apart keep it open well past 0.5 s."""
    with connect(short_timeout_server, timeout=10) as sock:
        for number in range(6):
            assert ask(sock, json.dumps({"id": number, "op": "ping"}).encode())["id"] == number
            time.sleep(0.3)


def test_the_client_opens_a_connection_closed_for_idleness_again(short_timeout_server: str) -> None:
    with client.Connection(short_timeout_server) as connection:
        time.sleep(1.0)  # closed before its first request
        assert connection.call({"op": "ping"})["ok"] is True
        time.sleep(1.0)  # and after one
        report = connection.lint("Per our policy we cannot refund.")
        assert report["summary"]["documents"] == 1


# -- the number of connections -----------------------------------------------------------------


def test_connections_beyond_the_bound_are_answered_busy(sock_dir: Path, start_server) -> None:
    path = sock_dir / "s.sock"
    with start_server(path, guide="support-default", max_connections=3):
        held = [connect(path) for _ in range(3)]
        try:
            for number, sock in enumerate(held):  # each has its thread now
                assert ask(sock, json.dumps({"id": number, "op": "ping"}).encode())["ok"] is True
            threads = threading.active_count()
            extra = [connect(path) for _ in range(10)]
            for sock in extra:
                refusal = json.loads(read_line(sock))
                assert refusal["id"] is None and refusal["error"]["code"] == "busy"
                assert read_line(sock) == b""
                sock.close()
            assert threading.active_count() <= threads
            with pytest.raises(client.ServerUnavailable, match="busy"):
                client.lint_via_server("Hello.", socket_path=str(path))
            held.pop().close()
            # The closed connection's thread ends on its own time (and so does each answered ping's).
            deadline = time.monotonic() + 5
            answered = False
            while not answered and time.monotonic() < deadline:
                answered = client.ping(str(path))
                time.sleep(0.05)
            assert answered
        finally:
            for sock in held:
                sock.close()


def test_the_limits_are_options_of_the_command(monkeypatch: pytest.MonkeyPatch, sock_dir: Path) -> None:
    seen: dict[str, Any] = {}

    def fake_serve(*args: Any, **kwargs: Any) -> server.ServerRun:
        seen.update(kwargs)
        return server.ServerRun("stopped", 0)

    monkeypatch.setattr(server, "serve", fake_serve)
    args = ["--socket", str(sock_dir / "s.sock"), "--connection-timeout", "2.5", "--max-connections", "7"]
    result = CliRunner().invoke(server.server_command, args)
    assert result.exit_code == 0, result.output
    assert seen == {"connection_timeout": 2.5, "max_connections": 7}
    help_text = CliRunner().invoke(server.server_command, ["--help"]).output
    assert "--connection-timeout" in help_text and "--max-connections" in help_text
