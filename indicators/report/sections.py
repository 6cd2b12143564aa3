"""The parts of the board report as HTML: cover, scoreboard, missions, changes, gaps, sources.

Each function takes the :class:`~indicators.report.blocks.ReportData` that
:mod:`indicators.report.document` gathered from :mod:`indicators.api` and returns escaped HTML.
Charts go through :class:`~indicators.report.blocks.ChartBlocks`, which puts a source line under
every chart.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from indicators import figures, plain, verdicts
from indicators.catalog import get_indicator
from indicators.catalog.model import Indicator
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS, Mission
from indicators.progress.words import METHOD_TEXT
from indicators.regions import LEVEL_LABELS, NETHERLANDS
from indicators.report.blocks import (
    CHART_WIDTH,
    ChartBlocks,
    ReportData,
    badge,
    change_with_unit,
    columns,
    compact_title,
    esc,
    number_with_unit,
    proxy_badge,
)
from indicators.report.changes import NEW_INDICATOR, NEW_MEASUREMENT, biggest_movers
from indicators.report.charts import members_figure
from indicators.report.text import long_date, t
from indicators.safe_text import html_text

TREND_HEIGHT = 200  # pixels: a headline (heading, numbers, reasons, chart) takes about 0.4 of an A4 page
MOVERS = 5


# ----- first page ---------------------------------------------------------------------------------
def data_status(manifest: dict, lang: str, board: pd.DataFrame | None = None) -> str:
    """Plain words on the data: how many tables, what they are, when retrieved, how complete and how recent.

    Args:
        manifest: the store's manifest.
        lang: ``nl`` or ``en``.
        board: the scoreboard shown (its latest periods say how recent the figures are), or None.
    """
    tables = manifest.get("tables", {})
    if not tables:
        return f"<p>{esc(plain.completeness(manifest, lang))}</p>"
    lines = [t("tables_count", lang, tables=len(tables)), plain.data_origin(manifest, lang),
             plain.completeness(manifest, lang)]
    if board is not None and not board.empty:
        periods = [period for period in board["latest_period"] if isinstance(period, str) and period]
        if periods:
            ordered = figures.sorted_periods(periods)
            newest, usual = ordered[-1], pd.Series(periods).mode().sort_values().iloc[-1]
            lines.append(t("recency_one", lang, newest=newest) if newest == usual
                         else t("recency", lang, newest=newest, usual=usual))
    return f"<p>{esc(' '.join(lines))}</p>"


def cover(data: ReportData, lang: str, today: date) -> str:
    """The first page: region, date, data status, scoreboard and the baseline rule."""
    kind = LEVEL_LABELS.get(data.level, {}).get("en" if lang == "en" else "nl", data.level)
    members = ""
    if data.members:
        names = ", ".join(sorted(data.member_names))
        members = f"<p class='members'>{esc(t('members_line', lang, names=names))}</p>"
    rule = BASELINE_RULE_EN if lang == "en" else BASELINE_RULE_NL
    made = t("made", lang, day=long_date(today, lang))
    return (
        "<header class='cover'>"
        f"<p class='kicker'>{t('title', lang)} · {t('subtitle', lang)}</p>"
        f"<h1>{esc(data.name)}</h1>"
        f"<p class='meta'>{esc(t('region_kind', lang, kind=kind, code=data.code))} · {esc(made)}</p>"
        f"{members}"
        f"<h2>{t('data', lang)}</h2>{data_status(data.manifest, lang, data.board)}"
        f"<h2>{t('scoreboard', lang)}</h2><p class='note'>{t('scoreboard_note', lang)}</p>"
        f"{scoreboard_table(data, lang)}"
        f"<p class='note'><b>{esc(rule)}</b> {esc(t('status_legend', lang))}</p>"
        "</header>"
    )


def _value_cell(period: object, value: float, indicator: Indicator, lang: str) -> str:
    if not isinstance(period, str) or not period:
        return t("none", lang)
    return f"{esc(number_with_unit(value, indicator, lang))}<br><span class='small'>{esc(period)}</span>"


def scoreboard_table(data: ReportData, lang: str) -> str:
    """The mission scoreboard as a table: status in words and how sure it is (p-value), the numbers, vs NL."""
    head = "".join(f"<th>{t(key, lang)}</th>" for key in
                   ("mission", "indicator", "baseline", "latest", "target", "status", "vs_nl"))
    widths = columns(18, 23, 10, 10, 10, 18, 11)
    body = []
    for mission in MISSIONS:
        rows = data.board.loc[data.board["mission_id"] == mission.id]
        span = max(len(rows), 1)
        first = (f"<td rowspan='{span}'><b>{mission.id}</b> · {esc(mission.vzinfo_name(lang))}<br>"
                 f"<span class='small'>{esc(mission.title(lang))} · {mission.deadline}</span></td>")
        if rows.empty:
            body.append(f"<tr>{first}<td colspan='6' class='note'>{t('no_headline', lang)}</td></tr>")
            continue
        for number, row in enumerate(rows.itertuples()):
            indicator = get_indicator(row.indicator_id)
            national = data.names.get(NETHERLANDS, NETHERLANDS)
            where = f"<br><span class='small'>{esc(national)} ({esc(t('national', lang))})</span>" if row.national_only else ""
            target = t("none", lang)
            if pd.notna(row.target_value):
                target = esc(number_with_unit(row.target_value, indicator, lang))
                if row.indicative_target:
                    target += f"<br><span class='small'>{t('indicative', lang)}</span>"
            progress = _progress_row(data, row.indicator_id, row.region_code)
            sure = verdicts.change_p_words(progress, lang) if progress is not None else ""
            status = badge(row.status, lang) + (f"<br><span class='small'>{esc(sure)}</span>" if sure else "")
            compared = t("none", lang)
            if not row.national_only and row.region_code != NETHERLANDS and progress is not None:
                compared = esc(verdicts.comparison_words(row.vs_nl, progress.get("vs_nl_p"), lang))
            body.append(
                f"<tr>{first if number == 0 else ''}<td>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)}{where}</td>"
                f"<td>{_value_cell(row.baseline_period, row.baseline_value, indicator, lang)}</td>"
                f"<td>{_value_cell(row.latest_period, row.latest_value, indicator, lang)}</td>"
                f"<td>{target}</td><td>{status}</td><td>{compared}</td></tr>"
            )
    return (f"<table class='scoreboard'>{widths}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def _progress_row(data: ReportData, indicator_id: str, code: str) -> pd.Series | None:
    """The ``progress.parquet`` row of an indicator in a region the report shows, or None."""
    rows = data.progress.loc[(data.progress["indicator_id"] == indicator_id) & (data.progress["region_code"] == code)]
    return rows.iloc[0] if not rows.empty else None


# ----- one mission --------------------------------------------------------------------------------
def headline_summary(row: pd.Series, progress: pd.Series | None, indicator: Indicator, lang: str) -> str:
    """One line in words: baseline, latest with its interval, target, projection (or why none), comparison.

    Args:
        row: the scoreboard row.
        progress: the region's row of ``progress.parquet`` (the interval, the p-values, the projection), or None.
        indicator: the indicator's declaration.
        lang: ``nl`` or ``en``.
    """
    parts = []
    if isinstance(row["baseline_period"], str) and row["baseline_period"]:
        baseline = number_with_unit(row["baseline_value"], indicator, lang)
        parts.append(f"{t('baseline', lang)} {row['baseline_period']}: {baseline}")
    latest = f"{t('latest', lang)} {row['latest_period']}: {number_with_unit(row['latest_value'], indicator, lang)}"
    if progress is not None and pd.notna(row["latest_value"]):
        latest += f" ({verdicts.row_interval_words(progress, lang)})"
    parts.append(latest)
    if pd.notna(row["target_value"]):
        kind = f" ({t('indicative', lang)})" if row["indicative_target"] else ""
        parts.append(f"{t('target', lang)}{kind} {row['deadline']}: {number_with_unit(row['target_value'], indicator, lang)}")
    curve = figures.projection_points(progress) if progress is not None else None
    if curve is not None:
        end = curve.iloc[-1]
        parts.append(f"{t('projection', lang, year=row['deadline'])}: {number_with_unit(end['value'], indicator, lang)} "
                     f"({t('prediction_interval', lang)} {verdicts.between(end['lower'], end['upper'], lang)})")
    elif progress is not None and pd.notna(row["target_value"]):
        parts.append(figures.no_projection_words(progress, lang))
    if row["region_code"] != NETHERLANDS and not row["national_only"] and row["vs_nl"] != "no_data":
        p = progress.get("vs_nl_p") if progress is not None else None
        parts.append(f"{t('vs_nl', lang)}: {verdicts.comparison_words(row['vs_nl'], p, lang)}")
    return " · ".join(esc(part) for part in parts)


def trend_chart(indicator: Indicator, code: str, data: ReportData, lang: str) -> tuple[go.Figure, pd.DataFrame]:
    """The trend of one indicator in one region with baseline, target path and projection.

    The Netherlands is drawn beside it (without its own target path) when it has values.

    Returns:
        The figure and the rows it draws (for the source line).
    """
    rows = data.indicators.loc[data.indicators["indicator_id"] == indicator.id]
    national = rows.loc[(rows["region_code"] == NETHERLANDS) & rows["value"].notna()]
    regions = [code] if code == NETHERLANDS or national.empty else [code, NETHERLANDS]
    values = rows.loc[rows["region_code"].isin(regions)]
    values = values.assign(order=values["region_code"].map({region: rank for rank, region in enumerate(regions)}),
                           region_name=values["region_code"].map(data.names).fillna(values["region_name"]))
    values = values.sort_values(["order", "period_year"]).drop(columns="order")
    progress = data.progress.loc[(data.progress["indicator_id"] == indicator.id) & (data.progress["region_code"] == code)]
    name = data.names.get(code, code)
    title = name if len(regions) == 1 else t("chart_regions", lang, region=name)
    title = title[:1].upper() + title[1:]  # "the Netherlands" opens a title as "The Netherlands"
    figure = figures.trend_figure(values, progress, lang=lang, title=html_text(title), height=TREND_HEIGHT)
    compact_title(figure)
    return figure, values


def headline_block(row: pd.Series, data: ReportData, charts: ChartBlocks, lang: str) -> tuple[str, str]:
    """Heading with status, the numbers in words, why the status is what it is, the trend; and the chart.

    Returns:
        ``(text, chart)``: the heading and its paragraphs, and the chart block (see :func:`mission_section`).
    """
    indicator = get_indicator(row["indicator_id"])
    code = row["region_code"]
    figure, values = trend_chart(indicator, code, data, lang)
    progress = _progress_row(data, indicator.id, code)
    reason = row["reason_en"] if lang == "en" else row["reason_nl"]
    trend = row["trend_text_en"] if lang == "en" else row["trend_text_nl"]
    lines = [f"<b>{t('why', lang)}:</b> {esc(verdicts.arrows(reason))}. {esc(trend)}."]
    about = row["target_wording_en"] if lang == "en" else row["target_wording_nl"]
    if row["indicative_target"] and about and pd.notna(row["target_value"]):
        lines.append(esc(t("status_about", lang, about=_subject(about))))
    if row["national_only"]:
        lines.append(t("national_note", lang))
    if indicator.proxy:
        proxy_reason = indicator.proxy_reason_en if lang == "en" else indicator.proxy_reason_nl
        lines.append(f"<b>{t('proxy', lang).capitalize()}:</b> {esc(proxy_reason)}")
    notes = [f"<p class='why'>{'<br>'.join(lines)}</p>"]
    text = (f"<h3>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)} {badge(row['status'], lang)}</h3>"
            f"<p class='summary'>{headline_summary(row, progress, indicator, lang)}</p>{''.join(notes)}")
    return text, charts.block(figure, figures.source_line(values, lang))


def _subject(wording: str) -> str:
    """What an indicative target is about, without its "indicatief: " prefix."""
    for prefix in ("indicatief: ", "indicative: "):
        if wording.startswith(prefix):
            return wording[len(prefix):]
    return wording


def members_block(indicator: Indicator, data: ReportData, charts: ChartBlocks, lang: str) -> str:
    """The group's municipalities side by side for one indicator, in the latest period they have a value."""
    rows = data.indicators.loc[data.indicators["indicator_id"] == indicator.id]
    member_rows = rows.loc[rows["region_code"].isin(data.members) & rows["value"].notna()]
    if member_rows.empty:
        return ""
    period = member_rows.sort_values("period_year")["period"].iloc[-1]
    shown = rows.loc[(rows["period"] == period) & rows["region_code"].isin([*data.members, data.code, NETHERLANDS])]
    shown = shown.assign(region_name=shown["region_code"].map(data.names).fillna(shown["region_name"]))
    title = figures.wrap_text(html_text(t("members_title", lang, indicator=indicator.title(lang), group=data.name,
                                          period=period)), 70)
    figure = members_figure(shown, data.code, lang, title=title, width=CHART_WIDTH)
    return charts.block(figure, figures.source_line(shown, lang), kind="members")


