"""The live path through the real ``cbsodata`` client against a loopback OData v3 server."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

from indicators.sources.base import SourceError
from indicators.sources.live import CbsLive, fetch_live_table, table_modified
from indicators.sources.tables import TableSpec
from tests.odata_server import TABLE, serve

SPEC = TableSpec(TABLE, "CBS", "Testtabel", ())


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _fetch(host: str, spec: TableSpec = SPEC, **kwargs):
    options = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "scheme": "http", "base_url": host, **kwargs}
    return fetch_live_table(spec, **options)


def test_full_table_across_pages_keeps_codes_labels_and_missing() -> None:
    with serve() as (host, state):
        raw = _fetch(host)
        pages = state.requests_to("TypedDataSet")
    frame = raw.frame
    assert pages == 3  # 6 rows, 2 per page
    assert len(frame) == 6
    assert frame["RegioS_code"].tolist()[:3] == ["GM0344"] * 3
    assert set(frame["RegioS_label"]) == {"Utrecht (gemeente)", "Zeist"}
    assert frame["Perioden_code"].tolist()[:3] == ["2021JJ00", "2022JJ00", "2023JJ00"]
    missing = frame.loc[(frame["RegioS_code"] == "GM0355") & (frame["Perioden_code"] == "2022JJ00"), "Aantal_1"]
    assert np.isnan(missing.iloc[0])
    assert frame["Naam_2"].iloc[0] == "naam 0"
    assert "ID" not in frame.columns
    assert raw.provenance.units == {"Aantal_1": "aantal", "Naam_2": ""}
    assert raw.provenance.modified == "2024-06-01T02:00:00"
    assert raw.provenance.source == "live" and raw.provenance.dimensions == ("RegioS", "Perioden")


def test_sha256_is_stable_over_two_fetches() -> None:
    with serve() as (host, _):
        assert _fetch(host).provenance.sha256 == _fetch(host).provenance.sha256


@pytest.mark.parametrize("wanted", [("Zeist",), ("GM0355",)])
def test_live_slice_by_title_or_key(wanted: tuple[str, ...]) -> None:
    spec = TableSpec(TABLE, "CBS", "Testtabel", (), live_slice=(("RegioS", wanted),))
    with serve() as (host, _):
        raw = _fetch(host, spec)
    assert set(raw.frame["RegioS_code"]) == {"GM0355"}
    assert len(raw.frame) == 3
    assert "RegioS eq 'GM0355    '" in raw.provenance.location


def test_unknown_slice_value_names_dimension() -> None:
    spec = TableSpec(TABLE, "CBS", "Testtabel", (), live_slice=(("RegioS", ("Atlantis",)),))
    with serve() as (host, _), pytest.raises(SourceError, match="dimension RegioS has no category 'Atlantis'"):
        _fetch(host, spec)


def test_404_names_the_table() -> None:
    with serve() as (host, _), pytest.raises(SourceError, match=r"^00000NED: CBS answered 404"):
        _fetch(host, TableSpec("00000NED", "CBS", "x", ()))


def test_500_twice_then_success_is_retried() -> None:
    with serve() as (host, state):
        state.fault("DataProperties", 500, 500)
        raw = _fetch(host)
        assert state.requests_to("DataProperties") == 3
    assert len(raw.frame) == 6


def test_500_beyond_the_retries_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", 503, 503, 503, 503)
        with pytest.raises(SourceError, match="CBS answered 503"):
            _fetch(host)


def test_hanging_answer_times_out() -> None:
    with serve(hang_seconds=3.0) as (host, state):
        state.fault("TableInfos", "hang", "hang", "hang", "hang", "hang", "hang")
        started = time.monotonic()
        with pytest.raises(SourceError, match="no answer within 0.3 s .*timeout"):
            _fetch(host, timeout=0.3, retries=1)
        assert time.monotonic() - started < 3.0


def test_connection_cut_once_while_paging_recovers() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "ok", "cut")
        raw = _fetch(host)
    assert len(raw.frame) == 6


def test_connection_cut_always_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", *(["ok"] + ["cut"] * 20))
        with pytest.raises(SourceError, match="connection lost while reading TypedDataSet"):
            _fetch(host, retries=1)


def test_malformed_json_is_an_error() -> None:
    with serve() as (host, state):
        state.fault("TypedDataSet", "ok", "badjson")
        with pytest.raises(SourceError, match="malformed answer for TypedDataSet"):
            _fetch(host)


def test_discontinued_table_warns() -> None:
    with serve() as (host, state):
        state.status = "Gediscontinueerd"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _fetch(host)
    assert any("no longer updated" in str(warning.message) for warning in caught)


def test_modified_date_for_skipping_unchanged_tables() -> None:
    with serve() as (host, _):
        assert table_modified(SPEC, scheme="http", base_url=host) == "2024-06-01T02:00:00"


def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens on the discard port
    with serve() as (host, _):
        assert len(_fetch(host).frame) == 6


def test_proxy_variables_are_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    with serve() as (host, state):
        with pytest.raises(SourceError, match="proxy"):
            _fetch(host, retries=0)
        assert state.requests_to("TableInfos") == 0


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
    ("faults", "expected"),
    [
        ({"TypedDataSet": [503] * 10}, "84529NED: CBS answered 503"),
        ({"TypedDataSet": ["ok"] + ["cut"] * 20}, "84529NED: connection lost while reading TypedDataSet"),
        ({"TypedDataSet": ["ok", "badjson"]}, "84529NED: malformed answer"),
        ({}, "missing column(s)"),  # CBS answered, but not with the columns the catalogue reads
    ],
)
def test_failed_live_refresh_leaves_the_store_byte_identical(store_with_wlz, faults, expected) -> None:
    from indicators.refresh import refresh

    before = _snapshot(store_with_wlz)
    with serve(table="84529NED") as (host, state):
        for endpoint, actions in faults.items():
            state.fault(endpoint, *actions)
        live = CbsLive(timeout=2.0, retries=1, backoff=0.01, scheme="http", base_url=host)
        with pytest.raises(SourceError, match=expected.replace("(", r"\(").replace(")", r"\)")):
            refresh(store_with_wlz, None, ["84529NED"], progress=None, force=True, live=live)
    assert _snapshot(store_with_wlz) == before


def test_live_refresh_skips_a_table_cbs_has_not_modified(store_with_wlz) -> None:
    import json

    from indicators.refresh import refresh

    manifest_path = store_with_wlz / "manifest.json"
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
