"""The guide de saisie lists every key of every model, with help in French."""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel

from generator.guide import HELP, file_guides
from generator.schema import SCHEMAS


def _keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    # A field excluded from the data is one that is refused with its own message (a
    # framework's perimetre): not a key to document.
    found = {name for name, field in model.model_fields.items() if not field.exclude}
    for field in model.model_fields.values():
        for inner in _types(field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found |= _keys(inner, seen)
    return found


def _types(annotation: Any) -> list[Any]:
    return [annotation, *(t for arg in get_args(annotation) for t in _types(arg))]


def test_every_model_key_is_in_the_guide() -> None:
    guides = {g.kind: g for g in file_guides()}
    for kind, (model, _) in SCHEMAS.items():
        listed = {row.path.replace("[]", "").split(".")[-1] for row in guides[kind].rows}
        missing = _keys(model, set()) - listed
        assert not missing, (kind, sorted(missing))


def test_every_key_has_help_in_french() -> None:
    for guide in file_guides():
        for row in guide.rows:
            assert row.help, (guide.kind, row.path)
    assert "" not in HELP.values()


def test_guide_shows_required_keys_and_shorthands() -> None:
    projet = next(g for g in file_guides() if g.kind == "projet")
    rows = {row.path: row for row in projet.rows}
    assert rows["titre"].required and not rows["cout_total"].required
    assert "En cours" in rows["statut"].accepted and "Réalisé" in rows["statut"].accepted
    assert rows["financements[].montant"].kind.startswith("nombre")
    assert "AAAA-MM-JJ" in rows["dates.debut"].accepted
