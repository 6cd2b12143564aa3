"""The Parquet store: generations, one atomic switch, the writer lock, provenance.

Layout under the store root (:func:`indicators.config.data_dir`)::

    CURRENT                         name of the current generation (one line), replaced atomically
    LOCK                            the writer lock (fcntl.flock); while held: pid, command and start time
    generations/gen-000012/         the current generation, a complete store folder:
        raw/<TABLE>.parquet           one file per source table, provenance in the Parquet key-value metadata
        manifest.json                 every stored table with its provenance, rows and file hash
        geo/gemeenten.geojson         municipality boundaries for maps
        indicators.parquet            built indicators (see indicators.pipeline)
        progress.parquet              mission progress
        indicators.previous.parquet   the build before the last new data release, when there is one
        progress.previous.parquet     (idem; "what changed" in the report reads it)
        generation.json               the seal: command, time, previous generation, sha256 and size of every file
    generations/gen-000011/         the previous generation, kept for ``hhu rollback``
    generations/.stage-gen-000013-<pid>/   a generation being written; removed when the next writer starts
    generations/.serial             the highest generation number used (names are never used twice)

A writer (``hhu refresh``, ``hhu build``, ``hhu rollback``) takes the lock, removes what earlier
runs left behind, writes a whole new generation beside the current one (unchanged raw files are
hard links to the previous generation's, or copies where links are not possible), checks it,
seals it, and makes it current in one step: ``os.replace`` of the ``CURRENT`` pointer. A process
killed at any instant leaves the old generation current or the new one, never a mix; a generation
is never changed after it has been sealed.

Functions that take ``data: Path`` read "a complete store folder": a generation, or a store root,
which they resolve to its current generation (:func:`resolve`); a folder in the layout of earlier
versions (``raw/`` and ``manifest.json`` directly in the root) is read as it is. Nothing here
knows what an indicator is.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from indicators.messages import say
from indicators.sources.base import Provenance, RawTable

METADATA_KEY = b"hhu.provenance"
MANIFEST_NAME = "manifest.json"
CURRENT_NAME = "CURRENT"
LOCK_NAME = "LOCK"
GENERATIONS_DIR = "generations"
SEAL_NAME = "generation.json"
STAGE_PREFIX = ".stage-"
SERIAL_NAME = ".serial"
GENERATION_NAME = re.compile(r"^gen-(\d{6,})$")
FILE_MODE = 0o644
DIR_MODE = 0o755
LOCK_WAIT_ENV = "HHU_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 60.0
# Test-only: ``HHU_KILL_AFTER=<step>`` (or ``<step>@<n>`` for its n-th time) makes the process kill
# itself with SIGKILL right after that step, to test that a kill leaves a consistent store.
KILL_ENV = "HHU_KILL_AFTER"
# Names the layout of earlier versions kept directly in the root (adopted by the first writer).
# The manifest goes last: while it is there, a cleanup interrupted half-way is finished by the next one.
LEGACY_NAMES = ("raw", "geo", "indicators.parquet", "progress.parquet", "indicators.previous.parquet",
                "progress.previous.parquet", MANIFEST_NAME)


class StoreError(RuntimeError):
    """The store is missing a table or a file is damaged; the message names it."""


class StoreBusy(StoreError):
    """Another writer holds the lock; the message says who and since when."""


# ----- test-only kill points ------------------------------------------------------------------------
_STEPS_SEEN: dict[str, int] = {}


def checkpoint(step: str) -> None:
    """Mark a step of a writer; with ``$HHU_KILL_AFTER`` naming it, die here (SIGKILL, tests only)."""
    wanted = os.environ.get(KILL_ENV)
    if not wanted:
        return
    count = _STEPS_SEEN[step] = _STEPS_SEEN.get(step, 0) + 1
    name, _, nth = wanted.partition("@")
    if name == step and count == (int(nth) if nth else 1):
        os.kill(os.getpid(), signal.SIGKILL)


# ----- files ------------------------------------------------------------------------------------------
def _mkdir(path: Path) -> None:
    """Create ``path`` and missing parents with mode 0755 (whatever the umask)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with suppress(FileExistsError):
            folder.mkdir()
            os.chmod(folder, DIR_MODE)
    if not path.is_dir():
        raise StoreError(say(f"{path}: geen map", f"{path}: not a folder"))


