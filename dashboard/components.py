"""Small building blocks the pages share: a chart with its CSV download, badges, notices.

Words come from :mod:`dashboard.i18n` and from the library's labels
(:mod:`indicators.formatting`); colours are light tints of the Okabe-Ito palette used by
:mod:`indicators.figures`, always next to words, never alone.
"""

from __future__ import annotations

import functools
import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import controls, data, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.figures import OFFLINE_MAP_CONFIG, source_line
from indicators.formatting import attribution, comparison_label, status_label, trend_label

# Status id -> (badge colour, Material icon). The words always come with it.
STATUS_BADGES = {
    "achieved": ("blue", ":material/check_circle:"),
    "on_track": ("blue", ":material/trending_up:"),
    "needs_acceleration": ("orange", ":material/speed:"),
    "limited_progress": ("orange", ":material/trending_flat:"),
    "moving_away": ("red", ":material/trending_down:"),
    "insufficient_data": ("gray", ":material/help:"),
    "no_target": ("gray", ":material/info:"),
}
# Comparison id -> light background for tables (Okabe-Ito sky blue / orange, grey); words always shown.
COMPARISON_COLOURS = {
    "better": "#BFE1F6",
    "similar": "#E8E8E8",
    "worse": "#F6D7A7",
    "higher": "#E8E8E8",
    "lower": "#E8E8E8",
    "not_tested": "#FFFFFF",
    "no_data": "#FFFFFF",
}
TREND_ARROWS = {
    "improving": "↗", "worsening": "↘", "stable": "→", "unknown": "?", "rising": "↑", "falling": "↓",
}
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    **OFFLINE_MAP_CONFIG,
}
LARGE_TEXT_CSS = """
<style>
.stMainBlockContainer [data-testid="stMarkdownContainer"] p,
.stMainBlockContainer [data-testid="stMarkdownContainer"] li,
.stMainBlockContainer [data-testid="stCaptionContainer"] p,
.stMainBlockContainer [data-testid="stAlertContentInfo"] p,
.stMainBlockContainer label p { font-size: 1.3rem !important; }
.stMainBlockContainer [data-testid="stMarkdownContainer"] p span { font-size: 1.15rem !important; }
.stMainBlockContainer h1 { font-size: 3rem !important; }
.stMainBlockContainer h2 { font-size: 2.3rem !important; }
.stMainBlockContainer h3 { font-size: 1.9rem !important; }
.stMainBlockContainer [data-testid="stMetricValue"],
.stMainBlockContainer [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p,
.stMainBlockContainer [data-testid="stMetricValue"] div { font-size: 3rem !important; line-height: 1.2 !important; }
.stMainBlockContainer [data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
</style>
"""
BASE_CSS = """
<style>
.stMainBlockContainer { max-width: 1400px; }
</style>
"""


def page_style() -> None:
    """Fixed page CSS (no user values), with larger text when the projector switch is on."""
    st.html(BASE_CSS + (LARGE_TEXT_CSS if controls.large_text() else ""))


def show_notices(lang: str) -> None:
    """Say once which link parameters were replaced by defaults (never echoing their values)."""
    defaults = {
        "region": data.region_name(state.DEFAULT_REGION, lang),
        "indicator": get_indicator(state.DEFAULT_INDICATOR).title(lang), "period": t("latest", lang),
        "lang": "Nederlands", "page": t("page_missies", lang), "compare": "—",
    }
    for name in state.take_notices():
        st.info(t("notice_bad_param", lang, param=name, default=defaults.get(name, "—")), icon=":material/info:")


def empty_store(lang: str = "nl") -> None:
    """The message shown when the store has not been built yet."""
    st.title(t("app_title", lang))
    st.error(f"**{t('empty_store_title', lang)}**\n\n{t('empty_store_body', lang, path=data.store_folder())}")
    st.code(f"export HHU_DATA={data.store_folder()}\nhhu refresh && hhu build", language="bash")


def missing_geometry(lang: str = "nl") -> None:
    """The message shown on the map when the store has no municipality boundaries."""
    st.error(t("missing_geometry", lang, path=data.store_folder()))
    st.code(f"export HHU_DATA={data.store_folder()}\nhhu refresh", language="bash")


def status_badge(status: str, lang: str) -> None:
    """A coloured badge with the status in words and an icon."""
    colour, icon = STATUS_BADGES.get(status, ("gray", ":material/info:"))
    st.badge(status_label(status, lang), color=colour, icon=icon)


def trend_words(trend: str, lang: str) -> str:
    """Arrow plus words for a trend id."""
    return f"{TREND_ARROWS.get(trend, '')} {trend_label(trend, lang)}".strip()


def comparison_words(comparison: str, lang: str) -> str:
    """Words for a comparison id."""
    return comparison_label(comparison, lang)


def csv_text(frame: pd.DataFrame, lang: str) -> str:
    """CSV of a frame with a ``bron`` / ``source`` column (Dutch: ``;`` and decimal comma)."""
    out = frame.copy()
    out["bron" if lang != "en" else "source"] = row_sources(frame, lang)
    for column in out.columns:
        if str(out[column].dtype).startswith("datetime"):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    if lang == "en":
        return out.to_csv(index=False)
    return out.to_csv(index=False, sep=";", decimal=",")


def row_sources(frame: pd.DataFrame, lang: str) -> list[str]:
    """The attribution of every row: its source table(s) and period."""
    period_column = next((column for column in ("period", "latest_period") if column in frame.columns), None)
    periods = frame[period_column].astype("string").fillna("") if period_column else pd.Series("", index=frame.index)
    if "source_table" in frame.columns:
        tables = frame["source_table"].astype("string").fillna("")
    elif "indicator_id" in frame.columns:
        tables = frame["indicator_id"].map(lambda item: ", ".join(get_indicator(str(item)).source_tables))
    else:
        return [source_line(frame, lang)] * len(frame)
    return [attribution([table] if table else [], [period] if period else [], lang)
            for table, period in zip(tables, periods, strict=True)]


def download(frame: pd.DataFrame, name: str, lang: str, label: str | None = None, key: str | None = None) -> None:
    """A CSV download button for ``frame``; the file is made only when clicked."""
    file_name = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")[:80] + ".csv"
    st.download_button(
        label or t("csv", lang), data=functools.partial(csv_text, frame, lang), file_name=file_name,
        mime="text/csv", help=t("csv_help", lang), icon=":material/download:", on_click="ignore",
        key=key or f"download_{file_name}",
    )


def chart(fig: go.Figure, frame: pd.DataFrame, name: str, lang: str, key: str | None = None,
          on_select: str = "ignore") -> object:
    """Draw a figure with the CSV download of the rows behind it.

    Args:
        fig: the figure (from :mod:`indicators.figures`).
        frame: the rows drawn.
        name: a short name for the file and widget keys.
        lang: ``nl`` or ``en``.
        key: chart widget key (needed for selections).
        on_select: ``ignore`` or ``rerun`` (map clicks).

    Returns:
        The selection state when ``on_select`` is ``rerun``, else the element.
    """
    kwargs = {"selection_mode": "points"} if on_select != "ignore" else {}
    result = st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, on_select=on_select, theme=None, **kwargs)
    download(frame, name, lang, key=f"csv_{key or name}")
    return result


def proxy_note(reason: str, lang: str) -> None:
    """A proxy badge with its reason next to it."""
    st.markdown(f":orange-badge[{t('proxy', lang)}] {reason}")

