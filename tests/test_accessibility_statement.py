"""The legal pages. The accessibility statement (article 47 of law 2005-102): generated from
site.yml, its status backed by an audit or « non conforme », a contact that exists, the Défenseur
des droits; the status and the link on every page. Mentions légales (LCEN) and personal data
(RGPD): generated, a missing required item is a warning. A hand-written page still replaces
a generated one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.civic import NO_AUDIT, status
from generator.emit import render_body
from generator.models.registry import Site
from generator.outputs import plan_site
from generator.pipeline import build, validate
from generator.render.environment import make_environment
from tests.conftest import FIXTURES, REFERENTIEL, write
from tests.sitecheck import html_pages, mkdocs_build, site_config

SITE_YML = "territories/site.yml"


def _site(accessibilite: dict[str, object] | None = None, **old: object) -> Site:
    return Site.model_validate({"accessibilite": accessibilite or {}, **old})


@pytest.mark.parametrize(("settings", "shown", "reason"), [
    ({}, "non conforme", None),
    ({"etat": "partiellement conforme"}, "non conforme", NO_AUDIT),
    ({"etat": "partiellement conforme", "audit": {"date": "2026-03-02", "auditeur": "Access42",
                                                   "taux": 72.5}}, "partiellement conforme", None),
    ({"etat": "totalement conforme", "audit": {"date": "2026-03-02", "auditeur": "Access42",
                                                "taux": 100}}, "totalement conforme", None),
    ({"etat": "totalement conforme", "audit": {"date": "2026-03-02", "auditeur": "Access42",
                                                "taux": 41}}, "non conforme",
     "l'audit mesure un taux de conformité de 41 %, ce qui fait un site « non conforme »"),
    ({"etat": "partiellement conforme", "audit": {"date": "2026-03-02", "auditeur": "A"}},
     "partiellement conforme", None),
])
def test_status_follows_the_audit(settings: dict[str, object], shown: str,
                                  reason: str | None) -> None:
    said = status(_site(settings))
    assert (said.shown, said.reason) == (shown, reason)


def test_the_old_key_is_still_read() -> None:
    said = status(_site(conformite_rgaa="partiellement conforme"))
    assert (said.stated, said.shown, said.reason) == ("partiellement conforme", "non conforme",
                                                      NO_AUDIT)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    return tmp_path / "territories"


def _warnings(data: Path) -> list[str]:
    return [i.format() for i in validate(data, "territories").issues.warnings]


def test_a_status_without_audit_is_a_warning_located_in_site_yml(data: Path) -> None:
    write(data, "site.yml", "nom: Site de test\ndemonstration: true\naccessibilite:\n"
          "  etat: totalement conforme\n")
    assert _warnings(data) == [
        f"{SITE_YML}:4:3: avertissement : accessibilite.etat : l'état déclaré « totalement "
        f"conforme » ne peut pas être affiché : {NO_AUDIT}. Le site affiche « non conforme » ; "
        "indiquez l'audit (accessibilite.audit : date, auditeur, taux) ou corrigez l'état."]


def test_no_contact_anywhere_is_a_warning(data: Path) -> None:
    territory = (data / "vallee-test/territoire.yml").read_text(encoding="utf-8")
    write(data, "vallee-test/territoire.yml", re.sub(r"contacts:\n(  [ -].*\n)+", "", territory))
    assert _warnings(data) == [
        f"{SITE_YML}:1:1: avertissement : accessibilite.contact : aucun contact pour signaler un "
        "défaut d'accessibilité : la déclaration doit en donner un. Ajoutez dans site.yml "
        "« accessibilite: contact: courriel: … » (ou formulaire, adresse), ou un contact dans le "
        "territoire.yml d'un territoire."]
    write(data, "site.yml", "nom: Site de test\ndemonstration: true\naccessibilite:\n"
          "  contact:\n    courriel: accessibilite@exemple.fr\n")
    assert _warnings(data) == []


def _statement(data: Path, path: str = "accessibilite/index.md") -> str:
    catalog = build(data)
    env = make_environment()
    spec = next(s for s in plan_site(catalog, "/", [], env).pages if s.path == path)
    return render_body(spec, env)


def test_an_audited_statement_says_everything_the_model_asks(data: Path) -> None:
    write(data, "site.yml", """
        nom: Site de test
        accessibilite:
          etat: partiellement conforme
          audit:
            date: 2026-03-02
            auditeur: Access42
            taux: 72.5
            pages: [Accueil, Fiche projet]
            outils: [NVDA, axe-core]
          non_conformites: [Les cartes ne se parcourent pas au clavier.]
          derogations: [Les archives PDF antérieures à 2019.]
          contact:
            courriel: accessibilite@exemple.fr
            adresse: 1 place de la Mairie, 46000 Cahors
          schema_pluriannuel: https://exemple.fr/schema.pdf
          date_declaration: 2026-03-15
        """)
    page = _statement(data)
    for said in ("<strong>partiellement conforme</strong>", "version 4.1.2",
                 "réalisé le 2 mars 2026 par Access42 révèle que 72,5\u202f% des critères",
                 "<li>Fiche projet</li>", "NVDA, axe-core",
                 "<li>Les cartes ne se parcourent pas au clavier.</li>",
                 "<li>Les archives PDF antérieures à 2019.</li>",
                 'href="https://exemple.fr/schema.pdf">schéma pluriannuel',
                 "établie le 15 mars 2026", "accessibilite&#64;exemple&#46;fr",
                 "Par courrier : 1 place de la Mairie, 46000 Cahors",
                 "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"):
        assert said in page, said


def test_without_audit_the_statement_says_why_and_names_the_territories_contacts(
        data: Path) -> None:
    page = _statement(data)
    assert "<strong>non conforme</strong>" in page
    assert "aucun audit de conformité n'a encore été réalisé" in page
    assert "Vallée de test, Accueil : <a href=\"mailto:accueil&#64;example&#46;org\">" in page


PUBLISHER = """
nom: Site de test
mentions_legales:
  editeur: PETR du Pays de test
  siren: "200066744"
  adresse: 1 place de la Mairie, 46000 Cahors
  telephone: 05 65 00 00 00
  courriel: contact@pays-test.fr
  directeur_publication: la présidente du PETR
  hebergeur:
    nom: OVH SAS
    adresse: 2 rue Kellermann, 59100 Roubaix
    telephone: 09 72 10 10 07
  credits: [Photographies du PETR]
