"""Plan stage: which pages the site has, at which path, with which templates and context."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator import maps
from generator.catalog import Catalog, ProjectEntry, TerritoryCatalog
from generator.export_json import donnees_file, schema_file
from generator.exports import (
    ExportFile,
    fundings_file,
    perimeters_geojson,
    projects_file,
    projects_geojson,
    scdl_file,
)
from generator.maps import MapFragment

NAV_TERRITORIES_MAX = 12
"""Above this many territories the navigation lists none: Material copies the navigation into
every page, so a long one costs on every page (see quality-bars.md). The portal lists them."""


@dataclass(frozen=True)
class PageSpec:
    """One generated page. `path` is its source path, e.g. `gq/projets/ecole.md`."""

    path: str
    title: str
    body: str
    """Template of the page body, e.g. `territoires/projet.html` (overridable)."""
    territory: str | None = None
    searchable: bool = True
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def page_template(self) -> str:
        """Theme template of the whole page: `territoires/page-projet.html` for a project."""
        return f"territoires/page-{Path(self.body).stem}.html"


@dataclass(frozen=True)
class Asset:
    """A file of the data folder published with the site (image, document)."""

    source: Path
    path: str


def plan_exports(catalog: Catalog, base_url: str = "/") -> dict[str, list[ExportFile]]:
    """Open data files: `<territoire>/donnees/…` for each territory, `donnees/…` for the site."""
    plans = {f"{t.slug}/donnees": _exports(catalog, [t], base_url)
             for t in catalog.territories.values()}
    plans["donnees"] = [*_exports(catalog, list(catalog.territories.values()), base_url),
                        schema_file()]
    return plans


def _exports(catalog: Catalog, territories: list[TerritoryCatalog],
             base_url: str) -> list[ExportFile]:
    files = [projects_file(catalog, territories, base_url), fundings_file(catalog, territories),
             scdl_file(catalog, territories)]
    if catalog.shapes or any(e.projet.localisation for t in territories
                             for e in t.projects.values()):
        files.append(projects_geojson(catalog, territories, base_url))
    if catalog.shapes:
        files.append(perimeters_geojson(catalog, territories))
    files.append(donnees_file(catalog, territories, base_url, catalog.dataset.site.licence))
    return files


def plan_pages(catalog: Catalog, exports: dict[str, list[ExportFile]] | None = None) -> list[PageSpec]:
    exports = exports if exports is not None else {}
    pages = [_portal(catalog)]
    if "donnees" in exports:
        pages.append(PageSpec("donnees/index.md", "Données ouvertes", "territoires/donnees.html",
                              context={"catalog": catalog, "t": None, "files": exports["donnees"]}))
    for territory in catalog.territories.values():
        pages.extend(_territory_pages(catalog, territory))
        folder = f"{territory.slug}/donnees"
        if folder in exports:
            pages.append(PageSpec(f"{folder}/index.md", f"Données — {territory.data.identity.nom}",
                                  "territoires/donnees.html", territory.slug,
                                  context={"catalog": catalog, "t": territory,
                                           "cartes": _maps(catalog, territory),
                                           "files": exports[folder]}))
    return pages


def _portal(catalog: Catalog) -> PageSpec:
    if len(catalog.territories) == 1:
        only = next(iter(catalog.territories.values()))
        return PageSpec("index.md", only.data.identity.nom, "territoires/territoire.html",
                        only.slug, context={"catalog": catalog, "t": only, "portal": True,
                                            "cartes": _maps(catalog, only)})
    def territories_map() -> MapFragment | None:
        outlines = [maps.Perimeter("Territoires", t.data.identity.nom,
                                   frozenset(c.code for c in t.data.identity.all_communes()))
                    for t in catalog.territories.values()]
        return maps.zoning_map(catalog.dataset.site.carte, "Les territoires", catalog.map_shapes, {},
                               [], outlines, "portail_") if catalog.map_shapes else None

    return PageSpec("index.md", catalog.dataset.site.nom, "territoires/portail.html",
                    context={"catalog": catalog, "carte_portail": territories_map})


def _maps(catalog: Catalog, territory: TerritoryCatalog) -> dict[str, Any]:
    """Map builders for a territory's pages: called while a page renders, never kept."""
    tiles, shapes, names = catalog.dataset.site.carte, catalog.map_shapes, territory.commune_names
    own = [c.code for c in territory.data.identity.all_communes()]
    perimeters = [maps.Perimeter(catalog.dataset.contract_types[c.type], c.nom,
                                 frozenset(catalog.perimeter_codes(territory, slug)))
                  for slug, c in territory.data.contrats.items()]

    def zoning() -> MapFragment:
        return maps.zoning_map(tiles, f"Zonage des contrats — {territory.data.identity.nom}",
                               shapes, names, own, perimeters, "zonage_")

    def contract(slug: str) -> MapFragment | None:
        label = territory.data.contrats[slug].nom
        return maps.perimeter_map(tiles, f"Périmètre — {label}", shapes, names, own,
                                  catalog.perimeter_codes(territory, slug), label, "perimetre_")

    def projects(root: str) -> MapFragment | None:
        return maps.markers_map(tiles, f"Projets — {territory.data.identity.nom}",
                                maps.project_markers(catalog, territory, root), "projets_")

    def locator(slug: str, root: str) -> MapFragment | None:
        marker = maps.project_marker(catalog.shapes, territory.slug, territory.projects[slug], root)
        return maps.markers_map(tiles, "Localisation du projet", [marker] if marker else [],
                                "localisation_", cluster=False, zoom_max=13)

    return {"zonage": zoning, "carte_contrat": contract, "carte_projets": projects,
            "carte_projet": locator} if shapes else {}


