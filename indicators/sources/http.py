"""HTTP with an overall deadline per request, bounded retries and one clean line per event.

``requests`` has only per-operation time-outs: a server that sends one byte every few seconds
keeps a download alive for ever, and urllib3's retries multiply the time-out without saying so.
This module adds, for the live CBS path and the PDOK boundaries:

* a **deadline** per request: connecting, every retry, every wait and reading the whole answer
  together must finish within ``deadline`` seconds. A watchdog shuts the request's sockets
  down when it passes, so a trickling server is cut off on time; the request then fails with
  :class:`DeadlineExceeded`, whose message states that limit;
* **retries** on connection errors, time-outs and 429/500/502/503/504 answers, with exponential
  backoff, honouring ``Retry-After`` up to ``max_wait`` seconds (a server asking for a longer
  wait gets its answer passed on instead, so the caller can say so);
* **one line per retry** on the ``indicators.sources`` logger (shown as a bare line on the
  terminal when logging is not configured) instead of urllib3's own warnings.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from contextlib import suppress
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import MaxRetryError, ResponseError
from urllib3.util.retry import Retry

from indicators.messages import say

LOG = logging.getLogger("indicators.sources")
RETRY_STATUSES = (429, 500, 502, 503, 504)

_LOCAL = threading.local()


class DeadlineExceeded(requests.Timeout):
    """A request (with its retries and waits) did not finish within its deadline."""

    def __init__(self, message: str, deadline: float) -> None:
        super().__init__(message)
        self.deadline = deadline


class _Watch:
    """The deadline of one request: shuts its sockets down when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self.expires - time.monotonic())

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self.expired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()


def _shutdown(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _watch() -> _Watch | None:
    return getattr(_LOCAL, "watch", None)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        watch = _watch()
        if watch is not None:
            watch.add(self.sock)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        watch = _watch()
        if watch is not None:
            watch.add(self.sock)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class BoundedRetry(Retry):
    """urllib3's retry policy, bounded by the request's deadline and by ``max_wait`` for ``Retry-After``.

    Each retry is announced in one line (``label``: what is being fetched). A ``Retry-After``
    longer than ``max_wait`` or than the time left stops the retries; the answer is then passed
    on (429/503 with its header) for the caller to explain.
    """

    label: str = ""
    max_wait: float = 30.0

    def new(self, **kw: Any) -> BoundedRetry:
        """Copy with our settings (urllib3 makes a new object per retry)."""
        retry = super().new(**kw)
        retry.label, retry.max_wait = self.label, self.max_wait
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):  # noqa: D102
        watch = _watch()
        if watch is not None and watch.expired:
            raise MaxRetryError(_pool, url, DeadlineExceeded(f"deadline of {watch.seconds:g} s passed",
                                                             watch.seconds))
        if response is not None and response.status in RETRY_STATUSES:
            wait = self.get_retry_after(response) if self.respect_retry_after_header else None
            if wait is not None and (wait > self.max_wait or (watch is not None and wait > watch.remaining())):
                response.hhu_refused_wait = wait  # read by refused_wait() to explain the answer
                raise MaxRetryError(_pool, url, ResponseError(f"asks to wait {wait:g} s"))
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        if response is not None and response.status:
            why = say(f"antwoordde {response.status}", f"answered {response.status}")
        else:
            kind = type(error).__name__ if error else say("onbekend", "unknown")
            why = say(f"verbindingsprobleem ({kind})", f"connection problem ({kind})")
        LOG.warning(say("%s: %s, nieuwe poging (poging %d)", "%s: %s, trying again (try %d)"),
                    self.label or url or say("verzoek", "request"), why, len(retry.history) + 1)
        return retry

    def sleep(self, response=None) -> None:
        """Wait before the next try: ``Retry-After`` when given, else the backoff; never past the deadline."""
        watch = _watch()
        wait = None
        if response is not None and self.respect_retry_after_header:
            wait = self.get_retry_after(response)
        if wait is None:
            wait = self.get_backoff_time()
        if watch is not None:
            wait = min(wait, watch.remaining())
        if wait > 0:
            time.sleep(wait)


def retry_policy(retries: int, backoff: float, max_wait: float, label: str) -> BoundedRetry:
    """The per-request retry policy (GET only)."""
    retry = BoundedRetry(
        total=retries, connect=retries, read=retries, status=retries,
        backoff_factor=backoff, status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
        raise_on_status=False, respect_retry_after_header=True,
    )
    retry.label, retry.max_wait = label, max_wait
    return retry


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections the request's deadline watchdog can shut down."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Use pools whose connections register with the deadline watchdog."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any):  # noqa: D102
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager


