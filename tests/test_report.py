"""The board report (`hhu report`): one self-contained HTML file per region, and a PDF when Chromium is there.

The PDF is made the way the README's main path makes it (``hhu report``, Playwright being a main
dependency); its pages are measured with ``pdftotext -bbox``: every page but the last at least
half full. ``--output`` never writes into the store, HTML and PDF never overwrite each other,
and files appear whole or not at all.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import api, cli
from indicators.formatting import format_number, status_label
from indicators.missions import MISSIONS, MISSIONS_BY_ID
from indicators.progress.projection import projection_curve
from indicators.progress.words import METHOD_TEXT
from indicators.regions import RegionError
from indicators.report import (
    OutputError,
    biggest_movers,
    build_report,
    changes_since_previous,
    chromium_available,
    output_paths,
    pdf_unavailable_reason,
    write_report,
)
from indicators.report.sections import changes_section
from indicators.report.text import t
from indicators.scoreboard import mission_scoreboard
from indicators.verdicts import arrows

REPORTS = [("GM0344", "nl"), ("U10", "nl"), ("U10", "en")]
TODAY = date(2026, 11, 22)
EXTERNAL = ("http://", "https://", "//")


class ReportParser(HTMLParser):
    """Collects what the tests look at: sections with their text, chart blocks, source lines, links."""

    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.tags: set[str] = set()
        self.section_text: dict[str, list[str]] = {}
        self.charts: list[str] = []
        self.sources: list[str] = []
        self._section: str | None = None
        self._in_source = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        for name in ("src", "href"):
            if (values.get(name) or "").startswith(EXTERNAL):
                self.external.append(str(values[name]))
        if tag in ("section", "header"):
            self._section = values.get("id") or tag
            self.section_text.setdefault(self._section, [])
        if tag == "div" and values.get("class") == "chart":
            self.charts.append(str(values.get("data-chart")))
        if tag == "p" and values.get("class") == "source":
            self._in_source = True
            self.sources.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_source = False

    def handle_data(self, data: str) -> None:
        if self._section is not None:
            self.section_text[self._section].append(data)
        if self._in_source:
            self.sources[-1] += data

    def text(self, section: str) -> str:
        return " ".join(self.section_text.get(section, []))


@pytest.fixture(scope="module")
def reports(built_store: Path) -> dict[tuple[str, str], str]:
    """The HTML of each report in :data:`REPORTS`, built once."""
    return {(region, lang): build_report(region, lang, TODAY)[1] for region, lang in REPORTS}


def parsed(document: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(document)
    parser.close()
    return parser


@pytest.mark.parametrize(("region", "lang"), REPORTS)
def test_every_mission_with_its_status_in_words(reports, region: str, lang: str) -> None:
    parser = parsed(reports[(region, lang)])
    board = mission_scoreboard(region, api.progress_table())
    assert [section for section in parser.section_text if section.startswith("M")] == [m.id for m in MISSIONS]
    cover = parser.text("header")
    for mission in MISSIONS:
        words = [status_label(status, lang) for status in board.loc[board["mission_id"] == mission.id, "status"]]
        assert mission.id in cover and mission.title(lang) in cover
        assert mission.title(lang) in parser.text(mission.id)
        for word in words:
            assert word in cover and word in parser.text(mission.id), (mission.id, word)
    assert t("scoreboard", lang) in cover and t("data", lang) in cover


@pytest.mark.parametrize(("region", "lang"), REPORTS)
def test_statuses_come_with_their_reasons_vzinfo_names_and_the_method(reports, region: str, lang: str) -> None:
    parser = parsed(reports[(region, lang)])
    board = mission_scoreboard(region, api.progress_table())
    cover = parser.text("header")
    for mission in MISSIONS:
        assert mission.vzinfo_name(lang) in cover and mission.vzinfo_name(lang) in parser.text(mission.id)
    for row in board.itertuples():
        section = parser.text(row.mission_id)
        assert arrows(row.reason_en if lang == "en" else row.reason_nl) in section, row.indicator_id  # why, with numbers
        assert (row.trend_text_en if lang == "en" else row.trend_text_nl) in section, row.indicator_id
        wording = row.target_wording_en if lang == "en" else row.target_wording_nl
        if row.indicative_target and pd.notna(row.target_value):  # a proxy's status is about the proxy
            assert wording.split(": ", 1)[-1] in section, row.indicator_id
    burden = MISSIONS_BY_ID["M2"].data_gap(lang)
    assert burden in parser.text("M2") and ("DALY" in burden)  # disease burden itself is not measured here
    title, *paragraphs = METHOD_TEXT[lang].split("\n\n")
    method = parser.text("method")
    assert title in method and all(paragraph in method for paragraph in paragraphs)


def test_charts_draw_a_projection_only_where_the_engine_gives_one(reports) -> None:
    document = reports[("GM0344", "nl")]
    progress = api.progress_table()
    board = mission_scoreboard("GM0344", progress)
    keyed = progress.set_index(["indicator_id", "region_code"])
    curves = {row.indicator_id: projection_curve(keyed.loc[(row.indicator_id, row.region_code)])
              for row in board.itertuples()}
    with_target = [row.indicator_id for row in board.itertuples() if pd.notna(row.target_value)]
    assert with_target
    drawn = document.count('"name":"projectie (trendlijn)"') + document.count('"name":"Utrecht: projectie (trendlijn)"')
    assert drawn == sum(curve is not None for curve in curves.values())
    missing = [item for item in with_target if curves[item] is None]
    if missing:  # where a reader expects a projection, the chart says why there is none
        assert "geen projectie" in document


@pytest.mark.parametrize(("region", "lang"), REPORTS)
def test_every_chart_has_a_source_line(reports, region: str, lang: str) -> None:
    document = reports[(region, lang)]
    parser = parsed(document)
    prefix = "Bron: CBS/RIVM StatLine, tabel " if lang == "nl" else "Source: CBS/RIVM StatLine, table "
    assert len(parser.charts) >= len(MISSIONS)
    assert len(parser.sources) == len(parser.charts)
    assert all(line.startswith(prefix) and line.endswith("(CC BY 4.0)") for line in parser.sources), parser.sources
    assert all(re.search(r"\d{4}", line) for line in parser.sources)  # the period
    assert document.count("Plotly.newPlot(") == len(parser.charts)


@pytest.mark.parametrize(("region", "lang"), REPORTS)
def test_needs_nothing_from_outside(reports, region: str, lang: str) -> None:
    document = reports[(region, lang)]
    parser = parsed(document)
    assert parser.external == []
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert "@import" not in document and "url(http" not in document
    assert document.count("* plotly.js v") == 1  # the library is embedded once, in the head
    assert re.search(r"<script[^>]+src=", document) is None


def test_numbers_in_the_readers_language(reports) -> None:
    board = mission_scoreboard("GM0344", api.progress_table())
    latest = float(board.loc[board["indicator_id"] == "roken_pct", "latest_value"].iloc[0])
    assert f"{format_number(latest, 'nl')} %" in reports[("GM0344", "nl")]
    group = mission_scoreboard("U10", api.progress_table())
    latest = float(group.loc[group["indicator_id"] == "roken_pct", "latest_value"].iloc[0])
    assert f"{format_number(latest, 'en')} %" in reports[("U10", "en")]
    assert "<html lang='nl'>" in reports[("GM0344", "nl")] and "<html lang='en'>" in reports[("U10", "en")]
    assert "22 november 2026" in reports[("GM0344", "nl")] and "22 November 2026" in reports[("U10", "en")]


def test_group_report_shows_the_members_side_by_side(reports) -> None:
    parser = parsed(reports[("U10", "nl")])
    model = api.regions()
    for member in model.members("U10"):
        assert model.name(member) in parser.text("header")
    assert parser.charts.count("members") >= len(MISSIONS)
    assert "members" not in parsed(reports[("GM0344", "nl")]).charts


def test_data_status_gaps_proxies_and_sources(reports) -> None:
    parser = parsed(reports[("GM0344", "nl")])
    cover = parser.text("header")
    assert "brontabellen" in cover and "Offline kopie van CBS- en RIVM-tabellen, opgehaald op" in cover
    assert "niet volledig" in cover and "uitsplitsingen" in cover  # what a partial table means for the reader
    assert "De nieuwste cijfers in dit rapport zijn van" in cover  # how recent
    for word in ("spiegelmap", "mirror", "UTC", "uittreksel"):
        assert word not in cover, word
    gaps = parser.text("gaps")
    for mission in MISSIONS:
        if mission.data_gap("nl"):
            assert mission.data_gap("nl") in gaps
    assert "Ervaren gezondheid goed of zeer goed" in gaps  # a proxy, with its reason
    sources = parser.text("sources")
    assert "CC BY 4.0" in sources and "85563NED" in sources and "Percentage volwassenen dat rookt." in sources


def test_without_a_previous_build_the_report_says_so(reports) -> None:
    assert api.previous_indicators_table() is None
    assert t("no_previous", "nl") in parsed(reports[("GM0344", "nl")]).text("changes")
    assert t("no_previous", "en") in parsed(reports[("U10", "en")]).text("changes")


def _rows(indicator_id: str, region: str, points: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({
        "indicator_id": indicator_id, "region_code": region, "region_name": "Zeist", "period": list(points),
        "period_year": [float(period) + 0.5 for period in points], "value": list(points.values()),
    })


def test_changes_compare_the_latest_values_of_two_builds() -> None:
    previous = pd.concat([
        _rows("roken_pct", "GM0355", {"2016": 20.0, "2020": 18.0}),             # then 2022 came: 15.0
        _rows("beweegrichtlijn_pct", "GM0355", {"2020": 50.0}),                 # revised to 48.0
        _rows("langdurige_aandoening_pct", "GM0355", {"2020": 30.0}),           # neutral: 33.0
        _rows("obesitas_pct", "GM0355", {"2020": 12.0}),                        # unchanged
    ])
    current = pd.concat([
        _rows("roken_pct", "GM0355", {"2016": 20.0, "2020": 18.0, "2022": 15.0}),
        _rows("beweegrichtlijn_pct", "GM0355", {"2020": 48.0}),
        _rows("langdurige_aandoening_pct", "GM0355", {"2020": 33.0}),
        _rows("obesitas_pct", "GM0355", {"2020": 12.0}),
        _rows("eenzaamheid_pct", "GM0355", {"2020": 45.0}),                     # new indicator
        _rows("roken_pct", "GM0344", {"2022": 99.0}),                           # another region: ignored
    ])
    assert changes_since_previous(current, None, ["GM0355"]) is None
    changes = changes_since_previous(current, previous, ["GM0355"]).set_index("indicator_id")
    assert set(changes.index) == {"roken_pct", "beweegrichtlijn_pct", "langdurige_aandoening_pct", "eenzaamheid_pct"}
    smoking = changes.loc["roken_pct"]
    assert (smoking["kind"], smoking["before_period"], smoking["period"]) == ("new_measurement", "2020", "2022")
    assert smoking["change"] == pytest.approx(-3.0) and smoking["relative_change"] == pytest.approx(-3 / 18)
    assert bool(smoking["better"]) is True  # lower is better
    exercise = changes.loc["beweegrichtlijn_pct"]
    assert exercise["kind"] == "revised" and bool(exercise["better"]) is False  # higher is better, it fell
    assert pd.isna(changes.loc["langdurige_aandoening_pct", "better"])  # neutral
    assert changes.loc["eenzaamheid_pct", "kind"] == "new_indicator" and np.isnan(changes.loc["eenzaamheid_pct", "change"])
    movers = biggest_movers(changes.reset_index())
    assert list(movers["better"]["indicator_id"]) == ["roken_pct"]
    assert list(movers["worse"]["indicator_id"]) == ["beweegrichtlijn_pct"]
    assert list(movers["neutral"]["indicator_id"]) == ["langdurige_aandoening_pct"]
    section = changes_section(changes.reset_index(), "nl")
    assert "Grootste verbeteringen" in section and "18,0 % (2020) → 15,0 % (2022), -3,0 procentpunt" in section
    assert "Grootste verslechteringen" in section and "Nieuw in deze berekening" in section and "Eenzaamheid" in section


def test_a_revision_in_the_built_table_is_a_change(built_store: Path) -> None:
    current = api.indicators_table()
    previous = current.copy()
    mask = (previous["indicator_id"] == "roken_pct") & (previous["region_code"] == "GM0344") & (previous["period"] == "2022")
    previous.loc[mask, "value"] = previous.loc[mask, "value"] + 2.0  # smoking was higher before: now better
    changes = changes_since_previous(current, previous, ["GM0344"])
    assert len(changes) == 1 and changes.loc[0, "kind"] == "revised"
    assert changes.loc[0, "change"] == pytest.approx(-2.0) and bool(changes.loc[0, "better"]) is True


def test_unknown_region_is_one_line_with_closest_matches(built_store: Path, capsys) -> None:
    with pytest.raises(RegionError, match="closest: Nieuwegein"):
        write_report("Nieuwegijn", pdf=False)
    assert cli.main(["report", "--region", "Nieuwegijn", "--no-pdf"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hhu: ") and "lijkt op: Nieuwegein" in err[0]


def test_write_report_html_only(built_store: Path, tmp_path: Path) -> None:
    html_path, pdf_path = write_report("Zeist", output=tmp_path / "zeist.html", pdf=False, today=TODAY)
    assert pdf_path is None and html_path == tmp_path / "zeist.html"
    assert "<h1>Zeist</h1>" in html_path.read_text(encoding="utf-8")


# ----- where the files go ----------------------------------------------------------------------------
def test_output_never_goes_into_the_store(built_store: Path, capsys) -> None:
    before = {path: path.stat().st_mtime_ns for path in built_store.rglob("*") if path.is_file()}
    for target in (built_store / "indicators.parquet", built_store / "raw" / "rapport.html", built_store):
        assert cli.main(["report", "--region", "Zeist", "--no-pdf", "--output", str(target)]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "opslagmap" in err[0]
    after = {path: path.stat().st_mtime_ns for path in built_store.rglob("*") if path.is_file()}
    assert after == before


def test_html_and_pdf_never_overwrite_each_other(built_store: Path, tmp_path: Path, monkeypatch) -> None:
    from indicators import report

    assert output_paths(tmp_path / "r.pdf") == (tmp_path / "r.html", tmp_path / "r.pdf")
    assert output_paths(tmp_path / "r.html") == (tmp_path / "r.html", tmp_path / "r.pdf")
    assert output_paths(tmp_path / "r") == (tmp_path / "r.html", tmp_path / "r.pdf")
    with pytest.raises(OutputError, match=".html of .pdf"):
        output_paths(tmp_path / "r.parquet")

    def fake_pdf(html_path: Path, pdf_path: Path, footer: str = "") -> object:
        Path(pdf_path).write_bytes(b"%PDF-1.4 fake")
        return report.PdfResult(Path(pdf_path), ())

    monkeypatch.setattr(report, "write_pdf", fake_pdf)
    monkeypatch.setattr(report, "chromium_available", lambda: True)
    html_path, pdf_path = write_report("Zeist", output=tmp_path / "zeist.pdf", today=TODAY)
    assert (html_path, pdf_path) == (tmp_path / "zeist.html", tmp_path / "zeist.pdf")
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["zeist.html", "zeist.pdf"]  # no temporary files left


def test_a_failed_pdf_leaves_no_partial_file(built_store: Path, tmp_path: Path, monkeypatch) -> None:
    from indicators import report

    def broken_pdf(html_path: Path, pdf_path: Path, footer: str = "") -> object:
        Path(pdf_path).write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "write_pdf", broken_pdf)
    monkeypatch.setattr(report, "chromium_available", lambda: True)
    with pytest.raises(OutputError, match="No space left"):
        write_report("Zeist", output=tmp_path / "zeist.html", today=TODAY)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["zeist.html"]  # the PDF is whole or absent


def test_missing_browser_message_names_what_to_install(tmp_path: Path) -> None:
    reason = pdf_unavailable_reason("nl", chromium=tmp_path / "no-chromium")
    assert "apt-get install chromium" in reason or "pip install" in reason
    assert "chromium" in pdf_unavailable_reason("en", chromium=tmp_path / "no-chromium").lower()


# ----- PDF ------------------------------------------------------------------------------------------
A4_MARGINS_MM = (12, 14)  # top, bottom (see document.CSS)


def page_fill(pdf: Path) -> list[float] | None:
    """How far down each page its content reaches, as a share of the printable height (pdftotext -bbox)."""
    if shutil.which("pdftotext") is None:
        return None
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    top, bottom = (millimetres * 72 / 25.4 for millimetres in A4_MARGINS_MM)
    fills = []
    for _, height, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        ends = [float(value) for value in re.findall(r'yMax="([\d.]+)"', body) if float(value) < float(height) - bottom]
        fills.append(round((max(ends) - top) / (float(height) - top - bottom), 3) if ends else 0.0)
    return fills


def _page_texts(pdf: Path) -> list[str] | None:
    """Text per page (pdftotext), or None when poppler is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_every_chart_fits_on_a_page(reports) -> None:
    for document in reports.values():
        heights = [int(height) for height in re.findall(r'"height":\s*(\d+)', document)]
        assert heights and max(heights) < 900  # an A4 page holds about 1000 px between its margins


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian chromium (or playwright) not installed")
@pytest.mark.parametrize(("region", "lang"), [("GM0344", "nl"), ("U10", "en"), ("GG2514", "nl")])
def test_pdf_pages_are_well_filled_and_start_with_the_scoreboard(built_store: Path, tmp_path: Path, region: str,
                                                                lang: str, capsys) -> None:
    # through hhu report's own path, as the README's main path makes it
    argv = ["report", "--region", region, "--lang", lang, "--output", str(tmp_path / f"{region}.pdf")]
    assert cli.main(argv) == 0
    pdf_path, html_path = tmp_path / f"{region}.pdf", tmp_path / f"{region}.html"
    assert pdf_path.exists() and html_path.exists()
    data = pdf_path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert 4 <= pages <= (10 if region.startswith("GM") else 14)
    fills = page_fill(pdf_path)
    if fills is None:
        pytest.skip("pdftotext not installed: page contents not checked")
    assert len(fills) == pages
    assert all(fill >= 0.5 for fill in fills[:-1]), fills  # no page less than half full except the last
    assert fills[-1] > 0.05
    texts = _page_texts(pdf_path)
    assert t("scoreboard", lang) in texts[0] and t("data", lang) in texts[0]
    headings = {mission.id: rf"^\s*{mission.id} · {re.escape(mission.vzinfo_name(lang))}\s*$" for mission in MISSIONS}
    mission_pages = [next(number for number, text in enumerate(texts) if re.search(headings[mission.id], text, re.M))
                     for mission in MISSIONS]
    assert mission_pages == sorted(mission_pages) and mission_pages[0] == 1
