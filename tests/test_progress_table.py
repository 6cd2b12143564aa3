"""How the progress table frames a region: neutral indicators say higher/lower, not better/worse."""

from __future__ import annotations

import numpy as np
from indicators.progress_table import region_progress

from indicators import progress
from indicators.catalog import get_indicator
from indicators.formatting import comparison_label


def _series(values: list[float], lower: list[float], upper: list[float]) -> progress._Obs:
    years = np.array([2016.5, 2020.5, 2022.5][: len(values)])
    return progress.observations(years, np.array(values), np.array(lower), np.array(upper))


def test_neutral_indicator_is_higher_or_lower_than_the_netherlands() -> None:
    indicator = get_indicator("mantelzorgers_pct")  # neutral: more informal carers is not better or worse
    series = _series([10.0, 11.0, 12.0], [9.0, 10.0, 11.0], [11.0, 12.0, 13.0])
    # latest 12 (11-13) against 15 (14.5-15.5): intervals do not overlap, so significantly lower
    row = region_progress(indicator, series, ["2016", "2020", "2022"], {"nl": (15.0, 14.5, 15.5), "ggd": (12.2, 11.5, 13.0)})
    assert row["vs_nl"] == "lower"
    assert row["vs_ggd"] == "similar"
    assert comparison_label(row["vs_nl"]) == "lager"
    assert row["status"] == progress.NO_TARGET
    assert row["trend"] == "stable"  # 11 (10-12) -> 12 (11-13): overlapping intervals


def test_directed_indicator_is_better_or_worse() -> None:
    indicator = get_indicator("roken_pct")  # lower is better
    series = _series([20.0, 18.0], [19.0, 17.0], [21.0, 19.0])
    row = region_progress(indicator, series, ["2016", "2020"], {"nl": (22.0, 21.5, 22.5), "ggd": None})
    assert row["vs_nl"] == "better"
    assert row["vs_ggd"] == "no_data"
    assert row["baseline_period"] == "2016"
    # indicative target: 30% lower than 20.0 -> 14.0 by 2040
    assert row["target_value"] == 14.0
