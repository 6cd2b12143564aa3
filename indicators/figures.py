"""Charts of the monitor as pure functions: a tidy frame in, a Plotly figure out.

The dashboard and the board report draw the same charts from these builders, so a chart looks
and reads the same everywhere. Nothing here imports Streamlit or reads the store: callers pass
the rows of ``indicators.parquet`` / ``progress.parquet`` (see :mod:`indicators.api`).

Every figure has a title, the unit on its value axis, and the source line of
:func:`indicators.formatting.attribution` as an annotation under the plot; the legend hangs
under the title, so a legend can never cover the source line (:func:`base_layout`). Axes fit
what is drawn: the time axis runs to the deadline, the value axis fits values, bands, target
and projection within what the unit allows. Numbers use a decimal comma in
Dutch (``layout.separators``). Missing values stay gaps, never 0, and are labelled
"geen gegevens" (on the chart and in the hover text). Colours come from the Okabe-Ito palette
(safe for colour-blind readers) and always come with a text label, a marker symbol or a line
style. Text that comes from data (region and district names) is escaped before Plotly sees it
(Plotly reads ``<a href>`` and friends in any text).

Each builder collects its traces and annotations and creates the figure once: Plotly validates
every property on each update, so a figure built in one go is several times faster.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from indicators.catalog import get_indicator
from indicators.catalog.model import UNITS, Indicator
from indicators.formatting import NO_DATA, attribution, format_number
from indicators.periods import parse_period
from indicators.progress import MIN_POINTS, MIN_SPAN_YEARS, projection_curve, required_path
from indicators.safe_text import html_text

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
HALO = "0 0 2px white, 0 0 2px white, 0 0 3px white"  # text shadow that keeps dark labels readable
DARK_HALO = "0 0 2px black, 0 0 2px black, 0 0 3px black"  # and white labels on dark fills
MAP_WIDTH = 760  # pixels a map is about wide on screen (to keep its labels apart)
LIGHT_GREY = "#D9D9D9"
SEQUENTIAL_SCALE = "cividis"  # readable with every common colour-vision deficiency
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
BIG = 1.3  # font scale for projectors

# Plotly.js fetches a world map (topojson) from cdn.plot.ly for every map, even when, as here, the
# map draws only the municipalities' own GeoJSON and no base layer. Pass this as the chart's
# ``config`` (``st.plotly_chart(config=...)``, ``fig.to_html(config=...)``) so maps also draw
# offline: an empty topology served as a data URL; the file name Plotly appends lands in the
# URL's fragment and is ignored.
EMPTY_TOPOJSON_URL = 'data:application/json,{"type":"Topology","objects":{},"arcs":[]}#'
OFFLINE_MAP_CONFIG = {"topojsonURL": EMPTY_TOPOJSON_URL}

TEXT = {
    "observed": {"nl": "gemeten", "en": "observed"},
    "interval": {"nl": "95%-interval", "en": "95% interval"},
    "no_interval": {"nl": "geen interval in de bron", "en": "no interval in the source"},
    "baseline": {"nl": "basisjaar", "en": "baseline"},
    "target": {"nl": "doel", "en": "target"},
    "target_indicative": {"nl": "indicatief doel", "en": "indicative target"},
    "required_path": {"nl": "benodigd pad naar het doel", "en": "required path to the target"},
    "projection": {"nl": "projectie (trendlijn)", "en": "projection (fitted trend)"},
    "projection_interval": {"nl": "projectie, 95%-voorspellingsinterval", "en": "projection, 95% prediction interval"},
    "prediction_interval": {"nl": "95%-voorspellingsinterval", "en": "95% prediction interval"},
    "period": {"nl": "periode", "en": "period"},
    "netherlands": {"nl": "Nederland", "en": "the Netherlands"},
    "peers": {"nl": "vergelijkingsgemeenten", "en": "peer municipalities"},
    "wijk_ranking_title": {"nl": "{measure} per wijk in {region}, {period} (brongegevens)",
                           "en": "{measure} by district in {region}, {period} (source data)"},
    "peer_title": {"nl": "{region} vergeleken met {peers} en Nederland",
                   "en": "{region} compared with {peers} and the Netherlands"},
    "map_title": {"nl": "{indicator}, {period}", "en": "{indicator}, {period}"},
    "no_data_map": {"nl": "geen gegevens (grijs)", "en": "no data (grey)"},
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
    """The attribution of the rows in ``frame``: their source tables and first-last period with a value."""
    if "value" in frame and frame["value"].notna().any():
        frame = frame.loc[frame["value"].notna()]
    tables = list(dict.fromkeys(_split_tables(frame["source_table"]))) if "source_table" in frame else []
    periods = sorted_periods(frame["period"]) if "period" in frame else []
    return attribution(tables, periods, lang)


def wrap_text(words: str, width: int) -> str:
    """Break a line at spaces into lines of at most ``width`` characters, joined with ``<br>``."""
    lines: list[str] = []
    for word in words.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def year_to_datetime(year: float) -> datetime:
    """Turn a fractional period year (2019.5 = mid 2019) into a date for a time axis."""
    whole = math.floor(year)
    return datetime(whole, 1, 1) + timedelta(days=(year - whole) * 365.25)


def sorted_periods(periods: Iterable[object]) -> list[str]:
    """Distinct period keys in time order (``2012``, ``2017H1``, ``2017/2020`` ...)."""
    keys = {str(period) for period in periods if isinstance(period, str) and period}

    def order(key: str) -> float:
        try:
            return parse_period(key).year
        except ValueError:
            return math.inf

    return sorted(keys, key=order)


# ----- shared layout --------------------------------------------------------------------------
def source_space(source: str, scale: float = 1.0) -> int:
    """Pixels the source line takes under the plot: its lines (11 px type) and a small gap."""
    return round(16 * (source.count("<br>") + 1) * scale) + 8


def base_layout(title: str, source: str, lang: str = "nl", height: int = 460, big: bool = False,
                annotations: list[dict] | None = None, y_title: str = "", x_title: str = "",
                legend_rows: int = 0, title_size: int = 18, font_size: int = 14, axes: bool = True) -> dict:
    """The layout every chart shares: title, legend under it, the plot, tick labels, the source line.

    Top to bottom: the title (``<br>`` breaks it), the legend, the plot area, the tick labels
    (and the x-axis title), the source line. The legend hangs from the title in the figure's
    own coordinates, so when it needs more rows than ``legend_rows`` Plotly pushes the plot
    down instead of drawing the legend over anything; the source line sits at a fixed distance
    under the tick labels. Nothing can overlap the source line or the title.

    Args:
        title: chart title (already in ``lang``; data text escaped with :mod:`indicators.safe_text`).
        source: the source line (see :func:`source_line`); ``<br>`` breaks it.
        lang: ``nl`` or ``en``: decides the decimal separator.
        height: height in pixels of the title and the plot area (the legend and the space
            under the plot are added).
        big: larger fonts for a projector.
        annotations: further annotations (the source line is added first).
        y_title: value-axis title (the unit).
        x_title: time or category axis title.
        legend_rows: rows of legend to make room for (0: no legend).
        title_size: title font size before scaling.
        font_size: base font size before scaling.
        axes: False for a map (no tick labels under the plot).
    """
    scale = BIG if big else 1.0
    lines = title.count("<br>") + 1 if title else 0
    title_space = round((title_size * 1.3 * lines + 16) * scale) if title else round(10 * scale)
    legend_space = round(24 * legend_rows * scale) + (round(6 * scale) if legend_rows else 0)
    ticks = round(((26 if axes else 2) + (30 if x_title else 0)) * scale)
    bottom = ticks + source_space(source, scale)
    plot_height = max(round(height * (1.1 if big else 1.0)) - title_space, 60)
    total = title_space + legend_space + plot_height + bottom
    source_note = {
        "text": source, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -ticks,
        "xanchor": "left", "yanchor": "top", "align": "left", "showarrow": False, "name": "source",
        "font": {"size": round(11 * scale), "color": "#444444"},
    }
    axis = {"showline": True, "linecolor": "#888888", "gridcolor": "#EEEEEE", "zeroline": False,
            "automargin": False}
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
                  "yref": "container", "pad": {"t": round(10 * scale), "l": 4},
                  "font": {"size": round(title_size * scale)}},
        "separators": separators(lang),
        "font": {"family": FONT_FAMILY, "size": round(font_size * scale)},
        "height": total,
        "margin": {"l": 60, "r": 30, "t": title_space + legend_space, "b": bottom, "autoexpand": True},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "showlegend": legend_rows > 0,
        "legend": {"orientation": "h", "yref": "container", "y": 1 - (title_space - round(4 * scale)) / total,
                   "yanchor": "top", "x": 0, "xanchor": "left", "font": {"size": round(13 * scale)},
                   "traceorder": "normal", "itemwidth": 30},
        "hoverlabel": {"font": {"size": round(14 * scale)}},
        "annotations": [source_note, *(annotations or [])],
        "xaxis": {**axis, "title": {"text": x_title, "standoff": 6}},
        "yaxis": {**axis, "title": {"text": y_title}},
    }


def legend_rows_for(traces: list, per_row: int = 3) -> int:
    """Rows a horizontal legend needs for the traces shown in it (about ``per_row`` entries a row)."""
    entries = sum(1 for trace in traces if trace.showlegend is not False and trace.name)
    return math.ceil(entries / per_row)


def value_axis_range(numbers: Iterable[object], unit: str, padding: float = 0.06) -> list[float] | None:
    """A value-axis range that shows every number given, padded, and never leaves the unit's valid range.

    A 95% band that runs past what is possible (a percentage below 0) is cut off at the
    unit's bound; everything else fits.

    Args:
        numbers: the values, interval ends, baseline, target and projection drawn.
        unit: unit key of the indicator (:data:`indicators.catalog.model.UNITS`).
        padding: share of the range added below and above.

    Returns:
        ``[low, high]``, or None when there is no number.
    """
    finite = [float(number) for number in numbers if _finite(number)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    pad = max((high - low) * padding, abs(high) * 0.02, 0.1)
    bounds = UNITS.get(unit, {})
    return [max(low - pad, bounds.get("min", -math.inf)), min(high + pad, bounds.get("max", math.inf))]


# ----- trend with baseline, target path and projection ---------------------------------------
def trend_figure(values: pd.DataFrame, progress: pd.DataFrame | None = None, lang: str = "nl",
                 title: str | None = None, big: bool = False, height: int = 480, compact: bool = False) -> go.Figure:
    """Time series of one indicator for one or more regions, with what the mission asks.

    Draws, per region: the observed values (a gap where a value is missing, labelled "geen
    gegevens"), the 95% interval band where the source gives one, the baseline, the required
    path from the baseline to the target at the mission's deadline, and the projection the
    progress engine made (:func:`projection_traces`). One region: every element has its own
    legend entry and the target is labelled. Several regions: the legend names the regions and,
    once, the line styles; each region's name stands at the right end of its line (moved apart
    where they would touch). The time axis runs from the first measurement to the deadline; the
    value axis fits the data, the bands, the target and the projection, within what the unit
    allows.

    Args:
        values: rows of ``indicators.parquet`` for one indicator (``region_code``,
            ``region_name``, ``period``, ``period_year``, ``value``, ``lower``, ``upper``,
            ``unit``, ``source_table``).
        progress: rows of ``progress.parquet`` for the same indicator and regions, or None to
            draw only the observations.
        lang: ``nl`` or ``en``.
        title: chart title; default: the indicator's title (and the region, when only one).
        big: larger fonts for a projector.
        height: height in pixels (title and plot area).
        compact: smaller type for a chart in a card.
    """
    indicator = _single_indicator(values)
    unit = _unit_of(values, indicator)
    values = _escaped_names(_from_first_value(_plain_numbers(values)))
    regions = _regions_in_order(values)
    single = len(regions) == 1
    traces: list[go.Scatter] = []
    numbers: list[object] = [*values["value"], *values["lower"], *values["upper"]]
    years: list[float] = list(values["period_year"].dropna())
    ends: list[tuple[float, str, str]] = []
    without_projection: list[str] = []
    for number, (code, name) in enumerate(regions):
        style = _style(number)
        rows = values.loc[values["region_code"] == code].sort_values("period_year")
        match = progress.loc[progress["region_code"] == code] if progress is not None else None
        row = _plain_row(match.iloc[0]) if match is not None and not match.empty else None
        traces += _interval_bands(rows, style["colour"], name, lang, in_legend=single)
        traces.append(_observed_line(rows, text("observed", lang) if single and row is not None else name, style,
                                     unit, lang, region=name))
        if row is not None:
            extra, drawn = _progress_traces(rows, row, name, style, unit, lang, single)
            traces += extra
            numbers += drawn["numbers"]
            years += drawn["years"]
            if "end" in drawn:  # a name at the right edge only for a line that reaches it (the projection)
                ends.append((float(drawn["end"]), name, style["colour"]))
            if "no_projection" in drawn:
                without_projection.append(drawn["no_projection"])
    if not single:
        traces += _style_keys(traces, lang, without_projection)
    scale = BIG if big else 1.0
    default_title = indicator.title(lang) if indicator is not None else ""
    if single:
        default_title = f"{default_title}: {regions[0][1]}" if regions else default_title
    title_text = title if title is not None else default_title
    if compact:
        title_text = wrap_text(title_text, 48)
    source = wrap_text(source_line(values, lang), 70 if compact else 110)
    layout = base_layout(title_text, source, lang, height=height, big=big,
                         annotations=_missing_notes(values, lang, size=9 if compact else 11),
                         y_title=unit_label(unit, lang), legend_rows=legend_rows_for(traces, 2 if compact else 3),
                         title_size=13 if compact else 18, font_size=11 if compact else 14)
    if compact:  # two legend entries a row in a narrow card
        layout["legend"].update(font={"size": round(10 * scale)}, entrywidth=0.5, entrywidthmode="fraction")
        layout["margin"].update(l=50, r=14)
        layout["annotations"][0]["font"]["size"] = round(9 * scale)
    layout["xaxis"].update(type="date", tickformat="%Y", range=_time_range(years), nticks=6 if compact else 10)
    axis = value_axis_range(numbers, unit)
    if axis is not None:
        layout["yaxis"].update(range=axis, autorange=False, nticks=5 if compact else 8)
    if not single and axis is not None:
        plot_px = max(layout["height"] - layout["margin"]["t"] - layout["margin"]["b"], 60)
        layout["annotations"] += _end_labels(ends, axis, plot_px, scale)
        widest = max((len(name) for _, name, _ in ends), default=0)
        layout["margin"]["r"] = min(24 + round(7.5 * widest * scale), 190)
    return go.Figure(data=traces, layout=layout)


def _time_range(years: list[float]) -> list[datetime] | None:
    """The time axis from the first to the last year drawn, with a little room at both ends."""
    finite = [float(year) for year in years if _finite(year)]
    if not finite:
        return None
    return [year_to_datetime(min(finite) - 0.7), year_to_datetime(max(finite) + 0.7)]


def _end_labels(ends: list[tuple[float, str, str]], axis: list[float], plot_px: float, scale: float) -> list[dict]:
    """Region names at the right end of their lines, spread so that no two touch."""
    if not ends:
        return []
    low, high = axis
    gap = (high - low) * (15 * scale) / plot_px  # one line of 12 px type, in axis units
    ordered = sorted((min(max(y, low), high), name, colour) for y, name, colour in ends)
    placed = [ordered[0][0]]
    for y, _, _ in ordered[1:]:
        placed.append(max(y, placed[-1] + gap))
    overflow = placed[-1] - high
    if overflow > 0:  # push the stack down from the top, but not below the axis
        placed = [max(y - overflow, low + gap * index) for index, y in enumerate(placed)]
    return [{"x": 1, "xref": "paper", "xanchor": "left", "xshift": 6, "y": y, "yref": "y", "yanchor": "middle",
             "text": name, "showarrow": False, "name": "end_label",
             "font": {"color": colour, "size": round(12 * scale)}}
            for y, (_, name, colour) in zip(placed, ordered, strict=True)]


def _style_keys(traces: list, lang: str, without_projection: list[str] | None = None) -> list[go.Scatter]:
    """Legend entries that explain the line styles once (grey), when several regions share a chart.

    ``without_projection``: the words for regions that have a target but no projection (one entry
    for all of them, so the reader knows the dashed line is missing on purpose).
    """
    keys = []
    names = " ".join(str(trace.name or "") for trace in traces)
    if text("required_path", lang) in names:
        keys.append(_Trace(x=[None], y=[None], mode="lines", name=text("required_path", lang), hoverinfo="skip",
                               line={"color": GREY, "width": 2.5, "dash": "dot"}))
    if text("projection", lang) in names:
        keys.append(_Trace(x=[None], y=[None], mode="lines", name=text("projection", lang), hoverinfo="skip",
                               line={"color": GREY, "width": 2, "dash": "dash"}))
    bands = [str(trace.name or "") for trace in traces if getattr(trace, "fill", None) == "toself"]
    if any(not name.endswith(text("projection_interval", lang)) for name in bands):
        keys.append(_Trace(x=[None], y=[None], mode="lines", name=text("interval", lang), hoverinfo="skip",
                           fill="toself", fillcolor=_rgba(GREY, 0.25), line={"width": 0}))
    if any(name.endswith(text("projection_interval", lang)) for name in bands):
        keys.append(_Trace(x=[None], y=[None], mode="lines", name=text("projection_interval", lang), hoverinfo="skip",
                           fill="toself", fillcolor=_rgba(GREY, 0.10), line={"width": 1, "color": GREY, "dash": "dot"}))
    for words in dict.fromkeys(without_projection or []):
        keys.append(_Trace(x=[None], y=[None], mode="lines", name=words, hoverinfo="skip",
                           line={"color": "rgba(0,0,0,0)", "width": 0}))
    return keys


def sparkline(values: pd.DataFrame, progress_row: pd.Series | None = None, lang: str = "nl",
              title: str = "", height: int = 260, big: bool = False) -> go.Figure:
    """A small trend of one indicator in one region for a card: :func:`trend_figure` in compact form.

    Args:
        values: rows of ``indicators.parquet`` for one indicator and one region.
        progress_row: that region's row of ``progress.parquet`` (or None).
        lang: ``nl`` or ``en``.
        title: the title (default: indicator and region).
        height: height in pixels.
        big: larger fonts for a projector.
    """
    progress = progress_row.to_frame().T if progress_row is not None else None
    return trend_figure(values, progress, lang=lang, title=title or None, big=big, height=height, compact=True)


# ----- choropleth -----------------------------------------------------------------------------
def choropleth(values: pd.DataFrame, geojson: dict, lang: str = "nl", title: str | None = None,
               highlight: str | None = None, label_regions: bool = False, big: bool = False,
               height: int = 640) -> go.Figure:
    """Map of one indicator in one period, one shape per municipality.

    Args:
        values: municipal rows of ``indicators.parquet`` for one indicator and one period.
            Municipalities whose value is missing are drawn light grey with hover "geen
            gegevens". Only the shapes of these rows are drawn, so the rows of a province or
            of the U10 region zoom the map to it.
        geojson: municipality boundaries (``properties.statcode`` = ``GMxxxx``).
        lang: ``nl`` or ``en``.
        title: chart title; default: indicator title and period.
        highlight: a municipality code drawn with a thick outline.
        label_regions: write name and value on every shape (for small areas): dark text on
            light fills and white text on dark ones, moved apart where labels would overlap.
        big: larger fonts for a projector.
        height: height in pixels.
    """
    indicator = _single_indicator(values)
    unit_text = unit_label(_unit_of(values, indicator), lang)
    values = _escaped_names(values)
    codes = set(values["region_code"])
    features = [feature for feature in geojson["features"] if feature["properties"]["statcode"] in codes]
    drawn = {feature["properties"]["statcode"] for feature in features}
    shown = values.loc[values["region_code"].isin(drawn)]
    present = shown.loc[shown["value"].notna()]
    missing = shown.loc[shown["value"].isna()]
    traces = []
    if not present.empty:
        traces.append(go.Choropleth(
            geojson=_shapes(features, present["region_code"]), featureidkey="properties.statcode",
            locations=present["region_code"].to_numpy(),
            z=present["value"].to_numpy(), colorscale=SEQUENTIAL_SCALE, marker={"line": {"color": "white",
                                                                                          "width": 0.7}},
            colorbar={"title": {"text": unit_text}, "thickness": 14, "len": 0.7, "x": 1.0},
            customdata=np.column_stack([present["region_name"].to_numpy(dtype=object),
                                        _interval_texts(present, lang)]),
            hovertemplate="<b>%{customdata[0]}</b><br>%{z:.1f} " + _safe(unit_text)
                          + "<br>%{customdata[1]}<extra></extra>",
            name=indicator.title(lang) if indicator else "", showlegend=False,
        ))
    if not missing.empty:
        traces.append(go.Choropleth(
            geojson=_shapes(features, missing["region_code"]), featureidkey="properties.statcode",
            locations=missing["region_code"].to_numpy(),
            z=np.zeros(len(missing)), colorscale=[[0, LIGHT_GREY], [1, LIGHT_GREY]], showscale=False,
            marker={"line": {"color": GREY, "width": 0.7}}, customdata=missing["region_name"].to_numpy(dtype=object),
            hovertemplate="<b>%{customdata}</b><br>" + no_data(lang) + "<extra></extra>",
            name=text("no_data_map", lang), showlegend=True,
        ))
    if highlight is not None and highlight in drawn:
        traces.append(go.Choropleth(
            geojson=_shapes(features, [highlight]), featureidkey="properties.statcode", locations=[highlight], z=[0],
            showscale=False,
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], hoverinfo="skip", showlegend=False,
            marker={"line": {"color": OKABE_ITO["vermillion"], "width": 3.5}},
        ))
    period_text = ", ".join(sorted_periods(values["period"]))
    default_title = text("map_title", lang, indicator=indicator.title(lang) if indicator else "", period=period_text)
    layout = base_layout(title or default_title, source_line(values, lang), lang, height=height, big=big,
                         legend_rows=1 if not missing.empty else 0, axes=False)
    layout["margin"].update(l=10, r=10)
    layout.update(dragmode=False, geo={"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}})
    if label_regions and features:
        plot_px = (MAP_WIDTH - 10 - 10 - 60, layout["height"] - layout["margin"]["t"] - layout["margin"]["b"])
        traces += map_labels(features, shown, lang, big, plot_px)
    return go.Figure(data=traces, layout=layout)


def _shapes(features: list[dict], codes: Iterable[str]) -> dict:
    """A FeatureCollection of only the features of ``codes`` (each trace carries only its own shapes)."""
    wanted = set(codes)
    return {"type": "FeatureCollection",
            "features": [feature for feature in features if feature["properties"]["statcode"] in wanted]}


def feature_centre(feature: dict) -> tuple[float, float]:
    """Return (lon, lat) of the area-weighted centre of a feature's largest ring (where its label goes)."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    ring = np.asarray(max((polygon[0] for polygon in polygons), key=len), dtype=float)
    x, y = ring[:, 0], ring[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float((x.min() + x.max()) / 2), float((y.min() + y.max()) / 2)
    return (float(((x[:-1] + x[1:]) * cross).sum() / (6 * area)),
            float(((y[:-1] + y[1:]) * cross).sum() / (6 * area)))


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    return np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))


