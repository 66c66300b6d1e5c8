"""From per-channel samples to guide values, each with the evidence it was learned from.

The choices, written down once (``voicelint calibrate --help`` and docs/reference.md say the same):

* **Tone ranges**: the 2.5th and 97.5th percentiles of each dimension over the channel's approved
  replies, widened by ``margin`` points (default 5), then widened further to take in every approved
  reply that is not a far outlier (beyond 3 interquartile ranges from the quartiles, Tukey's
  "far out"), rounded outwards and clipped to 0-100. The brand approved these replies, so they
  should pass; only a reply the distribution itself calls extreme is left outside (and counted).
  Only replies of 5 words or more count (the tone range rules skip shorter ones).
* **Readability**: ``max_sentence_words`` is the 97.5th percentile of each reply's longest
  sentence plus 10% (at least one word); ``max_grade`` the 97.5th percentile of the grade of
  replies of 40 words or more (the grade rule's own floor) plus 1, learned only from 30 such replies.
* **Structure**: a greeting, sign-off or human signature is ``required`` when at least 90% of the
  replies have one; a greeting or closing formula is ``forbidden`` when at most 2% of at least 100
  replies have one (forbidding is the stronger claim: 30 replies without a greeting are too few). A
  required signature's style is ``initials`` or ``name`` when 90% of the signatures are of that
  kind, else ``any``.
* **Terms**: within a known variant group (:mod:`.variants`), when at least 5 replies use one of
  the variants and 80% of them use the same one, that one is the brand's term.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from voicelint.calibrate.samples import ChannelSample, Samples
from voicelint.calibrate.variants import VariantGroup
from voicelint.vocabulary import TONE_DIMENSIONS

MIN_REPLIES = 30
LOW_Q, HIGH_Q = 2.5, 97.5
TONE_MIN_WORDS = 5
GRADE_MIN_WORDS = 40
REQUIRED_SHARE, FORBIDDEN_SHARE = 0.90, 0.02
FORBIDDEN_MIN_REPLIES = 100
STYLE_SHARE = 0.90
TERM_MIN_REPLIES, TERM_SHARE = 5, 0.80


class CalibrationError(ValueError):
    """Too little to learn from (the command exits 2 with this message)."""


@dataclass(frozen=True)
class Learned:
    """One learned value and the sentence saying what it was learned from (the YAML comment)."""

    value: object
    why: str


@dataclass
class ChannelCalibration:
    channel: str
    documents: int
    tone: dict[str, Learned] = field(default_factory=dict)
    readability: dict[str, Learned] = field(default_factory=dict)
    structure: dict[str, Learned] = field(default_factory=dict)
    signature: Learned | None = None
    #: Not learned, and why (written as comments so a reader knows it was looked at).
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TermChoice:
    use: str
    avoid: tuple[str, ...]
    why: str
    #: Base guide entries whose preferred term the brand avoids: they are switched off.
    overrides: tuple[str, ...] = ()


@dataclass
class Calibration:
    channels: dict[str, ChannelCalibration]
    terms: list[TermChoice]
    skipped_channels: dict[str, int]
    other_language: int
    #: Approved replies outside a learned tone range, per channel (the tails left out on purpose).
    outside: dict[str, int] = field(default_factory=dict)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _share(count: int, total: int) -> str:
    if count == 0:
        return f"none of {total}"
    return f"{count} of {total} ({100 * count / total:.0f}%)"


def _forms(counter: Counter[str]) -> str:
    return ", ".join(f"{form!r} {n}" for form, n in counter.most_common(4))


def _within_far_fences(values: Sequence[float]) -> tuple[float, float]:
    """The lowest and highest values inside Tukey's far-out fences (quartiles -/+ 3 IQR)."""
    q1, q3 = percentile(values, 25), percentile(values, 75)
    spread = 3 * (q3 - q1)
    inside = [v for v in values if q1 - spread <= v <= q3 + spread]
    return min(inside), max(inside)


def _tone(sample: ChannelSample, margin: float, result: ChannelCalibration) -> int:
    """Learn the ranges; return how many approved replies fall outside at least one of them."""
    long_enough = [i for i, (_, words) in enumerate(sample.grades) if words >= TONE_MIN_WORDS]
    if len(long_enough) < MIN_REPLIES:
        result.notes.append(f"tone not learned: only {len(long_enough)} replies of {TONE_MIN_WORDS}+ words")
        return 0
    ranges: dict[str, tuple[int, int]] = {}
    for name in TONE_DIMENSIONS:
        values = [sample.tone[name][i] for i in long_enough]
        low_p, high_p = percentile(values, LOW_Q), percentile(values, HIGH_Q)
        inner_low, inner_high = _within_far_fences(values)
        low = max(0, math.floor(min(low_p - margin, inner_low)))
        high = min(100, math.ceil(max(high_p + margin, inner_high)))
        ranges[name] = (low, high)
        stretched = (
            " and to every reply that is no far outlier"
            if (inner_low < low_p - margin or inner_high > high_p + margin)
            else ""
        )
        result.tone[name] = Learned(
            [low, high],
            f"{LOW_Q:g}-{HIGH_Q:g}th percentile of {name} ({low_p:.1f}-{high_p:.1f}) over "
            f"{len(values)} approved {sample.channel} replies of {TONE_MIN_WORDS}+ words, widened by {margin:g}"
            + stretched,
        )
    return sum(
        1 for i in long_enough if any(not ranges[n][0] <= sample.tone[n][i] <= ranges[n][1] for n in TONE_DIMENSIONS)
    )


