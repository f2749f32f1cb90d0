"""`actualites/<actualite>.md`: a news item, its header validated like the data files."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from generator.models.common import Image, Publication
from generator.models.context import ValidationContext
from generator.models.fields import Date, Strict, Texte, check_reference, context_of

SITE_REF_FORM = "territoire/identifiant"
"""How the site's own news cite a territory's project or contract: « grand-quercy/ecole »."""


def _where(kind: str, ctx: ValidationContext, value: str) -> str:
    if ctx.site_news:
        return (f"les actualités du site citent un {kind} sous la forme « {SITE_REF_FORM} », "
                f"par exemple « grand-quercy/{value.rsplit('/', 1)[-1]} », d'après le nom du "
                "dossier du territoire et celui du fichier")
    return f"aucun fichier {kind}s/{value}.yml dans ce territoire"


def _project_known(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None:
        return value
    return check_reference(value, ctx.projects, "le projet", _where("projet", ctx, value))


def _contract_known(value: str, info: ValidationInfo) -> str:
    ctx = context_of(info)
    if ctx is None:
        return value
    return check_reference(value, ctx.contracts, "le contrat", _where("contrat", ctx, value))


ProjetCite = Annotated[Texte, AfterValidator(_project_known)]
ContratCite = Annotated[Texte, AfterValidator(_contract_known)]


class Actualite(Strict):
    """The header of a news item; its text is the Markdown below the header."""

    titre: Texte = Field(max_length=200)
    date: Date
    """Date de publication, affichée avec l'actualité et dans les flux."""
    auteur: Texte | None = None
    resume: Texte | None = Field(default=None, max_length=600)
    etiquettes: list[Texte] = Field(default_factory=list)
    projets: list[ProjetCite] = Field(default_factory=list)
    contrats: list[ContratCite] = Field(default_factory=list)
    image: Image | None = None
    publication: Publication = "publie"
    mis_a_jour: Date | None = None

    @field_validator("mis_a_jour")
    @classmethod
    def _after_publication(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        published = info.data.get("date")
        if value is not None and published is not None and value < published:
            raise PydanticCustomError(
                "mise_a_jour_avant_publication", "la mise à jour ({maj}) précède la date de "
                "publication ({date}) : corrigez l'une des deux.",
                {"maj": value.isoformat(), "date": published.isoformat()})
        return value

    @property
    def published(self) -> bool:
        return self.publication == "publie"
