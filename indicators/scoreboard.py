"""The mission scoreboard of a region: per mission, its headline indicators and their status.

For each mission the headline indicators are shown for the region itself where the region has a
value; a headline that exists only nationally (healthy life expectancy, the income gap, Wlz care
at home) is shown for the Netherlands and marked so. Used by ``hhu scoreboard``, the dashboard's
overview page and the board report, so that all three say the same.
"""

from __future__ import annotations

import pandas as pd

from indicators.catalog import get_indicator
from indicators.formatting import comparison_label, format_number, status_label, trend_label
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS
from indicators.regions import NETHERLANDS, RegionModel

SCOREBOARD_COLUMNS = [
    "mission_id", "indicator_id", "region_code", "national_only", "status", "indicative_target",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "target_value", "deadline",
    "trend", "vs_nl", "vs_ggd", "proxy",
]


def mission_scoreboard(region_code: str, progress: pd.DataFrame) -> pd.DataFrame:
    """Return one row per mission headline indicator for ``region_code``.

    Args:
        region_code: any reported region code (``GM0344``, ``U10``, ``GG2514``, ``NL01``).
        progress: the whole ``progress.parquet`` frame.
    """
    rows = []
    keyed = progress.set_index(["indicator_id", "region_code"])
    for mission in MISSIONS:
        for indicator_id in mission.headline:
            indicator = get_indicator(indicator_id)
            national_only = (indicator_id, region_code) not in keyed.index
            code = NETHERLANDS if national_only else region_code
            if (indicator_id, code) not in keyed.index:
                continue
            row = keyed.loc[(indicator_id, code)]
            rows.append({
                "mission_id": mission.id, "indicator_id": indicator_id, "region_code": code,
                "national_only": national_only and region_code != NETHERLANDS, "status": row["status"],
                "indicative_target": bool(row["indicative_target"]), "baseline_period": row["baseline_period"],
                "baseline_value": row["baseline_value"], "latest_period": row["latest_period"],
                "latest_value": row["latest_value"], "target_value": row["target_value"], "deadline": mission.deadline,
                "trend": row["trend"], "vs_nl": row["vs_nl"], "vs_ggd": row["vs_ggd"], "proxy": indicator.proxy,
            })
    return pd.DataFrame(rows, columns=SCOREBOARD_COLUMNS)


def scoreboard_text(query: str, lang: str = "nl", model: RegionModel | None = None,
                    progress: pd.DataFrame | None = None) -> str:
    """Return the scoreboard of a region as plain text for the terminal."""
    from indicators import api  # noqa: PLC0415

    model = model or api.regions()
    progress = api.progress_table() if progress is None else progress
    code = model.find(query)
    board = mission_scoreboard(code, progress)
    en = lang == "en"
    lines = [f"{'Mission scoreboard' if en else 'Missiescorebord'}: {model.name(code, lang)} ({code})",
             BASELINE_RULE_EN if en else BASELINE_RULE_NL, ""]
    for mission in MISSIONS:
        lines.append(f"{mission.id}  {mission.title(lang)} ({'by' if en else 'in'} {mission.deadline})")
        part = board.loc[board["mission_id"] == mission.id]
        for row in part.itertuples():
            indicator = get_indicator(row.indicator_id)
            where = f" [{'Netherlands' if en else 'Nederland'}]" if row.national_only else ""
            proxy = " (proxy)" if row.proxy else ""
            target = ""
            if pd.notna(row.target_value):
                kind = " indicatief" if row.indicative_target and not en else (" indicative" if row.indicative_target else "")
                target = f"; {'target' if en else 'doel'}{kind} {format_number(row.target_value, lang)}"
            baseline = f"{row.baseline_period}: {format_number(row.baseline_value, lang)} -> " if row.baseline_period else ""
            lines.append(
                f"    {indicator.title(lang)}{proxy}{where}: {baseline}{row.latest_period}: "
                f"{format_number(row.latest_value, lang)} {indicator.unit_label(lang)}{target}"
            )
            compared = "" if row.national_only or code == NETHERLANDS else f"; vs NL: {comparison_label(row.vs_nl, lang)}"
            lines.append(f"      status: {status_label(row.status, lang)}; trend: {trend_label(row.trend, lang)}{compared}")
        if mission.data_gap(lang):
            lines.append(f"    {'Data gap' if en else 'Datagat'}: {mission.data_gap(lang)}")
        lines.append("")
    return "\n".join(lines)
