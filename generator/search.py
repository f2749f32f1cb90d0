"""The site's search index, written by Pagefind (a Python package with its binary) over the
built pages: French stemming (« chaufferies » finds « chaufferie »), accents ignored (« sante »
finds « santé »), and an index split in small fragments, so that a visitor downloads only what
one query needs, whatever the size of the site. Static files: any host serves them.

What is indexed is said in the templates: the body of each page (`data-pagefind-body`), minus
what is marked `data-pagefind-ignore` (menus, breadcrumbs, contacts), with each page's territory
and status as metadata (`data-pagefind-meta`) for the results."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from generator.failures import CommandError
from generator.incremental import Carried, top_folder
from generator.publishing import link_folder
from generator.urls import GENERATED_ROOTS, SEARCH_INDEX


class SearchIndexError(CommandError):
    """Pagefind failed: said in French, the site already published is kept."""


SHARD_PAGES = 2_500
"""Pages per Pagefind run. Pagefind holds what it indexes in memory (about 80 KB a page: 4 GB
for a national site of 50,000 pages), so a large site is indexed in parts of this size, which
the search page merges (Pagefind's `mergeIndex`). Each part runs beside the build, which holds
about 1.1 GB for a national site: with parts of 2,500 pages (about 210 MB each), the two stay
under 1.5 GB together, and a rebuild indexes a few seconds' worth of pages again. Larger parts
(option `recherche_pages_par_partie`) cost visitors a little less per search and the machine
more memory (README, « Échelle nationale »)."""
PARTS = "parties"
"""`pagefind/parties/2/`…: the parts after the first, listed in `pagefind/parties.json`."""


def index_site(site: Path, shard_pages: int = SHARD_PAGES) -> None:
    """Index the built site in `site` (written in place, in `site/pagefind/`)."""
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if p.relative_to(site).parts[0] != SEARCH_INDEX]
    Indexer(site, pages, shard_pages).finish()


@dataclass(frozen=True)
class PreviousIndex:
    """The published site's index, for an incremental build: a part whose pages are the same,
    byte for byte, is taken as it is instead of being indexed again."""

    published: Path
    parts: list[list[str]]
    """The pages of each part of the published index."""
    carried: Carried | None = None
    """Folders taken whole from the published site, moved in at the swap: a kept part goes
    with them; a part indexed again needs its pages in the new site first."""


class Indexer:
    """The site's search index, part by part. `written` says that a page is on disk: once all
    the pages of a part are, that part is indexed by a Pagefind process running while MkDocs
    renders the next pages (the build's second core). One run at a time, so that memory stays
    one part's. `finish` indexes the rest; the first part, with the root's pages (404.html is
    written last), always waits for it. In an incremental build (`previous`), a part where a
    page `changed` runs as soon as its pages are written; `finish` keeps the others when no
    page of theirs changed."""

    def __init__(self, site: Path, pages: Iterable[str], shard_pages: int = SHARD_PAGES,
                 previous: PreviousIndex | None = None) -> None:
        self.site = site
        listed = sorted(set(pages))
        counts = Counter(top_folder(page) for page in listed)
        self.shards = _group(counts, shard_pages)
        self.left = [sum(counts[top] for top in shard) for shard in self.shards]
        self.part_of = {top: n for n, shard in enumerate(self.shards) for top in shard}
        self.parts: list[list[str]] = [[] for _ in self.shards]
        for page in listed:
            self.parts[self.part_of[top_folder(page)]].append(page)
        self.ready: list[int] = []
        self.running: tuple[int, subprocess.Popen[bytes], IO[bytes]] | None = None
        self.done: set[int] = set()
        self.previous = previous
        self.changed: set[str] = set()
        """Pages that are new or differ from the published ones (incremental builds)."""
        self.known: set[str] = set()
        """Pages whose bytes were compared or taken as they are; any other page (a hand-written
        .html, a document) is compared before its part is kept."""

    def folder(self, part: int) -> str:
        return SEARCH_INDEX if part == 0 else f"{SEARCH_INDEX}/{PARTS}/{part + 1}"

    def taken(self, pages: Iterable[str]) -> None:
        """Pages taken as the published site has them (an incremental build): known, and
        already where the part will read them."""
        for page in pages:
            self.known.add(page)
            if (part := self.part_of.get(top_folder(page))) is not None:
                self.left[part] -= 1

    def written(self, page: str) -> None:
        part = self.part_of.get(top_folder(page))
        if part is None or len(self.shards) == 1:
            return  # a page outside the plan is indexed with its part; one part: at the end
        self.left[part] -= 1
        if self.left[part] == 0 and part != 0 and self._due(part):
            self.ready.append(part)
        self._advance()

    def _due(self, part: int) -> bool:
        """Whether a part whose pages are all on disk is indexed now. In an incremental build,
        only when one of its pages changed and every other one is known: the part then runs
        while the next pages are rendered (the changed territory's part, as soon as its
        pages are written); any other waits for `finish`, which keeps it if it can."""
        if self.previous is None:
            return True
        pages = self.parts[part]
        return bool(self.changed.intersection(pages)) and self.known.issuperset(pages)

    def _advance(self) -> None:
        if self.running is not None and self.running[1].poll() is not None:
            self._collect()
        if self.running is None and self.ready:
            self._start(self.ready.pop(0))

    def finish(self) -> None:
        if self.running is not None:
            self._collect()
        for part in range(len(self.shards)):
            if part in self.done:
                continue
            if self._kept(part):
                self.done.add(part)
                continue
            self._start(part)
            self._collect()
        # Always written, so that the search page asks for it on any site: a short list.
        parts = [f"{PARTS}/{n + 1}/" for n in range(1, len(self.shards))]
        listing = self.site / SEARCH_INDEX / f"{PARTS}.json"
        listing.unlink(missing_ok=True)  # never write through a file linked from the published site
        listing.write_text(json.dumps(parts) + "\n", encoding="utf-8")

    def _kept(self, part: int) -> bool:
        """Take a part from the published index when it has the same pages, none changed."""
        previous = self.previous
        if previous is None or part >= len(previous.parts) or previous.parts[part] != self.parts[part]:
            return False
        if self.changed.intersection(self.parts[part]) or any(
                _differs(self.site / page, previous.published / page)
                for page in self.parts[part] if page not in self.known):
            return False
        published = previous.published / self.folder(part)
        if not (published / "pagefind-entry.json").is_file():
            return False
        if published.resolve() == (self.site / self.folder(part)).resolve():
            return True  # built where the published site is (`mkdocs serve`)
        if part != 0 and previous.carried is not None:
            previous.carried.defer(self.folder(part))
        else:  # the first part's folder holds the others: its own files are linked
            link_folder(published, self.site / self.folder(part),
                        frozenset({PARTS, f"{PARTS}.json"}))
        return True

    def abandon(self) -> None:
        """The build failed: no index, and no Pagefind left running."""
        if self.running is not None:
            _, process, log = self.running
            self.running = None
            process.kill()
            process.wait()
            log.close()

    def _start(self, part: int) -> None:
        tops = self.shards[part]
        if self.previous is not None and self.previous.carried is not None:
            self.previous.carried.bring(tops)  # its other pages, in the new site before the swap
        glob = _glob([f"{top}/**/*.html" if top else "*.html" for top in tops])
        command = [sys.executable, "-m", "pagefind", "--site", str(self.site), "--output-subdir",
                   self.folder(part), "--force-language", "fr", "--silent",
                   *(["--glob", glob] if len(self.shards) > 1 else [])]
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in _collect)
        try:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
        except OSError as exc:
            log.close()
            raise SearchIndexError(f"l'index de recherche n'a pas pu être construit ({exc}) : "
                                   "vérifiez que le paquet pagefind est installé (make site).") from None
        self.running = (part, process, log)

    def _collect(self) -> None:
        assert self.running is not None
        part, process, log = self.running
        self.running = None
        try:
            code = process.wait(timeout=1800)
        except subprocess.TimeoutExpired:
            process.kill()
            code = -1
        log.seek(0)
        said = log.read().decode("utf-8", "replace").strip().splitlines()[-1:]
        log.close()
        if code != 0:
            raise SearchIndexError(f"l'index de recherche n'a pas pu être construit (Pagefind : "
                                   f"{said[0] if said else 'erreur inconnue'}).")
        stabilise(self.site / self.folder(part))
        if part != 0:
            _keep_index_only(self.site / self.folder(part))
        self.done.add(part)


def _differs(page: Path, published: Path) -> bool:
    try:
        return page.read_bytes() != published.read_bytes()
    except OSError:
        return True


def _group(counts: Counter[str], shard_pages: int) -> list[list[str]]:
    """The top folders in runs of about `shard_pages` pages, in name order so that the same
    site gives the same parts; the site's own pages go first. A folder is never split: a
    territory's pages stay in one part."""
    # The site's own pages (portal, open data, news…) change with any territory: in a part of
    # their own, they are indexed again in a moment by an incremental build, instead of
    # taking along the thousands of pages of the territories beside them in name order.
    own = sorted(top for top in counts if top in GENERATED_ROOTS)
    shards: list[list[str]] = [["", *own]]
    size = counts[""] + sum(counts[top] for top in own)
    if sum(counts.values()) > shard_pages:
        shards.append([])
        size = 0
    for name in sorted(top for top in counts if top and top not in GENERATED_ROOTS):
        if size and size + counts[name] > shard_pages:
            shards.append([])
            size = 0
        shards[-1].append(name)
        size += counts[name]
    return shards


def _glob(patterns: list[str]) -> str:
    return patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"


def _keep_index_only(part: Path) -> None:
    """A merged part is read with the first part's script and WebAssembly: its own copies of
    Pagefind's scripts, styles and engine (about 700 KB) would never be fetched."""
    for path in part.iterdir():
        if path.is_file() and (path.suffix in {".js", ".css"} or path.name.startswith("wasm.")):
            path.unlink()


# --- Stable output ----------------------------------------------------------------------------
# Pagefind 1.5 writes its filter files and their list in the index's metadata in the order of a
# hash map, which changes from run to run (Pagefind/pagefind#638: « other files will still
# change, such as the filter/metadata indexes »). The site must be byte-identical for the same
# data: the filter values and the list of filters are put in order, and the files renamed after
# their content. Anything unexpected leaves the index as Pagefind wrote it (still correct).

_SIGNATURE = b"pagefind_dcd"
CBOR = int | str | bytes | list["CBOR"] | dict["CBOR", "CBOR"]


class _Unexpected(Exception):
    """The index is not laid out as this code knows it: left as it is."""


def _read_head(data: bytes, at: int) -> tuple[int, int, int]:
    major, info = data[at] >> 5, data[at] & 31
    if info < 24:
        return major, info, at + 1
    sizes = {24: 1, 25: 2, 26: 4, 27: 8}
    if info not in sizes:
        raise _Unexpected(f"longueur CBOR {info}")
    end = at + 1 + sizes[info]
    return major, int.from_bytes(data[at + 1:end], "big"), end


def _decode(data: bytes, at: int = 0) -> tuple[CBOR, int]:
    major, value, at = _read_head(data, at)
    if major == 0:
        return value, at
    if major in (2, 3):
        chunk = data[at:at + value]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + value
    if major == 4:
        items: list[CBOR] = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping: dict[CBOR, CBOR] = {}
        for _ in range(value):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    raise _Unexpected(f"type CBOR {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Unexpected("entier trop grand")


def _encode(value: CBOR) -> bytes:
    if isinstance(value, bool):
        raise _Unexpected("booléen")
    if isinstance(value, int) and value >= 0:
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise _Unexpected(f"valeur {type(value).__name__}")


def _load(path: Path) -> CBOR:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise _Unexpected(path.name)
    value, end = _decode(data, len(_SIGNATURE))
    if end != len(data) or _encode(value) != data[len(_SIGNATURE):]:
        raise _Unexpected(f"{path.name} ne se relit pas à l'identique")
    return value


def _store(folder: Path, prefix: str, value: CBOR, digits: int, suffix: str) -> str:
    data = _SIGNATURE + _encode(value)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def stabilise(index: Path) -> None:
    """Make Pagefind's filter files and metadata the same for the same pages."""
    try:
        _stabilise(index)
    except (_Unexpected, OSError, ValueError, KeyError, IndexError):
        return  # an unknown layout (another Pagefind): left as written, still correct


def _stabilise(index: Path) -> None:
    entry_path = index / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, facts in entry["languages"].items():
        meta_path = index / f"pagefind.{facts['hash']}.pf_meta"
        meta = _load(meta_path)
        filters = _filters_of(meta)
        renamed: dict[str, str] = {}
        for pair in filters:
            old = str(pair[1])
            path = index / "filter" / f"{old}.pf_filter"
            name, values = _filter_content(_load(path))
            ordered: list[CBOR] = [*sorted(values, key=_first)]
            renamed[old] = _store(index / "filter", f"{language}_", [name, ordered], 7,
                                  ".pf_filter")
            if renamed[old] != old:
                path.unlink()
            pair[1] = renamed[old]
        filters.sort(key=lambda pair: str(pair[0]))
        new_meta = _store(index, f"pagefind.{language}_", meta, 10, ".pf_meta")
        if new_meta != f"pagefind.{facts['hash']}":
            meta_path.unlink()
        facts["hash"] = new_meta.removeprefix("pagefind.")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _first(pair: list[CBOR]) -> str:
    return str(pair[0])


def _filter_content(value: CBOR) -> tuple[str, list[list[CBOR]]]:
    """A filter file: its name and its (value, pages) pairs."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], list)
            and all(isinstance(v, list) and len(v) == 2 for v in value[1])):
        raise _Unexpected("filtre")
    return value[0], [v for v in value[1] if isinstance(v, list)]


def _filters_of(meta: CBOR) -> list[list[CBOR]]:
    """The list of (filter name, filter file) pairs in the metadata: the one list whose items
    are pairs of texts naming filter files."""
    if not isinstance(meta, list):
        raise _Unexpected("métadonnées")
    for part in meta:
        if isinstance(part, list) and part and all(_names_filter(p) for p in part):
            return part  # type: ignore[return-value]
    return []


def _names_filter(pair: CBOR) -> bool:
    """A (name, « fr_0a1b2c3 ») pair: a filter and its file."""
    return (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)
            and isinstance(pair[1], str) and pair[1].count("_") == 1
            and not pair[1].startswith("pagefind"))
