"""StatLine periods: from a CBS key or title to the project's period key and its dates.

CBS writes periods as keys (``2022JJ00`` a year, ``2017HJ01`` a half-year, ``2019G400`` ...)
and titles (``2022``, ``1e halfjaar 2017``, ``2017/2020``, ``2004-2007``). The project keys a
period as ``2022``, ``2017H1`` or ``2017/2020`` and gives each its first and last day and a
mid-point year (``period_year``) for trend maths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    """A period of observation.

    Attributes:
        key: project key, e.g. ``2022``, ``2017H1``, ``2017/2020``.
        start: first day.
        end: last day.
        label_nl: Dutch label as shown on screen.
        label_en: English label.
    """

    key: str
    start: date
    end: date
    label_nl: str
    label_en: str

    @property
    def year(self) -> float:
        """Mid-point of the period in fractional years (2019.5 for 2019, 2019.0 for 2017/2020)."""
        mid_days = (self.end - self.start).days / 2
        return self.start.year + (self.start.timetuple().tm_yday - 1 + mid_days) / 365.25


_YEAR = re.compile(r"^(\d{4})$")
_YEAR_KEY = re.compile(r"^(\d{4})JJ00$")
_HALF_LABEL = re.compile(r"^([12])e halfjaar (\d{4})$")
_HALF_KEY = re.compile(r"^(\d{4})(?:HJ0|H)([12])$")
_RANGE = re.compile(r"^(\d{4})\s*[/-]\s*(\d{4})$")


def parse_period(text: str) -> Period:
    """Parse a CBS period key or title.

    Args:
        text: e.g. ``2022``, ``2022JJ00``, ``1e halfjaar 2017``, ``2017H1``, ``2017/2020``, ``2004-2007``.

    Raises:
        ValueError: naming the text when it is not a period this project knows.
    """
    value = text.strip()
    if match := (_YEAR.match(value) or _YEAR_KEY.match(value)):
        year = int(match.group(1))
        return Period(str(year), date(year, 1, 1), date(year, 12, 31), str(year), str(year))
    if match := _HALF_LABEL.match(value):
        return _half_year(int(match.group(2)), int(match.group(1)))
    if match := _HALF_KEY.match(value):
        return _half_year(int(match.group(1)), int(match.group(2)))
    if match := _RANGE.match(value):
        first, last = int(match.group(1)), int(match.group(2))
        if last <= first:
            raise ValueError(f"period {text!r}: end year before start year")
        key = f"{first}/{last}"
        return Period(key, date(first, 1, 1), date(last, 12, 31), f"{first}/{last}", f"{first}-{last}")
    raise ValueError(f"unknown period {text!r} (expected e.g. 2022, 2022JJ00, 1e halfjaar 2017, 2017/2020)")


def _half_year(year: int, half: int) -> Period:
    start = date(year, 1, 1) if half == 1 else date(year, 7, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    return Period(f"{year}H{half}", start, end, f"{half}e halfjaar {year}", f"H{half} {year}")
