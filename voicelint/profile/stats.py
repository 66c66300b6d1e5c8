"""The statistics of a profile: quartiles, the consistency index and the library's typical range.

Pure functions over lists of floats, so they are tested on known values without spaCy.

- **Quartiles** use linear interpolation between order statistics (position ``p·(n−1)`` of the
  sorted values: numpy's default and ``statistics.quantiles(method="inclusive")``).
- **Consistency index** ``100 × (1 − mean ω²)`` over the six tone dimensions, where ω² (omega
  squared, Hays) is the share of a dimension's variance that lies between groups in a one-way
  ANOVA decomposition, corrected for chance: ``ω² = (SSB − (k−1)·MSW) / (SST + MSW)``, clamped to
  [0, 1]. Plain eta squared (``SSB/SST``) grows with the number of groups even when every group
  writes alike (k groups of n documents drawn from one voice give η² ≈ (k−1)/(N−1) by chance), so a
  team of many agents with few replies each would look inconsistent; ω² removes that bias. 100:
  which group wrote a reply tells nothing about how it sounds; 0: all variation is between groups.
- **Typical range** of a dimension: the median of every document's value ± ``k·IQR`` with
  ``k = 1`` (for a normal distribution ± 1.35 σ, 82% of the documents), at least
  ``± MIN_HALF_WIDTH`` points wide so a dimension on which nearly every reply scores the same does
  not make a few points' difference an outlier. A group is an outlier when its *typical* reply is
  more extreme than about nine in ten of the library's replies on that side, and by more than
  ``OUTLIER_SE`` standard errors of its median (``√(π/2) · IQR_group / 1.349 / √n``, the normal
  approximation): seven replies of one agent that happen to sit on the edge are not a drift. With ``k = 0.5`` a
  library of two voices (most agents one way, one agent the other) made the majority an outlier
  too: the pooled median sits between the two clusters and half an IQR did not reach either.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: How many interquartile ranges either side of the library's median a group median may lie.
OUTLIER_K = 1.0
#: The narrowest half-width of a typical range, in score points (scores are 0-100).
MIN_HALF_WIDTH = 10.0
#: How many standard errors of its median a group must lie beyond the typical range.
OUTLIER_SE = 2.0


@dataclass(frozen=True, slots=True)
class Spread:
    """The median and quartiles of a list of values."""

    median: float
    q1: float
    q3: float

    @property
    def iqr(self) -> float:
        return self.q3 - self.q1

    def to_dict(self) -> dict[str, float]:
        return {"median": round(self.median, 2), "q1": round(self.q1, 2), "q3": round(self.q3, 2)}


def quantile(ordered: Sequence[float], p: float) -> float:
    """The ``p`` quantile (0-1) of already sorted values, interpolated linearly. Raises on no values."""
    if not ordered:
        raise ValueError("no values")
    position = p * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(values: Sequence[float]) -> Spread:
    """Median and quartiles of ``values`` (any order)."""
    ordered = sorted(values)
    return Spread(quantile(ordered, 0.5), quantile(ordered, 0.25), quantile(ordered, 0.75))


def omega_squared(groups: Sequence[Sequence[float]]) -> float:
    """The between-group share of variance, corrected for chance (see the module docstring).

    Groups with no values are ignored; with fewer than two groups, or no variation at all, or no
    within-group degrees of freedom, there is nothing between groups: 0.
    """
    groups = [g for g in groups if g]
    k = len(groups)
    n = sum(len(g) for g in groups)
    if k < 2 or n <= k:
        return 0.0
    grand = sum(sum(g) for g in groups) / n
    ssb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups)
    ssw = sum(sum((x - sum(g) / len(g)) ** 2 for x in g) for g in groups)
    sst = ssb + ssw
    if sst <= 0:
        return 0.0
    msw = ssw / (n - k)
    return min(1.0, max(0.0, (ssb - (k - 1) * msw) / (sst + msw)))


def consistency_index(by_dimension: Mapping[str, Sequence[Sequence[float]]]) -> float:
    """``100 × (1 − mean ω²)`` over the dimensions given (each: one list of values per group)."""
    if not by_dimension:
        return 100.0
    shares = [omega_squared(groups) for groups in by_dimension.values()]
    return round(100.0 * (1.0 - sum(shares) / len(shares)), 1)


def median_standard_error(values: Sequence[float]) -> float:
    """The standard error of the median of ``values`` (normal approximation, σ estimated from the IQR)."""
    if len(values) < 2:
        return math.inf
    return math.sqrt(math.pi / 2) * (spread(values).iqr / 1.349) / math.sqrt(len(values))


def typical_range(values: Sequence[float], k: float = OUTLIER_K) -> tuple[float, float]:
    """The library's typical range of one dimension: median ± max(k·IQR, MIN_HALF_WIDTH), within 0-100."""
    middle = spread(values)
    half = max(k * middle.iqr, MIN_HALF_WIDTH)
    return max(0.0, middle.median - half), min(100.0, middle.median + half)
