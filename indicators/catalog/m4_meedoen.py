"""Mission 4: by 2030, 25% more people with a chronic illness or disability take part as they wish.

No source table measures "taking part in society as one wishes" among people with a chronic
illness or disability. The mission is shown as a data gap, with context indicators for the
group it is about and proxies for taking part.
"""

from __future__ import annotations

from indicators.catalog import formulas
from indicators.catalog.model import HIGHER_IS_BETTER, LOWER_IS_BETTER, MODEL, NEUTRAL, Indicator
from indicators.catalog.sources import (
    MONITOR_CAVEAT_EN,
    MONITOR_CAVEAT_NL,
    RIVM_CAVEAT_EN,
    RIVM_CAVEAT_NL,
    monitor_slices,
    rivm_municipal_slice,
)

THEME_NL, THEME_EN = "Meedoen", "Taking part"
PROXY_NL = "Meedoen naar wens van mensen met een chronische ziekte of beperking wordt niet gemeten; dit is een maat voor meedoen van alle volwassenen."
PROXY_EN = "Taking part as one wishes among people with a chronic illness or disability is not measured; this measures taking part among all adults."


def _rivm(indicator_id: str, title_nl: str, title_en: str, definition_nl: str, definition_en: str, column: str,
          direction: str, proxy: bool = True) -> Indicator:
    return Indicator(
        id=indicator_id, title_nl=title_nl, title_en=title_en, definition_nl=definition_nl, definition_en=definition_en,
        unit="pct", direction=direction, mission="M4", slices=rivm_municipal_slice(column), formula=formulas.measure,
        proxy=proxy, proxy_reason_nl=PROXY_NL if proxy else "", proxy_reason_en=PROXY_EN if proxy else "",
        caveats_nl=RIVM_CAVEAT_NL, caveats_en=RIVM_CAVEAT_EN, theme_nl=THEME_NL, theme_en=THEME_EN, uncertainty=MODEL,
    )


