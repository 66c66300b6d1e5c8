"""Lint the inputs for a profile and pair each result with what its text shows (:mod:`.forms`).

The documents are read once: each one's forms and record fields are noted on its way into the
linter (a short queue, at most the linter's window), and matched to its result as the result comes
out, by file, line and record id. Only the preferred-term rule runs (its findings are the avoided
terms); the scores (tone, readability, scriptedness) are computed for every document whatever
rules run. No library rule runs, so results stream and memory stays flat.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from voicelint.document import Document
from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions, linter_for, read_inputs
from voicelint.profile.forms import FormReader, ReplyForms
from voicelint.report import DocumentResult, ReportError

#: The only rule a profile needs findings of.
PROFILE_RULES = ("VL102",)
_Key = tuple[str, int, str | None]
Noted = tuple[DocumentResult, ReplyForms, dict[str, str]]


def profile_results(
    paths: Sequence[str], guide: Guide, options: LintOptions, stdin_text: str | None = None
) -> Iterator[Noted | ReportError]:
    """``(result, forms, record fields)`` of each document in input order, input errors in their place."""
    from voicelint.cache import ResultCache

    options = replace(options, select=PROFILE_RULES, ignore=())
    linter = linter_for(guide, options)
    linter.check_channel(options.channel)
    reader = FormReader(guide.terms)
    pending: deque[tuple[_Key, ReplyForms, dict[str, str]]] = deque()

    def noted(documents: Iterable[Document | ReportError]) -> Iterator[Document | ReportError]:
        for document in documents:
            if isinstance(document, Document):
                key = (document.source.path, document.line, document.record_id)
                pending.append((key, reader.read(document.text), dict(document.fields)))
            yield document

    cache = ResultCache(Path(options.cache_dir)) if options.cache_dir else None
    try:
        documents = noted(read_inputs(paths, guide, options, stdin_text))
        for result in linter.lint(documents, options.channel, cache=cache, jobs=options.jobs):
            if isinstance(result, ReportError):
                yield result
                continue
            key = (result.path, result.line, result.id)
            # documents that became errors (too long, unreadable text) have no result: skip them
            while pending and pending[0][0] != key:
                pending.popleft()
            if pending:
                _, forms, fields = pending.popleft()
                yield result, forms, fields
    finally:
        if cache is not None:
            cache.close()
