"""Building blocks of the board report: the data it shows, chart blocks, and numbers and labels in words.

:class:`ReportData` is what :func:`indicators.report.document.gather` reads from the built
tables; :class:`ChartBlocks` turns Plotly figures into chart blocks with a source line under
each; the helpers format numbers with :mod:`indicators.formatting` (decimal comma in Dutch).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from indicators import figures
from indicators.catalog.model import Indicator
from indicators.formatting import format_number, status_label
from indicators.report.text import t

CHART_WIDTH = 700  # pixels: the width of an A4 page between its margins
TITLE_SPACE_SAVED = 22  # pixels: a one-line chart title needs less room than the shared layout keeps
PLOTLY_CONFIG = {"displaylogo": False, "responsive": False, "staticPlot": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, read from the built tables.

    Attributes:
        code: region code (``GM0344``, ``U10``, ``GG2514``).
        name: region name in the report's language.
        level: region level (``gemeente``, ``groep``, ``ggd`` ...).
        members: member municipality codes of a group (empty for a municipality).
        member_names: their names, in the same order.
        indicators: rows of ``indicators.parquet`` for the region, its members and ``NL01``.
        progress: rows of ``progress.parquet`` for the region and ``NL01``.
        board: the mission scoreboard (:func:`indicators.scoreboard.mission_scoreboard`).
        changes: :func:`indicators.report.changes.changes_since_previous`, None without a previous build.
        manifest: the store's manifest.
        show_members: True when the members are few enough to show side by side.
        names: region code -> name in the report's language (the region, its members, ``NL01``).
    """

    code: str
    name: str
    level: str
    members: tuple[str, ...]
    member_names: tuple[str, ...]
    indicators: pd.DataFrame
    progress: pd.DataFrame
    board: pd.DataFrame
    changes: pd.DataFrame | None
    manifest: dict
    show_members: bool
    names: dict[str, str]


class ChartBlocks:
    """Turns figures into chart blocks; plotly.js itself is embedded once, in the page head."""

    def __init__(self) -> None:
        """Start counting charts (each gets a stable element id)."""
        self.count = 0

    def block(self, figure: go.Figure, source: str, kind: str = "trend") -> str:
        """A chart with its source line under it (as text), kept together on one printed page.

        The shared builders also write the source line inside the figure; here it moves out of
        the figure into the caption, so it is printed once and can be copied as text.

        Args:
            figure: the chart (changed in place: width, source note).
            source: its attribution line ("Bron: CBS/RIVM StatLine, tabel ...").
            kind: ``trend`` or ``members`` (a ``data-chart`` attribute for tests and styling).
        """
        self.count += 1
        _move_source_note_out(figure)
        figure.update_layout(width=CHART_WIDTH, autosize=False)
        markup = figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{self.count}",
                                config=PLOTLY_CONFIG)
        return f'<div class="chart" data-chart="{esc(kind)}">{markup}<p class="source">{esc(source)}</p></div>'


def _move_source_note_out(figure: go.Figure) -> None:
    """Remove the in-figure source annotation and the space kept for it under the plot."""
    notes = list(figure.layout.annotations)
    source = [note for note in notes if note.name == "source"]
    if not source:
        return
    space = figures.source_space(str(source[0].text))
    figure.layout.annotations = [note for note in notes if note.name != "source"]
    figure.layout.margin.b = max(int(figure.layout.margin.b or 0) - space, 10)
    if figure.layout.height:
        figure.layout.height = int(figure.layout.height) - space


def compact_title(figure: go.Figure) -> None:
    """A smaller one-line title (the indicator is named in the heading above the chart); the plot keeps its size."""
    figure.layout.margin.t = int(figure.layout.margin.t) - TITLE_SPACE_SAVED
    figure.layout.height = int(figure.layout.height) - TITLE_SPACE_SAVED
    figure.layout.title.font.size = 14


# ----- small formatting helpers -------------------------------------------------------------------
def esc(value: object) -> str:
    """Escape text for HTML."""
    return html.escape(str(value))


def number_with_unit(value: float, indicator: Indicator, lang: str) -> str:
    """``74,2 %`` / ``63,3 jaar``; a missing value reads "geen gegevens" without a unit."""
    if pd.isna(value):
        return format_number(float("nan"), lang)
    return f"{format_number(float(value), lang)} {indicator.unit_label(lang)}"


def change_with_unit(change: float, indicator: Indicator, lang: str) -> str:
    """A signed change; a change of a percentage is in percentage points."""
    unit = {"nl": "procentpunt", "en": "percentage points"}["en" if lang == "en" else "nl"] \
        if indicator.unit == "pct" else indicator.unit_label(lang)
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(float(change), lang)} {unit}"


def columns(*percentages: int) -> str:
    """A ``colgroup`` with the widths of a table's columns (the tables have a fixed layout)."""
    return "<colgroup>" + "".join(f"<col style='width:{width}%'>" for width in percentages) + "</colgroup>"


def badge(status: str, lang: str) -> str:
    """The status in words, as a coloured label."""
    return f"<span class='badge status-{esc(status)}'>{esc(status_label(status, lang))}</span>"


def proxy_badge(indicator: Indicator, lang: str) -> str:
    """A "proxy" label after a proxy indicator's title (empty for others)."""
    return f" <span class='badge proxy'>{t('proxy', lang)}</span>" if indicator.proxy else ""
