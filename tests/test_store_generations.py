"""Store generations: one switch per refresh and build, hard links, seals, modes, rollback, the lock, readers."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from indicators import api, cli, config, pipeline, store
from indicators.messages import language
from indicators.refresh import refresh
from tests.store_helpers import REFRESHED, SMALL_TABLES, current_state, hhu, small_mirror, snapshot

TABLE = REFRESHED
COLUMN = "LevensverwachtingLV_1"


@pytest.fixture(scope="module")
def small_source(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_mirror(mirror, tmp_path_factory.mktemp("mirror") / "cbs")


@pytest.fixture(scope="module")
def small_store(small_source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small") / "data"
    refresh(root, small_source, list(SMALL_TABLES), progress=None)
    return root


@pytest.fixture
def root(small_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(small_store, copy)
    return copy


def _unsealed_mirror(small_source: Path, tmp_path: Path) -> Path:
    """A copy of the small mirror without MANIFEST.tsv, whose files a test may change."""
    copy = tmp_path / "unsealed"
    shutil.copytree(small_source, copy)
    (copy / "MANIFEST.tsv").unlink()
    return copy


def _bump_first_value(folder: Path) -> None:
    """Change the first number of the life expectancy column (a new data release)."""
    path = folder / "tables" / f"{TABLE}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(";")
    index = header.index(COLUMN)
    for number, line in enumerate(lines[1:], start=1):
        fields = line.split(";")
        if len(fields) == len(header) and fields[index].strip() not in ("", "."):
            fields[index] = str(float(fields[index]) + 1.0)
            lines[number] = ";".join(fields)
            break
    path.write_text("\n".join(lines), encoding="utf-8")


# ----- layout ----------------------------------------------------------------------------------------
def test_refresh_writes_one_sealed_generation_with_0644_files_and_0755_folders(small_source: Path,
                                                                                tmp_path: Path) -> None:
    root = tmp_path / "data"
    old_mask = os.umask(0o077)  # a strict umask must not make the store private
    try:
        results = refresh(root, small_source, list(SMALL_TABLES), progress=None)
    finally:
        os.umask(old_mask)
    assert results.switched and results.generation == "gen-000001"
    assert (root / store.CURRENT_NAME).read_text() == "gen-000001\n"
    folder = store.current(root)
    seal = store.verify_generation(folder)
    assert seal["previous"] is None and seal["command"] == "refresh"
    assert set(seal["files"]) == {"raw/86059NED.parquet", f"raw/{TABLE}.parquet", "manifest.json",
                                  "geo/gemeenten.geojson", "indicators.parquet", "progress.parquet"}
    for path in [root / store.CURRENT_NAME, root / store.LOCK_NAME, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))
    for path in (store.generations_dir(root), folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o755
    assert sorted(path.name for path in root.iterdir()) == [store.CURRENT_NAME, store.LOCK_NAME, "generations"]


def test_unchanged_raw_files_are_hard_links_to_the_previous_generation(root: Path) -> None:
    old = store.current(root)
    results = refresh(root, _mirror_of(root), [TABLE], progress=None, force=True)
    new = store.current(root)
    assert results.switched and new != old
    assert os.stat(new / "raw/86059NED.parquet").st_ino == os.stat(old / "raw/86059NED.parquet").st_ino
    assert os.stat(new / f"raw/{TABLE}.parquet").st_ino != os.stat(old / f"raw/{TABLE}.parquet").st_ino
    assert store.previous(root) == old


def _mirror_of(root: Path) -> Path:
    """The mirror a test store was refreshed from (its manifest names the file read)."""
    location = store.read_manifest(root)["tables"][TABLE]["location"]
    return Path(location).parent.parent


def test_hard_links_fall_back_to_copies(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    old = store.current(root)
    pipeline.build(root)
    new = store.current(root)
    for name in ("raw/86059NED.parquet", f"raw/{TABLE}.parquet", "manifest.json", "geo/gemeenten.geojson"):
        assert (new / name).read_bytes() == (old / name).read_bytes()
        assert os.stat(new / name).st_ino != os.stat(old / name).st_ino
        assert stat.S_IMODE((new / name).stat().st_mode) == 0o644
    store.verify_generation(new)


def test_nothing_changed_means_no_new_generation(root: Path) -> None:
    before = snapshot(root)
    results = refresh(root, _mirror_of(root), list(SMALL_TABLES), progress=None)
    assert not results.switched and [result.state for result in results] == ["unchanged", "unchanged"]
    assert snapshot(root) == before


def test_build_keeps_exactly_the_previous_generation(root: Path) -> None:
    first = store.current(root).name
    pipeline.build(root)
    second = store.current(root).name
    assert store.previous(root).name == first
    pipeline.build(root)
    third = store.current(root).name
    assert store.generation_names(root) == [second, third]  # the oldest was removed
    assert store.previous(root).name == second
    assert store.verify_generation(store.current(root))["command"] == "build"


def test_build_carries_the_municipal_and_district_boundaries(built_store: Path, tmp_path: Path) -> None:
    """A build makes a new generation from the stored inputs: both boundary files go with it (the district map)."""
    copy = tmp_path / "data"
    shutil.copytree(built_store, copy)
    before = store.current(copy)
    assert (before / "geo" / "wijken.geojson").is_file()
    pipeline.build(copy)
    after = store.current(copy)
    assert after != before
    for name in ("gemeenten.geojson", "wijken.geojson"):
        assert (after / "geo" / name).read_bytes() == (before / "geo" / name).read_bytes()


def test_rollback_returns_to_the_previous_generation_once(root: Path, monkeypatch, capsys) -> None:
    first_name, first = current_state(root)
    pipeline.build(root)
    monkeypatch.setenv(config.DATA_ENV, str(root))
    assert cli.main(["rollback"]) == 0
    assert f"Terug naar versie {first_name}" in capsys.readouterr().out
    assert current_state(root) == (first_name, first)
    assert cli.main(["rollback"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hhu: geen eerdere versie in de opslag ")


def test_previous_build_is_kept_only_for_a_new_data_release(small_source: Path, tmp_path: Path) -> None:
    source = _unsealed_mirror(small_source, tmp_path)
    root = tmp_path / "data"
    refresh(root, source, list(SMALL_TABLES), progress=None)
    pipeline.build(root)  # the same sources: nothing to compare with
    assert not (store.current(root) / "indicators.previous.parquet").exists()
    before = store.current(root)
    _bump_first_value(source)
    refresh(root, source, list(SMALL_TABLES), progress=None)  # a new release
    kept = store.current(root) / "indicators.previous.parquet"
    assert kept.read_bytes() == (before / "indicators.parquet").read_bytes()
    assert os.stat(kept).st_ino == os.stat(before / "indicators.parquet").st_ino  # a hard link, not a copy
    pipeline.build(root)  # same sources again: the comparison base is carried along
    assert (store.current(root) / "indicators.previous.parquet").read_bytes() == kept.read_bytes()
    changes = api.previous_indicators_table(root)
    assert changes is not None and len(changes) == len(api.indicators_table(root))


# ----- readers -----------------------------------------------------------------------------------------
def test_api_reads_the_current_generation_and_sees_a_switch(small_source: Path, tmp_path: Path) -> None:
    source = _unsealed_mirror(small_source, tmp_path)
    root = tmp_path / "data"
    refresh(root, source, list(SMALL_TABLES), progress=None)
    first = api.indicators_table(root)
    assert api.indicators_table(root) is first  # cached per generation
    _bump_first_value(source)
    refresh(root, source, list(SMALL_TABLES), progress=None)
    second = api.indicators_table(root)
    assert second is not first
    rows = ["indicator_id", "region_code", "period"]
    merged = first.merge(second, on=rows, suffixes=("_old", "_new"))
    changed = merged.loc[merged["value_old"] != merged["value_new"]]
    assert len(changed) >= 1  # the new value reached the reader
    # a generation folder reads as a complete store folder, as before
    assert api.indicators_table(store.current(root)) is second
    assert store.read_raw(root, TABLE).equals(store.read_raw(store.current(root), TABLE))


def test_damaged_pointer_is_one_line_and_rollback_repairs_it(root: Path, monkeypatch, capsys) -> None:
    good_name, good = current_state(root)
    (root / store.CURRENT_NAME).write_text("../../etc\n")
    with pytest.raises(store.StoreError, match="beschadigde verwijzing naar de huidige versie"):
        api.manifest(root)
    with language("en"), pytest.raises(store.StoreError, match="damaged pointer"):
        api.manifest(root)
    monkeypatch.setenv(config.DATA_ENV, str(root))
    assert cli.main(["build"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "beschadigde verwijzing" in err[0] and "hhu rollback" in err[0]
    assert cli.main(["rollback"]) == 0
    assert current_state(root) == (good_name, good)


def test_a_changed_file_fails_the_seal_and_the_last_good_generation_is_used(root: Path) -> None:
    first = store.current(root)
    pipeline.build(root)
    second = store.current(root)
    with (second / "progress.parquet").open("r+b") as handle:  # one byte changed in place
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(store.StoreError, match="progress.parquet: gewijzigd nadat de versie verzegeld is"):
        store.verify_generation(second)
    folder, reason = store.last_good(root)
    assert folder == first and "progress.parquet" in reason


def test_a_generation_folder_is_not_a_store_root(root: Path) -> None:
    with pytest.raises(store.StoreError, match="is een versie binnen een opslag; laat HHU_DATA naar de opslag zelf wijzen"):
        pipeline.build(store.current(root))


def test_the_layout_of_earlier_versions_is_adopted(root: Path, tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    shutil.copytree(store.current(root), legacy)
    (legacy / store.SEAL_NAME).unlink()
    raw_before = {name: digest for name, digest in snapshot(legacy).items() if name.startswith("raw/")}
    assert api.manifest(legacy)["tables"]  # read as it is
    pipeline.build(legacy)
    folder = store.current(legacy)
    assert folder.parent == store.generations_dir(legacy)
    assert {name: digest for name, digest in snapshot(folder).items() if name.startswith("raw/")} == raw_before
    assert sorted(path.name for path in legacy.iterdir()) == [store.CURRENT_NAME, store.LOCK_NAME, "generations"]


# ----- the lock -----------------------------------------------------------------------------------------
def test_a_second_writer_waits_then_names_the_holder(root: Path) -> None:
    before = snapshot(store.current(root))
    with store.lock(root, "refresh"):
        started = time.monotonic()
        with pytest.raises(store.StoreBusy) as excinfo:
            pipeline.build(root, wait=0.3)
        assert time.monotonic() - started < 2.0
    message = str(excinfo.value)
    assert "\n" not in message
    assert f"in gebruik door pid {os.getpid()} (hhu refresh, sinds " in message and "na 0,3 s wachten" in message
    assert snapshot(store.current(root)) == before
    assert (root / store.LOCK_NAME).read_text() == ""  # holder details are cleared on release


def test_generation_names_are_never_used_twice(root: Path) -> None:
    first = store.current(root).name
    pipeline.build(root)
    second = store.current(root).name
    store.rollback(root)
    pipeline.build(root)  # the rolled-back-from generation is removed first; its name is not given out again
    third = store.current(root).name
    assert len({first, second, third}) == 3
    assert store.generation_names(root) == [first, third]


def test_a_waiting_writer_goes_on_when_the_lock_is_freed(root: Path) -> None:
    messages: list[str] = []
    release = threading.Event()

    def hold() -> None:
        with store.lock(root, "refresh"):
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    threading.Timer(0.5, release.set).start()
    pipeline.build(root, wait=10, notify=messages.append)
    holder.join()
    assert len(messages) == 1 and "wacht hoogstens 10 s" in messages[0]
    assert store.verify_generation(store.current(root))["command"] == "build"


def test_busy_store_on_the_command_line_is_one_line(root: Path) -> None:
    with store.lock(root, "refresh"):
        done = hhu("build", data=root, env={"HHU_LOCK_WAIT": "0.5"}, timeout=120)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line]
    assert len(lines) == 2  # the notice that it waits, and the one line why it stopped
    assert lines[-1].startswith("hhu: de opslag ") and f"in gebruik door pid {os.getpid()} (hhu refresh" in lines[-1]
    with store.lock(root, "refresh"):
        english = hhu("build", "--lang", "en", data=root, env={"HHU_LOCK_WAIT": "0.5"}, timeout=120)
    last = [line for line in english.stderr.splitlines() if line][-1]
    assert last.startswith("hhu: the store at ") and f"in use by pid {os.getpid()} (hhu refresh, since " in last


# ----- a failure never leaves anything behind ------------------------------------------------------------
def test_a_failed_build_leaves_the_store_byte_identical(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(root)

    def broken(stage, base=None, baseline_year=None):
        (stage / "indicators.parquet").write_bytes(b"half")
        raise pipeline.store.StoreError("the build failed half-way")

    monkeypatch.setattr(pipeline, "build_into", broken)
    with pytest.raises(store.StoreError, match="half-way"):
        pipeline.build(root)
    assert snapshot(root) == before


def test_validation_refuses_a_generation_whose_build_does_not_match_its_tables(root: Path) -> None:
    stage = root / "check"
    shutil.copytree(store.current(root), stage)
    manifest = json.loads((stage / "manifest.json").read_text())
    manifest["tables"][TABLE]["sha256"] = "another release"
    (stage / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(store.StoreError, match=f"indicators.parquet: berekend uit andere versies van {TABLE}"):
        pipeline.validate_generation(stage)
    pd.testing.assert_frame_equal(store.read_raw(stage, TABLE), store.read_raw(root, TABLE))
