"""`territoire-ouvert valider --modifies`: only the territories git says have changed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import FIXTURES, REPO
from tests.sitecheck import site_config


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "PATH": "/usr/bin:/bin", "HOME": str(root)})


def _valider(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", "valider", *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def test_only_changed_territories_are_reported(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    shutil.copytree(data / "vallee-test", data / "autre")
    (data / "autre/territoire.yml").write_text(
        (data / "autre/territoire.yml").read_text(encoding="utf-8").replace("Vallée de test",
                                                                             "Autre vallée"))
    (tmp_path / "mkdocs.yml").write_text(site_config("Git"))
    (tmp_path / "content").mkdir()
    # An old error in « autre », committed, is not this change's business.
    (data / "autre/projets/sentier.yml").write_text("titre: [\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "départ")
    assert _valider(tmp_path, "--modifies").returncode == 0
    project = data / "vallee-test/projets/ecole-salviac.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("cout_total: 500000",
                                                                   "cout_total: beaucoup"))
    result = _valider(tmp_path, "--modifies")
    assert result.returncode == 1
    assert "territoires vérifiés : vallee-test" in result.stdout
    assert "vallee-test/projets/ecole-salviac.yml" in result.stdout
    assert "autre/projets/sentier.yml" not in result.stdout
    assert _valider(tmp_path).returncode == 1  # without --modifies, everything


def test_pre_commit_hook_runs_the_same_command() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "territoire-ouvert valider --modifies --strict"
    assert hook["files"] == "^territories/" and hook["pass_filenames"] is False
