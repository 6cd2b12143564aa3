"""Live faults with a deadline: trickling and silent servers, 429/503 with Retry-After, PDOK boundaries.

All against the loopback OData server (:mod:`tests.odata_server`), with small time-outs and deadlines
so every test finishes in a few seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from indicators import messages
from indicators.geo import GeoError, read_boundaries
from indicators.sources.base import SourceError
from indicators.sources.live import fetch_live_table
from indicators.sources.tables import TableSpec
from tests.odata_server import TABLE, serve


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """These tests read the library's messages in English (as ``hhu --lang en`` gives them); Dutch is checked apart."""
    with messages.language("en"):
        yield

SPEC = TableSpec(TABLE, "CBS", "Testtabel", ())
ROOT = Path(__file__).resolve().parent.parent
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "no_proxy")


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _fetch(host: str, **kwargs):
    options = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "scheme": "http", "base_url": host, **kwargs}
    return fetch_live_table(SPEC, **options)


def _error(excinfo: pytest.ExceptionInfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# ----- the deadline ---------------------------------------------------------------------------------
def test_trickling_body_is_cut_at_the_deadline() -> None:
    # one byte every 0.2 s: no single read waits longer than the 2 s time-out, so only the deadline stops it
    with serve() as (host, state):
        state.trickle_seconds = 0.2
        state.fault("DataProperties", "trickle")
        started = time.monotonic()
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, deadline=1.0, retries=2)
        elapsed = time.monotonic() - started
        assert state.requests_to("DataProperties") == 1  # no retry after the deadline has passed
    assert _error(excinfo) == (f"{TABLE}: no complete answer within the deadline of 1 s from {host} for "
                               "DataProperties (connecting, retries and reading together)")
    assert 0.9 < elapsed < 1.9


def test_trickling_headers_are_cut_at_the_deadline() -> None:
    with serve() as (host, state):
        state.trickle_seconds = 0.1
        state.fault("TableInfos", "trickle_headers")
        started = time.monotonic()
        with pytest.raises(SourceError, match="within the deadline of 0.8 s") as excinfo:
            _fetch(host, deadline=0.8)
        elapsed = time.monotonic() - started
    assert _error(excinfo).startswith(f"{TABLE}: no complete answer")
    assert elapsed < 1.7


def test_silent_server_fails_at_the_deadline_and_says_so() -> None:
    # 0.4 s per try and 5 retries would take 2.4 s; the 1.1 s deadline ends it first
    with serve(hang_seconds=5.0) as (host, state):
        state.fault("TableInfos", "hang")
        started = time.monotonic()
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, timeout=0.4, retries=5, deadline=1.1)
        elapsed = time.monotonic() - started
        tries = state.requests_to("TableInfos")
    assert _error(excinfo) == (f"{TABLE}: no complete answer within the deadline of 1.1 s from {host} for "
                               "TableInfos (connecting, retries and reading together)")
    assert 1.0 < elapsed < 1.9
    assert 2 <= tries <= 4


def test_silent_server_within_the_deadline_reports_tries_and_time() -> None:
    with serve(hang_seconds=5.0) as (host, state):
        state.fault("TableInfos", "hang")
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, timeout=0.3, retries=1, deadline=10.0)
        assert state.requests_to("TableInfos") == 2
    message = _error(excinfo)
    assert message.startswith(f"{TABLE}: no answer within 0.3 s per try from {host} for TableInfos (2 tries, ")
    seconds = float(message.rsplit("(2 tries, ", 1)[1].removesuffix(" s)"))
    assert 0.5 < seconds < 1.5  # the time the message states is the time it took


def test_a_slow_but_steady_answer_within_the_deadline_is_read() -> None:
    with serve() as (host, state):
        state.trickle_seconds = 0.001
        state.fault("TableInfos", "trickle", times=1)
        raw = _fetch(host, deadline=5.0)
    assert len(raw.frame) == 6