def _fsync_dir(path: Path) -> None:
    with suppress(OSError):
        handle = os.open(path, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _temporary(path: Path, suffix: str) -> tuple[int, Path]:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=suffix, dir=path.parent)
    os.fchmod(handle, FILE_MODE)
    return handle, Path(temporary)


def file_sha256(path: Path) -> str:
    """Return the sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()




def frame_to_parquet_bytes(frame: pd.DataFrame, metadata: dict[str, str]) -> pa.Table:
    """Return an Arrow table of ``frame`` carrying ``metadata`` (JSON strings) in its schema."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    existing = table.schema.metadata or {}
    encoded = {key.encode(): value.encode() for key, value in metadata.items()}
    return table.replace_schema_metadata({**existing, **encoded})


def write_parquet_atomic(path: Path, frame: pd.DataFrame, metadata: dict[str, str]) -> str:
    """Write ``frame`` to ``path`` atomically (mode 0644) and return the sha256 of the written file.

    The frame is written to a temporary file beside ``path``, read back and compared (rows and
    columns), flushed to disk and only then moved over ``path``.
    """
    _mkdir(path.parent)
    table = frame_to_parquet_bytes(frame, metadata)
    handle, temp_path = _temporary(path, ".parquet.tmp")
    os.close(handle)
    try:
        pq.write_table(table, temp_path, compression="zstd")
        check = pq.read_metadata(temp_path)
        if check.num_rows != len(frame) or check.num_columns != len(frame.columns):
            raise StoreError(say(f"{path.name}: het geschreven bestand leest niet terug ({check.num_rows} rijen)",
                                  f"{path.name}: written file does not read back ({check.num_rows} rows)"))
        digest = file_sha256(temp_path)
        _fsync_path(temp_path)
        os.replace(temp_path, path)
        return digest
    finally:
        with suppress(FileNotFoundError):
            temp_path.unlink()


