"""Abuse limits: deeply nested JSON is answered.

Before: ``[[[[...]]]]`` 100,000 deep closed the connection without an answer (RecursionError in
json.loads).
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from voicelint import client
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
