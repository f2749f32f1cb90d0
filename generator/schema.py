"""JSON Schemas of the data files, for editors (`# yaml-language-server: $schema=…`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.models.actualite import Actualite
from generator.models.contrat import Contrat, ContratCadre
from generator.models.projet import Projet
from generator.models.registry import Financeurs, Site
from generator.models.strategie import ProjetDeTerritoire
from generator.models.territoire import Territoire

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "site": (Site, "Réglages du site (site.yml)"),
    "financeurs": (Financeurs, "Registre des financeurs (financeurs.yml)"),
    "territoire": (Territoire, "Territoire (territoire.yml)"),
    "projet-de-territoire": (ProjetDeTerritoire, "Projet de territoire (projet-de-territoire.yml)"),
    "contrat": (Contrat, "Contrat (contrats/<contrat>.yml)"),
    "contrat-cadre": (ContratCadre, "Contrat cadre (contrats-cadres/<cadre>.yml)"),
    "projet": (Projet, "Projet (projets/<projet>.yml)"),
    "actualite": (Actualite, "Actualité (en-tête de actualites/<actualite>.md)"),
}


def schema_for(kind: str) -> dict[str, Any]:
    model, title = SCHEMAS[kind]
    schema = _for_editors(model.model_json_schema(mode="validation"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def _for_editors(node: Any, in_properties: bool = False) -> Any:
    """Drop what pydantic derives from the code (English docstrings, titles made from key
    names): editors show them to staff. Descriptions written on fields, in French, stay."""
    if isinstance(node, list):
        return [_for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {}
    for key, value in node.items():
        if not in_properties and (key == "title" or (key == "description" and "properties" in node)):
            continue
        cleaned[key] = _for_editors(value, in_properties=key in ("properties", "$defs"))
    return cleaned


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMAS:
        path = folder / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written
