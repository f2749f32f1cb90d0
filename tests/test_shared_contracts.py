"""A contract several territories sign (`partage_avec`): one file, shown and counted in each
territory that signs it, its projects citing it by its file name, and counted once in the
site's totals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import build
from tests.conftest import REFERENTIEL, messages, sharing_territories
from tests.sitecheck import mkdocs_build, site_config, visible_text


def test_a_shared_contract_is_counted_in_each_territory_and_once_for_the_site(
        tmp_path: Path) -> None:
    data = sharing_territories(tmp_path)
    assert [m for m in messages(data, REFERENTIEL) if "erreur" in m.lower()] == []
    catalog = build(data, "territories", REFERENTIEL)
    holder, partner = catalog.territories["vallee-test"], catalog.territories["autre-vallee"]
    assert "crte" in partner.data.contrats and partner.data.shared == {"crte": "vallee-test"}
    assert partner.by_contract["crte"].projects == ["maison-des-services"]
    assert holder.by_contract["crte"].projects == ["ecole-salviac"]
    assert catalog.signed_by(partner, "crte") == ["vallee-test", "autre-vallee"]
    together = catalog.shared_rollup(holder, "crte")
    assert together.projects == ["autre-vallee/maison-des-services", "vallee-test/ecole-salviac"]
    assert together.funding == holder.by_contract["crte"].funding + partner.by_contract["crte"].funding
    # The site counts each project once, whatever the contracts it belongs to.
    assert catalog.total.count == holder.total.count + partner.total.count
    # A programme of the holder lists its own projects: never the partner's of the same name.
    assert partner.contract_projects["crte"] == ["maison-des-services"]


def test_each_territory_shows_the_contract_with_its_projects(tmp_path: Path) -> None:
    data = sharing_territories(tmp_path)
    (data / "vallee-test/medias").mkdir()
    (data / "vallee-test/medias/convention.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    crte = data / "vallee-test/contrats/crte.yml"
    crte.write_text(crte.read_text(encoding="utf-8") + "documents:\n  - titre: Convention\n"
                    "    fichier: medias/convention.pdf\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(site_config(
        "Essai", f"      referentiel: {REFERENTIEL}\n"), encoding="utf-8")
    result = mkdocs_build(tmp_path, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    partner = visible_text(tmp_path / "site/autre-vallee/contrats/crte/index.html")
    assert "Contrat partagé entre" in partner and "Vallée de test" in partner
    assert "Maison des services de Cazals" in partner and "sur l'ensemble des territoires " \
        "signataires : 2 projets" in partner
    # The contract's files are published once, from the folder of the territory holding it.
    page = (tmp_path / "site/autre-vallee/contrats/crte/index.html").read_text(encoding="utf-8")
    assert 'href="../../../vallee-test/medias/convention.pdf"' in page
    assert (tmp_path / "site/vallee-test/medias/convention.pdf").is_file()
    assert not (tmp_path / "site/autre-vallee/medias").exists()
    holder = (tmp_path / "site/vallee-test/contrats/crte/index.html").read_text(encoding="utf-8")
    assert 'href="../../../autre-vallee/contrats/crte/"' in holder
    listing = visible_text(tmp_path / "site/autre-vallee/contrats/index.html")
    assert "CRTE de la Vallée de test" in listing and "partagé entre" in listing


@pytest.mark.parametrize(("sharing", "expected"), [
    ("[autre-valee]", "partage_avec[0] : le territoire « autre-valee » n'existe pas : aucun "
                      "dossier de territoire ne porte ce nom sur ce site. Vouliez-vous dire "
                      "« autre-vallee » ?"),
    ("[vallee-test]", "« vallee-test » est le territoire de ce fichier"),
])
def test_a_wrong_partner_is_said_in_the_contract_file(tmp_path: Path, sharing: str,
                                                      expected: str) -> None:
    data = sharing_territories(tmp_path, sharing)
    found = [m for m in messages(data, REFERENTIEL) if "contrats/crte.yml" in m]
    assert any(expected in m for m in found), found


def test_a_partner_with_a_contract_of_the_same_name_is_said(tmp_path: Path) -> None:
    data = sharing_territories(tmp_path)
    (data / "autre-vallee/contrats").mkdir()
    shutil.copy(data / "vallee-test/contrats/cto.yml", data / "autre-vallee/contrats/crte.yml")
    found = [m for m in messages(data, REFERENTIEL) if "vallee-test/contrats/crte.yml" in m]
    assert any("le territoire « autre-vallee » a déjà un contrat « crte »" in m for m in found), found
