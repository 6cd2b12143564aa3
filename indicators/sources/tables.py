"""The StatLine tables this project reads, declared once.

Each :class:`TableSpec` says where a table lives (CBS's own catalog or the third-party catalog
that hosts RIVM tables), which mirror file(s) hold it, which topic columns are text rather than
numbers, and, for very large tables, which slice to request live.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.messages import say

CBS_CATALOG = "opendata.cbs.nl"
RIVM_CATALOG = "dataderden.cbs.nl"


@dataclass(frozen=True)
class TableSpec:
    """One StatLine table the project uses.

    Attributes:
        table_id: StatLine id as CBS writes it (case matters for the URL: ``71950ned``).
        catalog: ``CBS`` or ``RIVM``.
        title: short Dutch description (the official title comes from the source when known).
        mirror_files: file names under the mirror's ``tables/`` folder, in order.
        text_columns: topic columns that hold text; all others must be numeric.
        live_slice: for large tables, the categories to request live, per dimension, given as
            CBS keys or titles exactly as in the mirror (the live client looks the keys up in the
            dimension's own list and builds the OData ``$filter``). Empty: the whole table.
        role: what the project uses the table for (shown in ``hhu status``).
        key_dimensions: dimensions whose values are CBS keys even in a ``labels`` mirror file
            (85445NED's ``InkomenEnWelvaart``, see the mirror README).
        layout: ``statline`` (an OData table, also available live), ``rivm_klik`` (RIVM's
            download of life expectancy per GGD region, which exists only as a file) or
            ``wijken_tmap`` (85318NED: live an OData table, in a mirror the tmap-derived
            ``wijken/wijken_2022.csv``, see :mod:`indicators.sources.wijken`).
        live_filter: a raw OData ``$filter`` clause ANDed with the slice (e.g. only the districts:
            ``startswith(WijkenEnBuurten,'WK')``).
        live_columns: the topic columns to request live (``$select``); empty: all of them.
    """

    table_id: str
    catalog: str
    title: str
    mirror_files: tuple[str, ...]
    text_columns: tuple[str, ...] = ()
    live_slice: tuple[tuple[str, tuple[str, ...]], ...] = ()
    role: str = ""
    key_dimensions: tuple[str, ...] = ()
    layout: str = "statline"
    live_filter: str = ""
    live_columns: tuple[str, ...] = ()

    @property
    def live_available(self) -> bool:
        """Whether the table can be read live through the CBS OData API."""
        return self.layout in ("statline", "wijken_tmap")

    @property
    def catalog_url(self) -> str:
        """Host of the OData catalog the table lives in."""
        return RIVM_CATALOG if self.catalog == "RIVM" else CBS_CATALOG


def _gebieden_text_columns() -> tuple[str, ...]:
    names = ["SorteringNaam_3"]
    for n in range(1, 56):
        names += [f"Code_{n}", f"Naam_{n}", f"Omschrijving_{n}"]
    return tuple(names)


_GEBIEDEN_TEXT = _gebieden_text_columns()
_TOTAL_SEXES = (("Geslacht", ("Totaal mannen en vrouwen",)),)
_WMO_WLZ_ROLE = "Wmo-cliënten met instroom in de Wlz (institutionalisering), missie 3"

SOURCE_TABLES: tuple[TableSpec, ...] = (
    TableSpec("86059NED", "CBS", "Gebieden in Nederland 2025", ("86059NED.csv",), _GEBIEDEN_TEXT,
              role="regio-indeling: gemeenten, GGD-regio, provincie, inwoners"),
    TableSpec("85755NED", "CBS", "Gebieden in Nederland 2024", ("85755NED.csv",), _GEBIEDEN_TEXT,
              role="regio-indeling 2024 (RES-regio U16-controle)"),
    TableSpec("85385NED", "CBS", "Gebieden in Nederland 2023", ("85385NED.csv",), _GEBIEDEN_TEXT,
              role="regio-indeling 2023"),
    TableSpec("82166NED", "CBS", "Gezondheidsmonitor; bevolking 19 jaar of ouder, regio, 2012",
              ("82166NED.csv",), role="Gezondheidsmonitor 2012"),
    TableSpec("83674NED", "CBS", "Gezondheidsmonitor; bevolking 19 jaar of ouder, regio, 2016",
              ("83674NED.csv",), role="Gezondheidsmonitor 2016"),
    TableSpec("85012NED", "CBS", "Gezondheidsmonitor; bevolking 18 jaar of ouder, regio, 2020",
              ("85012NED.csv",), role="Gezondheidsmonitor 2020"),
    TableSpec("85563NED", "CBS", "Gezondheidsmonitor; bevolking 18 jaar of ouder, regio, 2022",
              ("85563NED.csv",), role="Gezondheidsmonitor 2022"),
    TableSpec("86050NED", "CBS", "Wmo-cliënten; type maatwerkvoorziening (detail), regio",
              ("86050NED.csv",), live_slice=(("TypeMaatwerkvoorziening", ("Totaal",)),),
              role="Wmo-cliënten per 1000 inwoners, missie 3"),
    TableSpec("85038NED", "CBS", "Cliënten Wmo thuis 2019; gebruik Wlz 2020", ("85038NED.csv",),
              live_slice=_TOTAL_SEXES, role=_WMO_WLZ_ROLE),
    TableSpec("85310NED", "CBS", "Wmo-cliënten in 2020 met gebruik Wlz in 2021", ("85310NED.csv",),
              live_slice=_TOTAL_SEXES, role=_WMO_WLZ_ROLE),
    TableSpec("85594NED", "CBS", "Wmo-cliënten in 2021 met gebruik Wlz in 2022", ("85594NED.csv",),
              live_slice=_TOTAL_SEXES, role=_WMO_WLZ_ROLE),
    TableSpec("85985NED", "CBS", "Wmo-cliënten in 2022 met gebruik Wlz in 2023", ("85985NED.csv",),
              live_slice=_TOTAL_SEXES, role=_WMO_WLZ_ROLE),
    TableSpec("84529NED", "CBS", "Personen met indicatie naar gebruik Wlz-zorg; indicatie, leveringsvorm, zzp",
              ("84529NED.csv",), role="Wlz-zorg thuis of met verblijf (landelijk), missie 3"),
    TableSpec("71950ned", "CBS", "Gezonde levensverwachting; vanaf 1981", ("71950ned.csv",),
              role="gezonde levensverwachting (landelijk), missie 1"),
    TableSpec("85445NED", "CBS", "Gezonde levensverwachting; inkomen en welvaart", ("85445NED.csv",),
              key_dimensions=("InkomenEnWelvaart",), role="gezondheidskloof naar inkomen, missie 1"),
    TableSpec("84842NED", "CBS", "Gezonde levensverwachting; onderwijsniveau", ("84842NED.csv",),
              role="gezondheidskloof naar onderwijs, missie 1"),
    TableSpec("83780NED", "CBS", "Gezonde levensverwachting; onderwijsniveau (oudere reeks)", ("83780NED.csv",),
              role="oudere reeks gezondheidskloof naar onderwijs"),
    TableSpec("80298ned", "CBS", "Gezonde levensverwachting; inkomensklasse", ("80298ned.csv",),
              role="oudere reeks gezondheidskloof naar inkomen"),
    TableSpec("86004NED", "CBS", "Inkomen van huishoudens; regio", ("86004NED.csv",),
              live_slice=(("Populatie", ("Particuliere huishoudens incl. studenten",)),
                          ("KenmerkenVanHuishoudens", ("Particuliere huishoudens",))),
              role="inkomen (context)"),
    TableSpec("50090NED", "RIVM", "Gezondheid per wijk en buurt; 2012/2016/2020 (indeling 2020)",
              ("50090NED_2012_18plus.csv", "50090NED_2012_65plus.csv", "50090NED_2016_18plus.csv",
               "50090NED_2016_65plus.csv", "50090NED_2020_18plus.csv", "50090NED_2020_65plus.csv"),
              ("Gemeentenaam_1", "SoortRegio_2", "Codering_3"),
              live_slice=(("Marges", ("MW00000",)), ("Leeftijd", ("20300", "80200"))),
              role="gezondheid per wijk (ongelijkheid binnen de gemeente), missies 1 en 2"),
    TableSpec("50140NED", "RIVM", "Gezondheidsmonitor Jongvolwassenen 2024", ("50140NED.csv",),
              live_slice=(("Persoonskenmerken", ("T009002",)), ("Marges", ("MW00000",))),
              role="jongvolwassenen 2024"),
    TableSpec("85318NED", "CBS", "Kerncijfers wijken en buurten 2022", ("../wijken/wijken_2022.csv",),
              ("Gemeentenaam_1", "SoortRegio_2", "Codering_3", "IndelingswijzigingWijkenEnBuurten_4"),
              layout="wijken_tmap", live_filter="startswith(WijkenEnBuurten,'WK')",
              live_columns=("SoortRegio_2", "AantalInwoners_5", "k_40PersonenMetLaagsteInkomen_73",
                            "k_20PersonenMetHoogsteInkomen_74"),
              role="wijken 2022: namen, inwoners, aandeel lage inkomens (ongelijkheid binnen de gemeente, SII)"),
    TableSpec("RIVM_LV_GGD", "RIVM", "Levensverwachting per GGD-regio 2019-2022 (RIVM, VZinfo)",
              ("../rivm/klik_lv_ggd_20192022.csv",), ("AfwijkingBijGeboorte", "AfwijkingBij65Jaar"),
              layout="rivm_klik", role="levensverwachting per GGD-regio, missie 1 (alleen als bestand)"),
)

TABLES_BY_ID: dict[str, TableSpec] = {spec.table_id.upper(): spec for spec in SOURCE_TABLES}


def get_spec(table_id: str) -> TableSpec:
    """Return the declaration of ``table_id`` (case-insensitive), or raise with the known ids."""
    try:
        return TABLES_BY_ID[table_id.upper()]
    except KeyError:
        known = ", ".join(spec.table_id for spec in SOURCE_TABLES)
        raise KeyError(say(f"--tables: onbekende tabel {table_id!r}; bekend: {known}",
                           f"--tables: unknown table id {table_id!r}; known: {known}")) from None
