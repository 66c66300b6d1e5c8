"""What the rules cost on top of the spaCy pass they need: words/s bare, words/s linted, overhead %.

    python -m benchmarks.profile_rules                       # 3,000 Twitter brand replies
    python -m benchmarks.profile_rules CORPUS -n 5000         # a CSV file or a folder of CSVs
    python -m benchmarks.profile_rules --profile              # plus the linter's cProfile top functions

The tracker's target is that the rule engine adds under 25% to the bare ``nlp.pipe`` pass. Both runs
parse the same N texts with the same cached pipeline (``load_pipeline(("lemma", "sents", "pos"))``,
batch size 64): (a) ``nlp.pipe`` alone; (b) ``Linter(load_guide("support-default")).lint`` over the
same texts, which parses them again and runs every default rule and scorer. Overhead is
``time(b) / time(a) - 1``. A warm-up run on a few documents first keeps one-off costs (loading the
model, compiling matchers, reading lexicons) out of both figures, and each figure is the best of
``--repeat`` interleaved runs (default 3): the machine is shared, and the best run is the one least
disturbed by other processes.

The corpus is the ``text`` column of the CSV file(s) given (default: the shared Twitter brand replies,
read round-robin across brands). When it is absent, the texts are generated from the hand-written
fixtures in ``tests/data/tone`` and ``tests/data/boilerplate`` (said so in the output): the figures
are then only indicative, because the fixtures are short and repeat.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import pstats
import sys
import time
from collections.abc import Iterator
from itertools import chain, cycle, islice, zip_longest
from pathlib import Path

import yaml

from voicelint.api import load_guide
from voicelint.document import Document, SourceFile
from voicelint.engine import Linter
from voicelint.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("/work/shared/corpora/twcs_brand_replies_7brands")
BATCH_SIZE = 64
WARM_UP_DOCS = 200


def _csv_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row.get("text")]


def corpus_texts(corpus: Path) -> list[str] | None:
    """The ``text`` column of a CSV file, or of every CSV in a folder interleaved row by row."""
    if corpus.is_file():
        return _csv_texts(corpus)
    files = sorted(corpus.glob("*.csv")) if corpus.is_dir() else []
    if not files:
        return None
    columns = [_csv_texts(f) for f in files]
    return [t for t in chain.from_iterable(zip_longest(*columns)) if t is not None]


def fixture_texts() -> list[str]:
    """Every reply in the repository's tone and boilerplate fixtures (no shared corpus needed)."""
    texts: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "tone").glob("*.yaml")):
        for pair in yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]:
            texts += [pair["high"], pair["low"]]
    for path in sorted((ROOT / "tests" / "data" / "boilerplate").glob("*.yaml")):
        texts += [reply["text"] for reply in yaml.safe_load(path.read_text(encoding="utf-8"))["replies"]]
    return texts


def documents(texts: list[str]) -> Iterator[Document]:
    for text in texts:
        yield Document(text=text, source=SourceFile("x", text))


def bare_seconds(texts: list[str]) -> float:
    nlp = load_pipeline(("lemma", "sents", "pos"))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def lint_seconds(linter: Linter, texts: list[str], profile: cProfile.Profile | None = None) -> float:
    start = time.perf_counter()
    if profile is not None:
        profile.enable()
    for _ in linter.lint(documents(texts)):
        pass
    if profile is not None:
        profile.disable()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="CSV file or folder of CSVs")
    parser.add_argument("-n", type=int, default=3000, help="number of documents (default 3000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts (default 3)")
    parser.add_argument("--profile", action="store_true", help="print the linter run's top functions")
    parser.add_argument("--top", type=int, default=30, help="functions shown with --profile")
    args = parser.parse_args(argv)

    texts = corpus_texts(args.corpus)
    if not texts:
        print(f"corpus {args.corpus} is absent: using texts generated from tests/data (indicative only)")
        texts = fixture_texts()
    texts = list(islice(cycle(texts), args.n))
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts):,} documents, {words:,} words (whitespace-separated)")

    linter = Linter(load_guide("support-default"))
    lint_seconds(linter, texts[:WARM_UP_DOCS])  # loads the model, compiles matchers, reads lexicons

    bare = full = float("inf")
    for _ in range(max(1, args.repeat)):
        bare = min(bare, bare_seconds(texts))
        full = min(full, lint_seconds(linter, texts))
    profile = None
    if args.profile:  # a separate run: the profiler's own cost must not distort the timings above
        profile = cProfile.Profile()
        lint_seconds(linter, texts, profile)
    overhead = 100.0 * (full / bare - 1.0)
    print(f"bare spaCy pass : {bare:7.2f} s  {words / bare:9,.0f} words/s")
    print(f"full linter     : {full:7.2f} s  {words / full:9,.0f} words/s")
    print(f"rule overhead   : {overhead:6.1f} %  (target < 25 %)")
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
