"""``hhu refresh``: bring every source table into the store, from a mirror folder or live, and build.

Order of work, under the store's writer lock (:func:`indicators.store.writer`):

1. The newest "Gebieden in Nederland" table is read first: it defines the current municipalities
   that every other table's region labels are resolved against.
2. Every table is read and checked before anything is written: mirror files against the mirror's
   ``MANIFEST.tsv`` (sha256, rows), the columns the catalogue reads, finite numbers, the range of
   every column an indicator reads (a percentage between 0 and 100 ...), duplicate keys.
   Unchanged tables (same mirror sha256, or the same CBS modification date live, and an intact
   stored copy) are not read again.
3. The municipality boundaries are read and checked (mirror file or PDOK).
4. A new generation is written: the new tables, the unchanged ones as hard links to the current
   generation's files, the manifest, the boundaries; then it is built (:mod:`indicators.pipeline`)
   and checked completely, and only then does it become current, in one step.

Any failure on the way leaves the current generation as it was, byte for byte, and ends with one
line naming the table, file or URL.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from indicators import pipeline, store
from indicators.geo import DISTRICT_GEO_FILE, GEO_FILE, read_boundaries, read_district_boundaries
from indicators.messages import say
from indicators.pipeline import GEBIEDEN_TABLE, region_model_from_raw
from indicators.regions import RegionModel
from indicators.sources.base import RawTable, SourceError
from indicators.sources.mirror import file_sha256, key_columns, mirror_files, read_mirror_table
from indicators.sources.tables import SOURCE_TABLES, TableSpec, get_spec

if TYPE_CHECKING:  # the live client imports cbsodata/requests only when a refresh goes live
    from indicators.sources.live import CbsLive

__all__ = ["GEBIEDEN_TABLE", "RefreshResults", "TableResult", "check_values", "refresh", "region_model_from_raw",
           "required_columns", "validate_raw"]

BOUNDARY_YEAR = 2025
# The largest magnitude any StatLine topic can plausibly have (population counts are ~1e7).
MAX_MAGNITUDE = 1e12
# Units whose raw inputs are in another unit: a gap in percentage points is made of percentages.
INPUT_UNITS = {"pct_points": "pct", "years_gap": "years"}
# Formulas whose inputs are in the indicator's (input) unit; other formulas combine counts.
SAME_UNIT_FORMULAS = frozenset({"measure", "complement", "difference", "wijk_quintile_gap"})
# Slices that weight rather than feed the formula, and the district facts of the SII, have their own units.
ROLE_LIMITS: dict[str, tuple[float, float, str]] = {
    "count": (0.0, math.inf, "count"), "base_count": (0.0, math.inf, "count"), "population": (0.0, math.inf, "count"),
    "income_low": (0.0, 100.0, "pct"),
}
# Columns of a "Gebieden in Nederland" table that must be filled in every row.
GEBIEDEN_REQUIRED = ("Code_1", "Naam_2", "Code_16", "Code_28", "Inwonertal_56")


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
        """One line for the terminal (Dutch, or English under ``hhu --lang en``)."""
        state = {"new": say("nieuw", "new"), "updated": say("bijgewerkt", "updated"),
                 "unchanged": say("ongewijzigd", "unchanged")}.get(self.state, self.state)
        source = {"mirror": say("offline kopie", "offline copy"), "live": say("live bij CBS", "live from CBS")}.get(
            self.source, self.source)
        periods = f"{self.periods:>3}" if self.periods else "  –"
        regions = f"{self.regions:>5}" if self.regions else "    –"
        # "1 periode", not "1 perioden"; the words keep their width so the columns stay aligned
        period_nl, period_en = ("periode ", "period ") if self.periods == 1 else ("perioden", "periods")
        region_nl, region_en = ("regio  ", "region ") if self.regions == 1 else ("regio's", "regions")
        return say(f"{self.table_id:<11} {state:<11} {self.rows:>7} rijen  {periods} {period_nl}  {regions} {region_nl}  "
                   f"bron: {source}",
                   f"{self.table_id:<11} {state:<11} {self.rows:>7} rows  {periods} {period_en}  {regions} {region_en}  "
                   f"source: {source}")


class RefreshResults(list):
    """The :class:`TableResult` of every table, in order, plus what became of the store.

    Attributes:
        generation: the generation that is current after the refresh.
        switched: whether the refresh made a new generation current (False: nothing had changed).
        build: the summary of the build of the new generation (None when nothing was built).
    """

    def __init__(self, results: list[TableResult], generation: str = "", switched: bool = False,
                 build: pipeline.BuildSummary | None = None) -> None:
        super().__init__(results)
        self.generation = generation
        self.switched = switched
        self.build = build


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

    def check_file(path: Path, frame: pd.DataFrame) -> None:
        check_values(frame, spec.table_id, str(path), mirror_file=True)

    return read_mirror_table(spec, mirror, resolve, name_codes, check_file)


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


def column_limits(table_id: str) -> dict[str, tuple[float, float, str]]:
    """The valid range of every column the catalogue reads from a table: column -> (min, max, unit).

    A column read by an indicator of unit ``pct`` holds percentages (0-100); the inputs of a gap
    (``pct_points``, ``years_gap``) are in the plain unit; inputs of other formulas are counts (>= 0).
    """
    from indicators.catalog import all_indicators  # noqa: PLC0415
    from indicators.catalog.model import UNITS  # noqa: PLC0415

    limits: dict[str, tuple[float, float, str]] = {}
    for indicator in all_indicators():
        unit = INPUT_UNITS.get(indicator.unit, indicator.unit)
        formula = getattr(indicator.formula, "__name__", "")
        if formula in SAME_UNIT_FORMULAS and unit in UNITS:
            low, high = float(UNITS[unit]["min"]), float(UNITS[unit]["max"])
        else:
            low, high, unit = 0.0, math.inf, "count"
        for piece in indicator.slices:
            if piece.table.upper() != table_id.upper():
                continue
            piece_limits = ROLE_LIMITS.get(piece.role, (low, high, unit))
            if piece.role == "base_rate" and unit in UNITS:  # the rate of the weights: the indicator's own unit
                piece_limits = (float(UNITS[unit]["min"]), float(UNITS[unit]["max"]), unit)
            old = limits.get(piece.column)
            limits[piece.column] = piece_limits if old is None else (
                max(old[0], piece_limits[0]), min(old[1], piece_limits[1]), piece_limits[2])
    return limits


def _row(where: str, index: int, mirror_file: bool) -> str:
    return say(f"regel {index + 2}", f"line {index + 2}") if mirror_file else say(f"rij {index + 1}", f"row {index + 1}")


def check_values(frame: pd.DataFrame, table_id: str, where: str, mirror_file: bool = False) -> None:
    """Check a raw table's values before it may replace anything; raise one line naming ``where`` and the row.

    Checks: every number is finite and of a plausible magnitude; every column an indicator reads
    lies in its unit's range (:func:`column_limits`); no two rows share a key; the region division
    has a code, name, GGD region, province and population in every row.

    Args:
        frame: the tidy raw table (or the part read from one file).
        table_id: the table's id.
        where: the file or URL, for the message.
        mirror_file: True when ``frame`` is one mirror file (rows are then named as file lines).
    """
    limits = column_limits(table_id)
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_float_dtype(values) and not pd.api.types.is_integer_dtype(values):
            continue
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        low, high, unit = limits.get(column, (-MAX_MAGNITUDE, MAX_MAGNITUDE, ""))
        bad = np.isinf(numbers) | (numbers < low) | (numbers > high) | (np.abs(numbers) > MAX_MAGNITUDE)
        if bad.any():
            first = int(bad.argmax())
            value = float(numbers[first])
            if not np.isfinite(value):
                why = say("is geen eindig getal", "is not a finite number")
            elif unit and low <= value <= high:  # within the unit's range, but beyond any plausible magnitude
                why = say("is geen aannemelijke waarde", "is not a plausible value")
            elif unit:
                why = (say(f"ligt buiten {low:g}-{high:g} ({unit})", f"is outside {low:g}-{high:g} ({unit})")
                       if np.isfinite(high) else say(f"ligt onder {low:g} ({unit})", f"is below {low:g} ({unit})"))
            else:
                why = say("is geen aannemelijke waarde", "is not a plausible value")
            row = _row(where, first, mirror_file)
            raise SourceError(say(f"{where}: kolom {column}: waarde {value!r} op {row} {why} ({int(bad.sum())} zulke "
                                  "waarde(n))",
                                  f"{where}: column {column}: value {value!r} on {row} {why} ({int(bad.sum())} such "
                                  "value(s))"))
    keys = key_columns(frame)
    if keys:
        repeated = frame.duplicated(keys).to_numpy()
        if repeated.any():
            second = int(repeated.argmax())
            key = ", ".join(f"{column.rsplit('_', 1)[0]}={frame[column].iloc[second]}" for column in keys)
            raise SourceError(say(f"{where}: dubbele sleutel ({key}) op {_row(where, second, mirror_file)}",
                                  f"{where}: duplicate key ({key}) on {_row(where, second, mirror_file)}"))
    if table_id.upper().startswith(("86059", "85755", "85385")):
        for column in GEBIEDEN_REQUIRED:
            if column in frame.columns and frame[column].isna().any():
                first = int(frame[column].isna().to_numpy().argmax())
                raise SourceError(say(f"{where}: kolom {column} is leeg op {_row(where, first, mirror_file)}",
                                      f"{where}: column {column} is empty on {_row(where, first, mirror_file)}"))


def validate_raw(raw: RawTable) -> None:
    """Stop with one line when a raw table lacks a column the project reads from it."""
    columns = set(raw.frame.columns)
    # a dimension may come with only codes or only labels; either satisfies "<dim>_label"
    present = columns | {column.replace("_code", "_label") for column in columns if column.endswith("_code")}
    missing = sorted(required_columns(raw.provenance.table_id) - present)
    if missing:
        where = raw.provenance.location.split(";")[0]
        names = ", ".join(column.removesuffix("_label") for column in missing)
        raise SourceError(say(f"{where}: kolom(men) {names} ontbreken; de indicatoren hebben ze nodig",
                              f"{where}: missing column(s) {names} needed by the indicator catalogue"))


def _check(raw: RawTable) -> RawTable:
    """All checks of a freshly read table (columns, values)."""
    validate_raw(raw)
    locations = raw.provenance.location.split(";")
    if raw.provenance.source != "mirror" or len(locations) > 1:  # mirror files were checked one by one
        check_values(raw.frame, raw.provenance.table_id, locations[0] if len(locations) == 1 else raw.provenance.table_id)
    return raw


def _intact(base: Path, entry: dict) -> bool:
    """Whether the stored copy of a table is whole (its sha256 as the manifest lists it)."""
    path = base / entry.get("file", "")
    try:
        return path.is_file() and store.file_sha256(path) == entry.get("parquet_sha256")
    except OSError:
        return False


def _unchanged(spec: TableSpec, mirror: Path | None, manifest: dict, base: Path | None, live: CbsLive | None) -> bool:
    entry = manifest["tables"].get(spec.table_id)
    if not entry or base is None or not _intact(base, entry):
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


def _is_built(folder: Path | None) -> bool:
    return folder is not None and all((folder / name).is_file() for name in (pipeline.INDICATORS_FILE,
                                                                             pipeline.PROGRESS_FILE))


def refresh(
    data: Path,
    mirror: Path | None,
    table_ids: list[str] | None = None,
    *,
    progress: Callable[[int, int, str], None] | None = _bar,
    force: bool = False,
    live: CbsLive | None = None,
    baseline_year: float | None = None,
    wait: float | None = None,
    notify: Callable[[str], None] | None = None,
) -> RefreshResults:
    """Refresh the store from ``mirror`` (or live when ``mirror`` is None), build, and switch.

    Args:
        data: the store root.
        mirror: a mirror folder, or None to read live from CBS.
        table_ids: only these tables (default: every table in :data:`SOURCE_TABLES`); the others
            are carried over unchanged.
        progress: called with (done, total, table id); None for silence.
        force: re-read tables even when unchanged.
        live: the live source and its settings (default :class:`indicators.sources.live.CbsLive`;
            tests pass one pointed at a local server).
        baseline_year: calendar year of the baseline for the build (default: each mission's own).
        wait: seconds to wait for another writer (default ``$HHU_LOCK_WAIT`` or 60).
        notify: called with a one-line message when waiting for another writer.

    Returns:
        One :class:`TableResult` per table, in order, as :class:`RefreshResults`.

    Raises:
        SourceError, RegionError, GeoError, BuildError, StoreError: one line naming the table,
            file or URL and the problem; the store is then unchanged.
    """
    specs = [get_spec(table_id) for table_id in table_ids] if table_ids else list(SOURCE_TABLES)
    source_name = "mirror" if mirror is not None else "live"
    with store.writer(Path(data), "refresh", wait, notify) as writer:
        base = writer.base
        manifest = store.read_manifest(base) if base is not None else {"tables": {}, "updated_at": None}
        gebieden_spec = get_spec(GEBIEDEN_TABLE)
        partial_live = mirror is None and GEBIEDEN_TABLE not in {spec.table_id for spec in specs}
        if partial_live and base is not None and GEBIEDEN_TABLE in manifest["tables"]:
            # a live refresh of some tables: the stored region division is enough to resolve their regions
            gebieden = RawTable(store.read_raw(base, GEBIEDEN_TABLE), store.read_provenance(base, GEBIEDEN_TABLE))
        else:
            gebieden = _check(_read(gebieden_spec, mirror, None, live))
        model = region_model_from_raw(gebieden.frame, where=gebieden.provenance.location.split(";")[0])
        store.checkpoint("gebieden-read")

        changed: list[RawTable] = []
        results: list[TableResult] = []
        try:
            for number, spec in enumerate(specs, start=1):
                if progress:
                    progress(number - 1, len(specs), spec.table_id)
                if mirror is None and not spec.live_available:
                    print(f"\n{spec.table_id}: alleen als bestand in een spiegelmap beschikbaar; live overgeslagen",
                          file=sys.stderr)
                    continue
                if not force and _unchanged(spec, mirror, manifest, base, live):
                    entry = manifest["tables"][spec.table_id]
                    frame = store.read_raw(base, spec.table_id)
                    results.append(TableResult(spec.table_id, "unchanged", entry["rows"], *_counts(frame), source_name))
                    continue
                raw = gebieden if spec.table_id == GEBIEDEN_TABLE else _check(_read(spec, mirror, model, live))
                if raw.frame.empty:
                    raise SourceError(say(f"{spec.table_id}: geen rijen gelezen", f"{spec.table_id}: no rows read"))
                changed.append(raw)
                state = "updated" if spec.table_id in manifest["tables"] else "new"
                results.append(TableResult(spec.table_id, state, len(raw.frame), *_counts(raw.frame), source_name))
            if GEBIEDEN_TABLE not in manifest["tables"] and all(raw is not gebieden for raw in changed):
                changed.insert(0, gebieden)  # the store needs its region division, even when not asked for
                results.insert(0, TableResult(GEBIEDEN_TABLE, "new", len(gebieden.frame), *_counts(gebieden.frame),
                                              source_name))
            if progress:
                progress(len(specs), len(specs), "klaar")
        finally:
            if progress:
                sys.stderr.write("\n")
        store.checkpoint("tables-read")

        has_geo = base is not None and (base / GEO_FILE).is_file()
        has_districts = base is not None and (base / DISTRICT_GEO_FILE).is_file()
        districts_due = not has_districts and (mirror is None or (mirror / "wijken").is_dir())
        if not changed and has_geo and not districts_due and _is_built(base) and base != writer.root:
            return RefreshResults(results, generation=base.name, switched=False)  # (an earlier layout is adopted)
        boundaries = districts = None
        if changed or not has_geo:  # boundaries follow the region division; read before anything is written
            settings = {} if mirror is not None else {"url": _live(live).boundaries_url, **_live(live).http_settings()}
            boundaries, _ = read_boundaries(set(model.municipalities["code"]), mirror, BOUNDARY_YEAR, **settings)
        if changed or districts_due:  # district shapes beside them (issue 9); None when a mirror has none
            settings = {} if mirror is not None else _live(live).http_settings()
            districts, _ = read_district_boundaries(mirror, **settings)
        store.checkpoint("boundaries-read")

        stage = writer.begin()
        new_ids = {raw.provenance.table_id for raw in changed}
        for table_id, entry in manifest["tables"].items():
            if table_id not in new_ids and not writer.carry(entry.get("file", f"raw/{table_id}.parquet")):
                raise store.StoreError(say(f"{base / entry.get('file', table_id)}: ontbreekt (staat wel in het manifest)",
                                           f"{base / entry.get('file', table_id)}: missing (listed in the manifest)"))
        store.checkpoint("carried")
        store.replace_tables(stage, changed, manifest)
        if boundaries is not None:
            store.write_text_atomic(stage / GEO_FILE, json.dumps(boundaries, ensure_ascii=False, separators=(",", ":")))
        else:
            writer.carry(GEO_FILE.as_posix())
        if districts is not None:
            store.write_text_atomic(stage / DISTRICT_GEO_FILE, json.dumps(districts, ensure_ascii=False,
                                                                           separators=(",", ":")))
        elif has_districts:
            writer.carry(DISTRICT_GEO_FILE.as_posix())
        store.checkpoint("geo-written")
        _, _, summary = pipeline.build_into(stage, base, baseline_year)
        pipeline.validate_generation(stage)
        store.checkpoint("validated")
        folder = writer.commit()
    return RefreshResults(results, generation=folder.name, switched=True, build=summary)
