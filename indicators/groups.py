"""The project's own region groupings, declared in one place.

CBS does not publish these groups as regions, so the project declares their members here,
with where the membership comes from and the date it holds for. GGD regions, provinces and
the Netherlands are not declared here: they come from CBS's "Gebieden in Nederland" table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionGroup:
    """A group of municipalities that the project reports on as one region.

    Attributes:
        code: the project's own code (not a CBS code), e.g. ``U10``.
        name_nl: Dutch name shown on screen.
        name_en: English name.
        members: municipality names exactly as in the current "Gebieden in Nederland" table
            (``Naam_2``), resolved to ``GMxxxx`` codes by :mod:`indicators.regions`.
        source: where the membership comes from.
        as_of: date the membership holds for (ISO).
        check_against: a CBS region code whose municipalities must equal ``members``
            (checked when the region model is built), or empty.
    """

    code: str
    name_nl: str
    name_en: str
    members: tuple[str, ...]
    source: str
    as_of: str
    check_against: str = ""


U10 = RegionGroup(
    code="U10",
    name_nl="U10-regio (U16)",
    name_en="U10 region (U16)",
    members=(
        "Bunnik", "De Bilt", "De Ronde Venen", "Houten", "IJsselstein", "Lopik", "Montfoort",
        "Nieuwegein", "Oudewater", "Stichtse Vecht", "Utrecht", "Utrechtse Heuvelrug",
        "Vijfheerenlanden", "Wijk bij Duurstede", "Woerden", "Zeist",
    ),
    source="Samenwerkingsverband U10 (sinds 2022 16 gemeenten, ook U16 genoemd); "
    "gelijk aan RES-regio U16 in CBS Gebieden in Nederland",
    as_of="2024-01-01",
    check_against="ES14",
)

HEALTH_HUB = RegionGroup(
    code="HHU",
    name_nl="Health Hub Utrecht-partnergemeenten",
    name_en="Health Hub Utrecht partner municipalities",
    members=(
        "Utrecht", "De Bilt", "Nieuwegein", "Stichtse Vecht", "Vijfheerenlanden",
        "Wijk bij Duurstede", "Zeist",
    ),
    source="Oprichtingslijst Health Hub Utrecht (gemeenten genoemd bij de oprichting)",
    as_of="2024-01-01",
)

GROUPS: tuple[RegionGroup, ...] = (U10, HEALTH_HUB)
