"""The small public API for the dashboard, the report and notebooks.

Everything here reads the built store (``hhu refresh``) and returns plain pandas frames or the
catalogue's declarations. Nothing here computes an indicator: that is done once, when a
generation of the store is built.

``data`` is the store root (default ``$HHU_DATA`` or ``data/``) or one generation folder; a root
is resolved to its current generation once per call (:func:`indicators.store.resolve`), so a
call never mixes two generations, and the cached tables are kept per generation: after a
refresh, the next call reads the new one.

Example::

    from indicators import api
    model = api.regions()
    frame = api.indicator_values("roken_pct", regions=["GM0344", "NL01"])
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators import config, store
from indicators.build import INDICATORS_FILE, PREVIOUS_SUFFIX, PROGRESS_FILE
from indicators.catalog import all_indicators, get_indicator
from indicators.catalog.model import Indicator
from indicators.geo import load_district_geometry, load_geometry
from indicators.missions import MISSIONS, MISSIONS_BY_ID, Mission
from indicators.pipeline import GEBIEDEN_TABLE, region_model_from_raw
from indicators.regions import RegionModel

__all__ = [
    "Indicator", "Mission", "MISSIONS", "catalogue", "get_indicator", "geometry", "indicator_values",
    "indicators_table", "manifest", "mission", "previous_indicators_table", "progress_for_region",
    "progress_table", "region_indicators", "wijk_values", "district_geometry", "regions", "region_model_from_store",
    "folder",
]


_T = TypeVar("_T")


def folder(data: Path | None = None) -> Path:
    """The generation folder a call reads: ``data`` (or the configured store root) resolved once."""
    return store.resolve(Path(data) if data is not None else config.data_dir())


def _per_generation(load: Callable[[Path], _T]) -> Callable[[Path | None], _T]:
    """Cache ``load`` per generation folder (the two most recent), resolving the store root on each call."""
    cached = lru_cache(maxsize=2)(load)

    def read(data: Path | None = None) -> _T:
        return cached(folder(data))

    read.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    read.__doc__ = load.__doc__
    read.__name__ = load.__name__
    return read


def region_model_from_store(data: Path | None = None) -> RegionModel:
    """Build the region model from the stored "Gebieden in Nederland" table."""
    return region_model_from_raw(store.read_raw(folder(data), GEBIEDEN_TABLE), GEBIEDEN_TABLE)


@_per_generation
def regions(data: Path) -> RegionModel:
    """Return the region model (cached per generation)."""
    return region_model_from_store(data)


def catalogue() -> pd.DataFrame:
    """Return the indicator catalogue as a frame: one row per indicator with its declaration."""
    rows = []
    for indicator in all_indicators():
        rows.append({
            "indicator_id": indicator.id, "title_nl": indicator.title_nl, "title_en": indicator.title_en,
            "mission": indicator.mission, "unit": indicator.unit, "direction": indicator.direction,
            "proxy": indicator.proxy, "source_tables": ", ".join(indicator.source_tables),
            "levels": ", ".join(indicator.levels), "definition_nl": indicator.definition_nl,
            "uncertainty": indicator.uncertainty, "min_change": indicator.min_change,
            "denominator": indicator.denominator, "denominator_nl": indicator.denominator_label("nl"),
        })
    return pd.DataFrame(rows)


def mission(mission_id: str) -> Mission:
    """Return one mission by id (``M1a``, ``M1b``, ``M2``, ``M3``, ``M4``)."""
    try:
        return MISSIONS_BY_ID[mission_id]
    except KeyError:
        raise KeyError(f"unknown mission {mission_id!r}; known: {', '.join(MISSIONS_BY_ID)}") from None


def _read_parquet(path: Path, **options: object) -> pd.DataFrame:
    if not path.exists():
        raise store.StoreError(f"{path} missing: run `hhu build`")
    try:
        return pq.read_table(path, **options).to_pandas()
    except (pa.ArrowException, OSError) as error:
        raise store.StoreError(f"{path}: damaged ({(str(error).splitlines() or [''])[0][:120]})") from None


@_per_generation
def indicators_table(data: Path) -> pd.DataFrame:
    """Return the whole tidy ``indicators.parquet`` (cached per generation; treat as read-only)."""
    return _read_parquet(data / INDICATORS_FILE)


@_per_generation
def progress_table(data: Path) -> pd.DataFrame:
    """Return the whole ``progress.parquet`` (cached per generation; treat as read-only)."""
    return _read_parquet(data / PROGRESS_FILE)


def previous_indicators_table(data: Path | None = None) -> pd.DataFrame | None:
    """Return the build before the last new data release (kept in the current generation), or None."""
    path = folder(data) / (Path(INDICATORS_FILE).stem + PREVIOUS_SUFFIX)
    return _read_parquet(path) if path.exists() else None


def indicator_values(
    indicator_id: str, regions: list[str] | None = None, period: str | None = None, data: Path | None = None
) -> pd.DataFrame:
    """Return the rows of one indicator, optionally for some region codes and one period."""
    get_indicator(indicator_id)
    frame = indicators_table(data)
    frame = frame.loc[frame["indicator_id"] == indicator_id]
    if regions is not None:
        frame = frame.loc[frame["region_code"].isin(regions)]
    if period is not None:
        frame = frame.loc[frame["period"] == period]
    return frame.reset_index(drop=True)


def region_indicators(region_code: str, data: Path | None = None) -> pd.DataFrame:
    """Return every indicator row of one region, read straight from Parquet with a filter.

    Faster than :func:`indicators_table` for a single region when the whole table is not
    needed (a notebook, the report).
    """
    return _read_parquet(folder(data) / INDICATORS_FILE, filters=[("region_code", "=", region_code)])


WIJK_COLUMNS = [
    "municipality_code", "region_code", "region_name", "period", "value", "source_table", "inhabitants", "income_low_pct",
    "income_rank", "districts_ranked", "rank_midpoint", "matched", "usable",
]


def wijk_values(indicator_id: str, data: Path | None = None) -> pd.DataFrame:
    """District (wijk) values behind a district indicator (``sii_*``, ``wijkkloof_*``), with names and income rank.

    The values are source values (RIVM table 50090NED, division 2020), not an indicator: the SII
    and the gap are in :func:`indicator_values`. ``municipality_code`` is today's municipality
    (former municipalities mapped through the boundary changes; districts of a split municipality
    are left out). Names, inhabitants and the income position come from CBS 85318NED (districts of
    2022, matched by code): ``region_name`` is the district's name, or its code when it has none or
    is not in 85318NED (``matched`` False: no name, no weight). See
    :func:`indicators.districts.district_table` for the ranks.

    Returns:
        Frame with :data:`WIJK_COLUMNS`, ordered by municipality, period and income rank.
    """
    from indicators.build import extract_slice  # noqa: PLC0415
    from indicators.catalog.sources import DISTRICT_TABLE, district_info_slices  # noqa: PLC0415
    from indicators.districts import district_table  # noqa: PLC0415
    from indicators.mergers import wijken_to_current_municipalities  # noqa: PLC0415

    generation = folder(data)
    indicator = get_indicator(indicator_id)
    pieces = [piece for piece in indicator.slices if piece.region_kinds == ("Wijk",)]
    if not pieces:
        raise KeyError(f"indicator {indicator_id!r} is not built from district values")
    piece = pieces[0]
    frame = wijken_to_current_municipalities(extract_slice(store.read_raw(generation, piece.table), piece), regions(generation))
    info_slices = district_info_slices()
    if DISTRICT_TABLE in store.stored_table_ids(generation):
        info = store.read_raw(generation, DISTRICT_TABLE)
        population, income = (extract_slice(info, info_piece) for info_piece in info_slices)
    else:  # no district table in the store: every district unmatched (no names, no ranks)
        population = income = pd.DataFrame({"region_code": pd.Series([], dtype=object),
                                            "region_label": pd.Series([], dtype=object), "value": []})
    table = district_table(frame, population, income)
    table["source_table"] = [f"{piece.table}, {DISTRICT_TABLE}" if matched else piece.table for matched in table["matched"]]
    return table[WIJK_COLUMNS].reset_index(drop=True)


def district_geometry(data: Path | None = None) -> dict:
    """Return the district boundaries of 2022 (GeoJSON, ``properties.statcode`` = ``WKxxxxxx``, ``statnaam``)."""
    return load_district_geometry(folder(data))


def progress_for_region(region_code: str, data: Path | None = None) -> pd.DataFrame:
    """Return the progress rows of one region (all indicators with a value there)."""
    frame = progress_table(data)
    return frame.loc[frame["region_code"] == region_code].reset_index(drop=True)


def manifest(data: Path | None = None) -> dict:
    """Return the store's manifest (what was read, from where, when)."""
    return store.read_manifest(folder(data))


def geometry(data: Path | None = None) -> dict:
    """Return municipality boundaries (GeoJSON, ``properties.statcode`` = ``GMxxxx``)."""
    return load_geometry(folder(data))
