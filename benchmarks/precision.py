"""Per-rule precision of voicelint's findings on real support libraries, judged by hand.

Why: a linter is switched off the week its findings stop being right, so every rule that is on by
default must be measured on real writing it was not built on. This script draws a *seeded*,
*stratified* sample of findings (up to ``--per-rule`` per rule, spread over the libraries) from
real libraries in ``../shared/corpora``, linted with ``support-default`` through the public API, and
prints each finding with the context a person needs to judge it. A judgement file stores references
only (corpus path, record id, line, column, rule, a hash of the message) plus the verdict and a
one-line reason: the third-party text itself is never committed, it is re-read at run time.

    python -m benchmarks.precision sample --seed 1 --out /tmp/sample.jsonl > /tmp/review.txt
    python -m benchmarks.precision sample --seed 2 --exclude benchmarks/precision/before.jsonl ...
    python -m benchmarks.precision show benchmarks/precision/before.jsonl
    python -m benchmarks.precision summarize benchmarks/precision/before.jsonl
    python -m benchmarks.precision report
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CORPORA

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


JUDGED = HERE / "precision"
#: This repository's default guide, read from its file: an editable install may resolve the preset
#: name to another checkout's copy.
PRESET = ROOT / "styleguides" / "support-default.yaml"
VERDICTS = ("correct", "wrong", "debatable")


@dataclass(frozen=True)
class Library:
    """One real library: paths relative to the corpora folder, linted together, on one channel."""

    name: str
    paths: tuple[str, ...]
    channel: str | None = None


LIBRARIES: tuple[Library, ...] = (
    Library("paysend", ("paysend_agent_macros/macros.json",)),
    Library("osticket", ("osticket_templates_yaml/templates",)),
    Library("blender", ("blender_bugtracker_canned_responses/responses.md",)),
    Library("arduino", ("arduino_forum_canned_replies",)),
    Library("saved_replies", ("saved_replies_oss_maintainers",)),
    Library("ibm_twitter", ("ibm_twitter_customer_care_cdp/agent_replies.jsonl",), "social"),
    Library(
        "twcs_brands",
        tuple(f"twcs_brand_replies_7brands/{brand}.csv" for brand in ("AskRBC", "Walmart", "NikeSupport")),
        "social",
    ),
)


@dataclass(frozen=True)
class Sampled:
    """One finding with the text needed to judge it (never written to a committed file)."""

    library: str
    corpus: str
    record: str
    line: int
    column: int
    rule: str
    name: str
    severity: str
    message: str
    suggestions: tuple[str, ...]
    match: str
    sentence: str
    document: str

    @property
    def key(self) -> tuple[str, str, int, int, str, str]:
        return (self.corpus, self.record, self.line, self.column, self.rule, message_hash(self.message))

    def reference(self) -> dict[str, object]:
        corpus, record, line, column, rule, digest = self.key
        return {
            "corpus": corpus,
            "record": record,
            "line": line,
            "column": column,
            "rule": rule,
            "message_sha1": digest,
            "judgement": "",
            "reason": "",
        }


def message_hash(message: str) -> str:
    """A short, stable digest of a finding's message: it tells two findings at one place apart."""
    return hashlib.sha1(message.encode("utf-8")).hexdigest()[:12]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*\d])")


def sentence_around(text: str, match: str) -> str:
    """The sentence (or line) of ``text`` that holds ``match``, for a reader's context."""
    at = text.find(match) if match else -1
    if at < 0:
        return ""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() <= at]
    start = starts[-1]
    ends = [m.start() for m in _SENTENCE_END.finditer(text) if m.start() >= at + len(match)]
    end = ends[0] if ends else len(text)
    return text[start:end].strip()


def lint_library(library: Library, corpora: Path = CORPORA) -> Iterator[Sampled]:
    """Every finding ``support-default`` raises on one library, with its document text."""
    from voicelint.api import load_guide
    from voicelint.document import Document
    from voicelint.pipeline import LintOptions, linter_for, read_inputs
    from voicelint.report import DocumentResult

    guide = load_guide(str(PRESET) if PRESET.is_file() else "support-default")
    options = LintOptions(channel=library.channel)
    paths = [str(corpora / p) for p in library.paths]
    documents = [d for d in read_inputs(paths, guide, options) if isinstance(d, Document)]
    texts = {(d.source.path, d.record_id, d.line): d.text for d in documents}
    linter = linter_for(guide, options)
    for result in linter.lint(documents, library.channel):
        if not isinstance(result, DocumentResult):
            continue
        text = texts.get((result.path, result.id, result.line), "")
        corpus = str(Path(result.path).resolve().relative_to(corpora.resolve()))
        for v in result.violations:
            yield Sampled(
                library=library.name,
                corpus=corpus,
                record=result.id or "",
                line=v.line,
                column=v.column,
                rule=v.rule,
                name=v.name,
                severity=str(v.severity),
                message=v.message,
                suggestions=tuple(v.suggestions),
                match=v.match,
                sentence=sentence_around(text, v.match),
                document=text,
            )


