"""The Missies page's overview: the scoreboard and, for a group, its municipalities side by side.

**Scoreboard**: one row per headline indicator of every mission for the chosen region: the
status in words (its explanation as the tooltip), latest value and period, baseline, target
and deadline. It is built from ``progress.parquet`` through
:func:`indicators.scoreboard.mission_scoreboard` and the label functions, so a status the
progress engine adds shows up in words without a change here. :func:`scoreboard_frame` is what
the table shows, in the screen's language, and what its CSV button downloads.

**Members overview** (Fingertips' "tartan rug"): municipalities down, headline indicators across,
each cell coloured by the tested comparison with the Netherlands (better / similar / worse, in
colour-blind safe tints, with ▲/▼ for higher/lower), with the Netherlands' and the group's own
rows on top.

The frames are built from the cached tables of :mod:`dashboard.data` and cached per store,
region and language; the HTML escapes every string that comes from data.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import COMPARISON_COLOURS, Cell, html_table, status_pill
from dashboard.i18n import t, t_text
from indicators import verdicts
from indicators.catalog import get_indicator
from indicators.figures import no_projection_words, projection_points
from indicators.formatting import attribution, format_number, status_label
from indicators.missions import MISSIONS
from indicators.regions import NETHERLANDS
from indicators.safe_text import html_text

GROUP_LEVELS = ("groep", "ggd", "provincie")
MAX_MEMBERS = 60  # a province or GGD region has at most about 60 municipalities; the country is not shown
HIGHER = "▲"
LOWER = "▼"


# ----- words for one progress row ---------------------------------------------------------------
def value_text(value: object, indicator_id: str, lang: str, decimals: dict[str, int] | None = None) -> str:
    """A value in the indicator's unit with the decimals its source publishes ("geen gegevens" if missing)."""
    indicator = get_indicator(indicator_id)
    if not verdicts.finite(value):
        return format_number(float("nan"), lang)
    places = (decimals if decimals is not None else data.decimals()).get(indicator_id, 1)
    return f"{format_number(float(value), lang, places)} {indicator.unit_label(lang)}"




def number_text(value: object, indicator_id: str, lang: str, decimals: dict[str, int] | None = None) -> str:
    """A value without its unit, with the decimals its source publishes ("geen gegevens" if missing)."""
    if not verdicts.finite(value):
        return format_number(float("nan"), lang)
    return format_number(float(value), lang, (decimals if decimals is not None else data.decimals()).get(indicator_id, 1))


def status_reason(row: pd.Series | None, lang: str) -> str:
    """One plain sentence on why a status is what it is (:func:`indicators.progress.words.status_reason`)."""
    return "" if row is None else verdicts.reason_text(row, lang)


def wording_subject(wording: str) -> str:
    """What an indicative target is about, without its "indicatief: " prefix ("30% minder rokers")."""
    for prefix in ("indicatief: ", "indicative: "):
        if wording.startswith(prefix):
            return wording[len(prefix):]
    return wording


def projection_words(row: pd.Series, lang: str) -> str:
    """The engine's projection at the deadline with its prediction interval, or why there is none ("" without a target)."""
    curve = projection_points(row)
    if curve is None:
        return no_projection_words(row, lang, short=False) if verdicts.finite(row.get("target_value")) else ""
    end = curve.iloc[-1]
    indicator_id = str(row.get("indicator_id"))
    decimals = data.decimals().get(indicator_id, 1)
    return t_text("projection_at", lang, year=int(row["deadline"]), value=value_text(end["value"], indicator_id, lang),
                  interval=verdicts.between(end["lower"], end["upper"], lang, decimals))


def progress_row(indicator_id: str, region_code: str) -> pd.Series | None:
    """The ``progress.parquet`` row of one indicator and region, or None."""
    return data.progress_row(indicator_id, region_code)


