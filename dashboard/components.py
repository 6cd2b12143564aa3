"""Small building blocks the pages share: tables, a chart with its CSV download, badges, notices.

Words come from :mod:`dashboard.i18n` and from the library's labels
(:mod:`indicators.formatting`); colours are tints of the Okabe-Ito palette used by
:mod:`indicators.figures`, always next to words or a symbol, never alone.

Tables are plain HTML (:func:`html_table`): they wrap their text to the width of the page (no
sideways scrolling at 1280 px), grow with "Grote letters", and every cell is escaped, because
region names and table titles come from CBS metadata. Downloads are written by
:mod:`indicators.export` (the screen's language, ``;`` and decimal comma in Dutch, UTF-8 with a
byte-order mark, formulas neutralised).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import controls, data, state
from dashboard.i18n import t
from indicators import export, verdicts
from indicators.catalog import get_indicator
from indicators.figures import OFFLINE_MAP_CONFIG
from indicators.formatting import status_label
from indicators.plain import data_origin
from indicators.safe_text import html_text as _html_text
from indicators.safe_text import markdown

# Comparison id -> cell background (Okabe-Ito sky blue / orange, greys); a symbol or words always go with it.
COMPARISON_COLOURS = {
    "better": "#9DD2F1",
    "similar": "#E4E4E4",
    "worse": "#F4BE6E",
    "higher": "#F4F4F4",
    "lower": "#F4F4F4",
    "not_tested": "#FFFFFF",
    "no_data": "#FFFFFF",
}
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
    **OFFLINE_MAP_CONFIG,
}
TABLE_CSS = """
.hhu-table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 0.95rem; line-height: 1.3;
             margin: 0.2rem 0 0.6rem 0; }
