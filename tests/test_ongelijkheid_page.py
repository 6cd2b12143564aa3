"""The Ongelijkheid page with AppTest: the SII, named districts and the district map for Utrecht, Zeist and
Nieuwegein; text from data is never rendered as Markdown or HTML."""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.inequality import markdown_safe

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
HOSTILE = "**vet** <b>x</b> [link](javascript:alert(1)) :smile: $x^2$ {a}"


def _run(region: str, lang: str = "nl") -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["page"] = "ongelijkheid"
    app.query_params["region"] = region
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, app.exception
    return app


def _names(mirror: Path, municipality: str) -> set[str]:
    with (mirror / "wijken" / "wijken_2022.csv").open(encoding="utf-8") as handle:
        return {row["name"] for row in csv.DictReader(handle, delimiter=";") if row["code"][2:6] == municipality[2:]}


def _district_table(app: AppTest) -> str:
    """The HTML of the districts table (an HTML table: wraps, grows with large text, Dutch numbers)."""
    return next(str(element.proto.body) for element in app.get("html")
                if "data-table='districts'" in str(element.proto.body))


def _district_names(app: AppTest) -> list[str]:
    """The district names in the table, decoded (second cell of every body row)."""
    body = _district_table(app).split("<tbody>", 1)[1]
    return [html.unescape(cells[1]) for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row)
                                                  for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body))]


def _plotly_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


@pytest.mark.parametrize("region", ["GM0344", "GM0355", "GM0356"])
def test_sii_named_districts_and_map(built_store: Path, mirror: Path, region: str) -> None:
    app = _run(region)
    labels = [metric.label for metric in app.metric]
    assert len(labels) == 3 and all(label.endswith("2020") for label in labels)
    text = " ".join(str(element.value) for element in app.markdown)
    assert "95%-interval" in text  # what each SII means, in words
    assert all(metric.value.endswith(" pp") for metric in app.metric)
    shown = _district_names(app)
    names = _names(mirror, region)
    assert set(shown) <= names and len(set(shown)) >= 5
    specs = _plotly_specs(app)
    maps = [spec for spec in specs if any(trace.get("type") == "choropleth" for trace in spec["data"])]
    assert maps, "no district map"
    hover = " ".join(str(item) for trace in maps[0]["data"] for item in trace.get("customdata", []))
    assert "inkomenspositie 1 van" in hover
    assert any(name in hover for name in names)


def test_english(built_store: Path) -> None:
    app = _run("GM0355", lang="en")
    assert app.title[0].value == "Inequality"
    assert "income position" in _district_table(app)


def test_text_from_data_is_escaped(built_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import data

    real = data.wijk_values

    def hostile(indicator_id: str) -> pd.DataFrame:
        rows = real(indicator_id).copy()
        rows.loc[rows["municipality_code"] == "GM0355", "region_name"] = HOSTILE
        return rows

    monkeypatch.setattr(data, "wijk_values", hostile)
    monkeypatch.setattr(data, "region_name", lambda code, lang="nl": HOSTILE)
    app = _run("GM0355")
    rendered = [str(element.value) for kind in ("markdown", "header", "caption", "info", "subheader")
                for element in app.get(kind)]
    assert not any(HOSTILE in text for text in rendered)  # never raw into Markdown
    assert any(markdown_safe(HOSTILE) in text for text in rendered)  # but escaped, e.g. in the header
    assert HOSTILE in set(_district_names(app))  # the table shows it as plain text
    assert "<b>x</b>" not in _district_table(app)  # escaped in its HTML
    specs = [json.dumps(spec) for spec in _plotly_specs(app)]
    assert not any("<b>x</b>" in text for text in specs)  # charts: escaped for Plotly's markup
    assert any("&lt;b&gt;x&lt;/b&gt;" in text for text in specs)


def test_markdown_safe() -> None:
    # one escaping for every page (indicators.safe_text): numeric character references, shown literally
    assert markdown_safe("*a* <b> :x:") == "&#42;a&#42; &#60;b&#62; &#58;x&#58;"
