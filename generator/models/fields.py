"""Field types shared by the models: codes, amounts, identifiers, references."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from generator.formats import TRANSLITERATIONS, euros, name_words
from generator.models.context import CommuneRef, Referentiel, ValidationContext

NO_KEYS: set[str] = set()
"""Shared by every model as the keys its file gave: never changed, models are frozen."""


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    @model_validator(mode="after")
    def _forget_given_keys(self) -> Self:
        """Pydantic keeps, in each model, the set of keys its file gave, for `exclude_unset`,
        which nothing here uses: 80 MB for the 300,000 models of a national site, memory the
        search index, indexing beside the build, needs. One shared empty set instead."""
        object.__setattr__(self, "__pydantic_fields_set__", NO_KEYS)
        return self


def suggest(value: str, candidates: Collection[str]) -> str:
    """A French "did you mean" clause, or nothing when no candidate is close."""
    latin = unconfuse(value)
    if latin != value and latin in candidates:
        # Differs from a known value only by look-alike letters: say which one, the eye cannot.
        index = _lookalike_indexes(value)[0]
        return (f" Le caractère « {value[index]} » ({_where(value, index)}) ressemble "
                f"{_resembles(_latin(value[index])[0])} : vouliez-vous dire « {latin} » ?")
    close = difflib.get_close_matches(latin, list(candidates), n=1, cutoff=0.6)
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

_RNA = re.compile(r"^W\d{9}$")


def _check_rna(value: str) -> str:
    compact = value.replace(" ", "").upper()
    if not _RNA.match(compact):
        raise PydanticCustomError(
            "rna", "« {value} » n'est pas un numéro RNA d'association : la lettre W puis 9 "
            "chiffres, par exemple W461000123.", {"value": value})
    return compact


Rna = Annotated[
    str,
    BeforeValidator(lambda v: _require_text(v, "le numéro RNA", "W461000123")),
    AfterValidator(_check_rna),
    WithJsonSchema({"type": "string", "pattern": r"^[Ww] ?\d{3} ?\d{3} ?\d{3}$",
                    "description": "numéro RNA d'association"}),
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


def _pairs(lookalikes: str, latin: str) -> dict[str, str]:
    return dict(zip(lookalikes, latin, strict=True))


# Letters of other scripts drawn like Latin ones (typed with a Cyrillic or Greek keyboard layout,
# or pasted from a document) and dashes drawn like the hyphen: an identifier written with them
# looks right and never matches. Escaped so that the table cannot itself hide a look-alike.
LOOKALIKES: dict[str, str] = {
    # Cyrillic а е о р с у х і ј ѕ һ ԁ ԛ ԝ ӏ, then А В Е К М Н О Р С Т Х Ѕ І Ј
    **_pairs("\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u04bb\u0501\u051b\u051d\u04cf",
             "aeopcyxijshdqwl"),
    **_pairs("\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0405\u0406\u0408",
             "ABEKMHOPCTXSIJ"),
    # Greek ο α ε ι κ ν ρ τ υ χ, then Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ
    **_pairs("\u03bf\u03b1\u03b5\u03b9\u03ba\u03bd\u03c1\u03c4\u03c5\u03c7", "oaeikvptux"),
    **_pairs("\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
             "ABEZHIKMNOPTYX"),
    # Latin dotless ı and script ɡ; hyphen, non-breaking hyphen, figure, en and em dashes, bar, minus
    **_pairs("\u0131\u0261", "ig"),
    **_pairs("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-------"),
}


def _latin(char: str) -> tuple[str, str]:
    """The ASCII text a character stands for, and what kind of character it is."""
    if char.isascii():
        return char, "ascii"
    if char in LOOKALIKES:
        return LOOKALIKES[char], "lookalike"
    category = unicodedata.category(char)
    if category.startswith("Z"):
        return " ", "space"
    if category in ("Cf", "Cc"):
        return "", "invisible"
    compat = unicodedata.normalize("NFKD", char)
    if compat.isascii():
        return compat, "lookalike"  # fullwidth and mathematical letters, superscript digits
    return TRANSLITERATIONS.get(char, compat.encode("ascii", "ignore").decode()), "other"


def unconfuse(text: str) -> str:
    """The text with its look-alike characters replaced by the ASCII ones they imitate.

    Accents are kept: « é » is another letter, not a disguised « e »."""
    return "".join(_unconfused(char) for char in text)


def _unconfused(char: str) -> str:
    latin, kind = _latin(char)
    return latin if kind == "lookalike" else char


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; look-alikes become the letter they imitate."""
    latin = "".join(_latin(char)[0] for char in text)
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


