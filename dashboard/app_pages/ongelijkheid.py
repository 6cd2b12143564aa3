"""Ongelijkheid: health gaps by income and education (national) and between districts (municipal).

Three parts: the national gaps in healthy life years over time with the mission's required
path; the gap between districts inside the chosen municipality over the years (the
``wijkkloof_*`` indicators); and the districts of that municipality ranked by one measure, as
RIVM publishes them in table 50090NED (a view of source data, not a computed indicator).
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.regions import NETHERLANDS

NATIONAL_GAPS = ("inkomenskloof_gezonde_levensjaren", "opleidingskloof_gezonde_levensjaren")
OLDER_GAP = "inkomenskloof_gezonde_levensjaren_mannen_oud"
WIJK_GAPS = ("wijkkloof_ervaren_gezondheid_pp", "wijkkloof_overgewicht_pp", "wijkkloof_eenzaamheid_pp")

view = state.current()
lang = view.lang
big = controls.large_text()


def caveats(indicator_ids: tuple[str, ...]) -> None:
    """The caveats of the indicators drawn, one line each."""
    for indicator_id in indicator_ids:
        indicator = get_indicator(indicator_id)
        note = indicator.caveats(lang)
        if note:
            st.caption(f"**{indicator.title(lang)}**: {note}")


def district_sections(municipality: str) -> None:
    """The gap between districts over time, and the districts ranked on one measure."""
    st.markdown(t("wijk_gaps_intro", lang))
    title = t("wijk_gap_title", lang, region=data.region_name(municipality, lang))
    figure, rows = charts.gap_chart(WIJK_GAPS, municipality, lang, big, title=title)
    components.chart(figure, rows, f"wijkkloof_{municipality}", lang, key="wijk_gaps")
    caveats(WIJK_GAPS[:1])
    components.proxy_note(get_indicator(WIJK_GAPS[0]).proxy_reason(lang), lang)

    st.subheader(t("wijk_ranking", lang))
    st.markdown(t("wijk_ranking_intro", lang))
    measure_column, period_column = st.columns([3, 1])
    with measure_column:
        measure_id = st.selectbox(t("measure", lang), WIJK_GAPS, key="w_wijk_measure",
                                  format_func=lambda item: t(f"measure_{item}", lang))
    wijken = data.wijk_values(measure_id)
    periods = sorted(set(wijken.loc[wijken["municipality_code"] == municipality, "period"]), reverse=True)
    if not periods:
        st.info(t("no_wijk_values", lang, region=data.region_name(municipality, lang), period="—"))
        return
    with period_column:
        period = st.selectbox(t("period", lang), periods, key="w_wijk_period")
    measure = t(f"measure_{measure_id}", lang)
    figure, rows = charts.wijk_chart(measure_id, municipality, period, measure, lang, big)
    components.chart(figure, rows, f"wijken_{municipality}_{measure_id}_{period}", lang, key="wijk_ranking")


st.title(t("inequality_title", lang))

st.header(t("national_gaps", lang))
st.markdown(t("national_gaps_intro", lang))
figure, rows = charts.gap_chart(NATIONAL_GAPS, NETHERLANDS, lang, big, title=t("national_gap_title", lang))
components.chart(figure, rows, "kloof_nederland", lang, key="national_gaps")
caveats(NATIONAL_GAPS)
with st.expander(t("older_series", lang)):
    figure, rows = charts.trend_chart(OLDER_GAP, (NETHERLANDS,), lang, big)
    components.chart(figure, rows, "kloof_nederland_oud", lang, key="older_gap")
    caveats((OLDER_GAP,))

st.header(t("wijk_gaps", lang, region=data.region_name(view.region, lang)))
if data.is_municipality(view.region):
    district_sections(view.region)
else:
    st.info(t("wijk_only_municipal", lang))
