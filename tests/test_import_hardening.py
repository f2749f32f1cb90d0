"""Hostile or clumsy input: spreadsheet CSV as Excel and LibreOffice write it, wrong encodings,
huge or binary files, and contour codes from the server that would name files outside --sortie."""

from __future__ import annotations

import http.server
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from generator import importer
from generator.fetch import FetchError, write_by_departement
from generator.importer import Imported, import_projects, write
from generator.importer import write as write_projects
from generator.opendata import plan_exports
from generator.pipeline import build
from tests.conftest import local_server
from tests.test_cli import run

HEADER = "projet,titre,resume,statut,maitre_ouvrage,communes_insee\n"
HALLE = "halle,Halle,Rénovation,en_cours,Commune de Cazals,46066\n"


def import_bytes(data: Path, content: bytes, encoding: str = "utf-8") -> Imported:
    path = data.parent / "programme.csv"
    path.write_bytes(content)
    return import_projects(path, "programme.csv", data, "vallee-test", None, encoding=encoding)


def import_text(data: Path, text: str) -> Imported:
    return import_bytes(data, text.encode("utf-8"))


def imported(result: Imported, slug: str) -> dict[str, Any]:
    assert [i.format() for i in result.issues] == []
    document: dict[str, Any] = yaml.safe_load(result.files[slug])
    return document


def reported(result: Imported) -> list[str]:
    assert result.files == {} or result.issues
    return [i.format() for i in result.issues]


# --- RFC 4180 ----------------------------------------------------------------------------------


def projets_csv(data: Path) -> bytes:
    return plan_exports(build(data, "territories"))["vallee-test/donnees"][0].content


def test_doubled_quotes_comma_semicolon_and_newline_round_trip(data: Path) -> None:
    projects = data / "vallee-test/projets"
    source = projects / "ecole-salviac.yml"
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    document["titre"] = 'Salle des fêtes "La Grange", tranche 1; tranche 2'
    document["resume"] = "Première ligne.\nSeconde ligne, avec « guillemets »."
    source.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    first = projets_csv(data)
    assert b'"Salle des f\xc3\xaates ""La Grange"", tranche 1; tranche 2"' in first
    for slug in ("ecole-salviac", "chaufferie-cazals", "sentier"):
        (projects / f"{slug}.yml").unlink()
    result = import_bytes(data, first)
    assert imported(result, "ecole-salviac")["titre"] == document["titre"]
    assert imported(result, "ecole-salviac")["resume"] == document["resume"]
    write(result, projects)
    assert projets_csv(data) == first


def test_comma_inside_a_quoted_cell_stays_in_its_column(data: Path) -> None:
    result = import_text(data, HEADER + 'halle,"Halle, marché couvert",Rénovation,en_cours,'
                         '"Commune de Cazals",46066\n')
    project = imported(result, "halle")
    assert project["titre"] == "Halle, marché couvert"
    assert project["maitre_ouvrage"] == {"nom": "Commune de Cazals"}
    assert project["communes"] == ["46066"]


def test_semicolon_file_saved_by_french_excel(data: Path) -> None:
    text = ("projet;titre;resume;statut;maitre_ouvrage;communes_insee;cout_total\n"
            'halle;Halle, marché;"Rénovation ; toiture";en_cours;Commune de Cazals;46066;10000\n')
    project = imported(import_bytes(data, text.encode("utf-8-sig")), "halle")
    assert project["titre"] == "Halle, marché"
    assert project["resume"] == "Rénovation ; toiture"
    assert project["cout_total"] == 10000


def test_quoted_newline_keeps_the_line_numbers(data: Path) -> None:
    result = import_text(data, HEADER + 'halle,Halle,"Première ligne\nseconde ligne",en_cours,'
                         "Commune de Cazals,46066\npiscine,Piscine,Couverture,fini,Commune,46066\n")
    assert [(i.line, i.column, i.keypath) for i in result.issues] == [(4, 4, "statut")]
    assert yaml.safe_load(result.files["halle"])["resume"] == "Première ligne\nseconde ligne"


def test_unclosed_quote_is_located(data: Path) -> None:
    result = import_text(data, HEADER + HALLE + 'piscine,"Piscine,Couverture,en_cours,Commune,46066\n')
    assert reported(result) == [
        "programme.csv:3:1: un guillemet ouvert dans cette ligne n'est jamais refermé : doublez "
        'les guillemets à l\'intérieur d\'une cellule (""), ou retirez le guillemet isolé.']


def test_ragged_row_is_located_and_trailing_empty_cells_are_not(data: Path) -> None:
    result = import_text(data, HEADER + HALLE.replace("\n", ",,\n")
                         + "piscine,Piscine,Couverture,en_cours,Commune de Cazals, Lot,46066\n")
    assert reported(result) == [
        "programme.csv:3:7: cette ligne a 7 cellules pour 6 colonnes : une cellule contient sans "
        "doute le séparateur « , » sans être entre guillemets."]
    assert list(result.files) == ["halle"]


