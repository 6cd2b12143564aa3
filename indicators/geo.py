"""Boundaries for maps: municipalities and districts, from a mirror folder or live from PDOK.

The store keeps ``geo/gemeenten.geojson`` (WGS84), whose features carry the CBS municipality code
in ``properties.statcode`` (every current municipality must have a shape), and beside it
``geo/wijken.geojson``: the districts (wijken) of :data:`DISTRICT_YEAR` with ``statcode``
(``WK034401``) and ``statnaam``, from the mirror's ``wijken/wijken_<year>.geojson`` or PDOK's layer
``wijk_gegeneraliseerd`` (at most 1,000 features per request, so paged with ``startindex``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from indicators.store import write_text_atomic

GEO_FILE = Path("geo") / "gemeenten.geojson"
DISTRICT_GEO_FILE = Path("geo") / "wijken.geojson"
DISTRICT_YEAR = 2022  # the division of the district table 85318NED
PDOK_WFS = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0?request=GetFeature&service=WFS"
    "&version=2.0.0&typeName=gemeente_gegeneraliseerd&outputFormat=json&srsName=EPSG:4326"
)
PDOK_DISTRICTS = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0?request=GetFeature&service=WFS"
    "&version=2.0.0&typeName=wijk_gegeneraliseerd&outputFormat=json&srsName=EPSG:4326"
    "&count={count}&startindex={start}"
)
PDOK_PAGE = 1000
DISTRICT_CODE = re.compile(r"^WK\d{6}$")


class GeoError(RuntimeError):
    """Boundaries missing or not matching the current municipalities."""


def newest_mirror_geojson(mirror: Path) -> Path:
    """Return the newest ``geo/gemeente_<year>_*.geojson`` in a mirror folder."""
    candidates = sorted(
        (path for path in (mirror / "geo").glob("gemeente_*.geojson") if re.search(r"_(\d{4})_", path.name)),
        key=lambda path: re.search(r"_(\d{4})_", path.name).group(1),
    )
    if not candidates:
        raise GeoError(f"{mirror / 'geo'}: no gemeente_<year>_*.geojson file")
    return candidates[-1]


def check_geojson(collection: dict, municipality_codes: set[str], where: str) -> dict:
    """Keep the features of current municipalities; raise when one has no shape.

    Returns:
        A FeatureCollection with ``properties.statcode`` stripped, one feature per municipality.
    """
    features = []
    for feature in collection.get("features", []):
        code = str(feature.get("properties", {}).get("statcode", "")).strip()
        if code in municipality_codes:
            feature["properties"] = {"statcode": code, "statnaam": feature["properties"].get("statnaam", "")}
            features.append(feature)
    missing = sorted(municipality_codes - {feature["properties"]["statcode"] for feature in features})
    if missing:
        raise GeoError(f"{where}: no shape for {len(missing)} municipality(ies): {', '.join(missing[:10])}")
    return {"type": "FeatureCollection", "features": features}


def store_geometry(data: Path, municipality_codes: set[str], mirror: Path | None, year: int, timeout: float = 60) -> str:
    """Read boundaries (mirror or live PDOK), check them and write ``geo/gemeenten.geojson``.

    Returns:
        A one-line description of where the shapes came from.
    """
    if mirror is not None:
        path = newest_mirror_geojson(mirror)
        collection = json.loads(path.read_text(encoding="utf-8"))
        where = str(path)
    else:
        url = PDOK_WFS.format(year=year)
        try:
            response = requests.get(url, timeout=timeout, proxies=requests.utils.get_environ_proxies(url))
            response.raise_for_status()
            collection = response.json()
        except (requests.RequestException, ValueError) as error:
            raise GeoError(f"municipality boundaries {year} from PDOK failed: {error}") from None
        where = url
    checked = check_geojson(collection, municipality_codes, where)
    write_text_atomic(data / GEO_FILE, json.dumps(checked, ensure_ascii=False, separators=(",", ":")))
    return f"{len(checked['features'])} gemeentegrenzen uit {where}"


def load_geometry(data: Path) -> dict:
    """Return the stored municipality boundaries (GeoJSON FeatureCollection)."""
    path = data / GEO_FILE
    if not path.exists():
        raise GeoError(f"{path} missing; run `hhu refresh`")
    return json.loads(path.read_text(encoding="utf-8"))


# ----- districts ----------------------------------------------------------------------------
def check_district_geojson(collection: dict, where: str) -> dict:
    """Keep one feature per district with ``statcode`` and ``statnaam``; raise on a bad code or none.

    Raises:
        GeoError: one line naming the source and the first feature whose code does not fit
            ``WK`` + six digits, or saying that there are no districts.
    """
    features, seen = [], set()
    for number, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get("statcode", "")).strip()
        if not DISTRICT_CODE.match(code):
            raise GeoError(f"{where}: feature {number}: district code {code!r} does not fit WK + 6 digits")
        if code in seen:
            raise GeoError(f"{where}: feature {number}: district code {code} occurs twice")
        seen.add(code)
        features.append({"type": "Feature", "geometry": feature.get("geometry"),
                         "properties": {"statcode": code, "statnaam": str(properties.get("statnaam", "")).strip()}})
    if not features:
        raise GeoError(f"{where}: no district shapes")
    return {"type": "FeatureCollection", "features": features}


def fetch_district_geojson(year: int = DISTRICT_YEAR, timeout: float = 60, page: int = PDOK_PAGE,
                           get=requests.get) -> tuple[dict, str]:
    """Read every district shape of ``year`` from PDOK, ``page`` features per request.

    Returns:
        The combined FeatureCollection and the first page's URL.
    """
    features: list[dict] = []
    first_url = PDOK_DISTRICTS.format(year=year, count=page, start=0)
    while True:
        url = PDOK_DISTRICTS.format(year=year, count=page, start=len(features))
        try:
            response = get(url, timeout=timeout, proxies=requests.utils.get_environ_proxies(url))
            response.raise_for_status()
            batch = response.json().get("features", [])
        except (requests.RequestException, ValueError, AttributeError) as error:
            raise GeoError(f"district boundaries {year} from PDOK failed at startindex {len(features)}: {error}") from None
        features.extend(batch)
        if len(batch) < page:
            return {"type": "FeatureCollection", "features": features}, first_url


def store_district_geometry(data: Path, mirror: Path | None, year: int = DISTRICT_YEAR, timeout: float = 60) -> str:
    """Read district boundaries (mirror ``wijken/wijken_<year>.geojson`` or live PDOK), check and store them.

    A mirror folder without the file stores nothing (the district map then says the shapes are
    missing); a live failure raises :class:`GeoError` like the municipality boundaries.

    Returns:
        A one-line description of where the shapes came from.
    """
    if mirror is not None:
        path = mirror / "wijken" / f"wijken_{year}.geojson"
        if not path.exists():  # a mirror without districts: the district map says so
            return f"geen wijkgrenzen in {mirror}"
        collection, where = json.loads(path.read_text(encoding="utf-8")), str(path)
    else:
        collection, where = fetch_district_geojson(year, timeout)
    checked = check_district_geojson(collection, where)
    write_text_atomic(data / DISTRICT_GEO_FILE, json.dumps(checked, ensure_ascii=False, separators=(",", ":")))
    return f"{len(checked['features'])} wijkgrenzen uit {where}"


def load_district_geometry(data: Path) -> dict:
    """Return the stored district boundaries (GeoJSON FeatureCollection, ``properties.statcode`` = ``WKxxxxxx``)."""
    path = data / DISTRICT_GEO_FILE
    if not path.exists():
        raise GeoError(f"{path} missing; run `hhu refresh`")
    return json.loads(path.read_text(encoding="utf-8"))
