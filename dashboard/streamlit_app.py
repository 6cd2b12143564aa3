"""Missiemonitor Gezond Utrecht 2030: the Streamlit app.

Run with ``hhu dashboard`` (or ``streamlit run dashboard/streamlit_app.py`` from the project
root, so that ``.streamlit/config.toml`` applies). This file lays out what every page shares:
the page list, the sidebar with language, region and the projector switch, the notice about a
bad link, and the URL that always holds the current view. Each page is one file in
``dashboard/app_pages/`` and has its own path (``/missies``, ``/trends`` ...); the root ``/``
and the old links with ``?page=`` lead to the same pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/streamlit_app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

from dashboard import components, controls, data, state  # noqa: E402
from dashboard.i18n import t  # noqa: E402

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"  # local: no request to a font CDN
PAGE_ICONS = {
    "missies": ":material/flag:",
    "gemeenteprofiel": ":material/location_city:",
    "kaart": ":material/map:",
    "trends": ":material/show_chart:",
    "vergelijken": ":material/compare_arrows:",
    "ongelijkheid": ":material/balance:",
    "bronnen": ":material/menu_book:",
}

st.set_page_config(page_title=t("app_title"), page_icon=FAVICON, layout="wide")

store_state = data.open_store()  # the generation to show; caches reload when a new one is current
if store_state.folder is None:
    st.title(t("app_title", state.current().lang))
    st.info(store_state.message(state.current().lang))
    st.stop()
try:
    data.preload()
except data.STORE_ERRORS:
    data.mark_broken()
    st.rerun()

view = state.start(state.Choices(
    regions=frozenset(data.region_codes()),
    indicators=frozenset(data.indicator_ids()),
    periods_of=data.periods_of,
))

pages = {
    key: st.Page(PAGES_DIR / f"{key}.py", title=t(f"page_{key}", view.lang), icon=PAGE_ICONS[key], url_path=key)
    for key in state.PAGES
}
# The root "/" is a hidden page that only forwards to /missies (or to the page a ?page= link names),
# so that every visible page, the first one included, has its own path.
start_page = st.Page(lambda: None, title=t("app_title", view.lang), url_path="start", default=True,
                     visibility="hidden")
current_page = st.navigation([start_page, *pages.values()], position="sidebar")
page_key = next((key for key, page in pages.items() if page.url_path == current_page.url_path), None)

linked_page = state.page_from_link_once()
if page_key is None or (linked_page and linked_page != page_key):
    st.switch_page(pages[linked_page or state.DEFAULT_PAGE])
state.update(page=page_key)

with st.sidebar:
    st.markdown(f"**{t('app_title', view.lang)}**")
    controls.language_switch()
    controls.region_picker()
    controls.large_text_toggle()
    components.sidebar_data_note(state.current().lang)

components.page_style()
components.show_notices(state.current().lang)
if store_state.fallback:
    st.warning(store_state.message(state.current().lang))
try:
    current_page.run()
except data.STORE_ERRORS:  # a file of this generation no longer reads: show another one
    data.mark_broken()
    st.rerun()
finally:
    state.write_query_params()
