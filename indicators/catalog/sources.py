"""Shared slice declarations: the Gezondheidsmonitor tables and RIVM's neighbourhood table.

The CBS/GGD/RIVM Gezondheidsmonitor Volwassenen en Ouderen is published as one StatLine table
per survey year, each with its own column numbering. :func:`monitor_slices` declares the same
measure in each year's table.
"""

from __future__ import annotations

from indicators.catalog.model import Slice

# Survey year -> (table id, margins dimension). 2012/2016: population 19+, 2020/2022: 18+.
MONITOR_TABLES = {
    "2012": ("82166NED", "Cijfersoort"),
    "2016": ("83674NED", "Marges"),
    "2020": ("85012NED", "Marges"),
    "2022": ("85563NED", "Marges"),
}
MONITOR_CAVEAT_NL = (
    "Gezondheidsmonitor Volwassenen en Ouderen (GGD'en, CBS, RIVM): 2012 en 2016 gaan over 19 jaar en ouder, "
    "2020 en 2022 over 18 jaar en ouder. Waarden van gemeenten die sindsdien zijn heringedeeld zijn "
    "herberekend uit de voormalige gemeenten, gewogen naar inwoners, waar de inwonertallen bekend zijn."
)
MONITOR_CAVEAT_EN = (
    "Adult and Elderly Health Monitor (GGDs, CBS, RIVM): 2012 and 2016 cover ages 19+, 2020 and 2022 ages 18+. "
    "Values of municipalities merged since are re-computed for today's municipality from the former ones, "
    "weighted by inhabitants, where population figures are known."
)
# A note on every row from the 2012 and 2016 tables: they describe a slightly different population.
AGE_19_NOTE = "19 jaar en ouder (Gezondheidsmonitor 2012 en 2016; 2020 en 2022: 18 jaar en ouder)"
RIVM_WIJK_TABLE = "50090NED"
RIVM_CAVEAT_NL = (
    "RIVM-schattingen per gemeente en wijk (modelschattingen op basis van de Gezondheidsmonitor, indeling 2020), "
    "18 jaar en ouder; zonder betrouwbaarheidsinterval in deze bron, dus ook geen interval voor groepen."
)
RIVM_CAVEAT_EN = (
    "RIVM small-area estimates per municipality and district (model-based, from the Health Monitor, 2020 "
    "boundaries), ages 18+; this source gives no confidence interval, so groups have none either."
)
DISTRICT_TABLE = "85318NED"  # Kerncijfers wijken en buurten 2022: names, inhabitants, income position


def monitor_slices(columns: dict[str, str]) -> tuple[Slice, ...]:
    """Declare one Gezondheidsmonitor measure for several survey years.

    Args:
        columns: survey year -> topic column in that year's table, e.g.
            ``{"2020": "Rokers_17", "2022": "Rokers_15"}``.
    """
    slices = []
    for year, column in columns.items():
        table, margins = MONITOR_TABLES[year]
        skip = ("ggd",) if year == "2012" else ()  # 2012 used the former division into 28 GGD regions
        note = AGE_19_NOTE if year in ("2012", "2016") else ""
        slices.append(Slice(table, column, {"Leeftijd": "Totaal"}, period=year, margins=margins, skip_levels=skip,
                            note=note))
    return tuple(slices)


def rivm_municipal_slice(column: str) -> tuple[Slice, ...]:
    """Declare a measure of RIVM's 50090NED for the Netherlands and municipalities, adults 18+."""
    return (
        Slice(RIVM_WIJK_TABLE, column, {"Leeftijd": "20300", "Marges": "MW00000"}, margins="",
              region_dimension="WijkenEnBuurten", region_kinds=("Land", "Gemeente")),
    )


def rivm_wijk_slice(column: str) -> tuple[Slice, ...]:
    """Declare a measure of RIVM's 50090NED at wijk (district) level, adults 18+."""
    return (
        Slice(RIVM_WIJK_TABLE, column, {"Leeftijd": "20300", "Marges": "MW00000"}, margins="",
              region_dimension="WijkenEnBuurten", region_kinds=("Wijk",)),
    )


def district_info_slices() -> tuple[Slice, ...]:
    """Declare the inhabitants and the share of low incomes per district (CBS 85318NED, division 2022).

    Roles ``population`` (``AantalInwoners_5``, 1 January 2022) and ``income_low``
    (``k_40PersonenMetLaagsteInkomen_73``: % persons in private households in the lowest 40% of
    personal incomes nationally); the district name is the table's title of the district.
    """
    return (
        Slice(DISTRICT_TABLE, "AantalInwoners_5", period="2022", margins="", region_dimension="WijkenEnBuurten",
              role="population"),
        Slice(DISTRICT_TABLE, "k_40PersonenMetLaagsteInkomen_73", period="2022", margins="",
              region_dimension="WijkenEnBuurten", role="income_low"),
    )
