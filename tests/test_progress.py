"""Hand-worked checks of indicators.progress on tiny series (arithmetic in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators import progress as pg

HIGHER = pg.HIGHER_IS_BETTER
LOWER = pg.LOWER_IS_BETTER
ABS = pg.ABSOLUTE_CHANGE
REL = pg.RELATIVE_CHANGE


def series(*points: tuple[float, ...]) -> pd.DataFrame:
    """(year, value) or (year, value, lower, upper) tuples to a series frame."""
    rows = [p if len(p) == 4 else (*p, math.nan, math.nan) for p in points]
    return pd.DataFrame(rows, columns=["period_year", "value", "lower", "upper"])


def assess_abs(frame: pd.DataFrame, amount: float, deadline: float, direction: str = HIGHER) -> pg.Assessment:
    return pg.assess(frame, direction=direction, kind=ABS, amount=amount, deadline_year=deadline)


def assess_rel(frame: pd.DataFrame, amount: float, deadline: float, direction: str = HIGHER) -> pg.Assessment:
    return pg.assess(frame, direction=direction, kind=REL, amount=amount, deadline_year=deadline)


# Shared linear set-up: baseline 10 in 2019, target 10 + 20 = 30 in 2039
# -> required change = 20 / 20 years = 1.0 per year; latest in 2029 (10 years after baseline).
def linear_case(latest_value: float) -> pg.Assessment:
    return assess_abs(series((2015.0, 7.0), (2019.0, 10.0), (2029.0, latest_value)), 20.0, 2039.0)


# --- status bands ---------------------------------------------------------------------------


def test_achieved_when_latest_meets_target():
    # baseline 60 (2019), +5 -> target 65 by 2040; latest 66 (2023) >= 65 -> achieved.
    # ratio: observed (66 - 60) / 4 = 1.5/yr; required 5 / 21 /yr -> 1.5 * 21 / 5 = 6.3
    result = assess_abs(series((2019.0, 60.0), (2023.0, 66.0)), 5.0, 2040.0)
    assert result.status == pg.ACHIEVED
    assert result.target_value == pytest.approx(65.0)
    assert result.ratio == pytest.approx(6.3)
    assert result.method == pg.METHOD_LINEAR
    assert (result.baseline_year, result.baseline_value) == (2019.0, 60.0)
    assert (result.latest_year, result.latest_value) == (2023.0, 66.0)
    assert result.deadline_year == 2040.0


def test_on_track_at_exact_boundary():
    # observed (19.5 - 10) / 10 = 0.95/yr; required 1.0/yr -> ratio 0.95 -> on_track (>= 0.95)
    result = linear_case(19.5)
    assert result.ratio == pytest.approx(0.95)
    assert result.status == pg.ON_TRACK


def test_boundary_not_split_by_floating_point_noise():
    # baseline 60.1 (2019), +20 -> 80.1 by 2039: required 1.0/yr; latest 69.6 (2029): 9.5/10 = 0.95/yr.
    # Exactly 0.95, but floats give 0.9499999999999996: rounding to 9 decimals keeps it on_track.
    result = assess_abs(series((2019.0, 60.1), (2029.0, 69.6)), 20.0, 2039.0)
    assert result.ratio == pytest.approx(0.95)
    assert result.status == pg.ON_TRACK


def test_just_below_on_track_boundary_needs_acceleration():
    # observed (19.49 - 10) / 10 = 0.949/yr -> ratio 0.949 < 0.95
    result = linear_case(19.49)
    assert result.ratio == pytest.approx(0.949)
    assert result.status == pg.NEEDS_ACCELERATION


def test_needs_acceleration_at_exact_boundary():
    # observed (16 - 10) / 10 = 0.6/yr -> ratio 0.60 -> needs_acceleration (>= 0.60)
    result = linear_case(16.0)
    assert result.ratio == pytest.approx(0.6)
    assert result.status == pg.NEEDS_ACCELERATION


def test_just_below_acceleration_boundary_is_limited_progress():
    # observed (15.9 - 10) / 10 = 0.59/yr -> ratio 0.59 < 0.60
    result = linear_case(15.9)
    assert result.ratio == pytest.approx(0.59)
    assert result.status == pg.LIMITED_PROGRESS


def test_limited_progress():
    # observed (13 - 10) / 10 = 0.3/yr -> ratio 0.3
    result = linear_case(13.0)
    assert result.ratio == pytest.approx(0.3)
    assert result.status == pg.LIMITED_PROGRESS


def test_no_change_is_limited_progress():
    # observed (10 - 10) / 10 = 0 -> ratio 0 -> limited_progress (0 <= ratio < 0.60)
    result = linear_case(10.0)
    assert result.ratio == pytest.approx(0.0)
    assert result.status == pg.LIMITED_PROGRESS


def test_moving_away():
    # observed (8 - 10) / 10 = -0.2/yr -> ratio -0.2 < 0
    result = linear_case(8.0)
    assert result.ratio == pytest.approx(-0.2)
    assert result.status == pg.MOVING_AWAY


def test_baseline_is_last_observation_in_or_before_2019():
    # 2015 (7) and 2019 (10) are candidates; 2019 is the latest of them.
    result = linear_case(19.5)
    assert result.baseline_year == 2019.0
    assert result.baseline_value == 10.0


# --- insufficient data / no target ----------------------------------------------------------


def test_single_point_is_insufficient_data():
    result = assess_abs(series((2019.0, 10.0)), 5.0, 2030.0)
    assert result.status == pg.INSUFFICIENT_DATA
    assert math.isnan(result.ratio)
    assert result.method is None
    assert math.isnan(result.projected_value)
    assert result.baseline_value == 10.0


def test_no_baseline_is_insufficient_data():
    # first observation 2020 > 2019: no baseline
    result = assess_abs(series((2020.0, 10.0), (2022.0, 12.0)), 5.0, 2030.0)
    assert result.status == pg.INSUFFICIENT_DATA
    assert math.isnan(result.baseline_value)
    assert result.latest_value == 12.0
    assert "2019" in result.note


def test_latest_period_equal_to_baseline_period_is_insufficient_data():
    # the latest observation (2019) is the baseline itself: nothing after it
    result = assess_abs(series((2015.0, 8.0), (2019.0, 10.0)), 5.0, 2030.0)
    assert result.status == pg.INSUFFICIENT_DATA
    assert result.latest_year == result.baseline_year == 2019.0
    assert "after the baseline" in result.note


def test_missing_values_are_ignored_not_zero():
    # 2023 is NaN: dropped, so only the baseline remains (a 0 would read as moving away)
    result = assess_abs(series((2019.0, 10.0), (2023.0, math.nan)), 5.0, 2030.0)
    assert result.status == pg.INSUFFICIENT_DATA
    assert result.latest_value == 10.0


def test_missing_value_skipped_for_latest():
    # rows 2019 = 10, 2021 = 12, 2023 = NaN -> latest is 2021: (12 - 10) / 2 = 1/yr;
    # required 4 / 4 = 1/yr (target 14 by 2023) -> ratio 1.0
    result = assess_abs(series((2019.0, 10.0), (2021.0, 12.0), (2023.0, math.nan)), 4.0, 2023.0)
    assert result.latest_year == 2021.0
    assert result.ratio == pytest.approx(1.0)
    assert result.status == pg.ON_TRACK


def test_no_target_gives_context_only():
    result = pg.assess(series((2019.0, 10.0), (2021.0, 12.0)), direction=HIGHER, kind=None, amount=None,
                       deadline_year=2030.0)
    assert result.status == pg.NO_TARGET
    assert math.isnan(result.ratio)
    assert math.isnan(result.target_value)
    assert result.method is None
    assert result.latest_value == 12.0
    # projection still given: slope (12 - 10) / 2 = 1/yr -> 12 + 9 = 21 in 2030
    assert result.projected_value == pytest.approx(21.0)


# --- edge cases ------------------------------------------------------------------------------


def test_zero_baseline_absolute():
    # baseline 0 (2019), +10 -> target 10 by 2029: required 1/yr; latest 5 (2024): 5/5 = 1/yr
    result = assess_abs(series((2019.0, 0.0), (2024.0, 5.0)), 10.0, 2029.0)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == pg.ON_TRACK
    assert result.method == pg.METHOD_LINEAR


def test_zero_baseline_relative_falls_back_and_target_equals_baseline():
    # baseline 0 * (1 - 0.30) = target 0: CAGR undefined, no change required.
    # lower_is_better, latest 1 > 0 -> no longer meets the target -> moving_away
    result = assess_rel(series((2019.0, 0.0), (2022.0, 1.0)), -0.30, 2030.0, LOWER)
    assert result.target_value == 0.0
    assert result.method == pg.METHOD_LINEAR_FALLBACK
    assert result.status == pg.MOVING_AWAY
    assert math.isnan(result.ratio)
    # latest 0 <= target 0 -> achieved
    assert assess_rel(series((2019.0, 0.0), (2022.0, 0.0)), -0.30, 2030.0, LOWER).status == pg.ACHIEVED


def test_negative_values_linear():
    # baseline -4 (2019), +4 -> target 0 by 2027: required 4 / 8 = 0.5/yr;
    # latest -2.2 (2023): (-2.2 + 4) / 4 = 0.45/yr -> ratio 0.9 -> needs_acceleration
    result = assess_abs(series((2019.0, -4.0), (2023.0, -2.2)), 4.0, 2027.0)
    assert result.target_value == pytest.approx(0.0)
    assert result.ratio == pytest.approx(0.9)
    assert result.status == pg.NEEDS_ACCELERATION


def test_target_already_met_at_baseline():
    # higher_is_better, "fall by at most 1": baseline 80 -> target 79, already met in 2019.
    # latest 79.5 >= 79 -> achieved; latest 78 < 79 -> moving_away. No ratio either way.
    kept = assess_abs(series((2019.0, 80.0), (2022.0, 79.5)), -1.0, 2030.0)
    assert kept.status == pg.ACHIEVED
    assert math.isnan(kept.ratio)
    assert "already met" in kept.note
    lost = assess_abs(series((2019.0, 80.0), (2022.0, 78.0)), -1.0, 2030.0)
    assert lost.status == pg.MOVING_AWAY


def test_baseline_equal_to_target():
    # amount 0 -> target 80 = baseline: required change 0.
    # latest 80 (not worse) -> achieved; 79.9 (worse) -> moving_away; lower_is_better 80.1 -> moving_away
    assert assess_abs(series((2019.0, 80.0), (2022.0, 80.0)), 0.0, 2030.0).status == pg.ACHIEVED
    assert assess_abs(series((2019.0, 80.0), (2022.0, 79.9)), 0.0, 2030.0).status == pg.MOVING_AWAY
    assert assess_rel(series((2019.0, 80.0), (2022.0, 80.1)), 0.0, 2030.0, LOWER).status == pg.MOVING_AWAY
    assert assess_rel(series((2019.0, 80.0), (2022.0, 79.0)), 0.0, 2030.0, LOWER).status == pg.ACHIEVED


def test_lower_is_better_absolute():
    # smoking 20% (2019), -5 points -> target 15% by 2029: required -5 / 10 = -0.5/yr.
    # latest 18 (2023): (18 - 20) / 4 = -0.5/yr -> ratio (-0.5) / (-0.5) = +1.0 -> on_track
    falling = assess_abs(series((2019.0, 20.0), (2023.0, 18.0)), -5.0, 2029.0, LOWER)
    assert falling.target_value == pytest.approx(15.0)
    assert falling.ratio == pytest.approx(1.0)
    assert falling.status == pg.ON_TRACK
    # latest 21: (21 - 20) / 4 = +0.25/yr -> ratio 0.25 / -0.5 = -0.5 -> moving_away
    rising = assess_abs(series((2019.0, 20.0), (2023.0, 21.0)), -5.0, 2029.0, LOWER)
    assert rising.ratio == pytest.approx(-0.5)
    assert rising.status == pg.MOVING_AWAY
    # latest 14.5 <= 15 -> achieved
    assert assess_abs(series((2019.0, 20.0), (2023.0, 14.5)), -5.0, 2029.0, LOWER).status == pg.ACHIEVED


def test_lower_is_better_relative_cagr():
    # gap 10 (2019), target 10 * 0.9**4 = 6.561 by 2023 -> rel = 6.561 / 10 - 1 = -0.3439;
    # required CAGR = 0.6561 ** (1/4) - 1 = 0.9 - 1 = -0.1.
    # latest 8.5 (2021): observed CAGR = 0.85 ** (1/2) - 1 = 0.921954 - 1 = -0.078046
    # ratio = -0.078046 / -0.1 = 0.78046 -> needs_acceleration
    result = assess_rel(series((2019.0, 10.0), (2021.0, 8.5)), -0.3439, 2023.0, LOWER)
    assert result.method == pg.METHOD_CAGR
    assert result.target_value == pytest.approx(6.561)
    assert result.ratio == pytest.approx(0.78046, rel=1e-5)
    assert result.status == pg.NEEDS_ACCELERATION


def test_higher_is_better_relative_cagr():
    # 100 (2019), +21% -> 121 by 2021: required CAGR = 1.21 ** (1/2) - 1 = 0.1.
    # latest 105 (2020): observed CAGR = 1.05 - 1 = 0.05 -> ratio 0.5 -> limited_progress
    # (the linear method would give (5/1) / (21/2) = 0.476: the methods differ)
    result = assess_rel(series((2019.0, 100.0), (2020.0, 105.0)), 0.21, 2021.0)
    assert result.method == pg.METHOD_CAGR
    assert result.target_value == pytest.approx(121.0)
    assert result.ratio == pytest.approx(0.5)
    assert result.status == pg.LIMITED_PROGRESS


def test_cagr_fallback_for_negative_baseline():
    # baseline -10 (2019), rel -0.5 -> target -10 * 0.5 = -5 by 2029 (higher is better: -5 > -10).
    # CAGR undefined -> linear: required 5 / 10 = 0.5/yr; latest -7.5 (2024): 2.5 / 5 = 0.5/yr -> 1.0
    result = assess_rel(series((2019.0, -10.0), (2024.0, -7.5)), -0.5, 2029.0)
    assert result.method == pg.METHOD_LINEAR_FALLBACK
    assert "CAGR" in result.note
    assert result.target_value == pytest.approx(-5.0)
    assert result.ratio == pytest.approx(1.0)
    assert result.status == pg.ON_TRACK


def test_cagr_fallback_for_non_positive_latest():
    # baseline 4 (2019), +50% -> target 6 by 2029: required 2 / 10 = 0.2/yr.
    # latest -1 (2021) <= 0 -> linear: (-1 - 4) / 2 = -2.5/yr -> ratio -12.5 -> moving_away
    result = assess_rel(series((2019.0, 4.0), (2021.0, -1.0)), 0.5, 2029.0)
    assert result.method == pg.METHOD_LINEAR_FALLBACK
    assert result.ratio == pytest.approx(-12.5)
    assert result.status == pg.MOVING_AWAY


def test_assess_rejects_bad_input():
    frame = series((2019.0, 10.0), (2021.0, 12.0))
    with pytest.raises(ValueError, match="direction"):
        pg.assess(frame, direction="up", kind=ABS, amount=1.0, deadline_year=2030.0)
    with pytest.raises(ValueError, match="kind"):
        pg.assess(frame, direction=HIGHER, kind="percent", amount=1.0, deadline_year=2030.0)
    with pytest.raises(ValueError, match="amount"):
        pg.assess(frame, direction=HIGHER, kind=ABS, amount=None, deadline_year=2030.0)
    with pytest.raises(ValueError, match="deadline"):
        pg.assess(frame, direction=HIGHER, kind=ABS, amount=1.0, deadline_year=2019.0)
    with pytest.raises(ValueError, match="2021"):
        assess_abs(series((2019.0, 10.0), (2021.0, 12.0), (2021.0, 13.0)), 1.0, 2030.0)
    with pytest.raises(ValueError, match="value"):
        assess_abs(pd.DataFrame({"period_year": [2019.0]}), 1.0, 2030.0)


# --- baseline, target, required path --------------------------------------------------------


def test_select_baseline():
    years = [2015.0, 2017.0, 2019.5, 2020.5]
    values = [1.0, 2.0, 3.0, 4.0]
    # 2019.5 is the mid-point of calendar year 2019: still the 2019 baseline; 2020.5 is not
    assert pg.select_baseline(years, values, 2019.0) == (2019.5, 3.0)
    assert pg.select_baseline(years, values) == (2019.5, 3.0)
    assert pg.select_baseline(years, values, 2016.0) == (2015.0, 1.0)
    # a missing 2019 value falls back to 2017, not to 0
    assert pg.select_baseline(years, [1.0, 2.0, math.nan, 4.0], 2019.0) == (2017.0, 2.0)
    # 2017/2020 has mid-point 2018.5
    assert pg.select_baseline([2018.5, 2022.5], [5.0, 6.0], 2019.0) == (2018.5, 5.0)
    assert pg.select_baseline([2020.0, 2021.0], [1.0, 2.0], 2019.0) is None
    assert pg.select_baseline([], [], 2019.0) is None


def test_target_value():
    assert pg.target_value(60.0, ABS, 5.0) == pytest.approx(65.0)  # 60 + 5
    assert pg.target_value(20.0, REL, -0.30) == pytest.approx(14.0)  # 20 * 0.7
    assert pg.target_value(8.0, REL, 0.50) == pytest.approx(12.0)  # 8 * 1.5
    assert pg.target_value(8.0, REL, 0.25) == pytest.approx(10.0)  # 8 * 1.25
    with pytest.raises(ValueError):
        pg.target_value(1.0, "other", 1.0)


def test_required_path():
    # linear: 10 -> 20 over 2019..2029: halfway (2024) 15
    linear = pg.required_path(2019.0, 10.0, 2029.0, 20.0, ABS, [2019.0, 2024.0, 2029.0])
    assert linear == pytest.approx(np.array([10.0, 15.0, 20.0]))
    # geometric: 100 -> 121 over 2019..2021: +10% a year -> 100, 110, 121
    geometric = pg.required_path(2019.0, 100.0, 2021.0, 121.0, REL, [2019.0, 2020.0, 2021.0])
    assert geometric == pytest.approx(np.array([100.0, 110.0, 121.0]))
    # relative with a negative baseline: linear fallback, -10 -> -5: halfway -7.5
    fallback = pg.required_path(2019.0, -10.0, 2029.0, -5.0, REL, [2024.0])
    assert fallback == pytest.approx(np.array([-7.5]))


# --- projection ------------------------------------------------------------------------------


def test_project_two_points_is_line_through_them():
    # slope (14 - 10) / 2 = 2/yr -> 2030: 14 + 9 * 2 = 32; no margins, n = 2 -> no interval
    value, lower, upper = pg.project(series((2019.0, 10.0), (2021.0, 14.0)), 2030.0)
    assert value == pytest.approx(32.0)
    assert math.isnan(lower) and math.isnan(upper)


def test_project_three_points_ols_prediction_interval():
    # x = 2019, 2020, 2021 (mean 2020, Sxx = 2); y = 10, 13, 14 (mean 37/3)
    # Sxy = (-1)(10 - 37/3) + (1)(14 - 37/3) = 7/3 + 5/3 = 4 -> slope 2
    # at 2022: 37/3 + 2 * 2 = 16.3333
    # fitted 10.333, 12.333, 14.333 -> residuals -1/3, 2/3, -1/3 -> SSE = 6/9 = 2/3; s = sqrt(2/3) = 0.816497
    # half = t(0.975, df 1) 12.7062 * 0.816497 * sqrt(1 + 1/3 + 2**2 / 2) = 12.7062 * 0.816497 * 1.825742
    #      = 18.9413
    value, lower, upper = pg.project(series((2019.0, 10.0), (2020.0, 13.0), (2021.0, 14.0)), 2022.0)
    assert value == pytest.approx(16.33333, rel=1e-6)
    assert lower == pytest.approx(16.33333 - 18.9413, rel=1e-4)
    assert upper == pytest.approx(16.33333 + 18.9413, rel=1e-4)


def test_project_exact_fit_has_zero_width_interval():
    # 1, 2, 3 on a straight line: residuals 0 -> s = 0 -> interval collapses to 5 in 2023
    value, lower, upper = pg.project(series((2019.0, 1.0), (2020.0, 2.0), (2021.0, 3.0)), 2023.0)
    assert (value, lower, upper) == pytest.approx((5.0, 5.0, 5.0))


def test_project_propagates_source_interval_of_latest():
    # line 32 in 2030 as above; latest 14 with 95% interval 13..16 -> half-widths 1 below, 2 above
    # -> 32 - 1 = 31, 32 + 2 = 34
    value, lower, upper = pg.project(series((2019.0, 10.0), (2021.0, 14.0, 13.0, 16.0)), 2030.0)
    assert (value, lower, upper) == pytest.approx((32.0, 31.0, 34.0))
    # source margins take precedence over the OLS interval with 3 points too:
    # x 2019, 2020, 2021; y 10, 12, 14 -> slope 2 -> 2030: 14 + 18 = 32; margins 0.5 each side
    three = pg.project(series((2019.0, 10.0), (2020.0, 12.0), (2021.0, 14.0, 13.5, 14.5)), 2030.0)
    assert three == pytest.approx((32.0, 31.5, 32.5))


def test_project_single_point_is_nan():
    value, lower, upper = pg.project(series((2019.0, 10.0, 9.0, 11.0)), 2030.0)
    assert math.isnan(value) and math.isnan(lower) and math.isnan(upper)


def test_assess_carries_projection():
    result = assess_abs(series((2019.0, 10.0), (2021.0, 14.0, 13.0, 16.0)), 5.0, 2030.0)
    assert (result.projected_value, result.projected_lower, result.projected_upper) == pytest.approx(
        (32.0, 31.0, 34.0)
    )


def test_t_quantile():
    assert pg.t_quantile_975(1) == pytest.approx(12.7062)
    assert pg.t_quantile_975(10) == pytest.approx(2.2281)
    assert pg.t_quantile_975(30) == pytest.approx(2.0423)
    assert pg.t_quantile_975(31) == pytest.approx(1.96)
    with pytest.raises(ValueError):
        pg.t_quantile_975(0)


# --- benchmark comparison --------------------------------------------------------------------


def test_compare_better_and_worse_higher_is_better():
    # 70 (68..72) vs 64 (62..66): 68 > 66, no overlap, higher -> better
    assert pg.compare_with_benchmark(70, 68, 72, 64, 62, 66, HIGHER) == pg.BETTER
    # reversed: lower and not overlapping -> worse
    assert pg.compare_with_benchmark(64, 62, 66, 70, 68, 72, HIGHER) == pg.WORSE


def test_compare_lower_is_better_flips():
    # 70 (68..72) vs 64 (62..66): higher, but lower is better -> worse
    assert pg.compare_with_benchmark(70, 68, 72, 64, 62, 66, LOWER) == pg.WORSE
    assert pg.compare_with_benchmark(64, 62, 66, 70, 68, 72, LOWER) == pg.BETTER


def test_compare_overlapping_and_touching_are_similar():
    # 70 (67..73) vs 65 (62..68): 67 <= 68 -> overlap -> similar
    assert pg.compare_with_benchmark(70, 67, 73, 65, 62, 68, HIGHER) == pg.SIMILAR
    # 70 (68..72) vs 65 (62..68): intervals touch at 68 -> similar (conservative)
    assert pg.compare_with_benchmark(70, 68, 72, 65, 62, 68, HIGHER) == pg.SIMILAR


def test_compare_missing_interval_or_value():
    assert pg.compare_with_benchmark(70, math.nan, 72, 64, 62, 66, HIGHER) == pg.NOT_TESTED
    assert pg.compare_with_benchmark(70, 68, 72, 64, 62, None, HIGHER) == pg.NOT_TESTED
    assert pg.compare_with_benchmark(math.nan, 68, 72, 64, 62, 66, HIGHER) == pg.NO_DATA
    assert pg.compare_with_benchmark(70, 68, 72, math.nan, math.nan, math.nan, HIGHER) == pg.NO_DATA


# --- trend direction -------------------------------------------------------------------------


def test_trend_direction_without_intervals():
    up = series((2019.0, 10.0), (2020.0, 11.0))
    assert pg.trend_direction(up, HIGHER) == pg.IMPROVING
    assert pg.trend_direction(up, LOWER) == pg.WORSENING
    assert pg.trend_direction(series((2019.0, 10.0), (2020.0, 10.0)), HIGHER) == pg.STABLE
    # only the last two observations count: 5 -> 12 -> 11 is a fall
    assert pg.trend_direction(series((2018.0, 5.0), (2019.0, 12.0), (2020.0, 11.0)), HIGHER) == pg.WORSENING


def test_trend_direction_with_intervals():
    # 10 (9..11) -> 11 (10..12): overlap -> stable although the value rose
    overlapping = series((2019.0, 10.0, 9.0, 11.0), (2020.0, 11.0, 10.0, 12.0))
    assert pg.trend_direction(overlapping, HIGHER) == pg.STABLE
    # 10 (9..11) -> 14 (13..15): 13 > 11 -> improving (higher) / worsening (lower)
    apart = series((2019.0, 10.0, 9.0, 11.0), (2020.0, 14.0, 13.0, 15.0))
    assert pg.trend_direction(apart, HIGHER) == pg.IMPROVING
    assert pg.trend_direction(apart, LOWER) == pg.WORSENING


def test_trend_direction_unknown_with_one_observation():
    assert pg.trend_direction(series((2019.0, 10.0), (2020.0, math.nan)), HIGHER) == pg.UNKNOWN


# --- labels ----------------------------------------------------------------------------------


def test_labels():
    statuses = {pg.ACHIEVED, pg.ON_TRACK, pg.NEEDS_ACCELERATION, pg.LIMITED_PROGRESS, pg.MOVING_AWAY,
                pg.INSUFFICIENT_DATA, pg.NO_TARGET}
    assert set(pg.STATUS_LABELS) == statuses
    assert all(set(labels) == {"nl", "en"} for labels in pg.STATUS_LABELS.values())
    assert pg.STATUS_LABELS[pg.NEEDS_ACCELERATION]["nl"] == "versnelling nodig"
    assert pg.STATUS_LABELS[pg.MOVING_AWAY]["nl"] == "beweegt van het doel af"
    assert pg.STATUS_LABELS[pg.NO_TARGET]["nl"] == "geen doel (context)"
    assert pg.COMPARISON_LABELS[pg.SIMILAR]["nl"] == "vergelijkbaar"
    assert pg.COMPARISON_LABELS[pg.NOT_TESTED]["nl"] == "niet getoetst"
    assert pg.COMPARISON_LABELS[pg.NO_DATA]["nl"] == "geen gegevens"
    assert pg.TREND_LABELS[pg.WORSENING]["nl"] == "verslechtert"
    assert pg.ON_TRACK_MIN == 0.95 and pg.NEEDS_ACCELERATION_MIN == 0.60
