"""Find and parse every YAML file of a data folder (`territories/`).

The folder is walked without following symbolic links: a link found where the loader reads (a
territory folder, contrats/, projets/, a .yml file) is reported and not read, so what is
published is always what stands in the folder, and a link loop cannot stop the run.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.issues import Issue, Severity
from generator.load import relative_text
from generator.load.parsed import ParseCache
from generator.load.yamlfile import Article, Document, os_reason, read_article, read_document
from generator.models.fields import slugify

ROOT_FILES = ("site.yml", "financeurs.yml")
TERRITORY_FILES = ("territoire.yml", "projet-de-territoire.yml")
COLLECTIONS = ("contrats", "projets")
NEWS_FOLDER = "actualites"
"""News: `actualites/*.md` in a territory's folder, and at the root for the whole site."""
FRAMEWORKS_FOLDER = "contrats-cadres"
"""The site's contract frameworks (a Région's, the State's), beside the territories: one YAML
file each, which territories' contracts name as their `cadre`."""
IGNORED_DIRS = {"medias", "schemas"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARSE_AHEAD_MIN = 64
"""Territory folders the cache does not hold past which they are parsed in worker processes
first (see _parse_ahead): below, starting the workers costs more than it saves."""

Kind = Literal["file", "dir", "link", "other"]
Entry = tuple[Path, Kind]


@dataclass
class TerritoryFiles:
    slug: str
    folder: Path
    files: dict[str, Document] = field(default_factory=dict)
    contrats: dict[str, Document] = field(default_factory=dict)
    projets: dict[str, Document] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Files that exist but could not be read: `territoire.yml`, `contrats/crte`…"""
    actualites: dict[str, Article] = field(default_factory=dict)

    def release(self) -> None:
        """See `Document.release`: the file names stay, for the changes report."""
        for documents in (self.files, self.contrats, self.projets):
            for document in documents.values():
                document.release()


@dataclass
class DataTree:
    root: Path
    display_root: str
    files: dict[str, Document] = field(default_factory=dict)
    territories: list[TerritoryFiles] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    actualites: dict[str, Article] = field(default_factory=dict)
    """The site's own news (`actualites/` beside the territories)."""
    cadres: dict[str, Document] = field(default_factory=dict)
    """The contract frameworks (`contrats-cadres/` beside the territories)."""
    reader: Callable[[Path, str], tuple[Document | None, list[Issue]]] = read_document
    """Parses one YAML file: the reader itself, or the cache of parsed files before it."""


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in {".yml", ".yaml"}


def printable(name: str) -> str:
    """A file name as it can be shown: names are bytes to the system, and Python keeps the
    bytes that are not UTF-8 as lone surrogates, which no report can print."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in name)


def load_tree(root: Path, display_root: str | None = None, cache: Path | None = None
              ) -> DataTree:
    """Parse the whole data folder; problems are collected, never raised. With a `cache`
    folder, files unchanged since the last run are not parsed again (load.parsed)."""
    shown = printable(display_root if display_root is not None else str(root))
    if not _is_dir(root):
        return DataTree(root=root, display_root=shown, issues=[Issue(
            shown, 1, 1, "", f"le dossier de données « {shown} » n'existe pas : "
            "indiquez le dossier qui contient financeurs.yml.")])
    tree = DataTree(root=_absolute(root), display_root=shown)
    entries = _entries(tree, tree.root)
    if entries is None:
        return tree  # reported; a missing financeurs.yml or territory would only be noise
    parsed = ParseCache(cache, tree.root) if cache is not None else None
    if parsed is not None:
        _parse_ahead(tree, parsed, [path for path, kind in entries if kind == "dir"
                                    and _folder_role(path.name) == "territory"
                                    and not parsed.kept(path.name)])
        tree.reader = parsed.read
    _read_root_files(tree, entries)
    refused = _read_territories(tree, entries)
    if parsed is not None:
        parsed.close()
    if not tree.territories and not refused:
        tree.issues.append(Issue(shown, 1, 1, "", "aucun territoire : créez un dossier par "
                                 "territoire contenant un fichier territoire.yml."))
    return tree


FolderRole = Literal["ignored", "news", "frameworks", "hidden", "territory"]


def _folder_role(name: str) -> FolderRole:
    """What a folder of the data folder holds, by its name."""
    if name in IGNORED_DIRS:
        return "ignored"
    if name == NEWS_FOLDER:
        return "news"
    if name == FRAMEWORKS_FOLDER:
        return "frameworks"
    return "hidden" if name.startswith((".", "_")) else "territory"


def _parse_ahead(tree: DataTree, parsed: ParseCache, folders: list[Path]) -> None:
    """Parse territory folders the cache does not hold (a first build, a fresh runner) in
    worker processes, which keep them in the cache; the folders are then read from it, as
    in any later build. Parsing is most of a first build's reading: the cores share it, and
    the memory parsing wastes (the reader's own objects, scattered among those that stay) is
    the workers', given back when they end; a national site's build then holds 180 MB less.
    Each worker is a plain `python -m generator.load.parse_ahead`, not multiprocessing, whose
    workers import the script that started the build again. Only time is at stake: should a
    worker fail, what it did not keep is parsed here."""
    workers = min(os.cpu_count() or 1, 4)
    if len(folders) < PARSE_AHEAD_MIN or workers < 2:
        return
    # Interleaved, so that each worker gets large and small folders alike.
    jobs = [json.dumps({"root": str(tree.root), "display": tree.display_root,
                        "cache": str(parsed.cache), "folders": [str(f) for f in folders[n::workers]]})
            for n in range(workers)]
    package_parent = str(Path(__file__).resolve().parents[2])  # where `generator` is imported from
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    started: list[subprocess.Popen[bytes]] = []
    try:
        for job in jobs:
            process = subprocess.Popen([sys.executable, "-m", "generator.load.parse_ahead"],
                                       stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, env=env)
            started.append(process)
            assert process.stdin is not None
            process.stdin.write(job.encode("utf-8"))
            process.stdin.close()
        for process in started:
            process.wait()
    except OSError:
        return
    finally:
        for process in started:  # interrupted (Ctrl+C): no worker outlives the build
            if process.poll() is None:
                process.kill()
                process.wait()


def parse_folders(root: str, display_root: str, cache: str, folders: list[str]) -> None:
    """A worker's share of _parse_ahead: read the folders as the build does, keeping what it
    parsed in the cache."""
    tree = DataTree(root=Path(root), display_root=display_root)
    parsed = ParseCache(Path(cache), tree.root)
    tree.reader = parsed.read
    for folder in folders:
        _read_territory(tree, Path(folder))
    parsed.close()


def _is_dir(path: Path) -> bool:
    """Path.is_dir, which raises on some errors (permission, name too long) in Python 3.11."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _absolute(root: Path) -> Path:
    # The media rules compare resolved paths with the root; resolving may fail on a link loop.
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return root.absolute()


def _kind(path: Path) -> Kind:
    mode = path.lstat().st_mode  # lstat: a link is seen as a link, never followed
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "other"


def _entries(tree: DataTree, folder: Path) -> list[Entry] | None:
    """The entries of a folder, sorted, or None when it cannot be read: reported, not raised."""
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        tree.issues.append(Issue(_display(tree, folder), 1, 1, "", f"le dossier ne peut pas être "
                                 f"lu ({os_reason(exc)}) : vérifiez ses droits d'accès."))
        return None
    entries: list[Entry] = []
    for path in paths:
        try:
            entries.append((path, _kind(path)))
        except OSError as exc:
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", f"« {printable(path.name)} » "
                                     f"ne peut pas être lu ({os_reason(exc)}) : vérifiez ses "
                                     "droits d'accès."))
    return entries


