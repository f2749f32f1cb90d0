"""The site as a standalone MkDocs project (`territoire-ouvert exporter`): Markdown pages with
front matter and HTML bodies, media, open data, map assets, theme layer and mkdocs.yml, so
another engine, or MkDocs without this plugin, can build it. It writes the same plan
(`outputs.plan_site`) with the same render functions as the plugin."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.catalog import Catalog
from generator.emit import page_source
from generator.failures import CommandError
from generator.load.content import content_files
from generator.outputs import SitePlan, plan_site, write_into
from generator.plan import theme_text
from generator.render.environment import make_environment

TEMPLATES = Path(__file__).parent / "templates"
SEARCH_HOOK = Path(__file__).parent / "file_templates" / "export" / "recherche.py"
"""Builds the Pagefind index after a plain MkDocs build, as the plugin does."""
MARKER = ".territoire-ouvert-export"
"""File the exporter leaves in its output: only a folder that carries it may be emptied again."""


class ExportError(CommandError):
    """The output folder cannot be used: said in French, nothing was deleted."""


def prepare_output(out: Path, protected: list[Path], project: Path | None = None) -> None:
    """Empty `out` for a new export, or refuse. Never delete what the exporter did not create:
    the folder must be new, empty, or carry the exporter's marker; it must neither be, contain
    nor lie inside the data, the hand-written pages or the templates, and it may lie inside
    the project's folder but not be it or contain it."""
    if out.is_symlink():
        raise ExportError(f"« {out} » est un lien symbolique : indiquez un vrai dossier.")
    target = out.resolve()
    checks = [(p.resolve(), True) for p in protected] + ([(project.resolve(), False)] if project else [])
    for place, not_inside in checks:
        relation = ("est" if target == place else "contient" if place.is_relative_to(target)
                    else "se trouve dans" if not_inside and target.is_relative_to(place) else "")
        if relation:
            raise ExportError(f"« {out} » {relation} « {place} », qui fait partie du projet : "
                              "rien n'a été effacé. Choisissez un dossier à part, par exemple "
                              "« export/ » ou « ../export-site ».")
    if out.exists() and not out.is_dir():
        raise ExportError(f"« {out} » est un fichier, pas un dossier : choisissez un autre nom.")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise ExportError(f"le dossier « {out} » n'est pas vide et n'a pas été créé par "
                              "« territoire-ouvert exporter » : rien n'a été effacé. Choisissez "
                              "un dossier vide ou nouveau.")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Dossier écrit par « territoire-ouvert exporter » : il peut être "
                              "effacé et réécrit par cette commande.\n", encoding="utf-8")


def export_site(catalog: Catalog, out: Path, site_name: str, written: Path | None = None,
                overrides: Path | None = None, base_url: str = "/",
                protected: list[Path] | None = None, project: Path | None = None,
                settings: dict[str, Any] | None = None) -> list[str]:
    """`settings`: what the source mkdocs.yml sets and the export keeps (site_options)."""
    """Returns the source paths of the pages written under `out/content`."""
    content = out / "content"
    prepare_output(out, [*(protected or []), *(p for p in (written, overrides) if p)], project)
    content.mkdir(parents=True)
    if written and written.is_dir():
        shutil.copytree(written, content, dirs_exist_ok=True)
    handwritten = [p for p in content_files(content) if p.lower().endswith(".md")]
    env = make_environment(overrides)
    write = write_into(content)
    plan = plan_site(catalog, base_url, handwritten, env, write)
    for spec in plan.pages:
        write(spec.path, page_source(spec, catalog, env).encode("utf-8"))
    for output in plan.files:  # the same files as the plugin's: data, media, map assets
        if output.source is not None:  # generated files were written by the plan
            write(output.path, output.source.read_bytes())
    shutil.copytree(TEMPLATES, out / "theme")
    if overrides and overrides.is_dir():
        shutil.copytree(overrides, out / "theme", dirs_exist_ok=True)
    shutil.copyfile(SEARCH_HOOK, out / SEARCH_HOOK.name)
    write_into(out)("mkdocs.yml", _config(plan, site_name, base_url, settings or {}).encode("utf-8"))
    return sorted([spec.path for spec in plan.pages] + handwritten)


def _config(plan: SitePlan, site_name: str, base_url: str, settings: dict[str, Any]) -> str:
    """The exported site's mkdocs.yml: the source's theme settings, Markdown extensions and
    extra kept, the plan's navigation and settings added."""
    theme = {"language": "fr", "font": False, **settings.get("garder_theme", {}),
             "name": "material", "custom_dir": "theme"}
    config: dict[str, Any] = {
        "site_name": theme_text(site_name), "docs_dir": "content", "use_directory_urls": True,
        "theme": theme,
        # The site's search is Pagefind's, built by the hook; the theme's is not used.
        "plugins": [], "hooks": [SEARCH_HOOK.name],
        "nav": plan.nav, "extra": {**settings.get("garder_extra", {}), **plan.extra},
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    if base_url != "/":
        config["site_url"] = base_url
    if settings.get("site_description"):
        config["site_description"] = theme_text(str(settings["site_description"]))
    if settings.get("garder_markdown_extensions"):
        config["markdown_extensions"] = settings["garder_markdown_extensions"]
    header = "# Site produit par « territoire-ouvert exporter » : construisible sans le greffon.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
