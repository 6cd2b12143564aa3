"""The national health missions, declared once, with the targets the monitor measures against.

Source of the missions: the Dutch "Missie Gezondheid en Zorg" (2019) as the Health Hub Utrecht
follows them. A target is attached to a specific indicator; indicators of a mission without a
target are shown for context, with their trend and comparison but no status against a target.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.periods import parse_period
from indicators.progress import ABSOLUTE_CHANGE, DEFAULT_BASELINE_YEAR, RELATIVE_CHANGE

BASELINE_RULE_NL = (
    "Basisjaar: de laatste meting in of vóór 2019, het jaar waarin de missies zijn vastgesteld."
)
BASELINE_RULE_EN = "Baseline: the last measurement in or before 2019, the year the missions were set."


@dataclass(frozen=True)
class Target:
    """What an indicator must reach by the mission's deadline.

    Attributes:
        indicator_id: the indicator the target applies to.
        kind: ``absolute_change`` (amount in the indicator's unit) or ``relative_change``
            (fraction of the baseline, e.g. ``-0.30``).
        amount: the change to reach.
        indicative: True when the mission's target is applied to a proxy (shown as "indicatief").
    """

    indicator_id: str
    kind: str
    amount: float
    indicative: bool = False


@dataclass(frozen=True)
class Mission:
    """One mission.

    Attributes:
        id: ``M1a``, ``M1b``, ``M2``, ``M3``, ``M4``.
        title_nl / title_en: short name.
        statement_nl / statement_en: the mission as stated.
        deadline: year the target must be reached.
        targets: the measured targets (headline first).
        data_gap_nl / data_gap_en: what cannot be measured, said plainly on screen.
    """

    id: str
    title_nl: str
    title_en: str
    statement_nl: str
    statement_en: str
    deadline: int
    targets: tuple[Target, ...]
    data_gap_nl: str = ""
    data_gap_en: str = ""
    baseline_year: float = DEFAULT_BASELINE_YEAR
    headline: tuple[str, ...] = field(default=())

    @property
    def deadline_year(self) -> float:
        """Deadline on the period-year scale (mid-point of the deadline year)."""
        return parse_period(str(self.deadline)).year

    def title(self, lang: str = "nl") -> str:
        """Title in ``lang``."""
        return self.title_en if lang == "en" else self.title_nl

    def statement(self, lang: str = "nl") -> str:
        """Statement in ``lang``."""
        return self.statement_en if lang == "en" else self.statement_nl

    def data_gap(self, lang: str = "nl") -> str:
        """Data gap text in ``lang``."""
        return self.data_gap_en if lang == "en" else self.data_gap_nl

    def target_for(self, indicator_id: str) -> Target | None:
        """Return the target for an indicator of this mission, if any."""
        return next((target for target in self.targets if target.indicator_id == indicator_id), None)


MISSIONS: tuple[Mission, ...] = (
    Mission(
        id="M1a",
        title_nl="Vijf jaar langer in goede gezondheid",
        title_en="Five more years in good health",
        statement_nl="In 2040 leven alle Nederlanders ten minste vijf jaar langer in goede gezondheid.",
        statement_en="By 2040 everyone in the Netherlands lives at least five more years in good health.",
        deadline=2040,
        targets=(Target("gezonde_levensverwachting_jaren", ABSOLUTE_CHANGE, 5.0),),
        headline=("gezonde_levensverwachting_jaren", "ervaren_gezondheid_goed_pct"),
        data_gap_nl="De gezonde levensverwachting is er niet per gemeente of GGD-regio: per gemeente tonen we ervaren gezondheid (proxy), zonder doel.",
        data_gap_en="Healthy life expectancy does not exist per municipality or GGD region: per municipality we show self-rated health (proxy), without a target.",
    ),
    Mission(
        id="M1b",
        title_nl="30% kleinere gezondheidskloof",
        title_en="A 30% smaller health gap",
        statement_nl="In 2040 is het verschil in gezonde levensverwachting tussen de laagste en hoogste sociaaleconomische groepen 30% kleiner.",
        statement_en="By 2040 the gap in healthy life expectancy between the lowest and highest socio-economic groups is 30% smaller.",
        deadline=2040,
        targets=(
            Target("inkomenskloof_gezonde_levensjaren", RELATIVE_CHANGE, -0.30),
            Target("opleidingskloof_gezonde_levensjaren", RELATIVE_CHANGE, -0.30),
            Target("wijkkloof_ervaren_gezondheid_pp", RELATIVE_CHANGE, -0.30, indicative=True),
        ),
        headline=("inkomenskloof_gezonde_levensjaren", "wijkkloof_ervaren_gezondheid_pp"),
        data_gap_nl="De kloof naar inkomen en opleiding is er alleen landelijk; binnen een gemeente meten we de kloof tussen wijken (indicatief doel: 30% kleiner).",
        data_gap_en="The gap by income and education exists only nationally; within a municipality we measure the gap between districts (indicative target: 30% smaller).",
    ),
    Mission(
        id="M2",
        title_nl="30% minder ziektelast door leefstijl en leefomgeving",
        title_en="30% less disease burden from lifestyle and environment",
        statement_nl="In 2040 is de ziektelast door een ongezonde leefstijl en leefomgeving 30% lager.",
        statement_en="By 2040 the disease burden from unhealthy lifestyle and living environment is 30% lower.",
        deadline=2040,
        targets=(
            Target("roken_pct", RELATIVE_CHANGE, -0.30, indicative=True),
            Target("overmatig_drinken_pct", RELATIVE_CHANGE, -0.30, indicative=True),
            Target("overgewicht_pct", RELATIVE_CHANGE, -0.30, indicative=True),
            Target("obesitas_pct", RELATIVE_CHANGE, -0.30, indicative=True),
            Target("te_weinig_bewegen_pct", RELATIVE_CHANGE, -0.30, indicative=True),
        ),
        headline=("roken_pct", "overgewicht_pct"),
        data_gap_nl="Ziektelast (DALY's) door leefstijl en leefomgeving staat niet in de bronnen; we volgen de leefstijlfactoren met een indicatief doel van 30% minder. Leefomgeving (lucht, geluid) ontbreekt.",
        data_gap_en="Disease burden (DALYs) from lifestyle and environment is not in the sources; we follow the lifestyle factors with an indicative target of 30% less. Living environment (air, noise) is missing.",
    ),
    Mission(
        id="M3",
        title_nl="50% meer zorg in de eigen leefomgeving",
        title_en="50% more care in one's own living environment",
        statement_nl="In 2030 wordt zorg 50% vaker in de eigen leefomgeving georganiseerd in plaats van in instellingen.",
        statement_en="By 2030 care is organised 50% more often in people's own living environment instead of in institutions.",
        deadline=2030,
        targets=(Target("wlz_zorg_thuis_pct", RELATIVE_CHANGE, 0.50),),
        headline=("wlz_zorg_thuis_pct", "wmo_naar_wlz_pct"),
        data_gap_nl="Wlz-zorg thuis of met verblijf is er alleen landelijk; per gemeente tonen we Wmo-ondersteuning en de overgang naar de Wlz (proxy's, zonder doel).",
        data_gap_en="Wlz care at home or with stay exists only nationally; per municipality we show Wmo support and the step into the Wlz (proxies, without a target).",
    ),
    Mission(
        id="M4",
        title_nl="25% meer mensen met een chronische ziekte of beperking doen mee",
        title_en="25% more people with a chronic illness or disability take part",
        statement_nl="In 2030 doen 25% meer mensen met een chronische ziekte of beperking naar wens mee in de samenleving.",
        statement_en="By 2030 the share of people with a chronic illness or disability who take part in society as they wish is 25% higher.",
        deadline=2030,
        targets=(),
        headline=("eenzaamheid_pct", "langdurige_aandoening_pct"),
        data_gap_nl="Geen bron meet of mensen met een chronische ziekte of beperking naar wens meedoen. Daarom geen status voor deze missie: we tonen de groep (langdurige aandoening, beperkt) en maten van meedoen voor alle volwassenen.",
        data_gap_en="No source measures whether people with a chronic illness or disability take part as they wish. So no status for this mission: we show the group (long-term condition, limited) and measures of taking part for all adults.",
    ),
)

MISSIONS_BY_ID = {mission.id: mission for mission in MISSIONS}


def mission_of(indicator_mission: str) -> Mission | None:
    """Return the mission an indicator belongs to, or None for context indicators."""
    return MISSIONS_BY_ID.get(indicator_mission)


def target_of(indicator_id: str) -> tuple[Mission, Target] | None:
    """Return (mission, target) for an indicator that has a target, else None."""
    for mission in MISSIONS:
        target = mission.target_for(indicator_id)
        if target is not None:
            return mission, target
    return None
