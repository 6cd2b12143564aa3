"""Gemeenteprofiel: every indicator for one municipality (or region), grouped by mission and theme.

Per indicator: the latest value and period, the comparison with the Netherlands and with the
GGD region (better / similar / worse / not tested, in words on a colour-blind safe background),
the trend since the previous measurement (arrow and words), and a proxy label with its reason.
All of it is read from ``progress.parquet``; the mission status is on the Missies page. The
tables are HTML that wraps to the page's width (no sideways scrolling) and grows with "Grote
letters".
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, overview, state
from dashboard.components import Cell
from dashboard.i18n import t
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


def profile_row(indicator) -> list[Cell]:
    """One table row: the indicator, its latest value and period, the comparisons (coloured) and the trend."""
    name = components.html_text(indicator.title(lang))
    if indicator.proxy:
        name += f" <span class='tag proxy' title='{components.html_text(indicator.proxy_reason(lang))}'>proxy</span>"
    if indicator.id not in progress.index:
        missing = t("no_data", lang)
        return [Cell(markup=name), Cell(text=missing), Cell(text=missing), Cell(text=missing), Cell(text="—")]
    row = progress.loc[indicator.id]
    vs_nl = row["vs_nl"] if region != NETHERLANDS else "no_data"
    value = f"{overview.value_text(row['latest_value'], indicator.id, lang)}"
    period = f"<br><span class='small'>{components.html_text(row['latest_period'] or '')}</span>"
    return [
        Cell(markup=name),
        Cell(markup=components.html_text(value) + period),
        Cell(text=components.comparison_words(vs_nl, lang) if region != NETHERLANDS else "—",
             background=components.COMPARISON_COLOURS.get(vs_nl, "#FFFFFF")),
        Cell(text=components.comparison_words(row["vs_ggd"], lang),
             background=components.COMPARISON_COLOURS.get(row["vs_ggd"], "#FFFFFF")),
        Cell(text=components.trend_words(row["trend"], lang)),
    ]


def profile_table(indicators: list) -> None:
    """The table of a group of indicators, then why its proxies are proxies (one line per reason)."""
    headers = [(t("col_indicator", lang), 36, ""), (t("col_value", lang), 20, ""), (t("col_vs_nl", lang), 15, ""),
               (t("col_vs_ggd", lang), 15, ""), (t("col_trend", lang), 14, "")]
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
    st.subheader(f"{mission.id} · {mission.title(lang)}" if mission else t("context", lang))
    for theme, members in themes:
        if theme and len(themes) > 1:
            st.markdown(f"**{theme}**")
        profile_table(members)

st.page_link("app_pages/trends.py", label=t("open_trends", lang), icon=":material/show_chart:")
PROFILE_COLUMNS = ["indicator_id", "region_code", "latest_period", "latest_value", "latest_lower", "latest_upper",
                   "vs_nl", "vs_ggd", "trend", "status", "baseline_period", "baseline_value", "target_value", "deadline"]
profile_rows = data.progress_rows(regions_wanted=[region])
components.download(profile_rows[[column for column in PROFILE_COLUMNS if column in profile_rows.columns]],
                    f"profiel_{region}", lang, label=t("csv_table", lang), key="csv_profile")