def mission_section(mission: Mission, data: ReportData, charts: ChartBlocks, lang: str) -> tuple[str, list[str]]:
    """One mission; returns the HTML and the indicator ids it shows.

    Per headline indicator: its heading with status, numbers and reasons, its trend chart and,
    for a group, its municipalities side by side. A headline that the group has no value for
    itself (an indicator of municipalities only) still gets the members chart.

    Printing: a page ends only between blocks that are each under half a page, so every page but
    the last is at least half full (a block that does not fit moves to the next page whole). The
    mission's heading, statement and data gap stay on one page with the heading and text of its
    first headline (``div.keep``), so a heading never ends a page; that first chart may follow on
    the next page. Every later headline keeps its text and chart together (``div.headline``).
    """
    rows = data.board.loc[data.board["mission_id"] == mission.id].set_index("indicator_id", drop=False)
    with_members = bool(data.members) and data.show_members
    shown: list[str] = []
    intro = [f"<h2>{mission.id} · {esc(mission.vzinfo_name(lang))}</h2>",
             f"<p class='goal'>{esc(mission.title(lang))} · {t('deadline_year', lang, year=mission.deadline)}</p>",
             f"<p class='statement'>{esc(mission.statement(lang))}</p>"]
    if mission.data_gap(lang):
        intro.append(f"<p class='gap'><b>{t('gap', lang)}:</b> {esc(mission.data_gap(lang))}</p>")
    parts: list[tuple[str, str]] = []  # (text, chart): a headline's words and the chart that goes with them
    for indicator_id in mission.headline:
        indicator = get_indicator(indicator_id)
        members = members_block(indicator, data, charts, lang) if with_members and "gemeente" in indicator.levels else ""
        if indicator_id in rows.index:
            parts.append(headline_block(rows.loc[indicator_id], data, charts, lang))
            if members:
                parts.append(("", members))
        elif members:  # a headline of municipalities only: its heading, a note, the members chart
            heading = f"<h3>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)}</h3>"
            note = f"<p class='note'>{esc(t('members_only', lang, group=data.name))}</p>"
            parts.append((heading + note, members))
        if indicator_id in rows.index or members:
            shown.append(indicator_id)
    if not shown:
        parts.append((f"<p class='note'>{t('no_headline', lang)}</p>", ""))
    if data.members and not data.show_members:
        parts.append((f"<p class='note'>{esc(t('too_many_members', lang, region=data.name, count=len(data.members)))}</p>",
                      ""))
    first_text, first_chart = parts[0] if parts else ("", "")
    body = [f"<div class='keep'>{''.join(intro)}{first_text}</div>{first_chart}"]
    body += [f"<div class='headline'>{text}{chart}</div>" if text else chart for text, chart in parts[1:]]
    return f"<section class='mission' id='{mission.id}'>{''.join(body)}</section>", shown


