"""The conventions every CSV file of the open data follows (also stated on the data pages):
UTF-8, comma, header row, ISO dates, amounts as plain numbers with a dot, one value per cell
with lists joined by « | », cells that a spreadsheet would read as a formula (=, +, -, @)
prefixed with an apostrophe, stable row order."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

SEPARATOR = "|"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    description: str


@dataclass(frozen=True)
class ExportFile:
    """One published data file, with what its data page says of it."""

    name: str
    title: str
    description: str
    content: bytes
    columns: list[Column] = field(default_factory=list)
    rows: int = 0
    size: int = -1
    """Bytes of the file; kept by `described` when the content is gone."""
    types: tuple[str, ...] = ()
    """A table's Table Schema type for each column (see field_type)."""

    def __post_init__(self) -> None:
        if self.size < 0:
            object.__setattr__(self, "size", len(self.content))

    def described(self) -> ExportFile:
        """What the data pages say of the file, without its bytes: once written, a national
        site's files would not all fit in memory together."""
        return replace(self, content=b"", size=self.size)


def number(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    exact = Decimal(str(value))
    return f"{exact:f}" if exact != exact.to_integral_value() else f"{exact.to_integral_value():f}"


def approximation(value: object) -> str:
    """The column beside an amount: empty when exact, « au moins » or « environ » when the
    amount was published approximately (the number itself stays a plain number)."""
    return str(getattr(value, "qualifier", "") or "")


def safe_cell(value: str) -> str:
    """A text cell that starts like a formula is shown as text by spreadsheets."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_file(name: str, title: str, description: str, columns: list[Column],
             rows: list[dict[str, str]], texts: set[str]) -> ExportFile:
    """A table as a CSV file, with each column's type for the files that describe it."""
    cells = [[safe_cell(row.get(c.name, "")) if c.name in texts else row.get(c.name, "")
              for c in columns] for row in rows]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    writer.writerows(cells)
    types = tuple(field_type(c.name, [row[n] for row in cells]) for n, c in enumerate(columns))
    return ExportFile(name, title, description, buffer.getvalue().encode("utf-8"), columns,
                      len(rows), types=types)


_INTEGERS = re.compile(r"-?\d+(?:\n-?\d+)*")
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:\n-?\d+(?:\.\d+)?)*")
_IDENTIFIER = re.compile(r"siren|siret|insee|code|rna|^id|Id$|^id[A-Z]")
_LEADING_ZERO = re.compile(r"(?:^|\n)-?0\d")


def field_type(name: str, values: Sequence[str]) -> str:
    """The narrowest Table Schema type every value of the column has (empty cells aside). Codes
    stay text even when made of digits: « 01001 » is not the number 1001; a value over several
    lines is text."""
    if _IDENTIFIER.search(name):
        return "string"
    present = [v for v in values if v != ""]
    # The values are matched as one text, one per line, so that a national file's columns take
    # one regular-expression run each instead of one per cell.
    text = "\n".join(present)
    if not present or text.count("\n") != len(present) - 1 or _LEADING_ZERO.search(text):
        return "string"
    if _INTEGERS.fullmatch(text):
        return "integer"
    if _NUMBERS.fullmatch(text):
        return "number"
    return "string"
