"""The live path through the real ``cbsodata`` client against a loopback OData v3 server."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import time
import warnings
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from cbsodata import cbsodata3

from indicators import messages
from indicators.sources.base import SourceError, table_sha256
from indicators.sources.live import CbsLive, fetch_live_table, table_modified
from indicators.sources.tables import TableSpec
from tests.odata_server import TABLE, matches, serve, table_rows


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """These tests read the library's messages in English (as ``hhu --lang en`` gives them); Dutch is checked apart."""
    with messages.language("en"):
        yield

SPEC = TableSpec(TABLE, "CBS", "Testtabel", ())
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "no_proxy")


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's proxy settings must not route loopback requests anywhere."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _bounded(request: pytest.FixtureRequest):
    started = time.monotonic()
    yield
    if "store_with_wlz" not in request.fixturenames:  # the store fixture itself reads the mirror
        assert time.monotonic() - started < 5.0


def _fetch(host: str, spec: TableSpec = SPEC, **kwargs):
    options = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "scheme": "http", "base_url": host, **kwargs}
    return fetch_live_table(spec, **options)


def _one_line_error(excinfo: pytest.ExceptionInfo[SourceError]) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ----- a whole table ----------------------------------------------------------------------------
def test_full_table_across_pages_keeps_codes_labels_and_missing() -> None:
    with serve() as (host, state):
        raw = _fetch(host)
        assert state.requests_to("TypedDataSet") == 3  # 6 rows, 2 per page, via odata.nextLink
        assert state.requests_to("TypedDataSet", page=3) == 1
    frame = raw.frame
    assert list(frame.columns) == ["RegioS_code", "RegioS_label", "Perioden_code", "Perioden_label", "Aantal_1", "Naam_2"]
    assert len(frame) == 6
    assert frame["RegioS_code"].tolist() == ["GM0344"] * 3 + ["GM0355"] * 3  # padding stripped
    assert frame["RegioS_label"].tolist() == ["Utrecht (gemeente)"] * 3 + ["Zeist"] * 3
    assert frame["Perioden_code"].tolist()[:3] == ["2021JJ00", "2022JJ00", "2023JJ00"]
    assert frame["Perioden_label"].tolist()[:3] == ["2021", "2022", "2023"]
    for column in ("RegioS_code", "RegioS_label", "Perioden_code", "Perioden_label", "Naam_2"):
        assert frame[column].dtype == pd.StringDtype(na_value=pd.NA), column
    assert frame["Aantal_1"].dtype == np.float64
    numbers = frame.set_index(["RegioS_code", "Perioden_code"])["Aantal_1"]
    assert np.isnan(numbers[("GM0355", "2022JJ00")])  # null stays missing, never 0
    assert numbers[("GM0344", "2021JJ00")] == 10.0
    assert frame["Naam_2"].iloc[0] == "naam 0"  # text topic stripped
    assert frame["Naam_2"].isna().tolist() == [False] * 5 + [True]  # "." is a CBS missing symbol
    assert "ID" not in frame.columns

    provenance = raw.provenance
    assert provenance.source == "live" and provenance.flavour == "typed" and provenance.complete == "yes"
    assert provenance.units == {"Aantal_1": "aantal", "Naam_2": ""}
    assert provenance.modified == "2024-06-01T02:00:00" and provenance.status == "Regulier"
    assert provenance.title == "Testtabel; regio"
    assert provenance.dimensions == ("RegioS", "Perioden")
    assert provenance.location.startswith(f"http://{host}/ODataFeed/odata/{TABLE}/TypedDataSet?")
    assert provenance.retrieved_at.endswith("+00:00")
    assert re.fullmatch(r"[0-9a-f]{64}", provenance.sha256)


def test_sha256_is_stable_and_ignores_a_restarted_download() -> None:
    with serve() as (host, state):
        first = _fetch(host).provenance.sha256
        assert _fetch(host).provenance.sha256 == first
        state.fault("TypedDataSet", "truncate", page=2, times=1)  # the download restarts mid-paging
        assert _fetch(host).provenance.sha256 == first
        state.fault("TypedDataSet", "cut", page=3, times=1)  # urllib3 retries page 3
        assert _fetch(host).provenance.sha256 == first
        state.modified = "2025-01-01T02:00:00"  # the same data under a new date: the same content hash
        assert _fetch(host).provenance.sha256 == first
        state.offset = 1.0  # other numbers, other hash
        assert _fetch(host).provenance.sha256 != first
    assert first != hashlib.sha256().hexdigest()


def test_sha256_is_taken_over_the_parsed_table() -> None:
    with serve() as (host, _):
        raw = _fetch(host)
    assert raw.provenance.sha256 == table_sha256(raw.frame)
    changed = raw.frame.copy()
    changed.loc[0, "Aantal_1"] = 10.000000001  # one value, any digit: another hash
    assert table_sha256(changed) != raw.provenance.sha256


