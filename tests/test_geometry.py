"""Geometry stage: contours folded into current communes, dissolved perimeters, warnings."""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import shape

from generator.geometry import as_geojson, commune_shapes, dissolve, point_of, wanted_codes
from generator.load.contours import read_contours
from generator.load.referentiel import load_referentiel
from generator.pipeline import build
from tests.conftest import REFERENTIEL, SHARED

CONTOURS = SHARED / "geo" / "communes"


def test_merged_communes_leave_no_hole() -> None:
    """Quercy Blanc: 46263 absorbed Bagat-en-Quercy (46014) and Saint-Pantaléon (46285)."""
    ref = load_referentiel(REFERENTIEL)
    codes = wanted_codes({"46263"}, ref)
    assert {"46014", "46285", "46263"} <= codes
    shapes = commune_shapes(read_contours(CONTOURS, codes), ref)
    assert set(shapes) == {"46263"}
    merged = shapes["46263"]
    assert merged.geom_type == "Polygon" and len(merged.interiors) == 0
    alone = shape(read_contours(CONTOURS, {"46263"})["46263"])
    assert merged.area > alone.area * 1.5


def test_points_lie_inside_and_coordinates_have_five_decimals() -> None:
    shapes = commune_shapes(read_contours(CONTOURS, {"46042", "46297"}), None)
    lon, lat = point_of(shapes, "46042") or (0.0, 0.0)
    assert shapes["46042"].contains(shapely.Point(lon, lat))
    outline = as_geojson(dissolve(shapes, ["46042", "46297"]))
    coordinates = json.dumps(outline)
    assert all(len(part.split(".")[1]) <= 5 for part in coordinates.replace("]", ",").split(",")
               if "." in part)
    assert point_of(shapes, "99999") is None


def test_missing_contour_is_a_located_warning(data: Path, tmp_path: Path) -> None:
    only_two = tmp_path / "contours"
    only_two.mkdir()
    features = [{"type": "Feature", "properties": {"code": c, "nom": c}, "geometry": g}
                for c, g in read_contours(CONTOURS, {"46297", "46066"}).items()]
    (only_two / "46.geojson").write_text(json.dumps({"type": "FeatureCollection",
                                                     "features": features}))
    catalog = build(data, "territories", REFERENTIEL, only_two)
    assert [w.format() for w in catalog.warnings] == [
        f"territories/vallee-test/territoire.yml:16:9: avertissement : epci[0].communes[2].code : "
        f"la commune 46087 (Dégagnac) n'a pas de contour dans {only_two} : elle manquera sur "
        "les cartes et son point sera absent des exports géographiques."]
    assert set(catalog.shapes) == {"46297", "46066"}


def test_geometry_is_cached_between_builds(data: Path, tmp_path: Path) -> None:
    contours = tmp_path / "contours"
    contours.mkdir()
    (contours / "46.geojson").write_bytes((CONTOURS / "46.geojson").read_bytes())
    cache = tmp_path / "cache"
    first = build(data, "territories", REFERENTIEL, contours, cache)
    files = list(cache.glob("geometrie-*"))
    assert len(files) == 1
    second = build(data, "territories", REFERENTIEL, contours, cache)
    assert {c: g.wkb for c, g in second.map_shapes.items()} == {
        c: g.wkb for c, g in first.map_shapes.items()}
    # What is built from the geometry must not depend on whether it came from the cache.
    codes = list(first.shapes)
    for before, after in ((first.shapes, second.shapes), (first.map_shapes, second.map_shapes)):
        assert as_geojson(dissolve(before, codes)) == as_geojson(dissolve(after, codes))
    files[0].write_text("abîmé", encoding="utf-8")  # a damaged cache is rebuilt
    assert set(build(data, "territories", REFERENTIEL, contours, cache).shapes) == set(first.shapes)
    (contours / "46.geojson").write_bytes((CONTOURS / "46.geojson").read_bytes() + b" ")
    build(data, "territories", REFERENTIEL, contours, cache)
    assert len(list(cache.glob("geometrie-*"))) == 2  # new input, new key
