"""A tested trend for every indicator, apart from any target; no I/O.

The trend looks at the observations from the baseline onward (the same window as the projection,
:mod:`indicators.progress.projection`, so the drawn line and the word agree), in the manner of
Fingertips' "recent trend" and the grey arrow of CBS's Monitor Brede Welvaart:

* ``n >= MIN_POINTS_FOR_SLOPE`` (4) observations: the slope of the fitted line is tested (two-sided,
  5% level): weighted least squares with the dispersion rule of the projection; ordinary least
  squares with a t-test on ``n - 2`` degrees of freedom where the errors are unknown;
* ``n`` of 2 or 3: a two-sided z-test on the difference between the first and the last observation
  of the window (the baseline and the latest value), ``se = sqrt(se_1**2 + se_2**2)``: the same test
  as the status, so the trend word and the status never contradict each other. (A slope through three
  points has one degree of freedom: with the dispersion rule it is never significant, see
  ``validation/RESULTS.md``.) Where an error is unknown the trend is ``not_tested``;
* registrations (exact values): the change is real when the fitted change over the window (or the
  difference, for two points) is at least the indicator's ``min_change``;
* fewer than 2 observations, or no baseline: ``too_few_data``.

A significant change is worded ``improving``/``worsening`` where the indicator has a direction and
``rising``/``falling`` where it is neutral; otherwise ``no_significant_change``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.progress.projection import DISPERSION_RULE, fit_line
from indicators.progress.uncertainty import REGISTRATION, SIGNIFICANCE_LEVEL, difference_test

IMPROVING = "improving"
WORSENING = "worsening"
RISING = "rising"
FALLING = "falling"
NO_SIGNIFICANT_CHANGE = "no_significant_change"
TOO_FEW_DATA = "too_few_data"
NOT_TESTED = "not_tested"
TRENDS = (IMPROVING, WORSENING, RISING, FALLING, NO_SIGNIFICANT_CHANGE, TOO_FEW_DATA, NOT_TESTED)
MIN_POINTS_FOR_SLOPE = 4
"""From this many observations the slope is tested; with fewer, the first and last are compared."""


@dataclass(frozen=True)
class TrendResult:
    """The trend of one series.

    Attributes:
        trend: one of :data:`TRENDS`.
        p: two-sided p-value of the slope or difference (NaN for registrations and untested trends).
        slope_per_year: fitted change per year over the window (indicator unit per year).
        n: number of observations in the window.

    """

    trend: str
    p: float
    slope_per_year: float
    n: int


def classify_trend(
    *,
    n: np.ndarray | int,
    change: np.ndarray | float,
    p: np.ndarray | float,
    registration: np.ndarray | bool,
    min_change: np.ndarray | float,
    direction: np.ndarray | int,
) -> np.ndarray:
    """Trend ids from a change over the window and its test (element-wise).

    Args:
        n: observations in the window (0 where there is no baseline).
        change: fitted change over the window (``n >= 4``) or the last minus the first value (``n`` 2 or 3),
            indicator unit.
        p: its two-sided p-value (NaN when untested).
        registration: True for registrations (compared with ``min_change`` instead of tested).
        min_change: smallest meaningful change of a registration (indicator unit).
        direction: +1 higher is better, -1 lower is better, 0 neutral.

    >>> classify_trend(n=[1, 2, 3, 3], change=[0, 1, -2, 1], p=[float("nan"), float("nan"), 0.01, 0.3],
    ...                registration=False, min_change=0, direction=1).tolist()
    ['too_few_data', 'not_tested', 'worsening', 'no_significant_change']
    """
    n, change, p, exact, smallest, sign = (np.atleast_1d(array) for array in np.broadcast_arrays(
        np.asarray(n, dtype=float), np.asarray(change, dtype=float), np.asarray(p, dtype=float),
        np.asarray(registration, dtype=bool), np.asarray(min_change, dtype=float), np.asarray(direction, dtype=float)))
    with np.errstate(invalid="ignore"):
        real = np.where(exact, (np.abs(change) >= smallest) & (change != 0), p < SIGNIFICANCE_LEVEL)
    up = change > 0
    worded = np.where(sign == 0, np.where(up, RISING, FALLING), np.where(up == (sign > 0), IMPROVING, WORSENING))
    return np.select(
        [n < 2, ~exact & np.isnan(p), ~real],
        [TOO_FEW_DATA, NOT_TESTED, NO_SIGNIFICANT_CHANGE], worded,
    ).astype(object)


def trend_of(
    years: np.ndarray | list[float],
    values: np.ndarray | list[float],
    se: np.ndarray | list[float] | None,
    *,
    unit: str,
    uncertainty: str,
    direction: int,
    min_change: float = 0.0,
    rule: str = DISPERSION_RULE,
) -> TrendResult:
    """Test the trend of one window (the observations from the baseline onward).

    Args:
        years: period years, increasing (fractional years).
        values: values (indicator unit).
        se: standard errors (indicator unit) or None when unknown.
        unit: the indicator's unit key.
        uncertainty: ``steekproef``, ``model`` or ``registratie``.
        direction: +1 higher is better, -1 lower is better, 0 neutral.
        min_change: smallest meaningful change of a registration (indicator unit).
        rule: the dispersion rule of the fit.

    Returns:
        The :class:`TrendResult`.

    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    errors = np.full(len(x), np.nan) if se is None else np.asarray(se, dtype=float)
    registration = uncertainty == REGISTRATION
    n = len(x)
    if n < 2:
        return TrendResult(TOO_FEW_DATA, np.nan, np.nan, n)
    if n < MIN_POINTS_FOR_SLOPE:
        if registration:
            errors = np.zeros(n)
        change, _, p = difference_test(y[-1], errors[-1], y[0], errors[0])
        change, p = float(change), np.nan if registration else float(p)
    else:
        fit = fit_line(x, y, errors, unit=unit, uncertainty=uncertainty, rule=rule)
        ends = fit.fitted([x[0], x[-1]])
        change = float(ends[1] - ends[0])
        p = np.nan if registration else fit.slope_p()
    trend = classify_trend(n=n, change=change, p=p, registration=registration, min_change=min_change,
                           direction=direction)[0]
    return TrendResult(trend, p, change / (x[-1] - x[0]), n)
