"""Periods parse as CBS writes them; the store writes atomically and keeps provenance."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from indicators import store
from indicators.periods import parse_period
from indicators.sources.base import Provenance, RawTable


@pytest.mark.parametrize(
    ("text", "key", "start", "end"),
    [
        ("2019", "2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("2019JJ00", "2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("1e halfjaar 2017", "2017H1", date(2017, 1, 1), date(2017, 6, 30)),
        ("2e halfjaar 2017", "2017H2", date(2017, 7, 1), date(2017, 12, 31)),
        ("2017/2020", "2017/2020", date(2017, 1, 1), date(2020, 12, 31)),
        ("2004-2007", "2004/2007", date(2004, 1, 1), date(2007, 12, 31)),
    ],
)
def test_parse_period(text: str, key: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.key, period.start, period.end) == (key, start, end)


def test_period_midpoints_order_multi_year_before_its_last_year() -> None:
    assert parse_period("2017/2020").year < parse_period("2019").year < parse_period("2020").year
    assert parse_period("2017/2020").year == pytest.approx(2019.0, abs=0.01)


@pytest.mark.parametrize("text", ["", "2019Q1", "3e halfjaar 2017", "2020/2017"])
def test_unknown_period_names_the_text(text: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period(text)


def _raw(table_id: str, values: list[float]) -> RawTable:
    frame = pd.DataFrame({"RegioS_code": ["GM0344"] * len(values), "Topic_1": values})
    provenance = Provenance(table_id, "CBS", "t", "mirror", "x.csv", "2026-01-01T00:00:00+00:00", "abc")
    return RawTable(frame, provenance)


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_replace_tables_round_trip_with_provenance(tmp_path: Path) -> None:
    store.replace_tables(tmp_path, [_raw("T1", [1.0, float("nan")])])
    frame = store.read_raw(tmp_path, "T1")
    assert frame["Topic_1"].isna().tolist() == [False, True]
    assert store.read_provenance(tmp_path, "T1").sha256 == "abc"
    assert store.read_manifest(tmp_path)["tables"]["T1"]["rows"] == 2


def test_failed_staging_leaves_store_byte_identical(tmp_path: Path) -> None:
    store.replace_tables(tmp_path, [_raw("T1", [1.0]), _raw("T2", [2.0])])
    before = _digests(tmp_path)

    def tables():
        yield _raw("T1", [9.0])
        raise RuntimeError("source failed half-way")

    with pytest.raises(RuntimeError):
        store.replace_tables(tmp_path, tables())
    assert _digests(tmp_path) == before
    assert not list((tmp_path / "raw").glob(".*staged"))


def test_missing_table_names_the_table(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="T9"):
        store.read_raw(tmp_path, "T9")
