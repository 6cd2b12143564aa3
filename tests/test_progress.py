"""Hand-worked checks of the progress package on tiny series (arithmetic in the comments).

Standard errors are chosen so the arithmetic stays short: with se 0.2 on both the baseline and the
latest value the change has se sqrt(0.04 + 0.04) = 0.282843, so a change of 0.6 has z = 2.121 and
p = 0.034 (measurable) and a change of 0.5 has z = 1.768 and p = 0.077 (not measurable).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from indicators import progress as pg
from indicators.catalog.model import UNITS
from indicators.progress import baseline as bl
from indicators.progress import compare as cp
from indicators.progress import projection as pj
from indicators.progress import status as st
from indicators.progress import trend as tr
from indicators.progress import uncertainty as un
from indicators.progress import words

HIGHER = st.HIGHER_IS_BETTER
LOWER = st.LOWER_IS_BETTER
ABS = st.ABSOLUTE_CHANGE
REL = st.RELATIVE_CHANGE


def status(kind, amount, deadline, baseline, latest, direction=HIGHER, **kwargs) -> st.StatusResult:
    return st.assess_status(kind=kind, amount=amount, direction=direction, deadline_year=deadline,
                            baseline=baseline, latest=latest, **kwargs)


# Shared linear set-up: baseline 60 (se 0.2) in 2019.5, target 60 + 5 = 65 in 2039.5
# -> required 5 / 20 = 0.25 per year; latest in 2023.5 (4 years later), se 0.2.
def linear(latest_value: float, latest_se: float = 0.2) -> st.StatusResult:
    return status(ABS, 5.0, 2039.5, (2019.5, 60.0, 0.2), (2023.5, latest_value, latest_se))


# --- uncertainty -------------------------------------------------------------------------------


def test_se_from_interval_and_back():
    # (upper - lower) / 3.92: 22.1 [20.9; 23.3] -> 2.4 / 3.92 = 0.6122
    assert float(un.se_from_interval(20.9, 23.3)) == pytest.approx(0.612245, rel=1e-5)
    assert math.isnan(float(un.se_from_interval(math.nan, 23.3)))
    lower, upper = un.interval(10.0, 1.0)  # 10 -/+ 1.96
    assert (float(lower), float(upper)) == pytest.approx((8.040036, 11.959964))


def test_p_values_and_quantiles():
    # z = 1.959964 -> p = 0.05; t(1) = 12.7062 -> p = 0.05; t(10) quantile 2.2281
    assert float(un.normal_two_sided_p(1.959963984540054)) == pytest.approx(0.05, abs=1e-9)
    assert float(un.t_two_sided_p(12.7062047, 1)) == pytest.approx(0.05, abs=1e-6)
    assert float(un.t_two_sided_p(2.0, 2)) == pytest.approx(1 - 2 / math.sqrt(6), abs=1e-12)  # t2: 1 - t/sqrt(2 + t^2)
    assert float(un.t_quantile_975(1)) == pytest.approx(12.7062047, abs=1e-6)
    assert float(un.t_quantile_975(10)) == pytest.approx(2.2281389, abs=1e-6)
    assert math.isnan(float(un.t_quantile_975(0)))


def test_p_values_agree_with_scipy():
    stats = pytest.importorskip("scipy.stats")
    t = np.array([0.05, 0.7, 1.9, 3.3, 8.0])
    for df in (1, 2, 3, 4, 7, 12, 31, 150):
        assert un.t_two_sided_p(t, df) == pytest.approx(2 * stats.t.sf(t, df), abs=1e-12)
        assert float(un.t_quantile_975(df)) == pytest.approx(stats.t.ppf(0.975, df), abs=1e-9)
    assert un.normal_two_sided_p(t) == pytest.approx(2 * stats.norm.sf(t), abs=1e-15)


def test_difference_test_with_covariance():
    # 52 (se 1) vs 50 (se 0.5): var 1 + 0.25 = 1.25 -> z = 2 / 1.118 = 1.789, p = 0.0736
    difference, se, p = un.difference_test(52.0, 1.0, 50.0, 0.5)
    assert (float(difference), float(se), float(p)) == pytest.approx((2.0, math.sqrt(1.25), 0.073638), rel=1e-4)
    # cov 0.4: var 1.25 - 0.8 = 0.45 -> z = 2.981, p = 0.00287
    assert float(un.difference_test(52.0, 1.0, 50.0, 0.5, 0.4)[2]) == pytest.approx(0.002869, rel=1e-3)


def test_uncertainty_kind_of_an_indicator():
    from indicators.catalog import get_indicator

    assert get_indicator("roken_pct").uncertainty == un.SURVEY
    wmo = get_indicator("wmo_clienten_per_1000")
    assert wmo.uncertainty == un.REGISTRATION and wmo.min_change > 0
    assert get_indicator("eenzaamheid_pct").uncertainty == un.MODEL


# --- baseline -----------------------------------------------------------------------------------


def test_baseline_windows_and_baseline_year():
    assert bl.BASELINE_WINDOW == (2016, 2019) and bl.FALLBACK_WINDOW == (2019, 2021)
    assert bl.windows(2022) == ((2019, 2022), (2022, 2024))


@pytest.mark.parametrize(
    ("years", "baseline_year", "expected"),
    [
        ([2012.5, 2016.5, 2020.5, 2022.5], None, (1, bl.RULE_LAST_IN_WINDOW)),  # 2016 is the last in 2016-2019
        ([2015.5, 2017.5, 2019.498, 2020.5], None, (2, bl.RULE_LAST_IN_WINDOW)),  # 2019 itself counts
        ([2012.5, 2020.5, 2022.5], None, (1, bl.RULE_FIRST_IN_FALLBACK)),  # smoking: none in 2016-2019 -> 2020
        ([2018.999, 2020.999], None, (0, bl.RULE_LAST_IN_WINDOW)),  # 2017/2020 (mid-point 2018) vs 2019/2022 (2020)
        ([2020.999], None, (0, bl.RULE_FIRST_IN_FALLBACK)),  # 2019/2022 alone: its mid-point is in 2020
        ([2021.5, 2023.5], None, (0, bl.RULE_FIRST_IN_FALLBACK)),
        ([2012.5, 2015.5, 2022.5], None, (-1, bl.RULE_NONE)),  # neither window: no baseline
        ([], None, (-1, bl.RULE_NONE)),
        # --baseline-year 2022: windows 2019-2022 and 2022-2024
        ([2016.5, 2020.5, 2022.5, 2024.5], 2022, (2, bl.RULE_LAST_IN_WINDOW)),
        ([2016.5, 2023.5], 2022, (1, bl.RULE_FIRST_IN_FALLBACK)),
    ],
)
def test_select_baseline(years, baseline_year, expected):
    assert bl.select_baseline(years, baseline_year) == expected


def test_vectorised_baseline_equals_scalar():
    rng = np.random.default_rng(8)
    series = [np.sort(rng.choice(np.arange(2008, 2026) + 0.5, size=rng.integers(1, 7), replace=False))
              for _ in range(300)]
    years = np.concatenate(series)
    starts = np.cumsum([0] + [len(one) for one in series[:-1]])
    for baseline_year in (2019, 2021):
        positions, rules = bl.baseline_positions(years, starts, np.full(len(series), baseline_year))
        for one, start, position, rule in zip(series, starts, positions, rules, strict=True):
            index, expected_rule = bl.select_baseline(one, baseline_year)
            assert (position, rule) == ((start + index if index >= 0 else -1), expected_rule)


# --- status bands -------------------------------------------------------------------------------


def test_on_track_at_exact_boundary():
    # change 0.95 (z 3.36, p 0.0008); 0.95 / 4 = 0.2375 per year / 0.25 = ratio 0.95 -> on_track
    result = linear(60.95)
    assert result.ratio == pytest.approx(0.95)
    assert result.change_p == pytest.approx(0.000783, rel=1e-3)
    assert result.status == st.ON_TRACK


def test_just_below_on_track_needs_acceleration():
    assert linear(60.949).status == st.NEEDS_ACCELERATION  # ratio 0.949


def test_needs_acceleration_at_exact_boundary():
    # change 0.6: z = 0.6 / 0.282843 = 2.121, p = 0.034 -> measurable; ratio 0.6 -> needs_acceleration
    result = linear(60.6)
    assert result.change_p == pytest.approx(0.033895, rel=1e-4)
    assert result.status == st.NEEDS_ACCELERATION


def test_limited_progress():
    # change 0.59: z = 2.086, p = 0.037; ratio 0.59 -> limited_progress
    result = linear(60.59)
    assert result.ratio == pytest.approx(0.59)
    assert result.status == st.LIMITED_PROGRESS


def test_no_measurable_change_overrides_the_ratio():
    # change 0.5: z = 1.768, p = 0.077 >= 0.05 -> no_measurable_change (the ratio 0.5 alone would say limited)
    result = linear(60.5)
    assert result.ratio == pytest.approx(0.5)
    assert result.change_p == pytest.approx(0.0771, rel=1e-3)
    assert result.change_se == pytest.approx(math.sqrt(0.08))
    assert result.status == st.NO_MEASURABLE_CHANGE


def test_moving_away():
    # change -0.6: p = 0.034, ratio -0.6 / 4 / 0.25 = -0.6 -> moving_away
    result = linear(59.4)
    assert result.ratio == pytest.approx(-0.6)
    assert result.status == st.MOVING_AWAY


def test_achieved_needs_the_whole_interval_past_the_target():
    # The target 65 is baseline + 5, so it is as uncertain as the baseline (se 0.2): latest - target must exceed
    # 1.96 * sqrt(0.2**2 + 0.2**2) = 1.96 * 0.282843 = 0.554362 -> achieved from 65.554362 on
    assert linear(65.555).status == st.ACHIEVED
    # 65.55: the latest interval 65.158..65.942 lies past 65, but 0.55 < 0.554362: the target's own uncertainty
    # leaves it open -> at_target
    assert linear(65.55).status == st.AT_TARGET
    # latest 65.39: lower end 64.998 < 65: the target lies inside the interval -> at_target, not achieved
    assert linear(65.39).status == st.AT_TARGET
    # latest 66 with se 1.0: 66 -/+ 1.96 = 64.04..67.96 holds 65 -> at_target although 66 > 65
    assert linear(66.0, 1.0).status == st.AT_TARGET


def test_achieved_uses_the_published_interval_when_it_is_asymmetric():
    # lower is better, baseline 10 (se 1) in 2016.5, target -30% = 7; latest 2 (se 1) in 2020.5:
    # change -8, z -5.66 -> measurable. Symmetric interval 2 -/+ 1.96 = 0.04..3.96 <= 7 would say achieved,
    # but a published (bootstrap percentile) interval -1.0..7.5 holds the target -> at_target, not achieved.
    common = dict(kind=st.RELATIVE_CHANGE, amount=-0.30, higher_is_better=False, deadline_year=2040.5,
                  has_baseline=True, baseline_year=2016.5, baseline_value=10.0, baseline_se=1.0, latest_year=2020.5,
                  latest_value=2.0, latest_se=1.0, registration=False, min_change=0.0)
    assert st.classify(**common)["status"][0] == st.ACHIEVED
    assert st.classify(**common, latest_lower=-1.0, latest_upper=7.5)["status"][0] == st.AT_TARGET
    # NaN ends fall back to the symmetric interval
    assert st.classify(**common, latest_lower=math.nan, latest_upper=math.nan)["status"][0] == st.ACHIEVED


def test_at_target_only_after_a_measurable_change():
    # baseline 60 (se 2), target +2 = 62; latest 62 (se 2): 62 -/+ 3.92 holds the target, but the change
    # 2 has se sqrt(8) = 2.83, z = 0.71, p = 0.48 -> no_measurable_change (see status.py on the order)
    result = status(ABS, 2.0, 2039.5, (2019.5, 60.0, 2.0), (2023.5, 62.0, 2.0))
    assert result.status == st.NO_MEASURABLE_CHANGE


def test_lower_is_better_absolute():
    # 20 (se 0.5) -> target 15 by 2039.5: required -0.25/yr; latest 18 (se 0.5) in 2023.5:
    # change -2, se 0.7071, z -2.83 -> measurable; -0.5/yr / -0.25 = ratio 2.0 -> on_track
    result = status(ABS, -5.0, 2039.5, (2019.5, 20.0, 0.5), (2023.5, 18.0, 0.5), LOWER)
    assert result.target_value == pytest.approx(15.0)
    assert result.ratio == pytest.approx(2.0)
    assert result.status == st.ON_TRACK
    # latest 13.5 (se 0.4): upper end 13.5 + 0.784 = 14.284 <= 15, and 13.5 - 15 = -1.5 beyond
    # 1.96 * sqrt(0.4**2 + 0.5**2) = 1.96 * 0.640312 = 1.255 -> achieved
    assert status(ABS, -5.0, 2039.5, (2019.5, 20.0, 0.5), (2023.5, 13.5, 0.4), LOWER).status == st.ACHIEVED
    # latest 14 (se 0.4): upper end 14.784 <= 15, but -1 is within 1.255 of the uncertain target -> at_target
    assert status(ABS, -5.0, 2039.5, (2019.5, 20.0, 0.5), (2023.5, 14.0, 0.4), LOWER).status == st.AT_TARGET


def test_relative_target_uses_cagr():
    # 100 (se 1) in 2019.5, +21% -> 121 by 2021.5: required CAGR 1.21 ** 0.5 - 1 = 0.1.
    # latest 105 (se 1) in 2020.5: z = 5 / 1.414 = 3.54; CAGR 0.05 -> ratio 0.5 -> limited_progress
    result = status(REL, 0.21, 2021.5, (2019.5, 100.0, 1.0), (2020.5, 105.0, 1.0))
    assert result.method == st.METHOD_CAGR
    assert result.target_value == pytest.approx(121.0)
    assert result.ratio == pytest.approx(0.5)
    assert result.status == st.LIMITED_PROGRESS


def test_relative_target_with_a_baseline_of_zero_or_less_is_insufficient():
    for base in (0.0, -4.0):
        result = status(REL, -0.30, 2040.5, (2019.5, base, 0.5), (2022.5, 1.0, 0.5), LOWER)
        assert result.status == st.INSUFFICIENT_DATA
        assert result.reason == st.REASON_BASELINE_NOT_POSITIVE


def test_negative_latest_value_falls_back_to_linear():
    # 4 (se 0.1) in 2019.5, +50% -> 6 by 2029.5: required 0.2/yr; latest -1 (se 0.1) in 2021.5:
    # change -5, p ~ 0; CAGR undefined -> linear -2.5/yr / 0.2 = ratio -12.5 -> moving_away
    result = status(REL, 0.5, 2029.5, (2019.5, 4.0, 0.1), (2021.5, -1.0, 0.1))
    assert result.method == st.METHOD_LINEAR_FALLBACK
    assert result.ratio == pytest.approx(-12.5)
    assert result.status == st.MOVING_AWAY


def test_negative_values_with_an_absolute_target():
    # -4 (se 0.1) in 2019.5, +4 -> 0 by 2027.5: required 0.5/yr; latest -2.2 (se 0.1) in 2023.5:
    # change 1.8 (z 12.7); 0.45/yr / 0.5 = ratio 0.9 -> needs_acceleration
    result = status(ABS, 4.0, 2027.5, (2019.5, -4.0, 0.1), (2023.5, -2.2, 0.1))
    assert result.target_value == pytest.approx(0.0)
    assert result.ratio == pytest.approx(0.9)
    assert result.status == st.NEEDS_ACCELERATION


def test_target_already_met_at_baseline():
    # higher is better, "fall by at most 1": baseline 80 -> target 79, met already.
    base = (2019.5, 80.0, 0.2)
    # latest 80 (se 0.2): lower end 79.608 >= 79, and 80 - 79 = 1 > 1.96 * sqrt(0.08) = 0.554 -> achieved
    # (no ratio: no change was required)
    kept = status(ABS, -1.0, 2030.5, base, (2022.5, 80.0, 0.2))
    assert kept.status == st.ACHIEVED and math.isnan(kept.ratio)
    assert kept.reason == st.REASON_ALREADY_MET
    # latest 78 (se 0.2): 78.39 < 79, change -2 measurable -> moving_away
    assert status(ABS, -1.0, 2030.5, base, (2022.5, 78.0, 0.2)).status == st.MOVING_AWAY
    # latest 79.8 (se 0.5): 78.82..80.78 holds 79; change -0.2, se 0.539, p 0.71 -> no_measurable_change
    assert status(ABS, -1.0, 2030.5, base, (2022.5, 79.8, 0.5)).status == st.NO_MEASURABLE_CHANGE


def test_target_equal_to_baseline():
    # amount 0: target 80 = baseline; 80 (se 0.2) stays 80 -> interval 79.6..80.4 holds 80 -> change 0 -> no change
    same = status(ABS, 0.0, 2030.5, (2019.5, 80.0, 0.2), (2022.5, 80.0, 0.2))
    assert same.status == st.NO_MEASURABLE_CHANGE
    # 81 (se 0.2): lower end 80.61 >= 80 -> achieved; 79 (se 0.2): upper end 79.39 < 80, change -1 -> moving_away
    assert status(ABS, 0.0, 2030.5, (2019.5, 80.0, 0.2), (2022.5, 81.0, 0.2)).status == st.ACHIEVED
    assert status(ABS, 0.0, 2030.5, (2019.5, 80.0, 0.2), (2022.5, 79.0, 0.2)).status == st.MOVING_AWAY


# --- insufficient data, no target ---------------------------------------------------------------


def test_one_point_and_no_baseline_are_insufficient():
    one = status(ABS, 5.0, 2030.5, (2019.5, 10.0, 0.5), (2019.5, 10.0, 0.5))
    assert (one.status, one.reason) == (st.INSUFFICIENT_DATA, st.REASON_NOTHING_AFTER)
    none = status(ABS, 5.0, 2030.5, None, (2022.5, 12.0, 0.5))
    assert (none.status, none.reason) == (st.INSUFFICIENT_DATA, st.REASON_NO_BASELINE)
    assert math.isnan(none.ratio)


def test_unknown_se_of_a_survey_or_model_estimate_is_insufficient():
    result = status(ABS, 5.0, 2030.5, (2019.5, 10.0, math.nan), (2022.5, 16.0, 0.5))
    assert (result.status, result.reason) == (st.INSUFFICIENT_DATA, st.REASON_SE_UNKNOWN)
    assert math.isnan(result.change_p)


def test_no_target_is_context():
    result = st.assess_status(kind=None, amount=None, direction=HIGHER, deadline_year=2030.5,
                              baseline=(2019.5, 10.0, 0.5), latest=(2022.5, 12.0, 0.5))
    assert result.status == st.NO_TARGET
    assert math.isnan(result.target_value)


def test_assess_status_rejects_bad_input():
    with pytest.raises(ValueError, match="direction"):
        status(ABS, 1.0, 2030.5, None, (2022.5, 1.0, 0.1), direction="up")
    with pytest.raises(ValueError, match="kind"):
        status("percent", 1.0, 2030.5, None, (2022.5, 1.0, 0.1))
    with pytest.raises(ValueError, match="amount"):
        status(ABS, None, 2030.5, None, (2022.5, 1.0, 0.1))


# --- registrations ------------------------------------------------------------------------------


def test_registration_changes_count_from_min_change():
    # Wlz-like: 30.0 (2019.5) -> target +50% = 45 by 2030.5; exact values, min_change 0.5
    def reg(latest: float) -> st.StatusResult:
        return status(REL, 0.5, 2030.5, (2019.5, 30.0, 0.0), (2023.5, latest, math.nan), registration=True,
                      min_change=0.5)

    # +0.3 < 0.5 -> no_measurable_change (and no p-value: registrations are not sampled)
    small = reg(30.3)
    assert small.status == st.NO_MEASURABLE_CHANGE and math.isnan(small.change_p) and small.change_se == 0.0
    # 37.2: CAGR (37.2/30)**(1/4) - 1 = 0.05525; required 1.5**(1/11) - 1 = 0.03755 -> ratio 1.4714 -> on_track
    moved = reg(37.2)
    assert moved.ratio == pytest.approx(1.471445, rel=1e-5)
    assert moved.status == st.ON_TRACK
    # 45.0 meets 45 exactly: a registration has no interval -> achieved
    assert reg(45.0).status == st.ACHIEVED


# --- projection ---------------------------------------------------------------------------------


def test_scales():
    assert pj.scale_of("pct", [0.0, 5.0])[::3] == ("logit", False)  # 0% sits on the edge
    assert pj.scale_of("per_1000_inhabitants", [3.0, 5.0]) == ("log", math.nan, math.nan, True)[:1] + \
        pj.scale_of("per_1000_inhabitants", [3.0, 5.0])[1:]
    assert pj.scale_of("years_gap", [2.0, 3.0])[0] == "log"
    assert pj.scale_of("years_gap", [-1.0, 3.0])[:3] == ("logit", -60.0, 60.0)
    assert pj.scale_of("index", [-1.0, 3.0])[0] == "identity"


def test_logit_ranges_match_the_catalogue_units():
    for unit, (lo, hi) in pj.LOGIT_RANGE.items():
        assert (UNITS[unit]["min"], UNITS[unit]["max"]) == (lo, hi)
    assert pj.LOG_UNITS <= set(UNITS)


def test_ols_line_and_prediction_interval():
    # registration (equal weights), identity scale ("index" is no known unit):
    # x 2019, 2020, 2021 (mean 2020, Sxx 2); y 10, 13, 14 (mean 37/3); slope 4 / 2 = 2
    # residuals -1/3, 2/3, -1/3 -> chi2 = 2/3, s^2 = 2/3 (df 1)
    # at 2022: 37/3 + 2 * 2 = 16.3333 +/- t(1) 12.7062 * sqrt(2/3 * (1/3 + 4/2 + 1)) = 18.9413
    fit = pj.fit_line([2019.0, 2020.0, 2021.0], [10.0, 13.0, 14.0], None, unit="index", uncertainty=un.REGISTRATION)
    assert (fit.slope, fit.chi2, fit.dispersion) == pytest.approx((2.0, 2 / 3, 2 / 3))
    value, lower, upper = fit.band([2022.0])
    assert float(value[0]) == pytest.approx(16.33333, rel=1e-6)
    assert float(upper[0] - value[0]) == pytest.approx(18.9413, rel=1e-4)
    assert float(value[0] - lower[0]) == pytest.approx(18.9413, rel=1e-4)


def test_weighted_line_with_dispersion():
    # x 2016, 2017, 2018; y 1, 3, 2; se 1, 1, 0.5 -> weights 1, 1, 4 (S0 6)
    # weighted means: x 2017.5, y 2; Sxx = 2.25 + 0.25 + 4 * 0.25 = 3.5; Sxy = 1.5 - 0.5 + 0 = 1 -> slope 0.285714
    # residuals -0.5714, 1.1429, -0.1429 -> chi2 = 0.3265 + 1.3061 + 4 * 0.0204 = 1.714286 (df 1)
    # t_always: phi = max(1, 1.714) = 1.714; slope se sqrt(1.714 / 3.5) = 0.69985, t = 0.408, p(t1) = 0.7532
    fit = pj.fit_line([2016.0, 2017.0, 2018.0], [1.0, 3.0, 2.0], [1.0, 1.0, 0.5], unit="index",
                      uncertainty=un.SURVEY, rule=pj.DISPERSION_T_ALWAYS)
    assert fit.weighted and (fit.s0, fit.x_centre, fit.sxx) == pytest.approx((6.0, 2017.5, 3.5))
    assert (fit.slope, fit.chi2, fit.dispersion) == pytest.approx((0.285714, 1.714286, 1.714286), rel=1e-5)
    assert fit.slope_p() == pytest.approx(0.753248, rel=1e-5)
    # at 2020: 2 + 0.285714 * 2.5 = 2.714286; var = 1.714 * (1/6 + 2.5^2 / 3.5 + 0.5^2) = 3.77551
    # half-width 12.7062 * sqrt(3.77551) = 24.689
    value, lower, upper = fit.band([2020.0])
    assert float(value[0]) == pytest.approx(2.714286, rel=1e-5)
    assert float(upper[0] - value[0]) == pytest.approx(24.689, rel=1e-4)
    # the other rule: chi2 / df 1.714 > 1 -> the same phi and t(1); with chi2 / df <= 1 it takes phi 1 and z
    exact = pj.fit_line([2016.0, 2017.0, 2018.0], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0], unit="index",
                        uncertainty=un.SURVEY, rule=pj.DISPERSION_Z_UNLESS_OVERDISPERSED)
    assert (exact.dispersion, exact.quantile) == pytest.approx((1.0, un.Z_975))


def test_projection_needs_four_points_over_five_years():
    # 3 points over 6 years: no (a band from 3 survey points covers most of 0-100%, see validation/RESULTS.md);
    # 4 points over 4 years: no; 4 points over 5 and 6 years: yes
    assert list(pj.projection_allowed(np.array([2, 3, 4, 4, 4]), np.array([2016.5] * 5),
                                      np.array([2022.5, 2022.5, 2020.5, 2021.5, 2022.5]), np.array([True] * 5))) == \
        [False, False, False, True, True]
    assert "needs 4" in pj.projection_note(3, 2016.5, 2022.5, True, "logit")
    assert "span 4.0 years" in pj.projection_note(5, 2019.5, 2023.5, True, "log")
    assert "edge" in pj.projection_note(4, 2016.5, 2022.5, False, "logit")


def _random_series(rng, count, unit):
    """Seeded random series near the edges of the range, with steep slopes and large errors."""
    points = rng.integers(3, 8, count)
    years, values, errors, starts = [], [], [], []
    for n in points:
        starts.append(sum(len(y) for y in years))
        x = np.sort(rng.choice(np.arange(2010, 2024) + 0.5, size=n, replace=False))
        if unit == "pct":
            centre, slope = rng.uniform(0.3, 99.7), rng.normal(0, 4)
            y = np.clip(centre + slope * (x - x[0]) + rng.normal(0, 2, n), 0.05, 99.95)
        else:
            y = np.exp(rng.normal(1, 1.5) + rng.normal(0, 0.1) * (x - x[0]) + rng.normal(0, 0.2, n))
        years.append(x)
        values.append(y)
        spread = rng.uniform(0.05, 5, n) if unit == "pct" else y * rng.uniform(0.01, 0.3, n)
        errors.append(np.where(rng.random(n) < 0.8, spread, np.nan))
    return (np.concatenate(years), np.concatenate(values), np.concatenate(errors), np.array(starts))


@pytest.mark.parametrize("unit", ["pct", "per_1000_inhabitants", "years", "k_eur"])
@pytest.mark.parametrize("rule", [pj.DISPERSION_T_ALWAYS, pj.DISPERSION_Z_UNLESS_OVERDISPERSED])
def test_projection_never_leaves_the_possible_range(unit, rule):
    rng = np.random.default_rng(2030)
    x, y, se, starts = _random_series(rng, 1500, unit)
    count = len(starts)
    fits = pj.fit_lines(x, y, se, np.ones(len(x), bool), starts, units=np.full(count, unit, dtype=object),
                        registration=rng.random(count) < 0.2, rule=rule)
    for year in (2030.5, 2040.5, 2060.5):
        value, lower, upper = pj.predict(fits, np.full(count, year))
        for part in (value, lower, upper):
            finite = part[np.isfinite(part)]
            assert len(finite) == count  # every series here has >= 3 points inside the domain
            assert finite.min() >= 0.0  # never a negative rate, count or percentage
            if unit == "pct":
                assert finite.max() <= 100.0
        assert np.all(lower <= value) and np.all(value <= upper)


def test_vectorised_fit_equals_the_design_matrix_fit():
    rng = np.random.default_rng(7)
    x, y, se, starts = _random_series(rng, 200, "pct")
    registration = rng.random(len(starts)) < 0.3
    fits = pj.fit_lines(x, y, se, np.ones(len(x), bool), starts, units=np.full(len(starts), "pct", dtype=object),
                        registration=registration)
    stops = np.r_[starts[1:], len(x)]
    for i, (start, stop) in enumerate(zip(starts, stops, strict=True)):
        one = pj.fit_line(x[start:stop], y[start:stop], se[start:stop], unit="pct",
                          uncertainty=un.REGISTRATION if registration[i] else un.SURVEY)
        for field in ("slope", "intercept", "x_centre", "chi2", "dispersion", "quantile", "new_variance", "s0", "sxx"):
            assert fits[field][i] == pytest.approx(getattr(one, field), rel=1e-7, abs=1e-9), field
        assert fits["scale"][i] == one.scale and bool(fits["weighted"][i]) == one.weighted


def test_projection_curve_from_a_row_equals_the_fit():
    fit = pj.fit_line([2016.5, 2020.5, 2022.5], [20.0, 18.0, 17.0], [1.0, 1.0, 1.0], unit="pct", uncertainty=un.SURVEY)
    row = {"proj_scale": fit.scale, "proj_lo": fit.lo, "proj_hi": fit.hi, "proj_x_centre": fit.x_centre,
           "proj_intercept": fit.intercept, "proj_slope": fit.slope, "proj_s0": fit.s0, "proj_sxx": fit.sxx,
           "proj_dispersion": fit.dispersion, "proj_quantile": fit.quantile, "proj_new_variance": fit.new_variance,
           "proj_from_year": 2016.5, "proj_to_year": 2040.5}
    curve = pj.projection_curve(row)
    assert curve["year"].iloc[0] == 2016.5 and curve["year"].iloc[-1] == 2040.5
    value, lower, upper = fit.band(curve["year"])
    assert curve["value"].to_numpy() == pytest.approx(value)
    assert curve["lower"].to_numpy() == pytest.approx(lower)
    assert ((curve["lower"] >= 0) & (curve["upper"] <= 100)).all()
    assert pj.projection_curve({"proj_scale": ""}) is None
    assert pj.projection_curve({"proj_scale": None}) is None


# --- trend --------------------------------------------------------------------------------------


def trend(years, values, se, direction=1, uncertainty=un.SURVEY, min_change=0.0, unit="index"):
    return tr.trend_of(years, values, se, unit=unit, uncertainty=uncertainty, direction=direction,
                       min_change=min_change)


def test_trend_of_two_points_is_a_z_test():
    # 10 (se 1) -> 13 (se 1): z = 3 / 1.414 = 2.121, p = 0.034 -> a change
    up = trend([2020.5, 2022.5], [10.0, 13.0], [1.0, 1.0])
    assert (up.trend, up.n) == (tr.IMPROVING, 2)
    assert up.p == pytest.approx(0.033895, rel=1e-4)
    assert up.slope_per_year == pytest.approx(1.5)
    assert trend([2020.5, 2022.5], [10.0, 13.0], [1.0, 1.0], direction=-1).trend == tr.WORSENING
    assert trend([2020.5, 2022.5], [10.0, 13.0], [1.0, 1.0], direction=0).trend == tr.RISING
    assert trend([2020.5, 2022.5], [13.0, 10.0], [1.0, 1.0], direction=0).trend == tr.FALLING
    # 10 -> 12: z 1.414, p 0.157 -> no_significant_change
    assert trend([2020.5, 2022.5], [10.0, 12.0], [1.0, 1.0]).trend == tr.NO_SIGNIFICANT_CHANGE
    # an unknown error: not tested
    assert trend([2020.5, 2022.5], [10.0, 13.0], [1.0, math.nan]).trend == tr.NOT_TESTED


def test_trend_of_one_point_or_none_is_too_few():
    assert trend([2022.5], [10.0], [1.0]).trend == tr.TOO_FEW_DATA
    assert trend([], [], None).trend == tr.TOO_FEW_DATA


def test_trend_of_four_points_without_errors_is_an_ols_t_test():
    # 10, 13, 14, 17 in 2019-2022: x - 2020.5 = -1.5, -0.5, 0.5, 1.5, Sxx 5, Sxy 11 -> slope 2.2;
    # residuals -0.2, 0.6, -0.6, 0.2, RSS 0.8, s2 0.4 (df 2), se 0.28284, t 7.778;
    # t(2): p = 1 - t / sqrt(t**2 + 2) = 1 - 7.778 / 7.9057 = 0.01613 -> improving
    result = trend([2019.0, 2020.0, 2021.0, 2022.0], [10.0, 13.0, 14.0, 17.0], None)
    assert result.p == pytest.approx(0.016130, rel=1e-3)
    assert result.trend == tr.IMPROVING
    assert result.slope_per_year == pytest.approx(2.2)
    # a straight line without scatter: se 0 -> p 0 -> improving
    assert trend([2019.0, 2020.0, 2021.0, 2022.0], [1.0, 2.0, 3.0, 4.0], None).trend == tr.IMPROVING


def test_trend_of_three_points_compares_first_and_last():
    # 2016 20 (se 1), 2020 18 (se 1), 2022 17 (se 1): 17 - 20 = -3, se sqrt(2) = 1.414, z -2.121, p 0.0339:
    # the same test as the status (baseline -> latest), so trend word and status agree
    result = trend([2016.5, 2020.5, 2022.5], [20.0, 18.0, 17.0], [1.0, 1.0, 1.0], direction=-1, unit="pct")
    assert result.trend == tr.IMPROVING and result.n == 3
    assert result.p == pytest.approx(0.033895, rel=1e-4)
    assert result.slope_per_year == pytest.approx(-0.5)  # -3 over 6 years
    # without errors a survey series is not tested
    assert trend([2016.5, 2020.5, 2022.5], [20.0, 18.0, 17.0], None).trend == tr.NOT_TESTED


def test_trend_of_registrations_uses_min_change():
    assert trend([2020.5, 2022.5], [10.0, 10.4], None, uncertainty=un.REGISTRATION,
                 min_change=0.5).trend == tr.NO_SIGNIFICANT_CHANGE
    assert trend([2020.5, 2022.5], [10.0, 10.6], None, uncertainty=un.REGISTRATION, min_change=0.5).trend == tr.IMPROVING
    # 3 points: last minus first 8.2 - 10 = -1.8 (-0.9 a year over 2 years), |1.8| >= 0.5 -> falling (neutral)
    three = trend([2019.0, 2020.0, 2021.0], [10.0, 9.0, 8.2], None, direction=0, uncertainty=un.REGISTRATION,
                  min_change=0.5)
    assert three.trend == tr.FALLING and math.isnan(three.p)
    assert three.slope_per_year == pytest.approx(-0.9)


def test_trend_agrees_with_the_drawn_line():
    rng = np.random.default_rng(11)
    for _ in range(200):
        years = np.array([2016.5, 2020.5, 2022.5, 2023.5])
        values = np.clip(30 + rng.normal(0, 3) * (years - 2016.5) + rng.normal(0, 1, 4), 1, 99)
        se = np.full(4, 0.5)
        result = trend(years, values, se, unit="pct")
        fit = pj.fit_line(years, values, se, unit="pct", uncertainty=un.SURVEY)
        rising = fit.fitted([2022.5])[0] > fit.fitted([2016.5])[0]
        if result.trend in (tr.IMPROVING, tr.WORSENING):
            assert (result.trend == tr.IMPROVING) == rising


# --- comparisons --------------------------------------------------------------------------------


def test_compare_with_benchmark():
    # 70 (se 1) vs 64 (se 1): z = 6 / 1.414 = 4.24 -> different
    assert cp.compare_with_benchmark(70.0, 1.0, 64.0, 1.0, direction=1)[0].tolist() == [cp.BETTER]
    assert cp.compare_with_benchmark(70.0, 1.0, 64.0, 1.0, direction=-1)[0].tolist() == [cp.WORSE]
    assert cp.compare_with_benchmark(70.0, 1.0, 64.0, 1.0, direction=0)[0].tolist() == [cp.HIGHER]
    # 65 (se 1) vs 64 (se 1): z 0.71 -> similar
    assert cp.compare_with_benchmark(65.0, 1.0, 64.0, 1.0, direction=1)[0].tolist() == [cp.SIMILAR]


def test_compare_corrects_for_a_region_inside_its_benchmark():
    # 52 (se 1) vs 50 (se 0.5): independent var 1.25 -> p 0.0736 -> similar;
    # share 0.4 of the benchmark's population: cov 0.4 * 1 -> var 1.25 - 0.8 = 0.45 -> p 0.0029 -> better
    outcome, p = cp.compare_with_benchmark([52.0, 52.0], 1.0, 50.0, 0.5, direction=1, share=[0.0, 0.4])
    assert outcome.tolist() == [cp.SIMILAR, cp.BETTER]
    assert p == pytest.approx([0.073638, 0.002869], rel=1e-3)


def test_compare_registrations_missing_and_untested():
    exact = cp.compare_with_benchmark([10.4, 10.6], 0.0, 10.0, 0.0, direction=1, registration=True, min_change=0.5)
    assert exact[0].tolist() == [cp.SIMILAR, cp.BETTER] and np.isnan(exact[1]).all()
    assert cp.compare_with_benchmark(70.0, math.nan, 64.0, 1.0, direction=1)[0].tolist() == [cp.NOT_TESTED]
    assert cp.compare_with_benchmark(70.0, 1.0, math.nan, math.nan, direction=1)[0].tolist() == [cp.NO_DATA]


# --- words --------------------------------------------------------------------------------------


def test_labels_cover_every_id():
    assert set(words.STATUS_LABELS) == set(st.STATUSES)
    assert set(words.TREND_LABELS) == set(tr.TRENDS)
    assert set(words.COMPARISON_LABELS) == set(cp.COMPARISONS)
    assert words.status_label(st.AT_TARGET) == "rond het doel"
    assert words.status_label(st.AT_TARGET, "en") == "around the target"
    assert words.status_label(st.NO_MEASURABLE_CHANGE) == "geen meetbare verandering"
    assert words.status_label(st.NO_MEASURABLE_CHANGE, "en") == "no measurable change"
    assert pg.STATUS_LABELS[st.MOVING_AWAY]["nl"] == "beweegt van het doel af"


def test_status_reason_healthy_life_expectancy():
    # 64.0 (se 0.3) -> 63.3 (se 0.3): change -0.7, se 0.42426, 95% interval -0.7 -/+ 0.8315 = -1.53..0.13,
    # z = -1.65, p = 0.099 -> no measurable change
    row = {"status": st.NO_MEASURABLE_CHANGE, "unit": "years", "uncertainty": un.SURVEY, "baseline_period": "2019",
           "baseline_value": 64.0, "latest_period": "2023", "latest_value": 63.3, "baseline_se": 0.3, "latest_se": 0.3,
           "change": -0.7, "change_se": math.sqrt(0.18), "change_p": 0.09896, "target_value": 69.0, "deadline": 2040,
           "note": ""}
    assert words.status_reason(row) == ("2019: 64,0 -> 2023: 63,3 jaar; verschil -0,7 (95%-interval -1,5 tot 0,1), "
                                         "p = 0,10: geen meetbare verandering")
    assert words.status_reason(row, "en").endswith("p = 0.10: no measurable change")


def test_status_reason_names_why_data_are_insufficient():
    row = {"status": st.INSUFFICIENT_DATA, "unit": "pct", "baseline_period": "", "latest_period": "2022",
           "latest_value": 12.0}
    assert "geen meting in 2016-2019 of 2019-2021" in words.status_reason(row)
    row.update(baseline_period="2020", baseline_value=15.5, latest_value=15.5, target_kind=REL)
    assert "onzekerheid" in words.status_reason(row)


def test_method_text_states_the_rules():
    assert words.METHOD_TEXT["nl"].startswith("Hoe we de status bepalen")
    assert words.METHOD_TEXT["en"].startswith("How we decide the status")
    for needed in ("2016-2019", "2019-2021", "geen meetbare verandering", "0,95", "0,60", "minstens 4 metingen",
                   "5 jaar", "95%-interval"):
        assert needed in words.METHOD_TEXT["nl"], needed


def test_p_value_format():
    assert words.format_p(0.1049) == "p = 0,10"
    assert words.format_p(0.0042) == "p = 0,004"
    assert words.format_p(0.00001, "en") == "p < 0.001"
    assert words.format_p(math.nan) == ""


def test_reason_names_the_interval_the_status_was_decided_on() -> None:
    """An asymmetric published interval (a bootstrap SII) is the one the reason quotes, not value -/+ 1.96 se."""
    from indicators.progress.words import status_reason

    row = {"status": "at_target", "unit": "pct_points", "uncertainty": "model", "baseline_period": "2016",
           "baseline_value": 3.0, "latest_period": "2020", "latest_value": 1.0, "latest_se": 1.0,
           "latest_lower": -0.6, "latest_upper": 4.2, "target_value": 2.1, "target_kind": "relative_change",
           "target_amount": -0.3, "indicative_target": True, "deadline": 2040}
    reason = status_reason(row, "nl")
    assert "-0,6 tot 4,2" in reason  # the published interval
    assert "-1,0 tot 3,0" not in reason  # not 1.0 -/+ 1.96
