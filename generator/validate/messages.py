"""Turn pydantic's validation errors into French messages located in the YAML file."""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.issues import Issue
from generator.load.yamlfile import Document, KeyPath
from generator.models.fields import listing, not_finite_amount, suggest

_FIELD_HINTS = {
    "alt": " Le texte alternatif décrit l'image pour les personnes qui ne la voient pas.",
    "cout_total": " Le coût total (en euros HT) permet de calculer l'autofinancement.",
    "communes": " Indiquez les codes INSEE des communes concernées, entre guillemets.",
}


def issues_from_error(error: ValidationError, doc: Document, root: type[BaseModel]) -> list[Issue]:
    seen: set[KeyPath] = set()
    issues = []
    for detail in error.errors(include_url=False):
        path = data_path(detail["loc"], doc.data, detail["type"])
        if path in seen or any(path[:len(done)] == done for done in doc.reported):
            continue  # one message per place: unions report each of their members
        seen.add(path)
        issues.append(doc.issue(path, translate(detail, path, doc, root)))
    return issues


def data_path(loc: tuple[int | str, ...], data: Any, kind: str) -> KeyPath:
    """Keep the parts of pydantic's location that exist in the data (drop union tags)."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if _has(current, part):
            current = current[part]
        elif not (last and kind == "missing" and isinstance(part, str)):
            continue
        path.append(part)
    return tuple(path)


def _has(container: Any, part: int | str) -> bool:
    if isinstance(container, dict):
        return isinstance(part, str) and part in container
    return isinstance(container, list) and isinstance(part, int) and part < len(container)


def translate(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    kind = detail["type"]
    handler = _HANDLERS.get(kind)
    if handler:
        return handler(detail, path, doc, root)
    if kind.endswith(("_parsing", "_type")) and kind.split("_")[0] in _TYPE_NAMES:
        return _wrong_type(kind.split("_")[0], detail)
    message = str(detail.get("msg", ""))
    return message.removeprefix("Value error, ") if kind == "value_error" else _custom(message)


def _custom(message: str) -> str:
    # Our own validators already speak French and start lower-case or with a quoted value.
    return message if message[:1].islower() or message[:1] == "«" else f"valeur invalide ({message})."


_TYPE_NAMES = {
    "string": "un texte", "int": "un nombre entier", "float": "un nombre", "decimal": "un nombre",
    "bool": "true ou false", "date": "une date au format AAAA-MM-JJ (par exemple 2024-03-15)",
    "list": "une liste (une ligne « - valeur » par élément)",
    "dict": "un ensemble de clés (« clé: valeur » indentées en dessous)",
    "model": "un ensemble de clés (« clé: valeur » indentées en dessous)",
}


def _shown(value: Any) -> str:
    if value is None:
        return "vide"
    if isinstance(value, dict):
        return "un ensemble de clés"
    if isinstance(value, list):
        return "une liste"
    return f"« {value} »"


def _wrong_type(name: str, detail: ErrorDetails) -> str:
    value = detail.get("input")
    if value is None:
        return f"valeur vide : il faut ici {_TYPE_NAMES[name]}. Écrivez la valeur ou supprimez la ligne."
    if name == "string" and isinstance(value, int | float | bool):
        return (f"il faut ici un texte, pas {_shown(value)} : YAML le lit comme un nombre ou un "
                "booléen ; mettez-le entre guillemets.")
    return f"il faut ici {_TYPE_NAMES[name]}, pas {_shown(value)}."


def _missing(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    key = str(path[-1]) if path else "?"
    return f"champ obligatoire manquant : ajoutez « {key}: … ».{_FIELD_HINTS.get(key, '')}"


def _extra(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    key = str(path[-1]) if path else "?"
    if key == "<<":
        return ("les fusions YAML (« <<: *nom ») ne sont pas acceptées : recopiez les clés "
                "voulues à cet endroit.")
    model = model_at(root, path[:-1])
    fields = set(model.model_fields) if model else set()
    hint = suggest(key, fields)
    accepted = f" Clés acceptées ici : {listing(fields, 40)}." if fields else ""
    return f"clé inconnue « {key} ».{hint}{accepted}"


def _literal(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    expected = str(detail.get("ctx", {}).get("expected", ""))
    values = [v.strip(" '\"") for v in expected.replace(" or ", ", ").split(",") if v.strip()]
    given = detail.get("input")
    if isinstance(given, bool):
        return (f"YAML lit « {doc.source_text.get(path, given)} » comme vrai ou faux : écrivez "
                f"l'une des valeurs acceptées, {', '.join(values)}.")
    hint = suggest(str(given), values) if isinstance(given, str) else ""
    return f"valeur {_shown(given)} non acceptée.{hint} Valeurs acceptées : {', '.join(values)}."


def _too_short(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    if detail["type"] == "string_too_short":
        return "texte vide : écrivez un texte ou supprimez la clé."
    minimum = detail.get("ctx", {}).get("min_length", 1)
    return f"liste vide : indiquez au moins {minimum} élément(s)."


def _too_long(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    maximum = detail.get("ctx", {}).get("max_length")
    return (f"texte trop long ({len(str(detail.get('input')))} caractères, {maximum} au plus) : "
            "raccourcissez-le ; les détails vont dans « description ».")


def _bound(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    ctx = detail.get("ctx", {})
    words = {"greater_than_equal": ("au moins", "ge"), "less_than_equal": ("au plus", "le"),
             "greater_than": ("plus de", "gt"), "less_than": ("moins de", "lt")}
    word, key = words[detail["type"]]
    limit = ctx.get(key)
    shown = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
    return f"la valeur {_shown(detail.get('input'))} doit valoir {word} {shown}."


_PATTERNS = {
    "@": "adresse e-mail invalide : écrivez-la sous la forme nom@domaine.fr.",
    "https?": "adresse web invalide : elle doit commencer par https:// (ou http://).",
    "#[0-9a-fA-F]": "couleur invalide : écrivez-la en hexadécimal, par exemple « #1f6f5c ».",
    "[0-9 .()-]": "numéro de téléphone invalide : par exemple « 05 65 00 00 00 ».",
}


def _pattern(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    pattern = str(detail.get("ctx", {}).get("pattern", ""))
    for needle, message in _PATTERNS.items():
        if needle in pattern:
            return f"{_shown(detail.get('input'))} : {message}"
    return f"{_shown(detail.get('input'))} n'a pas la forme attendue."


def _as_text(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    message = str(detail.get("msg", ""))
    source = doc.source_text.get(path)
    if source:
        return message.replace(f"« \"{detail.get('ctx', {}).get('example')}\" »", f"« \"{source}\" »")
    return message


def _integer(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    return f"il faut ici un nombre entier, pas {_shown(detail.get('input'))}."


def _finite(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    return f"il faut ici un nombre, pas « {doc.source_text.get(path, detail.get('input'))} »."


def _not_finite_amount(detail: ErrorDetails, path: KeyPath, doc: Document, root: type[BaseModel]) -> str:
    # The model sees float("inf"): only the file tells « .inf » from « 1.0e+400 » (too large).
    value, source = detail.get("input"), doc.source_text.get(path)
    if isinstance(value, float) and not math.isfinite(value) and source:
        return str(not_finite_amount(value, source).message())
    return str(detail.get("msg", ""))


_Handler = Callable[[ErrorDetails, KeyPath, Document, type[BaseModel]], str]
_HANDLERS: dict[str, _Handler] = {
    "missing": _missing,
    "extra_forbidden": _extra,
    "literal_error": _literal,
    "too_short": _too_short,
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "greater_than_equal": _bound,
    "less_than_equal": _bound,
    "greater_than": _bound,
    "less_than": _bound,
    "string_pattern_mismatch": _pattern,
    "code_nombre": _as_text,
    "int_from_float": _integer,
    "finite_number": _finite,
    "montant_non_fini": _not_finite_amount,
}


def model_at(root: type[BaseModel], path: KeyPath) -> type[BaseModel] | None:
    """The model class that describes the mapping found at `path`."""
    current: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        model = _model_in(current)
        if model is None or part not in model.model_fields:
            return None
        current = model.model_fields[part].annotation
    return _model_in(current)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found:
                return found
    return None
