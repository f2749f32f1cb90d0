"""French number formats, shared by messages and pages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

T = TypeVar("T")

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator and before € or %


def nombre(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1 234 567 ; 2,5 ; decimals as needed (at most 2) unless given."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if value == int(value) else (1 if round(value * 10) == value * 10 else 2)
    return f"{value:,.{decimals}f}".replace(",", NNBSP).replace(".", ",")


def qualifier_of(value: object) -> str:
    """« au moins » or « environ » for an amount or share published approximately (an `Approx`
    of the models, or a sum or share computed from one); "" when it is exact."""
    return str(getattr(value, "qualifier", None) or "")


def _approximately(value: object) -> str:
    qualifier = qualifier_of(value)
    return f"{qualifier} " if qualifier else ""


def euros(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    exact = Decimal(value)
    # An approximate amount is never shown with cents: they would claim a precision it lacks.
    decimals = 0 if exact == exact.to_integral_value() or _approximately(value) else 2
    return f"{_approximately(value)}{nombre(exact, decimals)}{NNBSP}€"


def octets(size: int) -> str:
    """File sizes as a French reader expects them: 812 o, 12,4 ko, 3,1 Mo."""
    if size < 1000:
        return f"{size}{NNBSP}o"
    if size < 1_000_000:
        return f"{nombre(size / 1000, 1)}{NNBSP}ko"
    return f"{nombre(size / 1_000_000, 1)}{NNBSP}Mo"


def pourcent(value: Decimal | float | None, decimals: int | None = 0) -> str:
    """12 % ; with decimals=1, 26,7 % ; decimals=None shows what the value has (at most 2)."""
    return "" if value is None else f"{_approximately(value)}{nombre(value, decimals)}{NNBSP}%"


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"[*_`]+")  # inside a sentence: removed, « **Lot**. » stays « Lot. »
_MARKDOWN_MARKS = re.compile(r"[#>|]+")


def plain_summary(text: str | None, limit: int = 160) -> str:
    """A page description from Markdown: the words only, cut at a word, at most `limit`."""
    if not text:
        return ""
    plain = _MARKDOWN_EMPHASIS.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    words = " ".join(_MARKDOWN_MARKS.sub(" ", plain).split())
    if len(words) <= limit:
        return words
    return words[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


TRANSLITERATIONS = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o", "Ø": "O",
                    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}
"""Latin letters that Unicode does not split into a base letter and an accent."""


def name_words(text: str) -> str:
    """A name's words without case, accents or punctuation, its letters spelled as in slugs:
    « Cœur de Causse », « coeur-de-causse » and « COEUR DE CAUSSE » are the same."""
    spelled = "".join(TRANSLITERATIONS.get(char, char) for char in text)
    plain = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


def french_key(text: str) -> tuple[str, str]:
    """Sort key of a name as a French reader expects lists: accents and case second (« Bélaye »
    before « Bouziès », « Saint-Cirq » beside « Saint Cirq »), then the exact text."""
    base = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return (re.sub(r"[^a-z0-9]+", " ", base).strip(), text)


def french_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    return sorted(items, key=lambda item: french_key(key(item) if key else str(item)))


def sort_fr(items: Iterable[Any], attribute: str | int | None = None) -> list[Any]:
    """Jinja filter `tri_fr`: items in French order, by an attribute or index when given."""
    def value(item: Any) -> str:
        if attribute is None:
            return str(item)
        if isinstance(attribute, int) or (isinstance(attribute, str) and attribute.isdigit()):
            return str(item[int(attribute)])
        return str(getattr(item, attribute))
    return french_sorted(items, value)
