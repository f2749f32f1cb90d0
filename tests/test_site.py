"""The example site as built: every page of the URL layout, every link, every figure."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.formats import euros, nombre
from generator.labels import PROJECT_STATUS
from generator.pipeline import build
from tests.conftest import EXAMPLE, REFERENTIEL, REPO
from tests.sitecheck import (
    html_pages,
    mkdocs_build,
    pagefind_records,
    parse,
    target_of,
    url_of,
    visible_text,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(EXAMPLE, "territories", REFERENTIEL)


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    return example_site


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_every_page_of_the_url_layout_exists(site: Path, catalog: Catalog) -> None:
    expected = ["index.html"]
    drafts = 0
    for slug, t in catalog.territories.items():
        expected += [f"{slug}/index.html", f"{slug}/contrats/index.html",
                     f"{slug}/projets/index.html"]
        if t.data.strategie:
            expected.append(f"{slug}/projet-de-territoire/index.html")
        expected += [f"{slug}/contrats/{c}/index.html" for c in t.data.contrats]
        expected += [f"{slug}/projets/{p}/index.html" for p in t.projects]
        for draft in [p for p, model in t.data.projets.items() if not model.published]:
            drafts += 1
            assert not (site / slug / "projets" / draft).exists()
    assert drafts, "the example has drafts, and they must not be published"
    missing = [path for path in expected if not (site / path).is_file()]
    assert missing == []


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    cache = {}
    for page in html_pages(site):
        parsed = parse(page)
        for link in parsed.links:
            target = target_of(site, url_of(site, page), link)
            if target is None:
                continue
            file, fragment = target
            if not file.is_file():
                broken.append(f"{url_of(site, page)} → {link}")
            elif fragment and file.suffix == ".html":
                ids = cache.setdefault(file, parse(file).ids)
                if fragment not in ids:
                    broken.append(f"{url_of(site, page)} → {link} (ancre absente)")
    assert broken == []


def test_no_missing_value_shows(site: Path) -> None:
    for page in html_pages(site):
        assert not re.search(r"\b(None|nan|NaN|inf|undefined)\b", visible_text(page)), page
        assert all(parse(page).headings), f"titre vide dans {page}"


def _figures(page: Path) -> list[str]:
    block = re.search(r'<ul class="to-chiffres"[^>]*>(.*?)</ul>', text(page), re.S)
    assert block, page
    return re.findall(r"<strong>(.*?)</strong>", block.group(1))


def test_territory_figures_equal_the_catalog(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        figures = _figures(site / slug / "index.html")
        assert figures == [str(t.total.count), euros(t.total.cost), euros(t.total.public_funding),
                           nombre(len(t.data.identity.all_communes())), nombre(t.population)]


def test_strategy_chart_equals_the_catalog(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        if not t.data.strategie:
            continue
        page = text(site / slug / "projet-de-territoire" / "index.html")
        for element in t.data.strategie.elements:
            rollup = t.elements[element.id].rollup
            row = re.search(rf'<th scope="row"><a href="#{element.id}">.*?</tr>', page, re.S)
            assert row, element.id
            cells = re.findall(r'<td (?:data-label="[^"]*" )?class="to-montant">(.*?)</td>', row.group(0))
            cost = "—" if not rollup.count else euros(rollup.cost) if rollup.cost_complete else (
                f'{euros(rollup.cost)} <span class="to-note">(connu pour {rollup.cost_known} sur '
                f'{rollup.count})</span>' if rollup.cost_known else
                '<span class="to-note">non communiqué</span>')  # an unknown cost is not a zero
            funding = euros(rollup.funding) if rollup.count else "—"  # no 0 € row for nothing
            assert cells == [str(rollup.count), cost, funding]


def test_contract_and_project_figures_equal_the_catalog(site: Path, catalog: Catalog) -> None:
    for slug, t in catalog.territories.items():
        for c_slug in t.data.contrats:
            r = t.by_contract[c_slug]
            page = site / slug / "contrats" / c_slug / "index.html"
            if r.count:
                assert _figures(page)[:3] == [str(r.count), euros(r.cost), euros(r.funding)]
        for p_slug, entry in t.projects.items():
            page = text(site / slug / "projets" / p_slug / "index.html")
            for line in entry.projet.financements:
                assert euros(line.montant) in page
            if entry.self_funding is not None and entry.projet.financements:
                assert f'<td data-label="Montant" class="to-montant">{euros(entry.self_funding)}</td>' in page


def test_project_pages_are_light(site: Path, catalog: Catalog) -> None:
    # Uncompressed HTML. About a third is the navigation Material copies into every page (three
    # territories with up to nine sections each, news included): capped by NAV_TERRITORIES_MAX.
    for slug, t in catalog.territories.items():
        for p_slug in t.projects:
            size = (site / slug / "projets" / p_slug / "index.html").stat().st_size
            assert size <= 32_000, f"{slug}/{p_slug} : {size} octets"


def test_search_indexes_each_project_page_with_its_territory_and_status(
        site: Path, catalog: Catalog) -> None:
    records = {str(r["url"]): r for r in pagefind_records(site)}
    for slug, t in catalog.territories.items():
        name = t.data.identity.nom_court or t.data.identity.nom
        for p_slug, entry in t.projects.items():
            record = records[f"/{slug}/projets/{p_slug}/"]
            meta = record["meta"]
            assert isinstance(meta, dict)
            assert meta["title"] == entry.projet.titre
            assert meta["type"] == "Projet" and meta["territoire"] == name
            assert meta["statut"] == PROJECT_STATUS[entry.projet.statut]
            assert t.commune_names[entry.projet.communes[0]] in str(record["content"])
        # The listing's cards would repeat every project: they are left out.
        listing = str(records[f"/{slug}/projets/"]["content"])
        assert all(e.projet.resume[:40] not in listing for e in t.projects.values())
    assert "/recherche/" not in records  # the search page itself is not a result
    assert not [url for url in records if "404" in url]  # nor the « page introuvable »
    assert not (site / "search").exists()  # the theme's single-file index is not built


def test_two_builds_are_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    assert mkdocs_build(REPO, again, "--strict").returncode == 0

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = digest(site), digest(again)
    assert [k for k in first if first[k] != second.get(k)] == []
    assert first.keys() == second.keys()


def test_no_template_source_is_published(example_site: Path) -> None:
    """The theme folder publishes its assets; templates of other files (scaffolds, the maps'
    base drawing) are never copied into the site as they are."""
    published = [p for p in example_site.rglob("*") if p.is_file()]
    assert [p for p in published if p.suffix in (".yml", ".j2")] == []
    for path in published:
        if path.suffix in (".svg", ".html", ".xml"):
            assert b"{%" not in path.read_bytes(), path
