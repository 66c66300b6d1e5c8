"""A result cache, so re-running on an unchanged library costs almost nothing.

Two kinds of entry. A whole file's results, keyed by the file's bytes: an unchanged library is
answered without even being read as CSV or YAML. And each document's analysis (its findings in
document offsets, its scores, what library rules need of it), which depends only on its text,
its channel, the resolved guide, the rules selected, the spaCy model and voicelint's own code.
Keys hash all of these, so any change to them is a miss, never a stale hit. Findings are
located in the file after the per-document cache, so a record that moved to another line of a
changed library is still reported at the right place.

Storage is one SQLite database (``results.sqlite3``) in the cache folder: safe under concurrent
runs (SQLite locks; WAL journal), and checked on every read. Every entry carries the format
version and an HMAC-SHA256 of its row key and value under a random key kept in the cache folder
(``entries.key``, readable by its owner only, made on first use): an entry that was edited, moved
to another key, or written by another format or another cache's key is a miss, so the cache can
only ever answer what voicelint itself computed. A database SQLite calls corrupt is deleted and
rebuilt, with a note on stderr; a cache that cannot be used at all is turned off for the run,
with one note, and the run goes on without it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import stat
import sys
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from voicelint import __version__

DEFAULT_CACHE_DIR = ".voicelint_cache"
CACHE_DIR_ENV = "VOICELINT_CACHE_DIR"
#: In every key and every entry: entries of another format are misses, never misread.
FORMAT_VERSION = 6
_DB_NAME = "results.sqlite3"
#: The cache's secret for entry checksums (HMAC-SHA256), private to its owner (mode 0600).
_KEY_NAME = "entries.key"
_KEY_BYTES = 32
_MAC_BYTES = 32
_MAGIC = b"VLC%d" % FORMAT_VERSION
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
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
    joined = "\x1f".join([f"format {FORMAT_VERSION}", code_fingerprint(), *parts])
    return hashlib.sha256(joined.encode()).hexdigest()[:24]


def document_key(run_namespace: str, channel: str, text: str) -> str:
    """The key of one document's analysis: its text, its channel and the run's configuration.

    The key hashes the document's own text, not the text the parser is handed: that one is made
    from it by voicelint's code (long runs broken up by :mod:`voicelint.neutralise`, and any
    other same-length masking the engine applies), which the namespace's code fingerprint covers,
    so the key decides what is analysed however those steps change or are combined.
    """
    digest = hashlib.sha256(run_namespace.encode())
    digest.update(b"\x1f" + channel.encode() + b"\x1f")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return f"d{FORMAT_VERSION}:" + digest.hexdigest()


def file_key(run_namespace: str, settings: str, data: bytes) -> str:
    """The key of a whole file's results: its bytes under one configuration (``settings``)."""
    digest = hashlib.sha256(b"file\x1f" + run_namespace.encode() + b"\x1f" + settings.encode() + b"\x1f")
    digest.update(data)
    return f"f{FORMAT_VERSION}:" + digest.hexdigest()


def resolve_cache_dir(option: str | None) -> Path:
    return Path(option or os.environ.get(CACHE_DIR_ENV) or DEFAULT_CACHE_DIR)


