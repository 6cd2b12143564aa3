"""Numbers, periods and labels as people read them: Dutch by default, English on request."""

from __future__ import annotations

import math

NO_DATA = {"nl": "geen gegevens", "en": "no data"}
ATTRIBUTION = {
    "nl": "Bron: CBS/RIVM StatLine, tabel {tables}, {periods} (CC BY 4.0)",
    "en": "Source: CBS/RIVM StatLine, table {tables}, {periods} (CC BY 4.0)",
}


def format_number(value: float | None, lang: str = "nl", decimals: int = 1) -> str:
    """Format a number with a decimal comma (nl) or point (en); missing reads "geen gegevens".

    >>> format_number(1234.56)
    '1.234,6'
    >>> format_number(float("nan"))
    'geen gegevens'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA["en" if lang == "en" else "nl"]
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def status_label(status: str, lang: str = "nl") -> str:
    """Words for a progress status id (see :mod:`indicators.progress.words`)."""
    from indicators.progress import words  # noqa: PLC0415 (words formats numbers with this module)

    return words.status_label(status, lang)


def comparison_label(comparison: str, lang: str = "nl") -> str:
    """Words for a comparison id (better/similar/worse, higher/lower for neutral indicators, ...)."""
    from indicators.progress import words  # noqa: PLC0415

    return words.comparison_label(comparison, lang)


def trend_label(trend: str, lang: str = "nl") -> str:
    """Words for a trend id (improving, rising, no_significant_change, ...)."""
    from indicators.progress import words  # noqa: PLC0415

    return words.trend_label(trend, lang)


def attribution(tables: list[str] | tuple[str, ...], periods: list[str] | tuple[str, ...], lang: str = "nl") -> str:
    """The source line every chart and export carries."""
    period_text = periods[0] if len(periods) == 1 else f"{periods[0]}-{periods[-1]}" if periods else ""
    return ATTRIBUTION["en" if lang == "en" else "nl"].format(tables=", ".join(tables), periods=period_text)
