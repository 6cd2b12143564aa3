"""Chart builders of indicators.figures on small hand-made frames (no store, no browser).

Every figure must have a title, the unit on its value axis, the source line, a decimal comma in
Dutch, colour-blind safe colours, and missing values as gaps labelled "geen gegevens" (never 0).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators import figures
from indicators.figures import (
    OKABE_ITO,
    choropleth,
    gap_figure,
    peer_dot_figure,
    sparkline,
    trend_figure,
    wijk_ranking_figure,
)
from indicators.progress.projection import PROJECTION_FIT_COLUMNS, LineFit, fit_line, projection_curve

PERIODS = {"2012": 2012.5, "2016": 2016.5, "2020": 2020.5, "2022": 2022.5}


def rows(indicator_id: str, region: str, name: str, values: dict[str, float | None], unit: str = "pct",
         table: str = "85563NED", level: str = "gemeente", interval: float | None = 1.5) -> pd.DataFrame:
    """Rows shaped like indicators.parquet for one indicator and region."""
    records = []
    for period, value in values.items():
        number = np.nan if value is None else float(value)
        records.append({
            "indicator_id": indicator_id, "region_code": region, "region_name": name, "region_level": level,
            "period": period, "period_year": PERIODS.get(period, float(period[:4]) + 0.5), "value": number,
            "lower": number - interval if interval is not None else np.nan,
            "upper": number + interval if interval is not None else np.nan,
            "unit": unit, "source_table": table, "proxy": True, "computed": False,
        })
    return pd.DataFrame(records)


SMOKING_SERIES = {2016.5: 24.0, 2018.5: 23.0, 2020.5: 21.5, 2022.5: 20.0}  # four points over six years


def engine_fit(series: dict[float, float] = SMOKING_SERIES, se: float = 0.5, unit: str = "pct") -> LineFit:
    """The progress engine's own fit of a hand-made series (what ``progress.parquet`` stores in ``proj_*``)."""
    return fit_line(list(series), list(series.values()), [se] * len(series), unit=unit, uncertainty="steekproef")


def projection_columns(fit: LineFit | None, deadline: int = 2040) -> dict:
    """The ``proj_*`` columns of a progress row for ``fit`` (empty scale and NaN without a projection)."""
    if fit is None:
        return {"proj_scale": "", **{column: float("nan") for column in PROJECTION_FIT_COLUMNS[1:]}}
    return {"proj_scale": fit.scale, "proj_lo": fit.lo, "proj_hi": fit.hi, "proj_x_centre": fit.x_centre,
            "proj_intercept": fit.intercept, "proj_slope": fit.slope, "proj_s0": fit.s0, "proj_sxx": fit.sxx,
            "proj_dispersion": fit.dispersion, "proj_quantile": fit.quantile, "proj_new_variance": fit.new_variance,
            "proj_from_year": fit.first_year, "proj_to_year": deadline + 0.5}


def progress_row(region: str, baseline_period: str = "2016", baseline: float = 24.0, target: float = 16.8,
                 deadline: int = 2040, fit: LineFit | None = None, trend_n: int = 4) -> pd.DataFrame:
    """A progress.parquet row with a relative target (30% less) and the engine's projection of ``fit`` (or none)."""
    return pd.DataFrame([{
        "indicator_id": "roken_pct", "region_code": region, "baseline_period": baseline_period,
        "baseline_value": baseline, "latest_period": "2022", "latest_value": 20.0, "target_value": target,
        "target_kind": "relative_change", "indicative_target": True, "deadline": deadline,
        "status": "on_track", "trend": "improving", "vs_nl": "better", "vs_ggd": "similar", "trend_n": trend_n,
        **projection_columns(fit, deadline),
    }])


@pytest.fixture
def smoking() -> pd.DataFrame:
    """Smoking in Utrecht with a missing 2020 value, and in the Netherlands."""
    return pd.concat([
        rows("roken_pct", "GM0344", "Utrecht", {"2012": 25.0, "2016": 24.0, "2020": None, "2022": 20.0}),
        rows("roken_pct", "NL01", "Nederland", {"2012": 24.5, "2016": 23.0, "2020": 21.0, "2022": 19.5},
             level="land"),
    ], ignore_index=True)


