"""Benchmark the dashboard: rerun time, time to first chart, server memory, ten concurrent sessions.

Usage::

    export HHU_DATA=/tmp/hhu_dash          # a built store (hhu refresh && hhu build)
    python bench/bench_dashboard.py [--reruns 16] [--loads 5] [--record]

Measures:

1. Server-side time of a rerun after changing the municipality on the overview page
   (Streamlit AppTest, median over distinct municipalities, so each rerun builds new charts;
   then the median when the municipalities come back and their charts are cached); and the
   same on the Missies page for the groups (U10, HHU, GGD region, province), whose page adds
   the members overview.
2. Time from navigation to the first chart visible in headless Chromium: the first load after
   the server started, then the median of ``--loads`` new visitors (empty browser cache) and of
   ``--loads`` returning visitors (Streamlit's and Plotly's JavaScript cached).
3. Resident memory (VmRSS) of the server process with one session that has opened every page.
4. Ten concurrent browser sessions: each opens the overview, picks a municipality and waits for
   the charts; counts sessions that ended with an error element or timed out.

``--record`` appends the results, with date and machine, to ``bench/RESULTS.md`` under
"## Dashboard". Targets: rerun median < 150 ms, first chart < 3 s, RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "streamlit_app.py"
SERVE = ROOT / "dashboard" / "serve.py"
RESULTS = ROOT / "bench" / "RESULTS.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
U10 = ["GM0356", "GM0310", "GM0312", "GM0321", "GM0331", "GM0335", "GM0352", "GM0353", "GM0355", "GM0589",
       "GM0632", "GM0736", "GM1581", "GM1904", "GM1961", "GM0344"]
PAGES = ("", "gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")
TARGETS = {"rerun_ms": 150, "first_chart_s": 3.0, "rss_mb": 400}
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def rerun_times(reruns: int) -> tuple[list[float], list[float]]:
    """Seconds per rerun after a municipality change: new municipalities, then ones seen before."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    app.run()
    codes = (U10 * (reruns // len(U10) + 1))[:reruns]
    fresh, seen = [], []
    for code in codes[: len(U10)]:
        started = time.perf_counter()
        app.sidebar.selectbox(key="w_region").set_value(code).run()
        fresh.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(app.exception)
    for code in codes:
        started = time.perf_counter()
        app.sidebar.selectbox(key="w_region").set_value(code).run()
        seen.append(time.perf_counter() - started)
    return fresh, seen


GROUPS = ["U10", "HHU", "GG2514", "PV26"]


def group_rerun_times(reruns: int) -> tuple[list[float], list[float]]:
    """Seconds per rerun of the Missies page after choosing a group: new groups, then groups seen before."""
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(APP), default_timeout=120)
    app.query_params["page"] = "missies"
    app.run()
    app.run()
    fresh, seen = [], []
    for code in GROUPS:
        started = time.perf_counter()
        app.sidebar.selectbox(key="w_region").set_value(code).run()
        fresh.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError(app.exception)
    for code in (GROUPS * (reruns // len(GROUPS) + 1))[:reruns]:
        started = time.perf_counter()
        app.sidebar.selectbox(key="w_region").set_value(code).run()
        seen.append(time.perf_counter() - started)
    return fresh, seen


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """Start the server as ``hhu dashboard`` does and wait until it answers (60 s at most).

    ``dashboard/serve.py`` warms the data caches and imports in a thread while Streamlit starts.
    """
    command = [sys.executable, str(SERVE), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
                              cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise TimeoutError("streamlit did not start within 60 s")


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def first_chart_seconds(browser: object, url: str, visits: int = 1) -> float:
    """Seconds from navigation to the first chart drawn on the last of ``visits`` loads in one new context.

    One visit is a first-time visitor (empty browser cache); two is a returning visitor whose
    browser has cached Streamlit's and Plotly's JavaScript.
    """
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    for _ in range(visits):
        started = time.perf_counter()
        await page.goto(url)
        await page.locator(CHART).first.wait_for(state="visible", timeout=60_000)
        seconds = time.perf_counter() - started
    await context.close()
    return seconds


async def one_session(browser: object, url: str, code: str) -> bool:
    """Open the overview, choose a municipality, wait for its charts; True when nothing failed."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    try:
        await page.goto(f"{url}/?region={code}")
        await page.locator(CHART).first.wait_for(state="visible", timeout=60_000)
        await page.goto(f"{url}/kaart?region={code}")
        await page.locator(".choroplethlocation").first.wait_for(state="visible", timeout=60_000)
        return await page.locator('[data-testid="stException"]').count() == 0
    except Exception:  # noqa: BLE001 - any failure counts as a failed session
        return False
    finally:
        await context.close()


async def browser_measurements(url: str, server_pid: int, loads: int) -> dict:
    """First-chart times, RSS after one session on every page, and ten concurrent sessions."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cold = await first_chart_seconds(browser, url + "/")
        warm = [await first_chart_seconds(browser, url + "/") for _ in range(loads)]
        returning = [await first_chart_seconds(browser, url + "/", visits=2) for _ in range(loads)]
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        for key in PAGES:
            await page.goto(f"{url}/{key}")
            await page.locator("h1").first.wait_for(timeout=60_000)
            await page.wait_for_timeout(1500)
        rss_one = rss_mb(server_pid)
        await context.close()
        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one_session(browser, url, code) for code in U10[:10]))
        concurrent_s = time.perf_counter() - started
        rss_ten = rss_mb(server_pid)
        await browser.close()
    return {"cold_first_chart_s": cold, "warm_first_chart_s": warm, "returning_first_chart_s": returning,
            "rss_one_session_mb": rss_one,
            "concurrent_ok": sum(outcomes), "concurrent_s": concurrent_s, "rss_after_ten_mb": rss_ten}


def machine() -> str:
    """One line describing the machine."""
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    return (f"{os.cpu_count()} cores ({platform.machine()}), {memory_kb / 1024 / 1024:.0f} GiB memory, "
            f"Python {platform.python_version()}")


def report(fresh: list[float], seen: list[float], browser: dict, groups: tuple[list[float], list[float]]) -> str:
    """The results as a Markdown block."""
    import streamlit

    def verdict(value: float, target: float) -> str:
        return "met" if value < target else "**not met**"

    rerun_fresh = statistics.median(fresh) * 1000
    rerun_seen = statistics.median(seen) * 1000
    warm = statistics.median(browser["warm_first_chart_s"])
    returning = browser["returning_first_chart_s"]
    lines = [
        f"Command: `python bench/bench_dashboard.py --record` ({date.today().isoformat()}); machine: {machine()}; "
        f"Streamlit {streamlit.__version__}, headless Debian Chromium.",
        "",
        "| benchmark | target | result | |",
        "|---|---|---|---|",
        "| rerun after changing the municipality, start page (Missies: scoreboard and ten cards), new municipality "
        f"(AppTest, median of {len(fresh)}) | < 150 ms | {rerun_fresh:.0f} ms (max {max(fresh) * 1000:.0f} ms) | "
        f"{verdict(rerun_fresh, TARGETS['rerun_ms'])} |",
        f"| same, municipality seen before (charts cached; median of {len(seen)}) | < 150 ms | {rerun_seen:.0f} ms | "
        f"{verdict(rerun_seen, TARGETS['rerun_ms'])} |",
        f"| Missies page with scoreboard and members overview, a group chosen (U10, HHU, GG2514, PV26), first time "
        f"(median of {len(groups[0])}) | < 150 ms | {statistics.median(groups[0]) * 1000:.0f} ms (max "
        f"{max(groups[0]) * 1000:.0f} ms) | {verdict(statistics.median(groups[0]) * 1000, TARGETS['rerun_ms'])} |",
        f"| same, group seen before (median of {len(groups[1])}) | < 150 ms | "
        f"{statistics.median(groups[1]) * 1000:.0f} ms | "
        f"{verdict(statistics.median(groups[1]) * 1000, TARGETS['rerun_ms'])} |",
        f"| navigation to first chart visible, first session after server start | < 3 s | "
        f"{browser['cold_first_chart_s']:.2f} s | {verdict(browser['cold_first_chart_s'], TARGETS['first_chart_s'])} |",
        f"| navigation to first chart visible, new visitor: empty browser cache (median of "
        f"{len(browser['warm_first_chart_s'])}) | < 3 s | {warm:.2f} s (max {max(browser['warm_first_chart_s']):.2f} s)"
        f" | {verdict(warm, TARGETS['first_chart_s'])} |",
        f"| same, returning visitor: JavaScript in the browser cache (median of {len(returning)}) | < 3 s | "
        f"{statistics.median(returning):.2f} s | {verdict(statistics.median(returning), TARGETS['first_chart_s'])} |",
        f"| server RSS, one session that opened all 7 pages | < 400 MB | {browser['rss_one_session_mb']:.0f} MB | "
        f"{verdict(browser['rss_one_session_mb'], TARGETS['rss_mb'])} |",
        f"| 10 concurrent browser sessions (overview + map each) | no errors | {browser['concurrent_ok']}/10 without "
        f"error in {browser['concurrent_s']:.1f} s; RSS after {browser['rss_after_ten_mb']:.0f} MB | "
        f"{'met' if browser['concurrent_ok'] == 10 else '**not met**'} |",
    ]
    return "\n".join(lines) + "\n"


def record(block: str) -> None:
    """Append the block under "## Dashboard" in bench/RESULTS.md (created when missing)."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    heading = "## Dashboard"
    last_heading = [line for line in existing.splitlines() if line.startswith("## ")][-1:] or [""]
    prefix = f"\n### Run of {date.today().isoformat()}\n\n" if last_heading[0] == heading else f"\n{heading}\n\n"
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(("" if existing.endswith("\n") else "\n") + prefix + block)


def main() -> int:
    """Run every measurement, print the table, optionally record it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=16)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    parser.add_argument("--reruns-only", action="store_true", help="only the server-side rerun times (no browser)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from dashboard import data

    if not data.store_ready():
        print(f"no built store at {data.store_folder()}: run `hhu refresh && hhu build` first", file=sys.stderr)
        return 2
    fresh, seen = rerun_times(args.reruns)
    groups = group_rerun_times(args.reruns)
    if args.reruns_only:
        print(f"overview: new {statistics.median(fresh) * 1000:.0f} ms, seen {statistics.median(seen) * 1000:.0f} ms; "
              f"Missies with a group: new {statistics.median(groups[0]) * 1000:.0f} ms, "
              f"seen {statistics.median(groups[1]) * 1000:.0f} ms")
        return 0
    port = free_port()
    server = start_server(port)
    try:
        browser = asyncio.run(browser_measurements(f"http://127.0.0.1:{port}", server.pid, args.loads))
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    block = report(fresh, seen, browser, groups)
    print(block)
    if args.record:
        record(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
