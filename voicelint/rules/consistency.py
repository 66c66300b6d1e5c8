"""Consistency across a library: sentences that many records share verbatim or nearly so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from voicelint.document import Document, FileSpan, Position
from voicelint.guide.model import Guide
from voicelint.guide.schema import Number
from voicelint.report import Finding
from voicelint.rules.base import DocumentContext, LibraryRule, register
from voicelint.settings import EffectiveSetting
from voicelint.vocabulary import Severity

if TYPE_CHECKING:
    from spacy.language import Language

    from voicelint.boilerplate import ReuseCollector

_MAX_IDS_SHOWN = 8


@register
class ReusedSentenceRule(LibraryRule):
    """A sentence that recurs, verbatim or nearly, in many records of one library.

    A sentence pasted into many canned responses is the brand's own script, whether or not it is
    a stock phrase: customers who write in twice hear it twice. Sentences are compared after
    masking what varies (numbers, names, placeholders such as ``{name}`` or ``[AMOUNT]``, links),
    and near-duplicates are grouped with MinHash, so the check is linear in the library size.
    The library is everything one run reads: the records of a file, and the files of a folder
    (a folder of macro files, one per macro, is one library). Each group is reported once, on
    its first occurrence, with the count and the records (``file:id`` when several files).
    """

    code = "VL601"
    name = "reused-sentence"
    category = "consistency"
    severity = Severity.INFO
    summary = "A sentence that many records of a library repeat verbatim or nearly (the brand's own script)."
    needs = frozenset({"pos", "sents"})
    options = {
        "min_records": Number(minimum=2, maximum=1_000_000, integer=True),
        "min_words": Number(minimum=1, maximum=100, integer=True),
    }
    defaults = {"min_records": 3, "min_words": 6}
    bad_example = "Thank you for your patience while we look into this. (in 40 of 120 macros)"
    good_example = "Each macro opens with what it is about; shared wording lives in one snippet on purpose."

    def __init__(self, guide: Guide, setting: EffectiveSetting, nlp: Language | None) -> None:
        super().__init__(guide, setting, nlp)
        self._collector: ReuseCollector | None = None
        #: What each document is called in the message: its file and record id (or position).
        self._documents: list[tuple[str, str | None]] = []

    def start_run(self) -> None:
        from voicelint.boilerplate import ReuseCollector

        self._collector = ReuseCollector(min_words=self.option("min_words"))
        self._documents = []

    def observation(self, ctx: DocumentContext) -> list[Any]:
        """``[key words, start, end, text]`` of each long-enough sentence of the document."""
        from voicelint.boilerplate import ReuseCollector

        return [list(s) for s in ReuseCollector(min_words=self.option("min_words")).sentences(ctx.doc)]

    def shift_observation(self, observation: Any, offset: int) -> list[Any]:
        return [[words, start + offset, end + offset, sentence] for words, start, end, sentence in observation]

    def locate_observation(self, observation: Any, document: Document) -> list[Any]:
        """Each sentence with its place in the file as ``[line, column, offset]`` of start and end."""
        located = []
        for words, start, end, _ in observation:
            span = document.locate(start, end)
            place = [
                span.start.line,
                span.start.column,
                span.start.offset,
                span.end.line,
                span.end.column,
                span.end.offset,
            ]
            # The document's own text, not the parser's: a placeholder (masked as Xxxx for the
            # parser, same length) is shown as written.
            located.append([words, start, end, document.text[start:end], place])
        return located

    def observe(self, index: int, path: str, record_id: str | None, located: Any) -> None:
        assert self._collector is not None, "start_run() must come first"
        sentences = [(words, start, end, text) for words, start, end, text, _ in located]
        self._collector.add_sentences(index, sentences, payloads=[place for *_, place in located])
        self._documents.append((path, record_id))

    def finish_run(self) -> Iterator[tuple[int, Finding]]:
        if self._collector is None:
            return
        names = _document_names(self._documents)
        for group in self._collector.finish(min_records=self.option("min_records")):
            documents = sorted({document for document, _, _ in group.occurrences})
            shown = ", ".join(names[d] for d in documents[:_MAX_IDS_SHOWN])
            if len(documents) > _MAX_IDS_SHOWN:
                shown += f" and {len(documents) - _MAX_IDS_SHOWN} more"
            document, start, end = group.occurrences[0]
            yield (
                document,
                Finding(
                    start=start,
                    end=end,
                    span=_span(group.first_payload),
                    match=group.first_text,
                    message=(
                        f"This sentence (or a near copy) is in {group.count} records: {shown}. It is the library's own "
                        "script; say it differently where it matters, or keep it in one shared snippet on purpose."
                    ),
                ),
            )
        self._collector = None
        self._documents = []


def _span(place: list[int]) -> FileSpan:
    start_line, start_column, start_offset, end_line, end_column, end_offset = place
    return FileSpan(Position(start_line, start_column, start_offset), Position(end_line, end_column, end_offset))


def _document_names(documents: list[tuple[str, str | None]]) -> list[str]:
    """How the message names each document: its record id (or ``#position`` in its file) when the
    run read one file; else ``file:id`` (or the file alone, for a plain file), the file named
    from the folder all the run's files share (``cross-post/cross-post.md``), to keep it short."""
    paths = {path for path, _ in documents}
    one_file = len(paths) <= 1
    short = {} if one_file else _shortened(paths)
    names = []
    position, previous = 0, None
    for path, record_id in documents:
        position = position + 1 if path == previous else 1
        previous = path
        if one_file:
            names.append(record_id if record_id is not None else f"#{position}")
        elif record_id is not None:
            names.append(f"{short[path]}:{record_id}")
        else:
            names.append(short[path])
    return names


def _shortened(paths: set[str]) -> dict[str, str]:
    """Each path relative to the deepest folder all of them are in (as given, if there is none)."""
    try:
        common = os.path.commonpath([os.path.dirname(path) for path in paths])
    except ValueError:  # absolute and relative paths, or paths on different drives
        return {path: path for path in paths}
    if not common:
        return {path: path for path in paths}
    return {path: os.path.relpath(path, common) for path in paths}
