"""The publishing recipes (GitLab CI, GitHub Actions) run the Makefile's own commands: each
command they name exists and `make -n` accepts it (the commands themselves are run by the
rest of the suite: `make site` builds the example, `make valider` checks it)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from tests.conftest import REPO

RECIPES = {".gitlab-ci.yml": "script", ".github/workflows/site.yml": "run"}


def _commands(node: object, key: str) -> list[str]:
    if isinstance(node, dict):
        found = []
        for name, value in node.items():
            if name == key:
                found += value if isinstance(value, list) else [value]
            else:
                found += _commands(value, key)
        return found
    if isinstance(node, list):
        return [c for item in node for c in _commands(item, key)]
    return []


def test_recipes_use_the_makefile(tmp_path: Path) -> None:
    for name, key in RECIPES.items():
        recipe = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
        makes = [c for c in _commands(recipe, key) if str(c).startswith("make ")]
        assert {"make valider", "make site"} <= set(makes), name
        for command in makes:
            target = command.split()[1]
            dry = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
            assert dry.returncode == 0, (name, command, dry.stderr)


def test_gitlab_publishes_main_and_previews_merge_requests() -> None:
    recipe = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert recipe["pages"]["artifacts"]["paths"] == ["public"]
    assert "merge_request_event" in str(recipe["apercu"]["rules"])
    assert recipe["apercu"]["artifacts"]["expose_as"]


def test_github_publishes_main_and_keeps_a_preview() -> None:
    text = (REPO / ".github/workflows/site.yml").read_text(encoding="utf-8")
    assert "actions/deploy-pages" in text and "upload-artifact" in text
    assert re.search(r"if: github.ref == 'refs/heads/main'", text)


def test_the_makefile_validates_strictly() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "territoire-ouvert valider --strict" in makefile
