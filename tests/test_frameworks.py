"""A Région's or the State's contract framework (`contrats-cadres/`), which each territory
signs in its own part: one of its contracts, naming the framework in `cadre`, that takes from
it what it does not say. The framework's page lists the parts and adds them up, each project
once."""

from __future__ import annotations

import json
import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

import jsonschema

from generator.opendata import plan_exports
from generator.opendata.catalog_json import index_schema
from generator.pipeline import build
from tests.conftest import REFERENTIEL, messages, partner_project, two_territories, write
from tests.sitecheck import mkdocs_build, site_config, visible_text

FRAMEWORK = """
    type: contrat-territorial-occitanie
    nom: Contrats Territoriaux Occitanie 2022-2028
    porteur: Région Occitanie
    periode: 2022-2028
    statut: en_cours
    niveaux: [axe]
    structure:
      - {id: attractivite, titre: Attractivité}
      - {id: transitions, titre: Transitions}
    enveloppes:
      - {financeur: region-occitanie, montant: 1000000}
    """


def _framework_site(root: Path) -> Path:
    """Two territories; the first's part says only its framework, the second's has its own
    name, signature and envelope, and a project of each cites its part."""
    data = two_territories(root)
    write(data, "contrats-cadres/cto.yml", FRAMEWORK)
    write(data, "vallee-test/contrats/cto-vallee.yml", "cadre: cto\n")
    write(data, "autre-vallee/contrats/cto-autre.yml", """
        cadre: cto
        nom: Contrat Territorial Occitanie de l'Autre vallée
        date_signature: 2023-03-10
        enveloppes: [{financeur: region-occitanie, montant: 250000}]
        """)
    write(data, "vallee-test/projets/voie-verte.yml", """
        titre: Voie verte de la vallée
        resume: Une voie cyclable entre les bourgs.
        statut: en_cours
        maitre_ouvrage: Communauté de communes
        communes: ["46087"]
        contrats: [{contrat: cto-vallee, mesure: transitions, annee: 2023}]
        cout_total: 500000
        financements: [{financeur: region-occitanie, montant: 150000}]
        """)
    partner_project(data, "{contrat: cto-autre, mesure: attractivite, annee: 2023}",
                    "region-occitanie")
    return data


