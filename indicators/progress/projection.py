"""The fitted trend line, its projection to the deadline and a 95% prediction band; no I/O.

One line serves both the trend test (:mod:`indicators.progress.trend`) and the projection, so the
dashed line of a chart and the trend word can never disagree. It is fitted to the observations
from the baseline onward (:mod:`indicators.progress.baseline`):

* **Scale.** The line is straight on a scale where it cannot leave the possible range: the logit
  of ``(y - lo) / (hi - lo)`` for percentages (0-100, :data:`LOGIT_RANGE`) and percentage-point
  differences (-100..100), the logarithm for rates, years, incomes and hours
  (:data:`LOG_UNITS`; ``years_gap`` only when all its values are > 0, else the logit on
  -60..60), no transformation for any other unit. A series with a value at or outside the
  edge of its scale (a 0% or a rate of 0) is fitted on the original scale for the trend test
  and gets no projection.
* **Weights.** Weighted least squares with weights ``1 / se_t**2``, where ``se_t`` is the
  standard error carried to the fitted scale by the delta method (``se * |g'(y)|``). Registrations
  (exact values) and series with an unknown ``se`` get equal weights (ordinary least squares).
* **Dispersion.** With known weights the residual chi-square ``chi2`` over ``df = n - 2`` says
  whether the points scatter more around the line than their errors allow. The rule
  (:data:`DISPERSION_RULE`, chosen by the coverage simulation in ``validation/``) decides how it
  scales the parameter covariance and which quantile is used; ordinary least squares always uses
  ``s**2 = chi2 / df`` and Student's t with ``df``.
* **Prediction interval.** At year ``x0``: ``g0 +/- q * sqrt(phi * (1/S0 + (x0 - xbar)**2 / Sxx + v_new))``,
  where ``v_new`` is the variance of one new measurement (the latest ``se_t**2``; 1 for least
  squares, so that ``phi * v_new = s**2``), transformed back to the indicator's unit.
* **When.** A projection needs at least :data:`MIN_POINTS` observations spanning at least
  :data:`MIN_SPAN_YEARS` years; otherwise it is NaN and the reason is given.

:func:`fit_line` fits one series with a design matrix (the reference); :func:`fit_lines` fits
all series of the progress table at once from group sums.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.progress.uncertainty import REGISTRATION, Z_975, normal_two_sided_p, t_quantile_975, t_two_sided_p

MIN_POINTS = 4
"""A projection needs at least this many observations since the baseline.

