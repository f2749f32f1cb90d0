"""`subventions-scdl.csv` is valid against the official SCDL « subventions » 2.1.1 schema
(../shared/ref/schemas), checked by frictionless plus the schema's custom checks; grants the
data cannot describe fully are left out and counted by reason."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from pathlib import Path

import frictionless
import pytest

from generator.models.fields import luhn_ok
from generator.opendata import plan_exports
from generator.pipeline import build
from tests.conftest import FIXTURES, REFERENTIEL, SHARED

SCHEMA = SHARED / "ref" / "schemas" / "scdl-subventions-2.1.1" / "schema.json"
BENEFICIARY = "21460296300016"  # a SIRET of the fixture, with a valid check digit
REGION = "20005379100014"
EUROPE = "13000614800014"


def custom_problems(rows: list[dict[str, str]]) -> list[str]:
    """The schema's custom checks: « french-siret-value » on both SIRET columns and
    « one-of-required » between idBeneficiaire and rnaBeneficiaire."""
    problems = []
    for number, row in enumerate(rows, start=2):
        for column in ("idAttribuant", "idBeneficiaire"):
            if row[column] and not luhn_ok(row[column]):
                problems.append(f"ligne {number} : {column} {row[column]} n'est pas un SIRET")
        if not (row["idBeneficiaire"] or row["rnaBeneficiaire"]):
            problems.append(f"ligne {number} : ni idBeneficiaire ni rnaBeneficiaire")
    return problems


def _validate(content: bytes, tmp_path: Path) -> tuple[frictionless.Report, list[dict[str, str]]]:
    path = tmp_path / "subventions-scdl.csv"
    path.write_bytes(content)
    # The official file, as published; read here and handed over as a descriptor (frictionless
    # refuses a path outside the resource's folder).
    schema = frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    report = frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    return report, list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def scdl(tmp_path: Path) -> frictionless.Report:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    funders = data / "financeurs.yml"
    text = funders.read_text(encoding="utf-8")
    text = text.replace("    type: region\n", f'    type: region\n    siret: "{REGION}"\n')
    text = text.replace("    type: union-europeenne\n",
                        f'    type: union-europeenne\n    siret: "{EUROPE}"\n')
    funders.write_text(text, encoding="utf-8")
    school = data / "vallee-test/projets/ecole-salviac.yml"
    school.write_text(school.read_text(encoding="utf-8").replace(
        "maitre_ouvrage:\n  nom: Commune de Salviac\n",
        f'maitre_ouvrage:\n  nom: Commune de Salviac\n  siret: "{BENEFICIARY}"\n').replace(
        "  - financeur: region-occitanie\n    montant: 100000\n",
        "  - financeur: region-occitanie\n    montant: 100000\n    date_decision: 2022-03-15\n"
        "    statut: verse\n    date_versement: 2023-07\n"), encoding="utf-8")
    boiler = data / "vallee-test/projets/chaufferie-cazals.yml"
    boiler.write_text(boiler.read_text(encoding="utf-8").replace(
        "maitre_ouvrage:\n  nom: Commune de Cazals\n",
        "maitre_ouvrage:\n  nom: Foyer rural de Cazals\n  rna: W461000123\n").replace(
        "    statut: verse\n", "    statut: verse\n    date_decision: 2023-05-02\n"
        "    date_versement: 2023-09-10\n"), encoding="utf-8")
    catalog = build(data, "territories", REFERENTIEL)
    exported = {f.name: f for f in plan_exports(catalog)["donnees"]}["subventions-scdl.csv"]
    report, rows = _validate(exported.content, tmp_path)
    return report, rows, exported.description  # type: ignore[return-value]


def test_the_file_is_valid_against_the_official_schema(scdl: tuple[object, ...]) -> None:
    report, rows, _ = scdl
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])  # type: ignore[attr-defined]
    assert custom_problems(rows) == []  # type: ignore[arg-type]
    assert len(rows) == 2  # type: ignore[arg-type]


def test_each_column_says_what_the_data_says(scdl: tuple[object, ...]) -> None:
    _, rows, _ = scdl
    by_funder = {r["idAttribuant"]: r for r in rows}  # type: ignore[attr-defined]
    region, europe = by_funder[REGION], by_funder[EUROPE]
    assert (region["idBeneficiaire"], region["rnaBeneficiaire"]) == (BENEFICIARY, "")
    assert (europe["idBeneficiaire"], europe["rnaBeneficiaire"]) == ("", "W461000123")
    # A month of payment is that month's period; a day is that day. Never the project's dates.
    assert region["datesPeriodeVersement"] == "2023-07-01/2023-07-31"
    assert europe["datesPeriodeVersement"] == "2023-09-10"
    assert (region["notificationUE"], europe["notificationUE"]) == ("non", "oui")


def test_grants_that_cannot_be_valid_are_counted_by_reason(scdl: tuple[object, ...]) -> None:
    _, _, description = scdl
    # The État has no SIRET in the fixture: its two grants are left out, and said so.
    assert "financeur sans SIRET (financeurs.yml : siret) : 2" in str(description)
    assert "financements.csv" in str(description)


def test_the_checks_catch_what_the_schema_forbids(tmp_path: Path) -> None:
    header = ("nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,"
              "idBeneficiaire,rnaBeneficiaire,objet,montant,nature,conditionsVersement,"
              "datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention,dispositifAide\n")
    row = textwrap.dedent(f"""\
        Région,{REGION},2022-03-15,,Commune,,,Projet,100,aide en numéraire,unique,2022-13,,peut-être,1,
        """)
    report, rows = _validate((header + row).encode("utf-8"), tmp_path)
    assert not report.valid
    types = {error.type for error in report.tasks[0].errors}
    assert "constraint-error" in types or "type-error" in types
    assert custom_problems(rows) == ["ligne 2 : ni idBeneficiaire ni rnaBeneficiaire"]


PROJETS_TERRITOIRE = SHARED / "ref" / "schemas" / "projets-territoire-0.1.0" / "schema.json"


def test_the_shared_project_schema_export_is_valid_and_stable(tmp_path: Path) -> None:
    """projets-territoire 0.1.0 (betagouv), checked by frictionless against the official file."""
    from tests.conftest import EXAMPLE

    catalog = build(EXAMPLE, "territories", REFERENTIEL)
    exported = {f.name: f for f in plan_exports(catalog)["donnees"]}["projets-territoire.csv"]
    path = tmp_path / "projets-territoire.csv"
    path.write_bytes(exported.content)
    schema = frictionless.Schema.from_descriptor(
        json.loads(PROJETS_TERRITOIRE.read_text(encoding="utf-8")))
    report = frictionless.Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8"))))
    assert len(rows) == sum(len(t.projects) for t in catalog.territories.values())
    assert len({r["id"] for r in rows}) == len(rows)  # the primary key
    centre = next(r for r in rows if r["nom"].startswith("Construction d'un accueil de loisirs"))
    assert (centre["phase"], centre["phaseStatut"]) == ("Opération", "En cours")
    assert centre["programme"] == "Contrat pour la réussite de la transition écologique (CRTE)"
    assert (centre["budgetPrevisionnel"], centre["dateDebutPrevisionnelle"]) == ("520000",
                                                                                 "2024-10-07")
    vaylats = next(r for r in rows if r["nom"] == "Chaufferie à Vaylats")
    assert vaylats["budgetPrevisionnel"] == ""  # an unknown cost is never a zero
    again = {f.name: f for f in plan_exports(build(EXAMPLE, "territories", REFERENTIEL))[
        "donnees"]}["projets-territoire.csv"]
    assert again.content == exported.content  # same ids, same dates: same file


def test_harvesters_find_every_file_with_its_schema(tmp_path: Path) -> None:
    """datapackage.json validates with frictionless (each CSV against its columns, the two
    official schemas read from ../shared); the DCAT-AP catalogue lists every file with its
    download address, licence and schema."""
    from tests.conftest import EXAMPLE

    catalog = build(EXAMPLE, "territories", REFERENTIEL)
    for folder, files in plan_exports(catalog, "https://exemple.org/").items():
        by_name = {f.name: f for f in files}
        target = tmp_path / folder
        target.mkdir(parents=True)
        for f in files:
            (target / f.name).write_bytes(f.content)
        package = json.loads(by_name["datapackage.json"].content)
        described = {r["path"] for r in package["resources"]}
        assert described == set(by_name) - {"datapackage.json", "catalogue-dcat.jsonld"}
        official = {"subventions-scdl.csv": SCHEMA, "projets-territoire.csv": PROJETS_TERRITOIRE}
        for resource in package["resources"]:
            if not resource["path"].endswith(".csv"):
                json.loads((target / resource["path"]).read_bytes())  # JSON, GeoJSON: they parse
                continue
            if resource["path"] in official:  # the official file, read here (no network)
                schema = frictionless.Schema.from_descriptor(json.loads(
                    official[resource["path"]].read_text(encoding="utf-8")))
                checked = frictionless.Resource(path=resource["path"], basepath=str(target),
                                                schema=schema)
            else:
                checked = frictionless.Resource(resource, basepath=str(target))
            report = checked.validate()
            assert report.valid, (folder, resource["path"], report.flatten(
                ["rowNumber", "fieldName", "type", "note"]))
        projects = next(r for r in package["resources"] if r["path"] == "projets.csv")
        types = {f["name"]: f["type"] for f in projects["schema"]["fields"]}
        assert types["communes_insee"] == "string" and types["cout_total"] in ("integer", "number")
        dcat = json.loads(by_name["catalogue-dcat.jsonld"].content)
        assert dcat["@type"] == "dcat:Catalog"
        (dataset,) = dcat["dcat:dataset"]
        downloads = {d["dcat:downloadURL"]: d for d in dataset["dcat:distribution"]}
        for name in described:
            assert f"https://exemple.org/{folder}/{name}" in downloads
        scdl = downloads[f"https://exemple.org/{folder}/subventions-scdl.csv"]
        assert scdl["dct:conformsTo"]["@id"].endswith("/scdl/subventions/2.1.1/schema.json")
        assert scdl["dct:license"] == catalog.dataset.site.licence_url
