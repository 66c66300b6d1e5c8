"""The profile's statistics on values whose answers are known by hand."""

from __future__ import annotations

import random

import pytest

from voicelint.profile.collect import Group
from voicelint.profile.report import outliers
from voicelint.profile.stats import (
    MIN_HALF_WIDTH,
    consistency_index,
    median_standard_error,
    omega_squared,
    quantile,
    spread,
    typical_range,
)


def test_quartiles_interpolate_linearly_between_order_statistics() -> None:
    assert spread([4, 1, 3, 2]).to_dict() == {"median": 2.5, "q1": 1.75, "q3": 3.25}
    assert spread([7, 1, 3]).to_dict() == {"median": 3.0, "q1": 2.0, "q3": 5.0}
    assert spread([5]).iqr == 0
    assert quantile([10, 20], 0.5) == 15
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_identical_groups_have_nothing_between_them() -> None:
    same = [10.0, 20.0, 30.0, 40.0]
    assert omega_squared([same, list(same)]) == 0.0
    assert consistency_index({"formality": [same, list(same)], "warmth": [same, list(same)]}) == 100.0


def test_groups_with_different_voices_score_clearly_lower() -> None:
    casual, formal = [20.0, 22.0, 25.0, 21.0, 24.0], [70.0, 72.0, 75.0, 71.0, 74.0]
    assert omega_squared([casual, formal]) > 0.9
    # one dimension apart, one alike: half the variance story is between groups
    index = consistency_index({"formality": [casual, formal], "warmth": [casual, list(casual)]})
    assert 45 < index < 60


def test_many_small_groups_of_one_voice_are_not_read_as_inconsistent() -> None:
    """Eta squared grows with the number of groups by chance; omega squared corrects it."""
    rng = random.Random(7)
    groups = [[rng.gauss(50, 10) for _ in range(4)] for _ in range(40)]
    n = sum(map(len, groups))
    grand = sum(map(sum, groups)) / n
    ssb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in groups)
    sst = sum((x - grand) ** 2 for g in groups for x in g)
    assert ssb / sst > 0.15  # plain eta squared: about (k-1)/(n-1) = 0.25 by chance
    assert consistency_index({"formality": groups}) > 90


def test_degenerate_inputs_give_no_between_group_share() -> None:
    assert omega_squared([[1.0, 2.0]]) == 0.0  # one group
    assert omega_squared([[5.0], [5.0]]) == 0.0  # no within-group degrees of freedom
    assert omega_squared([[5.0, 5.0], [5.0, 5.0]]) == 0.0  # no variation
    assert consistency_index({}) == 100.0


def test_typical_range_is_median_plus_minus_one_iqr_with_a_floor() -> None:
    values = [float(v) for v in range(0, 101)]  # median 50, IQR 50
    assert typical_range(values) == (0.0, 100.0)
    assert typical_range(values, k=0.5) == (25.0, 75.0)
    assert typical_range([float(v) for v in range(30, 71)]) == (30.0, 70.0)  # median 50, IQR 20
    assert typical_range([30.0] * 20) == (30.0 - MIN_HALF_WIDTH, 30.0 + MIN_HALF_WIDTH)
    assert typical_range([1.0] * 20) == (0.0, 1.0 + MIN_HALF_WIDTH)  # clipped to the 0-100 scale


def _group(name: str, formality: list[float], attributed: bool = True) -> Group:
    group = Group(name, attributed=attributed, documents=len(formality))
    group.values["formality"] = formality
    return group


def test_outliers_name_the_group_dimension_median_and_typical_range() -> None:
    groups = [
        _group("^AB", [28.0, 30.0, 32.0, 29.0, 31.0, 30.0]),
        _group("^CD", [27.0, 29.0, 31.0, 30.0, 28.0, 30.0]),
        _group("^EF", [26.0, 30.0, 34.0, 30.0, 28.0, 32.0]),
        _group("^GH", [29.0, 31.0, 33.0, 30.0, 28.0, 30.0]),
        _group("^RR", [76.0, 78.0, 80.0, 77.0, 79.0, 78.0]),
        _group("^XY", [90.0, 90.0]),  # too few documents to be judged
    ]
    found = outliers("agent", groups, min_documents=5)
    assert [(o["group"], o["dimension"]) for o in found] == [("^RR", "formality")]
    outlier = found[0]
    low, high = outlier["typical"]
    assert outlier["value"] == 78.0 and low < 30 < high < 78
    assert outlier["why"].startswith("agent ^RR: formality median 78 over 6 documents, the library's typical range ")
    # a third of the library writing the other way is not "the library plus one drifting agent"
    assert outliers("agent", groups[:2] + groups[4:5], min_documents=5) == []


def test_unattributed_documents_shape_the_range_but_are_never_an_outlier() -> None:
    groups = [_group("^AB", [30.0] * 10), _group("(unattributed)", [90.0] * 6, attributed=False)]
    assert outliers("agent", groups) == []


def test_a_few_replies_just_past_the_edge_are_not_a_drift() -> None:
    """Beyond the range, but by less than two standard errors of a spread-out group's median."""
    library = [_group(f"^{i}", [40.0 + (j % 5) for j in range(20)]) for i in range(6)]  # around 42
    edge = _group("^EE", [30.0, 45.0, 60.0, 75.0, 55.0, 50.0, 70.0])  # median 55, just past 52
    assert median_standard_error(edge.values["formality"]) > 5
    assert outliers("agent", [*library, edge]) == []
    steady = _group("^SS", [55.0] * 7)  # same median, no doubt about it
    assert [o["group"] for o in outliers("agent", [*library, steady])] == ["^SS"]
