"""News in the catalog: the published items in reading order, what each cites, reading time.

Drafts are left out here, once: no page, listing, feed or export can show one."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from generator.formats import french_key
from generator.models.actualite import Actualite
from generator.validate.dataset import Dataset, NewsFile

READING_SPEED = 200
"""Words read per minute, on the low side: the time shown is a promise to the reader."""

_WORD = re.compile(r"\w+")

Ref = tuple[str, str]
"""(territory, project or contract)."""


@dataclass(frozen=True)
class NewsItem:
    slug: str
    territory: str | None
    """None for the site's own news."""
    actualite: Actualite
    texte: str
    minutes: int
    projects: tuple[Ref, ...]
    """The published projects it cites (a draft has no page to link to)."""
    contracts: tuple[Ref, ...]


@dataclass(frozen=True)
class NewsCatalog:
    site: list[NewsItem] = field(default_factory=list)
    territories: dict[str, list[NewsItem]] = field(default_factory=dict)
    every: list[NewsItem] = field(default_factory=list)
    """The site's and every territory's, most recent first: the site's listing and feed."""
    by_project: dict[Ref, list[NewsItem]] = field(default_factory=dict)
    by_contract: dict[Ref, list[NewsItem]] = field(default_factory=dict)

    def of(self, territory: str | None) -> list[NewsItem]:
        """A territory's news, or the site's own (None), most recent first."""
        return self.site if territory is None else self.territories.get(territory, [])


def reading_minutes(text: str) -> int:
    return max(1, math.ceil(len(_WORD.findall(text)) / READING_SPEED))


def _order(item: NewsItem) -> tuple[int, tuple[str, str], str]:
    return (-item.actualite.date.toordinal(), french_key(item.actualite.titre), item.slug)


def _cited(refs: list[str], territory: str | None) -> list[Ref]:
    """References as (territory, slug): a territory's news cite their own, the site's news
    « territoire/identifiant »."""
    if territory is not None:
        return [(territory, ref) for ref in refs]
    return [(ref.split("/", 1)[0], ref.split("/", 1)[1]) for ref in refs]


def _items(files: dict[str, NewsFile], territory: str | None,
           published: set[Ref]) -> list[NewsItem]:
    items = [NewsItem(slug, territory, news.actualite, news.texte, reading_minutes(news.texte),
                      tuple(r for r in _cited(news.actualite.projets, territory) if r in published),
                      tuple(_cited(news.actualite.contrats, territory)))
             for slug, news in files.items() if news.actualite.published]
    return sorted(items, key=_order)


def build_news(dataset: Dataset) -> NewsCatalog:
    published = {(t.slug, slug) for t in dataset.territories
                 for slug, p in t.projets.items() if p.published}
    territories = {t.slug: _items(t.actualites, t.slug, published) for t in dataset.territories}
    site = _items(dataset.actualites, None, published)
    every = sorted([*site, *(i for items in territories.values() for i in items)], key=_order)
    by_project: dict[Ref, list[NewsItem]] = defaultdict(list)
    by_contract: dict[Ref, list[NewsItem]] = defaultdict(list)
    for item in every:
        for ref in item.projects:
            by_project[ref].append(item)
        for ref in item.contracts:
            by_contract[ref].append(item)
    return NewsCatalog(site, territories, every, dict(by_project), dict(by_contract))