# --- Encodings -----------------------------------------------------------------------------------


WINDOWS = HEADER + "halle,Halle,Rénovation de l’œuvre,en_cours,Commune de Cazals,46066\n"


def test_windows_1252_file_is_an_error_at_its_line(data: Path) -> None:
    assert reported(import_bytes(data, WINDOWS.encode("cp1252"))) == [
        "programme.csv:2:14: le fichier n'est pas en UTF-8 (octet 0xE9 ligne 2) : enregistrez-le "
        "en « CSV UTF-8 » depuis votre tableur, ou relancez avec --encodage windows-1252."]


def test_windows_1252_on_the_command_line_is_not_a_traceback(data: Path) -> None:
    (data.parent / "programme.csv").write_bytes(WINDOWS.encode("cp1252"))
    result = run("importer", str(data.parent / "programme.csv"), "--territoire", "vallee-test",
                 "--dossier", str(data), "--config", "absent.yml")
    assert result.returncode == 1, result.stderr
    assert "(octet 0xE9 ligne 2)" in result.stdout and "Traceback" not in result.stderr


def test_windows_1252_read_when_asked(data: Path) -> None:
    result = import_bytes(data, WINDOWS.encode("cp1252"), encoding="windows-1252")
    assert imported(result, "halle")["resume"] == "Rénovation de l’œuvre"


def test_byte_undefined_in_windows_1252(data: Path) -> None:
    result = import_bytes(data, HEADER.encode() + b"halle,Halle,R\x81,en_cours,Commune,46066\n",
                          encoding="cp1252")
    assert reported(result) == [
        "programme.csv:2:14: le fichier n'est pas en Windows-1252 (octet 0x81 ligne 2) : "
        "enregistrez-le en « CSV UTF-8 » depuis votre tableur, puis relancez sans --encodage."]


def test_unknown_encoding(data: Path) -> None:
    assert reported(import_bytes(data, WINDOWS.encode(), encoding="utf-16")) == [
        "programme.csv:1:1: encodage « utf-16 » inconnu : indiquez utf-8, windows-1252 ou latin-1."]


# --- Sizes and binary files ------------------------------------------------------------------------


def test_20_mb_cell_is_located(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file with a 20 MB cell is first refused for its size: lift that limit to reach the CSV reader.
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 30_000_000)
    text = HEADER + HALLE + "piscine,Piscine," + "x" * 20_000_000 + ",en_cours,Commune,46066\n"
    assert reported(import_text(data, text)) == [
        "programme.csv:3:1: une cellule commençant à cette ligne dépasse 131\u202f072 caractères : "
        "raccourcissez-la (20\u202f000 au plus), ou refermez le guillemet qui l'ouvre."]


def test_cell_over_20_000_characters(data: Path) -> None:
    text = HEADER + "piscine,Piscine," + "x" * 25_000 + ",en_cours,Commune,46066\n" + HALLE
    assert reported(import_text(data, text)) == [
        "programme.csv:2:3: resume : cellule de 25\u202f000 caractères : 20\u202f000 au plus sont "
        "acceptés, raccourcissez-la."]


def test_file_over_10_mb_is_refused_before_reading(data: Path) -> None:
    text = HEADER + "piscine,Piscine," + "x" * 10_000_000 + ",en_cours,Commune,46066\n"
    assert reported(import_text(data, text)) == [
        "programme.csv:1:1: le fichier pèse plus de 10 Mo : ce n'est sans doute pas un tableau de "
        "projets. Vérifiez le fichier, ou découpez-le en plusieurs imports."]


def test_nul_byte(data: Path) -> None:
    assert reported(import_text(data, HEADER + "halle,Ha\x00lle,R,en_cours,Commune,46066\n")) == [
        "programme.csv:2:9: caractère nul (0x00) : ce n'est pas un texte CSV (classeur .xlsx ou "
        ".ods, texte UTF-16 ?). Enregistrez-le en « CSV UTF-8 » depuis votre tableur."]


def test_empty_file(data: Path) -> None:
    assert reported(import_text(data, "")) == [
        "programme.csv:1:1: le fichier est vide : sa première ligne doit nommer les colonnes de "
        "projets.csv, puis une ligne par projet."]


def test_header_only_file(data: Path) -> None:
    assert reported(import_text(data, HEADER + "\n,,,,,\n")) == [
        "programme.csv:1:1: le fichier n'a que la ligne des colonnes : ajoutez une ligne par projet "
        "en dessous."]