# ----- scoreboard ---------------------------------------------------------------------------------
def scoreboard_frame(region_code: str, lang: str) -> pd.DataFrame:
    """What the scoreboard shows, one row per mission headline, in ``lang`` (also the CSV download).

    Columns (in words): mission, indicator, area, status, status explained, latest value and
    period, baseline value and period, target, indicative, deadline, unit, source. Numbers
    are rounded to the decimals the source publishes.
    """
    return _scoreboard_frame(str(data.generation()), region_code, lang)


@st.cache_resource(show_spinner=False, max_entries=512)
def _scoreboard_frame(folder: str, region_code: str, lang: str) -> pd.DataFrame:
    board = data.scoreboard(region_code).set_index(["mission_id", "indicator_id"], drop=False)
    decimals = data.decimals()
    level = data.regions().level(region_code)
    records = []
    for mission in MISSIONS:
        for indicator_id in mission.headline:
            indicator = get_indicator(indicator_id)
            places = decimals.get(indicator_id, 1)
            if (mission.id, indicator_id) not in board.index:  # no row for the region, nor a national one
                note = t_text("members_only_row" if level not in indicator.levels else "no_value_row", lang,
                              region=data.region_name(region_code, lang))
                records.append(_record(mission, indicator, lang, region=data.region_name(region_code, lang),
                                       status="", status_words="", reason=note, deadline=mission.deadline))
                continue
            row = board.loc[(mission.id, indicator_id)]
            full = progress_row(indicator_id, row["region_code"])
            target = mission.target_for(indicator_id)
            records.append(_record(
                mission, indicator, lang, region=data.region_name(row["region_code"], lang), status=row["status"],
                status_words=status_label(row["status"], lang), reason=status_reason(full, lang),
                latest=_round(row["latest_value"], places), latest_period=row["latest_period"] or "",
                baseline=_round(row["baseline_value"], places), baseline_period=row["baseline_period"] or "",
                target=_round(row["target_value"], places),
                indicative=bool(row["indicative_target"]) and verdicts.finite(row["target_value"]), deadline=int(row["deadline"]),
                national_only=bool(row["national_only"]), proxy=bool(row["proxy"]), region_code=row["region_code"],
                progress=full, wording=target.wording(lang) if target is not None else "", places=places,
            ))
    frame = pd.DataFrame(records)
    if frame.empty:
        return frame
    for column in ("latest", "baseline", "target"):  # the same numbers in words, for the table and the cards
        frame[f"_{column}_text"] = [value_text(value, item, lang, decimals) for value, item in
                                    zip(frame[f"_{column}_value"], frame["_indicator_id"], strict=True)]
        frame[f"_{column}_number"] = [number_text(value, item, lang, decimals) for value, item in
                                      zip(frame[f"_{column}_value"], frame["_indicator_id"], strict=True)]
    source = "source" if lang == "en" else "bron"
    frame[source] = [attribution(get_indicator(item).source_tables, [period] if period else [], lang)
                     for item, period in zip(frame["_indicator_id"], frame[t("latest", lang)], strict=True)]
    return frame


