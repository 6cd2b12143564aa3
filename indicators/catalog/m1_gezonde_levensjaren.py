"""Mission 1: five more healthy life years by 2040, and a 30% smaller socio-economic gap.

Healthy life expectancy and the gaps in it exist only for the Netherlands as a whole. Each
municipality gets the closest honest indicators from the municipal tables, marked as proxies.
"""

from __future__ import annotations

from functools import partial

from indicators.catalog import formulas
from indicators.catalog.model import HIGHER_IS_BETTER, LOWER_IS_BETTER, MODEL, NEUTRAL, REGISTER, Indicator, Slice
from indicators.catalog.sources import (
    MONITOR_CAVEAT_EN,
    MONITOR_CAVEAT_NL,
    RIVM_CAVEAT_EN,
    RIVM_CAVEAT_NL,
    district_info_slices,
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
        caveats_nl=RIVM_CAVEAT_NL + " Ongewogen, en zonder de inkomenspositie van de wijken: context bij de SII (sii_*), "
                   "die de helling naar inkomen meet.",
        caveats_en=RIVM_CAVEAT_EN + " Unweighted, and blind to the districts' income position: context for the SII "
                   "(sii_*), which measures the gradient by income.",
        theme_nl=GAP_THEME_NL,
        theme_en=GAP_THEME_EN,
        uncertainty=MODEL,
    )


SII_PROXY_NL = (
    "Het verschil tussen de laagste en hoogste sociaaleconomische groepen wordt alleen landelijk gemeten. Binnen een "
    "gemeente meet de SII de helling over de wijken, van de wijken met de meeste naar die met de minste inwoners met "
    "een laag inkomen: een verschil tussen wijken, niet tussen personen, uit RIVM-schattingen per wijk."
)
SII_PROXY_EN = (
    "The gap between the lowest and highest socio-economic groups is measured only nationally. Within a municipality "
    "the SII measures the gradient across the districts, from those with the most to those with the fewest "
    "inhabitants on a low income: a difference between districts, not persons, from RIVM district estimates."
)
SII_DEFINITION_NL = (
    "Helling van de ongelijkheid (slope index of inequality) tussen de wijken van de gemeente, in procentpunten: "
    "de wijken staan op volgorde van het hoogste naar het laagste aandeel inwoners in de laagste 40% van de "
    "inkomens; elke wijk krijgt het midden van haar deel van de bevolking (0 = meeste lage inkomens, 1 = minste); "
    "een lijn door de wijkwaarden, gewogen naar inwoners, geeft het verschil tussen beide uiteinden. Positief: de "
    "wijken met meer lage inkomens hebben {worse}. Negatief: zij doen het beter. Maat: {measure}."
)
SII_DEFINITION_EN = (
    "Slope index of inequality across the municipality's districts, in percentage points: districts ordered from the "
    "highest to the lowest share of inhabitants in the lowest 40% of incomes; each gets the midpoint of its share of "
    "the population (0 = most low incomes, 1 = fewest); a line through the district values, weighted by inhabitants, "
    "gives the difference between both ends. Positive: districts with more low incomes have {worse}. Negative: they "
    "do better. Measure: {measure}."
)
SII_CAVEAT_NL = (
    RIVM_CAVEAT_NL + " Inwoners (1 januari 2022) en inkomenspositie per wijk uit CBS 85318NED (wijkindeling 2022, "
    "inkomensjaar ouder dan 2022), voor alle jaren gebruikt; wijken van 50090NED (indeling 2020) gekoppeld op code, "
    "niet gevonden codes tellen niet mee (aantal in de toelichting). Minstens 5 wijken. Het 95%-interval komt uit een "
    "bootstrap over de wijken: het zegt hoe sterk de helling op enkele wijken rust, niet hoe goed de modelschattingen "
    "zijn. Het doel is een kleinere positieve SII; een negatieve SII (lage-inkomenswijken beter af) is geen "
    "ongelijkheid in de richting die de missie bedoelt."
)
SII_CAVEAT_EN = (
    RIVM_CAVEAT_EN + " Inhabitants (1 January 2022) and income position per district from CBS 85318NED (2022 division, "
    "income year before 2022), used for every year; districts of 50090NED (2020 division) matched by code, codes not "
    "found do not count (number in the note). At least 5 districts. The 95% interval comes from a bootstrap over the "
    "districts: it says how much the gradient rests on a few districts, not how good the model estimates are. The "
    "aim is a smaller positive SII; a negative SII (lower-income districts better off) is not inequality in the "
    "direction the mission means."
)


