"""Open data files of a territory or of the whole site: CSV, SCDL subventions, GeoJSON, JSON.

CSV conventions (stated on the data pages): UTF-8, comma, header row, ISO dates, amounts as
plain numbers with a dot, one value per cell with lists joined by « | », cells that a
spreadsheet would read as a formula (=, +, -, @) prefixed with an apostrophe, stable row order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.catalog import Catalog, ProjectEntry, TerritoryCatalog
from generator.geometry import as_geojson, dissolve, project_point
from generator.models.projet import Financement

SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class ExportFile:
    name: str
    title: str
    description: str
    content: bytes
    columns: list[Column] = field(default_factory=list)
    rows: int = 0


def number(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    exact = Decimal(str(value))
    return f"{exact:f}" if exact != exact.to_integral_value() else f"{exact.to_integral_value():f}"


def safe_cell(value: str) -> str:
    """A text cell that starts like a formula is shown as text by spreadsheets."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(columns: list[Column], rows: Iterable[dict[str, str]], texts: set[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c.name, "")) if c.name in texts else
                         row.get(c.name, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


# --- projets.csv -------------------------------------------------------------------------------

PROJECT_COLUMNS = [
    Column("territoire", "identifiant du territoire (dossier des données, adresse du site)"),
    Column("projet", "identifiant du projet (nom de son fichier, adresse de sa page)"),
    Column("titre", "titre du projet"),
    Column("resume", "résumé du projet"),
    Column("statut", "a_venir, en_cours, realise ou abandonne"),
    Column("avancement", "avancement en pour cent, s'il est publié"),
    Column("maitre_ouvrage", "nom du maître d'ouvrage"),
    Column("maitre_ouvrage_siren", "SIREN du maître d'ouvrage, s'il est connu"),
    Column("communes_insee", "codes INSEE des communes concernées, séparés par |"),
    Column("communes_noms", "noms de ces communes, dans le même ordre, séparés par |"),
    Column("latitude", "latitude du projet (WGS 84), si elle est renseignée"),
    Column("longitude", "longitude du projet (WGS 84), si elle est renseignée"),
    Column("thematiques", "thématiques, séparées par |"),
    Column("orientations", "identifiants des éléments du projet de territoire, séparés par |"),
    Column("contrats", "rattachements aux contrats, séparés par | : contrat/mesure/année "
           "(mesure et année peuvent être vides)"),
    Column("date_debut", "date de début (AAAA-MM-JJ)"),
    Column("date_fin", "date de fin, réelle ou prévue (AAAA-MM-JJ)"),
    Column("annee", "année du projet : programmation, sinon début, sinon première décision"),
    Column("cout_total", "coût total en euros HT"),
    Column("financement_accorde", "total des financements accordés ou versés, en euros"),
    Column("reste_a_financer", "coût total moins les financements accordés, en euros (les "
           "montants sollicités sont dans financements.csv)"),
]
PROJECT_TEXTS = {"titre", "resume", "maitre_ouvrage", "communes_noms", "thematiques"}


def project_row(t: TerritoryCatalog, entry: ProjectEntry, url: str) -> dict[str, str]:
    p = entry.projet
    row = {
        "territoire": t.slug, "projet": entry.slug, "titre": p.titre, "resume": p.resume,
        "statut": p.statut, "avancement": number(p.avancement),
        "maitre_ouvrage": p.maitre_ouvrage.nom, "maitre_ouvrage_siren": p.maitre_ouvrage.siren or "",
        "communes_insee": SEPARATOR.join(p.communes),
        "communes_noms": SEPARATOR.join(t.commune_names.get(c, c) for c in p.communes),
        "latitude": number(p.localisation.lat) if p.localisation else "",
        "longitude": number(p.localisation.lon) if p.localisation else "",
        "thematiques": SEPARATOR.join(entry.themes),
        "orientations": SEPARATOR.join(p.orientations),
        "contrats": SEPARATOR.join(f"{c.contrat}/{c.mesure or ''}/{c.annee or ''}"
                                   for c in p.contrats),
        "date_debut": p.dates.debut.isoformat() if p.dates.debut else "",
        "date_fin": p.dates.fin.isoformat() if p.dates.fin else "",
        "annee": str(entry.year or ""), "cout_total": number(p.cout_total),
        "financement_accorde": number(entry.funding),
        "reste_a_financer": number(entry.uncovered),
        "url": url,
    }
    row |= {f"financement_{f}": number(amount) for f, amount in entry.by_funder.items()}
    return row


def projects_file(catalog: Catalog, territories: list[TerritoryCatalog], base_url: str) -> ExportFile:
    entries = [(t, e) for t in territories for e in t.projects.values()]
    funders = sorted({f for _, e in entries for f in e.by_funder})
    columns = PROJECT_COLUMNS + [
        Column(f"financement_{f}", f"montant accordé par {catalog.dataset.financeurs[f].nom}, "
               "en euros") for f in funders] + [Column("url", "adresse de la page du projet")]
    rows = [project_row(t, e, f"{base_url}{t.slug}/projets/{e.slug}/") for t, e in entries]
    return ExportFile("projets.csv", "Projets", "Un projet publié par ligne.",
                      to_csv(columns, rows, PROJECT_TEXTS), columns, len(rows))


# --- financements.csv ----------------------------------------------------------------------------

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


def fundings_file(catalog: Catalog, territories: list[TerritoryCatalog]) -> ExportFile:
    rows = []
    for t, entry, line in funding_lines(territories):
        rows.append({
            "territoire": t.slug, "projet": entry.slug, "titre_projet": entry.projet.titre,
            "financeur": line.financeur,
            "financeur_nom": catalog.dataset.financeurs[line.financeur].nom,
            "dispositif": line.dispositif or "", "montant": number(line.montant),
            "taux": number(line.taux), "statut": line.statut,
            "date_decision": line.date_decision.isoformat() if line.date_decision else "",
            "reference_decision": line.reference_decision or ""})
    return ExportFile("financements.csv", "Financements", "Une ligne de financement par ligne.",
                      to_csv(FUNDING_COLUMNS, rows, FUNDING_TEXTS), FUNDING_COLUMNS, len(rows))


# --- subventions-scdl.csv ------------------------------------------------------------------------

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


def scdl_file(catalog: Catalog, territories: list[TerritoryCatalog]) -> ExportFile:
    """SCDL « subventions » 2.1: one row per granted line whose funder has a SIRET and whose
    decision is dated (the schema requires both)."""
    rows = []
    for _, entry, line in funding_lines(territories):
        p = entry.projet
        funder = catalog.dataset.financeurs[line.financeur]
        if line.statut == "sollicite" or not funder.siret or not line.date_decision:
            continue
        period = (f"{p.dates.debut.isoformat()}/{p.dates.fin.isoformat()}"
                  if p.dates.debut and p.dates.fin else line.date_decision.isoformat())
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


# --- GeoJSON ----------------------------------------------------------------------------------

def _geojson(features: list[dict[str, Any]]) -> bytes:
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def projects_geojson(catalog: Catalog, territories: list[TerritoryCatalog],
                     base_url: str) -> ExportFile:
    features = []
    for t in territories:
        for entry in t.projects.values():
            point = project_point(catalog.shapes, entry.projet)
            if point is None:
                continue
            properties = project_row(t, entry, f"{base_url}{t.slug}/projets/{entry.slug}/")
            features.append({"type": "Feature", "geometry": {"type": "Point",
                             "coordinates": [point[0], point[1]]}, "properties": properties})
    return ExportFile("projets.geojson", "Projets (carte)",
                      "Un point par projet publié : sa localisation, sinon un point de sa première "
                      "commune. Mêmes propriétés que projets.csv.", _geojson(features),
                      rows=len(features))


def perimeters_geojson(catalog: Catalog, territories: list[TerritoryCatalog]) -> ExportFile:
    features = []
    for t in territories:
        for slug, contract in t.data.contrats.items():
            codes = catalog.perimeter_codes(t, slug)
            shape = dissolve(catalog.shapes, codes)
            if shape is None:
                continue
            features.append({"type": "Feature", "geometry": as_geojson(shape), "properties": {
                "territoire": t.slug, "contrat": slug, "nom": contract.nom, "type": contract.type,
                "type_libelle": catalog.dataset.contract_types[contract.type],
                "statut": contract.statut, "debut": str(contract.periode.debut),
                "fin": str(contract.periode.fin or ""), "communes": len(codes)}})
    return ExportFile("perimetres.geojson", "Périmètres des contrats",
                      "Le périmètre de chaque contrat, réunion des contours de ses communes.",
                      _geojson(features), rows=len(features))
