"""A loopback OData v3 server that answers like CBS's ODataFeed, for tests of the live path.

It serves one small table (2 municipalities x 3 years, a numeric topic with a missing value and
a padded string topic) at ``/ODataFeed/odata/<TABLE>/...``: the table list, ``TableInfos``,
``DataProperties``, one endpoint per dimension and ``TypedDataSet`` with ``$filter`` (``eq``,
``or``, ``and`` on dimension keys) and paging through ``odata.nextLink`` (``$skip``), as CBS
does. Faults can be queued per endpoint: an HTTP status, a hang, a cut connection or broken JSON.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

TABLE = "99999NED"
REGIONS = {"GM0344    ": "Utrecht (gemeente)", "GM0355    ": "Zeist"}
PERIODS = {"2021JJ00": "2021", "2022JJ00": "2022", "2023JJ00": "2023"}
PAGE_SIZE = 2


def table_rows() -> list[dict]:
    """The TypedDataSet rows, outermost dimension first, as CBS orders them."""
    rows = []
    number = 0
    for region in REGIONS:
        for period in PERIODS:
            value = None if (region.startswith("GM0355") and period == "2022JJ00") else 10.0 + number
            rows.append({"ID": number, "RegioS": region, "Perioden": period, "Aantal_1": value,
                         "Naam_2": f"  naam {number}  "})
            number += 1
    return rows


class FakeCbs:
    """State of the server: faults to play, requests seen, table status."""

    def __init__(self) -> None:
        """Start with no faults and a regular table."""
        self.faults: dict[str, list] = defaultdict(list)
        self.seen: list[str] = []
        self.status = "Regulier"
        self.modified = "2024-06-01T02:00:00"
        self.lock = threading.Lock()

    def fault(self, endpoint: str, *actions: object) -> None:
        """Queue actions for an endpoint: an int status, "hang", "cut", "badjson" or "ok"."""
        self.faults[endpoint].extend(actions)

    def requests_to(self, endpoint: str) -> int:
        """How many requests reached an endpoint."""
        return sum(1 for path in self.seen if path == endpoint)


def _matches(row: dict, expression: str) -> bool:
    """Evaluate ``(A eq 'x' or A eq 'y') and (B eq 'z')`` on a row."""
    for clause in re.split(r"\s+and\s+", expression.strip()):
        options = re.findall(r"(\w+) eq '([^']*)'", clause)
        if not any(str(row[name]) == value for name, value in options):
            return False
    return True


def _handler(state: FakeCbs, hang_seconds: float, table: str):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            return

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            parsed = urlparse(self.path)
            parts = [unquote(part) for part in parsed.path.split("/") if part]
            endpoint = parts[3] if len(parts) > 3 else ""
            query = {key: values[0] for key, values in parse_qs(parsed.query).items()}
            with state.lock:
                state.seen.append(endpoint)
                action = state.faults[endpoint].pop(0) if state.faults[endpoint] else "ok"
            if isinstance(action, int):
                self._send(action, json.dumps({"odata.error": {"message": {"value": "fault"}}}).encode())
                return
            if action == "hang":
                time.sleep(hang_seconds)
                return
            if action == "cut":
                self.connection.shutdown(2)
                return
            if action == "badjson":
                self._send(200, b'{"value": [ {"broken": ')
                return
            if parts[:3] != ["ODataFeed", "odata", table]:
                self._send(404, b'{"odata.error": "no such table"}')
                return
            self._send(200, json.dumps(self.answer(endpoint, query)).encode())

        def answer(self, endpoint: str, query: dict[str, str]) -> dict:
            base = f"http://{self.headers['Host']}/ODataFeed/odata/{table}"
            if endpoint == "":
                names = ["TableInfos", "DataProperties", "RegioS", "Perioden", "TypedDataSet"]
                return {"value": [{"name": name, "url": f"{base}/{name}"} for name in names]}
            if endpoint == "TableInfos":
                return {"value": [{"ID": 0, "Identifier": table, "Title": "Testtabel; regio", "Modified": state.modified,
                                   "Status": state.status}]}
            if endpoint == "DataProperties":
                return {"value": [
                    {"ID": 0, "Position": 0, "Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's"},
                    {"ID": 1, "Position": 1, "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden"},
                    {"ID": 2, "Position": 2, "Type": "TopicGroup", "Key": "", "Title": "Groep"},
                    {"ID": 3, "Position": 3, "Type": "Topic", "Key": "Aantal_1", "Title": "Aantal", "Unit": "aantal",
                     "Datatype": "Double"},
                    {"ID": 4, "Position": 4, "Type": "Topic", "Key": "Naam_2", "Title": "Naam", "Unit": "",
                     "Datatype": "String"},
                ]}
            if endpoint in ("RegioS", "Perioden"):
                categories = REGIONS if endpoint == "RegioS" else PERIODS
                return {"value": [{"Key": key, "Title": title} for key, title in categories.items()]}
            if endpoint == "TypedDataSet":
                rows = table_rows()
                if "$filter" in query:
                    rows = [row for row in rows if _matches(row, query["$filter"])]
                skip = int(query.get("$skip", 0))
                page = rows[skip: skip + PAGE_SIZE]
                answer: dict = {"odata.metadata": f"{base}/$metadata#TypedDataSet", "value": page}
                if skip + PAGE_SIZE < len(rows):
                    answer["odata.nextLink"] = f"{base}/TypedDataSet?$format=json&$skip={skip + PAGE_SIZE}" + (
                        f"&$filter={query['$filter']}" if "$filter" in query else "")
                return answer
            return {"value": []}

    return Handler


@contextmanager
def serve(hang_seconds: float = 3.0, table: str = TABLE):
    """Run the server on a free loopback port; yield ``(host:port, state)``; always stop it."""
    state = FakeCbs()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, hang_seconds, table))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
