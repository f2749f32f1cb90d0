"""Fetch commune contours from geo.api.gouv.fr into the contours folder, for users who are
online (`territoire-ouvert contours`). The build itself never goes on the network."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from generator.load.contours import departement_of


class FetchError(RuntimeError):
    """The API could not be reached or answered something unexpected: said in French."""


def _get(url: str) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:  # http(s) only: checked above
            data = json.loads(answer.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise FetchError(f"l'adresse {url} n'a pas répondu correctement ({exc}).") from exc
    if not isinstance(data, dict) or data.get("type") not in ("FeatureCollection", "Feature"):
        raise FetchError(f"l'adresse {url} n'a pas renvoyé de GeoJSON.")
    return data


def fetch_features(api: str, epci: list[str], communes: list[str]) -> list[dict[str, Any]]:
    if not api.startswith(("http://", "https://")):
        raise FetchError(f"« {api} » n'est pas une adresse http(s).")
    features = []
    for siren in epci:
        query = urllib.parse.urlencode({"codeEpci": siren, "format": "geojson",
                                        "geometry": "contour"})
        features += _get(f"{api.rstrip('/')}/communes?{query}").get("features", [])
    for code in communes:
        query = urllib.parse.urlencode({"format": "geojson", "geometry": "contour"})
        features.append(_get(f"{api.rstrip('/')}/communes/{code}?{query}"))
    return features


def write_by_departement(features: list[dict[str, Any]], folder: Path) -> list[Path]:
    """Add the contours to `<département>.geojson`, replacing those of the same communes."""
    by_departement: dict[str, dict[str, dict[str, Any]]] = {}
    for feature in features:
        properties = feature.get("properties") or {}
        code = str(properties.get("code", ""))
        if not code or not feature.get("geometry"):
            continue
        by_departement.setdefault(departement_of(code), {})[code] = {
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"code": code, "nom": str(properties.get("nom", code))}}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for departement, found in sorted(by_departement.items()):
        path = folder / f"{departement}.geojson"
        existing = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        merged = {str(f["properties"]["code"]): f for f in existing.get("features", [])} | found
        collection = {"type": "FeatureCollection", "features": [merged[c] for c in sorted(merged)]}
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
        written.append(path)
    return written
