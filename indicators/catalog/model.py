"""The shape of an indicator declaration.

An indicator is declared once, as data: where its numbers come from (:class:`Slice`), how they
are combined (``formula``, a pure function), what it means (titles, unit, direction) and which
mission it serves. :mod:`indicators.build` turns every declaration into rows of the tidy
``indicators.parquet``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
NEUTRAL = "neutral"
DIRECTIONS = (HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL)

# Units: Dutch label, English label, and the valid range of a value.
UNITS: dict[str, dict] = {
    "pct": {"nl": "%", "en": "%", "min": 0.0, "max": 100.0},
    "pct_points": {"nl": "procentpunt", "en": "percentage points", "min": -100.0, "max": 100.0},
    "years": {"nl": "jaar", "en": "years", "min": 0.0, "max": 120.0},
    "years_gap": {"nl": "jaar verschil", "en": "years difference", "min": -60.0, "max": 60.0},
    "per_1000_inhabitants": {"nl": "per 1.000 inwoners", "en": "per 1,000 inhabitants", "min": 0.0, "max": 1000.0},
    "hours_per_week": {"nl": "uur per week", "en": "hours per week", "min": 0.0, "max": 168.0},
    "k_eur": {"nl": "x 1.000 euro", "en": "x 1,000 euro", "min": 0.0, "max": 1000.0},
}

# Region levels an indicator can have values for.
GEOGRAPHY_LEVELS = ("land", "landsdeel", "provincie", "ggd", "groep", "gemeente")

# What kind of number a value is, and so what its uncertainty means (column ``uncertainty``).
SURVEY = "steekproef"  # a survey estimate: standard error from the source's interval or standard error
MODEL = "model"  # a model-based estimate (RIVM small-area estimates, and what is computed from them)
REGISTER = "registratie"  # a count of everyone (Wmo, Wlz, income and death registers): standard error 0
UNCERTAINTY_KINDS = (SURVEY, MODEL, REGISTER)


@dataclass(frozen=True)
class Denominator:
    """The population a share or rate is of, and how groups and mergers are weighted with it.

    Attributes:
        id: short id used in declarations (``volwassenen``).
        label_nl / label_en: words for screens and notes.
        share_of: for a sub-population measured as a share of the adults (carers): the indicator
            whose value (%) times the inhabitants gives the size of the sub-population.
    """

    id: str
    label_nl: str
    label_en: str
    share_of: str = ""


# Groups and merged municipalities are weighted with the denominator: by the ratio of summed counts
# where the indicator declares count slices (roles ``count``, ``base_count``, ``base_rate``), by
# inhabitants times the share of ``share_of`` for carers, and by inhabitants otherwise (the tables give
# no adult or young-adult population per municipality, so the total population stands in for it).
DENOMINATORS: dict[str, Denominator] = {
    denominator.id: denominator
    for denominator in (
        Denominator("volwassenen", "volwassenen (18 jaar en ouder; 19 en ouder in 2012 en 2016)",
                    "adults (18 and over; 19 and over in 2012 and 2016)"),
        Denominator("jongvolwassenen", "jongvolwassenen (16-25 jaar)", "young adults (16-25)"),
        Denominator("mantelzorgers", "mantelzorgers (volwassenen die mantelzorg geven)",
                    "informal carers (adults giving informal care)", share_of="mantelzorgers_pct"),
        Denominator("wmo_clienten", "volwassen Wmo-cliënten", "adult Wmo clients"),
        Denominator("inwoners_18plus", "inwoners van 18 jaar en ouder", "inhabitants aged 18 and over"),
        Denominator("inwoners", "inwoners", "inhabitants"),
        Denominator("personen_met_wlz_zorg", "personen die Wlz-zorg krijgen", "persons receiving Wlz care"),
        Denominator("bevolking", "de hele bevolking (periodetafel)", "the whole population (period life table)"),
        Denominator("huishoudens", "particuliere huishoudens", "private households"),
    )
}
COUNT_ROLES = ("count", "base_count", "base_rate")  # slices that weight, not feed the formula


@dataclass(frozen=True)
class Slice:
    """One measure read from one StatLine table.

    Attributes:
        table: table id in the store (``85563NED``).
        column: topic column (``Rokers_15``).
        filters: dimension -> accepted CBS title or key (``{"Leeftijd": "Totaal"}``); a row is
            kept when the dimension's label or code equals the value.
        period: period key for tables without a ``Perioden`` dimension (``2022``).
        margins: dimension that holds point estimate and interval (``Marges``/``Cijfersoort``);
            empty when the table has only point estimates.
        region_dimension: ``RegioS``, ``WijkenEnBuurten`` or empty for national tables.
        region_kinds: for 50090NED, which ``SoortRegio_2`` rows to keep (``Gemeente``, ``Wijk``...).
        role: name of the slice in a formula with several inputs (``low``, ``high``...).
        period_kind: keep only ``year`` or ``half_year`` periods (tables that mix both).
        skip_levels: region levels not to take from this table (e.g. the 2012 GGD division).
        note: a note for every row read through this slice (e.g. "19 jaar en ouder").
    """

    table: str
    column: str
    filters: dict[str, str] = field(default_factory=dict)
    period: str = ""
    margins: str = "Marges"
    region_dimension: str = "RegioS"
    region_kinds: tuple[str, ...] = ()
    role: str = "value"
    period_kind: str = ""
    skip_levels: tuple[str, ...] = ()
    note: str = ""


Formula = Callable[[dict[str, pd.DataFrame]], pd.DataFrame]


@dataclass(frozen=True)
class Indicator:
    """One indicator, declared once.

    Attributes:
        id: stable id with its unit in the name (``roken_pct``).
        title_nl / title_en: short titles for screens.
        definition_nl / definition_en: one or two sentences: what is counted, of whom.
        unit: key of :data:`UNITS`.
        direction: ``higher_is_better``, ``lower_is_better`` or ``neutral``.
        mission: mission id (``M1a``, ``M1b``, ``M2``, ``M3``, ``M4``) or ``context``.
        slices: the measures it is computed from.
        formula: pure function from ``{role: slice frame}`` to a frame with ``region_code``,
            ``period``, ``value``, ``lower``, ``upper`` (see :mod:`indicators.catalog.formulas`).
        levels: geography levels the indicator reports.
        aggregation: how group values are computed from municipalities: ``weighted_mean``
            (population-weighted, for rates and percentages), ``sum`` (counts) or ``none``.
        proxy: True when the indicator stands in for a mission figure that is not measured.
        proxy_reason_nl / proxy_reason_en: why, shown wherever the indicator is shown.
        caveats_nl / caveats_en: what a reader must know (breaks in series, definitions).
        theme_nl / theme_en: group heading on the profile page.
        uncertainty: ``steekproef`` (survey estimate), ``model`` (model-based estimate) or
            ``registratie`` (a count of everyone; standard error 0).
        min_change: the smallest meaningful change in the indicator's unit; must be > 0 for a
            ``registratie`` indicator (whose standard error is 0, so no test can say it).
        denominator: key of :data:`DENOMINATORS`: the population a share or rate is of, which
            also decides how groups and merged municipalities are weighted.
        same_units_every_period: True when every period is computed from the same units by
            construction (the SII: the same districts, resampled by one bootstrap), so the errors
            of two periods are positively correlated and a test of the change that treats them as
            independent is conservative; the status reason says so.
    """

    id: str
    title_nl: str
    title_en: str
    definition_nl: str
    definition_en: str
    unit: str
    direction: str
    mission: str
    slices: tuple[Slice, ...]
    formula: Formula
    levels: tuple[str, ...] = GEOGRAPHY_LEVELS
    aggregation: str = "weighted_mean"
    proxy: bool = False
    proxy_reason_nl: str = ""
    proxy_reason_en: str = ""
    caveats_nl: str = ""
    caveats_en: str = ""
    theme_nl: str = ""
    theme_en: str = ""
    uncertainty: str = SURVEY
    min_change: float = 0.0
    denominator: str = "volwassenen"
    same_units_every_period: bool = False

    def __post_init__(self) -> None:
        """Check the declaration itself (no data needed)."""
        if self.unit not in UNITS:
            raise ValueError(f"indicator {self.id}: unknown unit {self.unit!r}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"indicator {self.id}: unknown direction {self.direction!r}")
        if self.proxy and not self.proxy_reason_nl:
            raise ValueError(f"indicator {self.id}: a proxy needs proxy_reason_nl")
        unknown = set(self.levels) - set(GEOGRAPHY_LEVELS)
        if unknown:
            raise ValueError(f"indicator {self.id}: unknown level(s) {sorted(unknown)}")
        if self.uncertainty not in UNCERTAINTY_KINDS:
            raise ValueError(f"indicator {self.id}: uncertainty must be one of {UNCERTAINTY_KINDS}, not {self.uncertainty!r}")
        if self.uncertainty == REGISTER and not self.min_change > 0:
            raise ValueError(f"indicator {self.id}: a registratie indicator needs min_change > 0 (its standard error is 0)")
        if self.min_change < 0:
            raise ValueError(f"indicator {self.id}: min_change must not be negative")
        if self.denominator not in DENOMINATORS:
            raise ValueError(f"indicator {self.id}: unknown denominator {self.denominator!r}; known: {', '.join(DENOMINATORS)}")
        roles = {piece.role for piece in self.slices}
        if "base_count" in roles and "count" not in roles or ("base_count" in roles) != ("base_rate" in roles):
            raise ValueError(f"indicator {self.id}: base_count and base_rate slices go together, with a count slice")

    @property
    def source_tables(self) -> tuple[str, ...]:
        """Table ids the indicator reads, in declaration order, without repeats."""
        return tuple(dict.fromkeys(piece.table for piece in self.slices))

    @property
    def formula_slices(self) -> tuple[Slice, ...]:
        """The slices the formula combines (without the count slices that only weight)."""
        return tuple(piece for piece in self.slices if piece.role not in COUNT_ROLES)

    @property
    def counts(self) -> bool:
        """Whether groups and mergers are the ratio of summed counts (the indicator has count slices)."""
        return any(piece.role == "count" for piece in self.slices)

    def denominator_label(self, lang: str = "nl") -> str:
        """Words for the denominator in ``lang``."""
        denominator = DENOMINATORS[self.denominator]
        return denominator.label_en if lang == "en" else denominator.label_nl

    def title(self, lang: str = "nl") -> str:
        """Title in ``lang``."""
        return self.title_en if lang == "en" else self.title_nl

    def unit_label(self, lang: str = "nl") -> str:
        """Unit label in ``lang``."""
        return UNITS[self.unit]["en" if lang == "en" else "nl"]

    def definition(self, lang: str = "nl") -> str:
        """Definition in ``lang``."""
        return self.definition_en if lang == "en" else self.definition_nl

    def proxy_reason(self, lang: str = "nl") -> str:
        """Why this is a proxy, in ``lang`` (empty when it is not one)."""
        return self.proxy_reason_en if lang == "en" else self.proxy_reason_nl

    def caveats(self, lang: str = "nl") -> str:
        """Caveats in ``lang``."""
        return self.caveats_en if lang == "en" else self.caveats_nl

    def theme(self, lang: str = "nl") -> str:
        """Theme heading in ``lang``."""
        return self.theme_en if lang == "en" else self.theme_nl
