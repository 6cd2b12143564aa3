"""Benchmarks of the data foundation and the build (issue targets in brackets).

* full refresh from the mirror into an empty store            [< 20 s]
* loading every raw table of the store                        [< 0.5 s]
* full build: all indicators, regions, years, plus progress   [< 2 s]
  (``hhu build``'s path: a new generation with the raw files linked, validated, sealed, switched)
* loading the built tables for one municipality               [< 50 ms]

Run: ``python bench/bench_data.py`` (uses ``../shared/cbs`` or ``$HHU_MIRROR``). Prints a
Markdown table to paste into bench/RESULTS.md, then where the full build's time goes, per stage
(median of 3 in-process runs on the current generation; the indicator stages are
:class:`indicators.build.BuildContext` timings in CPU seconds, the others wall seconds).
"""

from __future__ import annotations

import platform
import statistics
import tempfile
import time
from pathlib import Path

from indicators import api, build, config, pipeline, store
from indicators.refresh import refresh

REPEATS = 5


def _timed(function, repeats: int = REPEATS) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    """Run every benchmark and print the results."""
    mirror = config.default_mirror()
    if mirror is None:
        raise SystemExit("no mirror folder: set HHU_MIRROR")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        refresh_times = _timed(lambda: refresh(data, mirror, progress=None, force=True), repeats=3)
        current = store.current(data)
        tables = store.stored_table_ids(current)
        load_times = _timed(lambda: [store.read_raw(current, table) for table in tables])
        build_times = _timed(lambda: pipeline.build(data), repeats=3)

        def one_region() -> None:
            api.region_indicators("GM0356", data)
            api.progress_table.cache_clear()
            api.progress_for_region("GM0356", data)

        region_times = _timed(one_region, repeats=10)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        refresh(data, mirror, progress=None)
        stage_runs = [_stages(store.current(data)) for _ in range(3)]
    print(f"Machine: {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{len(__import__('os').sched_getaffinity(0))} cores, Python {platform.python_version()}")
    print("| benchmark | target | median | min | max |")
    print("|---|---|---|---|---|")
    for name, target, times in (
        (f"full mirror refresh ({len(tables)} tables, empty store)", "< 20 s", refresh_times),
        (f"load every raw table ({len(tables)})", "< 0.5 s", load_times),
        ("full build (indicators + progress)", "< 2 s", build_times),
        ("built tables for one municipality (GM0356)", "< 50 ms", region_times),
    ):
        print(f"| {name} | {target} | {statistics.median(times):.3f} s | {min(times):.3f} s | {max(times):.3f} s |")
    print()
    print("| build stage | median | min | max |")
    print("|---|---|---|---|")
    for stage in stage_runs[0]:
        times = [run[stage] for run in stage_runs]
        print(f"| {stage} | {statistics.median(times):.3f} s | {min(times):.3f} s | {max(times):.3f} s |")


def _stages(data: Path) -> dict[str, float]:
    """Seconds per stage of one build in the generation folder ``data``.

    The steps of :func:`indicators.pipeline.build_into`; the tables are written beside it as ``bench_*.parquet``.
    """
    from indicators.catalog import all_indicators  # noqa: PLC0415
    from indicators.progress.table import progress_table  # noqa: PLC0415

    times: dict[str, float] = {}
    started = time.perf_counter()
    indicators = all_indicators()
    tables = build.load_tables(data, build.needed_tables(indicators) & set(store.stored_table_ids(data)))
    times["load raw tables"] = time.perf_counter() - started
    started = time.perf_counter()
    model = pipeline.region_model_from_store(data)
    times["region model"] = time.perf_counter() - started
    started = time.perf_counter()
    context = build.BuildContext(tables, model)
    built = build.build_all(tables, model, indicators, context=context)
    times["indicators (all stages)"] = time.perf_counter() - started
    times.update({f"  indicators: {stage} (cpu)": seconds for stage, seconds in context.timings.items()})
    started = time.perf_counter()
    progress = progress_table(built, model, indicators)
    times["progress table"] = time.perf_counter() - started
    started = time.perf_counter()
    store.write_parquet_atomic(data / "bench_indicators.parquet", built, {})
    store.write_parquet_atomic(data / "bench_progress.parquet", progress, {})
    times["write both tables"] = time.perf_counter() - started
    return times


if __name__ == "__main__":
    main()
