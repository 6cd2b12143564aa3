"""``hhu report``: the board report of a municipality or a group, as HTML and (with Chromium) PDF.

One self-contained HTML file a secretary can mail before a board meeting: the first page with
the region, the date, the data status and the mission scoreboard; per mission its headline
charts with target path and projection (and, for a group, the municipalities side by side);
what changed since the previous data release; data gaps and proxies; sources and definitions.
Everything comes from the built tables through :mod:`indicators.api`; the report computes no
indicator.

Example::

    from indicators.report import write_report
    html_path, pdf_path = write_report("U10", lang="nl")
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from indicators.report.changes import biggest_movers, changes_since_previous
from indicators.report.document import build_report, gather, render
from indicators.report.pdf import PdfResult, chromium_available, write_pdf
from indicators.report.text import t

__all__ = [
    "PdfResult", "biggest_movers", "build_report", "changes_since_previous", "chromium_available", "default_output",
    "gather", "render", "write_pdf", "write_report",
]


def default_output(code: str, lang: str = "nl") -> Path:
    """Where the report goes without ``--output``: ``reports/bestuursrapport_<code>_<lang>.html``."""
    return Path("reports") / f"bestuursrapport_{code}_{lang}.html"


def write_report(query: str, lang: str = "nl", output: Path | None = None, pdf: bool = True,
                 today: date | None = None) -> tuple[Path, Path | None]:
    """Write the HTML report and, when Chromium is there, a PDF beside it.

    Args:
        query: region code, name or group (``GM0344``, ``Zeist``, ``U10``).
        lang: ``nl`` (default) or ``en``.
        output: the HTML file; default :func:`default_output`. The PDF gets the same name with ``.pdf``.
        pdf: False to skip the PDF.
        today: the date printed on the report (default: today).

    Returns:
        The HTML path and the PDF path (None when no PDF was made).

    Raises:
        indicators.regions.RegionError: unknown region, with the closest matches.
    """
    code, document = build_report(query, lang, today)
    html_path = Path(output) if output else default_output(code, lang)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(document, encoding="utf-8")
    if not pdf:
        return html_path, None
    footer = f"{t('title', lang)} · {t('subtitle', lang)} · {code}"
    result = write_pdf(html_path, html_path.with_suffix(".pdf"), footer=footer)
    return html_path, result.path if result else None
