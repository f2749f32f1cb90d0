"""`projets.geojson` and `perimetres.geojson` (RFC 7946, WGS 84)."""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.catalog import TerritoryCatalog
from generator.geometry import as_geojson, dissolve, project_point
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.projects import project_row
from generator.opendata.tables import ExportFile

SITE_PROPERTIES = ("territoire", "projet", "titre", "statut", "cout_total", "financement_accorde",
                   "url")
"""What the site's points say of their project (a territory's say everything)."""


Features = tuple[bytes, int]
"""Features written as JSON, comma-separated, and their number: a territory's part of a file of
the whole site, joined without writing the features again."""


def _features(features: list[dict[str, Any]]) -> Features:
    return b",".join(json.dumps(feature, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                     for feature in features), len(features)


def _geojson(parts: list[Features]) -> bytes:
    """The collection, as `json.dumps` writes it compactly."""
    return (b'{"type":"FeatureCollection","features":['
            + b",".join(written for written, count in parts if count) + b"]}")


def _project_points(ctx: ExportContext, t: TerritoryCatalog) -> tuple[Features, bool]:
    """The territory's points, and whether one of its projects has its own location."""
    features = []
    for entry in t.projects.values():
        point = project_point(ctx.catalog.shapes, entry.projet)
        if point is None:
            continue
        properties = project_row(t, entry, ctx.base_url + urls.project_url(t.slug, entry.slug))
        if ctx.territory is None:
            properties = {k: properties[k] for k in SITE_PROPERTIES}
        features.append({"type": "Feature", "geometry": {"type": "Point",
                         "coordinates": [point[0], point[1]]}, "properties": properties})
    return _features(features), any(e.projet.localisation for e in t.projects.values())


def _join_points(ctx: ExportContext, parts: list[tuple[Features, bool]]) -> ExportFile | None:
    """Produced when some project can be placed: its own location, or contours."""
    if not ctx.catalog.shapes and not any(located for _, located in parts):
        return None
    points = sum(count for (_, count), _ in parts)
    said = ("Mêmes propriétés que projets.csv." if ctx.territory else
            # All of projects.csv in every point would make a national file of 36 MB; the
            # points name their project, and each territory's file has every property.
            f"Propriétés : {', '.join(SITE_PROPERTIES)} ; les autres sont dans projets.csv "
            "(mêmes colonnes territoire et projet) et dans le projets.geojson de chaque territoire.")
    # Said, not hidden: a project whose communes have no outline in the contours used.
    missing = sum(len(t.projects) for t in ctx.territories) - points
    absent = (f" {missing} projet{'s' if missing > 1 else ''} sans localisation ni commune "
              f"cartographiée n'y figure{'nt' if missing > 1 else ''} pas." if missing else "")
    return ExportFile("projets.geojson", "Projets (carte)",
                      "Un point par projet publié : sa localisation, sinon un point de sa première "
                      f"commune cartographiée.{absent} {said}",
                      _geojson([written for written, _ in parts]), rows=points)


projects = ByTerritory("projets.geojson", _project_points, _join_points)


def _perimeters(ctx: ExportContext, t: TerritoryCatalog) -> Features:
    catalog = ctx.catalog
    features: list[dict[str, Any]] = []
    if not catalog.shapes:
        return _features(features)
    for slug, contract in t.data.contrats.items():
        codes = catalog.perimeter_codes(t, slug)
        shape = dissolve(catalog.shapes, codes)
        if shape is None:
            continue
        features.append({"type": "Feature", "geometry": as_geojson(shape), "properties": {
            "territoire": t.slug, "contrat": slug, "nom": contract.nom, "type": contract.type,
            "type_libelle": catalog.dataset.contract_types[contract.type],
            "statut": contract.statut, "debut": str(contract.periode.debut),
            "fin": str(contract.periode.fin or ""), "communes": len(codes)}})
    return _features(features)


def _join_perimeters(ctx: ExportContext, parts: list[Features]) -> ExportFile | None:
    """Produced when contours are configured."""
    if not ctx.catalog.shapes:
        return None
    return ExportFile("perimetres.geojson", "Périmètres des contrats",
                      "Le périmètre de chaque contrat, réunion des contours de ses communes.",
                      _geojson(parts), rows=sum(count for _, count in parts))


perimeters = ByTerritory("perimetres.geojson", _perimeters, _join_perimeters)
