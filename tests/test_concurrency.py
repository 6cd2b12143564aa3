"""Concurrency: two refreshes at once, a refresh with a build, readers while the store switches.

Writers are ``hhu`` subprocesses on one small store; they take turns under the lock and every run
ends with exit 0 and a store that passes its seal, without leftovers. Readers (the API in this
process) read in a loop while generations switch: every read succeeds and sees one whole
generation (its build was made from exactly the tables its manifest lists).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from indicators import api, pipeline, store
from indicators.refresh import refresh
from tests.store_helpers import REFRESHED, SMALL_TABLES, hhu, leftovers, small_mirror

ROUNDS = 3


@pytest.fixture(scope="module")
def source(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_mirror(mirror, tmp_path_factory.mktemp("concurrent-mirror") / "cbs")


@pytest.fixture(scope="module")
def template(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("concurrent-template") / "data"
    refresh(root, source, list(SMALL_TABLES), progress=None)
    return root


def _together(commands: list[tuple[str, ...]], root: Path) -> list:
    processes = [hhu(*argv, data=root, background=True) for argv in commands]
    return [(process.wait(timeout=600), *process.communicate()) for process in processes]


def _check(root: Path, runs: list, expected_generations: int) -> None:
    for code, out, err in runs:
        assert code == 0, err
        assert "Traceback" not in err
    folder = store.current(root)
    store.verify_generation(folder)
    assert int(folder.name.removeprefix("gen-")) == expected_generations
    assert leftovers(root) == []
    pipeline.validate_generation(folder)


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_two_refreshes_at_once_take_turns(template: Path, source: Path, tmp_path: Path, round_number: int) -> None:
    root = tmp_path / "data"
    shutil.copytree(template, root)
    argv = ("refresh", "--mirror", str(source), "--tables", REFRESHED, "--force")
    runs = _together([argv, argv], root)
    _check(root, runs, expected_generations=3)  # both switched, one after the other
    waited = [err for _, _, err in runs if "in gebruik door pid" in err]
    assert len(waited) <= 1  # at most one had to wait, and it said for whom


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_refresh_and_build_at_once_take_turns(template: Path, source: Path, tmp_path: Path, round_number: int) -> None:
    root = tmp_path / "data"
    shutil.copytree(template, root)
    runs = _together([("refresh", "--mirror", str(source), "--tables", REFRESHED, "--force"), ("build",)], root)
    _check(root, runs, expected_generations=3)


def test_readers_see_whole_generations_while_the_store_switches(template: Path, source: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(template, root)
    stop = threading.Event()
    errors: list[BaseException] = []
    seen: set[str] = set()

    def read() -> None:
        while not stop.is_set():
            try:
                folder = api.folder(root)  # resolved once; everything below reads this one generation
                manifest = api.manifest(folder)
                table = api.indicators_table(folder)
                sources = pipeline.built_sources(folder / "indicators.parquet")
                assert not table.empty
                assert all(manifest["tables"][name]["sha256"] == digest for name, digest in sources.items())
                assert pq.read_metadata(folder / "progress.parquet").num_rows > 0
                seen.add(folder.name)
            except BaseException as error:  # noqa: BLE001 - collected for the assertion below
                errors.append(error)
                return

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    try:
        for _ in range(3):
            done = hhu("build", data=root)
            assert done.returncode == 0, done.stderr
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    assert errors == []
    assert len(seen) >= 2  # the readers really lived through switches


def test_a_reader_that_resolved_a_generation_keeps_reading_it_after_a_switch(template: Path, tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(template, root)
    folder = api.folder(root)
    before = api.indicators_table(folder)
    pipeline.build(root)
    assert api.folder(root) != folder
    assert api.indicators_table(folder) is before  # the old generation is kept (for rollback and for readers)
    started = time.monotonic()
    assert api.regions(folder).municipalities is not None
    assert time.monotonic() - started < 30
