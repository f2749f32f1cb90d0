"""Field types shared by the models: codes, amounts, identifiers, references."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Collection
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from generator.models.context import ValidationContext


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def suggest(value: str, candidates: Collection[str]) -> str:
    """A French "did you mean" clause, or nothing when no candidate is close."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" Vouliez-vous dire « {close[0]} » ?" if close else ""


def listing(values: Collection[str], limit: int = 12) -> str:
    ordered = sorted(values)
    shown = ", ".join(ordered[:limit])
    return shown + (f", … ({len(ordered)} en tout)" if len(ordered) > limit else "")


# --- Codes -------------------------------------------------------------------------------

_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_SIREN = re.compile(r"^\d{9}$")


def _require_text(value: Any, kind: str, example: str) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError(
            "code_nombre",
            "{kind} doit être écrit entre guillemets, par exemple « \"{example}\" » : "
            "sans guillemets, YAML le lit comme un nombre et perd les zéros en tête.",
            {"kind": kind, "example": example},
        )
    return value


def _check_insee(value: str) -> str:
    if not _INSEE.match(value):
        raise PydanticCustomError(
            "code_insee",
            "« {value} » n'est pas un code INSEE de commune : 5 caractères, des chiffres "
            "(ou 2A/2B suivis de 3 chiffres en Corse), par exemple \"46042\".",
            {"value": value},
        )
    return value


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        number = int(char) * (2 if position % 2 else 1)
        total += number - 9 if number > 9 else number
    return total % 10 == 0


def _check_siren(value: str) -> str:
    compact = value.replace(" ", "")
    if not _SIREN.match(compact) or not luhn_ok(compact):
        raise PydanticCustomError(
            "siren",
            "« {value} » n'est pas un numéro SIREN valide : 9 chiffres dont le dernier est une clé "
            "de contrôle. Recopiez-le depuis l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).",
            {"value": value},
        )
    return compact


_SIRET = re.compile(r"^\d{14}$")


def _check_siret(value: str) -> str:
    compact = value.replace(" ", "")
    if not _SIRET.match(compact) or not luhn_ok(compact):
        raise PydanticCustomError(
            "siret", "« {value} » n'est pas un numéro SIRET valide : 14 chiffres (le SIREN puis "
            "5 chiffres), dont le dernier est une clé de contrôle.", {"value": value})
    return compact


Siret = Annotated[
    str,
    BeforeValidator(lambda v: _require_text(v, "le SIRET", "20005379100014")),
    AfterValidator(_check_siret),
    WithJsonSchema({"type": "string", "pattern": r"^\d{3} ?\d{3} ?\d{3} ?\d{5}$", "description": "SIRET"}),
]

CodeInsee = Annotated[
    str,
    BeforeValidator(lambda v: _require_text(v, "le code INSEE", "46042")),
    AfterValidator(_check_insee),
    WithJsonSchema({"type": "string", "pattern": _INSEE.pattern, "description": "Code INSEE"}),
]
Siren = Annotated[
    str,
    BeforeValidator(lambda v: _require_text(v, "le SIREN", "200023737")),
    AfterValidator(_check_siren),
    WithJsonSchema({"type": "string", "pattern": r"^\d{3} ?\d{3} ?\d{3}$", "description": "SIREN"}),
]

# --- Identifiers ---------------------------------------------------------------------------

_IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _check_ident(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not _IDENT.match(value):
        raise PydanticCustomError(
            "identifiant",
            "« {value} » n'est pas un identifiant valide : minuscules sans accents, chiffres et "
            "tirets, par exemple « {fix} ».",
            {"value": value, "fix": slugify(value) or "mon-identifiant"},
        )
    return value


Identifiant = Annotated[
    str,
    BeforeValidator(_check_ident),
    WithJsonSchema({"type": "string", "pattern": _IDENT.pattern}),
]

# --- Money ---------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^\d{1,3}(?:[  \u202f]\d{3})*(?:,\d{1,2})?$|^\d+(?:[.,]\d{1,2})?$")
_AMOUNT_FORMS = "1250000, 1 250 000, 1 250 000 € ou 1 250 000,50 €"


MAX_AMOUNT = Decimal("1e12")  # a thousand billion euros: anything above is a typing mistake


def parse_amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _bad_amount(value)
    if isinstance(value, int | float):
        return _bounded(str(value), value)
    if isinstance(value, str):
        text = value.strip().removesuffix("€").removesuffix("EUR").strip()
        if _AMOUNT.match(text):
            return _bounded(re.sub(r"[  \u202f]", "", text).replace(",", "."), value)
        if text.startswith("-"):
            raise PydanticCustomError("montant_negatif", "un montant ne peut pas être négatif.")
    raise _bad_amount(value)


def _bounded(text: str, original: Any) -> Decimal:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _bad_amount(original) from None
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise _bad_amount(original)
    return amount.quantize(Decimal("0.01"))


def _bad_amount(value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "montant",
        "« {value} » n'est pas un montant lisible. Formes acceptées : {forms} "
        "(en euros, sans « k€ » ni « M€ »).",
        {"value": str(value), "forms": _AMOUNT_FORMS},
    )


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("montant_negatif", "un montant ne peut pas être négatif.")
    return value


Montant = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    AfterValidator(_non_negative),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\d[\d  \u202f]*(?:[.,]\d{1,2})?\s*(?:€|EUR)?$"},
            ],
            "description": f"Montant en euros : {_AMOUNT_FORMS}",
        }
    ),
]

