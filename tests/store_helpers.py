"""Helpers for the store tests: a small mirror, snapshots, running ``hhu`` in a subprocess, consistency checks."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from indicators import store

ROOT = Path(__file__).resolve().parent.parent
# the region division and one national table: a whole refresh and build in about a second
SMALL_TABLES = ("86059NED", "71950ned")
REFRESHED = "71950ned"  # the table the tests read again
GEO_NAME = "gemeente_2025_simplified.geojson"


def small_mirror(mirror: Path, folder: Path, tables: tuple[str, ...] = SMALL_TABLES, manifest: bool = True) -> Path:
    """A mirror folder with a few tables and the 2025 boundaries, copied at test time (and their MANIFEST.tsv rows)."""
    (folder / "tables").mkdir(parents=True)
    (folder / "geo").mkdir()
    for table in tables:
        shutil.copy(mirror / "tables" / f"{table}.csv", folder / "tables" / f"{table}.csv")
    shutil.copy(mirror / "geo" / GEO_NAME, folder / "geo" / GEO_NAME)
    if manifest:
        lines = (mirror / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
        wanted = {f"tables/{table}.csv" for table in tables} | {f"geo/{GEO_NAME}"}
        kept = [lines[0]] + [line for line in lines[1:] if line.split("\t", 1)[0] in wanted]
        (folder / "MANIFEST.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> sha256)."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def current_state(root: Path) -> tuple[str, dict[str, str]]:
    """The current generation's name and snapshot."""
    folder = store.current(root)
    return folder.name, snapshot(folder)


def hhu(*argv: str, data: Path, env: dict[str, str] | None = None, timeout: float = 300,
        background: bool = False) -> subprocess.CompletedProcess | subprocess.Popen:
    """Run ``python -m indicators.cli ARGV`` on store ``data`` in a subprocess."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("HHU_")}
    environment.update({"PYTHONPATH": str(ROOT), "HHU_DATA": str(data), "HHU_LOCK_WAIT": "60", **(env or {})})
    command = [sys.executable, "-m", "indicators.cli", *argv]
    if background:
        return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=timeout)


def assert_old_or_new(root: Path, old_name: str, old_snapshot: dict[str, str]) -> str:
    """The store holds the old generation byte for byte, or a new one that passes its seal; return which.

    The old generation must be intact in both cases (it is the one ``hhu rollback`` returns to).
    """
    folder = store.current(root)
    old_folder = store.generations_dir(root) / old_name
    assert snapshot(old_folder) == old_snapshot, "the old generation changed"
    if folder.name == old_name:
        return "old"
    seal = store.verify_generation(folder)  # byte for byte what the writer sealed
    assert seal["previous"] == old_name
    assert snapshot(folder) != old_snapshot
    return "new"


def leftovers(root: Path) -> list[str]:
    """What a writer may leave behind when it is killed: stages, pointer temporaries, generations not kept."""
    found = [path.name for path in root.glob(f".{store.CURRENT_NAME}-*.tmp")]
    folder = store.generations_dir(root)
    keep = {store.current(root).name}
    before = store.previous(root)
    if before is not None:
        keep.add(before.name)
    if folder.is_dir():
        found += [path.name for path in folder.iterdir() if path.name not in keep and path.name != store.SERIAL_NAME]
    return sorted(found)
