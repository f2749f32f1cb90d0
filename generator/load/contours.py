"""Read commune contours from a folder of GeoJSON files, one per département (`46.geojson`,
properties `code` and `nom`). The only code that opens these files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any


class ContoursError(Exception):
    """The contours folder is missing or a file in it is unreadable: configuration, in French."""


def departement_of(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def read_contours(folder: Path, codes: set[str]) -> dict[str, dict[str, Any]]:
    """GeoJSON geometries of the wanted commune codes that the folder has (others are absent)."""
    if not folder.is_dir():
        raise ContoursError(f"dossier des contours introuvable : {folder}. Indiquez le dossier "
                            "des fichiers <département>.geojson, ou retirez l'option contours.")
    found: dict[str, dict[str, Any]] = {}
    for departement in sorted({departement_of(c) for c in codes}):
        path = folder / f"{departement}.geojson"
        if not path.is_file():
            continue
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ContoursError(f"contours illisibles dans {path} : {exc}") from exc
        for feature in collection.get("features", []):
            code = str(feature.get("properties", {}).get("code", ""))
            if code in codes and feature.get("geometry"):
                found[code] = feature["geometry"]
    return found


_CODE = re.compile(r'"code"\s*:\s*"([0-9AB]{5})"')


def contour_codes(folder: Path, departements: set[str]) -> set[str]:
    """The commune codes that have a contour, without reading the geometry: validation warns
    about missing contours as fast as it checks the rest (a scan, not a JSON parse)."""
    if not folder.is_dir():
        raise ContoursError(f"dossier des contours introuvable : {folder}. Indiquez le dossier "
                            "des fichiers <département>.geojson, ou retirez l'option contours.")
    found: set[str] = set()
    for departement in sorted(departements):
        path = folder / f"{departement}.geojson"
        try:
            found |= set(_CODE.findall(path.read_text(encoding="utf-8"))) if path.is_file() else set()
        except (OSError, UnicodeDecodeError) as exc:
            raise ContoursError(f"contours illisibles dans {path} : {exc}") from exc
    return found
