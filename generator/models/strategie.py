"""`projet-de-territoire.yml`: the strategy, a tree whose levels the territory names."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Element, Niveaux, Periode, walk_elements
from generator.models.fields import Date, Markdown, Texte


class ProjetDeTerritoire(Niveaux):
    titre: Texte
    presentation: Markdown | None = None
    periode: Periode | None = None
    adopte_le: Date | None = None
    elements: list[Element] = Field(min_length=1)

    @model_validator(mode="after")
    def _tree(self) -> ProjetDeTerritoire:
        if not self.niveaux:
            raise PydanticCustomError(
                "niveaux_manquants", "« niveaux » manque : nommez chaque niveau de l'arbre, "
                "par exemple [orientation stratégique, axe opérationnel, mesure].")
        return self

    def ids(self) -> set[str]:
        return {element.id for element, _ in walk_elements(self.elements)}
