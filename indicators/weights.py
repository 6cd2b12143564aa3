"""Weights for merged municipalities and groups, and how their standard errors combine.

A merged municipality or a group (U10, GGD region, province ...) gets the weighted mean of its
parts, with weights that follow the indicator's denominator (:data:`indicators.catalog.model.DENOMINATORS`):

* ``counts``: the ratio of summed counts, ``sum(count) / sum(base) * scale``, where the source gives
  the counts (Wmo clients; Wmo clients who enter the Wlz with the number of Wmo clients or inhabitants
  18+ they are a share of);
* ``share``: inhabitants times the share of a sub-population (carers: inhabitants x % carers);
* ``population``: inhabitants (the tables give no adult or young-adult population per municipality,
  so the total stands in for it);
* ``sum`` (counts as values) and ``none`` (cannot be combined, e.g. a median).

Inhabitants (:class:`Population`) come from the "Gebieden in Nederland" tables of 2023, 2024 and 2025
(current municipalities, exact, 1 January of the year) and, for former municipalities, from table
86050NED (Wmo clients / clients per 1,000 x 1,000, 2017-2023, accurate to about 1-2% because CBS
rounds the rate). The year used is the period's year where there are data, else the nearest year,
and the note says which.

Standard errors: with normalised weights ``a_i = w_i / sum(w)``, ``se = sqrt(sum(a_i**2 * se_i**2))``
(the parts are independent samples); NaN as soon as one part has no standard error. Registrations
have standard error 0, and so has their combination.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

Z95 = 1.959963984540054


def population_weights(wmo: pd.DataFrame) -> pd.DataFrame:
    """Inhabitants per municipality and year, derived from table 86050NED.

    ``inhabitants = WmoClienten_1 / WmoClientenPer1000Inwoners_2 * 1000``. CBS rounds the rate
    to whole numbers per 1,000, so this is accurate to about 1-2%: good enough to weight a
    merger, and the only source of inhabitants of former municipalities in the store.

    Returns:
        Frame with ``region_code`` (``<NA>`` where the former code is unknown), ``region_label``,
        ``year`` (int) and ``inhabitants`` (float).
    """
    years = wmo.loc[wmo["Perioden_label"].str.fullmatch(r"\d{4}").fillna(False).astype(bool)]
    if "TypeMaatwerkvoorziening_label" in years.columns:
        years = years.loc[years["TypeMaatwerkvoorziening_label"].eq("Totaal").fillna(False).astype(bool)]
    rate = years["WmoClientenPer1000Inwoners_2"].where(years["WmoClientenPer1000Inwoners_2"] > 0)
    return pd.DataFrame({
        "region_code": years["RegioS_code"].astype("string"),
        "region_label": years["RegioS_label"].astype("string"),
        "year": years["Perioden_label"].astype(int),
        "inhabitants": years["WmoClienten_1"] / rate * 1000.0,
    }).dropna(subset=["inhabitants"]).reset_index(drop=True)


def _nearest(years: list[int], year: int) -> int:
    return min(years, key=lambda available: (abs(available - year), available))


class Population:
    """Inhabitants per municipality and year, from the two sources described in the module docstring."""

    def __init__(self, by_year: dict[int, dict[str, float]], derived: pd.DataFrame | None = None) -> None:
        """Index the sources.

        Args:
            by_year: Gebieden year -> {current municipality code: inhabitants on 1 January}.
            derived: :func:`population_weights` of 86050NED, or None.
        """
        self.by_year = {year: dict(values) for year, values in by_year.items() if values}
        self.years = sorted(self.by_year)
        self._derived_code: dict[str, dict[int, float]] = {}
        self._derived_label: dict[str, dict[int, float]] = {}
        if derived is not None and not derived.empty:
            for code, label, year, inhabitants in zip(derived["region_code"].tolist(), derived["region_label"].tolist(),
                                                      derived["year"].tolist(), derived["inhabitants"].tolist(), strict=True):
                if isinstance(code, str):
                    self._derived_code.setdefault(code, {})[int(year)] = float(inhabitants)
                if isinstance(label, str):
                    self._derived_label.setdefault(label, {})[int(year)] = float(inhabitants)
        self._current_cache: dict[tuple[int, int], tuple[pd.Series, int]] = {}

    def current(self, codes: pd.Index | list[str], year: int) -> tuple[pd.Series, int]:
        """Inhabitants of current municipalities in the Gebieden year nearest to ``year``.

        Returns:
            (inhabitants indexed by code, the Gebieden year used). A municipality missing from that
            year's table takes its figure from the nearest year that has it; NaN when none has.
        """
        if not self.years:
            return pd.Series(np.nan, index=pd.Index(codes)), year
        used = _nearest(self.years, year)
        key = (used, hash(tuple(codes)))
        if key in self._current_cache:
            return self._current_cache[key]
        index = pd.Index(codes)
        values = pd.Series([self.by_year[used].get(code, np.nan) for code in index], index=index, dtype=float)
        for other in sorted(self.years, key=lambda available: abs(available - used)):
            if not values.isna().any():
                break
            missing = values.isna()
            values[missing] = [self.by_year[other].get(code, np.nan) for code in index[missing]]
        self._current_cache[key] = (values, used)
        return values, used

    def derived(self, code: object, label: object, year: int) -> tuple[float, int | None]:
        """Inhabitants of a (former or current) municipality from 86050NED in the year nearest to ``year``.

        Returns:
            (inhabitants, year used); (NaN, None) when the municipality is not in 86050NED.
        """
        years = self._derived_code.get(code) if isinstance(code, str) else None
        if years is None and isinstance(label, str):
            years = self._derived_label.get(label)
        if not years:
            return np.nan, None
        used = _nearest(list(years), year)
        return years[used], used


@dataclass(eq=False)
class Weighting:
    """How one indicator's merged municipalities and groups are weighted (see the module docstring).

    Attributes:
        method: ``population``, ``share``, ``counts``, ``sum`` or ``none``.
        scale: for ``counts``: the value is ``sum(count) / sum(base) * scale`` (100 for %, 1,000 per 1,000).
        share: for ``share``: rows ``region_code``, ``region_label``, ``period``, ``value`` (%) of the
            sub-population's share at the same stage (former municipalities for mergers, current ones
            for groups).
        share_words: the sub-population in words (``mantelzorgers``).
    """

    method: str = "population"
    scale: float = 1.0
    share: pd.DataFrame | None = field(default=None, repr=False)
    share_words: str = ""


def combine(values: np.ndarray, ses: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Weighted mean of ``values`` and its standard error, with normalised weights.

    ``se = sqrt(sum((w_i / sum(w))**2 * se_i**2))``; NaN when any ``se_i`` is NaN.

    >>> combine(np.array([10.0, 20.0]), np.array([1.0, 2.0]), np.array([1.0, 3.0]))
    (17.5, 1.5206906325745548)
    """
    weights = np.asarray(weights, dtype=float)
    normalised = weights / weights.sum()
    value = float(np.sum(normalised * np.asarray(values, dtype=float)))
    se = float(np.sqrt(np.sum(normalised**2 * np.asarray(ses, dtype=float) ** 2)))
    return value, se


def interval(value: np.ndarray | pd.Series, se: np.ndarray | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """95% bounds ``value -/+ 1.96 se`` where ``se`` is known and > 0; NaN otherwise (also for registrations)."""
    value, se = np.asarray(value, dtype=float), np.asarray(se, dtype=float)
    known = np.isfinite(se) & (se > 0)
    return np.where(known, value - Z95 * se, np.nan), np.where(known, value + Z95 * se, np.nan)
