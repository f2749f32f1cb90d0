"""Emit stage: a planned page as front matter plus HTML body, for MkDocs or any engine."""

from __future__ import annotations

import json
import re
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from generator import metadata, urls
from generator.catalog import Catalog, TerritoryCatalog
from generator.failures import CommandError
from generator.feeds import feed_title
from generator.labels import PAGE_KINDS
from generator.plan import PageSpec, theme_text
from generator.render.environment import PagesEnvironment


def relative_root(path: str) -> str:
    """Prefix from a page's URL back to the site root (directory URLs: `a/b.md` → `../../`)."""
    return "../" * urls.address(path).count("/")


def front_matter(spec: PageSpec, catalog: Catalog | None, env: PagesEnvironment) -> dict[str, Any]:
    # MkDocs' theme templates print the title without escaping (<title>, navigation, header):
    # a title from the data must reach them already escaped.
    meta: dict[str, Any] = {"title": theme_text(spec.title), "template": env.shell(spec.page_template),
                            # No table of contents: its empty column would narrow every table.
                            "hide": ["toc"]}
    if spec.description:
        meta["description"] = theme_text(spec.description)
    if spec.structured:
        meta["donnees_structurees"] = metadata.json_ld(spec.structured)
    territory = catalog.territories.get(spec.territory or "") if catalog else None
    if not spec.searchable:
        meta["search"] = {"exclude": True}
    elif facts := _search_facts(spec, territory):
        meta["recherche"] = facts
    if spec.searchable and (filters := _search_filters(spec)):
        meta["filtres"] = filters
    if spec.path == urls.SEARCH:
        meta["recherche_page"] = True
    if catalog is not None and spec.territory and catalog.news.of(spec.territory):
        meta["flux"] = feed_links(catalog, spec.territory)
    colours = territory.data.identity.couleurs if territory else None
    if colours:
        meta["couleurs"] = colours.model_dump(exclude_none=True)
    return meta


def page_stub(spec: PageSpec, catalog: Catalog | None, env: PagesEnvironment) -> str:
    """The page's source as the engine reads it: front matter only, the body comes apart.
    JSON is valid YAML, so no title can break the front matter."""
    return f"---\n{json.dumps(front_matter(spec, catalog, env), ensure_ascii=False)}\n---\n"


class RenderError(CommandError):
    """A template (often a site's override) failed: said in French, with the page and place."""


def render_body(spec: PageSpec, env: PagesEnvironment) -> str:
    try:
        return env.get_template(spec.body).render(**spec.context, root=relative_root(spec.path),
                                                  page_path=spec.path)
    except TemplateError as exc:
        where = f"{exc.filename}:{exc.lineno}" if isinstance(exc, TemplateSyntaxError) else spec.body
        raise RenderError(f"gabarit {where} (page {spec.path}) : {exc.message}. Vérifiez ce "
                          "gabarit, par exemple dans overrides/territoires/.") from None


def page_source(spec: PageSpec, catalog: Catalog, env: PagesEnvironment) -> str:
    """Front matter and HTML body in one Markdown file, for engines without this plugin."""
    return page_stub(spec, catalog, env) + "\n" + render_body(spec, env)



def _search_facts(spec: PageSpec, territory: TerritoryCatalog | None) -> dict[str, str]:
    """The page's kind, territory and facts for search results, escaped for the theme."""
    facts = {"type": PAGE_KINDS.get(spec.body, ""), **spec.facts}
    if territory is not None:
        facts["territoire"] = territory.data.identity.nom_court or territory.data.identity.nom
    return {key: theme_text(value) for key, value in facts.items() if value}


def _search_filters(spec: PageSpec) -> dict[str, list[str]]:
    """The page's search filters, its kind first, escaped for the theme."""
    kind = PAGE_KINDS.get(spec.body)
    filters = {**({"Type de page": [kind]} if kind else {}), **spec.filters}
    return {theme_text(name): [theme_text(v) for v in values]
            for name, values in filters.items() if values}


def feed_links(catalog: Catalog, owner: str | None) -> list[dict[str, str]]:
    """The feeds of a territory's news, or of the site's (None), as a page's head announces
    them: browsers and feed readers find them there. Titles escaped for the theme."""
    return [{"titre": theme_text(f"{feed_title(catalog, owner)} ({label})"),
             "type": f"application/{kind}+xml", "chemin": urls.feed_path(owner, kind)}
            for kind, label in (("rss", "RSS"), ("atom", "Atom"))]


_VERBATIM = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")


def compact_html(html: str) -> str:
    """A page without its indentation and blank lines (a tenth of its bytes, mostly the
    theme's): a line break followed by white space becomes one line break, which HTML reads
    the same. What <pre>, <textarea> and <script> hold is left as it is."""
    kept: list[str] = []
    last = 0
    for verbatim in _VERBATIM.finditer(html):
        kept += [_INDENT.sub("\n", html[last:verbatim.start()]), verbatim.group(0)]
        last = verbatim.end()
    kept.append(_INDENT.sub("\n", html[last:]))
    return "".join(kept)
