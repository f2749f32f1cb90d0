"""Small models used by several files: periods, links, documents, contacts, tree elements."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from generator.models.fields import (
    Date,
    Email,
    Identifiant,
    Markdown,
    Strict,
    Telephone,
    Texte,
    TextShorthand,
    Url,
    fold,
    lenient,
)

Annee = Annotated[int, Field(ge=1950, le=2100)]
DateOuAnnee = Date | Annee


def start_of(value: DateOuAnnee) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date(value, 1, 1)


def end_of(value: DateOuAnnee) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date(value, 12, 31)


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-|–|—|/|à|au)\s*(\d{4})\s*$")


class Periode(TextShorthand):
    """A period; each bound is a date (2021-12-17) or a year (2021). « 2021-2026 » also works."""

    shorthand_schema: ClassVar[dict[str, Any]] = {
        "type": "string", "pattern": r"^\s*\d{4}\s*(-|–|—|/|à|au)\s*\d{4}\s*$"}

    @classmethod
    def expand(cls, text: str) -> Any:
        match = _YEARS.match(text)
        return {"debut": int(match.group(1)), "fin": int(match.group(2))} if match else text

    debut: DateOuAnnee
    fin: DateOuAnnee | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Periode:
        if self.fin is not None and start_of(self.debut) > end_of(self.fin):
            raise PydanticCustomError(
                "periode_inversee",
                "la fin ({fin}) précède le début ({debut}) : inversez les deux dates.",
                {"fin": str(self.fin), "debut": str(self.debut)},
            )
        return self


class Lien(TextShorthand):
    """A link; a bare address is accepted and shown as its own title."""

    shorthand_key: ClassVar[str] = "url"
    titre: Texte | None = None
    url: Url

    @property
    def label(self) -> str:
        return self.titre or self.url


class Document(Strict):
    """A downloadable document: a file of the data folder (`fichier`) or a web address (`url`)."""

    titre: Texte
    fichier: Texte | None = None
    url: Url | None = None
    date: Date | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Document:
        if (self.fichier is None) == (self.url is None):
            raise PydanticCustomError(
                "document_source",
                "indiquez soit « fichier » (un fichier du dossier medias/), soit « url » "
                "(une adresse web), l'un des deux exactement.",
            )
        return self


_MOBILE = re.compile(r"^(?:0|\+33|0033)[67]")


class Contact(Strict):
    """A contact point. A person's name is published only when `publier_nom` is true; then
    neither a personal e-mail nor a mobile number may be published for it (RGPD): a role
    mailbox or a service line is, by default."""

    role: Texte
    email: Email | None = None
    telephone: Telephone | None = None
    nom: Texte | None = None
    publier_nom: bool = False
    adresse: Texte | None = None

    @model_validator(mode="after")
    def _no_personal_data(self) -> Contact:
        if self.publier_nom:
            return self
        phone = re.sub(r"[\s.()-]", "", self.telephone or "")
        if _MOBILE.match(phone):
            raise PydanticCustomError(
                "contact_portable", "« {telephone} » est un numéro de portable, une donnée "
                "personnelle : pour ce contact dont le nom n'est pas publié, indiquez un numéro de "
                "service (standard, ligne fixe), ou publiez le nom avec l'accord de la personne "
                "(« publier_nom: true »).", {"telephone": self.telephone or ""})
        if self.email and self.nom and _names_in(self.nom, self.email.split("@")[0]):
            raise PydanticCustomError(
                "contact_email", "l'adresse « {email} » contient le nom de la personne, qui n'est "
                "pas publié : indiquez une adresse de service (par exemple contact@…), ou publiez "
                "le nom avec l'accord de la personne (« publier_nom: true »).", {"email": self.email})
        return self


def _names_in(name: str, local: str) -> bool:
    """An e-mail's local part that spells a word of the person's name is a personal address."""
    folded = fold(local)
    return any(len(word) >= 3 and word in folded for word in map(fold, re.split(r"[\s'-]+", name)))


class Niveau(Strict):
    singulier: Texte
    pluriel: Texte | None = None


_INVARIABLE = {"de", "du", "des", "d", "à", "au", "aux", "et", "la", "le", "les", "l", "en"}


def pluralize(name: str) -> str:
    """Naive French plural, word by word; levels can give their own `pluriel` instead."""
    words = []
    for word in name.split(" "):
        if word.lower() in _INVARIABLE or word[-1:] in {"s", "x", "z"} or "'" in word:
            words.append(word)
        elif word.endswith("al"):
            words.append(word[:-2] + "aux")
        else:
            words.append(word + "s")
    return " ".join(words)


def level_names(raw: list[Niveau | str]) -> list[Niveau]:
    levels = [Niveau(singulier=v) if isinstance(v, str) else v for v in raw]
    return [lv if lv.pluriel else Niveau(singulier=lv.singulier, pluriel=pluralize(lv.singulier))
            for lv in levels]


class Element(Strict):
    """A node of a strategy tree or of a contract's structure. A strategy published only in
    part may give an element its official number without its title: nothing is invented."""

    id: Identifiant
    numero: Texte | None = None
    """Official numbering as published (« 1-2 » for « Orientation n°1-2 »)."""
    titre: Texte | None = None
    description: Markdown | None = None
    enfants: list[Element] = Field(default_factory=list)

    @model_validator(mode="after")
    def _named(self) -> Element:
        if self.titre is None and self.numero is None:
            raise PydanticCustomError(
                "element_sans_titre", "l'élément « {id} » n'a ni « titre » ni « numero » : "
                "indiquez son intitulé, ou au moins son numéro officiel si l'intitulé n'est pas "
                "publié.", {"id": self.id})
        return self

    @property
    def label(self) -> str:
        """How pages name it: « 1-2 — Titre », « Titre », or « n°1-2 » when only numbered."""
        if self.numero and self.titre:
            return f"{self.numero} — {self.titre}"
        return self.titre or f"n°{self.numero}"

    def walk(self, depth: int = 0) -> list[tuple[Element, int]]:
        found = [(self, depth)]
        for child in self.enfants:
            found.extend(child.walk(depth + 1))
        return found


def walk_with_paths(elements: list[Element], prefix: tuple[str | int, ...],
                    depth: int = 0) -> list[tuple[Element, int, tuple[str | int, ...]]]:
    """Each element with its depth and its key path in the file, for precise messages."""
    found: list[tuple[Element, int, tuple[str | int, ...]]] = []
    for index, element in enumerate(elements):
        path = (*prefix, index)
        found.append((element, depth, path))
        found.extend(walk_with_paths(element.enfants, (*path, "enfants"), depth + 1))
    return found


def walk_elements(elements: list[Element]) -> list[tuple[Element, int]]:
    found: list[tuple[Element, int]] = []
    for element in elements:
        found.extend(element.walk())
    return found


class Niveaux(Strict):
    """Mixin for files that name the levels of their tree."""

    niveaux: list[Niveau | str] = Field(default_factory=list)

    @field_validator("niveaux")
    @classmethod
    def _normalise(cls, raw: list[Niveau | str]) -> list[Niveau | str]:
        return list(level_names(raw))

    def level(self, depth: int) -> Niveau | None:
        """The name of a depth of the tree; `niveaux` is already normalised by the validator."""
        level = self.niveaux[depth] if depth < len(self.niveaux) else None
        return level if isinstance(level, Niveau) else None


_STATUTS = ("a_venir", "en_cours", "realise", "abandonne")
Statut = Annotated[Literal["a_venir", "en_cours", "realise", "abandonne"], lenient(
    _STATUTS, {"terminé": "realise", "achevé": "realise", "en projet": "a_venir",
               "prévu": "a_venir", "annulé": "abandonne"},
    ("À venir", "En cours", "Réalisé", "Abandonné"))]


Publication = Annotated[Literal["publie", "brouillon"], lenient(
    ("publie", "brouillon"), {"publiée": "publie", "oui": "publie", "non": "brouillon"},
    ("publié", "brouillon"))]
"""A project or a news item: a draft is checked like the rest but appears nowhere."""


class Image(Strict):
    fichier: Texte
    alt: Texte
    credit: Texte | None = None
    legende: Texte | None = None
