"""Measure the store: refresh/build/rollback times, disk use of two generations, and random kills.

Usage::

    python bench/bench_store.py [--kills 30]

Prints a Markdown table. Uses a temporary store refreshed from the mirror (``../shared/cbs`` or
``$HHU_MIRROR``) and, for the kills, a small store (two tables) killed with SIGKILL at random
moments of ``hhu refresh``; counts how often the old and the new generation was left, and checks
every time that the store is one of the two (the seal) with nothing left behind after cleanup.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators import config, store  # noqa: E402
from tests.store_helpers import REFRESHED, SMALL_TABLES, assert_old_or_new, current_state, leftovers, small_mirror  # noqa: E402


def _hhu(*argv: str, data: Path, background: bool = False):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HHU_DATA": str(data)}
    command = [sys.executable, "-m", "indicators.cli", *argv]
    if background:
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return time.perf_counter() - started


def _disk_use(folder: Path) -> int:
    seen, total = set(), 0
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            if info.st_ino not in seen:
                seen.add(info.st_ino)
                total += info.st_size
    return total


def main() -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=30)
    args = parser.parse_args()
    mirror = config.default_mirror()
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    rows = []
    try:
        full = work / "full"
        rows.append(("`hhu refresh`, full mirror, empty store (refresh + build + switch)", _hhu("refresh", data=full)))
        one = _disk_use(full)
        rows.append(("`hhu refresh`, nothing changed (no new generation)", _hhu("refresh", data=full)))
        rows.append(("`hhu build` (new generation, raw files hard-linked)", _hhu("build", data=full)))
        two = _disk_use(full)
        rows.append(("`hhu rollback`", _hhu("rollback", data=full)))
        source = small_mirror(mirror, work / "small-mirror")
        template = work / "small"
        _hhu("refresh", "--mirror", str(source), "--tables", *SMALL_TABLES, data=template)
        argv = ("refresh", "--mirror", str(source), "--tables", REFRESHED, "--force")
        whole = statistics.median(_hhu(*argv, data=shutil.copytree(template, work / f"whole{n}")) for n in range(3))
        old_name, old = current_state(template)
        outcome = {"old": 0, "new": 0, "finished": 0}
        generator = random.Random(11)
        for number in range(args.kills):
            root = shutil.copytree(template, work / f"kill{number}")
            process = _hhu(*argv, data=root, background=True)
            time.sleep(generator.uniform(0.3, 1.05) * whole)
            process.send_signal(signal.SIGKILL)
            finished = process.wait() == 0
            state = assert_old_or_new(root, old_name, old)
            outcome["finished" if finished else state] += 1
            assert state == "new" or not finished
            with store.lock(root, "bench"):
                store.cleanup(root)
            assert leftovers(root) == []
            shutil.rmtree(root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| measurement | result |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.1f} s |")
    print(f"| disk use: one generation / two generations (hard links) | {one / 1e6:.1f} MB / {two / 1e6:.1f} MB |")
    print(f"| small refresh (2 tables), uninterrupted, median of 3 | {whole:.1f} s |")
    print(f"| {args.kills} SIGKILLs at random moments (0.3-1.05 x the median run): old / new generation left / run had "
          f"finished | {outcome['old']} / {outcome['new']} / {outcome['finished']}; every store whole, nothing left "
          "after cleanup |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
