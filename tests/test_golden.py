"""Golden files: what each stage produces for the minimal territory (page plan, navigation,
open data, the body of pages with figures), compared byte for byte in a second, without MkDocs.

After an intended change, rewrite them and review the diff like code:
    MAJ_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.emit import front_matter, render_body
from generator.opendata import plan_exports
from generator.outputs import plan_site
from generator.pipeline import build
from generator.render.environment import make_environment
from tests.conftest import FIXTURES, REFERENTIEL

GOLDEN = Path(__file__).parent / "golden" / "minimal"
UPDATE = bool(os.environ.get("MAJ_GOLDEN"))
BODIES = ["vallee-test/projets/ecole-salviac.md", "vallee-test/contrats/cto.md",
          "vallee-test/projet-de-territoire.md", "vallee-test/index.md", "vallee-test/chiffres.md"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return build(FIXTURES / "minimal", "territories", REFERENTIEL)


def check(name: str, produced: str | bytes) -> None:
    data = produced.encode("utf-8") if isinstance(produced, str) else produced
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.is_file(), f"fichier de référence absent : {path} (MAJ_GOLDEN=1 pour le créer)"
    expected = path.read_bytes()
    if data != expected:
        pytest.fail(f"{name} a changé : si c'est voulu, relancez avec MAJ_GOLDEN=1 et relisez le "
                    f"diff.\n--- attendu\n{expected.decode()[:2000]}\n--- obtenu\n{data.decode()[:2000]}")


def test_page_plan(catalog: Catalog) -> None:
    env = make_environment()
    plan = plan_site(catalog, "https://exemple.org/", ["a-propos.md", "accessibilite.md"], env)
    pages = [{"path": s.path, "title": s.title, "body": s.body, "territory": s.territory,
              "searchable": s.searchable, "front_matter": front_matter(s, catalog, env)}
             for s in plan.pages]
    check("pages.json", json.dumps(pages, ensure_ascii=False, indent=1) + "\n")
    check("nav.json", json.dumps(plan.nav, ensure_ascii=False, indent=1) + "\n")
    check("extra.json", json.dumps(plan.extra, ensure_ascii=False, indent=1) + "\n")
    check("fichiers.txt", "\n".join(f.path for f in plan.files) + "\n")


@pytest.mark.parametrize("name", ["projets.csv", "financements.csv", "subventions-scdl.csv",
                                  "cumuls.csv", "donnees.json"])
def test_open_data(catalog: Catalog, name: str) -> None:
    exports = plan_exports(catalog, "https://exemple.org/")
    produced = next(f for f in exports["vallee-test/donnees"] if f.name == name)
    if name.endswith(".json"):
        # Published compact (one line); kept indented here so that a change reads as a diff.
        document = json.loads(produced.content)
        assert produced.content == json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                                              sort_keys=True).encode("utf-8")
        check(f"donnees/{name}", json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True))
        return
    check(f"donnees/{name}", produced.content)


@pytest.mark.parametrize("path", BODIES)
def test_page_body(catalog: Catalog, path: str) -> None:
    env = make_environment()
    spec = next(s for s in plan_site(catalog, "/", [], make_environment()).pages if s.path == path)
    check(f"pages/{path.replace('/', '__').removesuffix('.md')}.html", render_body(spec, env))