def _territory_pages(catalog: Catalog, territory: TerritoryCatalog) -> list[PageSpec]:
    base = {"catalog": catalog, "t": territory, "cartes": _maps(catalog, territory)}
    name = territory.data.identity.nom
    slug = territory.slug
    pages = [
        PageSpec(f"{slug}/index.md", name, "territoires/territoire.html", slug, context=base),
        PageSpec(f"{slug}/contrats/index.md", f"Contrats — {name}", "territoires/contrats.html",
                 slug, context=base),
        PageSpec(f"{slug}/projets/index.md", f"Projets concrétisés — {name}",
                 "territoires/projets.html", slug,
                 context={**base, "facets": facets(catalog, territory),
                          "cards": listing_order(territory)}),
    ]
    if catalog.shapes:
        pages.append(PageSpec(f"{slug}/carte.md", f"Carte des contrats — {name}",
                              "territoires/carte.html", slug, context=base))
    if territory.data.strategie:
        pages.append(PageSpec(f"{slug}/projet-de-territoire.md",
                              f"{territory.data.strategie.titre} — {name}",
                              "territoires/strategie.html", slug, context=base))
    for c_slug, contract in territory.data.contrats.items():
        pages.append(PageSpec(f"{slug}/contrats/{c_slug}.md", contract.nom,
                              "territoires/contrat.html", slug,
                              context={**base, "slug": c_slug, "contrat": contract}))
    for p_slug, entry in territory.projects.items():
        # Projects are found through the listing, whose cards carry what search needs.
        pages.append(PageSpec(f"{slug}/projets/{p_slug}.md", entry.projet.titre,
                              "territoires/projet.html", slug, searchable=False,
                              context={**base, "slug": p_slug, "e": entry}))
    return pages


STATUS_LABELS = {"a_venir": "À venir", "en_cours": "En cours", "realise": "Réalisé",
                 "abandonne": "Abandonné"}


Dimension = tuple[str, str, Callable[[ProjectEntry], Iterable[str]], Callable[[str], str | None]]


