"""`donnees.json`: the whole published catalog, and the JSON Schema it follows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from generator import urls
from generator.catalog import Catalog, Rollup, TerritoryCatalog
from generator.load.tree import FRAMEWORKS_FOLDER
from generator.models.contrat import Contrat
from generator.models.fields import Approx
from generator.models.projet import Projet
from generator.models.territoire import Territoire
from generator.opendata.context import ExportContext
from generator.opendata.tables import ExportFile
from generator.schema import schema_for


def plain(value: Any) -> Any:
    """JSON values: amounts as numbers, dates as ISO text."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump())
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain(v) for v in value]
    if isinstance(value, Approx):
        # As the data writes it (« environ 500000 »): the input schema reads it back.
        return f"{value.qualifier} {value.normalize():f}"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def rollup(r: Rollup) -> dict[str, Any]:
    return {"projets": r.projects, "nombre": r.count, "cout_total": float(r.cost),
            "cout_connu_pour": r.cost_known, "plan_de_financement_connu_pour": r.plan_known,
            "approximations": {name: q for name, value in (("cout_total", r.cost),
                                                           ("financement_accorde", r.funding))
                               if (q := getattr(value, "qualifier", None))},
            "financement_accorde": float(r.funding), "financement_public": float(r.public_funding),
            "financement_sollicite": float(r.requested),
            "par_financeur": {k: float(v) for k, v in r.by_funder.items()},
            "abandonnes": r.abandoned}


def _hide_names(contact: dict[str, Any] | None) -> None:
    if contact and not contact.get("publier_nom"):
        contact["nom"] = None  # a person's name is published only when they agreed to it


def public_territory(territoire: Territoire) -> dict[str, Any]:
    data = plain(territoire)
    for contact in data["contacts"]:
        _hide_names(contact)
    return data  # type: ignore[no-any-return]


def public_contract(contract: Contrat, published: set[str]) -> dict[str, Any]:
    data = plain(contract)
    _hide_names(data["contact"])
    for programme in data["programmes_operationnels"]:
        programme["projets"] = [p for p in programme["projets"] if p in published]
    return data  # type: ignore[no-any-return]


def public_project(projet: Projet) -> dict[str, Any]:
    data = plain(projet)
    data["notes_internes"] = None
    return data  # type: ignore[no-any-return]


def _territory(t: TerritoryCatalog, base_url: str) -> dict[str, Any]:
    strategy = t.data.strategie
    return {
        "id": t.slug, "url": base_url + urls.territory_url(t.slug),
        "territoire": public_territory(t.data.identity),
        "population": t.population,
        "date_des_donnees": t.date.isoformat() if t.date else None,
        "projet_de_territoire": plain(strategy) if strategy else None,
        "cumuls_projet_de_territoire": {i: rollup(e.rollup) for i, e in t.elements.items()},
        "contrats": [{"id": slug, "url": base_url + urls.contract_url(t.slug, slug),
                      "contrat": public_contract(c, set(t.projects)),
                      "projets": t.contract_projects[slug],
                      "cumuls": rollup(t.by_contract[slug])} for slug, c in t.data.contrats.items()],
        "projets": [{"id": e.slug, "url": base_url + urls.project_url(t.slug, e.slug),
                     "annee": e.year, "thematiques": list(e.themes), "fiche": public_project(e.projet)}
                    for e in t.projects.values()],
        "cumuls": {"total": rollup(t.total), "par_statut": t.by_status,
                   "par_financeur": {k: rollup(v) for k, v in t.by_funder.items()},
                   "par_commune": {k: rollup(v) for k, v in t.by_commune.items()},
                   "par_annee": {str(k): rollup(v) for k, v in t.by_year.items()},
                   "par_thematique": {k: rollup(v) for k, v in t.by_theme.items()}},
    }


INDEX_SCHEMA = "donnees-index.schema.json"


