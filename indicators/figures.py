"""Charts of the monitor as pure functions: a tidy frame in, a Plotly figure out.

The dashboard and the board report draw the same charts from these builders, so a chart looks
and reads the same everywhere. Nothing here imports Streamlit or reads the store: callers pass
the rows of ``indicators.parquet`` / ``progress.parquet`` (see :mod:`indicators.api`).

Every figure has a title, the unit on its value axis, and the source line of
:func:`indicators.formatting.attribution` as an annotation. Numbers use a decimal comma in
Dutch (``layout.separators``). Missing values stay gaps, never 0, and are labelled
"geen gegevens". Colours come from the Okabe-Ito palette (safe for colour-blind readers) and are
always paired with a text label, a marker symbol or a line style.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from indicators.catalog import get_indicator
from indicators.catalog.model import UNITS
from indicators.formatting import NO_DATA, attribution, format_number
from indicators.periods import parse_period
from indicators.progress import required_path

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
SERIES_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star")
SERIES_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
GREY = "#8C8C8C"
LIGHT_GREY = "#D9D9D9"
# Sequential scale from the cividis map (readable with every common colour-vision deficiency).
SEQUENTIAL_SCALE = "cividis"

FONT = {"family": "Source Sans Pro, Arial, sans-serif", "size": 14}
TEXT = {
    "observed": {"nl": "gemeten", "en": "observed"},
    "interval": {"nl": "95%-interval", "en": "95% interval"},
    "no_interval": {"nl": "geen interval in de bron", "en": "no interval in the source"},
    "baseline": {"nl": "basisjaar", "en": "baseline"},
    "target": {"nl": "doel", "en": "target"},
    "target_indicative": {"nl": "indicatief doel", "en": "indicative target"},
    "required_path": {"nl": "benodigd pad naar het doel", "en": "required path to the target"},
    "projection": {"nl": "projectie (trend)", "en": "projection (trend)"},
    "projection_interval": {"nl": "projectie, 95%-interval", "en": "projection, 95% interval"},
    "period": {"nl": "periode", "en": "period"},
    "netherlands": {"nl": "Nederland", "en": "the Netherlands"},
    "peers": {"nl": "vergelijkingsgemeenten", "en": "peer municipalities"},
    "value": {"nl": "waarde", "en": "value"},
    "gap_title": {"nl": "Verschil in gezonde levensjaren naar inkomen en opleiding, Nederland",
                  "en": "Gap in healthy life years by income and education, the Netherlands"},
    "wijk_gap_title": {"nl": "Verschil tussen wijken in {region}", "en": "Gap between districts in {region}"},
    "wijk_ranking_title": {"nl": "{measure} per wijk in {region}, {period} (brongegevens)",
                           "en": "{measure} by district in {region}, {period} (source data)"},
    "peer_title": {"nl": "{region} vergeleken met {peers} en Nederland",
                   "en": "{region} compared with {peers} and the Netherlands"},
    "map_title": {"nl": "{indicator}, {period}", "en": "{indicator}, {period}"},
    "no_data_map": {"nl": "geen gegevens (grijs gearceerd)", "en": "no data (grey, hatched)"},
    "deadline": {"nl": "deadline {year}", "en": "deadline {year}"},
}


def text(key: str, lang: str = "nl", **values: object) -> str:
    """Return a chart label in ``lang`` (Dutch unless ``lang == "en"``)."""
    words = TEXT[key]["en" if lang == "en" else "nl"]
    return words.format(**values) if values else words


def no_data(lang: str = "nl") -> str:
    """The words for a missing value ("geen gegevens" / "no data")."""
    return NO_DATA["en" if lang == "en" else "nl"]


def separators(lang: str = "nl") -> str:
    """Plotly ``layout.separators``: decimal then thousands separator (",." for Dutch)."""
    return ".," if lang == "en" else ",."


def unit_label(unit: str, lang: str = "nl") -> str:
    """Axis label of a unit key (``pct`` -> ``%``); unknown units are shown as they are."""
    return UNITS.get(unit, {}).get("en" if lang == "en" else "nl", unit)


def source_line(frame: pd.DataFrame, lang: str = "nl") -> str:
    """The attribution of the rows in ``frame``: its source tables and first-last period."""
    tables = _unique(_split_tables(frame["source_table"])) if "source_table" in frame else []
    periods = _sorted_periods(frame["period"]) if "period" in frame else []
    return attribution(tables, periods, lang)


def year_to_datetime(year: float) -> datetime:
    """Turn a fractional period year (2019.5 = mid 2019) into a date for a time axis."""
    whole = math.floor(year)
    return datetime(whole, 1, 1) + timedelta(days=(year - whole) * 365.25)


# ----- shared layout --------------------------------------------------------------------------
def finish_layout(fig: go.Figure, title: str, source: str, lang: str = "nl", height: int = 460,
                  y_title: str = "", x_title: str = "", big: bool = False) -> go.Figure:
    """Give a figure the monitor's title, source annotation, number format and font.

    Args:
        fig: the figure to finish (changed in place and returned).
        title: chart title (already in ``lang``).
        source: the source line (see :func:`source_line`).
        lang: ``nl`` or ``en``: decides the decimal separator.
        height: height in pixels.
        y_title: value-axis title (the unit).
        x_title: time or category axis title.
        big: larger fonts for a projector.
    """
    scale = 1.3 if big else 1.0
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": round(18 * scale)}},
        separators=separators(lang),
        font={**FONT, "size": round(FONT["size"] * scale)},
        height=round(height * (1.1 if big else 1.0)),
        margin={"l": 60, "r": 30, "t": 70, "b": 90},
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "xanchor": "left"},
        hoverlabel={"font": {"size": round(14 * scale)}},
    )
    fig.add_annotation(
        text=source, xref="paper", yref="paper", x=0, y=0, yshift=-78, xanchor="left", yanchor="top",
        showarrow=False, font={"size": round(11 * scale), "color": "#444444"}, name="source",
    )
    if y_title:
        fig.update_yaxes(title_text=y_title)
    if x_title:
        fig.update_xaxes(title_text=x_title)
    fig.update_xaxes(showline=True, linecolor="#888888", gridcolor="#EEEEEE", zeroline=False)
    fig.update_yaxes(showline=True, linecolor="#888888", gridcolor="#EEEEEE", zeroline=False)
    return fig


# ----- trend with baseline, target path and projection ---------------------------------------
def trend_figure(values: pd.DataFrame, progress: pd.DataFrame | None = None, lang: str = "nl",
                 title: str | None = None, big: bool = False, height: int = 460) -> go.Figure:
    """Time series of one indicator for one or more regions, with what the mission asks.

    Draws, per region: the observed values (a gap where a value is missing, labelled "geen
    gegevens"), the 95% interval band where the source gives one, the baseline, the required
    path from the baseline to the target at the mission's deadline, and the projection of the
    observed trend to the deadline with its interval.

    Args:
        values: rows of ``indicators.parquet`` for one indicator (``region_code``,
            ``region_name``, ``period``, ``period_year``, ``value``, ``lower``, ``upper``,
            ``unit``, ``source_table``).
        progress: rows of ``progress.parquet`` for the same indicator and regions, or None to
            draw only the observations.
        lang: ``nl`` or ``en``.
        title: chart title; default: the indicator's title.
        big: larger fonts for a projector.
        height: height in pixels.
    """
    indicator = _single_indicator(values)
    unit = _unit_of(values, indicator)
    fig = go.Figure()
    regions = _regions_in_order(values)
    for number, (code, name) in enumerate(regions):
        style = _style(number)
        rows = values.loc[values["region_code"] == code].sort_values("period_year")
        _add_interval_band(fig, rows, style["colour"], name, lang)
        _add_observed_line(fig, rows, name, style, unit, lang, show_end_label=len(regions) > 1)
        if progress is not None:
            row = progress.loc[progress["region_code"] == code]
            if not row.empty:
                _add_progress(fig, rows, row.iloc[0], name, style, unit, lang, single=len(regions) == 1)
    _add_missing_marks(fig, values, lang)
    default_title = indicator.title(lang) if indicator is not None else ""
    if len(regions) == 1:
        default_title = f"{default_title}: {regions[0][1]}"
    finish_layout(fig, title or default_title, source_line(values, lang), lang, height=height,
                  y_title=unit_label(unit, lang), x_title=text("period", lang), big=big)
    fig.update_xaxes(type="date", tickformat="%Y")
    return fig


def sparkline(values: pd.DataFrame, progress_row: pd.Series | None = None, lang: str = "nl",
              title: str = "", height: int = 170, big: bool = False) -> go.Figure:
    """A small line of one indicator in one region, with the required path when there is a target.

    Args:
        values: rows of ``indicators.parquet`` for one indicator and one region.
        progress_row: that region's row of ``progress.parquet`` (or None).
        lang: ``nl`` or ``en``.
        title: a short title (the unit is added).
        height: height in pixels.
        big: larger fonts for a projector.
    """
    indicator = _single_indicator(values)
    unit = _unit_of(values, indicator)
    rows = values.sort_values("period_year")
    fig = go.Figure()
    style = _style(0)
    if progress_row is not None:
        _add_required_path(fig, rows, progress_row, text("required_path", lang), unit, lang, show_label=False)
    _add_observed_line(fig, rows, text("observed", lang), style, unit, lang, show_end_label=False)
    _add_missing_marks(fig, rows, lang)
    scale = 1.3 if big else 1.0
    short_title = f"{title} ({unit_label(unit, lang)})" if title else unit_label(unit, lang)
    fig.update_layout(
        title={"text": short_title, "x": 0, "xanchor": "left", "font": {"size": round(12 * scale)}},
        separators=separators(lang), font={**FONT, "size": round(11 * scale)}, height=height,
        margin={"l": 36, "r": 8, "t": 28, "b": 34}, showlegend=False,
        plot_bgcolor="white", paper_bgcolor="white",
    )
    fig.add_annotation(text=source_line(values, lang), xref="paper", yref="paper", x=0, y=0, yshift=-22,
                       xanchor="left", yanchor="top", showarrow=False,
                       font={"size": round(9 * scale), "color": "#444444"}, name="source")
    fig.update_xaxes(type="date", tickformat="%Y", showgrid=False, nticks=4)
    fig.update_yaxes(showgrid=True, gridcolor="#EEEEEE", nticks=3, title_text=unit_label(unit, lang))
    return fig


# ----- choropleth -----------------------------------------------------------------------------
def choropleth(values: pd.DataFrame, geojson: dict, lang: str = "nl", title: str | None = None,
               highlight: str | None = None, label_regions: bool = False, big: bool = False,
               height: int = 620) -> go.Figure:
    """Map of one indicator in one period, one shape per municipality.

    Args:
        values: municipal rows of ``indicators.parquet`` for one indicator and one period;
            municipalities whose value is missing are drawn grey and hatched, hover
            "geen gegevens".
        geojson: municipality boundaries (``properties.statcode`` = ``GMxxxx``); only the
            features of ``values``' regions are drawn, so passing the rows of a province or the
            U10 region zooms to it.
        lang: ``nl`` or ``en``.
        title: chart title; default: indicator title and period.
        highlight: a municipality code drawn with a thick outline.
        label_regions: write name and value on every shape (for small areas).
        big: larger fonts for a projector.
        height: height in pixels.
    """
    indicator = _single_indicator(values)
    unit = _unit_of(values, indicator)
    codes = set(values["region_code"])
    features = [feature for feature in geojson["features"] if feature["properties"]["statcode"] in codes]
    shapes = {"type": "FeatureCollection", "features": features}
    shown = values.loc[values["region_code"].isin({f["properties"]["statcode"] for f in features})]
    present = shown.loc[shown["value"].notna()]
    missing = shown.loc[shown["value"].isna()]
    unit_text = unit_label(unit, lang)
    fig = go.Figure()
    if not present.empty:
        fig.add_trace(go.Choropleth(
            geojson=shapes, featureidkey="properties.statcode", locations=present["region_code"],
            z=present["value"], colorscale=SEQUENTIAL_SCALE, reversescale=False,
            marker={"line": {"color": "white", "width": 0.6}},
            colorbar={"title": {"text": unit_text}, "thickness": 14, "len": 0.75},
            customdata=np.column_stack([present["region_name"], _interval_text(present, lang)]),
            hovertemplate="<b>%{customdata[0]}</b><br>%{z:.1f} " + _escape(unit_text)
                          + "<br>%{customdata[1]}<extra></extra>",
            name=indicator.title(lang) if indicator else "",
        ))
    if not missing.empty:
        fig.add_trace(go.Choropleth(
            geojson=shapes, featureidkey="properties.statcode", locations=missing["region_code"],
            z=np.zeros(len(missing)), colorscale=[[0, LIGHT_GREY], [1, LIGHT_GREY]], showscale=False,
            marker={"line": {"color": GREY, "width": 0.6}},
            customdata=np.column_stack([missing["region_name"]]),
            hovertemplate="<b>%{customdata[0]}</b><br>" + no_data(lang) + "<extra></extra>",
            name=text("no_data_map", lang), showlegend=True,
        ))
    if highlight is not None and highlight in set(shown["region_code"]):
        fig.add_trace(go.Choropleth(
            geojson=shapes, featureidkey="properties.statcode", locations=[highlight], z=[0],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker={"line": {"color": OKABE_ITO["vermillion"], "width": 3}}, hoverinfo="skip", name="",
        ))
    if label_regions and features:
        centres = pd.DataFrame(
            [(f["properties"]["statcode"], *feature_centre(f)) for f in features], columns=["region_code", "lon", "lat"]
        ).merge(shown[["region_code", "region_name", "value"]], on="region_code")
        labels = [f"{name}<br>{format_number(value, lang)}" for name, value in zip(centres["region_name"],
                                                                                   centres["value"], strict=True)]
        fig.add_trace(go.Scattergeo(
            lon=centres["lon"], lat=centres["lat"], text=labels, mode="text", hoverinfo="skip",
            textfont={"size": 11 if not big else 14, "color": "black"}, showlegend=False,
        ))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    period_text = ", ".join(_sorted_periods(values["period"]))
    default_title = text("map_title", lang, indicator=indicator.title(lang) if indicator else "", period=period_text)
    finish_layout(fig, title or default_title, source_line(values, lang), lang, height=height, big=big)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 90}, dragmode=False,
                      legend={"y": -0.02, "x": 0, "yanchor": "top"})
    fig.update_traces(selector={"type": "choropleth"}, selected={"marker": {"opacity": 1}},
                      unselected={"marker": {"opacity": 1}})
    return fig


def feature_centre(feature: dict) -> tuple[float, float]:
    """Return (lon, lat) of the middle of a feature's largest ring's bounding box (for a label)."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    largest = max((polygon[0] for polygon in polygons), key=len)
    lons = [point[0] for point in largest]
    lats = [point[1] for point in largest]
    return (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2


# ----- dot plot: a municipality against peers and the Netherlands -------------------------------
def peer_dot_figure(values: pd.DataFrame, focus: str, netherlands: str = "NL01", lang: str = "nl",
                    title: str | None = None, peer_label: str | None = None, big: bool = False) -> go.Figure:
    """Dot plot per indicator: the focus municipality, its peers and the national value.

    One row per indicator, each with its own value axis and unit: grey dots for the peers, a
    large labelled dot for the focus municipality, a black diamond for the Netherlands. An
    indicator without a value for the focus municipality says "geen gegevens".

    Args:
        values: rows of ``indicators.parquet`` for several indicators, each in one period,
            for the focus municipality, its peers and the Netherlands.
        focus: code of the municipality in focus.
        netherlands: code of the national row.
        lang: ``nl`` or ``en``.
        title: chart title.
        peer_label: how to name the peers in the title and legend.
        big: larger fonts for a projector.
    """
    indicator_ids = list(dict.fromkeys(values["indicator_id"]))
    rows = max(len(indicator_ids), 1)
    titles = []
    for indicator_id in indicator_ids:
        part = values.loc[values["indicator_id"] == indicator_id]
        indicator = get_indicator(indicator_id)
        period = ", ".join(_sorted_periods(part["period"]))
        titles.append(f"{indicator.title(lang)} ({unit_label(indicator.unit, lang)}, {period})")
    fig = make_subplots(rows=rows, cols=1, subplot_titles=titles or [""], vertical_spacing=min(0.5 / rows, 0.08))
    focus_name = _name_of(values, focus)
    peers_name = peer_label or text("peers", lang)
    for number, indicator_id in enumerate(indicator_ids, start=1):
        part = values.loc[values["indicator_id"] == indicator_id]
        unit_text = unit_label(get_indicator(indicator_id).unit, lang)
        peers = part.loc[~part["region_code"].isin([focus, netherlands]) & part["value"].notna()]
        first = number == 1
        fig.add_trace(go.Scatter(
            x=peers["value"], y=[""] * len(peers), mode="markers", name=peers_name, legendgroup="peers",
            showlegend=first, marker={"color": GREY, "size": 11, "symbol": "circle-open", "line": {"width": 2}},
            customdata=peers["region_name"],
            hovertemplate="%{customdata}: %{x:.1f} " + _escape(unit_text) + "<extra></extra>",
        ), row=number, col=1)
        national = part.loc[(part["region_code"] == netherlands) & part["value"].notna()]
        fig.add_trace(go.Scatter(
            x=national["value"], y=[""] * len(national), mode="markers+text", name=text("netherlands", lang),
            legendgroup="nl", showlegend=first, text=["NL"] * len(national), textposition="bottom center",
            marker={"color": OKABE_ITO["black"], "size": 14, "symbol": "diamond"},
            hovertemplate=text("netherlands", lang) + ": %{x:.1f} " + _escape(unit_text) + "<extra></extra>",
        ), row=number, col=1)
        own = part.loc[(part["region_code"] == focus) & part["value"].notna()]
        fig.add_trace(go.Scatter(
            x=own["value"], y=[""] * len(own), mode="markers+text", name=focus_name, legendgroup="focus",
            showlegend=first, text=[format_number(value, lang) for value in own["value"]],
            textposition="top center", textfont={"color": OKABE_ITO["vermillion"]},
            marker={"color": OKABE_ITO["vermillion"], "size": 16, "symbol": "circle",
                    "line": {"color": "black", "width": 1}},
            hovertemplate=_escape(focus_name) + ": %{x:.1f} " + _escape(unit_text) + "<extra></extra>",
        ), row=number, col=1)
        if own.empty:
            axis = "x domain" if number == 1 else f"x{number} domain"
            yaxis = "y domain" if number == 1 else f"y{number} domain"
            fig.add_annotation(text=f"{focus_name}: {no_data(lang)}", xref=axis, yref=yaxis, x=1, y=0.5,
                               xanchor="right", showarrow=False, hovertext=no_data(lang),
                               font={"color": OKABE_ITO["vermillion"]})
    default_title = text("peer_title", lang, region=focus_name, peers=peers_name)
    finish_layout(fig, title or default_title, source_line(values, lang), lang, height=90 + 105 * rows, big=big)
    fig.update_layout(margin={"l": 30, "r": 30, "t": 110, "b": 90},
                      legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "xanchor": "left"})
    fig.update_annotations(selector={"name": "source"}, yshift=-40)
    fig.update_yaxes(showticklabels=False, showgrid=False, showline=False)
    fig.update_annotations(font_size=round(13 * (1.3 if big else 1.0)), selector={"xanchor": "center"})
    return fig


# ----- inequality: national gaps and the gap between districts ----------------------------------
def gap_figure(values: pd.DataFrame, progress: pd.DataFrame | None = None, lang: str = "nl",
               title: str | None = None, big: bool = False, height: int = 460) -> go.Figure:
    """Several indicators of one region over time on one axis (for gaps that share a unit).

    Used for the national income and education gaps in healthy life years and for the
    gap between districts inside a municipality. With ``progress``, each indicator's required
    path to its target is drawn too.

    Args:
        values: rows of ``indicators.parquet`` of one region for indicators with the same unit.
        progress: that region's rows of ``progress.parquet`` for the same indicators, or None.
        lang: ``nl`` or ``en``.
        title: chart title; default: the indicators' titles.
        big: larger fonts for a projector.
        height: height in pixels.
    """
    fig = go.Figure()
    indicator_ids = list(dict.fromkeys(values["indicator_id"]))
    unit = str(values["unit"].iloc[0]) if not values.empty else ""
    for number, indicator_id in enumerate(indicator_ids):
        indicator = get_indicator(indicator_id)
        style = _style(number)
        rows = values.loc[values["indicator_id"] == indicator_id].sort_values("period_year")
        name = indicator.title(lang)
        _add_interval_band(fig, rows, style["colour"], name, lang)
        _add_observed_line(fig, rows, name, style, unit, lang, show_end_label=False)
        if progress is not None:
            row = progress.loc[progress["indicator_id"] == indicator_id]
            if not row.empty and _finite(row.iloc[0]["target_value"]):
                _add_required_path(fig, rows, row.iloc[0], f"{name}: {text('required_path', lang)}", unit, lang,
                                   colour=style["colour"])
    _add_missing_marks(fig, values, lang)
    default_title = " / ".join(get_indicator(indicator_id).title(lang) for indicator_id in indicator_ids)
    finish_layout(fig, title or default_title, source_line(values, lang), lang, height=height,
                  y_title=unit_label(unit, lang), x_title=text("period", lang), big=big)
    fig.update_xaxes(type="date", tickformat="%Y")
    fig.update_layout(margin={"b": 130}, legend={"y": -0.16})
    fig.update_annotations(selector={"name": "source"}, yshift=-110)
    return fig


def wijk_ranking_figure(wijken: pd.DataFrame, measure: str, region_name: str, lang: str = "nl",
                        unit: str = "pct", big: bool = False) -> go.Figure:
    """Districts of one municipality ranked by a measure, as published (a view of source data).

    Args:
        wijken: one row per district with ``region_name`` (district name), ``value``,
            ``period`` and ``source_table``; missing values are listed as "geen gegevens".
        measure: name of the measure (in ``lang``).
        region_name: the municipality.
        lang: ``nl`` or ``en``.
        unit: unit key of the values.
        big: larger fonts for a projector.
    """
    ordered = wijken.sort_values("value", ascending=True, na_position="first")
    present = ordered.loc[ordered["value"].notna()]
    missing = ordered.loc[ordered["value"].isna()]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=present["value"], y=present["region_name"], orientation="h", marker={"color": OKABE_ITO["blue"]},
        text=[format_number(value, lang) for value in present["value"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f} " + _escape(unit_label(unit, lang)) + "<extra></extra>", name=measure,
    ))
    if not missing.empty:
        fig.add_trace(go.Bar(
            x=[0] * len(missing), y=missing["region_name"], orientation="h", marker={"color": LIGHT_GREY},
            text=[no_data(lang)] * len(missing), textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: " + no_data(lang) + "<extra></extra>", name=no_data(lang),
        ))
    periods = ", ".join(_sorted_periods(wijken["period"])) if not wijken.empty else ""
    title = text("wijk_ranking_title", lang, measure=measure, region=region_name, period=periods)
    finish_layout(fig, title, source_line(wijken, lang), lang, height=max(320, 120 + 22 * len(ordered)),
                  big=big)
    fig.update_xaxes(title_text=unit_label(unit, lang))
    fig.update_yaxes(automargin=True, showgrid=False)
    fig.update_layout(showlegend=False, margin={"l": 10, "r": 60, "b": 80})
    fig.update_annotations(selector={"name": "source"}, yshift=-60)
    return fig


