"""`subventions-scdl.csv`: the grants in the SCDL « subventions » format."""

from __future__ import annotations

from generator.models.fields import PartialDate
from generator.opendata.context import ExportContext
from generator.opendata.fundings import funding_lines
from generator.opendata.tables import Column, ExportFile, number, to_csv

SCDL_COLUMNS = [
    Column("nomAttribuant", "nom du financeur (financeurs.yml : nom)"),
    Column("idAttribuant", "SIRET du financeur (financeurs.yml : siret)"),
    Column("dateConvention", "date de la décision d'attribution (financements : date_decision)"),
    Column("referenceDecision", "référence de la décision (financements : reference_decision)"),
    Column("nomBeneficiaire", "maître d'ouvrage du projet"),
    Column("idBeneficiaire", "SIRET du bénéficiaire : laissé vide, les données ne le portent pas"),
    Column("rnaBeneficiaire", "numéro RNA : laissé vide"),
    Column("objet", "titre du projet (256 caractères au plus)"),
    Column("montant", "montant de l'aide en euros"),
    Column("nature", "toujours « aide en numéraire »"),
    Column("conditionsVersement", "« unique »"),
    Column("datesPeriodeVersement", "période du projet (début/fin) si elle est connue, sinon la "
           "date de décision"),
    Column("idRAE", "laissé vide"),
    Column("notificationUE", "« non »"),
    Column("pourcentageSubvention", "1 : un seul bénéficiaire par aide"),
    Column("dispositifAide", "laissé vide : le schéma attend un identifiant du schéma des "
           "dispositifs d'aide, le nom du dispositif figure dans financements.csv"),
]
SCDL_TEXTS = {"nomAttribuant", "referenceDecision", "nomBeneficiaire", "objet"}


def export(ctx: ExportContext) -> ExportFile:
    """SCDL « subventions » 2.1: one row per granted line whose funder has a SIRET and whose
    decision is dated (the schema requires both)."""
    rows = []
    for _, entry, line in funding_lines(ctx.territories):
        p = entry.projet
        funder = ctx.catalog.dataset.financeurs[line.financeur]
        if line.statut == "sollicite" or not funder.siret or not line.date_decision:
            continue
        if getattr(line.montant, "qualifier", None) or isinstance(line.date_decision, PartialDate):
            continue  # the SCDL states the exact amount and day: an approximate one cannot be
        days = [d for d in (p.dates.debut, p.dates.fin) if d and not isinstance(d, PartialDate)]
        period = (f"{days[0].isoformat()}/{days[1].isoformat()}" if len(days) == 2
                  else line.date_decision.isoformat())
        rows.append({
            "nomAttribuant": funder.nom, "idAttribuant": funder.siret,
            "dateConvention": line.date_decision.isoformat(),
            "referenceDecision": line.reference_decision or "",
            "nomBeneficiaire": p.maitre_ouvrage.nom, "objet": p.titre[:255],
            "montant": number(line.montant), "nature": "aide en numéraire",
            "conditionsVersement": "unique", "datesPeriodeVersement": period,
            "notificationUE": "non", "pourcentageSubvention": "1"})
    return ExportFile("subventions-scdl.csv", "Subventions (SCDL 2.1)",
                      "Les aides accordées, au format du socle commun des données locales "
                      "« subventions » 2.1 (schema.data.gouv.fr), quand les données le permettent.",
                      to_csv(SCDL_COLUMNS, rows, SCDL_TEXTS), SCDL_COLUMNS, len(rows))
