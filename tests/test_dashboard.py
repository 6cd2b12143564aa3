"""The Streamlit dashboard, page by page, with Streamlit's AppTest (no browser).

Every page must render without an exception for the default region, a U10 member, a
municipality with gaps in its data, a group and a GGD region, in English, and with hostile
query parameters (which fall back to the defaults with a short notice). The Missies page's
scoreboard and members overview are checked cell by cell against ``progress.parquet``; text
from the data (region names, table titles) carrying Markdown or HTML must never become a link
or an image. The link state in ``dashboard.state`` is tested as a pure function too.
"""

from __future__ import annotations

import ast
import html
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from indicators.missions import BASELINE_RULE_NL
from indicators.plain import MONTHS
from indicators.progress.words import STATUS_LABELS

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
PAGES_DIR = APP.parent / "app_pages"
PAGES = ("missies", "gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")
TITLES = {
    "missies": "Missies", "gemeenteprofiel": "Gemeenteprofiel", "kaart": "Kaart", "trends": "Trends",
    "vergelijken": "Vergelijken", "ongelijkheid": "Ongelijkheid", "bronnen": "Bronnen en definities",
}
ENGLISH_TITLES = {
    "missies": "Missions", "gemeenteprofiel": "Municipality profile", "kaart": "Map", "trends": "Trends",
    "vergelijken": "Compare", "ongelijkheid": "Inequality", "bronnen": "Sources and definitions",
}
GAPPY_MUNICIPALITY = "GM0331"  # Lopik: no 2024 young-adult value, no district gap (too few districts)
HOSTILE = {
    "unknown_code": {"region": "GM9999"},
    "script": {"region": "<script>alert(1)</script>", "indicator": "roken_pct<script>"},
    "junk_everywhere": {"region": "x" * 500, "indicator": "nope", "period": "1800", "lang": "fr", "page": "admin"},
}


def run_app(page_key: str, timeout: float = 60, **params: str) -> AppTest:
    """Run the app once on page ``page_key`` with query parameters ``params`` (which may override the page)."""
    app = AppTest.from_file(str(APP), default_timeout=timeout)
    app.query_params["page"] = page_key
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    return app


def all_text(app: AppTest) -> str:
    """Every markdown, caption, title and notice on the page, as one string."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error"):
        parts.extend(str(element.value) for element in app.get(kind))
    return "\n".join(parts)


def html_of(app: AppTest, table: str) -> str:
    """The HTML of the table ``data-table=<table>`` on the page ('' when there is none)."""
    return next((str(element.proto.body) for element in app.get("html")
                 if f"<table class='hhu-table' data-table='{table}'" in str(element.proto.body)), "")


def body_rows(markup: str) -> list[str]:
    """The rows of an HTML table's body."""
    body = markup.split("<tbody>", 1)[1] if "<tbody>" in markup else ""
    return re.findall(r"<tr[^>]*>(.*?)</tr>", body)


@pytest.fixture(scope="module")
def store(built_store: Path) -> Path:
    """The built store of the session (``HHU_DATA`` points at it)."""
    return built_store


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_default_region(store: Path, page: str) -> None:
    app = run_app(page)
    assert not app.exception, app.exception
    assert app.title[0].value.startswith(TITLES[page])
    assert app.query_params["page"] == page
    assert not app.info or all("link" not in str(notice.value) for notice in app.info)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("region", ["GM0356", GAPPY_MUNICIPALITY])
def test_page_renders_for_municipalities(store: Path, page: str, region: str) -> None:
    app = run_app(page, region=region)
    assert not app.exception, app.exception
    assert "De link bevatte" not in all_text(app)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_english(store: Path, page: str) -> None:
    app = run_app(page, lang="en")
    assert not app.exception, app.exception
    assert app.title[0].value.startswith(ENGLISH_TITLES[page])


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_query_params_fall_back_with_notice(store: Path, page: str, case: str) -> None:
    params = HOSTILE[case]
    app = run_app(page, **params)
    assert not app.exception, app.exception
    notices = [str(notice.value) for notice in app.info]
    assert any("De link bevatte" in notice for notice in notices), notices
    text = all_text(app)
    assert "<script>" not in text
    assert "GM9999" not in text
    assert app.query_params["region"] == "GM0344"


def test_group_region_on_municipal_pages(store: Path) -> None:
    for page in ("vergelijken", "ongelijkheid"):
        app = run_app(page, region="U10")
        assert not app.exception, app.exception
        assert app.info, f"{page}: expected a note that U10 is not a municipality"


def test_changing_the_municipality_updates_page_and_url(store: Path) -> None:
    app = run_app("missies")
    assert app.title[0].value == "Missies: Utrecht"
    app.sidebar.selectbox(key="w_region").set_value("GM0356").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Missies: Nieuwegein"
    assert app.query_params["region"] == "GM0356"


def test_language_switch_changes_words_and_url(store: Path) -> None:
    app = run_app("gemeenteprofiel", region="GM0356")
    app.sidebar.button_group(key="w_lang").set_value("en").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Municipality profile: Nieuwegein"
    assert app.query_params["lang"] == "en"