# ----- 429 / 503 with Retry-After -----------------------------------------------------------------------
def test_429_with_retry_after_is_honoured() -> None:
    with serve() as (host, state):
        state.fault("TableInfos", 429, times=1, retry_after="1")
        started = time.monotonic()
        raw = _fetch(host, retries=2)
        elapsed = time.monotonic() - started
        assert state.requests_to("TableInfos") == 2
    assert len(raw.frame) == 6
    assert elapsed >= 1.0  # waited as asked


def test_503_with_retry_after_zero_is_retried_at_once() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", 503, page=2, times=2, retry_after="0")
        raw = _fetch(host, retries=2)
        assert state.requests_to("TypedDataSet", page=2) == 3
    assert len(raw.frame) == 6


def test_retry_after_longer_than_the_bound_is_not_waited_for() -> None:
    with serve() as (host, state):
        state.fault("TableInfos", 429, retry_after="3600")
        started = time.monotonic()
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, retries=3, max_wait=5.0)
        assert state.requests_to("TableInfos") == 1
    assert time.monotonic() - started < 1.5
    message = _error(excinfo)
    assert message.startswith(f"{TABLE}: CBS answered 429 Too Many Requests for TableInfos (http://")
    assert message.endswith("and asks to wait 3600 s, longer than this client waits (at most 5 s, and never past "
                            "the deadline)")


def test_retry_after_beyond_the_deadline_is_not_waited_for() -> None:
    with serve() as (host, state):
        state.fault("TableInfos", 503, retry_after="3")
        started = time.monotonic()
        with pytest.raises(SourceError, match="503 Service Unavailable .* asks to wait 3 s"):
            _fetch(host, retries=3, max_wait=30.0, deadline=1.5)
    assert time.monotonic() - started < 1.5


def test_429_beyond_the_retries_names_them() -> None:
    with serve() as (host, state):
        state.fault("TableInfos", 429, retry_after="0")
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, retries=2)
        assert state.requests_to("TableInfos") == 3
    assert _error(excinfo).endswith("after 2 retries")


# ----- the terminal -----------------------------------------------------------------------------------
def test_retries_print_one_clean_line_each_and_nothing_from_urllib3() -> None:
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from tests.odata_server import serve
        from indicators.sources.live import fetch_live_table
        from indicators.sources.tables import TableSpec
        with serve() as (host, state):
            state.fault("TypedDataSet", "cut", page=2, times=1)
            state.fault("DataProperties", 503, times=1, retry_after="0")
            raw = fetch_live_table(TableSpec("{TABLE}", "CBS", "t", ()), timeout=2, retries=2, backoff=0.01,
                                   scheme="http", base_url=host)
        print(len(raw.frame))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6"
    lines = done.stderr.strip().splitlines()  # a process of its own speaks Dutch, as hhu does by default
    assert lines == [f"{TABLE} DataProperties: antwoordde 503, nieuwe poging (poging 2)",
                     f"{TABLE} TypedDataSet: verbindingsprobleem (ProtocolError), nieuwe poging (poging 2)"]


def test_a_failed_live_request_in_dutch() -> None:
    with serve() as (host, state), messages.language("nl"):
        state.geojson = _collection(["GM0344", "GM0355"])
        state.fault("geo", 500)
        with pytest.raises(GeoError) as excinfo:
            _boundaries(host, deadline=1.0)
    message = _error(excinfo)
    assert message.startswith("gemeentegrenzen 2025 (") and "antwoordde 500 Internal Server Error na 2 nieuwe pogingen" in message


# ----- PDOK boundaries ------------------------------------------------------------------------------------
def _collection(codes: list[str]) -> bytes:
    square = {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]}
    features = [{"type": "Feature", "geometry": square, "properties": {"statcode": code, "statnaam": code}}
                for code in codes]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _boundaries(host: str, **kwargs):
    options = {"url": f"http://{host}/geo?year={{year}}", "timeout": 2.0, "deadline": 5.0, "retries": 2,
               "backoff": 0.01, "max_wait": 5.0, **kwargs}
    return read_boundaries({"GM0344", "GM0355"}, None, 2025, **options)


