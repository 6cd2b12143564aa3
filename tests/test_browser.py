"""The dashboard in a real browser: Streamlit server + Debian's Chromium through Playwright.

Starts ``streamlit run dashboard/streamlit_app.py`` from the project root (so the project's
``.streamlit/config.toml`` applies) on a free port against the session's built store, then:
opens the overview, changes the municipality and sees the charts follow, follows a copied deep
link, opens ``/missies`` by its path, switches the language and sees the tags change, downloads
the scoreboard's CSV and reads it back, records every request a page makes (none may leave the
app's host), opens a profile by clicking the map, survives a hostile link, and checks that the
scoreboard fits one screen and no page scrolls sideways at 1280 px. Screenshots go to
``tmp_path``. Every wait is bounded and the server is always stopped.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "streamlit_app.py"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_S = 60
WAIT_MS = 30_000
PAGES = ("missies", "gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float) -> None:
    """Wait for Streamlit's health endpoint; fail with the server's output when it dies or is slow."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer within {seconds} s")


@pytest.fixture(scope="module")
def server_url(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running dashboard on a free port, reading the session's store; stopped afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {**os.environ, "HHU_DATA": str(built_store)}
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
    with log.open("w") as output:  # from the project root: its .streamlit/config.toml holds the production defaults
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", server, SERVER_START_S)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


@pytest.fixture(scope="module")
def browser(server_url: str) -> Iterator[object]:
    """Headless Chromium (Debian's), closed afterwards."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh 1280 x 900 page; fails the test on a JavaScript dialog (a script that ran)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        yield tab
        assert not dialogs, f"a script ran: {dialogs}"
    finally:
        context.close()


def heading(tab: object) -> str:
    """Text of the page's first h1."""
    return tab.locator("h1").first.inner_text()


def wait_for_charts(tab: object) -> None:
    """Wait until a Plotly chart has been drawn and Streamlit has finished running."""
    tab.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(state="visible")
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def chart_titles(tab: object) -> list[str]:
    """Titles of the Plotly charts on screen."""
    return tab.locator('[data-testid="stPlotlyChart"] .gtitle').evaluate_all(
        "elements => elements.map(element => element.textContent || '')")


def settle(tab: object) -> None:
    """Wait until Streamlit has finished running and the page has drawn."""
    tab.locator("h1").first.wait_for()
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    tab.wait_for_timeout(500)


def tags(tab: object) -> list[str]:
    """The words on the chosen items of every multiselect."""
    return tab.locator('[data-testid="stMultiSelect"] .react-aria-ComboBox [data-tag] > span[title]').all_inner_texts()


def sideways_scroll(tab: object) -> int:
    """Pixels the main area can scroll sideways (0 when nothing is wider than the window)."""
    return tab.evaluate(
        "() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
        " return Math.max(main.scrollWidth - main.clientWidth,"
        " document.documentElement.scrollWidth - document.documentElement.clientWidth); }"
    )


def test_overview_change_municipality_and_follow_deep_link(server_url: str, page: object, tmp_path: Path) -> None:
    page.goto(server_url + "/")
    wait_for_charts(page)
    assert heading(page) == "Missies: Utrecht"
    assert any("Utrecht" in title for title in chart_titles(page))

    region = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    region.click()
    page.keyboard.type("Nieuwegein")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Missies: Nieuwegein").wait_for()
    wait_for_charts(page)
    page.wait_for_function("() => location.search.includes('region=GM0356')")
    assert any("Nieuwegein" in title for title in chart_titles(page))
    page.screenshot(path=str(tmp_path / "missies_nieuwegein.png"))

    copied = page.url
    page.goto("about:blank")
    page.goto(copied)
    wait_for_charts(page)
    assert heading(page) == "Missies: Nieuwegein"

    page.goto(server_url + "/?page=trends&region=GM0356&indicator=roken_pct&lang=en")
    wait_for_charts(page)
    assert heading(page) == "Trends"
    assert "/trends" in page.url
    assert any(title.startswith("Smokers") for title in chart_titles(page))
    page.screenshot(path=str(tmp_path / "trends_deep_link.png"))
    assert (tmp_path / "missies_nieuwegein.png").stat().st_size > 10_000


def test_missies_by_its_path_language_switch_and_csv(server_url: str, page: object, tmp_path: Path) -> None:
    page.goto(server_url + "/missies?region=U10")
    settle(page)
    assert heading(page).startswith("Missies: U10")
    assert "/missies" in page.url
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0  # no Deploy button for visitors
    table = page.locator("table[data-table='scoreboard']")
    box = table.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 900  # the whole scoreboard on one screen at 1280 x 900
    assert page.locator("table[data-table='members']").count() == 1
    page.screenshot(path=str(tmp_path / "missies_u10.png"))

    with page.expect_download() as download_info:
        page.locator('[data-testid="stDownloadButton"] button').filter(has_text="Scorebord").first.click()
    download = download_info.value
    assert download.suggested_filename == "scorebord_U10.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    board = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    shown = table.locator("tbody tr").count()
    assert len(board) == shown and {"Missie", "Indicator", "Status", "Laatste waarde", "bron"} <= set(board.columns)
    assert board["Laatste waarde"].dropna().dtype == float

    page.goto(server_url + "/trends?region=GM0356&indicator=roken_pct,overgewicht_pct&compare=GM0356,NL01")
    settle(page)
    assert tags(page) == ["Rokers", "Overgewicht", "Nieuwegein (gemeente)", "Nederland (land)"]
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Trends").wait_for()
    page.wait_for_function("() => location.search.includes('lang=en')")
    settle(page)
    assert tags(page) == ["Smokers", "Overweight", "Nieuwegein (municipality)", "the Netherlands (country)"]
    assert "Missions" in page.locator('[data-testid="stSidebarNav"]').inner_text()  # the page names too


def test_no_page_asks_anything_of_another_host(server_url: str, page: object) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for key in PAGES:
        page.goto(f"{server_url}/{key}?region=U10" if key == "missies" else f"{server_url}/{key}")
        settle(page)
        if key in ("missies", "kaart", "trends"):
            wait_for_charts(page)
    own = server_url.split("://", 1)[1]
    outside = [url for url in requests if not url.startswith(("data:", "blob:")) and url.split("/")[2] != own]
    assert requests and not outside, outside


def test_clicking_the_map_opens_the_profile(server_url: str, page: object) -> None:
    page.goto(server_url + "/kaart?region=GM0344")
    shapes = page.locator('[data-testid="stPlotlyChart"] .choroplethlocation')
    shapes.first.wait_for(state="visible")
    wait_for_charts(page)
    assert shapes.count() >= 16
    box = shapes.nth(3).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => location.pathname.endsWith('/gemeenteprofiel')")
    page.get_by_role("heading", name="Gemeenteprofiel").first.wait_for()
    assert heading(page).startswith("Gemeenteprofiel: ")


def test_hostile_link_falls_back_with_notice(server_url: str, page: object) -> None:
    page.goto(server_url + "/?region=%3Cscript%3Ealert(1)%3C%2Fscript%3E&indicator=%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E")
    wait_for_charts(page)
    assert heading(page) == "Missies: Utrecht"
    notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("De link bevatte" in notice for notice in notices)
    assert page.locator("script:has-text('alert(1)')").count() == 0
    assert "region=GM0344" in page.url


@pytest.mark.parametrize("page_key", PAGES)
def test_pages_fit_1280_pixels_without_sideways_scroll(server_url: str, page: object, page_key: str,
                                                        tmp_path: Path) -> None:
    page.goto(f"{server_url}/{page_key}?region=GM0344")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert sideways_scroll(page) <= 1
    assert page.locator('[data-testid="stDataFrame"]').count() == 0  # tables wrap (HTML), none scrolls inside
    page.screenshot(path=str(tmp_path / f"{page_key}.png"))
    page.locator('[data-testid="stSidebar"] label').filter(has_text="Grote letters").click()
    settle(page)
    assert sideways_scroll(page) <= 1
    sizes = page.evaluate("() => [...document.querySelectorAll('table.hhu-table')].map("
                          "table => parseFloat(getComputedStyle(table).fontSize))")
    assert all(size >= 19 for size in sizes), sizes  # large text scales the tables too
    page.screenshot(path=str(tmp_path / f"{page_key}_large.png"))
