"""What the progress engine says, on every screen: statuses with reasons, trends, comparisons, uncertainty, projections.

AppTest runs of the pages on the session's built store. Every expected figure and sentence is
read from ``progress.parquet`` / ``indicators.parquet`` or made by the engine's own functions
(:mod:`indicators.progress`), never typed in: the pages must show what the engine says, in
words, with the VZinfo names of the missions, and draw a projection only where the engine
returns one (:func:`indicators.progress.projection.projection_curve`).
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

from indicators import api, verdicts
from indicators.formatting import format_number, status_label
from indicators.missions import MISSIONS, MISSIONS_BY_ID
from indicators.progress.projection import projection_curve
from indicators.progress.words import METHOD_TEXT
from tests.test_dashboard import all_text, html_of, run_app


@pytest.fixture(scope="module")
def store(built_store: Path) -> Path:
    """The built store of the session (``HHU_DATA`` points at it)."""
    return built_store


def progress_row(indicator_id: str, region: str):
    table = api.progress_table()
    return table.loc[(table["indicator_id"] == indicator_id) & (table["region_code"] == region)].iloc[0]


def figures_of(app) -> list[dict]:
    """The Plotly figures on the page, as dicts."""
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def page_text(app) -> str:
    """Every markdown, caption and title on the page as a reader sees it (character references decoded)."""
    return html.unescape(all_text(app)).replace("\u200b", "")


def text_of(markup: str) -> str:
    """The visible text of some HTML (cells and lines apart, inline tags dropped, entities decoded)."""
    spaced = re.sub(r"<br>|</t[dh]>|</p>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", spaced)))


def numbers(array: object) -> np.ndarray:
    """A Plotly array from a figure's JSON (a list, or Plotly's typed array ``{"dtype", "bdata"}``)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).astype(float)
    return np.asarray(array, dtype=float)


def titles_of(markup: str) -> str:
    """Every tooltip (``title='...'``) in some HTML, decoded."""
    return " | ".join(html.unescape(title) for title in re.findall(r"title='([^']*)'", markup))


# ----- Missies -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("region", "lang"), [("GM0344", "nl"), ("U10", "en")])
def test_scoreboard_names_missions_as_vzinfo_and_says_how_sure(store: Path, region: str, lang: str) -> None:
    from indicators.scoreboard import mission_scoreboard

    app = run_app("missies", region=region, lang=lang)
    assert not app.exception, app.exception
    markup = html_of(app, "scoreboard")
    shown, tips = text_of(markup), titles_of(markup)
    for mission in MISSIONS:
        assert f"{mission.id} · {mission.vzinfo_name(lang)}" in shown
    board = mission_scoreboard(region, api.progress_table())
    for row in board.itertuples():
        full = progress_row(row.indicator_id, row.region_code)
        assert verdicts.reason_text(full, lang) in tips, row.indicator_id  # the reason on hover
        sure = verdicts.change_p_words(full, lang)
        if sure:
            assert sure in shown, (row.indicator_id, sure)  # the p-value (or "registratie") in the table
        assert verdicts.row_interval_words(full, lang, 2 if row.indicator_id == "wmo_naar_wlz_pct" else 1) in tips


def test_mission_cards_give_reasons_trends_vzinfo_names_and_the_m2_burden_gap(store: Path) -> None:
    app = run_app("missies", region="GM0344")
    text = page_text(app)
    for mission in MISSIONS:
        assert f"{mission.id} · {mission.vzinfo_name('nl')}" in [str(element.value) for element in app.subheader]
    m2 = MISSIONS_BY_ID["M2"]
    assert "DALY" in m2.data_gap("nl") and m2.data_gap("nl") in text  # disease burden itself is not measured here
    for target in m2.targets:  # M2's statuses read as statements about the prevalence
        if target.indicator_id in m2.headline:
            assert target.wording("nl").removeprefix("indicatief: ") in text
    for indicator_id in ("roken_pct", "overgewicht_pct"):
        row = progress_row(indicator_id, "GM0344")
        assert verdicts.reason_text(row, "nl") in text and verdicts.trend_text(row, "nl") in text
        assert verdicts.row_interval_words(row, "nl") in text  # the value's 95% interval and kind, in words


def test_sii_headline_of_a_municipality_on_the_missies_page(store: Path) -> None:
    app = run_app("missies", region="GM0355")
    markup = html_of(app, "scoreboard")
    row = progress_row("sii_ervaren_gezondheid_pp", "GM0355")
    assert status_label(row["status"], "nl") in text_of(markup)
    assert verdicts.reason_text(row, "nl") in titles_of(markup)