# ----- what changed -------------------------------------------------------------------------------
def _change_item(row: pd.Series, lang: str, names: dict[str, str], with_region: bool) -> str:
    indicator = get_indicator(row["indicator_id"])
    where = f", {names.get(row['region_code'], row['region_name'])}" if with_region else ""
    kind = t("new_measurement", lang) if row["kind"] == NEW_MEASUREMENT else t("revised", lang)
    before = f"{number_with_unit(row['before'], indicator, lang)} ({row['before_period']})"
    after = f"{number_with_unit(row['after'], indicator, lang)} ({row['period']})"
    return (f"<li><b>{esc(indicator.title(lang))}{esc(where)}</b>: {esc(before)} → {esc(after)}, "
            f"{esc(change_with_unit(row['change'], indicator, lang))} <span class='small'>({esc(kind)})</span></li>")


def changes_section(changes: pd.DataFrame | None, lang: str, names: dict[str, str] | None = None,
                    with_region: bool = True) -> str:
    """Biggest movers since the previous build, better and worse; says so when there is no previous build.

    Args:
        changes: :func:`indicators.report.changes.changes_since_previous` (None: no previous build).
        lang: ``nl`` or ``en``.
        names: region code -> name in ``lang`` (default: the names in ``changes``).
        with_region: name the region in each line (a group report lists its municipalities).
    """
    parts = [f"<h2>{t('changes', lang)}</h2>"]
    if changes is None:
        parts.append(f"<p class='note'>{t('no_previous', lang)}</p>")
    elif changes.empty:
        parts.append(f"<p class='note'>{t('changes_intro', lang)}</p><p>{t('no_changes', lang)}</p>")
    else:
        parts.append(f"<p class='note'>{t('changes_intro', lang)}</p>")
        for key, rows in biggest_movers(changes, MOVERS).items():
            if not rows.empty:
                items = "".join(_change_item(row, lang, names or {}, with_region) for _, row in rows.iterrows())
                parts.append(f"<h3>{t(key, lang)}</h3><ul class='changes'>{items}</ul>")
        new = changes.loc[changes["kind"] == NEW_INDICATOR, "indicator_id"].drop_duplicates()
        if not new.empty:
            names = ", ".join(get_indicator(indicator_id).title(lang) for indicator_id in new)
            parts.append(f"<p>{esc(t('new_indicator', lang, names=names))}</p>")
    return f"<section class='changes' id='changes'>{''.join(parts)}</section>"