def _record(mission: object, indicator: object, lang: str, region: str, status: str, status_words: str, reason: str,
            deadline: int, latest: float = math.nan, latest_period: str = "", baseline: float = math.nan,
            baseline_period: str = "", target: float = math.nan, indicative: bool = False, national_only: bool = False,
            proxy: bool | None = None, region_code: str = "", progress: pd.Series | None = None, wording: str = "",
            places: int = 1) -> dict:
    """One scoreboard row: the columns shown (in words) and helper columns (``_``) for the table and the cards."""
    yes = "yes" if lang == "en" else "ja"
    row = progress if progress is not None else pd.Series(dtype=object)
    has_target = verdicts.finite(target)
    sure = verdicts.change_p_words(row, lang) if status else ""
    interval = verdicts.row_interval_words(row, lang, places) if verdicts.finite(latest) else ""
    return {
        t("col_mission", lang): mission.id,
        t("col_vzinfo", lang): mission.vzinfo_name(lang),
        t("col_mission_goal", lang): mission.title(lang),
        t("col_indicator", lang): indicator.title(lang),
        t("col_area", lang): region,
        t("status", lang): status_words,
        t("col_status_reason", lang): reason,
        t("col_sure", lang): sure,
        t("col_trend", lang): verdicts.trend_text(row, lang) if status else "",
        t("col_latest", lang): latest,
        t("latest", lang): latest_period,
        t("col_lower", lang): _round(row.get("latest_lower"), places),
        t("col_upper", lang): _round(row.get("latest_upper"), places),
        t("col_uncertainty", lang): verdicts.uncertainty_words(row.get("uncertainty"), lang),
        t("col_baseline", lang): baseline,
        t("baseline", lang): baseline_period,
        t("col_target", lang): target,
        t("indicative", lang): yes if indicative else "",
        t("col_target_about", lang): wording if has_target else "",
        t("col_deadline", lang): deadline,
        t("unit", lang): indicator.unit_label(lang),
        "_mission_id": mission.id, "_indicator_id": indicator.id, "_status": status,
        "_national_only": national_only, "_proxy": indicator.proxy if proxy is None else proxy,
        "_region_code": region_code, "_latest_value": latest, "_baseline_value": baseline, "_target_value": target,
        "_interval": interval, "_sure": sure, "_wording": wording if has_target and indicative else "",
    }


def scoreboard_csv_frame(region_code: str, lang: str) -> pd.DataFrame:
    """The scoreboard's columns as shown (no helper columns), for the CSV download."""
    return _scoreboard_csv(str(data.generation()), region_code, lang)


@st.cache_resource(show_spinner=False, max_entries=512)
def _scoreboard_csv(folder: str, region_code: str, lang: str) -> pd.DataFrame:
    frame = scoreboard_frame(region_code, lang)
    return frame[[column for column in frame.columns if not column.startswith("_")]]


def scoreboard_html(region_code: str, lang: str) -> str:
    """The scoreboard as an HTML table (every data string escaped)."""
    return _scoreboard_html(str(data.generation()), region_code, lang)


@st.cache_resource(show_spinner=False, max_entries=512)
def _scoreboard_html(folder: str, region_code: str, lang: str) -> str:
    frame = scoreboard_frame(region_code, lang)
    region_name = data.region_name(region_code, lang)
    headers = [(t("col_mission", lang), 17, ""), (t("col_indicator", lang), 28, ""), (t("status", lang), 24, ""),
               (t("col_latest", lang), 11, "num"), (t("baseline_short", lang), 10, "num"),
               (t("col_target", lang), 10, "num")]
    rows: list[list[Cell]] = []
    for mission in MISSIONS:
        part = frame.loc[frame["_mission_id"] == mission.id] if not frame.empty else frame
        title = (f"<b>{html_text(mission.id)}</b> · {html_text(mission.vzinfo_name(lang))}"
                 f"<br><span class='small'>{html_text(mission.title(lang))} · {mission.deadline}</span>")
        first = Cell(markup=title, rowspan=max(len(part), 1))
        if part.empty:
            rows.append([first, Cell(markup=t("no_headline", lang, region=region_name)), Cell(), Cell(), Cell(), Cell()])
            continue
        for number, (_, row) in enumerate(part.iterrows()):
            cells = [first] if number == 0 else []
            cells += [Cell(markup=_indicator_markup(row, region_name, lang)), Cell(markup=_status_markup(row, lang)),
                      Cell(markup=_value_markup(row["_latest_value"], row["_latest_number"], row[t("latest", lang)],
                                                lang), css="num", title=row["_interval"]),
                      Cell(markup=_value_markup(row["_baseline_value"], row["_baseline_number"],
                                                row[t("baseline", lang)], lang), css="num"),
                      Cell(markup=_target_markup(row, lang), css="num", title=row[t("col_target_about", lang)])]
            rows.append(cells)
    return html_table(headers, rows, key="scoreboard")


