"""Text from the data is never interpreted: Markdown, HTML and formulas in names and titles stay text.

A copy of the built store is tampered with the way a hostile mirror or a CBS metadata error
could: a municipality's name (Amersfoort, GM0307) and a table's title carry a Markdown image, a
Markdown link, an HTML image tag, bare URLs and a spreadsheet formula, all pointing at a host
that does not exist (``canary.invalid``). Then:

* every dashboard page (AppTest) shows the name, but no Markdown element contains a link or
  image that would render, no HTML element contains a tag from the data, no chart text
  contains a tag;
* in a real browser no page makes a request to that host and no link or image points at it;
* CSV downloads and ``hhu query --format csv`` write the formula as text.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from indicators import cli, export

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
PAGES = ("missies", "gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")
CANARY = "canary.invalid"
HOSTILE_NAME = (f'=HYPERLINK("http://{CANARY}/f","Amersfoort") ![pixel](http://{CANARY}/pixel.png) '
                f'[klik](http://{CANARY}/link) <img src="http://{CANARY}/tag.png"> <a href="http://{CANARY}/a">a</a> '
                f"http://{CANARY}/auto www.{CANARY} :red[rood] $x^2$")
HOSTILE_TITLE = f'@SUM(1+1) ![t](http://{CANARY}/title.png) [t](http://{CANARY}/title) <img src="http://{CANARY}/t.png">'
TAMPERED = "GM0307"  # Amersfoort: in the province and the GGD region, in no group declared by name
TAMPERED_TABLE = "85563NED"


def _rewrite(path: Path, change) -> None:  # noqa: ANN001 - a frame -> frame function
    """Rewrite a Parquet file through ``change``, keeping its key-value metadata (provenance)."""
    table = pq.read_table(path)
    frame = change(table.to_pandas())
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(table.schema.metadata),
                   path)


@pytest.fixture(scope="module")
def tampered_store(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the built store with a hostile municipality name and table title; HHU_DATA points at it."""
    from indicators import store
    from indicators.refresh import GEBIEDEN_TABLE
    from indicators.regions import GEBIEDEN_COLUMNS

    copy = tmp_path_factory.mktemp("tampered") / "store"
    # the current generation as a store folder of its own (the earlier flat layout, read as it is): its seal
    # would rightly refuse the tampered files, and this test is about what the screens make of hostile text
    shutil.copytree(store.resolve(built_store), copy)
    (copy / store.SEAL_NAME).unlink()

    def rename_in_gebieden(frame: pd.DataFrame) -> pd.DataFrame:
        codes = frame[GEBIEDEN_COLUMNS["code"]].astype(str).str.strip()
        frame.loc[codes == TAMPERED, GEBIEDEN_COLUMNS["name"]] = HOSTILE_NAME
        return frame

    def rename_in_indicators(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame["region_code"] == TAMPERED, "region_name"] = HOSTILE_NAME
        return frame

    _rewrite(copy / "raw" / f"{GEBIEDEN_TABLE}.parquet", rename_in_gebieden)
    _rewrite(copy / "indicators.parquet", rename_in_indicators)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"][TAMPERED_TABLE]["title"] = HOSTILE_TITLE
    (copy / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    before = os.environ.get("HHU_DATA")
    os.environ["HHU_DATA"] = str(copy)
    _clear_caches()
    try:
        yield copy
    finally:
        os.environ["HHU_DATA"] = before or str(built_store)
        _clear_caches()


def _clear_caches() -> None:
    from indicators import api

    for loader in (api.regions, api.indicators_table, api.progress_table):
        loader.cache_clear()


# ----- what a renderer would interpret ------------------------------------------------------------
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")  # [text](url) and ![alt](url)
RAW_URL = re.compile(r"https?://" + re.escape(CANARY) + r"|www\." + re.escape(CANARY), re.I)
TAG = re.compile(r"<\s*(img|a|script|iframe)\b", re.I)


def _markdown_texts(app: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "error", "warning"):
        texts.extend(str(element.value) for element in app.get(kind))
    for kind in ("selectbox", "multiselect", "button_group", "toggle"):
        texts.extend(str(getattr(element, "label", "")) for element in app.get(kind))
    return texts


@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_and_titles_stay_text_on_every_page(tampered_store: Path, page: str) -> None:
    app = AppTest.from_file(str(APP), default_timeout=90)
    app.query_params["page"] = page
    app.query_params["region"] = TAMPERED
    app.run()
    assert not app.exception, app.exception
    texts = _markdown_texts(app)
    everything = texts + [str(element.proto.body) for element in app.get("html")]
    everything += [text for chart in app.get("plotly_chart") for text in _strings(json.loads(chart.proto.spec))]
    if page != "bronnen":
        assert any("HYPERLINK" in text for text in everything), page  # the name is on the page, as text
    for text in texts:
        assert not MARKDOWN_LINK.search(text), text  # no [text](url) or ![alt](url) in the Markdown source
        assert not TAG.search(text), text
        assert not RAW_URL.search(html.unescape(text)), text  # nor an address that GFM would link once decoded
    for element in app.get("html"):
        body = str(element.proto.body)
        assert not TAG.search(body), body[:300]  # the dashboard's own HTML has no links or images at all
    for chart in app.get("plotly_chart"):
        for text in _strings(json.loads(chart.proto.spec)):
            assert not TAG.search(text), text  # Plotly would draw <a href> as a link


def _strings(node: object) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_hostile_table_title_on_the_sources_page_is_text(tampered_store: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=90)
    app.query_params["page"] = "bronnen"
    app.run()
    assert not app.exception, app.exception
    manifest = next(str(element.proto.body) for element in app.get("html") if "data-table='manifest'" in
                    str(element.proto.body))
    assert "&lt;img" in manifest and "<img" not in manifest  # the title is there, escaped
    expanders = "\n".join(str(element.value) for element in app.get("markdown"))
    assert "SUM" in expanders and not MARKDOWN_LINK.search(expanders)
    assert not RAW_URL.search(html.unescape(expanders))


# ----- CSV ----------------------------------------------------------------------------------------
def test_csv_neutralises_formula_prefixes() -> None:
    frame = pd.DataFrame({
        "region_name": ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tTab", "\rReturn", "Zeist", "a=b"],
        "value": [1.0, 2.0, -3.25, 4.0, 5.0, 6.0, 7.0, 8.0],
    })
    data = export.csv_bytes(frame, "nl")
    text = data.decode("utf-8-sig")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    names = list(back["regio"])
    assert names[:6] == ["'=1+1", "'+31 6", "'-2", "'@SUM(A1)", "'\tTab", "'\rReturn"]
    assert names[6:] == ["Zeist", "a=b"]  # only a leading formula character counts
    assert list(back["waarde"]) == [1.0, 2.0, -3.2, 4.0, 5.0, 6.0, 7.0, 8.0]  # numbers stay numbers (rounded)
    assert "'=" in text and not re.search(r"(^|;)=", text, re.M)


def test_hhu_query_csv_neutralises_a_hostile_name(tampered_store: Path, capsysbinary) -> None:
    assert cli.main(["query", "roken_pct", "--region", "PV26", "--members", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    hostile = back.loc[back["regiocode"] == TAMPERED, "regio"]
    assert not hostile.empty and hostile.str.startswith("'=HYPERLINK").all()
    assert not back["regio"].astype(str).str.match(r"^[=+\-@]").any()


# ----- a real browser -----------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is not installed")
def test_hostile_text_makes_no_request_and_no_link_in_a_browser(tampered_store: Path,
                                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.test_browser import CHROMIUM_ARGS, free_port, wait_until_up

    sync_api = pytest.importorskip("playwright.sync_api")
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit_tampered") / "server.log"
    env = {**os.environ, "HHU_DATA": str(tampered_store)}
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true", "--server.port",
               str(port), "--browser.gatherUsageStats", "false"]
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=APP.parent.parent)
    requests: list[str] = []
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server, 60)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.set_default_timeout(45_000)
                page.on("request", lambda request: requests.append(request.url))
                for key in PAGES:
                    page.goto(f"http://127.0.0.1:{port}/{key}?region={TAMPERED}")
                    page.locator("h1").first.wait_for()
                    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
                    page.wait_for_timeout(800)
                    assert page.locator(f'a[href*="{CANARY}"]').count() == 0, key
                    assert page.locator(f'img[src*="{CANARY}"]').count() == 0, key
                    assert page.locator('[data-testid="stException"]').count() == 0, key
                    if key == "missies":
                        assert "HYPERLINK" in page.locator("h1").first.inner_text()  # shown, as text
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    assert requests and not [url for url in requests if CANARY in url]
