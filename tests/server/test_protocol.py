"""The protocol: lint answers equal the in-process API's, and bad requests get clear errors."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from voicelint import client
from voicelint.api import lint_paths, lint_text, load_guide

DRAFTS = [
    "Per our policy, order 17 cannot be refunded. Please be advised that you must log in.",
    "Unfortunately we are unable to help, Dana. Do not hesitate to contact us!!!",
    "Hi Lee, I have sent the new card today.",
]


class RawConnection:
    """Bytes in, JSON lines out: for requests the client library would never send."""

    def __init__(self, path: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.reader = self.sock.makefile("rb")

    def send(self, data: bytes) -> dict[str, Any]:
        self.sock.sendall(data)
        line = self.reader.readline()
        assert line.endswith(b"\n"), "every response is one line"
        response: dict[str, Any] = json.loads(line)
        return response

    def close(self) -> None:
        self.reader.close()
        self.sock.close()


@pytest.fixture()
def raw(server_socket: str):
    connection = RawConnection(server_socket)
    yield connection
    connection.close()


def test_ping_reports_a_live_server(server_socket: str) -> None:
    assert client.ping(server_socket) is True


@pytest.mark.parametrize("text", DRAFTS)
def test_lint_answer_is_the_api_report(server_socket: str, text: str) -> None:
    expected = lint_text(text, guide=load_guide("support-default")).to_dict()
    assert client.lint_via_server(text, socket_path=server_socket) == expected


def test_lint_options_reach_the_linter(server_socket: str) -> None:
    guide = load_guide("support-default")
    text = DRAFTS[0]
    expected = lint_text(text, guide=guide, channel="chat", path="draft.txt", ignore=("banned",)).to_dict()
    got = client.lint_via_server(text, path="draft.txt", channel="chat", ignore=["banned"], socket_path=server_socket)
    assert got == expected
    assert got["documents"][0]["path"] == "draft.txt"
    assert {v["category"] for v in got["documents"][0]["violations"]}.isdisjoint({"banned"})
    only = client.lint_via_server(text, select=["VL101"], socket_path=server_socket)
    assert {v["rule"] for v in only["documents"][0]["violations"]} == {"VL101"}


def test_guide_file_named_in_the_request(server_socket: str, tmp_path: Path) -> None:
    guide_file = tmp_path / "acme.yaml"
    guide_file.write_text("version: 1\nname: Acme\nbanned:\n  - phrase: new card\n", encoding="utf-8")
    text = DRAFTS[2]
    expected = lint_text(text, guide=load_guide(str(guide_file))).to_dict()
    got = client.lint_via_server(text, guide=str(guide_file), socket_path=server_socket)
    assert got == expected
    assert got["guide"]["name"] == "Acme"
    assert [v["match"] for v in got["documents"][0]["violations"] if v["rule"] == "VL101"] == ["new card"]


def test_edited_guide_is_reloaded(server_socket: str, tmp_path: Path) -> None:
    guide_file = tmp_path / "acme.yaml"
    text = "Hi Lee, I have sent the new card today."
    guide_file.write_text("version: 1\nname: Acme\nbanned:\n  - phrase: new card\n", encoding="utf-8")
    first = client.lint_via_server(text, guide=str(guide_file), select=["banned"], socket_path=server_socket)
    edited = "version: 1\nname: Acme\nbanned:\n  - phrase: sent the\n  - phrase: today\n"
    guide_file.write_text(edited, encoding="utf-8")
    second = client.lint_via_server(text, guide=str(guide_file), select=["banned"], socket_path=server_socket)
    assert [v["match"] for v in first["documents"][0]["violations"]] == ["new card"]
    assert [v["match"] for v in second["documents"][0]["violations"]] == ["sent the", "today"]


def test_auto_reader_reads_a_library_like_check_does(server_socket: str, tmp_path: Path) -> None:
    library = tmp_path / "macros.yaml"
    library.write_text(
        "- id: refund\n  body: Per our policy we cannot refund you.\n- id: card\n  body: I have sent the new card.\n",
        encoding="utf-8",
    )
    expected = lint_paths([library], guide=load_guide("support-default")).to_dict()
    got = client.lint_via_server(
        library.read_text(encoding="utf-8"), path=str(library), reader="auto", socket_path=server_socket
    )
    assert got == expected
    assert [d["id"] for d in got["documents"]] == ["refund", "card"]


def test_malformed_json_keeps_the_connection_usable(raw: RawConnection) -> None:
    assert raw.send(b"{not json\n")["error"]["code"] == "malformed"
    assert raw.send(b"[1, 2]\n")["error"]["code"] == "malformed"
    assert raw.send(b"\xff\xfe\n")["error"]["code"] == "malformed"
    after = raw.send(b'{"id": 7, "op": "ping"}\n')
    assert after["id"] == 7
    assert after["ok"] is True


def test_oversized_request_is_refused_and_the_connection_survives(raw: RawConnection, max_request_bytes: int) -> None:
    big = json.dumps({"id": 1, "op": "lint", "text": "word " * max_request_bytes}).encode() + b"\n"
    response = raw.send(big)
    assert response["error"]["code"] == "too-large"
    assert str(max_request_bytes) in response["error"]["message"]
    assert raw.send(b'{"id": 2, "op": "ping"}\n')["ok"] is True


def test_request_exactly_at_the_limit_is_accepted(raw: RawConnection, max_request_bytes: int) -> None:
    head = b'{"id": 3, "op": "lint", "text": "'
    tail = b'"}'
    filler = b"a" * (max_request_bytes - len(head) - len(tail))
    response = raw.send(head + filler + tail + b"\n")
    assert "error" not in response
    assert response["id"] == 3
    assert response["summary"]["documents"] == 1


@pytest.mark.parametrize(
    ("request_line", "code", "words"),
    [
        ({"id": 1, "op": "explode"}, "bad-request", "unknown op"),
        ({"id": 1}, "bad-request", "unknown op"),
        ({"id": 1, "op": "lint"}, "bad-request", "'text'"),
        ({"id": 1, "op": "lint", "text": 5}, "bad-request", "'text'"),
        ({"id": 1, "op": "lint", "text": "hi", "chanel": "chat"}, "bad-request", "chanel"),
        ({"id": 1, "op": "lint", "text": "hi", "select": [1]}, "bad-request", "'select'"),
        ({"id": 1, "op": "lint", "text": "hi", "select": ["VL999"]}, "bad-request", "VL999"),
        ({"id": 1, "op": "lint", "text": "hi", "channel": "fax"}, "bad-request", "fax"),
        ({"id": 1, "op": "lint", "text": "hi", "format": "github"}, "bad-request", "github"),
        ({"id": 1, "op": "lint", "text": "hi", "cwd": "relative/dir"}, "bad-request", "cwd"),
    ],
)
def test_bad_requests_name_the_problem(
    raw: RawConnection, request_line: dict[str, Any], code: str, words: str
) -> None:
    response = raw.send(json.dumps(request_line).encode() + b"\n")
    assert response["id"] == 1
    assert response["error"]["code"] == code
    assert words in response["error"]["message"]


def test_bad_guide_path_and_invalid_guide(server_socket: str, tmp_path: Path) -> None:
    with pytest.raises(client.ServerError) as missing:
        client.lint_via_server("hi", guide=str(tmp_path / "missing.yaml"), socket_path=server_socket)
    assert missing.value.code == "bad-guide"
    assert "missing.yaml" in missing.value.message
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ntone:\n  warmth: [80, 20]\n", encoding="utf-8")
    with pytest.raises(client.ServerError) as invalid:
        client.lint_via_server("hi", guide=str(broken), socket_path=server_socket)
    assert invalid.value.code == "bad-guide"
    assert "warmth" in invalid.value.message
    with pytest.raises(client.ServerError) as preset:
        client.lint_via_server("hi", guide="no-such-preset", socket_path=server_socket)
    assert preset.value.code == "bad-guide"


def test_relative_guide_path_resolves_in_the_clients_folder(
    server_socket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "voicelint.yaml").write_text("version: 1\nname: Local\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    by_name = client.lint_via_server("hi", guide="voicelint.yaml", socket_path=server_socket)
    assert by_name["guide"] == {"name": "Local", "path": "voicelint.yaml"}


def test_report_from_dict_round_trips(server_socket: str) -> None:
    data = client.lint_via_server(DRAFTS[0], socket_path=server_socket)
    report = client.report_from_dict(data)
    assert report.to_dict() == data
    assert report.exit_code("error") == 1
