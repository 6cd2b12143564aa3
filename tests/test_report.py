"""The board report (`hhu report`): one self-contained HTML file per region, and a PDF when Chromium is there."""

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
from indicators.missions import MISSIONS
from indicators.regions import RegionError
from indicators.report import (
    biggest_movers,
    build_report,
    changes_since_previous,
    chromium_available,
    write_pdf,
    write_report,
)
from indicators.report.sections import changes_section
from indicators.report.text import t
from indicators.scoreboard import mission_scoreboard

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
    assert "brontabellen" in cover and "spiegelmap" in cover
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
    assert len(err) == 1 and err[0].startswith("hhu: ") and "closest: Nieuwegein" in err[0]


def test_write_report_html_only(built_store: Path, tmp_path: Path) -> None:
    html_path, pdf_path = write_report("Zeist", output=tmp_path / "zeist.html", pdf=False, today=TODAY)
    assert pdf_path is None and html_path == tmp_path / "zeist.html"
    assert "<h1>Zeist</h1>" in html_path.read_text(encoding="utf-8")


# ----- PDF ------------------------------------------------------------------------------------------
def _page_texts(pdf: Path) -> list[str] | None:
    """Text per page (pdftotext), or None when poppler is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Debian chromium (or playwright) not installed")
@pytest.mark.parametrize(("region", "lang"), [("GM0344", "nl"), ("U10", "en")])
def test_pdf_pages_start_where_expected_and_none_is_blank(built_store: Path, tmp_path: Path, region: str,
                                                          lang: str) -> None:
    if region.startswith("GM"):  # through hhu report's own path: the PDF lands beside the HTML
        html_path, pdf_path = write_report(region, lang, output=tmp_path / f"{region}.html", today=TODAY)
        assert pdf_path == tmp_path / f"{region}.pdf"
    else:
        html_path, _ = write_report(region, lang, output=tmp_path / f"{region}.html", pdf=False, today=TODAY)
        result = write_pdf(html_path, tmp_path / f"{region}.pdf", footer=region)
        assert result.refused_requests == ()  # the page asked for nothing outside itself
        pdf_path = result.path
    document = html_path.read_text(encoding="utf-8")
    data = pdf_path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    # the cover, then every section that begins on a new page; sources and groups may run on
    starts = 1 + len(re.findall(r"<section class='[^']*\bpage\b", document))
    assert starts == 1 + len(MISSIONS) + 2
    if region.startswith("GM"):
        assert starts <= pages <= starts + 2  # one page per mission for a municipality
    else:
        assert starts <= pages <= starts + 2 * len(MISSIONS) + 2
    texts = _page_texts(pdf_path)
    if texts is None:
        pytest.skip("pdftotext not installed: page contents not checked")
    assert len(texts) == pages
    footer = re.compile(r"^.*\d+ / \d+\s*$", re.MULTILINE)
    for number, text in enumerate(texts, start=1):
        assert footer.sub("", text).strip(), f"page {number} is blank"
    assert "Utrecht" in texts[0] and t("scoreboard", lang) in texts[0]
    mission_pages = [next(number for number, text in enumerate(texts) if re.search(rf"^\s*{mission.id} · ", text, re.M))
                     for mission in MISSIONS]
    assert mission_pages == sorted(mission_pages) and mission_pages[0] == 1
    if region.startswith("GM"):
        assert mission_pages == list(range(1, len(MISSIONS) + 1))
