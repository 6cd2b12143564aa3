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
import os
import re
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from indicators.messages import say
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
# A function that checks the tidy rows read from one file (line n of the file is index n - 2).
FileCheck = Callable[[Path, pd.DataFrame], None]


MANIFEST_FILE = "MANIFEST.tsv"
MAX_FILE_BYTES = 2 << 30  # no mirror file comes near this; a larger one is not a StatLine export


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, say("een map", "a directory")), (stat.S_ISFIFO, say("een FIFO", "a FIFO")),
             (stat.S_ISSOCK, say("een socket", "a socket")),
             (stat.S_ISCHR, say("een apparaat (character device)", "a character device")),
             (stat.S_ISBLK, say("een apparaat (block device)", "a block device")))
    return next((name for test, name in kinds if test(mode)), say("geen gewoon bestand", "not a regular file"))


def read_regular_file(path: Path) -> bytes:
    """Return the bytes of ``path``, which must be a regular file (a FIFO or device never blocks here).

    Raises:
        SourceError: one line naming the file: missing, a directory, a FIFO, unreadable.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise SourceError(say(f"{path}: bestand niet gevonden", f"{path}: file not found")) from None
    except OSError as error:
        raise SourceError(say(f"{path}: kan niet openen ({error.strerror or error})",
                              f"{path}: cannot open ({error.strerror or error})")) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(say(f"{path}: {_kind(info.st_mode)}, geen gewoon bestand",
                                  f"{path}: {_kind(info.st_mode)}, not a regular file"))
        if info.st_size > MAX_FILE_BYTES:
            raise SourceError(say(f"{path}: {info.st_size} bytes, te groot voor een bronbestand",
                                  f"{path}: {info.st_size} bytes, too large for a source file"))
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise SourceError(say(f"{path}: kan niet lezen ({error.strerror or error})",
                              f"{path}: cannot read ({error.strerror or error})")) from None
    finally:
        os.close(handle)


def read_mirror_manifest(mirror: Path) -> dict[str, dict[str, str]]:
    """Return MANIFEST.tsv rows keyed by file name (``tables/86050NED.csv`` -> row); {} if absent.

    Raises:
        SourceError: MANIFEST.tsv is there but is not a readable, well-formed regular file.
    """
    path = mirror / MANIFEST_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    data = read_regular_file(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(say(f"{path}: geen UTF-8 ({error.reason} bij byte {error.start})",
                              f"{path}: not UTF-8 ({error.reason} at byte {error.start})")) from None
    try:
        rows = list(csv.DictReader(io.StringIO(text), delimiter="\t", strict=True))
    except csv.Error as error:
        raise SourceError(say(f"{path}: geen manifest met tabs als scheidingsteken ({error})",
                              f"{path}: not a tab-separated manifest ({error})")) from None
    if rows and ("file" not in rows[0] or "sha256" not in rows[0]):
        raise SourceError(say(f"{path}: geen kolommen 'file' en 'sha256' in de kopregel",
                              f"{path}: no 'file' and 'sha256' columns in the header"))
    return {row["file"]: row for row in rows if row.get("file")}


def file_sha256(paths: list[Path]) -> str:
    """Return the sha256 of the concatenated bytes of ``paths`` (one file: its plain sha256)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(read_regular_file(path))
    return digest.hexdigest()


def mirror_files(spec: TableSpec, mirror: Path) -> list[Path]:
    """Return the mirror files of a table; raise when one is missing."""
    paths = [mirror / "tables" / name for name in spec.mirror_files]
    missing = [str(path) for path in paths if not path.exists() and not path.is_symlink()]
    if missing:
        raise SourceError(say(f"{spec.table_id}: bronbestand(en) niet gevonden: {', '.join(missing)}",
                              f"{spec.table_id}: source file(s) not found: {', '.join(missing)}"))
    return paths


def manifest_key(mirror: Path, path: Path) -> str:
    """The name of ``path`` in MANIFEST.tsv (``tables/86050NED.csv``, ``rivm/...``, ``geo/...``)."""
    return os.path.relpath(path, mirror).replace(os.sep, "/")


