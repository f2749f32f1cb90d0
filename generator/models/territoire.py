"""`territoire.yml`: identity, members, governance, contacts and key figures of a territory."""

from __future__ import annotations

import difflib
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Annee, Contact, Lien
from generator.models.defaults import REGION_CODES, REGIONS
from generator.models.fields import (
    CommuneCode,
    Couleur,
    Date,
    Markdown,
    Nombre,
    Siren,
    Strict,
    Texte,
    context_of,
    lenient,
)

_TERRITORY_KINDS = (
    "petr", "pays", "pnr", "communaute-de-communes", "communaute-d-agglomeration",
    "communaute-urbaine", "metropole", "departement", "region", "autre",
)
TerritoryKind = Annotated[Literal[
    "petr", "pays", "pnr", "communaute-de-communes", "communaute-d-agglomeration",
    "communaute-urbaine", "metropole", "departement", "region", "autre",
], lenient(_TERRITORY_KINDS, {
    "pole d'équilibre territorial et rural": "petr", "parc naturel régional": "pnr",
    "cc": "communaute-de-communes", "ca": "communaute-d-agglomeration",
    "cu": "communaute-urbaine", "agglomeration": "communaute-d-agglomeration"},
    ("PETR", "Pays", "PNR", "Communauté de communes", "Communauté d'agglomération",
     "Communauté urbaine", "Métropole", "Département", "Région", "Autre"))]
Region = Annotated[Literal[REGIONS], lenient(REGIONS, REGION_CODES)]  # type: ignore[valid-type]


class Commune(Strict):
    code: CommuneCode
    nom: Texte
    population: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _matches_reference(self, info: ValidationInfo) -> Commune:
        ctx = context_of(info)
        ref = ctx.referentiel if ctx else None
        if ref is None or not ref.communes:
            return self
        known = ref.communes.get(self.code)
        if known is not None and known.nom != self.nom:
            raise PydanticCustomError(
                "commune_nom", "le nom officiel de la commune {code} est « {official} » "
                "(pas « {nom} ») : recopiez-le tel quel.",
                {"code": self.code, "official": known.nom, "nom": self.nom})
        if known is not None and self.population not in (None, known.population):
            raise PydanticCustomError(
                "commune_population", "la population de {nom} est de {official} habitants selon "
                "le Code officiel géographique ({source}), pas {population} : corrigez-la ou "
                "retirez « population » (elle est alors reprise du référentiel).",
                {"nom": self.nom, "official": known.population, "source": ref.source,
                 "population": self.population})
        return self


class Epci(Strict):
    siren: Siren
    nom: Texte
    communes: list[Commune] = Field(min_length=1)

    @model_validator(mode="after")
    def _known(self, info: ValidationInfo) -> Epci:
        ctx = context_of(info)
        ref = ctx.referentiel if ctx else None
        if ref is None or not ref.epci or self.siren in ref.epci:
            return self
        names = {e.nom: e.siren for e in ref.epci.values()}
        close = difflib.get_close_matches(self.nom, list(names), n=1)
        hint = f" Le SIREN de « {close[0]} » est {names[close[0]]}." if close else ""
        raise PydanticCustomError(
            "epci_inconnu", "aucun EPCI n'a le SIREN « {siren} » dans le Code officiel "
            "géographique ({source}).{hint}",
            {"siren": self.siren, "source": ref.source, "hint": hint})


class Instance(Strict):
    nom: Texte
    role: Markdown | None = None
    composition: list[Texte] = Field(default_factory=list)
    frequence: Texte | None = None


class ChiffreCle(Strict):
    libelle: Texte
    valeur: int | Nombre | Texte
    unite: Texte | None = None
    source: Texte | None = None
    date: Date | Annee | None = None


class Couleurs(Strict):
    primaire: Couleur | None = None
    accent: Couleur | None = None


class Territoire(Strict):
    nom: Texte
    nom_court: Texte | None = None
    type: TerritoryKind
    siren: Siren | None = None
    region: Region
    departements: list[Texte] = Field(default_factory=list)
    presentation: Markdown
    date_creation: Date | Annee | None = None
    epci: list[Epci] = Field(default_factory=list)
    communes: list[Commune] = Field(default_factory=list)
    gouvernance: list[Instance] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    chiffres_cles: list[ChiffreCle] = Field(default_factory=list)
    liens: list[Lien] = Field(default_factory=list)
    couleurs: Couleurs | None = None
    logo: Texte | None = None
    date_des_donnees: Date | None = None
    """La date à laquelle les données du territoire sont à jour (sinon : la plus récente trouvée)."""

    @model_validator(mode="after")
    def _has_members(self) -> Territoire:
        if not self.epci and not self.communes:
            raise PydanticCustomError(
                "sans_communes", "le territoire n'a ni « epci » ni « communes » : listez ses EPCI "
                "membres et leurs communes (ou ses communes directement).")
        return self

    def all_communes(self) -> list[Commune]:
        return [c for e in self.epci for c in e.communes] + list(self.communes)
