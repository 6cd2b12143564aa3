"""Municipality boundaries for maps: from the mirror's ``geo/`` folder or live from PDOK.

The store keeps one GeoJSON file, ``geo/gemeenten.geojson`` (WGS84), whose features carry the
CBS municipality code in ``properties.statcode``. Every current municipality must have a shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from indicators.store import write_text_atomic

GEO_FILE = Path("geo") / "gemeenten.geojson"
PDOK_WFS = (
    "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0?request=GetFeature&service=WFS"
    "&version=2.0.0&typeName=gemeente_gegeneraliseerd&outputFormat=json&srsName=EPSG:4326"
)


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
