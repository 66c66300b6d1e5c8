"""The profile as one JSON-able dict (docs/reference.md section 12): groups, consistency, outliers.

The text formatter (:mod:`.text`) and the HTML report render this dict; its keys are the shared
schema (``version``, ``by``, ``documents``, ``guide``, ``consistency``, ``groups``, ``outliers``,
``ranges``), with a few extra keys (``errors``, ``attributed``, ``min_documents``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from voicelint.guide.model import Guide
from voicelint.pipeline import LintOptions
from voicelint.profile.collect import OTHER_METRICS, Group, ProfileCollector
from voicelint.profile.run import profile_results
from voicelint.profile.stats import (
    OUTLIER_K,
    OUTLIER_SE,
    consistency_index,
    median_standard_error,
    omega_squared,
    spread,
    typical_range,
)
from voicelint.report import ReportError
from voicelint.vocabulary import TONE_DIMENSIONS

#: A group needs this many documents before its median can make it an outlier.
MIN_DOCUMENTS = 5
METHOD = (
    "100 x (1 - mean over the six tone dimensions of omega squared, the between-group share of "
    "variance of a one-way ANOVA corrected for chance); attributed groups only"
)


def profile_report(
    paths: Sequence[str],
    guide: Guide,
    options: LintOptions,
    *,
    by: str = "agent",
    stdin_text: str | None = None,
    on_error: Callable[[ReportError], None] | None = None,
    min_documents: int = MIN_DOCUMENTS,
) -> dict[str, object]:
    """Lint ``paths`` and return their profile grouped ``by`` agent, channel, file or ``field:NAME``."""
    collector = ProfileCollector(by)
    errors = 0
    for entry in profile_results(paths, guide, options, stdin_text):
        if isinstance(entry, ReportError):
            errors += 1
            if on_error is not None:
                on_error(entry)
            continue
        collector.add(*entry)
    return build_profile(collector, guide, min_documents=min_documents, errors=errors)


def build_profile(
    collector: ProfileCollector, guide: Guide, *, min_documents: int = MIN_DOCUMENTS, errors: int = 0
) -> dict[str, object]:
    """The profile dict of what ``collector`` gathered."""
    groups = collector.ordered()
    attributed = [g for g in groups if g.attributed]
    by_dimension = {dimension: [g.values.get(dimension, []) for g in attributed] for dimension in TONE_DIMENSIONS}
    index = consistency_index(by_dimension)
    shares = {dimension: round(omega_squared(groups), 3) for dimension, groups in by_dimension.items()}
    return {
        "version": 1,
        "by": collector.by,
        "documents": collector.documents,
        "errors": errors,
        "guide": {"name": guide.name, "path": guide.path},
        "consistency": {"index": index, "method": METHOD, "groups": len(attributed), "between_share": shares},
        "groups": [_group_dict(g) for g in groups],
        "outliers": outliers(collector.by, groups, min_documents),
        "min_documents": min_documents,
        "ranges": {
            channel: {d: list(r) for d, r in guide.channel(channel).tone.items()}
            for channel in sorted(collector.channels)
            if channel in guide.channels
        },
    }


def _group_dict(group: Group) -> dict[str, object]:
    def spreads(names: Sequence[str]) -> dict[str, dict[str, float]]:
        return {name: spread(group.values[name]).to_dict() for name in names if group.values.get(name)}

    other = spreads(OTHER_METRICS)
    return {
        "name": group.name,
        "attributed": group.attributed,
        "documents": group.documents,
        "tone": spreads(TONE_DIMENSIONS),
        "scriptedness": other.get("scriptedness"),
        "grade": other.get("grade"),
        "greetings": dict(group.greetings.most_common()),
        "sign_offs": dict(group.sign_offs.most_common()),
        "terms": {"preferred": dict(group.preferred.most_common()), "avoided": dict(group.avoided.most_common())},
    }


def outliers(by: str, groups: Sequence[Group], min_documents: int = MIN_DOCUMENTS) -> list[dict[str, object]]:
    """Attributed groups of at least ``min_documents`` whose median on a tone dimension lies outside
    the library's typical range (:func:`voicelint.profile.stats.typical_range` of every document),
    farthest first."""
    found: list[tuple[float, dict[str, object]]] = []
    label = by.removeprefix("field:")
    for dimension in TONE_DIMENSIONS:
        pooled = [v for g in groups for v in g.values.get(dimension, [])]
        if not pooled:
            continue
        low, high = typical_range(pooled)
        for group in groups:
            values = group.values.get(dimension, [])
            if not group.attributed or len(values) < min_documents:
                continue
            median = spread(values).median
            beyond = low - median if median < low else median - high
            if beyond <= 0 or beyond <= OUTLIER_SE * median_standard_error(values):
                continue
            why = (
                f"{label} {group.name}: {dimension} median {_shown(median, low, high)} over {len(values)} documents, "
                f"the library's typical range {low:.0f}-{high:.0f} (median ± {OUTLIER_K:g} IQR of all "
                f"{len(pooled)} documents)"
            )
            found.append(
                (
                    beyond,
                    {
                        "group": group.name,
                        "dimension": dimension,
                        "value": round(median, 2),
                        "typical": [round(low, 2), round(high, 2)],
                        "documents": len(values),
                        "why": why,
                    },
                )
            )
    return [entry for _, entry in sorted(found, key=lambda item: -item[0])]


def _shown(value: float, low: float, high: float) -> str:
    """The value rounded as the range is, or to one decimal where rounding would put it inside."""
    return f"{value:.0f}" if not round(low) <= round(value) <= round(high) else f"{value:.1f}"
