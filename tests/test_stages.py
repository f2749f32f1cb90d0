"""Plan and emit stages, and the one-owner modules (addresses, labels, exports registry), tested
without building a site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import opendata, urls
from generator.catalog import Catalog
from generator.emit import front_matter, page_stub, relative_root, render_body
from generator.labels import PROJECT_STATUS, STATUS
from generator.opendata import EXPORTS, ExportContext, ExportFile, plan_exports
from generator.outputs import plan_site
from generator.pipeline import build
from generator.plan import NAV_TERRITORIES_MAX, PageSpec, facets, plan_nav, plan_pages
from generator.render.environment import GENERIC_SHELL, make_environment
from tests.conftest import FIXTURES, write


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(FIXTURES / "minimal", "territories")


@pytest.mark.parametrize(("path", "root"), [("index.md", ""), ("a/index.md", "../"),
                                            ("a/b.md", "../../"), ("a/b/c.md", "../../../")])
def test_relative_root(path: str, root: str) -> None:
    assert relative_root(path) == root


@pytest.mark.parametrize(("path", "address"), [
    ("index.md", ""), ("README.md", ""), ("a.md", "a/"), ("a/index.md", "a/"),
    ("t/projets/x.md", "t/projets/x/"), ("t/medias/photo.JPG", "t/medias/photo.JPG"),
    # Case, dots and unusual segments: as PurePosixPath reads them.
    ("A/Index.MD", "A/"), ("a/b/README.md", "a/b/"), ("a/b.c.md", "a/b.c/"), (".md", ".md"),
    ("a/.md", "a/.md"), ("a..md", "a./"), ("a/b.md.txt", "a/b.md.txt"), ("a//b.md", "a/b/"),
    ("./a.md", "a/"), ("a/./b.md", "a/b/"), ("a/index.md/", "a/"), ("é/ü.md", "é/ü/")])
def test_addresses(path: str, address: str) -> None:
    assert urls.address(path) == address
    assert urls.url_of(path) == address.lower()


def test_every_generated_page_has_its_own_address(catalog: Catalog) -> None:
    pages = plan_pages(catalog, plan_exports(catalog))
    addresses = [urls.url_of(p.path) for p in pages]
    assert len(addresses) == len(set(addresses))
    assert urls.project_page("vallee-test", "ecole-salviac") in {p.path for p in pages}
    # Project pages are search results of their own (with their territory and status)...
    projects = [p for p in pages if "/projets/" in p.path and not p.path.endswith("index.md")]
    assert projects and all(p.searchable and p.facts["statut"] for p in projects)
    # ...the search page is not one.
    assert [p.searchable for p in pages if p.path == urls.SEARCH] == [False]


def test_sections_are_the_menu_and_the_navigation(catalog: Catalog) -> None:
    t = catalog.territories["vallee-test"]
    sections = urls.territory_sections(t.slug, True, False)
    assert [s.kind for s in sections] == ["territoire", "strategie", "contrats", "projets",
                                          "chiffres", "donnees"]
    assert [s.url for s in sections][:2] == ["vallee-test/", "vallee-test/projet-de-territoire/"]
    with_map = urls.territory_sections(t.slug, False, True)
    assert [s.kind for s in with_map] == ["territoire", "contrats", "carte", "projets", "chiffres",
                                          "donnees"]
    nav = plan_nav(catalog, ["a-propos.md"])  # one territory: its sections, then the pages
    assert nav == [{"Accueil": "index.md"}, {"Projet de territoire": sections[1].path},
                   {"Contrats": sections[2].path}, {"Projets concrétisés": sections[3].path},
                   {"Chiffres": sections[4].path}, {"Données": sections[5].path}, "a-propos.md"]


def test_navigation_labels_are_escaped_and_bounded(catalog: Catalog, tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    for index in range(NAV_TERRITORIES_MAX + 1):
        shutil.copytree(data / "vallee-test", data / f"vallee-{index}")
        path = data / f"vallee-{index}" / "territoire.yml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "nom: Vallée de test", f'nom: "Vallée <b>{index}</b>"'), encoding="utf-8")
    many = build(data, "territories")
    assert [list(entry) for entry in plan_nav(many, []) if isinstance(entry, dict)] == [["Accueil"]]
    for index in range(2, NAV_TERRITORIES_MAX + 1):
        shutil.rmtree(data / f"vallee-{index}")
    few = build(data, "territories")
    labels = [next(iter(e)) for e in plan_nav(few, []) if isinstance(e, dict)]
    assert "Vallée &lt;b&gt;0&lt;/b&gt;" in labels and not any("<b>" in label for label in labels)


def test_front_matter_escapes_and_chooses_the_shell(catalog: Catalog, tmp_path: Path) -> None:
    spec = PageSpec("t/projets/x.md", "Titre <script>", "territoires/projet.html", "vallee-test",
                    searchable=False)
    meta = front_matter(spec, catalog, make_environment())
    assert meta == {"title": "Titre &lt;script&gt;", "template": GENERIC_SHELL,
                    "search": {"exclude": True}, "hide": ["toc"]}
    write(tmp_path, "territoires/page-projet.html", '{% extends "territoires/page.html" %}\n')
    assert front_matter(spec, catalog, make_environment(tmp_path))["template"] == \
        "territoires/page-projet.html"
    assert page_stub(spec, catalog, make_environment()).startswith('---\n{"title": "Titre &lt;')


def test_a_new_page_type_is_a_spec_and_a_body(catalog: Catalog, tmp_path: Path) -> None:
    """Adding a page type: a PageSpec in the plan and its body template; no shell needed."""
    write(tmp_path, "territoires/budget.html", "<h1>Budget de {{ t.data.identity.nom }}</h1>\n")
    env = make_environment(tmp_path)
    t = catalog.territories["vallee-test"]
    spec = PageSpec("vallee-test/budget.md", "Budget", "territoires/budget.html", t.slug,
                    context={"catalog": catalog, "t": t})
    assert front_matter(spec, catalog, env)["template"] == GENERIC_SHELL
    assert render_body(spec, env) == "<h1>Budget de Vallée de test</h1>\n"


def test_status_labels_have_one_owner(catalog: Catalog) -> None:
    t = catalog.territories["vallee-test"]
    status = next(f for f in facets(catalog, t) if f.name == "statut")
    assert {label for _, label, _ in status.options} <= set(PROJECT_STATUS.values())
    assert STATUS["termine"] == "Terminé" and STATUS["realise"] == "Réalisé"
    env = make_environment()
    assert env.globals["STATUTS"] is STATUS


def test_every_export_has_one_signature(catalog: Catalog) -> None:
    t = catalog.territories["vallee-test"]
    for export in EXPORTS:
        site = export(ExportContext(catalog, [t], "/"))
        territory = export(ExportContext(catalog, [t], "/", t.slug))
        assert site is None or isinstance(site, ExportFile)
        assert territory is None or isinstance(territory, ExportFile)


def test_an_export_is_one_function_and_one_registry_line(catalog: Catalog,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def communes(ctx: ExportContext) -> ExportFile:
        codes = sorted({c for t in ctx.territories for c in t.commune_names})
        return ExportFile("communes.txt", "Communes", "Les codes.", "\n".join(codes).encode())

    monkeypatch.setattr(opendata, "EXPORTS", (*EXPORTS, communes))
    plan = plan_site(catalog, "/", [], make_environment())
    assert "vallee-test/donnees/communes.txt" in {f.path for f in plan.files}
    page = next(s for s in plan.pages if s.path == "vallee-test/donnees/index.md")
    assert "communes.txt" in render_body(page, make_environment())  # listed on the data page


def test_site_plan_files_come_once(catalog: Catalog) -> None:
    plan = plan_site(catalog, "/", [], make_environment())
    paths = [f.path for f in plan.files]
    assert len(paths) == len(set(paths))
    assert not any(p.startswith("assets/leaflet/") for p in paths)  # no contours, no maps


PLACEHOLDER_SAMPLES = ["Lorem  ipsum dolor", "TODO", "à faire : todo", "FIXME plus tard", "tbd",
                       "XXXX", "À COMPLÉTER", "a  completer", "à rédiger", "A REDIGER",
                       "[ Titre ]", "[texte]", "[NOM]", "FİXME", "fıxme", "lorem ipſum",
                       "à\ncompléter"]


def test_placeholder_hints_never_miss_what_the_search_finds() -> None:
    """The quick look (may_hold_placeholder) only skips texts the search would not match."""
    from generator.validate.rules import PLACEHOLDERS, may_hold_placeholder

    found = [s for s in PLACEHOLDER_SAMPLES if PLACEHOLDERS.search(s)]
    assert found == PLACEHOLDER_SAMPLES
    assert all(may_hold_placeholder(f"Un texte. {s} Suite.") for s in found)
    plain = ["Rénovation de la halle, avec un volet énergie.", "Mise en accessibilité (2024)."]
    assert not any(may_hold_placeholder(s) or PLACEHOLDERS.search(s) for s in plain)
