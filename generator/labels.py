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
