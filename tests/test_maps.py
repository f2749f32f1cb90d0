"""Maps of the example, as built: every contract mapped, data light, Leaflet only where needed,
and hostile names shown as text in tooltips and popups."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.catalog import Catalog
from generator.maps import html_inert
from generator.pipeline import build
from tests.conftest import EXAMPLE, FIXTURES, REFERENTIEL, REPO, SHARED
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


def payloads(page: str) -> list[dict[str, object]]:
    """The GeoJSON each map layer adds, as folium writes it in the page's script."""
    return [json.loads(m) for m in re.findall(r"_add\((\{.*?\})\);", page, re.S)]


def test_every_contract_has_a_perimeter_map(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        for c_slug in t.data.contrats:
            page = text(site / slug / "contrats" / c_slug / "index.html")
            assert 'class="to-carte-cadre"' in page and "L.map(" in page, c_slug
            assert payloads(page), c_slug


def test_zoning_map_shows_every_contract(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        page = text(site / slug / "carte" / "index.html")
        legend = re.findall(r'<ul class="to-legende">(.*?)</ul>', page, re.S)[0]
        assert legend.count("<li>") == len(t.data.contrats)
        assert len(payloads(page)) == 1 + len(t.data.contrats)  # communes, then one per contract
        kinds = {catalog.dataset.contract_types[c.type] for c in t.data.contrats.values()}
        for kind in kinds:  # one toggle per type of contract, then one per contract
            assert f"\"{html_inert(kind)}\"" in page  # as the map writes a text
        assert page.count('"\\u2014 ') == len(t.data.contrats)
        rows = re.findall(r"<tr><th scope=\"row\">", page)
        assert len(rows) == len(t.data.identity.all_communes())


def _bounds(collection: dict[str, object]) -> tuple[float, float, float, float]:
    points = re.findall(r"\[(-?\d+\.\d+),(-?\d+\.\d+)\]", json.dumps(collection, separators=(",", ":")))
    xs, ys = [float(x) for x, _ in points], [float(y) for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_shared_contract_reaches_beyond_the_territory(site: Path) -> None:
    page = text(site / "haut-rouergue" / "carte" / "index.html")
    communes, *contracts = payloads(page)
    territory = _bounds(communes)
    shared = next(c for c in contracts if "Aubrac Olt Causse" in json.dumps(c, ensure_ascii=False))
    beyond = _bounds(shared)
    assert beyond[2] > territory[2] + 0.1  # the Lozère part lies east of the Haut Rouergue


def test_map_data_is_light(site: Path, catalog: Catalog) -> None:
    for slug in catalog.territories:
        page = text(site / slug / "carte" / "index.html")
        size = sum(len(m) for m in re.findall(r"_add\((\{.*?\})\);", page, re.S))
        assert size <= 150_000, f"{slug} : {size} octets de données cartographiques"


def test_leaflet_only_on_pages_with_a_map(site: Path) -> None:
    with_map = {p for p in html_pages(site) if 'class="to-carte-cadre"' in text(p)}
    assert len(with_map) > 10
    for page in html_pages(site):
        loads = "assets/territoires/cartes.js" in text(page)  # it loads Leaflet itself
        assert loads == (page in with_map), page
    assert (site / "grand-quercy/projet-de-territoire/index.html") not in with_map


def test_no_jquery_bootstrap_or_font_awesome(site: Path) -> None:
    for page in html_pages(site):
        content = text(page)
        assert not re.search(r"jquery|bootstrap|font-awesome|fontawesome|\$\(`", content,
                             re.IGNORECASE), page


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
    page.evaluate("""() => window.toCartesDessinees.map_zonage_0.eachLayer(layer => {
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
        page.wait_for_selector("path.leaflet-interactive")
        assert page.locator(".leaflet-container").count() == 1
        assert page.evaluate("window.__meme_document") is True  # the page was swapped in place
    assert errors == []
