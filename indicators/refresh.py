"""``hhu refresh``: bring every source table into the store, from a mirror folder or live.

Order of work: the newest "Gebieden in Nederland" table is read first, because it defines the
current municipalities that every other table's region labels are resolved against. All tables
are read and checked before any stored file is replaced (:func:`indicators.store.replace_tables`),
so a failing table leaves the previous store byte-identical.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from indicators import store
from indicators.geo import DISTRICT_GEO_FILE, GEO_FILE, store_district_geometry, store_geometry
from indicators.regions import RegionModel, municipalities_from_gebieden, read_aliases, read_boundary_changes
from indicators.sources.base import RawTable, SourceError
from indicators.sources.mirror import file_sha256, mirror_files, read_mirror_table
from indicators.sources.tables import SOURCE_TABLES, TableSpec, get_spec

if TYPE_CHECKING:  # the live client imports cbsodata/requests only when a refresh goes live
    from indicators.sources.live import CbsLive

GEBIEDEN_TABLE = "86059NED"
U16_CHECK_TABLE = "86059NED"


@dataclass(frozen=True)
class TableResult:
    """What refresh did with one table."""

    table_id: str
    state: str  # "updated", "new" or "unchanged"
    rows: int
    periods: int
    regions: int
    source: str

    def summary(self) -> str:
        """One line for the terminal."""
        return (
            f"{self.table_id:<9} {self.state:<9} {self.rows:>7} rijen  {self.periods:>3} perioden  "
            f"{self.regions:>5} regio's  bron: {self.source}"
        )


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


def _live(live: CbsLive | None) -> CbsLive:
    if live is not None:
        return live
    from indicators.sources.live import CbsLive  # noqa: PLC0415 - only needed online

    return CbsLive()


def _read(spec: TableSpec, mirror: Path | None, model: RegionModel | None, live: CbsLive | None = None) -> RawTable:
    if mirror is None:
        return _live(live).fetch(spec)
    resolve = None
    name_codes = None
    if model is not None:
        def resolve(labels: pd.Series, where: str) -> pd.Series:
            return model.resolve_labels(labels, where)["code"]

        names = dict(zip(model.regions["region_code"], model.regions["name"], strict=True))

        def name_codes(codes: pd.Series) -> pd.Series:
            return codes.map(names).astype("string")

    return read_mirror_table(spec, mirror, resolve, name_codes)


def required_columns(table_id: str) -> set[str]:
    """Columns the catalogue and the region model read from a raw table (checked before storing)."""
    from indicators.catalog import all_indicators  # noqa: PLC0415
    from indicators.regions import GEBIEDEN_COLUMNS  # noqa: PLC0415

    needed: set[str] = set()
    for indicator in all_indicators():
        for piece in indicator.slices:
            if piece.table.upper() != table_id.upper():
                continue
            needed.add(piece.column)
            needed.update(f"{dimension}_label" for dimension in piece.filters)
            if piece.region_dimension:
                needed.add(f"{piece.region_dimension}_code")
    if table_id.upper() == GEBIEDEN_TABLE:
        needed.update(GEBIEDEN_COLUMNS.values())
    return needed


def validate_raw(raw: RawTable) -> None:
    """Stop with one line when a raw table lacks a column the project reads from it."""
    columns = set(raw.frame.columns)
    # a dimension may come with only codes or only labels; either satisfies "<dim>_label"
    present = columns | {column.replace("_code", "_label") for column in columns if column.endswith("_code")}
    missing = sorted(required_columns(raw.provenance.table_id) - present)
    if missing:
        where = raw.provenance.location.split(";")[0]
        names = ", ".join(column.removesuffix("_label") for column in missing)
        raise SourceError(f"{where}: missing column(s) {names} needed by the indicator catalogue")


def _unchanged(spec: TableSpec, mirror: Path | None, manifest: dict, data: Path, live: CbsLive | None) -> bool:
    entry = manifest["tables"].get(spec.table_id)
    if not entry or not store.raw_path(data, spec.table_id).exists():
        return False
    if mirror is not None:
        return entry.get("source") == "mirror" and entry.get("sha256") == file_sha256(mirror_files(spec, mirror))
    return entry.get("source") == "live" and bool(entry.get("modified")) and entry["modified"] == _live(live).modified(spec)


def _counts(frame: pd.DataFrame) -> tuple[int, int]:
    periods = frame["Perioden_label"].nunique() if "Perioden_label" in frame.columns else 0
    region_column = next((c for c in ("RegioS_label", "WijkenEnBuurten_code") if c in frame.columns), None)
    regions = frame[region_column].nunique() if region_column else 0
    return int(periods), int(regions)


def _bar(done: int, total: int, label: str) -> None:
    width = 24
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<40}")
    sys.stderr.flush()


def refresh(
    data: Path,
    mirror: Path | None,
    table_ids: list[str] | None = None,
    *,
    progress: Callable[[int, int, str], None] | None = _bar,
    force: bool = False,
    live: CbsLive | None = None,
) -> list[TableResult]:
    """Refresh the store from ``mirror`` (or live when ``mirror`` is None).

    Args:
        data: the store folder.
        mirror: a mirror folder, or None to read live from CBS.
        table_ids: only these tables (default: every table in :data:`SOURCE_TABLES`).
        progress: called with (done, total, table id); None for silence.
        force: re-read tables even when unchanged.
        live: the live source and its settings (default :class:`indicators.sources.live.CbsLive`;
            tests pass one pointed at a local server).

    Returns:
        One :class:`TableResult` per table, in order.

    Raises:
        SourceError, RegionError: one line naming the table/file and the problem; the store is
            then unchanged.
    """
    specs = [get_spec(table_id) for table_id in table_ids] if table_ids else list(SOURCE_TABLES)
    manifest = store.read_manifest(data)
    source_name = "mirror" if mirror is not None else "live"
    gebieden_spec = get_spec(GEBIEDEN_TABLE)

    if mirror is None and GEBIEDEN_TABLE not in {spec.table_id for spec in specs} and GEBIEDEN_TABLE in manifest["tables"]:
        # a live refresh of some tables: the stored region division is enough to resolve their regions
        gebieden = RawTable(store.read_raw(data, GEBIEDEN_TABLE), store.read_provenance(data, GEBIEDEN_TABLE))
    else:
        gebieden = _read(gebieden_spec, mirror, None, live)
    validate_raw(gebieden)
    model = region_model_from_raw(gebieden.frame, where=gebieden.provenance.location.split(";")[0])

    changed: list[RawTable] = []
    results: list[TableResult] = []
    try:
        for number, spec in enumerate(specs, start=1):
            if progress:
                progress(number - 1, len(specs), spec.table_id)
            if mirror is None and not spec.live_available:
                print(f"\n{spec.table_id}: alleen als bestand in een spiegelmap beschikbaar; live overgeslagen", file=sys.stderr)
                continue
            if not force and _unchanged(spec, mirror, manifest, data, live):
                entry = manifest["tables"][spec.table_id]
                frame = store.read_raw(data, spec.table_id)
                results.append(TableResult(spec.table_id, "unchanged", entry["rows"], *_counts(frame), source_name))
                continue
            raw = gebieden if spec.table_id == GEBIEDEN_TABLE else _read(spec, mirror, model, live)
            if raw.frame.empty:
                raise SourceError(f"{spec.table_id}: no rows read")
            validate_raw(raw)
            changed.append(raw)
            state = "updated" if spec.table_id in manifest["tables"] else "new"
            results.append(TableResult(spec.table_id, state, len(raw.frame), *_counts(raw.frame), source_name))
        if progress:
            progress(len(specs), len(specs), "klaar")
    finally:
        if progress:
            sys.stderr.write("\n")
    if changed:
        store.replace_tables(data, changed)
    if changed or not (data / GEO_FILE).exists():  # boundaries follow the region division
        store_geometry(data, set(model.municipalities["code"]), mirror, year=2025)
    if changed or not (data / DISTRICT_GEO_FILE).exists():  # district shapes beside them (issue 9)
        store_district_geometry(data, mirror)
    return results
