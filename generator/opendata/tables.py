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
    """A table's Table Schema type for each column (see cell_kind)."""

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


Piece = tuple[bytes, int, tuple[str, ...]]
"""Rows of a table written as CSV lines (no header), their number, and each column's narrowest
type over them ("" where the column is empty): a territory's part of a file of the whole site,
which `csv_join` puts together without writing the rows again."""


def table_cells(columns: list[Column], rows: list[dict[str, str]], texts: set[str]
                ) -> list[list[str]]:
    """Each row's cells in the columns' order, a text column's made safe (safe_cell)."""
    return [[safe_cell(row.get(c.name, "")) if c.name in texts else row.get(c.name, "")
             for c in columns] for row in rows]


def column_kinds(columns: list[Column], cells: list[list[str]]) -> tuple[str, ...]:
    """Each column's narrowest type over these rows (cell_kind)."""
    return tuple(cell_kind(c.name, [row[n] for row in cells]) for n, c in enumerate(columns))


def csv_piece(columns: list[Column], rows: list[dict[str, str]], texts: set[str]) -> Piece:
    cells = table_cells(columns, rows, texts)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(cells)
    return buffer.getvalue().encode("utf-8"), len(rows), column_kinds(columns, cells)


def csv_line(cells: list[str]) -> str:
    """One row as CSV, without its end of line."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()[:-1]


def csv_join(name: str, title: str, description: str, columns: list[Column],
             pieces: list[Piece]) -> ExportFile:
    """The table made of these pieces, in order, with its header row and each column's type."""
    content = (csv_line([c.name for c in columns]) + "\n").encode("utf-8") + b"".join(
        body for body, _, _ in pieces)
    types = tuple(merged_kind([kinds[n] for _, _, kinds in pieces]) for n in range(len(columns)))
    return ExportFile(name, title, description, content, columns,
                      sum(count for _, count, _ in pieces), types=types)


def csv_file(name: str, title: str, description: str, columns: list[Column],
             rows: list[dict[str, str]], texts: set[str]) -> ExportFile:
    """A table as a CSV file, with each column's type for the files that describe it."""
    return csv_join(name, title, description, columns, [csv_piece(columns, rows, texts)])


_INTEGERS = re.compile(r"-?\d+(?:\n-?\d+)*")
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:\n-?\d+(?:\.\d+)?)*")
_IDENTIFIER = re.compile(r"siren|siret|insee|code|rna|^id|Id$|^id[A-Z]")
_LEADING_ZERO = re.compile(r"(?:^|\n)-?0\d")


def cell_kind(name: str, values: Sequence[str]) -> str:
    """The narrowest Table Schema type every value of a column has (empty cells aside), or ""
    when every cell is empty. Codes stay text even when made of digits: « 01001 » is not the
    number 1001; a value over several lines is text."""
    if _IDENTIFIER.search(name):
        return "string"
    present = [v for v in values if v != ""]
    if not present:
        return ""
    # The values are matched as one text, one per line, so that a national file's columns take
    # one regular-expression run each instead of one per cell.
    text = "\n".join(present)
    if text.count("\n") != len(present) - 1 or _LEADING_ZERO.search(text):
        return "string"
    if _INTEGERS.fullmatch(text):
        return "integer"
    if _NUMBERS.fullmatch(text):
        return "number"
    return "string"


_NARROWER = {"integer": 0, "number": 1, "string": 2}


def merged_kind(kinds: Sequence[str]) -> str:
    """A column's type over several pieces: the widest of theirs; text when it is empty."""
    present = [kind for kind in kinds if kind]
    return max(present, key=_NARROWER.__getitem__) if present else "string"