def annotations_text(fig: go.Figure) -> list[str]:
    return [annotation.text for annotation in fig.layout.annotations]


def source_of(fig: go.Figure) -> str:
    return next(annotation.text for annotation in fig.layout.annotations if annotation.name == "source")


def test_trend_has_title_unit_source_and_dutch_numbers(smoking: pd.DataFrame) -> None:
    fig = trend_figure(smoking, progress_row("GM0344"))
    assert fig.layout.title.text == "Rokers"
    assert fig.layout.yaxis.title.text == "%"
    assert source_of(fig) == "Bron: CBS/RIVM StatLine, tabel 85563NED, 2012-2022 (CC BY 4.0)"
    assert fig.layout.separators == ",."
    english = trend_figure(smoking, progress_row("GM0344"), lang="en")
    assert english.layout.separators == ".,"
    assert source_of(english).startswith("Source: CBS/RIVM StatLine, table 85563NED")


def test_trend_keeps_missing_values_as_gaps(smoking: pd.DataFrame) -> None:
    fig = trend_figure(smoking)
    utrecht = next(trace for trace in fig.data if trace.name == "Utrecht" and trace.mode.startswith("lines"))
    assert math.isnan(utrecht.y[2])
    assert 0 not in list(utrecht.y)
    assert utrecht.connectgaps is False
    notes = [annotation for annotation in fig.layout.annotations if annotation.name == "no_data"]
    assert [note.text for note in notes] == ["geen gegevens"]
    assert "Utrecht" in notes[0].hovertext and "2020" in notes[0].hovertext


def test_trend_draws_baseline_required_path_and_projection(smoking: pd.DataFrame) -> None:
    single = smoking.loc[smoking["region_code"] == "GM0344"]
    fit = engine_fit()
    fig = trend_figure(single, progress_row("GM0344", fit=fit))
    names = [trace.name for trace in fig.data]
    assert "basisjaar" in names
    path = next(trace for trace in fig.data if trace.name == "benodigd pad naar het doel")
    assert path.y[0] == pytest.approx(24.0)
    assert path.y[-1] == pytest.approx(16.8)
    assert path.text[-1] == "indicatief doel 16,8"
    projection = next(trace for trace in fig.data if trace.name == "projectie (trendlijn)")
    curve = projection_curve(fit, np.linspace(fit.first_year, 2040.5, 50))
    assert list(projection.y) == pytest.approx(list(curve["value"]))  # the engine's fitted line, nothing else
    assert projection.x[0].startswith("2016-07")  # from the first observation of the fitted window, not the last
    band = next(trace for trace in fig.data if trace.fill == "toself" and "voorspellingsinterval" in trace.name)
    assert list(band.y) == pytest.approx(list(curve["upper"]) + list(curve["lower"])[::-1])
    assert "95%-voorspellingsinterval" in projection.customdata[-1][1]


def test_trend_colours_are_colour_blind_safe_and_styled(smoking: pd.DataFrame) -> None:
    fig = trend_figure(smoking)
    lines = [trace for trace in fig.data if trace.mode and trace.mode.startswith("lines+markers")]
    assert {trace.line.color for trace in lines} <= set(OKABE_ITO.values())
    assert len({trace.line.dash for trace in lines}) == len(lines)
    assert len({trace.marker.symbol for trace in lines}) == len(lines)


def test_hover_uses_the_decimal_format_of_the_layout(smoking: pd.DataFrame) -> None:
    fig = trend_figure(smoking)
    line = next(trace for trace in fig.data if trace.name == "Nederland" and trace.mode.startswith("lines"))
    assert "%{y:.1f}" in line.hovertemplate
    assert "95%-interval: 22,0 – 25,0" in line.customdata[1][1] or "95%-interval: 21,5 – 24,5" in line.customdata[1][1]


