"""`projets.csv`: one published project per row; its columns are also the import format."""

from __future__ import annotations

from generator import urls
from generator.catalog import ProjectEntry, TerritoryCatalog
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import (
    SEPARATOR,
    Column,
    ExportFile,
    approximation,
    cell_kind,
    column_kinds,
    csv_line,
    merged_kind,
    number,
    table_cells,
)

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


URL_COLUMN = Column("url", "adresse de la page du projet")

Written = tuple[list[str], list[tuple[str, dict[str, str], str]], tuple[str, ...],
                dict[str, str]]
"""A territory's part: its funders; each row as CSV, the columns before the funders' written,
the funders' amounts, the address written; the types of the columns before the funders' then
of the address, and of each funder's (see tables.cell_kind). The funders' columns are those of
the whole file."""


def _part(ctx: ExportContext, t: TerritoryCatalog) -> Written:
    entries = t.projects.values()
    funders = sorted({f for e in entries for f in e.by_funder})
    rows = [project_row(t, e, ctx.base_url + urls.project_url(t.slug, e.slug)) for e in entries]
    heads = table_cells(PROJECT_COLUMNS, rows, PROJECT_TEXTS)
    amounts = [{f: row[key] for f in funders if (key := f"financement_{f}") in row} for row in rows]
    # The address after an empty cell: the csv module writes a row of one empty cell as "".
    written = [(csv_line(head), amount, csv_line(["", row["url"]])[1:])
               for head, amount, row in zip(heads, amounts, rows, strict=True)]
    kinds = (*column_kinds(PROJECT_COLUMNS, heads),
             cell_kind(URL_COLUMN.name, [row["url"] for row in rows]))
    own = {f: cell_kind(f"financement_{f}", [a.get(f, "") for a in amounts]) for f in funders}
    return funders, written, kinds, own


def _join(ctx: ExportContext, parts: list[Written]) -> ExportFile:
    funders = sorted({f for part_funders, _, _, _ in parts for f in part_funders})
    columns = PROJECT_COLUMNS + [
        Column(f"financement_{f}", f"montant accordé par {ctx.catalog.dataset.financeurs[f].nom}, "
               "en euros") for f in funders] + [URL_COLUMN]
    lines = [csv_line([c.name for c in columns])]
    # An amount is a plain number, written as it is: a row is its written parts put together.
    lines.extend(",".join([head, *(amount.get(f, "") for f in funders), url])
                 for _, rows, _, _ in parts for head, amount, url in rows)
    heads = len(PROJECT_COLUMNS)
    types = (tuple(merged_kind([kinds[n] for _, _, kinds, _ in parts]) for n in range(heads))
             + tuple(merged_kind([own.get(f, "") for _, _, _, own in parts]) for f in funders)
             + (merged_kind([kinds[heads] for _, _, kinds, _ in parts]),))
    rows = sum(len(written) for _, written, _, _ in parts)
    content = ("\n".join(lines) + "\n").encode("utf-8")
    return ExportFile("projets.csv", "Projets", "Un projet publié par ligne.", content, columns,
                      rows, types=types)


export = ByTerritory("projets.csv", _part, _join)
