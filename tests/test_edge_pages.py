"""Pages built from unusual but valid data: nothing breaks, nothing shows "None"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, write
from tests.sitecheck import html_pages, mkdocs_build, parse, site_config, visible_text

MKDOCS = site_config("Limites")
LONG_TITLE = ("Réhabilitation complète, extension et mise en accessibilité de l'ancienne école "
              "communale pour y installer la maison des services au public, la médiathèque "
              "intercommunale et un espace de travail partagé")[:200]
TWELVE = [f"463{n:02d}" for n in range(1, 13)]


def _site(root: Path, projects: int = 0) -> Path:
    shutil.copytree(FIXTURES / "minimal", root / "territories")
    (root / "content").mkdir()
    (root / "content" / "mentions-legales.md").write_text("# Mentions légales\n\nÉditeur : test.\n")
    (root / "mkdocs.yml").write_text(MKDOCS)
    communes = "".join(f'      - code: "{code}"\n        nom: Commune {i}\n'
                       for i, code in enumerate(TWELVE, start=1))
    territory = root / "territories/vallee-test/territoire.yml"
    epci = f'  - siren: "200023737"\n    nom: CA du Grand Cahors\n    communes:\n{communes}'
    text = territory.read_text(encoding="utf-8")
    territory.write_text(text.replace("contacts:", f"{epci}contacts:"))
    for index in range(projects):
        write(root / "territories", f"vallee-test/projets/genere-{index:05d}.yml", f"""
            titre: Projet généré {index}
            resume: Projet de volume pour mesurer le poids des pages.
            statut: en_cours
            maitre_ouvrage: Commune de Cazals
            communes: ["46066"]
            thematiques: [mobilite]
            contrats: [crte]
            cout_total: {1000 + index}
            financements:
              - financeur: etat
                montant: 500
        """)
    return root


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _site(tmp_path_factory.mktemp("limites"))
    data = root / "territories"
    write(data, "vallee-test/projets/titre-long.yml", f"""
        titre: "{LONG_TITLE}"
        resume: Un titre de deux cents caractères.
        statut: a_venir
        maitre_ouvrage: Commune de Salviac
        communes: ["46297"]
    """)
    write(data, "vallee-test/projets/zero-euro.yml", """
        titre: Chantier participatif
        resume: Réalisé par des bénévoles, sans dépense.
        statut: realise
        maitre_ouvrage: Association des amis de Cazals
        communes: ["46066"]
        dates: {debut: 2023-05-01, fin: 2023-06-01}
        cout_total: 0
    """)
    write(data, "vallee-test/projets/cent-pour-cent.yml", """
        titre: Étude financée en totalité
        resume: Une étude prise en charge entièrement par l'État.
        statut: en_cours
        maitre_ouvrage: PETR
        communes: ["46066"]
        cout_total: 40000
        financements:
          - financeur: etat
            montant: 40 000 €
    """)
    write(data, "vallee-test/projets/douze-communes.yml", f"""
        titre: Schéma cyclable
        resume: Un itinéraire qui traverse douze communes.
        statut: en_cours
        maitre_ouvrage: CA du Grand Cahors
        communes: {TWELVE}
    """)
    write(data, "vallee-test/contrats/pvd.yml", """
        type: petites-villes-de-demain
        nom: Petites Villes de Demain — Salviac
        periode: 2021-2026
        statut: en_cours
        perimetre:
          communes: ["46297"]
    """)
    write(data, "sans-contrat/territoire.yml", """
        nom: Territoire sans contrat
        type: pays
        region: Occitanie
        presentation: Un territoire qui commence.
        communes:
          - code: "46042"
            nom: Cahors
    """)
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_edge_pages_exist_and_show_no_missing_value(edges: Path) -> None:
    for path in ["vallee-test/projets/titre-long", "vallee-test/projets/zero-euro",
                 "vallee-test/projets/cent-pour-cent", "vallee-test/projets/douze-communes",
                 "vallee-test/contrats/pvd", "sans-contrat", "sans-contrat/contrats",
                 "sans-contrat/projets", "mentions-legales"]:
        assert (edges / path / "index.html").is_file(), path
    for html in html_pages(edges):
        assert not re.search(r"\b(None|nan|undefined)\b", visible_text(html)), html
        assert all(parse(html).headings), html


def test_edge_values_read_well(edges: Path) -> None:
    nnbsp = "\u202f"
    zero = page(edges, "vallee-test/projets/zero-euro")
    assert f"<dd>0{nnbsp}€</dd>" in zero  # « HT » only when the data says so (montants: HT)
    assert f"Ce projet n'a entraîné aucune dépense (coût total : 0{nnbsp}€)." in zero.replace("&#39;", "'")
    full = page(edges, "vallee-test/projets/cent-pour-cent")
    assert f'<td data-label="Part du coût total" class="to-montant">100{nnbsp}%</td>' in full
    # Fully covered by its lines: no invented autofinancement, nothing left to explain.
    assert "Autofinancement" not in full and "Reste à financer" not in full
    twelve = page(edges, "vallee-test/projets/douze-communes")
    assert all(f"Commune {i}" in twelve for i in range(1, 13))
    assert "Aucun projet publié n'est encore rattaché à ce contrat" in page(edges, "vallee-test/contrats/pvd")
    assert "Aucun contrat n'est encore publié pour ce territoire" in page(edges, "sans-contrat/contrats")
    empty = page(edges, "sans-contrat/projets")
    assert "Aucun projet n'est encore publié pour ce territoire. Chaque projet financé" in empty
    assert "Aucun projet pour le moment" not in empty
    assert LONG_TITLE.replace("'", "&#39;") in page(edges, "vallee-test/projets/titre-long")


def test_project_page_weight_does_not_grow_with_the_site(tmp_path: Path) -> None:
    sizes = {}
    for count in (5, 300):
        root = _site(tmp_path / str(count), projects=count)
        assert mkdocs_build(root, root / "site").returncode == 0
        sizes[count] = (root / "site/vallee-test/projets/genere-00001/index.html").stat().st_size
    assert sizes[300] <= 30_000
    assert sizes[300] == sizes[5]
