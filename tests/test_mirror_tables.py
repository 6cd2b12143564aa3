"""Every table of the real mirror is read; row counts match MANIFEST.tsv; regions resolve."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from indicators import store
from indicators.refresh import GEBIEDEN_TABLE
from indicators.sources.mirror import read_mirror_manifest
from indicators.sources.tables import SOURCE_TABLES


def _manifest_rows(mirror: Path) -> dict[str, int]:
    return {name: int(row["rows"]) for name, row in read_mirror_manifest(mirror).items()}


def test_every_mirror_table_is_declared(mirror: Path) -> None:
    declared = {f"tables/{name}" for spec in SOURCE_TABLES for name in spec.mirror_files}
    on_disk = {f"tables/{path.name}" for path in (mirror / "tables").glob("*.csv")}
    assert on_disk <= {name.replace("tables/../", "") for name in declared} | declared


def test_row_counts_equal_manifest(refreshed_store: Path, mirror: Path) -> None:
    rows = _manifest_rows(mirror)
    manifest = store.read_manifest(refreshed_store)
    for spec in SOURCE_TABLES:
        expected = sum(rows[f"tables/{name}".replace("tables/../", "")] for name in spec.mirror_files)
        assert manifest["tables"][spec.table_id]["rows"] == expected, spec.table_id
        assert len(store.read_raw(refreshed_store, spec.table_id)) == expected, spec.table_id


def test_provenance_is_in_parquet_and_manifest(refreshed_store: Path, mirror: Path) -> None:
    sums = {name: row["sha256"] for name, row in read_mirror_manifest(mirror).items()}
    provenance = store.read_provenance(refreshed_store, "86050NED")
    assert provenance.sha256 == sums["tables/86050NED.csv"]
    assert provenance.source == "mirror"
    assert provenance.licence == "CC BY 4.0"
    assert provenance.title == "Wmo-cliënten; type maatwerkvoorziening (detail), regio"
    entry = store.read_manifest(refreshed_store)["tables"]["86050NED"]
    assert entry["sha256"] == provenance.sha256
    assert entry["retrieved_at"] == provenance.retrieved_at


def test_all_342_current_municipalities_resolve(refreshed_store: Path, mirror: Path) -> None:
    from indicators.api import region_model_from_store

    model = region_model_from_store(refreshed_store)
    with (mirror / "tables" / f"{GEBIEDEN_TABLE}.csv").open(encoding="utf-8") as handle:
        labels = [row["RegioS"] for row in csv.DictReader(handle, delimiter=";")]
    assert len(labels) == 342
    resolved = model.resolve_labels(pd.Series(labels), "test")
    assert resolved["code"].str.match(r"^GM\d{4}$").all()
    assert resolved["code"].nunique() == 342


@pytest.mark.parametrize("table_id", ["82166NED", "83674NED", "85012NED", "86050NED", "85038NED"])
def test_older_tables_resolve_through_boundary_changes(refreshed_store: Path, table_id: str) -> None:
    from indicators.api import region_model_from_store

    model = region_model_from_store(refreshed_store)
    raw = store.read_raw(refreshed_store, table_id)
    resolved = model.resolve_labels(raw["RegioS_label"], table_id)
    former = resolved.loc[resolved["level"] == "voormalige gemeente"]
    assert not former.empty
    changes = model.boundary_changes
    for label in raw.loc[former.index, "RegioS_label"].unique():
        successors = model.successors(label)
        assert successors, label
        assert set(successors) <= set(model.municipalities["code"])
        assert label in set(changes["former_name"])


def test_u16_population_is_sum_of_members(refreshed_store: Path) -> None:
    from indicators.api import region_model_from_store

    model = region_model_from_store(refreshed_store)
    gebieden = store.read_raw(refreshed_store, GEBIEDEN_TABLE)
    members = gebieden.loc[gebieden["Code_32"].str.strip() == "ES14"]  # RES region U16 in the data
    assert len(members) == 16
    regions = model.regions.set_index("region_code")
    assert regions.loc["U10", "population"] == int(members["Inwonertal_56"].sum())
    assert set(model.members("U10")) == set(members["Code_1"].str.strip())


def test_geometry_covers_every_municipality(refreshed_store: Path) -> None:
    from indicators.api import geometry, region_model_from_store

    model = region_model_from_store(refreshed_store)
    shapes = {feature["properties"]["statcode"] for feature in geometry(refreshed_store)["features"]}
    assert shapes == set(model.municipalities["code"])
