"""The catalogue against the real mirror, and the build steps on hand-made frames."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import store
from indicators.aggregates import add_region_aggregates
from indicators.build import BuildError, extract_slice
from indicators.catalog import all_indicators, get_indicator
from indicators.catalog.formulas import Z95, difference, wijk_quintile_gap
from indicators.catalog.model import UNITS, Slice
from indicators.weights import Population, Weighting
from tests.helpers import slice_frame, small_model


def test_catalogue_has_at_least_20_indicators_covering_every_mission() -> None:
    indicators = all_indicators()
    assert len(indicators) >= 20
    assert {"M1a", "M1b", "M2", "M3", "M4"} <= {indicator.mission for indicator in indicators}


def test_every_catalogue_entry_matches_its_source_columns(refreshed_store: Path) -> None:
    for indicator in all_indicators():
        for piece in indicator.slices:
            raw = store.read_raw(refreshed_store, piece.table)
            assert piece.column in raw.columns, (indicator.id, piece.table, piece.column)
            extract_slice(raw, piece)  # raises BuildError naming what does not fit


def test_every_indicator_builds_with_values_in_range(built_store: Path) -> None:
    from indicators import api

    table = api.indicators_table(built_store)
    assert set(table["indicator_id"]) == {indicator.id for indicator in all_indicators()}
    for indicator in all_indicators():
        rows = table.loc[table["indicator_id"] == indicator.id]
        assert rows["value"].notna().any(), indicator.id
        limits = UNITS[indicator.unit]
        assert rows["value"].dropna().between(limits["min"], limits["max"]).all(), indicator.id
    assert not table.duplicated(["indicator_id", "region_code", "period"]).any()


def _mirror_value(mirror: Path, table: str, match: dict[str, str], column: str) -> float:
    with (mirror / "tables" / f"{table}.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";") if all(row[k] == v for k, v in match.items())]
    assert len(rows) == 1, (table, match)
    return float(rows[0][column])


@pytest.mark.parametrize(
    ("indicator_id", "table", "dimension", "high", "low", "column"),
    [
        ("inkomenskloof_gezonde_levensjaren", "85445NED", "InkomenEnWelvaart", "1014756", "1014752",
         "InAlsGoedErvarenGezondheid_2"),
        ("opleidingskloof_gezonde_levensjaren", "84842NED", "Onderwijsniveau", "Hbo, wo", "Basisonderwijs, vmbo, mbo1",
         "LVInAlsGoedErvarenGezondheid_2"),
    ],
)
def test_gap_equals_difference_of_the_two_groups_in_the_mirror(
    built_store: Path, mirror: Path, indicator_id: str, table: str, dimension: str, high: str, low: str, column: str
) -> None:
    from indicators import api

    rows = api.indicator_values(indicator_id, regions=["NL01"], data=built_store)
    for row in rows.itertuples():
        period = row.period
        base = {"Geslacht": "Totaal mannen en vrouwen", "LeeftijdOp31December": "0 jaar", "Marges": "Waarde",
                "Perioden": period}
        expected = (_mirror_value(mirror, table, {**base, dimension: high}, column)
                    - _mirror_value(mirror, table, {**base, dimension: low}, column))
        assert row.value == pytest.approx(expected)


def test_missing_source_value_stays_missing(built_store: Path, mirror: Path) -> None:
    from indicators import api

    # 82166NED (2012) has municipalities without any value: they must be missing, not 0.
    with (mirror / "tables" / "82166NED.csv").open(encoding="utf-8") as handle:
        empty = [row["RegioS"] for row in csv.DictReader(handle, delimiter=";")
                 if row["Leeftijd"] == "Totaal" and row["Cijfersoort"] == "Waarde" and row["Rokers_31"] == ""]
    assert empty
    model = api.regions(built_store)
    current = [label for label in empty if model.resolve_label(label).kind == "current"]
    codes = [model.resolve_label(label).code for label in current]
    values = api.indicator_values("roken_pct", regions=codes, period="2012", data=built_store)
    assert len(values) == len(codes)
    assert values["value"].isna().all()


# ----- hand-made frames --------------------------------------------------------------------------
def test_group_values_need_every_member_and_are_weighted_by_inhabitants() -> None:
    model = small_model()
    population = Population({2023: {"GM0001": 100.0, "GM0002": 300.0, "GM0003": 600.0}})
    frame = slice_frame([("GM0001", "Aa", "2020", 10.0), ("GM0002", "Bee", "2020", 20.0), ("GM0003", "Cee", "2020", np.nan)])
    frame["level"] = "gemeente"
    out = add_region_aggregates(frame, model, ("land", "ggd", "groep", "gemeente"), population,
                                Weighting("population")).set_index("region_code")
    # G1 = (10 * 100 + 20 * 300) / 400 = 17.5; GGD Een is the same two municipalities
    assert out.loc["G1", "value"] == pytest.approx(17.5)
    assert out.loc["GG0001", "value"] == pytest.approx(17.5)
    assert bool(out.loc["G1", "computed"]) is True
    assert "inwoners 1 januari 2023 (dichtstbijzijnde jaar" in out.loc["G1", "note"]  # 2020 -> nearest year 2023
    assert np.isnan(out.loc["GG0002", "value"])   # Cee has no value
    assert np.isnan(out.loc["NL01", "value"])     # not every municipality has a value
    assert "niet alle 3 gemeenten" in out.loc["NL01", "note"]


def test_group_weights_use_the_period_year_where_there_are_data() -> None:
    model = small_model()
    population = Population({2023: {"GM0001": 100.0, "GM0002": 300.0, "GM0003": 600.0},
                             2024: {"GM0001": 300.0, "GM0002": 100.0, "GM0003": 600.0}})
    frame = slice_frame([("GM0001", "Aa", "2024", 10.0), ("GM0002", "Bee", "2024", 20.0), ("GM0003", "Cee", "2024", 5.0)])
    frame["level"] = "gemeente"
    out = add_region_aggregates(frame, model, ("groep", "gemeente"), population, Weighting("population")).set_index("region_code")
    # 2024 weights: (10 * 300 + 20 * 100) / 400 = 12.5
    assert out.loc["G1", "value"] == pytest.approx(12.5)
    assert out.loc["G1", "note"].endswith("gewicht: inwoners 1 januari 2024")


def test_difference_interval_treats_groups_as_independent() -> None:
    high = pd.DataFrame({"region_code": ["NL01"], "region_label": ["Nederland"], "period": ["2020"],
                         "value": [70.0], "lower": [69.0], "upper": [71.0], "se": [1.0]})
    low = high.assign(value=[50.0], lower=[49.0], upper=[51.0], se=[2.0])
    out = difference({"high": high, "low": low})
    # se = sqrt(1**2 + 2**2) = sqrt(5)
    assert out.loc[0, "value"] == 20.0
    assert out.loc[0, "se"] == pytest.approx(np.sqrt(5))
    assert out.loc[0, "lower"] == pytest.approx(20.0 - Z95 * np.sqrt(5))


def test_wijk_gap_uses_top_and_bottom_fifth() -> None:
    values = [50.0, 60.0, 70.0, 80.0, 90.0, 100.0]  # n = 6: a fifth is ceil(1.2) = 2 wijken
    wijken = pd.DataFrame({"municipality_code": "GM0001", "municipality_label": "Aa", "period": "2020",
                           "region_code": [f"WK0001{i:02d}" for i in range(6)], "value": values})
    out = wijk_quintile_gap({"value": wijken})
    assert out.loc[0, "value"] == pytest.approx(95.0 - 55.0)
    assert np.isnan(out.loc[0, "se"])  # model estimates: no standard error
    too_few = wijk_quintile_gap({"value": wijken.head(4)})
    assert np.isnan(too_few.loc[0, "value"])


def test_extract_slice_names_table_and_column() -> None:
    raw = pd.DataFrame({"RegioS_code": ["GM0001"], "RegioS_label": ["Aa"], "Perioden_code": ["2020JJ00"],
                        "Perioden_label": ["2020"], "X_1": [1.0]})
    with pytest.raises(BuildError, match="table T1: column 'Y_2' not found"):
        extract_slice(raw, Slice("T1", "Y_2", margins=""))
    with pytest.raises(BuildError, match="dimension 'Geslacht' not found"):
        extract_slice(raw, Slice("T1", "X_1", {"Geslacht": "Mannen"}, margins=""))


def test_unknown_indicator_suggests_close_ids() -> None:
    with pytest.raises(KeyError, match="roken_pct"):
        get_indicator("roken_pc")


def test_duplicate_rows_for_one_region_and_period_are_refused() -> None:
    raw = pd.DataFrame({"RegioS_code": ["GM0001", "GM0001"], "RegioS_label": ["Aa", "Aa"],
                        "Geslacht_code": [pd.NA, pd.NA], "Geslacht_label": ["Mannen", "Vrouwen"],
                        "Perioden_code": ["2020JJ00"] * 2, "Perioden_label": ["2020"] * 2, "X_1": [1.0, 2.0]})
    with pytest.raises(BuildError, match="table T1: X_1: several value rows"):
        extract_slice(raw, Slice("T1", "X_1", margins=""))
    assert extract_slice(raw, Slice("T1", "X_1", {"Geslacht": "Vrouwen"}, margins=""))["value"].tolist() == [2.0]
