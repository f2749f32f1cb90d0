"""The « guide de saisie »: every file, every key, its type, whether it is required, the values
and shorthands accepted, read from the same JSON Schemas the editors use — so the guide, the
editor and the validator cannot disagree. Help texts are in `HELP`, by key name; a test fails
when a key of a model is missing from the guide."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.models.fields import fold
from generator.schema import SCHEMAS, schema_for

FILES = {
    "site": "territories/site.yml",
    "financeurs": "territories/financeurs.yml",
    "territoire": "territories/<territoire>/territoire.yml",
    "projet-de-territoire": "territories/<territoire>/projet-de-territoire.yml",
    "contrat": "territories/<territoire>/contrats/<contrat>.yml",
    "contrat-cadre": "territories/contrats-cadres/<cadre>.yml (contrat d'une Région ou de l'État, "
                     "dont chaque territoire signe sa part)",
    "projet": "territories/<territoire>/projets/<projet>.yml",
    "actualite": "territories/<territoire>/actualites/<actualite>.md (ou territories/actualites/ "
                 "pour le site)",
}

HELP = {
    "accent": "couleur d'accent du territoire (#rrggbb)",
    "accessibilite": "déclaration d'accessibilité : état, audit, contenus non accessibles, contact",
    "adopte_le": "date d'adoption du projet de territoire",
    "adresse": "adresse postale",
    "alt": "texte alternatif de l'image : ce qu'elle montre, pour qui ne la voit pas",
    "annee": "année (de programmation, d'un programme opérationnel…)",
    "assiette": "dépense retenue par ce financeur, base de son taux",
    "attribution": "mention du fournisseur des tuiles, affichée sous chaque carte",
    "attribution_url": "adresse de la page du fournisseur des tuiles",
    "audit": "audit RGAA sur lequel repose l'état de conformité : date, auditeur, taux",
    "auditeur": "organisme ou personne qui a réalisé l'audit",
    "autofinancement": "part payée par le maître d'ouvrage, seulement si une source la publie",
    "avancement": "avancement du projet en pour cent (0 à 100)",
    "avenants": "avenants : date, objet et document",
    "avertissement_demonstration": "texte du bandeau de démonstration",
    "carte": "fond des cartes : tuiles, attribution",
    "chiffres_cles": "chiffres publiés par le territoire (libellé, valeur, source, date)",
    "cible": "valeur visée de l'indicateur",
    "code": "code INSEE de la commune, entre guillemets",
    "commune": "code INSEE de la commune, entre guillemets",
    "communes": "communes concernées (codes INSEE entre guillemets) ou membres (code, nom)",
    "composition": "membres de l'instance",
    "conformite_rgaa": "ancienne clé de accessibilite.etat, toujours lue : écrivez plutôt "
                       "accessibilite.etat",
    "contact": "point de contact (rôle, e-mail, téléphone)",
    "contacts": "points de contact : adresses de service par défaut",
    "contrat": "identifiant du contrat (nom de son fichier, sans .yml)",
    "contrats": "contrats auxquels le projet est rattaché (contrat, mesure, année)",
    "conventions": "une convention par commune : commune, signature, période, montant, avenants",
    "couleurs": "couleurs du territoire sur ses pages",
    "courriel": "adresse électronique (de service de préférence)",
    "cout_final": "coût final d'un projet réalisé",
    "cout_total": "coût total prévu, en euros (ou approché : « environ 500 000 € »)",
    "credit": "auteur ou source de l'image",
    "credits": "crédits : auteurs des photographies, des cartes, des textes",
    "date": "date (AAAA-MM-JJ ; le mois ou l'année seuls si la source ne donne pas le jour)",
    "date_convention": "date de la convention de financement",
    "date_creation": "date ou année de création",
    "date_decision": "date de la décision d'attribution",
    "date_declaration": "date d'établissement de la déclaration d'accessibilité",
    "date_des_donnees": "date à laquelle les données sont à jour",
    "date_signature": "date de signature",
    "date_validation": "date de validation du programme",
    "date_versement": "date du versement (le statut est alors « versé »)",
    "dates": "début et fin du projet",
    "debut": "début (date, mois ou année)",
    "delegue": "contact du délégué à la protection des données (courriel ou adresse)",
    "demonstration": "true : un bandeau annonce un site de démonstration",
    "departements": "codes des départements couverts",
    "depense_eligible": "dépense éligible (assiette subventionnable) du projet",
    "derogations": "contenus dérogatoires (charge disproportionnée), avec leur justification",
    "description": "texte détaillé, en Markdown",
    "directeur_publication": "directeur ou directrice de la publication (souvent la présidence)",
    "dispositif": "dispositif ou programme du financeur (DETR, DSIL, FEADER – LEADER…)",
    "dispositifs": "dispositifs du financeur, que les lignes de financement peuvent citer",
    "document": "document lié : titre et fichier (medias/) ou adresse (url)",
    "documents": "documents : titre, et fichier du dossier medias/ ou adresse web (url)",
    "donnees_personnelles": "page Données personnelles : délégué à la protection des données, traitements",
    "editeur": "nom de la structure qui publie le site",
    "elements": "l'arbre des orientations, axes et mesures (id, titre, enfants)",
    "email": "adresse e-mail (de service de préférence)",
    "enfants": "éléments du niveau suivant",
    "enveloppes": "enveloppes financières du contrat, par financeur",
    "epci": "EPCI membres (SIREN, nom, communes) ou EPCI d'un périmètre (SIREN)",
    "etat": "totalement conforme, partiellement conforme ou non conforme (sans audit : non conforme)",
    "fichier": "chemin d'un fichier du dossier medias/ du territoire",
    "fin": "fin (date, mois ou année)",
    "financements": "plan de financement : une ligne par financeur et décision",
    "financeur": "identifiant du financeur (financeurs.yml)",
    "financeur_principal": "financeur principal de ce type de contrat",
    "financeurs": "la liste des financeurs (id, nom, type…)",
    "formulaire": "adresse du formulaire de contact",
    "fournisseur": "nom du fournisseur des tuiles",
    "frequence": "fréquence des réunions",
    "gouvernance": "instances de décision (nom, rôle, composition)",
    "hebergeur": "hébergeur du site : nom, adresse, téléphone (obligatoires)",
    "hors_champ": "contenus non soumis à l'obligation d'accessibilité",
    "id": "identifiant : minuscules, chiffres et tirets",
    "images": "images : fichier, texte alternatif, légende, crédit",
    "image": "image : fichier du dossier medias/, texte alternatif, légende, crédit",
    "auteur": "qui signe l'actualité (un service de préférence ; un nom de personne avec son "
              "accord)",
    "etiquettes": "mots-clés de l'actualité, affichés avec elle et repris dans les flux",
    "indicateurs": "indicateurs : nom, valeur, unité, cible",
    "jalons": "étapes datées du projet",
    "lat": "latitude (WGS 84)",
    "legende": "légende de l'image",
    "libelle": "libellé",
    "licence": "licence des données et textes publiés",
    "licence_url": "adresse du texte de la licence",
    "liens": "liens : une adresse, ou titre et url",
    "localisation": "point précis du projet (lat, lon), sinon la commune",
    "logo": "logo : fichier du dossier medias/",
    "lon": "longitude (WGS 84)",
    "maitre_ouvrage": "maître d'ouvrage : un nom suffit (nom, siren, type)",
    "mention_obligatoire": "mention de publicité que le financeur demande",
    "mentions_legales": "mentions légales : éditeur, adresse, téléphone, directeur de publication, "
                        "hébergeur",
    "mesure": "identifiant d'une mesure de la structure du contrat",
    "mis_a_jour": "date de la dernière mise à jour de la fiche",
    "montant": "montant en euros (1 250 000 ou « plus de 21 000 € »)",
    "montants": "HT ou TTC, si la source le précise",
    "niveaux": "noms des niveaux de l'arbre (orientation, axe, mesure…)",
    "nom": "nom",
    "nom_court": "nom court, pour le menu",
    "non_conformites": "non-conformités relevées par l'audit",
    "notes_internes": "notes de l'équipe : jamais publiées",
    "numero": "numéro officiel de l'élément (« 1-2 »)",
    "objet": "objet de l'avenant",
    "orientations": "éléments du projet de territoire auxquels le projet contribue",
    "outils": "outils utilisés pour vérifier l'accessibilité",
    "pages": "pages de l'échantillon audité",
    "parent": "financeur dont celui-ci dépend",
    "perimetre": "« tout », et/ou listes epci / communes",
    "periode": "période : « 2021-2026 », ou debut et fin",
    "plan_action": "adresse du plan d'action de l'année en cours",
    "pluriel": "pluriel du nom du niveau",
    "population": "population (reprise du Code officiel géographique si absente)",
    "porteur": "EPCI ou commune membre qui porte le contrat",
    "precedent": "génération précédente du contrat (nom de son fichier)",
    "presentation": "présentation, en Markdown",
    "primaire": "couleur principale du territoire (#rrggbb)",
    "programme": "programme national ou régional, avec ses propres dates",
    "programmes_operationnels": "programmes opérationnels annuels : année, projets, montant",
    "projets": "identifiants des projets (noms de leurs fichiers)",
    "publication": "publié, ou brouillon (jamais publié)",
    "publier_nom": "true : le nom de la personne est publié (avec son accord)",
    "qualite": "qualité du signataire",
    "reference": "référence officielle",
    "reference_decision": "référence de la décision (délibération, arrêté…)",
    "region": "Région (nom ou code INSEE)",
    "resume": "une ou deux phrases (600 caractères au plus)",
    "role": "rôle ou service (« Accueil », « Animation LEADER »)",
    "schema_pluriannuel": "adresse du schéma pluriannuel de mise en accessibilité",
    "sigle": "sigle du financeur",
    "signataires": "signataires : un nom suffit",
    "singulier": "nom du niveau au singulier",
    "siren": "numéro SIREN (9 chiffres), entre guillemets",
    "siret": "numéro SIRET (14 chiffres), entre guillemets",
    "rna": "numéro RNA d'une association sans SIRET (W puis 9 chiffres)",
    "site": "adresse du site du financeur",
    "source": "source du chiffre",
    "statut": "statut (formes acceptées ci-contre)",
    "structure": "l'arbre des axes et mesures du contrat",
    "taux": "taux d'aide déclaré, en pour cent de sa base",
    "telephone": "numéro de téléphone (de service de préférence)",
    "territoires_partenaires": "territoires partenaires d'un contrat partagé",
    "cadre": "contrat cadre dont ce contrat est la part du territoire (nom du fichier dans "
             "contrats-cadres/) : type, nom, période, statut, niveaux, structure et programme "
             "en viennent quand ce fichier ne les donne pas, et le périmètre est alors tout le "
             "territoire",
    "partage_avec": "autres territoires du site qui signent ce contrat (noms de leurs dossiers) : "
                    "le contrat paraît et compte dans chacun, leurs projets le citent par le nom "
                    "de ce fichier",
    "thematiques": "thématiques (identifiant ou texte libre)",
    "titre": "titre",
    "tout": "true : tout le territoire",
    "traitements": "traitements de données personnelles propres à l'éditeur (finalité, base légale, durée)",
    "tuiles": "adresse https des tuiles ({z}, {x}, {y}) ou « aucune »",
    "type": "type (formes acceptées ci-contre)",
    "types_contrats": "types de contrats ajoutés à la liste fournie",
    "unite": "unité de la valeur",
    "url": "adresse web (https://…)",
    "valeur": "valeur",
    "version_rgaa": "version du RGAA de l'audit (4.1.2 par défaut)",
}


@dataclass(frozen=True)
class Row:
    path: str
    kind: str
    required: bool
    accepted: str
    help: str


@dataclass(frozen=True)
class FileGuide:
    kind: str
    title: str
    file: str
    rows: list[Row]


def _kind(node: dict[str, Any], defs: dict[str, Any]) -> str:
    node = _resolve(node, defs)
    if "anyOf" in node:
        kinds = [_kind(n, defs) for n in node["anyOf"] if n.get("type") != "null"]
        return " ou ".join(dict.fromkeys(kinds))
    if "enum" in node:
        return "choix"
    if node.get("type") == "array":
        return f"liste ({_kind(node.get('items', {}), defs)})"
    if "properties" in node:
        return "clés"
    return {"string": "texte", "number": "nombre", "integer": "nombre entier",
            "boolean": "true ou false"}.get(str(node.get("type")), "valeur")


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].split("/")[-1]]
    return node


def _choices(values: list[Any]) -> str:
    """The values, then the forms people write (« En cours », « Réalisé »): one per value."""
    canonical: dict[str, str] = {}
    written: dict[str, str] = {}
    for value in map(str, values):
        key = fold(value)
        canonical.setdefault(key, value)
        nice = value[:1].isupper() and not value.isupper()
        # Prefer the accented spelling (« Réalisé » over « Realise »).
        if nice and (key not in written or (written[key].isascii() and not value.isascii())):
            written[key] = value
    shown = ", ".join(canonical.values())
    forms = [f"« {w} »" for w in written.values() if w != canonical.get(fold(w))]
    return shown + (f" ; aussi écrits : {', '.join(forms)}" if forms else "")


def _accepted(node: dict[str, Any], defs: dict[str, Any]) -> str:
    node = _resolve(node, defs)
    parts = [_accepted(n, defs) for n in node.get("anyOf", []) if n.get("type") != "null"]
    if "enum" in node:
        parts.append(_choices(node["enum"]))
    if node.get("description") and "properties" not in node:
        parts.append(str(node["description"]))
    return " ; ".join(p for p in dict.fromkeys(parts) if p)


def _rows(node: dict[str, Any], defs: dict[str, Any], prefix: str, seen: set[str]) -> list[Row]:
    node = _resolve(node, defs)
    rows = []
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        rows.append(Row(path, _kind(child, defs), key in required, _accepted(child, defs),
                        HELP.get(key, "")))
        rows += _children(child, defs, path, seen)
    return rows


def _children(node: dict[str, Any], defs: dict[str, Any], path: str, seen: set[str]) -> list[Row]:
    """The keys inside a key (an object, a list of objects), each model once per file."""
    found = []
    for option in [node, *node.get("anyOf", [])]:
        target = option.get("items", option) if isinstance(option, dict) else {}
        # A key also written as a plain text (« maitre_ouvrage: Commune de … ») has its keys
        # in one branch of anyOf; an optional key, in the branch that is not null.
        name, inner = _named(target, defs)
        branches = [(name, inner), *(_named(o, defs) for o in inner.get("anyOf", []))]
        name, inner = next(((n, o) for n, o in branches if "properties" in o), (name, inner))
        # Named models are keyed by name; an unnamed one by the object itself, so that the
        # branches that lead to the same keys list them once.
        key = name or f"#{id(inner)}"
        if "properties" in inner and key not in seen:
            seen.add(key)
            suffix = "[]." if "items" in option else "."
            found += _rows(inner, defs, f"{path}{suffix}", seen)
    return found


def _named(node: Any, defs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The model a schema node leads to, and its name (the last reference followed)."""
    name = ""
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = defs[name]
    return name, node if isinstance(node, dict) else {}


