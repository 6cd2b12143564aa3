"""Missies: one card per mission with its headline figures for the chosen region.

Each card shows, per headline indicator: the latest value, the baseline, the target and
deadline, the status in words with a badge, and a sparkline with the required path to the
target. Figures that exist only nationally say so; what cannot be measured is shown as a data
gap. The baseline rule is stated at the top.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.formatting import format_number
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS

view = state.current()
lang = view.lang
big = controls.large_text()
region_name = data.region_name(view.region, lang)
board = data.scoreboard(view.region)

st.title(t("missions_title", lang, region=region_name))
st.markdown(t("missions_intro", lang, region=region_name))
st.caption(BASELINE_RULE_EN if lang == "en" else BASELINE_RULE_NL)


def headline(row) -> None:
    """One headline indicator: words and numbers, then its sparkline."""
    indicator = get_indicator(row.indicator_id)
    unit = indicator.unit_label(lang)
    st.markdown(f"**{indicator.title(lang)}**")
    badges = []
    if row.national_only:
        badges.append(f":gray-badge[:material/public: {t('national_only', lang)}]")
    if row.proxy:
        badges.append(f":orange-badge[{t('proxy', lang)}]")
    if badges:
        st.markdown(" ".join(badges))
    if row.national_only:
        st.caption(t("national_only_help", lang, region=region_name))
    if row.proxy:
        st.caption(indicator.proxy_reason(lang))
    st.metric(t("latest_value", lang, period=row.latest_period or "—"),
              f"{format_number(row.latest_value, lang)} {unit}")
    baseline = (f"{row.baseline_period}: {format_number(row.baseline_value, lang)} {unit}"
                if row.baseline_period else t("no_data", lang))
    st.markdown(f"{t('baseline', lang)} {baseline}")
    if row.target_value == row.target_value:  # not NaN
        target_key = "target_indicative" if row.indicative_target else "target"
        st.markdown(f"{t(target_key, lang, year=row.deadline)}: {format_number(row.target_value, lang)} {unit}")
    else:
        st.markdown(f"{t('target', lang, year=row.deadline)}: {t('no_target', lang)}")
    components.status_badge(row.status, lang)
    figure, rows = charts.sparkline_chart(row.indicator_id, row.region_code, lang, big)
    components.chart(figure, rows, f"{row.indicator_id}_{row.region_code}", lang,
                     key=f"spark_{row.mission_id}_{row.indicator_id}")


for mission in MISSIONS:
    with st.container(border=True):
        st.subheader(f"{mission.id} · {mission.title(lang)}")
        st.caption(f"{mission.statement(lang)} ({t('deadline', lang, year=mission.deadline)})")
        rows = board.loc[board["mission_id"] == mission.id]
        if rows.empty:
            st.write(t("no_headline", lang, region=region_name))
        else:
            for column, row in zip(st.columns(len(rows), gap="large"), rows.itertuples(), strict=True):
                with column:
                    headline(row)
        if mission.data_gap(lang):
            st.info(f"**{t('data_gap', lang)}:** {mission.data_gap(lang)}", icon=":material/help:")

components.download(board, f"missies_{view.region}", lang, label=t("csv_table", lang), key="csv_scoreboard")
