"""Plain words about the data: where they come from, how recent and how complete, and dates as people write them.

The dashboard, the board report and ``hhu status`` say the same thing the same way: "offline
kopie van CBS- en RIVM-tabellen, opgehaald op 22 november 2026", never a folder name, an
internal word such as "mirror" or an ISO time stamp in UTC. Times are shown in the local time
of the Netherlands (``Europe/Amsterdam``; ``HHU_TIMEZONE`` overrides it).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TIMEZONE_ENV = "HHU_TIMEZONE"
DEFAULT_TIMEZONE = "Europe/Amsterdam"
MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
SHORT_MONTHS = {
    "nl": ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
WORDS: dict[str, dict[str, str]] = {
    "mirror": {"nl": "offline kopie van CBS- en RIVM-tabellen", "en": "offline copy of CBS and RIVM tables"},
    "live": {"nl": "CBS- en RIVM-tabellen, live opgehaald bij CBS", "en": "CBS and RIVM tables, fetched live from CBS"},
    "mixed": {"nl": "CBS- en RIVM-tabellen, deels live opgehaald, deels uit een offline kopie",
              "en": "CBS and RIVM tables, partly fetched live, partly from an offline copy"},
    "retrieved_on": {"nl": "opgehaald op {day}", "en": "retrieved on {day}"},
    "retrieved_between": {"nl": "opgehaald tussen {first} en {last}", "en": "retrieved between {first} and {last}"},
    "at": {"nl": "{day} om {time}", "en": "{day} at {time}"},
    "table_mirror": {"nl": "offline kopie", "en": "offline copy"},
    "table_live": {"nl": "live bij CBS", "en": "live from CBS"},
    "complete": {"nl": "volledig", "en": "complete"},
    "partial": {"nl": "deel van de tabel", "en": "part of the table"},
    "partial_help": {
        "nl": "alleen de delen die de monitor gebruikt (zoals de totalen voor mannen en vrouwen samen)",
        "en": "only the parts the monitor uses (such as the totals for men and women together)",
    },
    "all_complete": {"nl": "Alle {count} tabellen zijn volledig.", "en": "All {count} tables are complete."},
    "some_partial": {
        "nl": "{partial} van de {count} tabellen {verb} niet volledig: de kopie bevat alleen de delen die de monitor "
              "gebruikt (zoals de totalen voor mannen en vrouwen samen). Alle cijfers hier komen uit die delen; "
              "uitsplitsingen die er niet in zitten (bijvoorbeeld naar geslacht) kunnen we niet tonen.",
        "en": "{partial} of the {count} tables {verb} not complete: the copy holds only the parts the monitor uses (such "
              "as the totals for men and women together). Every figure here comes from those parts; breakdowns that "
              "are not in them (by sex, for example) cannot be shown.",
    },
    "no_store": {"nl": "Er zijn nog geen tabellen opgehaald.", "en": "No tables have been retrieved yet."},
}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def local_zone() -> ZoneInfo | timezone:
    """The time zone dates are shown in (``$HHU_TIMEZONE``, else Europe/Amsterdam, else UTC)."""
    for name in (os.environ.get(TIMEZONE_ENV), DEFAULT_TIMEZONE):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC


def local_moment(timestamp: object) -> datetime | None:
    """An ISO time stamp (``2026-11-22T17:49:03+00:00``) as a local time; None when it cannot be read."""
    if isinstance(timestamp, datetime):
        moment = timestamp
    elif isinstance(timestamp, str) and timestamp.strip():
        try:
            moment = datetime.fromisoformat(timestamp.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(local_zone())


def long_date(day: date, lang: str = "nl") -> str:
    """A date the way a reader writes it: ``22 november 2026`` / ``22 November 2026``."""
    return f"{day.day} {MONTHS[_lang(lang)][day.month - 1]} {day.year}"


def moment_words(timestamp: object, lang: str = "nl", with_time: bool = False) -> str:
    """A time stamp in local time and words: ``22 november 2026`` (``… om 18:49`` with the time); ``–`` if unknown."""
    moment = local_moment(timestamp)
    if moment is None:
        return "–"
    day = long_date(moment.date(), lang)
    return WORDS["at"][_lang(lang)].format(day=day, time=moment.strftime("%H:%M")) if with_time else day


def short_date(timestamp: object, lang: str = "nl") -> str:
    """A time stamp's local date, short: ``28 nov. 2026`` / ``28 Nov 2026``; ``–`` if unknown."""
    moment = local_moment(timestamp)
    if moment is None:
        return "–"
    return f"{moment.day} {SHORT_MONTHS[_lang(lang)][moment.month - 1]} {moment.year}"


def is_complete(entry: dict) -> bool:
    """Whether a manifest entry holds the whole source table (its ``complete`` note starts with ``yes``)."""
    return str(entry.get("complete", "")).strip().lower().startswith("yes")


def completeness_word(entry: dict, lang: str = "nl") -> str:
    """``volledig`` or ``deel van de tabel`` for one manifest entry."""
    return WORDS["complete" if is_complete(entry) else "partial"][_lang(lang)]


def source_word(entry: dict, lang: str = "nl") -> str:
    """Where one table came from: ``offline kopie`` or ``live bij CBS``."""
    return WORDS["table_live" if entry.get("source") == "live" else "table_mirror"][_lang(lang)]


def data_origin(manifest: dict, lang: str = "nl", with_time: bool = False) -> str:
    """One sentence: what the data are and when they were retrieved.

    >>> data_origin({"tables": {"85563NED": {"source": "mirror", "retrieved_at": "2026-11-22T17:49:03+00:00"}}})
    'Offline kopie van CBS- en RIVM-tabellen, opgehaald op 22 november 2026.'
    """
    lang = _lang(lang)
    tables = manifest.get("tables", {}) if manifest else {}
    if not tables:
        return WORDS["no_store"][lang]
    sources = {entry.get("source") for entry in tables.values()}
    kind = "mirror" if sources <= {"mirror", None} else "live" if sources == {"live"} else "mixed"
    moments = sorted(moment for moment in (local_moment(entry.get("retrieved_at")) for entry in tables.values())
                     if moment is not None)
    if not moments:
        return f"{WORDS[kind][lang][:1].upper()}{WORDS[kind][lang][1:]}."
    first, last = moments[0], moments[-1]
    if first.date() == last.date():
        when = WORDS["retrieved_on"][lang].format(day=moment_words(first, lang, with_time))
    else:
        when = WORDS["retrieved_between"][lang].format(first=moment_words(first, lang), last=moment_words(last, lang))
    text = f"{WORDS[kind][lang]}, {when}."
    return text[:1].upper() + text[1:]


def completeness(manifest: dict, lang: str = "nl") -> str:
    """One or two sentences: how many tables are whole, and what a partial table means for the reader."""
    lang = _lang(lang)
    tables = manifest.get("tables", {}) if manifest else {}
    if not tables:
        return WORDS["no_store"][lang]
    partial = sum(not is_complete(entry) for entry in tables.values())
    if not partial:
        return WORDS["all_complete"][lang].format(count=len(tables))
    verb = {"nl": ("is", "zijn"), "en": ("is", "are")}[lang][partial != 1]
    return WORDS["some_partial"][lang].format(partial=partial, count=len(tables), verb=verb)
