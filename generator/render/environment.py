"""The Jinja environment of generated pages: the territory's overrides first, then ours."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from generator.render.filters import FILTERS, GLOBALS

GENERIC_SHELL = "territoires/page.html"


class PagesEnvironment(Environment):
    """Jinja with the templates it can find listed once, to choose each page's shell."""

    overrides: Path | None = None

    @functools.cached_property
    def available(self) -> frozenset[str]:
        return frozenset(self.list_templates())

    def shell(self, specific: str) -> str:
        """A page type's own shell (`territoires/page-projet.html`) when a site or the package
        has one, else the generic shell: a new page type needs no shell of its own."""
        return specific if specific in self.available else GENERIC_SHELL


def make_environment(overrides: Path | None = None) -> PagesEnvironment:
    loaders: list[FileSystemLoader | PackageLoader] = []
    if overrides and overrides.is_dir():
        loaders.append(FileSystemLoader(str(overrides)))
    loaders.append(PackageLoader("generator", "templates"))
    # Templates of files other than pages (the map's base drawing) live outside the theme
    # folder: MkDocs would publish them as they are, Jinja source included.
    loaders.append(PackageLoader("generator", "file_templates"))
    env = PagesEnvironment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                           trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    env.overrides = overrides
    return env
