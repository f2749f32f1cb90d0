"""Render stage: safe Markdown and French formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.emit import relative_root
from generator.render.filters import date_fr, euros, md, nombre, pourcent, titre


@pytest.mark.parametrize(("source", "expected"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
    ("[clic](javascript:alert(1))", '<p><a rel="noopener">clic</a></p>'),
    ("![x](javascript:alert(1))", "<p></p>"),
    ("<a href='javascript:alert(1)'>x</a>", "<p>&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;</p>"),
    ("[clic](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="noopener">clic</a></p>'),
])
def test_markdown_never_produces_active_content(source: str, expected: str) -> None:
    assert str(md(source)) == expected


def test_markdown_keeps_formatting_and_shows_tags_as_text() -> None:
    html = str(md("**Important** : voir [le site](https://example.org) <b>gras</b>"))
    assert "<strong>Important</strong>" in html
    assert '<a href="https://example.org" rel="noopener">le site</a>' in html
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_markdown_images_are_not_allowed() -> None:
    assert "<img" not in str(md("![alt](https://example.org/x.png)"))


def test_french_numbers() -> None:
    nnbsp = "\u202f"
    assert euros(Decimal("9717373")) == f"9{nnbsp}717{nnbsp}373{nnbsp}€"
    assert euros(Decimal("1250.5")) == f"1{nnbsp}250,50{nnbsp}€"
    assert euros(0) == f"0{nnbsp}€"
    assert nombre(50000) == f"50{nnbsp}000"
    assert pourcent(Decimal("33.333")) == f"33{nnbsp}%"
    assert date_fr(dt.date(2021, 12, 17)) == "17 décembre 2021"
    assert date_fr(dt.date(2022, 1, 1)) == "1er janvier 2022"
    assert date_fr(2026) == "2026"


def test_titles_keep_markdown_characters_literal() -> None:
    assert titre("Salle *polyvalente* #2") == "Salle \\*polyvalente\\* \\#2"


def test_relative_root() -> None:
    assert relative_root("index.md") == ""
    assert relative_root("gq/index.md") == "../"
    assert relative_root("gq/projets/ecole.md") == "../../../"
    assert relative_root("gq/projet-de-territoire.md") == "../../"