def all_findings(libraries: Sequence[Library] = LIBRARIES, corpora: Path = CORPORA) -> list[Sampled]:
    findings: list[Sampled] = []
    for library in libraries:
        findings.extend(lint_library(library, corpora))
    return findings


def read_judgements(paths: Iterable[str | Path]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise SystemExit(f"{path}:{number}: not JSON: {error}") from error
    return rows


def row_key(row: dict[str, object]) -> tuple[str, str, int, int, str, str]:
    return (
        str(row["corpus"]),
        str(row["record"]),
        int(row["line"]),  # type: ignore[call-overload]
        int(row["column"]),  # type: ignore[call-overload]
        str(row["rule"]),
        str(row["message_sha1"]),
    )


def stratified(
    findings: Sequence[Sampled], seed: int, per_rule: int, exclude: set[tuple[str, str, int, int, str]]
) -> list[Sampled]:
    """Up to ``per_rule`` findings per rule, round-robin over libraries, one per document and rule.

    ``exclude`` holds (corpus, record, line, column, rule) of judged findings: a finding at a judged
    place is not drawn again even when its message has changed since (a tone score moved).

    Why round-robin: the largest library (thousands of tweets) would otherwise fill every rule's
    quota, and a rule's precision would be measured on one kind of writing only.
    """
    rng = random.Random(seed)
    by_rule: dict[str, dict[str, list[Sampled]]] = defaultdict(lambda: defaultdict(list))
    for finding in findings:
        if finding.key[:5] not in exclude:
            by_rule[finding.rule][finding.library].append(finding)
    chosen: list[Sampled] = []
    for rule in sorted(by_rule):
        pools = by_rule[rule]
        for name in sorted(pools):
            rng.shuffle(pools[name])
        order = sorted(pools)
        rng.shuffle(order)
        taken: list[Sampled] = []
        seen_docs: set[tuple[str, str]] = set()
        while len(taken) < per_rule and any(pools[name] for name in order):
            for name in order:
                while pools[name]:
                    candidate = pools[name].pop()
                    if (candidate.corpus, candidate.record) not in seen_docs:
                        seen_docs.add((candidate.corpus, candidate.record))
                        taken.append(candidate)
                        break
                if len(taken) >= per_rule:
                    break
        chosen.extend(taken)
    return chosen


def describe(number: int, finding: Sampled, verdict: str = "", reason: str = "") -> str:
    """A finding as a reviewer reads it: rule, message, suggestions, match, sentence, document."""
    doc = finding.document if len(finding.document) <= 700 else finding.document[:700] + " [...]"
    lines = [
        f"#{number} {finding.rule} {finding.name} ({finding.severity})  [{finding.library}] "
        f"{finding.corpus} id={finding.record!r} {finding.line}:{finding.column}",
        f"  message: {finding.message}",
    ]
    if finding.suggestions:
        lines.append("  suggest: " + " | ".join(finding.suggestions))
    lines += [f"  match:   {finding.match!r}", f"  sentence: {finding.sentence!r}", f"  document: {doc!r}"]
    if verdict:
        lines.append(f"  JUDGED: {verdict} - {reason}")
    return "\n".join(lines)


def summary_rows(rows: Sequence[dict[str, object]]) -> list[tuple[str, int, int, int, int, float | None, float | None]]:
    """Per rule: judged, correct, wrong, debatable, precision, strict precision (then ALL)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(VERDICTS, 0))
    for row in rows:
        verdict = str(row.get("judgement", ""))
        if verdict in VERDICTS:
            counts[str(row["rule"])][verdict] += 1
            counts["ALL"][verdict] += 1
    table = []
    for rule in sorted(counts, key=lambda r: (r == "ALL", r)):
        c, w, d = counts[rule]["correct"], counts[rule]["wrong"], counts[rule]["debatable"]
        precision = c / (c + w) if c + w else None
        strict = c / (c + w + d) if c + w + d else None
        table.append((rule, c + w + d, c, w, d, precision, strict))
    return table


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def summarize(paths: Sequence[str | Path]) -> str:
    """A Markdown table of per-rule precision for judgement files."""
    out = ["| rule | judged | correct | wrong | debatable | precision | strict |", "|---|---|---|---|---|---|---|"]
    for rule, n, c, w, d, p, s in summary_rows(read_judgements(paths)):
        out.append(f"| {rule} | {n} | {c} | {w} | {d} | {_pct(p)} | {_pct(s)} |")
    return "\n".join(out)


#: The committed samples, in the order they were judged: at the start of issue 11 (seed 11), after
#: the precision fixes alone (seed 12), and on the shipped code with every issue-11 change merged
#: (seed 21, judged by a second engineer). They share no finding.
SAMPLES = (("start", "before.jsonl"), ("fixes", "after-prec.jsonl"), ("shipped", "after.jsonl"))


def report() -> str:
    """Per-rule precision of each committed sample (for benchmarks.quality)."""
    tables = {
        name: {row[0]: row for row in summary_rows(read_judgements([JUDGED / file]))}
        for name, file in SAMPLES
        if (JUDGED / file).exists()
    }
    rules = sorted({rule for table in tables.values() for rule in table}, key=lambda r: (r == "ALL", r))
    out = [
        "Precision per rule on hand-judged samples of real library findings "
        f"({'; '.join(f'{name}: {file}' for name, file in SAMPLES)})",
        "precision = correct / (correct + wrong); strict counts debatable as wrong; n = judged findings",
        f"{'rule':<6}" + "".join(f"   {name + ' n':>10} {'prec':>5} {'strict':>6}" for name in tables),
    ]
    for rule in rules:
        cells = []
        for table in tables.values():
            row = table.get(rule)
            cells.append(f"{row[1]:>10} {_pct(row[5]):>5} {_pct(row[6]):>6}" if row else f"{'-':>10} {'-':>5} {'-':>6}")
        out.append(f"{rule:<6}" + "".join(f"   {cell}" for cell in cells))
    return "\n".join(out)


def _sample(args: argparse.Namespace) -> int:
    exclude = {row_key(r)[:5] for r in read_judgements(args.exclude)}
    findings = all_findings()
    chosen = stratified(findings, args.seed, args.per_rule, exclude)
    totals: dict[str, int] = defaultdict(int)
    for f in findings:
        totals[f.rule] += 1
    print(f"# seed {args.seed}: {len(chosen)} findings sampled of {len(findings)} ({dict(sorted(totals.items()))})")
    for number, finding in enumerate(chosen, 1):
        print(describe(number, finding))
        print()
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for finding in chosen:
                row = finding.reference()
                row["sample"] = f"seed {args.seed}"
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


def _show(args: argparse.Namespace) -> int:
    """Re-read the judged findings' texts from the corpora and print them beside the verdicts."""
    rows = read_judgements(args.files)
    wanted = {row_key(r): r for r in rows}
    found = {f.key: f for f in all_findings() if f.key in wanted}
    for number, row in enumerate(rows, 1):
        finding = found.get(row_key(row))
        if finding is None:
            print(f"#{number} {row['rule']} {row['corpus']} id={row['record']!r}: no longer raised by this code")
            print(f"  JUDGED: {row.get('judgement')} - {row.get('reason')}\n")
            continue
        print(describe(number, finding, str(row.get("judgement", "")), str(row.get("reason", ""))))
        print()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.precision", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample = commands.add_parser("sample", help="draw a seeded stratified sample and print it for judging")
    sample.add_argument("--seed", type=int, required=True)
    sample.add_argument("--per-rule", type=int, default=12)
    sample.add_argument("--exclude", nargs="*", default=[], help="judgement files whose findings are not drawn again")
    sample.add_argument("--out", help="write the sample's references (JSON Lines, verdicts empty) here")
    show = commands.add_parser("show", help="print judged findings with their text re-read from the corpora")
    show.add_argument("files", nargs="+")
    summ = commands.add_parser("summarize", help="per-rule precision table of judgement files")
    summ.add_argument("files", nargs="+")
    commands.add_parser("report", help="before/after table from the committed judgement files")
    args = parser.parse_args(argv)
    if args.command == "sample":
        return _sample(args)
    if args.command == "show":
        return _show(args)
    if args.command == "summarize":
        print(summarize(args.files))
        return 0
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
