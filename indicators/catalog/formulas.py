"""Pure formulas that turn slice frames into indicator values.

Every formula takes ``{role: frame}``, where each frame has the columns of a *slice frame*:

* ``region_code`` (CBS code; for a former municipality its code or ``<NA>``),
  ``region_label`` (CBS title as read), ``period`` (project period key, e.g. ``2022``),
* ``value``, ``lower``, ``upper`` (floats; the 95% interval where the source gives one),
* ``se`` (float, the standard error in the unit of ``value``: published, or ``(upper - lower) / 3.92``),
* for neighbourhood slices also ``municipality_code`` (the 2020 code of the wijk's municipality),

and returns a frame with ``region_code``, ``region_label``, ``period``, ``value``, ``lower``,
``upper`` and ``se`` (optionally ``note``). Missing stays missing: no formula turns a missing value
into 0, and an unknown standard error stays NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators import sii
from indicators.districts import district_table
from indicators.periods import parse_period

Z95 = 1.959963984540054  # two-sided 95% quantile of the standard normal distribution
KEYS = ["region_code", "region_label", "period"]
VALUE_COLUMNS = ["value", "lower", "upper", "se"]
MIN_WIJKEN_FOR_GAP = 5
QUINTILE = 0.2


def measure(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the single measure as it is (the most common formula)."""
    return inputs["value"][KEYS + VALUE_COLUMNS].reset_index(drop=True)