def test_boundaries_from_a_loopback_pdok_with_a_500_retried() -> None:
    with serve() as (host, state):
        state.geojson = _collection(["GM0344", "GM0355", "GM9999"])
        state.statuses("geo", [500])
        collection, where = _boundaries(host)
        assert state.requests_to("geo") == 2
    assert where == f"http://{host}/geo?year=2025"
    assert sorted(feature["properties"]["statcode"] for feature in collection["features"]) == ["GM0344", "GM0355"]


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda state: state.fault("geo", 500), "answered 500 Internal Server Error after 2 retries"),
        (lambda state: setattr(state, "geojson", b'{"type": "FeatureCollection", "features": [')
         , "malformed GeoJSON (Expecting value at line 1"),
        (lambda state: setattr(state, "geojson", b'{"type": "Feature"}'), "not a GeoJSON FeatureCollection"),
        (lambda state: setattr(state, "geojson", _collection(["GM0344"])), "no shape for 1 municipality(ies): GM0355"),
        (lambda state: state.fault("geo", 429, retry_after="600"), "asks to wait 600 s"),
        (lambda state: (state.fault("geo", "trickle"), setattr(state, "trickle_seconds", 0.2)),
         "within the deadline of 1 s"),
    ],
    ids=["500", "malformed", "not-a-collection", "missing-municipality", "429-too-long", "trickle"],
)
def test_boundary_faults_give_one_line_naming_the_url(setup, expected: str) -> None:
    with serve() as (host, state):
        state.geojson = _collection(["GM0344", "GM0355"])
        setup(state)
        started = time.monotonic()
        with pytest.raises(GeoError) as excinfo:
            _boundaries(host, deadline=1.0)
    message = _error(excinfo)
    assert f"http://{host}/geo?year=2025" in message
    assert expected in message
    assert time.monotonic() - started < 2.0


# ----- a live refresh whose boundaries fail never switches ------------------------------------------------
@pytest.mark.parametrize(("fault", "expected"), [(500, "answered 500 Internal Server Error after 1 retries"),
                                                 ("badjson", "malformed GeoJSON")])
def test_live_refresh_with_failing_boundaries_leaves_the_store_as_it_was(mirror: Path, tmp_path: Path, monkeypatch,
                                                                        fault, expected: str) -> None:
    import dataclasses

    from indicators.refresh import refresh
    from indicators.sources.live import CbsLive
    from indicators.sources.mirror import read_mirror_table
    from indicators.sources.tables import get_spec
    from tests.store_helpers import REFRESHED, SMALL_TABLES, small_mirror, snapshot

    source = small_mirror(mirror, tmp_path / "mirror")
    root = tmp_path / "data"
    refresh(root, source, list(SMALL_TABLES), progress=None)
    before = snapshot(root)

    def fetch_as_if_live(self, spec):  # CBS answers with the table as the mirror has it
        raw = read_mirror_table(get_spec(spec.table_id), source)
        return dataclasses.replace(raw, provenance=dataclasses.replace(raw.provenance, source="live"))

    monkeypatch.setattr(CbsLive, "fetch", fetch_as_if_live)
    with serve() as (host, state):
        state.geojson = (source / "geo" / "gemeente_2025_simplified.geojson").read_bytes()
        state.fault("geo", fault)
        live = CbsLive(timeout=2.0, retries=1, backoff=0.01, scheme="http", base_url=host, deadline=5.0,
                       boundaries_url=f"http://{host}/geo?year={{year}}")
        with pytest.raises(GeoError) as excinfo:
            refresh(root, None, [REFRESHED], progress=None, live=live)
    message = _error(excinfo)
    assert message.startswith(f"municipality boundaries 2025 (http://{host}/geo?year=2025): ") or \
        message.startswith(f"http://{host}/geo?year=2025: ")
    assert expected in message
    assert snapshot(root) == before
