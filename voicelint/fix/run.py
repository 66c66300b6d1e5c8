"""A fix run: lint, apply the fixes, lint the fixed text again, until a round applies nothing.

Fixes whose spans overlap wait for the next round, and a fix can make a new violation with a fix
of its own; repeating until nothing more is applied (at most :data:`MAX_ROUNDS` rounds, as ruff
does) is what makes a second ``voicelint fix`` a no-op: it lints the same text this run ended
with, chooses the same fixes, and they are refused for the same reasons. The last round's lint is
the report of what remains. Nothing is written here: the caller writes the texts (or diffs them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from voicelint.document import Document
from voicelint.fix.choose import applicabilities, choose
from voicelint.fix.encode import encode
from voicelint.fix.files import Loaded, load
from voicelint.fix.locate import DocumentIndex, NotFixable, check_match, text_span
from voicelint.fix.model import Edit, Planned, Skipped
from voicelint.fix.verify import apply_verified
from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions, iter_results, linter_for, read_inputs, read_options_for
from voicelint.report import DocumentResult, ReportError
from voicelint.sources import ReadOptions, read_text

#: Rounds of lint and fix before a run gives up converging (fixes that keep making new fixes).
MAX_ROUNDS = 10

Result = DocumentResult | ReportError


@dataclass
class FileFix:
    """One file of a run: its text before and after, the fixes applied, those not applied."""

    loaded: Loaded
    text: str
    applied: list[Edit] = field(default_factory=list)
    #: The fixes of the last round that were not applied (they remain, with their violations).
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.loaded.path

    @property
    def changed(self) -> bool:
        return self.text != self.loaded.text


@dataclass
class FixRun:
    """What a run did: the files it looked at, the final lint results, and whether it converged."""

    files: dict[str, FileFix]
    results: list[Result]
    rounds: int
    converged: bool
    #: The text read from stdin (``-``), if any: printed back, fixed or not.
    stdin_text: str | None = None

    @property
    def applied(self) -> int:
        return sum(len(f.applied) for f in self.files.values())

    @property
    def skipped(self) -> list[Skipped]:
        return [s for f in self.files.values() for s in f.skipped]


def fix_text(
    path: str, text: str, chosen: Sequence[Planned], read_options: ReadOptions
) -> tuple[str, list[Edit], list[Skipped]]:
    """One round on one file: the fixed text, the edits applied, the fixes refused with reasons."""

    def read(candidate: str) -> list[Document | ReportError]:
        return list(read_text(path, candidate, read_options))

    documents = read(text)
    found = DocumentIndex(documents)
    edits: list[Edit] = []
    skipped: list[Skipped] = []
    for planned in chosen:
        violation = planned.violation
        end = violation.offset + violation.length
        try:
            index = found.find(violation.offset, planned.record_id)
            document = documents[index]
            assert isinstance(document, Document)
            start, stop = text_span(document, violation.offset, violation.length)
            check_match(document, start, stop, violation.match)
            found.check_placeholders(index, start, stop)
            raw, reads_as = encode(planned.fix.replacement, document, start)
            if raw == text[violation.offset : end]:
                raise NotFixable("the fix would not change the text")
        except NotFixable as problem:
            skipped.append(Skipped(planned, str(problem)))
            continue
        edits.append(Edit(planned, violation.offset, end, raw, index, start, stop, reads_as))
    fixed, applied, refused = apply_verified(text, documents, edits, read)
    return fixed, applied, skipped + refused


def _by_path(results: Sequence[Result]) -> dict[str, list[DocumentResult]]:
    grouped: dict[str, list[DocumentResult]] = {}
    for result in results:
        if isinstance(result, DocumentResult):
            grouped.setdefault(result.path, []).append(result)
    return grouped


def _relint(
    paths: Sequence[str], guide: Guide, options: LintOptions, stdin_text: str | None, texts: dict[str, str]
) -> list[Result]:
    """The whole run linted again, the fixed files from their fixed texts (the cache, when on,
    answers every record that did not change)."""
    from voicelint.cache import ResultCache

    linter = linter_for(guide, options)
    cache = ResultCache(Path(options.cache_dir)) if options.cache_dir else None
    try:
        documents = read_inputs(paths, guide, options, stdin_text, texts)
        return list(linter.lint(documents, options.channel, cache=cache, jobs=options.jobs))
    finally:
        if cache is not None:
            cache.close()


def fix_paths(
    paths: Sequence[str],
    guide: Guide,
    options: LintOptions,
    *,
    unsafe: bool = False,
    stdin_text: str | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> FixRun:
    """Lint ``paths`` and apply their fixes in memory, round after round (see the module doc)."""
    allowed = applicabilities(unsafe)
    read_options = read_options_for(guide, options)
    files: dict[str, FileFix] = {}
    results: list[Result] = list(iter_results(paths, guide, options, stdin_text))
    rounds = 1
    while True:
        changed = False
        for known in files.values():
            known.skipped = []
        for path, documents in _by_path(results).items():
            chosen, skipped = choose(documents, allowed)
            if not chosen and not skipped:
                continue
            state = files.get(path)
            if state is None:
                loaded = Loaded(path, stdin_text or "", False) if path == "-" else load(path)
                if isinstance(loaded, ReportError):
                    # Gone or unreadable since it was linted: an input error, as check reports it.
                    results.append(loaded)
                    continue
                state = files[path] = FileFix(loaded, loaded.text)
            fixed, applied, refused = fix_text(path, state.text, chosen, read_options)
            state.skipped = skipped + refused
            if applied and fixed != state.text:
                state.text = fixed
                state.applied.extend(applied)
                changed = True
        if not changed or rounds >= max_rounds:
            break
        rounds += 1
        results = _relint(paths, guide, options, stdin_text, _texts(files))
    if changed:
        # Stopped at the round limit: report what the last texts hold.
        results = _relint(paths, guide, options, stdin_text, _texts(files))
    return FixRun(files, results, rounds, converged=not changed, stdin_text=stdin_text)


def _texts(files: dict[str, FileFix]) -> dict[str, str]:
    return {path: state.text for path, state in files.items() if state.changed}
