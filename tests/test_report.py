"""The board report: one self-contained HTML file per region, and a PDF when Chromium is there."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from indicators import cli
from indicators.board_report import build_report, changes_since_previous, write_pdf
from indicators.formatting import status_label
from indicators.missions import MISSIONS

CHROMIUM = Path("/usr/bin/chromium")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []
        self.sections: list[str] = []
        self.charts = 0
        self.sources = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if (values.get(name) or "").startswith(("http://", "https://", "//")):
                self.external.append(values[name])
        if tag == "section" and values.get("id"):
            self.sections.append(values["id"])
        if tag == "div" and values.get("class") == "chart":
            self.charts += 1
        if tag == "p" and values.get("class") == "source":
            self.sources += 1


@pytest.mark.parametrize(("region", "lang"), [("GM0344", "nl"), ("U10", "nl"), ("U10", "en")])
def test_report_is_self_contained_with_every_mission(built_store: Path, region: str, lang: str) -> None:
    code, document = build_report(region, lang)
    parser = _Collect()
    parser.feed(document)
    assert parser.external == []
    assert parser.sections == [mission.id for mission in MISSIONS]
    assert parser.charts > 5 and parser.sources == parser.charts
    assert document.count("Plotly.newPlot") == parser.charts
    assert document.count("plotly.js v") <= 2  # the library is embedded once
    for mission in MISSIONS:
        assert html.escape(mission.title(lang)) in document
    assert any(status_label(status, lang) in document for status in ("on_track", "moving_away", "no_target"))
    assert ("Bron: CBS/RIVM StatLine" if lang == "nl" else "Source: CBS/RIVM StatLine") in document


def test_group_report_shows_members(built_store: Path) -> None:
    _, document = build_report("U10")
    assert "De gemeenten van U10-regio (U16)" in document
    assert "Vijfheerenlanden" in document and "Wijk bij Duurstede" in document


def test_changes_need_a_previous_build(built_store: Path) -> None:
    from indicators import api

    current = api.indicators_table()
    assert changes_since_previous(current, None, ["GM0344"]) is None
    previous = current.copy()
    mask = (previous["indicator_id"] == "roken_pct") & (previous["region_code"] == "GM0344") & (previous["period"] == "2022")
    previous.loc[mask, "value"] = previous.loc[mask, "value"] + 2.0  # smoking was higher before: now better
    changes = changes_since_previous(current, previous, ["GM0344"])
    assert len(changes) == 1
    assert changes.loc[0, "change"] == pytest.approx(-2.0)
    assert bool(changes.loc[0, "better"]) is True


def test_unknown_region_is_one_line_with_closest_matches(built_store: Path, capsys) -> None:
    assert cli.main(["report", "--region", "Nieuwegijn", "--no-pdf"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "closest: Nieuwegein" in err[0]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
def test_pdf_has_pages_and_none_is_blank(built_store: Path, tmp_path: Path) -> None:
    _, document = build_report("GM0356")
    html_path = tmp_path / "rapport.html"
    html_path.write_text(document, encoding="utf-8")
    pdf_path = tmp_path / "rapport.pdf"
    assert write_pdf(html_path, pdf_path)
    data = pdf_path.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    # first page, one page (or more) per mission, changes, sources
    assert pages >= len(MISSIONS) + 3
    contents = len(re.findall(rb"/Contents", data))
    assert contents >= pages  # every page has a content stream: nothing blank
