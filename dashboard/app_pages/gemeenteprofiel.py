"""Gemeenteprofiel: every indicator for one municipality (or region), grouped by mission and theme.

Per indicator: the latest value and period, the comparison with the Netherlands and with the
GGD region (better / similar / worse / not tested, in words on a colour-blind safe background),
the trend since the previous measurement (arrow and words), and a proxy label with its reason.
All of it is read from ``progress.parquet``; the mission status is on the Missies page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import components, data, state
from dashboard.i18n import t
from indicators.catalog import all_indicators
from indicators.formatting import format_number
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


def profile_row(indicator) -> dict:
    """One table row: words for an indicator's numbers, and the comparison ids for the colours."""
    name = f"{indicator.title(lang)} (proxy)" if indicator.proxy else indicator.title(lang)
    if indicator.id not in progress.index:
        return {
            t("col_indicator", lang): name, t("col_value", lang): t("no_data", lang),
            t("col_vs_nl", lang): t("no_data", lang), t("col_vs_ggd", lang): t("no_data", lang),
            t("col_trend", lang): "—", "_vs_nl": "no_data", "_vs_ggd": "no_data",
        }
    row = progress.loc[indicator.id]
    vs_nl = row["vs_nl"] if region != NETHERLANDS else "no_data"
    return {
        t("col_indicator", lang): name,
        t("col_value", lang): f"{format_number(row['latest_value'], lang)} {indicator.unit_label(lang)} "
                              f"({row['latest_period']})",
        t("col_vs_nl", lang): components.comparison_words(vs_nl, lang) if region != NETHERLANDS else "—",
        t("col_vs_ggd", lang): components.comparison_words(row["vs_ggd"], lang),
        t("col_trend", lang): components.trend_words(row["trend"], lang),
        "_vs_nl": vs_nl, "_vs_ggd": row["vs_ggd"],
    }


def colour_comparisons(table: pd.DataFrame) -> pd.DataFrame:
    """Background colours of the two comparison columns, from their comparison ids."""
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    for column, ids in ((t("col_vs_nl", lang), "_vs_nl"), (t("col_vs_ggd", lang), "_vs_ggd")):
        styles[column] = [f"background-color: {components.COMPARISON_COLOURS.get(item, '#FFFFFF')}"
                          for item in table[ids]]
    return styles


def profile_table(indicators: list) -> None:
    """The table of a group of indicators, then why its proxies are proxies (one line per reason)."""
    table = pd.DataFrame([profile_row(indicator) for indicator in indicators])
    styled = table.style.apply(colour_comparisons, axis=None).hide(["_vs_nl", "_vs_ggd"], axis="columns")
    st.dataframe(
        styled, hide_index=True, width="stretch",
        column_config={
            t("col_indicator", lang): st.column_config.TextColumn(width=330),
            t("col_value", lang): st.column_config.TextColumn(width=150),
            t("col_vs_nl", lang): st.column_config.TextColumn(width=110),
            t("col_vs_ggd", lang): st.column_config.TextColumn(width=110),
            t("col_trend", lang): st.column_config.TextColumn(width=115),
        },
    )
    reasons: dict[str, list[str]] = {}
    for indicator in indicators:
        if indicator.proxy:
            reasons.setdefault(indicator.proxy_reason(lang), []).append(
                indicator.title(lang))
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
components.download(data.progress_rows(regions_wanted=[region]), f"profiel_{region}", lang,
                    label=t("csv_table", lang), key="csv_profile")
