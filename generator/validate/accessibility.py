"""Warnings on the legal pages (so that `--strict` fails): an accessibility status the audit does
not support, no way for a visitor to report a defect, a legal mention or the data protection
officer's contact missing. A demonstration site, published by no public body, is spared the
last two."""

from __future__ import annotations

from collections.abc import Iterator

from generator.civic import missing_legal_items, statement
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
    if dataset.site.demonstration:
        return
    for keypath, label in missing_legal_items(dataset.site):
        yield warn(keypath, f"il manque {label} : la loi demande de le publier (mentions légales, "
                   f"données personnelles). Ajoutez « {'.'.join(keypath)} » dans site.yml.")
