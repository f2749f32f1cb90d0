"""`contrats/<contrat>.yml`: one agreement between the territory and its funders."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from generator.load.tree import FRAMEWORKS_FOLDER
from generator.models.common import (
    Annee,
    Contact,
    Document,
    Element,
    Lien,
    Niveaux,
    Periode,
    walk_elements,
)
from generator.models.fields import (
    CommuneCode,
    Date,
    DatePartielle,
    FunderRef,
    Identifiant,
    Markdown,
    Montant,
    Siren,
    Strict,
    Texte,
    TextShorthand,
    Url,
    check_reference,
    check_scheme,
    context_of,
    fold,
    lenient,
    listing,
    reference,
)

StatutContrat = Annotated[Literal["en_preparation", "en_cours", "termine"], lenient(
    ("en_preparation", "en_cours", "termine"),
    {"signé": "en_cours", "actif": "en_cours", "achevé": "termine", "clos": "termine",
     "échu": "termine"}, ("En préparation", "En cours", "Terminé"))]


def _check_epci(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None or ctx.territory_epci is None or value in ctx.territory_epci:
        return value
    if ctx.referentiel is None:
        raise PydanticCustomError(
            "epci_hors_territoire", "l'EPCI « {siren} » n'est pas membre du territoire : pour un "
            "périmètre qui dépasse le territoire, configurez le Code officiel géographique "
            "(option referentiel) ou listez ses communes dans « communes ».", {"siren": value})
    return check_reference(value, ctx.referentiel.epci, "l'EPCI", "il n'est ni membre du "
                           "territoire ni dans le Code officiel géographique")


EpciCode = Annotated[Siren, AfterValidator(_check_epci)]
ProjectRef = Annotated[Identifiant, reference(
    lambda c: c.projects, "le projet",
    lambda c, v: f"aucun fichier projets/{v}.yml dans ce territoire")]


class Signataire(TextShorthand):
    nom: Texte
    qualite: Texte | None = None
    financeur: FunderRef | None = None


class Perimetre(TextShorthand):
    """Whole territory (`tout: true`, or simply `perimetre: tout`), or EPCI and communes,
    possibly beyond the territory."""

    shorthand_schema: ClassVar[dict[str, Any]] = {"const": "tout"}

    @classmethod
    def expand(cls, text: str) -> Any:
        if fold(text) == "tout":
            return {"tout": True}
        raise PydanticCustomError(
            "perimetre_texte", "« {value} » : le périmètre s'écrit « tout » (tout le territoire), "
            "ou avec les listes « epci: [SIREN…] » et/ou « communes: [codes INSEE…] ».",
            {"value": text})

    tout: bool = False
    """Tout le territoire ; avec « epci » ou « communes », le territoire et ces territoires en plus."""
    epci: list[EpciCode] = Field(default_factory=list)
    communes: list[CommuneCode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Perimetre:
        if not (self.tout or self.epci or self.communes):
            raise PydanticCustomError(
                "perimetre", "indiquez « tout: true » (tout le territoire), et/ou la liste "
                "des « epci » (SIREN) et/ou des « communes » (codes INSEE) concernés.")
        return self


class Enveloppe(Strict):
    financeur: FunderRef
    montant: Montant
    dispositif: Texte | None = None
    libelle: Texte | None = None
    periode: Periode | None = None

    _scheme_known = field_validator("dispositif")(check_scheme)


class ProgrammeOperationnel(Strict):
    annee: Annee
    description: Markdown | None = None
    date_validation: Date | None = None
    projets: list[ProjectRef] = Field(default_factory=list)
    montant: Montant | None = None
    document: Document | None = None


class Partenaire(TextShorthand):
    """A partner territory known by its name (and, when it has one, its site)."""

    nom: Texte
    url: Url | None = None


class Porteur(TextShorthand):
    """Who carries the contract when it is not the territory itself: a member EPCI or commune
    (a Contrat Local de Santé signed by a communauté de communes)."""

    nom: Texte
    siren: Siren | None = None
    commune: CommuneCode | None = None


class Avenant(Strict):
    date: DatePartielle
    objet: Texte
    document: Document | None = None


class ProgrammeNational(TextShorthand):
    """The national programme a local contract belongs to (Petites Villes de Demain, Action
    Cœur de Ville…), with its own dates, distinct from the local convention's."""

    nom: Texte
    periode: Periode | None = None
    url: Url | None = None


def _known_type(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None or ctx.contract_types is None or value in ctx.contract_types:
        return value
    return check_reference(value, ctx.contract_types, "le type de contrat",
                           f"types acceptés : {listing(ctx.contract_types, 20)} ; un autre "
                           "type s'ajoute dans site.yml, rubrique types_contrats")


class ConventionCommune(Strict):
    """One commune's own convention inside a scheme (Bourgs-Centres: one per commune)."""

    commune: CommuneCode
    nom: Texte | None = None
    date_signature: DatePartielle | None = None
    periode: Periode | None = None
    montant: Montant | None = None
    avenants: list[Avenant] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)