def _readability(sample: ChannelSample, result: ChannelCalibration) -> None:
    longest = percentile(sample.longest_sentences, HIGH_Q)
    limit = max(3, math.ceil(longest * 1.1), math.ceil(longest) + 1)
    result.readability["max_sentence_words"] = Learned(
        limit,
        f"{HIGH_Q:g}th percentile of the longest sentence ({longest:.0f} words) of {sample.documents} "
        f"approved {sample.channel} replies, plus 10%",
    )
    grades = [grade for grade, words in sample.grades if words >= GRADE_MIN_WORDS]
    if len(grades) < MIN_REPLIES:
        result.notes.append(
            f"max_grade not learned: only {len(grades)} replies of {GRADE_MIN_WORDS}+ words (the grade rule's floor)"
        )
        return
    high = percentile(grades, HIGH_Q)
    result.readability["max_grade"] = Learned(
        round(min(30.0, high + 1), 1),
        f"{HIGH_Q:g}th percentile of the grade ({high:.1f}) of {len(grades)} approved {sample.channel} "
        f"replies of {GRADE_MIN_WORDS}+ words, plus 1",
    )


def _requirement(part: str, count: int, total: int, forms: Counter[str], channel: str) -> Learned | None:
    share = count / total
    used = f"; forms: {_forms(forms)}" if forms else ""
    if share >= REQUIRED_SHARE:
        return Learned("required", f"{_share(count, total)} approved {channel} replies have a {part}{used}")
    if share <= FORBIDDEN_SHARE and total >= FORBIDDEN_MIN_REPLIES:
        return Learned("forbidden", f"only {_share(count, total)} approved {channel} replies have a {part}{used}")
    return None


def _structure(sample: ChannelSample, result: ChannelCalibration) -> None:
    total, channel = sample.documents, sample.channel
    greetings = sum(sample.greetings.values())
    greeting = _requirement("greeting", greetings, total, sample.greetings, channel)
    if greeting is not None:
        result.structure["greeting"] = greeting
    else:
        forms = f" ({_forms(sample.greetings)})" if sample.greetings else ""
        result.notes.append(f"greeting optional: {_share(greetings, total)} replies greet{forms}")
    closings = sum(sample.sign_offs.values())
    if sample.closed / total >= REQUIRED_SHARE:
        result.structure["sign_off"] = Learned(
            "required",
            f"{_share(sample.closed, total)} approved {channel} replies close with a sign-off or signature"
            + (f"; forms: {_forms(sample.sign_offs)}" if sample.sign_offs else ""),
        )
    elif closings / total <= FORBIDDEN_SHARE and total >= FORBIDDEN_MIN_REPLIES:
        result.structure["sign_off"] = Learned(
            "forbidden", f"only {_share(closings, total)} approved {channel} replies close with a closing formula"
        )
    else:
        result.notes.append(f"sign_off optional: {_share(closings, total)} replies close with a closing formula")
    signed = sum(sample.signatures.values())
    if signed / total < REQUIRED_SHARE:
        result.notes.append(f"signature not required: {_share(signed, total)} replies are signed by a person")
        return
    style = "any"
    for kind in ("initials", "name"):
        if sample.signatures[kind] / signed >= STYLE_SHARE:
            style = kind
    kinds = ", ".join(f"{kind} {n}" for kind, n in sample.signatures.most_common())
    result.signature = Learned(
        {"required": True, "style": style},
        f"{_share(signed, total)} approved {channel} replies are signed by a person ({kinds})",
    )


def _terms(samples: Samples, groups: Sequence[VariantGroup]) -> list[TermChoice]:
    choices = []
    for index, group in enumerate(groups):
        counts: Counter[str] = Counter()
        for sample in samples.channels.values():
            counts.update(sample.variants.get(index, Counter()))
        total = sum(counts.values())
        if total < TERM_MIN_REPLIES:
            continue
        use, count = counts.most_common(1)[0]
        if count / total < TERM_SHARE or use == group.preferred:
            continue  # no consistent choice, or the base guide already prefers it
        others = tuple(v for v in group.variants if v != use)
        seen = ", ".join(f"{v!r} {n}" for v, n in counts.most_common())
        choices.append(
            TermChoice(
                use=use,
                avoid=others,
                why=f"approved replies using one of {' / '.join(group.variants)}: {seen}",
                overrides=(group.preferred,) if group.preferred else (),
            )
        )
    return choices


def learn(samples: Samples, groups: Sequence[VariantGroup], margin: float = 5.0) -> Calibration:
    """The calibration of every channel with enough approved replies; refuses when none has."""
    channels: dict[str, ChannelCalibration] = {}
    skipped: dict[str, int] = {}
    outside: dict[str, int] = {}
    for name, sample in sorted(samples.channels.items()):
        if sample.documents < MIN_REPLIES:
            skipped[name] = sample.documents
            continue
        result = ChannelCalibration(name, sample.documents)
        outside[name] = _tone(sample, margin, result)
        _readability(sample, result)
        _structure(sample, result)
        channels[name] = result
    if not channels:
        found = ", ".join(f"{n} on {c}" for c, n in sorted(skipped.items())) or "none"
        other = sum(samples.other_language.values())
        raise CalibrationError(
            f"too few approved replies to learn from: calibrate needs at least {MIN_REPLIES} English replies "
            f"on a channel; found {found}" + (f" ({other} in another language skipped)" if other else "")
        )
    return Calibration(
        channels=channels,
        terms=_terms(samples, groups),
        skipped_channels=skipped,
        other_language=sum(samples.other_language.values()),
        outside=outside,
    )
