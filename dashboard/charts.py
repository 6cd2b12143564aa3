"""The dashboard's charts: pick the rows, call the shared builders of :mod:`indicators.figures`.

Each function here takes plain keys (indicator ids, region codes, language), selects the rows
of the cached tables (:mod:`dashboard.data`) and returns ``(figure, rows)``: the figure to draw
and the rows behind it for the CSV download. Results are cached per process with
``st.cache_resource``, keyed by the generation of the store this rerun reads
(:func:`dashboard.data.generation`), because building a Plotly figure costs milliseconds per
trace and the same chart is asked for again on every rerun; figures and rows are shared, never
changed.

Choosing which period to show (the latest with a value) is a view choice made here; no
indicator is computed.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from dashboard.i18n import t_text
from indicators.figures import choropleth, gap_figure, peer_dot_figure, sparkline, trend_figure
from indicators.regions import NETHERLANDS
from indicators.verdicts import comparison_words

Chart = tuple[go.Figure, pd.DataFrame]


def sparkline_chart(indicator_id: str, region_code: str, lang: str, big: bool) -> Chart:
    """A card's trend of one indicator in one region, with baseline, required path and projection."""
    return _sparkline_chart(str(data.generation()), indicator_id, region_code, lang, big)


@st.cache_resource(show_spinner=False, max_entries=1024)
def _sparkline_chart(folder: str, indicator_id: str, region_code: str, lang: str, big: bool) -> Chart:
    rows = data.values(indicator_id, [region_code])
    rows = rows.assign(region_name=data.region_name(region_code, lang))
    figure = sparkline(rows, data.progress_row(indicator_id, region_code), lang=lang, big=big)
    return figure, rows


def trend_chart(indicator_id: str, regions: tuple[str, ...], lang: str, big: bool) -> Chart:
    """Trend of one indicator in several regions with baseline, target path and projection."""
    return _trend_chart(str(data.generation()), indicator_id, regions, lang, big)


@st.cache_resource(show_spinner=False, max_entries=512)
def _trend_chart(folder: str, indicator_id: str, regions: tuple[str, ...], lang: str, big: bool) -> Chart:
    order = {code: rank for rank, code in enumerate(regions)}
    rows = data.values(indicator_id, list(regions))
    rows = rows.assign(_order=rows["region_code"].map(order)).sort_values(["_order", "period_year"])
    rows = rows.drop(columns="_order").assign(region_name=lambda frame: frame["region_code"].map(
        lambda code: data.region_name(code, lang)))
    progress = data.progress_rows(indicator_id, list(regions))
    return trend_figure(rows, progress, lang=lang, big=big), rows


def map_chart(indicator_id: str, period: str, area: str, highlight: str, lang: str, big: bool) -> Chart:
    """Choropleth of one indicator in one period for the municipalities of ``area``."""
    return _map_chart(str(data.generation()), indicator_id, period, area, highlight, lang, big)


@st.cache_resource(show_spinner=False, max_entries=32)
def _map_chart(folder: str, indicator_id: str, period: str, area: str, highlight: str, lang: str, big: bool) -> Chart:
    rows = data.values(indicator_id, period=period)
    rows = rows.loc[rows["region_level"] == "gemeente"]
    if area != NETHERLANDS:
        rows = rows.loc[rows["region_code"].isin(data.regions().members(area))]
    figure = choropleth(rows, data.geometry(), lang=lang, highlight=highlight or None,
                        label_regions=area != NETHERLANDS, big=big)
    return figure, rows


def latest_period_for(indicator_id: str, region_code: str) -> str | None:
    """The latest period with a value for a region (from progress), else the latest municipal period."""
    progress = data.progress_row(indicator_id, region_code)
    if progress is not None and progress["latest_period"]:
        return str(progress["latest_period"])
    periods = data.periods_of(indicator_id, "gemeente")
    return periods[-1] if periods else None


def peer_chart(focus: str, peers: tuple[str, ...], indicator_ids: tuple[str, ...], peer_label: str, lang: str,
               big: bool) -> Chart:
    """Dot plot of the focus municipality against its peers and the Netherlands, per indicator."""
    return _peer_chart(str(data.generation()), focus, peers, indicator_ids, peer_label, lang, big)


@st.cache_resource(show_spinner=False, max_entries=256)
def _peer_chart(folder: str, focus: str, peers: tuple[str, ...], indicator_ids: tuple[str, ...], peer_label: str,
                lang: str, big: bool) -> Chart:
    parts = []
    for indicator_id in indicator_ids:
        period = latest_period_for(indicator_id, focus)
        if period is not None:
            parts.append(data.values(indicator_id, [focus, *peers, NETHERLANDS], period=period))
    rows = pd.concat(parts, ignore_index=True) if parts else data.values(indicator_ids[0], [])
    figure = peer_dot_figure(rows, focus, NETHERLANDS, lang=lang, peer_label=peer_label, big=big,
                             comparisons=peer_comparisons(rows, lang))
    return figure, rows


def peer_comparisons(rows: pd.DataFrame, lang: str) -> dict[tuple[str, str], str]:
    """``(indicator, region) -> "t.o.v. Nederland: beter (p = 0,01)"`` for the values drawn in their latest period.

    A comparison belongs to a region's latest period (``progress.parquet``); a dot in an older
    period gets none.
    """
    words = {}
    label = t_text("col_vs_nl", lang)
    for indicator_id, part in rows.groupby("indicator_id", sort=False):
        progress = data.progress_rows(str(indicator_id), list(part["region_code"])).set_index("region_code")
        for code, period in zip(part["region_code"], part["period"], strict=True):
            if code == NETHERLANDS or code not in progress.index:
                continue
            row = progress.loc[code]
            if row["latest_period"] == period:
                words[(str(indicator_id), str(code))] = f"{label}: {comparison_words(row['vs_nl'], row['vs_nl_p'], lang)}"
    return words


def gap_chart(indicator_ids: tuple[str, ...], region_code: str, lang: str, big: bool, title: str = "") -> Chart:
    """Several gap indicators of one region over time, with required paths where there is a target."""
    return _gap_chart(str(data.generation()), indicator_ids, region_code, lang, big, title)


@st.cache_resource(show_spinner=False, max_entries=256)
def _gap_chart(folder: str, indicator_ids: tuple[str, ...], region_code: str, lang: str, big: bool,
               title: str = "") -> Chart:
    rows = pd.concat([data.values(indicator_id, [region_code]) for indicator_id in indicator_ids], ignore_index=True)
    progress = data.progress_rows(regions_wanted=[region_code])
    progress = progress.loc[progress["indicator_id"].isin(indicator_ids)]
    return gap_figure(rows, progress, lang=lang, title=title or None, big=big), rows

