"""`financements.csv`: one funding line of a published project per row."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import ProjectEntry, TerritoryCatalog
from generator.models.projet import Financement
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import Column, ExportFile, Piece, approximation, csv_join, csv_piece, number

FUNDING_COLUMNS = [
    Column("territoire", "identifiant du territoire"),
    Column("projet", "identifiant du projet"),
    Column("titre_projet", "titre du projet"),
    Column("financeur", "identifiant du financeur (financeurs.yml)"),
    Column("financeur_nom", "nom du financeur"),
    Column("dispositif", "dispositif ou programme (DETR, DSIL, FEADER – LEADER…)"),
    Column("montant", "montant en euros"),
    Column("montant_approche", "vide si le montant est exact ; « au moins » ou « environ » s'il a "
           "été publié de façon approchée"),
    Column("assiette", "dépense retenue par ce financeur, si elle est publiée"),
    Column("taux", "taux d'aide en pour cent, s'il est publié"),
    Column("statut", "sollicite, accorde ou verse"),
    Column("date_decision", "date de la décision d'attribution (AAAA-MM-JJ ; AAAA-MM ou AAAA "
           "quand la source ne donne pas le jour)"),
    Column("date_convention", "date de la convention de financement (même format)"),
    Column("date_versement", "date du versement (même format)"),
    Column("reference_decision", "référence de la décision"),
]
FUNDING_TEXTS = {"titre_projet", "financeur_nom", "dispositif", "reference_decision"}


FundingLine = tuple[TerritoryCatalog, ProjectEntry, Financement]


def funding_lines(territories: list[TerritoryCatalog]) -> Iterator[FundingLine]:
    """Every funding line of the published projects, in a stable order."""
    for t in territories:
        for entry in t.projects.values():
            for line in entry.projet.financements:
                yield t, entry, line


def _part(ctx: ExportContext, territory: TerritoryCatalog) -> Piece:
    rows = []
    for t, entry, line in funding_lines([territory]):
        rows.append({
            "territoire": t.slug, "projet": entry.slug, "titre_projet": entry.projet.titre,
            "financeur": line.financeur,
            "financeur_nom": ctx.catalog.dataset.financeurs[line.financeur].nom,
            "dispositif": line.dispositif or "", "montant": number(line.montant),
            "montant_approche": approximation(line.montant), "assiette": number(line.assiette),
            "taux": number(line.taux), "statut": line.statut,
            "date_decision": line.date_decision.isoformat() if line.date_decision else "",
            "date_convention": line.date_convention.isoformat() if line.date_convention else "",
            "date_versement": line.date_versement.isoformat() if line.date_versement else "",
            "reference_decision": line.reference_decision or ""})
    return csv_piece(FUNDING_COLUMNS, rows, FUNDING_TEXTS)


def _join(ctx: ExportContext, parts: list[Piece]) -> ExportFile:
    return csv_join("financements.csv", "Financements", "Une ligne de financement par ligne.",
                    FUNDING_COLUMNS, parts)


export = ByTerritory("financements.csv", _part, _join)