def test_deep_link_opens_the_linked_page_and_view(store: Path) -> None:
    app = run_app("kaart", region="GM0356", indicator="roken_pct", period="2020", lang="en")
    assert not app.exception, app.exception
    assert app.title[0].value == "Map"
    assert app.selectbox(key="w_map_indicator_en").value == "roken_pct"  # word pickers carry the language in their key
    assert app.selectbox(key="w_map_period").value == "2020"
    assert app.sidebar.selectbox(key="w_region_en").value == "GM0356"


def test_map_opens_the_profile_of_a_chosen_municipality(store: Path) -> None:
    app = run_app("kaart")
    app.selectbox(key="w_map_profile").set_value("GM0356")
    app.button(key="open_profile").click().run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Gemeenteprofiel: Nieuwegein"


def test_missions_page_shows_every_mission_rule_gap_and_status(store: Path) -> None:
    app = run_app("missies")
    text = all_text(app)
    board = html_of(app, "scoreboard")
    for mission_id in ("M1a", "M1b", "M2", "M3", "M4"):
        assert mission_id in text and mission_id in board
    assert BASELINE_RULE_NL in text
    assert "Datagat" in text
    assert "alleen landelijk" in board
    shown = [labels["nl"] for status, labels in STATUS_LABELS.items() if status != "no_target" and labels["nl"] in board]
    assert shown, "no status in words on the scoreboard"
    assert len(app.get("plotly_chart")) >= 8
    assert len(app.get("download_button")) >= len(app.get("plotly_chart")) + 1


