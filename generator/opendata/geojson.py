"""`projets.geojson` and `perimetres.geojson` (RFC 7946, WGS 84)."""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.geometry import as_geojson, dissolve, project_point
from generator.opendata.context import ExportContext
from generator.opendata.projects import project_row
from generator.opendata.tables import ExportFile

SITE_PROPERTIES = ("territoire", "projet", "titre", "statut", "cout_total", "financement_accorde",
                   "url")
"""What the site's points say of their project (a territory's say everything)."""


def _geojson(features: list[dict[str, Any]]) -> bytes:
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def projects(ctx: ExportContext) -> ExportFile | None:
    """Produced when some project can be placed: its own location, or contours."""
    if not ctx.catalog.shapes and not any(e.projet.localisation for t in ctx.territories
                                          for e in t.projects.values()):
        return None
    features = []
    for t in ctx.territories:
        for entry in t.projects.values():
            point = project_point(ctx.catalog.shapes, entry.projet)
            if point is None:
                continue
            properties = project_row(t, entry, ctx.base_url + urls.project_url(t.slug, entry.slug))
            if ctx.territory is None:
                properties = {k: properties[k] for k in SITE_PROPERTIES}
            features.append({"type": "Feature", "geometry": {"type": "Point",
                             "coordinates": [point[0], point[1]]}, "properties": properties})
    said = ("Mêmes propriétés que projets.csv." if ctx.territory else
            # All of projects.csv in every point would make a national file of 36 MB; the
            # points name their project, and each territory's file has every property.
            f"Propriétés : {', '.join(SITE_PROPERTIES)} ; les autres sont dans projets.csv "
            "(mêmes colonnes territoire et projet) et dans le projets.geojson de chaque territoire.")
    return ExportFile("projets.geojson", "Projets (carte)",
                      "Un point par projet publié : sa localisation, sinon un point de sa première "
                      f"commune. {said}", _geojson(features), rows=len(features))


def perimeters(ctx: ExportContext) -> ExportFile | None:
    """Produced when contours are configured."""
    catalog = ctx.catalog
    if not catalog.shapes:
        return None
    features = []
    for t in ctx.territories:
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
    return ExportFile("perimetres.geojson", "Périmètres des contrats",
                      "Le périmètre de chaque contrat, réunion des contours de ses communes.",
                      _geojson(features), rows=len(features))
