"""The progress table: hand-built frames, and the real store checked against the scalar functions."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import api
from indicators.catalog import get_indicator
from indicators.catalog.model import UNITS
from indicators.periods import parse_period
from indicators.progress import baseline as bl
from indicators.progress import projection as pj
from indicators.progress import status as st
from indicators.progress import trend as tr
from indicators.progress.compare import compare_with_benchmark
from indicators.progress.table import PROGRESS_COLUMNS, progress_table
from indicators.progress.uncertainty import REGISTRATION, Z_975
from indicators.regions import NETHERLANDS

OLD_COLUMNS = [
    "indicator_id", "mission_id", "region_code", "region_level", "status", "ratio", "method",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "latest_lower", "latest_upper",
    "target_value", "target_kind", "target_amount", "indicative_target", "deadline",
    "projected_value", "projected_lower", "projected_upper", "trend", "vs_nl", "vs_ggd", "note",
]


def frame(indicator_id: str, rows: list[tuple]) -> pd.DataFrame:
    """(region, level, period, value, lower, upper) tuples -> rows of indicators.parquet."""
    records = []
    for code, level, period, value, lower, upper in rows:
        parsed = parse_period(period)
        records.append({"indicator_id": indicator_id, "region_code": code, "region_level": level, "period": period,
                        "period_year": parsed.year, "period_start": parsed.start, "period_end": parsed.end,
                        "value": value, "lower": lower, "upper": upper})
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def model(built_store: Path):
    return api.regions(built_store)


def test_columns_keep_their_names_and_add_the_new_ones():
    assert PROGRESS_COLUMNS[: len(OLD_COLUMNS)] == OLD_COLUMNS
    for column in ("change_p", "baseline_rule", "latest_se", "baseline_se", "trend_p", "trend_slope_per_year",
                   "trend_n", "vs_nl_p", "vs_ggd_p", "uncertainty", "unit", "proj_scale"):
        assert column in PROGRESS_COLUMNS


def test_neutral_indicator_is_higher_or_lower_and_groups_meet_their_ggd(model) -> None:
    indicator = get_indicator("mantelzorgers_pct")  # neutral: more informal carers is not better or worse
    # Utrecht 12 (11-13) against NL 15 (14.5-15.5): se 0.5102 and 0.2551; z = -3 / 0.5704 = -5.3 -> lower.
    # Against GGD 12.2 (11.5-13.0): z = -0.2 / 0.5898 -> similar. U10 is compared with its GGD region too.
    rows = [("GM0344", "gemeente", period, value, value - 1, value + 1) for period, value in
            (("2016", 10.0), ("2020", 11.0), ("2022", 12.0))]
    rows += [("NL01", "land", "2022", 15.0, 14.5, 15.5), ("GG2514", "ggd", "2022", 12.2, 11.5, 13.0),
             ("U10", "groep", "2022", 12.1, 11.6, 12.6)]
    table = progress_table(frame(indicator.id, rows), model, [indicator]).set_index("region_code")
    assert table.loc["GM0344", "vs_nl"] == "lower"
    assert table.loc["GM0344", "vs_ggd"] == "similar"
    assert table.loc["GM0344", "status"] == st.NO_TARGET
    assert table.loc["U10", "vs_ggd"] == "similar" and table.loc["U10", "vs_nl"] == "lower"
    assert table.loc["NL01", "vs_nl"] == "no_data"
    assert table.loc["GM0344", "trend"] in {tr.RISING, tr.NO_SIGNIFICANT_CHANGE}


def test_smoking_baseline_falls_back_to_2020_and_has_an_indicative_target(model) -> None:
    indicator = get_indicator("roken_pct")  # lower is better; measured 2012, 2020, 2022
    rows = [("GM0344", "gemeente", "2012", 25.0, 24.0, 26.0), ("GM0344", "gemeente", "2020", 20.0, 19.0, 21.0),
            ("GM0344", "gemeente", "2022", 18.0, 17.0, 19.0), ("NL01", "land", "2022", 22.0, 21.5, 22.5)]
    row = progress_table(frame(indicator.id, rows), model, [indicator]).set_index("region_code").loc["GM0344"]
    assert row["baseline_period"] == "2020" and row["baseline_rule"] == bl.RULE_FIRST_IN_FALLBACK
    assert "first observation in 2019-2021" in row["note"]
    assert row["target_value"] == pytest.approx(14.0) and row["indicative_target"]  # 20 * 0.7
    # change -2, se sqrt(2) * 1 / 1.96 = 0.7215 -> z = -2.77, p = 0.0056 -> measurable
    assert row["change_p"] == pytest.approx(0.0056, abs=5e-4)
    assert row["vs_nl"] == "better"
    # two points since the baseline: no projection, and the note says why
    assert math.isnan(row["projected_value"]) and "needs 4" in row["note"]


def test_overlapping_windows_are_noted(model) -> None:
    indicator = get_indicator("inkomenskloof_gezonde_levensjaren")
    rows = [("NL01", "land", "2017/2020", 22.1, 20.9, 23.3), ("NL01", "land", "2019/2022", 21.4, 20.2, 22.7)]
    row = progress_table(frame(indicator.id, rows), model, [indicator]).iloc[0]
    assert row["baseline_period"] == "2017/2020"
    assert "overlap" in row["note"] and "conservative" in row["note"]
    assert row["change_correlated"] == "overlap"
    # -0.7 with se sqrt(0.6122^2 + 0.6378^2) = 0.884: z = -0.79, p = 0.43 -> no measurable change
    assert row["status"] == st.NO_MEASURABLE_CHANGE
    assert row["change_p"] == pytest.approx(0.43, abs=0.01)


def test_baseline_year_option_shifts_both_windows(model) -> None:
    indicator = get_indicator("ervaren_gezondheid_goed_pct")
    rows = [("GM0344", "gemeente", period, value, value - 2, value + 2) for period, value in
            (("2012", 80.0), ("2016", 78.0), ("2020", 76.0), ("2022", 74.0))]
    built = frame(indicator.id, rows)
    assert progress_table(built, model, [indicator]).iloc[0]["baseline_period"] == "2016"
    assert progress_table(built, model, [indicator], baseline_year=2022).iloc[0]["baseline_period"] == "2022"
    assert progress_table(built, model, [indicator], baseline_year=2013).iloc[0]["baseline_period"] == "2012"


def test_registrations_are_exact_and_interval_ends_come_from_se(model) -> None:
    indicator = get_indicator("wmo_clienten_per_1000")
    kind, smallest = indicator.uncertainty, indicator.min_change
    assert kind == REGISTRATION
    rows = [("GM0344", "gemeente", str(year), 60.0 + year - 2019, math.nan, math.nan) for year in range(2019, 2024)]
    row = progress_table(frame(indicator.id, rows), model, [indicator]).iloc[0]
    assert row["latest_se"] == 0.0 and math.isnan(row["latest_lower"])
    assert row["uncertainty"] == REGISTRATION and row["min_change"] == smallest
    assert row["trend"] == tr.RISING and math.isnan(row["trend_p"])  # neutral; +4 over the window >= min_change
    # a survey value with se but without lower/upper gets value -/+ 1.96 se
    survey = get_indicator("roken_pct")
    built = frame(survey.id, [("GM0344", "gemeente", "2022", 18.0, math.nan, math.nan)]).assign(se=1.0)
    one = progress_table(built, model, [survey]).iloc[0]
    assert (one["latest_lower"], one["latest_upper"]) == pytest.approx((18.0 - Z_975, 18.0 + Z_975))


def test_duplicate_periods_are_refused(model) -> None:
    indicator = get_indicator("roken_pct")
    rows = [("GM0344", "gemeente", "2020", 20.0, 19.0, 21.0), ("GM0344", "gemeente", "2020", 21.0, 20.0, 22.0)]
    with pytest.raises(ValueError, match="GM0344"):
        progress_table(frame(indicator.id, rows), model, [indicator])


# --- the real store --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(built_store: Path):
    built = api.indicators_table(built_store)
    table = api.progress_table(built_store)
    return built, table


def test_done_when_rules_hold_on_the_real_store(real) -> None:
    _, table = real
    assert set(table["status"]) <= set(st.STATUSES) and set(table["trend"]) <= set(tr.TRENDS)
    with_target = table.loc[table["status"] != st.NO_TARGET]
    # no "achieved" with the target inside the latest 95% interval
    achieved = with_target.loc[with_target["status"] == st.ACHIEVED]
    inside = (achieved["latest_lower"] < achieved["target_value"]) & (achieved["target_value"] < achieved["latest_upper"])
    assert not inside.any()
    # projections only from >= 3 observations over >= 5 years, never outside the possible range
    projected = table.loc[table["projected_value"].notna()]
    assert (projected["trend_n"] >= pj.MIN_POINTS).all()
    assert (projected["proj_to_year"] > projected["proj_from_year"]).all()
    for (unit, scale), rows in projected.groupby(["unit", "proj_scale"]):
        assert scale in (pj.LOG, pj.LOGIT), unit  # every unit of the catalogue has a bounded scale
        for column in ("projected_lower", "projected_value", "projected_upper"):
            assert (rows[column] >= (0.0 if scale == pj.LOG else UNITS[unit]["min"])).all(), (unit, column)
            if scale == pj.LOGIT:
                assert (rows[column] <= UNITS[unit]["max"]).all(), (unit, column)
    # every baseline of a row with a target is from 2016 or later
    baselines = with_target.loc[with_target["baseline_period"].fillna("") != "", "baseline_period"]
    assert all(parse_period(period).start.year >= 2016 for period in baselines)


def _scalar_row(indicator, rows: pd.DataFrame, bench: dict[str, pd.Series | None], shares: dict[str, float]):
    """The row recomputed series by series with the scalar functions."""
    kind, smallest = indicator.uncertainty, indicator.min_change
    registration = kind == REGISTRATION
    years = rows["period_year"].to_numpy()
    values = rows["value"].to_numpy()
    se = np.zeros(len(rows)) if registration else rows["se"].to_numpy()
    from indicators.missions import mission_of, target_of

    found = target_of(indicator.id)
    mission = found[0] if found else mission_of(indicator.mission)
    target = found[1] if found else None
    deadline_year = mission.deadline_year if mission else 2030.5
    index, rule = bl.select_baseline(years)
    direction = {"higher_is_better": 1, "lower_is_better": -1}.get(indicator.direction, 0)
    result = st.assess_status(
        kind=target.kind if target else None, amount=target.amount if target else None,
        direction=st.LOWER_IS_BETTER if direction < 0 else st.HIGHER_IS_BETTER, deadline_year=deadline_year,
        baseline=(years[index], values[index], se[index]) if index >= 0 else None,
        latest=(years[-1], values[-1], se[-1]), registration=registration, min_change=smallest,
    )
    window = slice(index, None) if index >= 0 else slice(0, 0)
    trend = tr.trend_of(years[window], values[window], se[window], unit=indicator.unit, uncertainty=kind,
                        direction=direction, min_change=smallest)
    fit = pj.fit_line(years[window], values[window], se[window], unit=indicator.unit, uncertainty=kind)
    projected = math.nan
    if fit is not None and pj.projection_allowed(fit.n, fit.first_year, fit.last_year, fit.inside):
        projected = float(fit.band([deadline_year])[0][0])
    versus = {}
    for name, other in bench.items():
        if other is None:
            versus[name] = ("no_data", math.nan)
            continue
        other_se = 0.0 if registration else other["se"]
        outcome, p = compare_with_benchmark(values[-1], se[-1], other["value"], other_se, direction=direction,
                                            share=shares[name], registration=registration, min_change=smallest)
        versus[name] = (outcome[0], float(p[0]))
    return {"status": result.status, "ratio": result.ratio, "change_p": result.change_p, "baseline_rule": rule,
            "trend": trend.trend, "trend_p": trend.p, "trend_n": trend.n, "projected_value": projected,
            "vs_nl": versus["nl"][0], "vs_nl_p": versus["nl"][1], "vs_ggd": versus["ggd"][0],
            "vs_ggd_p": versus["ggd"][1]}


def test_vectorised_table_equals_scalar_functions_on_the_real_store(built_store: Path, real) -> None:
    built, table = real
    model = api.regions(built_store)
    built = built.loc[built["value"].notna()].copy()
    if "se" not in built.columns:
        built["se"] = (built["upper"] - built["lower"]) / 3.92
    population = dict(zip(model.regions["region_code"], model.regions["population"].astype(float), strict=True))
    ggd_of = dict(zip(model.municipalities["code"], model.municipalities["ggd_code"].astype(str), strict=True))
    for group in model.groups:
        ggd_of[group.code] = ggd_of[model.members(group.code)[0]]
    named = table.loc[table["indicator_id"].isin(["gezonde_levensverwachting_jaren", "inkomenskloof_gezonde_levensjaren"])
                      | ((table["indicator_id"] == "roken_pct") & table["region_code"].isin(["U10", "GM0344"]))]
    sample = pd.concat([named, table.sample(250, random_state=8)]).drop_duplicates(["indicator_id", "region_code"])
    keyed = built.set_index(["indicator_id", "region_code", "period"])
    by_series = dict(tuple(built.groupby(["indicator_id", "region_code"])))
    for row in sample.itertuples():
        indicator = get_indicator(row.indicator_id)
        rows = by_series[(row.indicator_id, row.region_code)].sort_values("period_year")
        bench, shares = {}, {}
        for name, code in (("nl", NETHERLANDS if row.region_code != NETHERLANDS else ""),
                           ("ggd", ggd_of.get(row.region_code, ""))):
            key = (row.indicator_id, code, row.latest_period)
            bench[name] = keyed.loc[key] if key in keyed.index else None
            share = population.get(row.region_code, math.nan) / population.get(code, math.nan)
            shares[name] = share if share < 1 else 0.0
        expected = _scalar_row(indicator, rows, bench, shares)
        for column, value in expected.items():
            got = getattr(row, column)
            if isinstance(value, str):
                assert got == value, (row.indicator_id, row.region_code, column)
            else:
                assert got == pytest.approx(value, rel=1e-6, abs=1e-9, nan_ok=True), (row.indicator_id, row.region_code,
                                                                                     column)


def test_sii_rows_say_their_change_test_is_cautious(built_store: Path) -> None:
    """The SII of two years comes from the same districts: the reason says the independent test is cautious."""
    from indicators.progress.table import NOTE_SAME_UNITS
    from indicators.progress.words import status_reason

    assert get_indicator("sii_ervaren_gezondheid_pp").same_units_every_period
    assert not get_indicator("roken_pct").same_units_every_period
    table = api.progress_table()
    sii = table.loc[table["indicator_id"].str.startswith("sii_") & table["baseline_period"].notna()
                    & (table["baseline_period"] != table["latest_period"])]
    assert len(sii) > 0 and sii["note"].str.contains(NOTE_SAME_UNITS, regex=False).all()
    assert (sii["change_correlated"] == "same_units").all()
    others = table.loc[~table["indicator_id"].str.startswith("sii_")]
    assert not others["note"].str.contains(NOTE_SAME_UNITS, regex=False).any()
    tested = sii.loc[sii["status"] == "no_measurable_change"].iloc[0]
    assert "beide jaren komen uit dezelfde wijken, dus deze toets is voorzichtig" in status_reason(tested, "nl")
    assert "both years come from the same districts" in status_reason(tested, "en")
