"""Incremental builds (`mkdocs build --dirty`): only what changed is rebuilt, and the result is
the same, byte for byte, as a full build of the same files.

What a page or a file of a territory shows comes from three places:
- the territory's own folder;
- the territories it shares a contract with (their projects count in it);
- what every page reads: the generator and its templates, the theme's overrides, mkdocs.yml,
  the site's own data files (site.yml, financeurs.yml, contract frameworks, the site's news),
  the reference data and contours, the installed packages, the navigation, the theme labels
  written across territories, and the list of territories.

Each build keeps a key for the last, and for each territory a key of the first two and the
list of what it published (`.cache/territoire-ouvert/`). The next `--dirty` build compares:
when the site key is the same, a territory whose key is the same keeps its pages and files
from the published site and is neither planned nor rendered again: a folder that holds its
files and nothing else is moved into the new site just before the swap (Carried), any other
file is linked (not copied). Anything site-wide that changed rebuilds everything. The site's own pages
(portal, search, frameworks, open data of the whole site) are always rebuilt: they add up every
territory. A site page that lists some territories only (a département's projects) is kept when
none of them changed (page_key). Nothing in the cache is executed: it is JSON, and a damaged
one means a full build."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.cachefiles import write_cache
from generator.catalog import Catalog, shown_communes
from generator.load.digests import digest_file, digest_tree, entry_digests, stat_tree
from generator.publishing import link_folder

VERSION = 3
"""Bumped when the manifest's layout changes: an older manifest is then not read."""


@dataclass
class Published:
    """What one territory put in the site: its key, its pages (source paths, as MkDocs names
    them) and its generated files (paths in the site)."""

    key: str
    pages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    site: str
    territories: dict[str, Published]
    parts: list[list[str]]
    """The search index's parts: the pages each part indexed (see generator.search)."""
    folders: dict[str, str] = field(default_factory=dict)
    """The site's top folders that held one territory's pages and files and nothing else."""
    pages: dict[str, str] = field(default_factory=dict)
    """The site's pages that list some territories only, each with its key (page_key)."""

    def to_json(self) -> str:
        return json.dumps({"version": VERSION, "site": self.site, "parts": self.parts,
                           "territories": {slug: [p.key, p.pages, p.files]
                                           for slug, p in self.territories.items()},
                           "folders": self.folders, "pages": self.pages},
                          ensure_ascii=False, separators=(",", ":"))


def manifest_path(cache: Path, site: Path) -> Path:
    """One manifest per site folder (a build and a preview do not share theirs)."""
    name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
    return cache / f"construction-{name}.json"


def read_manifest(path: Path) -> Manifest | None:
    """The last build's manifest, or None (none, damaged or older): then nothing is reused."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") != VERSION:
            return None
        territories = {str(slug): Published(str(k), [str(p) for p in pages],
                                            [str(f) for f in files])
                       for slug, (k, pages, files) in raw["territories"].items()}
        parts = [[str(page) for page in part] for part in raw["parts"]]
        folders = {str(folder): str(slug) for folder, slug in raw["folders"].items()}
        pages = {str(page): str(key) for page, key in raw["pages"].items()}
        return Manifest(str(raw["site"]), territories, parts, folders, pages)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def forget(path: Path) -> None:
    """Dropped when a build starts: a build cut off midway leaves no manifest, so the next
    one is full, never one reusing files the manifest no longer describes."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def save_manifest(path: Path, manifest: Manifest) -> None:
    write_cache(path, manifest.to_json().encode("utf-8"))


# --- Keys -------------------------------------------------------------------------------------

@functools.cache
def _software() -> str:
    """The generator's code, Python's version and every installed package's version: a new
    release of the theme or of Pagefind rebuilds everything. Code cannot change within a run;
    the templates can (`mkdocs serve` reloads them), so they are read at each build."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    versions = sorted(f"{d.metadata['Name']}=={d.version}"
                      for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class SiteFiles:
    """The site's files that are code or pages rather than data."""

    config_file: Path
    overrides: Path | None
    content: Path | None
    """The hand-written pages (their titles are in every page's menu)."""
    hooks: tuple[Path, ...] = ()
    """The site's own Python run by MkDocs (`hooks` of mkdocs.yml)."""


@dataclass(frozen=True)
class Snapshot:
    """Every input file's digest, taken before the data is read: a file saved during a long
    build makes the next build redo what it touches, never keep what was built from the
    older bytes under the newer bytes' key."""

    data: dict[str, str]
    """Each entry at the data folder's top (a territory's folder, site.yml…) and its digest."""
    site: str
    """mkdocs.yml, hooks, overrides, hand-written pages, the generator's templates (what
    mkdocs.yml inherits is in the resolved configuration, see SiteInputs)."""

    @classmethod
    def take(cls, root: Path, files: SiteFiles) -> Snapshot:
        data = entry_digests(root)
        digest = hashlib.sha256()
        for path in (files.config_file, *files.hooks):
            digest.update(f"{path}:{digest_file(path)}".encode())
        for folder in (files.overrides, files.content, Path(__file__).parent / "templates"):
            digest.update(f"{folder}:{digest_tree(folder) if folder else '-'}".encode())
        return cls(data, digest.hexdigest())


