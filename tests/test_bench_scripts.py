"""The benchmark scripts still run against the present code (one stage of each, not the timings).

A benchmark that calls a function the code no longer has is found here, not on the day someone
needs its numbers. Nothing is timed: only that the scripts' own steps work on the session's store.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from indicators import store

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_data_stages_run_on_a_generation(built_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "generation"
    shutil.copytree(store.current(built_store), folder)
    stages = _load("bench_data")._stages(folder)
    assert {"load raw tables", "region model", "indicators (all stages)", "progress table"} <= set(stages)
    assert all(seconds >= 0 for seconds in stages.values())
    assert (folder / "bench_indicators.parquet").stat().st_size > 0


@pytest.mark.parametrize("name", ["bench_data", "bench_dashboard", "bench_store", "compare_with_revision"])
def test_bench_scripts_import(name: str) -> None:
    module = _load(name)
    assert callable(module.main)


def test_dashboard_benchmark_starts_the_server_as_hhu_dashboard_does() -> None:
    module = _load("bench_dashboard")
    assert module.SERVE == BENCH.parent / "dashboard" / "serve.py" and module.SERVE.exists()
