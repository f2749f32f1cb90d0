"""`projet-de-territoire.yml`: the strategy, a tree whose levels the territory names."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Element, Niveaux, Periode, walk_elements
from generator.models.fields import Markdown, Strict, Texte


def check_tree(elements: list[Element], levels: int, what: str) -> None:
    """Ids are unique in a tree, and the tree is no deeper than its named levels."""
    seen: set[str] = set()
    for element, depth in walk_elements(elements):
        if element.id in seen:
            raise PydanticCustomError(
                "doublon", "l'identifiant « {id} » est utilisé deux fois dans {what} : "
                "chaque élément doit avoir le sien.", {"id": element.id, "what": what})
        seen.add(element.id)
        if levels and depth >= levels:
            raise PydanticCustomError(
                "trop_profond", "« {id} » est au niveau {depth} mais « niveaux » n'en nomme que "
                "{levels} : ajoutez le nom de ce niveau à « niveaux » ou remontez l'élément.",
                {"id": element.id, "depth": depth + 1, "levels": levels})


class ProjetDeTerritoire(Niveaux):
    titre: Texte
    presentation: Markdown | None = None
    periode: Periode | None = None
    adopte_le: dt.date | None = None
    elements: list[Element] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> ProjetDeTerritoire:
        if not self.niveaux:
            raise PydanticCustomError(
                "niveaux_manquants", "« niveaux » manque : nommez chaque niveau de l'arbre, "
                "par exemple [orientation stratégique, axe opérationnel, mesure].")
        check_tree(self.elements, len(self.niveaux), "le projet de territoire")
        return self

    def ids(self) -> set[str]:
        return {element.id for element, _ in walk_elements(self.elements)}
