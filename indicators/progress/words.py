"""Statuses, trends and comparisons in words (Dutch by default, English with ``lang="en"``); no I/O.

Labels for the ids in ``progress.parquet``, one plain sentence with the numbers behind a status
(:func:`status_reason`) or a trend (:func:`trend_sentence`), the baseline rule
(:func:`baseline_rule_text`) and the method in plain paragraphs (:data:`METHOD_TEXT`, "Hoe we de
status bepalen"). Numbers are in Dutch format (decimal comma) in Dutch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from indicators.catalog.model import UNITS
from indicators.formatting import format_number
from indicators.progress import baseline as bl
from indicators.progress import compare as cp
from indicators.progress import projection as pj
from indicators.progress import status as st
from indicators.progress import trend as tr
from indicators.progress.uncertainty import REGISTRATION, SIGNIFICANCE_LEVEL, Z_975

STATUS_LABELS: dict[str, dict[str, str]] = {
    st.ACHIEVED: {"nl": "doel gehaald", "en": "target achieved"},
    st.AT_TARGET: {"nl": "rond het doel", "en": "around the target"},
    st.NO_MEASURABLE_CHANGE: {"nl": "geen meetbare verandering", "en": "no measurable change"},
    st.ON_TRACK: {"nl": "op koers", "en": "on track"},
    st.NEEDS_ACCELERATION: {"nl": "versnelling nodig", "en": "needs acceleration"},
    st.LIMITED_PROGRESS: {"nl": "beperkte vooruitgang", "en": "limited progress"},
    st.MOVING_AWAY: {"nl": "beweegt van het doel af", "en": "moving away from the target"},
    st.INSUFFICIENT_DATA: {"nl": "te weinig gegevens", "en": "insufficient data"},
    st.NO_TARGET: {"nl": "geen doel (context)", "en": "no target (context)"},
}

TREND_LABELS: dict[str, dict[str, str]] = {
    tr.IMPROVING: {"nl": "verbetert", "en": "improving"},
    tr.WORSENING: {"nl": "verslechtert", "en": "worsening"},
    tr.RISING: {"nl": "stijgt", "en": "rising"},
    tr.FALLING: {"nl": "daalt", "en": "falling"},
    tr.NO_SIGNIFICANT_CHANGE: {"nl": "geen significante verandering", "en": "no significant change"},
    tr.TOO_FEW_DATA: {"nl": "te weinig metingen", "en": "too few data"},
    tr.NOT_TESTED: {"nl": "niet getoetst", "en": "not tested"},
}

COMPARISON_LABELS: dict[str, dict[str, str]] = {
    cp.BETTER: {"nl": "beter", "en": "better"},
    cp.SIMILAR: {"nl": "vergelijkbaar", "en": "similar"},
    cp.WORSE: {"nl": "slechter", "en": "worse"},
    cp.HIGHER: {"nl": "hoger", "en": "higher"},
    cp.LOWER: {"nl": "lager", "en": "lower"},
    cp.NOT_TESTED: {"nl": "niet getoetst", "en": "not tested"},
    cp.NO_DATA: {"nl": "geen gegevens", "en": "no data"},
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def status_label(status: str, lang: str = "nl") -> str:
    """Words for a status id (the id itself when unknown)."""
    return STATUS_LABELS.get(status, {}).get(_lang(lang), status)


def trend_label(trend: str, lang: str = "nl") -> str:
    """Words for a trend id (the id itself when unknown)."""
    return TREND_LABELS.get(trend, {}).get(_lang(lang), trend)


def comparison_label(comparison: str, lang: str = "nl") -> str:
    """Words for a comparison id (the id itself when unknown)."""
    return COMPARISON_LABELS.get(comparison, {}).get(_lang(lang), comparison)


def baseline_rule_text(lang: str = "nl", baseline_year: float | None = None) -> str:
    """The baseline rule as one sentence, for every screen that shows a baseline.

    >>> baseline_rule_text("en")
    'Baseline: the last measurement in 2016-2019 (the missions date from 2019); where there is none, the first in 2019-2021.'
    """
    (low, high), (fallback_low, fallback_high) = bl.windows(baseline_year)
    if _lang(lang) == "en":
        return (f"Baseline: the last measurement in {low}-{high} (the missions date from {high}); "
                f"where there is none, the first in {fallback_low}-{fallback_high}.")
    return (f"Basisjaar: de laatste meting in {low}-{high} (de missies zijn van {high}); "
            f"is die er niet, dan de eerste meting in {fallback_low}-{fallback_high}.")


def baseline_rule_label(rule: str, lang: str = "nl", baseline_year: float | None = None) -> str:
    """Which branch of the baseline rule applied to a row, in words."""
    (low, high), (fallback_low, fallback_high) = bl.windows(baseline_year)
    en = _lang(lang) == "en"
    if rule == bl.RULE_LAST_IN_WINDOW:
        return f"last measurement in {low}-{high}" if en else f"laatste meting in {low}-{high}"
    if rule == bl.RULE_FIRST_IN_FALLBACK:
        return (f"first measurement in {fallback_low}-{fallback_high} (none in {low}-{high})" if en
                else f"eerste meting in {fallback_low}-{fallback_high} (geen in {low}-{high})")
    return (f"no measurement in {low}-{fallback_high}" if en else f"geen meting in {low}-{fallback_high}")


def format_p(p: float, lang: str = "nl") -> str:
    """A p-value as people read it: ``p = 0,10``, ``p = 0,004``, ``p < 0,001``.

    >>> format_p(0.1049), format_p(0.0042, "en"), format_p(1e-7)
    ('p = 0,10', 'p = 0.004', 'p < 0,001')
    """
    if not _finite(p):
        return ""
    if p < 0.001:
        return f"p < {format_number(0.001, lang, 3)}"
    return f"p = {format_number(p, lang, 2 if p >= 0.01 else 3)}"


def status_reason(row: Mapping, lang: str = "nl") -> str:
    """One plain sentence with the numbers behind a row's status (a row of ``progress.parquet``).

    Example (nl): ``2019: 64,0 -> 2023: 63,3 jaar; verschil -0,7 (95%-interval -1,5 tot 0,1), p = 0,10:
    geen meetbare verandering``.
    """
    en = _lang(lang) == "en"
    status = str(_get(row, "status", ""))
    label = status_label(status, lang)
    unit = _unit_label(row, lang)
    values = _values_text(row, lang, unit)
    target = _target_text(row, lang)
    if status == st.NO_TARGET:
        return f"{values}: {label}"
    if status == st.INSUFFICIENT_DATA:
        return f"{values}; {_insufficient_reason(row, lang)}: {label}"
    latest, latest_se = _number(row, "latest_value"), _number(row, "latest_se")
    registration = _get(row, "uncertainty", "") == REGISTRATION
    interval = ""
    lower, upper = _number(row, "latest_lower"), _number(row, "latest_upper")
    if not registration and _finite(lower) and _finite(upper):  # the interval the status was decided on
        interval = _between(lower, upper, lang)
    elif not registration and _finite(latest_se):
        interval = _between(latest - Z_975 * latest_se, latest + Z_975 * latest_se, lang)
    if status == st.ACHIEVED:
        if registration:
            where = ("the latest value (a registration) meets the target" if en
                     else "de laatste waarde (registratie) haalt het doel")
        else:
            where = (f"the whole 95% interval of the latest measurement ({interval}) meets the target" if en
                     else f"het hele 95%-interval van de laatste meting ({interval}) haalt het doel")
        return f"{values}; {target}; {where}: {label}"
    if status == st.AT_TARGET:
        where = (f"the target lies inside the 95% interval of the latest measurement ({interval})" if en
                 else f"het doel ligt binnen het 95%-interval van de laatste meting ({interval})")
        return f"{values}; {target}; {where}: {label}"
    change = _change_text(row, lang)
    overlap = {"overlap": (" (the periods overlap, so this test is cautious)" if en
                           else " (de perioden overlappen, dus deze toets is voorzichtig)"),
               "same_units": (" (both years come from the same districts, so this test is cautious)" if en
                              else " (beide jaren komen uit dezelfde wijken, dus deze toets is voorzichtig)"),
               }.get(str(_get(row, "change_correlated", "")), "")
    if status == st.NO_MEASURABLE_CHANGE:
        return f"{values}; {change}{overlap}: {label}"
    if status == st.MOVING_AWAY and not _finite(_number(row, "ratio")):
        met = ("the baseline already met the target, the latest measurement no longer does" if en
               else "het basisjaar haalde het doel al, de laatste meting niet meer")
        return f"{values}; {change}; {target}; {met}: {label}"
    ratio = _number(row, "ratio")
    pace = ""
    if _finite(ratio):
        if ratio < 0:
            pace = "the change goes the wrong way" if en else "de verandering gaat de verkeerde kant op"
        else:
            share = format_number(100 * ratio, lang, 0)
            pace = (f"pace {share}% of what the target needs" if en else f"tempo {share}% van wat het doel vraagt")
    return f"{values}; {change}; {target}; {pace}: {label}"


def trend_sentence(row: Mapping, lang: str = "nl") -> str:
    """The tested trend of a row in one sentence.

    Example (nl): ``Trend sinds 2016 (3 metingen): verbetert, +0,4 procentpunt per jaar, p = 0,01``.
    """
    en = _lang(lang) == "en"
    trend = str(_get(row, "trend", ""))
    label = trend_label(trend, lang)
    n = int(_number(row, "trend_n")) if _finite(_number(row, "trend_n")) else 0
    since = str(_get(row, "baseline_period", "") or "")
    if trend == tr.TOO_FEW_DATA or not since:
        return (f"Trend: {label} since the baseline" if en else f"Trend: {label} sinds het basisjaar")
    head = (f"Trend since {since} ({n} measurements)" if en else f"Trend sinds {since} ({n} metingen)")
    if trend == tr.NOT_TESTED:
        why = "the uncertainty of the values is not known" if en else "de onzekerheid van de waarden is niet bekend"
        return f"{head}: {label} ({why})"
    slope = _number(row, "trend_slope_per_year")
    parts = [label]
    if _finite(slope):
        per_year = "per year" if en else "per jaar"
        parts.append(f"{_signed(slope, lang)} {_change_unit_label(row, lang)} {per_year}")
    if _get(row, "uncertainty", "") == REGISTRATION:
        parts.append(_registration_words(row, lang))
    else:
        parts.append(format_p(_number(row, "trend_p"), lang))
    return f"{head}: {', '.join(part for part in parts if part)}"


def _method_text(lang: str) -> str:
    (low, high), (fallback_low, fallback_high) = bl.windows()
    level = format_number(100 * SIGNIFICANCE_LEVEL, lang, 0)
    on_track = format_number(st.ON_TRACK_MIN, lang, 2)
    acceleration = format_number(st.NEEDS_ACCELERATION_MIN, lang, 2)
    points, span = pj.MIN_POINTS, format_number(pj.MIN_SPAN_YEARS, lang, 0)
    if lang == "en":
        return "\n\n".join([
            "How we decide the status",
            f"Baseline. The missions date from {high}. The baseline is the last measurement in {low}-{high}; where "
            f"there is none, the first measurement in {fallback_low}-{fallback_high}. Without either, the status is "
            "\"insufficient data\".",
            "Uncertainty. Survey figures are estimates from a sample: each comes with a 95% interval, the values that "
            "fit the measurement (with new samples again and again, such intervals would hold the true value 95 "
            "times in 100). Registrations (Wmo, Wlz) count everyone and have no "
            "interval; for them we declare the smallest change that counts. Where the uncertainty of a survey or "
            "model estimate is not known, we give no status.",
            "\"Target achieved\" means that the whole 95% interval of the latest measurement lies on the target's "
            "side, and that the distance to the target is larger than the uncertainty of the target itself (it is "
            "computed from the baseline, which is a measurement too).",
            f"By \"no measurable change\" we mean that the difference between the baseline and the latest "
            f"measurement is within the noise of the measurements: a two-sided test at the {level}% level finds no "
            "significant change (for registrations: the difference is smaller than the smallest change that counts). "
            "It is an honest answer, not a failure: the figures show neither progress nor decline. Where the two "
            "measurements share data (overlapping four-year periods, or the same districts in an SII), their errors "
            "are correlated; we test them as if independent, which makes a change harder to call measurable, and the "
            "reason next to the status says so.",
            "When the change is measurable and the target lies inside the 95% interval of the latest measurement, "
            "the status is \"around the target\": the data cannot tell whether it has been reached.",
            f"Only when the change is measurable do we compare its pace with the pace the target needs (the "
            f"Eurostat method): at least {on_track} of the required pace is \"on track\", at least {acceleration} "
            "\"needs acceleration\", from 0 \"limited progress\", below 0 \"moving away from the target\". For a "
            "target in percent (30% fewer) we compare yearly growth rates, otherwise the change per year.",
            "Trend. Apart from the target, every indicator gets a tested trend from the measurements since the "
            "baseline: improving, worsening (rising, falling where more is not better or worse) or no significant "
            "change. With two or three measurements we test the difference between the first and the last (the "
            "same test as the status); from four measurements the slope of the fitted line. We compare a region "
            "with the Netherlands and its GGD region with the same kind of test.",
            f"Projection. We project a trend to the deadline only from at least {points} measurements spanning at "
            f"least {span} years, on a scale that cannot leave what is possible (a percentage stays between 0 and "
            "100), with a 95% prediction interval. With fewer measurements there is no projection: from three survey "
            "measurements the band would cover almost everything between 0 and 100%.",
        ])
    return "\n\n".join([
        "Hoe we de status bepalen",
        f"Basisjaar. De missies zijn van {high}. Het basisjaar is de laatste meting in {low}-{high}; is die er "
        f"niet, dan de eerste meting in {fallback_low}-{fallback_high}. Zonder zo'n meting is de status \"te weinig "
        "gegevens\".",
        "Onzekerheid. Cijfers uit een enquête zijn schattingen uit een steekproef: bij elk cijfer hoort een "
        "95%-interval: de waarden die bij de meting passen (bij steeds nieuwe steekproeven zou zo'n interval de "
        "echte waarde 95 van de 100 keer bevatten). Registraties (Wmo, Wlz) tellen "
        "iedereen en hebben geen interval; daarvoor leggen we vast welke verandering minimaal telt. Is de "
        "onzekerheid van een schatting niet bekend, dan geven we geen status.",
        "\"Doel gehaald\" betekent dat het hele 95%-interval van de laatste meting aan de goede kant van het doel "
        "ligt, en dat de afstand tot het doel groter is dan de onzekerheid van het doel zelf (dat is berekend uit "
        "het basisjaar, ook een meting).",
        f"Met \"geen meetbare verandering\" bedoelen we dat het verschil tussen het basisjaar en de laatste meting "
        f"binnen de ruis van de metingen valt: een tweezijdige toets op {level}%-niveau vindt geen significante "
        "verandering (bij registraties: het verschil is kleiner dan de kleinste verandering die telt). Dat is een "
        "eerlijk antwoord, geen falen: de cijfers laten vooruitgang noch achteruitgang zien. Delen de twee metingen "
        "gegevens (overlappende vierjaarsperioden, of dezelfde wijken bij een SII), dan zijn hun fouten "
        "gecorreleerd; we toetsen ze alsof ze onafhankelijk zijn. Dan is een verandering moeilijker meetbaar te "
        "noemen, en de uitleg bij de status zegt dat.",
        "Is de verandering wel meetbaar en ligt het doel binnen het 95%-interval van de laatste meting, dan is de "
        "status \"rond het doel\": de cijfers kunnen niet zeggen of het doel al bereikt is.",
        f"Alleen als de verandering meetbaar is, vergelijken we het tempo met het tempo dat het doel vraagt (de "
        f"methode van Eurostat): minstens {on_track} keer het benodigde tempo is \"op koers\", minstens "
        f"{acceleration} keer \"versnelling nodig\", vanaf 0 \"beperkte vooruitgang\", onder 0 \"beweegt van het "
        "doel af\". Bij een doel in procenten (30% minder) vergelijken we jaarlijkse groeipercentages, anders de "
        "verandering per jaar.",
        "Trend. Los van het doel krijgt elke indicator een getoetste trend uit de metingen sinds het basisjaar: "
        "verbetert, verslechtert (stijgt of daalt waar meer niet beter of slechter is) of geen significante "
        "verandering. Bij twee of drie metingen toetsen we het verschil tussen de eerste en de laatste (dezelfde "
        "toets als bij de status); vanaf vier metingen de helling van de getrokken lijn. Een regio vergelijken we "
        "met Nederland en met de eigen GGD-regio met dezelfde soort toets.",
        f"Projectie. We trekken een trend alleen door naar de einddatum bij minstens {points} metingen over minstens "
        f"{span} jaar, op een schaal die niet buiten het mogelijke kan komen (een percentage blijft tussen 0 en 100), "
        "met een 95%-voorspellingsinterval. Bij minder metingen is er geen projectie: uit drie enquêtemetingen zou "
        "die band bijna alles tussen 0 en 100% omvatten.",
    ])


METHOD_TEXT: dict[str, str] = {"nl": _method_text("nl"), "en": _method_text("en")}
"""'Hoe we de status bepalen' / 'How we decide the status': a title line and plain paragraphs, blank-line separated."""


def _get(row: Mapping, key: str, default: object = None) -> object:
    try:
        value = row[key]
    except (KeyError, IndexError):
        return default
    try:
        if value is None or value != value:  # NaN / NA
            return default
    except (TypeError, ValueError):
        return default
    return value


def _number(row: Mapping, key: str) -> float:
    value = _get(row, key)
    try:
        return float(value) if value is not None else math.nan
    except (TypeError, ValueError):
        return math.nan


def _finite(value: float | None) -> bool:
    return value is not None and isinstance(value, int | float) and math.isfinite(value)


def _unit_label(row: Mapping, lang: str) -> str:
    unit = str(_get(row, "unit", "") or "")
    return UNITS.get(unit, {}).get(_lang(lang), unit)


def _signed(value: float, lang: str) -> str:
    text = format_number(value, lang)
    if text.startswith("-") and not any(digit in "123456789" for digit in text):
        text = text[1:]  # -0,0
    return text if text.startswith("-") else f"+{text}"


def _change_unit_label(row: Mapping, lang: str) -> str:
    """The unit of a change: percentage points for a percentage, else the indicator's unit."""
    if str(_get(row, "unit", "") or "") == "pct":
        return UNITS["pct_points"][_lang(lang)]
    return _unit_label(row, lang)


