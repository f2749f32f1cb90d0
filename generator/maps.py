"""Maps with folium (Leaflet), as fragments for the page templates. The only module that
imports folium.

Folium is made fit for a public site: its CDN assets are dropped (Leaflet is served by the site
from the xstatic packages), element ids are made stable (two builds are identical), and no text
from the data ever goes through folium. Folium and branca render their output through Jinja,
and branca compiles each rendered element again as a template: a title such as
`{{ cycler.__init__.__globals__.os.system(...) }}` would run there. Folium is only given opaque
tokens (`Textes`); the real texts replace them in the finished script, encoded for the place
they land in, after every template has run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import folium.template
from branca.element import MacroElement
from folium.map import Layer
from folium.plugins import MarkerCluster
from markupsafe import Markup

from generator import urls
from generator.geometry import as_geojson, dissolve, project_point
from generator.models.registry import Carte

# Okabe–Ito colours (distinguishable with colour blindness) and dash patterns, so that no
# perimeter is told apart by colour alone.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
DASHES = ["", "10 6", "3 6", "14 6 3 6"]
DASH_NAMES = {"": "trait plein", "10 6": "tirets", "3 6": "pointillés", "14 6 3 6": "tiret-point"}


@dataclass(frozen=True)
class Legend:
    label: str
    colour: str
    dash: str

    @property
    def pattern(self) -> str:
        return DASH_NAMES[self.dash]


@dataclass(frozen=True)
class MapFragment:
    """A map ready for a template: its element, its script, its legend."""

    title: str
    name: str
    """The JavaScript name of the Leaflet map, e.g. `map_zonage_0`."""
    element: Markup
    script: Markup
    legend: tuple[Legend, ...] = ()


def style(index: int) -> tuple[str, str]:
    return COLOURS[index % len(COLOURS)], DASHES[(index // len(COLOURS) + index) % len(DASHES)]


class LinkPopup(MacroElement):
    """A popup with a link to the project. Folium's own popups need jQuery; Leaflet does not."""

    _template = folium.template.Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.content|tojson }});"
        "{% endmacro %}")

    def __init__(self, content: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LinkPopup"
        self.content = content


def _base(tiles: Carte, texts: Textes, zoom_max: int = 16,
          centre: tuple[float, float] = (46.6, 2.4), zoom: int = 6) -> folium.Map:
    # Gesture handling: on a phone one finger scrolls the page, two move the map.
    m = folium.Map(location=list(centre), zoom_start=zoom, tiles=None, control_scale=True,
                   max_zoom=zoom_max, gesture_handling=True)
    m.default_js, m.default_css = [], []  # no CDN: the page loads Leaflet from the site
    if tiles.active:
        attribution = str(Markup('<a href="{}">{}</a>').format(tiles.attribution_url,
                                                                  tiles.attribution))
        folium.TileLayer(tiles=texts.js(tiles.tuiles), attr=texts.js(attribution),
                         name="Fond de carte", max_zoom=18, control=False).add_to(m)
    return m


def _stable_ids(m: folium.Map, prefix: str) -> None:
    """branca draws random ids: number the elements in tree order instead."""
    counter = 0

    def visit(element: Any) -> None:
        nonlocal counter
        element._id = f"{prefix}{counter}"
        counter += 1
        # Some elements keep parts outside their children (a popup's html, a figure's header).
        parts = [getattr(element, name, None) for name in ("header", "html", "script")]
        for child in [*element._children.values(), *(p for p in parts if p is not None)]:
            if hasattr(child, "_children"):
                visit(child)

    visit(m)


_COMPACT = {"sort_keys": True, "separators": (",", ":")}


def _render(root: Any) -> tuple[str, str]:
    """Folium writes its GeoJSON with a space after every comma: a third of a map's weight.
    Its templates share one Jinja environment, whose JSON policy says how to write it: set for
    this rendering only, and put back."""
    policies = folium.template.Template("").environment.policies
    before = policies["json.dumps_kwargs"]
    policies["json.dumps_kwargs"] = _COMPACT
    try:
        root.render()
        return root.html.render(), root.script.render()
    finally:
        policies["json.dumps_kwargs"] = before


def _fragment(m: folium.Map, texts: Textes, title: str, prefix: str, bounds: Any,
              legend: tuple[Legend, ...] = ()) -> MapFragment:
    if bounds is not None:
        m.fit_bounds(bounds)
    _stable_ids(m, prefix)
    element, script = _render(m.get_root())  # a branca Figure: html, header and script parts
    return MapFragment(title, m.get_name(), Markup(texts.fill(element)),
                       Markup(texts.fill(script)), legend)


_TOKEN = re.compile(r"ToTexte(\d+)Fin")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/()!?*#%@+=[]'")


def html_inert(text: str) -> str:
    """Text for a place the browser reads as HTML (tooltip, layer name). Every character but
    letters, digits, spaces and plain punctuation becomes a character reference: the result
    means the same in HTML, inside a JSON string and inside a JavaScript template literal, and
    holds no `<`, quote, backtick, `$`, backslash or brace anything could act on."""
    return "".join(c if c in _PLAIN or (c.isalnum() and not c.isascii()) else f"&#{ord(c)};"
                   for c in text)


def _js_inert(value: str) -> str:
    """A value for the inside of a JSON or JavaScript string (an address, an attribute, HTML we
    built): every character but plain ASCII becomes a \\u escape (UTF-16, as JavaScript reads)."""
    out = []
    for char in value:
        if char in _PLAIN:
            out.append(char)
            continue
        encoded = char.encode("utf-16-be")
        out += [f"\\u{int.from_bytes(encoded[i:i + 2], 'big'):04x}" for i in range(0, len(encoded), 2)]
    return "".join(out)


@dataclass
class Textes:
    """Texts from the data, kept out of folium's templates. Folium is handed a token where a
    text goes; `fill` puts each text back into the finished output, already encoded for the
    place it lands in, after every template has run (see the module's docstring)."""

    values: list[str] = field(default_factory=list)

    def html(self, text: str) -> str:
        """A text the map shows as HTML: tooltips, layer names, GeoJSON properties."""
        return self._token(html_inert(text))

    def js(self, value: str) -> str:
        """A value inside a JSON string: an address, an alt text, HTML built here."""
        return self._token(_js_inert(value))

    def _token(self, encoded: str) -> str:
        self.values.append(encoded)
        return f"ToTexte{len(self.values) - 1}Fin"

    def fill(self, rendered: str) -> str:
        # One pass: a replacement is never scanned again, so a text that spells a token is inert.
        return _TOKEN.sub(lambda found: self.values[int(found.group(1))], rendered)


def _bounds(geometry: Any) -> list[list[float]] | None:
    if geometry is None or geometry.is_empty:
        return None
    west, south, east, north = geometry.bounds
    return [[south, west], [north, east]]


def _area(texts: Textes, name: str, geometry: Any, colour: str, dash: str, fill: float,
          tooltip: str) -> folium.GeoJson:
    feature = {"type": "Feature", "geometry": as_geojson(geometry),
               "properties": {"nom": texts.html(tooltip)}}
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]}, name=texts.html(name),
        style_function=lambda _f: {"color": colour, "weight": 3, "dashArray": dash or None,
                                   "fillColor": colour, "fillOpacity": fill},
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False))


