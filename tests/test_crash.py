"""Crash consistency: ``hhu refresh``, ``hhu build`` and ``hhu rollback`` killed with SIGKILL at every step.

Each run is a subprocess on its own copy of a small store (two tables). ``HHU_KILL_AFTER=<step>``
makes it kill itself right after a named step of the writer (:func:`indicators.store.checkpoint`);
the timed test kills it from outside at moments spread over an uninterrupted run. After every
kill the store must hold the old generation byte for byte, or the new one exactly as sealed; and
what the next writer does first (lock, clean up) must leave no stage, temporary pointer or stray
generation behind. A few killed stores are then refreshed for real to show the next run succeeds.
"""

from __future__ import annotations

import shutil
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from indicators import store
from indicators.refresh import refresh
from tests.store_helpers import REFRESHED, SMALL_TABLES, assert_old_or_new, current_state, hhu, leftovers, small_mirror, snapshot

PARALLEL = 3
REFRESH_ARGS = ("refresh", "--tables", REFRESHED, "--force")
# every step of a refresh, in order; the switch happens at "switched"
REFRESH_STEPS = ("locked", "cleanup", "gebieden-read", "tables-read", "boundaries-read", "stage-created", "carried",
                 "raw-staged", "raw-replaced", "manifest-written", "geo-written", "built", "previous-kept",
                 "indicators-written", "progress-written", "validated", "sealed", "renamed", "pointer-written",
                 "switched", "cleaned")
BUILD_STEPS = ("locked", "cleanup", "stage-created", "carried", "built", "previous-kept", "indicators-written",
               "progress-written", "validated", "sealed", "renamed", "pointer-written", "switched", "cleaned")
ROLLBACK_STEPS = ("locked", "pointer-written", "switched", "rolled-back")
AFTER_SWITCH = {"switched", "cleaned", "rolled-back"}


@pytest.fixture(scope="module")
def source(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_mirror(mirror, tmp_path_factory.mktemp("crash-mirror") / "cbs")


@pytest.fixture(scope="module")
def template(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crash-template") / "data"
    refresh(root, source, list(SMALL_TABLES), progress=None)
    return root


def _copy(template: Path, folder: Path) -> Path:
    shutil.copytree(template, folder)
    return folder


def _kill_at(step: str, argv: tuple[str, ...], root: Path) -> tuple[str, int, str]:
    done = hhu(*argv, data=root, env={"HHU_KILL_AFTER": step})
    return step, done.returncode, done.stderr[-400:]


def _check_after_kill(root: Path, old_name: str, old: dict[str, str], step: str) -> tuple[str, list[str]]:
    """The store is old or new; then the next writer's first act removes every leftover."""
    state = assert_old_or_new(root, old_name, old)
    found = leftovers(root)
    with store.lock(root, "test"):
        store.cleanup(root)
    assert leftovers(root) == [], (step, leftovers(root))
    assert assert_old_or_new(root, old_name, old) == state  # cleaning never changes what is current
    return state, found


def _run_all(steps: tuple[str, ...], argv: tuple[str, ...], template: Path, tmp_path: Path) -> dict[str, tuple]:
    roots = {step: _copy(template, tmp_path / step) for step in steps}
    with ThreadPoolExecutor(PARALLEL) as pool:
        runs = list(pool.map(lambda step: _kill_at(step, argv, roots[step]), steps))
    return {step: (code, err, roots[step]) for step, code, err in runs}


def test_refresh_killed_after_every_step(template: Path, source: Path, tmp_path: Path) -> None:
    old_name, old = current_state(template)
    runs = _run_all(REFRESH_STEPS, (*REFRESH_ARGS, "--mirror", str(source)), template, tmp_path)
    outcome = {}
    for step in REFRESH_STEPS:
        code, err, root = runs[step]
        assert code == -signal.SIGKILL, (step, code, err)  # the step exists and the kill happened there
        state, found = _check_after_kill(root, old_name, old, step)
        assert state == ("new" if step in AFTER_SWITCH else "old"), step
        outcome[step] = (state, found)
    # stages and half-switched pointers were really left behind, and cleaned
    assert any(name.startswith(".stage-") for _, found in outcome.values() for name in found)
    assert any(name.startswith(".CURRENT-") for _, found in outcome.values() for name in found)
    assert "gen-000002" in outcome["renamed"][1]  # complete but never current: removed
    # the next refresh runs normally on a killed store
    for step in ("raw-replaced", "renamed", "pointer-written"):
        results = refresh(runs[step][2], source, [REFRESHED], progress=None, force=True)
        assert results.switched
        store.verify_generation(store.current(runs[step][2]))
        assert leftovers(runs[step][2]) == []


def test_build_killed_after_every_step(template: Path, tmp_path: Path) -> None:
    old_name, old = current_state(template)
    runs = _run_all(BUILD_STEPS, ("build",), template, tmp_path)
    for step in BUILD_STEPS:
        code, err, root = runs[step]
        assert code == -signal.SIGKILL, (step, code, err)
        state, _ = _check_after_kill(root, old_name, old, step)
        assert state == ("new" if step in AFTER_SWITCH else "old"), step


def test_rollback_killed_after_every_step(template: Path, tmp_path: Path) -> None:
    from indicators.pipeline import build

    two = _copy(template, tmp_path / "two")
    build(two)
    new_name, new = current_state(two)
    old_name = store.previous(two).name
    old = snapshot(store.generations_dir(two) / old_name)
    runs = _run_all(ROLLBACK_STEPS, ("rollback",), two, tmp_path / "runs")
    for step in ROLLBACK_STEPS:
        code, err, root = runs[step]
        assert code == -signal.SIGKILL, (step, code, err)
        name, current = current_state(root)
        expected = (old_name, old) if step in AFTER_SWITCH else (new_name, new)
        assert (name, current) == expected, step
        store.verify_generation(store.current(root))


def test_refresh_killed_at_random_moments(template: Path, source: Path, tmp_path: Path) -> None:
    old_name, old = current_state(template)
    argv = (*REFRESH_ARGS, "--mirror", str(source))
    started = time.monotonic()
    done = hhu(*argv, data=_copy(template, tmp_path / "whole"))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    fractions = (0.5, 0.6, 0.68, 0.75, 0.8, 0.85, 0.9, 0.95, 0.98)

    def kill_after(index: int) -> tuple[int, Path]:
        root = _copy(template, tmp_path / f"timed{index}")
        process = hhu(*argv, data=root, background=True)
        time.sleep(duration * fractions[index])
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        return process.returncode, root

    with ThreadPoolExecutor(PARALLEL) as pool:
        runs = list(pool.map(kill_after, range(len(fractions))))
    states = []
    for code, root in runs:
        assert code in (-signal.SIGKILL, 0)
        states.append(_check_after_kill(root, old_name, old, f"timed {code}")[0])
    assert set(states) <= {"old", "new"}
