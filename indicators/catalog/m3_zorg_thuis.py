"""Mission 3: by 2030, 50% more care in people's own living environment instead of institutions.

The headline figure (Wlz long-term care delivered at home rather than with stay) exists only
nationally. Municipalities get Wmo support at home and the step from Wmo into the Wlz as proxies.
"""

from __future__ import annotations

from indicators.catalog import formulas
from indicators.catalog.model import LOWER_IS_BETTER, NEUTRAL, REGISTER, Indicator, Slice
from indicators.catalog.sources import MONITOR_CAVEAT_EN, MONITOR_CAVEAT_NL, monitor_slices

THEME_NL, THEME_EN = "Zorg in de eigen omgeving", "Care in one's own environment"
WLZ_TOTAL = {"IndicatieGrondslag": "Totaal personen", "Zorgzwaartepakket": "Totaal Wlz/ZMV-AWBZ"}
WMO_PROXY_NL = "Wlz-zorg thuis of met verblijf is er alleen landelijk; Wmo-ondersteuning thuis is de gemeentelijke maat."
WMO_PROXY_EN = "Wlz care at home vs with stay exists only nationally; Wmo support at home is the municipal measure."
WLZ_STEP_PROXY_NL = "De overgang van Wmo-ondersteuning thuis naar Wlz-zorg is de gemeentelijke maat voor institutionalisering."
WLZ_STEP_PROXY_EN = "The step from Wmo support at home into Wlz care is the municipal measure of institutionalisation."
# Wmo clients of year t with Wlz care in t+1: one table per pair of years; the year is in the column name.
WMO_WLZ_TABLES = {"2020": ("85038NED", "2019", "In"), "2021": ("85310NED", "2020", "In"),
                  "2022": ("85594NED", "2021", "In"), "2023": ("85985NED", "2022", "In")}
WMO_WLZ_FILTER = {"Geslacht": "Totaal mannen en vrouwen", "Persoonskenmerken": "Totaal 18 jaar of ouder"}
UNIT_NOTE_NL = ("In de offline kopie van deze tabellen staan geen eenheden; dat de percentages over de Wmo-cliënten gaan en de "
                "aantallen per 1.000 inwoners van 18 jaar en ouder, is afgeleid uit de verhouding tot de aantallen (live geeft CBS "
                "de eenheden zelf).")
UNIT_NOTE_EN = ("The offline copy of these tables has no units; that the percentages are of Wmo clients and the rates per "
                "1,000 inhabitants aged 18 and over is inferred from their ratio to the counts (live, CBS gives the units "
                "itself).")


WLZ_PROXY_NL = (
    "Maat voor de hele missie 3 ontbreekt. De Wlz is er alleen voor de kleine groep mensen die blijvend 24 uur per dag "
    "zorg of toezicht nodig heeft (een paar procent van de bevolking); het aandeel dat die zorg thuis krijgt zegt dus "
    "weinig over zorg in de eigen omgeving in het algemeen, en een pgb telt als thuis, ook waar het een woonvorm betaalt."
)
WLZ_PROXY_EN = (
    "A measure of the whole of mission 3 is lacking. The Wlz is only for the small group of people who permanently "
    "need care or supervision 24 hours a day (a few percent of the population); the share receiving it at home says "
    "little about care in people's own environment in general, and a personal budget counts as home, also where it "
    "pays for sheltered housing."
)
# Wmo clients of year t with Wlz care in t+1: the count of the Wlz inflow (column _2) and the total Wlz use (_1)
# with its share of the Wmo clients (_4) and its rate per 1,000 inhabitants of 18+ (_7); _1 / _4 * 100 is the number
# of adult Wmo clients and _1 / _7 * 1000 the number of inhabitants 18+ (the largest count with its own rate keeps
# the rounding smallest). Checked on the mirror: _2 / (_1 / _4 * 100) * 100 gives column _5, _2 / (_1 / _7 * 1000) *
# 1000 gives _8 within CBS's rounding.


def _wmo_wlz(column_number: int, role: str = "value") -> tuple[Slice, ...]:
    names = {1: "WmoClientenGebruikWlz{year}Totaal_1", 2: "WmoClienten{start}InstroomWlz{year}_2",
             4: "WmoClientenGebruikWlz{year}Totaal_4", 7: "WmoClientenGebruikWlz{year}Totaal_7"}
    pattern = names.get(column_number, "WmoClienten{start}InstroomWlz{infix}{year}_" + str(column_number))
    return tuple(
        Slice(table, pattern.format(start=start, infix=infix, year=year), WMO_WLZ_FILTER, period=year, margins="", role=role)
        for year, (table, start, infix) in WMO_WLZ_TABLES.items()
    )