def _display(tree: DataTree, path: Path) -> str:
    relative = relative_text(path, tree.root)
    if relative is None:
        relative = (path.relative_to(tree.root).as_posix() if path.is_relative_to(tree.root)
                    else path.name)
    if relative == ".":
        return printable(tree.display_root)
    return printable(f"{tree.display_root.rstrip('/')}/{relative}")


def _symlink(tree: DataTree, path: Path, what: str) -> Issue:
    return Issue(_display(tree, path), 1, 1, "", f"« {printable(path.name)} » est un lien "
                 f"symbolique : remplacez-le par le {what} lui-même.")


def _read(tree: DataTree, path: Path) -> Document | None:
    doc, issues = tree.reader(path, _display(tree, path))
    tree.issues.extend(issues)
    return doc


def _read_named(tree: DataTree, entries: list[Entry], expected: tuple[str, ...],
                files: dict[str, Document], unreadable: set[str]) -> None:
    """Read the files of a folder that have a fixed name; report any other YAML file there."""
    for path, kind in entries:
        if kind not in ("file", "link") or not _is_yaml(path):
            continue
        name = path.stem + ".yml"
        if name not in expected:
            tree.issues.append(_unexpected(tree, path, expected))
        elif kind == "link":
            tree.issues.append(_symlink(tree, path, "fichier"))
            unreadable.add(name)
        elif doc := _read(tree, path):
            files[name] = doc
        else:
            unreadable.add(name)


