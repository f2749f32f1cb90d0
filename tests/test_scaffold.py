"""`territoire-ouvert nouveau`: a territory from three EPCI, two projects and a contract, filled
in as staff would, build with --strict; nothing is overwritten without --force."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, REFERENTIEL
from tests.sitecheck import mkdocs_build, site_config

EPCI = ["200035327", "200023737", "244600433"]  # Cazals-Salviac, Grand Cahors, Vallée du Lot


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=root,
                          capture_output=True, text=True, timeout=300)


def _fill(path: Path, replacements: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_from_an_empty_folder_to_a_strict_build(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    data.mkdir()
    for name in ("financeurs.yml", "site.yml"):
        shutil.copy(FIXTURES / "minimal" / name, data / name)
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(site_config(
        "Nouveau", f"      referentiel: {REFERENTIEL}\n"))
    made = cli(tmp_path, "nouveau", "territoire", "pays-du-lot", "--epci", *EPCI,
               "--nom", "Pays du Lot")
    assert made.returncode == 0, made.stderr
    territory = data / "pays-du-lot/territoire.yml"
    assert territory.read_text(encoding="utf-8").count("      - {code:") == 36 + 14 + 28
    assert cli(tmp_path, "nouveau", "contrat", "pays-du-lot", "crte", "CRTE du Pays du Lot",
               "--periode", "2021-2026").returncode == 0
    for title in ("Maison de santé de Cazals", "Voie verte de la vallée"):
        assert cli(tmp_path, "nouveau", "projet", "pays-du-lot", title).returncode == 0
    # Placeholders are refused in what is published: the new territory must be written.
    refused = cli(tmp_path, "valider", "--strict")
    assert refused.returncode == 1 and "texte provisoire « À compléter »" in refused.stdout
    _fill(territory, {"À compléter : qui vous êtes, vos communes, vos missions et votre projet "
                      "de territoire.": "Le Pays du Lot réunit trois intercommunalités."})
    project = data / "pays-du-lot/projets/maison-de-sante-de-cazals.yml"
    _fill(project, {'resume: "À compléter : une ou deux phrases sur le projet."':
                    "resume: Une maison de santé pluriprofessionnelle.",
                    "publication: brouillon": "publication: publié",
                    "maitre_ouvrage: À compléter": "maitre_ouvrage: Commune de Cazals",
                    "# contrats: [{contrat: crte-du-pays-du-lot, annee: 2026}]":
                    "contrats: [{contrat: crte-du-pays-du-lot, annee: 2023}]"})
    # The accessibility statement needs a contact that exists: said, then written.
    refused = cli(tmp_path, "valider", "--strict")
    assert refused.returncode == 1
    assert "aucun contact pour signaler un défaut d'accessibilité" in refused.stdout
    _fill(territory, {"# contacts:": "contacts:", "#   - role: Accueil": "  - role: Accueil",
                      "#     email: contact@exemple.fr": "    email: contact@exemple.fr"})
    assert cli(tmp_path, "valider", "--strict").returncode == 0
    result = mkdocs_build(tmp_path, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/pays-du-lot/projets/maison-de-sante-de-cazals/index.html")
    assert "CRTE du Pays du Lot" in page.read_text(encoding="utf-8")
    assert not (tmp_path / "site/pays-du-lot/projets/voie-verte-de-la-vallee").exists()  # a draft


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    (tmp_path / "mkdocs.yml").write_text(site_config("Nouveau"))
    first = cli(tmp_path, "nouveau", "projet", "vallee-test", "Halle")
    assert first.returncode == 0, first.stderr
    path = data / "vallee-test/projets/halle.yml"
    path.write_text("travail en cours\n", encoding="utf-8")
    again = cli(tmp_path, "nouveau", "projet", "vallee-test", "Halle")
    assert again.returncode == 2 and "existe déjà : rien n'a été écrit" in again.stderr
    assert path.read_text(encoding="utf-8") == "travail en cours\n"
    assert cli(tmp_path, "nouveau", "projet", "vallee-test", "Halle", "--force").returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "o1 : Vivre ensemble" in text and "crte : CRTE de la Vallée de test" in text
    assert "etat : État" in text  # the ids that exist, in comments


def test_unknown_names_are_said_in_french(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    (tmp_path / "mkdocs.yml").write_text(site_config("Nouveau", f"      referentiel: {REFERENTIEL}\n"))
    wrong = cli(tmp_path, "nouveau", "territoire", "autre", "--epci", "123456789")
    assert wrong.returncode == 2 and "aucun EPCI n'a le SIREN « 123456789 »" in wrong.stderr
    missing = cli(tmp_path, "nouveau", "projet", "absent", "Halle")
    assert missing.returncode == 2 and "le territoire « absent » n'existe pas" in missing.stderr
