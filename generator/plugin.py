"""MkDocs adapter: the only module that imports mkdocs. It hands MkDocs what the pipeline
planned (pages, files, navigation, theme settings), as mkdocs-gen-files does, and nothing else."""

from __future__ import annotations

import gc
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator import incremental, metadata, urls
from generator.cachefiles import PartStore
from generator.catalog import Catalog
from generator.config import cache_folder
from generator.emit import RenderError, compact_html, page_stub, render_body
from generator.failures import debugging, explain
from generator.issues import DataError, Issue, Severity
from generator.load.contours import ContoursError
from generator.load.referentiel import ReferentielError
from generator.memory import give_back, hold_full_collections, release_full_collections
from generator.outputs import plan_site, site_settings, write_into
from generator.pipeline import Content, build
from generator.plan import PageSpec, theme_text
from generator.publishing import Linker, Publication
from generator.render.environment import PagesEnvironment, make_environment
from generator.search import SHARD_PAGES, Indexer, PreviousIndex, SearchIndexError

log = get_plugin_logger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
ERRORS_PAGE = "index.md"
BODY_MARK = "<!--territoires:corps <h1-->"
"""Where a generated page's body goes. It holds « <h1 »: Material adds a title to a page whose
content has none, and every generated body has its own."""
SITE_URL_MISSING = (
    "site_url n'est pas renseigné dans mkdocs.yml : le plan du site (sitemap.xml) reste vide et "
    "les adresses des données ouvertes sont relatives. Indiquez l'adresse publique du site, par "
    "exemple « site_url: https://www.mon-petr.fr/ ».")


class TerritoiresConfig(base.Config):
    donnees = c.Type(str, default="territories")
    """Dossier des données YAML, relatif à mkdocs.yml."""
    referentiel = c.Optional(c.Type(str))
    """Dossier du Code officiel géographique (communes.json, epci.json), relatif à mkdocs.yml."""
    contours = c.Optional(c.Type(str))
    """Dossier des contours de communes (<département>.geojson), relatif à mkdocs.yml."""
    recherche_pages_par_partie = c.Type(int, default=SHARD_PAGES)
    """Au-delà, l'index de recherche est construit en parties (moins de mémoire, un peu plus à
    télécharger par recherche)."""


