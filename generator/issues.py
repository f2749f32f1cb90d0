"""Problems found in the data: one type for errors and warnings, always with a position."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Issue:
    """One problem, located as `file:line:column: key.path : message`."""

    file: str
    line: int
    column: int
    keypath: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        prefix = "avertissement : " if self.severity is Severity.WARNING else ""
        if self.keypath:
            return f"{where}: {prefix}{self.keypath} : {self.message}"
        return f"{where}: {prefix}{self.message}"


@dataclass
class IssueList:
    """Collects every problem of a run so that the user gets the whole list at once."""

    items: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.items.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.items.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return sorted(i for i in self.items if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return sorted(i for i in self.items if i.severity is Severity.WARNING)

    def __iter__(self) -> Iterator[Issue]:
        return iter(sorted(self.items))

    def __len__(self) -> int:
        return len(self.items)


class DataError(Exception):
    """Raised once, at the end of validation, when the data holds errors."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(format_report(issues))


def format_report(issues: Iterable[Issue]) -> str:
    issues = list(issues)
    lines = [i.format() for i in issues]
    errors = sum(1 for i in issues if i.severity is Severity.ERROR)
    lines.append(f"{errors} erreur(s) à corriger." if errors else "Aucune erreur.")
    return "\n".join(lines)