def test_card_chart_drops_leading_gaps_labels_later_ones_and_runs_to_the_deadline() -> None:
    values = rows("roken_pct", "GM0344", "Utrecht", {"2012": None, "2016": 24.0, "2020": None, "2022": 20.0})
    fig = sparkline(values, progress_row("GM0344").iloc[0])
    observed = next(trace for trace in fig.data if trace.name == "gemeten")
    assert len(observed.y) == 3 and math.isnan(observed.y[1])
    assert fig.layout.title.text == "Rokers: Utrecht"  # what and where: an exported PNG says it
    assert fig.layout.yaxis.title.text == "%"  # the unit
    assert "geen gegevens" in annotations_text(fig)
    assert source_of(fig).startswith("Bron: CBS/RIVM StatLine, tabel 85563NED, 2016-2022")
    start, end = fig.layout.xaxis.range
    assert pd.Timestamp(end).year >= 2040 and pd.Timestamp(start).year <= 2016  # the whole axis, deadline included
    low, high = fig.layout.yaxis.range
    assert low <= 16.8 and high >= 24.0 + 1.5  # target and interval band inside


def test_legend_hangs_under_the_title_and_the_source_line_sits_under_the_ticks(smoking: pd.DataFrame) -> None:
    fig = trend_figure(smoking, pd.concat([progress_row("GM0344"), progress_row("NL01")]))
    layout = fig.layout
    assert layout.legend.yref == "container" and layout.legend.yanchor == "top"
    assert layout.title.yref == "container" and layout.title.y == 1
    top_of_legend = (1 - layout.legend.y) * layout.height
    assert top_of_legend >= layout.title.font.size  # under the title
    assert top_of_legend <= layout.margin.t  # above the plot (Plotly pushes the plot down if it needs more rows)
    source = next(note for note in layout.annotations if note.name == "source")
    assert source.yref == "paper" and source.y == 0 and source.yanchor == "top" and source.yshift < 0
    assert -source.yshift + figures.source_space(source.text) <= layout.margin.b  # inside the bottom margin


def test_value_axis_fits_data_and_band_but_never_leaves_the_unit() -> None:
    values = rows("roken_pct", "GM0344", "Utrecht", {"2012": 22.0, "2016": 18.0, "2020": 15.0, "2022": 14.0})
    falling = engine_fit({2016.5: 18.0, 2018.5: 14.0, 2020.5: 10.0, 2022.5: 7.0}, se=1.0)  # heads for 0% by 2040
    fig = trend_figure(values, progress_row("GM0344", baseline=18.0, target=12.6, fit=falling))
    low, high = fig.layout.yaxis.range
    assert low == 0  # a percentage axis stops at 0 (the band comes close to it, the padding would go under)
    assert high >= 22.0 + 1.5  # the highest upper bound is inside
    assert figures.value_axis_range([-5, 50, 150], "pct") == [0.0, 100.0]
    assert figures.value_axis_range([float("nan")], "pct") is None


def test_several_regions_share_one_key_for_line_styles_and_name_each_projection_once(smoking: pd.DataFrame) -> None:
    progress = pd.concat([progress_row("GM0344", target=16.8, fit=engine_fit()),
                          progress_row("NL01", target=16.1, fit=engine_fit({**SMOKING_SERIES, 2022.5: 20.2}))])
    fig = trend_figure(smoking, progress)
    legend = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert legend[:2] == ["Utrecht", "Nederland"]
    assert legend.count("benodigd pad naar het doel") == 1 and legend.count("projectie (trendlijn)") == 1
    paths = [trace for trace in fig.data if trace.name and trace.name.endswith("benodigd pad naar het doel")
             and trace.showlegend is False]
    assert all(trace.mode == "lines" for trace in paths)  # no target label on a target label
    ends = [note for note in fig.layout.annotations if note.name == "end_label"]
    assert sorted(note.text for note in ends) == ["Nederland", "Utrecht"]
    low, high = fig.layout.yaxis.range
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    gap_px = abs(ends[0].y - ends[1].y) / (high - low) * plot_px
    assert gap_px >= 14  # two projections that end close together would touch: the names are moved apart


def test_target_label_goes_to_the_side_away_from_the_projection() -> None:
    values = rows("roken_pct", "GM0344", "Utrecht", {"2016": 24.0, "2022": 20.0})
    falling = engine_fit({2016.5: 24.0, 2018.5: 21.0, 2020.5: 18.5, 2022.5: 16.0})  # ends far under 16.8 in 2040
    flat = engine_fit({2016.5: 24.0, 2018.5: 24.5, 2020.5: 23.5, 2022.5: 24.0})  # stays about 24, above 16.8
    path_of = lambda fig: next(trace for trace in fig.data if trace.name == "benodigd pad naar het doel")  # noqa: E731
    above = trend_figure(values, progress_row("GM0344", target=16.8, fit=falling))
    below = trend_figure(values, progress_row("GM0344", target=16.8, fit=flat))
    assert path_of(above).textposition == "top left"  # projection under the target: label above
    assert path_of(below).textposition == "bottom left"


