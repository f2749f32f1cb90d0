"""Find the data folder and the reference folder, from the command line or from mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_DATA = "territories"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name: read past them."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def cache_folder(config_file: Path) -> Path:
    """What a run keeps for the next (parsed files, geometry, the last build's outputs), beside
    mkdocs.yml: only ever saves time, and can be deleted at any moment."""
    return config_file.parent / ".cache" / "territoire-ouvert"


@dataclass
class Settings:
    data: Path
    referentiel: Path | None
    contours: Path | None = None
    content: Path | None = None
    """MkDocs' docs_dir, the hand-written pages (None without mkdocs.yml)."""


def plugin_options(config_file: Path) -> dict[str, Any]:
    """Options of the `territoires` plugin in an mkdocs.yml, or {} when there is none."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    plugins = config.get("plugins", []) if isinstance(config, dict) else []
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("territoires"), dict):
            return dict(entry["territoires"])
    return {}


def site_options(config_file: Path) -> dict[str, Any]:
    """site_name, docs_dir, site_url and the theme's custom_dir of an mkdocs.yml."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError):
        return {}
    if not isinstance(config, dict):
        return {}
    theme: dict[str, Any] = config["theme"] if isinstance(config.get("theme"), dict) else {}
    found = {k: config[k] for k in ("site_name", "docs_dir", "site_url", "site_description")
             if config.get(k)}
    if theme and theme.get("custom_dir"):
        found["custom_dir"] = theme["custom_dir"]
    # What an exported site keeps (theme settings, Markdown extensions, extra), when it is plain
    # data: a Python object named in the file cannot be written back.
    kept = {"theme": {k: v for k, v in theme.items() if k not in ("name", "custom_dir")},
            "markdown_extensions": config.get("markdown_extensions"), "extra": config.get("extra")}
    found |= {f"garder_{k}": v for k, v in kept.items() if v and _plain(v)}
    return found


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def resolve(data: str | None, referentiel: str | None, config_file: Path) -> Settings:
    """Command-line values win; otherwise the plugin's options, relative to mkdocs.yml."""
    options = plugin_options(config_file) if config_file.is_file() else {}
    base = config_file.parent
    data_path = Path(data) if data is not None else base / str(options.get("donnees", DEFAULT_DATA))
    ref = referentiel if referentiel is not None else options.get("referentiel")
    ref_path = None
    if ref:
        ref_path = Path(ref) if referentiel is not None else base / str(ref)
    contours = options.get("contours")
    docs = site_options(config_file).get("docs_dir", "docs") if config_file.is_file() else None
    return Settings(data_path, ref_path, base / str(contours) if contours else None,
                    base / str(docs) if docs else None)
