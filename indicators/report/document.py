"""The board report as one self-contained HTML document.

:func:`gather` reads what a report shows from the built tables through :mod:`indicators.api`
(nothing is computed here); :func:`render` lays it out; :func:`build_report` does both. The page
carries its own CSS and plotly.js (once, in the head), and links to nothing outside itself, so
it opens without a network and prints to A4: the cover (data status and scoreboard) on page 1,
then the missions one after another; a chart or a headline is never split over two pages, a
heading never ends a page, so every page but the last is well filled.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
from plotly.offline import get_plotlyjs

from indicators import api, verdicts
from indicators.missions import MISSIONS
from indicators.regions import NETHERLANDS
from indicators.report import sections
from indicators.report.blocks import ChartBlocks, ReportData
from indicators.report.changes import changes_since_previous
from indicators.report.text import t
from indicators.scoreboard import mission_scoreboard

MAX_MEMBERS_SIDE_BY_SIDE = 40  # U10 has 16, GGD regio Utrecht 26; the Netherlands' 342 would not fit

CSS = """
@page { size: A4; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; font-size: 13px; line-height: 1.4;
       max-width: 760px; margin: 0 auto; padding: 16px 24px; background: white; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 30px; margin: 4px 0; color: #0b3d63; }
h2 { font-size: 19px; margin: 18px 0 6px; padding-bottom: 2px; border-bottom: 2px solid #0072B2; color: #0b3d63;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15px; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
p { margin: 4px 0 6px; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; color: #0072B2; font-weight: bold; font-size: 12px; }
.meta { font-size: 14px; color: #333; }
.note, .small { color: #444; font-size: 11.5px; }
.statement { font-style: italic; break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.summary { font-size: 12.5px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 8px; font-size: 11px; table-layout: fixed; }
th, td { border-bottom: 1px solid #d0d0d0; padding: 2px 4px; overflow-wrap: break-word; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
tr { break-inside: avoid; }
.badge { display: inline-block; padding: 0 4px; border-radius: 3px; border: 1px solid #888; font-size: 10.5px;
         font-weight: normal; }
.badge.proxy { border-style: dashed; color: #444; }
""" + verdicts.status_css() + """
table .small { font-size: 10px; }
table.scoreboard .badge { font-size: 10px; }
.goal { font-weight: bold; margin: 2px 0; break-after: avoid; }
.why { font-size: 11.5px; margin: 2px 0 4px; }
section.gaps > p.note, section.changes > p.note { break-after: avoid; }
section.method p { font-size: 11.5px; margin: 3px 0 5px; }
table.definitions { font-size: 10.5px; }
.gap { background: #f4f4f4; border-left: 4px solid #8c8c8c; padding: 5px 9px; font-size: 12px; break-inside: avoid;
       break-after: avoid; }
.headline { break-inside: avoid; }
.chart { break-inside: avoid; page-break-inside: avoid; margin: 4px 0 10px; }
.chart .plotly-graph-div { margin: 0 auto; }
.source { font-size: 10.5px; color: #444; margin: 0 0 4px; }
header.cover { break-after: page; page-break-after: always; }
section.mission { margin-top: 14px; }
ul { margin: 4px 0 8px; padding-left: 20px; }
li { margin-bottom: 3px; break-inside: avoid; }
"""


def gather(query: str, lang: str = "nl") -> ReportData:
    """Read everything the report for ``query`` shows from the built store.

    Args:
        query: region code, name or group (``GM0344``, ``Zeist``, ``U10``).
        lang: ``nl`` or ``en`` (for the region's name).

    Raises:
        indicators.regions.RegionError: unknown region (the message names the closest matches).
        indicators.store.StoreError: the store has not been built.
    """
    model = api.regions()
    code = model.find(query)
    level = model.level(code)
    members = tuple(model.members(code)) if level not in ("gemeente",) else ()
    table = api.indicators_table()
    regions = [code, *members, NETHERLANDS]
    indicators = table.loc[table["region_code"].isin(regions)]
    progress_all = api.progress_table()
    progress = progress_all.loc[progress_all["region_code"].isin([code, NETHERLANDS])]
    changes = changes_since_previous(table, api.previous_indicators_table(), regions)
    if changes is not None and code != NETHERLANDS:  # national rows only where the region itself has none
        own = set(indicators.loc[indicators["region_code"] == code, "indicator_id"])
        changes = changes.loc[(changes["region_code"] != NETHERLANDS) | ~changes["indicator_id"].isin(own)]
        changes = changes.reset_index(drop=True)
    return ReportData(
        code=code, name=model.name(code, lang), level=level, members=members,
        member_names=tuple(model.name(member, lang) for member in members),
        indicators=indicators.reset_index(drop=True), progress=progress.reset_index(drop=True),
        board=mission_scoreboard(code, progress_all), changes=changes, manifest=api.manifest(),
        show_members=0 < len(members) <= MAX_MEMBERS_SIDE_BY_SIDE,
        names={region: model.name(region, lang) for region in regions},
    )


def render(data: ReportData, lang: str = "nl", today: date | None = None) -> str:
    """Lay out the report as one HTML document (pure: the data in, the page out)."""
    charts = ChartBlocks()
    shown: list[str] = []
    body = [sections.cover(data, lang, today or date.today())]
    for mission in MISSIONS:
        markup, ids = sections.mission_section(mission, data, charts, lang)
        body.append(markup)
        shown += ids
    shown = list(dict.fromkeys(shown))
    body.append(sections.changes_section(data.changes, lang, data.names,
                                         with_region=bool(data.members) or _has_national_rows(data.changes)))
    body.append(sections.gaps_section(MISSIONS, shown, lang))
    body.append(sections.method_section(lang))
    body.append(sections.sources_section(shown, data.manifest, lang))
    title = f"{t('title', lang)} · {t('subtitle', lang)} · {data.name} ({data.code})"
    return (
        f"<!DOCTYPE html>\n<html lang='{'en' if lang == 'en' else 'nl'}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style><script type='text/javascript'>{get_plotlyjs()}</script></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def build_report(query: str, lang: str = "nl", today: date | None = None) -> tuple[str, str]:
    """Return ``(region_code, html)`` of the board report for a region code, name or group."""
    data = gather(query, lang)
    return data.code, render(data, lang, today)


def _has_national_rows(changes: pd.DataFrame | None) -> bool:
    return changes is not None and bool((changes["region_code"] == NETHERLANDS).any())
