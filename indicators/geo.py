"""Boundaries for maps: municipalities and districts, from a mirror folder or live from PDOK.

The store keeps ``geo/gemeenten.geojson`` (WGS84), whose features carry the CBS municipality code
in ``properties.statcode`` (every current municipality must have a shape), and beside it
``geo/wijken.geojson``: the districts (wijken) of :data:`DISTRICT_YEAR` with ``statcode``
(``WK034401``) and ``statnaam``, from the mirror's ``wijken/wijken_<year>.geojson`` or PDOK's layer
``wijk_gegeneraliseerd`` (at most 1,000 features per request, so paged with ``startindex``).
A mirror file is checked against the mirror's ``MANIFEST.tsv`` (sha256) like the tables; the
live download has the same time-out, deadline and retries as the live tables
(:mod:`indicators.sources.http`). Every failure is one :class:`GeoError` line naming the file
or URL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from indicators.messages import say
from indicators.sources import http
from indicators.sources.base import SourceError
from indicators.sources.mirror import manifest_key, read_mirror_manifest, read_regular_file, verify_against_manifest
from indicators.store import resolve

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
        raise GeoError(say(f"{mirror / 'geo'}: geen bestand gemeente_<jaar>_*.geojson",
                           f"{mirror / 'geo'}: no gemeente_<year>_*.geojson file"))
    return candidates[-1]


def parse_geojson(data: bytes, where: str) -> dict:
    """Parse GeoJSON bytes; raise :class:`GeoError` naming ``where`` (and the line) when they are not."""
    try:
        collection = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise GeoError(say(f"{where}: geen UTF-8 ({error.reason} bij byte {error.start})",
                           f"{where}: not UTF-8 ({error.reason} at byte {error.start})")) from None
    except json.JSONDecodeError as error:
        raise GeoError(say(f"{where}: kapotte GeoJSON ({error.msg} op regel {error.lineno}, kolom {error.colno})",
                           f"{where}: malformed GeoJSON ({error.msg} at line {error.lineno}, column {error.colno})")) from None
    if not isinstance(collection, dict) or not isinstance(collection.get("features"), list):
        raise GeoError(say(f"{where}: geen GeoJSON FeatureCollection (geen lijst 'features')",
                           f"{where}: not a GeoJSON FeatureCollection (no 'features' list)"))
    return collection


def check_geojson(collection: dict, municipality_codes: set[str], where: str) -> dict:
    """Keep the features of current municipalities; raise when one has no shape.

    Returns:
        A FeatureCollection with ``properties.statcode`` stripped, one feature per municipality.
    """
    features = []
    raw_features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(raw_features, list):
        raise GeoError(say(f"{where}: geen GeoJSON FeatureCollection (geen lijst 'features')",
                           f"{where}: not a GeoJSON FeatureCollection (no 'features' list)"))
    for number, feature in enumerate(raw_features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise GeoError(say(f"{where}: vorm {number} heeft geen eigenschappen",
                               f"{where}: feature {number} has no properties"))
        code = str(properties.get("statcode", "")).strip()
        if code in municipality_codes:
            if not isinstance(feature.get("geometry"), dict):
                raise GeoError(say(f"{where}: vorm {number} ({code}) heeft geen geometrie",
                                   f"{where}: feature {number} ({code}) has no geometry"))
            feature["properties"] = {"statcode": code, "statnaam": str(properties.get("statnaam", ""))}
            features.append(feature)
    missing = sorted(municipality_codes - {feature["properties"]["statcode"] for feature in features})
    if missing:
        raise GeoError(say(f"{where}: geen vorm voor {len(missing)} gemeente(n): {', '.join(missing[:10])}",
                           f"{where}: no shape for {len(missing)} municipality(ies): {', '.join(missing[:10])}"))
    return {"type": "FeatureCollection", "features": features}


def read_boundaries(municipality_codes: set[str], mirror: Path | None, year: int, *, url: str | None = None,
                    timeout: float = 60.0, deadline: float = 180.0, retries: int = 3, backoff: float = 0.5,
                    max_wait: float = 30.0) -> tuple[dict, str]:
    """Read and check boundaries from the mirror or live (PDOK, or ``url`` with ``{year}``).

    Returns:
        (the checked FeatureCollection, where it came from: file path or URL).

    Raises:
        GeoError: one line naming the file or URL and what is wrong.
    """
    if mirror is not None:
        path = newest_mirror_geojson(mirror)
        where = str(path)
        try:
            data = read_regular_file(path)
            verify_against_manifest(path, data, read_mirror_manifest(mirror), manifest_key(mirror, path))
        except SourceError as error:
            raise GeoError(str(error)) from None
    else:
        where = (url or PDOK_WFS).format(year=year)
        host = requests.utils.urlparse(where).netloc
        try:
            data = http.get(where, timeout=timeout, deadline=deadline, retries=retries, backoff=backoff,
                            max_wait=max_wait, label=f"gemeentegrenzen {year}")
        except requests.RequestException as error:
            reason = http.describe(error, host, timeout=timeout, retries=retries, max_wait=max_wait)
            raise GeoError(say(f"gemeentegrenzen {year} ({where}): {reason}",
                               f"municipality boundaries {year} ({where}): {reason}")) from None
    return check_geojson(parse_geojson(data, where), municipality_codes, where), where


def load_geometry(data: Path) -> dict:
    """Return the stored municipality boundaries (GeoJSON FeatureCollection) of a store folder."""
    path = resolve(data) / GEO_FILE
    if not path.exists():
        raise GeoError(say(f"{path} ontbreekt; draai `hhu refresh`", f"{path} missing; run `hhu refresh`"))
    return parse_geojson(path.read_bytes(), str(path))


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
            raise GeoError(say(f"{where}: vorm {number}: wijkcode {code!r} is niet WK + 6 cijfers",
                               f"{where}: feature {number}: district code {code!r} does not fit WK + 6 digits"))
        if code in seen:
            raise GeoError(say(f"{where}: vorm {number}: wijkcode {code} komt twee keer voor",
                               f"{where}: feature {number}: district code {code} occurs twice"))
        seen.add(code)
        features.append({"type": "Feature", "geometry": feature.get("geometry"),
                         "properties": {"statcode": code, "statnaam": str(properties.get("statnaam", "")).strip()}})
    if not features:
        raise GeoError(say(f"{where}: geen wijkvormen", f"{where}: no district shapes"))
    return {"type": "FeatureCollection", "features": features}


def read_district_boundaries(mirror: Path | None, year: int = DISTRICT_YEAR, *, url: str | None = None,
                             timeout: float = 60.0, deadline: float = 180.0, retries: int = 3, backoff: float = 0.5,
                             max_wait: float = 30.0, page: int = PDOK_PAGE) -> tuple[dict | None, str]:
    """Read and check district boundaries: mirror ``wijken/wijken_<year>.geojson`` or live PDOK (paged).

    A mirror folder without the file gives ``(None, reason)``: the district map then says the shapes are
    missing. Live pages of ``page`` features are read with ``startindex`` until a page is not full.

    Returns:
        (the checked FeatureCollection or None, where it came from: file path or first page URL).

    Raises:
        GeoError: one line naming the file or URL (and the page) and what is wrong.
    """
    if mirror is not None:
        path = mirror / "wijken" / f"wijken_{year}.geojson"
        if not path.exists():
            return None, f"geen wijkgrenzen in {mirror}"
        try:
            data = read_regular_file(path)
            verify_against_manifest(path, data, read_mirror_manifest(mirror), manifest_key(mirror, path))
        except SourceError as error:
            raise GeoError(str(error)) from None
        return check_district_geojson(parse_geojson(data, str(path)), str(path)), str(path)
    template = url or PDOK_DISTRICTS
    first_url = template.format(year=year, count=page, start=0)
    host = requests.utils.urlparse(first_url).netloc
    features: list[dict] = []
    while True:
        page_url = template.format(year=year, count=page, start=len(features))
        try:
            data = http.get(page_url, timeout=timeout, deadline=deadline, retries=retries, backoff=backoff,
                            max_wait=max_wait, label=f"wijkgrenzen {year}")
        except requests.RequestException as error:
            reason = http.describe(error, host, timeout=timeout, retries=retries, max_wait=max_wait)
            raise GeoError(say(f"wijkgrenzen {year} ({page_url}): {reason}",
                               f"district boundaries {year} ({page_url}): {reason}")) from None
        batch = parse_geojson(data, page_url)["features"]
        features.extend(batch)
        if len(batch) < page:
            collection = {"type": "FeatureCollection", "features": features}
            return check_district_geojson(collection, first_url), first_url


def load_district_geometry(data: Path) -> dict:
    """Return the stored district boundaries (GeoJSON FeatureCollection, ``properties.statcode`` = ``WKxxxxxx``)."""
    path = resolve(data) / DISTRICT_GEO_FILE
    if not path.exists():
        raise GeoError(say(f"{path} ontbreekt; draai `hhu refresh`", f"{path} missing; run `hhu refresh`"))
    return parse_geojson(path.read_bytes(), str(path))
