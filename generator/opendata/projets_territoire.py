"""`projets-territoire.csv`: the projects in the State's shared schema « projets-territoire »
0.1.0 (betagouv/projets-territoire), the format Mon Espace Collectivité, Territoires en
Transitions and Recoco exchange. Each column says where it comes from; what the data does not
hold (referents, competences, levers, the platforms' own ids) stays empty, never guessed."""

from __future__ import annotations

import datetime as dt
import uuid

from generator.catalog import ProjectEntry, TerritoryCatalog
from generator.formats import french_sorted
from generator.models.fields import PartialDate
from generator.opendata.context import ExportContext
from generator.opendata.parts import ByTerritory
from generator.opendata.tables import Column, ExportFile, Piece, csv_join, csv_piece

SCHEMA_VERSION = "0.1.0"
NAMESPACE = uuid.UUID("5f0c3a52-6d1e-4c2b-9a57-3b9e8f1d2c41")
"""Project ids are UUID 5 of « territoire/projet » in this namespace: the same project keeps
the same id from one publication to the next, on every site."""

PHASES = {"a_venir": ("Étude", "En cours"), "en_cours": ("Opération", "En cours"),
          "realise": ("Opération", "Terminé"), "abandonne": ("", "Abandonné")}
"""statut → (phase, phaseStatut): a project to come is being prepared (« Étude »); an abandoned
one's phase is not known."""

COLUMNS = [
    Column("id", "UUID stable du projet, tiré de « territoire/projet »"),
    Column("createdAt", "date de création de la fiche, inconnue : la date des données (fiche "
           "« mis_a_jour », sinon date des données du territoire)"),
    Column("updatedAt", "date de mise à jour de la fiche (mis_a_jour), sinon date des données"),
    Column("nom", "titre du projet"),
    Column("description", "résumé du projet"),
    Column("budgetPrevisionnel", "coût total en euros, arrondi à l'euro"),
    Column("dateDebutPrevisionnelle", "date de début (dates.debut) quand le jour est connu"),
    Column("phase", "d'après le statut : à venir → Étude ; en cours, réalisé → Opération ; "
           "abandonné → vide"),
    Column("phaseStatut", "d'après le statut : à venir, en cours → En cours ; réalisé → Terminé ; "
           "abandonné → Abandonné"),
    Column("programme", "types des contrats du projet (CRTE, Petites Villes de Demain…)"),
    Column("porteurCodeSiret", "SIRET du maître d'ouvrage (maitre_ouvrage : siret)"),
    Column("porteurReferentEmail", "vide : pas de référent nommé dans les données publiées"),
    Column("porteurReferentTelephone", "vide"),
    Column("porteurReferentPrenom", "vide"),
    Column("porteurReferentNom", "vide"),
    Column("porteurReferentFonction", "vide"),
    Column("competences", "vide : les compétences M57 ne sont pas dans les données"),
    Column("leviers", "vide : les leviers SGPE ne sont pas dans les données"),
    Column("mecId", "vide"),
    Column("tetId", "vide"),
    Column("recocoId", "vide"),
    Column("collectiviteIds", "vide : identifiants propres aux plateformes"),
]
TEXTS = {"nom", "description", "programme"}


def _moment(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _row(ctx: ExportContext, territory: TerritoryCatalog, entry: ProjectEntry,
         day: dt.date) -> dict[str, str]:
    p = entry.projet
    phase, status = PHASES[p.statut]
    types = {ctx.catalog.dataset.contract_types.get(territory.data.contrats[c].type, "")
             for c in territory.project_contracts[entry.slug]}
    start = p.dates.debut
    return {
        "id": str(uuid.uuid5(NAMESPACE, f"{territory.slug}/{entry.slug}")),
        "createdAt": _moment(day), "updatedAt": _moment(p.mis_a_jour or day),
        "nom": p.titre, "description": p.resume,
        "budgetPrevisionnel": str(round(p.cout_total)) if p.cout_total is not None else "",
        "dateDebutPrevisionnelle": start.isoformat() if start and not isinstance(
            start, PartialDate) else "",
        "phase": phase, "phaseStatut": status,
        "programme": ", ".join(french_sorted(t for t in types if t)),
        "porteurCodeSiret": p.maitre_ouvrage.siret or ""}


def _part(ctx: ExportContext, territory: TerritoryCatalog) -> tuple[Piece, int]:
    """The territory's rows, and how many of its projects have no date."""
    rows: list[dict[str, str]] = []
    undated = 0
    for entry in territory.projects.values():
        day = entry.projet.mis_a_jour or territory.date
        if day is None:
            undated += 1  # createdAt is required: no date, no row
            continue
        rows.append(_row(ctx, territory, entry, day))
    return csv_piece(COLUMNS, rows, TEXTS), undated


def _join(ctx: ExportContext, parts: list[tuple[Piece, int]]) -> ExportFile:
    undated = sum(count for _, count in parts)
    said = (f"Les projets au format partagé « projets-territoire » {SCHEMA_VERSION} "
            "(Mon Espace Collectivité, Territoires en Transitions, Recoco). Chaque colonne dit "
            "d'où vient sa valeur.")
    if undated:
        said += (f" {undated} projet(s) n'y figurent pas : ni leur fiche ni leur "
                 "territoire ne donnent de date (mis_a_jour, date_des_donnees).")
    return csv_join("projets-territoire.csv", f"Projets (projets-territoire {SCHEMA_VERSION})",
                    said, COLUMNS, [piece for piece, _ in parts])


export = ByTerritory("projets-territoire.csv", _part, _join)
