"""The live path: StatLine tables straight from CBS through the ``cbsodata`` package.

``cbsodata`` does the OData work (URLs, ``$filter``, paging through ``odata.nextLink``), but it
creates a bare ``requests.Session`` per page and calls ``Session.send``: no time-out, no retry,
and no proxy settings from ``NO_PROXY`` or upper-case ``HTTPS_PROXY``/``HTTP_PROXY``. This module
adds those around it, without changing cbsodata:

* while a table is read, ``cbsodata.cbsodata3.Session`` is replaced by a factory for
  :class:`indicators.sources.http.DeadlineSession`: a per-operation ``timeout``, an overall
  ``deadline`` per request (connect, retries, waits and the whole body together; a trickling
  server is cut off on time), retries on connection errors, time-outs and 429/5xx answers with
  ``Retry-After`` honoured up to ``max_wait``, one clean line per retry; guarded by a lock and
  restored afterwards (cbsodata's own ``logging.info`` calls, which would configure the root
  logger and print urllib3's warnings raw, go to the ``cbsodata`` logger meanwhile);
* every call passes the proxies ``requests`` itself would use for the URL
  (``requests.utils.get_environ_proxies``);
* a download whose connection is lost half-way through paging is restarted once at this level;
* the sha256 is taken over the parsed table (:func:`~indicators.sources.base.table_sha256`),
  so it does not depend on paging, restarts or the order of JSON keys.

Dimension keys (``GM0344``, ``2022JJ00``) are kept next to their titles (``cbsodata.get_data``
would replace them). Every failure raises :class:`~indicators.sources.base.SourceError` with
one line naming the table and what failed.
"""

from __future__ import annotations

import importlib
import logging
import math
import threading
import time
import types
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import pandas as pd
import requests
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from indicators.messages import say
from indicators.sources.base import MISSING_SYMBOLS, Provenance, RawTable, SourceError, table_sha256
from indicators.sources.http import RETRY_STATUSES, DeadlineExceeded, DeadlineSession, refused_wait, wait_limit
from indicators.sources.tables import TableSpec

LOG = logging.getLogger(__name__)


def _import_cbsodata():
    """Import ``cbsodata.cbsodata3`` without the root logger configuration its import makes.

    Setting its options at import calls ``logging.info``, which configures the root logger when
    nothing has; every warning of every library (urllib3's retries) would then reach the terminal
    raw. A handler that appeared during the import is removed again.
    """
    root = logging.getLogger()
    before = list(root.handlers)
    module = importlib.import_module("cbsodata.cbsodata3")
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
    return module


cbsodata3 = _import_cbsodata()

DIMENSION_TYPES = frozenset({"Dimension", "TimeDimension", "GeoDimension", "GeoDetail"})
TEXT_DATATYPES = frozenset({"String", "Char"})
DISCONTINUED_WORDS = ("gediscontinueerd", "stopgezet", "discontinued")
CBSODATA_LOG = logging.getLogger("cbsodata")
# cbsodata calls logging.info(), which configures the root logger when nothing else has; while a
# table is read, its module-level ``logging`` is this stand-in that logs to a named logger instead.
_CBSODATA_LOGGING = types.SimpleNamespace(info=CBSODATA_LOG.info, debug=CBSODATA_LOG.debug,
                                          warning=CBSODATA_LOG.warning, error=CBSODATA_LOG.error)

_CBSODATA_LOCK = threading.Lock()  # cbsodata's Session and use_https are module-global
_T = TypeVar("_T")


def _public(url: str) -> str:
    """``url`` without user name and password (proxy URLs may carry them)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _wrapped(error: BaseException) -> list[BaseException]:
    """``error`` and what it wraps: requests error -> urllib3 ``MaxRetryError`` -> its reason."""
    chain = [error]
    for _ in range(4):
        current = chain[-1]
        inner = getattr(current, "reason", None)
        if not isinstance(inner, BaseException):
            inner = next((arg for arg in current.args if isinstance(arg, BaseException)), None)
        if inner is None or any(inner is seen for seen in chain):
            break
        chain.append(inner)
    return chain


class _RecordingSession(DeadlineSession):
    """A deadline session that hands every final answer (body read, redirects followed) to ``on_page``.

    Session hooks cannot do this: cbsodata prepares its requests without the session, and
    ``Session.send`` only runs the request's own hooks.
    """

    def __init__(self, on_page: Callable[[requests.Response], None], **settings: Any) -> None:
        super().__init__(**settings)
        self._on_page = on_page

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send; record the answer unless this is a redirect hop (those come back via the outer call)."""
        response = super().send(request, **kwargs)
        if kwargs.get("allow_redirects", True):
            self._on_page(response)
        return response