class ResultCache:
    """Get and put JSON-able analyses by key. Never raises for a cache problem: it degrades.

    Whatever keeps the cache from being used (its folder is a file, its database a folder, no
    permission, a full disk, a lock held too long, a key it cannot read or make) turns it off for
    the rest of the run with one note on stderr; the run goes on, and its report is the one it
    would be without a cache. A database SQLite calls corrupt is deleted and rebuilt, once.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._db: sqlite3.Connection | None = None
        self._key = b""
        self._disabled = False
        self._rebuilt = False
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._disabled:
            return self._db
        try:
            self._prepare_directory()
            self._key = self._load_key()
            self._db = self._open()
        except sqlite3.Error as exc:
            self._failed(exc, f"cannot open {self.directory / _DB_NAME}")
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

    def _load_key(self) -> bytes:
        """The cache's secret key, made on first use (random, readable by its owner only).

        A key file voicelint did not write (not a regular file, the wrong size, readable by
        others) is replaced: entries signed with the old key are then misses, never trusted.
        """
        path = self.directory / _KEY_NAME
        for attempt in range(3):
            try:
                # Never follow a link, never wait on a FIFO: either is replaced below.
                fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
            except FileNotFoundError:
                _write_key(path, replace=False)
                continue
            except OSError as exc:
                if exc.errno != errno.ELOOP:  # ELOOP: a symbolic link
                    raise
            else:
                with os.fdopen(fd, "rb") as handle:
                    info = os.fstat(handle.fileno())
                    key = handle.read(_KEY_BYTES + 1) if stat.S_ISREG(info.st_mode) else b""
                private = os.name != "posix" or not info.st_mode & 0o077 or attempt == 2
                if len(key) == _KEY_BYTES and private:
                    return key
            _write_key(path, replace=True)
        raise OSError(f"cannot make a key in {self.directory}")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.directory / _DB_NAME, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM (SELECT 1 FROM results LIMIT 1)").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _failed(self, error: sqlite3.Error, doing: str) -> None:
        """After a database error: rebuild a corrupt database (once a run), else stop using it."""
        self.close()
        if not _is_corrupt(error) or self._rebuilt:
            self._disable(f"{doing}: {error}")
            return
        self._rebuilt = True
        try:
            for suffix in ("", "-wal", "-shm"):
                path = self.directory / f"{_DB_NAME}{suffix}"
                if path.is_file():
                    path.unlink()
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._disable(f"the result cache was unreadable ({error}) and cannot be rebuilt: {exc}")
            return
        print(f"voicelint: note: the result cache was unreadable ({error}); rebuilding it", file=sys.stderr)

    def _disable(self, reason: str) -> None:
        if not self._disabled:
            print(f"voicelint: note: cache disabled: {reason}", file=sys.stderr)
        self._disabled = True
        self.close()

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        """The cached analyses of ``keys`` (missing, unauthentic and undecodable ones are absent)."""
        db = self._connect()
        found: dict[str, Any] = {}
        if db is not None:
            try:
                for start in range(0, len(keys), _LOOKUP_BATCH):
                    batch = keys[start : start + _LOOKUP_BATCH]
                    marks = ",".join("?" * len(batch))
                    for key, blob in db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", batch):
                        value = _decode(self._key, key, blob)
                        if value is not None:
                            found[key] = value
            except sqlite3.Error as exc:
                self._failed(exc, "cannot read the result cache")
                found = {}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def get_file(self, key: str) -> list[dict[str, Any]] | None:
        """The stored results of a whole unchanged file (see :func:`file_key`), or None."""
        value = self.get_many([key]).get(key)
        entries = value.get("file") if isinstance(value, dict) else None
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and e.get("kind") in ("error", "document") and isinstance(e.get("value"), dict)
            for e in entries
        ):
            return None
        return entries

    def put_file(self, key: str, entries: list[dict[str, Any]]) -> None:
        self.put_many([(key, {"file": entries})])

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        db = self._connect()
        if db is None:
            return
        rows = [(key, _encode(self._key, key, value)) for key, value in items]
        if not rows:
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
            db.execute("COMMIT")
        except sqlite3.Error as exc:  # locked for longer than the timeout, read-only, disk full, corrupt
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            self._failed(exc, "cannot write to the result cache")

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _write_key(path: Path, *, replace: bool) -> None:
    """A new random key at ``path``, written whole before it appears (concurrent runs never read
    half a key); without ``replace``, a key another run made first is kept."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
            except OSError:  # no hard links on this file system
                if not path.exists():
                    os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _is_corrupt(error: sqlite3.Error) -> bool:
    """Whether SQLite says the database file itself is damaged (not locked, read-only, full...)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB"


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    """The entry's checksum: keyed, and bound to the format and to its row's key (so an entry
    copied under another key, or written by another format, does not verify)."""
    return hmac.new(secret, _MAGIC + key.encode("utf-8", "surrogatepass") + b"\x1f" + payload, hashlib.sha256).digest()


def _encode(secret: bytes, key: str, value: Any) -> bytes:
    payload = zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 1)
    return _MAGIC + _mac(secret, key, payload) + payload


def _decode(secret: bytes, key: str, blob: Any) -> Any:
    """A stored value, or None when it is not what voicelint wrote under this key with this
    cache's key (corruption, tampering, another format)."""
    if not isinstance(blob, bytes) or not blob.startswith(_MAGIC):
        return None
    header = len(_MAGIC) + _MAC_BYTES
    payload = blob[header:]
    if not hmac.compare_digest(blob[len(_MAGIC) : header], _mac(secret, key, payload)):
        return None
    try:
        value = json.loads(zlib.decompress(payload))
    except (zlib.error, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or not (isinstance(value.get("findings"), list) or "file" in value):
        return None
    return value