# ----- gaps, proxies, sources ---------------------------------------------------------------------
def gaps_section(missions: tuple[Mission, ...], shown: list[str], lang: str) -> str:
    """Each mission's data gap and every proxy in the report with the reason, in plain words."""
    gaps = "".join(f"<li><b>{mission.id} · {esc(mission.vzinfo_name(lang))}, {esc(mission.title(lang))}:</b> "
                   f"{esc(mission.data_gap(lang))}</li>"
                   for mission in missions if mission.data_gap(lang))
    reasons: dict[str, list[str]] = {}  # one line per reason: the proxies that share it are named together
    for indicator_id in shown:
        indicator = get_indicator(indicator_id)
        if indicator.proxy:
            reason = indicator.proxy_reason_en if lang == "en" else indicator.proxy_reason_nl
            reasons.setdefault(reason, []).append(f"{indicator.title(lang)} ({indicator.mission})")
    proxies = [f"<li><b>{esc(', '.join(names))}</b>: {esc(reason)}</li>" for reason, names in reasons.items()]
    proxy_list = f"<h3>{t('proxies', lang)}</h3><ul>{''.join(proxies)}</ul>" if proxies else ""
    return (f"<section class='gaps' id='gaps'><h2>{t('gaps', lang)}</h2><p class='note'>{t('gaps_intro', lang)}</p>"
            f"<ul>{gaps}</ul>{proxy_list}</section>")


