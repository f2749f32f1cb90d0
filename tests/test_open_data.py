"""Open data: exports of the example validate against their formats and equal the catalog."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.catalog import Catalog
from generator.opendata import ExportFile, plan_exports
from generator.opendata.catalog_json import donnees_schema, index_schema
from generator.opendata.geojson import SITE_PROPERTIES
from generator.opendata.tables import FORMULA_START, Column, csv_file, csv_join, csv_piece
from generator.pipeline import build
from tests.conftest import EXAMPLE, REFERENTIEL, REPO, SHARED, write
from tests.sitecheck import mkdocs_build, pagefind_records, visible_text

CONTOURS = SHARED / "geo" / "communes"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(EXAMPLE, "territories", REFERENTIEL, CONTOURS)


@pytest.fixture(scope="module")
def exports(catalog: Catalog) -> dict[str, dict[str, ExportFile]]:
    return {folder: {f.name: f for f in files}
            for folder, files in plan_exports(catalog, "https://exemple.org/").items()}


def rows(export: ExportFile) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export.content.decode("utf-8"))))


def test_row_counts_equal_the_catalog(catalog: Catalog, exports: dict[str, Any]) -> None:
    every = [e for t in catalog.territories.values() for e in t.projects.values()]
    site = exports["donnees"]
    assert len(rows(site["projets.csv"])) == len(every)
    assert len(rows(site["financements.csv"])) == sum(len(e.projet.financements) for e in every)
    for slug, t in catalog.territories.items():
        own = exports[f"{slug}/donnees"]
        assert [r["projet"] for r in rows(own["projets.csv"])] == list(t.projects)
    drafts = [p for t in catalog.territories.values() for p, m in t.data.projets.items()
              if not m.published]
    assert drafts
    for export in site.values():
        assert not any(d.encode() in export.content for d in drafts)


def test_csv_conventions(exports: dict[str, Any]) -> None:
    projets = exports["donnees"]["projets.csv"].content.decode("utf-8")
    header = projets.split("\n", 1)[0].split(",")
    assert header[:3] == ["territoire", "projet", "titre"] and header[-1] == "url"
    for row in rows(exports["donnees"]["projets.csv"]):
        for key in ("cout_total", "financement_accorde"):
            assert re.fullmatch(r"|\d+(\.\d+)?", row[key]), row[key]
        assert re.fullmatch(r"|\d{4}-\d{2}-\d{2}", row["date_debut"])
    assert exports["donnees"]["projets.csv"].content == plan_exports(
        build(EXAMPLE, "territories", REFERENTIEL, CONTOURS), "https://exemple.org/")[
        "donnees"][0].content  # stable order, byte for byte


def test_formulas_are_neutralised(data: Path) -> None:
    target = data / "vallee-test/projets/ecole-salviac.yml"
    target.write_text(target.read_text(encoding="utf-8").replace(
        "titre: Rénovation de l'école de Salviac", 'titre: "=HYPERLINK(\\"http://x\\")"'),
        encoding="utf-8")
    export = plan_exports(build(data, "territories"))["vallee-test/donnees"][0]
    row = next(r for r in rows(export) if r["projet"] == "ecole-salviac")
    assert row["titre"] == "'=HYPERLINK(\"http://x\")"
    assert row["cout_total"] == "500000"


def _cell_by_cell(columns: list[Column], rows: list[dict[str, str]], texts: set[str]
                  ) -> tuple[str, tuple[str, ...]]:
    """The CSV conventions said plainly, one cell at a time: what csv_file must write."""
    cells = [[("'" + v if c.name in texts and v.startswith(FORMULA_START) else v)
              for c in columns for v in [row.get(c.name, "")]] for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[c.name for c in columns], *cells])
    types = []
    for n, c in enumerate(columns):
        present = [row[n] for row in cells if row[n] != ""]
        if (re.search(r"siren|siret|insee|code|rna|^id|Id$|^id[A-Z]", c.name) or not present
                or any("\n" in v or re.match(r"-?0\d", v) for v in present)):
            types.append("string")
        elif all(re.fullmatch(r"-?\d+", v) for v in present):
            types.append("integer")
        elif all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in present):
            types.append("number")
        else:
            types.append("string")
    return out.getvalue(), tuple(types)


def test_csv_file_equals_the_cell_by_cell_conventions() -> None:
    """Every mix of values gives the bytes and types the conventions say: formulas made text,
    codes with leading zeros kept as text, a value over several lines never a number."""
    values = ["", "0", "12", "-3", "007", "-01", "1.5", "-2.25", "1.", ".5", "1e3", "=A1", "+33",
              "-", "@x", "\tx", "\rx", "a\n=b", "12\n", "3\n4", "texte", "« é »", "1 000"]
    columns = [Column("texte", ""), Column("montant", ""), Column("code_insee", ""),
               Column("autre", "")]
    texts = {"texte", "montant"}
    for first, second in itertools.product(values, repeat=2):
        for third in ("", "5", "x"):
            rows = [{"texte": first, "montant": second, "code_insee": third, "autre": second},
                    {"texte": second, "montant": third, "autre": first},
                    {"montant": first, "code_insee": second, "autre": third}]
            made = csv_file("t.csv", "", "", columns, rows, texts)
            assert (made.content.decode("utf-8"), made.types) == _cell_by_cell(
                columns, rows, texts), rows
    assert csv_file("t.csv", "", "", columns, [], texts).types == ("string",) * 4


def test_a_file_joined_from_pieces_is_the_file_written_at_once() -> None:
    """The whole site's tables are joined from each territory's piece, already written: the
    bytes and the columns' types are those of the table written in one go, whatever the cut."""
    values = ["", "0", "12", "-3", "007", "1.5", "=A1", "a\n=b", "12\n", "texte", "1 000"]
    columns = [Column("texte", ""), Column("montant", ""), Column("code_insee", "")]
    rows = [{"texte": a, "montant": b, "code_insee": c}
            for a, b, c in itertools.product(values, values[:6], ["", "5"])]
    whole = csv_file("t.csv", "", "", columns, rows, {"texte"})
    for size in (1, 7, 50, len(rows)):
        pieces = [csv_piece(columns, rows[n:n + size], {"texte"}) for n in range(0, len(rows), size)]
        for cut in (pieces, [csv_piece(columns, [], {"texte"}), *pieces]):
            joined = csv_join("t.csv", "", "", columns, cut)
            assert (joined.content, joined.types, joined.rows) == (whole.content, whole.types,
                                                                   whole.rows)
    numbers = [{"texte": "", "montant": m, "code_insee": ""} for m in ("", "3", "", "2.5")]
    assert csv_join("t.csv", "", "", columns, [csv_piece(columns, [row], set())
                                               for row in numbers]).types == (
        "string", "number", "string")