# ----- projections --------------------------------------------------------------------------------------
def test_trends_draw_the_engines_projection_and_only_that(store: Path) -> None:
    progress = api.progress_table()
    with_projection = progress.loc[progress["proj_scale"].isin(["log", "logit", "identity"])]
    assert not with_projection.empty
    pick = with_projection.iloc[0]
    indicator_id, region = str(pick["indicator_id"]), str(pick["region_code"])
    app = run_app("trends", region=region, indicator=indicator_id, compare=region)
    assert not app.exception, app.exception
    figure = figures_of(app)[0]
    line = next(trace for trace in figure["data"] if str(trace.get("name", "")).startswith("projectie (trendlijn)"))
    curve = projection_curve(progress_row(indicator_id, region))
    assert np.allclose(numbers(line["y"]), curve["value"].to_numpy())
    assert line["x"][0].startswith(str(int(pick["proj_from_year"])))  # from the first measurement of the window
    band = next(trace for trace in figure["data"] if "voorspellingsinterval" in str(trace.get("name", "")))
    assert np.allclose(numbers(band["y"]),
                       np.concatenate([curve["upper"].to_numpy(), curve["lower"].to_numpy()[::-1]]))
    low, high = figure["layout"]["yaxis"]["range"]
    assert low <= curve["lower"].min() and high >= curve["upper"].max()  # the axis fits the band


def test_no_projection_where_the_engine_gives_none(store: Path) -> None:
    row = progress_row("roken_pct", "GM0356")
    assert projection_curve(row) is None and np.isfinite(row["target_value"])
    app = run_app("trends", region="GM0356", indicator="roken_pct", compare="GM0356")
    figure = figures_of(app)[0]
    names = [str(trace.get("name", "")) for trace in figure["data"]]
    assert not any(name.startswith("projectie") for name in names)
    assert "geen projectie: te weinig metingen" in names  # where a reader would look for one
    verdict = html_of(app, "verdicts")
    assert status_label(row["status"], "nl") in text_of(verdict)
    assert verdicts.reason_text(row, "nl") in titles_of(verdict)
    assert verdicts.trend_text(row, "nl") in titles_of(verdict)
    assert verdicts.comparison_words(row["vs_nl"], row["vs_nl_p"], "nl") in titles_of(verdict)


# ----- profile, compare, sources, inequality -----------------------------------------------------------
def test_profile_shows_status_reason_trend_p_values_and_intervals(store: Path) -> None:
    app = run_app("gemeenteprofiel", region="GM0356")
    assert not app.exception, app.exception
    markup = " ".join(str(element.proto.body) for element in app.get("html") if "data-table='profile'"
                      in str(element.proto.body))
    shown, tips = text_of(markup), titles_of(markup)
    row = progress_row("roken_pct", "GM0356")
    assert status_label(row["status"], "nl") in shown and verdicts.reason_text(row, "nl") in tips
    assert verdicts.comparison_words(row["vs_nl"], row["vs_nl_p"], "nl") in tips
    assert verdicts.trend_text(row, "nl") in tips
    assert verdicts.row_interval_words(row, "nl") in shown
    assert "registratie" in shown and "modelschatting" in shown  # the kind of each figure, in words
    for mission in MISSIONS:
        assert any(mission.vzinfo_name("nl") in str(element.value) for element in app.subheader)


def test_compare_hover_gives_the_tested_comparison(store: Path) -> None:
    app = run_app("vergelijken", region="GM0344")
    figure = figures_of(app)[0]
    hovers = json.dumps([trace.get("customdata") for trace in figure["data"]], ensure_ascii=False)
    row = progress_row("roken_pct", "GM0344")
    assert verdicts.comparison_words(row["vs_nl"], row["vs_nl_p"], "nl") in hovers


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sources_page_explains_how_the_status_is_decided(store: Path, lang: str) -> None:
    app = run_app("bronnen", lang=lang)
    text = page_text(app)
    title, *paragraphs = METHOD_TEXT[lang].split("\n\n")
    assert title in text
    for paragraph in paragraphs:
        assert paragraph in text


@pytest.mark.parametrize("region", ["GM0344", "GM0355", "GM0356"])
def test_inequality_page_says_what_each_sii_means(store: Path, region: str) -> None:
    app = run_app("ongelijkheid", region=region)
    assert not app.exception, app.exception
    text = page_text(app)
    values = api.indicator_values("sii_ervaren_gezondheid_pp", regions=[region])
    latest = values.loc[values["value"].notna()].iloc[-1]
    assert verdicts.between(latest["lower"], latest["upper"]) in text  # the interval in words
    assert "modelschatting" in text
    row = progress_row("sii_ervaren_gezondheid_pp", region)
    assert verdicts.reason_text(row, "nl") in text
    districts = text_of(html_of(app, "districts"))
    first = api.wijk_values("sii_ervaren_gezondheid_pp")
    first = first.loc[(first["municipality_code"] == region) & first["value"].notna()].iloc[-1]
    assert format_number(first["value"], "nl") in districts and str(first["region_name"]) in districts
    assert f"{first['value']:.1f}" not in districts or f"{first['value']:.1f}".endswith(".0")  # no decimal point
