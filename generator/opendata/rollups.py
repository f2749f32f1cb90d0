"""`cumuls.csv`: the reviewers' roll-ups (per commune, funder, scheme, year and contract
measure), the same figures as the territory's « Chiffres » page."""

from __future__ import annotations

from collections.abc import Iterator

from generator.catalog import Rollup, TerritoryCatalog, total
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import Column, ExportFile, Piece, approximation, csv_join, csv_piece, number

COLUMNS = [
    Column("territoire", "identifiant du territoire"),
    Column("dimension", "commune, financeur, dispositif, annee ou mesure"),
    Column("cle", "code INSEE, identifiant du financeur, financeur/dispositif, année ou "
           "contrat/mesure"),
    Column("libelle", "nom de la commune, du financeur, du dispositif ou de la mesure"),
    Column("projets", "nombre de projets (hors abandonnés) ; un projet compte dans chaque ligne "
           "qui le concerne"),
    Column("cout_total", "somme des coûts connus, en euros"),
    Column("cout_connu_pour", "nombre de projets dont le coût est connu (le coût des autres "
           "n'est pas compté comme zéro : il manque)"),
    Column("financement_accorde", "financements accordés ou versés, en euros (pour un financeur ou "
           "un dispositif : ses propres montants ; sinon : tous les financements des projets)"),
    Column("financement_accorde_approche", "« au moins » ou « environ » si un montant approché "
           "y entre"),
    Column("financement_sollicite", "financements sollicités, en euros"),
]
TEXTS = {"libelle"}


def _row(t: TerritoryCatalog, dimension: str, key: str, label: str, r: Rollup) -> dict[str, str]:
    return {"territoire": t.slug, "dimension": dimension, "cle": key, "libelle": label,
            "projets": str(r.count), "cout_total": number(r.cost),
            "cout_connu_pour": str(r.cost_known), "financement_accorde": number(r.funding),
            "financement_accorde_approche": approximation(r.funding),
            "financement_sollicite": number(r.requested)}


def _rows(ctx: ExportContext, t: TerritoryCatalog) -> Iterator[dict[str, str]]:
    funders = ctx.catalog.dataset.financeurs
    for code, r in t.by_commune.items():
        yield _row(t, "commune", code, t.commune_names.get(code, code), r)
    for funder, r in sorted(t.by_funder.items()):
        # The funder's own amounts (not all the funding of the projects it funds).
        own = [s for (f, _), s in t.by_scheme.items() if f == funder]
        yield _row(t, "financeur", funder, funders[funder].nom, r) | {
            "financement_accorde": number(total(s.granted for s in own)),
            "financement_accorde_approche": approximation(total(s.granted for s in own)),
            "financement_sollicite": number(total(s.requested for s in own))}
    for (funder, scheme), s in t.by_scheme.items():
        yield {"territoire": t.slug, "dimension": "dispositif", "cle": f"{funder}/{scheme}",
               "libelle": f"{funders[funder].nom} — {scheme or 'non précisé'}",
               "projets": str(len(s.projects)), "financement_accorde": number(s.granted),
               "financement_accorde_approche": approximation(s.granted),
               "financement_sollicite": number(s.requested)}
    for year, r in t.by_year.items():
        yield _row(t, "annee", str(year), str(year), r)
    for (contract, measure), r in t.by_measure.items():
        c = t.data.contrats.get(contract)
        element = c.element(measure) if c else None
        label = f"{c.nom} — {element.label if element else measure}" if c else measure
        yield _row(t, "mesure", f"{contract}/{measure}", label, r)


def _join(ctx: ExportContext, parts: list[Piece]) -> ExportFile:
    return csv_join("cumuls.csv", "Cumuls", "Les cumuls de la page « Chiffres » : projets, coûts "
                    "connus et financements par commune, financeur, dispositif, année et mesure.",
                    COLUMNS, parts)


export = ByTerritory("cumuls.csv", lambda ctx, t: csv_piece(COLUMNS, list(_rows(ctx, t)), TEXTS),
                     _join)
