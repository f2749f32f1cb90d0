"""Write the whole generated site as plain files (Markdown pages with front matter and HTML
bodies, media, open data, theme layer, mkdocs.yml), so another engine, or MkDocs without this
plugin, can build it. The same plan and render functions as the plugin."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.catalog import Catalog
from generator.emit import page_source
from generator.models.defaults import DEFAULT_DEMO_NOTICE
from generator.plan import plan_assets, plan_exports, plan_nav, plan_pages
from generator.render.environment import make_environment

TEMPLATES = Path(__file__).parent / "templates"


def export_site(catalog: Catalog, out: Path, site_name: str, written: Path | None = None,
                overrides: Path | None = None, base_url: str = "/") -> list[str]:
    """Returns the source paths of the pages written under `out/content`."""
    content = out / "content"
    shutil.rmtree(out, ignore_errors=True)
    content.mkdir(parents=True)
    if written and written.is_dir():
        shutil.copytree(written, content, dirs_exist_ok=True)
    env = make_environment(overrides)
    exports = plan_exports(catalog, base_url)
    pages = []
    for spec in plan_pages(catalog, exports):
        _write(content / spec.path, page_source(spec, catalog, env).encode("utf-8"))
        pages.append(spec.path)
    for folder, files in exports.items():
        for export in files:
            _write(content / folder / export.name, export.content)
    for asset in plan_assets(catalog):
        _write(content / asset.path, asset.source.read_bytes())
    shutil.copytree(TEMPLATES, out / "theme")
    if overrides and overrides.is_dir():
        shutil.copytree(overrides, out / "theme", dirs_exist_ok=True)
    handwritten = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md")
                         if p.relative_to(content).as_posix() not in set(pages))
    _write(out / "mkdocs.yml", _config(catalog, site_name, handwritten).encode("utf-8"))
    return sorted(pages + handwritten)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _config(catalog: Catalog, site_name: str, handwritten: list[str]) -> str:
    site = catalog.dataset.site
    extra: dict[str, Any] = {"accessibilite": {
        "statut": site.conformite_rgaa,
        "page": "accessibilite/" if "accessibilite.md" in handwritten else None}}
    if site.demonstration:
        extra["demonstration"] = site.avertissement_demonstration or DEFAULT_DEMO_NOTICE
    config = {
        "site_name": site_name, "docs_dir": "content", "use_directory_urls": True,
        "theme": {"name": "material", "custom_dir": "theme", "language": "fr", "font": False},
        "plugins": [{"search": {"lang": "fr"}}],
        "nav": plan_nav(catalog, handwritten), "extra": extra,
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    header = "# Site produit par « territoire-ouvert exporter » : construisible sans le greffon.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