def communes_layer(texts: Textes, shapes: dict[str, Any], names: dict[str, str],
                   codes: list[str]) -> folium.GeoJson | None:
    features = [{"type": "Feature", "geometry": as_geojson(shapes[c]),
                 "properties": {"nom": texts.html(f"{names.get(c, c)} ({c})")}}
                for c in sorted(codes) if c in shapes]
    if not features:
        return None
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features}, name="Communes",
        style_function=lambda _f: {"color": "#555555", "weight": 1, "fillOpacity": 0.05},
        highlight_function=lambda _f: {"weight": 3, "fillOpacity": 0.2},
        tooltip=folium.GeoJsonTooltip(fields=["nom"], labels=False))


def _add(m: folium.Map, layer: folium.GeoJson | None) -> None:
    if layer is not None:
        layer.add_to(m)


class TypedLayerControl(folium.LayerControl):
    """The layer control lists each type of contract, and under it each of its contracts:
    both can be shown or hidden."""

    def render(self, **kwargs: Any) -> str:
        self.reset()
        parent: Any = self._parent
        for item in parent._children.values():
            if isinstance(item, Layer) and item.control:
                self.overlays[item.layer_name] = item.get_name()
                for child in item._children.values():
                    if isinstance(child, Layer) and child.control:
                        self.overlays[f"— {child.layer_name}"] = child.get_name()
        return str(super(folium.LayerControl, self).render(**kwargs))  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Perimeter:
    kind: str
    label: str
    codes: frozenset[str]


