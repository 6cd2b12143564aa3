"""Gemeenteprofiel: every indicator for one municipality (or region), grouped by mission and theme.

Per indicator: the latest value and period with its 95% interval and the kind of figure
(steekproef / modelschatting / registratie), the tested comparison with the Netherlands and with
the GGD region (better / similar / worse / not tested, in words on a colour-blind safe background;
the p-value and the benchmark's value on hover), the tested trend since the baseline (arrow and
words; the sentence with slope and p-value on hover), the status against a mission target (its
reason on hover), and a proxy label with its reason. All of it is read from ``progress.parquet``.
The tables are HTML that wraps to the page's width (no sideways scrolling) and grows with "Grote
letters".
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, overview, state
from dashboard.components import Cell
from dashboard.i18n import t
from indicators import verdicts
from indicators.catalog import all_indicators
from indicators.missions import MISSIONS_BY_ID
from indicators.regions import NETHERLANDS

view = state.current()
lang = view.lang
region = view.region
region_name = data.region_name(region, lang)
level = data.regions().level(region)
ggd = data.regions().ggd_of(region) if level == "gemeente" else None

st.title(t("profile_title", lang, region=region_name))
st.markdown(t("profile_intro", lang, region=region_name, ggd=data.region_name(ggd, lang) if ggd else "—"))

progress = data.progress_rows(regions_wanted=[region]).set_index("indicator_id")
shown = [indicator for indicator in all_indicators() if level in indicator.levels or indicator.id in progress.index]


def comparison_cell(row, column: str, benchmark: str | None) -> Cell:
    """A comparison in words on its colour, with the tested p-value and the benchmark's value on hover."""
    comparison = row[column]
    if benchmark is None:
        return Cell(text="—")
    title = f"{t(f'col_{column}', lang)}: {components.comparison_words(comparison, lang, row.get(f'{column}_p'))}"
    other = overview.progress_row(row.name, benchmark)
    if other is not None and verdicts.finite(other["latest_value"]):
        title += (f"; {data.region_name(benchmark, lang)} {other['latest_period']}: "
                  f"{overview.value_text(other['latest_value'], row.name, lang)}")
    return Cell(markup=components.breakable(components.comparison_words(comparison, lang)), title=title,
                background=components.COMPARISON_COLOURS.get(comparison, "#FFFFFF"))


def profile_row(indicator) -> list[Cell]:
    """One table row: the indicator, its latest value with interval, the comparisons (coloured), trend and status."""
    name = components.html_text(indicator.title(lang))
    if indicator.proxy:
        name += f" <span class='tag proxy' title='{components.html_text(indicator.proxy_reason(lang))}'>proxy</span>"
    if indicator.id not in progress.index:
        missing = t("no_data", lang)
        return [Cell(markup=name), Cell(text=missing), Cell(text=missing), Cell(text=missing), Cell(text="—"),
                Cell(text="—")]
    row = progress.loc[indicator.id]
    places = data.decimals().get(indicator.id, 1)
    value = overview.value_text(row["latest_value"], indicator.id, lang)
    detail = verdicts.row_interval_words(row, lang, places) if verdicts.finite(row["latest_value"]) else ""
    small = "<br>".join(components.html_text(part) for part in (row["latest_period"] or "", detail) if part)
    reason = overview.status_reason(row, lang)
    has_target = verdicts.finite(row["target_value"])
    status = (Cell(markup=components.status_pill(row["status"], lang, reason)) if has_target
              else Cell(text="—", title=reason))
    return [
        Cell(markup=name),
        Cell(markup=components.html_text(value) + (f"<br><span class='small'>{small}</span>" if small else "")),
        comparison_cell(row, "vs_nl", NETHERLANDS if region != NETHERLANDS else None),
        comparison_cell(row, "vs_ggd", ggd),
        Cell(markup=components.breakable(components.trend_words(row["trend"], lang)), title=verdicts.trend_text(row, lang)),
        status,
    ]


def profile_table(indicators: list) -> None:
    """The table of a group of indicators, then why its proxies are proxies (one line per reason)."""
    headers = [(t("col_indicator", lang), 27, ""), (t("col_value", lang), 22, ""), (t("col_vs_nl", lang), 12, ""),
               (t("col_vs_ggd", lang), 12, ""), (t("col_trend", lang), 13, ""), (t("col_status", lang), 14, "")]
    components.show_table(components.html_table(headers, [profile_row(indicator) for indicator in indicators],
                                                key="profile"))
    reasons: dict[str, list[str]] = {}
    for indicator in indicators:
        if indicator.proxy:
            reasons.setdefault(indicator.proxy_reason(lang), []).append(indicator.title(lang))
    for reason, titles in reasons.items():
        st.markdown(f":orange-badge[{t('proxy', lang)}] **{', '.join(titles)}**: {reason}")


if not shown:
    st.info(t("no_values_region", lang, region=region_name))
groups: dict[tuple[str, str], list] = {}
for indicator in shown:
    groups.setdefault((indicator.mission, indicator.theme(lang)), []).append(indicator)
for mission_id in [*MISSIONS_BY_ID, "context"]:
    themes = [(theme, members) for (mission, theme), members in groups.items() if mission == mission_id]
    if not themes:
        continue
    mission = MISSIONS_BY_ID.get(mission_id)
    st.subheader(f"{mission.id} · {mission.vzinfo_name(lang)}: {mission.title(lang)}" if mission
                 else t("context", lang))
    for theme, members in themes:
        if theme and len(themes) > 1:
            st.markdown(f"**{theme}**")
        profile_table(members)

st.page_link("app_pages/trends.py", label=t("open_trends", lang), icon=":material/show_chart:")
PROFILE_COLUMNS = ["indicator_id", "region_code", "latest_period", "latest_value", "latest_lower", "latest_upper",
                   "uncertainty", "vs_nl", "vs_nl_p", "vs_ggd", "vs_ggd_p", "trend", "trend_p", "status", "change_p",
                   "baseline_period", "baseline_value", "target_value", "deadline"]
profile_rows = data.progress_rows(regions_wanted=[region])
components.download(profile_rows[[column for column in PROFILE_COLUMNS if column in profile_rows.columns]],
                    f"profiel_{region}", lang, label=t("csv_table", lang), key="csv_profile")
