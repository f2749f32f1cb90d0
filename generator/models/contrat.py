"""`contrats/<contrat>.yml`: one agreement between the territory and its funders."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Annee, Contact, Document, Element, Lien, Niveaux, Periode
from generator.models.fields import (
    CodeInsee,
    Identifiant,
    Markdown,
    Montant,
    Siren,
    Strict,
    Texte,
    Url,
    check_reference,
    context_of,
    listing,
)
from generator.models.strategie import check_tree

StatutContrat = Literal["en_preparation", "en_cours", "termine"]


def check_funder(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None:
        return value
    return check_reference(value, ctx.funders, "le financeur",
                           "ajoutez-le à territories/financeurs.yml ou corrigez l'identifiant")


class Signataire(Strict):
    nom: Texte
    qualite: Texte | None = None
    financeur: Identifiant | None = None

    _funder = field_validator("financeur")(check_funder)


class Perimetre(Strict):
    """Whole territory (`tout: true`), or EPCI and communes, possibly beyond the territory."""

    tout: bool = False
    epci: list[Siren] = Field(default_factory=list)
    communes: list[CodeInsee] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> Perimetre:
        if self.tout == bool(self.epci or self.communes):
            raise PydanticCustomError(
                "perimetre", "indiquez soit « tout: true » (tout le territoire), soit la liste "
                "des « epci » (SIREN) et/ou des « communes » (codes INSEE) concernés.")
        return self

    @field_validator("epci")
    @classmethod
    def _epci_known(cls, values: list[str], info: ValidationInfo) -> list[str]:
        ctx = context_of(info)
        if ctx is None:
            return values
        known = set(ctx.territory_epci) | set(ctx.referentiel.epci if ctx.referentiel else ())
        for siren in values:
            check_reference(siren, known, "l'EPCI", "il n'est ni membre du territoire ni dans le "
                            "Code officiel géographique")
        return values

    @field_validator("communes")
    @classmethod
    def _communes_known(cls, values: list[str], info: ValidationInfo) -> list[str]:
        ctx = context_of(info)
        if ctx is None:
            return values
        ref = ctx.referentiel.communes if ctx.referentiel else {}
        known = set(ctx.territory_communes) | {c for c, r in ref.items() if r.actuelle}
        for code in values:
            check_reference(code, known, "la commune", "elle n'est ni dans le territoire ni une "
                            "commune actuelle du Code officiel géographique")
        return values


class Enveloppe(Strict):
    financeur: Identifiant
    montant: Montant
    dispositif: Texte | None = None
    libelle: Texte | None = None
    periode: Periode | None = None

    _funder = field_validator("financeur")(check_funder)


class ProgrammeOperationnel(Strict):
    annee: Annee
    date_validation: dt.date | None = None
    projets: list[Identifiant] = Field(default_factory=list)
    montant: Montant | None = None
    document: Document | None = None

    @field_validator("projets")
    @classmethod
    def _projects_known(cls, values: list[str], info: ValidationInfo) -> list[str]:
        ctx = context_of(info)
        if ctx is None:
            return values
        for slug in values:
            check_reference(slug, ctx.projects, "le projet", "aucun fichier projets/"
                            f"{slug}.yml dans ce territoire")
        return values


class Partenaire(Strict):
    nom: Texte
    url: Url | None = None


class Contrat(Niveaux):
    type: Identifiant
    nom: Texte
    reference: Texte | None = None
    description: Markdown | None = None
    signataires: list[Signataire] = Field(default_factory=list)
    date_signature: dt.date | None = None
    periode: Periode
    statut: StatutContrat
    perimetre: Perimetre
    structure: list[Element] = Field(default_factory=list)
    enveloppes: list[Enveloppe] = Field(default_factory=list)
    programmes_operationnels: list[ProgrammeOperationnel] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    contact: Contact | None = None
    territoires_partenaires: list[Partenaire] = Field(default_factory=list)
    liens: list[Lien] = Field(default_factory=list)

    @field_validator("type")
    @classmethod
    def _type_known(cls, value: str, info: ValidationInfo) -> str:
        ctx = context_of(info)
        if ctx is None or value in ctx.contract_types:
            return value
        return check_reference(value, ctx.contract_types, "le type de contrat",
                               f"types acceptés : {listing(ctx.contract_types, 20)} ; un autre "
                               "type s'ajoute dans site.yml, rubrique types_contrats")

    @model_validator(mode="after")
    def _structure(self) -> Contrat:
        check_tree(self.structure, len(self.niveaux), "la structure du contrat")
        years = [po.annee for po in self.programmes_operationnels]
        if len(years) != len(set(years)):
            raise PydanticCustomError(
                "doublon", "deux programmes opérationnels ont la même année : "
                "regroupez-les en un seul par année.")
        return self
