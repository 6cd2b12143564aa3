"""The live path: StatLine tables straight from CBS through the ``cbsodata`` package.

``cbsodata`` does the OData work (URLs, ``$filter``, paging via ``odata.nextLink``) but it has no
time-out, no retry, and it builds a bare ``requests.Session`` per page whose ``send`` ignores
``NO_PROXY`` and upper-case proxy variables. This module adds those around it:

* every request gets ``timeout`` seconds;
* connection errors and 5xx answers are retried ``retries`` times with exponential backoff
  (``urllib3.Retry`` on the session cbsodata uses), and a download that loses its connection
  half-way through paging is restarted once more at this level;
* proxies come from the environment the way ``requests`` itself reads them
  (``requests.utils.get_environ_proxies``: ``HTTPS_PROXY``/``https_proxy``, ``NO_PROXY``);
* a table whose status says it is discontinued raises a warning;
* dimension keys (``GM0344``, ``2022JJ00``) are kept next to their titles (``get_data`` would
  replace them).

Every failure raises :class:`~indicators.sources.base.SourceError` with one line naming the
table and what failed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import cbsodata
import pandas as pd
import requests
from cbsodata import cbsodata3
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, ReadTimeoutError
from urllib3.util.retry import Retry

from indicators.sources.base import MISSING_SYMBOLS, Provenance, RawTable, SourceError
from indicators.sources.tables import TableSpec

LOG = logging.getLogger(__name__)
DIMENSION_TYPES = {"Dimension", "TimeDimension", "GeoDimension", "GeoDetail"}
NUMERIC_TYPES = {"Double", "Float", "Integer", "Long", "Short", "Decimal", "Int16", "Int32", "Int64"}
DISCONTINUED = ("gediscontinueerd", "stopgezet", "discontinued")
RETRY_STATUSES = (500, 502, 503, 504)


class _RecordingSession(requests.Session):
    """A session with retries that hashes every response body it receives, in order."""

    def __init__(self, retries: int, backoff: float, digest: Any) -> None:
        super().__init__()
        self.trust_env = False  # proxies are passed explicitly per request
        retry = Retry(
            total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}), raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.mount("http://", adapter)
        self.mount("https://", adapter)
        self._digest = digest

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send with the retrying adapter and record the body for the table's sha256."""
        response = super().send(request, **kwargs)
        if response.ok:
            self._digest.update(response.content)
        return response


@contextmanager
def _configured_cbsodata(
    *, timeout: float, retries: int, backoff: float, scheme: str, host: str, digest: Any
) -> Iterator[None]:
    """Temporarily give cbsodata our session, time-out, proxies and scheme; restore afterwards."""
    original_session = cbsodata3.Session
    original_requests = dict(cbsodata.options.requests)
    original_https = cbsodata.options.use_https
    url = f"{scheme}://{host}/"
    cbsodata3.Session = lambda: _RecordingSession(retries, backoff, digest)  # type: ignore[assignment]
    cbsodata.options.requests = {"timeout": timeout, "proxies": requests.utils.get_environ_proxies(url)}
    cbsodata.options.use_https = scheme == "https"
    try:
        yield
    finally:
        cbsodata3.Session = original_session  # type: ignore[assignment]
        cbsodata.options.requests = original_requests
        cbsodata.options.use_https = original_https


