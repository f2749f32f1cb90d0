"""Geometry of communes and perimeters: contours folded into current communes, dissolved
perimeters, representative points, 5-decimal precision. Pure functions over shapely objects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from generator.models.context import Referentiel

GRID = 1e-5  # 5 decimals of a degree, about a metre: beyond that is noise and weight


def current_code_of(code: str, ref: Referentiel | None) -> str:
    """The current commune a contour belongs to (a commune merged since keeps its old code)."""
    return (ref.current_code(code) if ref else None) or code


def commune_shapes(raw: dict[str, dict[str, Any]], ref: Referentiel | None) -> dict[str, BaseGeometry]:
    """One geometry per current commune: contours of merged communes are dissolved into it."""
    parts: dict[str, list[BaseGeometry]] = {}
    for code, geometry in sorted(raw.items()):
        parts.setdefault(current_code_of(code, ref), []).append(shapely.make_valid(shape(geometry)))
    return {code: shapely.union_all(geoms) for code, geoms in parts.items()}


def wanted_codes(codes: Iterable[str], ref: Referentiel | None) -> set[str]:
    """The contour codes to read: each commune's own, and those of communes merged into it."""
    wanted = set(codes)
    if ref:
        wanted |= {old for old, row in ref.communes.items()
                   if not row.actuelle and row.chef_lieu in wanted}
    return wanted


def dissolve(shapes: dict[str, BaseGeometry], codes: Iterable[str]) -> BaseGeometry | None:
    """The union of communes. Communes form a coverage (they share borders, never overlap):
    a coverage union is tens of times faster than a general one; the general one is the
    fallback should the result not be valid."""
    present = [shapes[c] for c in sorted(set(codes)) if c in shapes]
    if not present:
        return None
    union = shapely.coverage_union_all(present)
    if not union.is_valid:
        union = shapely.union_all(present)
    return shapely.set_precision(union, GRID)


def point_of(shapes: dict[str, BaseGeometry], code: str) -> tuple[float, float] | None:
    """A point surely inside the commune (a centroid can fall outside a crescent-shaped one)."""
    if code not in shapes:
        return None
    point = shapes[code].representative_point()
    return (round(point.x, 5), round(point.y, 5))


def project_point(shapes: dict[str, BaseGeometry], projet: Any) -> tuple[float, float] | None:
    """Where a project is (lon, lat): its own location, else a point of its first mapped commune."""
    if projet.localisation:
        return (projet.localisation.lon, projet.localisation.lat)
    return next((point for c in projet.communes if (point := point_of(shapes, c))), None)


def as_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """RFC 7946: exterior rings counter-clockwise, holes clockwise; 5 decimals."""
    snapped = shapely.set_precision(geometry, GRID)
    return dict(mapping(shapely.orient_polygons(snapped, exterior_cw=False)))


SIMPLIFY = 0.0008  # degrees, about 60 to 90 m: for the open data files
SIMPLIFY_MAP = 0.0025  # about 200 m: a pixel of a territory map is 150 to 300 m wide


def simplify_coverage(shapes: dict[str, BaseGeometry],
                      tolerance: float = SIMPLIFY) -> dict[str, BaseGeometry]:
    """Simplify all communes together, so neighbours keep exactly the same border."""
    codes = sorted(shapes)
    simplified = shapely.coverage_simplify([shapes[c] for c in codes], tolerance)
    return {c: shapely.set_precision(g, GRID) for c, g in zip(codes, simplified, strict=True)}
