"""Jinja filters: safe Markdown, French money, numbers and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urljoin

import markdown
import nh3
from markupsafe import Markup

from generator import urls
from generator.formats import euros, nombre, octets, pourcent, qualifier_of, sort_fr
from generator.labels import FEADER_URL, FUNDING_STATUS, LEADER_MENTION, STATUS
from generator.models.common import Periode, end_of, start_of
from generator.models.fields import PartialDate
from generator.render.charts import bar_chart, gauge

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")
_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
         "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr"}


_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"])
"""One converter for every text: building one (and its extensions) per call cost more than the
conversions themselves. `reset()` clears what the previous text left."""


def md(text: str | None, top: int = 3, base: str | None = None) -> Markup:
    """Markdown from the data: raw HTML is escaped by Markdown and anything left is sanitised.
    Headings start at level `top` (a news text sits under the page's h1, a project's
    description under an h2): a higher one keeps its text, not its level. With `base` (the
    page's address), links are made absolute, for a copy read elsewhere (a feed)."""
    if not text:
        return Markup("")
    html = _MARKDOWN.reset().convert(_escape_html(text))
    tags = _TAGS | {f"h{level}" for level in range(top, 6)}
    clean = nh3.clean(html, tags=tags, attributes={"a": {"href", "title"}, "abbr": {"title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener",
                      attribute_filter=_absolute(base) if base else None)
    return Markup(clean)


def _absolute(base: str) -> Callable[[str, str, str], str | None]:
    def resolve(tag: str, attribute: str, value: str) -> str | None:
        return urljoin(base, value) if attribute == "href" else value
    return resolve


def email_masked(address: str) -> Markup:
    """An e-mail address written with character references for « @ » and « . »: browsers, screen
    readers and keyboards read and follow it as usual (no script needed), while harvesters that
    scan the raw HTML for « name@domain » find nothing."""
    escaped = str(Markup.escape(address))
    return Markup(escaped.replace("@", "&#64;").replace(".", "&#46;"))


def _escape_html(text: str) -> str:
    # Staff write Markdown, not HTML: show any tag as text rather than interpret it.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def date_fr(value: dt.date | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, PartialDate):  # only what the source says: « 2023 », « mai 2023 »
        return str(value.year) if value.precision == "annee" else \
            f"{_MONTHS[value.month - 1]} {value.year}"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_longue(value: dt.date) -> str:
    """A full date as the news say it: « mercredi 25 mars 2020 »."""
    return f"{_WEEKDAYS[value.weekday()]} {date_fr(value)}"


_MD_SPECIALS = str.maketrans({c: "\\" + c for c in "\\`*_[]{}()#+-!|"})


def titre(text: str) -> str:
    """A title placed in a Markdown heading: keep *, _, # … as plain characters."""
    return text.translate(_MD_SPECIALS)


def elapsed(period: Periode, on: dt.date | None) -> int | None:
    """Share of a period elapsed on the data date, in whole percent (None when unknown)."""
    if on is None or period.fin is None:
        return None
    start, end = start_of(period.debut), end_of(period.fin)
    if end <= start:
        return 100 if on >= end else 0
    share = (on - start).days * 100 // (end - start).days
    return max(0, min(100, share))


GLOBALS = {"elapsed": elapsed, "urls": urls, "graphique_barres": bar_chart,
           "jauge_enveloppe": gauge, "STATUTS": STATUS,
           "STATUTS_FINANCEMENT": FUNDING_STATUS, "MENTION_LEADER": LEADER_MENTION,
           "URL_FEADER": FEADER_URL}
"""What every template may use: addresses and labels come from their one owner."""

FILTERS = {
    "titre": titre, "md": md, "nombre": nombre, "euros": euros, "pourcent": pourcent,
    "date_fr": date_fr, "date_longue": date_longue, "qualificatif": qualifier_of,
    "tri_fr": sort_fr, "octets": octets, "courriel": email_masked,
}