FILE_HELP = {
    ("actualite", "date"): "date de publication (AAAA-MM-JJ), affichée et reprise dans les flux",
    ("actualite", "projets"): "projets dont parle l'actualité (noms de leurs fichiers ; pour les "
                              "actualités du site : « territoire/projet »)",
    ("actualite", "contrats"): "contrats dont parle l'actualité (noms de leurs fichiers ; pour les "
                               "actualités du site : « territoire/contrat »)",
    ("actualite", "publication"): "publié, ou brouillon : vérifiée mais publiée nulle part (ni "
                                  "page, ni liste, ni flux)",
    ("contrat-cadre", "enveloppes"): "montants du contrat cadre lui-même (le budget de la Région "
                                     "pour l'ensemble) ; ceux de chaque territoire vont dans son "
                                     "contrat",
    ("contrat-cadre", "documents"): "documents du contrat cadre, par leur adresse (url)",
    ("contrat-cadre", "date_signature"): "date d'adoption du contrat cadre",
}
"""Help for a key whose meaning in one file differs from the others'."""

PATH_HELP = {
    "accessibilite.audit.date": "date de l'audit (AAAA-MM-JJ)",
    "accessibilite.audit.taux": "taux de conformité au RGAA mesuré par l'audit, en pour cent",
    "accessibilite.contact.courriel": "adresse de service pour signaler un défaut d'accessibilité",
    "accessibilite.contact.adresse": "adresse postale pour signaler un défaut d'accessibilité",
    "mentions_legales.courriel": "adresse électronique de l'éditeur du site",
    "mentions_legales.adresse": "adresse postale de l'éditeur du site",
    "mentions_legales.telephone": "téléphone de l'éditeur du site",
    "mentions_legales.hebergeur.adresse": "adresse postale de l'hébergeur",
    "mentions_legales.hebergeur.telephone": "téléphone de l'hébergeur",
    "donnees_personnelles.delegue.courriel": "adresse du délégué à la protection des données",
    "donnees_personnelles.delegue.adresse": "adresse postale du délégué à la protection des "
                                            "données",
    "gouvernance[].role": "rôle de l'instance (décider, donner un avis…), en Markdown",
}
"""Help for a key whose meaning at this place differs from the same key elsewhere (an e-mail
address of the editor, of the accessibility contact…), whichever file it is in."""


def file_guides() -> list[FileGuide]:
    guides = []
    for kind, (_, title) in SCHEMAS.items():
        schema = schema_for(kind)
        rows = [dataclasses.replace(row, help=FILE_HELP.get((kind, row.path))
                                    or PATH_HELP.get(row.path, row.help))
                for row in _rows(schema, schema.get("$defs", {}), "", set())]
        guides.append(FileGuide(kind, title, FILES[kind], rows))
    return guides