@dataclass(frozen=True)
class SiteInputs:
    """Everything outside the territories' folders that a page may read."""

    snapshot: Snapshot
    referentiel: Path | None
    contours: Path | None
    settings: dict[str, Any]
    """The navigation, the theme's settings (`extra`), the site address, the search parts'
    size, the hand-written pages, the resolved configuration (with what `!ENV` gave): as
    MkDocs hands them to the theme."""


def site_key(catalog: Catalog, inputs: SiteInputs) -> str:
    digest = hashlib.sha256(f"{VERSION}|{_software()}|{inputs.snapshot.site}".encode())
    for name, entry in sorted(inputs.snapshot.data.items()):
        if name not in catalog.territories:  # site.yml, financeurs.yml, frameworks, news…
            digest.update(f"{name}:{entry}".encode("utf-8", "surrogateescape"))
    stat_tree(digest, inputs.referentiel)
    stat_tree(digest, inputs.contours)
    shared = {"settings": inputs.settings, "territories": sorted(catalog.territories),
              "themes": catalog.theme_labels, "maps": bool(catalog.map_shapes),
              # Commune outlines are simplified together: a commune shown by one territory
              # moves the borders drawn by its neighbours.
              "communes": sorted(shown_communes(catalog.dataset)) if catalog.map_shapes else []}
    digest.update(json.dumps(shared, sort_keys=True, default=str, ensure_ascii=False).encode())
    return digest.hexdigest()


def territory_keys(catalog: Catalog, snapshot: Snapshot) -> dict[str, str]:
    """Each territory's key: its folder and those of the territories it shares a contract
    with (a shared contract's page counts the projects of all who sign it)."""
    own = {slug: snapshot.data.get(slug, "-") for slug in catalog.territories}
    keys: dict[str, str] = {}
    for group in _groups(catalog):
        joined = hashlib.sha256("|".join(f"{s}:{own[s]}" for s in group).encode()).hexdigest()
        keys.update(dict.fromkeys(group, joined))
    return keys


def page_key(site: str, keys: dict[str, str], shows: Iterable[str]) -> str | None:
    """The key of a site page listing these territories: the site's key and theirs (None when
    one is unknown)."""
    digest = hashlib.sha256(site.encode())
    for slug in shows:
        if (key := keys.get(slug)) is None:
            return None
        digest.update(f"|{slug}:{key}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _groups(catalog: Catalog) -> list[list[str]]:
    """Territories joined by shared contracts, each group in name order."""
    parent = {slug: slug for slug in catalog.territories}

    def find(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    for signatories in catalog.signatories.values():
        for other in signatories[1:]:
            if signatories[0] in parent and other in parent:
                parent[find(other)] = find(signatories[0])
    groups: dict[str, list[str]] = {}
    for slug in sorted(parent):
        groups.setdefault(find(slug), []).append(slug)
    return list(groups.values())


def reusable(previous: Manifest | None, site: str, keys: dict[str, str],
             published: Path) -> dict[str, Published]:
    """The territories whose pages and files can be taken from the published site as they are."""
    if previous is None or previous.site != site or not published.is_dir():
        return {}
    return {slug: before for slug, key in keys.items()
            if (before := previous.territories.get(slug)) is not None and before.key == key}


# --- Taking files from the published site --------------------------------------------------------

def top_folder(path: str) -> str:
    """The first folder of a path in the site; "" for the root's own files."""
    return path.split("/", 1)[0] if "/" in path else ""


def own_folders(territories: dict[str, Published], outputs: Iterable[tuple[str, str]]
                ) -> dict[str, str]:
    """The top folders that hold one territory's pages and files and nothing else, from the
    build's outputs (source and destination of each): those a later build may move whole."""
    pages = {page: slug for slug, p in territories.items() for page in p.pages}
    files = {path: slug for slug, p in territories.items() for path in p.files}
    owners: dict[str, set[str | None]] = {}
    for source, destination in outputs:
        owner = pages.get(source) or files.get(destination)
        owners.setdefault(top_folder(destination), set()).add(owner)
    return {folder: slug for folder, found in sorted(owners.items())
            if folder and len(found) == 1 and (slug := next(iter(found))) is not None}


def same_disk(first: Path, second: Path) -> bool:
    """Whether a folder can be moved from one to the other (a rename, not a copy)."""
    try:
        return first.stat().st_dev == second.stat().st_dev
    except OSError:
        return False


class Carried:
    """Folders of the published site the new build takes whole. They stay where they are
    while the build runs (MkDocs and the search index read them there) and are moved into the
    new site during the swap (generator.publishing.publish): a national site's hundred
    thousand files are then neither linked one by one nor removed with the replaced site."""

    def __init__(self, published: Path, site: Path) -> None:
        self.published, self.site = published, site
        self.folders: set[str] = set()

    def defer(self, folder: str) -> None:
        self.folders.add(folder)

    def bring(self, folders: Iterable[str]) -> None:
        """Folders the build needs in the new site before the swap (the search index reads a
        part's pages there): linked now, file by file."""
        for folder in sorted(self.folders.intersection(folders)):
            link_folder(self.published / folder, self.site / folder)
            self.folders.discard(folder)