# ----- building blocks ------------------------------------------------------------------------
def _style(number: int) -> dict:
    return {
        "colour": SERIES_COLOURS[number % len(SERIES_COLOURS)],
        "symbol": SERIES_SYMBOLS[number % len(SERIES_SYMBOLS)],
        "dash": SERIES_DASHES[number % len(SERIES_DASHES)],
    }


def _single_indicator(values: pd.DataFrame):
    ids = list(dict.fromkeys(values["indicator_id"])) if "indicator_id" in values else []
    if len(ids) > 1:
        raise ValueError(f"expected rows of one indicator, got {', '.join(map(str, ids))}")
    if not ids:
        return None
    try:
        return get_indicator(str(ids[0]))
    except KeyError:
        return None


def _unit_of(values: pd.DataFrame, indicator) -> str:
    if "unit" in values and values["unit"].notna().any():
        return str(values["unit"].dropna().iloc[0])
    return indicator.unit if indicator is not None else ""


def _regions_in_order(values: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = values[["region_code", "region_name"]].drop_duplicates("region_code")
    return [(str(code), str(name)) for code, name in zip(pairs["region_code"], pairs["region_name"], strict=True)]


def _name_of(values: pd.DataFrame, code: str) -> str:
    match = values.loc[values["region_code"] == code, "region_name"]
    return str(match.iloc[0]) if not match.empty else code


def _dates(rows: pd.DataFrame) -> list[datetime]:
    return [year_to_datetime(float(year)) for year in rows["period_year"]]


def _interval_text(rows: pd.DataFrame, lang: str) -> list[str]:
    texts = []
    for lower, upper in zip(rows["lower"], rows["upper"], strict=True):
        if _finite(lower) and _finite(upper):
            texts.append(f"{text('interval', lang)}: {format_number(lower, lang)} – {format_number(upper, lang)}")
        else:
            texts.append(text("no_interval", lang))
    return texts


def _add_observed_line(fig: go.Figure, rows: pd.DataFrame, name: str, style: dict, unit: str, lang: str,
                       show_end_label: bool) -> None:
    labels = [""] * len(rows)
    if show_end_label and rows["value"].notna().any():
        last = int(np.flatnonzero(rows["value"].notna().to_numpy())[-1])
        labels[last] = name
    fig.add_trace(go.Scatter(
        x=_dates(rows), y=rows["value"], mode="lines+markers+text" if show_end_label else "lines+markers",
        name=name, legendgroup=name, connectgaps=False, text=labels, textposition="middle right",
        line={"color": style["colour"], "width": 3, "dash": style["dash"]},
        marker={"color": style["colour"], "size": 9, "symbol": style["symbol"]},
        customdata=np.column_stack([rows["period"].astype(str), _interval_text(rows, lang)]),
        hovertemplate=_escape(name) + "<br>%{customdata[0]}: %{y:.1f} " + _escape(unit_label(unit, lang))
                      + "<br>%{customdata[1]}<extra></extra>",
    ))


def _add_interval_band(fig: go.Figure, rows: pd.DataFrame, colour: str, name: str, lang: str) -> None:
    """Shaded 95% interval, one polygon per run of periods that have both ends."""
    has_band = (rows["lower"].notna() & rows["upper"].notna()).to_numpy()
    runs, current = [], []
    for index, flag in enumerate(has_band):
        if flag:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    for number, run in enumerate(runs):
        part = rows.iloc[run]
        dates = _dates(part)
        fig.add_trace(go.Scatter(
            x=dates + dates[::-1], y=list(part["upper"]) + list(part["lower"])[::-1], fill="toself",
            fillcolor=_rgba(colour, 0.18), line={"width": 0}, mode="lines", hoverinfo="skip",
            name=f"{name}: {text('interval', lang)}", legendgroup=name, showlegend=number == 0,
        ))


def _baseline_year(rows: pd.DataFrame, progress_row: pd.Series) -> float | None:
    period = progress_row.get("baseline_period")
    if not isinstance(period, str) or not period:
        return None
    match = rows.loc[rows["period"] == period, "period_year"]
    return float(match.iloc[0]) if not match.empty else parse_period(period).year


def _deadline_year(progress_row: pd.Series) -> float | None:
    deadline = progress_row.get("deadline")
    if deadline is None or pd.isna(deadline) or int(deadline) <= 0:
        return None
    return parse_period(str(int(deadline))).year


def _add_required_path(fig: go.Figure, rows: pd.DataFrame, progress_row: pd.Series, name: str, unit: str,
                       lang: str, colour: str = OKABE_ITO["green"], show_label: bool = True) -> None:
    baseline_year = _baseline_year(rows, progress_row)
    deadline_year = _deadline_year(progress_row)
    target = progress_row.get("target_value")
    kind = progress_row.get("target_kind")
    if baseline_year is None or deadline_year is None or not _finite(target) or not kind:
        return
    years = np.linspace(baseline_year, deadline_year, 25)
    path = required_path(baseline_year, float(progress_row["baseline_value"]), deadline_year, float(target),
                         str(kind), years)
    target_words = text("target_indicative" if bool(progress_row.get("indicative_target")) else "target", lang)
    end_label = [""] * (len(years) - 1) + [f"{target_words} {format_number(float(target), lang)}"]
    fig.add_trace(go.Scatter(
        x=[year_to_datetime(year) for year in years], y=path, mode="lines+text" if show_label else "lines",
        name=name, line={"color": colour, "width": 2, "dash": "dot"}, text=end_label, textposition="top left",
        hovertemplate=_escape(name) + ": %{y:.1f} " + _escape(unit_label(unit, lang)) + "<extra></extra>",
    ))


def _add_progress(fig: go.Figure, rows: pd.DataFrame, progress_row: pd.Series, name: str, style: dict,
                  unit: str, lang: str, single: bool) -> None:
    """Baseline marker, required path and projection of one region."""
    prefix = "" if single else f"{name}: "
    unit_text = _escape(unit_label(unit, lang))
    baseline_year = _baseline_year(rows, progress_row)
    if baseline_year is not None and _finite(progress_row.get("baseline_value")):
        fig.add_trace(go.Scatter(
            x=[year_to_datetime(baseline_year)], y=[float(progress_row["baseline_value"])], mode="markers+text",
            name=prefix + text("baseline", lang), text=[f"{text('baseline', lang)} {progress_row['baseline_period']}"],
            textposition="bottom center", legendgroup=name, showlegend=single,
            marker={"color": "white", "size": 15, "symbol": "circle-open", "line": {"color": "black", "width": 2}},
            hovertemplate=_escape(prefix + text("baseline", lang)) + ": %{y:.1f} " + unit_text + "<extra></extra>",
        ))
    if _finite(progress_row.get("target_value")):
        _add_required_path(fig, rows, progress_row, prefix + text("required_path", lang), unit, lang,
                           colour=OKABE_ITO["green"] if single else style["colour"])
    deadline_year = _deadline_year(progress_row)
    projected = progress_row.get("projected_value")
    observed = rows.dropna(subset=["value"])
    if deadline_year is None or not _finite(projected) or observed.empty:
        return
    last = observed.iloc[-1]
    start = year_to_datetime(float(last["period_year"]))
    end = year_to_datetime(deadline_year)
    lower, upper = progress_row.get("projected_lower"), progress_row.get("projected_upper")
    if _finite(lower) and _finite(upper):
        start_low = last["lower"] if _finite(last["lower"]) else last["value"]
        start_high = last["upper"] if _finite(last["upper"]) else last["value"]
        fig.add_trace(go.Scatter(
            x=[start, end, end, start], y=[start_high, upper, lower, start_low], fill="toself",
            fillcolor=_rgba(style["colour"], 0.10), line={"width": 1, "color": _rgba(style["colour"], 0.4),
                                                          "dash": "dot"},
            mode="lines", hoverinfo="skip", name=prefix + text("projection_interval", lang), legendgroup=name,
            showlegend=single,
        ))
    fig.add_trace(go.Scatter(
        x=[start, end], y=[float(last["value"]), float(projected)], mode="lines+markers", name=prefix
        + text("projection", lang), legendgroup=name, showlegend=single,
        line={"color": style["colour"], "width": 2, "dash": "dash"},
        marker={"symbol": ["circle", "triangle-right"], "size": [1, 12], "color": style["colour"]},
        customdata=[[""], [_interval_pair(lower, upper, lang)]],
        hovertemplate=_escape(prefix + text("projection", lang)) + ": %{y:.1f} " + unit_text
                      + "%{customdata[0]}<extra></extra>",
    ))


def _interval_pair(lower: float, upper: float, lang: str) -> str:
    if _finite(lower) and _finite(upper):
        return f" ({text('interval', lang)} {format_number(lower, lang)} – {format_number(upper, lang)})"
    return ""


def _add_missing_marks(fig: go.Figure, values: pd.DataFrame, lang: str) -> None:
    """Label periods whose value is missing with "geen gegevens" (text on the axis, with hover)."""
    missing = values.loc[values["value"].isna()]
    if missing.empty:
        return
    for year, part in missing.groupby("period_year"):
        names = ", ".join(sorted(part["region_name"].astype(str).unique())) if "region_name" in part else ""
        fig.add_annotation(
            x=year_to_datetime(float(year)), xref="x", y=0, yref="paper", yanchor="bottom", text=no_data(lang),
            textangle=-90, showarrow=False, font={"size": 11, "color": "#555555"},
            hovertext=f"{part['period'].iloc[0]}: {no_data(lang)} ({names})", name="no_data",
        )


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[index:index + 2], 16) for index in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _finite(number: object) -> bool:
    try:
        return number is not None and math.isfinite(float(number))
    except (TypeError, ValueError):
        return False


def _escape(words: str) -> str:
    """Make text safe inside a Plotly hover template (``%{`` starts a field; ``<`` starts a tag)."""
    return str(words).replace("{", "(").replace("}", ")").replace("<", "&lt;")


def _split_tables(tables: Iterable[object]) -> list[str]:
    found = []
    for entry in tables:
        if isinstance(entry, str):
            found.extend(part.strip() for part in entry.replace(";", ",").split(",") if part.strip())
    return found


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _sorted_periods(periods: Iterable[object]) -> list[str]:
    keys = {str(period) for period in periods if isinstance(period, str) and period}

    def order(key: str) -> float:
        try:
            return parse_period(key).year
        except ValueError:
            return math.inf

    return sorted(keys, key=order)
