"""The editor schema accepts every form the validator accepts: a file `valider` passes never
looks broken in VS Code or GitLab's web editor (yaml-language-server)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import jsonschema
import pytest
from pydantic import BaseModel

from generator import schema
from generator.models.fields import Lenient
from generator.pipeline import validate
from tests.conftest import EXAMPLE, write


def _lenient_fields() -> list[tuple[str, str, Lenient]]:
    found = []
    for kind, (model, _) in schema.SCHEMAS.items():
        for owner in _models(model):
            for name, field in owner.model_fields.items():
                for meta in [*field.metadata, *_nested_metadata(field.annotation)]:
                    if isinstance(meta, Lenient):
                        found.append((kind, f"{owner.__name__}.{name}", meta))
    return found


def _models(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> list[type[BaseModel]]:
    seen = seen if seen is not None else set()
    if model in seen:
        return []
    seen.add(model)
    found = [model]
    for field in model.model_fields.values():
        for inner in _types(field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found += _models(inner, seen)
    return found


def _types(annotation: Any) -> list[Any]:
    found = [annotation]
    for arg in get_args(annotation):
        found += _types(arg)
    return found


def _nested_metadata(annotation: Any) -> list[Any]:
    found = list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        found += _nested_metadata(arg)
    return found


LENIENT = _lenient_fields()


def test_every_choice_field_is_lenient_in_both() -> None:
    assert len({name for _, name, _ in LENIENT}) >= 8


@pytest.mark.parametrize(("kind", "name", "lenient"), LENIENT, ids=[n for _, n, _ in LENIENT])
def test_every_written_form_is_accepted_by_both(kind: str, name: str, lenient: Lenient) -> None:
    committed = json.loads((EXAMPLE / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    enums = _enums(committed)
    for form in lenient.written_forms():
        assert lenient.normalise(form) in lenient.values, (name, form)  # the validator
        assert any(form in enum for enum in enums), (name, form)  # the editor schema


def _enums(node: Any) -> list[list[str]]:
    if isinstance(node, dict):
        return ([node["enum"]] if "enum" in node else []) + [e for v in node.values() for e in _enums(v)]
    if isinstance(node, list):
        return [e for v in node for e in _enums(v)]
    return []


# The forms the README and the guide document, in whole files, through both.
SHORTHANDS = {
    "projet": """titre: Halle de Cazals
resume: Rénovation de la halle.
statut: En cours
publication: Publié
maitre_ouvrage: Commune de Cazals
communes: ["46066"]
contrats: [crte]
liens: [https://example.org/]
dates: {debut: 2023-05, fin: 2024}
cout_total: près de 1,2 M€
montants: HT
financements:
  - {financeur: etat, montant: plus de 21 000 €, statut: versé, date_decision: 2023}
  - {financeur: region-occitanie, montant: 250 000 €, statut: Accordé}
""",
    "contrat": """type: crte
nom: Autre CRTE
periode: 2021-2026
statut: Signé
perimetre: tout
signataires: [Préfet du Lot]
territoires_partenaires: [PNR de l'Aubrac]
porteur: CC Cazals-Salviac
programme: Petites Villes de Demain
""",
}


@pytest.mark.parametrize("kind", list(SHORTHANDS))
def test_documented_shorthands_pass_the_schema_and_the_validator(kind: str, data: Path) -> None:
    text = SHORTHANDS[kind]
    target = "vallee-test/projets/halle.yml" if kind == "projet" else "vallee-test/contrats/autre.yml"
    write(data, target, text)
    import yaml

    document = yaml.safe_load(text)
    committed = json.loads((EXAMPLE / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(document, default=str)), committed)
    problems = [i.format() for i in validate(data, "territories").issues.errors]
    assert problems == []
