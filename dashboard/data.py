"""Read-only data for the pages, loaded once per process.

Every loader reads the built store through :mod:`indicators.api` (or, for the district values
of RIVM table 50090NED, through the catalogue's own slice declaration) and is cached with
``st.cache_resource`` keyed by the store folder, so a rerun never reads a file again. The frames
are shared between sessions: pages filter them and never change them in place.

Nothing here computes an indicator; the lookups below only pick rows and names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.state import DEFAULT_REGION
from indicators import api, config
from indicators.build import INDICATORS_FILE, PROGRESS_FILE
from indicators.catalog import all_indicators
from indicators.export import published_decimals
from indicators.geo import GEO_FILE
from indicators.regions import LEVEL_LABELS, NETHERLANDS, RegionModel
from indicators.scoreboard import mission_scoreboard

UTRECHT_PROVINCE = "PV26"
U10 = "U10"
# Region codes listed first in the region picker, in this order.
FEATURED_REGIONS = (DEFAULT_REGION, U10, "HHU", "GG2514", UTRECHT_PROVINCE, NETHERLANDS)


def store_folder() -> Path:
    """The store the dashboard reads (``$HHU_DATA`` or ``data/``)."""
    return config.data_dir()


def store_ready(folder: Path | None = None) -> bool:
    """Tell whether the store has been built (``indicators.parquet`` and ``progress.parquet`` exist)."""
    folder = folder or store_folder()
    return (folder / INDICATORS_FILE).exists() and (folder / PROGRESS_FILE).exists()


def geometry_ready(folder: Path | None = None) -> bool:
    """Tell whether the municipality boundaries are in the store (``hhu refresh`` puts them there)."""
    return ((folder or store_folder()) / GEO_FILE).exists()


@st.cache_resource(show_spinner=False)
def _indicators(folder: str) -> pd.DataFrame:
    return api.indicators_table(Path(folder))


@st.cache_resource(show_spinner=False)
def _progress(folder: str) -> pd.DataFrame:
    return api.progress_table(Path(folder))


@st.cache_resource(show_spinner=False)
def _regions(folder: str) -> RegionModel:
    return api.regions(Path(folder))


@st.cache_resource(show_spinner=False)
def _geometry(folder: str) -> dict:
    return api.geometry(Path(folder))


@st.cache_resource(show_spinner=False)
def _manifest(folder: str) -> dict:
    return api.manifest(Path(folder))


@st.cache_resource(show_spinner=False)
def _wijk_values(folder: str, indicator_id: str) -> pd.DataFrame:
    return api.wijk_values(indicator_id, Path(folder))


@st.cache_resource(show_spinner=False)
def _region_options(folder: str) -> tuple[tuple[str, ...], dict[str, dict[str, str]]]:
    model = _regions(folder)
    regions = model.regions
    municipalities = regions.loc[regions["level"] == "gemeente"].sort_values("name")
    others = regions.loc[~regions["region_code"].isin(FEATURED_REGIONS) & (regions["level"] != "gemeente")]
    order = list(FEATURED_REGIONS) + [code for code in municipalities["region_code"] if code != DEFAULT_REGION]
    order += list(others.sort_values(["level", "name"])["region_code"])
    labels = {}
    for lang, name_column in (("nl", "name"), ("en", "name_en")):
        labels[lang] = {
            code: f"{name} ({LEVEL_LABELS[level][lang]})"
            for code, name, level in zip(regions["region_code"], regions[name_column], regions["level"], strict=True)
        }
    return tuple(order), labels


def indicators() -> pd.DataFrame:
    """The whole tidy ``indicators.parquet`` (read-only)."""
    return _indicators(str(store_folder()))


def progress() -> pd.DataFrame:
    """The whole ``progress.parquet`` (read-only)."""
    return _progress(str(store_folder()))


def regions() -> RegionModel:
    """The region model (codes, names, memberships)."""
    return _regions(str(store_folder()))


def geometry() -> dict:
    """Municipality boundaries as GeoJSON (``properties.statcode``)."""
    return _geometry(str(store_folder()))


def manifest() -> dict:
    """The store's manifest: what was retrieved, from where, when."""
    return _manifest(str(store_folder()))


def wijk_values(indicator_id: str) -> pd.DataFrame:
    """District (wijk) values of RIVM table 50090NED behind a ``wijkkloof_*`` indicator, as published.

    Args:
        indicator_id: a district-gap indicator; its wijk slice names the table column.

    Returns:
        One row per district and period: ``municipality_code``, ``region_code`` (``WKxxxxxx``),
        ``region_name`` (the district code where the source has no name), ``period``, ``value``
        (missing stays missing), ``source_table``.
    """
    return _wijk_values(str(store_folder()), indicator_id)


