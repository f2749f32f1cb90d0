"""Every address the site has: the one place that knows the layout of generated pages and files.

Paths are source paths as MkDocs reads them (`grand-quercy/projets/ecole.md`); with directory
URLs a page `a/b.md` or `a/b/index.md` is served at `a/b/`. The plan stage builds its pages with
these functions, and validation reserves the same addresses before anything is built, so that
no territory, project or hand-written page can silently take the place of another."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode

PORTAL = "index.md"
SITE_DATA = "donnees/index.md"
SITE_DATA_FOLDER = "donnees"
DATA_CATALOG = "donnees.json"
"""In a territory's data folder, its whole catalogue; in the site's, the index of those."""
GUIDE = "contribuer/index.md"
SEARCH = "recherche/index.md"
SEARCH_INDEX = "pagefind"
"""Pagefind's index and scripts (generator.search)."""
ACCESSIBILITY = "accessibilite/index.md"
LEGAL = "mentions-legales/index.md"
PRIVACY = "donnees-personnelles/index.md"
LEGAL_PAGES = (ACCESSIBILITY, LEGAL, PRIVACY)
"""Generated from site.yml unless the site writes its own page at the same address
(`content/accessibilite.md`…), which then replaces it."""

NEWS_FOLDER = "actualites"
FEED_KINDS = ("rss", "atom")

ENGINE_ROOTS = frozenset({"assets", "search", SEARCH_INDEX, "sitemap.xml", "sitemap.xml.gz",
                          "404.html", "404"})
"""Top-level names MkDocs and the theme write themselves (styles, search index, sitemap…)."""
FRAMEWORKS = "contrats-cadres"
ALL_PROJECTS = "tous-les-projets"
"""Every territory's projects, a page per département (sites with many territories)."""
GENERATED_ROOTS = frozenset({SITE_DATA_FOLDER, "index", "contribuer", "recherche", NEWS_FOLDER, FRAMEWORKS,
                             ALL_PROJECTS, *(page.split("/", 1)[0] for page in LEGAL_PAGES)})
RESERVED_ROOTS = ENGINE_ROOTS | GENERATED_ROOTS
"""No territory folder may take one of these names: its pages would replace the site's own."""

RESERVED_SLUGS = frozenset({"index"})
"""A project, contract or news file named `index` would be the listing page of its folder."""


def territory_home(territory: str) -> str:
    return f"{territory}/index.md"


def contracts_index(territory: str) -> str:
    return f"{territory}/contrats/index.md"


def projects_index(territory: str) -> str:
    return f"{territory}/projets/index.md"


def zoning_page(territory: str) -> str:
    return f"{territory}/carte.md"


def strategy_page(territory: str) -> str:
    return f"{territory}/projet-de-territoire.md"


def figures_page(territory: str) -> str:
    return f"{territory}/chiffres.md"


def contract_page(territory: str, contract: str) -> str:
    return f"{territory}/contrats/{contract}.md"


def project_page(territory: str, project: str) -> str:
    return f"{territory}/projets/{project}.md"


def framework_page(framework: str) -> str:
    return f"{FRAMEWORKS}/{framework}.md"


def data_folder(territory: str | None) -> str:
    return f"{territory}/donnees" if territory else SITE_DATA_FOLDER


def data_page(territory: str | None) -> str:
    return f"{data_folder(territory)}/index.md"


def news_folder(territory: str | None) -> str:
    """The news of a territory, or of the whole site (None)."""
    return f"{territory}/{NEWS_FOLDER}" if territory else NEWS_FOLDER


def news_index(territory: str | None) -> str:
    return f"{news_folder(territory)}/index.md"


def news_page(territory: str | None, news: str) -> str:
    return f"{news_folder(territory)}/{news}.md"


def feed_path(territory: str | None, kind: str) -> str:
    """The RSS 2.0 (`rss`) or Atom (`atom`) feed of a territory's news, or of all (None)."""
    return f"{news_folder(territory)}/{kind}.xml"


def project_url(territory: str, project: str) -> str:
    """The address of a project page from the site root, as links and exports write it."""
    return address(project_page(territory, project))