def donnees(ctx: ExportContext) -> ExportFile:
    """A territory's whole catalog; for the site, the index of the territories' files (a copy
    of every territory in one file would exceed 100 MB at a national scale)."""
    if ctx.territory is None:
        return _index(ctx)
    catalog, territories, base_url = ctx.catalog, ctx.territories, ctx.base_url
    licence = catalog.dataset.site.licence
    # A territory's file carries its own date, never another territory's.
    date = catalog.territories[ctx.territory].date
    document = {
        "schema": f"{base_url}{urls.data_folder(None)}/donnees.schema.json",
        "producteur": "Territoire ouvert", "licence": licence,
        "date_des_donnees": date.isoformat() if date else None,
        "financeurs": {k: plain(v) for k, v in catalog.dataset.financeurs.items()},
        "territoires": [_territory(t, base_url) for t in territories],
    }
    # Compact: Python's encoder is five times faster without indentation, and the file 40 %
    # smaller (tens of megabytes over a national site); a JSON viewer indents it.
    content = json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                         sort_keys=True).encode("utf-8")
    return ExportFile(urls.DATA_CATALOG, "Toutes les données",
                      "Le catalogue publié en entier (territoires, projet de territoire, contrats, "
                      "projets et cumuls), conforme à donnees.schema.json.", content,
                      rows=sum(len(t.projects) for t in territories))


