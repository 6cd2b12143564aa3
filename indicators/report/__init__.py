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

import os
import tempfile
from datetime import date
from pathlib import Path

from indicators import config
from indicators.report.changes import biggest_movers, changes_since_previous
from indicators.report.document import build_report, gather, render
from indicators.report.pdf import PdfResult, chromium_available, pdf_unavailable_reason, write_pdf
from indicators.report.text import t

__all__ = [
    "OutputError", "PdfResult", "biggest_movers", "build_report", "changes_since_previous", "chromium_available",
    "default_output", "gather", "output_paths", "pdf_unavailable_reason", "render", "write_pdf", "write_report",
]


class OutputError(ValueError):
    """An ``--output`` the report may not be written to (one line, naming the path)."""


def default_output(code: str, lang: str = "nl") -> Path:
    """Where the report goes without ``--output``: ``reports/bestuursrapport_<code>_<lang>.html``."""
    return Path("reports") / f"bestuursrapport_{code}_{lang}.html"


def output_paths(output: Path, lang: str = "nl", code: str = "report") -> tuple[Path, Path]:
    """The HTML and PDF files for ``--output``: ``x.html`` and ``x.pdf`` side by side, never one file for both.

    ``--output x.pdf`` writes ``x.pdf`` and the HTML beside it as ``x.html``; a name without
    an extension gets ``.html``; an existing folder gets the default file name inside it.

    Raises:
        OutputError: a place inside the store or the mirror folder (the report must never
            replace the data it is made from), or another extension.
    """
    en = lang == "en"
    path = Path(output).expanduser()
    if path.is_dir():
        path = path / default_output(code, lang).name
    protected = [folder for folder in (config.data_dir(), config.default_mirror()) if folder is not None]
    target = path.resolve().parent
    for folder in protected:
        folder = Path(folder).resolve()
        if target == folder or target.is_relative_to(folder):
            raise OutputError(f"--output {output}: " + (
                "that is inside the data store (or the mirror); choose another folder, e.g. reports/" if en else
                "dat ligt in de opslagmap (of de spiegelmap met brontabellen); kies een andere map, bijvoorbeeld "
                "reports/"))
    suffix = path.suffix.lower()
    if suffix not in ("", ".html", ".htm", ".pdf"):
        raise OutputError(f"--output {output}: " + ("use a name ending in .html or .pdf" if en else
                                                    "gebruik een naam die eindigt op .html of .pdf"))
    html_path = path.with_suffix(".html") if suffix in ("", ".pdf") else path
    return html_path, html_path.with_suffix(".pdf")


def _write_whole(path: Path, write) -> None:  # noqa: ANN001 - a function that writes to a given path
    """Write a file through a temporary file beside it and one rename: it appears whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_report(query: str, lang: str = "nl", output: Path | None = None, pdf: bool = True,
                 today: date | None = None) -> tuple[Path, Path | None]:
    """Write the HTML report and, when Chromium is there, a PDF beside it.

    Both files appear whole or not at all (written beside their place, then renamed), never
    inside the store or the mirror, and never over each other (:func:`output_paths`).

    Args:
        query: region code, name or group (``GM0344``, ``Zeist``, ``U10``).
        lang: ``nl`` (default) or ``en``.
        output: the HTML or PDF file; default :func:`default_output`.
        pdf: False to skip the PDF.
        today: the date printed on the report (default: today).

    Returns:
        The HTML path and the PDF path (None when no PDF was made).

    Raises:
        indicators.regions.RegionError: unknown region, with the closest matches.
        OutputError: a bad ``output`` (see :func:`output_paths`), or one that cannot be written.
    """
    code, document = build_report(query, lang, today)
    html_path, pdf_path = output_paths(Path(output) if output else default_output(code, lang), lang, code)
    try:
        _write_whole(html_path, lambda temporary: temporary.write_text(document, encoding="utf-8"))
        if not pdf or not chromium_available():
            return html_path, None
        footer = f"{t('title', lang)} · {t('subtitle', lang)} · {code}"
        made: list[PdfResult | None] = []
        _write_whole(pdf_path, lambda temporary: made.append(write_pdf(html_path, temporary, footer=footer)))
    except OSError as error:
        raise OutputError(f"--output {output or html_path}: {error.strerror or error}") from None
    return html_path, pdf_path if made and made[0] is not None else None
