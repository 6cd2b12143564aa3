"""The mission scoreboard of a region: per mission, its headline indicators and their status.

For each mission the headline indicators are shown for the region itself where the region has a
value; a headline that exists only nationally (healthy life expectancy, the income gap, Wlz care
at home) is shown for the Netherlands and marked so. Every status comes with its reason in one
sentence with the numbers (:func:`indicators.progress.words.status_reason`), and a target on a
proxy is named by what it measures ("indicatief: 30% minder rokers"). Used by ``hhu scoreboard``,
the dashboard's overview page and the board report, so that all three say the same.
"""

from __future__ import annotations

import pandas as pd

from indicators import verdicts
from indicators.catalog import get_indicator
from indicators.formatting import format_number, status_label
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS
from indicators.progress.words import status_reason, trend_sentence
from indicators.regions import NETHERLANDS, RegionModel

SCOREBOARD_COLUMNS = [
    "mission_id", "indicator_id", "region_code", "national_only", "status", "indicative_target",
    "baseline_period", "baseline_value", "latest_period", "latest_value", "target_value", "deadline",
    "trend", "vs_nl", "vs_ggd", "proxy",
    # added with issue 8
    "change_p", "latest_lower", "latest_upper", "baseline_rule", "uncertainty", "target_wording_nl", "target_wording_en",
    "reason_nl", "reason_en", "trend_text_nl", "trend_text_en",
]


def mission_scoreboard(region_code: str, progress: pd.DataFrame) -> pd.DataFrame:
    """Return one row per mission headline indicator for ``region_code``.

    Args:
        region_code: any reported region code (``GM0344``, ``U10``, ``GG2514``, ``NL01``).
        progress: the whole ``progress.parquet`` frame.

    Returns:
        Columns :data:`SCOREBOARD_COLUMNS`; ``reason_nl``/``reason_en`` say why the status is what it
        is, with the numbers; ``target_wording_*`` name what a target asks (empty without one).
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
            target = mission.target_for(indicator_id)
            rows.append({
                "mission_id": mission.id, "indicator_id": indicator_id, "region_code": code,
                "national_only": national_only and region_code != NETHERLANDS, "status": row["status"],
                "indicative_target": bool(row["indicative_target"]), "baseline_period": row["baseline_period"],
                "baseline_value": row["baseline_value"], "latest_period": row["latest_period"],
                "latest_value": row["latest_value"], "target_value": row["target_value"], "deadline": mission.deadline,
                "trend": row["trend"], "vs_nl": row["vs_nl"], "vs_ggd": row["vs_ggd"], "proxy": indicator.proxy,
                "change_p": row.get("change_p", float("nan")), "latest_lower": row["latest_lower"],
                "latest_upper": row["latest_upper"], "baseline_rule": row.get("baseline_rule", ""),
                "uncertainty": row.get("uncertainty", ""),
                "target_wording_nl": target.wording("nl") if target else "",
                "target_wording_en": target.wording("en") if target else "",
                "reason_nl": status_reason(row, "nl"), "reason_en": status_reason(row, "en"),
                "trend_text_nl": trend_sentence(row, "nl"), "trend_text_en": trend_sentence(row, "en"),
            })
    return pd.DataFrame(rows, columns=SCOREBOARD_COLUMNS)


def scoreboard_text(query: str, lang: str = "nl", model: RegionModel | None = None,
                    progress: pd.DataFrame | None = None) -> str:
    """Return the scoreboard of a region as plain text for the terminal (status, its reason, the trend)."""
    from indicators import api  # noqa: PLC0415

    model = model or api.regions()
    progress = api.progress_table() if progress is None else progress
    code = model.find(query)
    board = mission_scoreboard(code, progress)
    keyed = progress.set_index(["indicator_id", "region_code"])
    en = lang == "en"
    lines = [f"{'Mission scoreboard' if en else 'Missiescorebord'}: {model.name(code, lang)} ({code})",
             BASELINE_RULE_EN if en else BASELINE_RULE_NL, ""]
    for mission in MISSIONS:
        deadline = f"{'by' if en else 'in'} {mission.deadline}"
        lines.append(f"{mission.id}  {mission.vzinfo_name(lang)} - {mission.title(lang)} ({deadline})")
        part = board.loc[board["mission_id"] == mission.id]
        for row in part.itertuples():
            indicator = get_indicator(row.indicator_id)
            full = keyed.loc[(row.indicator_id, row.region_code)]
            where = f" [{'Netherlands' if en else 'Nederland'}]" if row.national_only else ""
            proxy = " (proxy)" if row.proxy else ""
            wording = row.target_wording_en if en else row.target_wording_nl
            target = ""
            if pd.notna(row.target_value):
                word = ("indicative target" if en else "indicatief doel") if row.indicative_target else \
                    ("target" if en else "doel")
                target = f"; {word} {format_number(row.target_value, lang)}"
            baseline = f"{row.baseline_period}: {format_number(row.baseline_value, lang)} → " if row.baseline_period else ""
            interval = f" ({verdicts.row_interval_words(full, lang)})" if pd.notna(row.latest_value) else ""
            lines.append(
                f"    {indicator.title(lang)}{proxy}{where}: {baseline}{row.latest_period}: "
                f"{format_number(row.latest_value, lang)} {indicator.unit_label(lang)}{interval}{target}"
            )
            about = f" ({wording})" if wording and row.indicative_target else ""
            compared = ""
            if not row.national_only and code != NETHERLANDS and row.vs_nl not in ("no_data", None):
                words = verdicts.comparison_words(row.vs_nl, full.get("vs_nl_p"), lang)
                compared = f"; {'vs the Netherlands' if en else 't.o.v. Nederland'}: {words}"
            lines.append(f"      status{about}: {status_label(row.status, lang)}{compared}")
            lines.append(f"      {'why' if en else 'waarom'}: {verdicts.arrows(row.reason_en if en else row.reason_nl)}")
            lines.append(f"      {row.trend_text_en if en else row.trend_text_nl}")
        if mission.data_gap(lang):
            lines.append(f"    {'Data gap' if en else 'Datagat'}: {mission.data_gap(lang)}")
        lines.append("")
    return "\n".join(lines)
