"""From the built indicators to ``progress.parquet``: one row per indicator and region.

Each row says where a region stands: baseline, latest value, target and status (where the
indicator has a mission target), projection to the deadline, trend since the previous
measurement, and the comparison with the Netherlands and the region's GGD region in the latest
period. The maths lives in :mod:`indicators.progress`; this module only arranges the inputs
(with numpy arrays rather than many small frames, so that a full table takes well under a second).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from indicators import progress
from indicators.catalog.model import NEUTRAL, Indicator
from indicators.missions import mission_of, target_of
from indicators.regions import NETHERLANDS, RegionModel

NEUTRAL_TREND = {progress.IMPROVING: "rising", progress.WORSENING: "falling"}
NEUTRAL_TREND_LABELS = {
    "rising": {"nl": "stijgt", "en": "rising"},
    "falling": {"nl": "daalt", "en": "falling"},
}
# A neutral indicator (more is not better or worse) is compared as "higher" or "lower".
NEUTRAL_COMPARISON = {progress.BETTER: "higher", progress.WORSE: "lower"}
NEUTRAL_COMPARISON_LABELS = {
    "higher": {"nl": "hoger", "en": "higher"},
    "lower": {"nl": "lager", "en": "lower"},
}

PROGRESS_COLUMNS = [
    "indicator_id", "mission_id", "region_code", "region_level", "status", "ratio", "method",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "latest_lower", "latest_upper",
    "target_value", "target_kind", "target_amount", "indicative_target", "deadline",
    "projected_value", "projected_lower", "projected_upper", "trend", "vs_nl", "vs_ggd", "note",
]
STRING_COLUMNS = ("indicator_id", "mission_id", "region_code", "region_level", "status", "method",
                  "baseline_period", "latest_period", "target_kind", "trend", "vs_nl", "vs_ggd", "note")

Point = tuple[float, float, float]  # value, lower, upper


def _compare(latest: Point, bench: Point | None, direction: str) -> str:
    """better/similar/worse/not_tested/no_data; for a neutral indicator higher/similar/lower."""
    if bench is None:
        return progress.NO_DATA
    if direction == NEUTRAL:
        outcome = progress.compare_with_benchmark(*latest, *bench, progress.HIGHER_IS_BETTER)
        return NEUTRAL_COMPARISON.get(outcome, outcome)
    return progress.compare_with_benchmark(*latest, *bench, direction)


def region_progress(
    indicator: Indicator,
    series: progress._Obs,
    periods: list[str],
    benchmarks: dict[str, Point | None],
    baseline_year: float | None = None,
) -> dict:
    """Progress of one indicator in one region.

    Args:
        indicator: the declaration.
        series: the region's usable observations (:func:`indicators.progress.observations`).
        periods: the period keys of ``series``, in the same order.
        benchmarks: ``{"nl": point or None, "ggd": point or None}`` in the latest period.
        baseline_year: overrides the mission's baseline year (default: the last measurement in
            or before 2019, see :data:`indicators.missions.BASELINE_RULE_NL`).
    """
    found = target_of(indicator.id)
    mission = mission_of(indicator.mission)
    direction = progress.HIGHER_IS_BETTER if indicator.direction == NEUTRAL else indicator.direction
    target = None
    if found is not None:
        mission, target = found
        assessment = progress.assess(series, direction=direction, kind=target.kind, amount=target.amount,
                                     deadline_year=mission.deadline_year,
                                     baseline_year=baseline_year or mission.baseline_year)
    else:
        deadline = mission.deadline_year if mission else progress.DEFAULT_BASELINE_YEAR + 11
        assessment = progress.assess(series, direction=direction, kind=None, amount=None, deadline_year=deadline)
    trend = progress.trend_direction(series, direction) if len(series) >= 2 else progress.UNKNOWN
    if indicator.direction == NEUTRAL:
        trend = NEUTRAL_TREND.get(trend, trend)
    latest = series.row(-1)
    latest_point = (latest["value"], latest["lower"], latest["upper"])
    baseline_period = ""
    if np.isfinite(assessment.baseline_year):
        baseline_period = periods[int(np.flatnonzero(series["period_year"] == assessment.baseline_year)[0])]
    return {
        "indicator_id": indicator.id,
        "mission_id": indicator.mission,
        "status": assessment.status,
        "ratio": assessment.ratio,
        "method": assessment.method or "",
        "baseline_period": baseline_period,
        "baseline_value": assessment.baseline_value,
        "latest_period": periods[-1],
        "latest_value": latest["value"],
        "latest_lower": latest["lower"],
        "latest_upper": latest["upper"],
        "target_value": assessment.target_value,
        "target_kind": "" if target is None else target.kind,
        "target_amount": np.nan if target is None else target.amount,
        "indicative_target": False if target is None else target.indicative,
        "deadline": 0 if mission is None else mission.deadline,
        "projected_value": assessment.projected_value,
        "projected_lower": assessment.projected_lower,
        "projected_upper": assessment.projected_upper,
        "trend": trend,
        "vs_nl": _compare(latest_point, benchmarks.get("nl"), indicator.direction),
        "vs_ggd": _compare(latest_point, benchmarks.get("ggd"), indicator.direction),
        "note": assessment.note,
    }


def progress_table(
    built: pd.DataFrame, model: RegionModel, indicators: Iterable[Indicator], baseline_year: float | None = None
) -> pd.DataFrame:
    """Compute :func:`region_progress` for every indicator and region with at least one value."""
    by_id = {indicator.id: indicator for indicator in indicators}
    ggd_of = dict(zip(model.municipalities["code"], model.municipalities["ggd_code"], strict=True))
    usable = built.dropna(subset=["value"]).sort_values(["indicator_id", "region_code", "period_year"])
    ids = usable["indicator_id"].to_numpy(dtype=object)
    codes = usable["region_code"].to_numpy(dtype=object)
    levels = usable["region_level"].to_numpy(dtype=object)
    periods = usable["period"].to_numpy(dtype=object)
    numbers = {column: usable[column].to_numpy(dtype=float) for column in ("period_year", "value", "lower", "upper")}
    points = {
        (indicator_id, code, period): (value, lower, upper)
        for indicator_id, code, period, value, lower, upper in zip(
            ids, codes, periods, numbers["value"], numbers["lower"], numbers["upper"], strict=True
        )
    }
    boundaries = np.flatnonzero((ids[1:] != ids[:-1]) | (codes[1:] != codes[:-1])) + 1
    rows = []
    for start, stop in zip(np.r_[0, boundaries], np.r_[boundaries, len(ids)], strict=True):
        if start == stop:
            continue
        indicator_id, code = ids[start], codes[start]
        series = progress.observations(*(numbers[column][start:stop] for column in ("period_year", "value", "lower", "upper")))
        latest_period = periods[stop - 1]
        benchmarks = {
            "nl": points.get((indicator_id, NETHERLANDS, latest_period)) if code != NETHERLANDS else None,
            "ggd": points.get((indicator_id, ggd_of.get(code), latest_period)),
        }
        row = region_progress(by_id[indicator_id], series, list(periods[start:stop]), benchmarks, baseline_year)
        row.update(region_code=code, region_level=levels[start])
        rows.append(row)
    table = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    for column in STRING_COLUMNS:
        table[column] = table[column].astype("string")
    return table
