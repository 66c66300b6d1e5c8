"""Inputs that never end or never come (issue 9): FIFOs, sockets and devices are never opened from a
folder walk and are an input error when named; reads are bounded; symlinks are walked only when asked.
"""

from __future__ import annotations

import io
import os
import socket
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner

from voicelint.cli import main
from voicelint.sources import InputError, discover, read_bytes, read_file
from voicelint.sources.reading import MAX_INPUT_BYTES

#: The ``deadline`` fixture (tests/conftest.py): ``with deadline(20):`` fails instead of hanging.
Deadline = Callable[[int], AbstractContextManager[None]]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices, symlinks and SIGALRM are POSIX")


def found(paths: list[str], **options: bool) -> list[str]:
    return [entry if isinstance(entry, str) else f"error: {entry}" for entry in discover(paths, **options)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of replies holding a FIFO and a socket with supported names next to a real file."""
    root = tmp_path / "replies"
    root.mkdir()
    (root / "a.md").write_text("Thanks for waiting, Sam.\n", encoding="utf-8")
    os.mkfifo(root / "b.md")
    os.mkfifo(root / "c.txt")
    return root


def test_a_folder_walk_skips_fifos(folder: Path, deadline: Deadline) -> None:
    with deadline(20):
        assert found([str(folder)]) == [str(folder / "a.md")]
        items = [item for path in found([str(folder)]) for item in read_file(path)]
    assert [type(item).__name__ for item in items] == ["Document"]


def test_a_socket_in_a_walked_folder_is_skipped() -> None:
    root = Path("/tmp") / f"vl-walk-{os.getpid()}"  # short enough for an AF_UNIX path
    root.mkdir()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(root / "s.md"))
        (root / "a.md").write_text("Hi\n", encoding="utf-8")
        assert found([str(root)]) == [str(root / "a.md")]
        [error] = found([str(root / "s.md")])
        assert error.startswith(f"error: {root / 's.md'}: is not a regular file")
    finally:
        server.close()
        for child in root.iterdir():
            child.unlink()
        root.rmdir()


def test_a_fifo_named_explicitly_is_an_input_error_naming_it(folder: Path, deadline: Deadline) -> None:
    fifo = str(folder / "b.md")
    with deadline(20):
        [entry] = list(discover([fifo]))
        [read] = list(read_file(fifo))
        raw = read_bytes(fifo)
    expected = f"{fifo}: is not a regular file (a FIFO, socket or device); give files, folders, or - for stdin"
    for error in (entry, read, raw):
        assert isinstance(error, InputError) and str(error) == expected


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_never_read(tmp_path: Path, deadline: Deadline) -> None:
    """``/dev/zero`` was read until MemoryError; it is refused before it is opened."""
    with deadline(20):
        [entry] = list(discover(["/dev/zero"]))
        raw = read_bytes("/dev/zero")
    assert isinstance(entry, InputError) and entry.path == "/dev/zero"
    assert isinstance(raw, InputError) and "not a regular file" in raw.message


def test_the_cli_names_a_fifo_and_walks_past_one(folder: Path, deadline: Deadline) -> None:
    runner = CliRunner()
    with deadline(120):
        walked = runner.invoke(main, ["check", "--no-cache", str(folder)])
        named = runner.invoke(main, ["check", "--no-cache", str(folder / "b.md")])
    assert walked.exit_code in (0, 1), walked.output
    assert "1 document(s)" in walked.output and "input error" not in walked.output
    assert named.exit_code == 2, named.output
    assert f"{folder / 'b.md'}: is not a regular file" in named.stderr


def test_a_file_over_the_size_limit_is_an_input_error_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:  # sparse: no disk is spent
        handle.truncate(MAX_INPUT_BYTES + 1)
    error = read_bytes(str(big))
    assert isinstance(error, InputError)
    assert error.message == f"is {MAX_INPUT_BYTES + 1} bytes; at most {MAX_INPUT_BYTES} bytes are read (split the file)"
    assert MAX_INPUT_BYTES == 64 * 1024 * 1024


def test_the_size_limit_is_exact_and_applies_to_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ten.txt"
    path.write_bytes(b"0123456789")
    assert read_bytes(str(path), max_bytes=10) == b"0123456789"
    assert isinstance(read_bytes(str(path), max_bytes=9), InputError)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 20)))
    error = read_bytes("-", max_bytes=10)
    assert isinstance(error, InputError) and error.message.startswith("is over 10 bytes")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 10)))
    assert read_bytes("-", max_bytes=10) == b"x" * 10


def test_unreadable_paths_keep_their_messages(tmp_path: Path) -> None:
    for path, message in [
        (tmp_path / "missing.md", "no such file or folder"),
        (tmp_path, "is a folder, not a file"),
        (tmp_path / "missing" / "x.md", "no such file or folder"),
    ]:
        error = read_bytes(str(path))
        assert isinstance(error, InputError) and error.message == message


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """replies/ with a file, a symlinked file, a symlinked folder, a link outside and a link loop."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("Not a reply.\n", encoding="utf-8")
    root = tmp_path / "replies"
    (root / "sub").mkdir(parents=True)
    (root / "a.md").write_text("Hi\n", encoding="utf-8")
    (root / "sub" / "b.md").write_text("Hi\n", encoding="utf-8")
    (root / "link.md").symlink_to(root / "a.md")
    (root / "out.md").symlink_to(outside / "secret.md")
    (root / "outdir").symlink_to(outside)
    (root / "sub" / "loop").symlink_to(root)
    (root / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    return root


def test_a_walk_does_not_follow_symlinks(linked: Path) -> None:
    assert found([str(linked)]) == [str(linked / "a.md"), str(linked / "sub" / "b.md")]


def test_symlinks_are_followed_when_asked_and_a_loop_ends(linked: Path) -> None:
    assert found([str(linked)], follow_symlinks=True) == [
        str(linked / "a.md"),
        str(linked / "link.md"),
        str(linked / "out.md"),
        str(linked / "outdir" / "secret.md"),
        str(linked / "sub" / "b.md"),
    ]


def test_a_symlink_named_explicitly_is_read(linked: Path) -> None:
    assert found([str(linked / "out.md"), str(linked / "outdir")]) == [
        str(linked / "out.md"),
        str(linked / "outdir" / "secret.md"),
    ]
    [error] = found([str(linked / "dangling.md")])
    assert error == f"error: {linked / 'dangling.md'}: no such file or folder"
