"""Find and parse every YAML file of a data folder (`territories/`)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.issues import Issue, Severity
from generator.load.yamlfile import Document, read_document
from generator.models.fields import slugify

ROOT_FILES = ("site.yml", "financeurs.yml")
TERRITORY_FILES = ("territoire.yml", "projet-de-territoire.yml")
COLLECTIONS = ("contrats", "projets")
IGNORED_DIRS = {"medias", "schemas"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class TerritoryFiles:
    slug: str
    folder: Path
    files: dict[str, Document] = field(default_factory=dict)
    contrats: dict[str, Document] = field(default_factory=dict)
    projets: dict[str, Document] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Files that exist but could not be parsed: `territoire.yml`, `contrats/crte`…"""


@dataclass
class DataTree:
    root: Path
    display_root: str
    files: dict[str, Document] = field(default_factory=dict)
    territories: list[TerritoryFiles] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in {".yml", ".yaml"}


def load_tree(root: Path, display_root: str | None = None) -> DataTree:
    """Parse the whole data folder; problems are collected, never raised."""
    shown = display_root if display_root is not None else str(root)
    tree = DataTree(root=root.resolve(), display_root=shown)
    if not root.is_dir():
        tree.issues.append(Issue(shown, 1, 1, "", f"le dossier de données « {shown} » "
                                 "n'existe pas : indiquez le dossier qui contient financeurs.yml."))
        return tree
    _read_root_files(tree)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith((".", "_")) or folder.name in IGNORED_DIRS:
            continue
        tree.territories.append(_read_territory(tree, folder))
    if not tree.territories:
        tree.issues.append(Issue(shown, 1, 1, "", "aucun territoire : créez un dossier par "
                                 "territoire contenant un fichier territoire.yml."))
    return tree


def _display(tree: DataTree, path: Path) -> str:
    relative = path.resolve().relative_to(tree.root) if path.resolve().is_relative_to(
        tree.root) else path
    return f"{tree.display_root.rstrip('/')}/{relative.as_posix()}"


def _read(tree: DataTree, path: Path) -> Document | None:
    shown = _display(tree, path)
    if path.is_symlink() and not path.resolve().is_relative_to(tree.root):
        tree.issues.append(Issue(shown, 1, 1, "", "ce fichier est un lien vers l'extérieur du "
                                 "dossier de données : remplacez-le par le fichier lui-même."))
        return None
    doc, issues = read_document(path, shown)
    tree.issues.extend(issues)
    return doc


def _read_named(tree: DataTree, folder: Path, expected: tuple[str, ...],
                files: dict[str, Document], unreadable: set[str]) -> None:
    """Read the files of a folder that have a fixed name; report any other YAML file there."""
    for path in sorted(folder.iterdir()):
        if not (path.is_file() and _is_yaml(path)):
            continue
        name = path.stem + ".yml"
        if name not in expected:
            tree.issues.append(_unexpected(tree, path, expected))
        elif doc := _read(tree, path):
            files[name] = doc
        else:
            unreadable.add(name)


def _read_root_files(tree: DataTree) -> None:
    _read_named(tree, tree.root, ROOT_FILES, tree.files, tree.unreadable)
    if "financeurs.yml" not in tree.files and not any(
        i.file.endswith(("financeurs.yml", "financeurs.yaml")) for i in tree.issues
    ):
        tree.issues.append(Issue(f"{tree.display_root.rstrip('/')}/financeurs.yml", 1, 1, "",
                                 "fichier manquant : créez financeurs.yml avec la liste des "
                                 "financeurs (id, nom, type)."))


def _unexpected(tree: DataTree, path: Path, expected: tuple[str, ...]) -> Issue:
    close = difflib.get_close_matches(path.name, expected, n=1, cutoff=0.6)
    hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
    return Issue(_display(tree, path), 1, 1, "", f"fichier inattendu « {path.name} » : il ne sera "
                 f"pas lu. Fichiers attendus ici : {', '.join(expected)}.{hint}")


def _read_territory(tree: DataTree, folder: Path) -> TerritoryFiles:
    territory = TerritoryFiles(slug=folder.name, folder=folder.resolve())
    if not _SLUG.match(folder.name):
        tree.issues.append(Issue(_display(tree, folder), 1, 1, "", _bad_slug(folder.name, "dossier")))
    _read_named(tree, folder, TERRITORY_FILES, territory.files, territory.unreadable)
    if not any(folder.glob("territoire.y*ml")):
        tree.issues.append(Issue(_display(tree, folder / "territoire.yml"), 1, 1, "",
                                 "fichier manquant : chaque territoire a un territoire.yml "
                                 "(nom, type, région, présentation, EPCI et communes)."))
    for collection in COLLECTIONS:
        target = territory.contrats if collection == "contrats" else territory.projets
        unread = _read_collection(tree, folder / collection, target)
        territory.unreadable |= {f"{collection}/{slug}" for slug in unread}
    return territory


def _read_collection(tree: DataTree, folder: Path, target: dict[str, Document]) -> set[str]:
    """Parse the files of `projets/` or `contrats/`; returns the slugs that failed to parse."""
    unread: set[str] = set()
    if not folder.is_dir():
        return unread
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if not (path.is_file() and _is_yaml(path)):
            tree.issues.append(_ignored(tree, path))
            continue
        slug = path.stem
        if not _SLUG.match(slug):
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", _bad_slug(slug, "fichier")))
            unread.add(slug)
            continue
        if slug in target:
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", f"deux fichiers portent le "
                                     f"nom « {slug} » (.yml et .yaml) : gardez-en un seul."))
            continue
        doc = _read(tree, path)
        if doc:
            target[slug] = doc
        else:
            unread.add(slug)
    return unread


def _ignored(tree: DataTree, path: Path) -> Issue:
    what = "sous-dossier" if path.is_dir() else "fichier"
    return Issue(_display(tree, path), 1, 1, "", f"{what} ignoré : seuls les fichiers .yml placés "
                 f"directement dans {path.parent.name}/ sont lus. Déplacez-le (les images et "
                 "documents vont dans medias/).", Severity.WARNING)


def _bad_slug(name: str, kind: str) -> str:
    return (f"le nom de {kind} « {name} » sert d'adresse web : n'utilisez que des minuscules sans "
            f"accents, des chiffres et des tirets. Renommez-le « {slugify(name) or 'nom'} ».")