def test_cbsodata_is_left_as_it_was() -> None:
    session, https = cbsodata3.Session, cbsodata3.options.use_https
    with serve() as (host, state):
        _fetch(host)
        state.statuses("TableInfos", [404])
        with pytest.raises(SourceError):
            _fetch(host)
    assert cbsodata3.Session is session and cbsodata3.options.use_https == https


# ----- live_slice -> $filter -------------------------------------------------------------------
@pytest.mark.parametrize("wanted", [("Zeist",), ("GM0355",), ("GM0355    ",)])
def test_live_slice_by_title_or_key(wanted: tuple[str, ...]) -> None:
    spec = TableSpec(TABLE, "CBS", "Testtabel", (), live_slice=(("RegioS", wanted),))
    with serve() as (host, state):
        raw = _fetch(host, spec)
        assert state.filters() == ["(RegioS eq 'GM0355    ')"] * 2  # page 1, and page 2 via nextLink
    assert raw.frame["RegioS_code"].tolist() == ["GM0355"] * 3
    assert "(RegioS eq 'GM0355    ')" in raw.provenance.location


def test_live_slice_over_two_dimensions() -> None:
    spec = TableSpec(TABLE, "CBS", "Testtabel", (),
                     live_slice=(("RegioS", ("Utrecht (gemeente)",)), ("Perioden", ("2022", "2023JJ00"))))
    with serve() as (host, state):
        raw = _fetch(host, spec)
        assert state.filters() == [
            "(RegioS eq 'GM0344    ') and (Perioden eq '2022JJ00' or Perioden eq '2023JJ00')"
        ]
    assert raw.frame[["RegioS_code", "Perioden_code"]].to_numpy().tolist() == [["GM0344", "2022JJ00"],
                                                                                ["GM0344", "2023JJ00"]]


def test_the_fake_server_filters_like_odata() -> None:
    row = table_rows()[0]
    assert matches(row, "(RegioS eq 'GM0344    ') and (Perioden eq '2021JJ00' or Perioden eq 'x')")
    assert not matches(row, "RegioS eq 'GM0344    ' and (Perioden eq '2022JJ00')")
    assert matches(row, "RegioS eq 'nope' or Perioden eq '2021JJ00'")


@pytest.mark.parametrize(
    ("live_slice", "expected"),
    [
        ((("RegioS", ("Atlantis",)),), f"{TABLE}: dimension RegioS has no category 'Atlantis'"),
        ((("Geslacht", ("Totaal",)),), f"{TABLE}: live slice names dimension Geslacht"),
    ],
)
def test_unknown_slice_names_table_dimension_and_value(live_slice, expected: str) -> None:
    spec = TableSpec(TABLE, "CBS", "Testtabel", (), live_slice=live_slice)
    with serve() as (host, state), pytest.raises(SourceError) as excinfo:
        _fetch(host, spec)
    assert _one_line_error(excinfo).startswith(expected)
    assert state.requests_to("TypedDataSet") == 0


# ----- failures --------------------------------------------------------------------------------
def test_404_names_the_table() -> None:
    with serve() as (host, _), pytest.raises(SourceError) as excinfo:
        _fetch(host, TableSpec("00000NED", "CBS", "x", ()))
    message = _one_line_error(excinfo)
    assert message.startswith("00000NED: CBS answered 404 Not Found for TableInfos (http://127.0.0.1:")
    assert "/ODataFeed/odata/00000NED/TableInfos" in message


def test_500_twice_then_200_is_retried() -> None:
    with serve() as (host, state):
        state.statuses("DataProperties", [500, 500, 200])
        raw = _fetch(host)
        assert state.requests_to("DataProperties") == 3
    assert len(raw.frame) == 6


def test_503_beyond_the_retries_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", 503, page=2)
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, retries=2)
        assert state.requests_to("TypedDataSet", page=2) == 3
    message = _one_line_error(excinfo)
    assert message.startswith(f"{TABLE}: CBS answered 503 Service Unavailable for TypedDataSet (http://")
    assert message.endswith("after 2 retries")


def test_hanging_answer_times_out_in_bounded_time() -> None:
    with serve(hang_seconds=4.0) as (host, state):
        state.fault("TableInfos", "hang")
        started = time.monotonic()
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, timeout=0.5, retries=1)
        elapsed = time.monotonic() - started
        assert state.requests_to("TableInfos") == 2  # first try and one retry
    assert _one_line_error(excinfo).startswith(
        f"{TABLE}: no answer within 0.5 s per try from {host} for TableInfos (2 tries, ")
    assert elapsed < 2.5


def test_connection_cut_once_on_page_2_recovers() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "cut", page=2, times=1)
        raw = _fetch(host)
        assert state.requests_to("TypedDataSet", page=2) == 2  # urllib3 retried the page
    assert len(raw.frame) == 6


def test_connection_cut_always_on_page_2_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "cut", page=2)
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, retries=1)
        assert state.requests_to("TypedDataSet", page=1) == 2  # the download was restarted once
        assert state.requests_to("TypedDataSet", page=2) == 4  # 2 tries per download
    assert _one_line_error(excinfo).startswith(
        f"{TABLE}: connection lost while paging TypedDataSet (page 2) after 1 retries")