def _is_timeout(error: Exception) -> bool:
    """Whether a connection error is urllib3 giving up after read or connect time-outs."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, (ReadTimeoutError, ConnectTimeoutError)) or "timed out" in str(error)


def _call(table_id: str, what: str, host: str, timeout: float, retries: int, download: Callable[[], list]) -> list:
    """Run one cbsodata download; turn every failure into a one-line SourceError."""
    for attempt in range(2):  # one restart at this level when the connection drops mid-paging
        try:
            return download()
        except requests.HTTPError as error:
            cause = error.__cause__ if isinstance(error.__cause__, requests.HTTPError) else error
            response = cause.response
            status = f"{response.status_code} {response.reason}" if response is not None else "an HTTP error"
            where = f" ({response.url})" if response is not None else ""
            raise SourceError(f"{table_id}: CBS answered {status} for {what}{where}") from None
        except requests.Timeout:
            raise SourceError(f"{table_id}: no answer within {timeout:g} s from {host} for {what} (timeout)") from None
        except requests.exceptions.ProxyError as error:
            raise SourceError(f"{table_id}: proxy refused or unreachable for {what} ({type(error).__name__})") from None
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
            if _is_timeout(error):
                raise SourceError(f"{table_id}: no answer within {timeout:g} s from {host} for {what} (timeout)") from None
            if attempt == 0:
                LOG.warning("%s: connection lost during %s, starting that download again", table_id, what)
                continue
            reason = type(error).__name__
            raise SourceError(f"{table_id}: connection lost while reading {what} after {retries} retries ({reason})") from None
        except (ValueError, KeyError, TypeError) as error:  # json.JSONDecodeError is a ValueError
            raise SourceError(f"{table_id}: malformed answer for {what} from {host} ({type(error).__name__})") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _filter(spec: TableSpec, categories: dict[str, dict[str, str]]) -> str:
    """Build the OData ``$filter`` of ``spec.live_slice`` from keys or titles."""
    clauses = []
    for dimension, wanted in spec.live_slice:
        if dimension not in categories:
            raise SourceError(f"{spec.table_id}: live slice names unknown dimension {dimension!r}")
        keys = []
        for value in wanted:
            found = [key for key, title in categories[dimension].items() if key.strip() == value or title == value]
            if not found:
                raise SourceError(f"{spec.table_id}: dimension {dimension} has no category {value!r}")
            keys.extend(found)
        clauses.append("(" + " or ".join(f"{dimension} eq '{key}'" for key in keys) + ")")
    return " and ".join(clauses)


def _tidy(
    rows: list[dict], dimensions: list[str], topics: dict[str, dict], categories: dict[str, dict[str, str]]
) -> pd.DataFrame:
    """Turn TypedDataSet rows into the tidy raw layout (codes and labels, typed topics)."""
    frame = pd.DataFrame(rows)
    out: dict[str, pd.Series] = {}
    for dimension in dimensions:
        keys = frame[dimension].astype("string")
        titles = {key.strip(): title for key, title in categories[dimension].items()}
        out[f"{dimension}_code"] = keys.str.strip()
        out[f"{dimension}_label"] = keys.str.strip().map(titles).astype("string")
    for topic, meta in topics.items():
        values = frame[topic] if topic in frame.columns else pd.Series([None] * len(frame))
        if meta.get("Datatype") in NUMERIC_TYPES:
            out[topic] = pd.to_numeric(values, errors="coerce").astype("float64")
        else:
            text = values.astype("string").str.strip()
            out[topic] = text.mask(text.isin(MISSING_SYMBOLS))
    return pd.DataFrame(out)


def fetch_live_table(
    spec: TableSpec,
    *,
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    scheme: str = "https",
    base_url: str | None = None,
) -> RawTable:
    """Download one table from CBS (or the third-party catalog for RIVM tables).

    Args:
        spec: the table's declaration (id, catalog, ``live_slice``).
        timeout: seconds per request.
        retries: retries per request on connection errors and 5xx answers.
        backoff: backoff factor in seconds (0.5 -> 0.5 s, 1 s, 2 s ...).
        scheme: ``https`` (CBS) or ``http`` (a local test server).
        base_url: host[:port] instead of the catalog's own host.

    Returns:
        The tidy :class:`RawTable` with provenance (``source="live"``).

    Raises:
        SourceError: one line naming the table and what failed.
    """
    host = base_url or spec.catalog_url
    table_id = spec.table_id
    digest = hashlib.sha256()
    with _configured_cbsodata(timeout=timeout, retries=retries, backoff=backoff, scheme=scheme, host=host, digest=digest):

        def download(name: str, filters: str | None = None) -> list:
            return _call(table_id, name, host, timeout, retries,
                         lambda: cbsodata3._download_metadata(table_id, name, filters=filters, catalog_url=host))

        infos = download("TableInfos")
        info = infos[0] if infos else {}
        status = str(info.get("Status", ""))
        if status.lower().startswith(DISCONTINUED):
            warnings.warn(f"{table_id}: CBS status is {status!r}; the table is no longer updated", stacklevel=2)
            LOG.warning("%s: table status %s", table_id, status)
        properties = download("DataProperties")
        dimensions = [prop["Key"] for prop in properties if prop.get("Type") in DIMENSION_TYPES]
        topics = {prop["Key"]: prop for prop in properties if prop.get("Type") == "Topic"}
        categories = {
            dimension: {str(row["Key"]): str(row.get("Title", "")) for row in download(dimension)}
            for dimension in dimensions
        }
        row_filter = _filter(spec, categories) or None
        rows = download("TypedDataSet", row_filter)
    if not rows:
        raise SourceError(f"{table_id}: TypedDataSet is empty" + (f" for $filter {row_filter}" if row_filter else ""))
    frame = _tidy(rows, dimensions, topics, categories)
    location = f"{scheme}://{host}/ODataFeed/odata/{table_id}/TypedDataSet"
    provenance = Provenance(
        table_id=table_id,
        catalog=spec.catalog,
        title=str(info.get("Title", spec.title)),
        source="live",
        location=location + (f"?$filter={row_filter}" if row_filter else ""),
        retrieved_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=digest.hexdigest(),
        modified=str(info.get("Modified", "")),
        status=status,
        flavour="typed",
        units={key: str(meta.get("Unit", "")) for key, meta in topics.items()},
        dimensions=tuple(dimensions),
        complete="yes",
        notes=json.dumps({"filter": row_filter}) if row_filter else "",
    )
    return RawTable(frame, provenance)


def table_modified(spec: TableSpec, *, timeout: float = 30.0, retries: int = 3, scheme: str = "https",
                   base_url: str | None = None) -> str:
    """Return the table's ``Modified`` date from its TableInfos (to skip unchanged tables)."""
    host = base_url or spec.catalog_url
    with _configured_cbsodata(timeout=timeout, retries=retries, backoff=0.5, scheme=scheme, host=host,
                              digest=hashlib.sha256()):
        infos = _call(spec.table_id, "TableInfos", host, timeout, retries,
                      lambda: cbsodata3._download_metadata(spec.table_id, "TableInfos", catalog_url=host))
    return str(infos[0].get("Modified", "")) if infos else ""


@dataclass(frozen=True)
class CbsLive:
    """The live source with its settings: what ``hhu refresh`` uses when there is no mirror.

    Attributes:
        timeout: seconds per request.
        retries: retries per request on connection errors and 5xx answers.
        backoff: backoff factor in seconds.
        scheme: ``https`` for CBS; ``http`` for a local test server.
        base_url: host[:port] instead of each table's own catalog host (tests).
    """

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    scheme: str = "https"
    base_url: str | None = None

    def fetch(self, spec: TableSpec) -> RawTable:
        """Download one table (:func:`fetch_live_table`)."""
        return fetch_live_table(spec, timeout=self.timeout, retries=self.retries, backoff=self.backoff,
                                scheme=self.scheme, base_url=self.base_url)

    def modified(self, spec: TableSpec) -> str:
        """The table's modification date at CBS (:func:`table_modified`)."""
        return table_modified(spec, timeout=self.timeout, retries=self.retries, scheme=self.scheme,
                              base_url=self.base_url)