.hhu-table th { text-align: left; font-weight: 600; background: #EEF2F6; padding: 4px 7px;
                border-bottom: 2px solid #9AA5B1; vertical-align: bottom; overflow-wrap: break-word; hyphens: auto; }
.hhu-table td { padding: 4px 7px; border-bottom: 1px solid #DADDE1; vertical-align: top; overflow-wrap: break-word;
                hyphens: auto; }
.hhu-table td.num, .hhu-table th.num { text-align: right; font-variant-numeric: tabular-nums; }
.hhu-table td.mid, .hhu-table th.mid { text-align: center; font-variant-numeric: tabular-nums; }
.hhu-table tr.strong td { font-weight: 600; }
.hhu-table[data-table='members'] th { font-size: 0.84em; overflow-wrap: normal; word-break: normal; padding: 4px 3px; }
.hhu-table[data-table='members'] td { padding: 4px 3px; }
.hhu-table tr.reference td { border-bottom: 2px solid #9AA5B1; }
.hhu-table .small { font-size: 0.82em; color: #4A4A4A; font-weight: normal; }
.hhu-table .tag { display: inline-block; font-size: 0.78em; padding: 0 5px; margin-top: 2px; border-radius: 4px;
                  border: 1px solid #9A9A9A; color: #3A3A3A; font-weight: normal; }
.hhu-table .tag.proxy { border-style: dashed; border-color: #B36B00; color: #7A4A00; }
.hhu-status { display: inline-block; padding: 1px 7px; border-radius: 9px; border: 1.5px solid; font-weight: 600;
              line-height: 1.25; cursor: help; }
.hhu-table[data-table='scoreboard'] .hhu-status { white-space: nowrap; }
.hhu-table .sure { font-size: 0.8em; color: #4A4A4A; font-weight: normal; display: block; margin-top: 1px; }
.hhu-legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.9rem; margin: 0.1rem 0 0.4rem 0; }
.hhu-legend span.swatch { display: inline-block; width: 1.6em; height: 1em; border: 1px solid #9A9A9A;
                          vertical-align: middle; margin-right: 5px; }
"""
BASE_CSS = """
<style>
.stMainBlockContainer { max-width: 1400px; padding-top: 2.2rem; padding-left: 2rem; padding-right: 2rem; }
""" + TABLE_CSS + """
</style>
"""
LARGE_TEXT_CSS = """
<style>
.stMainBlockContainer [data-testid="stMarkdownContainer"] p,
.stMainBlockContainer [data-testid="stMarkdownContainer"] li,
.stMainBlockContainer [data-testid="stCaptionContainer"] p,
.stMainBlockContainer [data-testid="stAlertContentInfo"] p,
.stMainBlockContainer label p { font-size: 1.3rem !important; }
.stMainBlockContainer [data-testid="stMarkdownContainer"] p span { font-size: 1.15rem !important; }
.stMainBlockContainer h1 { font-size: 2.6rem !important; }
.stMainBlockContainer h2 { font-size: 2.1rem !important; }
.stMainBlockContainer h3 { font-size: 1.8rem !important; }
.stMainBlockContainer [data-testid="stMetricValue"],
.stMainBlockContainer [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p,
.stMainBlockContainer [data-testid="stMetricValue"] div { font-size: 3rem !important; line-height: 1.2 !important; }
.stMainBlockContainer [data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
.hhu-table { font-size: 1.22rem !important; }
.hhu-table[data-table='scoreboard'] .hhu-status { white-space: normal; }
.hhu-legend { font-size: 1.15rem !important; }
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


def sidebar_data_note(lang: str) -> None:
    """What the figures are and how recent, in plain words, under the sidebar's controls."""
    st.caption(t("sidebar_source", lang, origin=data_origin(data.manifest(), lang)))


def missing_geometry(lang: str = "nl") -> None:
    """The message shown on the map when the store has no municipality boundaries."""
    st.error(t("missing_geometry", lang))
    st.code("hhu refresh", language="bash")


def status_style(status: str) -> verdicts.StatusStyle:
    """The look of a status id (:data:`indicators.verdicts.STATUS_STYLES`); unknown ids are neutral grey."""
    return verdicts.style(status)


def status_badge(status: str, lang: str, reason: str = "") -> None:
    """A coloured badge with the status in words and an icon; the reason (if any) is its tooltip."""
    look = status_style(status)
    st.badge(status_label(status, lang), color=look.badge, icon=look.icon, help=markdown(reason) if reason else None)


def status_pill(status: str, lang: str, reason: str = "") -> str:
    """The status in words as an HTML pill for a table (escaped); the reason is its tooltip."""
    look = status_style(status)
    title = f" title='{_html_text(reason)}'" if reason else ""
    border = "dashed" if look.dashed else "solid"
    return (f"<span class='hhu-status' style='background:{look.tint};border:1.5px {border} {look.border}'{title}>"
            f"{_html_text(status_label(status, lang))}</span>")


def trend_words(trend: str, lang: str) -> str:
    """Arrow plus words for a trend id."""
    return verdicts.trend_words(trend, lang)


def comparison_words(comparison: str, lang: str, p: object = None) -> str:
    """Words for a comparison id, with the p-value of the test when there is one."""
    return verdicts.comparison_words(comparison, p, lang)


# Long words of our own labels that may have to wrap in a narrow column (large text): where they may break.
BREAKS = {"vergelijkbaar": "vergelijk&shy;baar", "significante": "signifi&shy;cante", "verslechtert": "verslech&shy;tert"}


def breakable(text: str) -> str:
    """Our own label as HTML (escaped) with soft hyphens in its long words, so they wrap as ``vergelijk-baar``."""
    markup = html_text(text)
    for word, hyphenated in BREAKS.items():
        markup = markup.replace(word, hyphenated)
    return markup


# ----- tables -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One table cell.

    Attributes:
        text: plain text (escaped when drawn).
        markup: ready HTML instead of ``text`` (the caller escaped every piece of data in it).
        title: tooltip (plain text, escaped).
        background: a CSS colour.
        css: extra classes (``num``, ``mid``).
        rowspan: rows the cell spans.
    """

    text: str = ""
    markup: str = ""
    title: str = ""
    background: str = ""
    css: str = ""
    rowspan: int = 1

    def html(self) -> str:
        """The cell as a ``td``."""
        attributes = ""
        if self.css:
            attributes += f" class='{self.css}'"
        if self.rowspan > 1:
            attributes += f" rowspan='{self.rowspan}'"
        if self.title:
            attributes += f" title='{_html_text(self.title)}'"
        if self.background:
            attributes += f" style='background:{self.background}'"
        return f"<td{attributes}>{self.markup or _html_text(self.text)}</td>"


def html_table(headers: list[tuple[str, int, str]], rows: list[list[Cell | str]], row_classes: list[str] | None = None,
               key: str = "") -> str:
    """An HTML table that wraps to the page's width.

    Args:
        headers: per column ``(label markup, width in %, css class)``; labels are fixed words or escaped.
        rows: cells per row (a ``str`` is plain text); a cell under a ``rowspan`` is left out.
        row_classes: a css class per row (``strong``, ``reference``), or None.
        key: a ``data-table`` attribute (for tests and styling).
    """
    widths = "".join(f"<col style='width:{width}%'>" for _, width, _ in headers)
    head = "".join(f"<th class='{css}'>{label}</th>" if css else f"<th>{label}</th>" for label, _, css in headers)
    body = []
    for number, row in enumerate(rows):
        cells = "".join((cell if isinstance(cell, Cell) else Cell(text=str(cell))).html() for cell in row)
        css = (row_classes or [""] * len(rows))[number]
        body.append(f"<tr class='{css}'>{cells}</tr>" if css else f"<tr>{cells}</tr>")
    return (f"<table class='hhu-table' data-table='{_html_text(key)}'><colgroup>{widths}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def show_table(markup: str) -> None:
    """Draw an HTML table made by :func:`html_table`."""
    st.html(markup)


# ----- downloads and charts ---------------------------------------------------------------------
def file_name(name: str, extension: str = "csv") -> str:
    """A safe file name: letters, digits, ``_`` and ``-`` only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")[:80] + f".{extension}"


def download(frame: pd.DataFrame, name: str, lang: str, label: str | None = None, key: str | None = None,
             translate: bool = True, help_key: str = "csv_help") -> None:
    """A CSV download button for ``frame`` (:func:`indicators.export.csv_bytes`); the file is made only when clicked.

    Args:
        frame: rows to write; with ``translate`` their ids and column names become words in ``lang``.
        name: the file name (without extension).
        lang: ``nl`` or ``en``.
        label: the button's words (default "CSV").
        key: widget key.
        translate: False when ``frame`` already holds what the screen shows, in words.
        help_key: i18n key of the tooltip.
    """
    target = file_name(name)
    st.download_button(
        label or t("csv", lang),
        data=functools.partial(export.csv_bytes, frame, lang, data.decimals(), translate),
        file_name=target, mime="text/csv", help=t(help_key, lang), icon=":material/download:", on_click="ignore",
        key=key or f"download_{target}",
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
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"],
                                                         "filename": file_name(name, "png")[:-4]}}
    result = st.plotly_chart(fig, config=config, key=key, on_select=on_select, theme=None, **kwargs)
    download(frame, name, lang, key=f"csv_{key or name}")
    return result


def proxy_note(reason: str, lang: str) -> None:
    """A proxy badge with its reason next to it."""
    st.markdown(f":orange-badge[{t('proxy', lang)}] {reason}")


def plain(text: object) -> str:
    """Data text for Markdown (see :func:`indicators.safe_text.markdown`)."""
    return markdown(text)


def html_text(text: object) -> str:
    """Data text for HTML (see :func:`indicators.safe_text.html_text`)."""
    return _html_text(text)
