"""The ``hhu`` command on a built store: status, indicators, query, scoreboard, and one-line errors.

Messages are Dutch by default and English with ``--lang en``; an unknown indicator or region
suggests the nearest ones; the CSV of ``hhu query`` follows :mod:`indicators.export`.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from indicators import cli
from indicators.catalog import all_indicators
from indicators.missions import MISSIONS


def test_status_lists_every_table_in_plain_dutch(built_store: Path, capsys) -> None:
    assert cli.main(["status"]) == 0
    out = capsys.readouterr().out
    assert "86050NED" in out and "50090NED" in out
    assert "Offline kopie van CBS- en RIVM-tabellen, opgehaald op" in out
    assert "Berekend:" in out and "indicatoren" in out
    for english in ("mirror", "trimmed", "yes (", "+00:00"):  # no English or ISO stamps inside Dutch output
        assert english not in out, english
    assert not re.search(r"\b0 perioden\b", out)
    assert "niet volledig" in out  # what a partial table means, in words


def test_refresh_lines_say_one_period_in_the_singular() -> None:
    from indicators import messages
    from indicators.refresh import TableResult

    one = TableResult("82166NED", "new", 3996, 1, 444, "mirror").summary()
    many = TableResult("86050NED", "new", 8932, 22, 1, "mirror").summary()
    assert "   1 periode " in one and " 444 regio's " in one
    assert "  22 perioden " in many and "     1 regio " in many
    assert one.index("regio") == many.index("regio") and one.index("bron") == many.index("bron")  # columns aligned
    with messages.language("en"):
        assert "   1 period " in TableResult("82166NED", "new", 3996, 1, 444, "mirror").summary()


def test_status_in_english(built_store: Path, capsys) -> None:
    assert cli.main(["status", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Offline copy of CBS and RIVM tables, retrieved on" in out and "opgehaald" not in out


def test_data_command_is_gone(built_store: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["data"])


def test_indicators_lists_ids_titles_units_and_missions(built_store: Path, capsys) -> None:
    assert cli.main(["indicators"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    for indicator in all_indicators():
        line = next(line for line in lines if line.startswith(indicator.id + " "))
        assert indicator.mission in line and indicator.title_nl in line and indicator.unit_label("nl") in line
    assert f"{len(all_indicators())} indicatoren" in out
    assert cli.main(["indicators", "--mission", "M2", "--lang", "en"]) == 0
    english = capsys.readouterr().out
    assert "Smokers" in english and "Rokers" not in english
    assert all(line.split()[1] == "M2" for line in english.splitlines()[1:] if line and "_" in line.split()[0])
    assert len(MISSIONS) == 5


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


def test_query_csv_follows_the_export_rules(built_store: Path, capsysbinary) -> None:
    assert cli.main(["query", "roken_pct", "--region", "U10", "--members", "--format", "csv"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert {"regio", "regiocode", "periode", "waarde", "bron"} <= set(back.columns)
    assert back["waarde"].dtype == float
    assert (((back["waarde"].dropna() * 10).round(6)) % 1 == 0).all()  # the source's one decimal, no float noise
    assert set(back["niveau"]) <= {"gemeente", "samenwerkingsregio"}
    assert cli.main(["query", "roken_pct", "--region", "U10", "--format", "csv", "--lang", "en"]) == 0
    english = pd.read_csv(io.BytesIO(capsysbinary.readouterr().out), encoding="utf-8-sig")
    assert "region" in english.columns and english["value"].dtype == float


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["query", "roken_pc"], "onbekende indicator 'roken_pc'; bedoelt u roken_pct (Rokers)"),
        (["query", "rokers"], "bedoelt u roken_pct (Rokers)"),
        (["query", "roken_pc", "--lang", "en"], "unknown indicator 'roken_pc'; did you mean roken_pct (Smokers)"),
        (["query", "roken_pct", "--region", "Nieuwegeinn"], "onbekende regio 'Nieuwegeinn'; lijkt op: Nieuwegein"),
        (["query", "roken_pct", "--region", "Nieuwegeinn", "--lang", "en"], "closest: Nieuwegein"),
        (["scoreboard", "--region", "Utreht"], "lijkt op: Utrecht"),
        (["indicators", "--mission", "M9"], "onbekende missie 'M9'"),
        (["refresh", "--tables", "99999NED"], "onbekende tabel '99999NED'"),  # Dutch unless --lang en
    ],
)
def test_bad_parameters_give_one_line(built_store: Path, capsys, argv: list[str], expected: str) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("hhu: ") and expected in err[-1]