Nombre = Annotated[float, Field(allow_inf_nan=False)]
Pourcentage = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]

# --- Text, links -----------------------------------------------------------------------------

Texte = Annotated[str, Field(min_length=1)]
Markdown = Annotated[str, Field(min_length=1, description="Texte au format Markdown")]
Email = Annotated[str, Field(pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-zA-Z]{2,}$")]
Url = Annotated[str, Field(pattern=r"^https?://[^\s<>\"]+$")]
Telephone = Annotated[str, Field(pattern=r"^\+?[0-9 .()-]{6,20}$")]
Couleur = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]

# --- References checked against what the rest of the data declares --------------------------


def context_of(info: ValidationInfo) -> ValidationContext | None:
    ctx = info.context
    return ctx if isinstance(ctx, ValidationContext) else None


def check_reference(value: str, known: Collection[str], what: str, where: str,
                    hint: bool = True) -> str:
    if value not in known:
        raise PydanticCustomError(
            "reference_inconnue",
            "{what} « {value} » n'existe pas : {where}.{hint}",
            {"what": what, "value": value, "where": where,
             "hint": suggest(value, known) if hint else ""},
        )
    return value


Lookup = Callable[[ValidationContext], Collection[str] | None]
Where = Callable[[ValidationContext, str], str]


def reference(lookup: Lookup, what: str, where: Where) -> AfterValidator:
    """Validator of one identifier that must be declared elsewhere in the data."""

    def check(value: str, info: ValidationInfo) -> str:
        ctx = context_of(info)
        known = lookup(ctx) if ctx else None
        if ctx is None or known is None:
            return value
        return check_reference(value, known, what, where(ctx, value))

    return AfterValidator(check)


def check_commune(value: str, info: ValidationInfo) -> str:
    """A commune code must be a current commune of the reference, when one is configured."""
    ctx = context_of(info)
    ref = ctx.referentiel if ctx else None
    if ref is None or not ref.communes:
        return value
    current = ref.current_code(value)
    if current:
        raise PydanticCustomError(
            "commune_fusionnee", "« {code} » ({nom}) n'est plus une commune : elle fait partie de "
            "la commune {current} ({current_name}). Utilisez le code {current}.",
            {"code": value, "nom": ref.communes[value].nom, "current": current,
             "current_name": ref.communes[current].nom if current in ref.communes else "?"})
    if value not in ref.communes:
        raise PydanticCustomError(
            "commune_inconnue", "le code INSEE « {code} » n'existe pas dans le Code officiel "
            "géographique ({source}) : vérifiez-le sur la fiche de la commune (insee.fr).",
            {"code": value, "source": ref.source})
    return value


CommuneCode = Annotated[CodeInsee, AfterValidator(check_commune)]
FunderRef = Annotated[Identifiant, reference(
    lambda c: c.funders, "le financeur",
    lambda c, v: "ajoutez-le au registre financeurs.yml ou corrigez l'identifiant")]


# --- Forms staff naturally write, accepted and normalised ------------------------------------


def fold(text: str) -> str:
    """Compare choices without case, accents, spaces, hyphens or underscores."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())


def lenient(values: tuple[str, ...], aliases: dict[str, str] | None = None) -> BeforeValidator:
    """Accept « En cours », « en-cours » or « EN_COURS » for `en_cours`, and a few synonyms."""
    table = {fold(v): v for v in values} | {fold(k): v for k, v in (aliases or {}).items()}

    def normalise(value: Any) -> Any:
        return table.get(fold(value), value) if isinstance(value, str) else value

    return BeforeValidator(normalise)


class TextShorthand(Strict):
    """A model that may be written as a plain text, which fills its main key."""

    shorthand_key: ClassVar[str] = "nom"
    shorthand_schema: ClassVar[dict[str, Any]] = {"type": "string", "minLength": 1}

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return cls.expand(data) if isinstance(data, str) else data

    @classmethod
    def expand(cls, text: str) -> Any:
        return {cls.shorthand_key: text}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        reference = handler(core_schema)
        resolved = handler.resolve_ref_schema(reference)
        as_object = dict(resolved)
        resolved.clear()
        resolved["anyOf"] = [dict(cls.shorthand_schema), as_object]
        return reference


# --- Dates --------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FRENCH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _check_date(value: Any) -> Any:
    """Numbers are not dates (pydantic would read 0 as 1 January 1970); say how to write one."""
    if isinstance(value, bool | int | float):
        raise PydanticCustomError(
            "date_nombre", "il faut ici une date complète au format AAAA-MM-JJ (par exemple "
            "2024-03-15), pas « {value} ».", {"value": str(value)})
    if isinstance(value, str):
        text = value.strip()
        if (french := _FRENCH_DATE.match(text)):
            day, month, year = french.groups()
            raise PydanticCustomError(
                "date_francaise", "écrivez les dates au format AAAA-MM-JJ : « {value} » s'écrit "
                "{iso}.", {"value": text, "iso": f"{year}-{int(month):02d}-{int(day):02d}"})
        if _ISO_DATE.match(text):
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise PydanticCustomError(
                    "date_inexistante", "la date « {value} » n'existe pas : vérifiez le jour et "
                    "le mois.", {"value": text}) from None
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_check_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "Date AAAA-MM-JJ"}),
]
