"""MkDocs adapter: the only module that imports mkdocs. It wires the pipeline, nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from generator.catalog import Catalog
from generator.emit import page_source
from generator.issues import DataError
from generator.load.referentiel import ReferentielError
from generator.models.defaults import DEFAULT_DEMO_NOTICE
from generator.pipeline import build
from generator.plan import plan_pages
from generator.render.environment import make_environment

log = get_plugin_logger(__name__)


class TerritoiresConfig(base.Config):
    donnees = c.Type(str, default="territories")
    """Dossier des données YAML, relatif à mkdocs.yml."""
    referentiel = c.Optional(c.Type(str))
    """Dossier du Code officiel géographique (communes.json, epci.json), relatif à mkdocs.yml."""


class TerritoiresPlugin(BasePlugin[TerritoiresConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.data_dir: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").parent
        self.data_dir = root / self.config.donnees
        ref = root / self.config.referentiel if self.config.referentiel else None
        self.catalog = None  # per-build state: `mkdocs serve` rebuilds from scratch
        try:
            self.catalog = build(self.data_dir, self.config.donnees, ref)
        except DataError as exc:
            for issue in exc.issues:
                log.error(issue.format())
            raise PluginError(f"{len(exc.issues)} erreur(s) dans les données : corrigez-les "
                              "puis relancez.") from None
        except ReferentielError as exc:
            raise PluginError(str(exc)) from None
        for issue in self.catalog.warnings:
            log.warning(issue.format())
        site = self.catalog.dataset.site
        if site.demonstration:
            config.extra["demonstration"] = site.avertissement_demonstration or DEFAULT_DEMO_NOTICE
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.catalog is not None
        custom = config.theme.custom_dir
        env = make_environment(Path(custom) if custom else None)
        for spec in plan_pages(self.catalog):
            if files.get_file_from_path(spec.path) is None:
                files.append(File.generated(config, spec.path, content=page_source(spec, env)))
        return files

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        if self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server
