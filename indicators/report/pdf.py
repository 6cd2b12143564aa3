"""Print the report's HTML to an A4 PDF with headless Chromium (through Playwright).

The page is opened from disk with every network request refused, so the PDF also proves that
the HTML needs nothing from outside itself. Charts are drawn by plotly.js in the page and
printed as vectors; CSS keeps each chart on one page.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
UNAVAILABLE = {
    "playwright": {
        "nl": "het Python-pakket playwright ontbreekt; installeer het project opnieuw met `pip install -e .` "
              "(of `pip install playwright`)",
        "en": "the Python package playwright is missing; reinstall the project with `pip install -e .` "
              "(or `pip install playwright`)",
    },
    "chromium": {
        "nl": "de browser Chromium ontbreekt (gezocht: {path}); installeer hem met `sudo apt-get install chromium` "
              "(Debian/Ubuntu) of zet HHU_CHROMIUM op het pad van een Chromium",
        "en": "the Chromium browser is missing (looked for {path}); install it with `sudo apt-get install chromium` "
              "(Debian/Ubuntu) or point HHU_CHROMIUM at a Chromium executable",
    },
}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
FOOTER = (
    "<div style='font-size:8px;color:#555;width:100%;padding:0 12mm;display:flex;justify-content:space-between;'>"
    "<span>{left}</span><span><span class='pageNumber'></span> / <span class='totalPages'></span></span></div>"
)
RENDERED = "() => [...document.querySelectorAll('div.chart')].every(chart => chart.querySelector('.main-svg'))"


@dataclass(frozen=True)
class PdfResult:
    """What printing produced.

    Attributes:
        path: the PDF file.
        refused_requests: URLs the page tried to fetch from outside itself (refused; normally none).
    """

    path: Path
    refused_requests: tuple[str, ...]


def chromium_path() -> Path:
    """The Chromium to print with: ``$HHU_CHROMIUM``, else Debian's ``/usr/bin/chromium``, else one on the PATH."""
    import os  # noqa: PLC0415

    if os.environ.get("HHU_CHROMIUM"):
        return Path(os.environ["HHU_CHROMIUM"])
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return Path(found) if found else CHROMIUM


def _playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def chromium_available(chromium: Path | None = None) -> bool:
    """True when Chromium and Playwright's Python package are both installed."""
    return _playwright_installed() and Path(chromium or chromium_path()).exists()


def pdf_unavailable_reason(lang: str = "nl", chromium: Path | None = None) -> str:
    """Why no PDF can be made, naming what to install (empty when a PDF can be made)."""
    words = "en" if lang == "en" else "nl"
    if not _playwright_installed():
        return UNAVAILABLE["playwright"][words]
    path = Path(chromium or chromium_path())
    if not path.exists():
        return UNAVAILABLE["chromium"][words].format(path=path)
    return ""


def write_pdf(html_path: Path, pdf_path: Path, footer: str = "", chromium: Path | None = None,
              timeout_ms: int = 60_000) -> PdfResult | None:
    """Print ``html_path`` to ``pdf_path`` (A4, backgrounds, page numbers in the footer).

    Args:
        html_path: the report's HTML file.
        pdf_path: where the PDF goes.
        footer: text at the bottom left of every page (the page number is at the right).
        chromium: the Chromium executable (default :func:`chromium_path`).
        timeout_ms: how long to wait for the charts to be drawn.

    Returns:
        The result, or None when Chromium or Playwright is not installed.
    """
    chromium = Path(chromium or chromium_path())
    if not chromium_available(chromium):
        return None
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    refused: list[str] = []

    def only_local(route) -> None:  # noqa: ANN001 - a Playwright Route
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_local)
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load", timeout=timeout_ms)
            page.wait_for_function(RENDERED, timeout=timeout_ms)
            page.emulate_media(media="print")
            page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER.format(left=html.escape(footer)))
        finally:
            browser.close()
    return PdfResult(Path(pdf_path), tuple(refused))