def _between(low: float, high: float, lang: str) -> str:
    return f"{format_number(low, lang)} {'to' if _lang(lang) == 'en' else 'tot'} {format_number(high, lang)}"


def _values_text(row: Mapping, lang: str, unit: str) -> str:
    latest = f"{_get(row, 'latest_period', '')}: {format_number(_number(row, 'latest_value'), lang)} {unit}".rstrip()
    period = _get(row, "baseline_period", "")
    if period and period != _get(row, "latest_period", ""):
        return f"{period}: {format_number(_number(row, 'baseline_value'), lang)} -> {latest}"
    return latest


def _target_text(row: Mapping, lang: str) -> str:
    en = _lang(lang) == "en"
    indicative = bool(_get(row, "indicative_target", False))
    word = ("indicative target" if indicative else "target") if en else ("indicatief doel" if indicative else "doel")
    deadline = int(_number(row, "deadline")) if _finite(_number(row, "deadline")) else 0
    when = f" {'by' if en else 'in'} {deadline}" if deadline > 0 else ""
    return f"{word} {format_number(_number(row, 'target_value'), lang)}{when}"


def _registration_words(row: Mapping, lang: str) -> str:
    smallest = format_number(_number(row, "min_change"), lang)
    return (f"a registration: changes from {smallest} count" if _lang(lang) == "en"
            else f"registratie: een verandering vanaf {smallest} telt")


