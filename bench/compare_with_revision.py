"""Compare this checkout with an earlier revision on the same machine: dashboard reruns and the full build.

A benchmark on a slower or busier machine says little on its own; running an earlier revision
alternately with this one on the same machine tells the code from the machine.

Usage::

    git worktree add /tmp/old <commit>                        # the earlier revision, checked out beside this one
    (cd /tmp/old && HHU_DATA=/tmp/old_store python -m indicators.cli refresh)   # its own store, built by its code
    HHU_DATA=/tmp/new_store hhu refresh                       # this checkout's store
    python bench/compare_with_revision.py --old /tmp/old --old-store /tmp/old_store --new-store /tmp/new_store

Measures, each revision in its own process and the two alternating (``--rounds`` times):

1. the rerun of the start page after a municipality change (Streamlit AppTest, median of 16 new
   municipalities, then of 16 seen before), with ``bench/bench_dashboard.py``'s ``rerun_times`` of
   each revision;
2. the full build in-process (old: ``indicators.build.build``, the layout before store generations;
   new: ``indicators.pipeline.build_into`` on a copy of the current generation).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RERUNS = """
import importlib.util, json, os, statistics, sys
sys.path.insert(0, os.getcwd())
spec = importlib.util.spec_from_file_location("bench_dashboard", "bench/bench_dashboard.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
fresh, seen = module.rerun_times(16)
print(json.dumps([statistics.median(fresh), statistics.median(seen)]))
"""
OLD_BUILD = """
import sys, time, os
sys.path.insert(0, os.getcwd())
from pathlib import Path
from indicators.build import build
started = time.perf_counter(); build(Path(sys.argv[1])); print(time.perf_counter() - started)
"""
NEW_BUILD = """
import sys, time, os
sys.path.insert(0, os.getcwd())
from pathlib import Path
from indicators import pipeline
started = time.perf_counter(); pipeline.build_into(Path(sys.argv[1])); print(time.perf_counter() - started)
"""


def _run(code: str, root: Path, store: Path, *args: str) -> str:
    """Run ``code`` in a fresh interpreter in ``root`` with ``HHU_DATA=store``; its last line of output."""
    env = {**os.environ, "HHU_DATA": str(store), "PYTHONPATH": str(root)}
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=root, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"{root}: the run failed: {done.stderr.strip().splitlines()[-1:]}")
    return done.stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    """Run both revisions alternately and print a Markdown table."""
    parser = argparse.ArgumentParser(prog="compare_with_revision.py")
    parser.add_argument("--old", type=Path, required=True, help="checkout of the earlier revision")
    parser.add_argument("--old-store", type=Path, required=True, help="a store built by the earlier revision")
    parser.add_argument("--new-store", type=Path, required=True, help="a store built by this checkout")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    import json  # noqa: PLC0415

    from indicators import store  # noqa: PLC0415

    results: dict[str, list[float]] = {key: [] for key in ("old_fresh", "old_seen", "new_fresh", "new_seen",
                                                           "old_build", "new_build")}
    with tempfile.TemporaryDirectory() as scratch:
        stage = Path(scratch) / "stage"
        for _ in range(args.rounds):
            for name, root, data in (("old", args.old, args.old_store), ("new", ROOT, args.new_store)):
                fresh, seen = json.loads(_run(RERUNS, root, data))
                results[f"{name}_fresh"].append(fresh)
                results[f"{name}_seen"].append(seen)
            results["old_build"].append(float(_run(OLD_BUILD, args.old, args.old_store, str(args.old_store))))
            shutil.rmtree(stage, ignore_errors=True)
            shutil.copytree(store.current(args.new_store), stage)
            (stage / "generation.json").unlink(missing_ok=True)
            results["new_build"].append(float(_run(NEW_BUILD, ROOT, args.new_store, str(stage))))

    def shown(values: list[float], scale: float, unit: str) -> str:
        low, high = min(values) * scale, max(values) * scale
        return f"{statistics.median(values) * scale:.0f} {unit} ({low:.0f}-{high:.0f})" if scale > 1 else \
            f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"

    print(f"Load average after the runs: {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
    print("| measurement | old | new |")
    print("|---|---|---|")
    print(f"| rerun, new municipality (median of 16 per round) | {shown(results['old_fresh'], 1000, 'ms')} | "
          f"{shown(results['new_fresh'], 1000, 'ms')} |")
    print(f"| rerun, municipality seen before | {shown(results['old_seen'], 1000, 'ms')} | "
          f"{shown(results['new_seen'], 1000, 'ms')} |")
    print(f"| full build in-process | {shown(results['old_build'], 1, 's')} | {shown(results['new_build'], 1, 's')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
