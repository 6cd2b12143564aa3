"""Data, charts and words of the Ongelijkheid page: districts with their names, the SII, the district map.

Loaders are cached once per store folder (``st.cache_resource``; frames are shared, never changed);
the figures come from the pure builders :func:`indicators.district_map.district_map` and
:func:`indicators.figures.wijk_ranking_figure`. Nothing here computes an indicator: the SII is read
from ``indicators.parquet``.

Text that comes from data (district and municipality names, notes) is never rendered as Markdown or
HTML: :func:`markdown_safe` escapes it where it must go into Markdown, Plotly text goes through
:func:`indicators.district_map.plain`, and tables and notes are shown as plain text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import data
from dashboard.components import Cell, html_table
from indicators import api
from indicators.district_map import district_map
from indicators.export import row_sources
from indicators.figures import wijk_ranking_figure
from indicators.formatting import format_number
from indicators.geo import DISTRICT_GEO_FILE, GeoError
from indicators.safe_text import markdown as safe_markdown
from indicators.verdicts import finite, interval_side

SII_IDS = ("sii_ervaren_gezondheid_pp", "sii_overgewicht_pp", "sii_eenzaamheid_pp")
WIJK_GAPS = ("wijkkloof_ervaren_gezondheid_pp", "wijkkloof_overgewicht_pp", "wijkkloof_eenzaamheid_pp")

# The page's own words (Dutch and English side by side); moved into dashboard.i18n when that file is free.
TEXT: dict[str, dict[str, str]] = {
    "within": {"nl": "Binnen {region}: ongelijkheid naar inkomen tussen wijken",
               "en": "Within {region}: inequality by income across districts"},
    "sii_intro": {
        "nl": "De helling van de ongelijkheid (SII) zet de wijken op volgorde van het hoogste naar het laagste aandeel "
              "inwoners met een laag inkomen en trekt een lijn door hun waarden, gewogen naar inwoners. De SII is het "
              "verschil tussen beide uiteinden van die lijn, in procentpunten. **Positief**: de wijken met meer lage "
              "inkomens doen het slechter. **Negatief**: zij doen het beter. Het interval komt uit een bootstrap over "
              "de wijken.",
        "en": "The slope index of inequality (SII) orders the districts from the highest to the lowest share of "
              "inhabitants on a low income and fits a line through their values, weighted by inhabitants. The SII is "
              "the difference between both ends of that line, in percentage points. **Positive**: districts with more "
              "low incomes do worse. **Negative**: they do better. The interval comes from a bootstrap over the districts.",
    },
    "sii_chart_title": {"nl": "Ongelijkheid naar inkomen tussen wijken (SII) in {region}",
                        "en": "Inequality by income across districts (SII) in {region}"},
    "no_sii": {"nl": "geen SII", "en": "no SII"},
    "map": {"nl": "Kaart van de wijken", "en": "Map of the districts"},
    "map_intro": {
        "nl": "De wijken gekleurd naar de maat; wijs een wijk aan voor haar naam, waarde, aandeel lage inkomens en "
              "inkomenspositie (1 = meeste lage inkomens). Grijs: geen gegevens.",
        "en": "The districts coloured by the measure; point at a district for its name, value, share of low incomes "
              "and income position (1 = most low incomes). Grey: no data.",
    },
    "no_geometry": {"nl": "Er staan geen wijkgrenzen in de opslag; draai `hhu refresh`.",
                    "en": "The store holds no district boundaries; run `hhu refresh`."},
    "table": {"nl": "Wijken op inkomensvolgorde", "en": "Districts in income order"},
    "ranking": {"nl": "Wijken gerangschikt naar de maat (brongegevens)", "en": "Districts ranked by the measure (source data)"},
    "ranking_intro": {
        "nl": "De waarden per wijk zoals RIVM ze publiceert (tabel 50090NED, 18 jaar en ouder, wijkindeling 2020), met de "
              "namen uit CBS 85318NED (wijkindeling 2022). Een wijkcode die daar niet in staat, houdt haar code.",
        "en": "District values as RIVM publishes them (table 50090NED, ages 18+, 2020 division), with names from CBS "
              "85318NED (2022 division). A district code not found there keeps its code.",
    },
    "context": {"nl": "Ter vergelijking: verschil tussen het beste en slechtste vijfde van de wijken",
                "en": "For comparison: gap between the best and worst fifth of the districts"},
    "column_name": {"nl": "wijk", "en": "district"},
    "column_value": {"nl": "waarde", "en": "value"},
    "column_low_income": {"nl": "% lage inkomens", "en": "% low incomes"},
    "column_rank": {"nl": "inkomenspositie", "en": "income position"},
    "column_inhabitants": {"nl": "inwoners (2022)", "en": "inhabitants (2022)"},
    "verdict_worse": {"nl": "De wijken met meer lage inkomens doen het slechter: het hele 95%-interval ligt boven 0.",
                      "en": "Districts with more low incomes do worse: the whole 95% interval lies above 0."},
    "verdict_better": {"nl": "De wijken met meer lage inkomens doen het beter: het hele 95%-interval ligt onder 0.",
                       "en": "Districts with more low incomes do better: the whole 95% interval lies below 0."},
    "verdict_unclear": {"nl": "Geen duidelijk verschil tussen wijken met veel en weinig lage inkomens: het 95%-interval "
                              "omvat 0.",
                        "en": "No clear difference between districts with many and few low incomes: the 95% interval "
                              "includes 0."},
    "verdict_unknown": {"nl": "Zonder interval is niet te zeggen hoe zeker deze helling is.",
                        "en": "Without an interval it cannot be said how sure this slope is."},
    "measure_sii_ervaren_gezondheid_pp": {"nl": "Ervaren gezondheid (goed of zeer goed, %)",
                                          "en": "Self-rated health (good or very good, %)"},
    "measure_sii_overgewicht_pp": {"nl": "Overgewicht (%)", "en": "Overweight (%)"},
    "measure_sii_eenzaamheid_pp": {"nl": "Eenzaamheid (%)", "en": "Loneliness (%)"},
}


def words(key: str, lang: str, **values: object) -> str:
    """A text of this page in ``lang`` (values filled in as they are: escape data first)."""
    text = TEXT[key]["en" if lang == "en" else "nl"]
    return text.format(**values) if values else text


def markdown_safe(text: object) -> str:
    """Data text for a Markdown element, shown literally (:func:`indicators.safe_text.markdown`)."""
    return safe_markdown(text)


def _folder() -> str:
    return str(data.generation())


@st.cache_resource(show_spinner=False)
def _district_geometry(folder: str) -> dict | None:
    try:
        return api.district_geometry(Path(folder))
    except GeoError:
        return None


def district_geometry() -> dict | None:
    """District boundaries, or None when the store has none (``geo/wijken.geojson``)."""
    if not (data.generation() / DISTRICT_GEO_FILE).exists():
        return None
    return _district_geometry(_folder())


def districts_of(indicator_id: str, municipality: str, period: str | None = None) -> pd.DataFrame:
    """The districts of one municipality (and period), in income order."""
    rows = data.wijk_values(indicator_id)
    rows = rows.loc[rows["municipality_code"] == municipality]
    return rows if period is None else rows.loc[rows["period"] == period]


def map_chart(indicator_id: str, municipality: str, period: str, lang: str, big: bool) -> tuple[go.Figure, pd.DataFrame] | None:
    """The district map and its rows; None without boundaries."""
    geometry = district_geometry()
    if geometry is None:
        return None
    rows = districts_of(indicator_id, municipality, period)
    figure = district_map(rows, geometry, words(f"measure_{indicator_id}", lang), data.region_name(municipality, lang),
                          lang=lang, big=big)
    return figure, rows


def ranking_chart(indicator_id: str, municipality: str, period: str, lang: str, big: bool) -> tuple[go.Figure, pd.DataFrame]:
    """Districts ranked by the measure (the figure escapes the names itself; the rows keep them as they are)."""
    rows = districts_of(indicator_id, municipality, period)
    figure = wijk_ranking_figure(rows, words(f"measure_{indicator_id}", lang), data.region_name(municipality, lang),
                                 lang=lang, big=big)
    return figure, rows


def sii_verdict(row: pd.Series, lang: str) -> str:
    """What an SII says, in one plain sentence, from its 95% interval (positive: low-income districts do worse)."""
    side = interval_side(row.get("lower"), row.get("upper"))
    return words({"above": "verdict_worse", "below": "verdict_better", "includes": "verdict_unclear"}.get(
        side, "verdict_unknown"), lang)


def district_table_html(indicator_id: str, municipality: str, period: str, lang: str) -> str:
    """The districts in income order as an HTML table: numbers in the reader's format, names escaped."""
    rows = districts_of(indicator_id, municipality, period)
    rank = words("column_rank", lang).replace("inkomenspositie", "inkomens&shy;positie")
    headers = [(rank, 16, "num"), (words("column_name", lang), 36, ""),
               (words("column_value", lang), 14, "num"), (words("column_low_income", lang), 17, "num"),
               (words("column_inhabitants", lang), 17, "num")]
    body = []
    for rank, name, value, low, inhabitants in zip(rows["income_rank"], rows["region_name"], rows["value"],
                                                   rows["income_low_pct"], rows["inhabitants"], strict=True):
        body.append([Cell(text=str(int(rank)) if finite(rank) else "–", css="num"), Cell(text=str(name)),
                     Cell(text=format_number(value, lang), css="num"), Cell(text=format_number(low, lang), css="num"),
                     Cell(text=format_number(inhabitants, lang, 0) if finite(inhabitants) else "–", css="num")])
    return html_table(headers, body, key="districts")


def district_table(indicator_id: str, municipality: str, period: str, lang: str) -> pd.DataFrame:
    """The districts as a plain table (the CSV download of :func:`district_table_html`)."""
    rows = districts_of(indicator_id, municipality, period)
    return pd.DataFrame({
        words("column_rank", lang): rows["income_rank"].astype("Int64"),
        words("column_name", lang): rows["region_name"].astype(str),
        words("column_value", lang): rows["value"].round(1),
        words("column_low_income", lang): rows["income_low_pct"].round(1),
        words("column_inhabitants", lang): rows["inhabitants"].astype("Int64"),
        "source" if lang == "en" else "bron": row_sources(rows.reset_index(drop=True), lang),
    }).reset_index(drop=True)
