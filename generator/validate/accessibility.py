"""Warnings on the accessibility statement (so that `--strict` fails): a status the audit does not
support, and no way for a visitor to report a defect."""

from __future__ import annotations

from collections.abc import Iterator

from generator.civic import statement
from generator.issues import Issue, Severity
from generator.load.tree import DataTree
from generator.load.yamlfile import KeyPath
from generator.validate.dataset import Dataset


def accessibility_warnings(dataset: Dataset, tree: DataTree) -> Iterator[Issue]:
    said = statement(dataset)
    doc = tree.files.get("site.yml")

    def warn(keypath: KeyPath, message: str) -> Issue:
        if doc is None:
            return Issue(f"{tree.display_root.rstrip('/')}/site.yml", 1, 1, "",
                         message, Severity.WARNING)
        return doc.issue(keypath, message, severity=Severity.WARNING)

    status = said.status
    if status.reason:
        yield warn(("accessibilite", "etat"), f"l'état déclaré « {status.stated} » ne peut pas "
                   f"être affiché : {status.reason}. Le site affiche « {status.shown} » ; "
                   "indiquez l'audit (accessibilite.audit : date, auditeur, taux) ou corrigez "
                   "l'état.")
    if not said.has_contact:
        yield warn(("accessibilite", "contact"), "aucun contact pour signaler un défaut "
                   "d'accessibilité : la déclaration doit en donner un. Ajoutez dans site.yml "
                   "« accessibilite: contact: courriel: … » (ou formulaire, adresse), ou un "
                   "contact dans le territoire.yml d'un territoire.")
