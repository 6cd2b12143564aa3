"""How statuses, trends, comparisons and uncertainty look: words, colours and symbols, the same everywhere.

The progress engine (:mod:`indicators.progress`) decides a status, a trend and a comparison and
says why in words (:mod:`indicators.progress.words`). This module decides how they are *shown*:
the colours of a status (colour-blind safe tints of the Okabe-Ito palette, each with an icon or a
symbol and always with its words; "geen meetbare verandering" is grey, as CBS's Monitor Brede
Welvaart shows "not significant"), the arrow of a trend, a comparison with its p-value, and the
uncertainty of a value in words ("95%-interval 20,9–23,3, steekproef"). The dashboard, the board
report and ``hhu scoreboard`` all read it, so a status looks and reads alike in all three. Pure
functions, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from indicators.formatting import comparison_label, format_number, status_label, trend_label
from indicators.progress.words import METHOD_TEXT, format_p, trend_sentence
from indicators.progress.words import status_reason as engine_reason

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class StatusStyle:
    """How one status looks.

    Attributes:
        tint: background of a pill or table cell.
        border: border and text accent colour.
        dashed: a dashed border (statuses that say the data cannot decide).
        badge: Streamlit badge colour (``blue``, ``orange``, ``red``, ``gray``, ``violet``).
        icon: Streamlit Material icon.
        symbol: a plain-text symbol for the terminal and print.
    """

    tint: str
    border: str
    dashed: bool
    badge: str
    icon: str
    symbol: str


STATUS_STYLES: dict[str, StatusStyle] = {
    "achieved": StatusStyle("#CFE6F5", "#0072B2", False, "blue", ":material/check_circle:", "✔"),
    "at_target": StatusStyle("#E6F3FB", "#3A8FC4", True, "blue", ":material/adjust:", "◎"),
    "on_track": StatusStyle("#D6EAF8", "#0072B2", False, "blue", ":material/trending_up:", "↗"),
    "needs_acceleration": StatusStyle("#FBE5C4", "#B36B00", False, "orange", ":material/speed:", "»"),
    "limited_progress": StatusStyle("#FBE5C4", "#B36B00", False, "orange", ":material/trending_flat:", "→"),
    "moving_away": StatusStyle("#F7D4C2", "#B34700", False, "red", ":material/trending_down:", "↘"),
    "no_measurable_change": StatusStyle("#E6E6E6", "#6E6E6E", False, "gray", ":material/horizontal_rule:", "–"),
    "insufficient_data": StatusStyle("#F7F7F7", "#8C8C8C", True, "gray", ":material/help:", "?"),
    "no_target": StatusStyle("#F5F5F5", "#8C8C8C", False, "gray", ":material/info:", "·"),
}
"""Status id -> style. An id the engine adds later gets :data:`NEUTRAL` (its words still show)."""
NEUTRAL = STATUS_STYLES["no_target"]
STATUS_ORDER = tuple(STATUS_STYLES)

TREND_ARROWS = {
    "improving": "↗", "worsening": "↘", "rising": "↑", "falling": "↓", "no_significant_change": "→",
    "too_few_data": "·", "not_tested": "?",
}

UNCERTAINTY_WORDS = {
    "steekproef": {"nl": "steekproef uit een enquête", "en": "sample survey"},
    "model": {"nl": "modelschatting", "en": "model estimate"},
    "registratie": {"nl": "registratie: iedereen geteld", "en": "registration: everyone counted"},
}
WORDS = {
    "interval": {"nl": "95%-interval", "en": "95% interval"},
    "no_interval_registration": {"nl": "geen marge", "en": "no margin"},
    "no_interval": {"nl": "onzekerheid niet bekend", "en": "uncertainty not known"},
    "se": {"nl": "standaardfout", "en": "standard error"},
    "about": {"nl": "gaat over", "en": "about"},
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def style(status: str) -> StatusStyle:
    """The style of a status id (neutral grey for an unknown id)."""
    return STATUS_STYLES.get(str(status), NEUTRAL)


def status_css() -> str:
    """CSS classes ``.status-<id>`` for every status (the report and the dashboard's tables)."""
    rules = []
    for status, look in STATUS_STYLES.items():
        border = "dashed" if look.dashed else "solid"
        rules.append(f".status-{status} {{ background: {look.tint}; border: 1.5px {border} {look.border}; }}")
    return "\n".join(rules)


def uncertainty_words(kind: object, lang: str = "nl") -> str:
    """What kind of number a value is, in words ("steekproef uit een enquête", "registratie: iedereen geteld")."""
    return UNCERTAINTY_WORDS.get(str(kind), {}).get(_lang(lang), "")


def finite(number: object) -> bool:
    """True for a real, finite number (False for None, NaN, pd.NA and text)."""
    try:
        return number is not None and math.isfinite(float(number))
    except (TypeError, ValueError):
        return False


def interval_side(lower: object, upper: object) -> str:
    """Where a 95% interval lies against 0: ``above``, ``below``, ``includes`` (0 inside) or ``unknown``.

    The rule behind the SII's verdict in words (above 0: the districts with more low incomes do
    worse); ``validation/simulate_sii.py`` measures how often it is wrong.

    >>> interval_side(0.5, 4.0), interval_side(-3.0, -0.2), interval_side(-1.0, 2.0), interval_side(None, 1.0)
    ('above', 'below', 'includes', 'unknown')
    """
    if not (finite(lower) and finite(upper)):
        return "unknown"
    if float(lower) > 0:
        return "above"
    if float(upper) < 0:
        return "below"
    return "includes"


def interval_words(lower: object, upper: object, se: object, uncertainty: object, lang: str = "nl",
                   decimals: int = 1, value: object = None) -> str:
    """The uncertainty of one value in words: its 95% interval and where the number comes from.

    Uses the interval the source or the engine gives; without one but with a standard error, the
    value -/+ 1.96 se; a registration says that everyone is counted; otherwise that the
    uncertainty is not known.

    >>> interval_words(20.9, 23.3, 0.6, "steekproef")
    '95%-interval 20,9 tot 23,3; steekproef uit een enquête'
    >>> interval_words(None, None, 0.0, "registratie", "en")
    'no margin; registration: everyone counted'
    """
    lang = _lang(lang)
    kind = uncertainty_words(uncertainty, lang)
    if str(uncertainty) == "registratie":
        text = WORDS["no_interval_registration"][lang]
    elif finite(lower) and finite(upper):
        text = f"{WORDS['interval'][lang]} {between(lower, upper, lang, decimals)}"
    elif finite(se) and float(se) > 0 and finite(value):
        half = Z_95 * float(se)
        text = f"{WORDS['interval'][lang]} {between(float(value) - half, float(value) + half, lang, decimals)}"
    else:
        text = WORDS["no_interval"][lang]
    return f"{text}; {kind}" if kind else text


def between(low: object, high: object, lang: str = "nl", decimals: int = 1) -> str:
    """Two numbers as a range in words: ``-0,7 tot 19,3`` (a dash would read as a minus)."""
    word = "to" if _lang(lang) == "en" else "tot"
    return f"{_no_minus_zero(format_number(float(low), lang, decimals))} {word} " \
           f"{_no_minus_zero(format_number(float(high), lang, decimals))}"


def _no_minus_zero(text: str) -> str:
    """``-0,0`` reads as a negative number: a value that rounds to zero is written ``0,0``."""
    return text[1:] if text.startswith("-") and not any(digit in text for digit in "123456789") else text


def row_interval_words(row: Mapping, lang: str = "nl", decimals: int = 1) -> str:
    """:func:`interval_words` for the latest value of a ``progress.parquet`` row."""
    return interval_words(row.get("latest_lower"), row.get("latest_upper"), row.get("latest_se"),
                          row.get("uncertainty"), lang, decimals, value=row.get("latest_value"))


def comparison_words(comparison: object, p: object = None, lang: str = "nl") -> str:
    """A tested comparison in words with its p-value: ``beter (p = 0,01)``; without a p just the words."""
    words = comparison_label(str(comparison), lang)
    return f"{words} ({format_p(float(p), lang)})" if finite(p) else words


def trend_words(trend: object, lang: str = "nl") -> str:
    """Arrow and words of a trend id: ``↗ verbetert``."""
    return f"{TREND_ARROWS.get(str(trend), '')} {trend_label(str(trend), lang)}".strip()


def status_words(status: object, lang: str = "nl") -> str:
    """The words of a status id."""
    return status_label(str(status), lang)


def reason_text(row: Mapping, lang: str = "nl") -> str:
    """Why a row's status is what it is, one sentence with the numbers (the engine's words, arrows for reading)."""
    return arrows(engine_reason(row, lang))


def trend_text(row: Mapping, lang: str = "nl") -> str:
    """The tested trend of a row in one sentence (:func:`indicators.progress.words.trend_sentence`)."""
    return arrows(trend_sentence(row, lang))


def method_text(lang: str = "nl") -> tuple[str, list[str]]:
    """"Hoe we de status bepalen": its title and paragraphs (:data:`indicators.progress.words.METHOD_TEXT`)."""
    title, *paragraphs = METHOD_TEXT["en" if lang == "en" else "nl"].split("\n\n")
    return title, paragraphs


def arrows(sentence: str) -> str:
    """A sentence of the words module for reading: ``64,0 -> 63,3`` becomes ``64,0 → 63,3``."""
    return str(sentence).replace(" -> ", " → ")


def change_p_words(row: Mapping, lang: str = "nl") -> str:
    """How sure a status is, in a few words: the p-value of the change, or that it is a registration.

    ``p = 0,10`` for a tested change; ``registratie`` for a registration (no test, a smallest
    change that counts); for a row without a target (context) the tested trend instead
    (``↘ verslechtert``); "" when there was nothing to test.
    """
    status = str(row.get("status", "") or "")
    if status in ("no_target", ""):
        trend = row.get("trend")
        return trend_words(trend, lang) if isinstance(trend, str) and trend else ""
    if status == "insufficient_data":
        return ""
    if str(row.get("uncertainty", "")) == "registratie":
        return UNCERTAINTY_WORDS["registratie"][_lang(lang)].split(":")[0]
    p = row.get("change_p")
    return format_p(float(p), lang) if finite(p) else ""
