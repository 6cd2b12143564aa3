"""The status of an indicator against its mission target, with its uncertainty; no I/O.

Inputs are the baseline (see :mod:`indicators.progress.baseline`) and the latest observation,
each with a standard error ``se`` in the indicator's unit (0 for a registration that counts
everyone). The status is decided in this order:

1. ``no_target``: the indicator has no target (context only).
2. ``insufficient_data``: no baseline; no observation after it; a relative target with a
   baseline <= 0 (a percentage of nothing); or, for a survey or model estimate, a baseline or
   latest value without a known ``se``.
3. ``achieved``: the latest value's whole 95% interval ``value -/+ 1.96 se`` (or the published
   interval, which may be asymmetric) lies on the target's side (at or above it when higher is better,
   at or below it when lower is better), and the difference ``latest - target`` is significant at 5%
   with the target's own uncertainty: the target is computed from the baseline, so its standard error
   is the baseline's (times ``1 + amount`` for a relative target).
4. ``no_measurable_change``: the change from baseline to latest is not significant: a two-sided
   z-test at the 5% level on ``latest - baseline`` with ``se = sqrt(se_b**2 + se_l**2)``; for
   registrations (``se == 0``) a change smaller than the declared ``min_change``.
5. ``at_target``: the change is measurable and the latest 95% interval reaches the target, but the
   target is not significantly passed ("rond het doel").
6. ``moving_away`` when the baseline already met the target (no improvement was required) and the
   latest value significantly no longer does.

Steps 4 and 5 were designed the other way round; the simulation in ``validation/`` showed that
with municipal survey errors the target lies inside the latest interval of a third of truly flat
series (target +5 points), which "around the target" would misreport. Checked after the change
test, ``at_target`` only follows a measurable change.
7. Otherwise the ratio bands of Eurostat, Statistics Canada and Open SDG's ProgressMeasure:
   ``on_track`` >= 0.95 > ``needs_acceleration`` >= 0.60 > ``limited_progress`` >= 0 >
   ``moving_away``, where the ratio is the observed / required rate of change: change per year
   (*linear*) for an ``absolute_change`` target, compound annual growth rate (*CAGR*) for a
   ``relative_change`` target (linear when the latest value is <= 0, ``linear_fallback``).

Targets: ``absolute_change``: target = baseline + amount (indicator unit); ``relative_change``:
target = baseline * (1 + amount), e.g. ``-0.30`` for "30% lower". Both signed rates are compared
with the required one, so the ratio is positive when the indicator moves toward its target for
either direction.

When baseline and latest periods overlap (e.g. 2017/2020 and 2019/2022 share two years) their
errors are positively correlated; the test treats them as independent, which overstates the
error of the change and is therefore conservative (fewer changes called measurable).

:func:`classify` works element-wise on arrays (the progress table of all regions);
:func:`assess_status` is the same for one series.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from indicators.progress.uncertainty import SIGNIFICANCE_LEVEL, Z_975, difference_test

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER)

ABSOLUTE_CHANGE = "absolute_change"
RELATIVE_CHANGE = "relative_change"
TARGET_KINDS = (ABSOLUTE_CHANGE, RELATIVE_CHANGE)

METHOD_LINEAR = "linear"
METHOD_CAGR = "cagr"
METHOD_LINEAR_FALLBACK = "linear_fallback"

ON_TRACK_MIN = 0.95
"""Lowest ratio (observed / required rate of change) that counts as on track."""
NEEDS_ACCELERATION_MIN = 0.60
"""Lowest ratio that counts as needs acceleration; below it, limited progress."""
LIMITED_PROGRESS_MIN = 0.0
"""Lowest ratio that counts as limited progress; below it, moving away from the target."""
RATIO_DECIMALS = 9
"""Decimals the ratio is rounded to before it is compared with the thresholds."""

ACHIEVED = "achieved"
AT_TARGET = "at_target"
NO_MEASURABLE_CHANGE = "no_measurable_change"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED_PROGRESS = "limited_progress"
MOVING_AWAY = "moving_away"
INSUFFICIENT_DATA = "insufficient_data"
NO_TARGET = "no_target"
STATUSES = (ACHIEVED, AT_TARGET, NO_MEASURABLE_CHANGE, ON_TRACK, NEEDS_ACCELERATION, LIMITED_PROGRESS,
            MOVING_AWAY, INSUFFICIENT_DATA, NO_TARGET)

# Why a status is what it is, beyond the status itself (the English ``note``; words.py says it in Dutch).
REASON_NO_BASELINE = "no_baseline"
REASON_NOTHING_AFTER = "nothing_after_baseline"
REASON_BASELINE_NOT_POSITIVE = "relative_target_baseline_not_positive"
REASON_SE_UNKNOWN = "se_unknown"
REASON_ALREADY_MET = "baseline_already_met_target"
REASON_NOTES = {
    REASON_NO_BASELINE: "no observation in the baseline window {window} or the fallback window {fallback}",
    REASON_NOTHING_AFTER: "no observation after the baseline",
    REASON_BASELINE_NOT_POSITIVE: "a relative target needs a baseline above 0",
    REASON_SE_UNKNOWN: "no standard error known for the baseline or latest value (survey or model estimate)",
    REASON_ALREADY_MET: "the baseline already met the target; no improvement was required",
}


@dataclass(frozen=True)
class StatusResult:
    """The status of one series and the numbers behind it (NaN where not computed).

    Attributes:
        status: one of :data:`STATUSES`.
        ratio: observed / required rate of change (dimensionless).
        method: ``linear``, ``cagr``, ``linear_fallback`` or "" (no ratio).
        target_value: the value to reach by the deadline (indicator unit).
        change: latest - baseline (indicator unit).
        change_se: standard error of the change (indicator unit; 0 for registrations).
        change_p: two-sided p-value of the change (NaN for registrations and where untested).
        reason: one of the ``REASON_*`` ids, or "".

    """

    status: str
    ratio: float
    method: str
    target_value: float
    change: float
    change_se: float
    change_p: float
    reason: str


def target_value(baseline_value: np.ndarray | float, kind: np.ndarray | str, amount: np.ndarray | float) -> np.ndarray:
    """The target from the baseline: ``baseline + amount`` (absolute) or ``baseline * (1 + amount)`` (relative).

    Args:
        baseline_value: baseline (indicator unit).
        kind: ``absolute_change`` or ``relative_change`` (anything else gives NaN).
        amount: the change asked for: indicator unit (absolute) or a fraction (relative, -0.30 = 30% lower).

    >>> float(target_value(20.0, RELATIVE_CHANGE, -0.30))
    14.0
    """
    base, kinds, amounts = np.broadcast_arrays(np.asarray(baseline_value, dtype=float), np.asarray(kind, dtype=object),
                                               np.asarray(amount, dtype=float))
    return np.select([kinds == ABSOLUTE_CHANGE, kinds == RELATIVE_CHANGE], [base + amounts, base * (1.0 + amounts)],
                     np.nan)


def required_path(
    baseline_year: float,
    baseline_value: float,
    deadline_year: float,
    target_value: float,
    kind: str,
    years: np.ndarray | list[float],
) -> np.ndarray:
    """Values on the required path from the baseline to the target, at ``years``.

    The path is a straight line for ``absolute_change``; for ``relative_change`` it is geometric
    (a constant annual growth rate) when baseline and target are both > 0, and a straight line
    otherwise.

    Args:
        baseline_year: period year of the baseline (fractional years).
        baseline_value: baseline (indicator unit).
        deadline_year: year the target is due; must be after ``baseline_year``.
        target_value: value at the deadline (indicator unit).
        kind: ``absolute_change`` or ``relative_change``.
        years: years to evaluate (outside baseline..deadline the path is extended).

    Raises:
        ValueError: for an unknown kind or a deadline not after the baseline.

    """
    if kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {kind!r} (expected one of {TARGET_KINDS})")
    if not deadline_year > baseline_year:
        raise ValueError(f"deadline {deadline_year:g} is not after the baseline {baseline_year:g}")
    share = (np.asarray(years, dtype=float) - baseline_year) / (deadline_year - baseline_year)
    if kind == RELATIVE_CHANGE and baseline_value > 0 and target_value > 0:
        return baseline_value * (target_value / baseline_value) ** share
    return baseline_value + (target_value - baseline_value) * share


def status_for_ratio(ratio: np.ndarray | float) -> np.ndarray:
    """Map progress ratios to their band (``on_track`` ... ``moving_away``), rounded to 9 decimals first.

    NaN ratios give "".

    >>> status_for_ratio([0.95, 0.9499, 0.6, 0.0, -0.1]).tolist()
    ['on_track', 'needs_acceleration', 'needs_acceleration', 'limited_progress', 'moving_away']
    """
    rounded = np.round(np.asarray(ratio, dtype=float), RATIO_DECIMALS)
    with np.errstate(invalid="ignore"):
        return np.select(
            [rounded >= ON_TRACK_MIN, rounded >= NEEDS_ACCELERATION_MIN, rounded >= LIMITED_PROGRESS_MIN,
             rounded < LIMITED_PROGRESS_MIN],
            [ON_TRACK, NEEDS_ACCELERATION, LIMITED_PROGRESS, MOVING_AWAY], "",
        ).astype(object)


def classify(
    *,
    kind: np.ndarray | str,
    amount: np.ndarray | float,
    higher_is_better: np.ndarray | bool,
    deadline_year: np.ndarray | float,
    has_baseline: np.ndarray | bool,
    baseline_year: np.ndarray | float,
    baseline_value: np.ndarray | float,
    baseline_se: np.ndarray | float,
    latest_year: np.ndarray | float,
    latest_value: np.ndarray | float,
    latest_se: np.ndarray | float,
    registration: np.ndarray | bool,
    min_change: np.ndarray | float,
    latest_lower: np.ndarray | float | None = None,
    latest_upper: np.ndarray | float | None = None,
) -> dict[str, np.ndarray]:
    """Decide the status of many series at once (element-wise; see the module docstring for the rules).

    Args:
        kind: target kind per series, "" (or anything not in :data:`TARGET_KINDS`) for no target.
        amount: the change asked for (indicator unit, or a fraction for relative targets).
        higher_is_better: True where higher values are better (neutral indicators have no target).
        deadline_year: year the target is due (fractional, the period-year scale).
        has_baseline: whether a baseline was found.
        baseline_year: period year of the baseline.
        baseline_value: baseline (indicator unit).
        baseline_se: its standard error (NaN unknown; ignored for registrations).
        latest_year: period year of the latest observation.
        latest_value: latest value (indicator unit).
        latest_se: its standard error.
        registration: True for registrations (exact values, ``se`` taken as 0).
        min_change: smallest meaningful change (indicator unit), used where both errors are 0.
        latest_lower: the latest value's published 95% interval, lower end (NaN or None: ``value - 1.96 se``);
            a published interval may be asymmetric (a bootstrap percentile interval), and "achieved" must hold
            for the interval a reader sees.
        latest_upper: its upper end (NaN or None: ``value + 1.96 se``).

    Returns:
        Arrays keyed like the :class:`StatusResult` fields.

    """
    arrays = np.broadcast_arrays(
        np.asarray(kind, dtype=object), np.asarray(amount, dtype=float), np.asarray(higher_is_better, dtype=bool),
        np.asarray(deadline_year, dtype=float), np.asarray(has_baseline, dtype=bool),
        np.asarray(baseline_year, dtype=float), np.asarray(baseline_value, dtype=float),
        np.asarray(baseline_se, dtype=float), np.asarray(latest_year, dtype=float),
        np.asarray(latest_value, dtype=float), np.asarray(latest_se, dtype=float),
        np.asarray(registration, dtype=bool), np.asarray(min_change, dtype=float),
    )
    kinds, amounts, higher, deadline, found, base_year, base, base_se, last_year, last, last_se, exact, smallest = (
        np.atleast_1d(array) for array in arrays
    )
    has_target = (kinds == ABSOLUTE_CHANGE) | (kinds == RELATIVE_CHANGE)
    relative = kinds == RELATIVE_CHANGE
    has_after = found & (last_year > base_year)
    base_se = np.where(exact, 0.0, base_se)
    last_se = np.where(exact, 0.0, last_se)
    with np.errstate(invalid="ignore", divide="ignore"):
        se_known = exact | ((base_se > 0) & (last_se > 0))
        target = np.where(found, target_value(base, kinds, amounts), np.nan)
        change, change_se, change_p = difference_test(last, last_se, base, base_se)
        change = np.where(found, change, np.nan)
        change_se = np.where(found & se_known, np.where(exact, 0.0, change_se), np.nan)
        change_p = np.where(found & se_known & ~exact, change_p, np.nan)
        measurable = np.where(exact, (np.abs(change) >= smallest) & (change != 0), change_p < SIGNIFICANCE_LEVEL)

        lower, upper = last - Z_975 * last_se, last + Z_975 * last_se
        if latest_lower is not None and latest_upper is not None:
            published_lower, published_upper = np.broadcast_arrays(
                np.asarray(latest_lower, dtype=float), np.asarray(latest_upper, dtype=float), lower)[:2]
            published = ~exact & np.isfinite(published_lower) & np.isfinite(published_upper)
            lower = np.where(published, published_lower, lower)
            upper = np.where(published, published_upper, upper)
        # The target is computed from the baseline, so it is as uncertain as the baseline (times 1 + amount for a
        # relative target): "achieved" also needs latest - target to be significant, not only the latest interval
        # past the point target.
        target_se = np.where(relative, np.abs(1.0 + amounts) * base_se, base_se)
        gap_half = Z_975 * np.sqrt(last_se**2 + target_se**2)
        gap = last - target
        past_target = np.where(higher, lower >= target, upper <= target)
        gap_significant = np.where(higher, gap - gap_half >= 0, gap + gap_half <= 0)
        achieved = past_target & gap_significant
        reaches_target = np.where(higher, upper >= target, lower <= target)
        at_target = reaches_target & ~achieved

        cagr = relative & (base > 0) & (target > 0) & (last > 0)
        method = np.where(~(has_target & has_after), "",
                          np.where(~relative, METHOD_LINEAR, np.where(cagr, METHOD_CAGR, METHOD_LINEAR_FALLBACK)))
        span, horizon = last_year - base_year, deadline - base_year
        observed = np.where(cagr, (last / base) ** (1.0 / span) - 1.0, (last - base) / span)
        required = np.where(cagr, (target / base) ** (1.0 / horizon) - 1.0, (target - base) / horizon)
        improvement_needed = np.where(higher, target > base, target < base)
        ratio = np.where((method != "") & improvement_needed, observed / required, np.nan)
    band = status_for_ratio(ratio)

    not_positive = relative & found & ~(base > 0)
    reason = np.select(
        [~has_target, ~found, ~has_after, not_positive, ~se_known, ~improvement_needed],
        ["", REASON_NO_BASELINE, REASON_NOTHING_AFTER, REASON_BASELINE_NOT_POSITIVE, REASON_SE_UNKNOWN,
         REASON_ALREADY_MET], "",
    ).astype(object)
    insufficient = has_target & np.isin(reason, [REASON_NO_BASELINE, REASON_NOTHING_AFTER,
                                                 REASON_BASELINE_NOT_POSITIVE, REASON_SE_UNKNOWN])
    status = np.select(
        [~has_target, insufficient, achieved, ~measurable, at_target, ~improvement_needed],
        [NO_TARGET, INSUFFICIENT_DATA, ACHIEVED, NO_MEASURABLE_CHANGE, AT_TARGET, MOVING_AWAY], band,
    ).astype(object)
    reason = np.where((status == INSUFFICIENT_DATA) | (reason == REASON_ALREADY_MET), reason, "").astype(object)
    return {
        "status": status, "ratio": ratio, "method": method.astype(object), "target_value": np.where(has_target, target, np.nan),
        "change": change, "change_se": change_se, "change_p": change_p, "reason": reason,
    }


def assess_status(
    *,
    kind: str | None,
    amount: float | None,
    direction: str,
    deadline_year: float,
    baseline: tuple[float, float, float] | None,
    latest: tuple[float, float, float],
    registration: bool = False,
    min_change: float = 0.0,
) -> StatusResult:
    """The status of one series (the scalar :func:`classify`).

    Args:
        kind: ``absolute_change``, ``relative_change`` or None (no target).
        amount: the change asked for (indicator unit, or a fraction for relative targets).
        direction: ``higher_is_better`` or ``lower_is_better``.
        deadline_year: year the target is due (fractional years).
        baseline: ``(period_year, value, se)`` of the baseline, or None when there is none.
        latest: ``(period_year, value, se)`` of the latest observation.
        registration: True for a registration (exact values).
        min_change: smallest meaningful change of a registration (indicator unit).

    Raises:
        ValueError: for an unknown direction or kind, or a kind without a finite amount.

    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r} (expected one of {DIRECTIONS})")
    if kind is not None:
        if kind not in TARGET_KINDS:
            raise ValueError(f"unknown target kind {kind!r} (expected one of {TARGET_KINDS})")
        if amount is None or not math.isfinite(amount):
            raise ValueError(f"target kind {kind!r} needs a finite amount, got {amount!r}")
    base = baseline if baseline is not None else (math.nan, math.nan, math.nan)
    result = classify(
        kind=kind or "", amount=math.nan if amount is None else amount, higher_is_better=direction == HIGHER_IS_BETTER,
        deadline_year=deadline_year, has_baseline=baseline is not None, baseline_year=base[0],
        baseline_value=base[1], baseline_se=base[2], latest_year=latest[0], latest_value=latest[1],
        latest_se=latest[2], registration=registration, min_change=min_change,
    )
    return StatusResult(**{key: (value[0] if isinstance(value[0], str) else float(value[0]))
                           for key, value in result.items()})
