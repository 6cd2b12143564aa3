"""A loopback OData v3 server that answers like CBS's ODataFeed, for tests of the live path.

It serves one small table (2 municipalities x 3 years; a numeric topic with a missing value and a
padded text topic with a CBS missing symbol) at ``/ODataFeed/odata/<TABLE>/...``: the endpoint
list, ``TableInfos``, ``DataProperties``, one endpoint per dimension and ``TypedDataSet`` with
``$filter`` (``eq``, ``or``, ``and``, parentheses) and paging through ``odata.nextLink`` with
``$skip``, as CBS does. Any other table id answers 404.

Faults are rules per endpoint (:meth:`FakeCbs.fault`): answer a status code (optionally with a
``Retry-After`` header), hang, close the connection without answering, send half the body, send
broken JSON, or trickle the answer (headers or body) one byte at a time; on every page or only on
page N; always or a number of times. The server stops when its ``with`` block ends, and by itself
after ``lifetime`` seconds. It can also serve one GeoJSON document at ``/geo`` (for the PDOK
boundaries path) with the same fault rules under the endpoint name ``geo``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

TABLE = "99999NED"
PAGE_SIZE = 2
REGIONS = {"GM0344    ": "Utrecht (gemeente)", "GM0355    ": "Zeist"}  # keys padded as CBS pads them
PERIODS = {"2021JJ00": "2021", "2022JJ00": "2022", "2023JJ00": "2023"}
DATA_PROPERTIES = [
    {"ID": 0, "Position": 0, "ParentID": None, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
    {"ID": 1, "Position": 1, "ParentID": None, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
    {"ID": 2, "Position": 2, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "Cliënten"},
    {"ID": 3, "Position": 3, "ParentID": 2, "Type": "Topic", "Key": "Aantal_1", "Title": "Aantal",
     "Datatype": "Double", "Unit": "aantal", "Decimals": 0},
    {"ID": 4, "Position": 4, "ParentID": None, "Type": "Topic", "Key": "Naam_2", "Title": "Naam",
     "Datatype": "String", "Unit": "", "Decimals": 0},
]
MISSING_AT = ("GM0355    ", "2022JJ00")  # Aantal_1 is null here
SYMBOL_AT = ("GM0355    ", "2023JJ00")  # Naam_2 is "." (a CBS missing symbol) here


def table_rows(offset: float = 0.0) -> list[dict]:
    """The TypedDataSet rows, outermost dimension first, as CBS orders them (``offset`` added to Aantal_1)."""
    rows = []
    for number, (region, period) in enumerate((r, p) for r in REGIONS for p in PERIODS):
        rows.append({
            "ID": number,
            "RegioS": region,
            "Perioden": period,
            "Aantal_1": None if (region, period) == MISSING_AT else 10.0 + number + offset,
            "Naam_2": "." if (region, period) == SYMBOL_AT else f"  naam {number}    ",
        })
    return rows


# ----- $filter: expr := term ('or' term)*; term := factor ('and' factor)*; factor := '(' expr ')' | Name eq 'v'
_TOKEN = re.compile(r"\s*(\(|\)|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*)")


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if not match:
            raise ValueError(f"bad $filter at {position}: {text!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def matches(row: dict, expression: str) -> bool:
    """Evaluate an OData ``$filter`` of ``eq``, ``or``, ``and`` and parentheses on one row."""
    tokens = _tokens(expression)

    def expr() -> bool:
        result = term()
        while tokens and tokens[0] == "or":
            tokens.pop(0)
            result = term() or result
        return result

    def term() -> bool:
        result = factor()
        while tokens and tokens[0] == "and":
            tokens.pop(0)
            result = factor() and result
        return result

    def factor() -> bool:
        if tokens[0] == "(":
            tokens.pop(0)
            result = expr()
            if tokens.pop(0) != ")":
                raise ValueError(f"unbalanced $filter: {expression!r}")
            return result
        name, operator, literal = tokens.pop(0), tokens.pop(0), tokens.pop(0)
        if operator != "eq" or not literal.startswith("'"):
            raise ValueError(f"unsupported $filter: {expression!r}")
        return str(row[name]) == literal[1:-1].replace("''", "'")

    result = expr()
    if tokens:
        raise ValueError(f"trailing $filter tokens: {tokens}")
    return result


@dataclass
class Fault:
    """One fault rule: ``action`` on ``page`` (None: any page), ``times`` times (None: always).

    Actions: an HTTP status (int; 200 means "answer normally"; ``retry_after`` adds that header),
    ``"hang"`` (wait longer than the client's time-out, then close), ``"cut"`` (close without
    answering), ``"truncate"`` (promise the whole body, send half, close), ``"badjson"``,
    ``"trickle"`` (headers at once, then the body one byte every ``FakeCbs.trickle_seconds``) or
    ``"trickle_headers"`` (the status line and headers one byte at a time).
    """

    action: int | str
    page: int | None = None
    times: int | None = None
    retry_after: str | None = None


class FakeCbs:
    """State of the server: the table's status, fault rules and the requests seen."""

    def __init__(self, table: str = TABLE, hang_seconds: float = 3.0) -> None:
        self.table = table
        self.hang_seconds = hang_seconds
        self.status = "Regulier"
        self.modified = "2024-06-01T02:00:00"
        self.faults: dict[str, list[Fault]] = {}
        self.seen: list[tuple[str, dict[str, str]]] = []  # (endpoint, query) per request
        self.offset = 0.0  # added to every Aantal_1 value (a new release with other numbers)
        self.trickle_seconds = 0.5
        self.geojson: bytes = b"{}"  # what /geo answers
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def fault(self, endpoint: str, action: int | str, *, page: int | None = None, times: int | None = None,
              retry_after: str | None = None) -> None:
        """Add a fault rule for ``endpoint`` (``TableInfos``, ``RegioS``, ``TypedDataSet``, ``geo`` ...)."""
        self.faults.setdefault(endpoint, []).append(Fault(action, page, times, retry_after))

    def statuses(self, endpoint: str, codes: list[int]) -> None:
        """Answer the next requests to ``endpoint`` with these codes in order (200: normal answer)."""
        for code in codes:
            self.fault(endpoint, code, times=1)

    def requests_to(self, endpoint: str, page: int | None = None) -> int:
        """How many requests reached ``endpoint`` (on ``page`` when given)."""
        return sum(1 for name, query in self.seen if name == endpoint and (page is None or _page(query) == page))

    def filters(self) -> list[str]:
        """The ``$filter`` values received on TypedDataSet, in order."""
        return [query["$filter"] for name, query in self.seen if name == "TypedDataSet" and "$filter" in query]

    def _action(self, endpoint: str, page: int) -> Fault:
        with self.lock:
            for rule in self.faults.get(endpoint, []):
                if (rule.page is None or rule.page == page) and (rule.times is None or rule.times > 0):
                    if rule.times is not None:
                        rule.times -= 1
                    return rule
        return Fault(200)