def test_scdl_file_follows_the_official_schema(exports: dict[str, Any], tmp_path: Path) -> None:
    """Checked by frictionless against the official schema (tests/test_scdl.py has rows of
    every kind); the example's maîtres d'ouvrage have no SIRET yet, which the file says."""
    from tests.test_scdl import _validate, custom_problems

    scdl = exports["donnees"]["subventions-scdl.csv"]
    header = scdl.content.decode("utf-8").split("\n", 1)[0].split(",")
    assert header == [c.name for c in scdl.columns]
    report, found = _validate(scdl.content, tmp_path)
    assert report.valid and custom_problems(found) == []
    assert "bénéficiaire sans SIRET ni RNA" in scdl.description


def _ring_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def _point_problems(coordinates: list[float]) -> list[str]:
    lon, lat = coordinates
    inside = -180 <= lon <= 180 and -90 <= lat <= 90 and lon < 20 and lat > 40
    return [] if inside else [f"point hors de France métropolitaine ou inversé : {lon}, {lat}"]


def _polygon_problems(polygon: list[list[list[float]]]) -> list[str]:
    problems = []
    for index, ring in enumerate(polygon):
        if len(ring) < 4 or ring[0] != ring[-1]:
            problems.append("anneau non fermé")
        elif (_ring_area(ring) > 0) != (index == 0):
            problems.append("anneau mal orienté")  # exterior counter-clockwise, holes clockwise
    return problems


def _geometry_problems(geometry: dict[str, Any]) -> list[str]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        return _point_problems(coordinates)
    if kind == "Polygon":
        return _polygon_problems(coordinates)
    if kind == "MultiPolygon":
        return [p for polygon in coordinates for p in _polygon_problems(polygon)]
    return [f"géométrie {kind}"]


def rfc7946_problems(document: dict[str, Any]) -> list[str]:
    problems = []
    if document.get("type") != "FeatureCollection" or "crs" in document:
        problems.append("pas une FeatureCollection RFC 7946")
    for feature in document.get("features", []):
        if feature.get("type") != "Feature" or not isinstance(feature.get("properties"), dict):
            problems.append("entité mal formée")
        problems += _geometry_problems(feature.get("geometry") or {})
    return problems