def test_body_cut_once_on_page_2_restarts_the_download() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "truncate", page=2, times=1)
        raw = _fetch(host)
        assert state.requests_to("TypedDataSet", page=1) == 2
    assert len(raw.frame) == 6


def test_body_cut_always_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "truncate", page=2)
        with pytest.raises(SourceError) as excinfo:
            _fetch(host)
    assert _one_line_error(excinfo).startswith(f"{TABLE}: connection lost while paging TypedDataSet (page 2)")


def test_malformed_json_names_the_page() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "badjson", page=2)
        with pytest.raises(SourceError) as excinfo:
            _fetch(host)
    assert _one_line_error(excinfo).startswith(f"{TABLE}: malformed JSON on page 2 of TypedDataSet (http://")


def test_nothing_listening_is_an_error() -> None:
    host = f"127.0.0.1:{_free_port()}"
    with pytest.raises(SourceError) as excinfo:
        _fetch(host, retries=1)
    assert _one_line_error(excinfo) == f"{TABLE}: cannot connect to {host} for TableInfos (refused or unknown host)"


def test_discontinued_table_warns_with_its_id() -> None:
    with serve() as (host, state):
        state.status = "Gediscontinueerd"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            raw = _fetch(host)
    assert raw.provenance.status == "Gediscontinueerd"
    messages = [str(warning.message) for warning in caught]
    assert any(message.startswith(f"{TABLE}:") and "no longer updated" in message for message in messages)


def test_regular_table_does_not_warn() -> None:
    with serve() as (host, _), warnings.catch_warnings():
        warnings.simplefilter("error")
        _fetch(host)


def test_modified_date_reads_only_table_infos() -> None:
    with serve() as (host, state):
        assert table_modified(SPEC, scheme="http", base_url=host) == "2024-06-01T02:00:00"
        assert [endpoint for endpoint, _ in state.seen] == ["TableInfos"]
        assert CbsLive(scheme="http", base_url=host).modified(SPEC) == "2024-06-01T02:00:00"


# ----- proxies ---------------------------------------------------------------------------------
def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_free_port()}")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with serve() as (host, _):
        assert len(_fetch(host).frame) == 6


def test_proxy_variables_are_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    port = _free_port()
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret@127.0.0.1:{port}")
    with serve() as (host, state):
        with pytest.raises(SourceError) as excinfo:
            _fetch(host, retries=1)
        assert state.seen == []  # every request went to the (absent) proxy
    message = _one_line_error(excinfo)
    assert message.startswith(f"{TABLE}: cannot reach {host} through proxy http://127.0.0.1:{port} for TableInfos")
    assert "secret" not in message


# ----- a live refresh through the store ----------------------------------------------------------
def _snapshot(folder) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def store_with_wlz(mirror, tmp_path):
    from indicators.refresh import refresh

    data = tmp_path / "data"
    refresh(data, mirror, ["86059NED", "84529NED"], progress=None)
    return data


@pytest.mark.parametrize(
    ("page", "action", "expected"),
    [
        (None, 503, "84529NED: CBS answered 503"),
        (2, "cut", "84529NED: connection lost while paging TypedDataSet"),
        (2, "badjson", "84529NED: malformed JSON on page 2"),
        (None, None, "missing column(s)"),  # CBS answered, but not with the columns the catalogue reads
    ],
)
def test_failed_live_refresh_leaves_the_store_byte_identical(store_with_wlz, page, action, expected) -> None:
    from indicators.refresh import refresh

    before = _snapshot(store_with_wlz)
    with serve(table="84529NED") as (host, state):
        if action is not None:
            state.fault("TypedDataSet", action, page=page)
        live = CbsLive(timeout=2.0, retries=1, backoff=0.01, scheme="http", base_url=host)
        with pytest.raises(SourceError, match=re.escape(expected)):
            refresh(store_with_wlz, None, ["84529NED"], progress=None, force=True, live=live)
    assert _snapshot(store_with_wlz) == before


def test_live_refresh_skips_a_table_cbs_has_not_modified(store_with_wlz) -> None:
    from indicators import store
    from indicators.refresh import refresh

    manifest_path = store.current(store_with_wlz) / "manifest.json"  # (changes the generation in place: a test only)
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["84529NED"].update(source="live", modified="2024-06-01T02:00:00")  # as CBS answers below
    manifest_path.write_text(json.dumps(manifest))
    with serve(table="84529NED") as (host, state):
        live = CbsLive(timeout=2.0, retries=1, backoff=0.01, scheme="http", base_url=host)
        results = refresh(store_with_wlz, None, ["84529NED"], progress=None, live=live)
        assert [result.state for result in results] == ["unchanged"]
        assert state.requests_to("TableInfos") == 1 and state.requests_to("TypedDataSet") == 0
        state.modified = "2025-01-01T02:00:00"  # a new release: the table is read again
        with pytest.raises(SourceError, match="missing column"):
            refresh(store_with_wlz, None, ["84529NED"], progress=None, live=live)
        assert state.requests_to("TypedDataSet") >= 1
