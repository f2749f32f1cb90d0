"""Contact addresses: followed and read as usual by browsers and screen readers, absent in clear
from the HTML and the search index that harvesters scan."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.render.filters import email_masked
from tests.sitecheck import html_pages, pagefind_records

CLEAR_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class _Links(HTMLParser):
    """What a browser makes of the page's mail links: entities decoded in attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("mailto:"):
            self._href = href
            self.links.append((href, ""))

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def test_masked_address_is_escaped_and_has_no_clear_form() -> None:
    masked = str(email_masked('contact"<x>@pays.fr'))
    assert "@" not in masked and "<" not in masked and '"' not in masked
    assert masked.startswith("contact&#34;&lt;x&gt;&#64;pays&#46;fr")


def test_example_contacts_work_but_are_not_in_clear(example_site: Path) -> None:
    page = example_site / "haut-rouergue/index.html"
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    assert ("mailto:animation-phr@orange.fr", "animation-phr@orange.fr") in parser.links
    for path in html_pages(example_site):
        assert CLEAR_ADDRESS.findall(path.read_text(encoding="utf-8")) == [], path
    for record in pagefind_records(example_site):  # contacts are left out of the search index
        assert CLEAR_ADDRESS.findall(json.dumps(record, ensure_ascii=False)) == [], record["url"]
        assert "animation-phr" not in str(record["content"]), record["url"]