def test_geojson_follows_rfc_7946(catalog: Catalog, exports: dict[str, Any]) -> None:
    points = json.loads(exports["donnees"]["projets.geojson"].content)
    shapes = json.loads(exports["donnees"]["perimetres.geojson"].content)
    assert rfc7946_problems(points) == [] and rfc7946_problems(shapes) == []
    assert len(points["features"]) == sum(len(t.projects) for t in catalog.territories.values())
    assert len(shapes["features"]) == sum(len(t.data.contrats) for t in catalog.territories.values())
    # The site's points name their project; a territory's carry all of projets.csv.
    assert {tuple(f["properties"]) for f in points["features"]} == {SITE_PROPERTIES}
    for slug in catalog.territories:
        own = json.loads(exports[f"{slug}/donnees"]["projets.geojson"].content)["features"]
        header = exports[f"{slug}/donnees"]["projets.csv"].content.decode().splitlines()[0]
        # Every column but the funders the project has none from.
        assert all(set(f["properties"]) <= set(header.split(","))
                   and "resume" in f["properties"] for f in own)
    wrong = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
             "geometry": {"type": "Point", "coordinates": [44.4, 1.44]}}]}
    assert rfc7946_problems(wrong) == ["point hors de France métropolitaine ou inversé : 44.4, 1.44"]


def test_the_site_data_is_an_index_of_the_territories_files(catalog: Catalog,
                                                           exports: dict[str, Any]) -> None:
    index = json.loads(exports["donnees"]["donnees.json"].content)
    jsonschema.Draft202012Validator(index_schema()).validate(index)
    assert index["schema"] == "https://exemple.org/donnees/donnees-index.schema.json"
    assert "donnees-index.schema.json" in exports["donnees"]
    assert [t["id"] for t in index["territoires"]] == list(catalog.territories)
    for entry in index["territoires"]:
        assert entry["donnees"] == f"https://exemple.org/{entry['id']}/donnees/donnees.json"
        assert entry["fichiers"] == f"https://exemple.org/{entry['id']}/donnees/datapackage.json"
        assert "donnees.json" in exports[f"{entry['id']}/donnees"]
        assert entry["projets"] == len(catalog.territories[entry["id"]].projects)
    assert index["cumuls"]["financement_accorde"] == float(catalog.total.funding)
    # No copy of every territory: the index stays small whatever the site's size.
    assert len(exports["donnees"]["donnees.json"].content) < 20_000