def method_section(lang: str) -> str:
    """The appendix "Hoe we de status bepalen": the rules of baseline, status, trend and projection in plain words."""
    title, *paragraphs = METHOD_TEXT["en" if lang == "en" else "nl"].split("\n\n")
    body = "".join(f"<p>{esc(paragraph)}</p>" for paragraph in paragraphs)
    return f"<section class='method' id='method'><h2>{esc(title)}</h2>{body}</section>"


def sources_section(shown: list[str], manifest: dict, lang: str) -> str:
    """Definitions of the indicators shown and the source tables they come from, with the licence."""
    rows = []
    for indicator_id in shown:
        indicator = get_indicator(indicator_id)
        definition = indicator.definition_en if lang == "en" else indicator.definition_nl
        caveat = indicator.caveats_en if lang == "en" else indicator.caveats_nl
        extra = f"<br><span class='small'>{esc(caveat)}</span>" if caveat else ""
        rows.append(f"<tr><td>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)}</td><td>{esc(definition)}{extra}</td>"
                    f"<td>{esc(indicator.unit_label(lang))}</td><td>{esc(', '.join(indicator.source_tables))}</td></tr>")
    head = "".join(f"<th>{t(key, lang)}</th>" for key in ("indicator", "definition", "unit", "tables"))
    head = columns(22, 52, 11, 15) + f"<thead><tr>{head}</tr></thead>"
    tables = manifest.get("tables", {})
    used = list(dict.fromkeys(table for indicator_id in shown for table in get_indicator(indicator_id).source_tables))
    table_rows = []
    for table_id in used:
        entry = tables.get(table_id, {})
        retrieved = plain.short_date(entry["retrieved_at"], lang) if entry.get("retrieved_at") else t("none", lang)
        part = "" if plain.is_complete(entry) else f" ({plain.completeness_word(entry, lang)})"
        table_rows.append(f"<tr><td>{esc(table_id)}</td><td>{esc(entry.get('title', ''))}{esc(part)}</td>"
                          f"<td>{esc(entry.get('catalog', ''))}</td>"
                          f"<td>{esc(plain.source_word(entry, lang))}, {esc(retrieved)}</td></tr>")
    table_head = "".join(f"<th>{t(key, lang)}</th>" for key in ("table", "table_title", "source", "retrieved"))
    table_head = columns(13, 56, 9, 22) + f"<thead><tr>{table_head}</tr></thead>"
    return (
        f"<section class='sources' id='sources'><h2>{t('sources', lang)}</h2><p>{t('licence', lang)}</p>"
        f"<table class='definitions'>{head}<tbody>{''.join(rows)}</tbody></table>"
        f"<div class='keep'><h3>{t('tables', lang)}</h3>"
        f"<table class='tables'>{table_head}<tbody>{''.join(table_rows)}</tbody></table></div></section>"
    )