def test_projection_is_drawn_only_from_what_the_engine_returns() -> None:
    values = rows("roken_pct", "GM0344", "Utrecht", {"2016": 24.0, "2022": 20.0})
    fit = engine_fit()
    row = progress_row("GM0344", fit=fit).iloc[0]
    curve = figures.projection_points(row)
    expected = projection_curve(row)
    assert curve["value"].tolist() == pytest.approx(expected["value"].tolist())
    assert curve["year"].iloc[0] == fit.first_year and curve["year"].iloc[-1] == 2040.5
    none = progress_row("GM0344", fit=None, trend_n=2).iloc[0]
    assert figures.projection_points(none) is None
    fig = trend_figure(values, none.to_frame().T)
    assert not [trace for trace in fig.data if trace.name and trace.name.startswith("projectie")]
    assert not [trace for trace in fig.data if trace.fill == "toself" and "voorspelling" in str(trace.name)]
    assert "geen projectie: te weinig metingen" in [trace.name for trace in fig.data]  # said where a reader looks
    english = trend_figure(values, none.to_frame().T, lang="en")
    assert "no projection: too few measurements" in [trace.name for trace in english.data]
    no_target = none.copy()
    no_target["target_value"] = float("nan")
    silent = trend_figure(values, no_target.to_frame().T)
    assert not [trace for trace in silent.data if trace.name and "projectie" in trace.name]  # nothing about the future
    old_style = progress_row("GM0344").drop(columns=list(PROJECTION_FIT_COLUMNS)).assign(
        projected_value=19.0, projected_lower=17.0, projected_upper=21.0)
    assert figures.projection_points(old_style.iloc[0]) is None  # a number at the deadline alone is never drawn


def test_axis_fits_the_projection_band() -> None:
    values = rows("roken_pct", "GM0344", "Utrecht", {"2016": 24.0, "2022": 20.0})
    fit = engine_fit(se=2.0)  # wide errors: a wide band
    fig = trend_figure(values, progress_row("GM0344", fit=fit))
    curve = projection_curve(fit, np.linspace(fit.first_year, 2040.5, 50))
    low, high = fig.layout.yaxis.range
    assert low <= curve["lower"].min() and high >= curve["upper"].max()
    assert low >= 0  # and still never below 0%


def test_region_names_are_escaped_in_chart_text() -> None:
    hostile = '<a href="http://example.invalid">x</a><img src=x>'
    values = rows("roken_pct", "GM0344", hostile, {"2016": 24.0, "2022": 20.0})
    fig = trend_figure(pd.concat([values, rows("roken_pct", "NL01", "Nederland", {"2016": 23.0, "2022": 19.0})]))
    texts = [str(trace.name) for trace in fig.data] + [str(trace.hovertemplate) for trace in fig.data]
    assert all("<a " not in text and "<img" not in text for text in texts)
    assert any("&lt;a href" in text for text in texts)


