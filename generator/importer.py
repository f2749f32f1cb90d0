"""Spreadsheet import: rows with the columns of projets.csv become project YAML files.

Every row is validated like a YAML file; any problem is reported as `file:row:column` and then
nothing is written, so a half-imported programme never reaches the data."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.exports import FORMULA_START, PROJECT_COLUMNS, SEPARATOR
from generator.issues import Issue
from generator.load.tree import load_tree
from generator.load.yamlfile import Document
from generator.models.context import Referentiel
from generator.models.fields import slugify
from generator.models.projet import Projet
from generator.validate.dataset import territory_context
from generator.validate.messages import data_path, translate
from generator.validate.rules import own_rules

DERIVED = {"territoire", "communes_noms", "annee", "financement_accorde", "reste_a_financer", "url"}
KNOWN = {c.name for c in PROJECT_COLUMNS}
FIELD_COLUMN = {"communes": "communes_insee", "localisation": "latitude", "dates": "date_debut",
                "maitre_ouvrage": "maitre_ouvrage"}
HEADER = "# yaml-language-server: $schema=../../schemas/projet.schema.json\n"


@dataclass
class Imported:
    files: dict[str, str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def _cell(value: str) -> str:
    """Undo the apostrophe the export puts before a formula-like text."""
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_START else value


def _list(value: str) -> list[str]:
    return [v.strip() for v in value.split(SEPARATOR) if v.strip()]


def _amount(value: str) -> Any:
    if not value:
        return None
    try:
        exact = Decimal(value)
    except ArithmeticError:
        return value  # the model explains the accepted forms
    return int(exact) if exact == exact.to_integral_value() else float(exact)


def _links(value: str) -> list[dict[str, Any]]:
    links = []
    for item in _list(value):
        contract, measure, year = [*item.split("/"), "", ""][:3]
        link: dict[str, Any] = {"contrat": contract}
        if measure:
            link["mesure"] = measure
        if year:
            link["annee"] = int(year) if year.isdigit() else year
        links.append(link)
    return links


def row_to_project(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"titre": row.get("titre", ""), "resume": row.get("resume", ""),
                            "statut": row.get("statut", ""),
                            "maitre_ouvrage": {"nom": row.get("maitre_ouvrage", "")}}
    if row.get("maitre_ouvrage_siren"):
        data["maitre_ouvrage"]["siren"] = row["maitre_ouvrage_siren"]
    if row.get("avancement"):
        data["avancement"] = _amount(row["avancement"])
    data["communes"] = _list(row.get("communes_insee", ""))
    if row.get("latitude") or row.get("longitude"):
        data["localisation"] = {"lat": _amount(row.get("latitude", "")),
                                "lon": _amount(row.get("longitude", ""))}
    for key in ("thematiques", "orientations"):
        if row.get(key):
            data[key] = _list(row[key])
    if row.get("contrats"):
        data["contrats"] = _links(row["contrats"])
    dates = {k: row[f"date_{k}"] for k in ("debut", "fin") if row.get(f"date_{k}")}
    if dates:
        data["dates"] = dates
    if row.get("cout_total"):
        data["cout_total"] = _amount(row["cout_total"])
    lines = [{"financeur": name.removeprefix("financement_"), "montant": _amount(value)}
             for name, value in row.items() if name.startswith("financement_")
             and name != "financement_accorde" and value]
    if lines:
        data["financements"] = lines
    return data


def _column_of(path: tuple[str | int, ...], header: list[str], data: dict[str, Any]) -> str:
    if not path:
        return "projet"
    if path[0] == "financements" and len(path) > 1 and isinstance(path[1], int):
        return f"financement_{data['financements'][path[1]]['financeur']}"
    name = FIELD_COLUMN.get(str(path[0]), str(path[0]))
    return name if name in header else "projet"


def _read(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = path.read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;") if text else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [h.strip() for h in next(reader, [])]
    rows, line = [], reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((line, {h: _cell(c) for h, c in zip(header, cells, strict=False)}))
        line = reader.line_num + 1
    return header, rows


def import_projects(csv_path: Path, shown: str, data_root: Path, territory: str,
                    ref: Referentiel | None, replace: bool = False) -> Imported:
    result = Imported()
    header, rows = _read(csv_path)
    result.issues += _header_issues(header, shown)
    if result.issues:
        return result
    tree = load_tree(data_root)
    if not any(t.slug == territory for t in tree.territories):
        result.issues.append(Issue(shown, 1, 1, "", f"le territoire « {territory} » n'existe pas "
                                   f"dans {data_root} : indiquez le nom de son dossier."))
        return result
    ctx = territory_context(tree, territory, ref)
    ctx.projects |= {r.get("projet", "") for _, r in rows}
    folder = data_root / territory / "projets"
    for line, row in rows:
        result.issues += _row_issues(line, row, header, shown, territory, folder, replace)
        data = row_to_project(row)
        try:
            project = Projet.model_validate(data, context=ctx)
        except ValidationError as error:
            result.issues += _model_issues(error, data, line, header, shown)
            continue
        doc = Document(path=Path(shown), display=shown, data=data)
        problems = [_at_column(issue, line, header, shown) for issue in own_rules(project, doc)]
        result.issues += problems
        if not problems:
            result.files[row["projet"]] = HEADER + yaml.safe_dump(
                data, allow_unicode=True, sort_keys=False, width=100)
    return result


_RULE_COLUMNS = {"financements": "cout_total", "dates.fin": "date_fin", "dates.debut": "date_debut"}


def _at_column(issue: Issue, line: int, header: list[str], shown: str) -> Issue:
    column = _RULE_COLUMNS.get(issue.keypath, issue.keypath.split(".")[0])
    column = column if column in header else "projet"
    return Issue(shown, line, header.index(column) + 1, column, issue.message, issue.severity)


def _header_issues(header: list[str], shown: str) -> list[Issue]:
    issues = []
    for index, name in enumerate(header, start=1):
        if name not in KNOWN | DERIVED and not name.startswith("financement_"):
            close = difflib.get_close_matches(name, sorted(KNOWN), n=1)
            hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
            issues.append(Issue(shown, 1, index, name, f"colonne inconnue « {name} ».{hint} "
                                "Les colonnes sont celles de projets.csv."))
    for required in ("projet", "titre", "resume", "statut", "maitre_ouvrage", "communes_insee"):
        if required not in header:
            issues.append(Issue(shown, 1, 1, required, f"colonne obligatoire absente : « {required} »."))
    return issues


def _row_issues(line: int, row: dict[str, str], header: list[str], shown: str, territory: str,
                folder: Path, replace: bool) -> list[Issue]:
    issues = []
    slug = row.get("projet", "")
    column = header.index("projet") + 1
    if slug != slugify(slug) or not slug:
        issues.append(Issue(shown, line, column, "projet", f"« {slug} » ne peut pas servir "
                            f"d'adresse : écrivez par exemple « {slugify(slug) or 'mon-projet'} »."))
    elif (folder / f"{slug}.yml").exists() and not replace:
        issues.append(Issue(shown, line, column, "projet", f"le projet « {slug} » existe déjà : "
                            "changez son identifiant, ou relancez avec --remplacer."))
    if row.get("territoire") and row["territoire"] != territory:
        issues.append(Issue(shown, line, header.index("territoire") + 1, "territoire",
                            f"cette ligne est du territoire « {row['territoire']} », pas de "
                            f"« {territory} » : séparez les fichiers ou corrigez la colonne."))
    return issues


def _model_issues(error: ValidationError, data: dict[str, Any], line: int, header: list[str],
                  shown: str) -> list[Issue]:
    doc = Document(path=Path(shown), display=shown, data=data)
    issues, seen = [], set()
    for detail in error.errors(include_url=False):
        path = data_path(detail["loc"], data, detail["type"])
        column = _column_of(path, header, data)
        if (column, path) in seen:
            continue
        seen.add((column, path))
        issues.append(Issue(shown, line, header.index(column) + 1, column,
                            translate(detail, path, doc, Projet)))
    return issues


def write(imported: Imported, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, text in sorted(imported.files.items()):
        path = folder / f"{slug}.yml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
