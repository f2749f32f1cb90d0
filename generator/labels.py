"""The words the site shows for coded values: one place, used by pages, filters and exports."""

from __future__ import annotations

PROJECT_STATUS = {"a_venir": "À venir", "en_cours": "En cours", "realise": "Réalisé",
                  "abandonne": "Abandonné"}
CONTRACT_STATUS = {"en_preparation": "En préparation", "en_cours": "En cours", "termine": "Terminé"}
STATUS = PROJECT_STATUS | CONTRACT_STATUS
FUNDING_STATUS = {"sollicite": "sollicité", "accorde": "accordé", "verse": "versé"}
LEADER_MENTION = ("Ce projet est cofinancé par le Fonds européen agricole pour le développement "
                  "rural (FEADER), dans le cadre du programme LEADER.")
FEADER_URL = "https://agriculture.ec.europa.eu/common-agricultural-policy/rural-development_fr"


PAGE_KINDS = {
    "territoires/territoire.html": "Territoire",
    "territoires/strategie.html": "Projet de territoire",
    "territoires/contrats.html": "Contrats",
    "territoires/contrat.html": "Contrat",
    "territoires/cadre.html": "Contrat cadre",
    "territoires/projets.html": "Projets concrétisés",
    "territoires/projet.html": "Projet",
    "territoires/chiffres.html": "Chiffres",
    "territoires/carte.html": "Carte",
    "territoires/donnees.html": "Données ouvertes",
    "territoires/actualites.html": "Actualités",
    "territoires/actualite.html": "Actualité",
}
"""What a search result says a generated page is, by its body template."""


def departement_label(code: str, name: str | None) -> str:
    """A département as pages name it: « Lot (46) », or its code when no name is known."""
    return f"{name} ({code})" if name else f"Département {code}"
