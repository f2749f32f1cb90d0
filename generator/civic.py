"""The accessibility statement's facts (article 47 of law 2005-102, décret 2019-768): the status
every page's footer shows, why, and where to report a defect. One owner: the footer, the
statement page and the validation warnings all ask here."""

from __future__ import annotations

from dataclasses import dataclass

from generator.models.common import Contact
from generator.models.registry import Accessibilite, ContactAccessibilite, Site
from generator.validate.dataset import Dataset

TOTAL, PARTIAL, NONE = "totalement conforme", "partiellement conforme", "non conforme"
NO_AUDIT = ("aucun audit de conformité au RGAA n'a encore été réalisé : sans audit, la loi impose "
            "de déclarer le site non conforme")


@dataclass(frozen=True)
class Status:
    """The status shown, and the reason when it is not the one the configuration states."""

    shown: str
    stated: str
    reason: str | None = None


@dataclass(frozen=True)
class Statement:
    settings: Accessibilite
    status: Status
    contacts: tuple[tuple[str, Contact], ...]
    """Territories' contacts (territory name, contact), when the site names no contact of its own."""

    @property
    def has_contact(self) -> bool:
        return _reachable(self.settings.contact) or bool(self.contacts)


def _reachable(contact: ContactAccessibilite | None) -> bool:
    return bool(contact and (contact.courriel or contact.formulaire or contact.adresse))


def status(site: Site) -> Status:
    """The RGAA status follows from the audit: 100 % totally, at least 50 % partially, below
    non conforme (RGAA, « Obligations »). No audit, no conformity."""
    settings = site.accessibilite
    stated = settings.etat or site.conformite_rgaa
    audit = settings.audit
    if audit is None:
        return Status(NONE, stated, None if stated == NONE else NO_AUDIT)
    if audit.taux is None:
        return Status(stated, stated)
    measured = TOTAL if audit.taux >= 100 else PARTIAL if audit.taux >= 50 else NONE
    reason = None if measured == stated else (
        f"l'audit mesure un taux de conformité de {audit.taux:g} %, ce qui fait un site "
        f"« {measured} »")
    return Status(measured, stated, reason)


def statement(dataset: Dataset) -> Statement:
    if _reachable(dataset.site.accessibilite.contact):
        return Statement(dataset.site.accessibilite, status(dataset.site), ())
    contacts = tuple(
        (t.territoire.nom, contact) for t in dataset.territories if t.territoire
        for contact in t.territoire.contacts if contact.email or contact.telephone or contact.adresse)
    return Statement(dataset.site.accessibilite, status(dataset.site), contacts)


LEGAL_ITEMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("mentions_legales", "editeur"), "le nom de l'éditeur du site (la collectivité ou la structure)"),
    (("mentions_legales", "adresse"), "l'adresse de l'éditeur"),
    (("mentions_legales", "telephone"), "le téléphone de l'éditeur"),
    (("mentions_legales", "directeur_publication"), "le directeur ou la directrice de la publication"),
    (("mentions_legales", "hebergeur", "nom"), "le nom de l'hébergeur"),
    (("mentions_legales", "hebergeur", "adresse"), "l'adresse de l'hébergeur"),
    (("mentions_legales", "hebergeur", "telephone"), "le téléphone de l'hébergeur"),
)
"""What the LCEN (art. 6 III) requires a publisher and its host to show, as site.yml keys."""


def missing_legal_items(site: Site) -> list[tuple[tuple[str, ...], str]]:
    """The legally required items site.yml does not give (key path, what it is)."""
    missing = []
    for keypath, label in LEGAL_ITEMS:
        value: object = site
        for key in keypath:
            value = getattr(value, key)
        if not value:
            missing.append((keypath, label))
    delegate = site.donnees_personnelles.delegue
    if not (delegate.courriel or delegate.adresse):
        missing.append((("donnees_personnelles", "delegue"),
                        "le contact du délégué à la protection des données (courriel ou adresse)"))
    return missing
