"""Mission 2: 30% less disease burden from unhealthy lifestyle and living environment by 2040.

Disease burden itself (DALYs) is not in the source tables. The measurable lifestyle factors
(smoking, excessive drinking, overweight and obesity, too little exercise) are followed per
municipality instead, as proxies.
"""

from __future__ import annotations

from indicators.catalog import formulas
from indicators.catalog.model import HIGHER_IS_BETTER, LOWER_IS_BETTER, Indicator
from indicators.catalog.sources import MONITOR_CAVEAT_EN, MONITOR_CAVEAT_NL, monitor_slices

THEME_NL, THEME_EN = "Leefstijl", "Lifestyle"
PROXY_NL = "Ziektelast door leefstijl wordt niet per gemeente gemeten; we volgen de leefstijlfactor zelf."
PROXY_EN = "Disease burden from lifestyle is not measured per municipality; we follow the lifestyle factor itself."


def _lifestyle(indicator_id: str, title_nl: str, title_en: str, definition_nl: str, definition_en: str,
               columns: dict[str, str], direction: str = LOWER_IS_BETTER, extra_nl: str = "", extra_en: str = "",
               formula=formulas.measure) -> Indicator:
    return Indicator(
        id=indicator_id, title_nl=title_nl, title_en=title_en, definition_nl=definition_nl,
        definition_en=definition_en, unit="pct", direction=direction, mission="M2",
        slices=monitor_slices(columns), formula=formula, proxy=True, proxy_reason_nl=PROXY_NL,
        proxy_reason_en=PROXY_EN, caveats_nl=(MONITOR_CAVEAT_NL + " " + extra_nl).strip(),
        caveats_en=(MONITOR_CAVEAT_EN + " " + extra_en).strip(), theme_nl=THEME_NL, theme_en=THEME_EN,
    )


INDICATORS = (
    _lifestyle("roken_pct", "Rokers", "Smokers", "Percentage volwassenen dat rookt.",
               "Percentage of adults who smoke.",
               {"2012": "Rokers_31", "2020": "Rokers_17", "2022": "Rokers_15"},
               extra_nl="Niet gevraagd in de tabel van 2016.", extra_en="Not in the 2016 table."),
    _lifestyle("overmatig_drinken_pct", "Overmatige drinkers", "Excessive drinkers",
               "Percentage volwassenen dat overmatig drinkt (mannen meer dan 21, vrouwen meer dan 14 glazen per week).",
               "Percentage of adults drinking excessively (men over 21, women over 14 glasses a week).",
               {"2012": "OvermatigeDrinker_35", "2020": "OvermatigDrinker_20", "2022": "OvermatigeDrinkersOnderBevolking_17"},
               extra_nl="Niet in de tabel van 2016.", extra_en="Not in the 2016 table."),
    _lifestyle("zware_drinkers_pct", "Zware drinkers", "Heavy drinkers",
               "Percentage volwassenen dat minstens één keer per week 6 (mannen) of 4 (vrouwen) glazen op één dag drinkt.",
               "Percentage of adults drinking at least weekly 6 (men) or 4 (women) glasses on one day.",
               {"2012": "ZwareDrinker_34", "2020": "ZwareDrinker_19"}),
    _lifestyle("overgewicht_pct", "Overgewicht", "Overweight",
               "Percentage volwassenen met overgewicht (BMI 25 of hoger, inclusief obesitas).",
               "Percentage of adults who are overweight (BMI 25 or more, obesity included).",
               {"2012": "OvergewichtTotaal_36", "2016": "Overgewicht_10", "2020": "Overgewicht_9", "2022": "Overgewicht_7"}),
    _lifestyle("obesitas_pct", "Ernstig overgewicht (obesitas)", "Obesity",
               "Percentage volwassenen met ernstig overgewicht (BMI 30 of hoger).",
               "Percentage of adults with obesity (BMI 30 or more).",
               {"2012": "ErnstigOvergewicht_37", "2016": "ErnstigOvergewicht_12", "2020": "ErnstigOvergewichtObesitas_11",
                "2022": "ErnstigOvergewichtObesitas_9"}),
    _lifestyle("beweegrichtlijn_pct", "Voldoet aan de beweegrichtlijn", "Meets the physical activity guideline",
               "Percentage volwassenen dat voldoet aan de Beweegrichtlijnen 2017 van de Gezondheidsraad.",
               "Percentage of adults meeting the 2017 physical activity guidelines of the Health Council.",
               {"2016": "VoldoetAanBeweegrichtlijn_13", "2020": "VoldoetAanBeweegrichtlijn_12",
                "2022": "VoldoetAanBeweegrichtlijn_10"},
               direction=HIGHER_IS_BETTER,
               extra_nl="De richtlijn bestaat sinds 2017; 2012 gebruikte een andere norm.",
               extra_en="The guideline dates from 2017; 2012 used a different norm."),
    _lifestyle("te_weinig_bewegen_pct", "Beweegt te weinig", "Too little physical activity",
               "Percentage volwassenen dat niet voldoet aan de Beweegrichtlijnen 2017 (100 min het percentage dat wel voldoet).",
               "Percentage of adults not meeting the 2017 guidelines (100 minus the share that does).",
               {"2016": "VoldoetAanBeweegrichtlijn_13", "2020": "VoldoetAanBeweegrichtlijn_12",
                "2022": "VoldoetAanBeweegrichtlijn_10"},
               formula=formulas.complement),
    _lifestyle("wekelijks_sporten_pct", "Sport wekelijks", "Weekly sport",
               "Percentage volwassenen dat minstens één keer per week sport.",
               "Percentage of adults doing sport at least once a week.",
               {"2016": "WekelijkseSporters_17", "2020": "WekelijksSporter_13", "2022": "WekelijkseSporters_11"},
               direction=HIGHER_IS_BETTER),
    _lifestyle("alcoholrichtlijn_pct", "Voldoet aan de alcoholrichtlijn", "Meets the alcohol guideline",
               "Percentage volwassenen dat niet of niet meer dan 1 glas per dag drinkt.",
               "Percentage of adults drinking no alcohol or at most one glass a day.",
               {"2020": "VoldoetAanRichtlijnAlcoholgebruik_18", "2022": "VoldoetAanRichtlijnAlcoholgebruik_16"},
               direction=HIGHER_IS_BETTER),
)