def _status_markup(row: pd.Series, lang: str) -> str:
    """The status pill (its reason on hover) and, under it, how sure it is and what an indicative target is about."""
    reason = row[t("col_status_reason", lang)]
    if not row["_status"]:
        return f"<span class='small'>{html_text(reason)}</span>"
    notes = [note for note in (row["_sure"], row["_wording"]) if note]
    sure = f"<span class='sure'>{html_text(' · '.join(notes))}</span>" if notes else ""
    return status_pill(row["_status"], lang, reason) + sure


def _indicator_markup(row: pd.Series, region_name: str, lang: str) -> str:
    words = (f"{html_text(row[t('col_indicator', lang)])} "
             f"<span class='small'>({html_text(row[t('unit', lang)])})</span>")
    tags = []
    if row["_national_only"]:
        tags.append(f"<span class='tag' title='{html_text(t_text('national_only_help', lang, region=region_name))}'>"
                    f"{t('national_only', lang)}: {html_text(row[t('col_area', lang)])}</span>")
    if row["_proxy"]:
        reason = get_indicator(row["_indicator_id"]).proxy_reason(lang)
        tags.append(f"<span class='tag proxy' title='{html_text(reason)}'>{t('proxy', lang)}</span>")
    return words + ("<br>" + " ".join(tags) if tags else "")


def _value_markup(value: object, number: str, period: object, lang: str) -> str:
    if not verdicts.finite(value):
        return f"<span class='small'>{html_text(t('no_data', lang))}</span>"
    period_text = f"<br><span class='small'>{html_text(period)}</span>" if period else ""
    return f"{html_text(number)}{period_text}"


def _target_markup(row: pd.Series, lang: str) -> str:
    if not verdicts.finite(row["_target_value"]):
        return f"<span class='small'>{html_text(t('no_target', lang))}</span>"
    indicative = f"<br><span class='small'>{t('indicative', lang)}</span>" if row[t("indicative", lang)] else ""
    return f"{html_text(row['_target_number'])}{indicative}"


# ----- verdicts under a chart ---------------------------------------------------------------------
def verdicts_html(indicator_id: str, regions: tuple[str, ...], lang: str) -> str:
    """What the engine says about one indicator in each region of a chart, as a small table.

    One row per region: the latest value with its 95% interval and kind of figure, the tested
    trend (its sentence with slope and p-value on hover), the comparison with the Netherlands (the
    p-value on hover) and the status against the target (its reason on hover; "—" without a
    target), then the projection at the deadline or why there is none.
    """
    return _verdicts_html(str(data.generation()), indicator_id, regions, lang)


@st.cache_resource(show_spinner=False, max_entries=512)
def _verdicts_html(folder: str, indicator_id: str, regions: tuple[str, ...], lang: str) -> str:
    rows = data.progress_rows(indicator_id, list(regions)).set_index("region_code")
    places = data.decimals().get(indicator_id, 1)
    headers = [(t("col_region", lang), 15, ""), (t("col_value", lang), 27, ""), (t("col_trend", lang), 17, ""),
               (t("col_vs_nl", lang), 13, ""), (t("col_status", lang), 28, "")]
    body: list[list[Cell]] = []
    for code in regions:
        if code not in rows.index:
            continue
        row = rows.loc[code]
        row = row.iloc[0] if isinstance(row, pd.DataFrame) else row
        value = value_text(row["latest_value"], indicator_id, lang)
        detail = verdicts.row_interval_words(row, lang, places) if verdicts.finite(row["latest_value"]) else ""
        small = " · ".join(html_text(part) for part in (row["latest_period"] or "", detail) if part)
        compared = (Cell(text="—") if code == NETHERLANDS else
                    Cell(text=verdicts.comparison_words(row["vs_nl"], None, lang),
                         title=f"{t_text('col_vs_nl', lang)}: {verdicts.comparison_words(row['vs_nl'], row['vs_nl_p'], lang)}",
                         background=COMPARISON_COLOURS.get(str(row["vs_nl"]), "#FFFFFF")))
        if verdicts.finite(row["target_value"]):
            projection = projection_words(row, lang) if projection_points(row) is not None else ""
            notes = " · ".join(part for part in (verdicts.change_p_words(row, lang), projection) if part)
            status = Cell(markup=status_pill(row["status"], lang, status_reason(row, lang))
                          + (f"<span class='sure'>{html_text(notes)}</span>" if notes else ""))
        else:
            status = Cell(text="—", title=status_reason(row, lang))
        body.append([Cell(text=data.region_name(code, lang)),
                     Cell(markup=f"{html_text(value)}<br><span class='small'>{small}</span>"),
                     Cell(text=verdicts.trend_words(row["trend"], lang), title=verdicts.trend_text(row, lang)),
                     compared, status])
    return html_table(headers, body, key="verdicts") if body else ""


