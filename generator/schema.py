"""JSON Schemas of the data files, for editors (`# yaml-language-server: $schema=…`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.models.contrat import Contrat
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
    "projet": (Projet, "Projet (projets/<projet>.yml)"),
}


def schema_for(kind: str) -> dict[str, Any]:
    model, title = SCHEMAS[kind]
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **{
        k: v for k, v in schema.items() if k != "title"}}


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
