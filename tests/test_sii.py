"""The slope index of inequality across districts: ranks, fit, sign, bootstrap, and the built table.

Hand-worked numbers first, then the mirror: the SII of Utrecht recomputed with plain pandas/numpy
straight from the mirror's CSV files equals the built table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import sii
from indicators.catalog.formulas import slope_index
from indicators.district_map import district_map, plain
from indicators.districts import district_table


def test_midpoint_ranks_by_hand() -> None:
    # shares 0.1, 0.3, 0.6 -> midpoints 0.05, 0.1 + 0.15 = 0.25, 0.4 + 0.3 = 0.7
    assert sii.midpoint_ranks(np.array([10.0, 30.0, 60.0])).tolist() == pytest.approx([0.05, 0.25, 0.7])


def test_weighted_slope_by_hand() -> None:
    # y = 2 + 10 x exactly: the slope is 10 whatever the weights
    x = np.array([0.1, 0.5, 0.9])
    assert sii.weighted_slope(x, 2 + 10 * x, np.array([1.0, 5.0, 2.0])) == pytest.approx(10.0)
    # two points, equal weights: (30 - 10) / (0.75 - 0.25) = 40
    assert sii.weighted_slope(np.array([0.25, 0.75]), np.array([10.0, 30.0]), np.array([1.0, 1.0])) == pytest.approx(40.0)


def test_slope_index_equals_a_weighted_least_squares_fit() -> None:
    population = np.array([100.0, 200.0, 300.0, 150.0, 250.0, 400.0, 100.0])
    values = np.array([60.0, 64.0, 63.0, 70.0, 72.0, 71.0, 80.0])
    sizes = np.array([5, 2])
    out = sii.slope_index(values, population, sizes, replicates=0)
    x = sii.midpoint_ranks(population[:5])
    # numpy's polyfit minimises sum((w_i (y_i - fit_i))**2): w = sqrt(inhabitants) is least squares weighted by inhabitants
    expected = np.polyfit(x, values[:5], 1, w=np.sqrt(population[:5]))[0]
    assert out["slope"][0] == pytest.approx(expected)
    assert out["mean"][0] == pytest.approx(np.average(values[:5], weights=population[:5]))


def test_bootstrap_is_reproducible_per_municipality_and_matches_a_plain_loop() -> None:
    rng = np.random.default_rng(7)
    population = rng.integers(1000, 9000, 16).astype(float)
    values = rng.normal(70, 4, 16)
    sizes = np.array([6, 10])
    together = sii.slope_index(values, population, sizes, replicates=300)
    alone = sii.slope_index(values[6:], population[6:], sizes[1:], replicates=300)
    assert together["lower"][1] == pytest.approx(alone["lower"][0])  # independent of the other municipality
    # the same draws by hand: replicate b takes district floor(u[b, k] * n) for draw k (u: seeded, draw-major)
    uniform = np.random.default_rng(sii.SEED).random((10, 300)).T
    slopes = []
    for draws in uniform:
        counts = np.bincount((draws[:10] * 10).astype(int), minlength=10)
        kept = counts > 0
        weights = (counts * population[6:])[kept]
        slopes.append(sii.weighted_slope(sii.midpoint_ranks(weights), values[6:][kept], weights))
    assert alone["lower"][0] == pytest.approx(np.nanpercentile(slopes, 2.5), abs=1e-3)
    assert alone["upper"][0] == pytest.approx(np.nanpercentile(slopes, 97.5), abs=1e-3)
    assert alone["se"][0] == pytest.approx(np.nanstd(slopes, ddof=1), abs=1e-3)


def _districts(values: list[float], income: list[float], population: list[float], municipality: str = "GM0001",
               unmatched: int = 0) -> dict[str, pd.DataFrame]:
    codes = [f"WK{municipality[2:]}{index:02d}" for index in range(len(values))]
    wijken = pd.DataFrame({"municipality_code": municipality, "municipality_label": "Aa", "region_code": codes,
                           "region_label": None, "period": "2020", "value": values})
    known = codes[:len(codes) - unmatched]
    population_frame = pd.DataFrame({"region_code": known, "region_label": [f"Wijk {code[-2:]}" for code in known],
                                     "value": population[:len(known)]})
    income_frame = pd.DataFrame({"region_code": known, "region_label": None, "value": income[:len(known)]})
    return {"value": wijken, "population": population_frame, "income_low": income_frame}


def test_district_table_orders_from_most_to_least_low_incomes() -> None:
    inputs = _districts([70.0, 80.0, 75.0], income=[20.0, 50.0, 35.0], population=[100.0, 100.0, 200.0])
    table = district_table(inputs["value"], inputs["population"], inputs["income_low"])
    assert table["region_name"].tolist() == ["Wijk 01", "Wijk 02", "Wijk 00"]  # 50%, 35%, 20% low incomes
    assert table["income_rank"].tolist() == [1.0, 2.0, 3.0]
    # inhabitants 100, 200, 100 of 400: midpoints 0.125, 0.5, 0.875
    assert table["rank_midpoint"].tolist() == pytest.approx([0.125, 0.5, 0.875])


def test_sign_positive_when_lower_income_districts_are_worse_off() -> None:
    # good health rises from the most to the least deprived district: lower incomes worse off
    health = _districts([60.0, 65.0, 70.0, 75.0, 80.0], income=[50.0, 40.0, 30.0, 20.0, 10.0], population=[100.0] * 5)
    assert slope_index(health, measure_direction="higher_is_better").loc[0, "value"] > 0
    # overweight falls from the most to the least deprived district: lower incomes worse off again
    overweight = _districts([60.0, 55.0, 50.0, 45.0, 40.0], income=[50.0, 40.0, 30.0, 20.0, 10.0], population=[100.0] * 5)
    out = slope_index(overweight, measure_direction="lower_is_better")
    # equal inhabitants: ranks 0.1 ... 0.9, fitted slope -25 per unit of rank -> SII = +25 pp
    assert out.loc[0, "value"] == pytest.approx(25.0)
    assert out.loc[0, "lower"] <= out.loc[0, "value"] <= out.loc[0, "upper"]
    # the other way round: lower-income districts better off -> negative
    reverse = _districts([40.0, 45.0, 50.0, 55.0, 60.0], income=[50.0, 40.0, 30.0, 20.0, 10.0], population=[100.0] * 5)
    assert slope_index(reverse, measure_direction="lower_is_better").loc[0, "value"] == pytest.approx(-25.0)


def test_needs_five_usable_districts_and_counts_unmatched_codes() -> None:
    inputs = _districts([60.0, 65.0, 70.0, 75.0, 80.0, 85.0], income=[50.0, 40.0, 30.0, 20.0, 10.0],
                        population=[100.0] * 5, unmatched=2)
    out = slope_index(inputs, measure_direction="higher_is_better")
    assert np.isnan(out.loc[0, "value"])
    assert out.loc[0, "wijken"] == 4
    assert "minstens 5" in out.loc[0, "note"] and "2 wijkcode(s) niet in de wijkindeling 2022" in out.loc[0, "note"]
    assert "WK000104" in out.loc[0, "note"]


def test_district_map_colours_districts_and_escapes_names() -> None:
    rows = pd.DataFrame({"region_code": ["WK000100", "WK000101", "WK000102"],
                         "region_name": ["<b>Oost</b> & {x}", "West", "WK000102"], "period": "2020",
                         "value": [70.0, np.nan, 80.0], "income_low_pct": [40.0, 30.0, np.nan],
                         "income_rank": [1.0, 2.0, np.nan], "districts_ranked": [2.0, 2.0, np.nan],
                         "source_table": "50090NED, 85318NED"})
    square = [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square},
         "properties": {"statcode": code, "statnaam": code}} for code in ("WK000100", "WK000101")]}
    figure = district_map(rows, geojson, "Ervaren gezondheid", "Aa")
    coloured, grey = figure.data
    assert list(coloured.locations) == ["WK000100"] and list(grey.locations) == ["WK000101"]
    assert "&lt;b&gt;Oost&lt;/b&gt; &amp; &#123;x&#125;" in coloured.customdata[0]
    assert "inkomenspositie 1 van 2" in coloured.customdata[0]
    assert any("WK000102" in note.text for note in figure.layout.annotations)  # no shape: named under the map
    assert plain("%{x}") == "%&#123;x&#125;"


# ----- the built table against the mirror ---------------------------------------------------------
def test_sii_exists_for_every_municipality_with_five_usable_districts(built_store: Path) -> None:
    from indicators import api

    for indicator_id in ("sii_ervaren_gezondheid_pp", "sii_overgewicht_pp", "sii_eenzaamheid_pp"):
        built = api.indicator_values(indicator_id, data=built_store)
        districts = api.wijk_values(indicator_id, data=built_store)
        usable = districts.loc[districts["usable"]].groupby(["municipality_code", "period"]).size()
        expected = set(usable.index[usable >= sii.MIN_DISTRICTS])
        with_value = built.loc[built["value"].notna()]
        assert set(zip(with_value["region_code"], with_value["period"], strict=True)) == expected, indicator_id
        assert with_value["lower"].notna().all() and with_value["se"].notna().all()
        assert (with_value["uncertainty"] == "model").all()
        assert with_value["note"].str.startswith("SII uit").all()


def test_utrecht_sii_recomputed_from_the_mirror_with_plain_pandas(built_store: Path, mirror: Path) -> None:
    from indicators import api

    health = pd.read_csv(mirror / "tables" / "50090NED_2020_18plus.csv", sep=";", dtype=str)
    health = health.assign(code=health["WijkenEnBuurten"].str.strip(), kind=health["SoortRegio_2"].str.strip())
    health = health.loc[(health["kind"] == "Wijk") & health["code"].str.startswith("WK0344")]
    health["value"] = pd.to_numeric(health["ErvarenGezondheidGoedZeerGoed_4"].str.strip(), errors="coerce")
    with (mirror / "wijken" / "wijken_2022.csv").open(encoding="utf-8") as handle:
        info = pd.DataFrame(list(csv.DictReader(handle, delimiter=";")))
    info = info.assign(population=pd.to_numeric(info["population"]), income_low=pd.to_numeric(info["income_low"]))
    districts = health.merge(info, on="code").dropna(subset=["value", "income_low"])
    districts = districts.sort_values(["income_low", "code"], ascending=[False, True])
    share = districts["population"] / districts["population"].sum()
    rank = share.cumsum() - share / 2
    slope = np.polyfit(rank, districts["value"], 1, w=np.sqrt(districts["population"]))[0]
    built = api.indicator_values("sii_ervaren_gezondheid_pp", regions=["GM0344"], period="2020", data=built_store)
    assert built["value"].iloc[0] == pytest.approx(slope)  # higher is better: SII = the slope itself
    assert f"SII uit {len(districts)} wijken" in built["note"].iloc[0]


def _simulation():
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "validation" / "simulate_sii.py"
    spec = importlib.util.spec_from_file_location("simulate_sii", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sii_simulation_words_the_interval_as_the_page_does() -> None:
    simulation = _simulation()
    lower, upper = np.array([0.5, -3.0, -1.0]), np.array([4.0, -0.2, 2.0])
    assert simulation.verdicts(lower, upper).tolist() == ["worse", "better", "unclear"]


def test_sii_simulation_finds_a_strong_gradient_and_keeps_false_claims_rare(built_store: Path) -> None:
    simulation = _simulation()
    frame = simulation.districts("sii_ervaren_gezondheid_pp", "2020")
    assert frame.groupby("municipality_code").size().min() >= 5
    rng = np.random.default_rng(1)
    null = simulation.simulate(frame, 0.0, draws=2, rng=rng, replicates=200)
    strong = simulation.simulate(frame, 40.0, draws=2, rng=rng, replicates=200)
    assert (null["verdict"] != "unclear").mean() < 0.15  # about 6% in the full run (validation/RESULTS.md)
    assert (strong["verdict"] == "worse").mean() > 0.9 and (strong["verdict"] == "better").sum() == 0
