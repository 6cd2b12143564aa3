"""Trends: time series of chosen indicators in chosen regions.

One chart per indicator with the chosen regions as lines, and, from ``progress.parquet``: the
baseline, the required path to the mission target (dotted), the engine's projection to the
deadline where it makes one (the fitted line from the first measurement since the baseline, with
its 95% prediction band; most series have too few measurements and the legend says so) and the
95% interval bands. Under each chart, per region, what the engine says: value with interval,
tested trend, comparison with the Netherlands and status (explanations on hover). Regions
without values for an indicator are named under its chart.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, controls, data, overview, state
from dashboard.i18n import t
from indicators.catalog import get_indicator
from indicators.regions import NETHERLANDS

view = state.current()
lang = view.lang
big = controls.large_text()


def default_regions(region: str) -> list[str]:
    """The region in focus, its GGD region (for a municipality) and the Netherlands."""
    model = data.regions()
    ggd = model.ggd_of(region) if data.is_municipality(region) else None
    return list(dict.fromkeys(code for code in (region, ggd, NETHERLANDS) if code))


st.title(t("trends_title", lang))
st.markdown(t("trends_intro", lang))

indicator_column, region_column = st.columns(2)
with indicator_column:
    indicator_ids = controls.indicators_picker(data.indicator_ids(), default=[view.indicator])
with region_column:
    regions = controls.regions_picker("regions", list(data.region_codes()), default_regions(view.region),
                                      key="w_trend_regions")

if not indicator_ids:
    st.info(t("choose_indicator", lang))
for indicator_id in indicator_ids:
    indicator = get_indicator(indicator_id)
    with_rows = data.regions_with_rows(indicator_id, regions or default_regions(view.region))
    without = [code for code in regions if code not in with_rows]
    if not with_rows:
        st.subheader(indicator.title(lang))
        st.info(t("missing_for", lang, regions=", ".join(data.region_name(code, lang) for code in regions)))
        continue
    figure, rows = charts.trend_chart(indicator_id, tuple(with_rows), lang, big)
    components.chart(figure, rows, f"trend_{indicator_id}", lang, key=f"trend_{indicator_id}")
    components.show_table(overview.verdicts_html(indicator_id, tuple(with_rows), lang))
    if without:
        st.caption(t("missing_for", lang, regions=", ".join(data.region_name(code, lang) for code in without)))
    st.caption(indicator.definition(lang))
    if indicator.proxy:
        components.proxy_note(indicator.proxy_reason(lang), lang)
