"""Time the progress table on a built store: ``python validation/time_progress_table.py [--repeats 7]``.

Reads ``$HHU_DATA`` (a built store), runs :func:`indicators.progress.table.progress_table` once to warm
up, then ``--repeats`` times, and prints the median and the minimum in seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.api import region_model_from_store  # noqa: E402
from indicators.catalog import all_indicators  # noqa: E402
from indicators.progress.table import progress_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Time the table and print one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("HHU_DATA", ROOT / "data")))
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    built = pd.read_parquet(args.data / "indicators.parquet")
    model = region_model_from_store(args.data)
    indicators = [indicator for indicator in all_indicators() if indicator.id in set(built["indicator_id"])]
    table = progress_table(built, model, indicators)
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        progress_table(built, model, indicators)
        times.append(time.perf_counter() - started)
    load = os.getloadavg()[0]
    print(f"progress_table: {len(table)} region-indicator pairs from {len(built)} rows; median "
          f"{statistics.median(times):.3f} s, min {min(times):.3f} s over {args.repeats} runs (load average {load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
