"""Progress of an indicator toward a mission target: pure functions, no I/O.

A *series* is a frame with one row per period:

* ``period_year`` (float, years): mid-point of the period, on the same scale as
  ``baseline_year`` and ``deadline_year``;
* ``value`` (float, the indicator's own unit: years, %, per 1,000 ...);
* optional ``lower`` and ``upper`` (float, same unit): the source's 95% interval.

Rows whose ``period_year`` or ``value`` is missing (NaN) are ignored, never read as 0.
Two rows with the same ``period_year`` are an error.

Targets:

* ``absolute_change``: target = baseline + amount (amount in the indicator's unit). The
  required path is a straight line from the baseline to the target at the deadline and
  progress is measured with the *linear* method: ratio = observed change per year /
  required change per year.
* ``relative_change``: target = baseline * (1 + amount), e.g. ``-0.30`` for "30% lower".
  Progress is measured with the compound-annual-growth-rate (*CAGR*) method of Eurostat,
  Statistics Canada and Open SDG's ProgressMeasure: ratio = observed CAGR / required CAGR.
  CAGR needs positive values: when the baseline, target or latest value is <= 0 the linear
  method is used instead and ``method`` says ``linear_fallback``.

Because both the observed and the required change are signed, the ratio is positive when the
indicator moves toward its target, for ``higher_is_better`` and ``lower_is_better`` alike.

Status, checked in this order (thresholds are the module constants below):

1. ``no_target``: the indicator has no target (context only).
2. ``insufficient_data``: no observation at or before the baseline year, or none after it.
3. ``achieved``: the latest value meets the target (``>=`` for higher-is-better, ``<=`` for
   lower-is-better).
4. ``moving_away``: the baseline already met the target (e.g. target equal to baseline, a
   required change of 0) but the latest value no longer does.
5. By ratio: ``on_track`` >= 0.95 > ``needs_acceleration`` >= 0.60 > ``limited_progress``
   >= 0 > ``moving_away``. The ratio is rounded to ``RATIO_DECIMALS`` decimals before it is
   compared, so that floating-point noise does not move a value that sits on a boundary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER)

ABSOLUTE_CHANGE = "absolute_change"
RELATIVE_CHANGE = "relative_change"
TARGET_KINDS = (ABSOLUTE_CHANGE, RELATIVE_CHANGE)

METHOD_LINEAR = "linear"
METHOD_CAGR = "cagr"
METHOD_LINEAR_FALLBACK = "linear_fallback"

DEFAULT_BASELINE_YEAR = 2019.0
"""Missions date from 2019: the baseline is the last measurement in or before 2019."""

ON_TRACK_MIN = 0.95
"""Lowest ratio (observed / required rate of change) that counts as on track."""
NEEDS_ACCELERATION_MIN = 0.60
"""Lowest ratio that counts as needs acceleration; below it, limited progress."""
LIMITED_PROGRESS_MIN = 0.0
"""Lowest ratio that counts as limited progress; below it, moving away from the target."""
RATIO_DECIMALS = 9
"""Decimals the ratio is rounded to before it is compared with the thresholds."""
STABLE_TOLERANCE = 1e-9
"""Largest absolute change (indicator unit) that counts as stable when no intervals exist."""

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
MOVING_AWAY = "moving_away"
INSUFFICIENT_DATA = "insufficient_data"
NO_TARGET = "no_target"

STATUS_LABELS: dict[str, dict[str, str]] = {
    ACHIEVED: {"nl": "doel gehaald", "en": "target achieved"},
    ON_TRACK: {"nl": "op koers", "en": "on track"},
    NEEDS_ACCELERATION: {"nl": "versnelling nodig", "en": "needs acceleration"},
    LIMITED_PROGRESS: {"nl": "beperkte vooruitgang", "en": "limited progress"},
    MOVING_AWAY: {"nl": "beweegt van het doel af", "en": "moving away from the target"},
    INSUFFICIENT_DATA: {"nl": "te weinig gegevens", "en": "insufficient data"},
    NO_TARGET: {"nl": "geen doel (context)", "en": "no target (context)"},
}

BETTER = "better"
SIMILAR = "similar"
WORSE = "worse"
NOT_TESTED = "not_tested"
NO_DATA = "no_data"

COMPARISON_LABELS: dict[str, dict[str, str]] = {
    BETTER: {"nl": "beter", "en": "better"},
    SIMILAR: {"nl": "vergelijkbaar", "en": "similar"},
    WORSE: {"nl": "slechter", "en": "worse"},
    NOT_TESTED: {"nl": "niet getoetst", "en": "not tested"},
    NO_DATA: {"nl": "geen gegevens", "en": "no data"},
}

IMPROVING = "improving"
STABLE = "stable"
WORSENING = "worsening"
UNKNOWN = "unknown"

TREND_LABELS: dict[str, dict[str, str]] = {
    IMPROVING: {"nl": "verbetert", "en": "improving"},
    STABLE: {"nl": "stabiel", "en": "stable"},
    WORSENING: {"nl": "verslechtert", "en": "worsening"},
    UNKNOWN: {"nl": "onbekend", "en": "unknown"},
}

# Two-sided 95% quantiles of Student's t (0.975 quantile) for 1..30 degrees of freedom;
# beyond 30 the normal quantile 1.96 is used.
_T_975 = (
    12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
    2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
    2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
)
_Z_975 = 1.96

_NAN = float("nan")
_FALLBACK_NOTE = "CAGR undefined for values <= 0; linear method used"


@dataclass(frozen=True)
class Assessment:
    """Progress of one indicator toward its target.

    Numbers that are not available are NaN. Years are on the ``period_year`` scale
    (fractional years); values are in the indicator's unit.

    Attributes:
        status: a key of :data:`STATUS_LABELS`.
        ratio: observed / required rate of change (dimensionless); positive when moving
            toward the target; NaN when not computed.
        baseline_year: period year of the baseline observation.
        baseline_value: baseline value.
        latest_year: period year of the latest observation.
        latest_value: latest value.
        target_value: value to reach by the deadline.
        deadline_year: year the target is due.
        method: ``linear``, ``cagr``, ``linear_fallback`` or None (no ratio method applied).
        projected_value: value at the deadline on the observed trend (see :func:`project`).
        projected_lower: lower end of the projection's 95% interval.
        projected_upper: upper end of the projection's 95% interval.
        note: short English explanation of edge cases; empty when there is none.

    """

    status: str
    ratio: float
    baseline_year: float
    baseline_value: float
    latest_year: float
    latest_value: float
    target_value: float
    deadline_year: float
    method: str | None
    projected_value: float
    projected_lower: float
    projected_upper: float
    note: str = ""


def select_baseline(
    years: np.ndarray | pd.Series | list[float],
    values: np.ndarray | pd.Series | list[float],
    baseline_year: float = DEFAULT_BASELINE_YEAR,
) -> tuple[float, float] | None:
    """Pick the baseline: the last observation in or before calendar year ``baseline_year``.

    An observation counts when its ``period_year`` is below ``floor(baseline_year) + 1``,
    so the period "2019" is the 2019 baseline whether its mid-point is written 2019.0 or
    2019.5. Pairs with a missing year or value are skipped.

    Args:
        years: period years (fractional years).
        values: observed values (indicator unit), aligned with ``years``.
        baseline_year: calendar year of the baseline (default 2019, when missions start).

    Returns:
        ``(period_year, value)`` of the baseline, or None when no observation is early enough.

    """
    year_arr = np.asarray(years, dtype=float)
    value_arr = np.asarray(values, dtype=float)
    cutoff = math.floor(baseline_year) + 1
    usable = np.isfinite(year_arr) & np.isfinite(value_arr) & (year_arr < cutoff)
    if not usable.any():
        return None
    candidates = np.flatnonzero(usable)
    last = candidates[np.argmax(year_arr[candidates])]
    return float(year_arr[last]), float(value_arr[last])


def target_value(baseline_value: float, kind: str, amount: float) -> float:
    """Compute the target from the baseline.

    Args:
        baseline_value: baseline (indicator unit).
        kind: ``absolute_change`` (amount in the indicator unit) or ``relative_change``
            (amount as a fraction, e.g. -0.30 for 30% lower).
        amount: the change the mission asks for.

    Returns:
        The target value (indicator unit).

    Raises:
        ValueError: for an unknown kind.

    """
    _check_kind(kind)
    if kind == ABSOLUTE_CHANGE:
        return float(baseline_value + amount)
    return float(baseline_value * (1.0 + amount))


def cagr_defined(*values: float) -> bool:
    """Tell whether compound annual growth rates can be computed: all values finite and > 0."""
    return all(math.isfinite(value) and value > 0 for value in values)


def required_path(
    baseline_year: float,
    baseline_value: float,
    deadline_year: float,
    target_value: float,
    kind: str,
    years: np.ndarray | pd.Series | list[float],
) -> np.ndarray:
    """Values on the required path from the baseline to the target, at ``years``.

    The path is a straight line for ``absolute_change``; for ``relative_change`` it is
    geometric (a constant annual growth rate) when baseline and target are both > 0, and a
    straight line otherwise (the same fallback as :func:`assess`).

    Args:
        baseline_year: period year of the baseline (fractional years).
        baseline_value: baseline (indicator unit).
        deadline_year: year the target is due; must be after ``baseline_year``.
        target_value: value at the deadline (indicator unit).
        kind: ``absolute_change`` or ``relative_change``.
        years: years to evaluate (may lie outside baseline..deadline: the path is extended).

    Returns:
        Array of path values (indicator unit), one per year.

    Raises:
        ValueError: for an unknown kind or a deadline not after the baseline.

    """
    _check_kind(kind)
    _check_deadline(baseline_year, deadline_year)
    share = (np.asarray(years, dtype=float) - baseline_year) / (deadline_year - baseline_year)
    if kind == RELATIVE_CHANGE and cagr_defined(baseline_value, target_value):
        return baseline_value * (target_value / baseline_value) ** share
    return baseline_value + (target_value - baseline_value) * share


def project(series: pd.DataFrame, deadline_year: float) -> tuple[float, float, float]:
    """Project the observed trend to the deadline.

    The trend is the ordinary-least-squares line through all usable observations (with two
    observations, the line through them). The 95% interval is:

    * when the latest observation has ``lower`` and ``upper``: the projection shifted by the
      latest observation's half-widths (``value - lower`` below, ``upper - value`` above), a
      simple rule that carries the source's measurement uncertainty forward;
    * otherwise, with three or more observations: the OLS prediction interval,
      ``t(0.975, n - 2) * s * sqrt(1 + 1/n + (x0 - mean(x))**2 / sum((x - mean(x))**2))``;
    * otherwise NaN.

    Args:
        series: frame with ``period_year`` and ``value`` (optional ``lower``, ``upper``).
        deadline_year: year to project to (fractional years).

    Returns:
        ``(value, lower, upper)`` at the deadline (indicator unit); all NaN with fewer than
        two observations.

    """
    obs = _usable(series)
    if len(obs) < 2:
        return _NAN, _NAN, _NAN
    x = obs["period_year"]
    y = obs["value"]
    x_mean = x.mean()
    sxx = float(((x - x_mean) ** 2).sum())
    slope = float(((x - x_mean) * (y - y.mean())).sum()) / sxx
    intercept = float(y.mean()) - slope * x_mean
    value = intercept + slope * deadline_year

    latest = obs.row(-1)
    if math.isfinite(latest["lower"]) and math.isfinite(latest["upper"]):
        below = latest["value"] - latest["lower"]
        above = latest["upper"] - latest["value"]
        return value, value - below, value + above
    if len(obs) < 3:
        return value, _NAN, _NAN
    n = len(obs)
    residuals = y - (intercept + slope * x)
    s = math.sqrt(float((residuals**2).sum()) / (n - 2))
    half = t_quantile_975(n - 2) * s * math.sqrt(1 + 1 / n + (deadline_year - x_mean) ** 2 / sxx)
    return value, value - half, value + half


def t_quantile_975(df: int) -> float:
    """Return the 0.975 quantile of Student's t (for a two-sided 95% interval).

    Args:
        df: degrees of freedom, >= 1; from a table up to 30, then the normal 1.96.

    Raises:
        ValueError: when ``df`` < 1.

    """
    if df < 1:
        raise ValueError(f"degrees of freedom must be >= 1, got {df}")
    return _T_975[df - 1] if df <= len(_T_975) else _Z_975


def compare_with_benchmark(
    value: float,
    lower: float,
    upper: float,
    bench_value: float,
    bench_lower: float,
    bench_upper: float,
    direction: str,
) -> str:
    """Compare a value with a benchmark (e.g. a region with the Netherlands).

    Conservative rule: two values differ significantly only when their 95% intervals do not
    overlap (intervals that just touch count as overlapping).

    Args:
        value: the value (indicator unit) and its 95% interval ``lower``..``upper``.
        lower: lower end of the value's interval.
        upper: upper end of the value's interval.
        bench_value: the benchmark's value (same unit).
        bench_lower: lower end of the benchmark's interval.
        bench_upper: upper end of the benchmark's interval.
        direction: ``higher_is_better`` or ``lower_is_better``.

    Returns:
        ``no_data`` when either value is missing; ``not_tested`` when any interval end is
        missing; ``similar`` when the intervals overlap; else ``better`` or ``worse``.

    """
    _check_direction(direction)
    if not (_finite(value) and _finite(bench_value)):
        return NO_DATA
    if not all(_finite(bound) for bound in (lower, upper, bench_lower, bench_upper)):
        return NOT_TESTED
    if lower <= bench_upper and bench_lower <= upper:
        return SIMILAR
    is_higher = lower > bench_upper
    return BETTER if is_higher == (direction == HIGHER_IS_BETTER) else WORSE


def trend_direction(series: pd.DataFrame, direction: str) -> str:
    """Compare the latest observation with the previous one.

    When both observations have a 95% interval, the change is judged as in
    :func:`compare_with_benchmark` (overlapping intervals: stable). Otherwise a change with
    absolute size below ``STABLE_TOLERANCE`` is stable.

    Args:
        series: frame with ``period_year`` and ``value`` (optional ``lower``, ``upper``).
        direction: ``higher_is_better`` or ``lower_is_better``.

    Returns:
        ``improving``, ``stable``, ``worsening``, or ``unknown`` with fewer than two
        observations.

    """
    _check_direction(direction)
    obs = _usable(series)
    if len(obs) < 2:
        return UNKNOWN
    previous, latest = obs.row(-2), obs.row(-1)
    outcome = compare_with_benchmark(
        latest["value"], latest["lower"], latest["upper"],
        previous["value"], previous["lower"], previous["upper"],
        direction,
    )
    by_outcome = {BETTER: IMPROVING, SIMILAR: STABLE, WORSE: WORSENING}
    if outcome in by_outcome:
        return by_outcome[outcome]
    change = latest["value"] - previous["value"]
    if abs(change) < STABLE_TOLERANCE:
        return STABLE
    return IMPROVING if (change > 0) == (direction == HIGHER_IS_BETTER) else WORSENING


def status_for_ratio(ratio: float) -> str:
    """Map a progress ratio (observed / required rate of change) to its status band.

    The ratio is rounded to ``RATIO_DECIMALS`` decimals first.

    Raises:
        ValueError: when the ratio is NaN.

    """
    if not _finite(ratio):
        raise ValueError(f"ratio must be a finite number, got {ratio}")
    rounded = round(ratio, RATIO_DECIMALS)
    if rounded >= ON_TRACK_MIN:
        return ON_TRACK
    if rounded >= NEEDS_ACCELERATION_MIN:
        return NEEDS_ACCELERATION
    if rounded >= LIMITED_PROGRESS_MIN:
        return LIMITED_PROGRESS
    return MOVING_AWAY


def assess(
    series: pd.DataFrame,
    *,
    direction: str,
    kind: str | None,
    amount: float | None,
    deadline_year: float,
    baseline_year: float = DEFAULT_BASELINE_YEAR,
) -> Assessment:
    """Assess the progress of one indicator toward its mission target.

    See the module docstring for the methods and the order in which statuses are decided.
    The baseline is chosen with :func:`select_baseline`, the latest observation is the one
    with the highest ``period_year``, and the projection comes from :func:`project` over all
    usable observations.

    Args:
        series: frame with ``period_year`` (fractional years) and ``value`` (indicator unit),
            optional ``lower`` and ``upper`` (95% interval).
        direction: ``higher_is_better`` or ``lower_is_better``.
        kind: ``absolute_change``, ``relative_change`` or None (no target: context only).
        amount: the change asked for: indicator unit (absolute) or a fraction (relative).
        deadline_year: year the target is due (fractional years, the ``period_year`` scale).
        baseline_year: calendar year of the baseline (default 2019).

    Returns:
        The :class:`Assessment`.

    Raises:
        ValueError: for an unknown direction or kind, a kind without an amount, duplicate
            period years, or a deadline not after the baseline observation.

    """
    _check_direction(direction)
    if kind is not None:
        _check_kind(kind)
        if amount is None or not math.isfinite(amount):
            raise ValueError(f"target kind {kind!r} needs a finite amount, got {amount!r}")
    obs = _usable(series)
    projection = project(obs, deadline_year)
    baseline = select_baseline(obs["period_year"], obs["value"], baseline_year)
    base_year, base_value = baseline if baseline is not None else (_NAN, _NAN)
    latest_year, latest_value = _latest(obs)

    def result(
        status: str, ratio: float = _NAN, target: float = _NAN,
        method: str | None = None, note: str = "",
    ) -> Assessment:
        return Assessment(
            status, ratio, base_year, base_value, latest_year, latest_value, target,
            deadline_year, method, *projection, note,
        )

    if kind is None or amount is None:
        return result(NO_TARGET, note="indicator has no target")
    if baseline is None:
        return result(INSUFFICIENT_DATA, note=f"no observation in or before {baseline_year:g}")
    if latest_year <= base_year:
        return result(INSUFFICIENT_DATA, note="no observation after the baseline")
    _check_deadline(base_year, deadline_year)

    target = target_value(base_value, kind, amount)
    if not _improvement_needed(base_value, target, direction):
        met = _meets(latest_value, target, direction)
        return result(
            ACHIEVED if met else MOVING_AWAY, target=target,
            method=_method(kind, base_value, target, latest_value),
            note="baseline already met the target; no change required",
        )
    method = _method(kind, base_value, target, latest_value)
    ratio = _ratio(
        method, base_year, base_value, latest_year, latest_value, deadline_year, target
    )
    note = _FALLBACK_NOTE if method == METHOD_LINEAR_FALLBACK else ""
    status = ACHIEVED if _meets(latest_value, target, direction) else status_for_ratio(ratio)
    return result(status, ratio, target, method, note)


@dataclass(frozen=True)
class _Obs:
    """Usable observations as numpy arrays, sorted by year (a light stand-in for a frame)."""

    period_year: np.ndarray
    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, column: str) -> np.ndarray:
        return getattr(self, column)

    def row(self, position: int) -> dict[str, float]:
        return {column: float(getattr(self, column)[position]) for column in _OBS_COLUMNS}


_OBS_COLUMNS = ("period_year", "value", "lower", "upper")


def observations(period_year: np.ndarray, value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> _Obs:
    """Build a series from numpy arrays, for fast repeated calls (same rules as a frame).

    :func:`assess`, :func:`project` and :func:`trend_direction` accept the result in place of
    a frame; building many small frames is what makes a progress table slow.
    """
    frame_like = {"period_year": period_year, "value": value, "lower": lower, "upper": upper}
    size = len(value)
    arrays = {column: np.asarray(frame_like[column], dtype=float).reshape(size) for column in _OBS_COLUMNS}
    return _clean(arrays)


def _usable(series: pd.DataFrame | _Obs) -> _Obs:
    """Return the rows with a year and a value, sorted by year, with lower/upper (NaN if absent)."""
    if isinstance(series, _Obs):
        return series
    missing = {"period_year", "value"} - set(series.columns)
    if missing:
        raise ValueError(f"series lacks column(s) {sorted(missing)}")
    size = len(series)
    arrays = {
        column: pd.to_numeric(series[column], errors="raise").to_numpy(dtype=float, na_value=np.nan)
        if column in series.columns
        else np.full(size, _NAN)
        for column in _OBS_COLUMNS
    }
    return _clean(arrays)


def _clean(arrays: dict[str, np.ndarray]) -> _Obs:
    keep = np.isfinite(arrays["period_year"]) & ~np.isnan(arrays["value"])
    order = np.argsort(arrays["period_year"][keep], kind="stable")
    kept = {column: values[keep][order] for column, values in arrays.items()}
    repeated = kept["period_year"][1:][np.diff(kept["period_year"]) == 0]
    if repeated.size:
        raise ValueError(f"series has more than one row for period year(s) {sorted(set(repeated.tolist()))}")
    return _Obs(**kept)


def _latest(obs: _Obs) -> tuple[float, float]:
    if len(obs) == 0:
        return _NAN, _NAN
    return float(obs["period_year"][-1]), float(obs["value"][-1])


def _method(kind: str, baseline: float, target: float, latest: float) -> str:
    if kind == ABSOLUTE_CHANGE:
        return METHOD_LINEAR
    return METHOD_CAGR if cagr_defined(baseline, target, latest) else METHOD_LINEAR_FALLBACK


def _ratio(
    method: str,
    base_year: float,
    base_value: float,
    latest_year: float,
    latest_value: float,
    deadline_year: float,
    target: float,
) -> float:
    """Observed / required rate of change (CAGR or change per year)."""
    if method == METHOD_CAGR:
        observed = (latest_value / base_value) ** (1 / (latest_year - base_year)) - 1
        required = (target / base_value) ** (1 / (deadline_year - base_year)) - 1
    else:
        observed = (latest_value - base_value) / (latest_year - base_year)
        required = (target - base_value) / (deadline_year - base_year)
    return float(observed / required)


def _meets(value: float, target: float, direction: str) -> bool:
    return value >= target if direction == HIGHER_IS_BETTER else value <= target


def _improvement_needed(baseline: float, target: float, direction: str) -> bool:
    return target > baseline if direction == HIGHER_IS_BETTER else target < baseline


def _finite(number: float | None) -> bool:
    return number is not None and not pd.isna(number) and math.isfinite(number)


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r} (expected one of {DIRECTIONS})")


def _check_kind(kind: str) -> None:
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r} (expected one of {TARGET_KINDS})")


def _check_deadline(baseline_year: float, deadline_year: float) -> None:
    if not deadline_year > baseline_year:
        raise ValueError(f"deadline {deadline_year:g} is not after the baseline {baseline_year:g}")
