"""Rules on one contract file, or one contract framework, checked on its model: they need no
other file, so a framework is checked before its parts read it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.issues import Issue
from generator.load.yamlfile import Document
from generator.models.common import Element, end_of, walk_with_paths
from generator.models.contrat import Contrat, ContratCadre
from generator.models.fields import first_day


def contract_rules(contract: Contrat | ContratCadre, doc: Document) -> Iterator[Issue]:
    """The structure's tree, and dates that agree with the period and the status."""
    yield from tree_rules(contract.structure, contract.niveaux, doc, "structure")
    if contract.date_signature and contract.periode.fin and (
            first_day(contract.date_signature) > end_of(contract.periode.fin)):
        yield doc.issue(("date_signature",), "la signature est postérieure à la fin du "
                        "contrat (periode.fin) : vérifiez les deux dates.")
    if contract.statut == "termine" and contract.periode.fin is None:
        yield doc.issue(("periode",), "un contrat terminé a une date de fin : indiquez-la "
                        "(« periode: 2018-2021 », ou « fin: » sous « periode »), ou choisissez "
                        "le statut en_cours.")


def tree_rules(elements: list[Element], levels: list[Any], doc: Document,
               key: str) -> Iterator[Issue]:
    """Ids are unique in a tree, and the tree is no deeper than the levels it names."""
    seen: dict[str, int] = {}
    for element, depth, path in walk_with_paths(elements, (key,)):
        line = doc.mark((*path, "id"))[0]
        if element.id in seen:
            yield doc.issue((*path, "id"), f"l'identifiant « {element.id} » est déjà utilisé "
                            f"ligne {seen[element.id]} : donnez à chaque élément le sien.")
        seen.setdefault(element.id, line)
        if levels and depth >= len(levels):
            yield doc.issue((*path, "id"), f"« {element.id} » est au niveau {depth + 1} mais "
                            f"« niveaux » n'en nomme que {len(levels)} : ajoutez le nom de ce "
                            "niveau à « niveaux » ou remontez l'élément.")