INDICATORS = (
    Indicator(
        id="langdurige_aandoening_pct",
        title_nl="Eén of meer langdurige aandoeningen",
        title_en="One or more long-term conditions",
        definition_nl="Percentage volwassenen met één of meer langdurige ziekten of aandoeningen.",
        definition_en="Percentage of adults with one or more long-term illnesses or conditions.",
        unit="pct", direction=NEUTRAL, mission="M4",
        slices=monitor_slices({"2016": "EenOfMeerLangdurigeAandoeningen_2", "2020": "EenOfMeerLangdurigeAandoeningen_2",
                               "2022": "EenOfMeerLangdurigeAandoeningen_4"}),
        formula=formulas.measure,
        caveats_nl="De groep waar missie 4 over gaat. 2012 is weggelaten: die tabel telt aandoeningen uit een lijst "
                   "(een andere vraag, met een veel hoger niveau dan 2016), dus geen trend. " + MONITOR_CAVEAT_NL,
        caveats_en="The group mission 4 is about. 2012 is left out: that table counts conditions from a list "
                   "(a different question, at a much higher level than 2016), so no trend. " + MONITOR_CAVEAT_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
    Indicator(
        id="beperkt_door_gezondheid_pct",
        title_nl="Beperkt vanwege gezondheid",
        title_en="Limited because of health",
        definition_nl="Percentage volwassenen dat (ernstig) beperkt is in activiteiten vanwege de gezondheid.",
        definition_en="Percentage of adults (severely) limited in activities because of their health.",
        unit="pct", direction=NEUTRAL, mission="M4", slices=rivm_municipal_slice("BeperktVanwegeGezondheid_17"),
        formula=formulas.measure, caveats_nl="De groep waar missie 4 over gaat. " + RIVM_CAVEAT_NL,
        caveats_en="The group mission 4 is about. " + RIVM_CAVEAT_EN, theme_nl=THEME_NL, theme_en=THEME_EN,
        uncertainty=MODEL,
    ),
    _rivm("langdurig_ziek_en_beperkt_pct", "Langdurig ziek en beperkt", "Long-term illness and limited",
          "Percentage volwassenen met een langdurige ziekte én beperkt vanwege de gezondheid.",
          "Percentage of adults with a long-term illness who are also limited by their health.",
          "LangdurigeZiekteEnBeperkt_19", NEUTRAL, proxy=False),
    _rivm("eenzaamheid_pct", "Eenzaamheid", "Loneliness", "Percentage volwassenen dat (matig of ernstig) eenzaam is.",
          "Percentage of adults who are (moderately or severely) lonely.", "Eenzaam_28", LOWER_IS_BETTER),
    _rivm("ernstige_eenzaamheid_pct", "Ernstige eenzaamheid", "Severe loneliness",
          "Percentage volwassenen dat ernstig of zeer ernstig eenzaam is.",
          "Percentage of adults who are severely or very severely lonely.", "ErnstigZeerErnstigEenzaam_29", LOWER_IS_BETTER),
    _rivm("regie_over_eigen_leven_pct", "Regie over eigen leven", "In control of one's own life",
          "Percentage volwassenen met matig tot veel regie over het eigen leven.",
          "Percentage of adults with moderate to much control over their own life.", "MatigVeelRegieOverEigenLeven_27",
          HIGHER_IS_BETTER),
    _rivm("vrijwilligerswerk_pct", "Vrijwilligerswerk", "Volunteering",
          "Percentage volwassenen dat vrijwilligerswerk doet.", "Percentage of adults doing voluntary work.",
          "Vrijwilligerswerk_33", HIGHER_IS_BETTER),
    _rivm("psychisch_risico_angst_depressie_pct", "Hoog risico op angststoornis of depressie",
          "High risk of anxiety disorder or depression",
          "Percentage volwassenen met een hoog risico op een angststoornis of depressie (K10).",
          "Percentage of adults at high risk of anxiety disorder or depression (K10).", "HoogRisicoOpAngstOfDepressie_25",
          LOWER_IS_BETTER, proxy=False),
    # 85563NED has two measures from the same five MHI-5 questions (nervous, calm, down, happy, so low that nothing could
    # cheer one up, in the past four weeks), with different cut-offs. Their national values show which is which:
    # AngstOfDepressiegevoelensAfg4Wk_2 is far higher than PsychischeKlachtenAfgelopen4Weken_3, as the broad cut-off
    # (score 76 or lower, CBS's "angst- of depressiegevoelens" since 2024) is above the classic one (60 or lower, the
    # Gezondheidsmonitor's "psychische klachten"). The id and title follow column _3, the monitor's long-standing
    # definition of psychological complaints that VZinfo reports; the broad _2 is not used.
    Indicator(
        id="psychische_klachten_pct",
        title_nl="Psychische klachten (MHI-5)",
        title_en="Psychological complaints (MHI-5)",
        definition_nl="Percentage volwassenen met psychische klachten: een score van 60 of lager (op 100) op de MHI-5, vijf vragen over hoe men zich de afgelopen 4 weken voelde (zenuwachtig, kalm en rustig, neerslachtig en somber, gelukkig, zo in de put dat niets kon opvrolijken).",
        definition_en="Percentage of adults with psychological complaints: a score of 60 or lower (out of 100) on the MHI-5, five questions on how one felt in the past 4 weeks (nervous, calm, down, happy, so low that nothing could cheer one up).",
        unit="pct", direction=LOWER_IS_BETTER, mission="M4",
        slices=monitor_slices({"2022": "PsychischeKlachtenAfgelopen4Weken_3"}), formula=formulas.measure,
        caveats_nl="Alleen in de tabel van 2022 (18 jaar en ouder): de monitors van 2012 en 2016 (19 jaar en ouder) en 2020 "
                   "publiceren deze maat niet per gemeente, dus nog geen trend. Niet te verwarren met 'angst- of "
                   "depressiegevoelens' (dezelfde vragen, ruimere grens van 76), dat veel hoger uitkomt. " + MONITOR_CAVEAT_NL,
        caveats_en="Only in the 2022 table (ages 18+): the monitors of 2012 and 2016 (ages 19+) and 2020 do not publish this "
                   "measure per municipality, so no trend yet. Not to be confused with 'anxiety or depressive feelings' "
                   "(the same questions, wider cut-off of 76), which comes out much higher. " + MONITOR_CAVEAT_EN,
        theme_nl=THEME_NL, theme_en=THEME_EN,
    ),
)