# ----- members overview ---------------------------------------------------------------------------
def has_members_overview(region_code: str) -> bool:
    """True for a group, GGD region or province with a manageable number of municipalities."""
    model = data.regions()
    return model.level(region_code) in GROUP_LEVELS and 0 < len(model.members(region_code)) <= MAX_MEMBERS


def members_indicators() -> list[str]:
    """The headline indicators that exist per municipality, in mission order."""
    return [indicator_id for mission in MISSIONS for indicator_id in mission.headline
            if "gemeente" in get_indicator(indicator_id).levels]


def members_frame(region_code: str) -> pd.DataFrame:
    """Rows of ``progress.parquet`` for the Netherlands, the group and its municipalities, headline indicators only.

    Returns:
        One row per region and indicator: ``region_code``, ``indicator_id``, ``latest_period``,
        ``latest_value``, ``latest_lower``, ``latest_upper``, ``vs_nl`` (and the other progress
        columns), ordered Netherlands, group, then municipalities by name.
    """
    return _members_frame(str(data.generation()), region_code)


@st.cache_resource(show_spinner=False, max_entries=128)
def _members_frame(folder: str, region_code: str) -> pd.DataFrame:
    model = data.regions()
    members = sorted(model.members(region_code), key=lambda code: model.name(code).casefold())
    order = [NETHERLANDS, region_code, *members]
    parts = [data.progress_rows(indicator_id, order) for indicator_id in members_indicators()]
    rows = pd.concat(parts, ignore_index=True) if parts else data.progress().iloc[0:0]
    rank = {code: number for number, code in enumerate(order)}
    return rows.assign(_rank=rows["region_code"].map(rank)).sort_values("_rank").drop(columns="_rank")


def members_csv_frame(region_code: str, lang: str) -> pd.DataFrame:
    """The members overview as rows for a CSV (region, indicator, period, value, interval, comparison)."""
    rows = members_frame(region_code)
    names = {code: data.region_name(code, lang) for code in rows["region_code"].unique()}
    frame = pd.DataFrame({
        "region_code": rows["region_code"], "region_name": rows["region_code"].map(names),
        "indicator_id": rows["indicator_id"], "period": rows["latest_period"], "value": rows["latest_value"],
        "lower": rows["latest_lower"], "upper": rows["latest_upper"],
        "unit": rows["indicator_id"].map(lambda item: get_indicator(item).unit), "vs_nl": rows["vs_nl"],
    })
    return frame.reset_index(drop=True)


def members_legend_html(lang: str) -> str:
    """The colour key of the members overview (swatches with words)."""
    items = [("better", "legend_better"), ("similar", "legend_similar"), ("worse", "legend_worse"),
             ("higher", "legend_neutral"), ("not_tested", "legend_untested")]
    spans = "".join(f"<span><span class='swatch' style='background:{COMPARISON_COLOURS[key]}'></span>{t(words, lang)}"
                    "</span>" for key, words in items)
    return f"<div class='hhu-legend'>{spans}</div>"


def members_html(region_code: str, lang: str) -> str:
    """The members overview as an HTML table (every data string escaped)."""
    return _members_html(str(data.generation()), region_code, lang)


