"""Standard errors on every value: read, propagated by each rule, checked (hand-worked numbers)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.aggregates import add_region_aggregates
from indicators.build import _with_uncertainty, extract_slice
from indicators.catalog import all_indicators, formulas
from indicators.catalog.formulas import Z95, complement, difference, share_at_home
from indicators.catalog.model import REGISTER, UNCERTAINTY_KINDS, Indicator, Slice
from indicators.mergers import to_current_municipalities
from indicators.weights import Population, Weighting, combine, interval
from tests.helpers import slice_frame, small_model

KEYS = {"region_code": ["NL01"], "region_label": ["Nederland"], "period": ["2020"]}


def _raw_with_margins(margins: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({
        "RegioS_code": ["GM0001"] * len(margins), "RegioS_label": ["Aa"] * len(margins),
        "Marges_code": [pd.NA] * len(margins), "Marges_label": list(margins),
        "Perioden_code": ["2020JJ00"] * len(margins), "Perioden_label": ["2020"] * len(margins),
        "X_1": list(margins.values()),
    })


def test_se_from_the_95_percent_interval() -> None:
    raw = _raw_with_margins({"Waarde": 20.0, "Ondergrens 95%-interval": 18.04, "Bovengrens 95%-interval": 21.96})
    out = extract_slice(raw, Slice("T1", "X_1"))
    # (21.96 - 18.04) / 3.92 = 1.0 (3.92 is 2 x 1.96, to the precision of the exact quantile)
    assert out.loc[0, "se"] == pytest.approx((21.96 - 18.04) / (2 * Z95))
    assert out.loc[0, "lower"] == 18.04 and out.loc[0, "upper"] == 21.96


def test_a_published_standard_error_is_kept_and_gives_the_interval() -> None:
    raw = _raw_with_margins({"Waarde": 64.0, "Standaardfout": 0.3})
    out = extract_slice(raw, Slice("T1", "X_1"))
    assert out.loc[0, "se"] == 0.3
    # 64.0 -/+ 1.96 x 0.3 = 63.412 .. 64.588
    assert out.loc[0, "lower"] == pytest.approx(64.0 - Z95 * 0.3)
    assert out.loc[0, "upper"] == pytest.approx(64.0 + Z95 * 0.3)


def test_no_interval_no_se() -> None:
    raw = _raw_with_margins({"Waarde": 20.0})
    assert np.isnan(extract_slice(raw, Slice("T1", "X_1")).loc[0, "se"])


def test_complement_keeps_the_se_and_turns_the_interval_round() -> None:
    frame = pd.DataFrame({**KEYS, "value": [40.0], "lower": [38.0], "upper": [43.0], "se": [1.25]})
    out = complement({"value": frame})
    assert out.loc[0, "value"] == 60.0
    assert (out.loc[0, "lower"], out.loc[0, "upper"]) == (57.0, 62.0)  # 100 - 43, 100 - 38
    assert out.loc[0, "se"] == 1.25


def test_difference_adds_variances_and_notes_overlapping_windows() -> None:
    periods = ["2015/2018", "2017/2020", "2019/2022"]
    high = pd.DataFrame({"region_code": "NL01", "region_label": "Nederland", "period": periods,
                         "value": [70.0, 71.0, 72.0], "lower": np.nan, "upper": np.nan, "se": [0.3, 0.3, 0.3]})
    low = high.assign(value=[50.0, 50.0, 50.0], se=[0.4, 0.4, 0.4])
    out = difference({"high": high, "low": low})
    # sqrt(0.3**2 + 0.4**2) = sqrt(0.09 + 0.16) = 0.5
    assert out["se"].tolist() == pytest.approx([0.5, 0.5, 0.5])
    assert out["lower"].tolist() == pytest.approx([20.0 - Z95 * 0.5, 21.0 - Z95 * 0.5, 22.0 - Z95 * 0.5])
    assert out["note"].isna().tolist() == [True, False, False]  # 2017/2020 shares 2017-2018 with 2015/2018
    assert "gecorreleerd" in out.loc[1, "note"]


def test_share_at_home_is_a_registration() -> None:
    rows = {role: pd.DataFrame({**KEYS, "value": [value], "lower": [np.nan], "upper": [np.nan], "se": [np.nan]})
            for role, value in (("total", 100.0), ("no_care", 20.0), ("with_stay", 30.0))}
    out = share_at_home(rows)
    # (100 - 20 - 30) / (100 - 20) = 62.5%
    assert out.loc[0, "value"] == pytest.approx(62.5)
    assert out.loc[0, "se"] == 0.0 and np.isnan(out.loc[0, "lower"])


def test_registration_indicators_get_se_zero_and_no_interval() -> None:
    indicator = Indicator("t_per_1000", "T", "T", "d", "d", "per_1000_inhabitants", "neutral", "M3",
                          (Slice("T1", "X_1"),), formulas.measure, uncertainty=REGISTER, min_change=1.0)
    result = pd.DataFrame({**KEYS, "value": [50.0], "lower": [49.0], "upper": [51.0], "se": [np.nan]})
    out = _with_uncertainty(result, indicator)
    assert out.loc[0, "se"] == 0.0
    assert np.isnan(out.loc[0, "lower"]) and np.isnan(out.loc[0, "upper"])


def test_combine_normalises_the_weights() -> None:
    # weights 1 and 3 -> 0.25 and 0.75; value 0.25 * 10 + 0.75 * 20 = 17.5;
    # se = sqrt(0.25**2 * 1**2 + 0.75**2 * 2**2) = sqrt(0.0625 + 2.25) = sqrt(2.3125)
    value, se = combine(np.array([10.0, 20.0]), np.array([1.0, 2.0]), np.array([1.0, 3.0]))
    assert value == pytest.approx(17.5)
    assert se == pytest.approx(np.sqrt(2.3125))
    assert np.isnan(combine(np.array([10.0, 20.0]), np.array([1.0, np.nan]), np.array([1.0, 3.0]))[1])


def test_interval_only_where_se_is_positive() -> None:
    lower, upper = interval(np.array([10.0, 10.0, 10.0]), np.array([1.0, 0.0, np.nan]))
    assert lower[0] == pytest.approx(10.0 - Z95) and upper[0] == pytest.approx(10.0 + Z95)
    assert np.isnan(lower[1:]).all() and np.isnan(upper[1:]).all()


def test_group_se_from_members_with_normalised_inhabitant_weights() -> None:
    model = small_model()
    population = Population({2020: {"GM0001": 100.0, "GM0002": 300.0, "GM0003": 600.0}})
    frame = slice_frame([("GM0001", "Aa", "2020", 10.0), ("GM0002", "Bee", "2020", 20.0), ("GM0003", "Cee", "2020", 30.0)],
                        se=[1.0, 2.0, np.nan])
    frame["level"] = "gemeente"
    out = add_region_aggregates(frame, model, ("groep", "ggd", "gemeente"), population).set_index("region_code")
    # G1 = Aa + Bee: weights 100/400 and 300/400 -> se = sqrt(0.0625 * 1 + 0.5625 * 4) = sqrt(2.3125)
    assert out.loc["G1", "se"] == pytest.approx(np.sqrt(2.3125))
    assert out.loc["G1", "lower"] == pytest.approx(17.5 - Z95 * np.sqrt(2.3125))
    assert np.isnan(out.loc["GG0002", "se"])  # Cee has a value but no standard error
    assert out.loc["GG0002", "value"] == 30.0 and np.isnan(out.loc["GG0002", "lower"])


def test_registration_groups_are_the_ratio_of_summed_counts_with_se_zero() -> None:
    model = small_model()
    frame = slice_frame([("GM0001", "Aa", "2020", 50.0), ("GM0002", "Bee", "2020", 20.0)], se=0.0)
    frame["count"] = [10.0, 6.0]     # e.g. clients
    frame["base"] = [200.0, 300.0]   # e.g. inhabitants: 10 / 200 * 1000 = 50, 6 / 300 * 1000 = 20
    frame["level"] = "gemeente"
    out = add_region_aggregates(frame, model, ("groep", "gemeente"), Population({}),
                                Weighting("counts", scale=1000.0)).set_index("region_code")
    # (10 + 6) / (200 + 300) * 1000 = 32, not the plain mean 35
    assert out.loc["G1", "value"] == pytest.approx(32.0)
    assert out.loc["G1", "se"] == 0.0
    assert np.isnan(out.loc["G1", "lower"])
    assert "opgetelde aantallen" in out.loc["G1", "note"]


def test_merged_municipality_se_uses_the_same_rule() -> None:
    model = small_model()
    derived = pd.DataFrame({"region_code": ["GM0001", "GM0900"], "region_label": ["Aa", "Oud"],
                            "year": [2018, 2018], "inhabitants": [100.0, 300.0]})
    frame = slice_frame([("GM0001", "Aa", "2018", 10.0), ("GM0900", "Oud", "2018", 20.0)], se=[1.0, 2.0])
    out = to_current_municipalities(frame, model, Population({}, derived)).set_index("region_code")
    assert out.loc["GM0001", "value"] == pytest.approx(17.5)
    assert out.loc["GM0001", "se"] == pytest.approx(np.sqrt(2.3125))
    assert out.loc["GM0001", "upper"] == pytest.approx(17.5 + Z95 * np.sqrt(2.3125))


def test_declarations() -> None:
    for indicator in all_indicators():
        assert indicator.uncertainty in UNCERTAINTY_KINDS, indicator.id
        if indicator.uncertainty == REGISTER:
            assert indicator.min_change > 0, indicator.id
    with pytest.raises(ValueError, match="min_change > 0"):
        Indicator("t_pct", "T", "T", "d", "d", "pct", "neutral", "M3", (Slice("T1", "X_1"),), formulas.measure,
                  uncertainty=REGISTER)
    with pytest.raises(ValueError, match="uncertainty must be one of"):
        Indicator("t_pct", "T", "T", "d", "d", "pct", "neutral", "M3", (Slice("T1", "X_1"),), formulas.measure,
                  uncertainty="guess")
    with pytest.raises(ValueError, match="unknown denominator"):
        Indicator("t_pct", "T", "T", "d", "d", "pct", "neutral", "M3", (Slice("T1", "X_1"),), formulas.measure,
                  denominator="everyone")


def test_built_table_has_se_and_uncertainty(built_store) -> None:  # noqa: ANN001
    from indicators import api

    table = api.indicators_table(built_store)
    assert set(table["uncertainty"]) <= set(UNCERTAINTY_KINDS)
    registrations = table.loc[(table["uncertainty"] == REGISTER) & table["value"].notna()]
    assert (registrations["se"] == 0).all() and registrations["lower"].isna().all()
    surveys = table.loc[(table["uncertainty"] == "steekproef") & table["lower"].notna() & ~table["computed"]]
    from_interval = surveys.loc[~surveys["source_table"].isin(["71950ned", "80298ned"])]  # those publish a standard error
    assert np.allclose(from_interval["se"], (from_interval["upper"] - from_interval["lower"]) / (2 * Z95))
    assert (surveys["se"] > 0).all()
    groups = table.loc[(table["region_code"] == "U10") & (table["indicator_id"] == "roken_pct") & table["value"].notna()]
    assert groups["se"].notna().all() and groups["lower"].notna().all()
