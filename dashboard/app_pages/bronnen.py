"""Bronnen en definities: what every indicator means and where every number comes from.

Per indicator: definition, unit, direction, source tables (id and title), periods with values,
geography levels, proxy reason, caveats and licence, grouped by mission. Below: the store's
manifest (each table retrieved, from where, when, complete or not).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import components, data, state
from dashboard.i18n import t
from indicators.catalog import all_indicators
from indicators.missions import MISSIONS_BY_ID

view = state.current()
lang = view.lang
manifest = data.manifest()
tables = manifest.get("tables", {})


def table_text(table_id: str) -> str:
    """"ID: title (licence)" of a source table, from the manifest."""
    entry = tables.get(table_id, {})
    title = entry.get("title") or t("no_data", lang)
    return f"`{table_id}`: {title}"


def licences(table_ids: tuple[str, ...]) -> str:
    """The licences of some source tables."""
    found = sorted({tables.get(table_id, {}).get("licence") or "CC BY 4.0" for table_id in table_ids})
    return ", ".join(found)


st.title(t("sources_title", lang))
st.markdown(t("sources_intro", lang))

overview = []
for mission_id in [*MISSIONS_BY_ID, "context"]:
    members = [indicator for indicator in all_indicators() if indicator.mission == mission_id]
    if not members:
        continue
    mission = MISSIONS_BY_ID.get(mission_id)
    st.subheader(f"{mission.id} · {mission.title(lang)}" if mission else t("context", lang))
    for indicator in members:
        periods = data.periods_of(indicator.id)
        period_text = ", ".join(periods) if periods else t("no_data", lang)
        label = f"{indicator.title(lang)}{' · proxy' if indicator.proxy else ''}"
        with st.expander(label, expanded=indicator.id == view.indicator and view.page == "bronnen"):
            lines = [
                f"**{t('definition', lang)}**: {indicator.definition(lang)}",
                f"**{t('unit', lang)}**: {indicator.unit_label(lang)}",
                f"**{t('direction', lang)}**: {t(indicator.direction, lang)}",
                f"**{t('source_tables', lang)}**: " + "; ".join(table_text(table) for table in indicator.source_tables),
                f"**{t('periods', lang)}**: {period_text}",
                f"**{t('levels', lang)}**: {', '.join(indicator.levels)}",
                f"**{t('licence', lang)}**: {licences(indicator.source_tables)}",
                f"`{indicator.id}`",
            ]
            st.markdown("  \n".join(lines))
            if indicator.proxy:
                components.proxy_note(indicator.proxy_reason(lang), lang)
            caveat = indicator.caveats(lang)
            if caveat:
                st.caption(f"**{t('caveats', lang)}**: {caveat}")
        overview.append({
            "indicator_id": indicator.id, "title": indicator.title(lang), "mission": indicator.mission,
            "unit": indicator.unit_label(lang), "direction": indicator.direction,
            "source_tables": ", ".join(indicator.source_tables), "periods": period_text,
            "proxy": indicator.proxy, "proxy_reason": indicator.proxy_reason(lang),
            "definition": indicator.definition(lang),
            "caveats": indicator.caveats(lang),
            "licence": licences(indicator.source_tables),
        })
components.download(pd.DataFrame(overview), "indicatoren_definities", lang, label=t("csv_table", lang),
                    key="csv_definitions")

st.header(t("manifest", lang))
st.markdown(t("manifest_updated", lang, when=manifest.get("updated_at") or "—", path=data.store_folder()))
manifest_rows = pd.DataFrame([
    {
        t("col_table", lang): table_id, t("col_title", lang): entry.get("title", ""),
        t("col_catalog", lang): entry.get("catalog", ""), t("col_source", lang): entry.get("source", ""),
        t("col_location", lang): entry.get("location", ""), t("col_retrieved", lang): entry.get("retrieved_at", ""),
        t("col_complete", lang): entry.get("complete", ""), t("col_rows", lang): entry.get("rows"),
        t("licence", lang): entry.get("licence", ""), "sha256": str(entry.get("sha256", ""))[:12],
    }
    for table_id, entry in sorted(tables.items())
])
st.dataframe(manifest_rows, hide_index=True, width="stretch",
             column_config={t("col_title", lang): st.column_config.TextColumn(width="large")})
components.download(manifest_rows, "manifest", lang, label=t("csv_table", lang), key="csv_manifest")