def _scoreboard_cells(markup: str) -> list[str]:
    """The visible text of every cell of the scoreboard (tags stripped, entities decoded)."""
    return [html.unescape(re.sub(r"<[^>]+>", " ", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", markup)]


@pytest.mark.parametrize(("region", "lang"), [("GM0344", "nl"), ("GM0356", "en"), ("U10", "nl"), ("GG2514", "nl"),
                                              ("PV26", "en"), ("NL01", "nl")])
def test_scoreboard_shows_every_headline_with_status_and_numbers(store: Path, region: str, lang: str) -> None:
    from indicators import api
    from indicators.formatting import format_number, status_label
    from indicators.missions import MISSIONS
    from indicators.scoreboard import mission_scoreboard

    app = run_app("missies", region=region, lang=lang)
    assert not app.exception, app.exception
    markup = html_of(app, "scoreboard")
    rows = body_rows(markup)
    assert len(rows) == sum(len(mission.headline) for mission in MISSIONS)  # every headline has a row
    cells = " | ".join(_scoreboard_cells(markup))
    board = mission_scoreboard(region, api.progress_table())
    for row in board.itertuples():
        assert status_label(row.status, lang) in cells, row.indicator_id
        places = 2 if row.indicator_id == "wmo_naar_wlz_pct" else 1  # the decimals its source publishes
        assert format_number(row.latest_value, lang, places) in cells, row.indicator_id
        if row.baseline_period:
            assert str(row.baseline_period) in cells
    assert "title=" in markup  # every status explains itself on hover


def test_scoreboard_csv_is_what_the_scoreboard_shows(store: Path) -> None:
    from dashboard import overview
    from indicators import export

    shown = overview.scoreboard_csv_frame("U10", "nl")
    data = export.csv_bytes(shown, "nl", translate=False)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == list(shown.columns)
    assert "Status" in back.columns and "Missie" in back.columns and "bron" in back.columns
    assert len(back) == len(body_rows(overview.scoreboard_html("U10", "nl")))
    latest = back["Laatste waarde"].dropna()
    assert latest.dtype == float and ((latest * 10).round(6) % 1 == 0).all()  # rounded, read back as numbers
    assert not back["Status"].fillna("").str.contains("_").any()  # words, not ids


@pytest.mark.parametrize(("region", "members"), [("U10", 16), ("GG2514", None)])
def test_members_overview_colours_every_cell_by_the_tested_comparison(store: Path, region: str,
                                                                       members: int | None) -> None:
    from dashboard.components import COMPARISON_COLOURS
    from indicators import api

    app = run_app("missies", region=region)
    assert not app.exception, app.exception
    markup = html_of(app, "members")
    rows = body_rows(markup)
    model = api.regions()
    assert len(rows) == len(model.members(region)) + 2  # the Netherlands and the region itself on top
    if members is not None:
        assert len(model.members(region)) == members
    assert model.name("NL01") in rows[0] and model.name(region) in rows[1]
    progress = api.progress_table()
    first = sorted(model.members(region), key=lambda code: model.name(code).casefold())[0]
    smoking = progress.loc[(progress["region_code"] == first) & (progress["indicator_id"] == "roken_pct")].iloc[0]
    cell = re.findall(r"<td[^>]*>.*?</td>", rows[2])[3]  # region, M1a, M1b, then smoking (M2)
    assert COMPARISON_COLOURS[smoking["vs_nl"]] in cell
    assert f"{smoking['latest_value']:.1f}".replace(".", ",") in cell
    assert "▲" in markup or "▼" in markup  # significant differences say which way
    assert app.get("download_button")  # the overview downloads too


def test_municipality_has_no_members_overview(store: Path) -> None:
    app = run_app("missies", region="GM0344")
    assert html_of(app, "members") == ""


def test_missions_page_in_large_text(store: Path) -> None:
    app = run_app("missies")
    app.sidebar.toggle(key="hhu_large_text").set_value(True).run()
    assert not app.exception, app.exception


def test_profile_of_municipality_with_gaps_says_no_data(store: Path) -> None:
    app = run_app("gemeenteprofiel", region=GAPPY_MUNICIPALITY)
    assert not app.exception, app.exception
    tables = " ".join(str(element.proto.body) for element in app.get("html"))
    assert "geen gegevens" in tables and "data-table='profile'" in tables


def test_sources_page_lists_every_indicator_and_the_manifest(store: Path) -> None:
    from indicators.catalog import all_indicators

    app = run_app("bronnen")
    labels = [expander.label for expander in app.expander]
    for indicator in all_indicators():
        assert any(label.startswith(indicator.title_nl) for label in labels), indicator.id
    manifest = html_of(app, "manifest")
    assert "85563NED" in manifest
    updated = next(str(element.value) for element in app.markdown if "Laatst bijgewerkt" in str(element.value))
    text = manifest + updated
    for word in ("mirror", "spiegelmap", str(store), "+00:00"):  # plain words, no server paths, no ISO stamps
        assert word not in text, word
    assert not re.search(r"\dT\d\d:", text)
    assert "offline kopie" in text and any(month in text for month in MONTHS["nl"])  # a date in words


def test_empty_store_shows_the_command_to_run(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HHU_DATA", str(tmp_path))
    app = AppTest.from_file(str(APP), default_timeout=30)
    app.run()
    assert not app.exception, app.exception
    assert "hhu refresh" in app.info[0].value  # a plain message, without the server's path


# ----- the link state, without Streamlit ------------------------------------------------------
CHOICES = state.Choices(
    regions=frozenset({"GM0344", "GM0356", "U10", "NL01"}),
    indicators=frozenset({"roken_pct", "ervaren_gezondheid_goed_pct"}),
    periods_of=lambda indicator: {"roken_pct": ["2012", "2022"]}.get(indicator, ["2022"]),
)


def test_parse_query_accepts_a_good_link() -> None:
    view, rejected = state.parse_query(
        {"region": "gm0356", "indicator": "roken_pct", "period": "2012", "lang": "EN", "page": "kaart",
         "compare": "U10,NL01"}, CHOICES)
    assert rejected == []
    assert view == state.View(region="GM0356", indicators=("roken_pct",), period="2012", lang="en", page="kaart",
                              compare=("U10", "NL01"))


@pytest.mark.parametrize("query, rejected", [
    ({"region": "<script>alert(1)</script>"}, ["region"]),
    ({"region": "GM9999"}, ["region"]),
    ({"region": "GM0344,GM0356"}, ["region"]),
    ({"indicator": "roken_pct,<b>"}, ["indicator"]),
    ({"period": "1800"}, ["period"]),
    ({"lang": "fr", "page": "admin"}, ["lang", "page"]),
    ({"region": "G" * 1000}, ["region"]),
    ({"compare": ",".join(["GM0344"] * 50)}, ["compare"]),
])
def test_parse_query_rejects_bad_values(query: dict, rejected: list[str]) -> None:
    view, found = state.parse_query(query, CHOICES)
    assert found == rejected
    assert view.region == state.DEFAULT_REGION or "region" not in rejected


def test_view_round_trips_through_the_url() -> None:
    view = state.View(region="U10", indicators=("roken_pct", "ervaren_gezondheid_goed_pct"), period="2022",
                      lang="en", page="trends", compare=("NL01",))
    again, rejected = state.parse_query(view.to_query(), CHOICES)
    assert rejected == []
    assert again == view


# ----- no indicator computation in the pages ---------------------------------------------------
FORBIDDEN_IMPORTS = ("indicators.progress", "indicators.build", "indicators.progress_table", "indicators.store")


@pytest.mark.parametrize("page_file", sorted(PAGES_DIR.glob("*.py")), ids=lambda path: path.stem)
def test_pages_do_not_import_computation(page_file: Path) -> None:
    tree = ast.parse(page_file.read_text(encoding="utf-8"))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name.startswith(FORBIDDEN_IMPORTS)]


def test_map_without_boundaries_says_what_to_run(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from indicators import store as store_module

    copy = tmp_path / "store"
    shutil.copytree(store_module.current(store), copy)  # one generation, read as a plain store folder
    shutil.rmtree(copy / "geo")
    monkeypatch.setenv("HHU_DATA", str(copy))
    app = run_app("kaart")
    assert not app.exception, app.exception
    assert app.error and "hhu refresh" in app.code[0].value