def square(code: str, name: str, x: float) -> dict:
    ring = [[x, 52.0], [x + 0.1, 52.0], [x + 0.1, 52.1], [x, 52.1], [x, 52.0]]
    return {"type": "Feature", "properties": {"statcode": code, "statnaam": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_choropleth_shows_missing_municipalities_as_no_data() -> None:
    geojson = {"type": "FeatureCollection",
               "features": [square("GM0001", "Een", 5.0), square("GM0002", "Twee", 5.2), square("GM0003", "Drie", 5.4)]}
    values = pd.concat([
        rows("roken_pct", "GM0001", "Een", {"2022": 20.5}),
        rows("roken_pct", "GM0002", "Twee", {"2022": None}),
        rows("roken_pct", "GM0003", "Drie", {"2022": 18.0}, interval=None),
    ], ignore_index=True)
    fig = choropleth(values, geojson, highlight="GM0001", label_regions=True)
    present, missing = fig.data[0], fig.data[1]
    assert list(present.locations) == ["GM0001", "GM0003"]
    assert 0 not in list(present.z)
    assert present.colorbar.title.text == "%"
    assert list(missing.locations) == ["GM0002"]
    assert "geen gegevens" in missing.hovertemplate
    assert present.customdata[0][1] == "95%-interval: 19,0 – 22,0"
    assert present.customdata[1][1] == "geen interval in de bron"
    assert [feature["properties"]["statcode"] for feature in missing.geojson["features"]] == ["GM0002"]
    labels = [text for trace in fig.data if trace.type == "scattergeo" and trace.mode == "text" for text in trace.text]
    assert "Een<br>20,5" in labels
    assert fig.layout.title.text == "Rokers, 2022"
    assert source_of(fig) == "Bron: CBS/RIVM StatLine, tabel 85563NED, 2022 (CC BY 4.0)"


def test_map_labels_are_light_on_dark_fills_and_never_overlap() -> None:
    # three tiny neighbouring squares: their labels would sit on top of each other
    geojson = {"type": "FeatureCollection",
               "features": [square("GM0001", "Een", 5.0), square("GM0002", "Twee", 5.01), square("GM0003", "Drie",
                                                                                                   5.02)]}
    values = pd.concat([
        rows("roken_pct", "GM0001", "Een", {"2022": 10.0}),
        rows("roken_pct", "GM0002", "Twee", {"2022": 20.0}),
        rows("roken_pct", "GM0003", "Drie", {"2022": 30.0}),
    ], ignore_index=True)
    fig = choropleth(values, geojson, label_regions=True)
    labels = [trace for trace in fig.data if trace.type == "scattergeo" and trace.mode == "text"]
    colours = {text.split("<br>")[0]: trace.textfont.color for trace in labels for text in trace.text}
    assert colours["Een"] == "#FFFFFF" and colours["Drie"] == "#000000"  # cividis: dark blue low, yellow high
    boxes = np.array([[20.0, 10.0]] * 3)
    spread = figures.spread_labels(np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 1.0]]), boxes)
    for first in range(3):
        for second in range(first + 1, 3):
            gap = np.abs(spread[first] - spread[second])
            assert gap[0] >= 20 or gap[1] >= 10


def test_offline_map_config_is_an_empty_topology() -> None:
    url = figures.OFFLINE_MAP_CONFIG["topojsonURL"]
    assert url.startswith("data:application/json,") and url.endswith("#")


def test_peer_dot_plot_marks_focus_peers_netherlands_and_gaps() -> None:
    values = pd.concat([
        rows("roken_pct", "GM0344", "Utrecht", {"2022": 18.4}),
        rows("roken_pct", "GM0356", "Nieuwegein", {"2022": 15.0}),
        rows("roken_pct", "NL01", "Nederland", {"2022": 16.6}, level="land"),
        rows("eenzaamheid_pct", "GM0344", "Utrecht", {"2020": None}, table="50090NED"),
        rows("eenzaamheid_pct", "GM0356", "Nieuwegein", {"2020": 44.0}, table="50090NED"),
        rows("eenzaamheid_pct", "NL01", "Nederland", {"2020": 47.0}, table="50090NED", level="land"),
    ], ignore_index=True)
    fig = peer_dot_figure(values, "GM0344", peer_label="U10")
    assert fig.layout.title.text == "Utrecht vergeleken met U10 en Nederland"
    focus = [trace for trace in fig.data if trace.name == "Utrecht"]
    assert list(focus[0].text) == ["18,4"]
    assert len(focus[1].x) == 0
    assert "Utrecht: geen gegevens" in annotations_text(fig)
    assert any(text.startswith("Rokers (%, 2022)") for text in annotations_text(fig))
    assert "85563NED, 50090NED" in source_of(fig)


