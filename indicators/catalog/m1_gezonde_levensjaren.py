"""Mission 1: five more healthy life years by 2040, and a 30% smaller socio-economic gap.

Healthy life expectancy and the gaps in it exist only for the Netherlands as a whole. Each
municipality gets the closest honest indicators from the municipal tables, marked as proxies.
"""

from __future__ import annotations

from indicators.catalog import formulas
from indicators.catalog.model import HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL, Indicator, Slice
from indicators.catalog.sources import (
    MONITOR_CAVEAT_EN,
    MONITOR_CAVEAT_NL,
    RIVM_CAVEAT_EN,
    RIVM_CAVEAT_NL,
    monitor_slices,
    rivm_municipal_slice,
    rivm_wijk_slice,
)

THEME_NL, THEME_EN = "Gezonde levensjaren", "Healthy life years"
GAP_THEME_NL, GAP_THEME_EN = "Gezondheidsverschillen", "Health inequalities"
NATIONAL = ("land",)
HLE_FILTER = {"Geslacht": "Totaal mannen en vrouwen", "LeeftijdOp31December": "0 jaar"}
HLE_PROXY_NL = "De gezonde levensverwachting wordt alleen landelijk gemeten; ervaren gezondheid is de dichtstbijzijnde maat per gemeente."
HLE_PROXY_EN = "Healthy life expectancy is measured only nationally; self-rated health is the closest measure per municipality."
GAP_PROXY_NL = "Het verschil naar inkomen en opleiding wordt alleen landelijk gemeten; de kloof tussen wijken is de maat binnen een gemeente."
GAP_PROXY_EN = "The gap by income and education is measured only nationally; the gap between districts is the measure within a municipality."
WIJK_DEFINITION_NL = (
    "Verschil tussen het gemiddelde van het hoogste vijfde en het laagste vijfde deel van de wijken van de gemeente "
    "(ongewogen, minstens 5 wijken met een waarde), in procentpunten. {measure}"
)
WIJK_DEFINITION_EN = (
    "Difference between the mean of the highest fifth and the lowest fifth of the municipality's districts "
    "(unweighted, at least 5 districts with a value), in percentage points. {measure}"
)


def _hle(sex: str) -> tuple[Slice, ...]:
    return (Slice("71950ned", "LVInAlsGoedErvarenGezondheid_2", {**HLE_FILTER, "Geslacht": sex}, region_dimension=""),)


def _wijk_gap(indicator_id: str, column: str, what_nl: str, what_en: str) -> Indicator:
    return Indicator(
        id=indicator_id,
        title_nl=f"Wijkverschil {what_nl}",
        title_en=f"District gap: {what_en}",
        definition_nl=WIJK_DEFINITION_NL.format(measure=f"Maat: {what_nl} (% van de volwassenen)."),
        definition_en=WIJK_DEFINITION_EN.format(measure=f"Measure: {what_en} (% of adults)."),
        unit="pct_points",
        direction=LOWER_IS_BETTER,
        mission="M1b",
        slices=rivm_wijk_slice(column),
        formula=formulas.wijk_quintile_gap,
        levels=("gemeente",),
        aggregation="none",
        proxy=True,
        proxy_reason_nl=GAP_PROXY_NL,
        proxy_reason_en=GAP_PROXY_EN,
        caveats_nl=RIVM_CAVEAT_NL + " Ongewogen: de bron geeft geen inwonertal per wijk.",
        caveats_en=RIVM_CAVEAT_EN + " Unweighted: the source gives no population per district.",
        theme_nl=GAP_THEME_NL,
        theme_en=GAP_THEME_EN,
    )


