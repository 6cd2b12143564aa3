"""Charts only the board report needs, as pure functions (frame in, Plotly figure out).

The shared charts (trend with target path and projection, dot plots, maps) live in
:mod:`indicators.figures`; this module adds the members chart of a group report and reuses the
shared layout, palette and source line, so the report's charts look like the dashboard's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators import figures
from indicators.catalog import get_indicator
from indicators.formatting import format_number
from indicators.regions import NETHERLANDS
from indicators.safe_text import html_text

ROW_HEIGHT = 15  # pixels per municipality: 16 members and the chart's title fit in a third of a page
ROW_HEIGHT_MANY = 12  # for more than 16 members (a GGD region or a province): still less than half a page



def members_figure(values: pd.DataFrame, group_code: str, lang: str = "nl", title: str | None = None,
                   width: int = 700) -> go.Figure:
    """The latest value of every member municipality of a group, ranked, against the group and the Netherlands.

    One row per municipality (its name on the axis, its value as a labelled dot, the 95%
    interval as whiskers where the source gives one), a dashed line for the Netherlands and a
    dotted line for the group as a whole. A municipality without a value is listed with
    "geen gegevens" and no dot.

    Args:
        values: rows of ``indicators.parquet`` for one indicator in one period: the member
            municipalities and, when available, the group itself and ``NL01``.
        group_code: code of the group (``U10``, ``HHU``, ``GG2514``).
        lang: ``nl`` or ``en``.
        title: chart title; default: indicator, group and period.
        width: width in pixels.
    """
    indicator = get_indicator(str(values["indicator_id"].iloc[0]))
    unit_text = figures.unit_label(indicator.unit, lang)
    values = values.assign(region_name=values["region_name"].map(html_text))  # names are CBS metadata
    members = values.loc[~values["region_code"].isin([group_code, NETHERLANDS])]
    members = members.sort_values(["value", "region_name"], na_position="first")
    names = members["region_name"].astype(str).to_numpy(dtype=object)
    present = members["value"].notna().to_numpy()
    labels = np.array([format_number(value, lang) if ok else figures.no_data(lang)
                       for value, ok in zip(members["value"], present, strict=True)], dtype=object)
    has_interval = (members["lower"].notna() & members["upper"].notna()).to_numpy()
    error = {"type": "data", "symmetric": False, "color": figures.GREY, "thickness": 1.2, "width": 3,
             "array": np.where(has_interval, members["upper"] - members["value"], np.nan),
             "arrayminus": np.where(has_interval, members["value"] - members["lower"], np.nan)}
    dots = go.Scatter(
        x=members["value"].to_numpy(dtype=float), y=names, mode="markers+text", text=labels,
        textposition="middle right", cliponaxis=False, error_x=error, showlegend=False,
        marker={"color": figures.OKABE_ITO["blue"], "size": 8, "symbol": "circle"}, textfont={"size": 11},
        hovertemplate="%{y}: %{text} " + unit_text + "<extra></extra>",
    )
    shapes = []
    notes = [{"x": 0, "xref": "x domain", "y": name, "yref": "y", "xanchor": "left", "showarrow": False,
              "text": figures.no_data(lang), "font": {"color": "#555555", "size": 12}} for name in names[~present]]
    for code, words, colour, dash, height in (
        (NETHERLANDS, figures.text("netherlands", lang), figures.OKABE_ITO["black"], "dash", 1.0),
        (group_code, _name(values, group_code), figures.OKABE_ITO["vermillion"], "dot", 1.06),
    ):
        reference = values.loc[(values["region_code"] == code) & values["value"].notna(), "value"]
        if reference.empty:
            continue
        number = float(reference.iloc[0])
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": number, "x1": number, "y0": 0, "y1": 1,
                       "line": {"color": colour, "dash": dash, "width": 2}})
        notes.append({"x": number, "xref": "x", "y": height, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                      "text": f"{words} {format_number(number, lang)}", "font": {"color": colour, "size": 12}})
    period = ", ".join(figures.sorted_periods(values["period"]))
    default_title = f"{indicator.title(lang)}, {period}"
    row_height = ROW_HEIGHT if len(members) <= 16 else ROW_HEIGHT_MANY
    layout = figures.base_layout(title or default_title, figures.source_line(values, lang), lang,
                                 height=90 + row_height * len(members), annotations=notes, x_title=unit_text,
                                 font_size=12, title_size=14)
    layout.update(width=width, shapes=shapes)
    layout["margin"].update(l=10, r=60, t=layout["margin"]["t"] + 24)
    layout["yaxis"].update(automargin=True, showgrid=True, type="category", showline=False)
    layout["xaxis"].update(zeroline=False)
    return go.Figure(data=[dots], layout=layout)


def _name(values: pd.DataFrame, code: str) -> str:
    match = values.loc[values["region_code"] == code, "region_name"]
    return str(match.iloc[0]) if not match.empty else code
