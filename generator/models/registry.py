"""Site-wide files at the data root: `site.yml` (settings) and `financeurs.yml` (funders)."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.models.fields import (
    Date,
    Email,
    FunderRef,
    Identifiant,
    Markdown,
    Pourcentage,
    Siren,
    Siret,
    Strict,
    Telephone,
    Texte,
    Url,
    fold,
    lenient,
)


class TypeContrat(Strict):
    id: Identifiant
    nom: Texte
    financeur_principal: FunderRef | None = None
    description: Markdown | None = None


class Thematique(Strict):
    id: Identifiant
    nom: Texte


IGN_PLAN = ("https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
            "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}")


_TILES = re.compile(r"^https://[^\s<>\"'`\\]*\{z\}[^\s<>\"'`\\]*$")


def _tile_address(value: str) -> str:
    """Tiles are the one resource a page loads from elsewhere: an https address, nothing else
    (a page must never load a script or an insecure resource from the data)."""
    if fold(value) == "aucune":
        return value
    if not _TILES.match(value) or not {"{x}", "{y}"} <= set(re.findall(r"\{[a-z]\}", value)):
        raise PydanticCustomError(
            "tuiles", "« {value} » n'est pas une adresse de tuiles : écrivez une adresse https "
            "contenant {z}, {x} et {y} (par exemple "
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png), ou « aucune ».", {"value": value})
    return value


class Carte(Strict):
    """Fond des cartes. Les tuiles sont la seule ressource chargée depuis un autre serveur :
    `tuiles: aucune` les retire, une autre adresse (OpenStreetMap…) les remplace."""

    tuiles: Annotated[Texte, AfterValidator(_tile_address), WithJsonSchema({
        "type": "string", "pattern": f"^(?:[Aa]ucune|{_TILES.pattern[1:-1]})$",
        "description": "Adresse https des tuiles avec {z}, {x} et {y}, ou « aucune »"})] = IGN_PLAN
    attribution: Texte = "IGN – Plan IGN v2"
    attribution_url: Url = "https://geoservices.ign.fr/"
    fournisseur: Texte = "la Géoplateforme de l'IGN"

    @property
    def active(self) -> bool:
        return fold(self.tuiles) != "aucune"

    @property
    def host(self) -> str:
        return urlsplit(self.tuiles).netloc if self.active else ""


EtatConformite = Annotated[Literal[
    "totalement conforme", "partiellement conforme", "non conforme"], lenient((
        "totalement conforme", "partiellement conforme", "non conforme"))]


class AuditRgaa(Strict):
    """The audit a conformity status rests on (décret n° 2019-768, art. 3)."""

    date: Date
    auditeur: Texte
    version_rgaa: Texte = "4.1.2"
    taux: Pourcentage | None = None
    """Taux de conformité moyen mesuré par l'audit, en pour cent."""
    pages: list[Texte] = Field(default_factory=list)
    """Pages de l'échantillon audité."""
    outils: list[Texte] = Field(default_factory=list)


class ContactAccessibilite(Strict):
    """Where a visitor reports a defect and asks for an accessible alternative."""

    courriel: Email | None = None
    formulaire: Url | None = None
    adresse: Texte | None = None


class Accessibilite(Strict):
    """`site.yml`, rubrique `accessibilite` : la déclaration d'accessibilité du site."""

    etat: EtatConformite | None = None
    audit: AuditRgaa | None = None
    non_conformites: list[Texte] = Field(default_factory=list)
    derogations: list[Texte] = Field(default_factory=list)
    """Contenus dérogatoires pour charge disproportionnée, chacun avec sa justification."""
    hors_champ: list[Texte] = Field(default_factory=list)
    contact: ContactAccessibilite | None = None
    schema_pluriannuel: Url | None = None
    plan_action: Url | None = None
    date_declaration: Date | None = None