def zoning_map(tiles: Carte, title: str, shapes: dict[str, Any], names: dict[str, str],
               own: list[str], perimeters: list[Perimeter], prefix: str) -> MapFragment:
    """The territory's communes, and one toggleable layer per type of contract and per
    contract."""
    texts = Textes()
    m = _base(tiles, texts)
    outline = dissolve(shapes, own)
    _add(m, communes_layer(texts, shapes, names, own))
    legend, groups = [], {}
    for index, perimeter in enumerate(perimeters):
        area = dissolve(shapes, perimeter.codes)
        if area is None:
            continue
        if perimeter.kind not in groups:
            groups[perimeter.kind] = folium.FeatureGroup(
                name=texts.html(perimeter.kind)).add_to(m)
        colour, dash = style(index)
        _area(texts, perimeter.label, area, colour, dash, 0.08,
              f"{perimeter.kind} — {perimeter.label}").add_to(groups[perimeter.kind])
        legend.append(Legend(f"{perimeter.kind} — {perimeter.label}", colour, dash))
    TypedLayerControl(collapsed=True).add_to(m)  # opens on focus; the legend lists all
    every = dissolve(shapes, {c for p in perimeters for c in p.codes} | set(own))
    return _fragment(m, texts, title, prefix, _bounds(every if every is not None else outline),
                     tuple(legend))


def perimeter_map(tiles: Carte, title: str, shapes: dict[str, Any], names: dict[str, str],
                  own: list[str], codes: set[str], label: str, prefix: str) -> MapFragment | None:
    area = dissolve(shapes, codes)
    if area is None:
        return None
    texts = Textes()
    m = _base(tiles, texts)
    outline = dissolve(shapes, own)
    if outline is not None:
        _area(texts, "Territoire", outline, "#555555", "3 6", 0.0, "Territoire").add_to(m)
    _add(m, communes_layer(texts, shapes, names, sorted(codes)))
    colour, dash = style(0)
    _area(texts, label, area, colour, dash, 0.1, label).add_to(m)
    return _fragment(m, texts, title, prefix, _bounds(area), (Legend(label, colour, dash),))


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    label: str
    url: str


def markers_map(tiles: Carte, title: str, markers: list[Marker], prefix: str,
                cluster: bool = True, zoom_max: int = 16) -> MapFragment | None:
    if not markers:
        return None
    texts = Textes()
    m = _base(tiles, texts, zoom_max, (markers[0].lat, markers[0].lon), 12)
    target = MarkerCluster(name="Projets") if cluster and len(markers) > 1 else m  # type: ignore[no-untyped-call]
    if target is not m:
        target.default_js, target.default_css = [], []
        target.add_to(m)
    for marker in markers:
        pin = folium.Marker([marker.lat, marker.lon], tooltip=texts.html(marker.label),
                            alt=texts.js(marker.label))  # alt is set as a property, not parsed
        link = Markup('<a href="{}">{}</a>').format(marker.url, marker.label)
        LinkPopup(texts.js(str(link))).add_to(pin)
        pin.add_to(target)
    if len(markers) == 1:
        return _fragment(m, texts, title, prefix, None)  # a lone marker: centred, at commune scale
    south, north = min(x.lat for x in markers), max(x.lat for x in markers)
    west, east = min(x.lon for x in markers), max(x.lon for x in markers)
    return _fragment(m, texts, title, prefix, [[south, west], [north, east]])


def project_marker(shapes: dict[str, Any], territory: str, entry: Any, root: str) -> Marker | None:
    """Where a project is: its own location, else a point of its first mapped commune."""
    point = project_point(shapes, entry.projet)
    if point is None:
        return None
    return Marker(point[1], point[0], entry.projet.titre,
                  root + urls.project_url(territory, entry.slug))


def project_markers(catalog: Any, territory: Any, root: str) -> list[Marker]:
    found = (project_marker(catalog.shapes, territory.slug, e, root)
             for e in territory.projects.values())
    return [m for m in found if m is not None]


LEAFLET_FILES = {
    "leaflet": ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
                "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"],
    "leaflet_markercluster": ["leaflet.markercluster.js", "MarkerCluster.css",
                              "MarkerCluster.Default.css"],
    "leaflet_gesturehandling": ["leaflet-gesture-handling.min.js",
                                "leaflet-gesture-handling.min.css"],
}


def leaflet_assets() -> list[tuple[Path, str]]:
    """Leaflet and its marker clustering, from their xstatic packages, to serve from the site."""
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_gesturehandling as gesturehandling
    import xstatic.pkg.leaflet_markercluster as markercluster

    found = []
    for package, base in ((leaflet, "leaflet"), (markercluster, "leaflet_markercluster"),
                          (gesturehandling, "leaflet_gesturehandling")):
        for name in LEAFLET_FILES[base]:
            found.append((Path(package.BASE_DIR) / name, f"assets/leaflet/{name}"))
    return found
