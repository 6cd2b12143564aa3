"""Vergelijken: one municipality against its peers and the Netherlands, on many indicators at once.

A dot plot per indicator: the municipality in focus (large, labelled), the peers (the U10
municipalities by default, or a chosen set) and the national value, each indicator in the latest
period that has a value for the municipality in focus.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, state
from dashboard.i18n import t

DEFAULT_INDICATORS = [
    "ervaren_gezondheid_goed_pct", "roken_pct", "overgewicht_pct", "te_weinig_bewegen_pct", "eenzaamheid_pct",
    "langdurige_aandoening_pct", "psychische_klachten_pct", "wmo_naar_wlz_pct", "mantelzorgers_pct",
]

view = state.current()
lang = view.lang
big = controls.large_text()
municipalities = data.municipality_codes()

st.title(t("page_vergelijken", lang))
if not data.is_municipality(view.region):
    st.info(t("notice_not_municipal", lang, region=data.region_name(view.region, lang),
              fallback=data.region_name(data.DEFAULT_REGION, lang)))

focus_column, peers_column = st.columns([1, 2])
with focus_column:
    focus = controls.region_picker("focus", municipalities, key="w_focus")
u10_peers = [code for code in data.regions().members(data.U10) if code != focus]
with peers_column:
    peers = [code for code in controls.regions_picker("peers", municipalities, u10_peers, key="w_peers")
             if code != focus]
indicator_ids = controls.indicators_picker(data.municipal_indicator_ids(), DEFAULT_INDICATORS,
                                           key="w_compare_indicators", at_least=2)

focus_name = data.region_name(focus, lang)
st.markdown(t("compare_intro", lang, region=focus_name))
peer_label = t("peers_default", lang) if set(peers) == set(u10_peers) else t("peers_chosen", lang)
if indicator_ids:
    figure, rows = charts.peer_chart(focus, tuple(peers), tuple(indicator_ids), peer_label, lang, big)
    components.chart(figure, rows, f"vergelijken_{focus}", lang, key="peers")
else:
    st.info(t("choose_indicator", lang))
