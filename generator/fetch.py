"""Fetch commune contours from geo.api.gouv.fr into the contours folder, for users who are
online (`territoire-ouvert contours`). The build itself never goes on the network."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.failures import CommandError
from generator.load.contours import departement_of


class FetchError(CommandError):
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


# The only commune codes there are (2A/2B: Corsica). Codes from the server name the files that are
# written: anything else (a path, « .. ») is refused before it is used. [0-9], not \d: no other digits.
COMMUNE_CODE = re.compile(r"[0-9]{5}|2[AB][0-9]{3}")


@dataclass
class Written:
    """The files written, and the codes of the features left out because they are not commune codes."""

    paths: list[Path] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def warning(self) -> str | None:
        """What to tell the user about the ignored features, in French (None when there are none)."""
        if not self.ignored:
            return None
        shown = [_printable(code) for code in self.ignored[:5]]
        more = " …" if len(self.ignored) > 5 else ""
        return (f"{len(self.ignored)} contour(s) ignoré(s) : code commune invalide "
                f"{', '.join(f'« {c} »' for c in shown)}{more} renvoyé par le serveur.")


def _printable(code: str) -> str:
    """The server's text, shortened and without control characters, to be shown in a terminal."""
    text = "".join(c if c.isprintable() else "?" for c in code[:40])
    return text + "…" if len(code) > 40 else text


def _code_of(feature: Any) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return str(properties.get("code", "")) if isinstance(properties, dict) else ""


def _inside(folder: Path, name: str) -> Path:
    """Second guard after the code check: the file must be directly in the output folder."""
    path = (folder / name).resolve()
    if path.parent != folder.resolve():
        raise FetchError(f"refus d'écrire {path} : ce fichier n'est pas dans le dossier {folder}.")
    return path


def _existing(path: Path) -> dict[str, dict[str, Any]]:
    if not path.is_file():
        return {}
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        return {str(f["properties"]["code"]): f for f in collection.get("features", [])}
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FetchError(f"{path} n'est pas un GeoJSON de contours lisible ({exc!r}) : corrigez-le "
                         "ou supprimez-le, puis relancez.") from exc


def write_by_departement(features: list[dict[str, Any]], folder: Path) -> Written:
    """Add the contours to `<département>.geojson`, replacing those of the same communes."""
    result = Written()
    by_departement: dict[str, dict[str, dict[str, Any]]] = {}
    for feature in features:
        code = _code_of(feature)
        if not COMMUNE_CODE.fullmatch(code):
            result.ignored.append(code)
            continue
        if not feature.get("geometry"):
            continue
        by_departement.setdefault(departement_of(code), {})[code] = {
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"code": code, "nom": str(feature["properties"].get("nom", code))}}
    folder.mkdir(parents=True, exist_ok=True)
    for departement, found in sorted(by_departement.items()):
        path = _inside(folder, f"{departement}.geojson")
        merged = _existing(path) | found
        collection = {"type": "FeatureCollection", "features": [merged[c] for c in sorted(merged)]}
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
                        encoding="utf-8")
        result.paths.append(path)
    return result
