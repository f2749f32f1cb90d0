"""Plan stage: which pages the site has, at which path, with which template and context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.catalog import Catalog, TerritoryCatalog


@dataclass(frozen=True)
class PageSpec:
    """One generated page. `path` is the Markdown source path, e.g. `gq/projets/ecole.md`."""

    path: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def plan_pages(catalog: Catalog) -> list[PageSpec]:
    pages = [PageSpec("index.md", catalog.dataset.site.nom, "territoires/portail.html",
                      {"catalog": catalog})]
    for territory in catalog.territories.values():
        pages.extend(_territory_pages(catalog, territory))
    return pages


def _territory_pages(catalog: Catalog, territory: TerritoryCatalog) -> list[PageSpec]:
    base = {"catalog": catalog, "t": territory, "dataset": catalog.dataset}
    name = territory.data.identity.nom
    slug = territory.slug
    pages = [
        PageSpec(f"{slug}/index.md", name, "territoires/territoire.html", base),
        PageSpec(f"{slug}/contrats/index.md", f"Contrats — {name}", "territoires/contrats.html",
                 base),
        PageSpec(f"{slug}/projets/index.md", f"Projets concrétisés — {name}",
                 "territoires/projets.html", base),
    ]
    if territory.data.strategie:
        pages.append(PageSpec(f"{slug}/projet-de-territoire.md",
                              f"{territory.data.strategie.titre} — {name}",
                              "territoires/strategie.html", base))
    for c_slug, contract in territory.data.contrats.items():
        pages.append(PageSpec(f"{slug}/contrats/{c_slug}.md", contract.nom,
                              "territoires/contrat.html", {**base, "slug": c_slug,
                                                           "contrat": contract}))
    for p_slug, entry in territory.projects.items():
        pages.append(PageSpec(f"{slug}/projets/{p_slug}.md", entry.projet.titre,
                              "territoires/projet.html", {**base, "slug": p_slug, "e": entry}))
    return pages
