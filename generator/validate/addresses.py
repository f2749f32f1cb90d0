"""Every address of the site belongs to one page. A territory folder, a project or contract
file, or a hand-written page that would take the address of another is an error, located
where it can be renamed, before anything is built: nothing is ever silently replaced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from generator import urls
from generator.issues import Issue
from generator.load.tree import DataTree, TerritoryFiles
from generator.models.fields import fold
from generator.validate.dataset import Dataset

_ROOT_OWNERS = {
    "donnees": "la page des données ouvertes du site",
    "index": "la page d'accueil du site",
    "contribuer": "le guide de saisie",
    "assets": "les styles et scripts du site",
    "search": "l'index de recherche",
    urls.SEARCH_INDEX: "l'index de recherche",
    urls.root_name(urls.SEARCH): "la page de recherche",
    "sitemap.xml": "le plan du site",
    "sitemap.xml.gz": "le plan du site",
    "404.html": "la page « introuvable »",
    "404": "la page « introuvable »",
    "accessibilite": "la déclaration d'accessibilité",
    "mentions-legales": "la page des mentions légales",
    "donnees-personnelles": "la page des données personnelles",
    urls.ALL_PROJECTS: "la liste de tous les projets, par département",
    urls.NEWS_FOLDER: "les actualités du site",
    urls.FRAMEWORKS: "les pages des contrats cadres",
}


def address_issues(dataset: Dataset, tree: DataTree, content: list[str],
                   content_shown: str) -> Iterator[Issue]:
    pages = [p for p in content if PurePosixPath(p).suffix.lower() == ".md"]
    yield from _territory_folders(tree, pages, content_shown)
    # The news' address is the site's only once it has news: an older site's own page there
    # keeps working until then.
    has_news = bool(tree.actualites) or any(f.actualites for f in tree.territories)
    yield from _content_pages(tree, content, content_shown, has_news)
    for files in tree.territories:
        yield from _reserved_files(tree, files)
    if "index" in tree.cadres:
        yield tree.cadres["index"].issue((), "un contrat cadre ne peut pas s'appeler « index.yml » : "
                                         f"l'adresse /{urls.FRAMEWORKS}/ est réservée. Renommez-le "
                                         "d'après son nom.")
    if "index" in tree.actualites:
        yield tree.actualites["index"].doc.issue((), "un fichier ne peut pas s'appeler "
                                                  "« index.md » : l'adresse /actualites/ est la "
                                                  "liste des actualités. Renommez-le d'après son "
                                                  "titre.")
    yield from _same_names(dataset, tree)


def _where(tree: DataTree, files: TerritoryFiles) -> str:
    return f"{tree.display_root.rstrip('/')}/{files.slug}/territoire.yml"


def _territory_folders(tree: DataTree, pages: list[str], shown: str) -> Iterator[Issue]:
    by_root: dict[str, str] = {}
    for page in pages:
        by_root.setdefault(urls.root_name(page), page)
    for files in tree.territories:
        slug = files.slug.lower()
        if slug in by_root:  # said first: a hand-written page may sit where a generated one would
            yield Issue(_where(tree, files), 1, 1, "", f"le dossier « {files.slug} » donnerait au "
                        f"territoire l'adresse /{files.slug}/, déjà celle de la page "
                        f"{shown.rstrip('/')}/{by_root[slug]} : renommez le dossier du "
                        "territoire ou la page.")
        elif slug in urls.RESERVED_ROOTS:
            yield Issue(_where(tree, files), 1, 1, "", f"le dossier « {files.slug} » ne peut pas "
                        f"être un territoire : l'adresse /{files.slug}/ est celle de "
                        f"{_ROOT_OWNERS[slug]}. Renommez le dossier du territoire.")


def _content_pages(tree: DataTree, content: list[str], shown: str,
                   has_news: bool) -> Iterator[Issue]:
    """Hand-written pages and files may not sit where the generator writes."""
    generated = (f"{urls.SITE_DATA_FOLDER}/", urls.address(urls.GUIDE), urls.address(urls.SEARCH),
                 f"{urls.SEARCH_INDEX}/", "assets/territoires/", "assets/leaflet/", "assets/cartes/",
                 f"{urls.ALL_PROJECTS}/",
                 *([f"{urls.news_folder(None)}/"] if has_news else []),
                 *([f"{urls.FRAMEWORKS}/"] if tree.cadres else []))
    for path in content:
        url = urls.url_of(path)
        owner = None
        if url == "":
            owner = "la page d'accueil du site, générée"
        elif url.startswith(generated) or (path.lower().endswith(".md")
                                           and urls.root_name(path) in urls.ENGINE_ROOTS):
            owner = f"l'emplacement /{url.split('/', 1)[0]}/, réservé au site"
        if owner:
            yield Issue(f"{shown.rstrip('/')}/{path}", 1, 1, "", f"cette page prendrait l'adresse "
                        f"/{url} : c'est {owner}. Renommez-la ou déplacez-la (par exemple dans "
                        "un dossier à son nom).")


def _reserved_files(tree: DataTree, files: TerritoryFiles) -> Iterator[Issue]:
    news = {slug: article.doc for slug, article in files.actualites.items()}
    for folder, documents in (("contrats", files.contrats), ("projets", files.projets),
                              (urls.NEWS_FOLDER, news)):
        for slug, doc in documents.items():
            if slug in urls.RESERVED_SLUGS:
                yield doc.issue((), f"un fichier ne peut pas s'appeler « {doc.path.name} » : "
                                f"l'adresse /{files.slug}/{folder}/ est la liste des {folder}. "
                                "Renommez-le d'après son titre.")


def _same_names(dataset: Dataset, tree: DataTree) -> Iterator[Issue]:
    """Two territories with the same name would have the same menu and page titles."""
    seen: dict[str, str] = {}
    for territory in dataset.territories:
        if territory.territoire is None or territory.files is None:
            continue
        doc = territory.files.files["territoire.yml"]
        for key in ("nom", "nom_court"):
            name = getattr(territory.territoire, key)
            if not name:
                continue
            first = seen.setdefault(fold(name), territory.slug)
            if first != territory.slug:
                yield doc.issue((key,), f"le territoire « {first} » porte déjà le nom « {name} » : "
                                "leurs menus et leurs pages seraient confondus. Donnez à chaque "
                                "territoire un nom distinct (par exemple en ajoutant le "
                                "département entre parenthèses).")
