"""News (« actualités »): Markdown files with a header, checked like the data; a listing and a
page per item, RSS 2.0 and Atom feeds, news on the pages they cite; drafts appear nowhere."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from generator.news import READING_SPEED, reading_minutes
from tests.conftest import FIXTURES, REFERENTIEL, messages, write
from tests.sitecheck import mkdocs_build, site_config
from tests.test_publicity import PNG

CANARY = "canari-brouillon-7f3c"
SITE_URL = "https://www.vallee-test.fr/"


def _news(data: Path, name: str, header: str, body: str = "Un texte.", where: str = "vallee-test"
          ) -> Path:
    folder = f"{where}/actualites" if where else "actualites"
    return write(data, f"{folder}/{name}.md", f"---\n{header.strip()}\n---\n\n{body}\n")


# --- What staff get wrong, said in French at the right line ----------------------------------

def test_a_file_without_header_says_how_to_write_one(data: Path) -> None:
    write(data, "vallee-test/actualites/fete.md", "# La fête\n\nTexte.\n")
    assert "territories/vallee-test/actualites/fete.md:1:1: l'actualité doit commencer par son " \
           "en-tête : une ligne « --- »" in "\n".join(messages(data))


def test_an_unclosed_header_is_said(data: Path) -> None:
    write(data, "vallee-test/actualites/fete.md", "---\ntitre: La fête\ndate: 2026-05-01\n\nTexte\n")
    assert any("actualites/fete.md:1:1: l'en-tête de l'actualité n'est pas fermé" in m
               for m in messages(data))


def test_a_yaml_mistake_in_the_header_is_located_on_its_line(data: Path) -> None:
    write(data, "vallee-test/actualites/fete.md",
          "---\ntitre: La fête\ndate: 2026-05-01\n  auteur: moi\n---\nTexte\n")
    found = [m for m in messages(data) if "actualites/fete.md" in m]
    assert found and found[0].startswith("territories/vallee-test/actualites/fete.md:4:"), found


def test_a_missing_date_and_an_unknown_key_are_errors(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ntags: [fête]")
    found = "\n".join(m for m in messages(data) if "actualites/fete.md" in m)
    assert "date" in found and "tags" in found


def test_a_cited_project_or_contract_must_exist(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01\nprojets: [ecole-salviak]\n"
          "contrats: [crte-inconnu]")
    found = [m for m in messages(data) if "actualites/fete.md" in m]
    assert any(m.startswith("territories/vallee-test/actualites/fete.md:4:") and
               "le projet « ecole-salviak » n'existe pas" in m and "ecole-salviac" in m
               for m in found), found
    assert any(":5:" in m and "le contrat « crte-inconnu » n'existe pas" in m for m in found), found


def test_the_site_news_cite_with_the_territory(data: Path) -> None:
    _news(data, "ouverture", "titre: Ouverture\ndate: 2026-05-01\nprojets: [ecole-salviac]",
          where="")
    found = [m for m in messages(data) if "actualites/ouverture.md" in m]
    assert any("« territoire/identifiant »" in m and "vallee-test/ecole-salviac" in m
               for m in found), found
    _news(data, "ouverture", "titre: Ouverture\ndate: 2026-05-01\n"
          "projets: [vallee-test/ecole-salviac]\ncontrats: [vallee-test/crte]", where="")
    assert [m for m in messages(data) if "actualites/ouverture.md" in m] == []


def test_placeholder_text_is_refused_at_its_line_unless_a_draft(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01", "Premier paragraphe.\n\nLorem ipsum.")
    assert any(m.startswith("territories/vallee-test/actualites/fete.md:8:1: texte provisoire "
                            "« Lorem ipsum »") for m in messages(data)), messages(data)
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01\npublication: brouillon",
          "Lorem ipsum.")
    assert [m for m in messages(data) if "fete.md" in m] == []


def test_an_invisible_character_in_the_text_is_located(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01", "Bonne\x0b fête.")
    assert any(m.startswith("territories/vallee-test/actualites/fete.md:6:6: caractère invisible")
               for m in messages(data)), messages(data)


def test_a_control_character_written_as_an_escape_is_refused_at_its_line(data: Path) -> None:
    _news(data, "fete", 'titre: "Bilan\\x07 2025"\ndate: 2026-05-01')
    assert any(m.startswith("territories/vallee-test/actualites/fete.md:2:") and
               "caractère invisible interdit (U+0007)" in m for m in messages(data)), messages(data)


def test_an_update_before_the_publication_is_refused(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01\nmis_a_jour: 2026-04-01")
    assert any("fete.md:4:" in m and "précède la date de publication" in m
               for m in messages(data)), messages(data)


def test_two_files_for_one_address_are_said(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01")
    write(data, "vallee-test/actualites/fete.MD", "---\ntitre: Autre\ndate: 2026-05-02\n---\nx\n")
    assert any("deux fichiers portent le nom « fete »" in m for m in messages(data))


def test_a_hand_written_page_may_not_take_the_news_address_once_there_is_news(
        tmp_path: Path) -> None:
    from generator.pipeline import Content, validate

    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    write(tmp_path, "content/actualites.md", "# Nos actualités\n\nTexte.\n")
    content = Content(tmp_path / "content")

    def found() -> list[str]:
        return [i.format() for i in validate(data, "territories", None, content).issues
                if "content/actualites.md" in i.format()]

    assert found() == []  # a site without news keeps its own page there
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01")
    assert found() and "réservé au site" in found()[0]


def test_a_news_file_may_not_take_the_listing_address(data: Path) -> None:
    _news(data, "index", "titre: Tout\ndate: 2026-05-01")
    assert any("actualites/index.md" in m and "liste des actualites" in m
               for m in messages(data)), messages(data)


def test_a_news_image_follows_the_media_rules(data: Path) -> None:
    _news(data, "fete", "titre: La fête\ndate: 2026-05-01\n"
          "image: {fichier: ../territoire.yml, alt: x}")
    assert any(m.startswith("territories/vallee-test/actualites/fete.md:4:9:") and "sort du dossier"
               in m for m in messages(data)), messages(data)


def test_other_files_in_the_news_folder_are_said_ignored(data: Path) -> None:
    write(data, "vallee-test/actualites/photo.txt", "x")
    assert any("actualites/photo.txt" in m and "ignoré" in m for m in messages(data))


def test_a_territory_may_not_be_named_like_the_site_news(data: Path) -> None:
    shutil.copytree(data / "vallee-test", data / "actualites" / "x", dirs_exist_ok=True)
    # The root `actualites/` folder is the site's news: a territory there is never read as one.
    assert not any("actualites/x" in m and "territoire" in m and "erreur" in m
                   for m in messages(data))


def test_reading_time_is_rounded_up_and_never_zero() -> None:
    assert reading_minutes("") == 1
    assert reading_minutes("mot " * READING_SPEED) == 1
    assert reading_minutes("mot " * (READING_SPEED + 1)) == 2


# --- The built site ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("actualites")
    data = root / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    for day in range(1, 6):  # five items: the territory's home shows the latest three
        _news(data, f"nouvelle-{day}", f"titre: Nouvelle numéro {day}\ndate: 2026-03-0{day}\n"
              "auteur: Service communication\netiquettes: [Énergie]",
              f"Texte de la nouvelle {day}. " + "mot " * 450)
    (data / "vallee-test/medias").mkdir()
    (data / "vallee-test/medias/chaufferie.png").write_bytes(PNG)
    (data / "medias").mkdir()
    (data / "medias/ouverture.png").write_bytes(PNG)
    _news(data, "chaufferie", "titre: La chaufferie & <b>ses</b> « granulés »\ndate: 2026-04-10\n"
          "resume: La chaufferie de Cazals est en service.\nprojets: [chaufferie-cazals]\n"
          "contrats: [crte]\netiquettes: [Énergie, Bois]\n"
          "image: {fichier: medias/chaufferie.png, alt: La chaudière à granulés, credit: Commune}",
          "## Le chantier\n\nTerminé en mars. Voir [le projet](../../projets/chaufferie-cazals/).")
    _news(data, "brouillon", f"titre: {CANARY} titre\ndate: 2026-06-01\npublication: brouillon\n"
          "projets: [ecole-salviac]", f"{CANARY} texte")
    _news(data, "cite-un-brouillon", "titre: Le projet en préparation\ndate: 2026-02-01\n"
          "projets: [projet-brouillon]")
    _news(data, "ouverture", "titre: Ouverture du site\ndate: 2026-05-01\n"
          "projets: [vallee-test/ecole-salviac]\n"
          "image: {fichier: medias/ouverture.png, alt: Le site sur un téléphone}", "Bienvenue.",
          where="")
    (root / "mkdocs.yml").write_text(site_config(
        "Essai", f"      referentiel: {REFERENTIEL}\n", f"site_url: {SITE_URL}\n"),
        encoding="utf-8")
    (root / "content").mkdir()
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def _page(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def test_a_news_page_says_date_author_reading_time_and_what_it_cites(site: Path) -> None:
    page = _page(site, "vallee-test/actualites/chaufferie")
    assert "<h1>La chaufferie &amp; &lt;b&gt;ses&lt;/b&gt; « granulés »</h1>" in page
    assert 'Publié le <time datetime="2026-04-10">vendredi 10 avril 2026</time>' in page
    assert "Temps de lecture : 1 min" in page
    assert '<h2 id="le-chantier">' in page or "<h2>Le chantier</h2>" in page
    assert 'href="../../../vallee-test/projets/chaufferie-cazals/"' in page
    assert 'href="../../../vallee-test/contrats/crte/"' in page
    assert '<img src="../../../vallee-test/medias/chaufferie.png" alt="La chaudière à granulés"' \
        in page and (site / "vallee-test/medias/chaufferie.png").read_bytes() == PNG
    opening = _page(site, "actualites/ouverture")
    assert '<img src="../../medias/ouverture.png" alt="Le site sur un téléphone"' in opening
    assert (site / "medias/ouverture.png").read_bytes() == PNG
    longer = _page(site, "vallee-test/actualites/nouvelle-1")
    assert "par Service communication" in longer and "Temps de lecture : 3 min" in longer


def test_the_listing_and_the_home_show_the_most_recent_first(site: Path) -> None:
    listing = _page(site, "vallee-test/actualites")
    order = [listing.index(f">Nouvelle numéro {d}<") for d in (5, 4, 3, 2, 1)]
    assert order == sorted(order) and listing.index("La chaufferie") < order[0]
    home = _page(site, "vallee-test")
    assert "Dernières actualités" in home and ">Nouvelle numéro 4<" in home
    assert ">Nouvelle numéro 3<" not in home  # three only: chaufferie, 5 and 4
    assert "Toutes les actualités (7)" in home


def test_news_show_on_the_pages_they_cite(site: Path) -> None:
    project = _page(site, "vallee-test/projets/chaufferie-cazals")
    assert 'href="../../../vallee-test/actualites/chaufferie/"' in project
    contract = _page(site, "vallee-test/contrats/crte")
    assert 'href="../../../vallee-test/actualites/chaufferie/"' in contract
    school = _page(site, "vallee-test/projets/ecole-salviac")
    assert 'href="../../../actualites/ouverture/"' in school  # the site's own news
    site_listing = _page(site, "actualites")
    assert ">Ouverture du site<" in site_listing and ">La chaufferie" in site_listing


def test_a_cited_draft_project_gets_no_link(site: Path) -> None:
    page = _page(site, "vallee-test/actualites/cite-un-brouillon")
    assert "projet-brouillon" not in page and "Projet cité" not in page


def test_a_draft_appears_nowhere(site: Path) -> None:
    """Canary: a draft's title and text are in no page, feed, index, sitemap or export."""
    for path in site.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path
    assert not (site / "vallee-test/actualites/brouillon").exists()


