"""The national health missions, declared once, with the targets the monitor measures against.

Source of the missions: the Dutch "Missie Gezondheid en Zorg" (2019), named and worded as RIVM's
"Monitor missies gezondheid en zorg" (volksgezondheidenzorg.info / vzinfo.nl) states them. The
monitor's short ids stay: ``M1a`` and ``M1b`` are the two parts of VZinfo's *Centrale missie*,
``M2`` is VZinfo's *Missie 1*, ``M3`` *Missie 2*, ``M4`` *Missie 3*.

A target is attached to a specific indicator; indicators of a mission without a target are shown
for context, with their trend and comparison but no status against a target. A target applied to
a proxy (a prevalence for a disease burden, Wlz care at home for all care) is *indicative* and
says in its own wording what it is about ("indicatief: 30% minder rokers").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.periods import parse_period
from indicators.progress.baseline import DEFAULT_BASELINE_YEAR
from indicators.progress.status import ABSOLUTE_CHANGE, RELATIVE_CHANGE
from indicators.progress.words import baseline_rule_text

BASELINE_RULE_NL = baseline_rule_text("nl")
"""The baseline rule in one Dutch sentence (see :mod:`indicators.progress.baseline`)."""
BASELINE_RULE_EN = baseline_rule_text("en")
"""The baseline rule in one English sentence."""


@dataclass(frozen=True)
class Target:
    """What an indicator must reach by the mission's deadline.

    Attributes:
        indicator_id: the indicator the target applies to.
        kind: ``absolute_change`` (amount in the indicator's unit) or ``relative_change``
            (fraction of the baseline, e.g. ``-0.30``).
        amount: the change to reach.
        indicative: True when the mission's target is applied to a proxy (shown as "indicatief").
        wording_nl / wording_en: what the target asks, in words that name the measured quantity
            (``indicatief: 30% minder rokers``), shown next to a status so that a status on a proxy
            never reads as the mission's own target being met.
    """

    indicator_id: str
    kind: str
    amount: float
    indicative: bool = False
    wording_nl: str = ""
    wording_en: str = ""

    def wording(self, lang: str = "nl") -> str:
        """The target in words, in ``lang``."""
        return self.wording_en if lang == "en" else self.wording_nl


@dataclass(frozen=True)
class Mission:
    """One mission.

    Attributes:
        id: ``M1a``, ``M1b``, ``M2``, ``M3``, ``M4``.
        title_nl / title_en: short name of what the monitor measures for it.
        statement_nl / statement_en: the mission as VZinfo states it (English: our translation).
        deadline: year the target must be reached.
        targets: the measured targets (headline first).
        data_gap_nl / data_gap_en: what cannot be measured, said plainly on screen.
        baseline_year: calendar year the baseline rule starts from (2019).
        headline: the indicators shown first.
        vzinfo_name_nl / vzinfo_name_en: the mission's name at VZinfo.
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
    vzinfo_name_nl: str = ""
    vzinfo_name_en: str = ""

    def vzinfo_name(self, lang: str = "nl") -> str:
        """VZinfo's name of the mission (``Missie 1: Leefstijl en leefomgeving``), in ``lang``."""
        return self.vzinfo_name_en if lang == "en" else self.vzinfo_name_nl

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


CENTRAL_STATEMENT_NL = (
    "In 2040 leven alle Nederlanders tenminste vijf jaar langer in goede gezondheid, en zijn de gezondheidsverschillen "
    "tussen de laagste en hoogste sociaaleconomische groepen met 30% afgenomen."
)
CENTRAL_STATEMENT_EN = (
    "By 2040 everyone in the Netherlands lives at least five years longer in good health, and the health differences "
    "between the lowest and highest socio-economic groups have decreased by 30%."
)


def _share(amount: float) -> str:
    return f"{abs(amount) * 100:.0f}%"


def _indicative_fewer(indicator_id: str, nl: str, en: str, amount: float = -0.30) -> Target:
    """An indicative target on the prevalence of one risk factor of mission M2."""
    return Target(indicator_id, RELATIVE_CHANGE, amount, indicative=True,
                  wording_nl=f"indicatief: {_share(amount)} minder {nl}", wording_en=f"indicative: {_share(amount)} fewer {en}")


MISSIONS: tuple[Mission, ...] = (
    Mission(
        id="M1a",
        title_nl="Vijf jaar langer in goede gezondheid",
        title_en="Five more years in good health",
        vzinfo_name_nl="Centrale missie",
        vzinfo_name_en="Central mission",
        statement_nl=CENTRAL_STATEMENT_NL,
        statement_en=CENTRAL_STATEMENT_EN,
        deadline=2040,
        targets=(Target("gezonde_levensverwachting_jaren", ABSOLUTE_CHANGE, 5.0,
                        wording_nl="5 jaar langer in goede gezondheid", wording_en="5 more years in good health"),),
        headline=("gezonde_levensverwachting_jaren", "ervaren_gezondheid_goed_pct"),
        data_gap_nl="De gezonde levensverwachting is er niet per gemeente of GGD-regio: per gemeente tonen we ervaren gezondheid (proxy), zonder doel.",
        data_gap_en="Healthy life expectancy does not exist per municipality or GGD region: per municipality we show self-rated health (proxy), without a target.",
    ),
    Mission(
        id="M1b",
        title_nl="30% kleinere gezondheidskloof",
        title_en="A 30% smaller health gap",
        vzinfo_name_nl="Centrale missie",
        vzinfo_name_en="Central mission",
        statement_nl=CENTRAL_STATEMENT_NL,
        statement_en=CENTRAL_STATEMENT_EN,
        deadline=2040,
        targets=(
            Target("inkomenskloof_gezonde_levensjaren", RELATIVE_CHANGE, -0.30,
                   wording_nl="30% kleinere kloof naar inkomen", wording_en="a 30% smaller gap by income"),
            Target("opleidingskloof_gezonde_levensjaren", RELATIVE_CHANGE, -0.30,
                   wording_nl="30% kleinere kloof naar opleiding", wording_en="a 30% smaller gap by education"),
            Target("sii_ervaren_gezondheid_pp", RELATIVE_CHANGE, -0.30, indicative=True,
                   wording_nl="indicatief: 30% kleinere helling tussen arme en rijke wijken",
                   wording_en="indicative: a 30% smaller slope between poorer and richer districts"),
        ),
        headline=("inkomenskloof_gezonde_levensjaren", "sii_ervaren_gezondheid_pp"),
        data_gap_nl="De kloof naar inkomen en opleiding is er alleen landelijk. Binnen een gemeente meten we de helling van de gezondheid tussen wijken met veel en weinig lage inkomens (de slope index of inequality, uit RIVM-modelschattingen per wijk; indicatief doel: 30% kleiner).",
        data_gap_en="The gap by income and education exists only nationally. Within a municipality we measure the slope of health between districts with many and few low incomes (the slope index of inequality, from RIVM model estimates per district; indicative target: 30% smaller).",
    ),
    Mission(
        id="M2",
        title_nl="30% minder ziektelast door leefstijl en leefomgeving",
        title_en="30% less disease burden from lifestyle and environment",
        vzinfo_name_nl="Missie 1: Leefstijl en leefomgeving",
        vzinfo_name_en="Mission 1: Lifestyle and living environment",
        statement_nl="In 2040 is de ziektelast als gevolg van een ongezonde leefstijl en ongezonde leefomgeving met 30% afgenomen.",
        statement_en="By 2040 the disease burden due to an unhealthy lifestyle and an unhealthy living environment has decreased by 30%.",
        deadline=2040,
        targets=(
            _indicative_fewer("roken_pct", "rokers", "smokers"),
            _indicative_fewer("overmatig_drinken_pct", "overmatige drinkers", "excessive drinkers"),
            _indicative_fewer("overgewicht_pct", "mensen met overgewicht", "people with overweight"),
            _indicative_fewer("obesitas_pct", "mensen met obesitas", "people with obesity"),
            _indicative_fewer("te_weinig_bewegen_pct", "mensen die te weinig bewegen", "people who exercise too little"),
        ),
        headline=("roken_pct", "overgewicht_pct"),
        data_gap_nl="De ziektelast zelf (DALY's door leefstijl en leefomgeving) meten we hier niet: die staat niet in de bronnen. De indicatieve doelen gaan over hoe vaak elke risicofactor voorkomt (bijvoorbeeld 30% minder rokers); een status zegt iets over die factor, niet over de ziektelast. Leefomgeving (lucht, geluid) ontbreekt.",
        data_gap_en="The disease burden itself (DALYs from lifestyle and environment) is not measured here: it is not in the sources. The indicative targets are about how common each risk factor is (for example 30% fewer smokers); a status says something about that factor, not about the disease burden. Living environment (air, noise) is missing.",
    ),
    Mission(
        id="M3",
        title_nl="50% meer zorg in de eigen leefomgeving",
        title_en="50% more care in one's own living environment",
        vzinfo_name_nl="Missie 2: Toegang tot zorg",
        vzinfo_name_en="Mission 2: Access to care",
        statement_nl="In 2030 wordt zorg 50% meer (of vaker) in de eigen leefomgeving (in plaats van in zorginstellingen) georganiseerd, samen met het netwerk rond mensen.",
        statement_en="By 2030 care is organised 50% more (or more often) in people's own living environment (instead of in care institutions), together with the network around them.",
        deadline=2030,
        targets=(Target("wlz_zorg_thuis_pct", RELATIVE_CHANGE, 0.50, indicative=True,
                        wording_nl="indicatief: 50% meer Wlz-zorg thuis", wording_en="indicative: 50% more Wlz care at home"),),
        headline=("wlz_zorg_thuis_pct", "wmo_naar_wlz_pct"),
        data_gap_nl="Zorg in de eigen leefomgeving als geheel meet geen bron. Wlz-zorg thuis gaat alleen over mensen met Wlz-zorg (een kleine groep; een persoonsgebonden budget telt als thuis) en is er alleen landelijk: een proxy met een indicatief doel. Per gemeente tonen we Wmo-ondersteuning en de overgang naar de Wlz (proxy's, zonder doel).",
        data_gap_en="No source measures care in one's own living environment as a whole. Wlz care at home covers only people with Wlz care (a small group; a personal budget counts as home) and exists only nationally: a proxy with an indicative target. Per municipality we show Wmo support and the step into the Wlz (proxies, without a target).",
    ),
    Mission(
        id="M4",
        title_nl="25% meer mensen met een chronische ziekte of beperking doen mee",
        title_en="25% more people with a chronic illness or disability take part",
        vzinfo_name_nl="Missie 3: Mensen met chronische ziekten",
        vzinfo_name_en="Mission 3: People with chronic conditions",
        statement_nl="In 2030 is van de mensen met een chronische ziekte of levenslange beperking het deel dat naar wens en vermogen kan meedoen in de samenleving met 25% toegenomen.",
        statement_en="By 2030 the share of people with a chronic illness or lifelong disability who can take part in society as they wish and are able to has increased by 25%.",
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