def test_each_part_takes_from_its_framework_and_the_framework_adds_them_up(
        tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    assert [m for m in messages(data, REFERENTIEL) if "erreur" in m.lower()] == []
    catalog = build(data, "territories", REFERENTIEL)
    first, second = catalog.territories["vallee-test"], catalog.territories["autre-vallee"]
    own = first.data.contrats["cto-vallee"]
    # What the part does not say comes from the framework; its perimeter is the territory.
    assert (own.nom, own.type, own.statut) == ("Contrats Territoriaux Occitanie 2022-2028",
                                               "contrat-territorial-occitanie", "en_cours")
    assert [e.id for e in own.structure] == ["attractivite", "transitions"]
    assert own.perimetre.tout and own.enveloppes == []
    # What it says is its own.
    assert second.data.contrats["cto-autre"].nom == "Contrat Territorial Occitanie de l'Autre vallée"
    parts = catalog.framework_parts["cto"]
    assert [(p.territory.slug, p.slug) for p in parts] == [("autre-vallee", "cto-autre"),
                                                          ("vallee-test", "cto-vallee")]
    together = catalog.framework_rollups["cto"]
    assert together.count == first.by_contract["cto-vallee"].count + \
        second.by_contract["cto-autre"].count == 2
    assert together.funding == first.by_contract["cto-vallee"].funding + \
        second.by_contract["cto-autre"].funding
    # The parts' envelopes, not the framework's own budget.
    assert catalog.framework_envelopes["cto"] == Decimal(250000)
    assert catalog.total.count == first.total.count + second.total.count


def test_the_framework_page_lists_each_territory_s_part(tmp_path: Path) -> None:
    _framework_site(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(site_config(
        "Essai", f"      referentiel: {REFERENTIEL}\n"), encoding="utf-8")
    result = mkdocs_build(tmp_path, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = " ".join(visible_text(site / "contrats-cadres/cto/index.html").split())
    assert "Contrats Territoriaux Occitanie 2022-2028" in page and "2 contrats de territoire" in page
    assert "Occitanie de l" in page and "Autre vallée" in page and "Vallée de test" in page
    assert "Total" in page and "250 000 €" in page and "1 000 000 €" in page  # parts, then own
    part = visible_text(site / "vallee-test/contrats/cto-vallee/index.html")
    assert "Contrat cadre" in part and "Contrats Territoriaux Occitanie 2022-2028" in part
    assert 'href="../../../contrats-cadres/cto/"' in (
        site / "vallee-test/contrats/cto-vallee/index.html").read_text(encoding="utf-8")
    assert "Contrats cadres" in visible_text(site / "index.html")
    # The index of the open data says where each part is.
    index = json.loads((site / "donnees/donnees.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(index_schema()).validate(index)
    [framework] = index["contrats_cadres"]
    assert [c["contrat"] for c in framework["contrats"]] == ["cto-autre", "cto-vallee"]
    assert framework["cumuls"]["nombre"] == 2 and framework["enveloppes_des_territoires"] == 250000


def test_a_part_s_own_file_names_its_framework(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    exports = plan_exports(build(data, "territories", REFERENTIEL))
    [own] = [json.loads(f.content) for f in exports["vallee-test/donnees"] if f.name == "donnees.json"]
    [contract] = [c for c in own["territoires"][0]["contrats"] if c["id"] == "cto-vallee"]
    assert contract["contrat"]["cadre"] == "cto"


def test_an_unknown_framework_is_said_with_a_suggestion(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "vallee-test/contrats/cto-vallee.yml", "cadre: ct0\n")
    found = messages(data, REFERENTIEL)
    assert any(m.startswith("territories/vallee-test/contrats/cto-vallee.yml:1:") and
               "contrat cadre « ct0 »" in m and "Vouliez-vous dire « cto »" in m for m in found), found


def test_a_broken_framework_is_said_once_and_its_parts_wait_for_it(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/cto.yml", FRAMEWORK.replace("statut: en_cours", "statut: fini"))
    found = [m for m in messages(data, REFERENTIEL) if "erreur" in m.lower() or "statut" in m]
    assert any(m.startswith("territories/contrats-cadres/cto.yml:") and "statut" in m
               for m in found), found
    waiting = [m for m in found if "cto-vallee.yml" in m or "cto-autre.yml" in m]
    assert len(waiting) == 2 and all("le contrat cadre « cto » a des erreurs : corrigez d'abord "
                                     "contrats-cadres/cto.yml" in m for m in waiting), waiting
    # The parts' projects still cite them: no cascade of errors.
    assert not [m for m in found if "/projets/" in m]


def test_a_framework_document_is_given_by_its_address(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/cto.yml", textwrap.dedent(FRAMEWORK) + "documents:\n"
          "  - {titre: Règlement, fichier: medias/reglement.pdf}\n")
    assert any("contrats-cadres/cto.yml:" in m and "par son adresse (url)" in m
               for m in messages(data, REFERENTIEL))


def test_a_changed_framework_checks_every_territory(tmp_path: Path) -> None:
    """`valider --modifies`: a framework's parts are in other territories' folders."""
    from generator.gitchanges import touched_territories

    data = _framework_site(tmp_path)
    assert touched_territories([data / "contrats-cadres/cto.yml"], data) is None
    assert touched_territories([data / "vallee-test/contrats/cto-vallee.yml"], data) == {"vallee-test"}


def _errors(data: Path) -> list[str]:
    return [m for m in messages(data, REFERENTIEL)]


def test_a_framework_that_cannot_be_read_holds_its_parts_back(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/cto.yml", "nom: [CTO\n")
    found = _errors(data)
    waiting = [m for m in found if "/contrats/cto-" in m]
    assert len(waiting) == 2 and all("corrigez d'abord contrats-cadres/cto.yml" in m
                                     for m in waiting), waiting
    assert not [m for m in found if "/projets/" in m]  # the parts' projects still cite them


def test_a_framework_s_own_rules_are_said_in_its_file(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/cto.yml", FRAMEWORK.replace("{id: transitions,",
                                                             "{id: attractivite,"))
    found = _errors(data)
    assert any(m.startswith("territories/contrats-cadres/cto.yml:") and "déjà utilisé" in m
               for m in found), found
    # Said once, in the framework: its parts wait for it.
    assert not [m for m in found if "/contrats/cto-" in m and "déjà utilisé" in m]
    assert len([m for m in found if "corrigez d'abord" in m]) == 2


def test_what_a_part_took_from_its_framework_is_said_so(tmp_path: Path) -> None:
    """A part that names its own levels keeps the framework's structure: a mismatch is the
    part's, and the message says where the structure comes from."""
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/cto.yml", FRAMEWORK.replace(
        "niveaux: [axe]", "niveaux: [axe, mesure]").replace(
        "{id: transitions, titre: Transitions}",
        "{id: transitions, titre: Transitions, enfants: [{id: mobilites, titre: Mobilités}]}"))
    write(data, "vallee-test/contrats/cto-vallee.yml", "cadre: cto\nniveaux: [axe]\n")
    found = [m for m in _errors(data) if "cto-vallee.yml" in m]
    assert any(m.startswith("territories/vallee-test/contrats/cto-vallee.yml:1:1") and
               "« mobilites » est au niveau 2" in m and
               "valeur reprise du contrat cadre, contrats-cadres/cto.yml" in m
               for m in found), found


def test_two_parts_of_one_framework_in_a_territory_are_refused(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "vallee-test/contrats/cto-bis.yml", "cadre: cto\n")
    found = _errors(data)
    assert any(m.startswith("territories/vallee-test/contrats/cto-vallee.yml:1:") and
               "contrats/cto-bis.yml est déjà la part de ce territoire" in m for m in found), found


def test_a_project_is_counted_once_in_a_framework(tmp_path: Path) -> None:
    """Even across two contracts of its territory that belong to one framework (refused, but
    the figures stay right while the data is being fixed, as in `mkdocs serve`)."""
    catalog = build(_framework_site(tmp_path), "territories", REFERENTIEL)
    part = catalog.framework_parts["cto"][1]
    twice = [part, part]
    object.__setattr__(catalog, "__dict__", {**catalog.__dict__,
                                             "framework_parts": {"cto": twice}})
    assert catalog.framework_rollups["cto"].projects == ["vallee-test/voie-verte"]


def test_reserved_names_around_frameworks(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    write(data, "contrats-cadres/index.yml", FRAMEWORK)
    write(data, "contrats-cadres/perimetre.yml", textwrap.dedent(FRAMEWORK) + "perimetre: tout\n")
    shutil.copytree(data / "autre-vallee", data / "Contrats-Cadres")
    found = _errors(data)
    assert any("contrats-cadres/index.yml" in m and "ne peut pas s'appeler « index.yml »" in m
               for m in found), found
    assert any("contrats-cadres/perimetre.yml:" in m and "un contrat cadre n'a pas de périmètre" in m
               for m in found), found
    assert any("« Contrats-Cadres » ne peut pas être un territoire" in m and
               "les pages des contrats cadres" in m for m in found), found


def test_a_territory_named_like_the_frameworks_folder_is_told_so(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    shutil.rmtree(data / "contrats-cadres")
    shutil.copytree(data / "autre-vallee", data / "contrats-cadres")
    found = _errors(data)
    assert any(m.startswith("territories/contrats-cadres/territoire.yml:1:1") and
               "un territoire ne peut pas porter ce nom" in m for m in found), found


def test_a_waiting_shared_part_is_still_cited_by_its_partners(tmp_path: Path) -> None:
    data = _framework_site(tmp_path)
    part = data / "autre-vallee/contrats/cto-autre.yml"
    part.write_text(part.read_text(encoding="utf-8") + "partage_avec: [vallee-test]\n",
                    encoding="utf-8")
    write(data, "vallee-test/projets/halle.yml", """
        titre: Halle du marché
        resume: Une halle couverte.
        statut: en_cours
        maitre_ouvrage: Commune
        communes: ["46087"]
        contrats: [{contrat: cto-autre, mesure: attractivite, annee: 2023}]
        """)
    assert not [m for m in _errors(data) if "/projets/" in m]
    write(data, "contrats-cadres/cto.yml", FRAMEWORK.replace("statut: en_cours", "statut: fini"))
    assert not [m for m in _errors(data) if "/projets/" in m]
