"""What calibration learns from: per channel, each approved reply's scores and the forms it uses.

Scores (tone, grade, words) come from the lint results (:func:`voicelint.pipeline.iter_results`,
so the cache and worker processes apply); greetings, sign-offs, signatures, sentence lengths and
term variants are read from the document texts (:func:`voicelint.pipeline.read_inputs`) with the
same detectors the structure rules use. The two streams are matched by (file, line, record id).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from voicelint.calibrate.variants import VariantGroup, variants_used
from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions, iter_results, read_inputs
from voicelint.report import DocumentResult, ReportError
from voicelint.structure.closing import find_greeting, find_sign_off
from voicelint.structure.signature import find_signature
from voicelint.structure.text import body_end, body_start, sentences
from voicelint.vocabulary import TONE_DIMENSIONS

_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
_SPACES = re.compile(r"\s+")


@dataclass
class ChannelSample:
    """Everything measured on one channel's approved replies."""

    channel: str
    documents: int = 0
    tone: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in TONE_DIMENSIONS})
    #: (Flesch-Kincaid grade, words) of each reply.
    grades: list[tuple[float, int]] = field(default_factory=list)
    #: Words in each reply's longest sentence (a plain split of the text, no parser).
    longest_sentences: list[int] = field(default_factory=list)
    greetings: Counter[str] = field(default_factory=Counter)
    sign_offs: Counter[str] = field(default_factory=Counter)
    #: Human signatures by kind ("initials" when a tag or initials, "name" otherwise).
    signatures: Counter[str] = field(default_factory=Counter)
    #: Replies closed by a sign-off or a closing signature (what VL903 ``required`` accepts).
    closed: int = 0
    #: Per variant group (its index): how many replies use each variant.
    variants: dict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


@dataclass
class Samples:
    """The per-channel samples and what was left out, with why."""

    channels: dict[str, ChannelSample]
    #: Replies without tone scores (another language): calibrating on them would learn nothing.
    other_language: Counter[str]
    errors: list[ReportError]
    #: Results whose text could not be found again (should not happen; counted, never guessed).
    unmatched: int = 0


def _key(path: str, line: int, record_id: str | None) -> tuple[str, int, str | None]:
    return (path, line, record_id)


def _form(text: str, span: tuple[int, int]) -> str:
    """A greeting or sign-off as a short form ("Hi", "Thanks!"): its first words, spaces folded."""
    words = _SPACES.sub(" ", text[span[0] : span[1]].strip()).split(" ")
    return " ".join(words[:3])


def longest_sentence(text: str) -> int:
    """Words in the longest sentence or line of ``text`` (after the @mentions)."""
    start, end = body_start(text), max(body_start(text), body_end(text))
    return max((len(_WORD.findall(text, a, b)) for a, b in sentences(text, start, end)), default=0)


def _add_text(sample: ChannelSample, text: str, groups: Sequence[VariantGroup]) -> None:
    greeting = find_greeting(text)
    if greeting is not None:
        sample.greetings[_form(text, greeting)] += 1
    signature = find_signature(text)
    closing = find_sign_off(text, signature.start if signature is not None and signature.closing else None)
    if closing is not None:
        sample.sign_offs[_form(text, closing)] += 1
    if signature is not None and signature.human:
        sample.signatures["initials" if signature.tag or signature.initials else "name"] += 1
    if closing is not None or (signature is not None and signature.closing):
        sample.closed += 1
    sample.longest_sentences.append(longest_sentence(text))
    for index, used in variants_used(text, groups):
        for variant in used:
            sample.variants[index][variant] += 1


def _add_scores(sample: ChannelSample, result: DocumentResult) -> None:
    tone = result.scores["tone"]
    for name in TONE_DIMENSIONS:
        sample.tone[name].append(float(tone[name]))
    readability = result.scores.get("readability") or {}
    sample.grades.append((float(readability.get("fk_grade", 0.0)), int(readability.get("words", 0))))


def collect_samples(
    paths: Sequence[str],
    guide: Guide,
    options: LintOptions,
    groups: Sequence[VariantGroup],
    stdin_text: str | None = None,
) -> Samples:
    """Read and lint the approved replies once; keep what calibration needs, per channel."""
    texts: dict[tuple[str, int, str | None], deque[str]] = defaultdict(deque)
    for document in read_inputs(paths, guide, options, stdin_text):
        if not isinstance(document, ReportError):
            texts[_key(document.source.path, document.line, document.record_id)].append(document.text)
    samples = Samples(channels={}, other_language=Counter(), errors=[])
    for result in _results(paths, guide, options, stdin_text):
        if isinstance(result, ReportError):
            samples.errors.append(result)
            continue
        queue = texts.get(_key(result.path, result.line, result.id))
        text = queue.popleft() if queue else None
        if text is None:
            samples.unmatched += 1
            continue
        if "tone" not in result.scores or result.language != "en":
            samples.other_language[result.channel] += 1
            continue
        sample = samples.channels.setdefault(result.channel, ChannelSample(result.channel))
        sample.documents += 1
        _add_scores(sample, result)
        _add_text(sample, text, groups)
    return samples


def _results(
    paths: Sequence[str], guide: Guide, options: LintOptions, stdin_text: str | None
) -> Iterable[DocumentResult | ReportError]:
    # The scores are computed whichever rules run: run one cheap rule, not the whole guide.
    from dataclasses import replace

    return iter_results(paths, guide, replace(options, select=("VL401",), ignore=()), stdin_text)
