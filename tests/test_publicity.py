"""Funders' publicity on the pages of what they fund: the EU emblem and « Cofinancé par l'Union
européenne » for European funds, the FEADER mention and link for LEADER, each funder's mention
and logo where configured."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.catalog import Catalog
from generator.emit import render_body
from generator.outputs import plan_site
from generator.pipeline import build
from generator.render.environment import make_environment
from tests.conftest import FIXTURES, write

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def _page(catalog: Catalog, path: str) -> str:
    env = make_environment()
    spec = next(s for s in plan_site(catalog, "/", [], env).pages if s.path == path)
    return render_body(spec, env)


def test_eu_funding_shows_the_emblem_and_mentions(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    (data / "medias").mkdir()
    (data / "medias/region.png").write_bytes(PNG)
    funders = (data / "financeurs.yml").read_text(encoding="utf-8")
    write(data, "financeurs.yml", funders.replace(
        "    type: region\n", "    type: region\n    logo: medias/region.png\n", 1))
    write(data, "vallee-test/projets/halle.yml", """
        titre: Halle
        resume: Une halle.
        statut: en_cours
        maitre_ouvrage: Commune de Salviac
        communes: ["46297"]
        financements:
          - {financeur: etat, dispositif: DETR, montant: 1000}
          - {financeur: region-occitanie, montant: 2000, statut: sollicité}
    """)
    catalog = build(data, "territories")
    leader = _page(catalog, "vallee-test/projets/chaufferie-cazals.md")  # FEADER – LEADER, paid
    assert 'aria-label="Emblème de l\'Union européenne"' in leader
    assert "Cofinancé par l'Union européenne" in leader
    assert "dans le cadre du programme LEADER" in leader and "rural-development_fr" in leader
    assert "Opération cofinancée par l'Union européenne (FEADER)." in leader  # its own mention
    plain = _page(catalog, "vallee-test/projets/halle.md")  # State only; the Région only asked
    assert "Emblème de l'Union européenne" not in plain and "Cofinancé par" not in plain
    assert "<strong>État</strong>" in plain and "region.png" not in plain
    ecole = _page(catalog, "vallee-test/projets/ecole-salviac.md")  # the Région granted
    assert '<img src="../../../medias/region.png" alt="Région Occitanie"' in ecole
    assert "medias/region.png" in {f.path for f in plan_site(catalog, "/", [], make_environment()).files}


def test_a_leader_contract_shows_the_emblem(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    write(data, "vallee-test/contrats/leader.yml", """
        type: leader
        nom: Programme LEADER
        periode: 2023-2027
        statut: en_cours
        perimetre: tout
    """)
    catalog = build(data, "territories")
    assert "Emblème de l'Union européenne" in _page(catalog, "vallee-test/contrats/leader.md")
    assert "Emblème de l'Union européenne" not in _page(catalog, "vallee-test/contrats/crte.md")
