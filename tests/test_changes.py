"""`territoire-ouvert changements <ref>`: what changed, for the reviewers of a merge request."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_modifies import _git


def test_summary_of_added_modified_and_removed(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "départ")
    ecole = data / "vallee-test/projets/ecole-salviac.yml"
    ecole.write_text(ecole.read_text(encoding="utf-8").replace("cout_total: 500000",
                                                               "cout_total: 550000")
                     .replace("    montant: 100000", "    montant: 120000\n    statut: versé"))
    sentier = (data / "vallee-test/projets/sentier.yml").read_text(encoding="utf-8")
    (data / "vallee-test/projets/halle.yml").write_text(
        sentier.replace("Sentier d'interprétation", "Halle couverte"), encoding="utf-8")
    (data / "vallee-test/projets/sentier.yml").unlink()
    (data / "vallee-test/projet-de-territoire.yml").write_text(
        (data / "vallee-test/projet-de-territoire.yml").read_text(encoding="utf-8"))
    result = subprocess.run([sys.executable, "-m", "generator.cli", "changements", "HEAD",
                             "--dossier", "territories"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("## Changements des données depuis HEAD")
    assert "**Projets ajoutés (1)**\n\n- « Halle couverte » (projets/halle.yml)" in text
    assert "**Projets retirés (1)**\n\n- « Sentier d'interprétation » (projets/sentier.yml)" in text
    assert ("`cout_total` : 500\u202f000\u202f€ → 550\u202f000\u202f€ ; `financements[1].montant` : "
            "100\u202f000\u202f€ → 120\u202f000\u202f€ ; `financements[1].statut` : accorde → verse") in text
    assert "- financements accordés : 370\u202f000\u202f€ → 390\u202f000\u202f€" in text


def test_an_unknown_reference_is_said_in_french(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "départ")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "changements", "pas-de-branche",
                             "--dossier", "territories"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and "la référence git « pas-de-branche » est introuvable" in result.stderr
