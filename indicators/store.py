"""The Parquet store: one file per raw table, a manifest, atomic replacement, provenance.

Layout under the data folder (:func:`indicators.config.data_dir`)::

    raw/<TABLE>.parquet   one file per source table, provenance in the Parquet key-value metadata
    manifest.json         every stored table with its provenance, rows and file hash
    geo/                  municipality boundaries (GeoJSON) for maps
    indicators.parquet    built indicators (see indicators.build)
    progress.parquet      mission progress (see indicators.build)

Nothing here knows what an indicator is. Writes go to a temporary file in the same folder and
replace the old file only after the new one has been read back and checked, so a failed write
leaves the previous file byte-identical.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.sources.base import Provenance, RawTable

METADATA_KEY = b"hhu.provenance"
MANIFEST_NAME = "manifest.json"


class StoreError(RuntimeError):
    """The store is missing a table or a file is damaged; the message names it."""


def raw_path(data: Path, table_id: str) -> Path:
    """Return the Parquet path of a raw table."""
    return data / "raw" / f"{table_id}.parquet"


def _file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def frame_to_parquet_bytes(frame: pd.DataFrame, metadata: dict[str, str]) -> pa.Table:
    """Return an Arrow table of ``frame`` carrying ``metadata`` (JSON strings) in its schema."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    existing = table.schema.metadata or {}
    encoded = {key.encode(): value.encode() for key, value in metadata.items()}
    return table.replace_schema_metadata({**existing, **encoded})


def write_parquet_atomic(path: Path, frame: pd.DataFrame, metadata: dict[str, str]) -> str:
    """Write ``frame`` to ``path`` atomically and return the sha256 of the written file.

    The frame is written to a temporary file beside ``path``, read back and compared (rows and
    columns), and only then moved over ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    table = frame_to_parquet_bytes(frame, metadata)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".parquet.tmp", dir=path.parent)
    os.close(handle)
    temp_path = Path(temporary)
    try:
        pq.write_table(table, temp_path, compression="zstd")
        check = pq.read_metadata(temp_path)
        if check.num_rows != len(frame) or check.num_columns != len(frame.columns):
            raise StoreError(f"{path.name}: written file does not read back ({check.num_rows} rows)")
        digest = _file_sha256(temp_path)
        os.replace(temp_path, path)
        return digest
    finally:
        with suppress(FileNotFoundError):
            temp_path.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file atomically (temporary file in the same folder, then replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, path)


def provenance_to_dict(provenance: Provenance) -> dict:
    """Return provenance as a JSON-ready dict."""
    values = dataclasses.asdict(provenance)
    values["dimensions"] = list(provenance.dimensions)
    return values


def provenance_from_dict(values: dict) -> Provenance:
    """Inverse of :func:`provenance_to_dict` (unknown keys are ignored)."""
    names = {field.name for field in dataclasses.fields(Provenance)}
    kept = {key: value for key, value in values.items() if key in names}
    kept["dimensions"] = tuple(kept.get("dimensions", ()))
    return Provenance(**kept)


def read_manifest(data: Path) -> dict:
    """Return the manifest (``{"tables": {...}, "updated_at": ...}``), empty when there is none."""
    path = data / MANIFEST_NAME
    if not path.exists():
        return {"tables": {}, "updated_at": None}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise StoreError(f"{path}: damaged manifest ({error.msg} at line {error.lineno})") from None


def _stage(data: Path, raw: RawTable) -> tuple[Path, dict]:
    """Write a raw table to a staging file and return (staging path, manifest entry)."""
    staging = data / "raw" / f".{raw.provenance.table_id}.parquet.staged"
    provenance = provenance_to_dict(raw.provenance)
    write_parquet_atomic(staging, raw.frame, {METADATA_KEY.decode(): json.dumps(provenance, ensure_ascii=False)})
    entry = {
        **provenance,
        "file": f"raw/{raw.provenance.table_id}.parquet",
        "rows": len(raw.frame),
        "columns": list(raw.frame.columns),
        "parquet_sha256": _file_sha256(staging),
    }
    return staging, entry


def replace_tables(data: Path, tables: Iterable[RawTable]) -> dict:
    """Store new versions of several raw tables together and update the manifest.

    Every table is first staged (written and read back); only when all are staged do they
    replace the old files, and the manifest is written last. If staging fails, nothing that was
    stored before is touched.

    Returns:
        The new manifest.
    """
    staged: list[tuple[Path, dict]] = []
    try:
        for raw in tables:
            staged.append(_stage(data, raw))
    except BaseException:
        for path, _ in staged:
            path.unlink(missing_ok=True)
        raise
    manifest = read_manifest(data)
    for staging, entry in staged:
        os.replace(staging, data / entry["file"])
        manifest["tables"][entry["table_id"]] = entry
    manifest["updated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_text_atomic(data / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))
    return manifest


def read_raw(data: Path, table_id: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a stored raw table (optionally only ``columns``)."""
    path = raw_path(data, table_id)
    if not path.exists():
        raise StoreError(f"table {table_id} is not in the store at {data}; run `hhu refresh` first")
    return pq.read_table(path, columns=columns).to_pandas()


def read_provenance(data: Path, table_id: str) -> Provenance:
    """Read the provenance stored inside a raw table's Parquet file."""
    path = raw_path(data, table_id)
    if not path.exists():
        raise StoreError(f"table {table_id} is not in the store at {data}; run `hhu refresh` first")
    metadata = pq.read_schema(path).metadata or {}
    if METADATA_KEY not in metadata:
        raise StoreError(f"{path}: no provenance metadata")
    return provenance_from_dict(json.loads(metadata[METADATA_KEY]))


def stored_table_ids(data: Path) -> list[str]:
    """Return the ids of the tables listed in the manifest."""
    return sorted(read_manifest(data)["tables"])