@pytest.mark.parametrize("owner", ["vallee-test/actualites", "actualites"])
def test_the_feeds_are_valid_rss_and_atom(site: Path, owner: str) -> None:
    rss = feedparser.parse((site / owner / "rss.xml").read_bytes())
    atom = feedparser.parse((site / owner / "atom.xml").read_bytes())
    assert not rss.bozo and rss.version == "rss20", rss.get("bozo_exception")
    assert not atom.bozo and atom.version == "atom10", atom.get("bozo_exception")
    for feed in (rss, atom):
        assert feed.feed.language == "fr" or feed.feed.get("language") == "fr"
        titles = [e.title for e in feed.entries]
        assert CANARY not in " ".join(titles)
        assert all(e.link.startswith(SITE_URL) for e in feed.entries)
        dates = [dt.date(*e.published_parsed[:3]) for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
    if owner == "actualites":  # the site's feed carries every territory's news too
        assert {"Ouverture du site", "Nouvelle numéro 1"} <= {e.title for e in rss.entries}
    chaufferie = next(e for e in atom.entries if "chaufferie" in e.link)
    assert chaufferie.title == "La chaufferie & <b>ses</b> « granulés »"
    assert [t.term for t in chaufferie.tags] == ["Énergie", "Bois"]
    assert "Terminé en mars." in chaufferie.content[0].value
    # A link of the text is relative to the news page; in a feed it is absolute.
    assert f'href="{SITE_URL}vallee-test/projets/chaufferie-cazals/"' in chaufferie.content[0].value


def test_every_page_announces_the_feeds(site: Path) -> None:
    home = _page(site, "")  # a single territory: its home is the site's
    assert '<link rel="alternate feed" type="application/rss+xml" title="Actualités — Vallée de test ' \
           '(RSS)" href="vallee-test/actualites/rss.xml">' in home
    project = _page(site, "vallee-test/projets/sentier")
    assert 'href="../../actualites/atom.xml"' in project  # the territory's own feed
    assert 'href="../../../actualites/atom.xml"' not in project
    legal = _page(site, "mentions-legales")
    assert 'type="application/atom+xml" title="Actualités — Site de test (Atom)" ' \
           'href="../actualites/atom.xml"' in legal


def test_the_sitemap_lists_every_public_page_and_only_those(site: Path) -> None:
    tree = ElementTree.parse(site / "sitemap.xml")
    listed = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    pages = {SITE_URL + p.parent.relative_to(site).as_posix().removeprefix(".") + "/"
             for p in site.rglob("index.html")}
    pages = {re.sub(r"(?<!:)//$", "/", p) for p in pages}
    assert listed == pages
    assert SITE_URL + "vallee-test/actualites/brouillon/" not in listed
    assert SITE_URL + "vallee-test/projets/projet-brouillon/" not in listed


def test_a_new_news_item_is_a_draft_that_validates_and_cannot_be_published_as_is(
        data: Path) -> None:
    from generator.scaffold import new_news

    written = new_news(data, "vallee-test", "Fête de la voie verte", dt.date(2026, 5, 2))
    assert written.path == data / "vallee-test/actualites/fete-de-la-voie-verte.md"
    text = written.path.read_text(encoding="utf-8")
    assert "#   ecole-salviac : " in text and "date: 2026-05-02" in text
    assert [m for m in messages(data) if "fete-de-la-voie-verte" in m] == []
    written.path.write_text(text.replace("publication: brouillon", "publication: publie"),
                            encoding="utf-8")
    assert any("fete-de-la-voie-verte.md" in m and "texte provisoire" in m
               for m in messages(data))
    site = new_news(data, "site", "Nouvelle version", dt.date(2026, 5, 2))
    assert site.path == data / "actualites/nouvelle-version.md"
    assert "#   vallee-test/ecole-salviac : " in site.path.read_text(encoding="utf-8")
    assert [m for m in messages(data) if "nouvelle-version" in m] == []


def test_the_site_listing_does_not_grow_with_the_territories(data: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import plan, urls
    from generator.pipeline import build

    for day in range(1, 6):
        _news(data, f"n{day}", f"titre: Nouvelle {day}\ndate: 2026-03-0{day}")
    _news(data, "du-site", "titre: Du site\ndate: 2020-01-01", where="")
    monkeypatch.setattr(plan, "SITE_NEWS_MAX", 3)
    catalog = build(data, "territories", REFERENTIEL)
    listing = next(p for p in plan.plan_pages(catalog) if p.path == urls.news_index(None))
    shown = [n.slug for n in listing.context["items"]]
    assert shown == ["n5", "n4", "n3", "du-site"]  # the site's own, however old, stays
    assert [t.slug for t in listing.context["older"]] == ["vallee-test"]
