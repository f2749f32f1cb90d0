"""The base of every map, built with folium (Leaflet), once per site. The only module that
imports folium.

Folium writes the Leaflet definitions of the map itself — options, tiles and their
attribution, gesture handling — into `assets/cartes/fond.js`, a function each page's map calls;
what a map shows (perimeters, communes, projects) is data drawn by `cartes.js` from the
territory's geometry file (see `cartography.py`). So folium runs once per build, not once per
page, and no text from the data ever goes through its templates: folium and branca render
through Jinja, and branca compiles each rendered element again as a template, where a title such
as `{{ cycler.__init__.__globals__.os.system(...) }}` would run. The few texts of the base map
(the tiles' address and attribution, from site.yml) reach folium as opaque tokens (`Textes`),
filled in the finished script, encoded for the place they land in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import folium.template
from markupsafe import Markup

from generator.models.registry import Carte

BASE_SCRIPT = "assets/cartes/fond.js"
GESTURE_TEXT = {"touch": "Utilisez deux doigts pour déplacer la carte",
                "scroll": "Utilisez Ctrl + molette pour zoomer la carte",
                "scrollMac": "Utilisez \u2318 + molette pour zoomer la carte"}


_TOKEN = re.compile(r"ToTexte(\d+)Fin")
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_/()!?*#%@+=[]'")


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

    def js(self, value: str) -> str:
        """A value inside a JSON string: an address, an alt text, HTML built here."""
        return self._token(_js_inert(value))

    def _token(self, encoded: str) -> str:
        self.values.append(encoded)
        return f"ToTexte{len(self.values) - 1}Fin"

    def fill(self, rendered: str) -> str:
        # One pass: a replacement is never scanned again, so a text that spells a token is inert.
        return _TOKEN.sub(lambda found: self.values[int(found.group(1))], rendered)


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
    this rendering only, and put back. The environment is reached through a template folium
    defined itself (the map's), so no template is ever built here."""
    policies = folium.Map._template.environment.policies
    before = policies["json.dumps_kwargs"]
    policies["json.dumps_kwargs"] = _COMPACT
    try:
        root.render()
        return root.html.render(), root.script.render()
    finally:
        policies["json.dumps_kwargs"] = before


def base_script(tiles: Carte) -> str:
    """`window.toFondDeCarte(id)`: the Leaflet map folium defines, for the element `id`."""
    texts = Textes()
    # Gesture handling: on a phone one finger scrolls the page, two move the map. The zoom and
    # scale controls are added by cartes.js, in French.
    m = folium.Map(location=[46.6, 2.4], zoom_start=6, tiles=None, control_scale=False,
                   zoom_control=False, max_zoom=18, gesture_handling=True, zoom_snap=0.25,
                   gesture_handling_options={"text": GESTURE_TEXT})
    m.default_js, m.default_css = [], []  # no CDN: the page loads Leaflet from the site
    if tiles.active:
        attribution = str(Markup('<a href="{}">{}</a>').format(tiles.attribution_url,
                                                                  tiles.attribution))
        folium.TileLayer(tiles=texts.js(tiles.tuiles), attr=texts.js(attribution),
                         name="Fond de carte", max_zoom=18, control=False).add_to(m)
    _stable_ids(m, "fond_")
    _, script = _render(m.get_root())
    name = m.get_name()
    body = texts.fill(script).replace(f'"{name}"', "id", 1)
    return ("/* Fond de carte construit par folium : options, tuiles, attribution. */\n"
            f"window.toFondDeCarte = function (id) {{{body}\nreturn {name};\n}};\n")


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
