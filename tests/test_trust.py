"""Nothing unpublished leaks, no page loads anything from another host, and outputs are the
same for the same input."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHARED, write
from tests.sitecheck import html_pages, mkdocs_build, site_config, url_of

# With contours, so that map data (markers, tooltips, GeoJSON exports) is searched too.
MKDOCS = site_config("Canaris", f"      contours: {SHARED / 'geo' / 'communes'}\n",
                     extra="site_url: https://territoire.example.org/\n")

# Each canary is unique and planted in one place that must never be published.
CANARIES = {
    "CANARI-NOTE-PROJET-7f3a": "notes_internes d'un projet publié",
    "CANARI-NOTE-BROUILLON-2c9e": "notes_internes d'un brouillon",
    "CANARI-TITRE-BROUILLON-91bd": "titre d'un brouillon",
    "CANARI-RESUME-BROUILLON-44e0": "résumé d'un brouillon",
    "CANARI-DESCRIPTION-BROUILLON-d1a7": "description d'un brouillon",
    "CANARI-MO-BROUILLON-5b32": "maître d'ouvrage d'un brouillon",
    "canari-slug-brouillon-e8f1": "nom de fichier d'un brouillon",
    "CANARI-JALON-BROUILLON-0c6d": "jalon d'un brouillon",
    "CANARI-NOM-CONTACT-3e77": "nom d'un contact sans publier_nom",
    "CANARI-NOM-CONTACT-CONTRAT-a5c1": "nom du contact d'un contrat sans publier_nom",
    "CANARI-FICHIER-NON-CITE-6d20": "fichier de medias/ qu'aucune donnée ne cite",
    "CANARI-IMAGE-BROUILLON-f0b9": "image d'un brouillon",
}


def _plant(data: Path) -> None:
    project = data / "vallee-test/projets/ecole-salviac.yml"
    project.write_text(project.read_text(encoding="utf-8")
                       + "notes_internes: CANARI-NOTE-PROJET-7f3a\n", encoding="utf-8")
    medias = data / "vallee-test/medias"
    medias.mkdir()
    (medias / "non-cite.pdf").write_bytes(b"%PDF CANARI-FICHIER-NON-CITE-6d20")
    (medias / "brouillon.jpg").write_bytes(b"\xff\xd8\xff CANARI-IMAGE-BROUILLON-f0b9")
    write(data, "vallee-test/projets/canari-slug-brouillon-e8f1.yml", """
        titre: CANARI-TITRE-BROUILLON-91bd
        resume: CANARI-RESUME-BROUILLON-44e0
        description: CANARI-DESCRIPTION-BROUILLON-d1a7
        statut: en_cours
        publication: brouillon
        notes_internes: CANARI-NOTE-BROUILLON-2c9e
        maitre_ouvrage: CANARI-MO-BROUILLON-5b32
        communes: ["46066"]
        thematiques: [sante]
        contrats: [{contrat: cto, annee: 2023}]
        orientations: [o1]
        jalons: [{date: 2024-01-01, titre: CANARI-JALON-BROUILLON-0c6d}]
        images: [{fichier: medias/brouillon.jpg, alt: image}]
    """)
    territory = data / "vallee-test/territoire.yml"
    territory.write_text(territory.read_text(encoding="utf-8").replace(
        "Personne Secrète", "CANARI-NOM-CONTACT-3e77"), encoding="utf-8")
    cto = data / "vallee-test/contrats/cto.yml"
    cto.write_text(cto.read_text(encoding="utf-8").replace(
        "projets: [chaufferie-cazals]", "projets: [chaufferie-cazals, canari-slug-brouillon-e8f1]")
        + "contact:\n  role: Chargé de mission\n  nom: CANARI-NOM-CONTACT-CONTRAT-a5c1\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("canaris")
    shutil.copytree(FIXTURES / "minimal", root / "territories")
    _plant(root / "territories")
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS)
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _every_output(site: Path) -> dict[str, bytes]:
    outputs = {}
    for path in site.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            # The sitemap and the search index (Pagefind's .pf_* files) are gzip-compressed.
            compressed = path.suffix == ".gz" or path.suffix.startswith(".pf_")
            outputs[path.relative_to(site).as_posix()] = (
                gzip.decompress(content) if compressed else content)
    return outputs


def test_no_canary_reaches_any_output(site: Path) -> None:
    outputs = _every_output(site)
    assert "sitemap.xml.gz" in outputs and any(n.startswith("pagefind/fragment/") for n in outputs)
    assert "vallee-test/donnees/projets.geojson" in outputs
    assert b"data-donnees=" in outputs["vallee-test/projets/index.html"]  # the markers map is there
    assert "assets/cartes/territoires/vallee-test.geojson" in outputs  # and its geometry
    found = [(canary, name) for name, content in outputs.items() for canary in CANARIES
             if canary.encode() in content or canary in name]
    assert found == [], f"{len(CANARIES)} canaris plantés, trouvés : {found}"


def test_published_content_is_there(site: Path) -> None:
    """The check above must not pass because nothing was published."""
    outputs = _every_output(site)
    assert b"Accueil" in outputs["vallee-test/index.html"]
    assert b"mailto:accueil&#64;example&#46;org" in outputs["vallee-test/index.html"]
    assert "vallee-test/projets/ecole-salviac/index.html" in outputs


FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon",
                 "prefetch", "dns-prefetch", "preconnect"}
ASSET_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"}


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    """Links to other sites are fine; assets from them are not (privacy, rural bandwidth)."""
    outside = []
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        for tag, attributes in re.findall(r"<(\w+)([^>]*)>", html):
            if tag.lower() not in ASSET_TAGS:
                continue
            rel = re.search(r'rel="([^"]+)"', attributes)
            if tag.lower() == "link" and not (rel and set(rel.group(1).split()) & FETCHED_LINKS):
                continue  # canonical, prev, next… name a page, the browser fetches nothing
            for url in re.findall(r'(?:src|href|srcset|data)="([^"]+)"', attributes):
                if re.match(r"^(https?:)?//", url):
                    outside.append(f"{url_of(site, page)} : <{tag}> {url}")
        assert "@import" not in html
    assert outside == []
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_sitemap_is_dated_by_the_data(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://territoire.example.org/vallee-test/projets/ecole-salviac/" in sitemap
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2023-06-30"}
