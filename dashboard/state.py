"""What the user is looking at, kept in the URL so a copied link opens the same view.

Query parameters:

* ``region``: a region code (``GM0344``, ``U10``, ``GG2514``, ``PV26``, ``NL01``);
* ``indicator``: one indicator id, or several separated by commas (trends, comparisons);
* ``period``: a period key of the chosen indicator (``2022``, ``2019/2022``); empty = latest;
* ``lang``: ``nl`` (default) or ``en``;
* ``page``: the page (``missies``, ``kaart``, ...);
* ``compare``: extra region codes, comma-separated (regions on the trends page, peers on the
  comparison page).

A link's values are checked once, when a session starts (:func:`parse_query`): an unknown code,
a value that is not plain text (``<script>``) or anything too long falls back to the default,
and the page shows one short notice naming the parameter (never its value). During the session
the view lives in ``st.session_state``; every run writes it back to the URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import streamlit as st

PARAMS = ("region", "indicator", "period", "lang", "page", "compare")
PAGES = ("missies", "gemeenteprofiel", "kaart", "trends", "vergelijken", "ongelijkheid", "bronnen")
DEFAULT_PAGE = "missies"
DEFAULT_REGION = "GM0344"
DEFAULT_INDICATOR = "ervaren_gezondheid_goed_pct"
DEFAULT_LANG = "nl"
MAX_LENGTH = 200
MAX_ITEMS = 20
SAFE_VALUE = re.compile(r"^[A-Za-z0-9_/,\- ]*$")

SESSION_KEY = "hhu_view"
NOTICES_KEY = "hhu_notices"
LINK_FOLLOWED_KEY = "hhu_link_followed"


@dataclass(frozen=True)
class View:
    """The selection shown on screen.

    Attributes:
        region: region code in focus.
        indicators: chosen indicator ids, first is the main one.
        period: period key, or empty for the latest period.
        lang: ``nl`` or ``en``.
        page: page key (see :data:`PAGES`); empty until known (a link without ``page``).
        compare: extra region codes (trends, peers).
    """

    region: str = DEFAULT_REGION
    indicators: tuple[str, ...] = (DEFAULT_INDICATOR,)
    period: str = ""
    lang: str = DEFAULT_LANG
    page: str = ""
    compare: tuple[str, ...] = ()

    @property
    def indicator(self) -> str:
        """The main indicator."""
        return self.indicators[0]

    def to_query(self) -> dict[str, str]:
        """The view as query parameters (empty values left out)."""
        query = {
            "page": self.page, "region": self.region, "indicator": ",".join(self.indicators),
            "period": self.period, "lang": self.lang, "compare": ",".join(self.compare),
        }
        return {key: value for key, value in query.items() if value}


@dataclass(frozen=True)
class Choices:
    """What a link may choose from.

    Attributes:
        regions: valid region codes.
        indicators: valid indicator ids.
        periods_of: indicator id -> its period keys.
    """

    regions: frozenset[str]
    indicators: frozenset[str]
    periods_of: Callable[[str], Iterable[str]]


def _plain(raw: object) -> str | None:
    """Return the text of one query value when it is plain and short, else None."""
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    if not isinstance(raw, str) or len(raw) > MAX_LENGTH or not SAFE_VALUE.match(raw):
        return None
    return raw.strip()


def _codes(raw: str, valid: frozenset[str], upper: bool) -> tuple[str, ...] | None:
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if len(items) > MAX_ITEMS:
        return None
    cleaned = tuple(dict.fromkeys(item.upper() if upper else item for item in items))
    return cleaned if all(item in valid for item in cleaned) else None


def parse_query(query: Mapping[str, object], choices: Choices) -> tuple[View, list[str]]:
    """Turn query parameters into a :class:`View`, with the names of the parameters rejected.

    Args:
        query: the URL's query parameters (``st.query_params`` or a plain dict).
        choices: what the values may be.

    Returns:
        The view (defaults where a value was missing or rejected) and the rejected parameter
        names, in :data:`PARAMS` order.
    """
    view = View()
    rejected: list[str] = []
    for name in PARAMS:
        if name not in query:
            continue
        text = _plain(query[name])
        if text is None:
            rejected.append(name)
            continue
        if not text:
            continue
        if name == "region":
            codes = _codes(text, choices.regions, upper=True)
            if codes is None or len(codes) != 1:
                rejected.append(name)
            else:
                view = replace(view, region=codes[0])
        elif name == "indicator":
            ids = _codes(text, choices.indicators, upper=False)
            if ids is None or not ids:
                rejected.append(name)
            else:
                view = replace(view, indicators=ids)
        elif name == "compare":
            codes = _codes(text, choices.regions, upper=True)
            if codes is None:
                rejected.append(name)
            else:
                view = replace(view, compare=codes)
        elif name == "lang":
            if text.lower() in ("nl", "en"):
                view = replace(view, lang=text.lower())
            else:
                rejected.append(name)
        elif name == "page":
            if text.lower() in PAGES:
                view = replace(view, page=text.lower())
            else:
                rejected.append(name)
    if "period" in query and "period" not in rejected:
        text = _plain(query["period"])
        if text:
            if text in set(choices.periods_of(view.indicator)):
                view = replace(view, period=text)
            else:
                rejected.append("period")
    ordered = [name for name in PARAMS if name in rejected]
    return view, ordered


# ----- the session's view ---------------------------------------------------------------------
def start(choices: Choices) -> View:
    """Read the URL once per session into the view (and remember notices for rejected values)."""
    if SESSION_KEY not in st.session_state:
        view, rejected = parse_query(st.query_params.to_dict(), choices)
        st.session_state[SESSION_KEY] = view
        st.session_state[NOTICES_KEY] = rejected
    return st.session_state[SESSION_KEY]


def current() -> View:
    """The view of this session (defaults before :func:`start`)."""
    return st.session_state.get(SESSION_KEY, View())


def update(**changes: object) -> View:
    """Change some fields of the view; returns the new view."""
    view = replace(current(), **changes)
    st.session_state[SESSION_KEY] = view
    return view


def take_notices() -> list[str]:
    """Return the parameters rejected from the link, once (then forget them)."""
    return st.session_state.pop(NOTICES_KEY, [])


def page_from_link_once() -> str | None:
    """The page a link's ``page`` parameter asked for, the first time a session asks; else None."""
    if st.session_state.get(LINK_FOLLOWED_KEY):
        return None
    st.session_state[LINK_FOLLOWED_KEY] = True
    return current().page or None


def write_query_params() -> None:
    """Put the view into the URL (replaces all query parameters)."""
    wanted = current().to_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# ----- widgets bound to the view --------------------------------------------------------------
def bind(key: str, value: object) -> None:
    """Give the widget ``key`` the view's value before it is drawn (when they differ)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def copy_widget(field: str, key: str, convert: Callable[[object], object] | None = None) -> Callable[[], None]:
    """Return an ``on_change`` callback that copies widget ``key`` into view field ``field``."""

    def callback() -> None:
        value = st.session_state.get(key)
        update(**{field: convert(value) if convert else value})

    return callback