class Hebergeur(Strict):
    """The host (LCEN, art. 6 III): name, address and telephone."""

    nom: Texte | None = None
    adresse: Texte | None = None
    telephone: Telephone | None = None


class MentionsLegales(Strict):
    """`site.yml`, rubrique `mentions_legales` : ce que la loi (LCEN, art. 6 III) demande
    d'afficher sur l'éditeur et l'hébergeur du site."""

    editeur: Texte | None = None
    adresse: Texte | None = None
    telephone: Telephone | None = None
    courriel: Email | None = None
    siren: Siren | None = None
    directeur_publication: Texte | None = None
    """Directeur ou directrice de la publication : en général le président ou la présidente."""
    hebergeur: Hebergeur = Field(default_factory=Hebergeur)
    credits: list[Texte] = Field(default_factory=list)


class DelegueProtection(Strict):
    courriel: Email | None = None
    adresse: Texte | None = None


class DonneesPersonnelles(Strict):
    """`site.yml`, rubrique `donnees_personnelles` : les traitements de données personnelles liés
    au site et les droits des personnes (RGPD, art. 13)."""

    delegue: DelegueProtection = Field(default_factory=DelegueProtection)
    """Contact du délégué à la protection des données (DPO)."""
    traitements: list[Texte] = Field(default_factory=list)
    """Traitements propres à l'éditeur (finalité, base légale, durée de conservation)."""


class Site(Strict):
    """`site.yml`: settings shared by every territory of the site."""

    nom: Texte = "Territoire ouvert"
    description: Texte | None = None
    demonstration: bool = False
    date_des_donnees: Date | None = None
    carte: Carte = Field(default_factory=Carte)
    licence: Texte = "Licence Ouverte 2.0 (Etalab)"
    licence_url: Url = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    conformite_rgaa: EtatConformite = "non conforme"
    """Ancienne forme de `accessibilite.etat`, toujours lue."""
    accessibilite: Accessibilite = Field(default_factory=Accessibilite)
    mentions_legales: MentionsLegales = Field(default_factory=MentionsLegales)
    donnees_personnelles: DonneesPersonnelles = Field(default_factory=DonneesPersonnelles)
    avertissement_demonstration: Texte | None = None
    types_contrats: list[TypeContrat] = Field(default_factory=list)
    thematiques: list[Thematique] = Field(default_factory=list)


_FUNDER_KINDS = (
    "etat", "operateur-etat", "region", "departement", "union-europeenne", "epci", "commune",
    "etablissement-public", "organisme-social", "prive", "autre",
)
FunderKind = Annotated[Literal[
    "etat", "operateur-etat", "region", "departement", "union-europeenne", "epci", "commune",
    "etablissement-public", "organisme-social", "prive", "autre",
], lenient(_FUNDER_KINDS, {"ue": "union-europeenne", "europe": "union-europeenne",
                           "intercommunalite": "epci", "agence-de-l-etat": "operateur-etat",
                           "operateur": "operateur-etat", "entreprise": "prive",
                           "association": "autre", "banque": "etablissement-public"},
                  ("État", "Opérateur de l'État", "Région", "Département", "Union européenne",
                   "EPCI", "Commune", "Établissement public", "Organisme social", "Privé",
                   "Autre"))]


class Financeur(Strict):
    id: Identifiant
    nom: Texte
    sigle: Texte | None = None
    type: FunderKind
    siren: Siren | None = None
    siret: Siret | None = None
    """SIRET de l'établissement qui attribue les aides : il identifie l'attribuant dans le
    fichier SCDL des subventions."""
    parent: Identifiant | None = None
    site: Url | None = None
    logo: Texte | None = None
    mention_obligatoire: Markdown | None = None
    dispositifs: list[Texte] = Field(default_factory=list)

    @property
    def public(self) -> bool:
        return self.type != "prive"


class Financeurs(Strict):
    """`financeurs.yml`: the funders every territory refers to by `id`."""

    financeurs: list[Financeur]