@st.cache_resource(show_spinner=False)
def _by_indicator(folder: str) -> dict[str, pd.DataFrame]:
    table = _indicators(folder)
    return {str(key): part.sort_values("period_year") for key, part in table.groupby("indicator_id", sort=False)}


@st.cache_resource(show_spinner=False)
def _progress_by(folder: str, column: str) -> dict[str, pd.DataFrame]:
    table = _progress(folder)
    return {str(key): part for key, part in table.groupby(column, sort=False)}


@st.cache_resource(show_spinner=False)
def _decimals(folder: str) -> dict[str, int]:
    return published_decimals(_indicators(folder))


def decimals() -> dict[str, int]:
    """Indicator id -> the decimals its source publishes (:func:`indicators.export.published_decimals`)."""
    return _decimals(str(store_folder()))


def region_codes() -> tuple[str, ...]:
    """Every region code the dashboard offers, featured regions first, then municipalities by name."""
    return _region_options(str(store_folder()))[0]


def region_labels(lang: str = "nl") -> dict[str, str]:
    """Region code -> "Name (level)" for the region pickers."""
    return _region_options(str(store_folder()))[1]["en" if lang == "en" else "nl"]


def region_label(code: str, lang: str = "nl") -> str:
    """"Name (level)" of one region code."""
    return region_labels(lang).get(code, code)


def region_name(code: str, lang: str = "nl") -> str:
    """Display name of a region code."""
    return regions().name(code, lang)


def is_municipality(code: str) -> bool:
    """Tell whether a code is a current municipality."""
    return code.startswith("GM") and code in region_labels()


def municipality_codes() -> list[str]:
    """Current municipality codes, ordered by name."""
    return [code for code in region_codes() if code.startswith("GM")]


def indicator_ids() -> list[str]:
    """Every indicator id in catalogue order."""
    return [indicator.id for indicator in all_indicators()]


def municipal_indicator_ids() -> list[str]:
    """Indicators reported per municipality (for the map and comparisons)."""
    return [indicator.id for indicator in all_indicators() if "gemeente" in indicator.levels]


def periods_of(indicator_id: str, level: str | None = None) -> list[str]:
    """Periods an indicator has values in (optionally at one region level), oldest first."""
    return list(_periods(str(store_folder()), indicator_id, level))


@st.cache_resource(show_spinner=False, max_entries=512)
def _periods(folder: str, indicator_id: str, level: str | None) -> tuple[str, ...]:
    rows = _by_indicator(folder).get(indicator_id)
    if rows is None:
        return ()
    rows = rows.loc[rows["value"].notna()]
    if level is not None:
        rows = rows.loc[rows["region_level"] == level]
    return tuple(str(period) for period in rows.drop_duplicates("period").sort_values("period_year")["period"])


def values(indicator_id: str, regions_wanted: list[str] | None = None, period: str | None = None) -> pd.DataFrame:
    """Rows of one indicator (as :func:`indicators.api.indicator_values` gives them), oldest period first."""
    rows = _by_indicator(str(store_folder())).get(indicator_id, indicators().iloc[0:0])
    if regions_wanted is not None:
        rows = rows.loc[rows["region_code"].isin(regions_wanted)]
    if period is not None:
        rows = rows.loc[rows["period"] == period]
    return rows


def progress_rows(indicator_id: str | None = None, regions_wanted: list[str] | None = None) -> pd.DataFrame:
    """Rows of ``progress.parquet`` for an indicator and/or regions."""
    folder = str(store_folder())
    empty = progress().iloc[0:0]
    if indicator_id is not None:
        frame = _progress_by(folder, "indicator_id").get(indicator_id, empty)
    elif regions_wanted is not None and len(regions_wanted) == 1:
        return _progress_by(folder, "region_code").get(regions_wanted[0], empty)
    else:
        frame = progress()
    if regions_wanted is not None:
        frame = frame.loc[frame["region_code"].isin(regions_wanted)]
    return frame


@st.cache_resource(show_spinner=False, max_entries=512)
def _scoreboard(folder: str, region_code: str) -> pd.DataFrame:
    return mission_scoreboard(region_code, _progress(folder))


def scoreboard(region_code: str) -> pd.DataFrame:
    """The mission scoreboard of a region (:func:`indicators.scoreboard.mission_scoreboard`)."""
    return _scoreboard(str(store_folder()), region_code)


def regions_with_rows(indicator_id: str, regions_wanted: list[str]) -> list[str]:
    """The regions (in the given order) that the indicator has rows for."""
    have = set(values(indicator_id, regions_wanted)["region_code"])
    return [code for code in regions_wanted if code in have]
