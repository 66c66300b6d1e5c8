"""voicelint's speed and memory benchmark: one command, one table, ratios measured in the same run.

    python -m benchmarks.run                                   # corpus generated from the repo's fixtures
    python -m benchmarks.run --corpus ../shared/corpora/twcs_brand_replies_7brands/

The corpus is a CSV file with a ``text`` column, or a folder of such CSVs (joined into one
library). It measures, side by side with proselint where it is installed:

- cold bulk throughput (words/s) of ``voicelint check corpus.csv`` with no cache;
- the same run again with the cache, and whether the report is identical;
- one short draft in a cold process, and through the warm server (``voicelint server``);
- peak memory (the largest process: the main one or a worker), on half and on all of the corpus;
- the rule engine's overhead over the bare spaCy pass it needs (in this process).

Timings are wall-clock on this machine; run it on an idle machine. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DRAFT = (
    "Hi Sam,\n\nThanks for the photos. I've refunded the $12 delivery fee to your card; it should show "
    "up by Friday. Sorry the parcel arrived damaged.\n\nJo\n"
)


def _fixture_texts() -> list[str]:
    """Texts from the repo's own labelled data (so the benchmark runs on a fresh clone)."""
    import yaml

    texts: list[str] = []
    for path in sorted((REPO / "tests" / "data").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stack: list[Any] = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and len(item.split()) >= 4:
                texts.append(item.strip())
    return texts


def read_corpus(source: Path | None, limit: int | None) -> list[str]:
    if source is None:
        base = _fixture_texts()
        # Vary each copy so the cache cannot collapse repeats: a generated corpus of ~8,000 replies.
        texts = [f"{text} (case {i})" for i in range(max(1, 8000 // max(1, len(base)))) for text in base]
    else:
        files = sorted(source.glob("*.csv")) if source.is_dir() else [source]
        texts = []
        for path in files:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                texts.extend(row["text"] for row in csv.DictReader(handle) if row.get("text"))
    return texts[:limit] if limit else texts


def write_library(texts: Sequence[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([i, text] for i, text in enumerate(texts))


def measure(command: Sequence[str], cwd: Path, stdout: Path | None = None) -> dict[str, float]:
    """Wall time and the peak RSS (MB) of the largest process the command started."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "out = open(sys.argv[1], 'wb') if sys.argv[1] != '-' else subprocess.DEVNULL\n"
        "t = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps({'wall': wall, 'rss_mb': rss, 'code': code}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, str(stdout) if stdout else "-", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, float] = json.loads(result.stdout)
    return data


def voicelint_command(*args: str) -> list[str]:
    executable = shutil.which("voicelint")
    return [executable, *args] if executable else [sys.executable, "-m", "voicelint", *args]


def proselint_config(folder: Path) -> Path | None:
    if shutil.which("proselint") is None:
        return None
    dumped = subprocess.run(["proselint", "dump-config"], capture_output=True, text=True, check=False)
    try:
        config = json.loads(dumped.stdout)
    except json.JSONDecodeError:
        config = {}
    config["max_errors"] = 10**9
    path = folder / "proselintrc.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def median_wall(command: Sequence[str], cwd: Path, runs: int) -> float:
    return statistics.median(measure(command, cwd)["wall"] for _ in range(runs))


def server_latency(folder: Path, requests: int) -> float | None:
    """Median seconds per short-draft request through a warm server, or None without one."""
    try:
        from voicelint.client import ServerUnavailable, lint_via_server, ping, shutdown
    except ImportError:
        return None
    socket_path = Path(tempfile.mkdtemp(dir="/tmp")) / "bench.sock"
    server = subprocess.Popen(
        voicelint_command("server", "--socket", str(socket_path)),
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not ping(str(socket_path)):
            if time.monotonic() > deadline or server.poll() is not None:
                return None
            time.sleep(0.2)
        lint_via_server(DRAFT, socket_path=str(socket_path))  # warm the pipeline
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            lint_via_server(DRAFT, socket_path=str(socket_path))
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    except ServerUnavailable:
        return None
    finally:
        try:
            shutdown(str(socket_path))
        except Exception:
            server.terminate()
        server.wait(timeout=30)


def engine_overhead(texts: Sequence[str]) -> tuple[float, float]:
    """(bare spaCy words/s, full analysis words/s) on ``texts``, in this process."""
    from voicelint.api import load_guide
    from voicelint.engine import Linter

    linter = Linter(load_guide("support-default"))
    nlp = linter.nlp
    analyzer = linter.analyzer
    _ = analyzer.rules  # compile matchers before timing
    analyzer.analyze([(t, "email", None) for t in texts[:50]])  # warm caches
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64):
        pass
    bare = time.perf_counter() - start
    start = time.perf_counter()
    analyzer.analyze([(t, "email", None) for t in texts])
    full = time.perf_counter() - start
    return words / bare, words / full


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="CSV file or folder of CSVs with a `text` column")
    parser.add_argument("--limit", type=int, help="use only the first N replies")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--draft-runs", type=int, default=5)
    parser.add_argument("--server-requests", type=int, default=200)
    parser.add_argument("--overhead-docs", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.corpus.exists():
        parser.error(f"{args.corpus}: no such file or folder")

    texts = read_corpus(args.corpus, args.limit)
    words = sum(len(t.split()) for t in texts)
    folder = Path(tempfile.mkdtemp(prefix="voicelint-bench-"))
    library = folder / "corpus.csv"
    write_library(texts, library)
    half = folder / "half.csv"
    write_library(texts[: len(texts) // 2], half)
    plain = folder / "corpus.txt"
    plain.write_text("\n\n".join(texts), encoding="utf-8")
    draft = folder / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    print(f"corpus: {args.corpus or 'generated from tests/data'}: {len(texts):,} replies, {words:,} words")
    print(f"machine: {os.cpu_count()} cores; --jobs {args.jobs}; work folder {folder}\n", flush=True)

    rows: list[tuple[str, str, str, str]] = []
    common = ("--quiet", "--fail-on", "never", "--jobs", str(args.jobs))

    cold = measure(voicelint_command("check", str(library), "--no-cache", *common), folder)
    cold_wps = words / cold["wall"]
    half_run = measure(voicelint_command("check", str(half), "--no-cache", *common), folder)
    config = proselint_config(folder)
    prose = measure(["proselint", "--config", str(config), "check", str(plain)], folder) if config else None
    prose_wps = words / prose["wall"] if prose else None
    rows.append(
        (
            "cold bulk throughput",
            f"{cold_wps:,.0f} words/s ({cold['wall']:.1f} s)",
            f"{prose_wps:,.0f} words/s ({prose['wall']:.1f} s)" if prose and prose_wps else "not installed",
            f">= proselint: {'met' if prose_wps and cold_wps >= prose_wps else 'NOT met'} ({cold_wps / prose_wps:.2f}x)"
            if prose_wps
            else "",
        )
    )

    cache_dir = folder / "cache"
    json_args = ("--format", "json", "--fail-on", "never", "--jobs", str(args.jobs), "--cache-dir", str(cache_dir))
    first = measure(voicelint_command("check", str(library), *json_args), folder, folder / "first.json")
    again = measure(voicelint_command("check", str(library), *json_args), folder, folder / "again.json")
    identical = (folder / "first.json").read_bytes() == (folder / "again.json").read_bytes()
    speedup = cold["wall"] / again["wall"]
    rows.append(
        (
            "same run again, nothing changed",
            f"{again['wall']:.2f} s, {speedup:.0f}x faster than cold; report identical: {identical}",
            "-",
            f">= 20x and identical: {'met' if speedup >= 20 and identical else 'NOT met'}"
            f" (first cached run {first['wall']:.1f} s)",
        )
    )

    draft_cold = median_wall(voicelint_command("check", str(draft), "--no-cache"), folder, args.draft_runs)
    prose_draft = median_wall(["proselint", "check", str(draft)], folder, args.draft_runs) if config else None
    rows.append(
        (
            "one short draft, cold process",
            f"{draft_cold:.2f} s (median of {args.draft_runs})",
            f"{prose_draft:.2f} s" if prose_draft else "-",
            f"< 2 s: {'met' if draft_cold < 2 else 'NOT met'}",
        )
    )
    warm = server_latency(folder, args.server_requests)
    rows.append(
        (
            "one short draft, warm server",
            f"{warm * 1000:.1f} ms (median of {args.server_requests})" if warm is not None else "no server available",
            f"{prose_draft:.2f} s (cold process)" if prose_draft else "-",
            f"< 50 ms: {'met' if warm is not None and warm < 0.05 else 'NOT met'}",
        )
    )
    memory_ok = cold["rss_mb"] < 600 and cold["rss_mb"] < 1.25 * half_run["rss_mb"]
    rows.append(
        (
            "peak memory (largest process)",
            f"{cold['rss_mb']:.0f} MB on all, {half_run['rss_mb']:.0f} MB on half",
            f"{prose['rss_mb']:.0f} MB" if prose else "-",
            f"< 600 MB and flat: {'met' if memory_ok else 'NOT met'}",
        )
    )
    bare_wps, full_wps = engine_overhead(texts[: args.overhead_docs])
    overhead = bare_wps / full_wps - 1
    rows.append(
        (
            "rule engine overhead over bare spaCy",
            f"{overhead * 100:.0f}% (spaCy {bare_wps:,.0f} words/s, with rules {full_wps:,.0f} words/s, 1 process)",
            "-",
            f"< 25%: {'met' if overhead < 0.25 else 'NOT met'}",
        )
    )

    print("| what | voicelint | proselint | target |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
