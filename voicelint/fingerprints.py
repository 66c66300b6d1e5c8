"""Stable fingerprints of violations, for tools that track findings across runs (GitLab Code
Quality, SARIF, and the baseline of voicelint.baseline).

A fingerprint names a finding by what it is, not where: the file, the record id (a record that
moves to another line keeps it), the rule, the matched words (whitespace and case folded) and
which occurrence of those words in that document it is. So an edit elsewhere in the file, or the
record moving, keeps the fingerprint; changing the matched words, or the rule, gives a new one.
:func:`identities` yields those parts (the baseline stores them readably); :func:`fingerprinted`
hashes them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from voicelint.report import DocumentResult, Violation


class Identity(NamedTuple):
    """What a finding is, independent of where in the file it sits."""

    path: str
    record_id: str
    rule: str
    #: The matched words, whitespace collapsed and case folded.
    match: str
    #: 0 for the first finding of this rule and match in the document, 1 for the second...
    occurrence: int


def normalised(text: str) -> str:
    """A match as identities compare it: whitespace collapsed, case folded."""
    return " ".join(text.split()).casefold()


def identities(result: DocumentResult) -> Iterator[tuple[Identity, Violation]]:
    """Each violation of ``result`` with its identity, in report order."""
    seen: Counter[tuple[str, str]] = Counter()
    for violation in result.violations:
        key = (violation.rule, normalised(violation.match))
        occurrence = seen[key]
        seen[key] += 1
        yield Identity(result.path, result.id or "", violation.rule, key[1], occurrence), violation


def fingerprint(identity: Identity) -> str:
    """The hex SHA-256 of an identity."""
    parts = [identity.path, identity.record_id, identity.rule, identity.match, str(identity.occurrence)]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprinted(result: DocumentResult) -> Iterator[tuple[str, Violation]]:
    """Each violation of ``result`` with its fingerprint (hex SHA-256), in report order."""
    for identity, violation in identities(result):
        yield fingerprint(identity), violation
