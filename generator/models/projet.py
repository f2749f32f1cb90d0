"""`projets/<projet>.yml`: one operation, its place in the strategy and its financing plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Annee, Document, Image, Lien, Publication, Statut
from generator.models.fields import (
    CommuneCode,
    Date,
    DatePartielle,
    FunderRef,
    Identifiant,
    Markdown,
    Montant,
    Nombre,
    Pourcentage,
    Rna,
    Siren,
    Siret,
    Strict,
    Texte,
    TextShorthand,
    check_reference,
    check_scheme,
    context_of,
    first_day,
    last_day,
    lenient,
    reference,
)


class MaitreOuvrage(TextShorthand):
    nom: Texte
    siren: Siren | None = None
    siret: Siret | None = None
    """The establishment that receives the grants: the SCDL « subventions » names it."""
    rna: Rna | None = None
    """An association's RNA number, when it has no SIRET."""
    type: Texte | None = None


class Localisation(Strict):
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)


TerritoryContract = Annotated[Identifiant, reference(
    lambda c: c.contracts, "le contrat",
    lambda c, v: f"aucun fichier contrats/{v}.yml dans ce territoire")]


class LienContrat(TextShorthand):
    shorthand_key: ClassVar[str] = "contrat"
    contrat: TerritoryContract
    mesure: Identifiant | None = None
    annee: Annee | None = None

    @field_validator("mesure")
    @classmethod
    def _measure_known(cls, value: str | None, info: ValidationInfo) -> str | None:
        ctx = context_of(info)
        contract = info.data.get("contrat")
        measures = ctx.contracts.get(contract) if ctx and contract else None
        if value is None or measures is None:
            return value
        return check_reference(value, measures, "la mesure",
                               f"elle n'est pas dans la structure du contrat « {contract} »")


StatutFinancement = Annotated[Literal["sollicite", "accorde", "verse"], lenient(
    ("sollicite", "accorde", "verse"),
    {"accordée": "accorde", "versée": "verse", "sollicitée": "sollicite", "demandé": "sollicite",
     "demandée": "sollicite", "attribué": "accorde", "attribuée": "accorde", "payé": "verse"},
    ("sollicité", "accordé", "versé"))]


class Financement(Strict):
    """One line of a financing plan. Decision, convention and payment are three dates."""

    financeur: FunderRef
    dispositif: Texte | None = None
    montant: Montant
    taux: Pourcentage | None = None
    """Taux d'aide déclaré, en pour cent de l'assiette (sinon de la dépense éligible du projet,
    sinon de son coût total)."""
    assiette: Montant | None = None
    """Dépense retenue par ce financeur, quand elle diffère de celle du projet."""
    statut: StatutFinancement = "accorde"
    date_decision: DatePartielle | None = None
    reference_decision: Texte | None = None
    date_convention: DatePartielle | None = None
    date_versement: DatePartielle | None = None

    _scheme_known = field_validator("dispositif")(check_scheme)


class Jalon(Strict):
    date: DatePartielle
    titre: Texte
    description: Markdown | None = None


class Indicateur(Strict):
    nom: Texte
    valeur: int | Nombre
    unite: Texte | None = None
    cible: int | Nombre | None = None


class Dates(Strict):
    """A project's dates. Like `Periode`, the value checks its own order."""

    debut: DatePartielle | None = None
    fin: DatePartielle | None = None

    @field_validator("fin")
    @classmethod
    def _after_start(cls, fin: dt.date | None, info: ValidationInfo) -> dt.date | None:
        debut = info.data.get("debut")
        if fin is not None and debut is not None and first_day(debut) > last_day(fin):
            raise PydanticCustomError(
                "dates_inversees", "la date de fin ({fin}) précède la date de début ({debut}) : "
                "inversez-les ou corrigez l'une des deux.", {"fin": str(fin), "debut": str(debut)})
        return fin


StrategyRef = Annotated[Identifiant, reference(
    lambda c: c.strategy_ids, "l'élément du projet de territoire",
    lambda c, v: "il n'est pas dans projet-de-territoire.yml")]


class Projet(Strict):
    titre: Texte = Field(max_length=200)
    resume: Texte = Field(max_length=600)
    description: Markdown | None = None
    statut: Statut
    avancement: int | None = Field(default=None, ge=0, le=100)
    maitre_ouvrage: MaitreOuvrage
    communes: list[CommuneCode] = Field(min_length=1)
    localisation: Localisation | None = None
    # Free text: « Santé » or « sante » joins the built-in theme `sante`; any other text is a theme
    # of its own (see catalog.theme_key).
    thematiques: list[Texte] = Field(default_factory=list)
    orientations: list[StrategyRef] = Field(default_factory=list)
    contrats: list[LienContrat] = Field(default_factory=list)
    dates: Dates = Field(default_factory=Dates)
    cout_total: Montant | None = None
    montants: Annotated[Literal["HT", "TTC"], lenient(
        ("HT", "TTC"), {"hors taxes": "HT", "toutes taxes comprises": "TTC"})] | None = None
    """Whether the amounts are before or after VAT, when the source says so."""
    depense_eligible: Montant | None = None
    """Assiette subventionnable: the expense funders' rates apply to."""
    autofinancement: Montant | None = None
    """What the maître d'ouvrage pays itself, when a source states it (never deduced)."""
    cout_final: Montant | None = None
    """The final cost of a completed project, beside its forecast `cout_total`."""
    financements: list[Financement] = Field(default_factory=list)
    jalons: list[Jalon] = Field(default_factory=list)
    indicateurs: list[Indicateur] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    liens: list[Lien] = Field(default_factory=list)
    publication: Publication = "publie"
    notes_internes: str | None = None
    mis_a_jour: Date | None = None

    @property
    def published(self) -> bool:
        return self.publication == "publie"

    def funding_total(self) -> Decimal:
        return sum((f.montant for f in self.financements), Decimal(0))
