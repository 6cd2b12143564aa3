"""Read a StatLine mirror folder (laid out like ``../shared/cbs``) into tidy raw tables.

A mirror folder holds ``tables/<file>.csv`` (``;``-separated, UTF-8 without BOM, first row the
OData property names), an optional ``MANIFEST.tsv`` (row counts, sha256, flavour, completeness,
title) and ``geo/*.geojson``. Files come in two flavours: ``labels`` (dimension columns hold
CBS titles, as ``cbsodata.get_data`` returns them) and ``codes`` (dimension columns hold CBS
keys, as a StatLine TypedDataSet download has them). See :mod:`indicators.sources.base` for the
tidy layout this module returns.

Every problem with a file stops with one line naming the file and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.periods import parse_period
from indicators.sources.base import MISSING_SYMBOLS, Provenance, RawTable, SourceError
from indicators.sources.tables import TableSpec

TOPIC_COLUMN = re.compile(r"_\d+$")
REGION_DIMENSIONS = ("RegioS", "WijkenEnBuurten")
BOM = b"\xef\xbb\xbf"

# A function that turns region labels into codes (labels flavour) and must raise on unknowns.
LabelResolver = Callable[[pd.Series, str], pd.Series]
# A function that names region codes (codes flavour); may return <NA> for unknown codes.
CodeNamer = Callable[[pd.Series], pd.Series]


def read_mirror_manifest(mirror: Path) -> dict[str, dict[str, str]]:
    """Return MANIFEST.tsv rows keyed by file name (``tables/86050NED.csv`` -> row); {} if absent."""
    path = mirror / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def file_sha256(paths: list[Path]) -> str:
    """Return the sha256 of the concatenated bytes of ``paths`` (one file: its plain sha256)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def mirror_files(spec: TableSpec, mirror: Path) -> list[Path]:
    """Return the mirror files of a table; raise when one is missing."""
    paths = [mirror / "tables" / name for name in spec.mirror_files]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise SourceError(f"{spec.table_id}: mirror file(s) not found: {', '.join(missing)}")
    return paths


