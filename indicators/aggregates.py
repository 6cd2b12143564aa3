"""Groups (U10, Health Hub) and, where the source has none, GGD regions, provinces and the Netherlands.

A region's value is computed from its current municipalities, vectorised over every region and
period of an indicator at once: the weighted mean with the weights of the indicator's denominator
(:mod:`indicators.weights`: the ratio of summed counts, inhabitants x a share, or inhabitants of the
period's year), or a sum. Only when every member municipality has a value (and a weight); otherwise
the value is missing and the note says how many lack one. Standard error
``sqrt(sum(a_i**2 se_i**2))`` with normalised weights ``a_i`` (NaN when a member has none), and the
95% interval from it. Computed rows are marked ``computed``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.frames import frame_of
from indicators.periods import parse_period
from indicators.regions import RegionModel
from indicators.weights import Population, Weighting, interval


def complete_municipalities(frame: pd.DataFrame, model: RegionModel) -> pd.DataFrame:
    """Give every current municipality a row (value missing) in each period with municipal data.

    With an ``indicator_id`` column, per indicator: the periods of each indicator's own municipal rows.
    """
    municipal = frame.loc[(frame["level"] == "gemeente").to_numpy()]
    if municipal.empty:
        return frame
    ids = (municipal["indicator_id"].to_numpy(dtype=object) if "indicator_id" in municipal
           else np.full(len(municipal), "", dtype=object))
    codes = model.municipalities["code"].to_numpy(dtype=object)
    pair_index, pairs = pd.factorize(pd.Series(list(zip(ids, municipal["period"].to_numpy(dtype=object), strict=True)),
                                               dtype=object))
    member_index = pd.Index(codes).get_indexer(municipal["region_code"].to_numpy(dtype=object))
    present = np.zeros((len(pairs), len(codes)), dtype=bool)
    present[pair_index, member_index] = True
    missing_pair, missing_code = np.nonzero(~present)
    if not len(missing_pair):
        return frame
    indicator = np.array([pairs[number][0] for number in missing_pair], dtype=object)
    period = np.array([pairs[number][1] for number in missing_pair], dtype=object)
    code = codes[missing_code]
    names = {item: model.name(item) for item in codes}
    rows = frame_of({
        "indicator_id": indicator, "region_code": code, "region_label": np.array([names[item] for item in code], dtype=object),
        "period": period, "value": np.full(len(code), np.nan), "se": np.full(len(code), np.nan),
        "lower": np.full(len(code), np.nan), "upper": np.full(len(code), np.nan),
        "level": np.full(len(code), "gemeente", dtype=object), "computed": np.zeros(len(code), dtype=bool),
        "note": np.full(len(code), "gemeente niet in de bron", dtype=object),
    })
    if "indicator_id" not in frame:
        rows = rows.drop(columns="indicator_id")
    return pd.concat([frame, rows], ignore_index=True)


def _year(period: str) -> int:
    return int(parse_period(period).start.year)


def _dense(rows: pd.DataFrame, column: str, period_index: np.ndarray, member_index: np.ndarray,
           shape: tuple[int, int]) -> np.ndarray:
    """A (period x municipality) array of one column; NaN where there is no row."""
    dense = np.full(shape, np.nan)
    if column in rows:
        dense[period_index, member_index] = rows[column].to_numpy(dtype=float)
    return dense


_LAYOUTS: dict[tuple[int, tuple[str, ...]], tuple | None] = {}


def _layout(model: RegionModel, levels: tuple[str, ...]) -> tuple | None:
    """Municipality positions and the (member x region) indicator matrix of the regions at ``levels`` (cached)."""
    key = (id(model), levels)
    if key not in _LAYOUTS:
        membership = model.membership
        membership = membership.loc[membership["level"].isin(set(levels) - {"gemeente"})]
        if membership.empty:
            _LAYOUTS[key] = None
        else:
            codes = model.municipalities["code"].to_numpy(dtype=object)
            position = {code: index for index, code in enumerate(codes)}
            region_index, region_codes = pd.factorize(membership["region_code"].to_numpy(dtype=object))
            region_codes = np.asarray(region_codes, dtype=object)
            order = np.argsort(region_index, kind="stable")  # members of one region side by side
            columns = np.array([position[member] for member in membership["member"]], dtype=np.int64)[order]
            starts = np.flatnonzero(np.r_[True, np.diff(region_index[order]) != 0])
            names = np.array([model.name(code) for code in region_codes], dtype=object)
            region_levels = np.array([model.levels[code] for code in region_codes], dtype=object)
            _LAYOUTS[key] = (codes, position, region_codes, columns, starts, names, region_levels)
        if len(_LAYOUTS) > 64:  # a few region models per process at most
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
    return _LAYOUTS[key]


def add_region_aggregates(
    frame: pd.DataFrame,
    model: RegionModel,
    levels: tuple[str, ...],
    population: Population,
    weighting: Weighting | None = None,
) -> pd.DataFrame:
    """Add values for the regions of ``levels`` (above the municipality) that the source has not published.

    Args:
        frame: rows with ``level`` after :func:`indicators.mergers.to_current_municipalities` and
            :func:`complete_municipalities` (``value``, ``se``; ``count``/``base`` for ``counts``).
        model: the region model (memberships).
        levels: the indicator's levels.
        population: inhabitants per year.
        weighting: how to weight; ``none`` adds nothing.
    """
    weighting = weighting or Weighting()
    is_municipal = (frame["level"] == "gemeente").to_numpy()
    if weighting.method == "none" or not is_municipal.any():
        return frame
    layout = _layout(model, tuple(levels))
    if layout is None:
        return frame
    codes, position, region_codes, columns, starts, region_names, region_levels = layout
    municipal = frame.loc[is_municipal]
    period_index, periods = pd.factorize(municipal["period"].to_numpy(dtype=object))
    periods = np.asarray(periods, dtype=object)
    member_index = pd.Index(codes).get_indexer(municipal["region_code"].to_numpy(dtype=object))
    shape = (len(periods), len(codes))
    value = _dense(municipal, "value", period_index, member_index, shape)
    se = _dense(municipal, "se", period_index, member_index, shape)
    words: dict[str, str] = {}
    if weighting.method in ("population", "share"):
        weight = np.empty(shape)
        for row, period in enumerate(periods):
            inhabitants, used = population.current(codes, _year(period))
            weight[row] = inhabitants.to_numpy(dtype=float)
            nearest = "" if used == _year(period) else " (dichtstbijzijnde jaar met gegevens)"
            words[period] = f"inwoners 1 januari {used}{nearest}"
        if weighting.method == "share":
            share = weighting.share if weighting.share is not None else frame.iloc[0:0]
            share_periods = pd.Index(periods).get_indexer(share["period"].to_numpy(dtype=object))
            share_members = pd.Index(codes).get_indexer(share["region_code"].to_numpy(dtype=object))
            keep = (share_periods >= 0) & (share_members >= 0)
            weight = weight * _dense(share.loc[keep], "value", share_periods[keep], share_members[keep], shape) / 100.0
            words = {period: f"{weighting.share_words} ({text} x aandeel)" for period, text in words.items()}
    elif weighting.method == "counts":
        weight = _dense(municipal, "base", period_index, member_index, shape)
    else:  # sum
        weight = np.ones(shape)
    count = _dense(municipal, "count", period_index, member_index, shape)
    v, w, e = value[:, columns], weight[:, columns], se[:, columns]

    def per_region(array: np.ndarray) -> np.ndarray:  # sums over each region's members (period x region)
        return np.add.reduceat(array, starts, axis=1)

    usable = np.isfinite(v) & np.isfinite(w) & (w > 0)
    w = np.where(usable, w, 0.0)
    se_missing = per_region((usable & ~np.isfinite(e)).astype(float)) > 0
    e = np.where(np.isfinite(e), e, 0.0)
    members = per_region(np.ones((1, len(columns))))[0]
    usable_count = per_region(usable.astype(float))
    total = per_region(w)
    with np.errstate(invalid="ignore", divide="ignore"):
        if weighting.method == "sum":
            values = per_region(np.where(usable, v, 0.0))
            ses = np.sqrt(per_region(np.where(usable, e**2, 0.0)))
        else:
            values = per_region(np.where(usable, w * v, 0.0)) / total
            ses = np.sqrt(per_region(np.where(usable, (w * e) ** 2, 0.0))) / total
        if weighting.method == "counts":
            counts = count[:, columns]
            known = per_region(np.where(usable, ~np.isfinite(counts), False).astype(float)) == 0
            summed = per_region(np.where(usable, np.nan_to_num(counts), 0.0))
            values = np.where(known, summed / total * weighting.scale, values)
    complete = usable_count == members
    values = np.where(complete, values, np.nan)
    ses = np.where(complete & ~se_missing, ses, np.nan)
    lower, upper = interval(values, ses)
    # one row per (period, region) not in the source
    grid_period = np.repeat(np.arange(len(periods)), len(region_codes))
    grid_region = np.tile(np.arange(len(region_codes)), len(periods))
    published = frame.loc[~is_municipal]  # regions the source publishes itself keep their own value
    existing = set(zip(published["region_code"].to_numpy(dtype=object), published["period"].to_numpy(dtype=object),
                       strict=True))
    new = np.array([(region_codes[region], periods[period]) not in existing
                    for period, region in zip(grid_period, grid_region, strict=True)], dtype=bool)
    if not new.any():
        return frame
    grid_period, grid_region = grid_period[new], grid_region[new]
    n_members = members[grid_region].astype(int)
    n_usable = usable_count[grid_period, grid_region].astype(int)
    notes = []
    for size, usable_size, period in zip(n_members, n_usable, periods[grid_period], strict=True):
        if usable_size < size:
            notes.append(f"niet alle {size} gemeenten hebben een waarde ({size - usable_size} zonder)")
        elif weighting.method == "counts":
            notes.append(f"verhouding van de opgetelde aantallen van {size} gemeenten")
        elif weighting.method == "sum":
            notes.append(f"som van {size} gemeenten")
        else:
            notes.append(f"gewogen gemiddelde van {size} gemeenten, gewicht: {words[period]}")
    codes_out = region_codes[grid_region]
    columns_out = {
        "region_code": codes_out, "region_label": region_names[grid_region], "period": periods[grid_period],
        "value": values[grid_period, grid_region], "se": ses[grid_period, grid_region],
        "lower": lower[grid_period, grid_region], "upper": upper[grid_period, grid_region],
        "level": region_levels[grid_region], "computed": np.ones(len(codes_out), dtype=bool),
        "note": np.array(notes, dtype=object),
    }
    if "indicator_id" in frame:
        columns_out = {"indicator_id": np.full(len(codes_out), frame["indicator_id"].iloc[0], dtype=object), **columns_out}
    if weighting.method == "counts":
        columns_out["count"] = np.where(complete, summed, np.nan)[grid_period, grid_region]
        columns_out["base"] = np.where(complete, total, np.nan)[grid_period, grid_region]
    return pd.concat([frame, frame_of(columns_out)], ignore_index=True)