def _fsync_path(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file atomically (temporary file in the same folder, flushed, then replace; mode 0644)."""
    _mkdir(path.parent)
    handle, temporary = _temporary(path, ".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        with suppress(FileNotFoundError):
            temporary.unlink()


def link_or_copy(source: Path, target: Path) -> None:
    """Make ``target`` the same file as ``source``: a hard link, or a copy where links fail."""
    _mkdir(target.parent)
    try:
        os.link(source, target)
    except OSError:
        handle, temporary = _temporary(target, ".copy")
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, target)
        finally:
            with suppress(FileNotFoundError):
                temporary.unlink()


# ----- provenance and manifest --------------------------------------------------------------------
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
    path = resolve(data) / MANIFEST_NAME
    if not path.exists():
        return {"tables": {}, "updated_at": None}
    try:
        manifest = json.loads(_read_small(path))
    except json.JSONDecodeError as error:
        raise StoreError(say(f"{path}: beschadigd manifest ({error.msg} op regel {error.lineno})",
                              f"{path}: damaged manifest ({error.msg} at line {error.lineno})")) from None
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(say(f"{path}: kan het manifest niet lezen ({_reason(error)})",
                              f"{path}: cannot read the manifest ({_reason(error)})")) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("tables"), dict):
        raise StoreError(say(f"{path}: beschadigd manifest (geen lijst van tabellen)",
                             f"{path}: damaged manifest (no table list)"))
    return manifest


def _stage(data: Path, raw: RawTable) -> tuple[Path, dict]:
    """Write a raw table to a staging file and return (staging path, manifest entry)."""
    staging = data / "raw" / f".{raw.provenance.table_id}.parquet.staged"
    provenance = provenance_to_dict(raw.provenance)
    digest = write_parquet_atomic(
        staging, raw.frame, {METADATA_KEY.decode(): json.dumps(provenance, ensure_ascii=False)})
    entry = {
        **provenance,
        "file": f"raw/{raw.provenance.table_id}.parquet",
        "rows": len(raw.frame),
        "columns": list(raw.frame.columns),
        "parquet_sha256": digest,
    }
    return staging, entry


def write_manifest(data: Path, manifest: dict) -> None:
    """Write ``manifest.json`` into a store folder (atomically)."""
    write_text_atomic(data / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True))


def replace_tables(data: Path, tables: Iterable[RawTable], manifest: dict | None = None) -> dict:
    """Store new versions of several raw tables in the folder ``data`` and update its manifest.

    ``data`` is the folder written (a generation being made; it is not resolved). Every table is
    first staged (written and read back); only when all are staged do they replace the old files,
    and the manifest is written last. If staging fails, nothing that was stored before is touched.

    Args:
        data: the folder to write.
        tables: the raw tables.
        manifest: the manifest to extend (default: the folder's own).

    Returns:
        The new manifest.
    """
    staged: list[tuple[Path, dict]] = []
    try:
        for raw in tables:
            staged.append(_stage(data, raw))
            checkpoint("raw-staged")
    except BaseException:
        for path, _ in staged:
            path.unlink(missing_ok=True)
        raise
    manifest = json.loads(json.dumps(manifest)) if manifest is not None else _read_folder_manifest(data)
    for staging, entry in staged:
        os.replace(staging, data / entry["file"])
        manifest["tables"][entry["table_id"]] = entry
        checkpoint("raw-replaced")
    if staged or not manifest.get("updated_at"):
        manifest["updated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_manifest(data, manifest)
    checkpoint("manifest-written")
    return manifest


def _read_folder_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {"tables": {}, "updated_at": None}
    return read_manifest(folder)


def read_raw(data: Path, table_id: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a stored raw table (optionally only ``columns``)."""
    folder = resolve(data)
    path = folder / "raw" / f"{table_id}.parquet"
    if not path.exists():
        raise StoreError(say(f"tabel {table_id} staat niet in de opslag {folder}; draai eerst `hhu refresh`",
                              f"table {table_id} is not in the store at {folder}; run `hhu refresh` first"))
    try:
        return pq.read_table(path, columns=columns).to_pandas()
    except (pa.ArrowException, OSError) as error:
        raise StoreError(say(f"{path}: beschadigd tabelbestand ({_reason(error)})",
                              f"{path}: damaged table file ({_reason(error)})")) from None


def read_provenance(data: Path, table_id: str) -> Provenance:
    """Read the provenance stored inside a raw table's Parquet file."""
    folder = resolve(data)
    path = folder / "raw" / f"{table_id}.parquet"
    if not path.exists():
        raise StoreError(say(f"tabel {table_id} staat niet in de opslag {folder}; draai eerst `hhu refresh`",
                              f"table {table_id} is not in the store at {folder}; run `hhu refresh` first"))
    try:
        metadata = pq.read_schema(path).metadata or {}
    except (pa.ArrowException, OSError) as error:
        raise StoreError(say(f"{path}: beschadigd tabelbestand ({_reason(error)})",
                              f"{path}: damaged table file ({_reason(error)})")) from None
    if METADATA_KEY not in metadata:
        raise StoreError(say(f"{path}: geen herkomstgegevens", f"{path}: no provenance metadata"))
    return provenance_from_dict(json.loads(metadata[METADATA_KEY]))


def stored_table_ids(data: Path) -> list[str]:
    """Return the ids of the tables listed in the manifest."""
    return sorted(read_manifest(data)["tables"])


def check_tables(folder: Path) -> None:
    """Check that every table of a folder's manifest is there, whole: sha256 and row count.

    Raises:
        StoreError: naming the first file that is missing or differs.
    """
    manifest = _read_folder_manifest(folder)
    for table_id, entry in sorted(manifest["tables"].items()):
        path = folder / entry.get("file", f"raw/{table_id}.parquet")
        if not path.is_file():
            raise StoreError(say(f"{path}: ontbreekt (staat wel in {MANIFEST_NAME})",
                                 f"{path}: missing (listed in {MANIFEST_NAME})"))
        if entry.get("parquet_sha256") and file_sha256(path) != entry["parquet_sha256"]:
            raise StoreError(say(f"{path}: wijkt af van de sha256 in {MANIFEST_NAME}",
                                  f"{path}: differs from its sha256 in {MANIFEST_NAME}"))
        try:
            rows = pq.read_metadata(path).num_rows
        except (pa.ArrowException, OSError) as error:
            raise StoreError(say(f"{path}: beschadigd tabelbestand ({_reason(error)})",
                              f"{path}: damaged table file ({_reason(error)})")) from None
        if "rows" in entry and rows != entry["rows"]:
            raise StoreError(say(f"{path}: {rows} rijen, {MANIFEST_NAME} zegt {entry['rows']}",
                                  f"{path}: {rows} rows, {MANIFEST_NAME} says {entry['rows']}"))


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return (str(error).splitlines() or [type(error).__name__])[0][:200]


def _read_small(path: Path, limit: int = 64 << 20) -> str:
    """Read a text file that must be a regular file (never blocks on a FIFO)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(say(f"{path}: geen gewoon bestand", f"{path}: not a regular file"))
        if info.st_size > limit:
            raise StoreError(say(f"{path}: te groot ({info.st_size} bytes)", f"{path}: too large ({info.st_size} bytes)"))
        chunks = []
        while chunk := os.read(handle, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(handle)
    return b"".join(chunks).decode("utf-8")


# ----- generations: reading ---------------------------------------------------------------------------
def generations_dir(root: Path) -> Path:
    """The folder that holds a store root's generations."""
    return root / GENERATIONS_DIR


def _pointer(root: Path) -> str | None:
    """The generation name in ``CURRENT``, None when there is no pointer; StoreError when it is damaged."""
    path = root / CURRENT_NAME
    if not path.exists() and not path.is_symlink():
        return None
    try:
        name = _read_small(path, limit=4096).strip()
    except (OSError, UnicodeDecodeError) as error:
        raise StoreError(say(f"{path}: beschadigde verwijzing naar de huidige versie ({_reason(error)})",
                              f"{path}: damaged pointer ({_reason(error)})")) from None
    if not GENERATION_NAME.match(name):
        raise StoreError(say(f"{path}: beschadigde verwijzing naar de huidige versie (noemt geen versie)",
                              f"{path}: damaged pointer (does not name a generation)"))
    return name


def pointer_token(root: Path) -> str:
    """A cheap token that changes whenever another generation becomes current (for caches)."""
    try:
        return _pointer(root) or ""
    except StoreError:
        return "damaged"


def is_root(folder: Path) -> bool:
    """Tell whether ``folder`` is a store root in the generation layout (it has a pointer)."""
    return (folder / CURRENT_NAME).exists() or (folder / CURRENT_NAME).is_symlink()


def current(root: Path) -> Path:
    """Return the current generation folder of a store root.

    A root in the layout of earlier versions (no pointer, ``manifest.json`` in the root) is its own
    current folder.

    Raises:
        StoreError: no data yet, or the pointer is damaged or names a generation that is gone.
    """
    name = _pointer(root)
    if name is None:
        if (root / MANIFEST_NAME).exists():
            return root
        raise StoreError(say(f"geen gegevens in de opslag {root}: draai `hhu refresh`",
                              f"no data in the store at {root}: run `hhu refresh`"))
    folder = generations_dir(root) / name
    if not folder.is_dir():
        raise StoreError(say(f"{root / CURRENT_NAME}: noemt versie {name}, maar die ontbreekt",
                              f"{root / CURRENT_NAME}: names generation {name}, which is missing"))
    return folder


def resolve(data: Path) -> Path:
    """A complete store folder for ``data``: the current generation of a root, else ``data`` itself."""
    data = Path(data)
    return current(data) if is_root(data) else data


def current_or_none(root: Path) -> Path | None:
    """The current generation folder, or None when there is none (or it is damaged)."""
    try:
        return current(root)
    except StoreError:
        return None


def read_seal(folder: Path) -> dict | None:
    """The seal (``generation.json``) of a generation folder, None when it has none or it is unreadable."""
    path = folder / SEAL_NAME
    try:
        seal = json.loads(_read_small(path, limit=4 << 20))
    except (OSError, StoreError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return seal if isinstance(seal, dict) and isinstance(seal.get("files"), dict) else None


def verify_generation(folder: Path) -> dict:
    """Check a generation byte for byte against its seal; return the seal.

    Raises:
        StoreError: naming the first file that is missing, extra or changed.
    """
    seal = read_seal(folder)
    if seal is None:
        raise StoreError(say(f"{folder / SEAL_NAME}: ontbreekt of is beschadigd", f"{folder / SEAL_NAME}: missing or damaged"))
    listed = seal["files"]
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if not path.is_dir()}
    present.discard(SEAL_NAME)
    for name in sorted(set(listed) - present):
        raise StoreError(say(f"{folder / name}: ontbreekt", f"{folder / name}: missing"))
    for name in sorted(present - set(listed)):
        raise StoreError(say(f"{folder / name}: hoort niet bij de versie", f"{folder / name}: not part of the generation"))
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not path.is_file() or path.is_symlink():
            raise StoreError(say(f"{path}: geen gewoon bestand", f"{path}: not a regular file"))
        if path.stat().st_size != expected["bytes"] or file_sha256(path) != expected["sha256"]:
            raise StoreError(say(f"{path}: gewijzigd nadat de versie verzegeld is",
                                  f"{path}: changed after the generation was sealed"))
    return seal


def previous(data: Path) -> Path | None:
    """The generation before ``data`` (a root or a generation), None when it is gone or there is none."""
    folder = resolve(data)
    seal = read_seal(folder)
    name = seal.get("previous") if seal else None
    if not name or not GENERATION_NAME.match(str(name)):
        return None
    candidate = folder.parent / str(name)
    return candidate if candidate.is_dir() and read_seal(candidate) is not None else None


def generation_names(root: Path) -> list[str]:
    """Names of the sealed-or-not generation folders under a root, oldest first."""
    folder = generations_dir(root)
    if not folder.is_dir():
        return []
    names = [path.name for path in folder.iterdir() if GENERATION_NAME.match(path.name) and path.is_dir()]
    return sorted(names, key=lambda name: int(GENERATION_NAME.match(name).group(1)))


def last_good(root: Path, exclude: Iterable[str] = ()) -> tuple[Path | None, str]:
    """The newest generation that passes :func:`verify_generation`, preferring the current one.

    Args:
        root: the store root.
        exclude: generation names known to be bad (e.g. a reader failed on them).

    Returns:
        (folder or None, why the current generation was passed over: "" when it is the current one).
    """
    root = Path(root)
    excluded = set(exclude)
    reason = ""
    pointed = None
    try:
        folder = current(root)
        if folder == root:  # earlier layout: nothing to verify against
            return folder, ""
        pointed = folder.name
        if pointed in excluded:
            raise StoreError(say(f"{folder}: kon niet gelezen worden", f"{folder}: could not be read"))
        verify_generation(folder)
        return folder, ""
    except StoreError as error:
        reason = str(error)
    for name in reversed(generation_names(root)):
        if name == pointed or name in excluded:
            continue
        try:
            verify_generation(generations_dir(root) / name)
        except StoreError:
            continue
        return generations_dir(root) / name, reason
    return None, reason


@dataclasses.dataclass(frozen=True)
class GenerationInfo:
    """What ``hhu status`` says about a generation."""

    name: str
    created_at: str
    command: str
    previous: str | None
    current: bool


def generation_info(folder: Path, is_current: bool = False) -> GenerationInfo | None:
    """The seal of a generation as a :class:`GenerationInfo` (None without a seal)."""
    seal = read_seal(folder)
    if seal is None:
        return None
    return GenerationInfo(folder.name, str(seal.get("created_at", "")), str(seal.get("command", "")),
                          seal.get("previous"), is_current)


# ----- the writer lock ----------------------------------------------------------------------------------
def _lock_wait() -> float:
    try:
        return max(0.0, float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT)))
    except ValueError:
        return DEFAULT_LOCK_WAIT


