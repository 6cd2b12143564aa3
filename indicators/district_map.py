"""The district map of one municipality: a pure figure function, districts coloured by a measure.

Like the other maps (:func:`indicators.figures.choropleth`) it takes rows and boundaries and returns
a Plotly figure, so the dashboard, notebooks and tests draw the same map. The rows are those of
:func:`indicators.api.wijk_values` for one municipality and one period; the boundaries are the
district shapes of 2022 in the store (:func:`indicators.api.district_geometry`). Hovering a district
shows its name, value, share of low incomes and income rank (1 = the highest share of low incomes).

Text from the data (district names) is escaped for Plotly's hover and title markup: a name is shown,
never interpreted.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.figures import GREY, LIGHT_GREY, OKABE_ITO, SEQUENTIAL_SCALE, base_layout, no_data, source_line, unit_label
from indicators.formatting import format_number

TEXT = {
    "title": {"nl": "{measure} per wijk in {region}, {period}", "en": "{measure} by district in {region}, {period}"},
    "low_income": {"nl": "inwoners met een laag inkomen", "en": "inhabitants on a low income"},
    "rank": {"nl": "inkomenspositie {rank} van {of} (1 = meeste lage inkomens)",
             "en": "income position {rank} of {of} (1 = most low incomes)"},
    "no_rank": {"nl": "geen inkomenspositie (niet in de wijkindeling 2022 of zonder inkomensgegevens)",
                "en": "no income position (not in the 2022 division or no income data)"},
    "without_shape": {"nl": "{count} wijk(en) zonder vorm op de kaart (code niet in de wijkindeling 2022): {codes}",
                      "en": "{count} district(s) without a shape on the map (code not in the 2022 division): {codes}"},
    "geometry": {"nl": "Wijkgrenzen: CBS/PDOK, wijkindeling 2022", "en": "District boundaries: CBS/PDOK, 2022 division"},
}


def _words(key: str, lang: str, **values: object) -> str:
    words = TEXT[key]["en" if lang == "en" else "nl"]
    return words.format(**values) if values else words


def plain(text: object) -> str:
    """Text from data made inert for Plotly markup (``<b>``, ``<br>``, entities) and hover templates (``%{``)."""
    return html.escape(str(text), quote=False).replace("%{", "%&#123;").replace("{", "&#123;").replace("}", "&#125;")


def _collection(features: list[dict], codes: pd.Series) -> dict:
    wanted = set(codes.astype(str))
    chosen = [feature for feature in features if feature["properties"]["statcode"] in wanted]
    return {"type": "FeatureCollection", "features": chosen}


def district_map(
    districts: pd.DataFrame,
    geojson: dict,
    measure: str,
    region_name: str,
    lang: str = "nl",
    unit: str = "pct",
    big: bool = False,
    height: int = 560,
) -> go.Figure:
    """Map of one municipality's districts in one period, coloured by the measure.

    Args:
        districts: rows of :func:`indicators.api.wijk_values` for one municipality and one period
            (``region_code``, ``region_name``, ``period``, ``value``, ``income_low_pct``,
            ``income_rank``, ``districts_ranked``, ``source_table``).
        geojson: district boundaries (``properties.statcode`` = ``WKxxxxxx``).
        measure: name of the measure in ``lang``.
        region_name: the municipality.
        lang: ``nl`` or ``en``.
        unit: unit key of the values.
        big: larger fonts for a projector.
        height: height in pixels.

    Returns:
        A figure with the districts that have a shape: coloured where they have a value, light grey
        ("geen gegevens") where not; districts without a shape are named in a note under the map.
    """
    codes = set(districts["region_code"].astype(str))
    features = [feature for feature in geojson.get("features", []) if feature["properties"]["statcode"] in codes]
    drawn = {feature["properties"]["statcode"] for feature in features}
    rows = districts.loc[districts["region_code"].astype(str).isin(drawn)]
    unit_text = unit_label(unit, lang)
    hover = []
    for row in rows.itertuples(index=False):
        value = no_data(lang) if pd.isna(row.value) else f"{format_number(row.value, lang)} {unit_text}"
        income = ("" if pd.isna(row.income_low_pct)
                  else f"{format_number(row.income_low_pct, lang)}% {_words('low_income', lang)}")
        rank = (_words("no_rank", lang) if pd.isna(row.income_rank)
                else _words("rank", lang, rank=int(row.income_rank), of=int(row.districts_ranked)))
        hover.append("<br>".join(part for part in (f"<b>{plain(row.region_name)}</b>", plain(value), plain(income), plain(rank))
                                 if part))
    hover = np.array(hover, dtype=object)
    has_value = rows["value"].notna().to_numpy()
    traces = []
    if has_value.any():
        present = rows.loc[has_value]
        traces.append(go.Choropleth(
            geojson=_collection(features, present["region_code"]),
            featureidkey="properties.statcode", locations=present["region_code"].astype(str).to_numpy(),
            z=present["value"].to_numpy(dtype=float), colorscale=SEQUENTIAL_SCALE,
            marker={"line": {"color": "white", "width": 0.8}},
            colorbar={"title": {"text": plain(unit_text)}, "thickness": 14, "len": 0.7, "x": 1.0},
            customdata=hover[has_value], hovertemplate="%{customdata}<extra></extra>", showlegend=False,
        ))
    if (~has_value).any():
        missing = rows.loc[~has_value]
        traces.append(go.Choropleth(
            geojson=_collection(features, missing["region_code"]),
            featureidkey="properties.statcode", locations=missing["region_code"].astype(str).to_numpy(),
            z=np.zeros(len(missing)), colorscale=[[0, LIGHT_GREY], [1, LIGHT_GREY]], showscale=False,
            marker={"line": {"color": GREY, "width": 0.8}}, customdata=hover[~has_value],
            hovertemplate="%{customdata}<extra></extra>", name=no_data(lang), showlegend=True,
        ))
    without_shape = sorted(codes - drawn)
    annotations = []
    if without_shape:
        shown = ", ".join(without_shape[:6]) + (" ..." if len(without_shape) > 6 else "")
        annotations.append({"text": plain(_words("without_shape", lang, count=len(without_shape), codes=shown)),
                            "xref": "paper", "yref": "paper", "x": 0, "y": 1.0, "yanchor": "bottom", "showarrow": False,
                            "font": {"size": 11, "color": OKABE_ITO["black"]}, "name": "without_shape"})
    periods = ", ".join(sorted({str(period) for period in districts["period"]}))
    title = plain(_words("title", lang, measure=measure, region=region_name, period=periods))
    source = source_line(districts, lang) + "<br>" + _words("geometry", lang)
    layout = base_layout(title, source, lang, height=height, big=big, annotations=annotations,
                         legend_rows=1 if (~has_value).any() else 0)
    layout["margin"].update(l=10, r=10)
    layout.update(dragmode=False, geo={"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}})
    return go.Figure(data=traces, layout=layout)
