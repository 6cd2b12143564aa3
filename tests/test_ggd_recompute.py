"""CBS's own GGD-region figures against the project's recomputation from municipalities.

For every survey indicator of the Gezondheidsmonitor (2016, 2020, 2022; 2012 used another GGD
division) the GGD regions are rebuilt from their current municipalities exactly as groups are built
(inhabitants as weights; carers for heavily burdened carers; former municipalities reconstructed
first) and compared with the figure CBS publishes for the region, read straight from the mirror.

Measured on the mirror (pp = percentage points; 636 comparisons of 15/21/24 regions in 2016/2020/2022):
median 0.033, 90th percentile 0.084, 99th 0.19, largest 0.36 (GGD Groningen 2022, weekly sport). The differences come
from rounding (published figures have one decimal; so have the municipal ones being averaged) and
from the weights: CBS weights by adults, the project by all inhabitants (the tables give no adults
per municipality), which underweights university towns with many young adults and few children
(Groningen, Nijmegen). Hence the tolerance of 0.4 pp per figure and 0.05 pp for the median.

Regions that cannot match, because their membership changed between the survey and the current
division, are listed in :data:`MEMBERSHIP_CHANGED` with the reason.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators import build, store
from indicators.catalog import all_indicators, formulas
from indicators.catalog.sources import MONITOR_TABLES

TOLERANCE = 0.4  # percentage points, see the module docstring
MEDIAN_TOLERANCE = 0.05
# Regions compared per survey year (of 25). 2016 has fewer: several municipalities were formed after 2016 from
# parts whose inhabitants are not in the store (86050NED starts in 2017), so they and their regions cannot be
# recomputed (missing, with a note, never guessed).
MINIMUM_REGIONS = {"2016": 12, "2020": 20, "2022": 20}
SURVEY_YEARS = ("2016", "2020", "2022")  # 2012 used the former division into 28 GGD regions
WEESP = ("Weesp belonged to GGD Gooi en Vechtstreek until it joined Amsterdam (GGD Amsterdam) on 24 March 2022; "
         "the current division counts it with Amsterdam")
VIJFHEERENLANDEN = ("Vijfheerenlanden (2019) joined GGD Regio Utrecht with Leerdam and Zederik, which in 2016 "
                    "belonged to Dienst Gezondheid & Jeugd ZHZ")
MEMBERSHIP_CHANGED = {
    ("GG3606", "2016"): WEESP, ("GG3606", "2020"): WEESP,
    ("GG3406", "2016"): WEESP, ("GG3406", "2020"): WEESP,
    ("GG2514", "2016"): VIJFHEERENLANDEN, ("GG4816", "2016"): VIJFHEERENLANDEN,
}


def _survey_indicators() -> list:
    monitor = {table for table, _ in MONITOR_TABLES.values()}
    return [indicator for indicator in all_indicators()
            if indicator.uncertainty == "steekproef" and indicator.formula is formulas.measure
            and all(piece.table in monitor for piece in indicator.slices)]


def _published(mirror: Path, model) -> pd.DataFrame:  # noqa: ANN001
    """Every GGD region's published value per survey indicator and year, read from the mirror CSVs."""
    rows = []
    for indicator in _survey_indicators():
        for piece in indicator.slices:
            if piece.period not in SURVEY_YEARS:
                continue
            with (mirror / "tables" / f"{piece.table}.csv").open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter=";"):
                    if row["Leeftijd"] != "Totaal" or row.get(piece.margins) != "Waarde" or not row[piece.column]:
                        continue
                    resolved = model.resolve_label(row["RegioS"])
                    if resolved.level == "ggd":
                        rows.append((indicator.id, resolved.code, piece.period, float(row[piece.column])))
    return pd.DataFrame(rows, columns=["indicator_id", "region_code", "period", "published"])


@pytest.fixture(scope="module")
def comparison(refreshed_store: Path, mirror: Path) -> pd.DataFrame:
    from indicators.api import region_model_from_store

    model = region_model_from_store(refreshed_store)
    indicators = _survey_indicators()
    recomputed_from_municipalities = [
        dataclasses.replace(indicator, slices=tuple(dataclasses.replace(piece, skip_levels=("ggd",))
                                                    for piece in indicator.slices))
        for indicator in indicators
    ]
    tables = {table_id: store.read_raw(refreshed_store, table_id)
              for table_id in build.needed_tables(all_indicators()) if table_id in store.stored_table_ids(refreshed_store)}
    built = build.build_all(tables, model, recomputed_from_municipalities)
    ggd = built.loc[built["region_level"] == "ggd", ["indicator_id", "region_code", "period", "value"]]
    merged = _published(mirror, model).merge(ggd, on=["indicator_id", "region_code", "period"])
    merged["difference"] = merged["value"] - merged["published"]
    return merged


def test_every_ggd_region_matches_its_recomputation(comparison: pd.DataFrame) -> None:
    compared = comparison.dropna(subset=["value"])
    changed = [(code, period) in MEMBERSHIP_CHANGED for code, period in zip(compared["region_code"], compared["period"],
                                                                               strict=True)]
    regular = compared.loc[~np.array(changed, dtype=bool)]
    summary = regular["difference"].abs().describe(percentiles=[0.5, 0.9, 0.99])
    print(f"\nGGD regions recomputed from municipalities vs CBS: {len(regular)} comparisons, |difference| (pp):\n{summary}")
    assert len(regular) >= 600
    counts = regular.groupby("period")["region_code"].nunique().to_dict()
    print(f"regions compared per year: {counts}")
    for period, least in MINIMUM_REGIONS.items():
        assert counts.get(period, 0) >= least, (period, counts)
    assert regular["difference"].abs().median() <= MEDIAN_TOLERANCE
    worst = regular.loc[regular["difference"].abs() > TOLERANCE]
    assert worst.empty, worst.to_string()


def test_regions_that_cannot_match_are_explained(comparison: pd.DataFrame) -> None:
    """Regions whose membership changed are listed with their reason; they do differ, and only they may."""
    for (code, period), reason in MEMBERSHIP_CHANGED.items():
        rows = comparison.loc[(comparison["region_code"] == code) & (comparison["period"] == period)]
        print(f"{code} {period}: largest |difference| {rows['difference'].abs().max():.2f} pp ({reason})")
        assert reason
    changed = comparison.loc[[(code, period) in MEMBERSHIP_CHANGED
                              for code, period in zip(comparison["region_code"], comparison["period"], strict=True)]]
    assert (changed["difference"].abs() > 0.2).any()  # the membership change shows


def test_incomplete_regions_are_missing_not_guessed(comparison: pd.DataFrame) -> None:
    """A region with a municipality without a value is not recomputed (e.g. a 2016 merger part without a value)."""
    missing = comparison.loc[comparison["value"].isna()]
    assert len(missing) < len(comparison) / 4
