"""What harvesters read: `datapackage.json` (Frictionless Data Package: each file, its format
and, for each CSV, its columns with their types) and `catalogue-dcat.jsonld` (DCAT-AP, for
data.gouv.fr's harvester: each file as a distribution with its download address, licence and
the schema it conforms to). Both describe the other files of the same folder."""

from __future__ import annotations

import json
import re
from typing import Any

from generator import urls
from generator.opendata.catalog_json import INDEX_SCHEMA
from generator.opendata.context import ExportContext
from generator.opendata.tables import ExportFile

OFFICIAL_SCHEMAS = {
    "subventions-scdl.csv":
        "https://schema.data.gouv.fr/schemas/scdl/subventions/2.1.1/schema.json",
    "projets-territoire.csv":
        "https://schema.data.gouv.fr/schemas/betagouv/projets-territoire/0.1.0/schema.json",
}
"""Files that follow a published schema: harvesters and validators read it at this address."""

MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json",
               ".geojson": "application/geo+json", ".jsonld": "application/ld+json",
               ".txt": "text/plain"}


def _media_type(name: str) -> str:
    return MEDIA_TYPES.get(_extension(name), "application/octet-stream")


def _extension(name: str) -> str:
    return name[name.rfind("."):]


def _table_schema(file: ExportFile) -> dict[str, Any]:
    return {"fields": [{"name": column.name, "description": column.description, "type": kind}
                       for column, kind in zip(file.columns, file.types, strict=True)],
            "missingValues": [""]}


def _resource(file: ExportFile) -> dict[str, Any]:
    name = re.sub(r"[^a-z0-9._-]", "-", file.name.lower())
    resource: dict[str, Any] = {
        "name": name, "path": file.name, "title": file.title, "description": file.description,
        "format": _extension(file.name)[1:], "mediatype": _media_type(file.name),
        "encoding": "utf-8", "bytes": file.size}
    if file.name.endswith(".csv") and file.columns:
        resource["profile"] = "tabular-data-resource"
        resource["schema"] = OFFICIAL_SCHEMAS.get(file.name) or _table_schema(file)
    return resource


def _owner(ctx: ExportContext) -> str:
    if ctx.territory is None:
        return ctx.catalog.dataset.site.nom
    return ctx.catalog.territories[ctx.territory].data.identity.nom


def datapackage(ctx: ExportContext, files: list[ExportFile]) -> ExportFile:
    site = ctx.catalog.dataset.site
    slug = ctx.territory or "site"
    document = {
        "profile": "data-package", "name": f"territoire-ouvert-{slug}",
        "title": f"Données ouvertes — {_owner(ctx)}",
        "licenses": [{"name": "licence", "title": site.licence, "path": site.licence_url}],
        "resources": [_resource(f) for f in files],
    }
    content = json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                         sort_keys=True).encode("utf-8")
    return ExportFile("datapackage.json", "Description des fichiers (Frictionless)",
                      "Chaque fichier de ce dossier, son format et, pour chaque tableau, ses "
                      "colonnes et leur type (Data Package de Frictionless).", content)


def dcat(ctx: ExportContext, files: list[ExportFile]) -> ExportFile:
    """A DCAT-AP catalogue of this folder's files, in JSON-LD."""
    site, base = ctx.catalog.dataset.site, ctx.base_url
    folder = f"{base}{urls.data_folder(ctx.territory)}/"
    date = (ctx.catalog.territories[ctx.territory].date if ctx.territory else ctx.catalog.date)
    publisher = (site.mentions_legales.editeur if site.mentions_legales and
                 site.mentions_legales.editeur else site.nom)
    dataset: dict[str, Any] = {
        "@id": folder, "@type": "dcat:Dataset", "dct:title": f"Données ouvertes — {_owner(ctx)}",
        "dct:description": "Projets, financements, contrats et cumuls publiés sur ce site, avec "
                           "leurs schémas.",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": publisher},
        "dct:license": site.licence_url, "dcat:landingPage": f"{base}{urls.data_url(ctx.territory)}",
        "dcat:distribution": [_distribution(ctx, f, folder) for f in files]}
    if date:
        dataset["dct:modified"] = {"@type": "xsd:date", "@value": date.isoformat()}
    document = {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
                     "foaf": "http://xmlns.com/foaf/0.1/",
                     "xsd": "http://www.w3.org/2001/XMLSchema#"},
        "@id": f"{folder}catalogue-dcat.jsonld", "@type": "dcat:Catalog",
        "dct:title": f"Catalogue des données — {_owner(ctx)}",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": publisher},
        "dct:license": site.licence_url, "dcat:dataset": [dataset]}
    content = json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                         sort_keys=True).encode("utf-8")
    return ExportFile("catalogue-dcat.jsonld", "Catalogue DCAT-AP",
                      "Le catalogue de ces fichiers pour les portails de données (DCAT-AP en "
                      "JSON-LD) : adresse de téléchargement, licence, schéma suivi.", content)


def _distribution(ctx: ExportContext, file: ExportFile, folder: str) -> dict[str, Any]:
    licence = ctx.catalog.dataset.site.licence_url
    distribution: dict[str, Any] = {
        "@type": "dcat:Distribution", "dct:title": file.title, "dct:description": file.description,
        "dcat:downloadURL": f"{folder}{file.name}", "dcat:mediaType": _media_type(file.name),
        "dct:format": _extension(file.name)[1:].upper(),
        "dct:license": licence, "dcat:byteSize": file.size}
    schema = OFFICIAL_SCHEMAS.get(file.name)
    if file.name == urls.DATA_CATALOG:  # a territory's catalogue, or the site's index of them
        own = "donnees.schema.json" if ctx.territory else INDEX_SCHEMA
        schema = f"{ctx.base_url}{urls.data_folder(None)}/{own}"
    if schema:
        distribution["dct:conformsTo"] = {"@id": schema}
    return distribution
