"""A territory whose every text field is hostile: pages, listing filters and search show the
text literally and run no script."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import FIXTURES, write
from tests.sitecheck import mkdocs_build, serve, site_config

PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    "<script>window.__xss=1</script>",
    '"><svg onload=window.__xss=1>',
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${window.__xss=1}",
    "[clic](javascript:window.__xss=1) <iframe src=javascript:window.__xss=1></iframe>",
    '=HYPERLINK("http://example.org/x","clic")',
]
HOSTILE = " ".join(PAYLOADS)
# Titles are limited to 200 characters: the main payloads, in short.
SHORT = '<img src=x onerror="window.__xss=1"> {{ 7*7 }} <script>window.__xss=1</script> =HYPERLINK("x")'

MKDOCS = site_config("Hostile")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def y(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is valid YAML


def _hostile_site(root: Path) -> Path:
    data = root / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    h = y(HOSTILE)
    write(data, "financeurs.yml", f"""
        financeurs:
          - {{id: etat, nom: {h}, type: etat, dispositifs: [{h}], mention_obligatoire: {h}}}
    """)
    write(data, "vallee-test/territoire.yml", f"""
        nom: {h}
        type: petr
        region: Occitanie
        presentation: {h}
        epci:
          - siren: "200035327"
            nom: {h}
            communes:
              - {{code: "46297", nom: {h}}}
        gouvernance: [{{nom: {h}, role: {h}, composition: [{h}]}}]
        contacts: [{{role: {h}, email: accueil@example.org}}]
        chiffres_cles: [{{libelle: {h}, valeur: {h}, source: {h}}}]
        liens: [{{titre: {h}, url: "https://example.org/?q=%3Cscript%3E"}}]
    """)
    write(data, "vallee-test/projet-de-territoire.yml", f"""
        titre: {h}
        presentation: {h}
        niveaux: [{h}]
        elements: [{{id: o1, titre: {h}, description: {h}}}]
    """)
    write(data, "vallee-test/contrats/crte.yml", f"""
        type: crte
        nom: {h}
        description: {h}
        periode: 2021-2026
        statut: en_cours
        perimetre: tout
        signataires: [{h}]
        territoires_partenaires: [{h}]
        niveaux: [{h}]
        structure: [{{id: m1, titre: {h}, description: {h}}}]
        enveloppes: [{{financeur: etat, montant: 1000, libelle: {h}}}]
        programmes_operationnels: [{{annee: 2022, description: {h}, projets: [hostile]}}]
        documents: [{{titre: {h}, url: "https://example.org/doc.pdf"}}]
        contact: {{role: {h}}}
    """)
    for name in ("cto", "ecole-salviac", "chaufferie-cazals", "sentier", "projet-brouillon"):
        for folder in ("contrats", "projets"):
            (data / "vallee-test" / folder / f"{name}.yml").unlink(missing_ok=True)
    (data / "vallee-test/medias").mkdir()
    (data / "vallee-test/medias/photo.png").write_bytes(PNG)
    write(data, "vallee-test/projets/hostile.yml", f"""
        titre: {y(SHORT)}
        resume: {h}
        description: {h}
        statut: en_cours
        maitre_ouvrage: {{nom: {h}}}
        communes: ["46297"]
        thematiques: [{h}]
        orientations: [o1]
        contrats: [{{contrat: crte, mesure: m1, annee: 2022}}]
        cout_total: 10000
        financements: [{{financeur: etat, dispositif: {h}, montant: 5000, reference_decision: {h}}}]
        jalons: [{{date: 2022-05-01, titre: {h}, description: {h}}}]
        indicateurs: [{{nom: {h}, valeur: 3, unite: {h}}}]
        images: [{{fichier: medias/photo.png, alt: {h}, credit: {h}, legende: {h}}}]
        liens: [{{titre: {h}, url: "https://example.org/"}}]
    """)
    write(data, "vallee-test/projets/paisible.yml", """
        titre: Maison de santé
        resume: Un projet sans piège, pour que les filtres aient deux valeurs.
        statut: realise
        dates: {debut: 2021-01-01, fin: 2022-01-01}
        maitre_ouvrage: Commune
        communes: ["46297"]
        thematiques: [sante]
    """)
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS)
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(_hostile_site(tmp_path_factory.mktemp("hostile"))) as url:
        yield url


PAGES = ["", "vallee-test/", "vallee-test/projet-de-territoire/", "vallee-test/contrats/",
         "vallee-test/contrats/crte/", "vallee-test/projets/", "vallee-test/projets/hostile/"]


def _no_script_ran(page: Page) -> None:
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_shows_literally_and_runs_nothing(page: Page, hostile_url: str,
                                                       path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_url + path)
    page.wait_for_load_state("networkidle")
    _no_script_ran(page)
    assert dialogs == []
    text = page.locator("article").inner_text()
    assert '<img src=x onerror="window.__xss=1">' in text
    assert "{{ 7*7 }}" in text and "49" not in text.replace("2049", "")
    injected = page.evaluate("""() => [...document.querySelectorAll(
        'article script, article img[onerror], article iframe, article svg[onload]')]
        .filter(e => !(e.src || '').endsWith('/assets/territoires/filtres.js')).length""")
    assert injected == 0


def test_hostile_filters_and_search(page: Page, hostile_url: str) -> None:
    page.goto(hostile_url + "vallee-test/projets/")
    options = page.locator("#filtre-thematique option")
    hostile = next(i for i in range(options.count()) if "onerror" in options.nth(i).inner_text())
    assert '<img src=x onerror="window.__xss=1">' in options.nth(hostile).inner_text()
    page.select_option("#filtre-thematique", index=hostile)
    assert page.locator("#to-compte").inner_text() == "1 projet sur 2"
    _no_script_ran(page)
    page.goto(hostile_url + "recherche/?q=onerror")  # results carry the hostile titles
    page.wait_for_selector("#to-recherche-resultats li")
    _no_script_ran(page)
    results = page.locator("#to-recherche-resultats")
    assert "onerror" in results.inner_text()  # shown, as text
    assert results.locator("img, script, svg").count() == 0