def test_missing_file_and_folder(data: Path) -> None:
    def message(path: Path) -> list[str]:
        return reported(import_projects(path, "programme.csv", data, "vallee-test", None))

    assert message(data.parent / "absent.csv") == [
        "programme.csv:1:1: fichier introuvable : vérifiez son chemin."]
    assert message(data) == ["programme.csv:1:1: c'est un dossier : indiquez le fichier CSV à importer."]


# --- Contours: codes from the server ----------------------------------------------------------------

SQUARE = {"type": "Polygon", "coordinates": [[[1.2, 44.6], [1.3, 44.6], [1.3, 44.7], [1.2, 44.6]]]}
HOSTILE = ["/tmp/x", "../../etc", "46042/../../x"]


def feature(code: str) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"code": code, "nom": "Commune"}, "geometry": SQUARE}


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_invalid_commune_codes_are_ignored_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "contours"
    result = write_by_departement([feature(c) for c in [*HOSTILE, "46042"]], folder)
    assert result.paths == [(folder / "46.geojson").resolve()]
    assert files_under(tmp_path) == ["a/b/contours/46.geojson"]
    written = json.loads((folder / "46.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["code"] for f in written["features"]] == ["46042"]
    assert result.ignored == HOSTILE
    assert result.warning() == ("3 contour(s) ignoré(s) : code commune invalide « /tmp/x », "
                                "« ../../etc », « 46042/../../x » renvoyé par le serveur.")


def test_corsican_code_is_valid_and_nothing_to_report(tmp_path: Path) -> None:
    result = write_by_departement([feature("2A004")], tmp_path)
    assert result.paths == [(tmp_path / "2A.geojson").resolve()] and result.warning() is None


def test_file_leading_outside_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "ailleurs.geojson"
    outside.write_text("{}", encoding="utf-8")
    (tmp_path / "contours").mkdir()
    (tmp_path / "contours" / "46.geojson").symlink_to(outside)
    with pytest.raises(FetchError, match="n'est pas dans le dossier"):
        write_by_departement([feature("46042")], tmp_path / "contours")
    assert outside.read_text(encoding="utf-8") == "{}"


class _HostileApi(http.server.BaseHTTPRequestHandler):
    codes: ClassVar[list[str]] = [*HOSTILE, "46297"]

    def do_GET(self) -> None:
        payload = json.dumps({"type": "FeatureCollection",
                              "features": [feature(c) for c in self.codes]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile_api() -> Iterator[str]:
    with local_server(_HostileApi) as url:
        yield url


def test_contours_command_prints_the_ignored_codes(data: Path, tmp_path: Path,
                                                   hostile_api: str) -> None:
    target = tmp_path / "sortie" / "contours"
    before = files_under(tmp_path)
    result = run("contours", "--territoire", "vallee-test", "--dossier", str(data),
                 "--sortie", str(target), "--api", hostile_api, "--config", "absent.yml")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("avertissement : 3 contour(s) ignoré(s) : code commune invalide "
                               "« /tmp/x », « ../../etc », « 46042/../../x » renvoyé par le "
                               "serveur.") == 1
    assert files_under(tmp_path) == sorted([*before, "sortie/contours/46.geojson"])


def test_round_trip_with_financements_keeps_every_grant_status_and_date(tmp_path: Path) -> None:
    """YAML → projets.csv + financements.csv → importer → YAML → the same two files."""
    from generator.opendata import plan_exports as exports_of
    from tests.conftest import EXAMPLE, REFERENTIEL

    data = tmp_path / "territories"
    shutil.copytree(EXAMPLE, data)
    before = {f.name: f.content for f in exports_of(build(data, "t", REFERENTIEL))[
        "grand-quercy/donnees"]}
    (tmp_path / "projets.csv").write_bytes(before["projets.csv"])
    (tmp_path / "financements.csv").write_bytes(before["financements.csv"])
    originals = {p.stem: p.read_text(encoding="utf-8")
                 for p in (data / "grand-quercy/projets").glob("*.yml")}
    for path in (data / "grand-quercy/projets").glob("*.yml"):
        if "publication: brouillon" not in path.read_text(encoding="utf-8"):
            path.unlink()
    result = import_projects(tmp_path / "projets.csv", "projets.csv", data, "grand-quercy",
                             None, fundings=tmp_path / "financements.csv")
    assert result.issues == []
    write_projects(result, data / "grand-quercy/projets")
    after = {f.name: f.content for f in exports_of(build(data, "t", REFERENTIEL))[
        "grand-quercy/donnees"]}
    assert after["financements.csv"] == before["financements.csv"]
    assert after["projets.csv"] == before["projets.csv"]
    requested = [line for line in before["financements.csv"].decode().splitlines()
                 if ",sollicite," in line or ",verse," in line]
    assert requested  # the example has requested and paid lines: none became « accordé »
    assert len(originals) > len(result.files)  # drafts stay drafts, untouched