@st.cache_resource(show_spinner=False, max_entries=256)
def _members_html(folder: str, region_code: str, lang: str) -> str:
    rows = members_frame(region_code)
    indicator_ids = members_indicators()
    keyed = rows.set_index(["region_code", "indicator_id"])
    periods = {}
    for indicator_id in indicator_ids:
        found = rows.loc[(rows["indicator_id"] == indicator_id) & rows["latest_period"].notna(), "latest_period"]
        periods[indicator_id] = found.mode().iloc[0] if not found.empty else ""
    width = round(82 / max(len(indicator_ids), 1), 2)
    headers = [(t("col_region", lang), 100 - width * len(indicator_ids), "")]
    for indicator_id in indicator_ids:
        indicator = get_indicator(indicator_id)
        headers.append((f"<span class='small'>{html_text(indicator.mission)}</span><br>{html_text(indicator.title(lang))}"
                        f"<br><span class='small'>{html_text(indicator.unit_label(lang))}, "
                        f"{html_text(periods[indicator_id])}</span>", width, "mid"))
    table_rows, classes = [], []
    for code in dict.fromkeys(rows["region_code"]):
        name = data.region_name(code, lang)
        cells: list[Cell] = [Cell(text=name)]
        for indicator_id in indicator_ids:
            cells.append(_member_cell(keyed, code, indicator_id, name, periods[indicator_id], lang))
        table_rows.append(cells)
        classes.append("strong reference" if code == region_code else "strong" if code == NETHERLANDS else "")
    return html_table(headers, table_rows, classes, key="members")


def _member_cell(keyed: pd.DataFrame, code: str, indicator_id: str, name: str, usual_period: str, lang: str) -> Cell:
    if (code, indicator_id) not in keyed.index:
        return Cell(text="–", css="mid", title=f"{name}: {t('no_data', lang)}")
    row = keyed.loc[(code, indicator_id)]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    value = row["latest_value"]
    if not verdicts.finite(value):
        return Cell(text="–", css="mid", title=f"{name}: {t('no_data', lang)}")
    comparison = str(row["vs_nl"]) if code != NETHERLANDS and isinstance(row["vs_nl"], str) else "no_data"
    places = data.decimals().get(indicator_id, 1)
    number = format_number(float(value), lang, places)
    arrow = _arrow(row, keyed, indicator_id, comparison)
    period = row["latest_period"] if isinstance(row["latest_period"], str) else ""
    shown = number + (f" <span class='small'>({html_text(period)})</span>" if period and period != usual_period else "")
    interval = f"; {verdicts.row_interval_words(row, lang, places)}"
    compared = "" if code == NETHERLANDS else \
        f"; {t('col_vs_nl', lang)}: {verdicts.comparison_words(comparison, row.get('vs_nl_p'), lang)}"
    title = f"{name}, {get_indicator(indicator_id).title(lang)} {period}: {value_text(value, indicator_id, lang)}" \
            f"{interval}{compared}"
    return Cell(markup=f"{html_text(number) if shown == number else shown}{arrow}", css="mid", title=title,
                background=COMPARISON_COLOURS.get(comparison, "#FFFFFF"))


def _arrow(row: pd.Series, keyed: pd.DataFrame, indicator_id: str, comparison: str) -> str:
    """▲ or ▼ when the value differs significantly from the Netherlands (higher or lower)."""
    if comparison not in ("better", "worse", "higher", "lower") or (NETHERLANDS, indicator_id) not in keyed.index:
        return ""
    national = keyed.loc[(NETHERLANDS, indicator_id), "latest_value"]
    national = national.iloc[0] if isinstance(national, pd.Series) else national
    if not verdicts.finite(national) or not verdicts.finite(row["latest_value"]):
        return ""
    return f" {HIGHER}" if float(row["latest_value"]) > float(national) else f" {LOWER}"


# ----- helpers --------------------------------------------------------------------------------------
def _round(value: object, places: int) -> float:
    return round(float(value), places) if verdicts.finite(value) else float("nan")
