"""From the built indicators to ``progress.parquet``: one row per indicator and region.

Each row says where a region stands: baseline, latest value, target and status (where the
indicator has a mission target), projection to the deadline, trend since the previous
measurement, and the comparison with the Netherlands and the region's GGD region in the latest
period. The maths lives in :mod:`indicators.progress`; this module only arranges the inputs.
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

PROGRESS_COLUMNS = [
    "indicator_id", "mission_id", "region_code", "region_level", "status", "ratio", "method",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "latest_lower", "latest_upper",
    "target_value", "target_kind", "target_amount", "indicative_target", "deadline",
    "projected_value", "projected_lower", "projected_upper", "trend", "vs_nl", "vs_ggd", "note",
]


def _period_at(series: pd.DataFrame, year: float) -> str | None:
    if not np.isfinite(year):
        return None
    match = series.loc[np.isclose(series["period_year"], year), "period"]
    return None if match.empty else str(match.iloc[0])


def _compare(row: pd.Series, bench: pd.Series | None, direction: str) -> str:
    if bench is None:
        return progress.NO_DATA
    if direction == NEUTRAL:
        direction = progress.HIGHER_IS_BETTER  # compared as "higher" / "lower" by the caller's labels
    return progress.compare_with_benchmark(
        row["value"], row["lower"], row["upper"], bench["value"], bench["lower"], bench["upper"], direction
    )


def region_progress(
    indicator: Indicator, series: pd.DataFrame, benchmarks: dict[str, pd.Series | None]
) -> dict:
    """Progress of one indicator in one region.

    Args:
        indicator: the declaration.
        series: the region's rows of ``indicators.parquet`` (any order).
        benchmarks: ``{"nl": row or None, "ggd": row or None}`` in the latest period.
    """
    series = series.sort_values("period_year")
    usable = series.dropna(subset=["value"])
    found = target_of(indicator.id)
    mission = mission_of(indicator.mission)
    direction = progress.HIGHER_IS_BETTER if indicator.direction == NEUTRAL else indicator.direction
    if found is not None:
        mission, target = found
        assessment = progress.assess(usable, direction=direction, kind=target.kind, amount=target.amount,
                                     deadline_year=mission.deadline_year, baseline_year=mission.baseline_year)
    else:
        target = None
        deadline = mission.deadline_year if mission else progress.DEFAULT_BASELINE_YEAR + 11
        assessment = progress.assess(usable, direction=direction, kind=None, amount=None, deadline_year=deadline)
    trend = progress.trend_direction(usable, direction) if len(usable) >= 2 else progress.UNKNOWN
    if indicator.direction == NEUTRAL:
        trend = NEUTRAL_TREND.get(trend, trend)
    latest = usable.iloc[-1] if not usable.empty else None
    return {
        "indicator_id": indicator.id,
        "mission_id": indicator.mission,
        "status": assessment.status,
        "ratio": assessment.ratio,
        "method": assessment.method or "",
        "baseline_period": _period_at(usable, assessment.baseline_year) or "",
        "baseline_value": assessment.baseline_value,
        "latest_period": "" if latest is None else str(latest["period"]),
        "latest_value": np.nan if latest is None else latest["value"],
        "latest_lower": np.nan if latest is None else latest["lower"],
        "latest_upper": np.nan if latest is None else latest["upper"],
        "target_value": assessment.target_value,
        "target_kind": "" if target is None else target.kind,
        "target_amount": np.nan if target is None else target.amount,
        "indicative_target": False if target is None else target.indicative,
        "deadline": 0 if mission is None else mission.deadline,
        "projected_value": assessment.projected_value,
        "projected_lower": assessment.projected_lower,
        "projected_upper": assessment.projected_upper,
        "trend": trend,
        "vs_nl": progress.NO_DATA if latest is None else _compare(latest, benchmarks.get("nl"), indicator.direction),
        "vs_ggd": progress.NO_DATA if latest is None else _compare(latest, benchmarks.get("ggd"), indicator.direction),
        "note": assessment.note,
    }


def progress_table(built: pd.DataFrame, model: RegionModel, indicators: Iterable[Indicator]) -> pd.DataFrame:
    """Compute :func:`region_progress` for every indicator and region with at least one value."""
    rows = []
    by_id = {indicator.id: indicator for indicator in indicators}
    ggd_of = dict(zip(model.municipalities["code"], model.municipalities["ggd_code"], strict=True))
    for indicator_id, frame in built.groupby("indicator_id", sort=False):
        indicator = by_id[indicator_id]
        keyed = frame.set_index(["region_code", "period"])
        for (region_code, level), series in frame.groupby(["region_code", "region_level"], sort=False):
            if series["value"].isna().all():
                continue
            latest_period = series.dropna(subset=["value"]).sort_values("period_year").iloc[-1]["period"]

            def bench(code: str | None, period: str = latest_period) -> pd.Series | None:
                if code is None or code == region_code or (code, period) not in keyed.index:
                    return None
                row = keyed.loc[(code, period)]
                return None if pd.isna(row["value"]) else row

            benchmarks = {"nl": bench(NETHERLANDS), "ggd": bench(ggd_of.get(region_code))}
            row = region_progress(indicator, series, benchmarks)
            row.update(region_code=region_code, region_level=level)
            rows.append(row)
    table = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    for column in ("indicator_id", "mission_id", "region_code", "region_level", "status", "method", "baseline_period",
                   "latest_period", "target_kind", "trend", "vs_nl", "vs_ggd", "note"):
        table[column] = table[column].astype("string")
    return table
