"""Maps as data. Each territory has one geometry file (its communes and contract perimeters,
simplified with shared borders kept) and one static base drawing; a page's map is small data
that points to them. The same geometry gives the Leaflet map (drawn by `cartes.js` on the
base map folium builds once, see `maps.py`) and the static SVG shown without JavaScript, in
print and as first paint. No text from the data goes into any template source or script: it
travels as JSON values."""

from __future__ import annotations

import functools
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any

import shapely

from generator import urls
from generator.cachefiles import PartStore
from generator.catalog import Catalog, TerritoryCatalog
from generator.formats import nombre
from generator.geometry import as_geojson, dissolve, project_point

# Okabe–Ito colours (distinguishable with colour blindness) and dash patterns, so that no
# perimeter is told apart by colour alone.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["", "10 6", "3 6", "14 6 3 6"]
DASH_NAMES = {"": "trait plein", "10 6": "tirets", "3 6": "pointillés", "14 6 3 6": "tiret-point"}
WIDTH = 600
"""Width of the static drawings, in SVG units (they scale to the page)."""
GEOMETRY_FOLDER = "assets/cartes"
OUTLINE = "#555555"


def style(index: int) -> tuple[str, str]:
    return COLOURS[index % len(COLOURS)], DASHES[(index // len(COLOURS) + index) % len(DASHES)]


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to the static drawing's units (equirectangular, corrected for
    the latitude: at a territory's scale it is indistinguishable from Web Mercator)."""

    west: float
    north: float
    scale: float
    ratio: float
    height: int

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.ratio * self.scale, (self.north - lat) * self.scale)

    def path(self, geometry: Any) -> str:
        """SVG path data of a polygon or multipolygon, simplified to about a unit."""
        if geometry is None or geometry.is_empty:
            return ""
        simple = shapely.simplify(geometry, 0.6 / self.scale, preserve_topology=True)
        polygons = getattr(simple, "geoms", [simple])
        rings = [ring for polygon in polygons if hasattr(polygon, "exterior")
                 for ring in (polygon.exterior, *polygon.interiors)]
        return "".join(self._ring(ring.coords) for ring in rings)

    def _ring(self, coords: Any) -> str:
        points = [self.xy(lon, lat) for lon, lat in coords]
        return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


def projection(bounds: tuple[float, float, float, float]) -> Projection:
    west, south, east, north = bounds
    ratio = math.cos(math.radians((north + south) / 2))
    span = max((east - west) * ratio, 1e-6)
    scale = WIDTH / span
    return Projection(west, north, scale, ratio, max(1, round((north - south) * scale)))


@dataclass(frozen=True)
class Layer:
    """A perimeter on a map: one toggle of the Leaflet map, one line of the legend."""

    key: str
    label: str
    colour: str
    dash: str
    width: float
    path: str
    visible: bool = True
    note: str = ""

    @property
    def pattern(self) -> str:
        return DASH_NAMES[self.dash]


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float
    label: str
    url: str
    x: float
    y: float


@dataclass(frozen=True)
class MapData:
    """One map of one page: what the static drawing shows and what `cartes.js` draws."""

    id: str
    kind: str
    title: str
    summary: str
    """Text alternative of the static drawing: what the map shows, in words."""
    geometry: str
    base: str
    width: int
    height: int
    bounds: tuple[float, float, float, float]
    layers: tuple[Layer, ...] = ()
    points: tuple[Point, ...] = ()
    focus: str | None = None
    """The layer the Leaflet view fits (a contract's perimeter), else the bounds."""
    listing: str | None = None
    on_demand: int = 0
    """Bytes of the geometry when the interactive map is drawn only when asked (a button
    says so): more than the page itself would weigh."""

    def script_data(self, root: str) -> dict[str, Any]:
        """The JSON `cartes.js` reads (addresses relative to the page)."""
        west, south, east, north = self.bounds
        return {"kind": self.kind, "root": root, "geometry": root + self.geometry,
                "bounds": [[south, west], [north, east]], "focus": self.focus,
                "listing": root + self.listing if self.listing else None,
                "layers": [{"key": layer.key, "label": layer.label, "colour": layer.colour,
                            "dash": layer.dash, "width": layer.width, "visible": layer.visible}
                           for layer in self.layers],
                "points": [{"lat": p.lat, "lon": p.lon, "label": p.label, "url": root + p.url}
                           for p in self.points]}


def _bounds(geometry: Any) -> tuple[float, float, float, float]:
    return _framed(*geometry.bounds)


def _bounds_of(shapes: list[Any]) -> tuple[float, float, float, float]:
    """The framed bounds of shapes together: those of their union, without making it (a union
    of France's territories took 2.5 s for four numbers)."""
    west, south, east, north = shapely.total_bounds(shapes)
    return _framed(float(west), float(south), float(east), float(north))


ON_DEMAND_BYTES = 300_000
"""Past this, the portal's interactive map (the outlines of hundreds of territories, 1 MB for
France's 1,255) is drawn when a visitor asks: the static drawing comes first, with the page."""
MAINLAND = (-5.5, 41.0, 10.0, 51.5)
"""Mainland France and Corsica (west, south, east, north), where a portal's map is framed."""


def _framed(west: float, south: float, east: float, north: float
            ) -> tuple[float, float, float, float]:
    margin = max(east - west, north - south) * 0.03 or 0.02
    return (west - margin, south - margin, east + margin, north + margin)


def _collection(features: list[dict[str, Any]]) -> bytes:
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


@dataclass
class TerritoryMaps:
    """The maps of one territory, computed once and shared by its pages."""

    catalog: Catalog
    territory: TerritoryCatalog
    shapes: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.shapes = self.catalog.map_shapes

    @property
    def slug(self) -> str:
        return self.territory.slug

    @functools.cached_property
    def own(self) -> list[str]:
        return sorted(c.code for c in self.territory.data.identity.all_communes())

    @functools.cached_property
    def outline(self) -> Any:
        return dissolve(self.shapes, self.own)

    @functools.cached_property
    def perimeters(self) -> dict[str, tuple[set[str], Any]]:
        # Contracts often share a perimeter (the whole territory): each union is done once.
        unions: dict[frozenset[str], Any] = {frozenset(self.own): self.outline}
        found = {}
        for slug in self.territory.data.contrats:
            codes = self.catalog.perimeter_codes(self.territory, slug)
            key = frozenset(codes)
            if key not in unions:
                unions[key] = dissolve(self.shapes, codes)
            found[slug] = (codes, unions[key])
        return found

    @functools.cached_property
    def extent(self) -> tuple[float, float, float, float]:
        codes = set(self.own).union(*(c for c, _ in self.perimeters.values()))
        shown = [self.shapes[code] for code in sorted(codes) if code in self.shapes]
        return _bounds_of(shown) if shown else _bounds(self.outline)

    @functools.cached_property
    def projection(self) -> Projection:
        return projection(self.extent)

    @property
    def geometry_path(self) -> str:
        return f"{GEOMETRY_FOLDER}/territoires/{self.slug}.geojson"

    @property
    def base_path(self) -> str:
        return f"{GEOMETRY_FOLDER}/territoires/{self.slug}.svg"

    @functools.cached_property
    def geometry_version(self) -> str:
        """A digest of the file, in its address: a browser may keep it as long as it likes,
        and a rebuild that changes it changes the address."""
        return hashlib.sha256(self.geometry_file()).hexdigest()[:12]

    def geometry_file(self) -> bytes:
        return self._geometry

    @functools.cached_property
    def _geometry(self) -> bytes:
        """Communes (with the contracts covering them and their number of projects), then
        contract perimeters and the territory's outline: one file the browser caches."""
        names = self.territory.commune_names
        counts = {code: r.count for code, r in self.territory.by_commune.items()}
        drawn = sorted(c for c in self._drawn_codes if c in self.shapes)
        covering = {code: [s for s, (codes, _) in self.perimeters.items() if code in codes]
                    for code in drawn}
        features = [_feature(self.shapes[code], {"type": "commune", "code": code,
                                                 "nom": names.get(code, code),
                                                 "contrats": covering[code],
                                                 "projets": counts.get(code, 0),
                                                 "membre": code in self.own})
                    for code in drawn]
        features += [_feature(area, {"type": "perimetre", "contrat": slug})
                     for slug, (_, area) in self.perimeters.items() if area is not None]
        if self.outline is not None:
            features.append(_feature(self.outline, {"type": "territoire"}))
        return _collection(features)

    def base_context(self) -> dict[str, Any]:
        """What the base drawing template needs: the outlines, as path data."""
        p = self.projection
        # Only this territory's communes: sorting every shape of the site, for each territory,
        # took a third of a national build's planning.
        others = sorted(c for c in self._drawn_codes if c in self.shapes)
        return {"width": WIDTH, "height": p.height, "title": self.territory.data.identity.nom,
                "communes": [p.path(self.shapes[c]) for c in others],
                "outline": p.path(self.outline), "territories": []}

    @functools.cached_property
    def _drawn_codes(self) -> set[str]:
        return set(self.own).union(*(c for c, _ in self.perimeters.values()))

    def _map(self, kind: str, title: str, summary: str, **extra: Any) -> MapData:
        return MapData(f"carte-{kind}", kind, title, summary,
                       f"{self.geometry_path}?v={self.geometry_version}", self.base_path,
                       WIDTH, self.projection.height, self.extent, **extra)

    @functools.cached_property
    def layers(self) -> dict[str, Layer]:
        """One layer per contract; contracts with the same perimeter are drawn wider below one
        another, so that each colour stays visible, and the legend says they coincide."""
        contracts = self.territory.data.contrats
        types = self.catalog.dataset.contract_types
        seen: dict[frozenset[str], list[str]] = {}
        found = {}
        for index, (slug, (codes, area)) in enumerate(self.perimeters.items()):
            same = seen.setdefault(frozenset(codes), [])
            colour, dash = style(index)
            note = f"même périmètre que {', '.join(contracts[s].nom for s in same)}" if same else ""
            found[slug] = Layer(slug, f"{types[contracts[slug].type]} — {contracts[slug].nom}",
                                colour, dash, 3 + 3 * len(same), self.projection.path(area),
                                contracts[slug].statut != "termine", note)
            same.append(slug)
        return found

    def zoning(self) -> MapData:
        layers = tuple(self.layers.values())
        hidden = [layer for layer in layers if not layer.visible]
        summary = (f"Carte des {len(self.own)} communes de {self.territory.data.identity.nom} et du "
                   f"périmètre de ses {len(layers)} contrats" + (
                       f" ({len(hidden)} terminés, masqués par défaut)" if hidden else "")
                   + ". Le tableau qui suit donne les mêmes informations, commune par commune.")
        return self._map("zonage", f"Zonage des contrats — {self.territory.data.identity.nom}",
                         summary, layers=tuple(sorted(layers, key=lambda layer: -layer.width)),
                         listing=urls.projects_url(self.slug))

    def contract(self, slug: str) -> MapData | None:
        codes, area = self.perimeters[slug]
        if area is None:
            return None
        layer = self.layers[slug]
        contract = self.territory.data.contrats[slug]
        return self._map("contrat", f"Périmètre — {contract.nom}",
                         f"Carte du périmètre de {contract.nom} : {len(codes)} communes, sur le fond "
                         f"du territoire {self.territory.data.identity.nom}.",
                         layers=(Layer(slug, contract.nom, layer.colour, layer.dash, 3, layer.path),),
                         focus=slug)

    def _point(self, entry: Any) -> Point | None:
        where = project_point(self.catalog.shapes, entry.projet)
        if where is None:
            return None
        x, y = self.projection.xy(*where)
        return Point(where[1], where[0], entry.projet.titre, urls.project_url(self.slug, entry.slug),
                     round(x, 1), round(y, 1))

    def projects(self) -> MapData | None:
        points = tuple(p for e in self.territory.projects.values() if (p := self._point(e)))
        if not points:
            return None
        return self._map("projets", f"Projets — {self.territory.data.identity.nom}",
                         f"Carte des {len(points)} projets localisés du territoire ; la liste qui "
                         "suit les présente tous.", points=points)

    def project(self, slug: str) -> MapData | None:
        point = self._point(self.territory.projects[slug])
        if point is None:
            return None
        return self._map("projet", "Localisation du projet", f"Localisation du projet dans le "
                         f"territoire {self.territory.data.identity.nom}.", points=(point,))


def _feature(geometry: Any, properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": as_geojson(geometry), "properties": properties}


PORTAL_SIMPLIFY = 0.01
"""About 800 m: the territories' outlines at the scale of France, for the portal's map."""


@dataclass
class PortalMaps:
    """The portal's map: one outline per territory, in one file."""

    catalog: Catalog
    parts: PartStore | None = None
    """Each territory's outline as the last build made it, when its key is the same."""

    @functools.cached_property
    def _parts(self) -> dict[str, tuple[dict[str, Any], bytes]]:
        """Each territory's feature in the portal's file and its outline (WKB): a union and a
        simplification per territory, taken from the last build for unchanged territories."""
        slugs = list(self.catalog.territories)
        made = (self.parts.collect("portail", slugs, self._part) if self.parts is not None
                else [self._part(slug) for slug in slugs])
        return {slug: part for slug, part in zip(slugs, made, strict=True) if part is not None}

    def _part(self, slug: str) -> tuple[dict[str, Any], bytes] | None:
        t = self.catalog.territories[slug]
        area = dissolve(self.catalog.map_shapes, {c.code for c in t.data.identity.all_communes()})
        if area is None:
            return None
        outline = shapely.simplify(area, PORTAL_SIMPLIFY, preserve_topology=True)
        return (_feature(outline, {"type": "territoire", "territoire": slug,
                                   "nom": t.data.identity.nom, "url": urls.territory_url(slug)}),
                shapely.to_wkb(outline))

    @functools.cached_property
    def outlines(self) -> dict[str, Any]:
        """Read back from their WKB whether just made or kept: the drawing is the same."""
        shapes = shapely.from_wkb([wkb for _, wkb in self._parts.values()])
        return dict(zip(self._parts, shapes, strict=True))

    @functools.cached_property
    def projection(self) -> Projection:
        return projection(self.extent)

    @functools.cached_property
    def framed(self) -> list[str]:
        """The territories the map is framed on: those of mainland France when they are most
        of the site's. Framed on the overseas ones too, the mainland took a twentieth of the
        map; they stay on the interactive map, and in the list that follows it."""
        shapes = list(self.outlines.values())
        middles = shapely.get_coordinates(shapely.centroid(shapes))
        mainland = [slug for slug, (lon, lat) in zip(self.outlines, middles, strict=True)
                    if MAINLAND[0] <= lon <= MAINLAND[2] and MAINLAND[1] <= lat <= MAINLAND[3]]
        return mainland if 2 * len(mainland) > len(shapes) else list(self.outlines)

    @functools.cached_property
    def extent(self) -> tuple[float, float, float, float]:
        return _bounds_of([self.outlines[s] for s in self.framed])

    geometry_path = f"{GEOMETRY_FOLDER}/portail.geojson"
    base_path = f"{GEOMETRY_FOLDER}/portail.svg"

    def geometry_file(self) -> bytes:
        return self._geometry

    @functools.cached_property
    def _geometry(self) -> bytes:
        return _collection([feature for feature, _ in self._parts.values()])

    def base_context(self) -> dict[str, Any]:
        return {"width": WIDTH, "height": self.projection.height, "title": "Les territoires",
                "communes": [], "outline": "",
                "territories": [self.projection.path(self.outlines[s]) for s in self.framed]}

    def portal(self) -> MapData | None:
        if not self.outlines:
            return None
        away = len(self.outlines) - len(self.framed)
        beyond = (f" ({nombre(away)} d'outre-mer hors du cadre de la carte)" if away else "")
        return MapData("carte-portail", "portail", "Les territoires",
                       f"Carte des {nombre(len(self.outlines))} territoires du site{beyond} ; ils sont "
                       "tous listés ci-après, avec leurs chiffres.", self.geometry_path,
                       self.base_path, WIDTH, self.projection.height, self.extent,
                       on_demand=size if (size := len(self._geometry)) > ON_DEMAND_BYTES else 0)


@dataclass
class SiteMaps:
    """Every map of the site, built once per build: pages take theirs, the site plan writes
    the files they share (geometry, base drawings)."""

    catalog: Catalog
    parts: PartStore | None = None
    territories: dict[str, TerritoryMaps] = field(init=False)
    portal: PortalMaps = field(init=False)

    def __post_init__(self) -> None:
        self.territories = {slug: TerritoryMaps(self.catalog, t)
                            for slug, t in self.catalog.territories.items()}
        self.portal = PortalMaps(self.catalog, self.parts)