class _Reader:
    """Reads the OData endpoints of one table through cbsodata, with our session and settings."""

    def __init__(self, spec: TableSpec, timeout: float, retries: int, backoff: float, scheme: str,
                 base_url: str | None, deadline: float = 120.0, max_wait: float = 30.0) -> None:
        if scheme not in ("http", "https"):
            raise ValueError(f"scheme must be 'http' or 'https', not {scheme!r}")
        if not (timeout > 0 and deadline > 0 and max_wait >= 0 and retries >= 0):
            raise ValueError("timeout and deadline must be positive, retries and max_wait not negative")
        self.table_id = spec.table_id
        self.host = base_url or spec.catalog_url
        self.scheme = scheme
        self.timeout = timeout
        self.deadline = deadline
        self.max_wait = max_wait
        self.retries = retries
        self.backoff = backoff
        self.table_url = f"{scheme}://{self.host}/{cbsodata3.BULK}/{spec.table_id}/"
        self.proxies: dict[str, str] = requests.utils.get_environ_proxies(self.table_url)
        self.first_url: dict[str, str] = {}  # endpoint -> URL of its first page
        self._pages: list[requests.Response] = []  # pages of the download under way
        self._sessions: list[requests.Session] = []
        self._name = ""  # the endpoint being read (for the retry notices)
        self._started = time.monotonic()

    def _new_session(self) -> requests.Session:
        """What cbsodata gets when it calls ``Session()``: deadline, retries, and every page recorded."""
        session = _RecordingSession(self._pages_append, timeout=self.timeout, deadline=self.deadline,
                                    retries=self.retries, backoff=self.backoff, max_wait=self.max_wait,
                                    label=f"{self.table_id} {self._name}".strip())
        self._sessions.append(session)
        return session

    def _pages_append(self, response: requests.Response) -> None:
        self._pages.append(response)

    @contextmanager
    def connected(self) -> Iterator[_Reader]:
        """Give cbsodata our session factory and scheme for the duration; restore them afterwards."""
        with _CBSODATA_LOCK:
            saved_session, saved_https = cbsodata3.Session, cbsodata3.options.use_https
            saved_logging = cbsodata3.logging
            cbsodata3.logging = _CBSODATA_LOGGING  # first: setting an option logs too
            cbsodata3.Session = self._new_session
            cbsodata3.options.use_https = self.scheme == "https"
            try:
                yield self
            finally:
                cbsodata3.Session = saved_session
                cbsodata3.options.use_https = saved_https
                cbsodata3.logging = saved_logging
                for session in self._sessions:
                    session.close()
                self._sessions.clear()

    def _kwargs(self) -> dict[str, Any]:
        return {"catalog_url": self.host, "proxies": self.proxies}

    def info(self) -> dict[str, Any]:
        """The table's TableInfos record."""
        info = self._download("TableInfos", lambda: cbsodata3.get_info(self.table_id, **self._kwargs()))
        if not isinstance(info, dict):
            raise SourceError(say(f"{self.table_id}: CBS stuurde geen TableInfos ({self.table_url}TableInfos)",
                                  f"{self.table_id}: CBS sent no TableInfos record ({self.table_url}TableInfos)"))
        return info

    def meta(self, name: str) -> list[dict[str, Any]]:
        """One metadata list (``DataProperties`` or a dimension's categories)."""
        rows = self._download(name, lambda: cbsodata3.get_meta(self.table_id, name, **self._kwargs()))
        if not all(isinstance(row, dict) for row in rows):
            raise SourceError(say(f"{self.table_id}: onverwachte gegevens in {name} ({self.table_url}{name})",
                                  f"{self.table_id}: unexpected records in {name} ({self.table_url}{name})"))
        return rows

    def data(self, row_filter: str | None, select: list[str] | None = None) -> list[dict[str, Any]]:
        """The TypedDataSet rows, all pages, filtered by ``row_filter`` (and only ``select``) when given."""
        return self._download("TypedDataSet", lambda: cbsodata3._download_metadata(
            self.table_id, "TypedDataSet", select=select, filters=row_filter, **self._kwargs()))

    def _download(self, name: str, call: Callable[[], _T]) -> _T:
        """Run one cbsodata download (all its pages); restart it once if the connection is lost."""
        self._name = name
        self._started = time.monotonic()
        for attempt in (1, 2):
            self._pages = []
            try:
                result = call()
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
                if attempt == 1 and self._connection_lost(error):
                    LOG.warning("%s: connection lost while reading %s (page %d), starting it again",
                                self.table_id, name, len(self._pages) + 1)
                    continue
                raise SourceError(self._explain(error, name)) from None
            except requests.RequestException as error:
                raise SourceError(self._explain(error, name)) from None
            except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError is a ValueError
                page = max(len(self._pages), 1)
                url = unquote_plus(self._pages[-1].url) if self._pages else self.table_url + name
                raise SourceError(say(f"{self.table_id}: kapotte JSON op pagina {page} van {name} ({url}; "
                                      f"{type(error).__name__})",
                                      f"{self.table_id}: malformed JSON on page {page} of {name} ({url}; "
                                      f"{type(error).__name__})")) from None
            if self._pages:
                self.first_url[name] = unquote_plus(self._pages[0].url)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _connection_lost(error: BaseException) -> bool:
        """Whether the connection dropped after it was made (not a time-out, proxy or TLS failure)."""
        if isinstance(error, (requests.exceptions.ProxyError, requests.exceptions.SSLError, requests.Timeout)):
            return False
        return not any(isinstance(inner, (NewConnectionError, Urllib3Timeout)) for inner in _wrapped(error))

    def _explain(self, error: requests.RequestException, name: str) -> str:
        """One line naming the table and what failed."""
        table, chain = self.table_id, _wrapped(error)
        if isinstance(error, DeadlineExceeded):
            return say(f"{table}: geen volledig antwoord binnen de deadline van {error.deadline:g} s van {self.host} "
                       f"voor {name} (verbinden, nieuwe pogingen en lezen samen)",
                       f"{table}: no complete answer within the deadline of {error.deadline:g} s from {self.host} "
                       f"for {name} (connecting, retries and reading together)")
        if isinstance(error, requests.HTTPError):  # cbsodata re-raises with the original as cause
            response = error.response if error.response is not None else getattr(error.__cause__, "response", None)
            if response is None:
                return say(f"{table}: CBS antwoordde met een HTTP-fout voor {name} ({self.table_url}{name})",
                           f"{table}: CBS answered with an HTTP error for {name} ({self.table_url}{name})")
            answer = f"{response.status_code} {response.reason}"
            line = say(f"{table}: CBS antwoordde {answer} voor {name} ({unquote_plus(response.url)})",
                       f"{table}: CBS answered {answer} for {name} ({unquote_plus(response.url)})")
            wait = refused_wait(response)
            if wait is not None:
                limit = wait_limit(self.max_wait)
                return say(f"{line} en vraagt {wait:g} s te wachten, langer dan deze client wacht ({limit})",
                           f"{line} and asks to wait {wait:g} s, longer than this client waits ({limit})")
            retried = say(f" na {self.retries} nieuwe pogingen", f" after {self.retries} retries") \
                if response.status_code in RETRY_STATUSES and self.retries else ""
            return line + retried
        if isinstance(error, requests.exceptions.ProxyError):
            proxy = _public(self.proxies.get(self.scheme) or self.proxies.get("all") or "?")
            return say(f"{table}: kan {self.host} niet bereiken via proxy {proxy} voor {name} "
                       "(controleer HTTPS_PROXY/HTTP_PROXY en NO_PROXY)",
                       f"{table}: cannot reach {self.host} through proxy {proxy} for {name} "
                       "(check HTTPS_PROXY/HTTP_PROXY and NO_PROXY)")
        if isinstance(error, requests.exceptions.SSLError):
            return say(f"{table}: TLS/SSL-fout in het contact met {self.host} voor {name}",
                       f"{table}: TLS/SSL error talking to {self.host} for {name}")
        if any(isinstance(inner, NewConnectionError) for inner in chain):  # NB: a subclass of ConnectTimeoutError
            return say(f"{table}: kan geen verbinding maken met {self.host} voor {name} (geweigerd of onbekende host)",
                       f"{table}: cannot connect to {self.host} for {name} (refused or unknown host)")
        if isinstance(error, requests.Timeout) or any(isinstance(inner, Urllib3Timeout) for inner in chain):
            spent = time.monotonic() - self._started
            return say(f"{table}: geen antwoord binnen {self.timeout:g} s per poging van {self.host} voor {name} "
                       f"({self.retries + 1} pogingen, {spent:.1f} s)",
                       f"{table}: no answer within {self.timeout:g} s per try from {self.host} for {name} "
                       f"({self.retries + 1} tries, {spent:.1f} s)")
        if isinstance(error, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
            page = len(self._pages) + 1
            return say(f"{table}: verbinding weggevallen bij het ophalen van {name} (pagina {page}) na "
                       f"{self.retries} nieuwe pogingen en een herstart",
                       f"{table}: connection lost while paging {name} (page {page}) "
                       f"after {self.retries} retries and a restart")
        first_line = (str(error).splitlines() or [""])[0][:200]
        return say(f"{table}: verzoek om {name} mislukt ({type(error).__name__}: {first_line})",
                   f"{table}: request for {name} failed ({type(error).__name__}: {first_line})")


def _category_key(table_id: str, dimension: str, value: str, categories: list[tuple[str, str]]) -> str:
    """The (unstripped) CBS key of a slice value given as a key or as a title."""
    wanted = value.strip()
    for key, _ in categories:
        if key.strip() == wanted:
            return key
    by_title = [key for key, title in categories if title.strip() == wanted]
    if len(by_title) == 1:
        return by_title[0]
    if by_title:
        raise SourceError(say(f"{table_id}: {value!r} is de titel van {len(by_title)} categorieën van dimensie "
                              f"{dimension}; geef de sleutel",
                              f"{table_id}: live slice value {value!r} is the title of {len(by_title)} categories "
                              f"of dimension {dimension}; give the key"))
    raise SourceError(say(f"{table_id}: dimensie {dimension} heeft geen categorie {value!r} (sleutel noch titel)",
                          f"{table_id}: dimension {dimension} has no category {value!r} (neither key nor title)"))


def _slice_filter(spec: TableSpec, categories: dict[str, list[tuple[str, str]]]) -> str | None:
    """The OData ``$filter`` for ``spec.live_slice``: ``(D eq 'k1' or D eq 'k2') and (...)``."""
    clauses = []
    for dimension, wanted in spec.live_slice:
        if dimension not in categories:
            known = ", ".join(categories) or "none"
            raise SourceError(say(f"{spec.table_id}: dimensie {dimension} bestaat niet in de tabel (dimensies: {known})",
                                  f"{spec.table_id}: live slice names dimension {dimension}, which the table "
                                  f"does not have (dimensions: {known})"))
        keys = dict.fromkeys(_category_key(spec.table_id, dimension, value, categories[dimension]) for value in wanted)
        quoted = (key.replace("'", "''") for key in keys)
        clauses.append("(" + " or ".join(f"{dimension} eq '{key}'" for key in quoted) + ")")
    if spec.live_filter:  # a raw clause the table declares (e.g. only the districts of 85318NED)
        clauses.append(f"({spec.live_filter})")
    return " and ".join(clauses) or None


def _text(value: Any) -> str | None:
    """Stripped text; ``None`` for CBS missing symbols."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text in MISSING_SYMBOLS else text


def _number(table_id: str, topic: str, value: Any) -> float:
    """A topic value as float; NaN for CBS missing symbols; SourceError for anything else."""
    if isinstance(value, bool):
        raise SourceError(say(f"{table_id}: onderwerp {topic} heeft een waarde die geen getal is: {value!r} (TypedDataSet)",
                              f"{table_id}: topic {topic} has non-numeric value {value!r} in TypedDataSet"))
    if isinstance(value, int | float):
        return float(value)
    text = _text(value)
    if text is None:
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise SourceError(say(f"{table_id}: onderwerp {topic} heeft een waarde die geen getal is: {value!r} (TypedDataSet)",
                              f"{table_id}: topic {topic} has non-numeric value {value!r} in TypedDataSet")) from None


def _tidy(spec: TableSpec, rows: list[dict[str, Any]], dimensions: list[str], topics: dict[str, dict[str, Any]],
          categories: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    """TypedDataSet rows in the raw layout of ``base.py``: ``D_code``/``D_label``, typed topics, no ``ID``."""
    absent = [column for column in [*dimensions, *topics] if column not in rows[0]]
    if absent:
        raise SourceError(say(f"{spec.table_id}: kolom(men) {', '.join(absent)} uit DataProperties ontbreken in TypedDataSet",
                              f"{spec.table_id}: TypedDataSet lacks column(s) {', '.join(absent)} listed in DataProperties"))
    columns: dict[str, Any] = {}
    for dimension in dimensions:
        titles = {key.strip(): title.strip() or None for key, title in categories[dimension]}
        codes = [_text(row[dimension]) for row in rows]
        columns[f"{dimension}_code"] = pd.array(codes, dtype="string")
        columns[f"{dimension}_label"] = pd.array([titles.get(code) if code else None for code in codes], dtype="string")
    for topic, meta in topics.items():
        if meta.get("Datatype") in TEXT_DATATYPES or topic in spec.text_columns:
            columns[topic] = pd.array([_text(row[topic]) for row in rows], dtype="string")
        else:
            columns[topic] = pd.array([_number(spec.table_id, topic, row[topic]) for row in rows], dtype="float64")
    return pd.DataFrame(columns)


def _warn_if_discontinued(table_id: str, title: str, status: str) -> None:
    if any(word in status.lower() for word in DISCONTINUED_WORDS):
        message = say(f"{table_id}: CBS noemt tabel {table_id} ({title}) {status!r}; ze wordt niet meer bijgewerkt",
                      f"{table_id}: CBS lists table {table_id} ({title}) as {status!r}; it is no longer updated")
        LOG.warning(message)
        warnings.warn(message, UserWarning, stacklevel=3)


def fetch_live_table(
    spec: TableSpec,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    scheme: str = "https",
    base_url: str | None = None,
    deadline: float = 120.0,
    max_wait: float = 30.0,
) -> RawTable:
    """Download one table from CBS (or from the third-party catalog for RIVM tables).

    Reads TableInfos, DataProperties, each dimension's categories and the TypedDataSet (only the
    ``spec.live_slice`` rows when a slice is declared).

    Args:
        spec: the table's declaration (id, catalog, ``live_slice``, ``text_columns``).
        timeout: seconds to wait for a connection and for each piece of an answer.
        retries: retries per request on connection errors, time-outs and 429/5xx answers.
        backoff: urllib3 backoff factor in seconds (0.5: waits 0, 1, 2 ... s between retries).
        scheme: ``https`` (CBS) or ``http`` (a local test server).
        base_url: ``host[:port]`` to use instead of the catalog's own host.
        deadline: seconds for one request as a whole: connecting, retries, waits and reading.
        max_wait: the longest ``Retry-After`` (429/503) honoured, in seconds.

    Returns:
        The tidy :class:`RawTable`; its provenance has ``source="live"``, ``flavour="typed"``.

    Raises:
        SourceError: one line naming the table and what failed.
        ValueError: ``scheme`` is neither ``http`` nor ``https``.
    """
    reader = _Reader(spec, timeout, retries, backoff, scheme, base_url, deadline, max_wait)
    with reader.connected():
        info = reader.info()
        title, status = str(info.get("Title") or spec.title), str(info.get("Status") or "")
        _warn_if_discontinued(spec.table_id, title, status)
        properties = reader.meta("DataProperties")
        dimensions = [str(prop.get("Key")) for prop in properties if prop.get("Type") in DIMENSION_TYPES]
        topics = {str(prop.get("Key")): prop for prop in properties if prop.get("Type") == "Topic"}
        if spec.live_columns:  # only the declared topics (85318NED has over a hundred)
            topics = {key: prop for key, prop in topics.items() if key in spec.live_columns}
        categories = {
            dimension: [(str(row.get("Key", "")), str(row.get("Title") or "")) for row in reader.meta(dimension)]
            for dimension in dimensions
        }
        row_filter = _slice_filter(spec, categories)
        rows = reader.data(row_filter, [*dimensions, *topics] if spec.live_columns else None)
    if not rows:
        where = f" ($filter {row_filter})" if row_filter else ""
        raise SourceError(say(f"{spec.table_id}: TypedDataSet heeft geen rijen{where}",
                              f"{spec.table_id}: TypedDataSet has no rows{where}"))
    frame = _tidy(spec, rows, dimensions, topics, categories)
    provenance = Provenance(
        table_id=spec.table_id,
        catalog=spec.catalog,
        title=title,
        source="live",
        location=reader.first_url.get("TypedDataSet", reader.table_url + "TypedDataSet"),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=table_sha256(frame),  # over the parsed table: the same however the pages came
        modified=str(info.get("Modified") or ""),
        status=status,
        flavour="typed",
        units={topic: str(meta.get("Unit") or "") for topic, meta in topics.items()},
        dimensions=tuple(dimensions),
        complete="yes",
        notes=f"$filter={row_filter}" if row_filter else "",
    )
    return RawTable(frame, provenance)


def table_modified(
    spec: TableSpec,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    scheme: str = "https",
    base_url: str | None = None,
    deadline: float = 120.0,
    max_wait: float = 30.0,
) -> str:
    """Return the table's ``Modified`` date from TableInfos only (to skip unchanged tables).

    Args:
        spec: the table's declaration.
        timeout: seconds to wait for a connection and for each piece of the answer.
        retries: retries on connection errors, time-outs and 429/5xx answers.
        backoff: urllib3 backoff factor in seconds.
        scheme: ``https`` (CBS) or ``http`` (a local test server).
        base_url: ``host[:port]`` to use instead of the catalog's own host.
        deadline: seconds for the request as a whole.
        max_wait: the longest ``Retry-After`` honoured, in seconds.

    Returns:
        The ``Modified`` value as CBS writes it, or ``""`` when CBS gives none.

    Raises:
        SourceError: one line naming the table and what failed.
    """
    reader = _Reader(spec, timeout, retries, backoff, scheme, base_url, deadline, max_wait)
    with reader.connected():
        return str(reader.info().get("Modified") or "")


@dataclass(frozen=True)
class CbsLive:
    """The live source with its settings: what ``hhu refresh`` uses when there is no mirror.

    Attributes:
        timeout: seconds to wait for a connection and for each piece of an answer.
        retries: retries per request on connection errors, time-outs and 429/5xx answers.
        backoff: urllib3 backoff factor in seconds.
        scheme: ``https`` for CBS; ``http`` for a local test server.
        base_url: ``host[:port]`` instead of each table's own catalog host (tests).
        deadline: seconds for one request as a whole (connect, retries, waits, reading).
        max_wait: the longest ``Retry-After`` honoured, in seconds.
        boundaries_url: the WFS URL of the municipality boundaries, with ``{year}`` (default: PDOK).
    """

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    scheme: str = "https"
    base_url: str | None = None
    deadline: float = 120.0
    max_wait: float = 30.0
    boundaries_url: str | None = None

    def _settings(self) -> dict[str, Any]:
        return {"timeout": self.timeout, "retries": self.retries, "backoff": self.backoff, "scheme": self.scheme,
                "base_url": self.base_url, "deadline": self.deadline, "max_wait": self.max_wait}

    def fetch(self, spec: TableSpec) -> RawTable:
        """Download one table (:func:`fetch_live_table`)."""
        return fetch_live_table(spec, **self._settings())

    def modified(self, spec: TableSpec) -> str:
        """The table's modification date at CBS (:func:`table_modified`)."""
        return table_modified(spec, **self._settings())

    def http_settings(self) -> dict[str, float]:
        """Time-out, deadline, retries, backoff and ``Retry-After`` bound for other downloads (PDOK)."""
        return {"timeout": self.timeout, "deadline": self.deadline, "retries": self.retries,
                "backoff": self.backoff, "max_wait": self.max_wait}
