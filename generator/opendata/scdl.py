"""`subventions-scdl.csv`: the grants in the SCDL « subventions » format, version 2.1.1.

A row must be valid against the official schema (schema.data.gouv.fr, scdl/subventions): a
grant the data cannot describe fully (no SIRET or RNA for the beneficiary, no exact decision
day, no known payment date…) is left out, and the file's description says how many and why.
Nothing is filled in by guess: the project's period is not a payment period."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.catalog import TerritoryCatalog
from generator.formats import qualifier_of
from generator.models.fields import PartialDate, first_day, last_day
from generator.models.projet import Financement, Projet
from generator.models.registry import Financeur
from generator.opendata.context import ExportContext
from generator.opendata.fundings import funding_lines
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import Column, ExportFile, csv_file, number

SCDL_VERSION = "2.1.1"
SCDL_COLUMNS = [
    Column("nomAttribuant", "nom du financeur (financeurs.yml : nom)"),
    Column("idAttribuant", "SIRET du financeur (financeurs.yml : siret)"),
    Column("dateConvention", "date de la décision d'attribution (financements : date_decision)"),
    Column("referenceDecision", "référence de la décision (financements : reference_decision)"),
    Column("nomBeneficiaire", "maître d'ouvrage du projet"),
    Column("idBeneficiaire", "SIRET du maître d'ouvrage (maitre_ouvrage : siret)"),
    Column("rnaBeneficiaire", "numéro RNA du maître d'ouvrage, une association sans SIRET "
           "(maitre_ouvrage : rna)"),
    Column("objet", "titre du projet (256 caractères au plus)"),
    Column("montant", "montant de l'aide en euros"),
    Column("nature", "toujours « aide en numéraire »"),
    Column("conditionsVersement", "« unique »"),
    Column("datesPeriodeVersement", "date du versement (financements : date_versement) ; le mois "
           "ou l'année seuls donnent la période correspondante"),
    Column("idRAE", "laissé vide"),
    Column("notificationUE", "« oui » pour une aide d'un financeur de type union-europeenne, "
           "sinon « non »"),
    Column("pourcentageSubvention", "1 : un seul bénéficiaire par aide"),
    Column("dispositifAide", "laissé vide : le schéma attend un identifiant du schéma des "
           "dispositifs d'aide, le nom du dispositif figure dans financements.csv"),
]
SCDL_TEXTS = {"nomAttribuant", "referenceDecision", "nomBeneficiaire", "objet"}

REASONS = {
    "financeur": "financeur sans SIRET (financeurs.yml : siret)",
    "beneficiaire": "bénéficiaire sans SIRET ni RNA (maitre_ouvrage : siret ou rna)",
    "decision": "décision sans date au jour près (date_decision)",
    "versement": "date de versement inconnue (date_versement)",
    "approximatif": "montant approximatif (le schéma attend le montant exact)",
}
"""Why a granted line is not in the file, as the data page says it."""


def _payment(line: Financement) -> str | None:
    """The payment date, or the period a month or a year stands for."""
    day = line.date_versement
    if day is None:
        return None
    if isinstance(day, PartialDate):
        return f"{first_day(day).isoformat()}/{last_day(day).isoformat()}"
    return day.isoformat()


def _missing(line: Financement, funder: Financeur, projet: Projet) -> str | None:
    owner = projet.maitre_ouvrage
    if not funder.siret:
        return "financeur"
    if not (owner.siret or owner.rna):
        return "beneficiaire"
    if not line.date_decision or isinstance(line.date_decision, PartialDate):
        return "decision"
    if _payment(line) is None:
        return "versement"
    if qualifier_of(line.montant):
        return "approximatif"
    return None


def _row(line: Financement, funder: Financeur, projet: Projet) -> dict[str, str]:
    assert isinstance(line.date_decision, dt.date)
    return {
        "nomAttribuant": funder.nom, "idAttribuant": funder.siret or "",
        "dateConvention": line.date_decision.isoformat(),
        "referenceDecision": line.reference_decision or "",
        "nomBeneficiaire": projet.maitre_ouvrage.nom,
        "idBeneficiaire": projet.maitre_ouvrage.siret or "",
        "rnaBeneficiaire": "" if projet.maitre_ouvrage.siret else projet.maitre_ouvrage.rna or "",
        "objet": projet.titre[:256], "montant": number(line.montant),
        "nature": "aide en numéraire", "conditionsVersement": "unique",
        "datesPeriodeVersement": _payment(line) or "",
        "notificationUE": "oui" if funder.type == "union-europeenne" else "non",
        "pourcentageSubvention": "1"}


def _part(ctx: ExportContext, territory: TerritoryCatalog
          ) -> tuple[list[dict[str, str]], dict[str, int]]:
    """One row per granted line the data describes fully; the others are counted by reason."""
    rows: list[dict[str, str]] = []
    left: Counter[str] = Counter()
    for _, entry, line in funding_lines([territory]):
        if line.statut == "sollicite":
            continue  # a request is not a grant
        funder = ctx.catalog.dataset.financeurs[line.financeur]
        reason = _missing(line, funder, entry.projet)
        if reason:
            left[reason] += 1
        else:
            rows.append(_row(line, funder, entry.projet))
    return rows, dict(left)


def _join(ctx: ExportContext, parts: list[tuple[list[dict[str, str]], dict[str, int]]]
          ) -> ExportFile:
    rows = [row for part_rows, _ in parts for row in part_rows]
    left: Counter[str] = Counter()
    for _, counts in parts:
        left.update(counts)
    return csv_file("subventions-scdl.csv", f"Subventions (SCDL {SCDL_VERSION})",
                    _description(len(rows), left), SCDL_COLUMNS, rows, SCDL_TEXTS)


export = ByTerritory("subventions-scdl.csv", _part, _join)


def _description(kept: int, left: Counter[str]) -> str:
    said = (f"Les aides accordées, au format du socle commun des données locales « subventions » "
            f"{SCDL_VERSION} (schema.data.gouv.fr), valides pour ce schéma : {kept} aide"
            f"{'s' if kept > 1 else ''}.")
    if left:
        why = " ; ".join(f"{REASONS[r]} : {n}" for r, n in sorted(left.items()))
        total = sum(left.values())
        said += (f" {total} aide{'s' if total > 1 else ''} accordée{'s' if total > 1 else ''} "
                 f"n'y figure{'nt' if total > 1 else ''} pas, faute de ce que le schéma exige "
                 f"({why}) : elles sont toutes dans financements.csv.")
    return said