INDICATORS = (
    Indicator(
        id="wlz_zorg_thuis_pct",
        title_nl="Wlz-zorg thuis in plaats van met verblijf",
        title_en="Wlz long-term care at home instead of with stay",
        definition_nl="Van de mensen die Wlz-zorg krijgen: het percentage dat die thuis krijgt (volledig of modulair pakket thuis, pgb) en niet in een instelling met verblijf.",
        definition_en="Of the people receiving Wlz long-term care: the percentage receiving it at home (full or modular package at home, personal budget) rather than in an institution with stay.",
        unit="pct", direction="higher_is_better", mission="M3",
        slices=(
            Slice("84529NED", "PersonenMetIndicatieOpPeildatum_1", {**WLZ_TOTAL, "LeveringsvormZorg": "Totaal leveringsvorm zorg"}, margins="", region_dimension="", role="total"),
            Slice("84529NED", "PersonenMetIndicatieOpPeildatum_1", {**WLZ_TOTAL, "LeveringsvormZorg": "Geen Wlz-zorg"}, margins="", region_dimension="", role="no_care"),
            Slice("84529NED", "PersonenMetIndicatieOpPeildatum_1", {**WLZ_TOTAL, "LeveringsvormZorg": "Zin verblijf"}, margins="", region_dimension="", role="with_stay"),
        ),
        formula=formulas.share_at_home, levels=("land",), aggregation="none", proxy=True,
        proxy_reason_nl=WLZ_PROXY_NL, proxy_reason_en=WLZ_PROXY_EN,
        caveats_nl="Personen met een Wlz-indicatie op de peildatum; pgb telt als thuis, ook waar een pgb een woonvorm betaalt. "
                   "Een registratie (iedereen met een indicatie telt mee): geen steekproefmarge. Het doel is indicatief: "
                   "deze maat dekt missie 3 maar voor een klein deel.",
        caveats_en="Persons with a Wlz indication on the reference date; a personal budget counts as home, also where it pays for sheltered housing. "
                   "A registration (everyone with an indication counts): no sampling margin. The target is indicative: "
                   "this measure covers only a small part of mission 3.",
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="personen_met_wlz_zorg",
        uncertainty=REGISTER,
        min_change=0.5,  # percentage points; shifts between delivery forms smaller than half a point are not read as a change in policy
    ),
    Indicator(
        id="wmo_clienten_per_1000",
        title_nl="Wmo-cliënten per 1.000 inwoners (jaar)",
        title_en="Wmo clients per 1,000 inhabitants (year)",
        definition_nl="Aantal personen met een Wmo-maatwerkvoorziening per 1.000 inwoners, per jaar.",
        definition_en="Persons with a Wmo customised provision per 1,000 inhabitants, per year.",
        unit="per_1000_inhabitants", direction=NEUTRAL, mission="M3",
        slices=(Slice("86050NED", "WmoClientenPer1000Inwoners_2", {"TypeMaatwerkvoorziening": "Totaal"}, margins="", period_kind="year"),
                Slice("86050NED", "WmoClienten_1", {"TypeMaatwerkvoorziening": "Totaal"}, margins="", period_kind="year", role="count")),
        formula=formulas.measure, proxy=True, proxy_reason_nl=WMO_PROXY_NL, proxy_reason_en=WMO_PROXY_EN,
        caveats_nl="Meer Wmo-cliënten is niet vanzelf beter of slechter: het laat zien hoeveel ondersteuning thuis wordt gegeven. "
                   "Een registratie: geen steekproefmarge; groepen zijn het opgetelde aantal cliënten per 1.000 opgetelde inwoners.",
        caveats_en="More Wmo clients is neither better nor worse by itself: it shows how much support at home is given. "
                   "A registration: no sampling margin; groups are the summed clients per 1,000 summed inhabitants.",
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="inwoners",
        uncertainty=REGISTER,
        min_change=1.0,  # per 1,000 inhabitants; CBS publishes the rate in whole numbers: a smaller change is rounding
    ),
    Indicator(
        id="wmo_clienten_per_1000_halfjaar",
        title_nl="Wmo-cliënten per 1.000 inwoners (halfjaar)",
        title_en="Wmo clients per 1,000 inhabitants (half-year)",
        definition_nl="Aantal personen met een Wmo-maatwerkvoorziening per 1.000 inwoners, per halfjaar.",
        definition_en="Persons with a Wmo customised provision per 1,000 inhabitants, per half-year.",
        unit="per_1000_inhabitants", direction=NEUTRAL, mission="M3",
        slices=(Slice("86050NED", "WmoClientenPer1000Inwoners_2", {"TypeMaatwerkvoorziening": "Totaal"}, margins="", period_kind="half_year"),
                Slice("86050NED", "WmoClienten_1", {"TypeMaatwerkvoorziening": "Totaal"}, margins="", period_kind="half_year", role="count")),
        formula=formulas.measure, proxy=True, proxy_reason_nl=WMO_PROXY_NL, proxy_reason_en=WMO_PROXY_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="inwoners",
        uncertainty=REGISTER,
        min_change=1.0,  # per 1,000 inhabitants; CBS publishes the rate in whole numbers: a smaller change is rounding
    ),
    Indicator(
        id="wmo_naar_wlz_pct",
        title_nl="Wmo-cliënten die het jaar erna Wlz-zorg krijgen",
        title_en="Wmo clients entering Wlz care the next year",
        definition_nl="Percentage van de volwassen Wmo-cliënten (thuis) van jaar t dat in jaar t+1 instroomt in de Wlz. Periode = jaar van de Wlz-zorg.",
        definition_en="Percentage of adult Wmo clients (at home) of year t who enter Wlz care in year t+1. Period = year of the Wlz care.",
        unit="pct", direction=LOWER_IS_BETTER, mission="M3",
        slices=_wmo_wlz(5) + _wmo_wlz(2, "count") + _wmo_wlz(1, "base_count") + _wmo_wlz(4, "base_rate"),
        formula=formulas.measure,
        proxy=True, proxy_reason_nl=WLZ_STEP_PROXY_NL, proxy_reason_en=WLZ_STEP_PROXY_EN,
        caveats_nl="Wlz-zorg kan ook thuis geleverd worden; lager is beter onder de aanname dat instroom vooral verblijf betekent. "
                   "Een registratie: groepen zijn de opgetelde instroom gedeeld door het opgetelde aantal Wmo-cliënten. " + UNIT_NOTE_NL,
        caveats_en="Wlz care can also be delivered at home; lower is better assuming inflow mostly means stay. "
                   "A registration: groups are the summed inflow over the summed Wmo clients. " + UNIT_NOTE_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="wmo_clienten",
        uncertainty=REGISTER,
        min_change=0.1,  # percentage points; counts are rounded to multiples of 5, which moves the share of a mid-sized municipality by about this much
    ),
    Indicator(
        id="wmo_naar_wlz_per_1000",
        title_nl="Instroom Wmo naar Wlz per 1.000 inwoners",
        title_en="Wmo-to-Wlz inflow per 1,000 inhabitants",
        definition_nl="Aantal volwassen Wmo-cliënten van jaar t dat in jaar t+1 instroomt in de Wlz, per 1.000 inwoners van 18 jaar en ouder.",
        definition_en="Adult Wmo clients of year t entering Wlz care in year t+1, per 1,000 inhabitants aged 18+.",
        unit="per_1000_inhabitants", direction=LOWER_IS_BETTER, mission="M3",
        slices=_wmo_wlz(8) + _wmo_wlz(2, "count") + _wmo_wlz(1, "base_count") + _wmo_wlz(7, "base_rate"),
        formula=formulas.measure, proxy=True, proxy_reason_nl=WLZ_STEP_PROXY_NL, proxy_reason_en=WLZ_STEP_PROXY_EN,
        caveats_nl="CBS rondt af op hele getallen. Een registratie: groepen zijn de opgetelde instroom per 1.000 opgetelde inwoners van 18+. " + UNIT_NOTE_NL,
        caveats_en="CBS rounds to whole numbers. A registration: groups are the summed inflow per 1,000 summed inhabitants 18+. " + UNIT_NOTE_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN, denominator="inwoners_18plus",
        uncertainty=REGISTER,
        min_change=1.0,  # per 1,000 inhabitants 18+; CBS publishes the rate in whole numbers: a smaller change is rounding
    ),
    Indicator(
        id="mantelzorgers_pct",
        title_nl="Mantelzorgers",
        title_en="Informal carers",
        definition_nl="Percentage volwassenen dat mantelzorg geeft.",
        definition_en="Percentage of adults giving informal care.",
        unit="pct", direction=NEUTRAL, mission="M3",
        slices=monitor_slices({"2012": "Mantelzorger_28", "2016": "Mantelzorger_18", "2020": "Mantelzorger_14", "2022": "Mantelzorger_12"}),
        formula=formulas.measure, caveats_nl=MONITOR_CAVEAT_NL, caveats_en=MONITOR_CAVEAT_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="zwaarbelaste_mantelzorgers_pct",
        title_nl="Zwaarbelaste mantelzorgers",
        title_en="Heavily burdened informal carers",
        definition_nl="Percentage van de mantelzorgers dat zich zwaar of overbelast voelt.",
        definition_en="Percentage of informal carers who feel heavily burdened or overburdened.",
        unit="pct", direction=LOWER_IS_BETTER, mission="M3",
        slices=monitor_slices({"2012": "ZwaarBelasteMantelzorgers_29", "2016": "ZwaarBelasteMantelzorgers_19",
                               "2020": "ZwaarBelasteMantelzorgers_15", "2022": "ZwaarBelasteMantelzorgers_13"}),
        formula=formulas.measure, denominator="mantelzorgers",
        caveats_nl="De sprong tussen 2020 en 2022 (ook landelijk) kan deels aan de vraagstelling liggen: "
                   "lees de trend voorzichtig. Een percentage van de mantelzorgers: groepen zijn gewogen naar het aantal "
                   "mantelzorgers (inwoners x aandeel mantelzorgers). " + MONITOR_CAVEAT_NL,
        caveats_en="The jump between 2020 and 2022 (nationally too) may partly come from the question: "
                   "read the trend with care. A percentage of the carers: groups are weighted by the number of carers "
                   "(inhabitants x share of carers). " + MONITOR_CAVEAT_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
)
