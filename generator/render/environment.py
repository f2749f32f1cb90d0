"""The Jinja environment of generated pages: the territory's overrides first, then ours."""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from generator.render.filters import FILTERS, GLOBALS


def make_environment(overrides: Path | None = None) -> Environment:
    loaders: list[FileSystemLoader | PackageLoader] = []
    if overrides and overrides.is_dir():
        loaders.append(FileSystemLoader(str(overrides)))
    loaders.append(PackageLoader("generator", "templates"))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    return env