def _fill_is_dark(values: np.ndarray) -> np.ndarray:
    """Whether each value's colour on the map's scale is dark (then its label is white)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.zeros(len(values), dtype=bool)
    low, high = float(finite.min()), float(finite.max())
    share = np.where(np.isfinite(values), (values - low) / (high - low) if high > low else 0.5, np.nan)
    dark = []
    for part in share:
        if not np.isfinite(part):
            dark.append(False)  # light grey "no data"
            continue
        red, green, blue = (int(channel) / 255 for channel in
                            re.findall(r"\d+", sample_colorscale(SEQUENTIAL_SCALE, [float(part)])[0])[:3])
        dark.append(0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5)
    return np.array(dark, dtype=bool)


def spread_labels(points: np.ndarray, sizes: np.ndarray, rounds: int = 80) -> np.ndarray:
    """Move label boxes apart until none overlap (or ``rounds`` passes are done).

    Args:
        points: label centres in pixels, shape ``(n, 2)`` (x to the right, y up).
        sizes: box width and height in pixels, shape ``(n, 2)``.
        rounds: passes over all pairs.

    Returns:
        The new centres; every overlapping pair is pushed apart along the axis where it
        overlaps least, half the overlap each.
    """
    moved = points.astype(float).copy()
    for _ in range(rounds):
        clear = True
        for first in range(len(moved)):
            for second in range(first + 1, len(moved)):
                gap = moved[second] - moved[first]
                need = (sizes[first] + sizes[second]) / 2 + 6
                overlap = need - np.abs(gap)
                if overlap[0] <= 0 or overlap[1] <= 0:
                    continue
                clear = False
                axis = 1 if overlap[1] / need[1] <= overlap[0] / need[0] else 0
                direction = 1.0 if gap[axis] >= 0 else -1.0
                moved[first][axis] -= direction * overlap[axis] / 2
                moved[second][axis] += direction * overlap[axis] / 2
        if clear:
            break
    return moved


def map_labels(features: list[dict], shown: pd.DataFrame, lang: str, big: bool,
               plot_px: tuple[float, float]) -> list[go.Scattergeo]:
    """Name and value on every shape, legible on any fill, spread so that no two labels overlap.

    Labels start at each shape's centre; their boxes (estimated from the text and font size
    on a map fitted to ``plot_px``) are moved apart with :func:`spread_labels`. A label moved
    far from its shape gets a thin leader line to the centre.
    """
    size = round(11 * (BIG if big else 1.0))
    centres = pd.DataFrame([(f["properties"]["statcode"], *feature_centre(f)) for f in features],
                           columns=["region_code", "lon", "lat"])
    centres = centres.merge(shown[["region_code", "region_name", "value"]], on="region_code")
    if centres.empty:
        return []
    lons = np.concatenate([np.asarray(_outer_points(feature))[:, 0] for feature in features])
    lats = np.concatenate([np.asarray(_outer_points(feature))[:, 1] for feature in features])
    span_x, span_y = lons.max() - lons.min(), _mercator_y(lats).max() - _mercator_y(lats).min()
    pixels = min(plot_px[0] / max(span_x, 1e-9), plot_px[1] / max(span_y, 1e-9))  # pixels per degree
    xy = np.column_stack([centres["lon"] * pixels, _mercator_y(centres["lat"].to_numpy()) * pixels])
    names = [str(name) for name in centres["region_name"]]
    numbers = [format_number(value, lang) for value in centres["value"]]
    widths = [0.6 * size * max(len(html.unescape(name)), len(number)) + 4 for name, number in zip(names, numbers,
                                                                                                     strict=True)]
    boxes = np.column_stack([widths, np.full(len(names), 2.3 * size)])
    placed = spread_labels(xy, boxes)
    lon = placed[:, 0] / pixels
    lat = np.degrees(2 * np.arctan(np.exp(np.radians(placed[:, 1] / pixels))) - np.pi / 2)
    dark = _fill_is_dark(centres["value"].to_numpy(dtype=float))
    labels = [f"{name}<br>{number}" for name, number in zip(names, numbers, strict=True)]
    traces = []
    far = np.hypot(*(placed - xy).T) > 0.6 * size
    for index in np.flatnonzero(far):
        traces.append(go.Scattergeo(lon=[centres["lon"].iloc[index], lon[index]], lat=[centres["lat"].iloc[index],
                                    lat[index]], mode="lines", line={"color": "#333333", "width": 1},
                                    hoverinfo="skip", showlegend=False))
    for is_dark, colour, halo in ((False, "#000000", HALO), (True, "#FFFFFF", DARK_HALO)):
        pick = dark == is_dark
        if pick.any():
            traces.append(go.Scattergeo(
                lon=lon[pick], lat=lat[pick], text=[label for label, keep in zip(labels, pick, strict=True) if keep],
                mode="text", hoverinfo="skip", showlegend=False,
                textfont={"size": size, "color": colour, "shadow": halo},
            ))
    return traces


def _outer_points(feature: dict) -> list:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [point for polygon in polygons for point in polygon[0]]


# ----- dot plot: a municipality against peers and the Netherlands -------------------------------
def peer_dot_figure(values: pd.DataFrame, focus: str, netherlands: str = "NL01", lang: str = "nl",
                    title: str | None = None, peer_label: str | None = None, big: bool = False,
                    comparisons: dict[tuple[str, str], str] | None = None) -> go.Figure:
    """Dot plot per indicator: the focus municipality, its peers and the national value.

    One row per indicator, each with its own value axis and unit: open grey circles for the
    peers, a large labelled dot for the focus municipality with its 95% interval as whiskers
    (where the source gives one), a black diamond marked "NL" for the Netherlands. An indicator
    without a value for the focus municipality says "geen gegevens" (top right, on white).

    Args:
        values: rows of ``indicators.parquet`` for several indicators, each in one period, for
            the focus municipality, its peers and the Netherlands.
        focus: code of the municipality in focus.
        netherlands: code of the national row.
        lang: ``nl`` or ``en``.
        title: chart title.
        peer_label: how to name the peers in the title and legend.
        big: larger fonts for a projector.
        comparisons: ``(indicator_id, region_code) -> words`` for the hover text: the tested comparison
            with the Netherlands and its p-value (``t.o.v. Nederland: beter (p = 0,01)``).
    """
    values = _escaped_names(values)
    comparisons = comparisons or {}
    indicator_ids = list(dict.fromkeys(values["indicator_id"]))
    count = max(len(indicator_ids), 1)
    scale = BIG if big else 1.0
    focus_name = _name_of(values, focus)
    peers_name = peer_label or text("peers", lang)
    subtitles = []
    for indicator_id in indicator_ids:
        indicator = get_indicator(indicator_id)
        period = ", ".join(sorted_periods(values.loc[values["indicator_id"] == indicator_id, "period"]))
        subtitles.append(f"{indicator.title(lang)} ({unit_label(indicator.unit, lang)}, {period})")
    fig = make_subplots(rows=count, cols=1, subplot_titles=subtitles or [""], vertical_spacing=0.55 / count)
    notes = []
    for number, indicator_id in enumerate(indicator_ids, start=1):
        part = values.loc[values["indicator_id"] == indicator_id]
        unit_text = _safe(unit_label(get_indicator(indicator_id).unit, lang))
        peers = part.loc[~part["region_code"].isin([focus, netherlands]) & part["value"].notna()]
        national = part.loc[(part["region_code"] == netherlands) & part["value"].notna()]
        own = part.loc[(part["region_code"] == focus) & part["value"].notna()]
        first = number == 1

        def hover(rows: pd.DataFrame, indicator: str = indicator_id) -> np.ndarray:
            names = rows["region_name"].to_numpy(dtype=object)
            words = [_safe(comparisons.get((indicator, code), "")) for code in rows["region_code"]]
            return np.column_stack([names, np.array([f"<br>{word}" if word else "" for word in words], dtype=object)]) \
                if len(rows) else np.empty((0, 2), dtype=object)

        fig.add_traces([
            go.Scatter(x=peers["value"].to_numpy(), y=np.zeros(len(peers)), mode="markers", name=peers_name,
                       legendgroup="peers", showlegend=first, customdata=hover(peers),
                       marker={"color": GREY, "size": round(11 * scale), "symbol": "circle-open", "line": {"width": 2}},
                       hovertemplate="%{customdata[0]}: %{x:.1f} " + unit_text + "%{customdata[1]}<extra></extra>"),
            go.Scatter(x=national["value"].to_numpy(), y=np.zeros(len(national)), mode="markers+text",
                       name=text("netherlands", lang), legendgroup="nl", showlegend=first,
                       text=["NL"] * len(national), textposition="bottom center",
                       marker={"color": OKABE_ITO["black"], "size": round(14 * scale), "symbol": "diamond"},
                       hovertemplate=_safe(text("netherlands", lang)) + ": %{x:.1f} " + unit_text + "<extra></extra>"),
            go.Scatter(x=own["value"].to_numpy(), y=np.zeros(len(own)), mode="markers+text", name=focus_name,
                       legendgroup="focus", showlegend=first, error_x=_interval_whiskers(own),
                       text=[format_number(value, lang) for value in own["value"]], textposition="top center",
                       textfont={"color": OKABE_ITO["vermillion"]}, customdata=hover(own),
                       marker={"color": OKABE_ITO["vermillion"], "size": round(16 * scale), "symbol": "circle",
                               "line": {"color": "black", "width": 1}},
                       hovertemplate="%{customdata[0]}: %{x:.1f} " + unit_text + "%{customdata[1]}<extra></extra>"),
        ], rows=number, cols=1)
        suffix = "" if number == 1 else str(number)
        missing = [(name, colour) for name, colour, found in (
            (focus_name, OKABE_ITO["vermillion"], own), (text("netherlands", lang), OKABE_ITO["black"], national))
            if found.empty]
        for line, (name, colour) in enumerate(missing):
            notes.append({"text": f"{name}: {no_data(lang)}", "xref": f"x{suffix} domain", "yref": f"y{suffix} domain",
                          "x": 1, "y": 1 - 0.3 * line, "xanchor": "right", "yanchor": "top", "showarrow": False,
                          "bgcolor": "rgba(255,255,255,0.9)", "font": {"color": colour}, "hovertext": no_data(lang)})
    row_height = 110 * scale
    source = wrap_text(source_line(values, lang), 150)
    layout = base_layout(title or text("peer_title", lang, region=focus_name, peers=peers_name), source, lang,
                         height=round(60 + row_height * count), big=big, legend_rows=1)
    subplot_notes = [dict(annotation.to_plotly_json(), font={"size": round(13 * scale)})
                     for annotation in fig.layout.annotations]
    layout["annotations"] += subplot_notes + notes
    layout["margin"].update(l=30, r=30, t=layout["margin"]["t"] + round(22 * scale))
    layout.pop("xaxis")
    layout.pop("yaxis")
    fig.update_layout(layout, overwrite=True)
    fig.update_yaxes(showticklabels=False, showgrid=False, showline=False, zeroline=False, range=[-1, 1])
    fig.update_xaxes(showline=True, linecolor="#888888", gridcolor="#EEEEEE", zeroline=False)
    return fig


def _interval_whiskers(rows: pd.DataFrame) -> dict | None:
    """Horizontal whiskers for the 95% intervals of ``rows`` (``lower``/``upper``), or None when none is known."""
    if "lower" not in rows or "upper" not in rows:
        return None
    values = rows["value"].to_numpy(dtype=float)
    lower, upper = rows["lower"].to_numpy(dtype=float), rows["upper"].to_numpy(dtype=float)
    known = np.isfinite(lower) & np.isfinite(upper)
    if not known.any():
        return None
    return {"type": "data", "symmetric": False, "array": np.where(known, upper - values, 0.0),
            "arrayminus": np.where(known, values - lower, 0.0), "color": OKABE_ITO["vermillion"], "thickness": 2,
            "width": 4}


# ----- inequality: national gaps and the gap between districts ----------------------------------
def gap_figure(values: pd.DataFrame, progress: pd.DataFrame | None = None, lang: str = "nl",
               title: str | None = None, big: bool = False, height: int = 480) -> go.Figure:
    """Several indicators of one region over time on one axis (gaps that share a unit).

    Used for the national income and education gaps in healthy life years and for the gaps
    between districts inside a municipality. With ``progress``, each indicator that has a
    target gets its required path to the target.

    Args:
        values: rows of ``indicators.parquet`` of one region for indicators with the same unit.
        progress: that region's rows of ``progress.parquet`` for the same indicators, or None.
        lang: ``nl`` or ``en``.
        title: chart title; default: the indicators' titles.
        big: larger fonts for a projector.
        height: height in pixels.
    """
    indicator_ids = list(dict.fromkeys(values["indicator_id"]))
    unit = str(values["unit"].iloc[0]) if not values.empty else ""
    traces: list[go.Scatter] = []
    numbers: list[object] = [*values["value"], *values["lower"], *values["upper"]]
    years: list[float] = list(values["period_year"].dropna())
    for number, indicator_id in enumerate(indicator_ids):
        name = get_indicator(indicator_id).title(lang)
        style = _style(number)
        rows = values.loc[values["indicator_id"] == indicator_id].sort_values("period_year")
        traces += _interval_bands(rows, style["colour"], name, lang, in_legend=False)
        traces.append(_observed_line(rows, name, style, unit, lang))
        if progress is not None:
            match = progress.loc[progress["indicator_id"] == indicator_id]
            if not match.empty and _finite(match.iloc[0]["target_value"]):
                path = _required_path(rows, match.iloc[0], f"{name}: {text('required_path', lang)}", unit, lang,
                                      style["colour"], end_label=True)
                if path is not None:
                    traces.append(path)
                    numbers += [path.y[0], path.y[-1]]
                    years.append(float(_deadline_year(match.iloc[0])))
    default_title = " / ".join(get_indicator(indicator_id).title(lang) for indicator_id in indicator_ids)
    layout = base_layout(title or default_title, source_line(values, lang), lang, height=height, big=big,
                         annotations=_missing_notes(values, lang, by="indicator_id"),
                         y_title=unit_label(unit, lang), legend_rows=legend_rows_for(traces, per_row=1))
    layout["xaxis"].update(type="date", tickformat="%Y", range=_time_range(years))
    axis = value_axis_range(numbers, unit)
    if axis is not None:
        layout["yaxis"].update(range=axis, autorange=False)
    return go.Figure(data=traces, layout=layout)


def wijk_ranking_figure(wijken: pd.DataFrame, measure: str, region_name: str, lang: str = "nl",
                        unit: str = "pct", big: bool = False) -> go.Figure:
    """Districts of one municipality ranked by a measure, as published (a view of source data).

    Args:
        wijken: one row per district with ``region_name`` (district name), ``value``,
            ``period`` and ``source_table``; districts without a value are listed at the
            bottom as "geen gegevens", without a bar.
        measure: name of the measure (in ``lang``).
        region_name: the municipality (data text: escaped here).
        lang: ``nl`` or ``en``.
        unit: unit key of the values.
        big: larger fonts for a projector.
    """
    wijken = _escaped_names(wijken)
    ordered = wijken.sort_values("value", ascending=True, na_position="first")
    unit_text = unit_label(unit, lang)
    labels = [no_data(lang) if pd.isna(value) else format_number(value, lang) for value in ordered["value"]]
    trace = go.Bar(
        x=ordered["value"].to_numpy(), y=ordered["region_name"].to_numpy(dtype=object), orientation="h",
        marker={"color": OKABE_ITO["blue"]}, text=labels, textposition="outside", cliponaxis=False, name=measure,
        customdata=np.array(labels, dtype=object),
        hovertemplate="%{y}: %{customdata} " + _safe(unit_text) + "<extra></extra>",
    )
    periods = ", ".join(sorted_periods(wijken["period"])) if not wijken.empty else ""
    title = text("wijk_ranking_title", lang, measure=measure, region=html_text(region_name), period=periods)
    layout = base_layout(title, source_line(wijken, lang), lang, height=max(260, 70 + 24 * len(ordered)), big=big,
                         x_title=unit_text)
    layout["margin"].update(l=10, r=80)
    layout["yaxis"].update(automargin=True, showgrid=False, type="category")
    layout["xaxis"].update(rangemode="tozero")
    return go.Figure(data=[trace], layout=layout)


# ----- building blocks ------------------------------------------------------------------------
class _Trace(dict):
    """A scatter trace as a plain dict (validated once, when the figure is made) with attribute reads."""

    def __init__(self, **properties: object) -> None:
        super().__init__(type="scatter", **properties)

    def __getattr__(self, name: str) -> object:
        return self.get(name)


def _style(number: int) -> dict:
    return {
        "colour": SERIES_COLOURS[number % len(SERIES_COLOURS)],
        "symbol": SERIES_SYMBOLS[number % len(SERIES_SYMBOLS)],
        "dash": SERIES_DASHES[number % len(SERIES_DASHES)],
    }


def _single_indicator(values: pd.DataFrame) -> Indicator | None:
    ids = list(dict.fromkeys(values["indicator_id"])) if "indicator_id" in values else []
    if len(ids) > 1:
        raise ValueError(f"expected rows of one indicator, got {', '.join(map(str, ids))}")
    if not ids:
        return None
    try:
        return get_indicator(str(ids[0]))
    except KeyError:
        return None


def _unit_of(values: pd.DataFrame, indicator: Indicator | None) -> str:
    if "unit" in values and values["unit"].notna().any():
        return str(values["unit"].dropna().iloc[0])
    return indicator.unit if indicator is not None else ""


def _plain_numbers(values: pd.DataFrame) -> pd.DataFrame:
    """The rows with their number columns as numpy floats (Arrow-backed columns are slow to read one by one)."""
    columns = [column for column in ("value", "lower", "upper", "period_year") if column in values]
    return values.assign(**{column: pd.to_numeric(values[column], errors="coerce").to_numpy(dtype="float64",
                                                                                          na_value=np.nan)
                            for column in columns})


def _plain_row(row: pd.Series) -> dict:
    """A progress row as a plain dict of Python values (missing values as None)."""
    return {key: (None if value is pd.NA else value) for key, value in row.to_dict().items()}


def _escaped_names(values: pd.DataFrame) -> pd.DataFrame:
    """The rows with region names escaped for Plotly text (names come from CBS metadata)."""
    if "region_name" not in values or values.empty:
        return values
    return values.assign(region_name=values["region_name"].map(lambda name: html_text(name) if isinstance(name, str)
                                                               else name))


def _regions_in_order(values: pd.DataFrame) -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    for code, name in zip(values["region_code"].tolist(), values["region_name"].tolist(), strict=True):
        names.setdefault(str(code), str(name))
    return list(names.items())


def _name_of(values: pd.DataFrame, code: str) -> str:
    match = values.loc[values["region_code"] == code, "region_name"]
    return str(match.iloc[0]) if not match.empty else code


def _dates(years: Iterable[float]) -> list[str]:
    """Dates for a time axis, as ISO text (Plotly reads it as a date; it serialises much faster than datetimes)."""
    return [year_to_datetime(float(year)).isoformat(sep=" ", timespec="minutes") for year in years]


def _interval_texts(rows: pd.DataFrame, lang: str) -> np.ndarray:
    texts = []
    for lower, upper in zip(rows["lower"], rows["upper"], strict=True):
        if _finite(lower) and _finite(upper):
            texts.append(f"{text('interval', lang)}: {format_number(lower, lang)} – {format_number(upper, lang)}")
        else:
            texts.append(text("no_interval", lang))
    return np.array(texts, dtype=object)


def _observed_line(rows: pd.DataFrame, name: str, style: dict, unit: str, lang: str, region: str = "") -> _Trace:
    """Observed values: a line with markers, broken where a value is missing."""
    hover = np.column_stack([rows["period"].astype(str).to_numpy(dtype=object), _interval_texts(rows, lang)])
    return _Trace(
        x=_dates(rows["period_year"]), y=rows["value"].to_numpy(dtype=float),
        mode="lines+markers", name=name, legendgroup=region or name, connectgaps=False,
        line={"color": style["colour"], "width": 3, "dash": style["dash"]},
        marker={"color": style["colour"], "size": 9, "symbol": style["symbol"]}, customdata=hover,
        hovertemplate=_safe(region or name) + "<br>%{customdata[0]}: %{y:.1f} " + _safe(unit_label(unit, lang))
                      + "<br>%{customdata[1]}<extra></extra>",
    )


def _interval_bands(rows: pd.DataFrame, colour: str, name: str, lang: str, in_legend: bool) -> list[go.Scatter]:
    """Shaded 95% interval: one polygon per run of periods that have both ends."""
    has_band = (rows["lower"].notna() & rows["upper"].notna()).to_numpy()
    bands = []
    for run in _runs(has_band):
        part = rows.iloc[run]
        dates = _dates(part["period_year"])
        bands.append(_Trace(
            x=dates + dates[::-1], y=list(part["upper"]) + list(part["lower"])[::-1], fill="toself",
            fillcolor=_rgba(colour, 0.18), line={"width": 0}, mode="lines", hoverinfo="skip",
            name=text("interval", lang) if in_legend else f"{name}: {text('interval', lang)}", legendgroup=name,
            showlegend=in_legend and not bands,
        ))
    return bands


def _from_first_value(values: pd.DataFrame) -> pd.DataFrame:
    """Leave out the periods before the first value of any series (a series starts where its data start)."""
    measured = values.loc[values["value"].notna(), "period_year"]
    return values if measured.empty else values.loc[values["period_year"] >= measured.min()]


def _runs(flags: np.ndarray) -> list[list[int]]:
    """Index runs where ``flags`` is true: [1, 1, 0, 1] -> [[0, 1], [3]]."""
    runs, current = [], []
    for index, flag in enumerate(flags):
        if flag:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


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


def _required_path(rows: pd.DataFrame, progress_row: pd.Series, name: str, unit: str, lang: str, colour: str,
                   end_label: bool = True) -> go.Scatter | None:
    """The path from the baseline to the target (:func:`indicators.progress.required_path`)."""
    baseline_year = _baseline_year(rows, progress_row)
    deadline_year = _deadline_year(progress_row)
    target = progress_row.get("target_value")
    kind = progress_row.get("target_kind")
    if baseline_year is None or deadline_year is None or not _finite(target) or not isinstance(kind, str) or not kind:
        return None
    if not _finite(progress_row.get("baseline_value")) or deadline_year <= baseline_year:
        return None
    years = np.linspace(baseline_year, deadline_year, 22)
    path = required_path(baseline_year, float(progress_row["baseline_value"]), deadline_year, float(target), kind,
                         years)
    words = text("target_indicative" if bool(progress_row.get("indicative_target")) else "target", lang)
    labels = [""] * (len(years) - 1) + [f"{words} {format_number(float(target), lang)}"]
    falling = float(target) < float(progress_row["baseline_value"])
    return _Trace(
        x=_dates(years), y=path, mode="lines+text" if end_label else "lines", name=name, text=labels,
        textposition="bottom left" if falling else "top left", line={"color": colour, "width": 2.5, "dash": "dot"},
        hovertemplate=_safe(name) + ": %{y:.1f} " + _safe(unit_label(unit, lang)) + "<extra></extra>",
        cliponaxis=False,
    )


def projection_points(progress_row: pd.Series | dict) -> pd.DataFrame | None:
    """What the progress engine projects for one region: the fitted line and its 95% prediction band.

    The one place that reads a projection, through
    :func:`indicators.progress.projection.projection_curve`: the line runs from the first
    observation of the fitted window to the deadline, with the prediction band the engine
    computed. The charts draw exactly this, or nothing when it is None (most series: too few
    measurements for a projection that means anything, see ``validation/RESULTS.md``).

    Returns:
        Frame with ``year``, ``value``, ``lower``, ``upper`` (indicator unit), or None.
    """
    try:
        curve = projection_curve(progress_row)
    except (KeyError, TypeError, ValueError):  # a row without the engine's projection columns
        return None
    if curve is None or curve.empty or not np.isfinite(curve["value"].to_numpy(dtype=float)).all():
        return None
    return curve


def no_projection_words(progress_row: pd.Series | dict, lang: str = "nl", short: bool = True) -> str:
    """Why a row with a target has no projection, in words ("geen projectie: te weinig metingen").

    The engine projects only from :data:`~indicators.progress.projection.MIN_POINTS` measurements
    since the baseline spanning :data:`~indicators.progress.projection.MIN_SPAN_YEARS` years; this
    says which of the two is missing (or, when both hold, that a value lies at the edge of what
    is possible, such as 0%).

    Args:
        progress_row: a row of ``progress.parquet`` (``trend_n``, ``baseline_period``, ``latest_period``).
        lang: ``nl`` or ``en``.
        short: a few words for a legend; False for a sentence with the numbers of the rule.
    """
    en = lang == "en"
    count = progress_row.get("trend_n")
    count = int(count) if _finite(count) else None
    span = _span_years(progress_row)
    need = format_number(MIN_SPAN_YEARS, lang, 0)
    if count is not None and count < MIN_POINTS:
        if short:
            return "no projection: too few measurements" if en else "geen projectie: te weinig metingen"
        counted = (f"{count} measurement{'s' if count != 1 else ''}" if en
                   else f"{count} meting{'en' if count != 1 else ''}")
        return (f"No projection: {counted} since the baseline; a projection needs at least {MIN_POINTS} spanning at "
                f"least {need} years." if en else
                f"Geen projectie: {counted} sinds het basisjaar; een projectie vraagt er minstens {MIN_POINTS} over "
                f"minstens {need} jaar.")
    if span is not None and span < MIN_SPAN_YEARS:
        if short:
            return "no projection: too short a series" if en else "geen projectie: te korte reeks"
        years = format_number(span, lang, 0 if float(span).is_integer() else 1)
        return (f"No projection: the measurements since the baseline span {years} years; a projection needs at least "
                f"{need}." if en else
                f"Geen projectie: de metingen sinds het basisjaar beslaan {years} jaar; een projectie vraagt er minstens "
                f"{need}.")
    if short:
        return "no projection" if en else "geen projectie"
    return ("No projection: a value lies at the edge of what is possible (such as 0%), where the trend cannot be "
            "fitted on a scale that stays inside it." if en else
            "Geen projectie: een waarde ligt op de rand van wat mogelijk is (zoals 0%); daar is de trend niet te "
            "schatten op een schaal die binnen het mogelijke blijft.")


def _span_years(progress_row: pd.Series | dict) -> float | None:
    """Years between the baseline and the latest measurement (period years), or None."""
    try:
        first = parse_period(str(progress_row.get("baseline_period") or "")).year
        last = parse_period(str(progress_row.get("latest_period") or "")).year
    except ValueError:
        return None
    return last - first


def projection_traces(curve: pd.DataFrame, prefix: str, style: dict, unit: str, lang: str,
                      single: bool) -> list[go.Scatter]:
    """Draw a projection (:func:`projection_points`): its 95% prediction band and its dashed fitted line."""
    dates = _dates(curve["year"])
    unit_text = _safe(unit_label(unit, lang))
    lower, upper = curve["lower"].to_numpy(dtype=float), curve["upper"].to_numpy(dtype=float)
    traces = []
    has_band = bool(np.isfinite(lower).all() and np.isfinite(upper).all())
    if has_band:
        traces.append(_Trace(
            x=dates + dates[::-1], y=list(upper) + list(lower[::-1]), fill="toself", mode="lines",
            fillcolor=_rgba(style["colour"], 0.10),
            line={"width": 1, "color": _rgba(style["colour"], 0.5), "dash": "dot"}, hoverinfo="skip",
            name=prefix + text("projection_interval", lang), legendgroup=prefix or "projection", showlegend=single,
        ))
    last = len(dates) - 1
    years = [str(int(math.floor(year))) for year in curve["year"]]
    details = [""] * len(dates)
    if has_band:
        details[last] = (f"<br>{text('prediction_interval', lang)}: {format_number(lower[last], lang)} – "
                         f"{format_number(upper[last], lang)}")
    traces.append(_Trace(
        x=dates, y=curve["value"].to_numpy(dtype=float), mode="lines+markers", name=prefix + text("projection", lang),
        legendgroup=prefix or "projection", showlegend=single, cliponaxis=False,
        line={"color": style["colour"], "width": 2, "dash": "dash"},
        marker={"symbol": ["circle"] * last + ["triangle-right"], "size": [1] * last + [11], "color": style["colour"]},
        customdata=np.column_stack([np.array(years, dtype=object), np.array(details, dtype=object)]),
        hovertemplate=_safe(prefix + text("projection", lang)) + " %{customdata[0]}: %{y:.1f} " + unit_text
                      + "%{customdata[1]}<extra></extra>",
    ))
    return traces


def _progress_traces(rows: pd.DataFrame, progress_row: pd.Series, name: str, style: dict, unit: str, lang: str,
                     single: bool) -> tuple[list[go.Scatter], dict]:
    """Baseline marker, required path and projection of one region, and the numbers and years they draw."""
    prefix = "" if single else f"{name}: "
    unit_text = _safe(unit_label(unit, lang))
    traces = []
    drawn: dict = {"numbers": [], "years": []}
    baseline_year = _baseline_year(rows, progress_row)
    if baseline_year is not None and _finite(progress_row.get("baseline_value")):
        traces.append(_Trace(
            x=[year_to_datetime(baseline_year)], y=[float(progress_row["baseline_value"])],
            mode="markers+text" if single else "markers", name=prefix + text("baseline", lang),
            text=[f"{text('baseline', lang)} {progress_row['baseline_period']}"],
            textposition="bottom right", legendgroup=name, showlegend=single, cliponaxis=False,
            marker={"color": "black", "size": 15, "symbol": "circle-open", "line": {"color": "black", "width": 2}},
            hovertemplate=_safe(prefix + text("baseline", lang)) + ": %{y:.1f} " + unit_text + "<extra></extra>",
        ))
        drawn["numbers"].append(progress_row["baseline_value"])
    path = _required_path(rows, progress_row, prefix + text("required_path", lang), unit, lang,
                          OKABE_ITO["green"] if single else style["colour"], end_label=single)
    curve = projection_points(progress_row)
    if path is not None:
        path.update(legendgroup=name, showlegend=single)
        if curve is not None:  # the target's label goes on the side away from the projection's end
            below = float(curve["value"].iloc[-1]) < path.y[-1]
            path.update(textposition="top left" if below else "bottom left")
        traces.append(path)
        drawn["numbers"] += [path.y[0], path.y[-1]]
        drawn["years"].append(float(_deadline_year(progress_row)))
    if curve is not None:
        traces += projection_traces(curve, prefix, style, unit, lang, single)
        drawn["numbers"] += [*curve["value"], *curve["lower"], *curve["upper"]]
        drawn["years"] += [float(curve["year"].iloc[0]), float(curve["year"].iloc[-1])]
        drawn["end"] = float(curve["value"].iloc[-1])
    elif path is not None:  # a target but no projection: say so where a reader looks for one
        drawn["no_projection"] = no_projection_words(progress_row, lang)
        if single:
            traces.append(_Trace(x=[None], y=[None], mode="lines", name=drawn["no_projection"], hoverinfo="skip",
                                 line={"color": "rgba(0,0,0,0)", "width": 0}, legendgroup="no_projection"))
    return traces, drawn


def _missing_notes(values: pd.DataFrame, lang: str, by: str = "region_name", size: int = 11) -> list[dict]:
    """Annotations "geen gegevens" on the time axis, one per run of periods with missing values.

    Consecutive periods where the same series are missing share one note in the middle of
    the run; its hover text names the periods and the series.
    """
    if values.empty or not values["value"].isna().any():
        return []
    ordered = values.sort_values("period_year")
    years = ordered["period_year"].drop_duplicates().to_numpy()
    missing_sets = []
    for year in years:
        at_year = ordered.loc[ordered["period_year"] == year]
        missing_sets.append(frozenset(at_year.loc[at_year["value"].isna(), by].astype(str)) if by in at_year
                            else frozenset({"-"}) if at_year["value"].isna().any() else frozenset())
    notes = []
    start = 0
    while start < len(years):
        if not missing_sets[start]:
            start += 1
            continue
        end = start
        while end + 1 < len(years) and missing_sets[end + 1] == missing_sets[start]:
            end += 1
        periods = ordered.loc[ordered["period_year"].isin(years[start:end + 1]), "period"].drop_duplicates()
        span = periods.iloc[0] if len(periods) == 1 else f"{periods.iloc[0]}–{periods.iloc[-1]}"
        middle = (years[start] + years[end]) / 2
        notes.append({
            "x": year_to_datetime(float(middle)), "xref": "x", "y": 0, "yref": "paper", "yanchor": "bottom",
            "text": no_data(lang), "textangle": -90 if start == end else 0, "showarrow": False,
            "font": {"size": size, "color": "#555555"}, "name": "no_data",
            "hovertext": f"{span}: {no_data(lang)} ({', '.join(sorted(missing_sets[start]))})",
        })
        start = end + 1
    return notes


def _rgba(colour: str, alpha: float) -> str:
    colour = colour.lstrip("#")
    red, green, blue = (int(colour[index:index + 2], 16) for index in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _finite(number: object) -> bool:
    try:
        return number is not None and math.isfinite(float(number))
    except (TypeError, ValueError):
        return False


def _safe(words: str) -> str:
    """Make text safe inside a Plotly hover template (``%{`` starts a field; ``<`` starts a tag)."""
    return str(words).replace("{", "(").replace("}", ")").replace("<", "&lt;")


def _split_tables(tables: Iterable[object]) -> list[str]:
    found = []
    for entry in tables:
        if isinstance(entry, str):
            found.extend(part.strip() for part in entry.replace(";", ",").split(",") if part.strip())
    return found
