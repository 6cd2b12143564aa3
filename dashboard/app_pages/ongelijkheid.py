"""Ongelijkheid: health gaps by income and education (national) and by income across districts (municipal).

Three parts: the national gaps in healthy life years over time with the mission's required path;
inside the chosen municipality the slope index of inequality (SII) across its districts, ordered
by their share of low incomes (the ``sii_*`` indicators, over the years, with their intervals, a
verdict in words and the M1b status of the headline SII with its reason); and the districts
themselves: a map (income rank on hover), a table in income order (HTML, Dutch numbers) and a
ranking, with their names. The gap
between the best and worst fifth of the districts (``wijkkloof_*``) stays as context.

Text from data (names, notes) is escaped or shown as plain text (:mod:`dashboard.inequality`).
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, inequality, overview, state
from dashboard.i18n import t, t_text
from dashboard.inequality import SII_IDS, WIJK_GAPS, markdown_safe, words
from indicators import verdicts
from indicators.catalog import get_indicator
from indicators.district_map import plain
from indicators.formatting import format_number
from indicators.missions import MISSIONS_BY_ID
from indicators.regions import NETHERLANDS
from indicators.verdicts import interval_words

NATIONAL_GAPS = ("inkomenskloof_gezonde_levensjaren", "opleidingskloof_gezonde_levensjaren")
OLDER_GAP = "inkomenskloof_gezonde_levensjaren_mannen_oud"

view = state.current()
lang = view.lang
big = controls.large_text()


def caveats(indicator_ids: tuple[str, ...]) -> None:
    """The caveats of the indicators drawn, one line each."""
    for indicator_id in indicator_ids:
        indicator = get_indicator(indicator_id)
        note = indicator.caveats(lang)
        if note:
            st.caption(f"**{markdown_safe(indicator.title(lang))}**: {markdown_safe(note)}")


def sii_section(municipality: str) -> None:
    """The SII of the three measures in the latest period, and over the years."""
    st.markdown(words("sii_intro", lang))
    columns = st.columns(len(SII_IDS))
    for column, indicator_id in zip(columns, SII_IDS, strict=True):
        rows = data.values(indicator_id, [municipality])
        rows = rows.loc[rows["value"].notna()]
        with column:
            label = words(f"measure_{indicator_id}", lang).split(" (")[0]  # short: a metric's label never wraps
            if rows.empty:
                st.metric(label, words("no_sii", lang))
                notes = data.values(indicator_id, [municipality])["note"].dropna()
                if not notes.empty:
                    st.text(str(notes.iloc[-1]))
                continue
            latest = rows.iloc[-1]
            value = f"{'+' if latest['value'] > 0 else ''}{format_number(latest['value'], lang)} pp"
            st.metric(f"{label}, {latest['period']}", value)
            st.markdown(markdown_safe(inequality.sii_verdict(latest, lang)))
            st.caption(markdown_safe(interval_words(latest["lower"], latest["upper"], latest["se"], latest["uncertainty"],
                                                    lang, value=latest["value"])))
            if isinstance(latest["note"], str):
                st.caption(markdown_safe(latest["note"]))
    headline = overview.progress_row(SII_IDS[0], municipality)
    if headline is not None and isinstance(headline["status"], str):
        mission = MISSIONS_BY_ID["M1b"]
        with st.container(border=True):
            st.markdown(f"**{mission.id} · {mission.vzinfo_name(lang)}: {mission.title(lang)}** — "
                        f"{markdown_safe(get_indicator(SII_IDS[0]).title(lang))}")
            reason = overview.status_reason(headline, lang)
            components.status_badge(headline["status"], lang, reason)
            st.caption(t("status_about", lang, about=overview.wording_subject(
                mission.target_for(SII_IDS[0]).wording(lang))))
            st.caption(markdown_safe(reason))
            st.caption(markdown_safe(verdicts.trend_text(headline, lang)))
    title = plain(words("sii_chart_title", lang, region=data.region_name(municipality, lang)))
    figure, rows = charts.gap_chart(SII_IDS, municipality, lang, big, title=title)
    components.chart(figure, rows, f"sii_{municipality}", lang, key="sii_chart")
    caveats(SII_IDS[:1])
    components.proxy_note(markdown_safe(get_indicator(SII_IDS[0]).proxy_reason(lang)), lang)


def district_sections(municipality: str) -> None:
    """The districts: a map, a table in income order and a ranking, for one measure and period."""
    measure_column, period_column = st.columns([3, 1])
    with measure_column:
        measure_id = st.selectbox(t("measure", lang), SII_IDS, key="w_wijk_measure",
                                  format_func=lambda item: words(f"measure_{item}", lang))
    periods = sorted(set(inequality.districts_of(measure_id, municipality)["period"]), reverse=True)
    if not periods:
        st.info(t("no_wijk_values", lang, region=data.region_name(municipality, lang), period="—"))
        return
    with period_column:
        period = st.selectbox(t("period", lang), periods, key="w_wijk_period")

    st.subheader(words("map", lang))
    st.markdown(words("map_intro", lang))
    drawn = inequality.map_chart(measure_id, municipality, period, lang, big)
    if drawn is None:
        st.info(words("no_geometry", lang))
    else:
        components.chart(*drawn, f"wijkkaart_{municipality}_{measure_id}_{period}", lang, key="district_map")

    st.subheader(words("table", lang))
    components.show_table(inequality.district_table_html(measure_id, municipality, period, lang))
    components.download(inequality.district_table(measure_id, municipality, period, lang),
                        f"wijken_{municipality}_{measure_id}_{period}", lang, label=t("csv_table", lang),
                        key="csv_district_table", translate=False, help_key="csv_table_help")

    st.subheader(words("ranking", lang))
    st.markdown(words("ranking_intro", lang))
    figure, rows = inequality.ranking_chart(measure_id, municipality, period, lang, big)
    components.chart(figure, rows, f"wijken_{municipality}_{measure_id}_{period}", lang, key="wijk_ranking")

    with st.expander(words("context", lang)):
        st.markdown(t("wijk_gaps_intro", lang))
        title = plain(t_text("wijk_gap_title", lang, region=data.region_name(municipality, lang)))  # escaped once
        figure, rows = charts.gap_chart(WIJK_GAPS, municipality, lang, big, title=title)
        components.chart(figure, rows, f"wijkkloof_{municipality}", lang, key="wijk_gaps")
        caveats(WIJK_GAPS[:1])


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

st.header(words("within", lang, region=markdown_safe(data.region_name(view.region, lang))))
if data.is_municipality(view.region):
    sii_section(view.region)
    district_sections(view.region)
else:
    st.info(t("wijk_only_municipal", lang))