donnees_personnelles:
  delegue:
    courriel: dpo@cdg46.fr
"""


def test_missing_legal_items_are_warnings_except_on_a_demonstration(data: Path) -> None:
    write(data, "site.yml", "nom: Site de test\n")
    said = _warnings(data)
    assert len(said) == 8
    assert (f"{SITE_YML}:1:1: avertissement : mentions_legales.editeur : il manque le "
                       "nom de l'éditeur du site (la collectivité ou la structure) : la loi "
                       "demande de le publier (mentions légales, données personnelles). Ajoutez "
                       "« mentions_legales.editeur » dans site.yml.") in said
    assert any("donnees_personnelles.delegue : il manque le contact du délégué" in w for w in said)
    write(data, "site.yml", "nom: Site de test\ndemonstration: true\n")
    assert _warnings(data) == []
    write(data, "site.yml", PUBLISHER)
    assert _warnings(data) == []


def test_legal_pages_say_publisher_host_officer_and_rights(data: Path) -> None:
    write(data, "site.yml", PUBLISHER)
    legal = _statement(data, "mentions-legales/index.md")
    for said in ("PETR du Pays de test, SIREN 200066744", "1 place de la Mairie, 46000 Cahors",
                 'href="tel:0565000000"', "contact&#64;pays-test&#46;fr",
                 "Directeur ou directrice de la publication : la présidente du PETR.",
                 "OVH SAS<br>2 rue Kellermann, 59100 Roubaix<br>Téléphone : 09 72 10 10 07",
                 "<li>Photographies du PETR</li>", "Licence Ouverte 2.0 (Etalab)"):
        assert said in legal, said
    assert "démonstration" not in legal
    privacy = _statement(data, "donnees-personnelles/index.md")
    for said in ("aucun cookie", "Le responsable des traitements est PETR du Pays de test",
                 "dpo&#64;cdg46&#46;fr", "droit d'accès, de rectification, d'effacement",
                 "CNIL, 3 place de Fontenoy"):
        assert said in privacy, said


def test_every_page_links_the_legal_pages(example_site: Path) -> None:
    for path in html_pages(example_site):
        if path.name == "404.html":
            continue
        links = re.search(r'<p class="to-legal"><a href="([^"]+)">Mentions légales</a> — '
                          r'<a href="([^"]+)">Données personnelles</a></p>',
                          path.read_text(encoding="utf-8"))
        assert links, path
        for target in links.groups():
            assert (path.parent / target / "index.html").is_file(), (path, target)


def test_the_example_names_its_map_tile_host(example_site: Path) -> None:
    page = (example_site / "donnees-personnelles/index.html").read_text(encoding="utf-8")
    assert "les fonds des cartes sont chargés depuis <strong>data.geopf.fr</strong>" in page


def test_every_page_shows_the_status_and_links_the_statement(example_site: Path) -> None:
    for path in html_pages(example_site):
        page = path.read_text(encoding="utf-8")
        footer = re.search(r'<p class="to-conformite">Accessibilité : ([^<]+) — <a href="([^"]+)">'
                           "déclaration d'accessibilité</a>", page)
        assert footer, path
        assert footer.group(1) == "non conforme", path
        target = footer.group(2)
        if path.name == "404.html":  # served at any address: its links are absolute
            assert target == "/accessibilite/"
        else:
            assert (path.parent / target).resolve() == (example_site / "accessibilite").resolve(), \
                (path, target)


def test_a_hand_written_statement_replaces_the_generated_one(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    write(tmp_path, "content/accessibilite.md", "# Déclaration d'accessibilité\n\nNotre texte "
          "validé par le service juridique.\n")
    (tmp_path / "mkdocs.yml").write_text(site_config(
        "Essai", f"      referentiel: {REFERENTIEL}\n"), encoding="utf-8")
    result = mkdocs_build(tmp_path, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/accessibilite/index.html").read_text(encoding="utf-8")
    assert "Notre texte validé par le service juridique." in page
    assert "Voies de recours" not in page
    assert 'href="accessibilite/">déclaration d\'accessibilité</a>' in \
        (tmp_path / "site/index.html").read_text(encoding="utf-8")
