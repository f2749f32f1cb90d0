"""Every address the site has: the one place that knows the layout of generated pages and files.

Paths are source paths as MkDocs reads them (`grand-quercy/projets/ecole.md`); with directory
URLs a page `a/b.md` or `a/b/index.md` is served at `a/b/`. The plan stage builds its pages with
these functions, and validation reserves the same addresses before anything is built, so that
no territory, project or hand-written page can silently take the place of another."""

from __future__ import annotations

from pathlib import PurePosixPath

PORTAL = "index.md"
SITE_DATA = "donnees/index.md"
SITE_DATA_FOLDER = "donnees"

ENGINE_ROOTS = frozenset({"assets", "search", "sitemap.xml", "sitemap.xml.gz", "404.html", "404"})
"""Top-level names MkDocs and the theme write themselves (styles, search index, sitemap…)."""
GENERATED_ROOTS = frozenset({SITE_DATA_FOLDER, "index"})
RESERVED_ROOTS = ENGINE_ROOTS | GENERATED_ROOTS
"""No territory folder may take one of these names: its pages would replace the site's own."""

RESERVED_SLUGS = frozenset({"index"})
"""A project or contract file named `index.yml` would be the listing page of its folder."""


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


def contract_page(territory: str, contract: str) -> str:
    return f"{territory}/contrats/{contract}.md"


def project_page(territory: str, project: str) -> str:
    return f"{territory}/projets/{project}.md"


def data_folder(territory: str | None) -> str:
    return f"{territory}/donnees" if territory else SITE_DATA_FOLDER


def data_page(territory: str | None) -> str:
    return f"{data_folder(territory)}/index.md"


def project_url(territory: str, project: str) -> str:
    """The address of a project page from the site root, as links and exports write it."""
    return f"{territory}/projets/{project}/"


def url_of(path: str) -> str:
    """The address a source file is served at, from the site root (`a/b.md` → `a/b/`); any
    other file keeps its path. Compared without case: some hosts and disks ignore it."""
    pure = PurePosixPath(path)
    if pure.suffix.lower() != ".md":
        return path.lower()
    parts = pure.with_suffix("").parts
    if parts[-1].lower() in ("index", "readme"):
        parts = parts[:-1]
    return "/".join(parts).lower() + ("/" if parts else "")


def root_name(path: str) -> str:
    """The first segment of a page's address (`accessibilite.md` → `accessibilite`)."""
    url = url_of(path)
    return url.split("/", 1)[0]
