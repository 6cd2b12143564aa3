"""The slope index of inequality (SII) across the districts of a municipality: pure numpy maths.

Definition (after Low & Low 2004, as Fingertips' ``phe_sii`` in PHEindicatormethods uses it):

1. order the districts from the highest to the lowest share of persons with a low income (most
   deprived first; ties by district code);
2. give each district the midpoint of its range in the cumulative population share:
   ``x_i = (inhabitants before i + inhabitants_i / 2) / all inhabitants``, so 0 is the most deprived
   end of the population and 1 the least deprived end;
3. fit ``value = a + b * x`` by least squares weighted by inhabitants;
4. the slope ``b`` is the fitted value at the least deprived end minus the fitted value at the most
   deprived end, in the unit of the values (percentage points for percentages).

The relative index (RII) divides it by the population-weighted mean of the district values.

Interval: ``phe_sii`` simulates each quantile's value from its own standard error. The RIVM district
estimates (50090NED) come without a standard error, so that is not possible here. Instead the
districts themselves are resampled: a seeded bootstrap draws ``n`` districts with replacement from a
municipality's ``n`` districts, recomputes the ranks (a district drawn ``c`` times counts with ``c``
times its inhabitants, as one group) and refits; the 2.5% and 97.5% points of the refitted slopes are
the 95% interval and their standard deviation is the standard error. It measures how much the slope
rests on a few districts, not the error of the model estimates themselves.

Every municipality draws from the same table of uniform numbers (one row per replicate, one column per
draw), so a municipality's interval depends only on its own districts and the seed, never on which
other municipalities are in the same call: a notebook can repeat it for one municipality.
"""

from __future__ import annotations

import numpy as np

REPLICATES = 1000
SEED = 2030
MIN_DISTRICTS = 5
# Bootstrap arrays are replicates x districts; work through the districts in blocks of about this many.
BLOCK = 1500


def midpoint_ranks(population: np.ndarray) -> np.ndarray:
    """Midpoints of the cumulative population share of districts already in order (0 = first).

    >>> midpoint_ranks(np.array([10.0, 30.0, 60.0])).tolist()
    [0.05, 0.25, 0.7]
    """
    population = np.asarray(population, dtype=float)
    before = np.cumsum(population) - population
    return (before + population / 2) / population.sum()


