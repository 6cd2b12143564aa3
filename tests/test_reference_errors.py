"""Bad reference input stops with one line naming the file and the row (issue 9 item 4).

The Gebieden table (duplicated or missing rows, an empty population), the district file (codes that
do not fit ``WK`` + six digits) and the district boundaries. Copies of the mirror's files are changed
in a temporary folder, never the mirror itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from indicators import messages, store
from indicators.geo import GeoError, check_district_geojson, read_district_boundaries
from indicators.refresh import refresh, region_model_from_raw
from indicators.regions import RegionError, municipalities_from_gebieden
from indicators.sources.base import SourceError
from indicators.sources.live import _slice_filter
from indicators.sources.mirror import read_mirror_table
from indicators.sources.tables import get_spec


@pytest.fixture(scope="module")
def gebieden(refreshed_store: Path) -> pd.DataFrame:
    return store.read_raw(refreshed_store, "86059NED")


def _one_line(error: BaseException) -> str:
    message = str(error)
    assert "\n" not in message
    return message


def test_duplicated_gebieden_row(gebieden: pd.DataFrame) -> None:
    doubled = pd.concat([gebieden, gebieden.iloc[[5]]], ignore_index=True)
    with pytest.raises(RegionError) as raised:
        municipalities_from_gebieden(doubled, "86059NED")
    message = _one_line(raised.value)
    code = gebieden["Code_1"].iloc[5].strip()
    assert message.startswith(f"86059NED: row {len(gebieden) + 1}: municipality {code}")
    assert "listed twice (also row 6)" in message


def test_empty_population(gebieden: pd.DataFrame) -> None:
    broken = gebieden.copy()
    broken.loc[17, "Inwonertal_56"] = None
    with pytest.raises(RegionError) as raised:
        municipalities_from_gebieden(broken, "tables/86059NED.csv")
    message = _one_line(raised.value)
    assert message.startswith("tables/86059NED.csv: line 19: Inwonertal_56 of ")  # header is line 1
    assert message.endswith("is empty")


def test_empty_municipality_code(gebieden: pd.DataFrame) -> None:
    broken = gebieden.copy()
    broken.loc[3, "Code_1"] = "   "
    with pytest.raises(RegionError, match=r"^86059NED: row 4: municipality code '' is empty"):
        municipalities_from_gebieden(broken, "86059NED")


def test_missing_gebieden_row(gebieden: pd.DataFrame) -> None:
    without_zeist = gebieden.loc[gebieden["Code_1"].str.strip() != "GM0355"]
    with pytest.raises(RegionError) as raised:
        region_model_from_raw(without_zeist, where="tables/86059NED.csv")
    message = _one_line(raised.value)
    assert "Zeist" in message and "not in Gebieden in Nederland (86059NED)" in message and "missing row" in message


def test_refresh_names_the_file_and_line(mirror: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mirror"
    (folder / "tables").mkdir(parents=True)
    lines = (mirror / "tables" / "86059NED.csv").read_text(encoding="utf-8").split("\n")
    lines.insert(11, lines[10])  # data row 10 (file line 11) twice
    (folder / "tables" / "86059NED.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises((RegionError, SourceError)) as raised:  # the refresh's key check comes first
        refresh(tmp_path / "data", folder, ["86059NED"], progress=None)
    message = _one_line(raised.value)
    assert message.startswith(f"{folder / 'tables' / '86059NED.csv'}: regels 11 en 12 hebben dezelfde sleutel (RegioS=GM")
    assert not (tmp_path / "data" / "manifest.json").exists()  # (the region model's own check: the test above)


def _wijken_copy(mirror: Path, tmp_path: Path, change) -> Path:  # noqa: ANN001
    folder = tmp_path / "mirror"
    (folder / "tables").mkdir(parents=True)
    (folder / "wijken").mkdir()
    text = (mirror / "wijken" / "wijken_2022.csv").read_text(encoding="utf-8")
    (folder / "wijken" / "wijken_2022.csv").write_text(change(text), encoding="utf-8")
    return folder


def test_district_code_that_does_not_fit_the_pattern(mirror: Path, tmp_path: Path) -> None:
    def break_line_5(text: str) -> str:
        lines = text.split("\n")
        lines[4] = "WK12AB34" + lines[4][8:]
        return "\n".join(lines)

    folder = _wijken_copy(mirror, tmp_path, break_line_5)
    with pytest.raises(SourceError) as raised:
        read_mirror_table(get_spec("85318NED"), folder)  # Dutch by default
    assert _one_line(raised.value) == (f"{folder / 'tables' / '..' / 'wijken' / 'wijken_2022.csv'}: regel 5: wijkcode "
                                       "'WK12AB34' is niet WK + 6 cijfers (1 zulke code(s))")
    with messages.language("en"), pytest.raises(SourceError) as raised:
        read_mirror_table(get_spec("85318NED"), folder)
    message = _one_line(raised.value)
    assert message == (f"{folder / 'tables' / '..' / 'wijken' / 'wijken_2022.csv'}: line 5: district code 'WK12AB34' "
                       "does not fit WK + 6 digits (1 such code(s))")


def test_district_code_twice(mirror: Path, tmp_path: Path) -> None:
    def repeat_line_2(text: str) -> str:
        lines = text.split("\n")
        lines[3] = lines[1]
        return "\n".join(lines)

    folder = _wijken_copy(mirror, tmp_path, repeat_line_2)
    with pytest.raises(SourceError, match=r"regel 4: wijkcode WK\d{6} herhaalt regel 2$"):
        read_mirror_table(get_spec("85318NED"), folder)  # Dutch by default
    with messages.language("en"), pytest.raises(SourceError, match=r"line 4: district code WK\d{6} repeats line 2$"):
        read_mirror_table(get_spec("85318NED"), folder)


def test_the_district_file_reads_as_85318NED(mirror: Path) -> None:
    raw = read_mirror_table(get_spec("85318NED"), mirror)
    frame = raw.frame
    assert raw.provenance.table_id == "85318NED" and raw.provenance.source == "mirror"
    assert frame["WijkenEnBuurten_code"].str.match(r"^WK\d{6}$").all()
    with (mirror / "wijken" / "wijken_2022.csv").open(encoding="utf-8") as handle:
        lines = handle.read().strip().split("\n")
    assert len(frame) == len(lines) - 1
    first = dict(zip(lines[0].split(";"), lines[1].split(";"), strict=True))
    row = frame.iloc[0]
    assert row["WijkenEnBuurten_code"] == first["code"] and row["WijkenEnBuurten_label"] == first["name"]
    assert row["AantalInwoners_5"] == float(first["population"])
    assert row["k_40PersonenMetLaagsteInkomen_73"] == float(first["income_low"])


def test_bad_district_boundaries(mirror: Path) -> None:
    collection = json.loads((mirror / "wijken" / "wijken_2022.geojson").read_text(encoding="utf-8"))
    collection["features"][2]["properties"]["statcode"] = "GM0344"
    with pytest.raises(GeoError, match=r"^x\.geojson: vorm 3: wijkcode 'GM0344' is niet WK \+ 6 cijfers$"):
        check_district_geojson(collection, "x.geojson")  # Dutch by default
    with messages.language("en"), pytest.raises(
            GeoError, match=r"^x\.geojson: feature 3: district code 'GM0344' does not fit WK \+ 6 digits$"):
        check_district_geojson(collection, "x.geojson")


# ----- live: the district table and the PDOK layer --------------------------------------------------
def test_live_filter_is_anded_with_the_slice() -> None:
    spec = get_spec("85318NED")
    assert _slice_filter(spec, {"WijkenEnBuurten": []}) == "(startswith(WijkenEnBuurten,'WK'))"
    assert spec.live_available and "AantalInwoners_5" in spec.live_columns


def test_pdok_district_layer_is_paged_with_startindex() -> None:
    """A loopback 'PDOK' with 5 districts, 2 per page: pages at startindex 0, 2, 4 (the last one not full)."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    asked: list[str] = []

    class Pdok(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            query = parse_qs(urlsplit(self.path).query)
            asked.append(query["startindex"][0])
            start, count = int(query["startindex"][0]), int(query["count"][0])
            features = [{"type": "Feature", "geometry": None, "properties": {"statcode": f"WK{code:06d}", "statnaam": ""}}
                        for code in range(start, min(start + count, 5))]
            body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pdok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/wfs?year={{year}}&count={{count}}&startindex={{start}}"
        collection, first_url = read_district_boundaries(None, 2022, url=url, page=2, timeout=5, deadline=10, retries=0)
    finally:
        server.shutdown()
        server.server_close()
    assert [feature["properties"]["statcode"] for feature in collection["features"]] == [f"WK{n:06d}" for n in range(5)]
    assert asked == ["0", "2", "4"]
    assert "year=2022" in first_url and first_url.endswith("startindex=0")


def test_pdok_district_template_is_the_wijk_layer() -> None:
    from indicators.geo import PDOK_DISTRICTS

    url = PDOK_DISTRICTS.format(year=2022, count=1000, start=0)
    assert "typeName=wijk_gegeneraliseerd" in url and "/2022/" in url and "startindex=0" in url


def test_refresh_stores_district_boundaries(refreshed_store: Path) -> None:
    from indicators.geo import load_district_geometry

    features = load_district_geometry(refreshed_store)["features"]
    assert features and all(feature["properties"]["statcode"].startswith("WK") for feature in features)


def test_a_mirror_without_districts_still_refreshes(mirror: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mirror"
    (folder / "tables").mkdir(parents=True)
    for name in ("86059NED.csv", "85563NED.csv"):
        shutil.copy(mirror / "tables" / name, folder / "tables" / name)
    shutil.copytree(mirror / "geo", folder / "geo")
    with pytest.warns(UserWarning, match="weggelaten"):  # e.g. the SII: its district table is not there
        refresh(tmp_path / "data", folder, ["86059NED", "85563NED"], progress=None)
    current = store.resolve(tmp_path / "data")
    assert (current / "geo" / "gemeenten.geojson").exists()
    assert not (current / "geo" / "wijken.geojson").exists()
