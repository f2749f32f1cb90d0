"""`projets.csv`: one published project per row; its columns are also the import format."""

from __future__ import annotations

from generator import urls
from generator.catalog import ProjectEntry, TerritoryCatalog
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import SEPARATOR, Column, ExportFile, approximation, csv_file, number

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
    Column("cout_total", "coût total en euros (HT ou TTC selon montants_ht_ttc)"),
    Column("cout_total_approche", "vide si le coût est exact ; « au moins » ou « environ » s'il a "
           "été publié de façon approchée"),
    Column("montants_ht_ttc", "HT ou TTC quand la source le précise"),
    Column("depense_eligible", "dépense éligible (assiette subventionnable) en euros"),
    Column("autofinancement", "autofinancement du maître d'ouvrage, quand une source l'indique"),
    Column("cout_final", "coût final d'un projet réalisé, en euros"),
    Column("financement_accorde", "total des financements accordés ou versés, en euros"),
    Column("financement_accorde_approche", "vide si ce total est exact ; « au moins » ou "
           "« environ » s'il comprend un montant approché"),
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
        "cout_total_approche": approximation(p.cout_total), "montants_ht_ttc": p.montants or "",
        "depense_eligible": number(p.depense_eligible), "autofinancement": number(p.autofinancement),
        "cout_final": number(p.cout_final),
        "financement_accorde": number(entry.funding),
        "financement_accorde_approche": approximation(entry.funding),
        "reste_a_financer": number(entry.uncovered),
        "url": url,
    }
    row |= {f"financement_{f}": number(amount) for f, amount in entry.by_funder.items()}
    return row


def _part(ctx: ExportContext, t: TerritoryCatalog) -> tuple[list[str], list[dict[str, str]]]:
    """The territory's funders and rows."""
    entries = t.projects.values()
    return (sorted({f for e in entries for f in e.by_funder}),
            [project_row(t, e, ctx.base_url + urls.project_url(t.slug, e.slug)) for e in entries])


def _join(ctx: ExportContext, parts: list[tuple[list[str], list[dict[str, str]]]]) -> ExportFile:
    funders = sorted({f for part_funders, _ in parts for f in part_funders})
    columns = PROJECT_COLUMNS + [
        Column(f"financement_{f}", f"montant accordé par {ctx.catalog.dataset.financeurs[f].nom}, "
               "en euros") for f in funders] + [Column("url", "adresse de la page du projet")]
    return csv_file("projets.csv", "Projets", "Un projet publié par ligne.", columns,
                    [row for _, rows in parts for row in rows], PROJECT_TEXTS)


export = ByTerritory("projets.csv", _part, _join)