def test_peer_dot_plot_draws_the_focus_interval_and_keeps_notes_off_the_dots() -> None:
    values = pd.concat([
        rows("roken_pct", "GM0344", "Utrecht", {"2022": 18.4}),  # interval 16.9 to 19.9 (rows' default +/- 1.5)
        rows("roken_pct", "GM0356", "Nieuwegein", {"2022": 15.0}),
        rows("eenzaamheid_pct", "GM0344", "Utrecht", {"2020": 44.0}, table="50090NED", interval=None),
        rows("eenzaamheid_pct", "GM0356", "Nieuwegein", {"2020": 41.0}, table="50090NED", interval=None),
    ], ignore_index=True)
    fig = peer_dot_figure(values, "GM0344", peer_label="U10")
    focus = [trace for trace in fig.data if trace.name == "Utrecht"]
    whiskers = focus[0].error_x
    assert whiskers.symmetric is False
    assert np.allclose(np.asarray(whiskers.array, dtype=float), [1.5])  # 19.9 - 18.4
    assert np.allclose(np.asarray(whiskers.arrayminus, dtype=float), [1.5])  # 18.4 - 16.9
    assert focus[1].error_x.array is None  # no interval known: no whiskers invented
    notes = [note for note in fig.layout.annotations if "geen gegevens" in str(note.text)]
    assert notes and all(note.yanchor == "top" and note.y == 1 and note.bgcolor for note in notes)  # above the dots


def test_gap_figure_draws_each_gap_with_its_required_path() -> None:
    values = pd.concat([
        rows("inkomenskloof_gezonde_levensjaren", "NL01", "Nederland", {"2017/2020": 22.1, "2019/2022": 21.4},
             unit="years_gap", table="85445NED", level="land"),
        rows("opleidingskloof_gezonde_levensjaren", "NL01", "Nederland", {"2017/2020": 14.3, "2019/2022": 13.7},
             unit="years_gap", table="84842NED", level="land"),
    ], ignore_index=True)
    progress = pd.DataFrame([{
        "indicator_id": "inkomenskloof_gezonde_levensjaren", "region_code": "NL01", "baseline_period": "2017/2020",
        "baseline_value": 22.1, "target_value": 15.47, "target_kind": "relative_change", "indicative_target": False,
        "deadline": 2040,
    }])
    fig = gap_figure(values, progress, title="Kloof")
    assert fig.layout.yaxis.title.text == "jaar verschil"
    paths = [trace for trace in fig.data if trace.name and trace.name.endswith("benodigd pad naar het doel")]
    assert len(paths) == 1 and paths[0].text[-1] == "doel 15,5"
    low, high = fig.layout.yaxis.range
    assert low <= 13.7 and high >= 22.1
    assert source_of(fig) == "Bron: CBS/RIVM StatLine, tabel 85445NED, 84842NED, 2017/2020-2019/2022 (CC BY 4.0)"


def test_wijk_ranking_lists_missing_districts_as_no_data() -> None:
    wijken = pd.DataFrame({
        "region_name": ["WK034401", "WK034402", "WK034403"], "value": [80.1, np.nan, 65.8],
        "period": ["2020"] * 3, "source_table": ["50090NED"] * 3,
    })
    fig = wijk_ranking_figure(wijken, "Ervaren gezondheid", "Utrecht")
    bars = fig.data[0]
    assert list(bars.y) == ["WK034402", "WK034403", "WK034401"]
    assert math.isnan(bars.x[0])
    assert list(bars.text) == ["geen gegevens", "65,8", "80,1"]
    assert fig.layout.title.text == "Ervaren gezondheid per wijk in Utrecht, 2020 (brongegevens)"
    assert fig.layout.xaxis.title.text == "%"


def test_figures_module_does_not_import_streamlit() -> None:
    import sys

    assert "streamlit" not in figures.__dict__
    source = open(figures.__file__, encoding="utf-8").read()
    assert "import streamlit" not in source
    assert "indicators.figures" in sys.modules


def test_wrap_text_breaks_long_source_lines() -> None:
    wrapped = figures.wrap_text("Bron: CBS/RIVM StatLine, tabel 82166NED, 83674NED, 85012NED, 85563NED", 40)
    assert all(len(line) <= 40 for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ").startswith("Bron: CBS/RIVM StatLine")


def test_trend_starts_at_the_first_measured_period() -> None:
    values = rows("roken_pct", "NL01", "Nederland", {"2012": None, "2016": None, "2020": 21.0, "2022": None},
                  level="land")
    fig = trend_figure(values)
    line = next(trace for trace in fig.data if trace.name == "Nederland")
    assert len(line.y) == 2 and line.y[0] == 21.0 and math.isnan(line.y[1])
    assert [note.text for note in fig.layout.annotations if note.name == "no_data"] == ["geen gegevens"]
