"""What a page says about itself to search engines and link previews: its description (from its
own content, so no two pages share one) and its schema.org data (JSON-LD). One owner: the planner
asks here, the emitter puts it in the front matter, `main.html` prints it in the head."""

from __future__ import annotations

import json
from typing import Any

from .catalog import Catalog, ProjectEntry, TerritoryCatalog
from .formats import plain_summary
from .models.common import pluralize
from .models.contrat import Contrat, ContratCadre
from .news import NewsItem

SCHEMA_CONTEXT = "https://schema.org"


def _plural(count: int, words: str) -> str:
    return f"{count} {pluralize(words) if count > 1 else words}"


def territory_description(territory: TerritoryCatalog) -> str:
    return plain_summary(territory.data.identity.presentation) or territory.data.identity.nom


def portal_description(catalog: Catalog) -> str:
    site = catalog.dataset.site
    if site.description:
        return plain_summary(site.description)
    names = ", ".join(t.data.identity.nom for t in catalog.territories.values())
    return plain_summary(f"Projets de territoire, contrats et projets concrétisés : {names}.")


def section_descriptions(territory: TerritoryCatalog) -> dict[str, str]:
    """The territory's list pages, each described by what it holds (counts from the catalog)."""
    name = territory.data.identity.nom
    contracts = _plural(len(territory.data.contrats), "contrat")
    projects = _plural(len(territory.projects), "projet concrétisé")
    strategy = territory.data.strategie
    return {
        "contrats": f"{contracts} de {name} : engagements, périmètres, projets et avancement.",
        "projets": f"{projects} de {name} : coût, financeurs, communes et avancement.",
        "chiffres": f"Les montants de {name} par contrat, orientation, thématique et financeur, "
                    "avec leurs sources et les données à télécharger.",
        "carte": f"Carte des périmètres des contrats de {name}, commune par commune.",
        "strategie": (plain_summary(strategy.presentation) if strategy and strategy.presentation
                      else f"Le projet de territoire de {name} : ses orientations et ce qu'elles "
                           "financent."),
        "donnees": f"Les données ouvertes de {name} : projets, financements et cumuls en CSV, "
                   "GeoJSON et JSON, avec leurs schémas.",
    }


def contract_description(contract: Contrat, territory: TerritoryCatalog) -> str:
    return (plain_summary(contract.description) if contract.description
            else f"{contract.nom}, contrat de {territory.data.identity.nom} : engagements, "
                 "projets et financements.")


def framework_description(framework: ContratCadre) -> str:
    return (plain_summary(framework.description) if framework.description
            else f"{framework.nom}, contrat cadre : le contrat de chaque territoire, ses "
                 "projets et ses financements.")


def project_description(entry: ProjectEntry) -> str:
    return plain_summary(entry.projet.resume)


def news_description(item: NewsItem) -> str:
    """A news item's summary, else its first paragraph, else its title and date."""
    news = item.actualite
    return (plain_summary(news.resume or handwritten_description(item.texte))
            or f"{news.titre}, publié le {news.date.isoformat()}.")


def news_listing_description(catalog: Catalog, territory: TerritoryCatalog | None) -> str:
    name = territory.data.identity.nom if territory else catalog.dataset.site.nom
    count = len(catalog.news.of(territory.slug) if territory else catalog.news.every)
    return f"{_plural(count, 'actualité')} de {name}, de la plus récente à la plus ancienne."


def news_data(item: NewsItem, catalog: Catalog) -> dict[str, Any]:
    """A news item as schema.org knows it: a NewsArticle, published by the territory or site."""
    news = item.actualite
    publisher = (catalog.territories[item.territory].data.identity.nom if item.territory
                 else catalog.dataset.site.nom)
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT, "@type": "NewsArticle", "headline": news.titre,
        "datePublished": news.date.isoformat(),
        "dateModified": (news.mis_a_jour or news.date).isoformat(),
        "publisher": {"@type": "GovernmentOrganization", "name": publisher},
        "inLanguage": "fr",
    }
    if news.auteur:
        data["author"] = {"@type": "Person", "name": news.auteur}
    if news.etiquettes:
        data["keywords"] = list(news.etiquettes)
    return data


def territory_data(territory: TerritoryCatalog) -> dict[str, Any]:
    """The body publishing the site, as schema.org knows it: a GovernmentOrganization."""
    identity = territory.data.identity
    data: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT, "@type": "GovernmentOrganization", "name": identity.nom,
        "description": territory_description(territory),
        "areaServed": [c.nom for c in identity.communes] or identity.nom,
    }
    if identity.nom_court:
        data["alternateName"] = identity.nom_court
    if identity.siren:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "SIREN",
                              "value": str(identity.siren)}
    return data


def project_data(entry: ProjectEntry, catalog: Catalog, territory: TerritoryCatalog) -> dict[str, Any]:
    """A funded project: who funds it (only the funders its plan names) and who carries it."""
    project = entry.projet
    funders = sorted({catalog.dataset.financeurs[line.financeur].nom
                      for line in project.financements})
    data: dict[str, Any] = {
        # The description is the page's <meta name="description">: not repeated here.
        "@context": SCHEMA_CONTEXT, "@type": "Project", "name": project.titre,
        "parentOrganization": {"@type": "GovernmentOrganization",
                               "name": territory.data.identity.nom},
    }
    if funders:
        data["funder"] = [{"@type": "Organization", "name": name} for name in funders]
    if project.dates.debut:
        data["foundingDate"] = project.dates.debut.isoformat()
    return data


def json_ld(data: Any) -> str:
    """Compact JSON for a `<script>` element. In strings, `<`, `>`, `&` and the characters of
    template syntaxes (`{`, `}`, `$`, backquote) are written as \\u escapes: no text of the data can
    close the element, open a comment or look like a template to any script of the page."""
    if isinstance(data, dict):
        return "{" + ",".join(f"{_json_string(str(k))}:{json_ld(v)}"
                              for k, v in sorted(data.items())) + "}"
    if isinstance(data, list):
        return "[" + ",".join(json_ld(item) for item in data) + "]"
    if isinstance(data, str):
        return _json_string(data)
    return json.dumps(data)


_SCRIPT_UNSAFE = {ord(c): f"\\u{ord(c):04x}" for c in "<>&{}$`"}


def _json_string(text: str) -> str:
    # Inside json.dumps' output these characters can only be string content: escaping them there
    # keeps the JSON's meaning.
    return json.dumps(text, ensure_ascii=False).translate(_SCRIPT_UNSAFE)


def handwritten_description(markdown: str) -> str:
    """A hand-written page's description: its first paragraph of text (headings, lists, tables,
    quotes and front matter skipped)."""
    for block in markdown.split("\n\n"):
        text = block.strip()
        if text and not text.startswith(("#", "-", "*", "|", ">", "<", "!", "```", "---")):
            return plain_summary(text)
    return ""