class DeadlineSession(requests.Session):
    """A session whose every request has a deadline (see the module docstring).

    Args:
        timeout: seconds for connecting and for each wait for data (per operation).
        deadline: seconds for the whole request: connect, retries, waits and the whole body.
        retries: retries on connection errors, time-outs and 429/5xx answers.
        backoff: urllib3 backoff factor in seconds.
        max_wait: the longest ``Retry-After`` honoured, in seconds.
        label: what is fetched, for the one-line retry notices.
    """

    def __init__(self, timeout: float, deadline: float, retries: int, backoff: float, max_wait: float,
                 label: str) -> None:
        super().__init__()
        self.timeout = timeout
        self.deadline = deadline
        adapter = DeadlineAdapter(max_retries=retry_policy(retries, backoff, max_wait, label))
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Send with the deadline; raise :class:`DeadlineExceeded` when it passes."""
        if _watch() is not None:  # a redirect hop inside an outer send: same deadline
            return self._send_once(request, kwargs)
        watch = _Watch(self.deadline)
        _LOCAL.watch = watch
        try:
            response = self._send_once(request, kwargs)
        except requests.RequestException as error:
            if watch.expired:
                raise DeadlineExceeded(f"deadline of {self.deadline:g} s passed", self.deadline) from error
            raise
        finally:
            watch.cancel()
            _LOCAL.watch = None
        if watch.expired:  # the body may have been cut short by the watchdog
            response.close()
            raise DeadlineExceeded(f"deadline of {self.deadline:g} s passed", self.deadline)
        return response

    def _send_once(self, request: requests.PreparedRequest, kwargs: dict[str, Any]) -> requests.Response:
        watch = _watch()
        per_operation = min(self.timeout, watch.remaining()) if watch is not None else self.timeout
        kwargs = {**kwargs, "timeout": max(per_operation, 0.001)}
        return super().send(request, **kwargs)


def refused_wait(response: requests.Response | None) -> float | None:
    """The ``Retry-After`` (seconds) that was too long to honour for this answer, None otherwise."""
    return getattr(getattr(response, "raw", None), "hhu_refused_wait", None)


def get(url: str, *, timeout: float = 30.0, deadline: float = 120.0, retries: int = 3, backoff: float = 0.5,
        max_wait: float = 30.0, label: str = "") -> bytes:
    """GET ``url`` with a deadline and bounded retries; return the body.

    Raises:
        requests.RequestException: :class:`DeadlineExceeded`, ``HTTPError`` (after the retries) and
            the other errors of ``requests``; :func:`describe` turns them into one line.
    """
    proxies = requests.utils.get_environ_proxies(url)
    with DeadlineSession(timeout, deadline, retries, backoff, max_wait, label or url) as session:
        response = session.get(url, proxies=proxies)
        response.raise_for_status()
        return response.content


def wait_limit(max_wait: float) -> str:
    """How long a ``Retry-After`` may be, in words."""
    return say(f"hoogstens {max_wait:g} s, en nooit voorbij de deadline", f"at most {max_wait:g} s, and never past the deadline")


def describe(error: BaseException, host: str, *, timeout: float, retries: int, max_wait: float) -> str:
    """One line (no table name) for a failed request to ``host``."""
    if isinstance(error, DeadlineExceeded):
        return say(f"geen volledig antwoord van {host} binnen de deadline van {error.deadline:g} s "
                   "(verbinden, nieuwe pogingen en lezen samen)",
                   f"no complete answer from {host} within the deadline of {error.deadline:g} s "
                   "(connecting, retries and reading together)")
    if isinstance(error, requests.HTTPError) and error.response is not None:
        response = error.response
        line = say(f"{host} antwoordde {response.status_code} {response.reason}",
                   f"{host} answered {response.status_code} {response.reason}")
        wait = refused_wait(response)
        if wait is not None:
            return say(f"{line} en vraagt {wait:g} s te wachten, langer dan deze client wacht ({wait_limit(max_wait)})",
                       f"{line} and asks to wait {wait:g} s, longer than this client waits ({wait_limit(max_wait)})")
        if response.status_code in RETRY_STATUSES and retries:
            return say(f"{line} na {retries} nieuwe pogingen", f"{line} after {retries} retries")
        return line
    if isinstance(error, requests.exceptions.ProxyError):
        return say(f"kan {host} niet bereiken via de proxy (controleer HTTPS_PROXY/HTTP_PROXY en NO_PROXY)",
                   f"cannot reach {host} through the proxy (check HTTPS_PROXY/HTTP_PROXY and NO_PROXY)")
    if isinstance(error, requests.exceptions.SSLError):
        return say(f"TLS/SSL-fout in het contact met {host}", f"TLS/SSL error talking to {host}")
    if isinstance(error, requests.Timeout):
        return say(f"geen antwoord van {host} binnen {timeout:g} s per poging ({retries + 1} pogingen)",
                   f"no answer from {host} within {timeout:g} s per try ({retries + 1} tries)")
    if isinstance(error, requests.ConnectionError):
        return say(f"kan geen verbinding maken met {host} of de verbinding viel weg ({retries + 1} pogingen)",
                   f"cannot connect to {host} or the connection was lost ({retries + 1} tries)")
    first_line = (str(error).splitlines() or [""])[0][:200]
    return say(f"verzoek aan {host} mislukt ({type(error).__name__}: {first_line})",
               f"request to {host} failed ({type(error).__name__}: {first_line})")
