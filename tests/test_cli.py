"""Command line: exit codes and complete error lists, as a member of staff runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, REFERENTIEL, REPO, write


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_example_is_valid() -> None:
    result = run("valider", "territories", "--strict")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Données valides : 3 territoire(s)")


def test_defaults_come_from_mkdocs_yml() -> None:
    result = run("valider")
    assert result.returncode == 0, result.stdout


TEN_MISTAKES = {
    "financeurs.yml": ("@@type: region\n@@type: regoin\n"),
    "vallee-test/territoire.yml": "@@code: \"46066\"@@code: 46066",
    "vallee-test/projet-de-territoire.yml": "@@niveaux: [orientation, axe]@@niveaux: [orientation]",
    "vallee-test/contrats/crte.yml": "@@statut: en_cours@@statut: suspendu",
    "vallee-test/contrats/cto.yml": "@@montant: 1 000 000 €@@montant: 1 M€",
    "vallee-test/projets/ecole-salviac.yml": "@@cout_total: 500000@@cout_total: 200000",
    "vallee-test/projets/chaufferie-cazals.yml": "@@thematiques: [energie@@thematique: [energie",
    "vallee-test/projets/sentier.yml": "@@statut: abandonne@@statut: abandonne\nstatut: realise",
}


def _mutate(root: Path, relative: str, change: str) -> None:
    _, old, new = change.split("@@")
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ten_mistakes_are_all_reported(data: Path) -> None:
    for relative, change in TEN_MISTAKES.items():
        _mutate(data, relative, change)
    write(data, "vallee-test/projets/vide.yml", "")
    write(data, "vallee-test/projets/tabulation.yml", "titre: x\n\tresume: y\n")
    result = run("valider", "territories", cwd=data.parent)
    lines = result.stdout.splitlines()
    located = [line for line in lines if re.match(r"^territories/[\w/.-]+\.yml:\d+:\d+: ", line)]
    assert result.returncode == 1
    assert len(located) == 10, result.stdout
    assert lines[-1] == "10 erreur(s) à corriger."
    assert "Traceback" not in result.stdout + result.stderr
    files = {line.split(":")[0] for line in located}
    assert len(files) == 10  # one mistake per file, every file named


def test_warnings_fail_only_with_strict(data: Path) -> None:
    _mutate(data, "vallee-test/projets/sentier.yml", '@@communes: ["46087"]@@communes: ["46042"]')
    assert run("valider", str(data), "--referentiel", str(REFERENTIEL)).returncode == 0
    strict = run("valider", str(data), "--referentiel", str(REFERENTIEL), "--strict")
    assert strict.returncode == 1
    assert "avertissement : communes[0]" in strict.stdout


def test_missing_folder_and_bad_reference(tmp_path: Path) -> None:
    missing = run("valider", str(tmp_path / "absent"))
    assert missing.returncode == 1
    assert "n'existe pas" in missing.stdout
    bad_ref = run("valider", str(EXAMPLE), "--referentiel", str(tmp_path))
    assert bad_ref.returncode == 2
    assert bad_ref.stderr.startswith("erreur de configuration : référentiel introuvable")


def test_schema_command(tmp_path: Path) -> None:
    result = run("schema", "--type", "contrat")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Contrat (contrats/<contrat>.yml)"
    written = run("schema", "--sortie", str(tmp_path))
    assert written.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "actualite.schema.json", "contrat-cadre.schema.json", "contrat.schema.json",
        "financeurs.schema.json", "projet-de-territoire.schema.json",
        "projet.schema.json", "site.schema.json", "territoire.schema.json"]
