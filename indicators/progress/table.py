"""From the built indicators to ``progress.parquet``: one row per indicator and region, all at once.

Each row says where a region stands: baseline (and which rule chose it), latest value with its
standard error, target and status with the p-value of the change, the tested trend since the
baseline, the projection to the deadline where one is allowed (with the fitted line in the
``proj_*`` columns, for charts), and the tested comparison with the Netherlands and the GGD region
in the latest period. The rules live in the sibling modules; this module only arranges the inputs.

Every step works on all ~11,000 series at once: observations are sorted series after series and
the per-series sums of the least-squares fits are taken with :func:`numpy.add.reduceat`, so the
whole table takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from indicators.catalog.model import HIGHER_IS_BETTER as DECLARED_HIGHER
from indicators.catalog.model import LOWER_IS_BETTER as DECLARED_LOWER
from indicators.missions import mission_of, target_of
from indicators.progress import baseline as bl
from indicators.progress import projection as pj
from indicators.progress.compare import compare_with_benchmark
from indicators.progress.status import METHOD_LINEAR_FALLBACK, REASON_NO_BASELINE, REASON_NOTES, classify
from indicators.progress.trend import MIN_POINTS_FOR_SLOPE, classify_trend
from indicators.progress.uncertainty import REGISTRATION, Z_975, difference_test, se_from_interval
from indicators.regions import NETHERLANDS, RegionModel

PROGRESS_COLUMNS = [
    "indicator_id", "mission_id", "region_code", "region_level", "status", "ratio", "method",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "latest_lower", "latest_upper",
    "target_value", "target_kind", "target_amount", "indicative_target", "deadline",
    "projected_value", "projected_lower", "projected_upper", "trend", "vs_nl", "vs_ggd", "note",
    # added with issue 8 (uncertainty)
    "unit", "uncertainty", "min_change", "baseline_rule", "baseline_se", "latest_se",
    "change", "change_se", "change_p", "trend_p", "trend_slope_per_year", "trend_n", "vs_nl_p", "vs_ggd_p",
    *pj.PROJECTION_FIT_COLUMNS,
    # why the change test is cautious: "overlap" (overlapping periods), "same_units" (the same districts), or ""
    "change_correlated",
]
STRING_COLUMNS = ("indicator_id", "mission_id", "region_code", "region_level", "status", "method",
                  "baseline_period", "latest_period", "target_kind", "trend", "vs_nl", "vs_ggd", "note",
                  "unit", "uncertainty", "baseline_rule", "proj_scale", "change_correlated")

DEFAULT_CONTEXT_DEADLINE = 2030
"""Deadline of the projection of an indicator outside the missions (context)."""
NOTE_FALLBACK_METHOD = "CAGR undefined for a latest value <= 0; linear method used"
NOTE_FALLBACK_BASELINE = "baseline: first observation in {fallback} (none in {window})"
NOTE_OVERLAP = ("baseline and latest periods overlap: their errors are positively correlated, "
                "so testing them as independent is conservative")
NOTE_SAME_UNITS = ("baseline and latest come from the same districts: their errors are positively correlated, "
                   "so testing them as independent is conservative")


def progress_table(
    built: pd.DataFrame, model: RegionModel, indicators: Iterable, baseline_year: float | None = None
) -> pd.DataFrame:
    """The progress of every indicator in every region with at least one value.

    Args:
        built: ``indicators.parquet`` (``indicator_id``, ``region_code``, ``region_level``, ``period``,
            ``period_year``, ``period_start``, ``period_end``, ``value``, ``lower``, ``upper``, and
            ``se`` when present; without it ``se = (upper - lower) / 3.92``).
        model: the region model (GGD of each municipality, populations for the comparisons).
        indicators: the declarations of the indicators in ``built``.
        baseline_year: calendar year of the baseline for every indicator; None: each mission's own (2019).

    Returns:
        One row per indicator and region, columns :data:`PROGRESS_COLUMNS`.

    Raises:
        ValueError: when a series has two rows for the same period year.

    """
    by_id = {indicator.id: indicator for indicator in indicators}
    rows = built.loc[built["value"].notna() & built["period_year"].notna() & built["indicator_id"].isin(list(by_id))]
    rows = rows.sort_values(["indicator_id", "region_code", "period_year"], kind="stable")
    if rows.empty:
        return _frame({column: [] for column in PROGRESS_COLUMNS})
    obs = _observations(rows)
    ids, codes, x = obs["indicator_id"], obs["region_code"], obs["period_year"]
    new_series = np.r_[True, (ids[1:] != ids[:-1]) | (codes[1:] != codes[:-1])]
    repeated = ~new_series[1:] & (x[1:] == x[:-1])
    if repeated.any():
        at = int(np.flatnonzero(repeated)[0]) + 1
        raise ValueError(f"series {ids[at]} / {codes[at]} has more than one row for period year {x[at]:g}")
    starts = np.flatnonzero(new_series)
    last = np.r_[starts[1:], len(x)] - 1
    series = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(x)]))
    info = _indicator_info(by_id, ids[starts], baseline_year)
    registration = info["uncertainty"] == REGISTRATION
    se = np.where(registration[series], 0.0, obs["se"])

    positions, rules = bl.baseline_positions(x, starts, info["baseline_year"])
    found = positions >= 0
    base = np.where(found, positions, 0)
    nan_unless_found = lambda values: np.where(found, values, np.nan)  # noqa: E731
    status = classify(
        kind=info["kind"], amount=info["amount"], higher_is_better=info["direction"] > 0,
        deadline_year=info["deadline_year"], has_baseline=found, baseline_year=nan_unless_found(x[base]),
        baseline_value=nan_unless_found(obs["value"][base]), baseline_se=nan_unless_found(se[base]),
        latest_year=x[last], latest_value=obs["value"][last], latest_se=se[last], registration=registration,
        min_change=info["min_change"], latest_lower=obs["lower"][last], latest_upper=obs["upper"][last],
    )

    use = found[series] & (np.arange(len(x)) >= positions[series])
    fits = pj.fit_lines(x, obs["value"], se, use, starts, units=info["unit"], registration=registration)
    allowed = found & pj.projection_allowed(fits["n"], fits["first_year"], fits["last_year"], fits["inside"])
    projected = [np.where(allowed, part, np.nan) for part in pj.predict(fits, info["deadline_year"])]

    n = fits["n"]
    ends = [pj.from_scale(fits["intercept"] + fits["slope"] * (fits[end] - fits["x_centre"]), fits["scale"], fits["lo"],
                          fits["hi"]) for end in ("first_year", "last_year")]
    pair_change, _, pair_p = difference_test(obs["value"][last], se[last], obs["value"][base], se[base])
    slope_test = n >= MIN_POINTS_FOR_SLOPE
    change = np.where(slope_test, ends[1] - ends[0], np.where(n >= 2, pair_change, np.nan))
    trend_p = np.where(registration, np.nan, np.where(slope_test, pj.slope_p(fits), np.where(n >= 2, pair_p, np.nan)))
    trend = classify_trend(n=n, change=change, p=trend_p, registration=registration, min_change=info["min_change"],
                           direction=info["direction"])
    with np.errstate(invalid="ignore", divide="ignore"):
        slope_per_year = np.where(n >= 2, change / (fits["last_year"] - fits["first_year"]), np.nan)

    latest_periods = obs["period"][last]
    position_of = {key: position for position, key in enumerate(zip(ids, codes, obs["period"], strict=True))}
    population = dict(zip(model.regions["region_code"], model.regions["population"].astype(float), strict=True))
    versus = {}
    for name, bench_codes in (("nl", np.where(codes[starts] == NETHERLANDS, "", NETHERLANDS)),
                              ("ggd", _ggd_codes(model, codes[starts]))):
        found_bench = np.array([position_of.get(key, -1) for key in
                                zip(ids[starts], bench_codes, latest_periods, strict=True)], dtype=int)
        take = np.maximum(found_bench, 0)
        versus[name] = compare_with_benchmark(
            obs["value"][last], se[last], np.where(found_bench >= 0, obs["value"][take], np.nan),
            np.where(found_bench >= 0, se[take], np.nan), direction=info["direction"],
            share=_shares(population, codes[starts], bench_codes), registration=registration,
            min_change=info["min_change"],
        )

    lower = np.where(np.isfinite(obs["lower"][last]), obs["lower"][last], obs["value"][last] - Z_975 * se[last])
    upper = np.where(np.isfinite(obs["upper"][last]), obs["upper"][last], obs["value"][last] + Z_975 * se[last])
    overlap = found & (positions != last) & (obs["period_start"][last] <= obs["period_end"][base])
    same_units = found & (positions != last) & info["same_units"].astype(bool)
    notes = _notes(info, rules, status, overlap, same_units, fits, found, allowed)
    columns = {
        "indicator_id": ids[starts], "mission_id": info["mission_id"], "region_code": codes[starts],
        "region_level": obs["region_level"][starts], "status": status["status"], "ratio": status["ratio"],
        "method": status["method"], "baseline_period": np.where(found, obs["period"][base], ""),
        "baseline_value": nan_unless_found(obs["value"][base]), "latest_period": latest_periods,
        "latest_value": obs["value"][last], "latest_lower": np.where(registration, np.nan, lower),
        "latest_upper": np.where(registration, np.nan, upper), "target_value": status["target_value"],
        "target_kind": info["kind"], "target_amount": info["amount"], "indicative_target": info["indicative"],
        "deadline": info["deadline"], "projected_value": projected[0], "projected_lower": projected[1],
        "projected_upper": projected[2], "trend": trend, "vs_nl": versus["nl"][0], "vs_ggd": versus["ggd"][0],
        "note": notes, "change_correlated": np.where(overlap, "overlap", np.where(same_units, "same_units", "")),
        "unit": info["unit"], "uncertainty": info["uncertainty"], "min_change": info["min_change"],
        "baseline_rule": rules, "baseline_se": nan_unless_found(se[base]), "latest_se": se[last],
        "change": status["change"], "change_se": status["change_se"], "change_p": status["change_p"],
        "trend_p": trend_p, "trend_slope_per_year": slope_per_year, "trend_n": n.astype("int64"),
        "vs_nl_p": versus["nl"][1], "vs_ggd_p": versus["ggd"][1],
    }
    for column in pj.PROJECTION_FIT_COLUMNS:
        key = column.removeprefix("proj_")
        if column == "proj_scale":
            columns[column] = np.where(allowed, fits["scale"], "")
        elif column == "proj_from_year":
            columns[column] = np.where(allowed, fits["first_year"], np.nan)
        elif column == "proj_to_year":
            columns[column] = np.where(allowed, info["deadline_year"], np.nan)
        else:
            columns[column] = np.where(allowed, fits[key], np.nan)
    return _frame(columns)


def _observations(rows: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns the table needs, as numpy arrays (``se`` read or derived from the interval)."""
    numbers = {column: rows[column].to_numpy(dtype=float, na_value=np.nan) if column in rows.columns
               else np.full(len(rows), np.nan) for column in ("period_year", "value", "lower", "upper")}
    if "se" in rows.columns:
        se = rows["se"].to_numpy(dtype=float, na_value=np.nan)
    else:
        se = se_from_interval(numbers["lower"], numbers["upper"])
    dates = {column: pd.to_datetime(rows[column]).to_numpy(dtype="datetime64[D]") if column in rows.columns
             else np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[D]") for column in ("period_start", "period_end")}
    texts = {column: rows[column].to_numpy(dtype=object, na_value="") for column in
             ("indicator_id", "region_code", "region_level", "period")}
    return {**numbers, "se": se, **dates, **texts}


def _indicator_info(by_id: dict, series_ids: np.ndarray, baseline_year: float | None) -> dict[str, np.ndarray]:
    """Per series: the declaration's unit, direction, target, deadline, baseline year and uncertainty."""
    records = []
    for indicator in by_id.values():
        found = target_of(indicator.id)
        mission = mission_of(indicator.mission)
        target = None
        if found is not None:
            mission, target = found
        kind, min_change = indicator.uncertainty, indicator.min_change
        records.append({
            "id": indicator.id, "unit": indicator.unit, "mission_id": indicator.mission,
            "direction": 1 if indicator.direction == DECLARED_HIGHER else -1 if indicator.direction == DECLARED_LOWER else 0,
            "kind": "" if target is None else target.kind, "amount": np.nan if target is None else target.amount,
            "indicative": False if target is None else target.indicative,
            "deadline": 0 if mission is None else mission.deadline,
            "deadline_year": (mission.deadline_year if mission is not None
                              else float(DEFAULT_CONTEXT_DEADLINE) + 0.5),
            "baseline_year": float(baseline_year if baseline_year is not None
                                   else mission.baseline_year if mission is not None else bl.DEFAULT_BASELINE_YEAR),
            "uncertainty": kind, "min_change": min_change, "same_units": indicator.same_units_every_period,
        })
    table = pd.DataFrame(records).set_index("id")
    at = table.index.get_indexer(series_ids)
    return {column: table[column].to_numpy()[at] for column in table.columns}


def _ggd_codes(model: RegionModel, codes: np.ndarray) -> np.ndarray:
    """The GGD region of each code: a municipality's own, a group's when all its members share one, else ""."""
    ggd_of = dict(zip(model.municipalities["code"], model.municipalities["ggd_code"].astype(str), strict=True))
    for group in model.groups:
        members = {ggd_of.get(code) for code in model.members(group.code)}
        if len(members) == 1 and None not in members:
            ggd_of[group.code] = members.pop()
    return np.array([ggd_of.get(code, "") for code in codes], dtype=object)


def _shares(population: dict[str, float], codes: np.ndarray, bench_codes: np.ndarray) -> np.ndarray:
    """Each region's share of its benchmark's population (0 where either is unknown)."""
    own = np.array([population.get(code, np.nan) for code in codes])
    bench = np.array([population.get(code, np.nan) for code in bench_codes])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = own / bench
    return np.where(np.isfinite(share) & (share < 1), share, 0.0)


def _notes(info, rules, status, overlap, same_units, fits, found, allowed) -> list[str]:
    """The English ``note`` of each row: edge cases of the baseline, status and projection, "; "-joined."""
    reason = np.where(status["reason"] != "", status["reason"], np.where(found, "", REASON_NO_BASELINE))
    texts = {}
    for year in np.unique(info["baseline_year"]):
        (low, high), (fallback_low, fallback_high) = bl.windows(year)
        names = {"window": f"{low}-{high}", "fallback": f"{fallback_low}-{fallback_high}"}
        texts[year] = {key: note.format(**names) for key, note in REASON_NOTES.items()}
        texts[year][bl.RULE_FIRST_IN_FALLBACK] = NOTE_FALLBACK_BASELINE.format(**names)
    parts = [
        [texts[year].get(key, "") for year, key in zip(info["baseline_year"], reason, strict=True)],
        [texts[year][bl.RULE_FIRST_IN_FALLBACK] if rule == bl.RULE_FIRST_IN_FALLBACK else ""
         for year, rule in zip(info["baseline_year"], rules, strict=True)],
        np.where(status["method"] == METHOD_LINEAR_FALLBACK, NOTE_FALLBACK_METHOD, ""),
        np.where(overlap, NOTE_OVERLAP, ""),
        np.where(same_units, NOTE_SAME_UNITS, ""),
    ]
    projection = np.full(len(rules), "", dtype=object)
    for i in np.flatnonzero(found & ~allowed):
        projection[i] = pj.projection_note(int(fits["n"][i]), fits["first_year"][i], fits["last_year"][i],
                                           bool(fits["inside"][i]), fits["scale"][i])
    parts.append(projection)
    return ["; ".join(part for part in row if part) for row in zip(*parts, strict=True)]


def _frame(columns: dict) -> pd.DataFrame:
    table = pd.DataFrame(columns, columns=PROGRESS_COLUMNS)
    for column in STRING_COLUMNS:
        table[column] = table[column].astype("string")
    table["indicative_target"] = table["indicative_target"].astype(bool)
    table["deadline"] = table["deadline"].astype("int64")
    table["trend_n"] = table["trend_n"].astype("int64")
    return table
