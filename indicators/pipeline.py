"""The I/O edge of the build: from a store folder's raw tables to ``indicators.parquet`` and ``progress.parquet``.

:mod:`indicators.build` is pure (frames in, frames out); this module reads the raw tables, runs
it, and writes the results into a generation being made (:class:`indicators.store.Writer`), then
checks the whole generation before the store switches to it.

* :func:`build` is ``hhu build``: a new generation from the current raw files plus a new build.
* :func:`build_into` writes the build into a stage; ``hhu refresh`` calls it too, so a refresh
  whose data do not build never becomes current.
* :func:`validate_generation` checks a stage completely: every table against the manifest,
  the boundaries, and the built tables against the sources they were built from.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators import store
from indicators.build import INDICATORS_FILE, PREVIOUS_SUFFIX, PROGRESS_FILE, build_all, load_tables, needed_tables
from indicators.catalog import all_indicators
from indicators.geo import DISTRICT_GEO_FILE, GEO_FILE, GeoError, check_geojson
from indicators.messages import say
from indicators.regions import RegionModel, municipalities_from_gebieden, read_aliases, read_boundary_changes

GEBIEDEN_TABLE = "86059NED"
BUILD_METADATA_KEY = b"hhu.build"


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced (for the terminal)."""

    indicators: int
    values: int
    with_number: int
    progress_rows: int
    seconds: float
    generation: str = ""

    def summary(self) -> str:
        """One line for the terminal (Dutch, or English under ``hhu --lang en``)."""
        return say(f"{self.indicators} indicatoren, {self.values} waarden ({self.with_number} met een getal), "
                   f"{self.progress_rows} voortgangsregels; {self.seconds:.1f} s",
                   f"{self.indicators} indicators, {self.values} values ({self.with_number} with a number), "
                   f"{self.progress_rows} progress rows; {self.seconds:.1f} s")


def region_model_from_raw(gebieden: pd.DataFrame, table_id: str = GEBIEDEN_TABLE, where: str = "") -> RegionModel:
    """Build the region model from a raw "Gebieden in Nederland" frame and the reference files.

    ``where`` (the file or URL read) is named in errors about its rows; default: the table id.
    """
    municipalities = municipalities_from_gebieden(gebieden, where or table_id)
    model = RegionModel(municipalities, read_boundary_changes(), read_aliases(), source_table=table_id)
    for group in model.groups:
        if group.check_against:
            model.check_group_against_data(group, municipalities)
    return model


def region_model_from_store(data: Path) -> RegionModel:
    """Build the region model from a store folder's "Gebieden in Nederland" table (a root is resolved)."""
    return region_model_from_raw(store.read_raw(data, GEBIEDEN_TABLE), GEBIEDEN_TABLE)


def built_sources(path: Path) -> dict | None:
    """The source hashes a stored build was made from (None when unknown)."""
    if not path.is_file():
        return None
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (pa.ArrowException, OSError):
        return None
    raw = metadata.get(BUILD_METADATA_KEY)
    return json.loads(raw).get("sources") if raw else None


def _carry_previous(stage: Path, base: Path | None, sources: dict) -> None:
    """Keep the build before the last data release beside the new one (hard links, for "what changed")."""
    if base is None:
        return
    new_release = built_sources(base / INDICATORS_FILE) not in (None, sources)
    for name in (INDICATORS_FILE, PROGRESS_FILE):
        previous_name = Path(name).stem + PREVIOUS_SUFFIX
        source = base / name if new_release else base / previous_name
        if source.is_file():
            store.link_or_copy(source, stage / previous_name)


def build_into(stage: Path, base: Path | None = None, baseline_year: float | None = None) -> tuple[
        pd.DataFrame, pd.DataFrame, BuildSummary]:
    """Build from the raw tables in ``stage`` and write ``indicators.parquet`` and ``progress.parquet`` there.

    Indicators whose source table is not in the stage (e.g. a mirror-only file after a live
    refresh) are left out with a warning naming them. When the source tables differ from those of
    ``base``'s build, ``base``'s build is kept beside the new one as ``*.previous.parquet``.

    Args:
        stage: the folder of the generation being made (raw tables and manifest already there).
        base: the generation it replaces (for ``*.previous.parquet``), or None.
        baseline_year: calendar year of the baseline; default: each mission's own (2019).
    """
    from indicators.progress.table import progress_table  # noqa: PLC0415

    started = time.perf_counter()
    stored = set(store.stored_table_ids(stage))
    indicators = tuple(indicator for indicator in all_indicators() if set(indicator.source_tables) <= stored)
    for indicator in (indicator for indicator in all_indicators() if indicator not in indicators):
        missing = ", ".join(sorted(set(indicator.source_tables) - stored))
        warnings.warn(say(f"indicator {indicator.id} weggelaten: tabel {missing} staat niet in de opslag",
                          f"indicator {indicator.id} left out: table {missing} not in the store"), stacklevel=2)
    tables = load_tables(stage, needed_tables(indicators) & stored)
    model = region_model_from_store(stage)
    built = build_all(tables, model, indicators)
    store.checkpoint("built")
    progress = progress_table(built, model, indicators, baseline_year)
    manifest = store.read_manifest(stage)
    sources = {table: manifest["tables"].get(table, {}).get("sha256", "") for table in sorted(tables)}
    metadata = {BUILD_METADATA_KEY.decode(): json.dumps({
        "sources": sources, "built_at": pd.Timestamp.now("UTC").isoformat(),
        "baseline_year": baseline_year or "mission default (2019)"})}
    _carry_previous(stage, base, sources)
    store.checkpoint("previous-kept")
    store.write_parquet_atomic(stage / INDICATORS_FILE, built, metadata)
    store.checkpoint("indicators-written")
    store.write_parquet_atomic(stage / PROGRESS_FILE, progress, metadata)
    store.checkpoint("progress-written")
    summary = BuildSummary(int(built["indicator_id"].nunique()), len(built), int(built["value"].notna().sum()),
                           len(progress), time.perf_counter() - started)
    return built, progress, summary


