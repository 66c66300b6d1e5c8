"""Stable fingerprints of violations, for tools that track findings across runs (GitLab Code
Quality, and later baselines).

A fingerprint names a finding by what it is, not where: the file, the record id (a record that
moves to another line keeps it), the rule, the matched words (whitespace and case folded) and
which occurrence of those words in that document it is. So an edit elsewhere in the file, or the
record moving, keeps the fingerprint; changing the matched words, or the rule, gives a new one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator

from voicelint.report import DocumentResult, Violation


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def fingerprinted(result: DocumentResult) -> Iterator[tuple[str, Violation]]:
    """Each violation of ``result`` with its fingerprint (hex SHA-256), in report order."""
    seen: Counter[tuple[str, str]] = Counter()
    for violation in result.violations:
        key = (violation.rule, _normalised(violation.match))
        occurrence = seen[key]
        seen[key] += 1
        parts = [result.path, result.id or "", violation.rule, key[1], str(occurrence)]
        yield hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest(), violation
