"""Consistency across a library: sentences that many records share verbatim or nearly so."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from voicelint.document import FileSpan
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
    """A sentence that recurs, verbatim or nearly, in many records of one library file.

    A sentence pasted into many canned responses is the brand's own script, whether or not it is
    a stock phrase: customers who write in twice hear it twice. Sentences are compared after
    masking what varies (numbers, names, placeholders such as ``{name}`` or ``[AMOUNT]``, links),
    and near-duplicates are grouped with MinHash, so the check is linear in the library size.
    Each group is reported once, on its first occurrence, with the count and the records.
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
        self._record_ids: list[str] = []
        #: (record, start) -> the sentence's place in the file and its text, found while observing.
        self._spans: dict[tuple[int, int], tuple[FileSpan, str]] = {}

    def start_file(self) -> None:
        from voicelint.boilerplate import ReuseCollector

        self._collector = ReuseCollector(min_words=self.option("min_words"))
        self._record_ids = []
        self._spans = {}

    def observation(self, ctx: DocumentContext) -> list[Any]:
        """``[key words, start, end, text]`` of each long-enough sentence of the record."""
        from voicelint.boilerplate import ReuseCollector

        return [list(s) for s in ReuseCollector(min_words=self.option("min_words")).sentences(ctx.doc)]

    def shift_observation(self, observation: Any, offset: int) -> list[Any]:
        return [[words, start + offset, end + offset, sentence] for words, start, end, sentence in observation]

    def observe(
        self, index: int, record_id: str | None, observation: Any, locate: Callable[[int, int], FileSpan]
    ) -> None:
        assert self._collector is not None, "start_file() must come first"
        self._collector.add_sentences(index, observation)
        for _, start, end, text in observation:
            self._spans[(index, start)] = (locate(start, end), text)
        self._record_ids.append(record_id if record_id is not None else f"#{index + 1}")

    def finish_file(self) -> Iterator[tuple[int, Finding]]:
        if self._collector is None:
            return
        for group in self._collector.finish(min_records=self.option("min_records")):
            records = sorted({record for record, _, _ in group.occurrences})
            ids = [self._record_ids[r] for r in records]
            shown = ", ".join(ids[:_MAX_IDS_SHOWN])
            if len(ids) > _MAX_IDS_SHOWN:
                shown += f" and {len(ids) - _MAX_IDS_SHOWN} more"
            record, start, end = group.occurrences[0]
            span, text = self._spans[(record, start)]
            yield record, Finding(
                start=start,
                end=end,
                span=span,
                match=text,
                message=(
                    f"This sentence (or a near copy) is in {group.count} records: {shown}. It is the library's own "
                    "script; say it differently where it matters, or keep it in one shared snippet on purpose."
                ),
            )
        self._collector = None
        self._spans = {}
