"""Small hand-made region models and frames for the build tests (numbers you can check on paper)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.groups import RegionGroup
from indicators.regions import RegionModel


def small_model(changes: list[tuple[str, str, str, str, str, str]] | None = None) -> RegionModel:
    """Three municipalities (Aa, Bee, Cee) in two GGD regions; group G1 = Aa + Bee.

    ``changes``: rows (former_name, former_code, successor_name, successor_code, kind, new_code); the
    default is a merger of Oud (GM0900) into Aa (Aa keeps its code) and a split of Splits over Bee and Cee.
    """
    municipalities = pd.DataFrame({
        "code": ["GM0001", "GM0002", "GM0003"], "name": ["Aa", "Bee", "Cee"],
        "label": ["Aa", "Bee", "Cee"],
        "am_code": "AM01", "am_name": "A", "corop_code": "CR01", "corop_name": "C",
        "ggd_code": ["GG0001", "GG0001", "GG0002"], "ggd_name": ["GGD Een", "GGD Een", "GGD Twee"],
        "landsdeel_code": "LD01", "landsdeel_name": "Noord", "province_code": "PV20", "province_name": "P",
        "res_code": "ES01", "res_name": "R", "population": pd.array([100, 300, 600], dtype="Int64"),
    })
    rows = changes if changes is not None else [
        ("Oud", "GM0900", "Aa", "GM0001", "merger", "no"),
        ("Splits", "", "Bee", "GM0002", "split", "no"),
        ("Splits", "", "Cee", "GM0003", "split", "no"),
    ]
    boundary_changes = pd.DataFrame({
        "former_name": [row[0] for row in rows], "former_code": [row[1] for row in rows],
        "successor_name": [row[2] for row in rows], "successor_code": [row[3] for row in rows],
        "effective_date": ["2019-01-01"] * len(rows), "kind": [row[4] for row in rows],
        "new_code": [row[5] for row in rows], "note": [""] * len(rows),
    })
    group = RegionGroup("G1", "Groep", "Group", ("Aa", "Bee"), "test", "2024-01-01")
    return RegionModel(municipalities, boundary_changes, {}, groups=(group,))


def slice_frame(rows: list[tuple], se: float | list[float] = np.nan) -> pd.DataFrame:
    """A slice frame: (region_code, region_label, period, value) rows, no interval, ``se`` as given."""
    frame = pd.DataFrame(rows, columns=["region_code", "region_label", "period", "value"])
    frame["lower"] = np.nan
    frame["upper"] = np.nan
    frame["se"] = se
    frame["source_table"] = "T1"
    return frame