def _read_root_files(tree: DataTree, entries: list[Entry]) -> None:
    _read_named(tree, entries, ROOT_FILES, tree.files, tree.unreadable)
    if "financeurs.yml" not in tree.files and "financeurs.yml" not in tree.unreadable:
        tree.issues.append(Issue(f"{tree.display_root.rstrip('/')}/financeurs.yml", 1, 1, "",
                                 "fichier manquant : créez financeurs.yml avec la liste des "
                                 "financeurs (id, nom, type)."))


def _read_territories(tree: DataTree, entries: list[Entry]) -> bool:
    """Read each territory folder; True when one was refused (a link), already reported."""
    refused = False
    for path, kind in entries:
        role = _folder_role(path.name)
        if kind not in ("dir", "link") or role == "ignored":
            continue
        if role == "news" and kind == "dir":
            _read_news(tree, path, tree.actualites)
        elif role == "frameworks" and kind == "dir":
            _read_frameworks(tree, path)
        elif role == "hidden":
            if kind == "dir":
                _warn_unpublished(tree, path)
        elif kind == "dir":
            tree.territories.append(_read_territory(tree, path))
        elif not (_is_yaml(path) or _is_file(path)):
            # A link to a folder, or a broken one (a loop, a target gone): a territory folder
            # as far as one can tell. Links to YAML files are the root files' business.
            tree.issues.append(_symlink(tree, path, "dossier"))
            refused = True
    return refused


def _read_frameworks(tree: DataTree, folder: Path) -> None:
    if os.path.lexists(folder / "territoire.yml"):  # a territory given the reserved name
        tree.issues.append(Issue(_display(tree, folder / "territoire.yml"), 1, 1, "", f"le dossier "
                                 f"« {FRAMEWORKS_FOLDER} » est celui des contrats cadres du site (un "
                                 "fichier .yml par contrat cadre) : un territoire ne peut pas porter "
                                 "ce nom. Renommez le dossier du territoire."))
        return
    unread = _read_collection(tree, folder, tree.cadres)
    tree.unreadable |= {f"{FRAMEWORKS_FOLDER}/{slug}" for slug in unread}


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _warn_unpublished(tree: DataTree, folder: Path) -> None:
    """Hidden folders are skipped (.git, _brouillons…), but one holding a territory was
    probably meant to be published: say why it is not."""
    for name in ("territoire.yml", "territoire.yaml"):
        if not os.path.lexists(folder / name):
            continue
        start = "un point" if folder.name.startswith(".") else "« _ »"
        tree.issues.append(Issue(_display(tree, folder / name), 1, 1, "", f"le dossier "
                                 f"« {printable(folder.name)} » commence par {start} : ce territoire "
                                 "n'est pas publié. Renommez le dossier (minuscules, chiffres, "
                                 "tirets) pour le publier.", Severity.WARNING))
        return


def _unexpected(tree: DataTree, path: Path, expected: tuple[str, ...]) -> Issue:
    name = printable(path.name)
    close = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
    hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
    return Issue(_display(tree, path), 1, 1, "", f"fichier inattendu « {name} » : il ne sera "
                 f"pas lu. Fichiers attendus ici : {', '.join(expected)}.{hint}")


