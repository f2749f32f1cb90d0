"""RSS 2.0 and Atom feeds of the news, the site's and each territory's, written by feedgen
(a kept library: both formats, their escaping and their required elements).

Dates come from the news, never from the clock: the same data gives the same feeds."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator import urls
from generator.catalog import Catalog
from generator.news import NewsItem
from generator.render.filters import md

FEED_SIZE = 50
"""Items in a feed: the most recent ones; the listing page has them all."""


def feed_title(catalog: Catalog, territory: str | None) -> str:
    """The one name of a feed: in the feed itself and in every page's head that points to it."""
    if territory is None:
        return f"Actualités — {catalog.dataset.site.nom}"
    return f"Actualités — {catalog.territories[territory].data.identity.nom}"


def news_feeds(catalog: Catalog, base_url: str, skip: frozenset[str] = frozenset()
               ) -> list[tuple[str, bytes, str | None]]:
    """(path, content, territory) of every feed: the site's (all news, territory None) and
    each territory's that has news (but those in `skip`, kept from the last build)."""
    found: list[tuple[str, bytes, str | None]] = []
    owners: list[str | None] = [None, *(t for t in catalog.territories if t not in skip)]
    for territory in owners:
        items = catalog.news.every if territory is None else catalog.news.of(territory)
        if not items:
            continue
        for kind in urls.FEED_KINDS:
            generator = _feed(catalog, territory, items[:FEED_SIZE], base_url, kind)
            content = generator.rss_str(pretty=True) if kind == "rss" else \
                generator.atom_str(pretty=True)
            found.append((urls.feed_path(territory, kind), content, territory))
    return found


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _feed(catalog: Catalog, territory: str | None, items: list[NewsItem], base_url: str,
          kind: str) -> FeedGenerator:
    site = catalog.dataset.site
    page = urljoin(base_url, urls.news_index_url(territory))
    feed = FeedGenerator()
    feed.id(page)
    feed.title(feed_title(catalog, territory))
    feed.link(href=urljoin(base_url, urls.feed_path(territory, kind)), rel="self")
    feed.link(href=page, rel="alternate")
    said = f"Les actualités publiées sur {site.nom}."
    feed.description(str(escape(said)) if kind == "rss" else said)  # HTML in RSS, as below
    feed.language("fr")
    feed.author({"name": site.nom})
    feed.generator("Territoire ouvert")
    latest = max(_at(i.actualite.mis_a_jour or i.actualite.date) for i in items)
    feed.lastBuildDate(latest)
    feed.updated(latest)
    for item in items:
        _entry(feed, item, base_url, kind)
    return feed


def _entry(feed: FeedGenerator, item: NewsItem, base_url: str, kind: str) -> None:
    news = item.actualite
    link = urljoin(base_url, urls.news_url(item.territory, item.slug))
    entry = feed.add_entry(order="append")
    entry.id(link)
    entry.guid(link, permalink=True)
    entry.title(news.titre)
    entry.link(href=link)
    entry.published(_at(news.date))
    entry.updated(_at(news.mis_a_jour or news.date))
    if news.resume:
        # RSS readers take <description> as HTML: the summary, plain text, is escaped for it
        # (« <b> » stays text). Atom says its summary is text.
        entry.summary(str(escape(news.resume)) if kind == "rss" else news.resume)
    if item.texte:  # links made absolute: a feed reader resolves them against the feed
        entry.content(str(md(item.texte, 2, link)), type="html")
    if news.auteur:
        entry.author({"name": news.auteur})
    for tag in news.etiquettes:
        entry.category(term=tag)
