"""What changed since the previous data release: the latest values of two builds side by side.

``hhu build`` keeps the build before it (``indicators.previous.parquet``, read with
:func:`indicators.api.previous_indicators_table`). For every indicator and region this module
compares the latest value with a number in the current build with the latest one in the
previous build: a new period is a *new measurement*, a different number for the same period a
*revision*. Pure functions: frames in, frames out; nothing is recomputed from source tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.catalog import get_indicator
from indicators.catalog.model import HIGHER_IS_BETTER, LOWER_IS_BETTER

NEW_MEASUREMENT = "new_measurement"
REVISED = "revised"
NEW_INDICATOR = "new_indicator"
CHANGE_COLUMNS = [
    "indicator_id", "region_code", "region_name", "before_period", "before", "period", "after", "change",
    "relative_change", "kind", "better",
]
_SIGN = {HIGHER_IS_BETTER: 1.0, LOWER_IS_BETTER: -1.0}
_KEYS = ["indicator_id", "region_code"]


def latest_values(table: pd.DataFrame, regions: list[str]) -> pd.DataFrame:
    """The last period with a value per indicator and region.

    Args:
        table: rows of ``indicators.parquet`` (current or previous build).
        regions: region codes to keep.

    Returns:
        Frame with ``indicator_id``, ``region_code``, ``region_name``, ``period``, ``value``.
    """
    rows = table.loc[table["region_code"].isin(regions) & table["value"].notna()]
    rows = rows.sort_values([*_KEYS, "period_year"]).drop_duplicates(_KEYS, keep="last")
    return rows[[*_KEYS, "region_name", "period", "value"]].reset_index(drop=True)


def changes_since_previous(current: pd.DataFrame, previous: pd.DataFrame | None, regions: list[str]) -> pd.DataFrame | None:
    """Compare the latest value per indicator and region between two builds.

    Args:
        current: the current ``indicators.parquet``.
        previous: the previous build, or None when there is none.
        regions: region codes to compare.

    Returns:
        None without a previous build; else one row per indicator and region whose latest value
        changed (:data:`CHANGE_COLUMNS`): ``kind`` is ``new_measurement`` (a later period),
        ``revised`` (same period, another number) or ``new_indicator`` (no earlier value);
        ``change`` is ``after - before`` in the indicator's unit, ``relative_change`` that
        change as a fraction of ``|before|``; ``better`` is True/False by the indicator's
        direction and missing for neutral indicators, new indicators and no change.
    """
    if previous is None:
        return None
    now = latest_values(current, regions).rename(columns={"value": "after"})
    before = latest_values(previous, regions).rename(columns={"value": "before", "period": "before_period"})
    merged = now.merge(before.drop(columns="region_name"), on=_KEYS, how="left")
    same_period = merged["before_period"].eq(merged["period"]).fillna(False).astype(bool)
    same_value = np.isclose(merged["after"].to_numpy(dtype=float), merged["before"].to_numpy(dtype=float))
    kind = np.where(merged["before"].isna(), NEW_INDICATOR,
                    np.where(~same_period, NEW_MEASUREMENT, np.where(same_value, "", REVISED)))
    merged["kind"] = kind
    changed = merged.loc[merged["kind"] != ""].copy()
    changed["change"] = changed["after"] - changed["before"]
    changed["relative_change"] = changed["change"] / changed["before"].abs().where(changed["before"] != 0)
    sign = np.array([_SIGN.get(get_indicator(str(indicator_id)).direction, np.nan)
                     for indicator_id in changed["indicator_id"]], dtype=float)
    score = changed["change"].to_numpy(dtype=float) * sign
    changed["better"] = pd.array([pd.NA if np.isnan(value) or value == 0 else bool(value > 0) for value in score],
                                 dtype="boolean")
    return changed[CHANGE_COLUMNS].reset_index(drop=True)


def biggest_movers(changes: pd.DataFrame, count: int = 5) -> dict[str, pd.DataFrame]:
    """The largest improvements, deteriorations and direction-less changes.

    Changes in different units are ranked by their size relative to the earlier value
    (``|relative_change|``), so that 2 percentage points on 10% outranks 2 on 60%.

    Args:
        changes: output of :func:`changes_since_previous`.
        count: rows per list.

    Returns:
        ``{"better": ..., "worse": ..., "neutral": ...}``, each at most ``count`` rows.
    """
    compared = changes.loc[changes["kind"] != NEW_INDICATOR]
    size = compared["relative_change"].abs().fillna(compared["change"].abs())
    ordered = compared.assign(size=size).sort_values("size", ascending=False, kind="stable").drop(columns="size")
    better = ordered["better"]
    return {
        "better": ordered.loc[better.eq(True).fillna(False).astype(bool)].head(count).reset_index(drop=True),
        "worse": ordered.loc[better.eq(False).fillna(False).astype(bool)].head(count).reset_index(drop=True),
        "neutral": ordered.loc[better.isna() & ordered["change"].ne(0)].head(count).reset_index(drop=True),
    }
