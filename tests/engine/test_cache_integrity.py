"""The cache only ever answers what voicelint computed, and a cache it cannot use never stops a run.

Every test compares with the report of the same run without a cache: an entry that was edited
(still valid JSON, with another rule, other offsets, another message), a cache folder that is a
file, a database that is a folder, a read-only or full database, a key voicelint cannot read or
make: the report is the same, and stderr holds at most ONE note saying the cache is disabled.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zlib
from pathlib import Path
from typing import Any

import pytest

from voicelint import cache as cache_module
from voicelint.api import LintOptions, iter_results, load_guide

LIBRARY = {
    "Refund": "We apologize for any inconvenience. Per our policy we cannot refund this order.",
    "Login": "Please log in to the web site and e-mail us the order number!!!",
    "Thanks": "Hi Sam, I've refunded the $12 to your card. It should show up by Friday. Jo",
}
NOTE = "voicelint: note: cache disabled: "


def library(tmp_path: Path) -> Path:
    path = tmp_path / "macros.json"
    path.write_text(json.dumps(LIBRARY, indent=1), encoding="utf-8")
    return path


def report(path: Path, cache_dir: Path | None) -> list[dict[str, Any]]:
    options = LintOptions(cache_dir=str(cache_dir) if cache_dir is not None else None)
    return [result.to_dict() for result in iter_results([str(path)], load_guide("support-default"), options)]


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("voicelint: note:")]


def _payload_start(blob: bytes) -> int:
    """Where the compressed JSON of a stored value starts (whatever header the format puts first)."""
    for start in range(min(len(blob), 128)):
        try:
            json.loads(zlib.decompress(blob[start:]))
        except (zlib.error, ValueError):
            continue
        return start
    raise AssertionError("no stored value found in the entry")


def _tamper_value(value: Any) -> Any:
    """The same shape with another rule, shifted offsets and another message, everywhere."""
    if isinstance(value, dict):
        if "findings" in value:
            value["findings"] = [
                ["VL101", start + 1, end + 2, "tampered message", suggestions, severity, fixes]
                for _, start, end, _, suggestions, severity, fixes in value["findings"]
            ]
        if "violations" in value:
            for violation in value["violations"]:
                violation.update(rule="VL101", offset=violation["offset"] + 1, message="tampered message")
        for item in value.values():
            _tamper_value(item)
    elif isinstance(value, list):
        for item in value:
            _tamper_value(item)
    return value


def tamper(cache_dir: Path) -> int:
    """Rewrite every stored value (keeping any header before it): valid JSON, a different report."""
    changed = 0
    with sqlite3.connect(cache_dir / "results.sqlite3") as db:
        for key, blob in db.execute("SELECT key, value FROM results").fetchall():
            start = _payload_start(blob)
            value = _tamper_value(json.loads(zlib.decompress(blob[start:])))
            forged = blob[:start] + zlib.compress(json.dumps(value, separators=(",", ":")).encode())
            db.execute("UPDATE results SET value = ? WHERE key = ?", (forged, key))
            changed += 1
    return changed


def test_a_tampered_entry_that_still_decodes_is_a_miss(tmp_path: Path) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    assert report(path, cache_dir) == expected
    assert tamper(cache_dir) == len(LIBRARY) + 1  # every document's analysis and the file's results
    assert report(path, cache_dir) == expected
    assert any(v["rule"] != "VL101" for d in expected for v in d["violations"])


def test_an_entry_copied_under_another_key_is_a_miss(tmp_path: Path) -> None:
    """The checksum covers the row's key: a genuine entry moved to another document's key fails."""
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    with sqlite3.connect(cache_dir / "results.sqlite3") as db:
        rows = db.execute("SELECT key, value FROM results WHERE key NOT LIKE 'f%'").fetchall()
        assert len(rows) == len(LIBRARY)
        db.execute("DELETE FROM results WHERE key LIKE 'f%'")  # so the documents are looked up
        for (key, _), (_, value) in zip(rows, rows[1:] + rows[:1], strict=True):
            db.execute("UPDATE results SET value = ? WHERE key = ?", (value, key))
    assert report(path, cache_dir) == expected


def test_entries_of_another_cache_key_are_misses(tmp_path: Path) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    key_file = cache_dir / "entries.key"
    tamper(cache_dir)
    key_file.write_bytes(os.urandom(32))  # whoever replaces the key cannot make old entries verify
    assert report(path, cache_dir) == expected


def test_the_key_is_private_random_and_kept(tmp_path: Path) -> None:
    path = library(tmp_path)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    key_file = cache_dir / "entries.key"
    key = key_file.read_bytes()
    assert len(key) == 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    report(path, cache_dir)
    assert key_file.read_bytes() == key
    other = tmp_path / "other"
    report(path, other)
    assert (other / "entries.key").read_bytes() != key


def test_a_key_readable_by_others_is_replaced(tmp_path: Path) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    key_file = cache_dir / "entries.key"
    old = key_file.read_bytes()
    tamper(cache_dir)
    key_file.chmod(0o644)  # someone else may have read it, and could sign forged entries
    assert report(path, cache_dir) == expected
    assert key_file.read_bytes() != old
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_every_key_and_entry_carries_the_format_version(tmp_path: Path) -> None:
    path = library(tmp_path)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    version = cache_module.FORMAT_VERSION
    with sqlite3.connect(cache_dir / "results.sqlite3") as db:
        rows = db.execute("SELECT key, value FROM results").fetchall()
    assert rows
    for key, value in rows:
        assert key.startswith((f"d{version}:", f"f{version}:"))
        assert value.startswith(f"VLC{version}".encode())


def _assert_disabled(path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str], expected: Any) -> str:
    capsys.readouterr()
    assert report(path, cache_dir) == expected
    found = notes(capsys.readouterr().err)
    assert len(found) == 1 and found[0].startswith(NOTE), found
    return found[0]


def test_a_cache_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    cache_dir.write_text("not a folder", encoding="utf-8")
    _assert_disabled(path, cache_dir, capsys, expected)
    assert cache_dir.read_text(encoding="utf-8") == "not a folder"


def test_a_database_path_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    (cache_dir / "results.sqlite3" / "inside").mkdir(parents=True)
    note = _assert_disabled(path, cache_dir, capsys, expected)
    assert "results.sqlite3" in note
    assert (cache_dir / "results.sqlite3" / "inside").is_dir(), "a folder in the way is never deleted"


def test_a_key_that_cannot_be_read_or_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    (cache_dir / "entries.key" / "inside").mkdir(parents=True)
    _assert_disabled(path, cache_dir, capsys, expected)


def test_a_read_only_cache_of_another_user_is_not_used_and_not_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, whom permissions do not stop: SQLite's refusal is simulated."""
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    database = cache_dir / "results.sqlite3"
    before = database.read_bytes()

    def read_only(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(sqlite3, "connect", read_only)
    _assert_disabled(path, cache_dir, capsys, expected)
    assert database.read_bytes() == before, "a cache voicelint cannot write is not rebuilt"


class _FailingWrites:
    """A connection whose writes fail as a full disk or a lock held too long makes them fail."""

    def __init__(self, db: sqlite3.Connection, message: str) -> None:
        self._db = db
        self._message = message
        self.attempts = 0

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("BEGIN"):
            self.attempts += 1
            raise sqlite3.OperationalError(self._message)
        return self._db.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


@pytest.mark.parametrize("message", ["database or disk is full", "database is locked"])
def test_writes_that_fail_disable_the_cache_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    path = library(tmp_path)
    second = tmp_path / "second.json"
    second.write_text(json.dumps({"Other": "Please log in again."}), encoding="utf-8")
    guide = load_guide("support-default")
    expected = [r.to_dict() for r in iter_results([str(path), str(second)], guide, LintOptions())]
    connections: list[_FailingWrites] = []
    connect = sqlite3.connect

    def failing(*args: Any, **kwargs: Any) -> Any:
        connections.append(_FailingWrites(connect(*args, **kwargs), message))
        return connections[-1]

    monkeypatch.setattr(sqlite3, "connect", failing)
    capsys.readouterr()
    options = LintOptions(cache_dir=str(tmp_path / "cache"))
    assert [r.to_dict() for r in iter_results([str(path), str(second)], guide, options)] == expected
    found = notes(capsys.readouterr().err)
    assert len(found) == 1 and found[0].startswith(NOTE) and message in found[0], found
    assert sum(c.attempts for c in connections) == 1, "once disabled, the cache is left alone"


def test_a_corrupt_database_is_still_rebuilt_with_one_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = library(tmp_path)
    expected = report(path, None)
    cache_dir = tmp_path / "cache"
    report(path, cache_dir)
    for suffix in ("-wal", "-shm"):
        (cache_dir / f"results.sqlite3{suffix}").unlink(missing_ok=True)
    (cache_dir / "results.sqlite3").write_bytes(b"not a database" * 200)
    capsys.readouterr()
    assert report(path, cache_dir) == expected
    found = notes(capsys.readouterr().err)
    assert len(found) == 1 and "rebuilding it" in found[0], found
    assert report(path, cache_dir) == expected
    assert notes(capsys.readouterr().err) == []


def test_a_key_that_is_a_link_or_a_fifo_is_replaced_not_followed(tmp_path: Path) -> None:
    """Reading the key never follows a link (to a file someone else controls) nor waits on a FIFO."""
    import subprocess
    import sys

    path = library(tmp_path)
    elsewhere = tmp_path / "elsewhere.key"
    elsewhere.write_bytes(b"k" * 32)
    elsewhere.chmod(0o600)
    linked, fifo = tmp_path / "linked", tmp_path / "fifo"
    for cache_dir in (linked, fifo):
        cache_dir.mkdir()
    (linked / "entries.key").symlink_to(elsewhere)
    os.mkfifo(fifo / "entries.key")
    script = (
        "import sys; from voicelint.api import LintOptions, iter_results, load_guide\n"
        "r = [x.to_dict() for x in iter_results([sys.argv[1]], load_guide('support-default'),"
        " LintOptions(cache_dir=sys.argv[2]))]\n"
        "print(len(r))"
    )
    for cache_dir in (linked, fifo):
        done = subprocess.run(
            [sys.executable, "-c", script, str(path), str(cache_dir)],
            capture_output=True, text=True, timeout=120, check=False,
        )
        assert done.returncode == 0 and done.stdout.strip() == str(len(LIBRARY)), done.stderr
        key = cache_dir / "entries.key"
        assert key.is_file() and not key.is_symlink() and len(key.read_bytes()) == 32
    assert elsewhere.read_bytes() == b"k" * 32
