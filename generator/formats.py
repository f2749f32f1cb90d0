"""French number formats, shared by messages and pages."""

from __future__ import annotations

import re
from decimal import Decimal

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator and before € or %


def nombre(value: int | float | Decimal | None, decimals: int | None = None) -> str:
    """1 234 567 ; 2,5 ; decimals as needed (at most 2) unless given."""
    if value is None:
        return ""
    if decimals is None:
        decimals = 0 if value == int(value) else (1 if round(value * 10) == value * 10 else 2)
    return f"{value:,.{decimals}f}".replace(",", NNBSP).replace(".", ",")


def _approximately(value: object) -> str:
    """« au moins » / « environ » before an amount or share published approximately (an
    `Approx` of the models, or a sum or share computed from one)."""
    qualifier = getattr(value, "qualifier", None)
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
