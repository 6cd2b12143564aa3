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

from indicators import figures, plain
from indicators.catalog import get_indicator
from indicators.catalog.model import Indicator
from indicators.formatting import trend_label
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS, Mission
from indicators.regions import LEVEL_LABELS, NETHERLANDS
from indicators.report.blocks import (
    CHART_WIDTH,
    ChartBlocks,
    ReportData,
    badge,
    change_with_unit,
    columns,
    compact_title,
    compared_with_nl,
    esc,
    number_with_unit,
    proxy_badge,
)
from indicators.report.changes import NEW_INDICATOR, NEW_MEASUREMENT, biggest_movers
from indicators.report.charts import members_figure
from indicators.report.text import long_date, t
from indicators.safe_text import html_text

TREND_HEIGHT = 230  # pixels: a headline (heading, numbers, chart) takes about a third of an A4 page
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
    """The mission scoreboard as a table: status in words, baseline, latest, target and deadline."""
    head = "".join(f"<th>{t(key, lang)}</th>" for key in
                   ("mission", "indicator", "baseline", "latest", "target", "deadline", "status", "vs_nl"))
    widths = columns(14, 25, 11, 11, 11, 8, 12, 8)
    body = []
    for mission in MISSIONS:
        rows = data.board.loc[data.board["mission_id"] == mission.id]
        span = max(len(rows), 1)
        first = (f"<td rowspan='{span}'><b>{mission.id}</b><br>"
                 f"<span class='small'>{esc(mission.title(lang))}</span></td>")
        if rows.empty:
            body.append(f"<tr>{first}<td colspan='7' class='note'>{t('no_headline', lang)}</td></tr>")
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
            compared = t("none", lang) if row.national_only or row.region_code == NETHERLANDS \
                else esc(compared_with_nl(row.vs_nl, indicator, lang))
            body.append(
                f"<tr>{first if number == 0 else ''}<td>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)}{where}</td>"
                f"<td>{_value_cell(row.baseline_period, row.baseline_value, indicator, lang)}</td>"
                f"<td>{_value_cell(row.latest_period, row.latest_value, indicator, lang)}</td>"
                f"<td>{target}</td><td>{row.deadline}</td><td>{badge(row.status, lang)}</td><td>{compared}</td></tr>"
            )
    return (f"<table class='scoreboard'>{widths}<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


# ----- one mission --------------------------------------------------------------------------------
def headline_summary(row: pd.Series, projected: float, indicator: Indicator, lang: str) -> str:
    """One line in words: baseline, latest, target, projection, trend and comparison with the Netherlands.

    Args:
        row: the scoreboard row.
        projected: the projected value at the deadline (``progress.parquet``), NaN when there is none.
        indicator: the indicator's declaration.
        lang: ``nl`` or ``en``.
    """
    parts = []
    if isinstance(row["baseline_period"], str) and row["baseline_period"]:
        baseline = number_with_unit(row["baseline_value"], indicator, lang)
        parts.append(f"{t('baseline', lang)} {row['baseline_period']}: {baseline}")
    parts.append(f"{t('latest', lang)} {row['latest_period']}: {number_with_unit(row['latest_value'], indicator, lang)}")
    if pd.notna(row["target_value"]):
        kind = f" ({t('indicative', lang)})" if row["indicative_target"] else ""
        parts.append(f"{t('target', lang)}{kind} {row['deadline']}: {number_with_unit(row['target_value'], indicator, lang)}")
    if pd.notna(projected):
        parts.append(f"{t('projection', lang, year=row['deadline'])}: {number_with_unit(projected, indicator, lang)}")
    parts.append(f"{t('trend_word', lang)}: {trend_label(row['trend'], lang)}")
    if row["region_code"] != NETHERLANDS and not row["national_only"] and row["vs_nl"] != "no_data":
        parts.append(f"{t('vs_nl', lang)}: {compared_with_nl(row['vs_nl'], indicator, lang)}")
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


def headline_block(row: pd.Series, data: ReportData, charts: ChartBlocks, lang: str) -> str:
    """Heading with status, the numbers in words, a proxy note and the trend chart with target path."""
    indicator = get_indicator(row["indicator_id"])
    code = row["region_code"]
    figure, values = trend_chart(indicator, code, data, lang)
    progress = data.progress.loc[(data.progress["indicator_id"] == indicator.id) & (data.progress["region_code"] == code)]
    projected = float(progress["projected_value"].iloc[0]) if not progress.empty else float("nan")
    notes = []
    if row["national_only"]:
        notes.append(f"<p class='note'>{t('national_note', lang)}</p>")
    if indicator.proxy:
        reason = indicator.proxy_reason_en if lang == "en" else indicator.proxy_reason_nl
        notes.append(f"<p class='note'><b>{t('proxy', lang).capitalize()}:</b> {esc(reason)}</p>")
    return (
        "<div class='headline'>"
        f"<h3>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)} {badge(row['status'], lang)}</h3>"
        f"<p class='summary'>{headline_summary(row, projected, indicator, lang)}</p>{''.join(notes)}"
        f"{charts.block(figure, figures.source_line(values, lang))}"
        "</div>"
    )


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

    Per headline indicator: its block (status, numbers, trend chart) and, for a group, its
    municipalities side by side. A headline that the group has no value for itself (an
    indicator of municipalities only) still gets the members chart. The mission's heading,
    statement and data gap are kept on one page with its first block (``div.keep``), so a
    heading never ends a page; every block is under half a page, so every page but the last
    ends up at least half full.
    """
    rows = data.board.loc[data.board["mission_id"] == mission.id].set_index("indicator_id", drop=False)
    with_members = bool(data.members) and data.show_members
    shown: list[str] = []
    intro = [f"<h2>{mission.id} · {esc(mission.title(lang))}</h2>",
             f"<p class='statement'>{esc(mission.statement(lang))}</p>"]
    if mission.data_gap(lang):
        intro.append(f"<p class='gap'><b>{t('gap', lang)}:</b> {esc(mission.data_gap(lang))}</p>")
    blocks: list[str] = []
    for indicator_id in mission.headline:
        indicator = get_indicator(indicator_id)
        members = members_block(indicator, data, charts, lang) if with_members and "gemeente" in indicator.levels else ""
        if indicator_id in rows.index:
            blocks.append(headline_block(rows.loc[indicator_id], data, charts, lang))
            if members:
                blocks.append(members)
        elif members:  # a headline of municipalities only: heading and chart stay together
            heading = f"<h3>{esc(indicator.title(lang))}{proxy_badge(indicator, lang)}</h3>"
            note = f"<p class='note'>{esc(t('members_only', lang, group=data.name))}</p>"
            blocks.append(f"<div class='headline'>{heading}{note}{members}</div>")
        if indicator_id in rows.index or members:
            shown.append(indicator_id)
    if not shown:
        blocks.append(f"<p class='note'>{t('no_headline', lang)}</p>")
    if data.members and not data.show_members:
        blocks.append(f"<p class='note'>{esc(t('too_many_members', lang, region=data.name, count=len(data.members)))}</p>")
    first = f"<div class='keep'>{''.join(intro)}{blocks[0] if blocks else ''}</div>"
    return f"<section class='mission' id='{mission.id}'>{first}{''.join(blocks[1:])}</section>", shown


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
    gaps = "".join(f"<li><b>{mission.id} · {esc(mission.title(lang))}:</b> {esc(mission.data_gap(lang))}</li>"
                   for mission in missions if mission.data_gap(lang))
    proxies = []
    for indicator_id in shown:
        indicator = get_indicator(indicator_id)
        if indicator.proxy:
            reason = indicator.proxy_reason_en if lang == "en" else indicator.proxy_reason_nl
            proxies.append(f"<li><b>{esc(indicator.title(lang))}</b> ({indicator.mission}): {esc(reason)}</li>")
    proxy_list = f"<h3>{t('proxies', lang)}</h3><ul>{''.join(proxies)}</ul>" if proxies else ""
    return (f"<section class='gaps' id='gaps'><h2>{t('gaps', lang)}</h2><p class='note'>{t('gaps_intro', lang)}</p>"
            f"<ul>{gaps}</ul>{proxy_list}</section>")


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
