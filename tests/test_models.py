"""Models accept the forms staff naturally write, and normalise them."""

from __future__ import annotations

from pathlib import Path

import jsonschema

from generator import schema
from generator.models.contrat import Contrat
from generator.models.projet import Projet
from generator.models.registry import Financeur
from generator.models.territoire import Territoire
from generator.pipeline import build
from tests.conftest import write


def test_contract_shorthands() -> None:
    raw = {"type": "crte", "nom": "CRTE", "periode": "2021 - 2026", "statut": "Signé",
           "perimetre": "tout", "signataires": ["Préfet du Lot"],
           "territoires_partenaires": ["PNR de l'Aubrac"]}
    contract = Contrat.model_validate(raw)
    assert contract.perimetre.tout and contract.statut == "en_cours"
    assert (contract.periode.debut, contract.periode.fin) == (2021, 2026)
    assert contract.signataires[0].nom == "Préfet du Lot"
    assert contract.territoires_partenaires[0].nom == "PNR de l'Aubrac"
    jsonschema.validate({**raw, "statut": "en_cours"}, schema.schema_for("contrat"))


def test_project_shorthands() -> None:
    project = Projet.model_validate({
        "titre": "Halle", "resume": "Rénovation.", "statut": "En cours",
        "maitre_ouvrage": "Commune de Cazals", "communes": ["46066"], "contrats": ["crte"],
        "liens": ["https://example.org/halle"], "publication": "Publié",
        "financements": [{"financeur": "etat", "montant": 10, "statut": "Accordée"}]})
    assert project.statut == "en_cours" and project.publication == "publie"
    assert project.maitre_ouvrage.nom == "Commune de Cazals"
    assert project.contrats[0].contrat == "crte"
    assert project.liens[0].label == "https://example.org/halle"
    assert project.financements[0].statut == "accorde"


def test_kinds_and_regions() -> None:
    assert Financeur.model_validate({"id": "ue", "nom": "UE", "type": "UE"}).type == "union-europeenne"
    territory = Territoire.model_validate({
        "nom": "x", "type": "PETR", "region": "76", "presentation": "x",
        "communes": [{"code": "46066", "nom": "Cazals"}]})
    assert (territory.type, territory.region) == ("petr", "Occitanie")


def test_free_text_themes_join_builtin_ones(data: Path) -> None:
    write(data, "vallee-test/projets/halle.yml", """
        titre: Halle
        resume: Rénovation.
        statut: en_cours
        maitre_ouvrage: Commune de Cazals
        communes: ["46066"]
        thematiques: [Énergie-Climat, Circuits courts]
    """)
    catalog = build(data, "territories")
    halle = catalog.territories["vallee-test"].projects["halle"]
    assert halle.themes == ("energie-climat", "circuits-courts")
    assert catalog.theme_labels["energie-climat"] == "Énergie et climat"
    assert catalog.theme_labels["circuits-courts"] == "Circuits courts"
    assert catalog.territories["vallee-test"].by_theme["energie-climat"].projects == [
        "chaufferie-cazals", "halle"]