def complement(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return 100 minus a percentage (e.g. share *not* meeting the exercise guideline).

    The interval turns around (the new lower bound is 100 minus the old upper bound); the standard
    error stays the same.
    """
    frame = inputs["value"][KEYS].copy()
    frame["value"] = 100.0 - inputs["value"]["value"]
    frame["lower"] = 100.0 - inputs["value"]["upper"]
    frame["upper"] = 100.0 - inputs["value"]["lower"]
    frame["se"] = inputs["value"]["se"]
    return frame.reset_index(drop=True)


def difference_se(se_a: pd.Series | np.ndarray, se_b: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Standard error of ``a - b`` for independent estimates: ``sqrt(se_a**2 + se_b**2)``."""
    return np.sqrt(se_a**2 + se_b**2)


def overlapping_windows(periods: pd.Series) -> pd.Series:
    """For each period, whether it shares years with the previous period of the series (e.g. 2017/2020 after 2015/2018)."""
    keys = list(dict.fromkeys(str(period) for period in periods))
    spans = sorted((parse_period(key).start, parse_period(key).end, key) for key in keys)
    overlap = {key: index > 0 and start <= spans[index - 1][1] for index, (start, _, key) in enumerate(spans)}
    return periods.map(overlap).astype(bool)


OVERLAP_NOTE = ("periode overlapt met de vorige: opeenvolgende waarden delen jaren en hun fouten zijn positief "
                "gecorreleerd, dus een toets die ze onafhankelijk neemt is voorzichtig")


def difference(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return ``high - low`` per region and period (a gap between two groups).

    The two groups are different people, so their estimates are independent:
    ``se_gap = sqrt(se_high**2 + se_low**2)`` and the 95% interval is ``gap -/+ 1.96 * se_gap``.
    Where the periods are overlapping multi-year windows (2015/2018, 2017/2020, ...) the *gaps of
    successive periods* are not independent of each other: they share years. Such rows say so in
    ``note``; a test of the change between them that treats them as independent is conservative.
    """
    keys = ["region_code", "period"]
    high = inputs["high"][KEYS + VALUE_COLUMNS]
    low = inputs["low"][keys + VALUE_COLUMNS]
    merged = high.merge(low, on=keys, suffixes=("_high", "_low"), validate="one_to_one")
    frame = merged[KEYS].copy()
    frame["value"] = merged["value_high"] - merged["value_low"]
    frame["se"] = difference_se(merged["se_high"], merged["se_low"])
    frame["lower"] = frame["value"] - Z95 * frame["se"]
    frame["upper"] = frame["value"] + Z95 * frame["se"]
    overlap = overlapping_windows(frame["period"])
    frame["note"] = pd.Series(pd.NA, index=frame.index, dtype="string").mask(overlap, OVERLAP_NOTE)
    return frame.reset_index(drop=True)


def share_at_home(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Share of people with Wlz care who get it at home rather than with stay (%).

    ``(total - no_care - with_stay) / (total - no_care) * 100``: persons with a Wlz indication
    who receive Wlz care (in kind or by personal budget) other than "zorg in natura met verblijf".
    A registration of everyone with an indication: standard error 0, no interval.
    """
    keys = ["region_code", "period"]
    total = inputs["total"][KEYS + ["value"]]
    none = inputs["no_care"][keys + ["value"]].rename(columns={"value": "none"})
    stay = inputs["with_stay"][keys + ["value"]].rename(columns={"value": "stay"})
    merged = total.merge(none, on=keys, validate="one_to_one").merge(stay, on=keys, validate="one_to_one")
    receiving = merged["value"] - merged["none"]
    frame = merged[KEYS].copy()
    frame["value"] = (receiving - merged["stay"]) / receiving.where(receiving > 0) * 100.0
    frame["lower"] = np.nan
    frame["upper"] = np.nan
    frame["se"] = np.where(frame["value"].notna(), 0.0, np.nan)
    return frame.reset_index(drop=True)


def wijk_quintile_gap(inputs: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Gap between a municipality's healthiest and least healthy neighbourhoods (percentage points).

    Definition: the wijken (districts) of a municipality with a value are ranked; the gap is the
    distance between the mean of the highest fifth and the mean of the lowest fifth (a fifth is
    ``ceil(n / 5)`` wijken, at least one). Unweighted: the mirror has no population per wijk.
    Needs at least :data:`MIN_WIJKEN_FOR_GAP` wijken with a value, else the gap is missing. The
    gap is never negative: a larger gap means more inequality, whatever the direction of the
    underlying measure.
    """
    wijken = inputs["value"].dropna(subset=["value"])
    keys = ["municipality_code", "municipality_label", "period"]
    ordered = wijken.sort_values([*keys, "value"])
    grouped = ordered.groupby(keys, sort=True, dropna=False)["value"]
    count = grouped.transform("size")
    position = grouped.cumcount()
    size = np.ceil(count * QUINTILE)
    low = ordered["value"].where(position < size)
    high = ordered["value"].where(position >= count - size)
    summary = pd.DataFrame({"low": low, "high": high, "wijken": count}).groupby(
        [ordered[key] for key in keys], sort=True, dropna=False
    ).agg(low=("low", "mean"), high=("high", "mean"), wijken=("wijken", "first"))
    gap = (summary["high"] - summary["low"]).where(summary["wijken"] >= MIN_WIJKEN_FOR_GAP)
    result = summary.reset_index().rename(columns={"municipality_code": "region_code", "municipality_label": "region_label"})
    result["value"] = gap.to_numpy()
    result["lower"] = np.nan
    result["upper"] = np.nan
    result["se"] = np.nan  # model estimates without a standard error
    return result[[*KEYS, *VALUE_COLUMNS, "wijken"]]


def _nl(number: float, decimals: int = 1) -> str:
    """A number with a decimal comma (notes are Dutch)."""
    return f"{number:.{decimals}f}".replace(".", ",")


def _district_words(unmatched: list[str], unusable: int) -> str:
    words = ""
    if unmatched:
        shown = ", ".join(sorted(unmatched)[:5]) + (" ..." if len(unmatched) > 5 else "")
        words += f"; {len(unmatched)} wijkcode(s) niet in de wijkindeling 2022 (zonder naam en gewicht): {shown}"
    if unusable:
        words += f"; {unusable} wijk(en) zonder waarde, inwonertal of inkomensgegevens"
    return words


def slope_index(inputs: dict[str, pd.DataFrame], measure_direction: str | None = None) -> pd.DataFrame:
    """Slope index of inequality across a municipality's districts, per municipality and period.

    Inputs: ``value`` (district values of RIVM 50090NED, ``municipality_code`` = today's
    municipality), ``population`` and ``income_low`` (CBS 85318NED: inhabitants and % persons in the
    lowest 40% of incomes per district, with names). See :mod:`indicators.sii` for the method and the
    bootstrap interval, :func:`indicators.districts.district_table` for the ranking.

    Sign: the result is defined so that a *positive* value means the districts with more low
    incomes are worse off on the measure: the fitted value at the least deprived end minus the most
    deprived end for a measure where higher is better (self-rated health), the other way round for a
    measure where lower is better (overweight, loneliness). ``measure_direction`` is the direction of
    the district measure (default: ``inputs["value"].attrs["direction"]``). A negative value means
    the lower-income districts are better off; 0 means no gradient.

    Needs :data:`indicators.sii.MIN_DISTRICTS` usable districts (value, name, inhabitants, income);
    ``note`` gives the count used, the relative index (RII = SII / population-weighted mean) and the
    district codes that could not be matched.
    """
    wijken = inputs["value"]
    sign = -1.0 if (measure_direction or wijken.attrs.get("direction")) == "lower_is_better" else 1.0
    table = district_table(wijken, inputs["population"], inputs["income_low"])
    if table.empty:
        return pd.DataFrame({column: [] for column in [*KEYS, *VALUE_COLUMNS, "note", "wijken"]})
    municipality = table["municipality_code"].to_numpy(dtype=object)
    period = table["period"].to_numpy(dtype=object)
    usable = table["usable"].to_numpy(dtype=bool)
    matched = table["matched"].to_numpy(dtype=bool)
    codes = table["region_code"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, (municipality[1:] != municipality[:-1]) | (period[1:] != period[:-1])])
    ends = np.r_[starts[1:], len(table)]
    used = np.add.reduceat(usable.astype(np.int64), starts)
    enough = used >= sii.MIN_DISTRICTS
    # the usable districts come first in each group, in income order
    chosen = np.concatenate([np.arange(start, start + count) for start, count in zip(starts[enough], used[enough], strict=True)]
                            or [np.array([], dtype=np.int64)])
    fitted = sii.slope_index(table["value"].to_numpy()[chosen], table["inhabitants"].to_numpy()[chosen], used[enough])
    slope, mean, se, low, high = (np.full(len(starts), np.nan) for _ in range(5))
    for name, target in (("slope", slope), ("mean", mean), ("se", se), ("lower", low), ("upper", high)):
        target[enough] = fitted[name]
    value = sign * slope
    lower, upper = np.minimum(sign * low, sign * high), np.maximum(sign * low, sign * high)
    notes = []
    for group, (start, end) in enumerate(zip(starts, ends, strict=True)):
        unmatched = [str(code) for code in codes[start:end][~matched[start:end]]]
        extra = _district_words(unmatched, int(end - start - used[group] - len(unmatched)))
        if np.isfinite(value[group]):
            rii = value[group] / mean[group] if mean[group] else np.nan
            notes.append(f"SII uit {int(used[group])} wijken, geordend naar het aandeel inwoners met een laag inkomen "
                         f"(CBS 85318NED, wijkindeling 2022); RII {_nl(rii, 3)} (SII / bevolkingsgewogen gemiddelde "
                         f"{_nl(mean[group])}); 95%-interval: bootstrap over de wijken ({sii.REPLICATES} trekkingen)" + extra)
        else:
            notes.append(f"{int(used[group])} bruikbare wijk(en) (met waarde, naam, inwonertal en inkomen); "
                         f"minstens {sii.MIN_DISTRICTS} nodig" + extra)
    labels = dict(zip(wijken["municipality_code"].to_numpy(dtype=object), wijken["municipality_label"].to_numpy(dtype=object),
                      strict=True))
    frame = pd.DataFrame({
        "region_code": pd.Series(municipality[starts], dtype=object),
        "region_label": pd.Series([labels.get(code) for code in municipality[starts]], dtype=object),
        "period": pd.Series(period[starts], dtype=object),
        "value": value, "lower": lower, "upper": upper, "se": se,
        "note": pd.Series(notes, dtype=object), "wijken": used.astype(int),
        "source_table": pd.Series([f"{wijken['source_table'].iloc[0]}, {inputs['population']['source_table'].iloc[0]}"]
                                  * len(starts), dtype=object) if "source_table" in wijken else None,
    })
    return frame[[*KEYS, *VALUE_COLUMNS, "note", "wijken"] + (["source_table"] if frame["source_table"].notna().any() else [])]
