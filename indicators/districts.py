"""Districts (wijken) with their name, inhabitants and income position: one pure table for all uses.

The health estimates per district come from RIVM table 50090NED (division 2020); the names,
inhabitants (1 January 2022) and the share of persons in the lowest 40% of incomes come from CBS
table 85318NED (division 2022). A district code of 50090NED that is not in 85318NED (mostly districts
of municipalities merged or re-divided since 2020) is *unmatched*: it keeps no name and no weight.

:func:`district_table` joins them and ranks each municipality's usable districts from the highest to
the lowest share of low incomes; the slope index of inequality (:mod:`indicators.sii`), the API
(:func:`indicators.api.wijk_values`), the district map and the notebooks all read this one table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DISTRICT_COLUMNS = [
    "municipality_code", "region_code", "region_name", "period", "value", "inhabitants", "income_low_pct",
    "matched", "usable", "income_rank", "districts_ranked", "rank_midpoint",
]


def _text(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=object, na_value=None)


def district_table(wijken: pd.DataFrame, population: pd.DataFrame, income_low: pd.DataFrame) -> pd.DataFrame:
    """One row per district and period with its name, inhabitants, income share and income rank.

    Args:
        wijken: district values (``municipality_code`` = today's municipality, ``region_code`` =
            ``WKxxxxxx``, ``period``, ``value``) as :func:`indicators.build.extract_slice` gives them.
        population: 85318NED ``AantalInwoners_5`` per district (``region_code``, ``region_label`` =
            name, ``value``).
        income_low: 85318NED ``k_40PersonenMetLaagsteInkomen_73`` per district (``region_code``, ``value``).

    Returns:
        Frame with :data:`DISTRICT_COLUMNS`, ordered by municipality, period and income rank (districts
        that are not usable last): ``region_name`` is the 85318NED name, or the code when the district
        is unmatched or has no name; ``usable`` means value, name, inhabitants (> 0) and income share
        all known; ``income_rank`` counts the usable districts of the municipality and period from 1
        (highest share of low incomes) to ``districts_ranked``; ``rank_midpoint`` is the midpoint of the
        district's cumulative population share in that order (0 = most deprived end, 1 = least;
        :func:`indicators.sii.midpoint_ranks`). Ranks are empty for districts that are not usable.
    """
    codes = _text(wijken["region_code"])
    info_codes = pd.Index(_text(population["region_code"]))
    at = info_codes.get_indexer(codes)
    matched = at >= 0
    names = np.where(matched, _text(population["region_label"])[np.maximum(at, 0)], None)
    inhabitants = np.where(matched, population["value"].to_numpy(dtype=float)[np.maximum(at, 0)], np.nan)
    income_at = pd.Index(_text(income_low["region_code"])).get_indexer(codes)
    income = np.where(matched & (income_at >= 0), income_low["value"].to_numpy(dtype=float)[np.maximum(income_at, 0)], np.nan)
    value = wijken["value"].to_numpy(dtype=float)
    named = np.array([isinstance(name, str) and bool(name) for name in names], dtype=bool)
    usable = np.isfinite(value) & named & (inhabitants > 0) & np.isfinite(income)
    municipality = _text(wijken["municipality_code"])
    period = _text(wijken["period"])
    municipality_index, _ = pd.factorize(municipality, sort=True)
    period_index, _ = pd.factorize(period, sort=True)
    code_index, _ = pd.factorize(codes, sort=True)
    # most deprived first within a municipality and period; unusable districts after the usable ones
    order = np.lexsort((code_index, -np.where(usable, income, -np.inf), ~usable, period_index, municipality_index))
    group = municipality_index[order] * (period_index.max(initial=0) + 1) + period_index[order]
    usable_sorted = usable[order]
    starts = np.r_[True, group[1:] != group[:-1]]
    group_id = np.cumsum(starts) - 1
    first_of_group = np.flatnonzero(starts)[group_id]
    rank = np.arange(len(order)) - first_of_group + 1
    ranked = np.bincount(group_id, weights=usable_sorted, minlength=group_id.max(initial=-1) + 1)[group_id]
    weights = np.where(usable_sorted, inhabitants[order], 0.0)
    cumulative = np.cumsum(weights)
    before = cumulative - weights - (cumulative[np.flatnonzero(starts)] - weights[np.flatnonzero(starts)])[group_id]
    totals = np.bincount(group_id, weights=weights, minlength=group_id.max(initial=-1) + 1)[group_id]
    with np.errstate(invalid="ignore", divide="ignore"):
        midpoint = (before + weights / 2) / totals
    return pd.DataFrame({
        "municipality_code": pd.Series(municipality[order], dtype=object),
        "region_code": pd.Series(codes[order], dtype=object),
        "region_name": pd.Series(np.where(named, names, codes)[order], dtype=object),
        "period": pd.Series(period[order], dtype=object),
        "value": value[order],
        "inhabitants": inhabitants[order],
        "income_low_pct": income[order],
        "matched": matched[order],
        "usable": usable_sorted,
        "income_rank": np.where(usable_sorted, rank, np.nan),
        "districts_ranked": np.where(usable_sorted, ranked, np.nan),
        "rank_midpoint": np.where(usable_sorted, midpoint, np.nan),
    })