_ROLLUP = {"type": "object", "required": ["projets", "nombre", "cout_total", "financement_accorde"],
           "properties": {"projets": {"type": "array", "items": {"type": "string"}},
                          "nombre": {"type": "integer", "minimum": 0},
                          "cout_total": {"type": "number", "minimum": 0},
                          "cout_connu_pour": {"type": "integer", "minimum": 0,
                                              "description": "projets dont le coût est connu"},
                          "plan_de_financement_connu_pour": {"type": "integer", "minimum": 0},
                          "approximations": {"type": "object", "additionalProperties": {
                              "enum": ["au moins", "environ"]}},
                          "financement_accorde": {"type": "number", "minimum": 0},
                          "financement_public": {"type": "number", "minimum": 0},
                          "financement_sollicite": {"type": "number", "minimum": 0},
                          "par_financeur": {"type": "object",
                                            "additionalProperties": {"type": "number"}},
                          "abandonnes": {"type": "array", "items": {"type": "string"}}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def donnees_schema() -> dict[str, Any]:
    """The schema of donnees.json, built from the schemas of the data files themselves."""
    defs: dict[str, Any] = {"Cumuls": _ROLLUP}
    for kind, name in (("territoire", "Territoire"), ("projet-de-territoire", "ProjetDeTerritoire"),
                       ("contrat", "Contrat"), ("projet", "Projet"), ("financeurs", "Financeurs")):
        schema = schema_for(kind)
        defs |= schema.pop("$defs", {})
        defs[name] = {k: v for k, v in schema.items() if k not in ("$schema", "title")}
    map_of = {"type": "object", "additionalProperties": _ref("Cumuls")}
    territory = {"type": "object", "required": ["id", "territoire", "contrats", "projets", "cumuls"],
                 "properties": {
                     "id": {"type": "string"}, "url": {"type": "string"},
                     "territoire": _ref("Territoire"), "population": {"type": "integer"},
                     "date_des_donnees": {"type": ["string", "null"], "format": "date"},
                     "projet_de_territoire": {"anyOf": [_ref("ProjetDeTerritoire"), {"type": "null"}]},
                     "cumuls_projet_de_territoire": map_of,
                     "contrats": {"type": "array", "items": {"type": "object", "required": [
                         "id", "contrat", "cumuls"], "properties": {
                         "id": {"type": "string"}, "contrat": _ref("Contrat"),
                         "cumuls": _ref("Cumuls")}}},
                     "projets": {"type": "array", "items": {"type": "object", "required": [
                         "id", "fiche"], "properties": {"id": {"type": "string"},
                                                         "fiche": _ref("Projet")}}},
                     "cumuls": {"type": "object", "required": ["total"], "properties": {
                         "total": _ref("Cumuls"), "par_financeur": map_of,
                         "par_commune": map_of, "par_annee": map_of, "par_thematique": map_of}}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Données ouvertes Territoire ouvert (donnees.json)", "type": "object",
            "required": ["schema", "licence", "territoires"],
            "properties": {"schema": {"type": "string"}, "licence": {"type": "string"},
                           "date_des_donnees": {"type": ["string", "null"], "format": "date"},
                           "territoires": {"type": "array", "items": territory}},
            "$defs": defs}


def _index(ctx: ExportContext) -> ExportFile:
    catalog, base_url = ctx.catalog, ctx.base_url
    document = {
        "schema": f"{base_url}{urls.data_folder(None)}/{INDEX_SCHEMA}",
        "producteur": "Territoire ouvert", "licence": catalog.dataset.site.licence,
        "date_des_donnees": catalog.date.isoformat() if catalog.date else None,
        "financeurs": {k: plain(v) for k, v in catalog.dataset.financeurs.items()},
        "cumuls": rollup(catalog.total),
        "territoires": [{"id": t.slug, "nom": t.data.identity.nom,
                         "url": base_url + urls.territory_url(t.slug),
                         "donnees": f"{base_url}{urls.data_folder(t.slug)}/donnees.json",
                         # Every file of the territory (CSV, GeoJSON), with sizes and columns.
                         "fichiers": f"{base_url}{urls.data_folder(t.slug)}/datapackage.json",
                         "projets": len(t.projects),
                         "date_des_donnees": t.date.isoformat() if t.date else None}
                        for t in ctx.territories],
        "contrats_cadres": [_framework(catalog, slug, base_url) for slug in catalog.frameworks],
    }
    content = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    return ExportFile(urls.DATA_CATALOG, "Index des données",
                      f"Les financeurs, les cumuls du site et, pour chaque territoire, l'adresse de "
                      f"son donnees.json (le catalogue complet du territoire) et de la liste de ses "
                      f"fichiers (datapackage.json), conforme à "
                      f"{INDEX_SCHEMA}.", content, rows=len(ctx.territories))


def _framework(catalog: Catalog, slug: str, base_url: str) -> dict[str, Any]:
    """A contract framework in the index: itself, and where each territory's part is."""
    envelopes = catalog.framework_envelopes[slug]
    return {"id": slug, "url": base_url + urls.framework_url(slug),
            "cadre": plain(catalog.dataset.cadres[slug]),
            "contrats": [{"territoire": p.territory.slug, "contrat": p.slug,
                          "url": base_url + urls.contract_url(p.territory.slug, p.slug)}
                         for p in catalog.framework_parts[slug]],
            "enveloppes_des_territoires": float(envelopes) if envelopes is not None else None,
            "cumuls": rollup(catalog.framework_rollups[slug])}


def index_schema() -> dict[str, Any]:
    """The schema of the site's donnees.json: the index of the territories' files."""
    territory = {"type": "object",
                 "required": ["id", "nom", "url", "donnees", "fichiers", "projets"],
                 "properties": {"id": {"type": "string"}, "nom": {"type": "string"},
                                "url": {"type": "string"}, "donnees": {"type": "string"},
                                "fichiers": {"type": "string", "description":
                                             "datapackage.json du territoire : ses fichiers"},
                                "projets": {"type": "integer", "minimum": 0},
                                "date_des_donnees": {"type": ["string", "null"], "format": "date"}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Index des données ouvertes Territoire ouvert (donnees.json du site)",
            "type": "object", "required": ["schema", "licence", "territoires", "cumuls"],
            "properties": {"schema": {"type": "string"}, "licence": {"type": "string"},
                           "date_des_donnees": {"type": ["string", "null"], "format": "date"},
                           "financeurs": {"type": "object"}, "cumuls": _ROLLUP,
                           "territoires": {"type": "array", "items": territory},
                           "contrats_cadres": {"type": "array", "items": _FRAMEWORK}}}


_FRAMEWORK = {
    "type": "object", "required": ["id", "url", "cadre", "contrats", "cumuls"],
    "properties": {
        "id": {"type": "string"}, "url": {"type": "string"},
        "cadre": {"type": "object", "description": f"le fichier {FRAMEWORKS_FOLDER}/<id>.yml"},
        "contrats": {"type": "array", "items": {
            "type": "object", "required": ["territoire", "contrat", "url"],
            "properties": {"territoire": {"type": "string"}, "contrat": {"type": "string"},
                           "url": {"type": "string"}}}},
        "enveloppes_des_territoires": {"type": ["number", "null"]},
        "cumuls": _ROLLUP}}


def schema(ctx: ExportContext) -> ExportFile | None:
    """Published once, in the site's folder: the territories' file schema."""
    if ctx.territory is not None:
        return None
    content = json.dumps(donnees_schema(), ensure_ascii=False, indent=1, sort_keys=True)
    return ExportFile("donnees.schema.json", "Schéma des donnees.json des territoires",
                      "Le schéma JSON que suit le donnees.json de chaque territoire "
                      "(JSON Schema 2020-12).", content.encode("utf-8"))


def index_schema_file(ctx: ExportContext) -> ExportFile | None:
    if ctx.territory is not None:
        return None
    content = json.dumps(index_schema(), ensure_ascii=False, indent=1, sort_keys=True)
    return ExportFile(INDEX_SCHEMA, "Schéma de l'index des données",
                      "Le schéma JSON que suit le donnees.json du site (JSON Schema 2020-12).",
                      content.encode("utf-8"))
