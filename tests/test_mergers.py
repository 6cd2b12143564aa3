"""Boundary changes per period (issue 9): own values first, reconstruction from former parts, weights.

Hand-made frames with numbers to check on paper, then the mirror: every value the source publishes
for a current municipality appears unchanged (Vijfheerenlanden's Wmo years, Amsterdam 2022).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.mergers import RECONSTRUCTED, to_current_municipalities
from indicators.weights import Population, Weighting
from tests.helpers import slice_frame, small_model

# Aa (GM0001) is formed anew (new code) from Oud (GM0900) and Ander (GM0901); Bee (GM0002) absorbs Klein (GM0902).
CHANGES = [
    ("Oud", "GM0900", "Aa", "GM0001", "merger", "yes"),
    ("Ander", "GM0901", "Aa", "GM0001", "merger", "yes"),
    ("Klein", "GM0902", "Bee", "GM0002", "merger", "no"),
    ("Splits", "", "Bee", "GM0002", "split", "no"),
    ("Splits", "", "Cee", "GM0003", "split", "no"),
]
DERIVED = pd.DataFrame({  # inhabitants derived from 86050NED, by code and year
    "region_code": ["GM0900", "GM0901", "GM0902", "GM0002", "GM0001"],
    "region_label": ["Oud", "Ander", "Klein", "Bee", "Aa"],
    "year": [2018, 2018, 2018, 2018, 2019],
    "inhabitants": [100.0, 300.0, 50.0, 150.0, 400.0],
})


def _map(rows: list[tuple], weighting: Weighting | None = None, se: float | list[float] = np.nan) -> pd.DataFrame:
    model = small_model(CHANGES)
    return to_current_municipalities(slice_frame(rows, se), model, Population({}, DERIVED), weighting).set_index(
        ["region_code", "period"])


def test_own_value_is_used_when_the_parts_have_none() -> None:
    out = _map([("GM0001", "Aa", "2019", 7.0), ("GM0900", "Oud", "2019", np.nan), ("GM0901", "Ander", "2019", np.nan)])
    assert out.loc[("GM0001", "2019"), "value"] == 7.0
    assert not out.loc[("GM0001", "2019"), "computed"]


def test_new_code_is_reconstructed_from_its_parts_when_missing() -> None:
    out = _map([("GM0001", "Aa", "2018", np.nan), ("GM0900", "Oud", "2018", 10.0), ("GM0901", "Ander", "2018", 20.0)])
    row = out.loc[("GM0001", "2018")]
    # (10 * 100 + 20 * 300) / 400 = 17.5
    assert row["value"] == pytest.approx(17.5)
    assert row["computed"]
    assert row["note"].startswith(f"{RECONSTRUCTED} (Ander, Oud)")
    assert len(out.loc[out.index.get_level_values("region_code") == "GM0001"]) == 1  # no double row


def test_absorbing_municipality_is_reconstructed_from_itself_and_the_absorbed() -> None:
    out = _map([("GM0002", "Bee", "2018", 8.0), ("GM0902", "Klein", "2018", 12.0)])
    # Bee (150) absorbs Klein (50): (8 * 150 + 12 * 50) / 200 = 9.0
    assert out.loc[("GM0002", "2018"), "value"] == pytest.approx(9.0)
    assert out.loc[("GM0002", "2018"), "note"].startswith(f"{RECONSTRUCTED} (Bee, Klein)")


def test_absorbing_municipality_without_its_own_value_stays_missing() -> None:
    out = _map([("GM0002", "Bee", "2018", np.nan), ("GM0902", "Klein", "2018", 12.0)])
    assert np.isnan(out.loc[("GM0002", "2018"), "value"])
    assert "geen waarde voor Bee" in out.loc[("GM0002", "2018"), "note"]


def test_new_code_published_alongside_its_parts_is_not_counted_twice() -> None:
    out = _map([("GM0001", "Aa", "2018", 15.0), ("GM0900", "Oud", "2018", 10.0), ("GM0901", "Ander", "2018", 20.0)])
    row = out.loc[("GM0001", "2018")]
    assert row["value"] == 15.0 and not row["computed"]
    assert "niet meegeteld" in row["note"]


def test_split_parts_are_left_out_and_named() -> None:
    out = _map([("GM0003", "Cee", "2018", 5.0), (None, "Splits", "2018", 99.0)])
    assert out.loc[("GM0003", "2018"), "value"] == 5.0
    assert "Splits" in out.loc[("GM0003", "2018"), "note"] and "gesplitst" in out.loc[("GM0003", "2018"), "note"]


def test_counts_are_summed_for_registrations() -> None:
    frame = slice_frame([("GM0900", "Oud", "2018", 50.0), ("GM0901", "Ander", "2018", 20.0)], se=0.0)
    frame["count"] = [10.0, 6.0]
    frame["base"] = [200.0, 300.0]
    out = to_current_municipalities(frame, small_model(CHANGES), Population({}, DERIVED),
                                    Weighting("counts", scale=1000.0)).set_index("region_code")
    # (10 + 6) / (200 + 300) * 1000 = 32
    assert out.loc["GM0001", "value"] == pytest.approx(32.0)
    assert out.loc["GM0001", "se"] == 0.0
    assert out.loc["GM0001", "count"] == 16.0 and out.loc["GM0001", "base"] == 500.0


def test_carers_are_weighted_by_inhabitants_times_the_carer_share() -> None:
    share = slice_frame([("GM0900", "Oud", "2018", 50.0), ("GM0901", "Ander", "2018", 10.0)])
    weighting = Weighting("share", share=share, share_words="mantelzorgers")
    out = _map([("GM0900", "Oud", "2018", 20.0), ("GM0901", "Ander", "2018", 40.0)], weighting)
    # carers: 100 * 50% = 50 and 300 * 10% = 30 -> (20 * 50 + 40 * 30) / 80 = 27.5 (by inhabitants alone: 35)
    assert out.loc[("GM0001", "2018"), "value"] == pytest.approx(27.5)
    assert "mantelzorgers" in out.loc[("GM0001", "2018"), "note"]


def test_nearest_year_of_inhabitants_is_said() -> None:
    out = _map([("GM0900", "Oud", "2016", 10.0), ("GM0901", "Ander", "2016", 20.0)])
    assert "dichtstbijzijnde jaar bij 2016" in out.loc[("GM0001", "2016"), "note"]


# ----- the mirror --------------------------------------------------------------------------------
def _mirror_rows(mirror: Path, table: str, **match: str) -> list[dict[str, str]]:
    with (mirror / "tables" / f"{table}.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle, delimiter=";") if all(row[k] == v for k, v in match.items())]


def test_vijfheerenlanden_wmo_years_equal_the_source(built_store: Path, mirror: Path) -> None:
    from indicators import api

    source = {row["Perioden"]: float(row["WmoClientenPer1000Inwoners_2"])
              for row in _mirror_rows(mirror, "86050NED", RegioS="Vijfheerenlanden")
              if row["Perioden"].isdigit() and row["WmoClientenPer1000Inwoners_2"]}
    assert len(source) >= 5
    built = api.indicator_values("wmo_clienten_per_1000", regions=["GM1961"], data=built_store).set_index("period")
    for period, value in source.items():
        assert built.loc[period, "value"] == value, period
        assert not built.loc[period, "computed"]
    # the years before the merger are reconstructed from Leerdam, Vianen and Zederik
    earlier = built.loc[~built.index.isin(list(source)) & built["value"].notna()]
    assert not earlier.empty and earlier["note"].str.startswith(RECONSTRUCTED).all()


def test_amsterdam_2022_equals_the_source(built_store: Path, mirror: Path) -> None:
    from indicators import api

    row = _mirror_rows(mirror, "85563NED", RegioS="Amsterdam", Leeftijd="Totaal", Marges="Waarde")[0]
    built = api.indicator_values("ervaren_gezondheid_goed_pct", regions=["GM0363"], period="2022", data=built_store)
    assert built["value"].iloc[0] == float(row["ErvarenGezondheidGoedZeerGoed_1"])


def test_utrecht_groups_have_wmo_figures(built_store: Path) -> None:
    from indicators import api

    rows = api.indicator_values("wmo_clienten_per_1000", regions=["U10", "HHU", "GG2514", "PV26"], data=built_store)
    with_value = rows.loc[rows["value"].notna()]
    assert set(with_value["region_code"]) == {"U10", "HHU", "GG2514", "PV26"}
    assert (with_value["se"] == 0).all() and with_value["computed"].all()


def test_no_new_code_municipality_is_published_alongside_its_parts(built_store: Path) -> None:
    from indicators import api

    table = api.indicators_table(built_store)
    assert not table["note"].str.contains("niet meegeteld", na=False).any()
