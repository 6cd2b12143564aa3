"""Pure formulas that turn slice frames into indicator values.

Every formula takes ``{role: frame}``, where each frame has the columns of a *slice frame*:

* ``region_code`` (CBS code; for a former municipality its code or ``<NA>``),
  ``region_label`` (CBS title as read), ``period`` (project period key, e.g. ``2022``),
* ``value``, ``lower``, ``upper`` (floats; the 95% interval where the source gives one),
* for neighbourhood slices also ``municipality_code`` (the 2020 code of the wijk's municipality),

and returns a frame with ``region_code``, ``region_label``, ``period``, ``value``, ``lower``,
``upper``. Missing stays missing: no formula turns a missing value into 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z95 = 1.959963984540054  # two-sided 95% quantile of the standard normal distribution
KEYS = ["region_code", "region_label", "period"]
VALUE_COLUMNS = ["value", "lower", "upper"]
MIN_WIJKEN_FOR_GAP = 5
QUINTILE = 0.2


def measure(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the single measure as it is (the most common formula)."""
    return inputs["value"][KEYS + VALUE_COLUMNS].reset_index(drop=True)


def complement(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return 100 minus a percentage (e.g. share *not* meeting the exercise guideline).

    The interval turns around: the new lower bound is 100 minus the old upper bound.
    """
    frame = inputs["value"][KEYS].copy()
    frame["value"] = 100.0 - inputs["value"]["value"]
    frame["lower"] = 100.0 - inputs["value"]["upper"]
    frame["upper"] = 100.0 - inputs["value"]["lower"]
    return frame.reset_index(drop=True)


def _half_width_as_se(frame: pd.DataFrame) -> pd.Series:
    """Standard error from a symmetric-enough 95% interval: (upper - lower) / (2 * 1.96)."""
    return (frame["upper"] - frame["lower"]) / (2 * Z95)


def difference(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return ``high - low`` per region and period (a gap between two groups).

    The 95% interval of the gap treats the two groups' estimates as independent:
    ``se_gap = sqrt(se_high**2 + se_low**2)`` with each ``se`` taken from its own interval.
    """
    keys = ["region_code", "period"]
    high = inputs["high"][KEYS + VALUE_COLUMNS]
    low = inputs["low"][keys + VALUE_COLUMNS]
    merged = high.merge(low, on=keys, suffixes=("_high", "_low"), validate="one_to_one")
    frame = merged[KEYS].copy()
    frame["value"] = merged["value_high"] - merged["value_low"]
    se_high = _half_width_as_se(merged.rename(columns={"lower_high": "lower", "upper_high": "upper"}))
    se_low = _half_width_as_se(merged.rename(columns={"lower_low": "lower", "upper_low": "upper"}))
    se_gap = np.sqrt(se_high**2 + se_low**2)
    frame["lower"] = frame["value"] - Z95 * se_gap
    frame["upper"] = frame["value"] + Z95 * se_gap
    return frame.reset_index(drop=True)


def share_at_home(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Share of people with Wlz care who get it at home rather than with stay (%).

    ``(total - no_care - with_stay) / (total - no_care) * 100``: persons with a Wlz indication
    who receive Wlz care (in kind or by personal budget) other than "zorg in natura met verblijf".
    """
    keys = ["region_code", "period"]
    total = inputs["total"][KEYS + ["value"]]
    none = inputs["no_care"][keys + ["value"]].rename(columns={"value": "none"})
    stay = inputs["with_stay"][keys + ["value"]].rename(columns={"value": "stay"})
    merged = total.merge(none, on=keys, validate="one_to_one").merge(stay, on=keys, validate="one_to_one")
    receiving = merged["value"] - merged["none"]
    frame = merged[KEYS].copy()
    frame["value"] = (receiving - merged["stay"]) / receiving.where(receiving > 0) * 100.0
    frame["lower"] = np.nan
    frame["upper"] = np.nan
    return frame.reset_index(drop=True)


def wijk_quintile_gap(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Gap between a municipality's healthiest and least healthy neighbourhoods (percentage points).

    Definition: the wijken (districts) of a municipality with a value are ranked; the gap is the
    distance between the mean of the highest fifth and the mean of the lowest fifth (a fifth is
    ``ceil(n / 5)`` wijken, at least one). Unweighted: the mirror has no population per wijk.
    Needs at least :data:`MIN_WIJKEN_FOR_GAP` wijken with a value, else the gap is missing. The
    gap is never negative: a larger gap means more inequality, whatever the direction of the
    underlying measure.
    """
    wijken = inputs["value"].dropna(subset=["value"])
    keys = ["municipality_code", "municipality_label", "period"]
    ordered = wijken.sort_values([*keys, "value"])
    grouped = ordered.groupby(keys, sort=True, dropna=False)["value"]
    count = grouped.transform("size")
    position = grouped.cumcount()
    size = np.ceil(count * QUINTILE)
    low = ordered["value"].where(position < size)
    high = ordered["value"].where(position >= count - size)
    summary = pd.DataFrame({"low": low, "high": high, "wijken": count}).groupby(
        [ordered[key] for key in keys], sort=True, dropna=False
    ).agg(low=("low", "mean"), high=("high", "mean"), wijken=("wijken", "first"))
    gap = (summary["high"] - summary["low"]).where(summary["wijken"] >= MIN_WIJKEN_FOR_GAP)
    result = summary.reset_index().rename(columns={"municipality_code": "region_code", "municipality_label": "region_label"})
    result["value"] = gap.to_numpy()
    result["lower"] = np.nan
    result["upper"] = np.nan
    return result[[*KEYS, *VALUE_COLUMNS, "wijken"]]