def _site_territory(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None or ctx.territories is None:
        return value
    if value == ctx.territory:
        raise PydanticCustomError(
            "partage_soi_meme", "« {value} » est le territoire de ce fichier : ne listez dans "
            "partage_avec que les autres territoires qui signent ce contrat.", {"value": value})
    return check_reference(value, ctx.territories, "le territoire",
                           "aucun dossier de territoire ne porte ce nom sur ce site")


SiteTerritory = Annotated[Identifiant, AfterValidator(_site_territory)]

ContractRef = Annotated[Identifiant, reference(
    lambda c: c.contracts, "le contrat",
    lambda c, v: f"aucun fichier contrats/{v}.yml dans ce territoire")]
FrameworkRef = Annotated[Identifiant, reference(
    lambda c: c.frameworks, "le contrat cadre",
    lambda c, v: f"aucun fichier {FRAMEWORKS_FOLDER}/{v}.yml à la racine des données")]

FRAMEWORK_KEYS = ("type", "nom", "periode", "statut", "niveaux", "structure", "programme")
"""What a territory's part of a contract framework takes from it when its own file does not
say it (its perimeter is then the whole territory)."""


class _Accord(Niveaux):
    """What a contract and a contract framework both say of themselves."""

    type: Identifiant
    nom: Texte
    reference: Texte | None = None
    description: Markdown | None = None
    signataires: list[Signataire] = Field(default_factory=list)
    date_signature: DatePartielle | None = None
    periode: Periode
    statut: StatutContrat
    structure: list[Element] = Field(default_factory=list)
    enveloppes: list[Enveloppe] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    contact: Contact | None = None
    liens: list[Lien] = Field(default_factory=list)
    porteur: Porteur | None = None
    programme: ProgrammeNational | None = None

    _type_known = field_validator("type")(_known_type)


class ContratCadre(_Accord):
    """`contrats-cadres/<cadre>.yml`: a Région's or the State's contract framework (the
    Contrats territoriaux Occitanie, a CPER…), which each territory signs in its own part.
    Its `enveloppes` are its own amounts (the Région's whole budget for it), beside the
    parts'."""

    perimetre: SkipJsonSchema[Any] = Field(default=None, exclude=True)
    """Never accepted: declared only to say where a perimeter goes."""

    @field_validator("perimetre")
    @classmethod
    def _no_perimeter(cls, value: Any) -> None:
        raise PydanticCustomError(
            "cadre_perimetre", "un contrat cadre n'a pas de périmètre : celui de chaque territoire "
            "se donne dans sa part (son contrat, « cadre: … »), et vaut tout le territoire quand "
            "elle n'en dit rien.")

    @field_validator("documents")
    @classmethod
    def _documents_online(cls, value: list[Document]) -> list[Document]:
        if any(d.fichier for d in value):
            raise PydanticCustomError(
                "cadre_fichier", "un document du contrat cadre se donne par son adresse (url) : "
                "un fichier joint se publie avec le contrat d'un territoire (dossier medias/ du "
                "territoire).")
        return value


class Contrat(_Accord):
    perimetre: Perimetre
    programmes_operationnels: list[ProgrammeOperationnel] = Field(default_factory=list)
    territoires_partenaires: list[Partenaire] = Field(default_factory=list)
    partage_avec: list[SiteTerritory] = Field(default_factory=list)
    """Other territories of the site that sign this contract: it is shown and counted in each,
    and their projects cite it by its file name."""
    precedent: ContractRef | None = None
    """The previous generation of this contract (LEADER 2014-2020 before 2023-2027)."""
    avenants: list[Avenant] = Field(default_factory=list)
    conventions: list[ConventionCommune] = Field(default_factory=list)
    cadre: FrameworkRef | None = None
    """The site's contract framework this contract is the territory's part of: what the file
    does not say comes from the framework (FRAMEWORK_KEYS)."""

    def element(self, element_id: str) -> Element | None:
        """The axis or measure of the structure with this id."""
        return next((e for e, _ in walk_elements(self.structure) if e.id == element_id), None)

    def all_documents(self) -> list[Document]:
        """Every document the contract's page links to: its own, its programmes', its
        amendments' and its communes' conventions'."""
        found = list(self.documents)
        found += [po.document for po in self.programmes_operationnels if po.document]
        found += [a.document for a in self.avenants if a.document]
        for convention in self.conventions:
            found += convention.documents + [a.document for a in convention.avenants if a.document]
        return found

    def element_level(self, element_id: str) -> str:
        """What the structure calls this element at its depth (« mesure », « action »…)."""
        depth = next((d for e, d in walk_elements(self.structure) if e.id == element_id), None)
        level = self.level(depth) if depth is not None else None
        return level.singulier if level else "mesure"

    @model_validator(mode="after")
    def _programmes(self) -> Contrat:
        years = [po.annee for po in self.programmes_operationnels]
        if len(years) != len(set(years)):
            raise PydanticCustomError(
                "doublon", "deux programmes opérationnels ont la même année : "
                "regroupez-les en un seul par année.")
        return self
