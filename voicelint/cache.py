"""A result cache, so re-running on an unchanged library costs almost nothing.

Two kinds of entry. A whole file's results, keyed by the file's bytes: an unchanged library is
answered without even being read as CSV or YAML. And each document's analysis (its findings in
document offsets, its scores, what library rules need of it), which depends only on its text,
its channel, the resolved guide, the rules selected, the spaCy model and voicelint's own code.
Keys hash all of these, so any change to them is a miss, never a stale hit. Findings are
located in the file after the per-document cache, so a record that moved to another line of a
changed library is still reported at the right place.

Storage is one SQLite database (``results.sqlite3``) in the cache folder: safe under concurrent
runs (SQLite locks; WAL journal), and checked on every read: a value that does not decode is a
miss, and a database SQLite calls corrupt is deleted and rebuilt, with a note on stderr.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from voicelint import __version__

DEFAULT_CACHE_DIR = ".voicelint_cache"
CACHE_DIR_ENV = "VOICELINT_CACHE_DIR"
_DB_NAME = "results.sqlite3"
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
#: SQLite limits the number of parameters in one statement.
_LOOKUP_BATCH = 500


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of voicelint's installed code and data (names, sizes, modification times).

    The version alone is not enough: a development install changes without a new version.
    """
    package_root = Path(__file__).resolve().parent
    roots = [package_root]
    try:
        import voicelint.styleguides as styleguides

        roots.append(Path(styleguides.__file__).resolve().parent)
    except ImportError:  # pragma: no cover - always packaged
        pass
    digest = hashlib.sha256(__version__.encode())
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".yaml", ".txt", ".tsv") and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def namespace(parts: Sequence[str]) -> str:
    """The part of every key shared by one run's configuration."""
    return hashlib.sha256("\x1f".join([code_fingerprint(), *parts]).encode()).hexdigest()[:24]


def document_key(run_namespace: str, channel: str, text: str) -> str:
    digest = hashlib.sha256(run_namespace.encode())
    digest.update(b"\x1f" + channel.encode() + b"\x1f")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def file_key(run_namespace: str, settings: str, data: bytes) -> str:
    """The key of a whole file's results: its bytes under one configuration (``settings``)."""
    digest = hashlib.sha256(b"file\x1f" + run_namespace.encode() + b"\x1f" + settings.encode() + b"\x1f")
    digest.update(data)
    return "f:" + digest.hexdigest()


def resolve_cache_dir(option: str | None) -> Path:
    return Path(option or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR)


class ResultCache:
    """Get and put JSON-able analyses by key. Never raises for a cache problem: it degrades."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._db: sqlite3.Connection | None = None
        self._disabled = False
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._disabled:
            return self._db
        try:
            self._prepare_directory()
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self._db = self._rebuild(exc)
        except OSError as exc:
            self._disable(f"cannot use the cache folder {self.directory}: {exc}")
        return self._db

    def _prepare_directory(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        ignore = self.directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by voicelint: a result cache, safe to delete.\n*\n", encoding="utf-8")
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# voicelint result cache\n", encoding="utf-8")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / _DB_NAME, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(_SCHEMA)
        db.execute("SELECT count(*) FROM (SELECT 1 FROM results LIMIT 1)").fetchone()
        return db

    def _rebuild(self, error: Exception) -> sqlite3.Connection | None:
        print(f"voicelint: note: the result cache was unreadable ({error}); rebuilding it", file=sys.stderr)
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-wal", "-shm"):
            (self.directory / f"{_DB_NAME}{suffix}").unlink(missing_ok=True)
        try:
            return self._open()
        except (sqlite3.DatabaseError, OSError) as exc:
            self._disable(f"cannot rebuild the result cache: {exc}")
            return None

    def _disable(self, message: str) -> None:
        print(f"voicelint: note: {message}; linting without a cache", file=sys.stderr)
        self._disabled = True
        self._db = None

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The cached analyses of ``keys`` (missing and undecodable ones are simply absent)."""
        db = self._connect()
        found: dict[str, Any] = {}
        if db is None:
            self.misses += len(keys)
            return found
        try:
            for start in range(0, len(keys), _LOOKUP_BATCH):
                batch = keys[start : start + _LOOKUP_BATCH]
                marks = ",".join("?" * len(batch))
                for key, blob in db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", batch):
                    value = _decode(blob)
                    if value is not None:
                        found[key] = value
        except sqlite3.DatabaseError as exc:
            self._db = self._rebuild(exc)
            found = {}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def get_file(self, key: str) -> list[dict[str, Any]] | None:
        """The stored results of a whole unchanged file (see :func:`file_key`), or None."""
        value = self.get_many([key]).get(key)
        entries = value.get("file") if isinstance(value, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and "kind" in e for e in entries):
            return None
        return entries

    def put_file(self, key: str, entries: list[dict[str, Any]]) -> None:
        self.put_many([(key, {"file": entries})])

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        db = self._connect()
        if db is None:
            return
        rows = [(key, zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 1)) for key, value in items]
        if not rows:
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # e.g. locked for longer than the timeout: skip, not fail
            if db.in_transaction:
                db.execute("ROLLBACK")
            print(f"voicelint: note: results not cached this time ({exc})", file=sys.stderr)
        except sqlite3.DatabaseError as exc:
            self._db = self._rebuild(exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(blob: Any) -> Any:
    """A stored value, or None when it is not what voicelint wrote (corruption, tampering)."""
    try:
        value = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or not (isinstance(value.get("findings"), list) or "file" in value):
        return None
    return value
