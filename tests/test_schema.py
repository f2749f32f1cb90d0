"""The JSON Schemas given to editors accept every example file and match the models."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator import schema
from tests.conftest import EXAMPLE, FIXTURES

KIND_OF = {"site.yml": "site", "financeurs.yml": "financeurs", "territoire.yml": "territoire",
           "projet-de-territoire.yml": "projet-de-territoire"}


def _kind(path: Path) -> str:
    return KIND_OF.get(path.name) or {"contrats": "contrat", "projets": "projet",
                                      "contrats-cadres": "contrat-cadre"}[path.parent.name]


def _as_json(value: Any) -> Any:
    """What an editor's YAML 1.2 parser sees: dates are plain strings."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yml") if "schemas" not in p.parts)


@pytest.mark.parametrize("path", _files(EXAMPLE) + _files(FIXTURES / "minimal"),
                         ids=lambda p: str(p.relative_to(p.parents[2])))
def test_example_files_validate_against_their_schema(path: Path) -> None:
    data = _as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.validate(data, schema.schema_for(_kind(path)))


def test_example_files_declare_their_schema() -> None:
    for path in _files(EXAMPLE):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.name == f"{_kind(path)}.schema.json", path
        assert target.is_file(), path


def test_committed_schemas_are_up_to_date() -> None:
    for kind in schema.SCHEMAS:
        committed = (EXAMPLE / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
        hint = f"régénérez : territoire-ouvert schema --sortie territories/schemas ({kind})"
        assert committed == schema.render(kind), hint


def test_schema_refuses_what_the_validator_refuses() -> None:
    project = schema.schema_for("projet")
    good = {"titre": "Halle", "resume": "x", "statut": "en_cours",
            "maitre_ouvrage": {"nom": "Commune"}, "communes": ["46066"], "cout_total": "1 250 000 €"}
    jsonschema.validate(good, project)
    for bad in ({"communes": [46066]}, {"statut": "fini"}, {"cout_totale": 3},
                {"cout_total": "1,2 M€"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**good, **bad}, project)
    assert json.loads(schema.render("projet"))["$schema"].endswith("2020-12/schema")