def _page(query: dict[str, str]) -> int:
    return int(query.get("$skip", 0)) // PAGE_SIZE + 1


def _handler(state: FakeCbs) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            return

        def _send(self, status: int, body: bytes, *, send_only: int | None = None, retry_after: str | None = None,
                  trickle: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;odata=minimalmetadata;charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            if trickle:
                self._trickle(body)
                return
            self.wfile.write(body if send_only is None else body[:send_only])

        def _trickle(self, data: bytes) -> None:
            """Send ``data`` one byte every ``state.trickle_seconds`` (until the client or the server gives up)."""
            try:
                self.wfile.flush()
                for index in range(len(data)):
                    if state.stopping.wait(state.trickle_seconds):
                        return
                    self.wfile.write(data[index: index + 1])
                    self.wfile.flush()
            except OSError:
                return

        def _trickle_headers(self, body: bytes) -> None:
            head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
            self._trickle(head + body)

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            url = urlsplit(self.path)
            parts = [part for part in url.path.split("/") if part]
            endpoint = "geo" if parts[:1] == ["geo"] else (parts[3] if len(parts) > 3 else "")
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            with state.lock:
                state.seen.append((endpoint, query))
            if endpoint != "geo" and parts[:3] != ["ODataFeed", "odata", state.table]:
                error = {"odata.error": {"code": "", "message": {"lang": "nl-NL", "value": "Resource not found"}}}
                self._send(404, json.dumps(error).encode())
                return
            rule = state._action(endpoint, _page(query))
            action = rule.action
            if action == "hang":
                state.stopping.wait(state.hang_seconds)
                return  # close without answering
            if action == "cut":
                return
            if isinstance(action, int) and action != 200:
                self._send(action, json.dumps({"odata.error": {"message": {"value": f"fault {action}"}}}).encode(),
                           retry_after=rule.retry_after)
                return
            try:
                body = state.geojson if endpoint == "geo" else json.dumps(self._answer(endpoint, query)).encode()
            except (KeyError, ValueError) as error:
                self._send(400 if endpoint == "TypedDataSet" else 404, json.dumps({"odata.error": str(error)}).encode())
                return
            if action == "badjson":
                self._send(200, body[: len(body) // 2])
            elif action == "truncate":
                self._send(200, body, send_only=len(body) // 2)
            elif action == "trickle":
                self._send(200, body, trickle=True)
            elif action == "trickle_headers":
                self._trickle_headers(body)
            else:
                self._send(200, body)

        def _answer(self, endpoint: str, query: dict[str, str]) -> dict:
            base = f"http://{self.headers['Host']}/ODataFeed/odata/{state.table}"
            metadata = {"odata.metadata": f"{base}/$metadata#Cbs.OData.WebAPI.{endpoint or 'Tables'}"}
            if endpoint == "":
                names = ["TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties", "RegioS", "Perioden"]
                return {"odata.metadata": f"{base}/$metadata", "value": [{"name": n, "url": f"{base}/{n}"} for n in names]}
            if endpoint == "TableInfos":
                info = {"ID": 0, "Title": "Testtabel; regio", "ShortTitle": "Testtabel", "Identifier": state.table,
                        "Modified": state.modified, "Status": state.status, "Frequency": "Perjaar"}
                return {**metadata, "value": [info]}
            if endpoint == "DataProperties":
                return {**metadata, "value": DATA_PROPERTIES}
            if endpoint in ("RegioS", "Perioden"):
                categories = REGIONS if endpoint == "RegioS" else PERIODS
                return {**metadata, "value": [{"Key": k, "Title": t, "Description": None} for k, t in categories.items()]}
            if endpoint == "TypedDataSet":
                rows = table_rows(state.offset)
                if "$filter" in query:
                    rows = [row for row in rows if matches(row, query["$filter"])]
                skip = int(query.get("$skip", 0))
                answer = {**metadata, "value": rows[skip: skip + PAGE_SIZE]}
                if skip + PAGE_SIZE < len(rows):
                    more = f"&$filter={quote(query['$filter'])}" if "$filter" in query else ""
                    answer["odata.nextLink"] = f"{base}/TypedDataSet?$format=json{more}&$skip={skip + PAGE_SIZE}"
                return answer
            raise KeyError(f"no endpoint {endpoint}")

    return Handler


@contextmanager
def serve(table: str = TABLE, hang_seconds: float = 3.0, lifetime: float = 30.0) -> Iterator[tuple[str, FakeCbs]]:
    """Run the server on a free loopback port; yield ``("127.0.0.1:<port>", state)``.

    The server stops when the block ends, and by itself after ``lifetime`` seconds; hanging
    handlers wake up when it stops.
    """
    state = FakeCbs(table, hang_seconds)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    watchdog = threading.Timer(lifetime, server.shutdown)
    watchdog.daemon = True
    thread.start()
    watchdog.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", state
    finally:
        watchdog.cancel()
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
