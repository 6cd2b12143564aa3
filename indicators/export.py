"""CSV files people can open: one set of rules for the dashboard's downloads and ``hhu query --format csv``.

* **The reader's language**: column names and labels (status, trend, comparison, region level,
  unit, yes/no) in Dutch or English; :func:`readable` does the translation.
* **Spreadsheet conventions**: UTF-8 with a byte-order mark (Excel then reads "cliënten"
  correctly); in Dutch ``;`` between fields and a decimal comma, in English ``,`` and a point.
* **No float noise**: every value of an indicator is rounded to the number of decimals its
  source publishes (:func:`published_decimals`), so a computed group value reads ``22,1``, not
  ``22,099999999999994``.
* **Safe in spreadsheets**: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
  a carriage return would be run as a formula; :func:`neutralise` writes it as text.
* **Attribution**: a ``bron`` / ``source`` column with the source line of every row.

Pure functions: frames in, text or bytes out; nothing here reads the store.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.catalog import all_indicators
from indicators.catalog.model import UNITS
from indicators.formatting import attribution, comparison_label, status_label, trend_label
from indicators.regions import LEVEL_LABELS

DEFAULT_DECIMALS = 1  # where the source's own decimals cannot be read (a value computed by the build)
MAX_DECIMALS = 3
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMAT = {"nl": {"sep": ";", "decimal": ","}, "en": {"sep": ",", "decimal": "."}}

# Columns that hold a value in the indicator's unit (rounded to its decimals).
VALUE_COLUMNS = (
    "value", "lower", "upper", "se", "baseline_value", "latest_value", "latest_lower", "latest_upper", "latest_se",
    "target_value", "projected_value", "projected_lower", "projected_upper", "before", "after", "change",
)
# Internal columns nobody reads in a spreadsheet.
DROPPED_COLUMNS = ("period_year", "_order")

COLUMN_NAMES: dict[str, dict[str, str]] = {
    "indicator": {"nl": "indicator", "en": "indicator"},
    "indicator_id": {"nl": "indicator-id", "en": "indicator id"},
    "mission_id": {"nl": "missie", "en": "mission"},
    "region_code": {"nl": "regiocode", "en": "region code"},
    "region_name": {"nl": "regio", "en": "region"},
    "region_level": {"nl": "niveau", "en": "level"},
    "municipality_code": {"nl": "gemeentecode", "en": "municipality code"},
    "period": {"nl": "periode", "en": "period"},
    "period_start": {"nl": "begin periode", "en": "period start"},
    "period_end": {"nl": "einde periode", "en": "period end"},
    "value": {"nl": "waarde", "en": "value"},
    "lower": {"nl": "ondergrens 95%-interval", "en": "lower 95% limit"},
    "upper": {"nl": "bovengrens 95%-interval", "en": "upper 95% limit"},
    "se": {"nl": "standaardfout", "en": "standard error"},
    "uncertainty": {"nl": "soort schatting", "en": "kind of estimate"},
    "unit": {"nl": "eenheid", "en": "unit"},
    "source_table": {"nl": "brontabel", "en": "source table"},
    "proxy": {"nl": "proxy", "en": "proxy"},
    "computed": {"nl": "door de monitor berekend", "en": "computed by the monitor"},
    "note": {"nl": "toelichting", "en": "note"},
    "status": {"nl": "status", "en": "status"},
    "status_reason": {"nl": "uitleg status", "en": "status explained"},
    "ratio": {"nl": "tempo t.o.v. benodigd", "en": "pace vs required"},
    "method": {"nl": "methode", "en": "method"},
    "baseline_rule": {"nl": "regel basisjaar", "en": "baseline rule"},
    "baseline_period": {"nl": "basisperiode", "en": "baseline period"},
    "baseline_value": {"nl": "basiswaarde", "en": "baseline value"},
    "latest_period": {"nl": "laatste periode", "en": "latest period"},
    "latest_value": {"nl": "laatste waarde", "en": "latest value"},
    "latest_lower": {"nl": "laatste waarde, ondergrens 95%-interval", "en": "latest value, lower 95% limit"},
    "latest_upper": {"nl": "laatste waarde, bovengrens 95%-interval", "en": "latest value, upper 95% limit"},
    "latest_se": {"nl": "laatste waarde, standaardfout", "en": "latest value, standard error"},
    "target_value": {"nl": "doel", "en": "target"},
    "target_kind": {"nl": "soort doel", "en": "kind of target"},
    "target_amount": {"nl": "doelverandering", "en": "target change"},
    "indicative_target": {"nl": "indicatief doel", "en": "indicative target"},
    "deadline": {"nl": "deadline", "en": "deadline"},
    "projected_value": {"nl": "projectie bij deadline", "en": "projection at deadline"},
    "projected_lower": {"nl": "projectie, ondergrens 95%-interval", "en": "projection, lower 95% limit"},
    "projected_upper": {"nl": "projectie, bovengrens 95%-interval", "en": "projection, upper 95% limit"},
    "trend": {"nl": "trend", "en": "trend"},
    "trend_p": {"nl": "trend, p-waarde", "en": "trend, p-value"},
    "change_p": {"nl": "verandering sinds basis, p-waarde", "en": "change since baseline, p-value"},
    "vs_nl": {"nl": "t.o.v. Nederland", "en": "vs the Netherlands"},
    "vs_nl_p": {"nl": "t.o.v. Nederland, p-waarde", "en": "vs the Netherlands, p-value"},
    "vs_ggd": {"nl": "t.o.v. GGD-regio", "en": "vs GGD region"},
    "vs_ggd_p": {"nl": "t.o.v. GGD-regio, p-waarde", "en": "vs GGD region, p-value"},
    "national_only": {"nl": "alleen landelijk", "en": "national only"},
    "source": {"nl": "bron", "en": "source"},
}
TARGET_KINDS = {
    "absolute_change": {"nl": "absolute verandering", "en": "absolute change"},
    "relative_change": {"nl": "relatieve verandering", "en": "relative change"},
}
UNCERTAINTY_WORDS = {
    "steekproef": {"nl": "steekproef", "en": "survey estimate"},
    "model": {"nl": "modelschatting", "en": "model estimate"},
    "registratie": {"nl": "registratie", "en": "registration"},
}
YES_NO = {True: {"nl": "ja", "en": "yes"}, False: {"nl": "nee", "en": "no"}}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


# ----- cells ------------------------------------------------------------------------------------
def neutralise(cell: object) -> object:
    """Write a text cell that a spreadsheet would run as a formula as plain text (prefix ``'``).

    >>> neutralise("=SUM(A1:A9)"), neutralise("Utrecht"), neutralise(-3.5)
    ("'=SUM(A1:A9)", 'Utrecht', -3.5)
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def published_decimals(table: pd.DataFrame) -> dict[str, int]:
    """The decimals each indicator's source publishes, read from the values themselves.

    For each indicator: the smallest number of decimals (at most :data:`MAX_DECIMALS`) that
    writes every value taken straight from the source (``computed`` false) without loss;
    :data:`DEFAULT_DECIMALS` when no such number exists (a value the build derives, such as a
    gap between districts).

    Args:
        table: rows of ``indicators.parquet`` (``indicator_id``, ``value``, ``computed``).
    """
    found: dict[str, int] = {}
    rows = table.loc[table["value"].notna()]
    if "computed" in rows:
        rows = rows.loc[~rows["computed"].astype(bool)]
    for indicator_id, values in rows.groupby("indicator_id", sort=False)["value"]:
        numbers = values.to_numpy(dtype=float)
        found[str(indicator_id)] = next(
            (places for places in range(MAX_DECIMALS + 1)
             if np.all(np.abs(numbers * 10**places - np.round(numbers * 10**places)) < 1e-6)),
            DEFAULT_DECIMALS,
        )
    for indicator in all_indicators():
        found.setdefault(indicator.id, DEFAULT_DECIMALS)
    return found


def _rounded(values: pd.Series, places: pd.Series | int) -> pd.Series:
    """Round each value to its row's decimals (missing stays missing)."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    if isinstance(places, int):
        return numbers.round(places)
    return pd.Series([round(number, int(place)) if math.isfinite(number) else number
                      for number, place in zip(numbers, places, strict=True)], index=values.index, dtype=float)


# ----- frames -----------------------------------------------------------------------------------
def readable(frame: pd.DataFrame, lang: str = "nl", decimals: Mapping[str, int] | None = None,
             source: bool = True) -> pd.DataFrame:
    """A frame as people read it: labels and column names in ``lang``, values rounded, a source column.

    Known columns (see :data:`COLUMN_NAMES`) are renamed and their ids become words (status,
    trend, comparisons, region level, unit, yes/no); an ``indicator`` column with the title is
    put before ``indicator_id``. Values in an indicator's unit are rounded to the decimals of
    its source (``decimals``, default :data:`DEFAULT_DECIMALS`); other floats to
    :data:`MAX_DECIMALS` + 1 places. Columns not known are kept as they are.

    Args:
        frame: rows of ``indicators.parquet``, ``progress.parquet`` or a frame already in words.
        lang: ``nl`` or ``en``.
        decimals: indicator id -> decimals (:func:`published_decimals`).
        source: add the ``bron`` / ``source`` column (source table and period of each row).
    """
    lang = _lang(lang)
    out = frame.drop(columns=[column for column in DROPPED_COLUMNS if column in frame.columns]).copy()
    if source and "source" not in out.columns and ("source_table" in out.columns or "indicator_id" in out.columns):
        out["source"] = row_sources(frame, lang)
    places: pd.Series | int = DEFAULT_DECIMALS
    if "indicator_id" in out.columns:
        places = out["indicator_id"].map(lambda item: (decimals or {}).get(str(item), DEFAULT_DECIMALS))
    for column in out.columns:
        values = out[column]
        if column in VALUE_COLUMNS and pd.api.types.is_numeric_dtype(values):
            out[column] = _rounded(values, places)
        elif pd.api.types.is_float_dtype(values):
            out[column] = _rounded(values, MAX_DECIMALS + 1)
        elif pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m-%d")
    words = {
        "status": lambda item: status_label(item, lang),
        "trend": lambda item: trend_label(item, lang),
        "vs_nl": lambda item: comparison_label(item, lang),
        "vs_ggd": lambda item: comparison_label(item, lang),
        "region_level": lambda item: LEVEL_LABELS.get(item, {}).get(lang, item),
        "unit": lambda item: UNITS.get(item, {}).get(lang, item),
        "target_kind": lambda item: TARGET_KINDS.get(item, {}).get(lang, item),
        "uncertainty": lambda item: UNCERTAINTY_WORDS.get(item, {}).get(lang, item),
    }
    for column, word in words.items():
        if column in out.columns:
            out[column] = out[column].map(lambda item, word=word: word(item) if isinstance(item, str) and item else item)
    for column in ("proxy", "computed", "indicative_target", "national_only"):
        if column in out.columns and pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(lambda item: YES_NO[bool(item)][lang] if pd.notna(item) else item)
    if "indicator_id" in out.columns and "indicator" not in out.columns:
        titles = {indicator.id: indicator.title(lang) for indicator in all_indicators()}
        out.insert(list(out.columns).index("indicator_id"), "indicator",
                   out["indicator_id"].map(lambda item: titles.get(str(item), item)))
    return out.rename(columns={column: COLUMN_NAMES[column][lang] for column in out.columns if column in COLUMN_NAMES})


def row_sources(frame: pd.DataFrame, lang: str = "nl") -> list[str]:
    """The attribution of every row: its source table(s) and period."""
    from indicators.catalog import get_indicator  # noqa: PLC0415

    period_column = next((column for column in ("period", "latest_period") if column in frame.columns), None)
    periods = frame[period_column].astype("string").fillna("") if period_column else pd.Series("", index=frame.index)
    if "source_table" in frame.columns:
        tables = frame["source_table"].astype("string").fillna("")
    else:
        tables = frame["indicator_id"].map(lambda item: ", ".join(get_indicator(str(item)).source_tables))
    return [attribution([table] if table else [], [period] if period else [], lang)
            for table, period in zip(tables, periods, strict=True)]


def csv_text(frame: pd.DataFrame, lang: str = "nl") -> str:
    """CSV text of a frame (no translation): ``;`` and decimal comma in Dutch, formulas neutralised."""
    out = frame.rename(columns={column: neutralise(str(column)) for column in frame.columns})
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out.to_csv(index=False, lineterminator="\r\n", **CSV_FORMAT[_lang(lang)])


def csv_bytes(frame: pd.DataFrame, lang: str = "nl", decimals: Mapping[str, int] | None = None,
              translate: bool = True) -> bytes:
    """A CSV file (UTF-8 with byte-order mark) of ``frame`` in ``lang``.

    Args:
        frame: the rows to write.
        lang: ``nl`` (``;``, decimal comma) or ``en`` (``,``, decimal point).
        decimals: indicator id -> decimals (:func:`published_decimals`).
        translate: False when ``frame`` is already in words (its columns are written as they are).
    """
    shown = readable(frame, lang, decimals) if translate else frame
    return csv_text(shown, lang).encode("utf-8-sig")