@dataclass(frozen=True)
class Facet:
    """One filter of the listing: its URL parameter, label and (value, label, count) options."""

    name: str
    label: str
    options: list[tuple[str, str, int]]


def facets(catalog: Catalog, territory: TerritoryCatalog) -> list[Facet]:
    entries = list(territory.projects.values())
    names = catalog.dataset.financeurs
    dimensions: list[Dimension] = [
        ("statut", "Statut", lambda e: [e.projet.statut], STATUS_LABELS.get),
        ("thematique", "Thématique", lambda e: list(e.themes), catalog.theme_labels.get),
        ("contrat", "Contrat", lambda e: territory.project_contracts[e.slug],
         lambda v: territory.data.contrats[v].nom),
        ("commune", "Commune", lambda e: e.projet.communes, territory.commune_names.get),
        ("annee", "Année", lambda e: [str(e.year)] if e.year else [], str),
        ("financeur", "Financeur", lambda e: list(e.by_funder), lambda v: names[v].nom),
    ]
    found = []
    for name, label, values_of, label_of in dimensions:
        counts: dict[str, int] = {}
        for entry in entries:
            for value in values_of(entry):
                counts[value] = counts.get(value, 0) + 1
        options = [(v, str(label_of(v) or v), n) for v, n in counts.items()]
        options.sort(key=_year_order if name == "annee" else _label_order)
        if len(options) > 1:
            found.append(Facet(name, label, options))
    return found


def _year_order(option: tuple[str, str, int]) -> tuple[int, str]:
    return (-int(option[0]), option[0])


def _label_order(option: tuple[str, str, int]) -> tuple[str, str]:
    return (option[1].lower(), option[0])


def listing_order(territory: TerritoryCatalog) -> list[Any]:
    """Cards as published without script: most recent year first, then by title."""
    return sorted(territory.projects.values(),
                  key=lambda e: (-(e.year or 0), e.projet.titre.lower(), e.slug))


def theme_text(text: str) -> str:
    """A text from the data for the theme, which prints titles and navigation labels without
    escaping them (MkDocs' templates do not autoescape): escaped once, here."""
    return str(escape(text))


def plan_nav(catalog: Catalog, content_pages: list[str]) -> list[Any]:
    """Navigation: home, each territory's main pages while they are few, hand-written pages.
    Every label that comes from the data is escaped for the theme."""
    nav: list[Any] = [{"Accueil": "index.md"}]
    if 1 < len(catalog.territories) <= NAV_TERRITORIES_MAX:
        for territory in catalog.territories.values():
            label = territory.data.identity.nom_court or territory.data.identity.nom
            nav.append({theme_text(label): territory_menu(territory, bool(catalog.shapes))})
        nav.append({"Données ouvertes": "donnees/index.md"})
    elif len(catalog.territories) == 1:
        nav.extend(territory_menu(next(iter(catalog.territories.values())),
                                  bool(catalog.shapes))[1:])
    nav.extend(content_pages)
    return nav


def territory_menu(territory: TerritoryCatalog, with_map: bool = False) -> list[dict[str, str]]:
    slug = territory.slug
    menu = [{"Présentation": f"{slug}/index.md"}]
    if territory.data.strategie:
        menu.append({"Projet de territoire": f"{slug}/projet-de-territoire.md"})
    menu += [{"Contrats": f"{slug}/contrats/index.md"}]
    if with_map:
        menu.append({"Carte": f"{slug}/carte.md"})
    menu += [{"Projets concrétisés": f"{slug}/projets/index.md"},
             {"Données": f"{slug}/donnees/index.md"}]
    return menu


def plan_assets(catalog: Catalog) -> list[Asset]:
    """Only the files the published data refers to are copied, each once."""
    assets: dict[str, Asset] = {}
    for territory in catalog.territories.values():
        for relative, source in territory.media.items():
            path = f"{territory.slug}/{relative}"
            assets.setdefault(path, Asset(source, path))
    return [assets[key] for key in sorted(assets)]
