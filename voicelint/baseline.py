"""The baseline: violations a team has accepted, so a run reports (and fails on) only new ones.

``voicelint check --write-baseline FILE`` records the current violations; ``--baseline FILE``
drops those from the report. A violation is recorded by its identity
(:func:`voicelint.fingerprints.identities`: file, record id, rule, matched words, occurrence), not
its line, so inserting lines above it or moving its record within a library keeps it baselined.

The file is JSON meant to be committed and reviewed: entries grouped by file, one entry per line,
sorted, each ``{"id", "rule", "match", "count"}``: ``count`` occurrences of that rule and match in
that record are accepted; a third occurrence where two were recorded is new. Paths are relative
to the baseline file's folder, so the file works from any working directory and in a CI checkout
at another absolute path. A match longer than :data:`MAX_MATCH` characters is stored shortened,
with ``match_sha256`` (the SHA-256 of the whole normalised match) identifying it.

Like ESLint's bulk suppressions and Psalm's baseline, counts make the file small and its diffs
readable (a fixed finding removes a line or lowers a count); unlike them, the matched words are
part of the key, so a new finding of an already baselined rule in the same record is still new.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from voicelint.atomic_write import write_atomically
from voicelint.fingerprints import Identity, identities
from voicelint.report import DocumentResult

VERSION = 1
#: Longer matches (a whole-document tone finding, a long sentence) are stored shortened.
MAX_MATCH = 200
_EXCERPT = 120
_HEX = frozenset("0123456789abcdef")
_ABOUT = (
    "voicelint baseline: violations accepted when it was written; `voicelint check --baseline "
    "FILE` reports only others. Paths are relative to this file's folder. Regenerate with "
    "--write-baseline; do not edit by hand."
)

#: (path relative to the baseline's folder, record id, rule, match key) -> accepted occurrences.
Key = tuple[str, str, str, str]


class BaselineError(Exception):
    """A baseline file that is missing, unreadable or not a voicelint baseline (exit 2)."""


def match_key(match: str) -> str:
    """How a normalised match is keyed: itself, or ``sha256:HEX`` when it is too long to store."""
    if len(match) <= MAX_MATCH:
        return match
    return "sha256:" + hashlib.sha256(match.encode("utf-8", "surrogatepass")).hexdigest()


class Baseline:
    """Accepted violations, keyed relative to ``folder`` (the baseline file's folder)."""

    def __init__(self, folder: Path, counts: Counter[Key] | None = None, excerpts: dict[Key, str] | None = None):
        self.folder = folder
        self.counts: Counter[Key] = counts if counts is not None else Counter()
        #: How a shortened match is shown in the file (keys of long matches only).
        self.excerpts: dict[Key, str] = excerpts if excerpts is not None else {}

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """The baseline in ``path``; raises :class:`BaselineError` naming the file and the problem."""
        where = os.fspath(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(f"{where}: baseline file not found (create it with --write-baseline {where})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{where}: cannot read the baseline: {exc}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BaselineError(
                f"{where}:{exc.lineno}:{exc.colno}: not a voicelint baseline: invalid JSON ({exc.msg})"
            ) from None
        baseline = cls(_folder_of(path))
        baseline._read(where, data)
        return baseline

    def _read(self, where: str, data: Any) -> None:
        if not isinstance(data, dict) or "files" not in data:
            raise BaselineError(f'{where}: not a voicelint baseline (expected an object with "version" and "files")')
        if data.get("version") != VERSION:
            raise BaselineError(f"{where}: unsupported baseline version {data.get('version')!r} (expected {VERSION})")
        files = data["files"]
        if not isinstance(files, dict):
            raise BaselineError(f'{where}: "files" must be an object of paths to lists of entries')
        for file, entries in files.items():
            if not isinstance(entries, list):
                raise BaselineError(f"{where}: files[{file!r}] must be a list of entries")
            for index, entry in enumerate(entries):
                self._read_entry(f"{where}: files[{file!r}][{index}]", file, entry)

    def _read_entry(self, where: str, file: str, entry: Any) -> None:
        if not isinstance(entry, dict):
            raise BaselineError(f"{where} must be an object with id, rule, match and count")
        record_id, rule, match, count = (entry.get(k) for k in ("id", "rule", "match", "count"))
        if record_id is not None and not isinstance(record_id, str):
            raise BaselineError(f'{where}: "id" must be a string or null')
        if not isinstance(rule, str) or not rule:
            raise BaselineError(f'{where}: "rule" must be a rule code such as "VL101"')
        if not isinstance(match, str):
            raise BaselineError(f'{where}: "match" must be a string')
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f'{where}: "count" must be a whole number of at least 1')
        digest = entry.get("match_sha256")
        if digest is not None and (not isinstance(digest, str) or len(digest) != 64 or set(digest) - _HEX):
            raise BaselineError(f'{where}: "match_sha256" must be 64 hex digits')
        key: Key = (file, record_id or "", rule, f"sha256:{digest}" if digest else match)
        self.counts[key] += count
        if digest:
            self.excerpts[key] = match

    # -- applying -------------------------------------------------------------------------

    def key(self, identity: Identity) -> Key:
        """Where a violation with this identity is counted in this baseline."""
        return (_relative(identity.path, self.folder), identity.record_id, identity.rule, match_key(identity.match))

    def split(self, result: DocumentResult) -> tuple[DocumentResult, list[Identity]]:
        """``result`` without its baselined violations, and the identities of those dropped."""
        kept, dropped = [], []
        for identity, violation in identities(result):
            if identity.occurrence < self.counts.get(self.key(identity), 0):
                dropped.append(identity)
            else:
                kept.append(violation)
        if not dropped:
            return result, dropped
        return dataclasses.replace(result, violations=tuple(kept)), dropped

    # -- writing --------------------------------------------------------------------------

    def add(self, identity: Identity, match: str) -> None:
        """Record one occurrence (``match``: the normalised matched words, shown when shortened)."""
        key = self.key(identity)
        self.counts[key] += 1
        if key[3] != identity.match:
            self.excerpts[key] = match[:_EXCERPT] + "…"

    def to_json(self) -> str:
        """The file's text: sorted, grouped by file, one entry per line (small, reviewable diffs)."""
        by_file: dict[str, list[str]] = {}
        for key in sorted(self.counts):
            file, record_id, rule, matched = key
            entry: dict[str, Any] = {"id": record_id or None, "rule": rule}
            if matched.startswith("sha256:") and key in self.excerpts:
                entry["match"] = self.excerpts[key]
                entry["match_sha256"] = matched.removeprefix("sha256:")
            else:
                entry["match"] = matched
            entry["count"] = self.counts[key]
            by_file.setdefault(file, []).append(json.dumps(entry, ensure_ascii=False))
        lines = ["{", f'  "version": {VERSION},', f'  "about": {json.dumps(_ABOUT)},', '  "files": {']
        for position, (file, entries) in enumerate(by_file.items()):
            lines.append(f"    {json.dumps(file, ensure_ascii=False)}: [")
            lines.extend(f"      {entry}{',' if i < len(entries) - 1 else ''}" for i, entry in enumerate(entries))
            lines.append("    ]" + ("," if position < len(by_file) - 1 else ""))
        lines += ["  }", "}"]
        return "\n".join(lines) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Replace ``path`` with this baseline atomically (a reader never sees half a file)."""
        try:
            write_atomically(path, self.to_json().encode("utf-8"))
        except OSError as exc:
            raise BaselineError(f"{os.fspath(path)}: cannot write the baseline: {exc.strerror or exc}") from None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class BaselineWriter:
    """Collects the violations of a run for ``--write-baseline``.

    With ``keep_only`` (``--baseline`` given too) only what that baseline already accepted is
    recorded: writing then only shrinks it (fixed findings go, new ones are not accepted), like
    ESLint's ``--prune-suppressions``.
    """

    def __init__(self, path: str | os.PathLike[str], keep_only: Baseline | None = None) -> None:
        self.path = path
        self.baseline = Baseline(_folder_of(path))
        self.keep_only = keep_only

    def add(self, result: DocumentResult) -> None:
        keep_only = self.keep_only
        for identity, violation in identities(result):
            if keep_only is not None and identity.occurrence >= keep_only.counts.get(keep_only.key(identity), 0):
                continue
            self.baseline.add(identity, " ".join(violation.match.split()))

    def add_all(self, results: Iterable[DocumentResult]) -> None:
        for result in results:
            self.add(result)

    def write(self) -> int:
        """Write the file; the number of violations it accepts."""
        self.baseline.write(self.path)
        return self.baseline.total


def _folder_of(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.fspath(path))).parent


def _relative(path: str, folder: Path) -> str:
    """A reported path as the baseline stores it: relative to its folder, with ``/``."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, folder)
    except ValueError:  # another drive (Windows): keep it absolute
        relative = absolute
    return Path(relative).as_posix()