def test_donnees_json_follows_its_schema(catalog: Catalog, exports: dict[str, Any]) -> None:
    territories = [json.loads(exports[f"{slug}/donnees"]["donnees.json"].content)
                   for slug in catalog.territories]
    for document in territories:
        jsonschema.Draft202012Validator(donnees_schema()).validate(document)
    document = {**territories[0], "territoires": [t for d in territories for t in d["territoires"]]}
    projects = [p for t in document["territoires"] for p in t["projets"]]
    assert len(projects) == sum(len(t.projects) for t in catalog.territories.values())
    assert all(p["fiche"]["notes_internes"] is None for p in projects)
    contacts = [c for t in document["territoires"] for c in t["territoire"]["contacts"]]
    assert all(c["nom"] is None for c in contacts if not c["publier_nom"])
    first = catalog.territories["grand-quercy"]
    exported = next(t for t in document["territoires"] if t["id"] == "grand-quercy")
    assert exported["cumuls"]["total"]["cout_total"] == float(first.total.cost)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(donnees_schema()).validate(
            {**document, "territoires": [{**exported, "projets": [{"id": "x", "fiche": {}}]}]})


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_export_import_export_round_trip(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(EXAMPLE, data)
    first = plan_exports(build(data, "t", REFERENTIEL))["grand-quercy/donnees"][0].content
    (tmp_path / "projets.csv").write_bytes(first)
    published = [line.split(",")[1] for line in first.decode().splitlines()[1:]]
    for slug in published:
        (data / "grand-quercy/projets" / f"{slug}.yml").unlink()
    result = cli("importer", str(tmp_path / "projets.csv"), "--territoire", "grand-quercy",
                 "--dossier", str(data), "--referentiel", str(REFERENTIEL))
    assert result.returncode == 0, result.stdout
    again = plan_exports(build(data, "t", REFERENTIEL))["grand-quercy/donnees"][0].content
    assert again == first


def test_import_reports_every_bad_row_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    write(tmp_path, "programme.csv", """
        projet,titre,resume,statut,maitre_ouvrage,communes_insee,cout_total,financement_etat,contrats
        halle-cazals,Halle,Rénovation de la halle,en_cours,Commune de Cazals,46066,10000,2000,crte/m1/2022
        piscine,Piscine,Couverture,fini,Commune,46066,,,
        stade,Stade,Vestiaires,en_cours,Commune,4606,,,
        voirie,Voirie,Chaussées,en_cours,Commune,46066,1000,5000,
        Salle des Fêtes,Salle,Toiture,en_cours,Commune,46066,,,
        ecole,École,Cour,en_cours,Commune,46066,,,crt//
    """)
    before = sorted(p.name for p in (data / "vallee-test/projets").iterdir())
    result = cli("importer", str(tmp_path / "programme.csv"), "--territoire", "vallee-test",
                 "--dossier", str(data), "--config", "absent.yml")
    assert result.returncode == 1
    located = [re.match(r".*programme\.csv:(\d+):(\d+): (\w+) : ", line)
               for line in result.stdout.splitlines()]
    assert [m.groups() for m in located if m] == [
        ("3", "4", "statut"), ("4", "6", "communes_insee"), ("5", "7", "cout_total"),
        ("6", "1", "projet"), ("7", "9", "contrats")]
    assert "5 erreur(s) à corriger." in result.stdout
    assert "Aucun fichier n'a été écrit." in result.stdout
    assert sorted(p.name for p in (data / "vallee-test/projets").iterdir()) == before


def test_exported_site_builds_without_the_plugin(tmp_path: Path, example_site: Path) -> None:
    plugin_site = example_site
    out = tmp_path / "export"
    result = cli("exporter", "--sortie", str(out))
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [] and config["hooks"] == ["recherche.py"]
    assert mkdocs_build(out, out / "site").returncode == 0
    # The same search as the plugin's: the hook built the Pagefind index of the same pages.
    assert sorted(str(r["url"]) for r in pagefind_records(out / "site")) == \
        sorted(str(r["url"]) for r in pagefind_records(plugin_site))

    def pages(site: Path) -> list[str]:
        return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))

    assert pages(out / "site") == pages(plugin_site)
    for name in ("projets.csv", "subventions-scdl.csv", "donnees.json"):
        assert (out / "site/donnees" / name).read_bytes() == (plugin_site / "donnees" / name).read_bytes()
    # The source's theme settings and Markdown extensions are kept.
    assert config["theme"]["features"] == ["navigation.sections", "navigation.top"]
    assert "tables" in config["markdown_extensions"]
    # Every page reads the same: its visible text, page by page.
    for page in pages(plugin_site):
        exported, plugged = visible_text(out / "site" / page), visible_text(plugin_site / page)
        assert " ".join(exported.split()) == " ".join(plugged.split()), page
    # Every asset the plugin's site has, the exported one has.
    assets = {p.relative_to(plugin_site).as_posix() for p in plugin_site.rglob("*")
              if p.is_file() and "pagefind" not in p.parts}
    assert assets <= {p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*")}


def test_properdocs_builds_the_same_site(tmp_path: Path, example_site: Path) -> None:
    """ProperDocs, the maintained continuation of MkDocs 1.x, builds the example with the
    plugin unchanged: the same files, the same bytes but for the generator's name."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml",
                             "--strict", "--site-dir", str(tmp_path / "site")], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    ours = {p.relative_to(example_site).as_posix(): p for p in example_site.rglob("*")
            if p.is_file()}
    theirs = {p.relative_to(tmp_path / "site").as_posix(): p
              for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert ours.keys() == theirs.keys()
    different = [name for name, path in ours.items()
                 if generator.sub(b"", path.read_bytes()) != generator.sub(b"", theirs[name].read_bytes())]
    assert different == []


def test_the_sites_projects_csv_is_the_table_written_at_once(catalog: Catalog) -> None:
    """projets.csv joins each territory's rows already written, its funders' columns being the
    whole site's: the same bytes and types as the table written in one go, whatever the
    territories' funders and with cells that need quoting."""
    from generator import urls
    from generator.opendata import projects
    from generator.opendata.context import ExportContext

    base = "https://exemple.org/"
    territories = list(catalog.territories.values())
    ctx = ExportContext(catalog, territories, base)
    parts = [projects._part(ctx, t) for t in territories]
    funders = sorted({f for part in parts for f in part[0]})
    assert len(funders) > min(len(part[0]) for part in parts)  # some lack some funders
    columns = projects.PROJECT_COLUMNS + [Column(f"financement_{f}", "") for f in funders] + [
        projects.URL_COLUMN]
    every = [projects.project_row(t, e, base + urls.project_url(t.slug, e.slug))
             for t in territories for e in t.projects.values()]
    whole = csv_file("projets.csv", "", "", columns, every, projects.PROJECT_TEXTS)
    assert b'"' in whole.content  # quoted cells (commas, quotes, lines in a summary)
    empty: projects.Written = ([], [], parts[0][2], {})  # a territory without projects
    for cut in (parts, [empty, *parts, empty]):
        joined = projects._join(ctx, cut)
        assert (joined.content, joined.types, joined.rows) == (whole.content, whole.types,
                                                               whole.rows)
        assert [c.name for c in joined.columns] == [c.name for c in columns]