The issue's floor is 3; the coverage simulation (``validation/RESULTS.md``) shows that a 95% prediction band
from three survey points covers most of 0-100% by 2030 (median width 91-99 points): honest, but it says
nothing, so a projection needs four."""
MIN_SPAN_YEARS = 5.0
"""... spanning at least this many years (first to last period year)."""

IDENTITY = "identity"
LOGIT = "logit"
LOG = "log"
SCALES = (IDENTITY, LOGIT, LOG)

LOGIT_RANGE: dict[str, tuple[float, float]] = {"pct": (0.0, 100.0), "pct_points": (-100.0, 100.0),
                                                "years_gap": (-60.0, 60.0)}
"""Units fitted on the logit of their range (for ``years_gap`` only when a value is <= 0)."""
LOG_UNITS = frozenset({"per_1000_inhabitants", "years", "years_gap", "k_eur", "hours_per_week"})
"""Units fitted on the log scale (values must all be > 0)."""

DISPERSION_T_ALWAYS = "t_always"
"""phi = max(1, chi2 / df), quantile t(df): always allows for extra scatter."""
DISPERSION_Z_UNLESS_OVERDISPERSED = "z_unless_overdispersed"
"""phi = 1 and the normal quantile while chi2 / df <= 1, else phi = chi2 / df and t(df)."""
DISPERSION_RULE = DISPERSION_T_ALWAYS
"""The rule in use; see ``validation/RESULTS.md`` for the coverage of both."""

NOTE_TOO_FEW = "no projection: {n} observation(s) since the baseline (needs {min_points})"
NOTE_TOO_SHORT = "no projection: observations since the baseline span {span:.1f} years (needs {min_span:g})"
NOTE_EDGE = "no projection: a value at the edge of the possible range cannot be fitted on the {scale} scale"
NOTE_NO_BASELINE = "no projection: no baseline"


def scale_of(unit: str, values: np.ndarray | list[float]) -> tuple[str, float, float, bool]:
    """The fitting scale of a series.

    Args:
        unit: the indicator's unit key (``pct``, ``years`` ...).
        values: the values to fit (indicator unit).

    Returns:
        ``(scale, lo, hi, inside)``: the scale id, the range of a logit scale (NaN otherwise) and
        whether all values lie strictly inside the scale's domain.

    >>> scale_of("pct", [10.0, 12.0])
    ('logit', 0.0, 100.0, True)
    >>> scale_of("years_gap", [-1.0, 2.0])
    ('logit', -60.0, 60.0, True)
    """
    y = np.asarray(values, dtype=float)
    if unit in LOG_UNITS and (unit not in LOGIT_RANGE or bool(np.all(y > 0))):
        return LOG, math.nan, math.nan, bool(np.all(y > 0))
    if unit in LOGIT_RANGE:
        lo, hi = LOGIT_RANGE[unit]
        return LOGIT, lo, hi, bool(np.all((y > lo) & (y < hi)))
    return IDENTITY, math.nan, math.nan, True


def to_scale(y: np.ndarray, scale: np.ndarray | str, lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    """Values on the fitting scale (NaN outside the domain)."""
    y, scale, lo, hi = np.broadcast_arrays(np.asarray(y, dtype=float), np.asarray(scale, dtype=object),
                                           np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (y - lo) / (hi - lo)
        logit = np.where((share > 0) & (share < 1), np.log(share / (1.0 - share)), np.nan)
        log = np.where(y > 0, np.log(y), np.nan)
    return np.select([scale == LOGIT, scale == LOG], [logit, log], y)


def from_scale(g: np.ndarray, scale: np.ndarray | str, lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    """Back from the fitting scale to the indicator's unit (logit and log stay inside their range)."""
    g, scale, lo, hi = np.broadcast_arrays(np.asarray(g, dtype=float), np.asarray(scale, dtype=object),
                                           np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
    with np.errstate(over="ignore", invalid="ignore"):
        logistic = lo + (hi - lo) / (1.0 + np.exp(-g))
        exp = np.exp(g)
    return np.select([scale == LOGIT, scale == LOG], [logistic, exp], g)


def scale_slope(y: np.ndarray, scale: np.ndarray | str, lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    """``|g'(y)|``: how much the fitting scale moves per unit of ``y`` (for the delta method)."""
    y, scale, lo, hi = np.broadcast_arrays(np.asarray(y, dtype=float), np.asarray(scale, dtype=object),
                                           np.asarray(lo, dtype=float), np.asarray(hi, dtype=float))
    with np.errstate(invalid="ignore", divide="ignore"):
        logit = (hi - lo) / ((y - lo) * (hi - y))
        log = 1.0 / y
    return np.abs(np.select([scale == LOGIT, scale == LOG], [logit, log], np.ones_like(y)))


@dataclass(frozen=True)
class LineFit:
    """A straight line on the fitting scale, ``g(x) = intercept + slope * (x - x_centre)``, with its uncertainty.

    Attributes:
        scale: ``identity``, ``logit`` or ``log``.
        lo: lower end of a logit scale's range (NaN otherwise).
        hi: upper end of a logit scale's range (NaN otherwise).
        n: number of observations fitted.
        first_year: period year of the first of them.
        last_year: period year of the last of them.
        weighted: True for weights ``1 / se_t**2``, False for ordinary least squares.
        x_centre: weighted mean year.
        intercept: fitted value at ``x_centre`` (fitting scale).
        slope: fitted change per year (fitting scale).
        s0: sum of the weights.
        sxx: weighted sum of squared year deviations.
        chi2: weighted residual sum of squares.
        dispersion: the factor ``phi`` the parameter variances are scaled by.
        quantile: half-width of a 95% interval in standard errors (z or t(n - 2)).
        new_variance: ``phi * v_new``: variance of one new measurement on the fitting scale.
        inside: whether all values lie inside the scale's domain (else fitted on the original scale).

    """

    scale: str
    lo: float
    hi: float
    n: int
    first_year: float
    last_year: float
    weighted: bool
    x_centre: float
    intercept: float
    slope: float
    s0: float
    sxx: float
    chi2: float
    dispersion: float
    quantile: float
    new_variance: float
    inside: bool = True

    @property
    def df(self) -> int:
        """Residual degrees of freedom, ``n - 2``."""
        return self.n - 2

    def slope_p(self) -> float:
        """Two-sided p-value of the slope (z when the normal quantile is used, else t(n - 2))."""
        return float(_slope_p(self.slope, self.dispersion, self.sxx, self.quantile, self.n)[0])

    def fitted(self, years: np.ndarray | list[float]) -> np.ndarray:
        """The fitted line at ``years``, in the indicator's unit."""
        g = self.intercept + self.slope * (np.asarray(years, dtype=float) - self.x_centre)
        return from_scale(g, self.scale, self.lo, self.hi)

    def band(self, years: np.ndarray | list[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Fitted value and 95% prediction interval at ``years`` (indicator unit)."""
        return _predict(np.asarray(years, dtype=float), self.scale, self.lo, self.hi, self.x_centre, self.intercept,
                        self.slope, self.s0, self.sxx, self.dispersion, self.quantile, self.new_variance)


def dispersion_and_quantile(
    chi2: np.ndarray, n: np.ndarray, weighted: np.ndarray, rule: str = DISPERSION_RULE
) -> tuple[np.ndarray, np.ndarray]:
    """The dispersion factor ``phi`` and the 95% quantile, per fit.

    Args:
        chi2: weighted residual sums of squares.
        n: numbers of observations (>= 3 for a finite result).
        weighted: True where the weights are ``1 / se_t**2`` (known errors).
        rule: :data:`DISPERSION_T_ALWAYS` or :data:`DISPERSION_Z_UNLESS_OVERDISPERSED`.

    Returns:
        ``(phi, quantile)``; NaN where ``n < 3``.

    """
    chi2, n, weighted = np.broadcast_arrays(np.asarray(chi2, dtype=float), np.asarray(n, dtype=float),
                                            np.asarray(weighted, dtype=bool))
    df = np.where(n >= 3, n - 2, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = chi2 / df
    t = t_quantile_975(df)
    if rule == DISPERSION_T_ALWAYS:
        phi_weighted, q_weighted = np.maximum(raw, 1.0), t
    elif rule == DISPERSION_Z_UNLESS_OVERDISPERSED:
        over = raw > 1.0
        phi_weighted, q_weighted = np.where(over, raw, 1.0), np.where(over, t, Z_975)
    else:
        raise ValueError(f"unknown dispersion rule {rule!r}")
    phi = np.where(weighted, phi_weighted, raw)
    quantile = np.where(weighted, q_weighted, t)
    return np.where(np.isfinite(df), phi, np.nan), np.where(np.isfinite(df), quantile, np.nan)


def fit_line(
    years: np.ndarray | list[float],
    values: np.ndarray | list[float],
    se: np.ndarray | list[float] | None,
    *,
    unit: str,
    uncertainty: str,
    rule: str = DISPERSION_RULE,
) -> LineFit | None:
    """Fit one series (the observations from the baseline onward), by a weighted design matrix.

    Args:
        years: period years (fractional years), increasing.
        values: values (indicator unit).
        se: standard errors (indicator unit); None or any NaN / non-positive entry for a survey
            or model estimate means equal weights.
        unit: the indicator's unit key.
        uncertainty: ``steekproef``, ``model`` or ``registratie`` (registrations: equal weights).
        rule: the dispersion rule.

    Returns:
        The :class:`LineFit`, or None with fewer than 2 observations.

    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2:
        return None
    scale, lo, hi, inside = scale_of(unit, y)
    if not inside:
        scale, lo, hi = IDENTITY, math.nan, math.nan
    g = to_scale(y, scale, lo, hi)
    se_arr = np.full(n, np.nan) if se is None else np.asarray(se, dtype=float)
    weighted = uncertainty != REGISTRATION and bool(np.all(np.isfinite(se_arr) & (se_arr > 0)))
    with np.errstate(invalid="ignore"):
        se_t = se_arr * scale_slope(y, scale, lo, hi)
    weights = 1.0 / se_t**2 if weighted else np.ones(n)
    root = np.sqrt(weights)
    x_centre = float(np.sum(weights * x) / np.sum(weights))
    design = np.column_stack([np.ones(n), x - x_centre])
    (intercept, slope), *_ = np.linalg.lstsq(design * root[:, None], g * root, rcond=None)
    chi2 = float(np.sum(weights * (g - intercept - slope * (x - x_centre)) ** 2))
    phi, quantile = dispersion_and_quantile(chi2, n, weighted, rule)
    new = float(se_t[-1] ** 2) if weighted else 1.0
    return LineFit(
        scale=scale, lo=lo, hi=hi, n=n, first_year=float(x[0]), last_year=float(x[-1]), weighted=weighted,
        x_centre=x_centre, intercept=float(intercept), slope=float(slope), s0=float(np.sum(weights)),
        sxx=float(np.sum(weights * (x - x_centre) ** 2)), chi2=chi2, dispersion=float(phi),
        quantile=float(quantile), new_variance=float(phi) * new, inside=inside,
    )


def fit_lines(
    x: np.ndarray,
    y: np.ndarray,
    se: np.ndarray,
    use: np.ndarray,
    starts: np.ndarray,
    *,
    units: np.ndarray,
    registration: np.ndarray,
    rule: str = DISPERSION_RULE,
) -> dict[str, np.ndarray]:
    """Fit many series at once (the vectorised :func:`fit_line`), from group sums.

    Args:
        x: period years of all observations, series after series, sorted within a series.
        y: values (indicator unit).
        se: standard errors (NaN unknown).
        use: True for the observations to fit (from the baseline onward).
        starts: position of each series' first observation (every series non-empty).
        units: unit key per series.
        registration: True per series for registrations (equal weights).
        rule: the dispersion rule.

    Returns:
        Arrays per series, keyed like the :class:`LineFit` fields (``n`` counts the used
        observations; fields are NaN where ``n < 2``).

    """
    size = len(x)
    series = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, size]))

    def total(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(np.where(use, values, 0.0), starts)

    n = np.add.reduceat(use.astype(int), starts)
    positions = np.arange(size)
    first = np.minimum.reduceat(np.where(use, positions, size), starts)
    last = np.maximum.reduceat(np.where(use, positions, -1), starts)
    first_year = np.where(n > 0, x[np.minimum(first, size - 1)], np.nan)
    last_year = np.where(n > 0, x[np.maximum(last, 0)], np.nan)

    # scale per series: log where the unit allows it and every used value is > 0, else logit on the range
    positive = np.add.reduceat((use & ~(y > 0)).astype(int), starts) == 0
    unique_units, unit_index = np.unique(np.asarray(units, dtype=str), return_inverse=True)
    lo = np.array([LOGIT_RANGE.get(unit, (math.nan, math.nan))[0] for unit in unique_units])[unit_index]
    hi = np.array([LOGIT_RANGE.get(unit, (math.nan, math.nan))[1] for unit in unique_units])[unit_index]
    log_unit = np.isin(units, list(LOG_UNITS))
    logit_unit = np.isin(units, list(LOGIT_RANGE))
    scale = np.where(log_unit & (~logit_unit | positive), LOG, np.where(logit_unit, LOGIT, IDENTITY)).astype(object)
    in_range = (y > lo[series]) & (y < hi[series])
    inside = np.where(scale == LOG, positive,
                      np.where(scale == LOGIT, np.add.reduceat((use & ~in_range).astype(int), starts) == 0, True))
    scale = np.where(inside, scale, IDENTITY).astype(object)
    lo, hi = np.where(scale == LOGIT, lo, np.nan), np.where(scale == LOGIT, hi, np.nan)

    g = to_scale(y, scale[series], lo[series], hi[series])
    with np.errstate(invalid="ignore"):
        se_t = se * scale_slope(y, scale[series], lo[series], hi[series])
        known = np.isfinite(se_t) & (se_t > 0)
    weighted = ~registration & (np.add.reduceat((use & ~known).astype(int), starts) == 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(weighted[series], 1.0 / se_t**2, 1.0)
        w = np.where(use & np.isfinite(w), w, 0.0)
        g = np.where(use, g, 0.0)
        s0 = total(w)
        x_centre = total(w * x) / s0
        g_centre = total(w * g) / s0
        dx = x - x_centre[series]
        dg = g - g_centre[series]
        sxx = total(w * dx * dx)
        slope = total(w * dx * dg) / sxx
        residual = dg - slope[series] * dx
        chi2 = total(w * residual * residual)
    phi, quantile = dispersion_and_quantile(chi2, n, weighted, rule)
    latest_se_t = se_t[np.maximum(last, 0)]
    with np.errstate(invalid="ignore", over="ignore"):
        new_variance = phi * np.where(weighted, latest_se_t**2, 1.0)
    fitted = n >= 2
    return {
        "scale": scale, "lo": lo, "hi": hi, "n": n, "first_year": first_year, "last_year": last_year,
        "weighted": weighted, "x_centre": np.where(fitted, x_centre, np.nan), "intercept": np.where(fitted, g_centre, np.nan),
        "slope": np.where(fitted, slope, np.nan), "s0": s0, "sxx": sxx, "chi2": np.where(fitted, chi2, np.nan),
        "dispersion": phi, "quantile": quantile, "new_variance": new_variance, "inside": inside,
    }


def slope_p(fits: Mapping[str, np.ndarray]) -> np.ndarray:
    """Two-sided p-values of the slopes of :func:`fit_lines` (NaN where ``n < 3``)."""
    return _slope_p(fits["slope"], fits["dispersion"], fits["sxx"], fits["quantile"], fits["n"])


def projection_allowed(n: np.ndarray, first_year: np.ndarray, last_year: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """Whether a projection is made: >= 3 observations spanning >= 5 years, all inside the scale's domain."""
    with np.errstate(invalid="ignore"):
        return (np.asarray(n) >= MIN_POINTS) & ((np.asarray(last_year) - np.asarray(first_year)) >= MIN_SPAN_YEARS) \
            & np.asarray(inside, dtype=bool)


def projection_note(n: int, first_year: float, last_year: float, inside: bool, scale: str) -> str:
    """Why there is no projection ("" when there is one)."""
    if n < MIN_POINTS:
        return NOTE_TOO_FEW.format(n=n, min_points=MIN_POINTS)
    span = last_year - first_year
    if span < MIN_SPAN_YEARS:
        return NOTE_TOO_SHORT.format(span=span, min_span=MIN_SPAN_YEARS)
    if not inside:
        return NOTE_EDGE.format(scale=scale)
    return ""


def predict(fits: Mapping[str, np.ndarray], years: np.ndarray | float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fitted value and 95% prediction interval of :func:`fit_lines` fits at one year per series (indicator unit)."""
    return _predict(np.asarray(years, dtype=float), fits["scale"], fits["lo"], fits["hi"], fits["x_centre"],
                    fits["intercept"], fits["slope"], fits["s0"], fits["sxx"], fits["dispersion"], fits["quantile"],
                    fits["new_variance"])


PROJECTION_FIT_COLUMNS = ("proj_scale", "proj_lo", "proj_hi", "proj_x_centre", "proj_intercept", "proj_slope", "proj_s0",
                          "proj_sxx", "proj_dispersion", "proj_quantile", "proj_new_variance", "proj_from_year",
                          "proj_to_year")
"""Columns of ``progress.parquet`` that hold a projection's line (NaN / "" where there is none)."""


def projection_curve(fit: LineFit | Mapping | pd.Series, years: np.ndarray | list[float] | None = None,
                     points: int = 50) -> pd.DataFrame | None:
    """The projection line and its 95% prediction band, for charts (they draw only this).

    Args:
        fit: a :class:`LineFit` or a row of ``progress.parquet`` (its ``proj_*`` columns).
        years: years to evaluate (fractional); default ``points`` years evenly from the first
            observation of the fitted window (``proj_from_year``) to the deadline (``proj_to_year``).
        points: number of default years.

    Returns:
        Frame with ``year``, ``value``, ``lower``, ``upper`` (indicator unit), or None when the
        row has no projection.

    """
    if isinstance(fit, LineFit):
        line = fit
        start, stop = fit.first_year, math.nan
    else:
        scale = fit.get("proj_scale")
        if not isinstance(scale, str) or scale not in SCALES:
            return None
        line = LineFit(scale=scale, lo=float(fit["proj_lo"]), hi=float(fit["proj_hi"]), n=MIN_POINTS, first_year=math.nan,
                       last_year=math.nan, weighted=True, x_centre=float(fit["proj_x_centre"]),
                       intercept=float(fit["proj_intercept"]), slope=float(fit["proj_slope"]), s0=float(fit["proj_s0"]),
                       sxx=float(fit["proj_sxx"]), chi2=math.nan, dispersion=float(fit["proj_dispersion"]),
                       quantile=float(fit["proj_quantile"]), new_variance=float(fit["proj_new_variance"]))
        start, stop = float(fit["proj_from_year"]), float(fit["proj_to_year"])
    if years is None:
        if not (math.isfinite(start) and math.isfinite(stop)):
            raise ValueError("years are needed when the fit does not say where the projection runs")
        years = np.linspace(start, stop, points)
    value, lower, upper = line.band(years)
    return pd.DataFrame({"year": np.asarray(years, dtype=float), "value": value, "lower": lower, "upper": upper})


def _slope_p(slope, dispersion, sxx, quantile, n) -> np.ndarray:
    slope, dispersion, sxx, quantile, n = (np.atleast_1d(np.asarray(v, dtype=float)) for v in
                                           (slope, dispersion, sxx, quantile, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(dispersion / sxx)
        stat = slope / se
        normal = np.isclose(quantile, Z_975)
        p = np.where(normal, normal_two_sided_p(stat), t_two_sided_p(stat, np.where(n >= 3, n - 2, np.nan)))
        exact = (se == 0) & np.isfinite(slope)
        p = np.where(exact, np.where(slope != 0, 0.0, 1.0), p)
    return np.where(n >= 3, p, np.nan)


def _predict(x0, scale, lo, hi, x_centre, intercept, slope, s0, sxx, dispersion, quantile, new_variance):
    with np.errstate(invalid="ignore", divide="ignore"):
        g0 = intercept + slope * (x0 - x_centre)
        variance = dispersion * (1.0 / s0 + (x0 - x_centre) ** 2 / sxx) + new_variance
        half = quantile * np.sqrt(variance)
    return from_scale(g0, scale, lo, hi), from_scale(g0 - half, scale, lo, hi), from_scale(g0 + half, scale, lo, hi)
