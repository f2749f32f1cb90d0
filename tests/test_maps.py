"""Maps of the example, as built: every contract mapped, data light, Leaflet only where needed,
and hostile names shown as text in tooltips and popups."""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from playwright.sync_api import Page

from generator.catalog import Catalog
from generator.pipeline import build
from tests.conftest import EXAMPLE, FIXTURES, REFERENTIEL, REPO, SHARED, local_server
from tests.sitecheck import html_pages, mkdocs_build, serve

CONTOURS = SHARED / "geo" / "communes"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(EXAMPLE, "territories", REFERENTIEL, CONTOURS)


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def map_data(page: str) -> list[dict[str, object]]:
    """The data each map of a page hands to cartes.js."""
    return [json.loads(html.unescape(m)) for m in re.findall(r"data-donnees='([^']*)'", page)]


def geometry(site: Path, slug: str) -> dict[str, Any]:
    return json.loads(text(site / "assets/cartes/territoires" / f"{slug}.geojson"))


def test_every_contract_has_a_perimeter_map(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        perimeters = {f["properties"]["contrat"] for f in geometry(site, slug)["features"]
                      if f["properties"]["type"] == "perimetre"}
        assert perimeters == set(t.data.contrats)
        for c_slug in t.data.contrats:
            page = text(site / slug / "contrats" / c_slug / "index.html")
            (data,) = map_data(page)
            assert data["kind"] == "contrat" and data["focus"] == c_slug, c_slug
            assert str(data["geometry"]).startswith(f"../../../assets/cartes/territoires/{slug}.geojson?v=")
            assert 'class="to-carte-statique"' in page and "<path d=" in page  # drawn without JS


def test_zoning_map_shows_every_contract(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        page = text(site / slug / "carte" / "index.html")
        legend = re.findall(r'<ul class="to-legende">(.*?)</ul>', page, re.S)[0]
        assert legend.count("<li>") == len(t.data.contrats)
        (data,) = map_data(page)
        layers = {layer["key"]: layer for layer in data["layers"]}  # type: ignore[union-attr]
        assert set(layers) == set(t.data.contrats)
        for c_slug, contract in t.data.contrats.items():  # ended contracts: listed, hidden
            assert layers[c_slug]["visible"] == (contract.statut != "termine"), c_slug
        communes = [f for f in geometry(site, slug)["features"]
                    if f["properties"]["type"] == "commune" and f["properties"]["membre"]]
        assert len(communes) == len(t.data.identity.all_communes())
        rows = re.findall(r"<tr><th scope=\"row\">", page)
        assert len(rows) == len(t.data.identity.all_communes())


def test_coinciding_perimeters_are_told_apart(site: Path) -> None:
    page = text(site / "grand-quercy" / "carte" / "index.html")
    (data,) = map_data(page)
    widths = [layer["width"] for layer in data["layers"]]  # type: ignore[index]
    assert len(set(widths)) == len(widths)  # the same perimeter, drawn as distinct bands
    assert "même périmètre que" in page


def _bounds(feature: dict[str, Any]) -> tuple[float, float, float, float]:
    points = re.findall(r"\[(-?\d+\.\d+), ?(-?\d+\.\d+)\]", json.dumps(feature["geometry"]))
    xs, ys = [float(x) for x, _ in points], [float(y) for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_shared_contract_reaches_beyond_the_territory(site: Path) -> None:
    features = geometry(site, "haut-rouergue")["features"]
    outline = next(f for f in features if f["properties"]["type"] == "territoire")
    shared = next(f for f in features if f["properties"].get("contrat", "").startswith("cto-aubrac"))
    assert _bounds(shared)[2] > _bounds(outline)[2] + 0.1  # the Lozère part lies east


def test_pages_stay_light(site: Path) -> None:
    for page in html_pages(site):
        size = len(gzip.compress(page.read_bytes()))
        assert size <= 60_000, f"{page} : {size} octets compressés"


def test_leaflet_only_on_pages_with_a_map(site: Path) -> None:
    with_map = {p for p in html_pages(site) if 'class="to-carte-cadre"' in text(p)}
    assert len(with_map) > 10
    for page in html_pages(site):
        loads = "assets/territoires/cartes.js" in text(page)  # it loads Leaflet itself
        assert loads == (page in with_map), page
    assert (site / "grand-quercy/projet-de-territoire/index.html") not in with_map


def test_no_jquery_bootstrap_or_font_awesome(site: Path) -> None:
    for page in [*html_pages(site), site / "assets/cartes/fond.js"]:
        content = text(page)
        assert not re.search(r"jquery|bootstrap|font-awesome|fontawesome|\$\(`", content,
                             re.IGNORECASE), page


def test_every_map_has_a_skip_link_and_a_text_alternative(site: Path) -> None:
    for page in html_pages(site):
        content = text(page)
        for figure in re.findall(r'<figure class="to-carte" id="([^"]+)"', content):
            assert f'<a class="to-passer" href="#apres-{figure}">Passer la carte</a>' in content
            assert f'id="apres-{figure}"' in content
            assert re.search(rf'<title id="{figure}-texte">[^<]{{20,}}</title>', content), page


HOSTILE = '<img src=x onerror="window.__xss=1"> ${window.__xss=1}'


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("carte-hostile")
    shutil.copytree(FIXTURES / "minimal", root / "territories")
    territory = root / "territories/vallee-test/territoire.yml"
    territory.write_text(text(territory).replace("nom: Salviac", f"nom: {json.dumps(HOSTILE)}"))
    project = root / "territories/vallee-test/projets/ecole-salviac.yml"
    project.write_text(text(project).replace("titre: Rénovation de l'école de Salviac",
                                             f"titre: {json.dumps(HOSTILE)}"))
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Cartes\ndocs_dir: content\ntheme:\n  name: material\n  language: fr\n"
        "  font: false\nplugins:\n  - territoires:\n      contours: " + str(CONTOURS) + "\n")
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as url:
        yield url


def test_hostile_names_in_tooltips_and_popups_show_as_text(page: Page, hostile_url: str) -> None:
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(hostile_url + "vallee-test/carte/")
    page.wait_for_selector("path.leaflet-interactive")
    page.evaluate("""() => window.toCartesDessinees["carte-zonage-leaflet"].eachLayer(layer => {
        if (layer.feature && String(layer.feature.properties.nom).includes("onerror")) {
            layer.fire("mouseover", {latlng: layer.getBounds().getCenter()}, true);
        }})""")
    tooltip = page.locator(".leaflet-tooltip").first.inner_text()
    assert HOSTILE in tooltip
    assert page.evaluate("window.__xss") is None
    page.goto(hostile_url + "vallee-test/projets/ecole-salviac/")
    page.wait_for_selector(".leaflet-marker-icon")
    page.locator(".leaflet-marker-icon").first.hover()
    assert HOSTILE in page.locator(".leaflet-tooltip").first.inner_text()  # ${…} stays text
    page.locator(".leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert HOSTILE in popup
    assert page.evaluate("window.__xss") is None
    assert page.locator(".leaflet-popup-content img, .leaflet-tooltip img").count() == 0


def test_maps_survive_instant_navigation(page: Page, tmp_path: Path) -> None:
    """With Material's `navigation.instant`, pages are swapped in place: maps must still draw.
    Instant navigation follows the sitemap, so the site is built for the server's own address."""
    config = text(REPO / "mkdocs.yml").replace("    - navigation.top",
                                                "    - navigation.top\n    - navigation.instant")
    for key in ("docs_dir: ", "custom_dir: ", "donnees: ", "referentiel: ", "contours: "):
        config = re.sub(rf"({key})(\S+)", lambda m: m.group(1) + str((REPO / m.group(2)).resolve()),
                        config)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    (tmp_path / "site").mkdir()
    with serve(tmp_path / "site") as url:
        (tmp_path / "mkdocs.yml").write_text(f"site_url: {url}\n" + config, encoding="utf-8")
        assert mkdocs_build(tmp_path, tmp_path / "site", "--strict").returncode == 0
        page.goto(url + "haut-rouergue/")
        page.evaluate("window.__meme_document = true")  # survives only instant navigation
        page.click("nav.to-menu a[href$='carte/']")
        page.wait_for_selector("path.leaflet-interactive")
        page.click("nav.to-menu a[href$='contrats/']")
        page.click("a[href$='cto-aubrac-olt-causse-gevaudan/']")
        page.wait_for_selector(".to-carte-prete")
        assert page.locator(".leaflet-container").count() == 1
        assert page.evaluate("window.__meme_document") is True  # the page was swapped in place
    assert errors == []


@pytest.fixture(scope="module")
def example_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves a site and records each path it was asked for."""

    asked: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        type(self).asked.append(self.path)


def test_a_territory_geometry_is_downloaded_once(browser: Any, site: Path) -> None:
    """Its map page and its contract pages share one geometry file, kept by the browser."""
    handler = functools.partial(_Counting, directory=str(site))
    _Counting.asked = []
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()  # no page.route here: Playwright's routing turns the HTTP cache off
    with local_server(handler) as url:  # type: ignore[arg-type]
        for path in ["grand-quercy/carte/", "grand-quercy/contrats/crte-grand-quercy/",
                     "grand-quercy/contrats/contrat-territorial-occitanie/",
                     "grand-quercy/contrats/contrat-local-de-sante/",
                     "grand-quercy/contrats/leader-2016-2020/"]:
            page.goto(f"{url}/{path}")
            page.wait_for_selector(".to-carte-prete")
    context.close()
    geometry = [line for line in _Counting.asked if ".geojson" in line]
    assert len(geometry) == 1 and "grand-quercy.geojson?v=" in geometry[0], geometry


def test_the_map_is_one_tab_stop_with_a_skip_link(page: Page, example_url: str) -> None:
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(example_url + "grand-quercy/carte/")
    page.wait_for_selector(".to-carte-prete")
    outlines = page.evaluate("""() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
        .filter(p => p.tabIndex >= 0 && p.getAttribute('tabindex') !== '-1').length""")
    assert outlines == 0
    assert page.locator(".leaflet-overlay-pane path").count() > 100
    skip = page.locator("a.to-passer")
    skip.focus()
    assert skip.is_visible() and skip.inner_text() == "Passer la carte"
    skip.press("Enter")
    assert page.evaluate("location.hash") == "#apres-carte-zonage"
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoomer"


def test_choosing_a_commune_tells_its_contracts_and_projects(page: Page, example_url: str) -> None:
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(example_url + "grand-quercy/carte/")
    page.wait_for_selector(".to-carte-prete")
    page.evaluate("""() => window.toCartesDessinees["carte-zonage-leaflet"].eachLayer(layer => {
        if (layer.feature && layer.feature.properties.code === "46042") { layer.openPopup(); }})""")
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "Cahors (46042)" in popup and "Contrat de relance et de transition" in popup
    assert "projet" in popup
    link = page.locator(".leaflet-popup-content a").get_attribute("href")
    assert link and link.endswith("grand-quercy/projets/?commune=46042")


def test_without_javascript_the_static_drawing_shows(browser: Any, example_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(example_url + "grand-quercy/contrats/crte-grand-quercy/")
    drawing = page.locator("svg.to-carte-statique")
    assert drawing.is_visible() and drawing.bounding_box()["height"] > 200  # type: ignore[index]
    assert "communes" in (page.locator("svg.to-carte-statique title").text_content() or "")
    context.close()


def test_the_exported_site_draws_its_maps(page: Page, tmp_path: Path) -> None:
    """`territoire-ouvert exporter` carries Leaflet, the base map and the geometry: the site
    plain MkDocs builds from it draws the maps."""
    import subprocess
    import sys

    out = tmp_path / "export"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "exporter", "--sortie", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert mkdocs_build(out, out / "site").returncode == 0
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(out / "site") as url:
        page.goto(url + "haut-rouergue/carte/")
        page.wait_for_selector(".to-carte-prete")
        assert page.locator(".leaflet-overlay-pane path").count() > 50
    assert errors == []


def test_the_portal_map_is_framed_on_mainland_france_when_most_territories_are() -> None:
    """Framed on Réunion too, mainland France took a twentieth of the portal's map."""
    from shapely.geometry import box

    from generator.cartography import PortalMaps

    def portal(places: dict[str, tuple[float, float]]) -> PortalMaps:
        maps = PortalMaps(catalog=None)  # type: ignore[arg-type]
        maps.__dict__["outlines"] = {slug: box(lon, lat, lon + 0.5, lat + 0.5)
                                     for slug, (lon, lat) in places.items()}
        maps.__dict__["_geometry"] = b"{}"
        return maps

    most = portal({"ain": (5.0, 46.0), "lot": (1.5, 44.5), "nord": (3.0, 50.5),
                   "reunion": (55.3, -21.2)})
    assert most.framed == ["ain", "lot", "nord"]
    west, south, east, north = most.extent
    assert -5.5 < west < 1.5 and south > 44 and east < 10 and north < 51.5
    shown = most.portal()
    assert shown is not None and "(1 d'outre-mer hors du cadre de la carte)" in shown.summary
    assert len(most.base_context()["territories"]) == 3
    few = portal({"lot": (1.5, 44.5), "reunion": (55.3, -21.2), "guyane": (-53.0, 4.0)})
    assert few.framed == ["lot", "reunion", "guyane"] and few.extent[0] < -53


def test_a_heavy_portal_map_is_drawn_when_asked(page: Page, site: Path, tmp_path: Path,
                                                catalog: Catalog) -> None:
    """The outlines of France's 1,255 territories weigh 1 MB: past ON_DEMAND_BYTES, the portal
    shows its static drawing, and Leaflet and the outlines come when a visitor asks."""
    from dataclasses import replace

    from generator.cartography import SiteMaps
    from generator.render.environment import make_environment

    maps = SiteMaps(catalog)
    light = maps.portal.portal()
    assert light is not None and light.on_demand == 0  # three territories: drawn at once
    heavy = replace(light, on_demand=len(maps.portal.geometry_file()))
    figure = make_environment().from_string(
        '{% from "territoires/_macros.html" import carte %}{{ carte(m, "", tiles) }}').render(
        m=heavy, tiles=catalog.dataset.site.carte)
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    home = text(copy / "index.html")
    start, end = home.index('<a class="to-passer" href="#apres-carte-portail">'), home.index(
        '<script src="assets/territoires/cartes.js"></script>') + len(
        '<script src="assets/territoires/cartes.js"></script>')
    (copy / "index.html").write_text(home[:start] + figure + home[end:], encoding="utf-8")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    with serve(copy) as url:
        page.goto(url)
        button = page.locator(".to-carte-charger")
        button.wait_for(state="visible")
        assert "Afficher la carte interactive" in button.inner_text()
        page.wait_for_load_state("networkidle")
        assert not [u for u in asked if "leaflet" in u or "portail.geojson" in u]
        notes = page.locator("#carte-portail > .to-note")  # tiles and keys: once it is drawn
        assert notes.is_hidden()
        button.click()
        page.wait_for_selector(".to-carte-prete")
        assert any("portail.geojson" in u for u in asked) and button.is_hidden()
        assert notes.is_visible()