def _sii(indicator_id: str, column: str, what_nl: str, what_en: str, worse_nl: str, worse_en: str,
         measure_direction: str) -> Indicator:
    """A slope index of inequality over the districts of 50090NED, signed so that > 0 is "lower incomes worse off"."""
    value_slice = rivm_wijk_slice(column)
    return Indicator(
        id=indicator_id,
        title_nl=f"Ongelijkheid naar inkomen tussen wijken (SII): {what_nl}",
        title_en=f"Inequality by income across districts (SII): {what_en}",
        definition_nl=SII_DEFINITION_NL.format(worse=worse_nl, measure=f"{what_nl} (% van de volwassenen)"),
        definition_en=SII_DEFINITION_EN.format(worse=worse_en, measure=f"{what_en} (% of adults)"),
        unit="pct_points",
        direction=LOWER_IS_BETTER,
        mission="M1b",
        slices=value_slice + district_info_slices(),
        formula=partial(formulas.slope_index, measure_direction=measure_direction),
        levels=("gemeente",),
        aggregation="none",
        proxy=True,
        proxy_reason_nl=SII_PROXY_NL,
        proxy_reason_en=SII_PROXY_EN,
        caveats_nl=SII_CAVEAT_NL,
        caveats_en=SII_CAVEAT_EN,
        theme_nl=GAP_THEME_NL,
        theme_en=GAP_THEME_EN,
        uncertainty=MODEL,
        same_units_every_period=True,
    )


