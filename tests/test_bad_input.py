"""Bad mirror input: one clear line naming the file and the problem, and the store unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from indicators import cli, config
from indicators.refresh import refresh
from indicators.sources.base import SourceError

TABLES = ["86059NED", "86050NED"]


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture
def small_mirror(mirror: Path, tmp_path: Path) -> Path:
    """A mirror folder in tmp with the two tables of :data:`TABLES` (copied at test time) and geo/."""
    folder = tmp_path / "mirror"
    (folder / "tables").mkdir(parents=True)
    for table in TABLES:
        shutil.copy(mirror / "tables" / f"{table}.csv", folder / "tables" / f"{table}.csv")
    shutil.copytree(mirror / "geo", folder / "geo")
    return folder


@pytest.fixture
def store_before(small_mirror: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    refresh(data, small_mirror, TABLES, progress=None)
    return data


def _rewrite(path: Path, change) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _replace_first_value(text: str, column: str, value: str) -> str:
    lines = text.split("\n")
    header = lines[0].split(";")
    index = header.index(column)
    fields = lines[1].split(";")
    fields[index] = value
    lines[1] = ";".join(fields)
    return "\n".join(lines)


def _drop_column(text: str, column: str) -> str:
    lines = [line for line in text.split("\n") if line]
    index = lines[0].split(";").index(column)
    return "\n".join(";".join(f for i, f in enumerate(line.split(";")) if i != index) for line in lines) + "\n"


CASES = {
    "wrong delimiter": (lambda text: text.replace(";", ","), "not ';'-separated"),
    "missing column": (lambda text: _drop_column(text, "WmoClientenPer1000Inwoners_2"),
                       "missing column(s) WmoClientenPer1000Inwoners_2"),
    "unknown region label": (lambda text: text.replace(";Zeist;", ";Zeistt;"), "'Zeistt'"),
    "non-numeric value": (lambda text: _replace_first_value(text, "WmoClienten_1", "12a"), "non-numeric value '12a'"),
    "bom": (lambda text: "\ufeff" + text, "byte-order mark"),
    "empty file": (lambda text: "", "file is empty"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_line_and_store_unchanged(case: str, small_mirror: Path, store_before: Path) -> None:
    change, expected = CASES[case]
    target = small_mirror / "tables" / "86050NED.csv"
    _rewrite(target, change)
    before = _snapshot(store_before)
    with pytest.raises((SourceError, ValueError)) as raised:
        refresh(store_before, small_mirror, TABLES, progress=None, force=True)
    message = str(raised.value)
    assert "\n" not in message
    assert expected in message
    assert "86050NED.csv" in message
    assert _snapshot(store_before) == before


def test_cli_prints_one_line_and_exits_2(small_mirror: Path, store_before: Path, monkeypatch, capsys) -> None:
    _rewrite(small_mirror / "tables" / "86050NED.csv", lambda text: "\ufeff" + text)
    monkeypatch.setenv(config.DATA_ENV, str(store_before))
    before = _snapshot(store_before)
    code = cli.main(["refresh", "--mirror", str(small_mirror), "--tables", *TABLES, "--force"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err[-1].startswith("hhu: ") and "86050NED.csv" in err[-1] and "byte-order mark" in err[-1]
    assert _snapshot(store_before) == before


def test_cbs_symbols_stay_missing(small_mirror: Path, tmp_path: Path) -> None:
    from indicators import store

    target = small_mirror / "tables" / "86050NED.csv"
    _rewrite(target, lambda text: _replace_first_value(text, "WmoClienten_1", "."))
    _rewrite(target, lambda text: _replace_first_value(text, "WmoClientenPer1000Inwoners_2", "x"))
    data = tmp_path / "fresh"
    refresh(data, small_mirror, TABLES, progress=None)
    raw = store.read_raw(data, "86050NED")
    first = raw.iloc[0]
    assert first["WmoClienten_1"] != first["WmoClienten_1"]  # NaN, not 0
    assert first["WmoClientenPer1000Inwoners_2"] != first["WmoClientenPer1000Inwoners_2"]
    assert raw["WmoClienten_1"].iloc[1:].notna().any()


def test_unchanged_tables_are_skipped(small_mirror: Path, store_before: Path) -> None:
    before = _snapshot(store_before)
    results = refresh(store_before, small_mirror, TABLES, progress=None)
    assert [result.state for result in results] == ["unchanged", "unchanged"]
    raw_before = {name: digest for name, digest in before.items() if name.startswith("raw/")}
    raw_after = {name: digest for name, digest in _snapshot(store_before).items() if name.startswith("raw/")}
    assert raw_after == raw_before