_plain_path = re.compile(r"(?:[^/.][^/]*/)*[^/]+")
"""A relative path without empty, `.` or `..` segments: what PurePosixPath would not change."""


def address(path: str) -> str:
    """The address a source file is served at, from the site root (`a/b.md` → `a/b/`,
    `a/index.md` → `a/`); any other file keeps its path."""
    folder, _, name = path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.lower() == "md" and _plain_path.fullmatch(path):
        # The usual case, in plain strings: a national site asks this a million times.
        if stem.lower() in ("index", "readme"):
            return f"{folder}/" if folder else ""
        return f"{folder}/{stem}/" if folder else f"{stem}/"
    pure = PurePosixPath(path)
    if pure.suffix.lower() != ".md":
        return path
    parts = pure.with_suffix("").parts
    if parts[-1].lower() in ("index", "readme"):
        parts = parts[:-1]
    return "/".join(parts) + ("/" if parts else "")


def url_of(path: str) -> str:
    """The address of a source file as hosts compare them: without case (some hosts and disks
    ignore it), so two files that differ only by case are one address."""
    return address(path).lower()


def root_name(path: str) -> str:
    """The first segment of a page's address (`accessibilite.md` → `accessibilite`)."""
    url = url_of(path)
    return url.split("/", 1)[0]


# --- Addresses for links (templates, maps, exports), from the site root ---------------------

def territory_url(territory: str) -> str:
    return address(territory_home(territory))


def contracts_url(territory: str) -> str:
    return address(contracts_index(territory))


def contract_url(territory: str, contract: str) -> str:
    return address(contract_page(territory, contract))


def framework_url(framework: str) -> str:
    return address(framework_page(framework))


def projects_url(territory: str) -> str:
    return address(projects_index(territory))


def strategy_url(territory: str) -> str:
    return address(strategy_page(territory))


def figures_url(territory: str) -> str:
    return address(figures_page(territory))


def data_url(territory: str | None = None) -> str:
    return address(data_page(territory))


def all_projects_page(departement: str | None = None, page: int = 1) -> str:
    """The listing of every territory's projects: its index (None), or a page of one
    département's (`33`, then `33-2`…)."""
    if departement is None:
        return f"{ALL_PROJECTS}/index.md"
    return f"{ALL_PROJECTS}/{departement.lower()}{f'-{page}' if page > 1 else ''}.md"


def all_projects_url(departement: str | None = None, page: int = 1) -> str:
    return address(all_projects_page(departement, page))


def search_url(filters: dict[str, str]) -> str:
    """The search page with its filters chosen (« Type de page » : « Projet »…)."""
    return f"{address(SEARCH)}?{urlencode(filters, quote_via=quote)}"


def news_index_url(territory: str | None) -> str:
    return address(news_index(territory))


def news_url(territory: str | None, news: str) -> str:
    return address(news_page(territory, news))


def media_url(territory: str, relative: str) -> str:
    """A file of the territory's folder (`medias/photo.jpg`) as published."""
    return f"{territory}/{relative}"


@dataclass(frozen=True)
class Section:
    """One entry of a territory's menu: its kind (the page's `current`), label and page."""

    kind: str
    label: str
    path: str

    @property
    def url(self) -> str:
        return address(self.path)


def territory_sections(territory: str, with_strategy: bool, with_map: bool,
                       with_news: bool = False) -> list[Section]:
    """The menu of a territory's pages, for the navigation and the menu on each page."""
    sections = [Section("territoire", "Présentation", territory_home(territory))]
    if with_strategy:
        sections.append(Section("strategie", "Projet de territoire", strategy_page(territory)))
    sections.append(Section("contrats", "Contrats", contracts_index(territory)))
    if with_map:
        sections.append(Section("carte", "Carte", zoning_page(territory)))
    sections.append(Section("projets", "Projets concrétisés", projects_index(territory)))
    if with_news:
        sections.append(Section("actualites", "Actualités", news_index(territory)))
    sections += [Section("chiffres", "Chiffres", figures_page(territory)),
                 Section("donnees", "Données", data_page(territory))]
    return sections