def read_mirror_table(
    spec: TableSpec,
    mirror: Path,
    resolve_region_labels: LabelResolver | None = None,
    name_region_codes: CodeNamer | None = None,
) -> RawTable:
    """Read one table from a mirror folder into a tidy :class:`RawTable`.

    Args:
        spec: the table's declaration.
        mirror: the mirror folder.
        resolve_region_labels: maps region titles to codes for ``labels`` files (raises on an
            unknown label). Required for label files with a region dimension, except the
            "Gebieden" tables, whose code is in the file (``Code_1``).
        name_region_codes: maps region codes to names for ``codes`` files.

    Raises:
        SourceError: one line naming the file and the problem.
    """
    manifest = read_mirror_manifest(mirror)
    paths = mirror_files(spec, mirror)
    if spec.layout == "rivm_klik":
        return _read_rivm_klik(spec, paths[0], manifest, resolve_region_labels)
    if spec.layout == "wijken_tmap":  # the districts of 85318NED, as the tmap package derived them
        from indicators.sources.wijken import read_wijken_mirror  # noqa: PLC0415

        return read_wijken_mirror(spec, paths[0], manifest)
    frames = []
    flavour = ""
    for path in paths:
        entry = manifest.get(f"tables/{path.name}", {})
        text = _read_text(path)
        frame = _parse_csv(path, text, spec)
        _check_against_manifest(path, frame, entry)
        flavour = entry.get("flavour") or _guess_flavour(frame)
        frames.append(_tidy(path, frame, spec, flavour, resolve_region_labels, name_region_codes))
    tidy = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    first = manifest.get(f"tables/{paths[0].name}", {})
    provenance = Provenance(
        table_id=spec.table_id,
        catalog=spec.catalog,
        title=first.get("title") or spec.title,
        source="mirror",
        location=";".join(str(path) for path in paths),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=file_sha256(paths),
        flavour=flavour,
        dimensions=tuple(column.removesuffix("_code") for column in tidy.columns if column.endswith("_code")),
        complete="; ".join(sorted({manifest.get(f"tables/{p.name}", {}).get("complete", "") for p in paths})),
        notes=first.get("source", ""),
    )
    return RawTable(tidy, provenance)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(f"{path}: file is empty")
    if data.startswith(BOM):
        raise SourceError(f"{path}: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None


def _parse_csv(path: Path, text: str, spec: TableSpec) -> pd.DataFrame:
    header = text.split("\n", 1)[0]
    if ";" not in header:
        found = next((sep for sep in (",", "\t", "|") if sep in header), None)
        hint = f" (found {found!r})" if found else ""
        raise SourceError(f"{path}: header is not ';'-separated{hint}")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    columns = rows[0]
    if "ID" not in columns:
        raise SourceError(f"{path}: missing column 'ID' in header")
    body = [row for row in rows[1:] if row]
    if not body:
        raise SourceError(f"{path}: header only, no data rows")
    for line_number, row in enumerate(body, start=2):
        if len(row) != len(columns):
            raise SourceError(f"{path}: line {line_number} has {len(row)} fields, header has {len(columns)}")
    duplicated = sorted({column for column in columns if columns.count(column) > 1})
    if duplicated:
        raise SourceError(f"{path}: duplicate column(s) {', '.join(duplicated)}")
    frame = pd.DataFrame(body, columns=columns, dtype="string")
    if (spec.table_id.upper().startswith(("85385", "85755", "86059"))) and "Code_1" not in frame.columns:
        raise SourceError(f"{path}: missing column 'Code_1' (municipality code)")
    return frame


def _check_against_manifest(path: Path, frame: pd.DataFrame, entry: dict[str, str]) -> None:
    if not entry:
        return
    if entry.get("rows") and int(entry["rows"]) != len(frame):
        raise SourceError(f"{path}: {len(frame)} rows, MANIFEST.tsv says {entry['rows']}")
    if entry.get("columns") and int(entry["columns"]) != len(frame.columns):
        raise SourceError(f"{path}: {len(frame.columns)} columns, MANIFEST.tsv says {entry['columns']} (missing column?)")


def _guess_flavour(frame: pd.DataFrame) -> str:
    for dimension in REGION_DIMENSIONS:
        if dimension in frame.columns:
            return "codes" if frame[dimension].str.strip().str.match(r"^(NL|GM|GG|PV|WK|BU)\d").all() else "labels"
    return "labels"


def dimension_columns(columns: list[str]) -> list[str]:
    """Return the dimension columns of a StatLine header: after ``ID``, without a ``_<n>`` suffix."""
    return [column for column in columns if column != "ID" and not TOPIC_COLUMN.search(column)]


def _tidy(
    path: Path,
    frame: pd.DataFrame,
    spec: TableSpec,
    flavour: str,
    resolve_region_labels: LabelResolver | None,
    name_region_codes: CodeNamer | None,
) -> pd.DataFrame:
    columns = list(frame.columns)
    dimensions = dimension_columns(columns)
    topics = [column for column in columns if column != "ID" and column not in dimensions]
    out: dict[str, pd.Series] = {}
    for dimension in dimensions:
        values = frame[dimension].str.strip()
        code, label = _dimension(path, spec, dimension, values, flavour, frame, resolve_region_labels, name_region_codes)
        out[f"{dimension}_code"] = code.astype("string")
        out[f"{dimension}_label"] = label.astype("string")
    for topic in topics:
        out[topic] = _topic(path, topic, frame[topic], text=topic in spec.text_columns)
    return pd.DataFrame(out)


def _dimension(
    path: Path,
    spec: TableSpec,
    dimension: str,
    values: pd.Series,
    flavour: str,
    frame: pd.DataFrame,
    resolve_region_labels: LabelResolver | None,
    name_region_codes: CodeNamer | None,
) -> tuple[pd.Series, pd.Series]:
    missing = pd.Series(pd.NA, index=values.index, dtype="string")
    if dimension in REGION_DIMENSIONS:
        if "Code_1" in frame.columns:  # "Gebieden in Nederland": the code is a topic of the row
            return frame["Code_1"].str.strip(), values
        if flavour == "codes":
            return values, name_region_codes(values) if name_region_codes else missing
        if resolve_region_labels is None:
            raise SourceError(f"{path}: region labels need the region model (read the Gebieden table first)")
        try:
            return resolve_region_labels(values, str(path)), values
        except ValueError as error:
            raise SourceError(str(error)) from None
    if dimension == "Perioden":
        try:
            periods = {value: parse_period(value) for value in values.unique()}
        except ValueError as error:
            raise SourceError(f"{path}: column Perioden: {error}") from None
        if flavour == "codes":
            return values, values.map(lambda value: periods[value].label_nl)
        codes = values.map(lambda value: f"{value}JJ00" if re.fullmatch(r"\d{4}", value) else pd.NA)
        return codes, values
    if flavour == "codes" or dimension in spec.key_dimensions:
        return values, missing
    return missing, values


def _topic(path: Path, topic: str, raw: pd.Series, *, text: bool) -> pd.Series:
    stripped = raw.str.strip()
    is_missing = stripped.isin(MISSING_SYMBOLS)
    if text:
        return stripped.mask(is_missing)
    numbers = pd.to_numeric(stripped.mask(is_missing), errors="coerce")
    bad = numbers.isna() & ~is_missing
    if bad.any():
        first = bad.idxmax()
        raise SourceError(
            f"{path}: column {topic}: non-numeric value {raw[first]!r} on line {first + 2}"
            f" ({int(bad.sum())} such value(s))"
        )
    return numbers.astype(np.float64)


RIVM_KLIK_COLUMNS = {
    "GGD-regio": "RegioS",
    "Geslacht": "Geslacht",
    "Bij geboorte": "BijGeboorte",
    "Afwijking bij geboorte": "AfwijkingBijGeboorte",
    "Bij 65 jaar": "Bij65Jaar",
    "Afwijking bij 65 jaar": "AfwijkingBij65Jaar",
}
RIVM_KLIK_UNITS = {"BijGeboorte": "jaar", "Bij65Jaar": "jaar"}


def _read_rivm_klik(
    spec: TableSpec, path: Path, manifest: dict[str, dict[str, str]], resolve_region_labels: LabelResolver | None
) -> RawTable:
    """Read RIVM's life expectancy per GGD region file (``;``-separated, decimal comma)."""
    text = _read_text(path)
    header = text.split("\n", 1)[0]
    if ";" not in header:
        raise SourceError(f"{path}: header is not ';'-separated")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    missing = [column for column in RIVM_KLIK_COLUMNS if column not in rows[0]]
    if missing:
        raise SourceError(f"{path}: missing column(s) {', '.join(missing)}")
    frame = pd.DataFrame([row for row in rows[1:] if row], columns=rows[0], dtype="string")
    entry = manifest.get("rivm/" + path.name, {})
    _check_against_manifest(path, frame, entry)
    if resolve_region_labels is None:
        raise SourceError(f"{path}: region labels need the region model")
    labels = frame["GGD-regio"].str.strip()
    try:
        codes = resolve_region_labels(labels, str(path))
    except ValueError as error:
        raise SourceError(str(error)) from None
    tidy = pd.DataFrame({
        "RegioS_code": codes.astype("string"),
        "RegioS_label": labels,
        "Geslacht_code": pd.Series(pd.NA, index=frame.index, dtype="string"),
        "Geslacht_label": frame["Geslacht"].str.strip(),
    })
    for source, target in RIVM_KLIK_COLUMNS.items():
        if target in ("RegioS", "Geslacht"):
            continue
        column = frame[source].str.replace(",", ".", regex=False) if target in RIVM_KLIK_UNITS else frame[source]
        tidy[target] = _topic(path, source, column, text=target in spec.text_columns)
    provenance = Provenance(
        table_id=spec.table_id,
        catalog=spec.catalog,
        title=spec.title,
        source="mirror",
        location=str(path),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=file_sha256([path]),
        flavour="rivm_klik",
        units=RIVM_KLIK_UNITS,
        dimensions=("RegioS", "Geslacht"),
        complete=entry.get("complete", ""),
        notes=entry.get("source", "") + " (geen StatLine-tabel; alleen in de spiegelmap)",
    )
    return RawTable(tidy, provenance)
