"""The reference table of municipal boundary changes (indicators/reference/herindelingen.csv).

Checked against the StatLine mirror (``$HHU_MIRROR``, else ``../shared/cbs`` beside the checkout):
successors are current municipalities (86059NED), codes of municipalities that existed in 2020
match 50090NED (indeling 2020), and every former municipality label in the older tables is covered.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "indicators" / "reference" / "herindelingen.csv"
COLUMNS = ["former_name", "former_code", "successor_name", "successor_code", "effective_date", "kind", "new_code", "note"]

# Tables whose RegioS column holds municipality labels of older divisions.
LABEL_TABLES = ("82166NED", "83674NED", "85012NED", "85563NED", "86050NED", "85038NED", "85310NED", "85594NED", "85985NED")
# Labels without a level suffix that are not municipalities (83674NED writes three GGD regions bare).
NOT_MUNICIPALITIES = {"Nederland", "GGD Gelderland-Zuid", "GGD Haaglanden", "GGD Regio Utrecht"}
GM_CODE = re.compile(r"^GM\d{4}$")


def _mirror_tables() -> Path:
    configured = os.environ.get("HHU_MIRROR")
    root = Path(configured).expanduser() if configured else Path(__file__).resolve().parents[1].parent / "shared" / "cbs"
    tables = root / "tables"
    if not tables.is_dir():
        pytest.skip(f"no StatLine mirror at {root} (set HHU_MIRROR)")
    return tables


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@pytest.fixture(scope="module")
def tables() -> Path:
    return _mirror_tables()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def current(tables: Path) -> dict[str, tuple[str, str]]:
    """Current municipality code -> (StatLine label, name), from Gebieden in Nederland 2025."""
    return {row["Code_1"].strip(): (row["RegioS"].strip(), row["Naam_2"].strip()) for row in _read(tables / "86059NED.csv")}


@pytest.fixture(scope="module")
def current_labels(current: dict[str, tuple[str, str]], tables: Path) -> set[str]:
    labels = {name for pair in current.values() for name in pair}
    labels |= {row["RegioS"].strip() for row in _read(tables / "85385NED.csv")}
    return labels


@pytest.fixture(scope="module")
def codes_2020(tables: Path) -> dict[str, str]:
    """Municipality name -> code in the 2020 division (355 municipalities)."""
    found = {
        row["Gemeentenaam_1"].strip(): row["WijkenEnBuurten"].strip()
        for row in _read(tables / "50090NED_2020_18plus.csv")
        if row["SoortRegio_2"].strip() == "Gemeente"
    }
    assert len(found) == 355
    return found


@pytest.fixture(scope="module")
def former_labels(tables: Path, current_labels: set[str]) -> set[str]:
    """Every municipality label in the older tables that is not a current municipality."""
    found: set[str] = set()
    for table in LABEL_TABLES:
        for row in _read(tables / f"{table}.csv"):
            label = row["RegioS"].strip()
            if label in current_labels or label in NOT_MUNICIPALITIES or label.endswith(")"):
                continue
            found.add(label)
    return found


def test_fields_are_filled_and_clean(rows: list[dict[str, str]]) -> None:
    assert rows
    for row in rows:
        for column in ("former_name", "successor_name", "successor_code", "effective_date", "kind", "note"):
            assert row[column], (column, row)
        for column, value in row.items():
            assert value == value.strip(), (column, row)
        assert row["kind"] in {"merger", "split"}, row
        assert row["new_code"] in {"yes", "no"}, row
        assert GM_CODE.match(row["successor_code"]), row
        assert row["former_code"] == "" or GM_CODE.match(row["former_code"]), row
    pairs = [(row["former_name"], row["successor_code"]) for row in rows]
    assert len(pairs) == len(set(pairs)), "duplicate (former_name, successor_code)"


def test_effective_dates_parse(rows: list[dict[str, str]]) -> None:
    for row in rows:
        date = dt.date.fromisoformat(row["effective_date"])
        assert dt.date(2000, 1, 1) <= date <= dt.date(2025, 1, 1), row


def test_successors_are_current_municipalities(rows: list[dict[str, str]], current: dict[str, tuple[str, str]]) -> None:
    for row in rows:
        assert row["successor_code"] in current, row
        label, name = current[row["successor_code"]]
        assert row["successor_name"] in {name, label}, (row, label, name)


def test_codes_of_2020_municipalities_match(rows: list[dict[str, str]], codes_2020: dict[str, str]) -> None:
    for row in rows:
        if row["former_name"] in codes_2020:
            # existed in 2020: the code must be filled and equal the 2020 code
            assert row["former_code"] == codes_2020[row["former_name"]], row


def test_codes_of_older_municipalities_are_not_in_use(
    rows: list[dict[str, str]], codes_2020: dict[str, str], current: dict[str, tuple[str, str]]
) -> None:
    """A code filled for a municipality dissolved before 2020 must not belong to another one."""
    in_use = set(codes_2020.values()) | set(current)
    for row in rows:
        if row["former_code"] and row["former_name"] not in codes_2020:
            assert row["former_code"] not in in_use, row
    by_code: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["former_code"]:
            by_code[row["former_code"]].add(row["former_name"])
    assert {code: names for code, names in by_code.items() if len(names) > 1} == {}


def test_every_former_label_is_covered(rows: list[dict[str, str]], former_labels: set[str]) -> None:
    names = {row["former_name"] for row in rows}
    assert former_labels, "no former municipalities found in the tables"
    assert sorted(former_labels - names) == []


def test_every_former_name_occurs_in_a_table(rows: list[dict[str, str]], former_labels: set[str]) -> None:
    assert sorted({row["former_name"] for row in rows} - former_labels) == []


def test_no_former_name_is_current(rows: list[dict[str, str]], current_labels: set[str]) -> None:
    assert sorted({row["former_name"] for row in rows} & current_labels) == []


def test_one_kind_code_and_date_per_former(rows: list[dict[str, str]]) -> None:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[row["former_name"]].append(row)
    for name, group in groups.items():
        for column in ("former_code", "effective_date", "kind"):
            assert len({row[column] for row in group}) == 1, (name, column)
        if group[0]["kind"] == "merger":
            assert len(group) == 1, name


def test_splits_have_at_least_two_successors(rows: list[dict[str, str]]) -> None:
    successors: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row["kind"] == "split":
            successors[row["former_name"]].add(row["successor_code"])
    assert successors
    for name, codes in successors.items():
        assert len(codes) >= 2, name


# Reference year of the tables without a Perioden column (the year their regions are of).
TABLE_YEARS = {"85012NED": "2020", "85563NED": "2022", "85038NED": "2019", "85310NED": "2020", "85594NED": "2021",
               "85985NED": "2022"}


def _period_end(text: str) -> dt.date:
    half = re.fullmatch(r"([12])e halfjaar (\d{4})", text)
    if half:
        return dt.date(int(half.group(2)), 6 if half.group(1) == "1" else 12, 30 if half.group(1) == "1" else 31)
    return dt.date(int(text[:4]), 12, 31)


def _earliest(tables: Path, with_value: bool) -> dict[str, dt.date]:
    """Municipality label -> end of the earliest period in which a label table lists it (with a value)."""
    earliest: dict[str, dt.date] = {}
    for table in LABEL_TABLES:
        for row in _read(tables / f"{table}.csv"):
            if with_value and not any(value.strip() not in ("", ".") for key, value in row.items()
                                      if re.search(r"_\d+$", key)):
                continue
            end = _period_end(row.get("Perioden") or TABLE_YEARS[table])
            label = row["RegioS"].strip()
            earliest[label] = min(earliest.get(label, end), end)
    return earliest


@pytest.fixture(scope="module")
def valued_before(tables: Path) -> dict[str, dt.date]:
    return _earliest(tables, with_value=True)


@pytest.fixture(scope="module")
def listed_before(tables: Path) -> dict[str, dt.date]:
    return _earliest(tables, with_value=False)


def test_new_codes_have_no_value_before_they_existed(rows: list[dict[str, str]], valued_before: dict[str, dt.date],
                                                     current: dict[str, tuple[str, str]]) -> None:
    """A successor with a new code is never published for a period before its merger, so it is never
    published alongside its former parts (the build could not tell its value from theirs)."""
    for row in rows:
        if row["kind"] != "merger" or row["new_code"] != "yes":
            continue
        label, name = current[row["successor_code"]]
        first = min(valued_before.get(label, dt.date.max), valued_before.get(name, dt.date.max))
        assert first >= dt.date.fromisoformat(row["effective_date"]), (row["successor_name"], first)


def test_absorbing_municipalities_existed_before(rows: list[dict[str, str]], listed_before: dict[str, dt.date],
                                                 current: dict[str, tuple[str, str]]) -> None:
    """A successor that keeps its code (``new_code`` no) absorbed others: the tables list it from before."""
    for row in rows:
        if row["kind"] != "merger" or row["new_code"] != "no":
            continue
        label, name = current[row["successor_code"]]
        first = min(listed_before.get(label, dt.date.max), listed_before.get(name, dt.date.max))
        assert first < dt.date.fromisoformat(row["effective_date"]), (row["successor_name"], first)
