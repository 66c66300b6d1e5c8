"""How ``scores.voice`` spreads over real support libraries, and whether it ranks writing sensibly.

Why: a score gate (``--min-score``) is only useful if the score separates replies a lead would
rewrite from replies that are fine, without simply punishing long replies. This script lints the
seven real libraries of benchmarks/precision.py (``../shared/corpora``, ``support-default``,
through the pipeline, so each document gets its ``scores.voice``) and prints:

1. the distribution of the score per library (quantiles, share at 100, share below 50);
2. length: the log-log slope of a document's penalty points against its words, fitted on even
   records only (the ``length_exponent`` that would make the expected deduction independent of
   length), and, on the odd records held out, Spearman's rho of the score with the word count for
   the published formula and for the simple alternatives (no length scaling; per-word density);
3. the hand-judged findings of benchmarks/precision/*.jsonl: documents holding a finding judged
   ``correct`` (a lead would change it) against documents whose judged findings were all
   ``wrong``: the AUC of "scores lower", for the formula and for the violation count;
4. human ratings: the Stanford Politeness Corpus (Wikipedia requests, top vs bottom quartile of
   the normalised politeness score, as in the paper): the AUC of "impolite scores lower", for
   the formula and for the violation count.

Nothing third-party is written anywhere; the corpora are read at run time.

    python -m benchmarks.voice_score [--cache /tmp/voice_rows.json]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.corpora import CORPORA
from benchmarks.precision import JUDGED, LIBRARIES, PRESET, message_hash, read_judgements
from benchmarks.tone_data import ranks, spearman

if TYPE_CHECKING:
    from voicelint.guide.model import Guide

POLITENESS = "politeness_stanford_danescu2013/wikipedia.annotated.csv"


@dataclass(frozen=True)
class Row:
    """One linted document, as much of it as the formulas need (no text)."""

    library: str
    corpus: str
    record: str
    index: int
    words: int | None
    severities: tuple[str, ...]
    #: (rule, line, column, message hash) of each violation, to join the judged findings.
    keys: tuple[tuple[str, int, int, str], ...]
    voice: float


def _guide() -> Guide:
    from voicelint.api import load_guide

    return load_guide(str(PRESET) if PRESET.is_file() else "support-default")


def lint_libraries(corpora: Path = CORPORA) -> list[Row]:
    from voicelint.pipeline import LintOptions, iter_results
    from voicelint.report import DocumentResult
    from voicelint.voice_score import words_of

    guide = _guide()
    rows = []
    for library in LIBRARIES:
        options = LintOptions(channel=library.channel)
        for index, result in enumerate(iter_results([str(corpora / p) for p in library.paths], guide, options)):
            if not isinstance(result, DocumentResult):
                continue
            rows.append(
                Row(
                    library=library.name,
                    corpus=str(Path(result.path).resolve().relative_to(corpora.resolve())),
                    record=result.id or "",
                    index=index,
                    words=words_of(result),
                    severities=tuple(str(v.severity) for v in result.violations),
                    keys=tuple((v.rule, v.line, v.column, message_hash(v.message)) for v in result.violations),
                    voice=float(result.scores["voice"]),
                )
            )
    return rows


def lint_politeness(corpora: Path = CORPORA) -> list[tuple[float, Row]]:
    """(normalised politeness score, row) for every Wikipedia request, linted on the chat channel."""
    from voicelint.document import Document, SourceFile
    from voicelint.pipeline import LintOptions, linter_for
    from voicelint.report import DocumentResult
    from voicelint.voice_score import with_voice_scores, words_of

    with (corpora / POLITENESS).open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    guide = _guide()
    linter = linter_for(guide, LintOptions(channel="chat"))
    documents = [Document(text=r["Request"], source=SourceFile(f"wiki/{r['Id']}", r["Request"])) for r in records]
    rows = []
    for record, result in zip(records, with_voice_scores(linter.lint(documents, "chat")), strict=True):
        assert isinstance(result, DocumentResult)
        row = Row(
            "politeness",
            POLITENESS,
            record["Id"],
            0,
            words_of(result),
            tuple(str(v.severity) for v in result.violations),
            (),
            float(result.scores["voice"]),
        )
        rows.append((float(record["Normalized Score"]), row))
    return rows


# -- formulas ------------------------------------------------------------------------------

Formula = Callable[[Row], float]


def formula(points: dict[str, float], reference: int, exponent: float) -> Formula:
    """The published form with other constants (the same arithmetic as voicelint.voice_score)."""

    def score(row: Row) -> float:
        words = row.words
        scale = 1.0 if words is None or words <= reference else (reference / words) ** exponent
        return max(0.0, 100.0 - sum(points[s] for s in row.severities) * scale)

    return score


PUBLISHED = {"error": 15.0, "warning": 5.0, "info": 1.0}
ALTERNATIVES: dict[str, Formula] = {
    "published (15/5/1, 20 words, sqrt)": formula(PUBLISHED, 20, 0.5),
    "reference 50 words": formula(PUBLISHED, 50, 0.5),
    "no length scaling": formula(PUBLISHED, 20, 0.0),
    "per-word density (exponent 1)": formula(PUBLISHED, 20, 1.0),
    "equal weights (5/5/5)": formula({"error": 5.0, "warning": 5.0, "info": 5.0}, 20, 0.5),
    "errors and warnings only (15/5/0)": formula({"error": 15.0, "warning": 5.0, "info": 0.0}, 20, 0.5),
    "violation count (baseline)": lambda row: -float(len(row.severities)),
}


# -- statistics ----------------------------------------------------------------------------


def auc_lower(bad: Sequence[float], good: Sequence[float]) -> float:
    """P(a bad item scores lower than a good one), ties counted half (Mann-Whitney)."""
    if not bad or not good:
        return float("nan")
    combined = ranks([*bad, *good])
    rank_sum_good = sum(combined[len(bad) :])
    u_good = rank_sum_good - len(good) * (len(good) + 1) / 2
    return u_good / (len(bad) * len(good))


def quantiles(values: Sequence[float]) -> str:
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return " ".join(f"p{int(q * 100):02d} {at(q):5.1f}" for q in (0.01, 0.05, 0.25, 0.5, 0.75))


# -- report --------------------------------------------------------------------------------


def distribution(rows: Sequence[Row]) -> list[str]:
    lines = ["1. scores.voice per library (support-default)", ""]
    by_library: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        by_library[row.library].append(row.voice)
    by_library["ALL"] = [row.voice for row in rows]
    for name, values in by_library.items():
        clean = sum(v == 100 for v in values) / len(values)
        low = sum(v < 50 for v in values) / len(values)
        lines.append(
            f"  {name:<14} n {len(values):5}  mean {statistics.fmean(values):5.1f}  {quantiles(values)}"
            f"  =100 {clean:4.0%}  <50 {low:4.0%}"
        )
    return lines


def length(rows: Sequence[Row]) -> list[str]:
    fit = [r for r in rows if r.index % 2 == 0 and r.words and r.severities]
    held = [r for r in rows if r.index % 2 == 1 and r.words]
    xs = [math.log(r.words or 1) for r in fit]
    ys = [math.log(sum(PUBLISHED[s] for s in r.severities)) for r in fit]
    slope = statistics.linear_regression(xs, ys).slope
    words = sorted(r.words or 0 for r in rows if r.words)
    lines = [
        "",
        "2. length (fit: even records; check: odd records held out)",
        "",
        f"  median words per document {words[len(words) // 2]}; log-log slope of penalty points on words "
        f"(documents with findings, n {len(fit)}): {slope:.2f}",
        "  Spearman rho of the score with the word count on the held-out records "
        "(0 = length-neutral; negative = long replies punished):",
    ]
    for name, score in ALTERNATIVES.items():
        lines.append(f"    {name:<36} {spearman([score(r) for r in held], [float(r.words or 0) for r in held]):+.2f}")
    bins = (0, 10, 20, 40, 80, 160, 10**9)
    lines.append("  mean deduction (100 - score) by words, held-out records (flat = length-neutral):")
    header = "".join(f"{f'{lo}-{hi - 1}' if hi < 10**9 else f'{lo}+':>9}" for lo, hi in itertools.pairwise(bins))
    lines.append(f"    {'':<36}{header}")
    for name, score in ALTERNATIVES.items():
        if name.startswith("violation count"):
            continue
        cells = []
        for lo, hi in itertools.pairwise(bins):
            group = [100.0 - score(r) for r in held if lo <= (r.words or 0) < hi]
            cells.append(f"{statistics.fmean(group):9.2f}" if group else f"{'-':>9}")
        lines.append(f"    {name:<36}{''.join(cells)}")
    counts = [sum(lo <= (r.words or 0) < hi for r in held) for lo, hi in itertools.pairwise(bins)]
    lines.append(f"    {'documents':<36}{''.join(f'{n:9}' for n in counts)}")
    return lines


def judged(rows: Sequence[Row]) -> list[str]:
    verdicts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in read_judgements(sorted(JUDGED.glob("*.jsonl"))):
        verdicts[(str(item["corpus"]), str(item["record"]))].append(str(item["judgement"]))
    bad_docs, good_docs = [], []
    for row in rows:
        found = verdicts.get((row.corpus, row.record))
        if not found:
            continue
        if "correct" in found:
            bad_docs.append(row)
        elif all(v == "wrong" for v in found):
            good_docs.append(row)
    lines = [
        "",
        f"3. hand-judged findings: {len(bad_docs)} documents with a finding judged correct vs "
        f"{len(good_docs)} whose judged findings were all wrong",
        "  AUC (documents with a real problem score lower; 0.5 = chance):",
    ]
    lines.append(f"    {'':<36} {'all':>6} {'odd half':>9}")
    for name, score in ALTERNATIVES.items():
        auc = auc_lower([score(r) for r in bad_docs], [score(r) for r in good_docs])
        held = auc_lower([score(r) for r in bad_docs if r.index % 2], [score(r) for r in good_docs if r.index % 2])
        lines.append(f"    {name:<36} {auc:6.3f} {held:9.3f}")
    return lines


def politeness(pairs: Sequence[tuple[float, Row]]) -> list[str]:
    ordered = sorted(score for score, _ in pairs)
    q1, q3 = ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]
    impolite = [row for score, row in pairs if score <= q1]
    polite = [row for score, row in pairs if score >= q3]
    flagged = sum(bool(r.severities) for _, r in pairs) / len(pairs)
    lines = [
        "",
        f"4. Stanford Politeness Corpus, Wikipedia requests ({len(pairs)}; {flagged:.0%} have a finding): "
        f"bottom quartile {len(impolite)} vs top quartile {len(polite)}",
        "  AUC (impolite requests score lower; 0.5 = chance):",
    ]
    for name, score in ALTERNATIVES.items():
        auc = auc_lower([score(r) for r in impolite], [score(r) for r in polite])
        lines.append(f"    {name:<36} {auc:.3f}")
    return lines


def _as_fields(row: Row) -> list[Any]:
    return [getattr(row, name) for name in Row.__dataclass_fields__]


def _as_row(fields: list[Any]) -> Row:
    return Row(*fields[:5], tuple(fields[5]), tuple(tuple(key) for key in fields[6]), fields[7])


def _load_or_lint(cache: Path | None) -> tuple[list[Row], list[tuple[float, Row]]]:
    """The linted rows, from ``cache`` when it exists (it holds no text, only counts and keys)."""
    if cache is not None and cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        return [_as_row(r) for r in data["rows"]], [(s, _as_row(r)) for s, r in data["politeness"]]
    rows, pairs = lint_libraries(), lint_politeness()
    if cache is not None:
        plain = {"rows": [_as_fields(r) for r in rows], "politeness": [(s, _as_fields(r)) for s, r in pairs]}
        cache.write_text(json.dumps(plain), encoding="utf-8")
    return rows, pairs


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="keep the linted rows here (no text) to rerun the figures fast")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if not (CORPORA / POLITENESS).is_file():
        print(f"corpora not found at {CORPORA} (set $VOICELINT_CORPORA)", file=sys.stderr)
        return 2
    rows, pairs = _load_or_lint(args.cache)
    for line in [*distribution(rows), *length(rows), *judged(rows), *politeness(pairs)]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