def _holder(handle: int) -> str:
    try:
        info = json.loads(os.pread(handle, 4096, 0).decode("utf-8") or "{}")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        info = {}
    if not info.get("pid"):
        return say("een ander proces", "another process")
    since = str(info.get("since", "?"))
    try:
        since = datetime.fromisoformat(since).strftime(say("%d-%m-%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        pass
    return say(f"pid {info['pid']} (hhu {info.get('command', '?')}, sinds {since})",
               f"pid {info['pid']} (hhu {info.get('command', '?')}, since {since})")


@contextmanager
def lock(root: Path, command: str, wait: float | None = None, notify=None) -> Iterator[None]:
    """Hold the writer lock of a store root; wait at most ``wait`` seconds for it.

    Args:
        root: the store root (created when missing).
        command: what holds the lock (``refresh``, ``build``, ``rollback``), shown to a waiting writer.
        wait: seconds to wait for another writer (default ``$HHU_LOCK_WAIT`` or 60).
        notify: called once with a one-line message when the lock is held by someone else.

    Raises:
        StoreBusy: the lock was not free within ``wait`` seconds; the message names the holder.
    """
    root = Path(root)
    _mkdir(root)
    wait = _lock_wait() if wait is None else wait
    path = root / LOCK_NAME
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK, FILE_MODE)
    except OSError as error:
        raise StoreError(say(f"{path}: kan het schrijfslot niet openen ({_reason(error)})",
                              f"{path}: cannot open the lock file ({_reason(error)})")) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(say(f"{path}: geen gewoon bestand", f"{path}: not a regular file"))
        if stat.S_IMODE(info.st_mode) != FILE_MODE:
            with suppress(OSError):
                os.fchmod(handle, FILE_MODE)
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise StoreError(say(f"{path}: kan niet op slot ({_reason(error)})",
                                          f"{path}: cannot lock ({_reason(error)})")) from None
            holder = _holder(handle)
            seconds = f"{wait:g}".replace(".", ",")  # in Dutch words
            if time.monotonic() - started >= wait:
                raise StoreBusy(say(f"de opslag {root} is in gebruik door {holder}; gestopt na {seconds} s wachten",
                                     f"the store at {root} is in use by {holder}; gave up after waiting {wait:g} s"))
            if notify and not told:
                notify(say(f"de opslag is in gebruik door {holder}; wacht hoogstens {seconds} s",
                           f"the store is in use by {holder}; waiting at most {wait:g} s"))
                told = True
            time.sleep(0.05)
        info = {"pid": os.getpid(), "command": command,
                "since": datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(handle, 0)
        os.pwrite(handle, json.dumps(info).encode(), 0)
        checkpoint("locked")
        try:
            yield
        finally:
            with suppress(OSError):
                os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


# ----- generations: writing -------------------------------------------------------------------------------
def cleanup(root: Path) -> list[str]:
    """Remove what earlier runs left: stages, pointer temporaries, generations no longer kept.

    Kept: the current generation and its previous one. Call only while holding the lock.

    Returns:
        The names removed (relative to the root).
    """
    root = Path(root)
    removed: list[str] = []
    for path in root.glob(f".{CURRENT_NAME}-*.tmp"):
        path.unlink(missing_ok=True)
        removed.append(path.name)
    folder = generations_dir(root)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name.startswith(STAGE_PREFIX) or (path.name.startswith(f".{SERIAL_NAME}-")
                                                      and path.name.endswith(".tmp")):
                _remove(path)
                removed.append(f"{GENERATIONS_DIR}/{path.name}")
    try:
        kept_folder = current(root) if is_root(root) else None
    except StoreError:
        kept_folder = None
    if kept_folder is None or kept_folder == root:
        return removed  # no valid pointer: keep every generation (rollback and the dashboard may need one)
    keep = {kept_folder.name}
    before = previous(kept_folder)
    if before is not None:
        keep.add(before.name)
    for name in generation_names(root):
        if name not in keep:
            _remove(folder / name)
            removed.append(f"{GENERATIONS_DIR}/{name}")
    if (root / MANIFEST_NAME).is_file() or (root / "raw").is_dir():  # the earlier layout, adopted by an earlier writer
        for name in LEGACY_NAMES:
            if (root / name).exists():
                _remove(root / name)
                removed.append(name)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _switch(root: Path, name: str) -> None:
    """Make generation ``name`` current: write the pointer beside ``CURRENT`` and rename it over."""
    handle, temporary = tempfile.mkstemp(prefix=f".{CURRENT_NAME}-", suffix=".tmp", dir=root)
    try:
        os.fchmod(handle, FILE_MODE)
        os.write(handle, f"{name}\n".encode())
        os.fsync(handle)
        os.close(handle)
        handle = -1
        checkpoint("pointer-written")
        os.replace(temporary, root / CURRENT_NAME)
        checkpoint("switched")
        _fsync_dir(root)
    finally:
        if handle >= 0:
            os.close(handle)
        with suppress(FileNotFoundError):
            os.unlink(temporary)


class Writer:
    """A new generation being written under the lock (see :func:`writer`).

    Attributes:
        root: the store root.
        command: ``refresh`` or ``build``.
        base: the current generation when the writer started (None in an empty store).
        stage: the folder being written (after :meth:`begin`).
        name: the name the generation gets when it is committed.
        committed: the generation folder after :meth:`commit`.
    """

    def __init__(self, root: Path, command: str, base: Path | None) -> None:
        self.root = root
        self.command = command
        self.base = base
        self.stage: Path | None = None
        self.name = ""
        self.committed: Path | None = None

    def begin(self) -> Path:
        """Create the stage folder of the next generation and return it.

        Generation numbers are never used twice (``generations/.serial`` keeps the highest one
        used), so a name always means the same content, also to a reader's cache.
        """
        numbers = [int(GENERATION_NAME.match(name).group(1)) for name in generation_names(self.root)]
        pointed = _pointer(self.root) if is_root(self.root) else None
        if pointed:
            numbers.append(int(GENERATION_NAME.match(pointed).group(1)))
        serial = generations_dir(self.root) / SERIAL_NAME
        with suppress(OSError, ValueError, StoreError, UnicodeDecodeError):
            numbers.append(int(_read_small(serial, limit=64).strip()))
        self.name = f"gen-{max(numbers, default=0) + 1:06d}"
        _mkdir(generations_dir(self.root))
        self.stage = generations_dir(self.root) / f"{STAGE_PREFIX}{self.name}-{os.getpid()}"
        _mkdir(self.stage)
        checkpoint("stage-created")
        return self.stage

    def carry(self, relative: str) -> bool:
        """Put the base generation's file ``relative`` into the stage unchanged (hard link or copy).

        Returns:
            False when the base has no such file.
        """
        if self.base is None or self.stage is None:
            return False
        source = self.base / relative
        if not source.is_file():
            return False
        link_or_copy(source, self.stage / relative)
        return True

    def commit(self) -> Path:
        """Seal the stage, flush it to disk and make it the current generation in one step."""
        if self.stage is None:
            raise StoreError(say("niets om vast te leggen", "nothing to commit"))
        stage = self.stage
        files = {}
        for path in sorted(stage.rglob("*")):
            if path.is_dir():
                os.chmod(path, DIR_MODE)
                continue
            if path.is_symlink() or not path.is_file():
                raise StoreError(say(f"{path}: geen gewoon bestand in de nieuwe versie",
                                      f"{path}: not a regular file in the new generation"))
            if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
                os.chmod(path, FILE_MODE)
            _fsync_path(path)
            files[path.relative_to(stage).as_posix()] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
        previous_name = self.base.name if self.base is not None and self.base != self.root else None
        seal = {"generation": self.name, "command": self.command, "previous": previous_name,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"), "files": files}
        write_text_atomic(stage / SEAL_NAME, json.dumps(seal, indent=1, sort_keys=True))
        checkpoint("sealed")
        for folder in sorted({path.parent for path in stage.rglob("*")} | {stage}, key=lambda p: -len(p.parts)):
            _fsync_dir(folder)
        write_text_atomic(generations_dir(self.root) / SERIAL_NAME, f"{GENERATION_NAME.match(self.name).group(1)}\n")
        target = generations_dir(self.root) / self.name
        os.rename(stage, target)
        self.stage = None
        _fsync_dir(generations_dir(self.root))
        checkpoint("renamed")
        _switch(self.root, self.name)
        self.committed = target
        cleanup(self.root)
        checkpoint("cleaned")
        return target


@contextmanager
def writer(root: Path, command: str, wait: float | None = None, notify=None) -> Iterator[Writer]:
    """Take the lock, clean up, and yield a :class:`Writer` for a new generation.

    Nothing becomes current unless :meth:`Writer.commit` is called; on any error (or when the
    block ends without a commit) the stage is removed and the store is as it was.

    Raises:
        StoreBusy: another writer holds the lock (see :func:`lock`).
        StoreError: ``root`` is a generation folder, not a store root.
    """
    root = Path(root)
    if (root / SEAL_NAME).exists():
        raise StoreError(say(f"{root} is een versie binnen een opslag; laat HHU_DATA naar de opslag zelf wijzen "
                             f"({root.parent.parent})",
                             f"{root} is a generation of a store; point HHU_DATA at the store root "
                             f"({root.parent.parent})"))
    with lock(root, command, wait, notify):
        cleanup(root)
        checkpoint("cleanup")
        if is_root(root):
            try:
                base = current(root)
            except StoreError as error:
                raise StoreError(say(f"{error}; `hhu rollback` neemt de nieuwste goede versie weer in gebruik",
                                     f"{error}; `hhu rollback` makes the newest good generation current")) from None
        else:
            base = root if (root / MANIFEST_NAME).exists() else None  # earlier layout: adopted
        work = Writer(root, command, base)
        try:
            yield work
        finally:
            if work.stage is not None:
                _remove(work.stage)


def rollback(root: Path, wait: float | None = None, notify=None) -> tuple[str, str]:
    """Make the previous generation current again (``hhu rollback``).

    When the pointer is damaged or names a damaged generation, the newest generation that passes
    :func:`verify_generation` becomes current instead.

    Returns:
        (the generation that was current, the generation that is current now).

    Raises:
        StoreError: there is no earlier generation to return to.
    """
    root = Path(root)
    with lock(root, "rollback", wait, notify):
        cleanup(root)
        try:
            folder = current(root)
        except StoreError:
            folder = None
        if folder is not None and folder != root:
            target = previous(folder)
            if target is None:
                raise StoreError(say(f"geen eerdere versie in de opslag {root} om naar terug te gaan",
                                      f"no earlier generation in the store at {root} to go back to"))
            verify_generation(target)
            was = folder.name
        else:
            target, _ = last_good(root)
            if target is None or target == root:
                raise StoreError(say(f"geen versie in de opslag {root} om naar terug te gaan",
                                      f"no generation in the store at {root} to go back to"))
            was = _pointer_text(root)
        _switch(root, target.name)
        checkpoint("rolled-back")
        return was, target.name


def _pointer_text(root: Path) -> str:
    try:
        return _read_small(root / CURRENT_NAME, limit=4096).strip()[:40] or say("(lege pointer)", "(empty pointer)")
    except (OSError, StoreError, UnicodeDecodeError):
        return say("(beschadigde pointer)", "(damaged pointer)")
