"""Standard errors, intervals and the two-sided tests the verdicts rest on; no I/O.

Every value of an indicator carries a standard error ``se`` in the indicator's own unit (years,
%, per 1,000 ...). Where it comes from is the indicator's *uncertainty kind*:

* ``steekproef`` (survey estimate): ``se`` from the source's 95% interval or a published
  standard error; a change counts only when a test says so;
* ``model`` (model-based estimate, e.g. RIVM's small-area estimates): as a survey, but often
  without a published interval (``se`` unknown, NaN);
* ``registratie`` (a register that counts everyone: Wmo, Wlz): exact, ``se == 0``; a change
  counts when it is at least the indicator's declared smallest meaningful change
  (``min_change``, in the indicator's unit).

The tests are plain two-sided z-tests and Student-t tests. Only numpy is used: the normal tail
comes from :func:`math.erfc`, Student's t from the closed-form series for integer degrees of
freedom (Abramowitz and Stegun 26.7.3-4), its 0.975 quantile by bisection on that series.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

SURVEY = "steekproef"
MODEL = "model"
REGISTRATION = "registratie"
UNCERTAINTY_KINDS = (SURVEY, MODEL, REGISTRATION)

Z_975 = 1.959963984540054
"""0.975 quantile of the standard normal: a 95% interval is value +/- Z_975 * se."""
INTERVAL_WIDTH_IN_SE = 3.92
"""Width of a published 95% interval in standard errors (the data contract's ``(upper - lower) / 3.92``)."""
SIGNIFICANCE_LEVEL = 0.05
"""A change or difference is called significant when its two-sided p-value is below this."""

_LARGE_DF = 2000
"""Above this many degrees of freedom Student's t is replaced by the normal distribution."""

# ------------------------------------------------------------------------------------------


def se_from_interval(lower: np.ndarray | float, upper: np.ndarray | float) -> np.ndarray:
    """Standard error from a published 95% interval: ``(upper - lower) / 3.92`` (NaN where an end is missing).

    Args:
        lower: lower ends (indicator unit).
        upper: upper ends (indicator unit).

    Returns:
        Standard errors (indicator unit), float array.

    """
    return (np.asarray(upper, dtype=float) - np.asarray(lower, dtype=float)) / INTERVAL_WIDTH_IN_SE


def interval(value: np.ndarray | float, se: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """The 95% interval ``value -/+ 1.96 * se`` (indicator unit; NaN where ``se`` is unknown)."""
    value_arr = np.asarray(value, dtype=float)
    half = Z_975 * np.asarray(se, dtype=float)
    return value_arr - half, value_arr + half


def normal_two_sided_p(z: np.ndarray | float) -> np.ndarray:
    """Two-sided p-value of a z statistic: ``P(|Z| >= |z|)``; NaN stays NaN.

    >>> round(float(normal_two_sided_p(1.959963984540054)), 6)
    0.05
    """
    z_arr = np.abs(np.atleast_1d(np.asarray(z, dtype=float)))
    out = np.full(z_arr.shape, np.nan)
    finite = ~np.isnan(z_arr)
    out[finite] = _ERFC(z_arr[finite] / math.sqrt(2.0)).astype(float)
    return out.reshape(np.shape(z))


def t_two_sided_p(t: np.ndarray | float, df: np.ndarray | int) -> np.ndarray:
    """Two-sided p-value of a Student-t statistic, ``P(|T_df| >= |t|)``.

    Args:
        t: statistics (any shape).
        df: degrees of freedom (integers >= 1, broadcast against ``t``); NaN or < 1 gives NaN.

    Returns:
        p-values, same shape as the broadcast inputs.

    >>> round(float(t_two_sided_p(12.7062047, 1)), 4)
    0.05
    """
    t_arr, df_arr = np.broadcast_arrays(np.asarray(t, dtype=float), np.asarray(df, dtype=float))
    out = np.full(t_arr.shape, np.nan)
    for value in np.unique(df_arr[np.isfinite(df_arr) & (df_arr >= 1)]):
        rows = (df_arr == value) & ~np.isnan(t_arr)
        out[rows] = 1.0 - _t_central_mass(np.abs(t_arr[rows]), int(value))
    return np.clip(out, 0.0, 1.0)


def t_quantile_975(df: np.ndarray | int) -> np.ndarray:
    """The 0.975 quantile of Student's t (half-width of a 95% interval in standard errors).

    Args:
        df: degrees of freedom (integers >= 1, any shape); NaN or < 1 gives NaN.

    >>> round(float(t_quantile_975(1)), 4), round(float(t_quantile_975(10)), 4)
    (12.7062, 2.2281)
    """
    df_arr = np.asarray(df, dtype=float)
    out = np.full(df_arr.shape, np.nan)
    for value in np.unique(df_arr[np.isfinite(df_arr) & (df_arr >= 1)]):
        out[df_arr == value] = _t_quantile_975_one(int(value))
    return out


def difference_test(
    a: np.ndarray | float,
    se_a: np.ndarray | float,
    b: np.ndarray | float,
    se_b: np.ndarray | float,
    covariance: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two-sided z-test of ``a - b``.

    Args:
        a: first values (indicator unit).
        se_a: their standard errors.
        b: second values (same unit).
        se_b: their standard errors.
        covariance: covariance of the errors of ``a`` and ``b`` (unit squared); 0 for independent values.

    Returns:
        ``(difference, se of the difference, p)``: ``se = sqrt(se_a**2 + se_b**2 - 2 * covariance)``;
        p is NaN where that se is unknown or not above 0.

    """
    a_arr, se_a_arr, b_arr, se_b_arr, cov_arr = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (a, se_a, b, se_b, covariance))
    )
    difference = a_arr - b_arr
    with np.errstate(invalid="ignore"):
        variance = se_a_arr**2 + se_b_arr**2 - 2.0 * cov_arr
        se = np.sqrt(np.where(variance > 0, variance, np.nan))
        p = normal_two_sided_p(difference / se)
    return difference, se, p


_ERFC = np.frompyfunc(math.erfc, 1, 1)


def _t_central_mass(t: np.ndarray, df: int) -> np.ndarray:
    """``P(|T_df| <= t)`` for t >= 0 (Abramowitz and Stegun 26.7.3 for odd df, 26.7.4 for even df)."""
    if df > _LARGE_DF:
        return 1.0 - _ERFC(t / math.sqrt(2.0)).astype(float)
    theta = np.arctan(t / math.sqrt(df))
    cos2 = np.cos(theta) ** 2
    if df % 2 == 1:
        total = np.zeros_like(t) if df == 1 else np.cos(theta)
        term = np.cos(theta)
        for j in range(1, (df - 3) // 2 + 1):
            term = term * cos2 * (2 * j) / (2 * j + 1)
            total = total + term
        return (2.0 / math.pi) * (theta + np.sin(theta) * total)
    term = np.ones_like(t)
    total = np.ones_like(t)
    for j in range(1, (df - 2) // 2 + 1):
        term = term * cos2 * (2 * j - 1) / (2 * j)
        total = total + term
    return np.sin(theta) * total


@cache
def _t_quantile_975_one(df: int) -> float:
    if df > _LARGE_DF:
        return Z_975
    low, high = Z_975, 1000.0
    for _ in range(200):
        middle = 0.5 * (low + high)
        if _t_central_mass(np.array([middle]), df)[0] < 0.95:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return 0.5 * (low + high)