def validate_generation(stage: Path) -> None:
    """Check a generation completely before it becomes current.

    Every table of the manifest is there with its sha256 and row count; the boundaries read and
    cover every current municipality; ``indicators.parquet`` and ``progress.parquet`` read, have
    rows, and were built from exactly the tables in the manifest.

    Raises:
        indicators.store.StoreError: naming the file and what is wrong.
    """
    store.check_tables(stage)
    manifest = store.read_manifest(stage)
    if GEBIEDEN_TABLE not in manifest["tables"]:
        raise store.StoreError(say(f"{stage / store.MANIFEST_NAME}: de gebiedsindeling {GEBIEDEN_TABLE} ontbreekt",
                                   f"{stage / store.MANIFEST_NAME}: the region division {GEBIEDEN_TABLE} is missing"))
    model = region_model_from_store(stage)
    geo = stage / GEO_FILE
    if not geo.is_file():
        raise store.StoreError(say(f"{geo}: ontbreekt", f"{geo}: missing"))
    try:
        check_geojson(json.loads(geo.read_text(encoding="utf-8")), set(model.municipalities["code"]), str(geo))
    except (ValueError, GeoError) as error:
        raise store.StoreError(f"{geo}: {error}") from None
    for name in (INDICATORS_FILE, PROGRESS_FILE):
        path = stage / name
        if not path.is_file():
            raise store.StoreError(say(f"{path}: ontbreekt", f"{path}: missing"))
        try:
            rows = pq.read_table(path).num_rows
        except (pa.ArrowException, OSError) as error:
            raise store.StoreError(say(f"{path}: leest niet terug ({error})", f"{path}: does not read back ({error})")) from None
        if rows == 0:
            raise store.StoreError(say(f"{path}: geen rijen", f"{path}: no rows"))
        sources = built_sources(path) or {}
        differ = sorted(table for table, digest in sources.items()
                        if manifest["tables"].get(table, {}).get("sha256", "") != digest)
        if differ:
            raise store.StoreError(say(f"{path}: berekend uit andere versies van {', '.join(differ)} dan het manifest noemt",
                                       f"{path}: built from other versions of {', '.join(differ)} than the manifest lists"))


def build(data: Path, baseline_year: float | None = None, *, wait: float | None = None,
          notify: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """``hhu build``: a new generation with the current raw files and a new build, then switch to it.

    Args:
        data: the store root.
        baseline_year: calendar year of the baseline; default: each mission's own (2019).
        wait: seconds to wait for another writer (default ``$HHU_LOCK_WAIT`` or 60).
        notify: called with a one-line message when waiting for another writer.

    Returns:
        The built indicators, the progress table and the seconds the build took.

    Raises:
        indicators.store.StoreError: no data in the store, or the new generation does not check out
            (the store then stays as it was).
        indicators.build.BuildError: the catalogue does not fit the stored tables.
    """
    with store.writer(Path(data), "build", wait, notify) as writer:
        if writer.base is None:
            raise store.StoreError(say(f"geen gegevens in de opslag {data}: draai `hhu refresh`",
                                       f"no data in the store at {data}: run `hhu refresh`"))
        stage = writer.begin()
        for table_id, entry in store.read_manifest(writer.base)["tables"].items():
            if not writer.carry(entry.get("file", f"raw/{table_id}.parquet")):
                raise store.StoreError(say(f"{writer.base / entry.get('file', table_id)}: ontbreekt (staat wel in het manifest)",
                                           f"{writer.base / entry.get('file', table_id)}: missing (listed in the manifest)"))
        for relative in (store.MANIFEST_NAME, GEO_FILE.as_posix(), DISTRICT_GEO_FILE.as_posix()):
            writer.carry(relative)  # the boundaries come with the raw tables (the district ones may be absent)
        store.checkpoint("carried")
        built, progress, summary = build_into(stage, writer.base, baseline_year)
        validate_generation(stage)
        store.checkpoint("validated")
        writer.commit()
    return built, progress, summary.seconds
