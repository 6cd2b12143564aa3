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
from indicators import verdicts
from indicators.catalog import get_indicator
from indicators.missions import BASELINE_RULE_EN, BASELINE_RULE_NL, MISSIONS

view = state.current()
lang = view.lang
big = controls.large_text()
region_name = data.region_name(view.region, lang)
board = overview.scoreboard_frame(view.region, lang)

st.title(t("missions_title", lang, region=region_name))
st.markdown(t("missions_intro", lang, region=region_name))
components.show_table(overview.scoreboard_html(view.region, lang))
rule_column, button_column = st.columns([3, 1], vertical_alignment="center")
with rule_column:
    st.caption(f"{BASELINE_RULE_EN if lang == 'en' else BASELINE_RULE_NL} {t('p_explained', lang)}")
with button_column:
    components.download(overview.scoreboard_csv_frame(view.region, lang), f"scorebord_{view.region}", lang,
                        label=t("csv_scoreboard", lang), key="csv_scoreboard",
                        translate=False, help_key="csv_table_help")

if overview.has_members_overview(view.region):
    st.subheader(t("members_title", lang, region=region_name))
    st.markdown(t("members_intro", lang))
    st.html(overview.members_legend_html(lang))
    components.show_table(overview.members_html(view.region, lang))
    components.download(overview.members_csv_frame(view.region, lang), f"gemeenten_{view.region}", lang,
                        label=t("csv_members", lang), key="csv_members", help_key="csv_table_help")


def headline(row) -> None:
    """One headline indicator (a row of the scoreboard): numbers with their uncertainty, status and why, its trend."""
    indicator = get_indicator(row["_indicator_id"])
    st.markdown(f"**{indicator.title(lang)}**")
    if not row["_status"]:  # no figure for the region (nor a national one)
        st.caption(components.plain(row[t("col_status_reason", lang)]))
        return
    progress = overview.progress_row(row["_indicator_id"], row["_region_code"])
    badges = []
    if row["_national_only"]:
        badges.append(f":gray-badge[:material/public: {t('national_only', lang)}]")
    if row["_proxy"]:
        badges.append(f":orange-badge[{t('proxy', lang)}]")
    if badges:
        st.markdown(" ".join(badges))
    if row["_national_only"]:
        st.caption(t("national_only_help", lang, region=region_name))
    if row["_proxy"]:
        st.caption(indicator.proxy_reason(lang))
    st.metric(t("latest_value", lang, period=row[t("latest", lang)] or "—"), row["_latest_text"])
    if row["_interval"]:
        st.caption(components.plain(row["_interval"]))
    baseline_period = row[t("baseline", lang)]
    baseline = f"{baseline_period}: {row['_baseline_text']}" if baseline_period else t("no_data", lang)
    st.markdown(f"{t('baseline', lang)} {components.plain(baseline)}")
    deadline = row[t("col_deadline", lang)]
    if row["_target_value"] == row["_target_value"]:  # not NaN
        target_key = "target_indicative" if row[t("indicative", lang)] else "target"
        st.markdown(f"{t(target_key, lang, year=deadline)}: {components.plain(row['_target_text'])}")
    else:
        st.markdown(t("no_target_context", lang))
    reason = row[t("col_status_reason", lang)]
    components.status_badge(row["_status"], lang, reason)
    if row["_wording"]:  # an indicative target on a proxy: the status is about the proxy, not the mission
        st.caption(t("status_about", lang, about=overview.wording_subject(row["_wording"])))
    if reason:
        st.caption(components.plain(reason))
    if progress is not None:
        st.caption(components.plain(verdicts.trend_text(progress, lang)))
        st.caption(components.plain(overview.projection_words(progress, lang)))
    figure, rows = charts.sparkline_chart(row["_indicator_id"], row["_region_code"], lang, big)
    components.chart(figure, rows, f"{row['_indicator_id']}_{row['_region_code']}", lang,
                     key=f"spark_{row['_mission_id']}_{row['_indicator_id']}")


st.header(t("details_title", lang))
for mission in MISSIONS:
    with st.container(border=True):
        st.subheader(f"{mission.id} · {mission.vzinfo_name(lang)}")
        st.markdown(f"**{mission.title(lang)}**")
        st.caption(f"{mission.statement(lang)} ({t('deadline', lang, year=mission.deadline)})")
        if mission.data_gap(lang):  # what is not measured comes before the numbers, so no status is misread
            st.info(f"**{t('data_gap', lang)}:** {mission.data_gap(lang)}", icon=":material/help:")
        rows = board.loc[board["_mission_id"] == mission.id] if not board.empty else board
        if rows.empty:
            st.write(t("no_headline", lang, region=region_name))
        else:
            for column, (_, row) in zip(st.columns(len(rows), gap="large"), rows.iterrows(), strict=True):
                with column:
                    headline(row)
