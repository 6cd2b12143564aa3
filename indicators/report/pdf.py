"""Print the report's HTML to an A4 PDF with headless Chromium (through Playwright).

The page is opened from disk with every network request refused, so the PDF also proves that
the HTML needs nothing from outside itself. Charts are drawn by plotly.js in the page and
printed as vectors; CSS keeps each chart on one page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
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


def chromium_available(chromium: Path = CHROMIUM) -> bool:
    """True when Chromium and Playwright's Python package are both installed."""
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return False
    return Path(chromium).exists()


def write_pdf(html_path: Path, pdf_path: Path, footer: str = "", chromium: Path = CHROMIUM,
              timeout_ms: int = 60_000) -> PdfResult | None:
    """Print ``html_path`` to ``pdf_path`` (A4, backgrounds, page numbers in the footer).

    Args:
        html_path: the report's HTML file.
        pdf_path: where the PDF goes.
        footer: text at the bottom left of every page (the page number is at the right).
        chromium: the Chromium executable.
        timeout_ms: how long to wait for the charts to be drawn.

    Returns:
        The result, or None when Chromium or Playwright is not installed.
    """
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
