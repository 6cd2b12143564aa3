"""Kaart: a choropleth of any municipal indicator, for the country, the province or the U10 region.

The user picks an indicator, a period and an area. The map has outlines, a legend with the
unit, and hover text with value and interval ("geen gegevens" where a value is missing). Clicking
a municipality, or choosing it below the map, opens its profile.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.regions import NETHERLANDS

PROFILE_PAGE = "app_pages/gemeenteprofiel.py"
AREAS = (NETHERLANDS, data.UTRECHT_PROVINCE, data.U10)
AREA_LABELS = {NETHERLANDS: "area_nl", data.UTRECHT_PROVINCE: "area_pv26", data.U10: "area_u10"}

view = state.current()
lang = view.lang
big = controls.large_text()


def default_area(region: str) -> str:
    """Zoom to the U10 region or the province when the region in focus lies there."""
    model = data.regions()
    if region == data.U10 or region in model.members(data.U10):
        return data.U10
    if region == data.UTRECHT_PROVINCE or region in model.members(data.UTRECHT_PROVINCE):
        return data.UTRECHT_PROVINCE
    return NETHERLANDS


def open_profile(code: str) -> None:
    """Make ``code`` the region in focus and go to its profile."""
    state.update(region=code)
    st.switch_page(PROFILE_PAGE)


st.title(t("map_title", lang))
st.markdown(t("map_intro", lang))

indicator_column, period_column = st.columns([3, 1], vertical_alignment="bottom")
with indicator_column:
    indicator_id = controls.indicator_picker(data.municipal_indicator_ids(), key="w_map_indicator")
with period_column:
    period = controls.period_picker(data.periods_of(indicator_id, "gemeente"), key="w_map_period")
area = st.segmented_control(
    t("area", lang), AREAS, default=default_area(view.region), required=True, key=controls.lang_key("w_map_area"),
    format_func=lambda code: t(AREA_LABELS[code], lang),
) or NETHERLANDS

highlight = view.region if data.is_municipality(view.region) else ""
if not data.geometry_ready():
    components.missing_geometry(lang)
    st.stop()
figure, rows = charts.map_chart(indicator_id, period, area, highlight, lang, big)
event = components.chart(figure, rows, f"kaart_{indicator_id}_{period}_{area}", lang, key="map", on_select="rerun")
clicked = [point.get("location") for point in (event.selection.points if event else [])]
clicked = [code for code in clicked if isinstance(code, str) and data.is_municipality(code)]
if clicked:
    open_profile(clicked[0])

missing = int(rows["value"].isna().sum())
if missing:
    st.caption(t("map_missing", lang, count=missing, period=period))
indicator = get_indicator(indicator_id)
st.caption(indicator.definition(lang))
if indicator.proxy:
    components.proxy_note(indicator.proxy_reason(lang), lang)

area_municipalities = [code for code in data.municipality_codes()
                       if area == NETHERLANDS or code in data.regions().members(area)]
choice_column, button_column = st.columns([3, 1], vertical_alignment="bottom")
with choice_column:
    chosen = st.selectbox(
        t("open_profile_of", lang), area_municipalities, key=controls.lang_key("w_map_profile"),
        index=area_municipalities.index(highlight) if highlight in area_municipalities else 0,
        format_func=lambda code: data.region_name(code, lang),
    )
with button_column:
    if st.button(t("open_profile", lang), icon=":material/arrow_forward:", key="open_profile"):
        open_profile(chosen)
