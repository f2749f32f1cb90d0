"""What pages say about themselves: a title and a description of their own, link-preview tags,
schema.org data for the territory and its projects, a French 404 page; and placeholder text
refused in the hand-written pages as in the data."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from pathlib import Path

from generator.formats import plain_summary
from generator.metadata import json_ld
from generator.pipeline import Content, validate
from generator.validate.content import content_placeholders
from tests.conftest import FIXTURES, write
from tests.sitecheck import html_pages

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _meta(page: str, prop: str) -> str | None:
    found = re.search(rf'<meta property="{prop}" content="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def test_plain_summary_keeps_the_words_of_markdown() -> None:
    assert plain_summary("le **Pays du Lot**. Voir [le site](https://x.fr).") == \
        "le Pays du Lot. Voir le site."
    long = "mot " * 100
    cut = plain_summary(long, 40)
    assert len(cut) <= 40 and cut.endswith("…") and " mo…" not in cut
    assert plain_summary(None) == "" and plain_summary("") == ""


def test_json_ld_cannot_close_its_script_nor_look_like_a_template() -> None:
    data = {"name": "</script><script>alert(1)</script> {{ 7*7 }} ${x} `y` & \\u003c"}
    text = json_ld(data)
    for unsafe in ("<", ">", "{{", "${", "`", "&"):
        assert unsafe not in text.replace('{"name":', "", 1)[:-1]
    assert json.loads(text) == data


def test_every_page_has_its_own_title_and_description(example_site: Path) -> None:
    titles: Counter[str] = Counter()
    descriptions: Counter[str] = Counter()
    for path in html_pages(example_site):
        if path.name == "404.html":
            continue
        page = path.read_text(encoding="utf-8")
        title, description = _TITLE.search(page), _DESCRIPTION.search(page)
        assert title and description, path
        titles[title.group(1)] += 1
        descriptions[description.group(1)] += 1
        assert _meta(page, "og:title") and _meta(page, "og:description") == \
            html.unescape(description.group(1)), path
        assert _meta(page, "og:locale") == "fr_FR" and 'name="twitter:card"' in page, path
    assert [t for t, n in titles.items() if n > 1] == []
    assert [d for d, n in descriptions.items() if n > 1] == []


def test_territory_and_projects_carry_schema_org_data(example_site: Path) -> None:
    home = (example_site / "grand-quercy/index.html").read_text(encoding="utf-8")
    (organisation,) = [json.loads(s) for s in _JSON_LD.findall(home)]
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["name"] == "Pôle d'équilibre territorial et rural Grand Quercy"
    project = (example_site / "grand-quercy/projets/accueil-de-loisirs-montcuq/index.html")
    (data,) = [json.loads(s) for s in _JSON_LD.findall(project.read_text(encoding="utf-8"))]
    assert data["@type"] == "Project"
    assert data["name"] == "Construction d'un accueil de loisirs à Montcuq-en-Quercy-Blanc"
    assert {"@type": "Organization", "name": "Caisse d'allocations familiales du Lot"} in \
        data["funder"]
    contracts = (example_site / "grand-quercy/contrats/index.html").read_text(encoding="utf-8")
    assert _JSON_LD.findall(contracts) == []


def test_the_not_found_page_speaks_french(example_site: Path) -> None:
    page = (example_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page introuvable</h1>" in page and "Not found" not in page
    assert "Revenir à l'accueil du site" in page


def test_placeholders_in_content_are_located_and_code_is_spared() -> None:
    pages = [("a-propos.md", "# À propos\n\nNotre territoire. Lorem ipsum dolor.\n\n"
              "```yaml\nresume: TODO\n```\n\nLe formulaire à compléter est en ligne.\n"
              "[à rédiger : le mot du président]\n")]
    found = [(i.file, i.line, i.column, i.message) for i in content_placeholders(pages, "content")]
    assert found == [
        ("content/a-propos.md", 3, 19, "texte provisoire « Lorem ipsum » : remplacez-le par le "
         "vrai texte avant publication, ou retirez la page du dossier."),
        ("content/a-propos.md", 10, 1, "texte provisoire « [à rédiger : le mot du président] » : "
         "remplacez-le par le vrai texte avant publication, ou retirez la page du dossier."),
    ]


def test_validation_refuses_a_content_page_with_placeholder_text(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    write(tmp_path, "content/actions.md", "# Nos actions\n\nTODO : décrire les actions.\n")
    result = validate(tmp_path / "territories", "territories", None, Content(tmp_path / "content"))
    assert [i.format() for i in result.issues.errors] == [
        "content/actions.md:3:1: texte provisoire « TODO » : remplacez-le par le vrai texte "
        "avant publication, ou retirez la page du dossier."]
