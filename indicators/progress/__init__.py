"""Progress of an indicator toward a mission target, with the uncertainty of its numbers.

Pure functions on numpy arrays and small frames, no I/O:

* :mod:`~indicators.progress.uncertainty`: standard errors, intervals, z- and t-tests, the
  uncertainty kind of an indicator (survey, model, registration);
* :mod:`~indicators.progress.baseline`: which observation is the baseline (2016-2019, else 2019-2021);
* :mod:`~indicators.progress.status`: the status against the target (``achieved``, ``at_target``,
  ``no_measurable_change``, the ratio bands ...);
* :mod:`~indicators.progress.projection`: the fitted line, the projection and its prediction band;
* :mod:`~indicators.progress.trend`: the tested trend since the baseline;
* :mod:`~indicators.progress.compare`: the tested comparison with the Netherlands and the GGD region;
* :mod:`~indicators.progress.table`: all of it for every region and indicator (``progress.parquet``);
* :mod:`~indicators.progress.words`: labels, reason sentences and the method in words.

The names other modules import are re-exported here (``from indicators.progress import
required_path``). :mod:`~indicators.progress.table` is not imported here: it needs the missions,
which import this package.
"""

from __future__ import annotations

from indicators.progress.baseline import BASELINE_WINDOW, DEFAULT_BASELINE_YEAR, FALLBACK_WINDOW, select_baseline
from indicators.progress.compare import BETTER, NO_DATA, NOT_TESTED, SIMILAR, WORSE, compare_with_benchmark
from indicators.progress.projection import MIN_POINTS, MIN_SPAN_YEARS, fit_line, projection_curve
from indicators.progress.status import (
    ABSOLUTE_CHANGE,
    ACHIEVED,
    AT_TARGET,
    HIGHER_IS_BETTER,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    LOWER_IS_BETTER,
    MOVING_AWAY,
    NEEDS_ACCELERATION,
    NEEDS_ACCELERATION_MIN,
    NO_MEASURABLE_CHANGE,
    NO_TARGET,
    ON_TRACK,
    ON_TRACK_MIN,
    RELATIVE_CHANGE,
    STATUSES,
    assess_status,
    required_path,
    target_value,
)
from indicators.progress.trend import (
    FALLING,
    IMPROVING,
    NO_SIGNIFICANT_CHANGE,
    RISING,
    TOO_FEW_DATA,
    TRENDS,
    WORSENING,
    trend_of,
)
from indicators.progress.words import (
    COMPARISON_LABELS,
    METHOD_TEXT,
    STATUS_LABELS,
    TREND_LABELS,
    baseline_rule_text,
    comparison_label,
    status_label,
    status_reason,
    trend_label,
    trend_sentence,
)

__all__ = [
    "ABSOLUTE_CHANGE", "ACHIEVED", "AT_TARGET", "BASELINE_WINDOW", "BETTER", "COMPARISON_LABELS",
    "DEFAULT_BASELINE_YEAR", "FALLBACK_WINDOW", "FALLING", "HIGHER_IS_BETTER", "IMPROVING", "INSUFFICIENT_DATA",
    "LIMITED_PROGRESS", "LOWER_IS_BETTER", "METHOD_TEXT", "MIN_POINTS", "MIN_SPAN_YEARS", "MOVING_AWAY",
    "NEEDS_ACCELERATION", "NEEDS_ACCELERATION_MIN", "NOT_TESTED", "NO_DATA", "NO_MEASURABLE_CHANGE",
    "NO_SIGNIFICANT_CHANGE", "NO_TARGET", "ON_TRACK", "ON_TRACK_MIN", "RELATIVE_CHANGE", "RISING", "SIMILAR",
    "STATUSES", "STATUS_LABELS", "TOO_FEW_DATA", "TRENDS", "TREND_LABELS", "WORSE", "WORSENING", "assess_status",
    "baseline_rule_text", "compare_with_benchmark", "comparison_label", "fit_line", "projection_curve", "required_path",
    "select_baseline", "status_label", "status_reason", "target_value", "trend_label", "trend_of", "trend_sentence",
]
