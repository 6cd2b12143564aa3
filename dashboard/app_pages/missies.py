"""Missies: the scoreboard of the chosen region, its municipalities side by side, then one card per mission.

At the top, on one screen at 1280 x 900 and legible on a projector: every mission's headline
indicators with the status in words (the explanation as a tooltip), latest value and period,
baseline, target and deadline (:mod:`dashboard.overview`); its CSV button downloads exactly
that table. For a group, GGD region or province the members overview follows: municipalities x
headline indicators, each cell coloured by the tested comparison with the Netherlands. The
cards below give the detail per headline: numbers, status with its explanation, and the trend
with the required path to the target; what cannot be measured is shown as a data gap.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, overview, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS

view = state.current()
lang = view.lang
big = controls.large_text()
region_name = data.region_name(view.region, lang)
board = data.scoreboard(view.region)

st.title(t("missions_title", lang, region=region_name))
st.markdown(t("missions_intro", lang, region=region_name))
components.show_table(overview.scoreboard_html(view.region, lang))
rule_column, button_column = st.columns([3, 1], vertical_alignment="center")
with rule_column:
    st.caption(BASELINE_RULE_EN if lang == "en" else BASELINE_RULE_NL)
with button_column:
    components.download(overview.scoreboard_csv_frame(overview.scoreboard_frame(view.region, lang)),
                        f"scorebord_{view.region}", lang, label=t("csv_scoreboard", lang), key="csv_scoreboard",
                        translate=False, help_key="csv_table_help")

if overview.has_members_overview(view.region):
    st.subheader(t("members_title", lang, region=region_name))
    st.markdown(t("members_intro", lang))
    st.html(overview.members_legend_html(lang))
    components.show_table(overview.members_html(view.region, lang))
    components.download(overview.members_csv_frame(view.region, lang), f"gemeenten_{view.region}", lang,
                        label=t("csv_members", lang), key="csv_members", help_key="csv_table_help")


def headline(row) -> None:
    """One headline indicator: words and numbers, status with its explanation, then its trend chart."""
    indicator = get_indicator(row.indicator_id)
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
              overview.value_text(row.latest_value, row.indicator_id, lang))
    baseline = (f"{row.baseline_period}: {overview.value_text(row.baseline_value, row.indicator_id, lang)}"
                if row.baseline_period else t("no_data", lang))
    st.markdown(f"{t('baseline', lang)} {components.plain(baseline)}")
    if row.target_value == row.target_value:  # not NaN
        target_key = "target_indicative" if row.indicative_target else "target"
        st.markdown(f"{t(target_key, lang, year=row.deadline)}: "
                    f"{components.plain(overview.value_text(row.target_value, row.indicator_id, lang))}")
    else:
        st.markdown(f"{t('target', lang, year=row.deadline)}: {t('no_target', lang)}")
    reason = overview.status_reason(overview.progress_row(row.indicator_id, row.region_code), lang)
    components.status_badge(row.status, lang, reason)
    if reason:
        st.caption(components.plain(reason))
    figure, rows = charts.sparkline_chart(row.indicator_id, row.region_code, lang, big)
    components.chart(figure, rows, f"{row.indicator_id}_{row.region_code}", lang,
                     key=f"spark_{row.mission_id}_{row.indicator_id}")


st.header(t("details_title", lang))
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