def _rank(index: int) -> str:
    return "1er" if index == 0 else f"{index + 1}e"


def _where(text: str, index: int) -> str:
    """« 3e caractère, CYRILLIC SMALL LETTER A »: the name tells apart what the eye cannot."""
    char = text[index]
    rank = _rank(index)
    return f"{rank} caractère, {unicodedata.name(char, f'U+{ord(char):04X}')}"


def _resembles(latin: str) -> str:
    if latin == "-":
        return "au tiret sans en être un"
    if latin.isdigit():
        return "à un chiffre sans en être un"
    return "à une lettre latine sans en être une"


def _lookalike_indexes(text: str) -> list[int]:
    return [i for i, char in enumerate(text) if _latin(char)[1] == "lookalike"]


def _check_ident(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()  # the model trims text anyway: a stray space is no mistake
        if not _IDENT.match(value):
            raise _bad_ident(value)
    return value


def _bad_ident(value: str) -> PydanticCustomError:
    fix = slugify(value) or "mon-identifiant"
    index = next((i for i, char in enumerate(value) if not char.isascii()), None)
    if index is not None and _latin(value[index])[1] == "lookalike":
        return _lookalike_ident(value, index, fix)
    what = "minuscules sans accents, chiffres et tirets"
    if index is not None:
        what = f"{_unaccepted(value, index)} ; {what}"
    return PydanticCustomError(
        "identifiant",
        "« {value} » n'est pas un identifiant valide : {what}, par exemple « {fix} ».",
        {"value": value, "what": what, "fix": fix},
    )


_SAID = {"\u00a0": "espace insécable", "\u202f": "espace fine insécable",
         "\u2009": "espace fine", "\u200b": "espace sans largeur", "\ufeff": "marque d'ordre des "
         "octets", "\u00ad": "trait d'union conditionnel", "\u2019": "apostrophe typographique",
         "\u2013": "tiret demi-cadratin", "\u2014": "tiret cadratin", "°": "signe degré",
         "€": "symbole euro", "«": "guillemet", "»": "guillemet", "\u2026": "points de suspension",
         "×": "signe multiplié"}


def _plainly(value: str, index: int) -> str:
    """« 10e caractère, lettre accentuée »: where a character is, and what it is, in French (the
    Unicode name, in English, tells apart only look-alikes, which the eye cannot)."""
    char = value[index]
    rank = _rank(index)
    if char in _SAID:
        return f"{rank} caractère, {_SAID[char]}"
    base = unicodedata.normalize("NFKD", char)[:1]
    if base.isascii() and base.isalpha():
        return f"{rank} caractère, lettre accentuée"
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return f"{rank} caractère, lettre hors de a à z"
    if char.isalpha() and name:
        # Another alphabet (« CYRILLIC SMALL LETTER TE »): Unicode's name says which.
        return f"{rank} caractère, {name}"
    return f"{rank} caractère, signe U+{ord(char):04X}"


def _foreign(value: str) -> str:
    """What to say of the first character that is neither ASCII nor an accented letter (a
    Cyrillic « т » typed for « t »), or nothing."""
    for index, char in enumerate(value):
        if char.isascii() or _plainly(value, index).endswith(("lettre accentuée",
                                                               "lettre hors de a à z")):
            continue
        return f" Le caractère « {char} » ({_plainly(value, index)}) n'a pas sa place dans un identifiant."
    return ""


def _unaccepted(value: str, index: int) -> str:
    kind = _latin(value[index])[1]
    if kind == "space":
        return f"il contient une espace spéciale ({_plainly(value, index)})"
    if kind == "invisible":
        return f"il contient un caractère invisible ({_plainly(value, index)})"
    return f"le caractère « {value[index]} » ({_plainly(value, index)}) n'est pas accepté"


def _lookalike_ident(value: str, index: int, fix: str) -> PydanticCustomError:
    more = len(_lookalike_indexes(value)) - 1
    s = "s" if more > 1 else ""
    others = f", et {more} autre{s} caractère{s} trompeur{s} plus loin" if more else ""
    return PydanticCustomError(
        "identifiant_sosie",
        "« {value} » contient le caractère « {char} » ({where}), qui ressemble {resembles}{others} : "
        "les identifiants n'utilisent que les lettres a à z, les chiffres et le tiret. Écrivez « {fix} ».",
        {"value": value, "char": value[index], "where": _where(value, index),
         "resembles": _resembles(_latin(value[index])[0]), "others": others, "fix": fix},
    )


Identifiant = Annotated[
    str,
    BeforeValidator(_check_ident),
    WithJsonSchema({"type": "string", "pattern": _IDENT.pattern}),
]

# --- Money ---------------------------------------------------------------------------------

# Digit groups are separated by a space, or the non-breaking ones word processors and PDFs put.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_AMOUNT = re.compile(r"^\d{1,3}(?:[" + _GROUP_SPACES + r"]\d{3})*(?:,\d{1,2})?$|^\d+(?:[.,]\d{1,2})?$")
_EXPONENT = re.compile(r"^\d+(?:[.,]\d+)?[eE]([+-]?)\d+$")
_AMOUNT_FORMS = "1250000, 1 250 000, 1 250 000 € ou 1 250 000,50 €"


MAX_AMOUNT = Decimal("1e12")  # a thousand billion euros: anything above is a typing mistake
LARGEST_AMOUNT = MAX_AMOUNT - Decimal("0.01")


AT_LEAST = "au moins"
ABOUT = "environ"


class Approx(Decimal):
    """An amount published approximately — « plus de 21 000 € » (at least) or « près de
    1,2 M€ » (about) — kept approximate: shown as such, and every sum or share it enters is
    approximate too (see `catalog`)."""

    qualifier: str

    def __new__(cls, value: Any, qualifier: str) -> Approx:
        amount = super().__new__(cls, value)
        amount.qualifier = qualifier
        return amount

    def __reduce__(self) -> tuple[Any, ...]:
        return (Approx, (str(self), self.qualifier))


_QUALIFIERS = [
    (re.compile(r"^(?:plus\s+d[e']\s*|au\s+moins\s+|au\s+minimum\s+|minimum\s+|>=?\s*|≥\s*)",
                re.IGNORECASE), AT_LEAST),
    (re.compile(r"^(?:pr[èe]s\s+d[e']\s*|environ\s+|env\.\s*|autour\s+d[e']\s*|de\s+l'ordre\s+"
                r"d[e']\s*|approximativement\s+|~\s*|≈\s*)", re.IGNORECASE), ABOUT),
]
_SCALED = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(k€|k|K€|K|M€|M|millions?(?:\s+d['’]euros)?|"
                     r"milliers?(?:\s+d['’]euros)?)$")
_SCALES = {"k": Decimal(1000), "m": Decimal(1_000_000), "millier": Decimal(1000),
           "million": Decimal(1_000_000)}


def _approximate(value: str) -> Approx | None:
    """« plus de 21 000 € », « près de 1,2 M€ », « environ 500 000 € »: the amount and how
    approximate it is; None when the text has no such qualifier."""
    for pattern, qualifier in _QUALIFIERS:
        found = pattern.match(value.strip())
        if found:
            rest = value.strip()[found.end():].strip()
            scaled = _SCALED.match(rest)
            if scaled:  # k€ and M€ are how approximate amounts are published
                unit = scaled.group(2).lower().rstrip("€").split()[0].rstrip("s")
                amount = Decimal(scaled.group(1).replace(",", ".")) * _SCALES[unit]
                return Approx(_bounded(amount, value), qualifier)
            return Approx(_parse_text(rest), qualifier)
    return None


def parse_amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _bad_amount(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise not_finite_amount(value, repr(value))
    if isinstance(value, int | float):
        # repr, not the binary value: 0.1 is the amount 0.1, not 0.1000000000000000055…
        return _bounded(Decimal(value) if isinstance(value, int) else Decimal(repr(value)), value)
    if isinstance(value, str):
        return _approximate(value) or _parse_text(value)
    raise _bad_amount(value)


def _parse_text(value: str) -> Decimal:
    text = value.strip().removesuffix("€").removesuffix("EUR").strip()
    if _AMOUNT.match(text):
        return _bounded(Decimal(re.sub("[" + _GROUP_SPACES + "]", "", text).replace(",", ".")), value)
    if text.startswith("-"):
        raise _negative()
    if (exponent := _EXPONENT.match(text)):
        raise _scientific(text.replace(",", "."), exponent.group(1) == "-", value)
    raise _bad_amount(value)


def _bounded(amount: Decimal, original: Any) -> Decimal:
    if amount < 0:
        raise _negative()
    if amount >= MAX_AMOUNT:
        raise too_large_amount(original)
    return amount.copy_abs().quantize(Decimal("0.01"))  # copy_abs: -0.0 is the amount 0


def _written(value: Any) -> str:
    """The value as written, cut short: a number of 5,000 digits would drown the message."""
    # Decimal, not str: Python refuses to turn an int of more than 4,300 digits into text.
    text = str(Decimal(value)) if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text)} caractères)"


def _bad_amount(value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "montant",
        "« {value} » n'est pas un montant lisible. Formes acceptées : {forms} "
        "(en euros, sans « k€ » ni « M€ »).",
        {"value": _written(value), "forms": _AMOUNT_FORMS},
    )


def _negative() -> PydanticCustomError:
    return PydanticCustomError("montant_negatif", "un montant ne peut pas être négatif.")


def too_large_amount(value: Any) -> PydanticCustomError:
    return PydanticCustomError(
        "montant_trop_grand",
        "« {value} » dépasse le plus grand montant accepté ({largest}) : vérifiez le nombre de zéros.",
        {"value": _written(value), "largest": euros(LARGEST_AMOUNT)},
    )


def not_finite_amount(value: float, written: str) -> PydanticCustomError:
    """YAML reads .inf and .nan as numbers, and a float too large for the machine as .inf."""
    if any(char.isdigit() for char in written):
        return too_large_amount(written)
    reading = "l'infini" if math.isinf(value) else "« pas un nombre » (NaN)"
    return PydanticCustomError(
        "montant_non_fini",
        "« {value} » n'est pas un montant : YAML lit cette valeur comme {reading}. Écrivez le "
        "montant en chiffres, par exemple 1 250 000.",
        {"value": _written(written), "reading": reading},
    )


def _scientific(text: str, tiny: bool, original: str) -> PydanticCustomError:
    try:
        amount = Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal holds
        amount = Decimal(0) if tiny else MAX_AMOUNT
    if amount >= MAX_AMOUNT:
        return too_large_amount(original)
    return PydanticCustomError(
        "montant_exposant",
        "« {value} » est écrit en notation scientifique, que le site ne lit pas : écrivez le "
        "montant en chiffres, ici {amount}.",
        {"value": _written(original), "amount": euros(amount.quantize(Decimal("0.01")))},
    )


def _keep_approximation(value: Any, handler: Callable[[Any], Decimal]) -> Decimal:
    """Pydantic would turn an `Approx` back into a plain Decimal: wrap it again after."""
    parsed = parse_amount(value)
    checked = handler(parsed)
    return Approx(checked, parsed.qualifier) if isinstance(parsed, Approx) else checked


Montant = Annotated[
    Decimal,
    WrapValidator(_keep_approximation),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\d[\d  \u202f]*(?:[.,]\d{1,2})?\s*(?:€|EUR)?$"},
                {"type": "string", "pattern": r"^(?:[Pp]lus d|[Aa]u moins|[Pp]r[èe]s d|[Ee]nviron|~|≈|>)"
                                              r".*\d.*$", "description": "Montant approché, tel que "
                                              "publié : « plus de 21 000 € », « près de 1,2 M€ »"},
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
                    hint: bool = True, listed: bool = False) -> str:
    """`listed`: `where` already lists the known values."""
    if value not in known:
        raise unknown_reference(value, known, what, where, hint, listed)
    return value


def unknown_reference(value: str, known: Collection[str], what: str, where: str,
                      hint: bool = True, listed: bool = False,
                      malformed: bool = False) -> PydanticCustomError:
    """`malformed`: the value is not even an identifier; when nothing known is close, how one
    is written is said."""
    said = reference_hint(value, known, not listed) if hint else ""
    # A look-alike letter is already said by the hint, with the identifier it imitates.
    note = "" if "Le caractère" in said else _foreign(value)
    if malformed and not said and (slug := slugify(value)):
        said = (" Un identifiant s'écrit en minuscules sans accents, avec chiffres et tirets, "
                f"par exemple « {slug} ».")
    return PydanticCustomError(
        "reference_inconnue",
        "{what} « {value} » n'existe pas : {where}.{note}{hint}",
        {"what": what, "value": value, "where": where, "note": note, "hint": said},
    )


def reference_hint(value: str, known: Collection[str], list_all: bool = True) -> str:
    """The identifiers a staff member most likely meant: a close spelling, the identifier the
    text would make (« Conseil départemental »), those that contain its words (« crte » for
    « crte-grand-quercy »), or, when there are few, all of them."""
    slug = slugify(value)
    if slug != value and slug in known:
        return f" Vouliez-vous dire « {slug} » ?"
    hint = suggest(value, known) or (suggest(slug, known) if slug and slug != value else "")
    if hint:
        return hint
    words = set(slug.split("-")) - {""}
    containing = sorted(k for k in known if words and words <= set(k.split("-")))
    if 0 < len(containing) <= 3:
        return " Vouliez-vous dire " + " ou ".join(f"« {k} »" for k in containing) + " ?"
    if list_all and 0 < len(known) <= 12:
        return f" Identifiants possibles : {listing(known)}."
    return ""


def _failed_only(error: ValidationError, kind: str, value: Any) -> bool:
    """Whether a text failed one check only, `kind`: what a wrapping validator may say better."""
    return isinstance(value, str) and [e["type"] for e in error.errors()] == [kind]


Lookup = Callable[[ValidationContext], Collection[str] | None]
Where = Callable[[ValidationContext, str], str]


def reference(lookup: Lookup, what: str, where: Where) -> WrapValidator:
    """Validator of one identifier that must be declared elsewhere in the data. A value that is
    not even an identifier (« Conseil départemental », « CRTE ») is said as an unknown one, with
    the identifiers it most likely means, rather than as a badly written identifier."""

    def check(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> str:
        ctx = context_of(info)
        known = lookup(ctx) if ctx else None
        try:
            checked: str = handler(value)
        except ValidationError as exc:
            if ctx is None or known is None or not _failed_only(exc, "identifiant", value):
                raise
            raise unknown_reference(value.strip(), known, what, where(ctx, value.strip()),
                                    malformed=True) from None
        if ctx is None or known is None:
            return checked
        return check_reference(checked, known, what, where(ctx, checked))

    return WrapValidator(check)


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


def _commune_code(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> str:
    try:
        code: str = handler(value)
    except ValidationError as exc:
        ctx = context_of(info)
        ref = ctx.referentiel if ctx else None
        if ref is None or not _failed_only(exc, "code_insee", value):
            raise
        raise _named_commune(value.strip(), ref, ctx.territory_epci if ctx else None) from None
    return check_commune(code, info)


def _named_commune(value: str, ref: Referentiel, epci: set[str] | None) -> PydanticCustomError:
    """A commune written by its name: its code, from the official list. The territory's own
    communes first (« Saint-Cirq » in the Lot is Saint-Cirq-Lapopie, not the Dordogne's
    Saint-Cirq), then France's; a former commune points to the one it is part of now."""
    if _INSEE.match(value.upper()):
        return PydanticCustomError(
            "code_insee", "« {value} » : les lettres d'un code INSEE de Corse s'écrivent en "
            "majuscules, « {upper} ».", {"value": value, "upper": value.upper()})
    ours, everywhere = _ours(value, ref, epci), ref.named(value)
    # The territory's first, then the communes elsewhere that have exactly this name.
    found = ours + [c for c in everywhere if c not in ours]
    if not found and (former := ref.named(value, current=False)):
        now = ref.communes.get(former[0].chef_lieu or "")
        if now is not None:
            return PydanticCustomError(
                "commune_ancienne", "« {value} » est une ancienne commune, aujourd'hui dans la "
                "commune de {now} : indiquez le code INSEE de celle-ci, {said}.",
                {"value": value, "now": now.nom, "said": _said(now, ref)})
    if not found:
        return PydanticCustomError(
            "code_insee", "« {value} » n'est pas un code INSEE de commune, ni le nom d'une "
            "commune du Code officiel géographique ({source}) : indiquez le code de la commune "
            "(5 caractères, par exemple \"46042\"), qu'on trouve sur sa fiche (insee.fr).",
            {"value": value, "source": ref.source})
    if len(found) == 1:
        return PydanticCustomError(
            "commune_nom", "« {value} » est un nom : indiquez le code INSEE de la commune, "
            "{said}.", {"value": value, "said": _said(found[0], ref)})
    more = f" et {len(found) - 6} autres" if len(found) > 6 else ""
    return PydanticCustomError(
        "commune_nom", "« {value} » est un nom : indiquez le code INSEE de la commune voulue, "
        "parmi {said}{more}.",
        {"value": value, "said": ", ".join(_said(c, ref) for c in found[:6]), "more": more})


def _ours(value: str, ref: Referentiel, epci: set[str] | None) -> list[CommuneRef]:
    """The territory's communes the name may mean: the same name, else those whose name
    starts with it, else a close spelling."""
    members = [ref.communes[code] for siren in sorted(epci or ()) if siren in ref.epci
               for code in ref.epci[siren].membres if code in ref.communes]
    key = name_words(value)
    if same := [c for c in members if name_words(c.nom) == key]:
        return same
    if longer := [c for c in members if name_words(c.nom).startswith(key + " ")]:
        return longer
    names = {c.nom: c for c in members}
    close = difflib.get_close_matches(value, list(names), n=1, cutoff=0.75)
    return [names[close[0]]] if close else []


def _said(commune: CommuneRef, ref: Referentiel) -> str:
    where = ref.departements.get(commune.departement, commune.departement)
    return f"\"{commune.code}\" ({commune.nom}, {where})"


CommuneCode = Annotated[CodeInsee, WrapValidator(_commune_code)]
FunderRef = Annotated[Identifiant, reference(
    lambda c: c.funders, "le financeur",
    lambda c, v: "ajoutez-le au registre financeurs.yml ou corrigez l'identifiant")]


# --- Forms staff naturally write, accepted and normalised ------------------------------------


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Compare choices without case, accents, spaces, hyphens or underscores. Letters that
    have no accent to drop are spelled out as in slugs (« Cœur » is « coeur »), never lost.
    Kept in memory: the same labels are folded for every project of a large site."""
    return name_words(text).replace(" ", "")


@dataclass(frozen=True)
class Lenient:
    """Accept « En cours », « en-cours » or « EN_COURS » for `en_cours`, and a few synonyms,
    in the validator and in the editor schema alike: the schema lists the forms people write
    (the value, its words, its French label, its synonyms), so a file `valider` accepts never
    looks wrong in the editor."""

    values: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    labels: tuple[str, ...] = ()

    @functools.cached_property
    def _table(self) -> dict[str, str]:
        # Built once per field type, not at every value validated.
        table = {fold(v): v for v in self.values} | {fold(k): v for k, v in self.aliases}
        return table | {fold(label): v for label, v in zip(self.labels, self.values, strict=False)}

    def normalise(self, value: Any) -> Any:
        return self._table.get(fold(value), value) if isinstance(value, str) else value

    def written_forms(self) -> list[str]:
        forms: list[str] = []
        for text in (*self.values, *(k for k, _ in self.aliases), *self.labels):
            spaced = text.replace("_", " ").replace("-", " ")
            forms += [text, spaced, spaced[:1].upper() + spaced[1:], text.upper()]
        return list(dict.fromkeys(forms))

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.normalise, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        found = handler(schema)
        resolved = handler.resolve_ref_schema(found)
        if "enum" in resolved:
            resolved["enum"] = list(dict.fromkeys([*resolved["enum"], *self.written_forms()]))
        return found


def lenient(values: tuple[str, ...], aliases: dict[str, str] | None = None,
            labels: tuple[str, ...] = ()) -> Lenient:
    """`labels` are the French names of `values`, in the same order (« Réalisé »)."""
    return Lenient(tuple(values), tuple((aliases or {}).items()), tuple(labels))


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
            iso = f"{year}-{int(month):02d}-{int(day):02d}"
            if not _exists(iso):
                raise PydanticCustomError(
                    "date_inexistante", "la date « {value} » n'existe pas : vérifiez le jour et "
                    "le mois, puis écrivez-la au format AAAA-MM-JJ (par exemple 2025-02-28).",
                    {"value": text})
            raise PydanticCustomError(
                "date_francaise", "écrivez les dates au format AAAA-MM-JJ : « {value} » s'écrit "
                "{iso}.", {"value": text, "iso": iso})
        if _ISO_DATE.match(text) and not _exists(text):
            raise PydanticCustomError(
                "date_inexistante", "la date « {value} » n'existe pas : vérifiez le jour et "
                "le mois.", {"value": text})
    return value


def _exists(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


Date = Annotated[
    dt.date,
    BeforeValidator(_check_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "Date AAAA-MM-JJ"}),
]


class PartialDate(dt.date):
    """A date known only to the year (2023) or the month (2023-05), as sources often give
    it. It sorts as its first day; `start`, `end` and `isoformat` say what is really known."""

    precision: str
    """« annee » or « mois »."""

    def __new__(cls, year: int, month: int | None = None) -> PartialDate:
        found = super().__new__(cls, year, month or 1, 1)
        found.precision = "mois" if month else "annee"
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return (PartialDate, (self.year, self.month if self.precision == "mois" else None))

    def isoformat(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.precision == "mois" else str(self.year)

    __str__ = isoformat

    @property
    def end(self) -> dt.date:
        if self.precision == "annee":
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)


def first_day(value: dt.date) -> dt.date:
    return dt.date(value.year, value.month, value.day)


def last_day(value: dt.date) -> dt.date:
    """The last day a date may stand for: a partial date's end, else the date itself."""
    return value.end if isinstance(value, PartialDate) else value


_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _partial_date(value: Any) -> Any:
    """2023, « 2023 » or « 2023-05 »: a partial date; anything else goes to the date checks."""
    if isinstance(value, int) and not isinstance(value, bool) and 1950 <= value <= 2100:
        return PartialDate(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit() and len(text) == 4:
            return PartialDate(int(text))
        if (found := _YEAR_MONTH.match(text)) and 1 <= int(found.group(2)) <= 12:
            return PartialDate(int(found.group(1)), int(found.group(2)))
    return _check_date(value)


def _keep_partial(value: Any, handler: Callable[[Any], dt.date]) -> dt.date:
    parsed = _partial_date(value)
    return parsed if isinstance(parsed, PartialDate) else handler(parsed)


DatePartielle = Annotated[
    dt.date,
    WrapValidator(_keep_partial),
    WithJsonSchema({"anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": r"^\d{4}(-\d{2})?$"},
        {"type": "integer", "minimum": 1950, "maximum": 2100}],
        "description": "Date AAAA-MM-JJ, ou seulement l'année (2023) ou le mois (2023-05) "
                       "quand la source ne donne pas le jour"}),
]


def check_scheme(value: str | None, info: ValidationInfo) -> str | None:
    """A funding scheme (`dispositif`) must be one its funder declares in financeurs.yml, when
    the funder declares any; « detr » is DETR. Used by funding lines and contract envelopes."""
    ctx = context_of(info)
    funder = info.data.get("financeur")
    schemes = ctx.funders.get(funder, ()) if ctx and ctx.funders and funder else ()
    if value is None or not schemes:
        return value
    same = [s for s in schemes if fold(s) == fold(value)]
    if same:
        return same[0]
    return check_reference(value, schemes, "le dispositif",
                           f"dispositifs de « {funder} » : {listing(schemes)} "
                           "(à compléter dans financeurs.yml si besoin)", listed=True)
