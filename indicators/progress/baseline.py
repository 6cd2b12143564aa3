"""The baseline: which observation a mission's progress is measured from; no I/O.

The missions date from 2019, so the baseline sits at their start:

1. the **last** observation whose calendar year (``floor(period_year)``) lies in
   :data:`BASELINE_WINDOW` (2016-2019, both included);
2. where there is none, the **first** observation whose calendar year lies in
   :data:`FALLBACK_WINDOW` (2019-2021);
3. otherwise there is no baseline and the status is ``insufficient_data``.

A different baseline year ``Y`` (``hhu build --baseline-year Y``) shifts both windows:
``(Y - 3, Y)`` and ``(Y, Y + 2)``. A multi-year period such as ``2017/2020`` counts by the calendar
year of its mid-point (2018). The same baseline starts the window of the trend test and of the
projection (:mod:`indicators.progress.trend`, :mod:`indicators.progress.projection`).
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_BASELINE_YEAR = 2019
"""Calendar year the missions start; the windows below are derived from it."""
BASELINE_LOOKBACK_YEARS = 3
"""The baseline window reaches back this many years before the baseline year."""
FALLBACK_LOOKAHEAD_YEARS = 2
"""The fallback window reaches this many years after the baseline year."""


def windows(baseline_year: float | None = None) -> tuple[tuple[int, int], tuple[int, int]]:
    """The baseline window and the fallback window for a baseline year (calendar years, both ends included).

    Args:
        baseline_year: calendar year of the baseline; None for :data:`DEFAULT_BASELINE_YEAR`.

    Returns:
        ``((Y - 3, Y), (Y, Y + 2))``.

    >>> windows()
    ((2016, 2019), (2019, 2021))
    >>> windows(2022)
    ((2019, 2022), (2022, 2024))
    """
    year = DEFAULT_BASELINE_YEAR if baseline_year is None else math.floor(baseline_year)
    return (year - BASELINE_LOOKBACK_YEARS, year), (year, year + FALLBACK_LOOKAHEAD_YEARS)


BASELINE_WINDOW, FALLBACK_WINDOW = windows()
"""(2016, 2019) and (2019, 2021): the windows of the default rule."""

RULE_LAST_IN_WINDOW = "last_in_window"
"""``baseline_rule`` id: the last observation in the baseline window."""
RULE_FIRST_IN_FALLBACK = "first_in_fallback"
"""``baseline_rule`` id: no observation in the baseline window; the first in the fallback window."""
RULE_NONE = "none"
"""``baseline_rule`` id: no observation in either window (no baseline)."""
BASELINE_RULES = (RULE_LAST_IN_WINDOW, RULE_FIRST_IN_FALLBACK, RULE_NONE)


def select_baseline(years: np.ndarray | list[float], baseline_year: float | None = None) -> tuple[int, str]:
    """Pick the baseline of one series.

    Args:
        years: period years (fractional years) of the series' observations; NaN entries are skipped.
        baseline_year: calendar year of the baseline; None for 2019.

    Returns:
        ``(position in years, rule id)``; the position is -1 with :data:`RULE_NONE`.

    >>> select_baseline([2012.5, 2016.5, 2020.5, 2022.5])
    (1, 'last_in_window')
    >>> select_baseline([2012.5, 2020.5, 2022.5])
    (1, 'first_in_fallback')
    """
    (low, high), (fallback_low, fallback_high) = windows(baseline_year)
    calendar = [math.floor(year) if math.isfinite(year) else None for year in np.asarray(years, dtype=float)]
    in_window = [pos for pos, year in enumerate(calendar) if year is not None and low <= year <= high]
    if in_window:
        return max(in_window, key=lambda pos: (years[pos], pos)), RULE_LAST_IN_WINDOW
    in_fallback = [pos for pos, year in enumerate(calendar) if year is not None and fallback_low <= year <= fallback_high]
    if in_fallback:
        return min(in_fallback, key=lambda pos: (years[pos], pos)), RULE_FIRST_IN_FALLBACK
    return -1, RULE_NONE


def baseline_positions(
    years: np.ndarray, starts: np.ndarray, baseline_years: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Pick the baseline of many series at once (the vectorised :func:`select_baseline`).

    Args:
        years: period years of all observations, series after series, each series sorted by year
            (no NaN).
        starts: position of each series' first observation in ``years`` (increasing; every series
            has at least one observation).
        baseline_years: calendar year of the baseline, one per series.

    Returns:
        ``(positions, rules)``: the baseline's position in ``years`` (-1 where there is none) and
        the rule id, one per series.

    """
    size = len(years)
    lengths = np.diff(np.r_[starts, size])
    series_of_row = np.repeat(np.arange(len(starts)), lengths)
    year = np.floor(np.asarray(baseline_years, dtype=float))[series_of_row]
    calendar = np.floor(years)
    positions = np.arange(size)
    in_window = (calendar >= year - BASELINE_LOOKBACK_YEARS) & (calendar <= year)
    last_in_window = np.maximum.reduceat(np.where(in_window, positions, -1), starts)
    in_fallback = (calendar >= year) & (calendar <= year + FALLBACK_LOOKAHEAD_YEARS)
    first_in_fallback = np.minimum.reduceat(np.where(in_fallback, positions, size), starts)
    found_fallback = first_in_fallback < size
    chosen = np.where(last_in_window >= 0, last_in_window, np.where(found_fallback, first_in_fallback, -1))
    rules = np.where(
        last_in_window >= 0, RULE_LAST_IN_WINDOW, np.where(found_fallback, RULE_FIRST_IN_FALLBACK, RULE_NONE)
    ).astype(object)
    return chosen, rules
