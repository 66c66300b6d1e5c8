"""``lint_paths_via_server``: what ``voicelint check PATHS`` gets from a server equals the in-process run."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicelint import client
from voicelint.api import LintOptions, iter_results, load_guide
from voicelint.guide.loader import discover_guide
from voicelint.report import DocumentResult, ReportError


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "voicelint.yaml").write_text(
        "version: 1\nname: Acme\nextends: support-default\n"
        "banned:\n  - phrase: per our policy\nterms:\n  - use: sign in\n    avoid: [log in]\n",
        encoding="utf-8",
    )
    replies = tmp_path / "replies"
    replies.mkdir()
    (replies / "refund.txt").write_text("Per our policy we cannot refund you.\nPlease log in.\n", encoding="utf-8")
    (replies / "notes.md").write_text("# Card\n\nI have sent the new card. Log in to see it.\n", encoding="utf-8")
    (replies / "macros.yaml").write_text(
        "- id: refund\n  body: Per our policy we cannot refund you.\n- id: card\n  body: I have sent the new card.\n",
        encoding="utf-8",
    )
    (replies / "broken.txt").write_bytes(b"Hello \xff there")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def in_process(paths: list[str], options: LintOptions) -> list[DocumentResult | ReportError]:
    return list(iter_results(paths, load_guide(discover_guide()), options))


def test_folder_run_equals_check_in_process(server_socket: str, project: Path) -> None:
    paths = ["replies", "missing.txt"]
    expected = in_process(paths, LintOptions())
    got = client.lint_paths_via_server(paths, guide=discover_guide(), socket_path=server_socket)
    assert (got.guide_name, got.guide_path) == ("Acme", "voicelint.yaml")
    assert [r.to_dict() for r in got.results if isinstance(r, DocumentResult)] == [
        r.to_dict() for r in expected if isinstance(r, DocumentResult)
    ]
    assert sorted(str(r) for r in got.results if isinstance(r, ReportError)) == sorted(
        str(r) for r in expected if isinstance(r, ReportError)
    )
    assert {r.path for r in got.results if isinstance(r, DocumentResult)} == {
        "replies/refund.txt", "replies/notes.md", "replies/macros.yaml"
    }


def test_stdin_and_options_reach_the_server(server_socket: str, project: Path) -> None:
    text = "Per our policy we cannot refund you. Please log in."
    options = LintOptions(channel="chat", ignore=("terminology",))
    expected = list(iter_results(["-"], load_guide(discover_guide()), options, stdin_text=text))
    got = client.lint_paths_via_server(
        ["-"], stdin_text=text, channel="chat", ignore=["terminology"], guide=discover_guide(),
        socket_path=server_socket,
    )
    assert [r.to_dict() for r in got.results] == [r.to_dict() for r in expected]
    assert {v.category for r in got.results if isinstance(r, DocumentResult) for v in r.violations} >= {"banned"}


def test_only_unreadable_inputs_still_name_the_guide(server_socket: str, project: Path) -> None:
    got = client.lint_paths_via_server(["missing.txt"], guide=discover_guide(), socket_path=server_socket)
    assert got.guide_name == "Acme"
    assert [str(r) for r in got.results] == ["missing.txt: no such file or folder"]


def test_no_server_raises_before_anything_is_read(tmp_path: Path) -> None:
    with pytest.raises(client.ServerUnavailable):
        client.lint_paths_via_server(["-"], stdin_text="hi", socket_path=str(tmp_path / "none.sock"))
