"""Bronnen en definities: what every indicator means and where every number comes from.

First "Hoe we de status bepalen" (:func:`indicators.verdicts.method_text`): the rules of
baseline, status, trend and projection in plain words. Then per indicator: definition, unit,
direction, kind of figure (sample survey, model estimate, registration), source tables (id and title), periods with values,
geography levels, proxy reason, caveats and licence, grouped by mission. Below: the tables the
figures come from (each table, its publisher, from where and when it was retrieved, whole or
only the part the monitor uses), in plain words: no folder names, dates in local time.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import components, data, state
from dashboard.components import Cell
from dashboard.i18n import t
from indicators.catalog import all_indicators
from indicators.formatting import format_number
from indicators.missions import MISSIONS_BY_ID
from indicators.plain import WORDS, completeness_word, data_origin, is_complete, moment_words, short_date, source_word
from indicators.regions import LEVEL_LABELS
from indicators.verdicts import method_text, uncertainty_words

view = state.current()
lang = view.lang
manifest = data.manifest()
tables = manifest.get("tables", {})


def table_text(table_id: str) -> str:
    """"ID: title (licence)" of a source table, from the manifest."""
    entry = tables.get(table_id, {})
    title = entry.get("title") or t("no_data", lang)
    return f"{components.plain(table_id)}: {components.plain(title)}"


def licences(table_ids: tuple[str, ...]) -> str:
    """The licences of some source tables."""
    found = sorted({tables.get(table_id, {}).get("licence") or "CC BY 4.0" for table_id in table_ids})
    return ", ".join(found)


st.title(t("sources_title", lang))
st.markdown(t("sources_intro", lang))

title, paragraphs = method_text(lang)
with st.container(border=True, key="method"):
    st.header(title)
    for paragraph in paragraphs:
        st.markdown(components.plain(paragraph))
    st.caption(t("method_more", lang))

overview = []
for mission_id in [*MISSIONS_BY_ID, "context"]:
    members = [indicator for indicator in all_indicators() if indicator.mission == mission_id]
    if not members:
        continue
    mission = MISSIONS_BY_ID.get(mission_id)
    st.subheader(f"{mission.id} · {mission.vzinfo_name(lang)}: {mission.title(lang)}" if mission
                 else t("context", lang))
    for indicator in members:
        periods = data.periods_of(indicator.id)
        period_text = ", ".join(periods) if periods else t("no_data", lang)
        label = f"{indicator.title(lang)}{' · proxy' if indicator.proxy else ''}"
        with st.expander(label, expanded=indicator.id == view.indicator and view.page == "bronnen"):
            lines = [
                f"**{t('definition', lang)}**: {indicator.definition(lang)}",
                f"**{t('unit', lang)}**: {indicator.unit_label(lang)}",
                f"**{t('kind_of_figure', lang)}**: {uncertainty_words(indicator.uncertainty, lang)}",
                f"**{t('direction', lang)}**: {t(indicator.direction, lang)}",
                f"**{t('source_tables', lang)}**: " + "; ".join(table_text(table) for table in indicator.source_tables),
                f"**{t('periods', lang)}**: {period_text}",
                f"**{t('levels', lang)}**: "
                + ", ".join(LEVEL_LABELS.get(level, {}).get(lang, level) for level in indicator.levels),
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
            t("col_indicator", lang): indicator.title(lang), "id": indicator.id, t("mission", lang): indicator.mission,
            t("unit", lang): indicator.unit_label(lang), t("direction", lang): t(indicator.direction, lang),
            t("source_tables", lang): ", ".join(indicator.source_tables), t("periods", lang): period_text,
            t("col_proxy", lang): ("yes" if lang == "en" else "ja") if indicator.proxy else "",
            t("proxy_reason", lang): indicator.proxy_reason(lang) if indicator.proxy else "",
            t("definition", lang): indicator.definition(lang), t("caveats", lang): indicator.caveats(lang),
            t("licence", lang): licences(indicator.source_tables),
        })
components.download(pd.DataFrame(overview), "indicatoren_definities", lang, label=t("csv_table", lang),
                    key="csv_definitions", translate=False, help_key="csv_table_help")

st.header(t("manifest", lang))
st.markdown(t("manifest_updated", lang, origin=data_origin(manifest, lang),
              when=moment_words(manifest.get("updated_at"), lang, with_time=True)))
manifest_rows = pd.DataFrame([
    {
        t("col_table", lang): table_id, t("col_title", lang): entry.get("title", ""),
        t("col_catalog", lang): entry.get("catalog", ""), t("col_source", lang): source_word(entry, lang),
        t("col_retrieved", lang): moment_words(entry.get("retrieved_at"), lang, with_time=True),
        t("col_complete", lang): completeness_word(entry, lang), t("col_rows", lang): entry.get("rows"),
        t("licence", lang): entry.get("licence", "") or "CC BY 4.0",
    }
    for table_id, entry in sorted(tables.items())
])
partial_help = WORDS["partial_help"]["en" if lang == "en" else "nl"]
headers = [(t("col_table", lang), 12, ""), (t("col_title", lang), 37, ""), (t("col_catalog", lang), 9, ""),
           (t("col_source", lang), 11, ""), (t("col_retrieved", lang), 12, ""), (t("col_complete", lang), 11, ""),
           (t("col_rows", lang), 8, "num")]
table_rows = [
    [Cell(text=table_id), Cell(text=entry.get("title", "")), Cell(text=entry.get("catalog", "")),
     Cell(text=source_word(entry, lang)),
     Cell(text=short_date(entry.get("retrieved_at"), lang), title=moment_words(entry.get("retrieved_at"), lang, True)),
     Cell(text=completeness_word(entry, lang), title="" if is_complete(entry) else partial_help),
     Cell(text=format_number(entry.get("rows"), lang, 0), css="num")]
    for table_id, entry in sorted(tables.items())
]
components.show_table(components.html_table(headers, table_rows, key="manifest"))
components.download(manifest_rows, "bronnen_tabellen", lang, label=t("csv_table", lang), key="csv_manifest",
                    translate=False, help_key="csv_table_help")
