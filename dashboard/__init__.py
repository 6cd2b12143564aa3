"""The Streamlit dashboard of the mission monitor: pages in ``app_pages/``, shared modules beside them."""
