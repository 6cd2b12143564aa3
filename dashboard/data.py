"""Read-only data for the pages, loaded once per generation of the store.

Every loader reads one generation of the store through :mod:`indicators.api` and is cached
with ``st.cache_resource`` keyed by the generation folder, so a rerun never reads a file again.
The frames are shared between sessions: pages filter them and never change them in place.

Each rerun starts with :func:`open_store`: one cheap read of the store's pointer. When another
generation has become current (a refresh finished), every cache is dropped and the new one is
read, so a new visitor sees the new data. A damaged or missing generation is never shown: the
newest one that passes its seal is, with a plain notice (:data:`STORE_TEXT`); a page that still
fails on a file marks the generation bad (:func:`mark_broken`) and the app reruns.

Nothing here computes an indicator; the lookups below only pick rows and names.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.state import DEFAULT_REGION
from indicators import api, config, store
from indicators.build import INDICATORS_FILE, PROGRESS_FILE
from indicators.catalog import all_indicators
from indicators.export import published_decimals
from indicators.geo import GEO_FILE, GeoError
from indicators.plain import moment_words
from indicators.regions import LEVEL_LABELS, NETHERLANDS, RegionModel
from indicators.scoreboard import mission_scoreboard

UTRECHT_PROVINCE = "PV26"
U10 = "U10"
# Region codes listed first in the region picker, in this order.
FEATURED_REGIONS = (DEFAULT_REGION, U10, "HHU", "GG2514", UTRECHT_PROVINCE, NETHERLANDS)


# Errors of a damaged generation (a file that no longer reads): the app then shows another one.
STORE_ERRORS = (store.StoreError, GeoError, OSError)
GENERATION_KEY = "_hhu_generation"
STORE_TEXT = {
    "nl": {
        "empty": "Er zijn nog geen gegevens om te tonen. De beheerder van het dashboard kan ze ophalen met "
                 "`hhu refresh`.",
        "fallback": "De nieuwste gegevens konden niet worden gelezen. Het dashboard toont de laatste goede versie "
                    "(gegevens van {when}).",
        "broken": "De gegevens konden niet worden gelezen. De beheerder van het dashboard kan ze opnieuw ophalen met "
                  "`hhu refresh`.",
    },
    "en": {
        "empty": "There is no data to show yet. The dashboard's administrator can fetch it with `hhu refresh`.",
        "fallback": "The newest data could not be read. The dashboard shows the last good version (data of {when}).",
        "broken": "The data could not be read. The dashboard's administrator can fetch them again with `hhu refresh`.",
    },
}

_LOCK = threading.Lock()
_SEEN: dict[str, str | None] = {"generation": None}  # the generation this process's caches hold
_CHOICE: dict[str, tuple[Path | None, str]] = {}  # pointer token -> (generation to show, why not the current)
_BROKEN: set[str] = set()  # generation folders a reader failed on


@dataclass(frozen=True)
class StoreState:
    """What :func:`open_store` found: the generation to show and what to tell the visitor."""

    folder: Path | None
    fallback: bool
    broken: bool = False

    def message(self, lang: str = "nl") -> str:
        """The plain notice for the visitor ("" when all is well)."""
        text = STORE_TEXT["en" if lang == "en" else "nl"]
        if self.folder is None:
            return text["broken" if self.broken else "empty"]
        if not self.fallback:
            return ""
        when = moment_words(_manifest(str(self.folder)).get("updated_at"), lang) or "?"
        return text["fallback"].format(when=when)


def store_folder() -> Path:
    """The store root the dashboard reads (``$HHU_DATA`` or ``data/``)."""
    return config.data_dir()


def _choose(root: Path) -> tuple[Path | None, str]:
    """The generation to show: the current one if it passes its seal, else the newest good one (cached per pointer)."""
    broken = sorted(Path(path).name for path in _BROKEN if Path(path).parent.parent == root)
    token = f"{root}|{store.pointer_token(root)}|{','.join(broken)}"
    with _LOCK:
        if token not in _CHOICE:
            folder, reason = store.last_good(root, exclude=broken)
            if folder is not None and not ((folder / INDICATORS_FILE).exists() and (folder / PROGRESS_FILE).exists()):
                folder, reason = None, f"{folder}: not built"
            _CHOICE.clear()
            _CHOICE[token] = (folder, reason)
        return _CHOICE[token]


def open_store() -> StoreState:
    """Start of every rerun: pick the generation to show; drop every cache when it changed.

    Returns:
        The generation (None when there is no usable one) and whether it is a fallback.
    """
    root = store_folder()
    folder, reason = _choose(root)
    key = str(folder) if folder is not None else ""
    with _LOCK:
        if _SEEN["generation"] is not None and _SEEN["generation"] != key:
            st.cache_resource.clear()  # every cached table and figure belongs to the old generation
            st.cache_data.clear()
            api.indicators_table.cache_clear()
            api.progress_table.cache_clear()
            api.regions.cache_clear()
        _SEEN["generation"] = key
    if _in_session():
        st.session_state[GENERATION_KEY] = key
    broken = folder is None and (bool(store.generation_names(root)) or (root / store.MANIFEST_NAME).exists())
    return StoreState(folder, folder is not None and bool(reason), broken)


def _in_session() -> bool:
    """Whether this runs inside a script run (a visitor's session), not in the warm-up or a test."""
    return get_script_run_ctx(suppress_warning=True) is not None


def mark_broken(folder: Path | None = None) -> None:
    """Remember that a reader failed on a generation (the default: this rerun's); the next rerun shows another."""
    folder = folder or generation()
    with _LOCK:
        _BROKEN.add(str(folder))


def generation() -> Path:
    """The generation folder this rerun reads (chosen by :func:`open_store`)."""
    key = st.session_state.get(GENERATION_KEY) if _in_session() else None
    if key:
        return Path(key)
    folder, _ = _choose(store_folder())
    return folder if folder is not None else store_folder()


def _key() -> str:
    return str(generation())


def store_ready(folder: Path | None = None) -> bool:
    """Tell whether the store has been built (``indicators.parquet`` and ``progress.parquet`` exist)."""
    folder = store.resolve(folder) if folder is not None else generation()
    return (folder / INDICATORS_FILE).exists() and (folder / PROGRESS_FILE).exists()


def geometry_ready(folder: Path | None = None) -> bool:
    """Tell whether the municipality boundaries are in the store (``hhu refresh`` puts them there)."""
    folder = store.resolve(folder) if folder is not None else generation()
    return (folder / GEO_FILE).exists()


def warm() -> None:
    """Pick the generation and load what every first page needs (``hhu dashboard`` does this at start-up)."""
    if open_store().folder is not None:
        preload()


def preload() -> None:
    """Load the tables every page needs into the caches (a damaged file raises one of :data:`STORE_ERRORS`)."""
    indicators()
    progress()
    region_codes()
    manifest()
    scoreboard(DEFAULT_REGION)
    if geometry_ready():
        geometry()


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
    return _indicators(_key())


def progress() -> pd.DataFrame:
    """The whole ``progress.parquet`` (read-only)."""
    return _progress(_key())


def regions() -> RegionModel:
    """The region model (codes, names, memberships)."""
    return _regions(_key())


def geometry() -> dict:
    """Municipality boundaries as GeoJSON (``properties.statcode``)."""
    return _geometry(_key())


def manifest() -> dict:
    """The store's manifest: what was retrieved, from where, when."""
    return _manifest(_key())


def wijk_values(indicator_id: str) -> pd.DataFrame:
    """District (wijk) values of RIVM table 50090NED behind a ``wijkkloof_*`` indicator, as published.

    Args:
        indicator_id: a district-gap indicator; its wijk slice names the table column.

    Returns:
        One row per district and period: ``municipality_code``, ``region_code`` (``WKxxxxxx``),
        ``region_name`` (the district code where the source has no name), ``period``, ``value``
        (missing stays missing), ``source_table``.
    """
    return _wijk_values(_key(), indicator_id)


@st.cache_resource(show_spinner=False)
def _by_indicator(folder: str) -> dict[str, pd.DataFrame]:
    table = _indicators(folder)
    return {str(key): part.sort_values("period_year") for key, part in table.groupby("indicator_id", sort=False)}


@st.cache_resource(show_spinner=False)
def _progress_by(folder: str, column: str) -> dict[str, pd.DataFrame]:
    table = _progress(folder)
    return {str(key): part for key, part in table.groupby(column, sort=False)}


@st.cache_resource(show_spinner=False, max_entries=8192)
def _progress_row(folder: str, indicator_id: str, region_code: str) -> pd.Series | None:
    rows = _progress_by(folder, "indicator_id").get(indicator_id)
    if rows is None:
        return None
    rows = rows.loc[rows["region_code"] == region_code]
    return rows.iloc[0] if not rows.empty else None


def progress_row(indicator_id: str, region_code: str) -> pd.Series | None:
    """The ``progress.parquet`` row of one indicator and region (read-only), or None; cached per generation."""
    return _progress_row(_key(), indicator_id, region_code)


@st.cache_resource(show_spinner=False)
def _decimals(folder: str) -> dict[str, int]:
    return published_decimals(_indicators(folder))


def decimals() -> dict[str, int]:
    """Indicator id -> the decimals its source publishes (:func:`indicators.export.published_decimals`)."""
    return _decimals(_key())


def region_codes() -> tuple[str, ...]:
    """Every region code the dashboard offers, featured regions first, then municipalities by name."""
    return _region_options(_key())[0]


def region_labels(lang: str = "nl") -> dict[str, str]:
    """Region code -> "Name (level)" for the region pickers."""
    return _region_options(_key())[1]["en" if lang == "en" else "nl"]


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
    return list(_periods(_key(), indicator_id, level))


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
    rows = _by_indicator(_key()).get(indicator_id, indicators().iloc[0:0])
    if regions_wanted is not None:
        rows = rows.loc[rows["region_code"].isin(regions_wanted)]
    if period is not None:
        rows = rows.loc[rows["period"] == period]
    return rows


def progress_rows(indicator_id: str | None = None, regions_wanted: list[str] | None = None) -> pd.DataFrame:
    """Rows of ``progress.parquet`` for an indicator and/or regions."""
    folder = _key()
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
    return _scoreboard(_key(), region_code)


def regions_with_rows(indicator_id: str, regions_wanted: list[str]) -> list[str]:
    """The regions (in the given order) that the indicator has rows for."""
    have = set(values(indicator_id, regions_wanted)["region_code"])
    return [code for code in regions_wanted if code in have]
