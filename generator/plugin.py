"""MkDocs adapter: the only module that imports mkdocs. It wires the pipeline, nothing more."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateSyntaxError
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.atomic import WarningCounter, discard, publish, staging_dir
from generator.catalog import Catalog
from generator.emit import page_stub, render_body
from generator.failures import debugging, explain
from generator.issues import DataError
from generator.load.contours import ContoursError
from generator.load.referentiel import ReferentielError
from generator.maps import leaflet_assets
from generator.models.defaults import DEFAULT_DEMO_NOTICE
from generator.pipeline import Content, build
from generator.plan import PageSpec, plan_assets, plan_exports, plan_nav, plan_pages
from generator.render.environment import make_environment

log = get_plugin_logger(__name__)


class TerritoiresConfig(base.Config):
    donnees = c.Type(str, default="territories")
    """Dossier des données YAML, relatif à mkdocs.yml."""
    referentiel = c.Optional(c.Type(str))
    """Dossier du Code officiel géographique (communes.json, epci.json), relatif à mkdocs.yml."""
    contours = c.Optional(c.Type(str))
    """Dossier des contours de communes (<département>.geojson), relatif à mkdocs.yml."""


TEMPLATES = Path(__file__).parent / "templates"


def _add_theme_layer(config: MkDocsConfig) -> None:
    """Our templates and assets sit between the site's overrides and Material itself."""
    dirs = config.theme.dirs
    if str(TEMPLATES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))


class TerritoiresPlugin(BasePlugin[TerritoiresConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.data_dir: Path | None = None
        self.pages: dict[str, PageSpec] = {}
        self.env: Environment | None = None
        self.serving = False
        self.final_dir: Path | None = None
        self.warnings = WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # `mkdocs serve` builds in a folder of its own

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("le greffon territoires demande « use_directory_urls: true ».")
        root = Path(config.config_file_path or "mkdocs.yml").parent
        self.data_dir = root / self.config.donnees
        ref = root / self.config.referentiel if self.config.referentiel else None
        contours = root / self.config.contours if self.config.contours else None
        self.catalog, self.pages = None, {}  # per-build state: `mkdocs serve` rebuilds
        custom = config.theme.custom_dir
        self.env = make_environment(Path(custom) if custom else None)
        _add_theme_layer(config)
        try:
            docs = Path(config.docs_dir)
            content = Content(docs, os.path.relpath(docs, root) if docs.is_relative_to(
                root.resolve()) else str(docs))
            self.catalog = build(self.data_dir, self.config.donnees, ref, contours,
                                 root / ".cache" / "territoire-ouvert", content)
        except DataError as exc:
            for issue in exc.issues:
                log.error(issue.format())
            raise PluginError(f"{len(exc.issues)} erreur(s) dans les données : corrigez-les "
                              "puis relancez.") from None
        except (ReferentielError, ContoursError) as exc:
            raise PluginError(str(exc)) from None
        for issue in self.catalog.warnings:
            log.warning(issue.format())
        if config.strict and self.catalog.warnings:
            raise PluginError(f"{len(self.catalog.warnings)} avertissement(s) en mode strict : "
                              "corrigez-les ; le site déjà publié reste inchangé.")
        self._reproducible_dates()
        self._stage(config)
        site = self.catalog.dataset.site
        if site.demonstration:
            config.extra["demonstration"] = site.avertissement_demonstration or DEFAULT_DEMO_NOTICE
        return config

    def _reproducible_dates(self) -> None:
        # MkDocs dates the sitemap with the clock unless SOURCE_DATE_EPOCH says otherwise: the
        # data's own date keeps two builds of the same data identical on different days.
        assert self.catalog is not None
        if self.catalog.date and "SOURCE_DATE_EPOCH" not in os.environ:
            moment = dt.datetime.combine(self.catalog.date, dt.time(), dt.UTC)
            os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))

    def _stage(self, config: MkDocsConfig) -> None:
        if self.serving:
            return
        self.final_dir = Path(config.site_dir)
        config.site_dir = str(staging_dir(self.final_dir))
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def on_post_build(self, config: MkDocsConfig) -> None:
        final, self.final_dir = self.final_dir, None
        if final is None:
            return
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        staging = Path(config.site_dir)
        if config.strict and self.warnings.count:
            discard(staging)  # MkDocs is about to abort: keep the published site as it was
            return
        publish(staging, final)
        config.site_dir = str(final)
        log.info(f"site publié dans {final}")

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.final_dir is not None:
            discard(self.final_dir.parent / f".{self.final_dir.name}.construction")
            self.final_dir = None
        if isinstance(error, MkDocsException) or debugging():
            return  # MkDocs prints its own (and ours, PluginError) as one line
        # A full disk, a read-only folder, a bug: one French sentence instead of a traceback.
        raise Abort(f"Construction interrompue : {explain(error)}") from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        exports = plan_exports(self.catalog, config.site_url or "/")
        for folder, exported in exports.items():
            for export in exported:
                files.append(File.generated(config, f"{folder}/{export.name}",
                                            content=export.content))
        for spec in plan_pages(self.catalog, exports):
            if files.get_file_from_path(spec.path) is not None:  # validation reserves addresses
                raise PluginError(f"la page {spec.path} existe à la fois dans {config.docs_dir} et "
                                  "dans les pages générées : renommez la page écrite à la main.")
            self.pages[spec.path] = spec
            files.append(File.generated(config, spec.path, content=page_stub(spec, self.catalog)))
        for asset in plan_assets(self.catalog):
            files.append(File.generated(config, asset.path, abs_src_path=str(asset.source)))
        if self.catalog.shapes:
            for source, path in leaflet_assets():
                files.append(File.generated(config, path, abs_src_path=str(source)))
        declaration = files.get_file_from_path("accessibilite.md")
        config.extra["accessibilite"] = {
            "statut": self.catalog.dataset.site.conformite_rgaa,
            "page": declaration.url if declaration else None}
        if not config.nav:
            written = sorted(f.src_uri for f in files.documentation_pages()
                             if f.src_uri not in self.pages)
            config.nav = plan_nav(self.catalog, written)
            # Project and contract pages are reached from listings, on purpose.
            config.validation.nav.omitted_files = logging.DEBUG
        return files

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is None:
            return html
        # Generated pages skip Markdown: their body is HTML from our templates.
        assert self.env is not None
        try:
            return render_body(spec, self.env)
        except TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, TemplateSyntaxError) else (
                spec.body)
            raise PluginError(f"gabarit {where} (page {spec.path}) : {exc.message}. Vérifiez ce "
                              "gabarit, par exemple dans overrides/territoires/.") from None

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server