def verify_against_manifest(path: Path, data: bytes, manifest: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    """Check a mirror file's bytes against its MANIFEST.tsv row (sha256); return the row.

    A mirror without MANIFEST.tsv cannot be verified (``manifest`` is empty): the row is empty.

    Raises:
        SourceError: the file is not listed, or its sha256 differs (a changed value, a cut file).
    """
    if not manifest:
        return {}
    entry = manifest.get(key)
    if entry is None:
        raise SourceError(say(f"{path}: staat niet in {MANIFEST_FILE}, dus het is niet te controleren",
                              f"{path}: not listed in {MANIFEST_FILE}, so it cannot be verified"))
    expected = (entry.get("sha256") or "").strip().lower()
    if not expected:
        raise SourceError(say(f"{path}: {MANIFEST_FILE} geeft er geen sha256 voor",
                              f"{path}: {MANIFEST_FILE} gives no sha256 for it"))
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise SourceError(say(f"{path}: sha256 {actual[:12]}... wijkt af van {MANIFEST_FILE} ({expected[:12]}...): "
                              "het bestand is gewijzigd of afgekapt",
                              f"{path}: sha256 {actual[:12]}... differs from {MANIFEST_FILE} ({expected[:12]}...): "
                              "the file was changed or cut"))
    return entry


def read_mirror_table(
    spec: TableSpec,
    mirror: Path,
    resolve_region_labels: LabelResolver | None = None,
    name_region_codes: CodeNamer | None = None,
    check_file: FileCheck | None = None,
) -> RawTable:
    """Read one table from a mirror folder into a tidy :class:`RawTable`.

    Args:
        spec: the table's declaration.
        mirror: the mirror folder.
        resolve_region_labels: maps region titles to codes for ``labels`` files (raises on an
            unknown label). Required for label files with a region dimension, except the
            "Gebieden" tables, whose code is in the file (``Code_1``).
        name_region_codes: maps region codes to names for ``codes`` files.
        check_file: called with each file's path and tidy rows (e.g. range checks naming the line).

    Raises:
        SourceError: one line naming the file and the problem.
    """
    manifest = read_mirror_manifest(mirror)
    paths = mirror_files(spec, mirror)
    if spec.layout == "rivm_klik":
        raw = _read_rivm_klik(spec, paths[0], manifest, resolve_region_labels, mirror)
        if check_file is not None:
            check_file(paths[0], raw.frame)
        return raw
    if spec.layout == "wijken_tmap":  # the districts of 85318NED, as the tmap package derived them
        from indicators.sources.wijken import read_wijken_mirror  # noqa: PLC0415

        data = read_regular_file(paths[0])
        entry = verify_against_manifest(paths[0], data, manifest, manifest_key(mirror, paths[0]))
        raw = read_wijken_mirror(spec, paths[0], data, entry)
        if check_file is not None:
            check_file(paths[0], raw.frame)
        return raw
    frames = []
    flavour = ""
    digest = hashlib.sha256()
    for path in paths:
        data = read_regular_file(path)
        digest.update(data)
        entry = verify_against_manifest(path, data, manifest, manifest_key(mirror, path))
        text = _read_text(path, data)
        frame = _parse_csv(path, text, spec)
        _check_against_manifest(path, frame, entry)
        flavour = entry.get("flavour") or _guess_flavour(frame)
        frames.append(_tidy(path, frame, spec, flavour, resolve_region_labels, name_region_codes))
        if check_file is not None:
            check_file(path, frames[-1])
    tidy = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    first = manifest.get(manifest_key(mirror, paths[0]), {})
    provenance = Provenance(
        table_id=spec.table_id,
        catalog=spec.catalog,
        title=first.get("title") or spec.title,
        source="mirror",
        location=";".join(str(path) for path in paths),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=digest.hexdigest(),
        flavour=flavour,
        dimensions=tuple(column.removesuffix("_code") for column in tidy.columns if column.endswith("_code")),
        complete="; ".join(sorted({manifest.get(manifest_key(mirror, p), {}).get("complete", "") for p in paths})),
        notes=first.get("source", ""),
    )
    return RawTable(tidy, provenance)


def _read_text(path: Path, data: bytes) -> str:
    if not data.strip():
        raise SourceError(say(f"{path}: het bestand is leeg", f"{path}: file is empty"))
    if data.startswith(BOM):
        raise SourceError(say(f"{path}: het bestand begint met een byte-order mark (BOM); sla het op als UTF-8 zonder BOM",
                              f"{path}: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(say(f"{path}: geen UTF-8 ({error.reason} bij byte {error.start}, regel {line})",
                              f"{path}: not UTF-8 ({error.reason} at byte {error.start}, line {line})")) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(say(f"{path}: regel {line} bevat een NUL-byte (geen tekstbestand)",
                              f"{path}: line {line} contains a NUL byte (not a text file)"))
    return text


def _csv_rows(path: Path, text: str, delimiter: str = ";") -> list[list[str]]:
    """Split CSV text into rows; an unbalanced quote or an overlong field names its line."""
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
    except csv.Error:
        pass  # read again, line by line, to name the line
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise SourceError(say(f"{path}: regel {start}: onleesbare CSV ({error}; een aanhalingsteken zonder paar?)",
                                  f"{path}: line {start}: unreadable CSV ({error}; an unbalanced quote?)")) from None
        rows.append(row)


def _parse_csv(path: Path, text: str, spec: TableSpec) -> pd.DataFrame:
    header = text.split("\n", 1)[0]
    if ";" not in header:
        found = next((sep for sep in (",", "\t", "|") if sep in header), None)
        hint = say(f" (gevonden: {found!r})", f" (found {found!r})") if found else ""
        raise SourceError(say(f"{path}: de kopregel is niet door ';' gescheiden{hint}",
                              f"{path}: header is not ';'-separated{hint}"))
    rows = _csv_rows(path, text)
    columns = rows[0]
    if "ID" not in columns:
        raise SourceError(say(f"{path}: kolom 'ID' ontbreekt in de kopregel", f"{path}: missing column 'ID' in header"))
    body = [row for row in rows[1:] if row]
    if not body:
        raise SourceError(say(f"{path}: alleen een kopregel, geen gegevens", f"{path}: header only, no data rows"))
    for line_number, row in enumerate(body, start=2):
        if len(row) != len(columns):
            raise SourceError(say(f"{path}: regel {line_number} heeft {len(row)} velden, de kopregel {len(columns)}",
                                  f"{path}: line {line_number} has {len(row)} fields, header has {len(columns)}"))
    duplicated = sorted({column for column in columns if columns.count(column) > 1})
    if duplicated:
        raise SourceError(say(f"{path}: dubbele kolom(men) {', '.join(duplicated)}",
                              f"{path}: duplicate column(s) {', '.join(duplicated)}"))
    frame = pd.DataFrame(body, columns=columns, dtype="string")
    if (spec.table_id.upper().startswith(("85385", "85755", "86059"))) and "Code_1" not in frame.columns:
        raise SourceError(say(f"{path}: kolom 'Code_1' (gemeentecode) ontbreekt",
                              f"{path}: missing column 'Code_1' (municipality code)"))
    return frame


def _check_against_manifest(path: Path, frame: pd.DataFrame, entry: dict[str, str]) -> None:
    if not entry:
        return
    if entry.get("rows") and int(entry["rows"]) != len(frame):
        raise SourceError(say(f"{path}: {len(frame)} rijen, MANIFEST.tsv zegt {entry['rows']}",
                              f"{path}: {len(frame)} rows, MANIFEST.tsv says {entry['rows']}"))
    if entry.get("columns") and int(entry["columns"]) != len(frame.columns):
        raise SourceError(say(f"{path}: {len(frame.columns)} kolommen, MANIFEST.tsv zegt {entry['columns']} (ontbreekt er een?)",
                              f"{path}: {len(frame.columns)} columns, MANIFEST.tsv says {entry['columns']} (missing column?)"))


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
    tidy = pd.DataFrame(out)
    keys = key_columns(tidy)
    if keys:
        repeated = tidy.duplicated(keys)
        if repeated.any():
            second = int(repeated.to_numpy().argmax())
            values = tidy[keys].iloc[second]
            same = (tidy[keys] == values).all(axis=1).to_numpy().argmax()
            key = ", ".join(f"{column.rsplit('_', 1)[0]}={values[column]}" for column in keys)
            raise SourceError(say(f"{path}: regels {int(same) + 2} en {second + 2} hebben dezelfde sleutel ({key})",
                                  f"{path}: lines {int(same) + 2} and {second + 2} have the same key ({key})"))
    return tidy


def key_columns(tidy: pd.DataFrame) -> list[str]:
    """The columns that identify a row of a tidy raw table: per dimension its code, else its label."""
    keys = []
    for column in tidy.columns:
        if column.endswith("_code"):
            label = column.removesuffix("_code") + "_label"
            keys.append(column if tidy[column].notna().all() or label not in tidy.columns else label)
    return keys


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
            raise SourceError(say(f"{path}: regionamen vragen het regiomodel (lees eerst de tabel Gebieden)",
                                  f"{path}: region labels need the region model (read the Gebieden table first)"))
        try:
            return resolve_region_labels(values, str(path)), values
        except ValueError as error:
            raise SourceError(str(error)) from None
    if dimension == "Perioden":
        try:
            periods = {value: parse_period(value) for value in values.unique()}
        except ValueError as error:
            raise SourceError(say(f"{path}: kolom Perioden: {error}", f"{path}: column Perioden: {error}")) from None
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
            say(f"{path}: kolom {topic}: geen getal {raw[first]!r} op regel {first + 2} ({int(bad.sum())} zulke waarde(n))",
                f"{path}: column {topic}: non-numeric value {raw[first]!r} on line {first + 2}"
                f" ({int(bad.sum())} such value(s))")
        )
    numbers = numbers.astype(np.float64)
    infinite = np.isinf(numbers)
    if infinite.any():
        first = infinite.idxmax()
        raise SourceError(say(f"{path}: kolom {topic}: waarde {raw[first]!r} op regel {first + 2} is geen eindig getal",
                              f"{path}: column {topic}: value {raw[first]!r} on line {first + 2} is not a finite number"))
    return numbers


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
    spec: TableSpec, path: Path, manifest: dict[str, dict[str, str]], resolve_region_labels: LabelResolver | None,
    mirror: Path,
) -> RawTable:
    """Read RIVM's life expectancy per GGD region file (``;``-separated, decimal comma)."""
    data = read_regular_file(path)
    entry = verify_against_manifest(path, data, manifest, manifest_key(mirror, path))
    text = _read_text(path, data)
    header = text.split("\n", 1)[0]
    if ";" not in header:
        raise SourceError(say(f"{path}: de kopregel is niet door ';' gescheiden", f"{path}: header is not ';'-separated"))
    rows = _csv_rows(path, text)
    missing = [column for column in RIVM_KLIK_COLUMNS if column not in rows[0]]
    if missing:
        raise SourceError(say(f"{path}: kolom(men) ontbreken: {', '.join(missing)}",
                              f"{path}: missing column(s) {', '.join(missing)}"))
    body = [row for row in rows[1:] if row]
    for line_number, row in enumerate(body, start=2):
        if len(row) != len(rows[0]):
            raise SourceError(say(f"{path}: regel {line_number} heeft {len(row)} velden, de kopregel {len(rows[0])}",
                                  f"{path}: line {line_number} has {len(row)} fields, header has {len(rows[0])}"))
    frame = pd.DataFrame(body, columns=rows[0], dtype="string")
    _check_against_manifest(path, frame, entry)
    if resolve_region_labels is None:
        raise SourceError(say(f"{path}: regionamen vragen het regiomodel", f"{path}: region labels need the region model"))
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
        sha256=hashlib.sha256(data).hexdigest(),
        flavour="rivm_klik",
        units=RIVM_KLIK_UNITS,
        dimensions=("RegioS", "Geslacht"),
        complete=entry.get("complete", ""),
        notes=entry.get("source", "") + " (geen StatLine-tabel; alleen in de spiegelmap)",
    )
    return RawTable(tidy, provenance)