def _change_text(row: Mapping, lang: str) -> str:
    en = _lang(lang) == "en"
    change, change_se = _number(row, "change"), _number(row, "change_se")
    head = f"{'difference' if en else 'verschil'} {_signed(change, lang)}"
    if _get(row, "uncertainty", "") == REGISTRATION:
        return f"{head} ({_registration_words(row, lang)})"
    if not _finite(change_se):
        return head
    interval = _between(change - 1.959963984540054 * change_se, change + 1.959963984540054 * change_se, lang)
    return f"{head} ({'95% interval' if en else '95%-interval'} {interval}), {format_p(_number(row, 'change_p'), lang)}"


def _insufficient_reason(row: Mapping, lang: str) -> str:
    en = _lang(lang) == "en"
    (low, high), (fallback_low, fallback_high) = bl.windows()
    if not _get(row, "baseline_period", ""):
        return (f"no measurement in {low}-{high} or {fallback_low}-{fallback_high} to use as the baseline" if en
                else f"geen meting in {low}-{high} of {fallback_low}-{fallback_high} om als basisjaar te nemen")
    if _get(row, "baseline_period") == _get(row, "latest_period"):
        return "no measurement after the baseline yet" if en else "nog geen meting na het basisjaar"
    if _get(row, "target_kind", "") == st.RELATIVE_CHANGE and not _number(row, "baseline_value") > 0:
        return ("a target in percent needs a baseline above 0" if en
                else "een doel in procenten vraagt een basiswaarde boven 0")
    return ("the uncertainty of this estimate is not known, so a change cannot be tested" if en
            else "de onzekerheid van deze schatting is niet bekend, dus een verandering is niet te toetsen")