class TerritoiresPlugin(BasePlugin[TerritoiresConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.pages: dict[str, PageSpec] = {}
        self.env: PagesEnvironment | None = None
        self.serving = False
        self.publication: Publication | None = None
        self.errors: list[Issue] = []
        """While `mkdocs serve` previews invalid data: shown on every page instead of the site."""
        self.progress = Progress()
        self.indexer: Indexer | None = None
        self.last_page: str | None = None
        """The page MkDocs is writing: on disk by the next page's turn, or the build's end."""
        self.dirty = False
        self.last_on_error = True
        """Whether no other plugin's on_build_error runs after this one's (see on_config)."""
        self.build: Incremental | None = None
        self.snapshot: incremental.Snapshot | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # `mkdocs serve` builds in a folder of its own
        self.dirty = dirty
        if dirty and not self.serving:
            logging.getLogger("mkdocs.commands.build").addFilter(_exact_dirty_build)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("le greffon territoires demande « use_directory_urls: true ».")
        hold_full_collections(build=True)  # released when the build ends, or fails
        self.pages, self.errors, self.indexer = {}, [], None
        handlers = config.plugins.events.get("build_error", [])
        self.last_on_error = bool(handlers) and getattr(handlers[-1], "__self__", None) is self
        _without_theme_search(config)
        self.env = self._environment(Path(config.theme.custom_dir) if config.theme.custom_dir
                                     else None)
        if str(TEMPLATES) not in config.theme.dirs:  # ours sit between overrides and Material
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        self.snapshot = self._snapshot(config)  # before the data is read (generator.incremental)
        self.catalog = self._build(config)
        give_back()
        if self.catalog is None:
            return config  # `mkdocs serve` shows the errors (see on_files)
        for issue in self.catalog.warnings:
            log.warning(issue.format())
        if config.strict and self.catalog.warnings:
            raise PluginError(f"{len(self.catalog.warnings)} avertissement(s) en mode strict : "
                              "corrigez-les ; le site déjà publié reste inchangé.")
        if not config.site_url and not self.serving:
            # A warning, except in strict mode, where it would stop every site not yet online.
            (log.info if config.strict else log.warning)(SITE_URL_MISSING)
        self.publication = Publication(None if self.serving else Path(config.site_dir),
                                       self.catalog.date, "mkdocs")
        self.publication.start()
        if self.publication.staging is not None:
            config.site_dir = str(self.publication.staging)
        return config

    def _environment(self, overrides: Path | None) -> PagesEnvironment:
        """Kept across the rebuilds of `mkdocs serve`: Jinja recompiles a template only when
        its file changes, and the list of templates is read again at each build."""
        if self.env is None or self.env.overrides != overrides:
            return make_environment(overrides)
        self.env.__dict__.pop("available", None)
        return self.env

    def _build(self, config: MkDocsConfig) -> Catalog | None:
        root, option = _config_file(config).parent, self.config
        content = Content(Path(config.docs_dir), os.path.relpath(config.docs_dir, root))
        try:
            return build(root / option.donnees, option.donnees,
                         root / option.referentiel if option.referentiel else None,
                         root / option.contours if option.contours else None,
                         cache_folder(_config_file(config)), content)
        except DataError as exc:
            for issue in exc.issues:
                (log.error if issue.severity is Severity.ERROR else log.warning)(issue.format())
            if self.serving:  # the preview shows the errors, and comes back once they are fixed
                self.errors = list(exc.issues)
                return None
            raise PluginError(f"{len(exc.issues)} erreur(s) dans les données : corrigez-les "
                              "puis relancez.") from None
        except (ReferentielError, ContoursError) as exc:
            raise PluginError(str(exc)) from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.env is not None
        if self.errors:
            return self._error_site(files, config)
        assert self.catalog is not None
        given = len(files)
        handwritten = sorted(f.src_uri for f in files.documentation_pages())
        site = Path(config.site_dir)
        self.build = build = self._incremental(config, handwritten)
        plan = plan_site(self.catalog, config.site_url or "/", handwritten, self.env,
                         write_into(site), frozenset(build.reused),
                         build.parts_store(cache_folder(_config_file(config))))
        for output in plan.files:
            # A generated file is already in the site folder; MkDocs leaves it where it is.
            source = output.source or site / output.path
            files.append(File.generated(config, output.path, abs_src_path=str(source)))
        for spec in plan.pages:
            if files.get_file_from_path(spec.path) is not None:  # validation reserves addresses
                raise PluginError(f"la page {spec.path} existe à la fois dans {config.docs_dir} et "
                                  "dans les pages générées : renommez la page écrite à la main.")
            if build.keeps(config, spec):
                continue  # taken from the published site below, as a territory's pages
            self.pages[spec.path] = spec
            files.append(File.generated(config, spec.path,
                                        content=page_stub(spec, self.catalog, self.env)))
        build.record(plan.pages, plan.owned)
        for taken in build.take(config, site, files):
            files.append(taken)
        files = _in_canonical_order(files, given)
        build.survey(files)
        config.extra.update(plan.extra)
        self.progress = Progress(len(files.documentation_pages()) - len(build.taken_pages))
        give_back()  # what planning freed, before the search index runs beside the build
        # The search index is built part by part as the pages are written (see Indexer).
        self.indexer = Indexer(Path(config.site_dir), [
            *(f.dest_uri for f in files if f.dest_uri.endswith(".html")), "404.html"],
            max(1, self.config.recherche_pages_par_partie), build.previous_index())
        self.indexer.taken(build.taken_pages)
        self.last_page = None
        if not config.nav:
            config.nav = plan.nav
            # Project and contract pages are reached from listings, on purpose.
            config.validation.nav.omitted_files = logging.DEBUG
        return files

    def _snapshot(self, config: MkDocsConfig) -> incremental.Snapshot | None:
        if self.serving and not self.dirty:
            return None  # `mkdocs serve` rebuilds everything each time: nothing to record
        config_file = _config_file(config)
        return incremental.Snapshot.take(config_file.parent / self.config.donnees,
                                         incremental.SiteFiles(
            config_file, Path(config.theme.custom_dir) if config.theme.custom_dir else None,
            Path(config.docs_dir), _hook_files(config)))

    def _incremental(self, config: MkDocsConfig, handwritten: list[str]) -> Incremental:
        """What this build can take from the last one (nothing unless `--dirty`)."""
        assert self.catalog is not None
        published = (self.publication.final if self.publication and self.publication.final
                     else Path(config.site_dir))
        if self.snapshot is None:
            return Incremental.disabled(published)
        config_file, option = _config_file(config), self.config
        nav, extra = site_settings(self.catalog, handwritten)
        inputs = incremental.SiteInputs(
            self.snapshot,
            config_file.parent / option.referentiel if option.referentiel else None,
            config_file.parent / option.contours if option.contours else None,
            {"nav": nav, "extra": extra, "site_url": config.site_url,
             "parts": option.recherche_pages_par_partie, "pages": handwritten,
             "config": _resolved(config)})
        record = incremental.manifest_path(cache_folder(config_file), published)
        build = Incremental.start(self.catalog, inputs, published, record, self.dirty)
        build.choose(config)
        if build.reused:
            log.info(f"construction incrémentale : {len(build.reused)} territoire(s) repris "
                     f"tels quels, {len(self.catalog.territories) - len(build.reused)} "
                     "reconstruit(s).")
        return build

    def _error_site(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.env is not None
        for page in list(files.documentation_pages()):
            files.remove(page)
        spec = PageSpec(ERRORS_PAGE, "Erreurs dans les données", "territoires/erreurs.html",
                        context={"issues": self.errors})
        self.pages = {spec.path: spec}
        files.append(File.generated(config, spec.path, content=page_stub(spec, None, self.env)))
        config.nav = [{"Erreurs dans les données": ERRORS_PAGE}]
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            _describe_handwritten(page)
            return html
        # Generated pages skip Markdown: their body is our HTML, rendered when MkDocs writes
        # the page (on_post_page). MkDocs keeps every page until the end of the build:
        # holding a mark instead of the body, and dropping the page's source once read, keeps
        # memory low on a large site.
        page.markdown = None
        page.file.content_string = ""
        return BODY_MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # Counted as pages are written: reading them is quick, writing them is the long part.
        if (line := self.progress.step()) is not None:
            log.info(line)
        self._written(page.file.dest_uri)
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return self._compared(page, compact_html(output))
        assert self.env is not None
        try:
            html = compact_html(output.replace(BODY_MARK, render_body(spec, self.env), 1))
        except RenderError as exc:
            raise PluginError(str(exc)) from None
        return self._compared(page, html)

    def _compared(self, page: Page, html: str) -> str:
        """An incremental build tells the search index which pages changed."""
        build, indexer = self.build, self.indexer
        if build is not None and indexer is not None and build.reused:
            indexer.known.add(page.file.dest_uri)
            if build.changed(page.file.dest_uri, html):
                indexer.changed.add(page.file.dest_uri)
        return html

    def _written(self, next_page: str | None) -> None:
        """The page before this one is on disk now: its part of the search index may start."""
        if self.indexer is None:
            return
        try:
            if self.last_page is not None:
                self.indexer.written(self.last_page)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        self.last_page = next_page

    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.errors:  # every address of the preview shows the errors (MkDocs serves 404.html)
            site = Path(config.site_dir)
            (site / "404.html").write_bytes((site / "index.html").read_bytes())
        elif self.indexer is not None:
            self._written(None)
            # While the last part of the index runs beside the build, the data and the pages'
            # plans go: they are no longer needed, and the two processes add up on the machine.
            self.catalog, self.pages = None, {}
            give_back()
            indexer, self.indexer = self.indexer, None
            try:
                indexer.finish()
            except SearchIndexError as exc:
                raise PluginError(str(exc)) from None
            if self.build is not None:
                self.build.parts = indexer.parts
        publication, self.publication = self.publication, None
        build, self.build = self.build, None
        carried = build.carried_folders() if build is not None else []
        final = publication.finish(config.strict, carried) if publication is not None else None
        if final is not None:
            config.site_dir = str(final)
            log.info(f"site publié dans {final}")
        if build is not None and not self.errors and (final is not None or self.serving):
            build.save()
        release_full_collections()

    def on_build_error(self, *, error: Exception) -> None:
        release_full_collections()
        self.build = None
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.abandon()
        publication, self.publication = self.publication, None
        if publication is not None:
            publication.abandon()
        if debugging():
            return
        # MkDocs would end with an English line (« Aborted with a BuildError! »): the reason
        # is said here, and the last line in French, by stopping first, when no other plugin's
        # on_build_error comes after this one (stopping would skip it).
        if isinstance(error, Abort):
            if self.last_on_error and (said := _strict_stop(error.format_message())) is not None:
                raise Abort(said) from None
            return
        if isinstance(error, BuildError):  # ours (PluginError) among them
            if not self.last_on_error:
                return
            log.error(str(error))
            raise Abort(STOPPED_PREVIEW if self.serving else STOPPED) from None
        if isinstance(error, MkDocsException):
            return  # a configuration error: MkDocs says it alone
        # A full disk, a read-only folder, a bug: one French sentence instead of a traceback.
        raise Abort(f"Construction interrompue : {explain(error)}") from None

    def on_shutdown(self) -> None:
        release_full_collections()  # in case the build was cut short (Ctrl-C) before its end
        # The last event of a `mkdocs` command, once the site is written (`gh-deploy` then
        # pushes it, with what it makes itself still collected as usual). Freeing a national
        # site's millions of objects one by one (pages, models, menus) took Python about five
        # seconds at exit, for memory the system takes back at once: frozen, they are left
        # for the system. Only the command line calls this event.
        gc.freeze()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(Path(config.config_file_path).parent / self.config.donnees))
        return server


class Progress:
    """A line every few seconds on a long build: pages done, rate, time left. The clock only
    paces these lines; nothing it reads reaches the site."""

    EVERY = 10.0

    def __init__(self, total: int = 0) -> None:
        self.total, self.done = total, 0
        self.started = self.last = time.monotonic()

    def step(self) -> str | None:
        self.done += 1
        now = time.monotonic()
        if now - self.last < self.EVERY or not self.total:
            return None
        self.last = now
        rate = self.done / max(now - self.started, 1e-9)
        left = (self.total - self.done) / rate if rate else 0
        return (f"pages : {self.done} sur {self.total} ({rate:.0f} par seconde, "
                f"encore {left:.0f} s environ)")


class Incremental:
    """One build's use of the last (generator.incremental): what it takes as it is, and what
    it records for the next."""

    def __init__(self, published: Path, manifest: Path | None = None, site: str = "",
                 keys: dict[str, str] | None = None, previous: incremental.Manifest | None = None
                 ) -> None:
        self.published, self.manifest_file = published, manifest
        # Plain texts rather than Path objects: a national site has sixty thousand paths.
        self._prefix = os.path.join(published, "")
        self.site, self.keys = site, keys or {}
        self.candidates = incremental.reusable(previous, site, self.keys, published)
        self.previous_parts = previous.parts if previous is not None else []
        self.previous_folders = previous.folders if previous is not None else {}
        self.previous_pages = previous.pages if previous is not None else {}
        self.site_pages: dict[str, str] = {}
        """The site's pages listing some territories, under their keys: what the next build
        compares."""
        self._kept_pages: list[File] = []
        self.carried: incremental.Carried | None = None
        self.folders: dict[str, str] = {}
        self.reused: dict[str, incremental.Published] = {}
        self.territories: dict[str, incremental.Published] = {}
        self.parts: list[list[str]] = []
        self.taken_pages: set[str] = set()
        self._files: dict[str, list[File]] = {}

    @classmethod
    def start(cls, catalog: Catalog, inputs: incremental.SiteInputs, published: Path,
              manifest: Path, dirty: bool) -> Incremental:
        previous = incremental.read_manifest(manifest) if dirty else None
        incremental.forget(manifest)
        return cls(published, manifest, incremental.site_key(catalog, inputs),
                   incremental.territory_keys(catalog, inputs.snapshot), previous)

    @classmethod
    def disabled(cls, published: Path) -> Incremental:
        """Nothing taken, nothing recorded."""
        return cls(published)

    def choose(self, config: MkDocsConfig) -> None:
        """Keep the candidates whose every page and file is still in the published site."""
        for slug, before in self.candidates.items():
            pages = [File.generated(config, src, abs_src_path="") for src in before.pages]
            paths = [f.dest_uri for f in pages] + before.files
            if all(self._published(path) for path in paths):
                self.reused[slug] = before
                self._files[slug] = pages

    def keeps(self, config: MkDocsConfig, spec: PageSpec) -> bool:
        """Whether a site page listing some territories is taken as published: the last build
        made it under the same key (none of them changed), and the published site has it. The
        key is recorded for the next build either way."""
        if not spec.shows or self.manifest_file is None:
            return False
        key = incremental.page_key(self.site, self.keys, spec.shows)
        if key is None:
            return False
        self.site_pages[spec.path] = key
        page = File.generated(config, spec.path, abs_src_path="")
        if self.previous_pages.get(spec.path) != key or not self._published(page.dest_uri):
            return False
        self._kept_pages.append(page)
        return True

    def _published(self, path: str) -> bool:
        """Whether the published site still has this file."""
        return os.path.isfile(self._prefix + path)

    def record(self, pages: list[PageSpec], owned: dict[str, list[str]]) -> None:
        if self.manifest_file is None:
            return  # nothing is recorded
        for slug, files in owned.items():
            self.territories[slug] = incremental.Published(self.keys[slug], [], files)
        for spec in pages:
            if spec.territory in owned and spec.path != urls.PORTAL:
                self.territories[spec.territory].pages.append(spec.path)
        self.territories.update(self.reused)

    def take(self, config: MkDocsConfig, site: Path, others: Files) -> list[File]:
        """The reused territories' pages and files, and the kept site pages (`keeps`), where
        the published site has them. MkDocs
        renders none of these pages: in a `--dirty` build, a page whose source is its own
        output is up to date. A folder holding one of them alone, and nothing of the `others`
        (this build's other outputs), is moved into the new site at the swap (Carried); any
        other file is linked now."""
        self.taken_pages = {page.dest_uri for pages in [*self._files.values(), self._kept_pages]
                            for page in pages}
        if site.resolve() == self.published.resolve():  # `mkdocs serve`: already in place
            return [*self._taken(config, site, lambda path: str(site / path))]
        carried = self.carried = incremental.Carried(self.published, site)
        busy = {incremental.top_folder(f.dest_uri) for f in others}
        whole = {folder for folder, slug in self.previous_folders.items()
                 if slug in self.reused and folder not in busy}
        if not incremental.same_disk(self.published, site.parent):
            whole = set()  # a folder cannot be moved to another disk: linked, or copied
        linker = Linker()
        built = os.path.join(site, "")

        def place(path: str) -> str:
            if (folder := incremental.top_folder(path)) in whole:
                carried.defer(folder)
                return self._prefix + path
            linker.link(Path(self._prefix + path), Path(built + path))
            return built + path

        return [*self._taken(config, site, place)]

    def _taken(self, config: MkDocsConfig, site: Path, place: Callable[[str], str]
               ) -> Iterator[File]:
        for page in self._kept_pages:
            page.abs_src_path = page.abs_dest_path = place(page.dest_uri)
            yield page
        for slug, before in self.reused.items():
            for page in self._files[slug]:
                page.abs_src_path = page.abs_dest_path = place(page.dest_uri)
                yield page
            for path in before.files:
                where = place(path)
                taken = File.generated(config, path, abs_src_path=where)
                taken.abs_dest_path = where
                yield taken

    def survey(self, files: Files) -> None:
        """Which folders of this build hold one territory's files alone: the next build may
        move them whole."""
        self.folders = incremental.own_folders(
            self.territories, ((f.src_uri, f.dest_uri) for f in files))

    def changed(self, page: str, html: str) -> bool:
        """Whether a page rebuilt in this build differs from the published one."""
        try:
            return (self.published / page).read_bytes() != html.encode("utf-8",
                                                                         "xmlcharrefreplace")
        except OSError:
            return True

    def parts_store(self, cache: Path) -> PartStore | None:
        """The territories' parts of the site's open data, kept under the same keys as their
        pages: those of an unchanged territory are taken from the last build, in a build that
        takes its pages (a full build makes every part, and keeps them for the next)."""
        if not self.keys:
            return None
        return PartStore(cache, {slug: f"{self.site}|{key}" for slug, key in self.keys.items()},
                         read=bool(self.reused))

    def previous_index(self) -> PreviousIndex | None:
        return (PreviousIndex(self.published, self.previous_parts, self.carried) if self.reused
                else None)

    def save(self) -> None:
        if self.manifest_file is not None:
            incremental.save_manifest(self.manifest_file, incremental.Manifest(
                self.site, dict(sorted(self.territories.items())), self.parts, self.folders,
                dict(sorted(self.site_pages.items()))))

    def carried_folders(self) -> list[str]:
        return sorted(self.carried.folders) if self.carried is not None else []


STOPPED = "Construction arrêtée : le site publié n'a pas changé."
STOPPED_PREVIEW = "Construction arrêtée : corrigez l'erreur ci-dessus, l'aperçu se remettra à jour."
_STRICT = re.compile(r"Aborted with (.+) in strict mode!")
_COUNTED = {"warning": "avertissement(s)", "error": "erreur(s)"}


def _strict_stop(message: str) -> str | None:
    """MkDocs' English end of a strict build stopped by warnings, in French (None: another)."""
    found = _STRICT.fullmatch(message.strip())
    if found is None:
        return None
    counts = []
    for part in found.group(1).split(", "):
        number, _, kind = part.partition(" ")
        label = _COUNTED.get(kind.removesuffix("s"))
        if not number.isdigit() or label is None:
            return None
        counts.append(f"{number} {label}")
    return (f"Construction arrêtée en mode strict (--strict) : {' et '.join(counts)} ci-dessus. "
            "Le site publié n'a pas changé.")


_UNRESOLVED = {"site_dir", "plugins", "hooks", "watch"}
"""Settings no page shows (or, for plugins and hooks, whose files are in the snapshot)."""


def _resolved(config: MkDocsConfig) -> dict[str, Any]:
    """The configuration as MkDocs resolved it (what `INHERIT` and `!ENV` gave included), in
    plain values: the theme's settings, the site's name, `extra`… are on every page."""
    return {key: _plain(value) for key, value in config.items() if key not in _UNRESOLVED}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):  # a mapping: dict, a configuration, the theme
        return {str(k): _plain(v) for k, v in value.items()}
    return type(value).__name__  # an object: what it is, never its address in memory


def _in_canonical_order(files: Files, given: int) -> Files:
    """The files MkDocs gave (hand-written pages, the theme's files) in its order, then those
    the plugin added, generated or taken from the last build: the territories' by address, then
    the site's own (portal, listings, open data…). MkDocs writes the site map and renders the
    pages in this order: the same whether a page was made in this build or taken from the last
    one, and in a rebuild the changed territory's pages come first, so that their part of the
    search index runs beside the rest (search.Indexer)."""
    every = list(files)

    def key(file: File) -> tuple[bool, str]:
        top = incremental.top_folder(file.src_uri)
        return (not top or top in urls.GENERATED_ROOTS, file.src_uri)

    return Files(every[:given] + sorted(every[given:], key=key))


def _config_file(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or "mkdocs.yml")


def _hook_files(config: MkDocsConfig) -> tuple[Path, ...]:
    hooks: Any = config.hooks or {}
    modules = hooks.values() if isinstance(hooks, dict) else hooks
    return tuple(Path(m.__file__) for m in modules if getattr(m, "__file__", None))


def _exact_dirty_build(record: logging.LogRecord) -> bool:
    """MkDocs warns that a `--dirty` build may leave links and menus out of date. With this
    plugin it cannot: a page is kept only when nothing it shows has changed, and the hand-written
    pages are always rebuilt (the build starts from an empty folder). The warning would stop a
    strict build for nothing."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def _without_theme_search(config: MkDocsConfig) -> None:
    """Material's search would index every page into one file each visitor downloads whole
    (megabytes at a Région's scale): the site's search is Pagefind's (generator.search). A
    mkdocs.yml that still lists `search` keeps working; the theme's index is just not built."""
    theme_search = config.plugins.get("material/search") or config.plugins.get("search")
    if theme_search is not None and getattr(theme_search.config, "enabled", False):
        theme_search.config.enabled = False
        log.debug("recherche du thème désactivée : la recherche du site est celle de Pagefind.")


def _describe_handwritten(page: Page) -> None:
    """A hand-written page gets its own description (unless its front matter gives one) and a
    title escaped for the link-preview tags, as generated pages have."""
    said = str(page.meta.get("description") or metadata.handwritten_description(page.markdown or ""))
    if said:
        page.meta["description"] = theme_text(said)
    page.meta["titre_apercu"] = theme_text(page.title or "")
