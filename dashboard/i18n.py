"""The dashboard's words in Dutch (default) and English.

Every string a page shows that does not come from the indicator catalogue or the missions is
declared here once, with both languages side by side. :func:`t` picks the language; unknown
keys show the key itself, so a missing translation is visible but never breaks a page.

The values filled into a string (region names, periods, counts) are escaped with
:func:`indicators.safe_text.markdown`: the strings are shown as Markdown (and some in Plotly
titles), and a name from CBS metadata must never become a link, an image or markup.
"""

from __future__ import annotations

from indicators.safe_text import markdown

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

STRINGS: dict[str, dict[str, str]] = {
    # ----- app and navigation
    "app_title": {"nl": "Missiemonitor Gezond Utrecht 2030", "en": "Healthy Utrecht 2030 mission monitor"},
    "page_missies": {"nl": "Missies", "en": "Missions"},
    "page_gemeenteprofiel": {"nl": "Gemeenteprofiel", "en": "Municipality profile"},
    "page_kaart": {"nl": "Kaart", "en": "Map"},
    "page_trends": {"nl": "Trends", "en": "Trends"},
    "page_vergelijken": {"nl": "Vergelijken", "en": "Compare"},
    "page_ongelijkheid": {"nl": "Ongelijkheid", "en": "Inequality"},
    "page_bronnen": {"nl": "Bronnen en definities", "en": "Sources and definitions"},
    "language": {"nl": "Taal / language", "en": "Language / taal"},
    "region": {"nl": "Gemeente of regio", "en": "Municipality or region"},
    "large_text": {"nl": "Grote letters (projector)", "en": "Large text (projector)"},
    "sidebar_source": {
        "nl": "Cijfers: CBS/RIVM StatLine (CC BY 4.0). {origin} Kopieer de adresbalk om deze weergave te delen.",
        "en": "Figures: CBS/RIVM StatLine (CC BY 4.0). {origin} Copy the address bar to share this view.",
    },
    # ----- store and links
    "missing_geometry": {
        "nl": "De gemeentegrenzen zijn nog niet opgehaald; de kaart kan niet getekend worden. Laat de beheerder "
              "op de server draaien:",
        "en": "The municipality boundaries have not been retrieved; the map cannot be drawn. Ask the administrator "
              "to run on the server:",
    },
    "notice_bad_param": {
        "nl": "De link bevatte een onbekende of ongeldige waarde voor ‘{param}’; we tonen de standaard ({default}).",
        "en": "The link held an unknown or invalid value for ‘{param}’; showing the default ({default}).",
    },
    "notice_not_municipal": {
        "nl": "{region} is geen gemeente; deze pagina toont gemeenten, daarom zie je {fallback}.",
        "en": "{region} is not a municipality; this page shows municipalities, so you see {fallback}.",
    },
    "latest": {"nl": "laatste periode", "en": "latest period"},
    "csv": {"nl": "CSV", "en": "CSV"},
    "csv_help": {"nl": "Download de gegevens achter deze grafiek (CSV, met bronvermelding)",
                 "en": "Download the data behind this chart (CSV, with attribution)"},
    "csv_table": {"nl": "Download deze tabel (CSV)", "en": "Download this table (CSV)"},
    "csv_table_help": {"nl": "De tabel zoals hij hier staat, als CSV voor Excel (met bronvermelding)",
                       "en": "The table as shown here, as a CSV file for a spreadsheet (with attribution)"},
    "csv_scoreboard": {"nl": "Scorebord (CSV)", "en": "Scoreboard (CSV)"},
    "csv_members": {"nl": "Gemeenteoverzicht (CSV)", "en": "Municipal overview (CSV)"},
    "members_only_row": {"nl": "bestaat alleen per gemeente: zie hieronder", "en": "exists only per municipality: see below"},
    "no_value_row": {"nl": "geen gegevens voor {region}", "en": "no data for {region}"},
    "no_data": {"nl": "geen gegevens", "en": "no data"},
    # ----- missions page
    "missions_title": {"nl": "Missies: {region}", "en": "Missions: {region}"},
    "missions_intro": {
        "nl": "Per missie de kerncijfers voor {region} en hoe ze ervoor staan. Wijs een status aan voor de uitleg; "
              "verderop per missie het verloop.",
        "en": "The headline figures of each mission for {region} and how they stand. Point at a status for the "
              "explanation; further down, each mission's course.",
    },
    "scoreboard_title": {"nl": "Scorebord", "en": "Scoreboard"},
    "details_title": {"nl": "Per missie", "en": "Mission by mission"},
    "col_mission": {"nl": "Missie", "en": "Mission"},
    "col_vzinfo": {"nl": "Missie bij VZinfo", "en": "Mission at VZinfo"},
    "col_mission_goal": {"nl": "Wat we meten", "en": "What we measure"},
    "col_sure": {"nl": "Zekerheid (p-waarde van de verandering)", "en": "Certainty (p-value of the change)"},
    "col_lower": {"nl": "ondergrens 95%-interval", "en": "lower 95% limit"},
    "col_upper": {"nl": "bovengrens 95%-interval", "en": "upper 95% limit"},
    "col_uncertainty": {"nl": "Soort cijfer", "en": "Kind of figure"},
    "col_target_about": {"nl": "Doel gaat over", "en": "Target is about"},
    "col_latest": {"nl": "Laatste waarde", "en": "Latest value"},
    "col_baseline": {"nl": "Basiswaarde", "en": "Baseline"},
    "baseline_short": {"nl": "Basis", "en": "Baseline"},
    "col_target": {"nl": "Doel", "en": "Target"},
    "col_deadline": {"nl": "Deadline", "en": "Deadline"},
    "col_area": {"nl": "Gebied", "en": "Area"},
    "col_status_reason": {"nl": "Uitleg status", "en": "Status explained"},
    "indicative": {"nl": "indicatief", "en": "indicative"},
    "in_year": {"nl": "in {year}", "en": "by {year}"},
    "members_title": {"nl": "De gemeenten van {region} naast elkaar", "en": "The municipalities of {region} side by side"},
    "members_intro": {
        "nl": "Per gemeente de laatste waarde van de kernindicatoren, gekleurd naar de vergelijking met Nederland "
              "(getoetst: alleen een verschil dat buiten de toevalsmarge valt telt). ▲ en ▼: hoger of lager dan "
              "Nederland. Wijs een cel aan voor periode en interval.",
        "en": "The latest value of the headline indicators per municipality, coloured by the comparison with the "
              "Netherlands (tested: only a difference outside the margin of chance counts). ▲ and ▼: higher or "
              "lower than the Netherlands. Point at a cell for period and interval.",
    },
    "legend_better": {"nl": "beter dan Nederland", "en": "better than the Netherlands"},
    "legend_similar": {"nl": "niet te onderscheiden van Nederland", "en": "not distinguishable from the Netherlands"},
    "legend_worse": {"nl": "slechter dan Nederland", "en": "worse than the Netherlands"},
    "legend_neutral": {"nl": "hoger of lager (geen oordeel)", "en": "higher or lower (no judgement)"},
    "legend_untested": {"nl": "niet getoetst of geen gegevens", "en": "not tested or no data"},
    "members_period": {"nl": "{period}", "en": "{period}"},
    "members_too_many": {"nl": "{region} heeft {count} gemeenten; kies een gemeente om haar cijfers te zien.",
                         "en": "{region} has {count} municipalities; choose a municipality to see its figures."},
    "deadline": {"nl": "deadline {year}", "en": "deadline {year}"},
    "national_only": {"nl": "alleen landelijk", "en": "national only"},
    "national_only_help": {
        "nl": "Dit cijfer bestaat niet voor {region}; we tonen de waarde voor Nederland.",
        "en": "This figure does not exist for {region}; the value for the Netherlands is shown.",
    },
    "proxy": {"nl": "proxy", "en": "proxy"},
    "latest_value": {"nl": "Laatste waarde ({period})", "en": "Latest value ({period})"},
    "baseline": {"nl": "Basisjaar", "en": "Baseline"},
    "target": {"nl": "Doel {year}", "en": "Target {year}"},
    "target_indicative": {"nl": "Indicatief doel {year}", "en": "Indicative target {year}"},
    "no_target": {"nl": "geen doel", "en": "no target"},
    "no_target_context": {"nl": "Doel: geen (de missie geeft voor deze maat geen doel; we tonen haar als context)",
                          "en": "Target: none (the mission sets no target for this measure; shown as context)"},
    "status_about": {
        "nl": "Deze status gaat over het indicatieve doel ‘{about}’, niet over het missiedoel zelf.",
        "en": "This status is about the indicative target ‘{about}’, not about the mission's own target.",
    },
    "projection_at": {"nl": "Projectie {year}: {value} (95%-voorspellingsinterval {interval}).",
                      "en": "Projection {year}: {value} (95% prediction interval {interval})."},
    "p_explained": {
        "nl": "p: de kans op een verschil van minstens deze grootte (in een van beide richtingen) als er niets veranderd "
              "is; onder 0,05 telt een verschil als meetbaar.",
        "en": "p: the chance of a difference at least this large (either way) if nothing changed; below 0.05 a "
              "difference counts as measurable.",
    },
    "status": {"nl": "Status", "en": "Status"},
    "data_gap": {"nl": "Datagat", "en": "Data gap"},
    "no_headline": {"nl": "Voor {region} zijn er geen kerncijfers voor deze missie.",
                    "en": "There are no headline figures for this mission for {region}."},
    # ----- profile page
    "profile_title": {"nl": "Gemeenteprofiel: {region}", "en": "Municipality profile: {region}"},
    "profile_intro": {
        "nl": "Alle indicatoren voor {region}: laatste waarde met 95%-interval, vergelijking met Nederland en de "
              "GGD-regio ({ggd}), de getoetste trend sinds het basisjaar en de status t.o.v. een missiedoel. ‘Beter’ "
              "en ‘slechter’ betekenen dat het verschil statistisch significant is (p onder 0,05); ‘niet getoetst’: "
              "de onzekerheid is niet bekend. Wijs een cel aan voor de p-waarde en de uitleg.",
        "en": "Every indicator for {region}: latest value with its 95% interval, comparison with the Netherlands and "
              "the GGD region ({ggd}), the tested trend since the baseline and the status against a mission target. "
              "‘Better’ and ‘worse’ mean the difference is statistically significant (p below 0.05); ‘not tested’: "
              "the uncertainty is not known. Point at a cell for the p-value and the explanation.",
    },
    "col_indicator": {"nl": "Indicator", "en": "Indicator"},
    "col_value": {"nl": "Waarde", "en": "Value"},
    "col_period": {"nl": "Periode", "en": "Period"},
    "col_vs_nl": {"nl": "t.o.v. Nederland", "en": "vs the Netherlands"},
    "col_vs_ggd": {"nl": "t.o.v. GGD-regio", "en": "vs GGD region"},
    "col_trend": {"nl": "Trend", "en": "Trend"},
    "col_status": {"nl": "Status t.o.v. doel", "en": "Status vs target"},
    "col_proxy": {"nl": "Proxy", "en": "Proxy"},
    "col_region": {"nl": "Regio", "en": "Region"},
    "yes_proxy": {"nl": "ja, zie toelichting", "en": "yes, see note"},
    "proxies_here": {"nl": "Proxy's in deze missie", "en": "Proxies in this mission"},
    "context": {"nl": "Context (geen missie)", "en": "Context (no mission)"},
    "no_values_region": {"nl": "Geen indicatoren met waarden voor {region}.",
                         "en": "No indicators with values for {region}."},
    "open_trends": {"nl": "Bekijk de trends", "en": "See the trends"},
    # ----- map page
    "map_title": {"nl": "Kaart", "en": "Map"},
    "map_intro": {
        "nl": "Kies een indicator en een periode. Klik op een gemeente (of kies haar hieronder) om haar profiel te openen. "
              "De kleuren tonen schattingen: twee gemeenten met een andere kleur verschillen niet altijd meetbaar. Wijs "
              "een gemeente aan voor haar 95%-interval; de getoetste vergelijking met Nederland staat op Vergelijken en "
              "in het gemeenteprofiel.",
        "en": "Choose an indicator and a period. Click a municipality (or choose it below) to open its profile. The "
              "colours show estimates: two municipalities in different colours do not always differ measurably. Point "
              "at a municipality for its 95% interval; the tested comparison with the Netherlands is on Compare and in "
              "the municipality profile.",
    },
    "indicator": {"nl": "Indicator", "en": "Indicator"},
    "indicators": {"nl": "Indicatoren", "en": "Indicators"},
    "period": {"nl": "Periode", "en": "Period"},
    "area": {"nl": "Gebied", "en": "Area"},
    "area_nl": {"nl": "Nederland", "en": "the Netherlands"},
    "area_pv26": {"nl": "Provincie Utrecht", "en": "Utrecht province"},
    "area_u10": {"nl": "U10-regio", "en": "U10 region"},
    "open_profile_of": {"nl": "Open het profiel van", "en": "Open the profile of"},
    "open_profile": {"nl": "Open profiel", "en": "Open profile"},
    "map_missing": {"nl": "{count} gemeenten zonder waarde in {period} (grijs, ‘geen gegevens’).",
                    "en": "{count} municipalities without a value in {period} (grey, ‘no data’)."},
    # ----- trends page
    "trends_title": {"nl": "Trends", "en": "Trends"},
    "trends_intro": {
        "nl": "Verloop van gekozen indicatoren en regio's, met basisjaar, benodigd pad naar het doel (stippellijn) en "
              "95%-intervallen (banden). Een projectie tot de deadline (streepjes, met 95%-voorspellingsinterval) "
              "alleen waar genoeg metingen zijn; de legenda zegt het als die er niet is. Onder elke grafiek per regio "
              "trend, vergelijking en status; wijs aan voor de uitleg.",
        "en": "Course of chosen indicators and regions, with baseline, required path to the target (dotted) and 95% "
              "intervals (bands). A projection to the deadline (dashed, with a 95% prediction interval) only where "
              "there are enough measurements; the legend says so when there is none. Under each chart, per region, "
              "trend, comparison and status; point at them for the explanation.",
    },
    "regions": {"nl": "Regio's", "en": "Regions"},
    "missing_for": {"nl": "Geen gegevens voor: {regions}.", "en": "No data for: {regions}."},
    "choose_indicator": {"nl": "Kies minstens één indicator.", "en": "Choose at least one indicator."},
    # ----- compare page
    "compare_intro": {
        "nl": "{region} (oranje, met waarde en 95%-interval) tegenover vergelijkingsgemeenten (grijze rondjes) en "
              "Nederland (zwarte ruit, NL), per indicator in de laatste periode met een waarde voor {region}. Valt NL "
              "binnen het interval, dan is het verschil met Nederland meestal niet meetbaar; wijs een punt aan voor de "
              "toets.",
        "en": "{region} (orange, with value and 95% interval) against peer municipalities (grey circles) and the "
              "Netherlands (black diamond, NL), per indicator in the latest period with a value for {region}. Where NL "
              "lies inside the interval, the difference from the Netherlands is usually not measurable; point at a "
              "dot for the test.",
    },
    "focus": {"nl": "Gemeente", "en": "Municipality"},
    "peers": {"nl": "Vergelijken met", "en": "Compare with"},
    "peers_default": {"nl": "de U10-gemeenten", "en": "the U10 municipalities"},
    "peers_chosen": {"nl": "gekozen gemeenten", "en": "chosen municipalities"},
    # ----- inequality page
    "inequality_title": {"nl": "Ongelijkheid", "en": "Inequality"},
    "national_gaps": {"nl": "Landelijk: verschil naar inkomen en opleiding", "en": "National: gap by income and education"},
    "national_gaps_intro": {
        "nl": "Het verschil in gezonde levensjaren tussen de hoogste en laagste inkomens- en opleidingsgroepen "
              "bestaat alleen voor heel Nederland. Missie 1b: in 2040 30% kleiner.",
        "en": "The gap in healthy life years between the highest and lowest income and education groups exists "
              "only for the Netherlands as a whole. Mission 1b: 30% smaller by 2040.",
    },
    "national_gap_title": {"nl": "Verschil in gezonde levensverwachting naar inkomen en opleiding, Nederland",
                           "en": "Gap in healthy life expectancy by income and education, the Netherlands"},
    "wijk_gap_title": {"nl": "Verschil tussen wijken in {region} (procentpunten)",
                       "en": "Gap between districts in {region} (percentage points)"},
    "wijk_gaps": {"nl": "Binnen {region}: verschil tussen wijken", "en": "Within {region}: gap between districts"},
    "wijk_gaps_intro": {
        "nl": "Het verschil tussen het beste en slechtste vijfde deel van de wijken (procentpunten), volgens de "
              "RIVM-schattingen per wijk.",
        "en": "The gap between the best and worst fifth of districts (percentage points), from RIVM's "
              "district estimates.",
    },
    "wijk_ranking": {"nl": "Wijken gerangschikt (brongegevens)", "en": "Districts ranked (source data)"},
    "wijk_ranking_intro": {
        "nl": "De waarden per wijk zoals RIVM ze publiceert (tabel 50090NED, 18 jaar en ouder), zonder bewerking. "
              "De opslag bevat geen wijknamen; wijken staan er met hun CBS-code (WK + gemeente + wijknummer).",
        "en": "District values as RIVM publishes them (table 50090NED, ages 18+), unprocessed. The store holds no "
              "district names; districts are shown by their CBS code (WK + municipality + district number).",
    },
    "measure": {"nl": "Maat", "en": "Measure"},
    "measure_wijkkloof_ervaren_gezondheid_pp": {"nl": "Ervaren gezondheid (goed of zeer goed, %)",
                                                "en": "Self-rated health (good or very good, %)"},
    "measure_wijkkloof_overgewicht_pp": {"nl": "Overgewicht (%)", "en": "Overweight (%)"},
    "measure_wijkkloof_eenzaamheid_pp": {"nl": "Eenzaamheid (%)", "en": "Loneliness (%)"},
    "older_series": {"nl": "Oudere reeks: inkomenskloof bij mannen (andere definitie)",
                     "en": "Older series: income gap among men (different definition)"},
    "wijk_only_municipal": {"nl": "De kloof tussen wijken bestaat per gemeente; kies een gemeente.",
                            "en": "The gap between districts exists per municipality; choose a municipality."},
    "caveats": {"nl": "Let op", "en": "Note"},
    "no_wijk_values": {"nl": "Geen wijkwaarden voor {region} in {period}.", "en": "No district values for {region} in {period}."},
    # ----- sources page
    "sources_title": {"nl": "Bronnen en definities", "en": "Sources and definitions"},
    "sources_intro": {
        "nl": "Eerst hoe we de status bepalen; dan elke indicator met definitie, eenheid, richting, soort cijfer, "
              "brontabel, perioden, proxy-reden en kanttekeningen; daaronder wat er in de opslag staat en waar het "
              "vandaan komt.",
        "en": "First how we decide the status; then every indicator with definition, unit, direction, kind of "
              "figure, source table, periods, proxy reason and caveats; below, what the store holds and where it "
              "comes from.",
    },
    "definition": {"nl": "Definitie", "en": "Definition"},
    "kind_of_figure": {"nl": "Soort cijfer", "en": "Kind of figure"},
    "method_more": {
        "nl": "Hoe vaak deze regels een verkeerd oordeel geven als de waarheid bekend is, staat in de validatie van de "
              "monitor (simulatie met de echte steekproeffouten).",
        "en": "How often these rules give a wrong verdict when the truth is known is in the monitor's validation (a "
              "simulation with the real survey errors).",
    },
    "unit": {"nl": "Eenheid", "en": "Unit"},
    "direction": {"nl": "Richting", "en": "Direction"},
    "higher_is_better": {"nl": "hoger is beter", "en": "higher is better"},
    "lower_is_better": {"nl": "lager is beter", "en": "lower is better"},
    "neutral": {"nl": "neutraal (geen oordeel)", "en": "neutral (no judgement)"},
    "source_tables": {"nl": "Brontabel(len)", "en": "Source table(s)"},
    "periods": {"nl": "Perioden", "en": "Periods"},
    "levels": {"nl": "Niveaus", "en": "Levels"},
    "proxy_reason": {"nl": "Waarom een proxy", "en": "Why a proxy"},
    "licence": {"nl": "Licentie", "en": "Licence"},
    "mission": {"nl": "Missie", "en": "Mission"},
    "manifest": {"nl": "De opslag: opgehaalde tabellen", "en": "The store: tables retrieved"},
    "manifest_updated": {"nl": "{origin} Laatst bijgewerkt: {when}.", "en": "{origin} Last updated: {when}."},
    "col_table": {"nl": "Tabel", "en": "Table"},
    "col_title": {"nl": "Titel", "en": "Title"},
    "col_catalog": {"nl": "Uitgever", "en": "Publisher"},
    "col_source": {"nl": "Van", "en": "From"},
    "col_retrieved": {"nl": "Opgehaald", "en": "Retrieved"},
    "col_complete": {"nl": "Compleet", "en": "Complete"},
    "col_rows": {"nl": "Rijen", "en": "Rows"},
    "all_missions": {"nl": "Alle", "en": "All"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Return the UI string ``key`` in ``lang``, with ``values`` filled in.

    Args:
        key: a key of :data:`STRINGS`.
        lang: ``nl`` or ``en`` (anything else reads as Dutch).
        **values: fields for ``str.format``; escaped so that Markdown, HTML and Plotly show them as text.
    """
    words = STRINGS.get(key, {}).get("en" if lang == "en" else "nl", key)
    if not values:
        return words
    return words.format(**{name: markdown(value) for name, value in values.items()})


def t_text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Like :func:`t`, but the values are not escaped: for HTML attributes and CSV, where the caller escapes."""
    words = STRINGS.get(key, {}).get("en" if lang == "en" else "nl", key)
    return words.format(**values) if values else words
