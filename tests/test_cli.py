"""The ``hhu`` command on a built store: status, query, scoreboard, and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indicators import cli


def test_status_lists_every_table(built_store: Path, capsys) -> None:
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "86050NED" in out and "50090NED" in out and "mirror" in out


def test_query_json_for_a_group_and_members(built_store: Path, capsys) -> None:
    assert cli.main(["query", "roken_pct", "--region", "U10", "--members", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    codes = {row["region_code"] for row in rows}
    assert "U10" in codes and "GM0344" in codes and len(codes) == 17
    u10 = [row for row in rows if row["region_code"] == "U10"]
    assert all(row["computed"] for row in u10)


def test_query_table_uses_decimal_comma_and_source_line(built_store: Path, capsys) -> None:
    assert cli.main(["query", "gezonde_levensverwachting_jaren", "--region", "Nederland", "--period", "2019"]) == 0
    out = capsys.readouterr().out
    assert "Bron: CBS/RIVM StatLine, tabel 71950ned" in out
    value_line = next(line for line in out.splitlines() if line.strip().startswith("NL01"))
    assert re.search(r" \d{2},\d ", value_line), value_line


def test_scoreboard_names_every_mission(built_store: Path, capsys) -> None:
    assert cli.main(["scoreboard", "--region", "Nieuwegein"]) == 0
    out = capsys.readouterr().out
    for mission_id in ("M1a", "M1b", "M2", "M3", "M4"):
        assert f"{mission_id}  " in out
    assert "Datagat" in out and "[Nederland]" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["query", "roken_pc"], "unknown indicator 'roken_pc'; did you mean roken_pct"),
        (["query", "roken_pct", "--region", "Nieuwegeinn"], "unknown region 'Nieuwegeinn'; closest: Nieuwegein"),
        (["scoreboard", "--region", "Utreht"], "closest: Utrecht"),
        (["refresh", "--tables", "99999NED"], "unknown table id '99999NED'"),
    ],
)
def test_bad_parameters_give_one_line(built_store: Path, capsys, argv: list[str], expected: str) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("hhu: ") and expected in err[-1]
