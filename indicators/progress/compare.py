"""Comparison of a region with a benchmark (the Netherlands, its GGD region); no I/O.

A two-sided z-test at the 5% level on the difference of the latest values, not the overlap of
their intervals (overlapping 95% intervals can still differ significantly):

``z = (a - b) / sqrt(se_a**2 + se_b**2 - 2 * cov)``.

A region that is part of its benchmark (a municipality in its GGD region, U10 in the Netherlands)
shares its respondents with it: when the benchmark is the population-weighted mean of its parts,
``cov = s * se_a**2`` with ``s`` the region's share of the benchmark's population, so
``var = se_a**2 * (1 - 2 s) + se_b**2``. Registrations on both sides are exact: the difference
counts when it is at least the indicator's ``min_change``. Where an error is unknown the
comparison is ``not_tested``.

Outcomes: ``better``/``similar``/``worse`` for an indicator with a direction, ``higher``/
``similar``/``lower`` for a neutral one, ``not_tested``, ``no_data``.
"""

from __future__ import annotations

import numpy as np

from indicators.progress.uncertainty import SIGNIFICANCE_LEVEL, difference_test

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
HIGHER = "higher"
LOWER = "lower"
NOT_TESTED = "not_tested"
NO_DATA = "no_data"
COMPARISONS = (BETTER, SIMILAR, WORSE, HIGHER, LOWER, NOT_TESTED, NO_DATA)


def compare_with_benchmark(
    value: np.ndarray | float,
    se: np.ndarray | float,
    bench_value: np.ndarray | float,
    bench_se: np.ndarray | float,
    *,
    direction: np.ndarray | int,
    share: np.ndarray | float = 0.0,
    registration: np.ndarray | bool = False,
    min_change: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Compare values with their benchmarks (element-wise).

    Args:
        value: the region's values (indicator unit).
        se: their standard errors (NaN unknown; ignored for registrations).
        bench_value: the benchmark's values (NaN: no benchmark value).
        bench_se: the benchmark's standard errors.
        direction: +1 higher is better, -1 lower is better, 0 neutral.
        share: the region's share (0..1) of the benchmark's population when it is part of it, else 0.
        registration: True for registrations (exact values).
        min_change: smallest meaningful difference of a registration (indicator unit).

    Returns:
        ``(outcome ids, two-sided p)``; p is NaN for registrations and untested comparisons.

    >>> ids, p = compare_with_benchmark(70.0, 1.0, 64.0, 1.0, direction=1)
    >>> ids.tolist(), round(float(p[0]), 5)
    (['better'], 2e-05)
    """
    value, se, bench, bench_se, sign, share, exact, smallest = (np.atleast_1d(array) for array in np.broadcast_arrays(
        np.asarray(value, dtype=float), np.asarray(se, dtype=float), np.asarray(bench_value, dtype=float),
        np.asarray(bench_se, dtype=float), np.asarray(direction, dtype=float), np.asarray(share, dtype=float),
        np.asarray(registration, dtype=bool), np.asarray(min_change, dtype=float)))
    with np.errstate(invalid="ignore"):
        se = np.where(exact, 0.0, np.where(se > 0, se, np.nan))
        bench_se = np.where(exact, 0.0, np.where(bench_se > 0, bench_se, np.nan))
        difference, _, p = difference_test(value, se, bench, bench_se, share * se**2)
        p = np.where(exact, np.nan, p)
        real = np.where(exact, (np.abs(difference) >= smallest) & (difference != 0), p < SIGNIFICANCE_LEVEL)
    up = difference > 0
    worded = np.where(sign == 0, np.where(up, HIGHER, LOWER), np.where(up == (sign > 0), BETTER, WORSE))
    outcome = np.select(
        [np.isnan(value) | np.isnan(bench), ~exact & np.isnan(p), ~real],
        [NO_DATA, NOT_TESTED, SIMILAR], worded,
    ).astype(object)
    return outcome, p