INDICATORS = (
    Indicator(
        id="gezonde_levensverwachting_jaren",
        title_nl="Gezonde levensverwachting bij geboorte",
        title_en="Healthy life expectancy at birth",
        definition_nl="Aantal jaren dat een pasgeborene naar verwachting leeft in als goed ervaren gezondheid (mannen en vrouwen).",
        definition_en="Years a newborn is expected to live in self-rated good health (men and women).",
        unit="years", direction=HIGHER_IS_BETTER, mission="M1a", slices=_hle("Totaal mannen en vrouwen"),
        formula=formulas.measure, levels=NATIONAL, aggregation="none", denominator="bevolking",
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
        formula=formulas.measure, levels=NATIONAL, aggregation="none", denominator="bevolking",
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
        formula=formulas.measure, levels=NATIONAL, aggregation="none", denominator="bevolking",
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
        formula=formulas.measure, levels=NATIONAL, aggregation="none", denominator="bevolking",
        caveats_nl="Uit de registers van sterfte en bevolking (iedereen telt mee): geen steekproefmarge.",
        caveats_en="From the death and population registers (everyone counts): no sampling margin.",
        theme_nl=THEME_NL, theme_en=THEME_EN,
        uncertainty=REGISTER,
        min_change=0.1,  # years; CBS publishes life expectancy to one decimal: a smaller change is rounding

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
        caveats_nl="Een RIVM-bestand (VZinfo), geen StatLine-tabel: het staat alleen in de offline kopie van de bronnen en is niet live bij CBS op te halen. Uit de registers van sterfte en bevolking; de bron toetst zelf het verschil met Nederland.",
        caveats_en="An RIVM file (VZinfo), not a StatLine table: it is only in the offline copy of the sources and cannot be fetched live from CBS. From the death and population registers; the source tests the difference with the national figure itself.",
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="bevolking",
        uncertainty=REGISTER,
        min_change=0.1,  # years; the file gives one decimal: a smaller difference is rounding
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
        formula=formulas.measure, levels=("land", "ggd", "groep", "gemeente"), proxy=True, denominator="jongvolwassenen",
        proxy_reason_nl=HLE_PROXY_NL, proxy_reason_en=HLE_PROXY_EN,
        caveats_nl="Gezondheidsmonitor Jongvolwassenen 2024 (RIVM); één meting, nog geen trend. 15 gemeenten zonder waarden. "
                   "Zonder marges in deze bron; groepen gewogen naar alle inwoners (het aantal jongvolwassenen per gemeente staat niet in de tabellen).",
        caveats_en="Young Adults Health Monitor 2024 (RIVM); one measurement, no trend yet. 15 municipalities without values. "
                   "No margins in this source; groups weighted by all inhabitants (the tables give no number of young adults per municipality).",
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
        formula=formulas.difference, levels=NATIONAL, aggregation="none", denominator="bevolking",
        caveats_nl="In onze kopie van de CBS-tabel hebben de inkomensgroepen geen naam, alleen een code. Welke de laagste en welke de hoogste 20%-groep is, hebben we afgeleid: hun waarden zijn precies de cijfers die RIVM (VZinfo) per inkomensgroep publiceert. Standaardfout van het verschil: wortel(se_hoog² + se_laag²), de groepen als onafhankelijk. Vierjaarsperioden die overlappen (2017/2020 en 2019/2022) delen jaren: hun fouten zijn gecorreleerd.",
        caveats_en="In our copy of the CBS table the income groups have a code but no name. Which is the lowest and which the highest 20% group we inferred: their values are exactly the figures RIVM (VZinfo) publishes per income group. Standard error of the gap: sqrt(se_high² + se_low²), the groups independent. Overlapping four-year periods (2017/2020 and 2019/2022) share years: their errors are correlated.",
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
        formula=formulas.difference, levels=NATIONAL, aggregation="none", denominator="bevolking",
        caveats_nl="Vierjaarsgemiddelden die elkaar overlappen (2015/2018, 2017/2020, 2019/2022 delen jaren): opeenvolgende waarden hebben gecorreleerde fouten. Standaardfout van het verschil: wortel(se_hoog² + se_laag²), de groepen als onafhankelijk.",
        caveats_en="Four-year averages that overlap (2015/2018, 2017/2020, 2019/2022 share years): successive values have correlated errors. Standard error of the gap: sqrt(se_high² + se_low²), the groups independent.",
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
        formula=formulas.difference, levels=NATIONAL, aggregation="none", denominator="bevolking",
        caveats_nl="Oudere CBS-reeks met een andere inkomensindeling dan 85445NED: niet aaneen te plakken.",
        caveats_en="Older CBS series with a different income classification than 85445NED: do not join the two.",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
    ),
    _wijk_gap("wijkkloof_ervaren_gezondheid_pp", "ErvarenGezondheidGoedZeerGoed_4",
              "ervaren gezondheid goed of zeer goed", "self-rated health good or very good"),
    _wijk_gap("wijkkloof_overgewicht_pp", "Overgewicht_9", "overgewicht", "overweight"),
    _wijk_gap("wijkkloof_eenzaamheid_pp", "Eenzaam_28", "eenzaamheid", "loneliness"),
    _sii("sii_ervaren_gezondheid_pp", "ErvarenGezondheidGoedZeerGoed_4", "ervaren gezondheid goed of zeer goed",
         "self-rated health good or very good", "minder vaak een goede ervaren gezondheid",
         "good self-rated health less often", HIGHER_IS_BETTER),
    _sii("sii_overgewicht_pp", "Overgewicht_9", "overgewicht", "overweight", "vaker overgewicht", "overweight more often",
         LOWER_IS_BETTER),
    _sii("sii_eenzaamheid_pp", "Eenzaam_28", "eenzaamheid", "loneliness", "vaker eenzaamheid", "loneliness more often",
         LOWER_IS_BETTER),
    Indicator(
        id="moeite_met_rondkomen_pct",
        title_nl="Moeite met rondkomen",
        title_en="Difficulty making ends meet",
        definition_nl="Percentage volwassenen dat moeite heeft met rondkomen.",
        definition_en="Percentage of adults who have difficulty making ends meet.",
        unit="pct", direction=LOWER_IS_BETTER, mission="M1b",
        slices=rivm_municipal_slice("MoeiteMetRondkomen_38"), formula=formulas.measure,
        caveats_nl=RIVM_CAVEAT_NL, caveats_en=RIVM_CAVEAT_EN, theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN,
        uncertainty=MODEL,
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
        caveats_nl="Een mediaan is niet op te tellen: geen waarden voor samenwerkingsregio's. Uit de inkomensregisters (alle huishoudens).",
        caveats_en="A median cannot be aggregated: no values for regional groups. From the income registers (all households).",
        theme_nl=GAP_THEME_NL, theme_en=GAP_THEME_EN, denominator="huishoudens",
        uncertainty=REGISTER,
        min_change=0.1,  # x 1,000 euro; CBS publishes the median to 100 euro: a smaller change is rounding
    ),
)
