"""Plan stage: which pages the site has, at which path, with which templates and context."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator import civic, metadata, urls
from generator.cartography import SiteMaps
from generator.catalog import Catalog, ProjectEntry, TerritoryCatalog
from generator.formats import french_key
from generator.guide import file_guides
from generator.labels import CONTRACT_STATUS, PAGE_KINDS, PROJECT_STATUS
from generator.opendata import ExportFile

PORTAL_TABLE_MAX = 24
"""Up to this many territories the portal shows them in one table with their figures; above,
grouped by région and département, one line each (its size must not follow the site's)."""
CHART_COMMUNES_MAX = 12
"""Communes on the figures page's chart (the most funded): the table lists them all."""
SITE_NEWS_MAX = 50
"""News of all territories on the site's listing (the most recent; the feeds carry as many)."""
LISTING_ROWS_MAX = 300
"""Projects on one page of a département's listing (about 30 KB compressed at most)."""
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
    description: str = ""
    """The page's own description (meta description, Open Graph), from its content."""
    structured: dict[str, Any] | None = None
    """schema.org data (JSON-LD) describing what the page is about."""
    facts: dict[str, str] = field(default_factory=dict)
    """What a search result shows beside the title (a project's status)."""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """How search narrows down to this page (« Statut » : « En cours »…): with no words, the
    search page is a listing of every territory's projects, contracts or news."""
    shows: tuple[str, ...] = ()
    """A site page listing some territories only (a département's projects): all those it
    depends on. An incremental build keeps the published page when none of them changed."""

    @property
    def page_template(self) -> str:
        """Theme template of the whole page: `territoires/page-projet.html` for a project."""
        return f"territoires/page-{Path(self.body).stem}.html"


@dataclass(frozen=True)
class Asset:
    """A file of the data folder published with the site (image, document)."""

    source: Path
    path: str


def plan_pages(catalog: Catalog, exports: dict[str, list[ExportFile]] | None = None,
               maps: SiteMaps | None = None, skip: frozenset[str] = frozenset()) -> list[PageSpec]:
    """Every generated page; `maps` (when contours are configured) gives each its map data.
    The pages of the territories in `skip` are kept from the last build (generator.incremental)."""
    exports = exports if exports is not None else {}
    bases = {slug: _base(catalog, t, maps) for slug, t in catalog.territories.items()}
    pages = [_portal(catalog, bases, maps),
             # The contributors' guide: reachable from the footer, out of the public menus.
             PageSpec(urls.GUIDE, "Guide de saisie", "territoires/guide.html",
                      context={"catalog": catalog, "guides": file_guides()},
                      description="Comment écrire les fichiers de données du site : chaque "
                                  "rubrique, ses valeurs possibles et des exemples."),
             PageSpec(urls.SEARCH, "Recherche", "territoires/recherche.html", searchable=False,
                      context={"catalog": catalog, "table_max": PORTAL_TABLE_MAX,
                               "par_departement": _lists_all_projects(catalog)},
                      description=f"Rechercher dans {catalog.dataset.site.nom} : projets, "
                                  "contrats, territoires, financeurs et actualités.")]
    if urls.data_folder(None) in exports:
        pages.append(PageSpec(urls.data_page(None), "Données ouvertes", "territoires/donnees.html",
                              context={"catalog": catalog, "t": None,
                                       "table_max": PORTAL_TABLE_MAX,
                                       "files": exports[urls.data_folder(None)]},
                              description="Les données ouvertes du site : projets, financements "
                                          "et cumuls en CSV, GeoJSON et JSON, avec leurs schémas."))
    if catalog.news.every:
        pages.extend(_news_pages(catalog, None, {"catalog": catalog, "t": None}))
    pages.extend(_framework_pages(catalog))
    pages.extend(_all_projects_pages(catalog))
    for slug, territory in catalog.territories.items():
        if slug in skip:
            continue
        pages.extend(_territory_pages(catalog, territory, bases[slug]))
        if catalog.news.of(slug):
            pages.extend(_news_pages(catalog, territory, bases[slug]))
        folder = urls.data_folder(slug)
        if folder in exports:
            pages.append(PageSpec(urls.data_page(slug), f"Données — {territory.data.identity.nom}",
                                  "territoires/donnees.html", slug,
                                  context={**bases[slug], "files": exports[folder]},
                                  description=metadata.section_descriptions(territory)["donnees"]))
    return pages


def _framework_pages(catalog: Catalog) -> list[PageSpec]:
    """A page per contract framework: the framework, then each territory's part."""
    types = catalog.dataset.contract_types
    return [PageSpec(urls.framework_page(slug), framework.nom, "territoires/cadre.html",
                     context={"catalog": catalog, "t": None, "slug": slug, "cadre": framework},
                     filters={"Type de contrat": [types.get(framework.type, framework.type)],
                              "Statut": [CONTRACT_STATUS[framework.statut]]},
                     description=metadata.framework_description(framework))
            for slug, framework in catalog.dataset.cadres.items()]


def legal_pages(catalog: Catalog) -> list[PageSpec]:
    """The accessibility statement, the mentions légales and the personal-data page, from
    site.yml (rubriques `accessibilite`, `mentions_legales`, `donnees_personnelles`)."""
    site = catalog.dataset.site
    context = {"catalog": catalog, "declaration": civic.statement(catalog.dataset),
               "manquants": civic.missing_legal_items(site)}
    return [
        PageSpec(urls.ACCESSIBILITY, "Déclaration d'accessibilité",
                 "territoires/accessibilite.html", context=context,
                 description=f"Déclaration d'accessibilité de {site.nom} : état de conformité au "
                             "RGAA, contenus non accessibles, contact et voies de recours."),
        PageSpec(urls.LEGAL, "Mentions légales", "territoires/mentions-legales.html",
                 context=context,
                 description=f"Mentions légales de {site.nom} : éditeur, directeur de la "
                             "publication, hébergeur, crédits et licence des contenus."),
        PageSpec(urls.PRIVACY, "Données personnelles", "territoires/donnees-personnelles.html",
                 context=context,
                 description=f"Données personnelles sur {site.nom} : ce que le site collecte, "
                             "délégué à la protection des données et droits des personnes."),
    ]


def _portal(catalog: Catalog, bases: dict[str, dict[str, Any]], maps: SiteMaps | None) -> PageSpec:
    if len(catalog.territories) == 1:
        only = next(iter(catalog.territories.values()))
        return PageSpec(urls.PORTAL, only.data.identity.nom, "territoires/territoire.html",
                        only.slug, context={**bases[only.slug], "portal": True},
                        description=metadata.territory_description(only),
                        structured=metadata.territory_data(only))
    return PageSpec(urls.PORTAL, catalog.dataset.site.nom, "territoires/portail.html",
                    context={"catalog": catalog, "table_max": PORTAL_TABLE_MAX,
                             "par_departement": _lists_all_projects(catalog),
                             "projets_filtres": _projects_search(),
                             "carte_portail": maps.portal.portal() if maps else None},
                    description=metadata.portal_description(catalog))


def _projects_search() -> str:
    """The search page listing every project, to be narrowed down by its filters."""
    return urls.search_url({"Type de page": PAGE_KINDS["territoires/projet.html"]})


def _lists_all_projects(catalog: Catalog) -> bool:
    """Past the portal's table, every project is also listed by département, in static pages:
    the search's listing would download an index of tens of thousands of pages first."""
    return len(catalog.territories) > PORTAL_TABLE_MAX


def _all_projects_pages(catalog: Catalog) -> list[PageSpec]:
    if not _lists_all_projects(catalog):
        return []
    context = {"catalog": catalog, "projets_filtres": _projects_search()}
    pages = [PageSpec(urls.all_projects_page(), "Tous les projets", "territoires/tous-projets.html",
                      searchable=False, context=context,
                      description=f"Les projets des {len(catalog.territories)} territoires de "
                                  f"{catalog.dataset.site.nom}, par département.")]
    for departements in catalog.by_region.values():
        for code, territories in departements.items():
            name = catalog.departement_name(code)
            runs = _runs(territories, LISTING_ROWS_MAX)
            for number, run in enumerate(runs, 1):
                pages.append(PageSpec(
                    urls.all_projects_page(code, number),
                    f"Projets — {name}" + (f", page {number} sur {len(runs)}" if len(runs) > 1
                                           else ""),
                    "territoires/projets-departement.html", searchable=False,
                    # Every page of the département counts all its territories.
                    shows=tuple(t.slug for t in territories),
                    context={**context, "code": code, "nom": name, "page": number,
                             "pages": len(runs), "territoires": len(territories),
                             "projets_page": sum(len(t.projects) for t in run),
                             "groups": [(t, listing_order(t)) for t in run]},
                    description=f"Les projets des territoires de {name} : commune, état, coût "
                                "et financements accordés."))
    return pages


def _runs(territories: list[TerritoryCatalog], rows: int) -> list[list[TerritoryCatalog]]:
    """Whole territories, in order, in pages of at most `rows` projects (a territory with more
    has a page of its own): a département's page weighs the same whatever its size."""
    runs: list[list[TerritoryCatalog]] = [[]]
    count = 0
    for territory in territories:
        size = len(territory.projects)
        if runs[-1] and count + size > rows:
            runs.append([])
            count = 0
        runs[-1].append(territory)
        count += size
    return runs


def sections(catalog: Catalog, territory: TerritoryCatalog) -> list[urls.Section]:
    return urls.territory_sections(territory.slug, territory.data.strategie is not None,
                                   bool(catalog.shapes), bool(catalog.news.of(territory.slug)))


def _news_pages(catalog: Catalog, territory: TerritoryCatalog | None,
                base: dict[str, Any]) -> list[PageSpec]:
    """A listing and a page per item: a territory's news, or the site's (its listing shows
    every territory's too, its own items have pages of their own)."""
    slug = territory.slug if territory else None
    owner = territory.data.identity.nom if territory else catalog.dataset.site.nom
    items = catalog.news.of(slug) if territory else _site_listing(catalog)
    older = [] if territory else [t for t in catalog.territories.values()
                                  if any(n not in items for n in catalog.news.of(t.slug))]
    pages = [PageSpec(urls.news_index(slug), f"Actualités — {owner}", "territoires/actualites.html",
                      slug, context={**base, "items": items, "older": older},
                      description=metadata.news_listing_description(catalog, territory))]
    for item in catalog.news.of(slug):
        pages.append(PageSpec(urls.news_page(slug, item.slug), item.actualite.titre,
                              "territoires/actualite.html", slug, context={**base, "n": item},
                              description=metadata.news_description(item),
                              structured=metadata.news_data(item, catalog)))
    return pages


def _site_listing(catalog: Catalog) -> list[Any]:
    """The site's listing: the most recent news of every territory, and all of the site's own
    (few, and reachable nowhere else). A territory's older news stay on its own listing: the
    page does not grow with the number of territories."""
    recent = catalog.news.every[:SITE_NEWS_MAX]
    return recent + [n for n in catalog.news.site if n not in recent]


def _base(catalog: Catalog, territory: TerritoryCatalog, maps: SiteMaps | None) -> dict[str, Any]:
    """What every page of a territory knows: the catalog, the territory, its menu and maps."""
    return {"catalog": catalog, "t": territory, "sections": sections(catalog, territory),
            "cartes": maps.territories[territory.slug] if maps else None}


def _territory_pages(catalog: Catalog, territory: TerritoryCatalog,
                     base: dict[str, Any]) -> list[PageSpec]:
    name = territory.data.identity.nom
    slug = territory.slug
    said = metadata.section_descriptions(territory)
    pages = [
        PageSpec(urls.territory_home(slug), name, "territoires/territoire.html", slug, context=base,
                 description=metadata.territory_description(territory),
                 structured=metadata.territory_data(territory)),
        PageSpec(urls.contracts_index(slug), f"Contrats — {name}", "territoires/contrats.html",
                 slug, context=base, description=said["contrats"]),
        PageSpec(urls.projects_index(slug), f"Projets concrétisés — {name}",
                 "territoires/projets.html", slug,
                 context={**base, "facets": facets(catalog, territory),
                          "cards": listing_order(territory)}, description=said["projets"]),
    ]
    pages.append(PageSpec(urls.figures_page(slug), f"Chiffres — {name}", "territoires/chiffres.html",
                          slug, context={**base, "chart_max": CHART_COMMUNES_MAX},
                          description=said["chiffres"]))
    if catalog.shapes:
        pages.append(PageSpec(urls.zoning_page(slug), f"Carte des contrats — {name}",
                              "territoires/carte.html", slug, context=base,
                              description=said["carte"]))
    if territory.data.strategie:
        pages.append(PageSpec(urls.strategy_page(slug),
                              f"{territory.data.strategie.titre} — {name}",
                              "territoires/strategie.html", slug, context=base,
                              description=said["strategie"]))
    for c_slug, contract in territory.data.contrats.items():
        pages.append(PageSpec(urls.contract_page(slug, c_slug), contract.nom,
                              "territoires/contrat.html", slug,
                              context={**base, "slug": c_slug, "contrat": contract},
                              filters={**_place(catalog, territory),
                                       "Type de contrat": [catalog.dataset.contract_types.get(
                                           contract.type, contract.type)],
                                       "Statut": [CONTRACT_STATUS[contract.statut]]},
                              description=metadata.contract_description(contract, territory)))
    for p_slug, entry in territory.projects.items():
        # Projects are found through the listing, whose cards carry what search needs.
        pages.append(PageSpec(urls.project_page(slug, p_slug), entry.projet.titre,
                              "territoires/projet.html", slug,
                              context={**base, "slug": p_slug, "e": entry},
                              facts={"statut": PROJECT_STATUS[entry.projet.statut]},
                              filters=_project_filters(catalog, territory, entry),
                              description=metadata.project_description(entry),
                              structured=metadata.project_data(entry, catalog, territory)))
    return pages




def _place(catalog: Catalog, territory: TerritoryCatalog) -> dict[str, list[str]]:
    return {"Territoire": [territory.data.identity.nom],
            "Département": [catalog.departement_name(territory.departement)]}


def _project_filters(catalog: Catalog, territory: TerritoryCatalog,
                     entry: ProjectEntry) -> dict[str, list[str]]:
    """A project's filters on the search page: where, what state, which themes, funders and
    kinds of contract (the same facts as the territory's listing, across territories)."""
    contracts = territory.project_contracts[entry.slug]
    kinds = {catalog.dataset.contract_types.get(territory.data.contrats[c].type, "")
             for c in contracts}
    funders = catalog.dataset.financeurs
    return {**_place(catalog, territory),
            "Statut": [PROJECT_STATUS[entry.projet.statut]],
            "Thématique": [catalog.theme_labels.get(t, t) for t in entry.themes],
            "Financeur": sorted(funders[f].nom for f in entry.by_funder if f in funders),
            "Type de contrat": sorted(k for k in kinds if k)}


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
        ("statut", "Statut", lambda e: [e.projet.statut], PROJECT_STATUS.get),
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


def _label_order(option: tuple[str, str, int]) -> tuple[tuple[str, str], str]:
    return (french_key(option[1]), option[0])


def listing_order(territory: TerritoryCatalog) -> list[Any]:
    """Cards as published without script: most recent year first, then by title."""
    return sorted(territory.projects.values(),
                  key=lambda e: (-(e.year or 0), french_key(e.projet.titre), e.slug))


def theme_text(text: str) -> str:
    """A text from the data for the theme, which prints titles and navigation labels without
    escaping them (MkDocs' templates do not autoescape): escaped once, here."""
    return str(escape(text))


def plan_nav(catalog: Catalog, content_pages: list[str]) -> list[Any]:
    """Navigation: home, each territory's main pages while they are few, hand-written pages.
    Every label that comes from the data is escaped for the theme."""
    nav: list[Any] = [{"Accueil": urls.PORTAL}]
    if 1 < len(catalog.territories) <= NAV_TERRITORIES_MAX:
        for territory in catalog.territories.values():
            label = territory.data.identity.nom_court or territory.data.identity.nom
            nav.append({theme_text(label): territory_menu(catalog, territory)})
        nav.append({"Données ouvertes": urls.data_page(None)})
    elif len(catalog.territories) == 1:
        nav.extend(territory_menu(catalog, next(iter(catalog.territories.values())))[1:])
    if catalog.news.every and (len(catalog.territories) != 1 or catalog.news.site):
        nav.append({"Actualités": urls.news_index(None)})
    nav.extend(content_pages)
    return nav


def territory_menu(catalog: Catalog, territory: TerritoryCatalog) -> list[dict[str, str]]:
    return [{section.label: section.path} for section in sections(catalog, territory)]


def plan_assets(catalog: Catalog) -> list[Asset]:
    """Only the files the published data refers to are copied, each once."""
    assets: dict[str, Asset] = {}
    root = catalog.dataset.root
    for funder in catalog.dataset.financeurs.values():
        if funder.logo and root is not None:  # shown with the projects it funds
            assets.setdefault(funder.logo, Asset((root / funder.logo).resolve(), funder.logo))
    for item in catalog.news.site:  # the site's own news: images from the data folder's medias/
        image = item.actualite.image
        if image and root is not None:
            assets.setdefault(image.fichier, Asset((root / image.fichier).resolve(), image.fichier))
    for territory in catalog.territories.values():
        for relative, source in territory.media.items():
            path = urls.media_url(territory.slug, relative)
            assets.setdefault(path, Asset(source, path))
    return [assets[key] for key in sorted(assets)]
