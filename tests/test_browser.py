"""The dashboard in a real browser: Streamlit server + Debian's Chromium through Playwright.

Starts ``streamlit run dashboard/streamlit_app.py`` on a free port against the session's built
store, then: opens the overview, changes the municipality and sees the charts follow, follows a
copied deep link, opens a profile by clicking the map, survives a hostile link, and checks that
no page scrolls sideways at 1280 px. Screenshots go to ``tmp_path``. Every wait is bounded and
the server is always stopped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_S = 60
WAIT_MS = 30_000
PAGES = ("gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")

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
    command = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    with log.open("w") as output:
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
    page.locator("h1").first.wait_for()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert sideways_scroll(page) <= 1
    page.screenshot(path=str(tmp_path / f"{page_key}.png"))