def weighted_slope(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> float:
    """Slope of the least-squares line of ``y`` on ``x`` with ``weights`` (NaN when ``x`` does not vary)."""
    w, x, y = (np.asarray(a, dtype=float) for a in (weights, x, y))
    sw, swx, swy = w.sum(), (w * x).sum(), (w * y).sum()
    denominator = sw * (w * x * x).sum() - swx * swx
    return float((sw * (w * x * y).sum() - swx * swy) / denominator) if denominator > 0 else float("nan")


def _group_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums over the last axis per contiguous group beginning at ``starts``."""
    return np.add.reduceat(values, starts, axis=-1)


def _design(weights: np.ndarray, starts: np.ndarray, group_of: np.ndarray) -> tuple[np.ndarray, ...]:
    """What a fit needs from the weights alone: ``W``, ``W * A``, totals ``T`` and ``Q = sum(W * A**2)``.

    ``A_i = inhabitants before i + W_i / 2`` (within the group), so the rank is ``x_i = A_i / T``. With
    these, ``sum(W x) = T / 2`` for every group, and the weighted least-squares slope is
    ``T * (P - T * sum(W y) / 2) / (Q - T**3 / 4)`` with ``P = sum(W * A * y)``.
    """
    cumulative = np.cumsum(weights, axis=-1)
    offset = np.take(cumulative, starts, axis=-1) - np.take(weights, starts, axis=-1)
    middle = cumulative - weights * weights.dtype.type(0.5)
    middle -= np.take(offset, group_of, axis=-1)
    weighted_middle = weights * middle
    totals = _group_sums(weights, starts)
    squares = _group_sums(weighted_middle * middle, starts)
    return weights, weighted_middle, totals, squares


def _slopes(weights: np.ndarray, weighted_middle: np.ndarray, totals: np.ndarray, squares: np.ndarray,
            y: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Weighted least-squares slopes per group from a :func:`_design` and the values ``y``."""
    y = y.astype(weights.dtype)
    p = _group_sums(weighted_middle * y, starts).astype(np.float64)
    wy = _group_sums(weights * y, starts).astype(np.float64)
    totals, squares = totals.astype(np.float64), squares.astype(np.float64)
    denominator = squares - totals**3 / 4  # T**3 times the weighted variance of the ranks
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = totals * (p - totals * wy / 2) / denominator
    tolerance = 1e-9 if weights.dtype == np.float64 else 1e-4
    return np.where(denominator > tolerance * totals**3, slope, np.nan)  # one distinct district: no slope


_DESIGN_CACHE: dict[tuple, tuple[np.ndarray, ...]] = {}


def _bootstrap_design(shares: np.ndarray, sizes: np.ndarray, replicates: int, seed: int) -> tuple[np.ndarray, ...]:
    """The :func:`_design` of every replicate's weights, for groups whose shares sum to 1 each.

    Returns ``W`` and ``W * A`` (replicates x districts, float32) and ``T`` and ``Q`` (replicates x
    groups). The last result is kept: measures and periods over the same districts (the usual case)
    share the draws.
    """
    key = (shares.tobytes(), sizes.tobytes(), replicates, seed)
    if key in _DESIGN_CACHE:
        return _DESIGN_CACHE[key]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # column k holds the k-th draw of every replicate: the same numbers whatever the widest group
    uniform = np.ascontiguousarray(np.random.default_rng(seed).random((int(sizes.max()), replicates)).T)
    shares32 = shares.astype(np.float32)
    parts: list[tuple[np.ndarray, ...]] = []
    first = 0
    while first < len(sizes):  # blocks of whole groups keep the temporary arrays small
        last, total = first, 0
        while last < len(sizes) and (total == 0 or total + sizes[last] <= BLOCK):
            total += int(sizes[last])
            last += 1
        block_sizes = sizes[first:last]
        block_starts = starts[first:last] - starts[first]
        begin = np.repeat(block_starts, block_sizes)
        # draw d of group g picks district start_g + floor(u[:, slot_d] * n_g)
        picked = (np.take(uniform, np.arange(total) - begin, axis=1) * np.repeat(block_sizes, block_sizes)).astype(np.int64)
        picked += begin + (np.arange(replicates) * total)[:, None]
        counts = np.bincount(picked.ravel(), minlength=replicates * total).reshape(replicates, total)
        weights = counts.astype(np.float32) * shares32[starts[first]:starts[first] + total]
        parts.append(_design(weights, block_starts, np.repeat(np.arange(last - first), block_sizes)))
        first = last
    design = tuple(np.concatenate([part[index] for part in parts], axis=1) for index in range(4))
    _DESIGN_CACHE.clear()
    _DESIGN_CACHE[key] = design
    return design


def _percentiles(samples: np.ndarray, points: tuple[float, ...]) -> list[np.ndarray]:
    """Percentiles per column ignoring NaN (linear interpolation, as ``numpy.nanpercentile``)."""
    ordered = np.sort(samples, axis=0)  # NaN last
    valid = np.sum(~np.isnan(samples), axis=0)
    columns = np.arange(samples.shape[1])
    result = []
    for point in points:
        position = (valid - 1) * point / 100
        below = np.clip(np.floor(position).astype(np.int64), 0, None)
        above = np.clip(below + 1, None, np.maximum(valid - 1, 0))
        low, high = ordered[below, columns], ordered[above, columns]
        result.append(np.where(valid > 0, low + (high - low) * (position - below), np.nan))
    return result


def slope_index(
    values: np.ndarray,
    population: np.ndarray,
    sizes: np.ndarray,
    replicates: int = REPLICATES,
    seed: int = SEED,
) -> dict[str, np.ndarray]:
    """SII, its bootstrap interval and the population-weighted mean, for many municipalities at once.

    Args:
        values: district values, grouped by municipality (contiguous) and within each group in
            order from most to least deprived.
        population: inhabitants of each district (> 0), same order.
        sizes: number of districts of each group (each >= 2), in order.
        replicates: bootstrap replicates (0: no interval).
        seed: seed of the uniform numbers every group shares.

    Returns:
        Arrays per group: ``slope`` (fitted value at the least minus the most deprived end),
        ``mean`` (population-weighted), ``se`` (standard deviation of the bootstrap slopes),
        ``lower``/``upper`` (2.5% and 97.5% points of the bootstrap slopes).
    """
    values = np.asarray(values, dtype=float)
    population = np.asarray(population, dtype=float)
    sizes = np.asarray(sizes, dtype=np.int64)
    groups = len(sizes)
    out = {name: np.full(groups, np.nan) for name in ("slope", "mean", "se", "lower", "upper")}
    if groups == 0:
        return out
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group_of = np.repeat(np.arange(groups), sizes)
    shares = population / np.repeat(_group_sums(population, starts), sizes)  # each group sums to 1
    out["slope"] = _slopes(*_design(shares, starts, group_of), values, starts)
    out["mean"] = _group_sums(shares * values, starts)
    if replicates <= 0:
        return out
    # the draws depend only on a group's shares: groups with the same districts share one design
    unique: dict[bytes, int] = {}
    keys = [shares[start:start + size].tobytes() for start, size in zip(starts, sizes, strict=True)]
    which = np.array([unique.setdefault(key, len(unique)) for key in keys], dtype=np.int64)
    first_of = np.unique(which, return_index=True)[1]
    unique_sizes = sizes[first_of]
    unique_shares = np.concatenate([shares[starts[g]:starts[g] + sizes[g]] for g in first_of])
    weights, weighted_middle, totals, squares = _bootstrap_design(unique_shares, unique_sizes, replicates, seed)
    unique_starts = np.concatenate([[0], np.cumsum(unique_sizes)[:-1]])
    centred = values - np.repeat(out["mean"], sizes)  # the slope does not move; float32 keeps its digits
    slopes = np.empty((replicates, groups))
    first = 0
    while first < groups:  # blocks of whole groups: gather their design columns, then one pass over the block
        last, total = first, 0
        while last < groups and (total == 0 or total + sizes[last] <= BLOCK):
            total += int(sizes[last])
            last += 1
        block = np.arange(first, last)
        columns = np.concatenate([np.arange(unique_starts[which[g]], unique_starts[which[g]] + sizes[g]) for g in block])
        block_starts = starts[first:last] - starts[first]
        ys = centred[starts[first]:starts[first] + total].astype(np.float32)
        p = _group_sums(np.take(weighted_middle, columns, axis=1) * ys, block_starts).astype(np.float64)
        wy = _group_sums(np.take(weights, columns, axis=1) * ys, block_starts).astype(np.float64)
        total_weight = totals[:, which[block]].astype(np.float64)
        denominator = squares[:, which[block]].astype(np.float64) - total_weight**3 / 4
        with np.errstate(invalid="ignore", divide="ignore"):
            slope = total_weight * (p - total_weight * wy / 2) / denominator
        slopes[:, first:last] = np.where(denominator > 1e-4 * total_weight**3, slope, np.nan)  # one district: no slope
        first = last
    with np.errstate(invalid="ignore"):
        out["se"] = np.nanstd(slopes, axis=0, ddof=1)
    out["lower"], out["upper"] = _percentiles(slopes, (2.5, 97.5))
    return out
