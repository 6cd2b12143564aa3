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
    "bevolkingsgewogen omgerekend naar de huidige gemeente waar inwonertallen bekend zijn."
)
MONITOR_CAVEAT_EN = (
    "Adult and Elderly Health Monitor (GGDs, CBS, RIVM): 2012 and 2016 cover ages 19+, 2020 and 2022 ages 18+. "
    "Values of municipalities merged since are re-computed for today's municipality, population-weighted, "
    "where population figures are known."
)
RIVM_WIJK_TABLE = "50090NED"
RIVM_CAVEAT_NL = (
    "RIVM-schattingen per gemeente en wijk (modelschattingen op basis van de Gezondheidsmonitor, indeling 2020), "
    "18 jaar en ouder; zonder betrouwbaarheidsinterval in deze bron."
)
RIVM_CAVEAT_EN = (
    "RIVM small-area estimates per municipality and district (model-based, from the Health Monitor, 2020 "
    "boundaries), ages 18+; this source gives no confidence interval."
)


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
        slices.append(Slice(table, column, {"Leeftijd": "Totaal"}, period=year, margins=margins, skip_levels=skip))
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