def _read_territory(tree: DataTree, folder: Path) -> TerritoryFiles:
    territory = TerritoryFiles(slug=printable(folder.name), folder=folder)
    if not _SLUG.match(folder.name):
        tree.issues.append(Issue(_display(tree, folder), 1, 1, "", _bad_slug(folder.name, "dossier")))
    entries = _entries(tree, folder)
    if entries is None:
        territory.unreadable.add("territoire.yml")  # reported: nothing cascades from its absence
        return territory
    _read_named(tree, entries, TERRITORY_FILES, territory.files, territory.unreadable)
    if "territoire.yml" not in territory.files and "territoire.yml" not in territory.unreadable:
        tree.issues.append(Issue(_display(tree, folder / "territoire.yml"), 1, 1, "",
                                 "fichier manquant : chaque territoire a un territoire.yml "
                                 "(nom, type, région, présentation, EPCI et communes)."))
    kinds = {path.name: kind for path, kind in entries}
    for collection in COLLECTIONS:
        if kinds.get(collection) == "link":
            tree.issues.append(_symlink(tree, folder / collection, "dossier"))
        if kinds.get(collection) != "dir":
            continue
        target = territory.contrats if collection == "contrats" else territory.projets
        unread = _read_collection(tree, folder / collection, target)
        territory.unreadable |= {f"{collection}/{slug}" for slug in unread}
    if kinds.get(NEWS_FOLDER) == "link":
        tree.issues.append(_symlink(tree, folder / NEWS_FOLDER, "dossier"))
    elif kinds.get(NEWS_FOLDER) == "dir":
        _read_news(tree, folder / NEWS_FOLDER, territory.actualites)
    return territory


def _read_news(tree: DataTree, folder: Path, target: dict[str, Article]) -> None:
    """Parse the news of `actualites/`: one Markdown file each, named after its address."""
    for path, kind in _entries(tree, folder) or []:
        if path.name.startswith("."):
            continue
        markdown = path.suffix.lower() == ".md"
        if kind == "link" and markdown:
            tree.issues.append(_symlink(tree, path, "fichier"))
        elif kind != "file" or not markdown:
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", "ignoré : seuls les fichiers "
                                     ".md placés directement dans actualites/ sont lus (les images "
                                     "vont dans medias/).", Severity.WARNING))
        elif not _SLUG.match(path.stem):
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", _bad_slug(path.stem, "fichier")))
        elif path.stem in target:
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", f"deux fichiers portent le "
                                     f"nom « {path.stem} » (.md et .MD) : gardez-en un seul."))
        else:
            article, issues = read_article(path, _display(tree, path))
            tree.issues.extend(issues)
            if article is not None:
                target[path.stem] = article


def _read_collection(tree: DataTree, folder: Path, target: dict[str, Document]) -> set[str]:
    """Parse the files of `projets/` or `contrats/`; returns the slugs that could not be read."""
    unread: set[str] = set()
    for path, kind in _entries(tree, folder) or []:
        if path.name.startswith("."):
            continue
        if kind == "link" and _is_yaml(path):
            tree.issues.append(_symlink(tree, path, "fichier"))
            unread.add(path.stem)
        elif kind != "file" or not _is_yaml(path):
            tree.issues.append(_ignored(tree, path, kind))
        elif not _SLUG.match(path.stem):
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", _bad_slug(path.stem, "fichier")))
            unread.add(path.stem)
        elif path.stem in target:
            tree.issues.append(Issue(_display(tree, path), 1, 1, "", f"deux fichiers portent le "
                                     f"nom « {path.stem} » (.yml et .yaml) : gardez-en un seul."))
        elif doc := _read(tree, path):
            target[path.stem] = doc
        else:
            unread.add(path.stem)
    return unread


def _ignored(tree: DataTree, path: Path, kind: Kind) -> Issue:
    what = {"dir": "sous-dossier", "link": "lien symbolique"}.get(kind, "fichier")
    return Issue(_display(tree, path), 1, 1, "", f"{what} ignoré : seuls les fichiers .yml placés "
                 f"directement dans {path.parent.name}/ sont lus. Déplacez-le (les images et "
                 "documents vont dans medias/).", Severity.WARNING)


def _bad_slug(name: str, kind: str) -> str:
    return (f"le nom de {kind} « {printable(name)} » sert d'adresse web : n'utilisez que des "
            f"minuscules sans accents, des chiffres et des tirets. "
            f"Renommez-le « {slugify(printable(name)) or 'nom'} ».")
