"""``hhu report``: a self-contained board report (HTML, and PDF when Chromium is there).

For a municipality or a group (U10, Health Hub partners, a GGD region): a first page with the
region, the date, the data status and the mission scoreboard; per mission the headline charts
with target path and projection and, for a group, its members side by side; what changed since
the previous build; data gaps and proxies named plainly; sources and definitions at the end.

Everything comes from the built tables through :mod:`indicators.api` and the shared chart
builders of :mod:`indicators.figures`; the report computes no indicator. The HTML embeds
plotly.js once, so it opens without a network.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators import api, figures
from indicators.catalog import get_indicator
from indicators.formatting import comparison_label, format_number, status_label, trend_label
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS
from indicators.regions import NETHERLANDS, RegionModel
from indicators.scoreboard import mission_scoreboard

MOVERS = 5
TEXT = {
    "title": {"nl": "Missiemonitor Gezond Utrecht 2030: bestuursrapport",
              "en": "Healthy Utrecht 2030 mission monitor: board report"},
    "made": {"nl": "Gemaakt op", "en": "Made on"},
    "data": {"nl": "Stand van de data", "en": "Data status"},
    "scoreboard": {"nl": "Missiescorebord", "en": "Mission scoreboard"},
    "mission": {"nl": "Missie", "en": "Mission"},
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "where": {"nl": "Gebied", "en": "Area"},
    "baseline": {"nl": "Basis", "en": "Baseline"},
    "latest": {"nl": "Laatste", "en": "Latest"},
    "target": {"nl": "Doel", "en": "Target"},
    "status": {"nl": "Status", "en": "Status"},
    "trend": {"nl": "Trend", "en": "Trend"},
    "vs_nl": {"nl": "t.o.v. Nederland", "en": "vs the Netherlands"},
    "national": {"nl": "alleen landelijk", "en": "national only"},
    "indicative": {"nl": "indicatief", "en": "indicative"},
    "gap": {"nl": "Datagat", "en": "Data gap"},
    "proxy": {"nl": "Proxy", "en": "Proxy"},
    "members": {"nl": "De gemeenten van {region}, laatste meting", "en": "The municipalities of {region}, latest measurement"},
    "changes": {"nl": "Wat is veranderd sinds de vorige datarelease", "en": "What changed since the previous data release"},
    "no_previous": {"nl": "Er is nog geen eerdere berekening om mee te vergelijken.",
                    "en": "There is no earlier build to compare with yet."},
    "no_changes": {"nl": "Geen verschillen met de vorige berekening voor deze regio.",
                   "en": "No differences with the previous build for this region."},
    "better": {"nl": "Grootste verbeteringen", "en": "Largest improvements"},
    "worse": {"nl": "Grootste verslechteringen", "en": "Largest deteriorations"},
    "new": {"nl": "Nieuwe metingen", "en": "New measurements"},
    "sources": {"nl": "Bronnen en definities", "en": "Sources and definitions"},
    "licence": {"nl": "Alle cijfers: CBS/RIVM StatLine, licentie CC BY 4.0. Berekeningen: missiemonitor Gezond Utrecht 2030.",
                "en": "All figures: CBS/RIVM StatLine, licence CC BY 4.0. Calculations: Healthy Utrecht 2030 mission monitor."},
    "tables": {"nl": "{n} brontabellen, opgehaald {when} uit {source}; {incomplete}",
               "en": "{n} source tables, retrieved {when} from {source}; {incomplete}"},
    "all_complete": {"nl": "alle volledig", "en": "all complete"},
    "some_incomplete": {"nl": "ingekort door de bron: {tables}", "en": "trimmed by the source: {tables}"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
}
CSS = """
body { font-family: "Source Sans Pro", Arial, sans-serif; color: #1a1a1a; max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 28px; margin-bottom: 4px; } h2 { font-size: 22px; margin-top: 28px; border-bottom: 2px solid #0072B2; }
h3 { font-size: 17px; margin-bottom: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.badge { display: inline-block; padding: 1px 6px; border-radius: 4px; font-size: 12px; border: 1px solid #999; }
.status-achieved, .status-on_track { background: #e3f2ec; border-color: #009E73; }
.status-needs_acceleration, .status-limited_progress { background: #fdf3dc; border-color: #E69F00; }
.status-moving_away { background: #fbe5dc; border-color: #D55E00; }
.note { color: #444; font-size: 13px; }
.gap { background: #f6f6f6; border-left: 4px solid #999; padding: 6px 10px; font-size: 13px; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: 10px 0 18px; }
.source { font-size: 11px; color: #444; }
.mission { break-before: page; page-break-before: always; }
@media print { body { padding: 0; } .chart { max-width: 100%; } }
"""


def t(key: str, lang: str, **values: object) -> str:
    """A report text in ``lang``, formatted with ``values``."""
    return TEXT[key]["en" if lang == "en" else "nl"].format(**values)


class ReportBuilder:
    """Collects the HTML of one report; charts carry plotly.js only the first time."""

    def __init__(self, lang: str) -> None:
        """Start an empty report in ``lang``."""
        self.lang = lang
        self.parts: list[str] = []
        self._plotly_included = False

    def add(self, markup: str) -> None:
        """Append raw, already escaped HTML."""
        self.parts.append(markup)

    def chart(self, figure: go.Figure, source: str) -> None:
        """Append a chart block with its source line (also under the chart, as text for print)."""
        figure.update_layout(width=1000)
        markup = figure.to_html(full_html=False, include_plotlyjs=not self._plotly_included,
                                config={"displaylogo": False, "responsive": False})
        self._plotly_included = True
        self.add(f'<div class="chart">{markup}<p class="source">{html.escape(source)}</p></div>')


def _escape(value: object) -> str:
    return html.escape(str(value))


def _number(value: float, lang: str) -> str:
    return format_number(value, lang) if pd.notna(value) else t("no_data", lang)


def _data_status(manifest: dict, lang: str) -> str:
    tables = manifest.get("tables", {})
    if not tables:
        return ""
    retrieved = max(entry.get("retrieved_at", "") for entry in tables.values())[:10]
    sources = sorted({entry.get("source", "") for entry in tables.values()})
    incomplete = sorted(table for table, entry in tables.items() if not str(entry.get("complete", "")).startswith("yes"))
    state = t("all_complete", lang) if not incomplete else t("some_incomplete", lang, tables=", ".join(incomplete))
    return t("tables", lang, n=len(tables), when=retrieved, source=" + ".join(sources), incomplete=state)


def _scoreboard_table(board: pd.DataFrame, model: RegionModel, lang: str) -> str:
    header = "".join(f"<th>{t(key, lang)}</th>" for key in
                     ("mission", "indicator", "where", "baseline", "latest", "target", "status", "trend", "vs_nl"))
    rows = []
    for row in board.itertuples():
        indicator = get_indicator(row.indicator_id)
        unit = indicator.unit_label(lang)
        where = model.name(row.region_code, lang) + (f" ({t('national', lang)})" if row.national_only else "")
        baseline = f"{row.baseline_period}: {_number(row.baseline_value, lang)}" if row.baseline_period else "–"
        target = "–"
        if pd.notna(row.target_value):
            target = f"{_number(row.target_value, lang)} ({row.deadline})"
            if row.indicative_target:
                target += f" {t('indicative', lang)}"
        proxy = f" <span class='badge'>{t('proxy', lang)}</span>" if row.proxy else ""
        compared = "–" if row.national_only or row.region_code == NETHERLANDS else comparison_label(row.vs_nl, lang)
        rows.append(
            f"<tr><td>{row.mission_id}</td><td>{_escape(indicator.title(lang))}{proxy}</td><td>{_escape(where)}</td>"
            f"<td>{baseline}</td><td>{row.latest_period}: {_number(row.latest_value, lang)} {_escape(unit)}</td>"
            f"<td>{target}</td><td><span class='badge status-{row.status}'>{_escape(status_label(row.status, lang))}</span></td>"
            f"<td>{_escape(trend_label(row.trend, lang))}</td><td>{_escape(comparison_label(compared, lang))}</td></tr>"
        )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def members_figure(values: pd.DataFrame, group_name: str, lang: str) -> go.Figure:
    """Latest value per member municipality as horizontal bars, with the national value as a line.

    Args:
        values: rows of one indicator in one period for the members and (optionally) ``NL01``.
        group_name: name of the group for the title.
        lang: ``nl`` or ``en``.
    """
    indicator = get_indicator(str(values["indicator_id"].iloc[0]))
    members = values.loc[values["region_code"] != NETHERLANDS].sort_values("value", na_position="first")
    national = values.loc[values["region_code"] == NETHERLANDS, "value"]
    labels = [f"{name} ({t('no_data', lang)})" if pd.isna(value) else name
              for name, value in zip(members["region_name"], members["value"], strict=True)]
    bars = go.Bar(x=members["value"], y=labels, orientation="h", marker={"color": figures.OKABE_ITO["blue"]},
                  text=[format_number(value, lang) if pd.notna(value) else "" for value in members["value"]],
                  textposition="outside", name=indicator.title(lang), cliponaxis=False)
    period = str(values["period"].iloc[0])
    title = f"{indicator.title(lang)}: {t('members', lang, region=group_name)} ({period})"
    layout = figures.base_layout(title, figures.source_line(values, lang), lang, height=120 + 26 * len(members),
                                 x_title=figures.unit_label(indicator.unit, lang))
    figure = go.Figure(data=[bars], layout=layout)
    if not national.empty and pd.notna(national.iloc[0]):
        figure.add_vline(x=float(national.iloc[0]), line_dash="dash", line_color="#000000",
                         annotation_text=f"Nederland {format_number(float(national.iloc[0]), lang)}",
                         annotation_position="top")
    return figure


def changes_since_previous(current: pd.DataFrame, previous: pd.DataFrame | None, regions: list[str]) -> pd.DataFrame | None:
    """Rows whose value changed, or that are new, since the previous build, for some regions.

    Returns:
        None without a previous build; else a frame with ``indicator_id``, ``region_code``,
        ``period``, ``before``, ``after``, ``change`` and ``better`` (True/False/NA by the
        indicator's direction).
    """
    if previous is None:
        return None
    keys = ["indicator_id", "region_code", "period"]
    now = current.loc[current["region_code"].isin(regions), [*keys, "region_name", "value"]]
    before = previous.loc[previous["region_code"].isin(regions), [*keys, "value"]].rename(columns={"value": "before"})
    merged = now.merge(before, on=keys, how="left").rename(columns={"value": "after"})
    changed = merged.loc[(merged["after"].notna()) & ~np.isclose(merged["after"], merged["before"].fillna(np.inf))].copy()
    changed["change"] = changed["after"] - changed["before"]
    signs = {"higher_is_better": 1.0, "lower_is_better": -1.0}
    sign = np.array([signs.get(get_indicator(str(indicator_id)).direction, 0.0) for indicator_id in changed["indicator_id"]])
    score = changed["change"].to_numpy(dtype=float) * sign
    changed["better"] = pd.array([pd.NA if value == 0 or np.isnan(value) else bool(value > 0) for value in score],
                                 dtype="boolean")
    return changed.reset_index(drop=True)


def _changes_html(changes: pd.DataFrame | None, lang: str) -> str:
    if changes is None:
        return f"<p class='note'>{t('no_previous', lang)}</p>"
    if changes.empty:
        return f"<p class='note'>{t('no_changes', lang)}</p>"
    parts = []
    for key, selection in (("better", changes["better"].eq(True)), ("worse", changes["better"].eq(False)),
                           ("new", changes["before"].isna())):
        chosen = changes.loc[selection.fillna(False).astype(bool)]
        if key != "new":
            chosen = chosen.loc[chosen["before"].notna()]
            chosen = chosen.reindex(chosen["change"].abs().sort_values(ascending=False).index)
        if chosen.empty:
            continue
        items = []
        for row in chosen.head(MOVERS).itertuples():
            indicator = get_indicator(row.indicator_id)
            before = "" if pd.isna(row.before) else f"{_number(row.before, lang)} → "
            items.append(f"<li>{_escape(indicator.title(lang))}, {_escape(row.region_name)} ({row.period}): "
                         f"{before}{_number(row.after, lang)} {_escape(indicator.unit_label(lang))}</li>")
        parts.append(f"<h3>{t(key, lang)}</h3><ul>{''.join(items)}</ul>")
    return "".join(parts) or f"<p class='note'>{t('no_changes', lang)}</p>"


def _sources_html(indicator_ids: list[str], manifest: dict, lang: str) -> str:
    rows = []
    tables = manifest.get("tables", {})
    for indicator_id in indicator_ids:
        indicator = get_indicator(indicator_id)
        source_titles = "; ".join(
            f"{table} {tables.get(table, {}).get('title', '')}".strip() for table in indicator.source_tables
        )
        definition = indicator.definition(lang)
        caveat = indicator.caveats(lang)
        proxy = indicator.proxy_reason(lang)
        extra = (f"<br><b>{t('proxy', lang)}:</b> {_escape(proxy)}" if indicator.proxy else "") + (
            f"<br><span class='note'>{_escape(caveat)}</span>" if caveat else "")
        rows.append(f"<tr><td>{_escape(indicator.title(lang))}</td><td>{_escape(definition)}{extra}</td>"
                    f"<td>{_escape(indicator.unit_label(lang))}</td><td>{_escape(source_titles)}</td></tr>")
    header = "".join(f"<th>{h}</th>" for h in (t("indicator", lang), "Definitie" if lang != "en" else "Definition",
                                               "Eenheid" if lang != "en" else "Unit", "Bron" if lang != "en" else "Source"))
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table><p>{t('licence', lang)}</p>"


def build_report(query: str, lang: str = "nl", today: date | None = None) -> tuple[str, str]:
    """Return ``(region_code, html)`` of the board report for a region code, name or group."""
    model = api.regions()
    code = model.find(query)
    region_name = model.name(code, lang)
    progress = api.progress_table()
    values = api.indicators_table()
    manifest = api.manifest()
    board = mission_scoreboard(code, progress)
    is_group = model.level(code) != "gemeente"
    members = model.members(code) if is_group else []
    report = ReportBuilder(lang)
    report.add(f"<h1>{t('title', lang)}</h1><h2 style='border:none;margin-top:0'>{_escape(region_name)} ({code})</h2>")
    report.add(f"<p>{t('made', lang)} {(today or date.today()).isoformat()}. {t('data', lang)}: "
               f"{_escape(_data_status(manifest, lang))}.</p>")
    report.add(f"<h2>{t('scoreboard', lang)}</h2>{_scoreboard_table(board, model, lang)}")
    report.add(f"<p class='note'>{BASELINE_RULE_EN if lang == 'en' else BASELINE_RULE_NL}</p>")
    used: list[str] = []
    for mission in MISSIONS:
        report.add(f"<section class='mission' id='{mission.id}'><h2>{mission.id} · {_escape(mission.title(lang))}</h2>"
                   f"<p>{_escape(mission.statement(lang))}</p>")
        part = board.loc[board["mission_id"] == mission.id]
        for row in part.itertuples():
            indicator = get_indicator(row.indicator_id)
            used.append(indicator.id)
            regions = [row.region_code] + ([NETHERLANDS] if row.region_code != NETHERLANDS else [])
            series = values.loc[(values["indicator_id"] == indicator.id) & values["region_code"].isin(regions)]
            rows = progress.loc[(progress["indicator_id"] == indicator.id) & progress["region_code"].isin(regions)]
            report.add(f"<h3>{_escape(indicator.title(lang))} · <span class='badge status-{row.status}'>"
                       f"{_escape(status_label(row.status, lang))}</span></h3>")
            if indicator.proxy:
                reason = indicator.proxy_reason(lang)
                report.add(f"<p class='note'><b>{t('proxy', lang)}:</b> {_escape(reason)}</p>")
            figure = figures.trend_figure(series, rows, lang=lang)
            report.chart(figure, figures.source_line(series, lang))
            if is_group and not row.national_only and "gemeente" in indicator.levels:
                latest = row.latest_period
                member_rows = values.loc[(values["indicator_id"] == indicator.id) & (values["period"] == latest)
                                         & values["region_code"].isin([*members, NETHERLANDS])]
                if member_rows["value"].notna().any():
                    report.chart(members_figure(member_rows, region_name, lang), figures.source_line(member_rows, lang))
        if mission.data_gap(lang):
            report.add(f"<p class='gap'><b>{t('gap', lang)}:</b> {_escape(mission.data_gap(lang))}</p>")
        report.add("</section>")
    changes = changes_since_previous(values, api.previous_indicators_table(), [code, *members])
    report.add(f"<section class='mission'><h2>{t('changes', lang)}</h2>{_changes_html(changes, lang)}</section>")
    report.add(f"<section class='mission'><h2>{t('sources', lang)}</h2>"
               f"{_sources_html(list(dict.fromkeys(used)), manifest, lang)}</section>")
    body = "\n".join(report.parts)
    title = f"{t('title', lang)}: {region_name}"
    document = (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{_escape(title)}</title>"
                f"<style>{CSS}</style></head><body>{body}</body></html>")
    return code, document


def write_pdf(html_path: Path, pdf_path: Path, chromium: str = "/usr/bin/chromium") -> bool:
    """Print the HTML to PDF with headless Chromium; False when Chromium or Playwright is missing."""
    if not Path(chromium).exists():
        return False
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return False
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        try:
            page = browser.new_page()
            page.goto(html_path.resolve().as_uri(), wait_until="load")
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0", timeout=30000)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_path), format="A4", print_background=True,
                     margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"}, scale=0.72)
        finally:
            browser.close()
    return True


def write_report(query: str, lang: str = "nl", output: Path | None = None, pdf: bool = True) -> tuple[Path, Path | None]:
    """Write the HTML report (and a PDF beside it when possible); return both paths."""
    code, document = build_report(query, lang)
    html_path = output or Path("reports") / f"bestuursrapport_{code}_{lang}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(document, encoding="utf-8")
    pdf_path = html_path.with_suffix(".pdf")
    made = pdf and write_pdf(html_path, pdf_path)
    return html_path, pdf_path if made else None
