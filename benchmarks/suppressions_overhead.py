"""What finding suppressions costs, and whether it misfires on real libraries.

Reads every library of a few corpora in ``../shared/corpora`` (read at run time, nothing of them
is committed), then times :func:`voicelint.suppressions.scan` over every document against the
reading alone, and counts the directives it finds: real libraries carry none, so any found would
be a misreading that VL001 would report.

    PYTHONPATH=$PWD python -m benchmarks.suppressions_overhead
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.corpora import CORPORA
from voicelint.document import Document
from voicelint.sources import ReadOptions, read_file
from voicelint.suppressions import scan

LIBRARIES = (
    "twcs_brand_replies_7brands",
    "saved_replies_oss_maintainers",
    "osticket_templates_yaml",
    "paysend_agent_macros",
    "blender_bugtracker_canned_responses",
    "arduino_forum_canned_replies",
)
SUFFIXES = (".csv", ".json", ".jsonl", ".yaml", ".yml", ".md", ".mdx")


def main() -> None:
    documents: list[Document] = []
    started = time.perf_counter()
    for name in LIBRARIES:
        for path in sorted((CORPORA / name).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                documents += [d for d in read_file(str(path), ReadOptions()) if isinstance(d, Document)]
    reading = time.perf_counter() - started
    started = time.perf_counter()
    found = [scan(document) for document in documents]
    scanning = time.perf_counter() - started
    directives = sum(len(f.directives) for f in found if f is not None)
    files = len({d.source.path for d in documents})
    print(f"{len(documents):,} documents in {files} files of {len(LIBRARIES)} corpora ({Path(CORPORA)})")
    print(
        f"reading: {reading:.2f} s; scanning for suppressions: {scanning * 1000:.1f} ms "
        f"({scanning / max(reading, 1e-9):.2%} of reading)"
    )
    print(f"directives found: {directives} (real libraries have none: each would be a misreading)")


if __name__ == "__main__":
    main()
