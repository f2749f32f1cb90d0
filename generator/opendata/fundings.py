"""`financements.csv`: one funding line of a published project per row."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import ProjectEntry, TerritoryCatalog
from generator.models.projet import Financement
from generator.opendata.context import ExportContext
from generator.opendata.tables import Column, ExportFile, number, to_csv

FUNDING_COLUMNS = [
    Column("territoire", "identifiant du territoire"),
    Column("projet", "identifiant du projet"),
    Column("titre_projet", "titre du projet"),
    Column("financeur", "identifiant du financeur (financeurs.yml)"),
    Column("financeur_nom", "nom du financeur"),
    Column("dispositif", "dispositif ou programme (DETR, DSIL, FEADER – LEADER…)"),
    Column("montant", "montant en euros"),
    Column("taux", "taux d'aide en pour cent, s'il est publié"),
    Column("statut", "sollicite, accorde ou verse"),
    Column("date_decision", "date de la décision d'attribution (AAAA-MM-JJ)"),
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


def export(ctx: ExportContext) -> ExportFile:
    rows = []
    for t, entry, line in funding_lines(ctx.territories):
        rows.append({
            "territoire": t.slug, "projet": entry.slug, "titre_projet": entry.projet.titre,
            "financeur": line.financeur,
            "financeur_nom": ctx.catalog.dataset.financeurs[line.financeur].nom,
            "dispositif": line.dispositif or "", "montant": number(line.montant),
            "taux": number(line.taux), "statut": line.statut,
            "date_decision": line.date_decision.isoformat() if line.date_decision else "",
            "reference_decision": line.reference_decision or ""})
    return ExportFile("financements.csv", "Financements", "Une ligne de financement par ligne.",
                      to_csv(FUNDING_COLUMNS, rows, FUNDING_TEXTS), FUNDING_COLUMNS, len(rows))
