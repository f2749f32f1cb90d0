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

from generator.formats import nombre
from generator.issues import Issue
from generator.load.tree import load_tree
from generator.load.yamlfile import Document
from generator.models.context import Referentiel, ValidationContext
from generator.models.fields import slugify
from generator.models.projet import Projet
from generator.opendata.projects import PROJECT_COLUMNS
from generator.opendata.tables import FORMULA_START, SEPARATOR
from generator.validate.dataset import territory_context
from generator.validate.messages import data_path, translate
from generator.validate.rules import own_rules

DERIVED = {"territoire", "communes_noms", "annee", "financement_accorde", "financement_accorde_approche",
           "reste_a_financer", "url"}
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
    return data | _money(row)


def _money(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if row.get("cout_total"):
        data["cout_total"] = _amount(row["cout_total"])
        if row.get("cout_total_approche"):  # « environ » + the plain number, as published
            data["cout_total"] = f"{row['cout_total_approche']} {row['cout_total']}"
    if row.get("montants_ht_ttc"):
        data["montants"] = row["montants_ht_ttc"]
    for key in ("depense_eligible", "autofinancement", "cout_final"):
        if row.get(key):
            data[key] = _amount(row[key])
    lines = [{"financeur": name.removeprefix("financement_"), "montant": _amount(value)}
             for name, value in row.items() if name.startswith("financement_")
             and name not in DERIVED and value]
    if lines:
        data["financements"] = lines
    return data


def _column_of(path: tuple[str | int, ...], header: list[str], data: dict[str, Any]) -> str:
    if not path:
        return "projet"
    if path[0] == "financements" and len(path) > 1 and isinstance(path[1], int):
        return f"financement_{data['financements'][path[1]]['financeur']}"
    if path[0] == "dates" and len(path) > 1:
        return f"date_{path[1]}" if f"date_{path[1]}" in header else "projet"
    name = FIELD_COLUMN.get(str(path[0]), str(path[0]))
    return name if name in header else "projet"


# Spreadsheets save CSV in UTF-8 (« CSV UTF-8 », with a BOM) or, in French Excel, in Windows-1252.
ENCODINGS = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "windows-1252": "cp1252", "cp1252": "cp1252",
             "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1"}
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252"}  # latin-1 decodes any byte
# A programme of projects is a few hundred kilobytes: anything bigger is the wrong file, refused
# before it is read into memory. The cell limit is far above the longest text the model accepts.
MAX_FILE_BYTES = 10_000_000
MAX_CELL = 20_000