INDICATORS = (
    Indicator(
        id="gezonde_levensverwachting_jaren",
        title_nl="Gezonde levensverwachting bij geboorte",
        title_en="Healthy life expectancy at birth",
        definition_nl="Aantal jaren dat een pasgeborene naar verwachting leeft in als goed ervaren gezondheid (mannen en vrouwen).",
        definition_en="Years a newborn is expected to live in self-rated good health (men and women).",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a", slices=_hle("Totaal mannen en vrouwen"),
        formula=formulas.measure, levels=NATIONAL, aggregation="none",
        caveats_nl="Totaal mannen en vrouwen vanaf 2018; 95%-interval uit de standaardfout (± 1,96 × standaardfout).",
        caveats_en="Men and women together from 2018 on; 95% interval from the standard error (± 1.96 × SE).",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="gezonde_levensverwachting_mannen_jaren",
        title_nl="Gezonde levensverwachting bij geboorte, mannen",
        title_en="Healthy life expectancy at birth, men",
        definition_nl="Aantal jaren dat een jongen bij geboorte naar verwachting leeft in als goed ervaren gezondheid.",
        definition_en="Years a newborn boy is expected to live in self-rated good health.",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a", slices=_hle("Mannen"),
        formula=formulas.measure, levels=NATIONAL, aggregation="none",
        caveats_nl="Reeks vanaf 1981; trendbreuken door wijzigingen in de enquête (CBS).",
        caveats_en="Series from 1981; breaks in the series from survey changes (CBS).",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="gezonde_levensverwachting_vrouwen_jaren",
        title_nl="Gezonde levensverwachting bij geboorte, vrouwen",
        title_en="Healthy life expectancy at birth, women",
        definition_nl="Aantal jaren dat een meisje bij geboorte naar verwachting leeft in als goed ervaren gezondheid.",
        definition_en="Years a newborn girl is expected to live in self-rated good health.",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a", slices=_hle("Vrouwen"),
        formula=formulas.measure, levels=NATIONAL, aggregation="none",
        caveats_nl="Reeks vanaf 1981; trendbreuken door wijzigingen in de enquête (CBS).",
        caveats_en="Series from 1981; breaks in the series from survey changes (CBS).",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="levensverwachting_jaren",
        title_nl="Levensverwachting bij geboorte",
        title_en="Life expectancy at birth",
        definition_nl="Aantal jaren dat een pasgeborene naar verwachting leeft (mannen en vrouwen).",
        definition_en="Years a newborn is expected to live (men and women).",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a",
        slices=(Slice("71950ned", "LevensverwachtingLV_1", HLE_FILTER, region_dimension=""),),
        formula=formulas.measure, levels=NATIONAL, aggregation="none",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="levensverwachting_ggd_jaren",
        title_nl="Levensverwachting bij geboorte per GGD-regio",
        title_en="Life expectancy at birth by GGD region",
        definition_nl="Levensverwachting bij geboorte, mannen en vrouwen, gemiddeld over 2019-2022 (RIVM).",
        definition_en="Life expectancy at birth, men and women, averaged over 2019-2022 (RIVM).",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a",
        slices=(Slice("RIVM_LV_GGD", "BijGeboorte", {"Geslacht": "Totaal"}, period="2019/2022", margins=""),),
        formula=formulas.measure, levels=("ggd",), aggregation="none", proxy=True,
        proxy_reason_nl="Levensverwachting (niet: gezonde levensverwachting) is de regionale maat die er is.",
        proxy_reason_en="Life expectancy (not healthy life expectancy) is the regional measure available.",
        caveats_nl="RIVM-bestand (VZinfo), geen StatLine-tabel; alleen in de spiegelmap. De bron toetst zelf het verschil met Nederland.",
        caveats_en="RIVM file (VZinfo), not a StatLine table; mirror only. The source tests the difference with the national figure itself.",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="ervaren_gezondheid_goed_pct",
        title_nl="Ervaren gezondheid goed of zeer goed",
        title_en="Self-rated health good or very good",
        definition_nl="Percentage volwassenen dat de eigen gezondheid als goed of zeer goed ervaart.",
        definition_en="Percentage of adults who rate their own health as good or very good.",
        unit="pct", direction=HIGHER_IS_BETTER, mission="M1a",
        slices=monitor_slices({"2012": "ErvarenGezondheidGoedZeerGoed_1", "2016": "ErvarenGezondheidGoedZeerGoed_1",
                               "2020": "ErvarenGezondheidGoedZeerGoed_1", "2022": "ErvarenGezondheidGoedZeerGoed_1"}),
        formula=formulas.measure, proxy=True, proxy_reason_nl=HLE_PROXY_NL, proxy_reason_en=HLE_PROXY_EN,
        caveats_nl=MONITOR_CAVEAT_NL, caveats_en=MONITOR_CAVEAT_EN, theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="jongvolwassenen_goede_gezondheid_pct",
        title_nl="Jongvolwassenen met goed ervaren gezondheid",
        title_en="Young adults with good self-rated health",
        definition_nl="Percentage jongvolwassenen (16-25 jaar) dat de eigen gezondheid als goed of zeer goed ervaart (2024).",
        definition_en="Percentage of young adults (16-25) rating their own health as good or very good (2024).",
        unit="pct", direction=HIGHER_IS_BETTER, mission="M1a",
        slices=(Slice("50140NED", "GoedErvarenGezondheid_6", {"Persoonskenmerken": "T009002", "Marges": "MW00000"},
                      period="2024", margins=""),),
        formula=formulas.measure, levels=("land", "ggd", "groep", "gemeente"), proxy=True,
        proxy_reason_nl=HLE_PROXY_NL, proxy_reason_en=HLE_PROXY_EN,
        caveats_nl="Gezondheidsmonitor Jongvolwassenen 2024 (RIVM); één meting, nog geen trend. 15 gemeenten zonder waarden.",
        caveats_en="Young Adults Health Monitor 2024 (RIVM); one measurement, no trend yet. 15 municipalities without values.",
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="inkomenskloof_gezonde_levensjaren",
        title_nl="Kloof in gezonde levensverwachting naar inkomen",
        title_en="Income gap in healthy life expectancy",
        definition_nl="Gezonde levensverwachting bij geboorte van de hoogste min de laagste inkomens-20%-groep (gestandaardiseerd inkomen), mannen en vrouwen.",
        definition_en="Healthy life expectancy at birth of the highest minus the lowest 20% income group (standardised income), men and women.",
        unit="years_gap", direction=LOWER_IS_BETTER, mission="M1b",
        slices=(
            Slice("85445NED", "InAlsGoedErvarenGezondheid_2", {**HLE_FILTER, "InkomenEnWelvaart": "1014756"},
                  region_dimension="", role="high"),
            Slice("85445NED", "InAlsGoedErvarenGezondheid_2", {**HLE_FILTER, "InkomenEnWelvaart": "1014752"},
                  region_dimension="", role="low"),
        ),
        formula=formulas.difference, levels=NATIONAL, aggregation="none",
        caveats_nl="De sleutels 1014752 (laagste) en 1014756 (hoogste 20%-groep) zijn in de spiegelmap zonder titel; de betekenis is afgeleid (zie README van de spiegelmap). Interval: groepen als onafhankelijk behandeld.",
        caveats_en="Keys 1014752 (lowest) and 1014756 (highest 20% group) have no title in the mirror; their meaning is inferred (see the mirror's README). Interval treats the groups as independent.",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
    Indicator(
        id="opleidingskloof_gezonde_levensjaren",
        title_nl="Kloof in gezonde levensverwachting naar opleiding",
        title_en="Education gap in healthy life expectancy",
        definition_nl="Gezonde levensverwachting bij geboorte van hbo/wo min die van basisonderwijs/vmbo/mbo1, mannen en vrouwen.",
        definition_en="Healthy life expectancy at birth of higher education minus primary/lower secondary, men and women.",
        unit="years_gap", direction=LOWER_IS_BETTER, mission="M1b",
        slices=(
            Slice("84842NED", "LVInAlsGoedErvarenGezondheid_2", {**HLE_FILTER, "Onderwijsniveau": "Hbo, wo"},
                  region_dimension="", role="high"),
            Slice("84842NED", "LVInAlsGoedErvarenGezondheid_2",
                  {**HLE_FILTER, "Onderwijsniveau": "Basisonderwijs, vmbo, mbo1"}, region_dimension="", role="low"),
        ),
        formula=formulas.difference, levels=NATIONAL, aggregation="none",
        caveats_nl="Vierjaarsgemiddelden; interval: groepen als onafhankelijk behandeld.",
        caveats_en="Four-year averages; interval treats the groups as independent.",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
    Indicator(
        id="inkomenskloof_gezonde_levensjaren_mannen_oud",
        title_nl="Kloof in gezonde levensverwachting naar inkomen, mannen (oude reeks)",
        title_en="Income gap in healthy life expectancy, men (older series)",
        definition_nl="Gezonde levensverwachting bij geboorte van de hoogste min de laagste inkomensklasse, mannen, 2004-2017.",
        definition_en="Healthy life expectancy at birth of the highest minus the lowest income class, men, 2004-2017.",
        unit="years_gap", direction=LOWER_IS_BETTER, mission="M1b",
        slices=(
            Slice("80298ned", "InAlsGoedErvarenGezondheid_3",
                  {"Geslacht": "Mannen", "Leeftijd": "0 jaar", "Inkomensklasse": "Hoogste inkomensklasse"},
                  region_dimension="", role="high"),
            Slice("80298ned", "InAlsGoedErvarenGezondheid_3",
                  {"Geslacht": "Mannen", "Leeftijd": "0 jaar", "Inkomensklasse": "Laagste inkomensklasse"},
                  region_dimension="", role="low"),
        ),
        formula=formulas.difference, levels=NATIONAL, aggregation="none",
        caveats_nl="Oudere CBS-reeks met een andere inkomensindeling dan 85445NED: niet aaneen te plakken.",
        caveats_en="Older CBS series with a different income classification than 85445NED: do not join the two.",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
    _wijk_gap("wijkkloof_ervaren_gezondheid_pp", "ErvarenGezondheidGoedZeerGoed_4",
              "ervaren gezondheid goed of zeer goed", "self-rated health good or very good"),
    _wijk_gap("wijkkloof_overgewicht_pp", "Overgewicht_9", "overgewicht", "overweight"),
    _wijk_gap("wijkkloof_eenzaamheid_pp", "Eenzaam_28", "eenzaamheid", "loneliness"),
    Indicator(
        id="moeite_met_rondkomen_pct",
        title_nl="Moeite met rondkomen",
        title_en="Difficulty making ends meet",
        definition_nl="Percentage volwassenen dat moeite heeft met rondkomen.",
        definition_en="Percentage of adults who have difficulty making ends meet.",
        unit="pct", direction=LOWER_IS_BETTER, mission="M1b",
        slices=rivm_municipal_slice("MoeiteMetRondkomen_38"), formula=formulas.measure,
        caveats_nl=RIVM_CAVEAT_NL, caveats_en=RIVM_CAVEAT_EN, theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
    Indicator(
        id="mediaan_gestandaardiseerd_inkomen_keur",
        title_nl="Mediaan gestandaardiseerd huishoudensinkomen",
        title_en="Median standardised household income",
        definition_nl="Mediaan van het gestandaardiseerd inkomen van particuliere huishoudens, x 1.000 euro.",
        definition_en="Median standardised income of private households, x 1,000 euro.",
        unit="k_eur", direction=NEUTRAL, mission="context",
        slices=(Slice("86004NED", "MediaanGestandaardiseerdInkomen_4",
                      {"Populatie": "Particuliere huishoudens incl. studenten",
                       "KenmerkenVanHuishoudens": "Particuliere huishoudens"}, margins=""),),
        formula=formulas.measure, levels=("land", "landsdeel", "provincie", "gemeente"), aggregation="none",
        caveats_nl="Een mediaan is niet op te tellen: geen waarden voor samenwerkingsregio's.",
        caveats_en="A median cannot be aggregated: no values for regional groups.",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
)