@dataclass
class Table:
    """The CSV as read: `fatal` stops the import, `issues` concern single rows left out of `rows`."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    fatal: list[Issue] = field(default_factory=list)
    delimiter: str = ","


def _os_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "fichier introuvable : vérifiez son chemin."
    if isinstance(exc, IsADirectoryError):
        return "c'est un dossier : indiquez le fichier CSV à importer."
    return f"fichier illisible ({exc.strerror or exc})."


def _decode_issue(raw: bytes, start: int, codec: str, shown: str) -> Issue:
    """Where the first byte that is not of the encoding is, and how to save the file right."""
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode(codec, errors="replace")) + 1
    name = _ENCODING_NAMES.get(codec, codec)
    fix = ("ou relancez avec --encodage windows-1252" if codec == "utf-8-sig"
           else "puis relancez sans --encodage")
    return Issue(shown, line, column, "", f"le fichier n'est pas en {name} (octet 0x{raw[start]:02X} "
                 f"ligne {line}) : enregistrez-le en « CSV UTF-8 » depuis votre tableur, {fix}.")


def _load_text(path: Path, shown: str, encoding: str) -> str | Issue:
    codec = ENCODINGS.get(encoding.strip().lower())
    if codec is None:
        return Issue(shown, 1, 1, "", f"encodage « {encoding} » inconnu : indiquez utf-8, "
                     "windows-1252 ou latin-1.")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # never more, even from a pipe or a device
    except OSError as exc:
        return Issue(shown, 1, 1, "", _os_message(exc))
    if len(raw) > MAX_FILE_BYTES:
        return Issue(shown, 1, 1, "", "le fichier pèse plus de 10 Mo : ce n'est sans doute pas un "
                     "tableau de projets. Vérifiez le fichier, ou découpez-le en plusieurs imports.")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        return _decode_issue(raw, exc.start, codec, shown)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_issue(text: str, shown: str) -> Issue | None:
    """A text that cannot be a CSV table: empty, or binary (NUL never occurs in a spreadsheet's CSV)."""
    if not text.strip():
        return Issue(shown, 1, 1, "", "le fichier est vide : sa première ligne doit nommer les "
                     "colonnes de projets.csv, puis une ligne par projet.")
    nul = text.find("\x00")
    if nul < 0:
        return None
    line = text.count("\n", 0, nul) + 1
    return Issue(shown, line, nul - text.rfind("\n", 0, nul), "", "caractère nul (0x00) : ce n'est "
                 "pas un texte CSV (classeur .xlsx ou .ods, texte UTF-16 ?). Enregistrez-le en "
                 "« CSV UTF-8 » depuis votre tableur.")


def _delimiter(header_line: str) -> str:
    """Comma, unless the header has more semicolons (French spreadsheets), counted outside quotes."""
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted  # a doubled quote toggles twice: still inside
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _csv_message(exc: csv.Error, delimiter: str) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (f"une cellule commençant à cette ligne dépasse {nombre(csv.field_size_limit())} "
                f"caractères : raccourcissez-la ({nombre(MAX_CELL)} au plus), ou refermez le "
                "guillemet qui l'ouvre.")
    if "unexpected end of data" in text:
        return ("un guillemet ouvert dans cette ligne n'est jamais refermé : doublez les guillemets "
                "à l'intérieur d'une cellule (\"\"), ou retirez le guillemet isolé.")
    if "expected after" in text:
        return (f"après le guillemet qui ferme une cellule, le séparateur « {delimiter} » est "
                "attendu : à l'intérieur d'une cellule, un guillemet s'écrit doublé (\"\").")
    return f"ligne illisible en CSV ({text})."


def _add_row(table: Table, line: int, cells: list[str], shown: str) -> None:
    filled = [index for index, cell in enumerate(cells) if cell.strip()]
    if not filled:
        return
    width = len(table.header)
    problems = [Issue(shown, line, index + 1, table.header[index], f"cellule de {nombre(len(cell))} "
                      f"caractères : {nombre(MAX_CELL)} au plus sont acceptés, raccourcissez-la.")
                for index, cell in enumerate(cells[:width]) if len(cell) > MAX_CELL]
    if filled[-1] >= width:  # empty cells beyond the header are what spreadsheets leave: harmless
        problems.append(Issue(shown, line, width + 1, "", f"cette ligne a {filled[-1] + 1} cellules "
                              f"pour {width} colonnes : une cellule contient sans doute le "
                              f"séparateur « {table.delimiter} » sans être entre guillemets."))
    table.issues += problems
    if not problems:
        table.rows.append((line, {h: _cell(c) for h, c in zip(table.header, cells, strict=False)}))


def _parse(text: str, shown: str) -> Table:
    """RFC 4180: quoted cells may hold the separator, doubled quotes and line breaks. Each row is
    located at the physical line where it starts."""
    table = Table(delimiter=_delimiter(text.split("\n", 1)[0]))
    reader = csv.reader(io.StringIO(text), delimiter=table.delimiter, quotechar='"',
                        doublequote=True, strict=True)  # strict: an unclosed quote is an error
    line = 1
    try:
        table.header = [h.strip() for h in next(reader, [])]
        line = reader.line_num + 1
        for cells in reader:
            _add_row(table, line, cells, shown)
            line = reader.line_num + 1
    except csv.Error as exc:
        table.fatal.append(Issue(shown, line, 1, "", _csv_message(exc, table.delimiter)))
    return table


def read_table(path: Path, shown: str, encoding: str = "utf-8") -> Table:
    """Never raises on a bad file: every problem is an Issue located in it."""
    text = _load_text(path, shown, encoding)
    if isinstance(text, Issue):
        return Table(fatal=[text])
    problem = _text_issue(text, shown)
    if problem is not None:
        return Table(fatal=[problem])
    table = _parse(text, shown)
    if not table.fatal and not table.rows and not table.issues:
        table.fatal.append(Issue(shown, 1, 1, "", "le fichier n'a que la ligne des colonnes : "
                                 "ajoutez une ligne par projet en dessous."))
    return table


FUNDING_KEYS = {"dispositif": "dispositif", "taux": "taux", "assiette": "assiette",
                "statut": "statut", "date_decision": "date_decision",
                "reference_decision": "reference_decision", "date_convention": "date_convention",
                "date_versement": "date_versement"}


def funding_lines(path: Path, shown: str, territory: str,
                  encoding: str = "utf-8") -> tuple[dict[str, list[dict[str, Any]]], list[Issue]]:
    """The lines of a financements.csv, by project: each grant with its status and dates, so
    that YAML → CSV → YAML loses none (projets.csv only has each funder's granted sum)."""
    table = read_table(path, shown, encoding)
    if table.fatal:
        return {}, table.fatal
    missing = [c for c in ("projet", "financeur", "montant") if c not in table.header]
    if missing:
        return {}, [Issue(shown, 1, 1, c, f"colonne obligatoire absente : « {c} ».") for c in missing]
    lines: dict[str, list[dict[str, Any]]] = {}
    for _, row in table.rows:
        if row.get("territoire") and row["territoire"] != territory:
            continue
        amount = _amount(row.get("montant", ""))
        if row.get("montant_approche"):
            amount = f"{row['montant_approche']} {row['montant']}"
        line: dict[str, Any] = {"financeur": row.get("financeur", ""), "montant": amount}
        for column, key in FUNDING_KEYS.items():
            if row.get(column):
                line[key] = _amount(row[column]) if key in ("taux", "assiette") else row[column]
        lines.setdefault(row.get("projet", ""), []).append(line)
    return lines, table.issues


def import_projects(csv_path: Path, shown: str, data_root: Path, territory: str,
                    ref: Referentiel | None, replace: bool = False,
                    encoding: str = "utf-8", fundings: Path | None = None) -> Imported:
    table = read_table(csv_path, shown, encoding)
    if table.fatal:
        return Imported(issues=table.fatal)
    lines: dict[str, list[dict[str, Any]]] | None = None
    if fundings is not None:
        lines, problems = funding_lines(fundings, fundings.name, territory, encoding)
        if problems:
            return Imported(issues=problems)
    result = Imported(issues=_header_issues(table.header, shown))
    if result.issues:
        return result
    tree = load_tree(data_root)
    if not any(t.slug == territory for t in tree.territories):
        result.issues.append(Issue(shown, 1, 1, "", f"le territoire « {territory} » n'existe pas "
                                   f"dans {data_root} : indiquez le nom de son dossier."))
        return result
    ctx = territory_context(tree, territory, ref)
    ctx.projects |= {r.get("projet", "") for _, r in table.rows}
    folder = data_root / territory / "projets"
    result.issues += table.issues
    for line, row in table.rows:
        result.issues += _row_issues(line, row, table.header, shown, territory, folder, replace)
        text, problems = _project_yaml(line, row, table.header, shown, ctx,
                                       None if lines is None else lines.get(row.get("projet", ""), []))
        result.issues += problems
        if text is not None:
            result.files[row["projet"]] = text
    return result


def _project_yaml(line: int, row: dict[str, str], header: list[str], shown: str,
                  ctx: ValidationContext,
                  fundings: list[dict[str, Any]] | None) -> tuple[str | None, list[Issue]]:
    data = row_to_project(row)
    if fundings is not None:  # the lines of financements.csv replace the sums of projets.csv
        data.pop("financements", None)
        if fundings:
            data["financements"] = fundings
    try:
        project = Projet.model_validate(data, context=ctx)
    except ValidationError as error:
        return None, _model_issues(error, data, line, header, shown)
    doc = Document(path=Path(shown), display=shown, data=data)
    problems = [_at_column(issue, line, header, shown) for issue in own_rules(project, doc)]
    if problems:
        return None, problems
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), []


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
