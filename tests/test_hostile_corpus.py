"""The hostile corpus: more than a hundred data sets written by an attacker or a clumsy staff
member. Each must end as a built site where nothing ran and nothing leaked, or as located
French errors: never a traceback, a crash, a command run, a script run or a lost file.

Cases that stop at validation run in-process through the same checking path as the build; the
injection cases build one real site with maps (MkDocs, Material, folium) and search every file
it wrote; the browser part visits every page of that site in Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import Page

from generator.catalog import build_catalog
from generator.emit import page_source
from generator.opendata import plan_exports
from generator.pipeline import Content, validate
from generator.plan import plan_nav, plan_pages
from generator.render.environment import make_environment
from tests.conftest import FIXTURES, SHARED, write
from tests.sitecheck import html_pages, mkdocs_build, pagefind_records, serve, site_config

P = "vallee-test/projets/"
T = "vallee-test/"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
LOCATED = re.compile(r"^(territories|content)/[^:]+:\d+:\d+: ")
ENGLISH = re.compile(r"Traceback|Error:|Exception|expected|found|could not|not allowed|while "
                     r"(scanning|parsing)|line \d+, column", re.IGNORECASE)
PROJECT = """\
titre: Halle
resume: Une halle couverte.
statut: en_cours
maitre_ouvrage: Commune de Salviac
communes: ["46297"]
"""


def y(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is valid YAML


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[Path], None]
    """Changes the project at the given root (territories/, content/ beside it)."""
    expect: str
    """A piece of the expected French message, or "" when the site must build."""


def _files(changes: dict[str, str | bytes]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for relative, content in changes.items():
            path = root / "territories" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return setup


def _project(extra: str, files: dict[str, str | bytes] | None = None) -> Callable[[Path], None]:
    return _files({P + "halle.yml": PROJECT + extra, **(files or {})})


def _symlink(link: str, target: str | Path, extra: Callable[[Path], None] | None = None
             ) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        if extra:
            extra(root)
        path = root / "territories" / link
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        path.symlink_to(target if isinstance(target, Path) else Path(target))
    return setup


def _content(name: str, text: str = "# Page\n") -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        write(root / "content", name, text)
    return setup


def _territory_copy(name: str, replace: tuple[str, str] | None = None) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        data = root / "territories"
        shutil.copytree(data / "vallee-test", data / name)
        if replace:
            path = data / name / "territoire.yml"
            path.write_text(path.read_text(encoding="utf-8").replace(*replace), encoding="utf-8")
    return setup


IMAGE = "images:\n  - fichier: {}\n    alt: Une image\n"
DOC = "documents:\n  - titre: Délibération\n    fichier: {}\n"

YAML_ABUSE = [
    Case("alias_bomb", _project("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))), "trop de valeurs"),
    Case("nested_brackets_100k", _project("x: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         "imbriqué sur plus de 40 niveaux"),
    Case("nested_braces_100k", _project("x: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n"),
         "imbriqué sur plus de 40 niveaux"),
    Case("nested_block_lists", _project("x:\n" + "".join("  " * i + "-\n" for i in range(200))),
         "imbriqué sur plus de 40 niveaux"),
    Case("file_too_large", _project("description: " + "x" * 1_100_000 + "\n"), "au-delà de la limite"),
    Case("not_utf8", _files({P + "halle.yml": (PROJECT + "description: café\n").encode("latin-1")}),
         "n'est pas enregistré en UTF-8"),
    Case("utf16", _files({P + "halle.yml": PROJECT.encode("utf-16")}), "UTF-8"),
    Case("nul_byte", _files({P + "halle.yml": (PROJECT + "description: a\x00b\n").encode()}),
         "caractère de contrôle"),
    Case("control_character", _project("description: a\x07b\n"), "caractère de contrôle"),
    Case("tab_indentation", _project("dates:\n\tdebut: 2024-01-01\n"), "tabulation"),
    Case("duplicate_key", _project("titre: Autre\n"), "en double"),
    Case("binary_tag", _project("description: !!binary aGVsbG8=\n"), "!!binary"),
    Case("python_object_tag", _project("description: !!python/object/apply:os.system [id]\n"),
         "n'est pas acceptée"),
    Case("python_name_tag", _project("description: !!python/name:os.system\n"), "n'est pas acceptée"),
    Case("local_tag", _project("description: !ENV HOME\n"), "n'est pas acceptée"),
    Case("set_tag", _project("thematiques: !!set {a, b}\n"), "n'est pas acceptée"),
    Case("omap_tag", _project("dates: !!omap [debut: 2024-01-01]\n"), "n'est pas acceptée"),
    Case("two_documents", _project("---\ntitre: B\n"), "plusieurs documents"),
    Case("empty_file", _files({P + "halle.yml": ""}), "le fichier est vide"),
    Case("comment_only", _files({P + "halle.yml": "# rien\n"}), "le fichier est vide"),
    Case("list_at_root", _files({P + "halle.yml": "- a\n- b\n"}), "pas une liste"),
    Case("text_at_root", _files({P + "halle.yml": "bonjour\n"}), "pas une liste ni un texte"),
    Case("unclosed_quote_at_end", _files({P + "halle.yml": PROJECT + 'description: "ouvert\n'}),
         "le fichier se termine avant"),
    Case("unclosed_bracket_at_end", _files({P + "halle.yml": PROJECT + "thematiques: [a, b\n"}),
         "le fichier se termine avant"),
    Case("huge_integer", _project("cout_total: " + "9" * 5000 + "\n"), "dépasse le plus grand montant"),
    Case("infinite_amount", _project("cout_total: .inf\n"), "l'infini"),
    Case("complex_key", _project("? [a, b]\n: valeur\n"), "clé"),
    Case("long_title", _files({P + "halle.yml": PROJECT.replace("titre: Halle", "titre: " + "H" * 300)}),
         "200 au plus"),
]

NAMES = [
    Case("territory_named_donnees", _territory_copy("donnees", ("Vallée de test", "Données")),
         "l'adresse /donnees/ est celle de la page des données ouvertes"),
    Case("territory_named_assets", _territory_copy("assets", ("Vallée de test", "Actifs")),
         "les styles et scripts du site"),
    Case("territory_named_search", _territory_copy("search", ("Vallée de test", "Recherche")),
         "l'index de recherche"),
    Case("territory_named_pagefind", _territory_copy("pagefind", ("Vallée de test", "PF")),
         "l'index de recherche"),
    Case("territory_named_recherche", _territory_copy("recherche", ("Vallée de test", "Rech")),
         "la page de recherche"),
    Case("handwritten_page_over_search", _content("recherche.md"), "réservé au site"),
    Case("territory_named_index", _territory_copy("index", ("Vallée de test", "Index")),
         "la page d'accueil du site"),
    Case("territory_over_handwritten_page", lambda root: (
        _content("accessibilite.md")(root),
        _territory_copy("accessibilite", ("Vallée de test", "Acc"))(root)),
         "déjà celle de la page content/accessibilite.md"),
    Case("territory_over_handwritten_folder", lambda root: (
        _content("a-propos/index.md")(root), _territory_copy("a-propos", ("Vallée de test", "AP"))(root)),
         "déjà celle de la page content/a-propos/index.md"),
    Case("territory_over_legal_page", _territory_copy("mentions-legales", ("Vallée de test", "ML")),
         "est celle de la page des mentions légales"),
    Case("handwritten_home_page", _content("index.md"), "la page d'accueil du site, générée"),
    Case("handwritten_readme_home", _content("README.md"), "la page d'accueil du site, générée"),
    Case("handwritten_page_in_site_data", _content("donnees/notes.md"), "réservé au site"),
    Case("handwritten_page_over_all_projects", _content("tous-les-projets.md"), "réservé au site"),
    Case("territory_named_like_all_projects", _territory_copy("tous-les-projets"),
         "la liste de tous les projets, par département"),
    Case("handwritten_page_over_territory", _content("vallee-test/index.md"),
         "déjà celle de la page content/vallee-test/index.md"),
    Case("project_named_index", _files({P + "index.yml": PROJECT}), "ne peut pas s'appeler « index.yml »"),
    Case("contract_named_index", lambda root: shutil.copy(
        root / "territories/vallee-test/contrats/crte.yml",
        root / "territories/vallee-test/contrats/index.yml"),
         "ne peut pas s'appeler « index.yml »"),
    Case("two_territories_same_name", _territory_copy("vallee-bis"), "porte déjà le nom"),
    Case("same_name_other_case", _territory_copy("vallee-ter", ("Vallée de test", "VALLÉE DE TEST")),
         "porte déjà le nom"),
    Case("hidden_territory", _territory_copy(".vallee-cachee", ("Vallée de test", "Cachée")),
         "commence par un point"),
    Case("uppercase_folder", _territory_copy("Vallee", ("Vallée de test", "Majuscules")), "sert d'adresse"),
    Case("folder_with_space", _territory_copy("vallée test", ("Vallée de test", "Espace")),
         "sert d'adresse"),
    Case("project_file_uppercase", _files({P + "Halle.yml": PROJECT}), "sert d'adresse"),
    Case("yml_and_yaml", _files({P + "halle.yml": PROJECT, P + "halle.yaml": PROJECT}), "deux fichiers"),
    Case("cyrillic_funder_reference", _project("financements:\n  - financeur: \u0435tat\n    montant: 10\n"),
         "CYRILLIC SMALL LETTER IE"),
    Case("cyrillic_contract_reference", _project("contrats: [cr\u0442e]\n"), "CYRILLIC"),
    Case("unknown_funder", _project("financements:\n  - financeur: ettat\n    montant: 10\n"),
         "Vouliez-vous dire « etat »"),
    Case("unknown_strategy_element", _project("orientations: [o99]\n"),
         "n'est pas dans projet-de-territoire"),
]

FILES = [
    Case("media_symlink_to_draft", _symlink("vallee-test/medias/plan.pdf", "../projets/projet-brouillon.yml",
                                            _project(DOC.format("medias/plan.pdf"))), "lien symbolique"),
    Case("media_symlink_outside", _symlink("vallee-test/medias/secret.jpg", Path("/etc/hostname"),
                                           _project(IMAGE.format("medias/secret.jpg"))),
         "pointe hors du dossier de données"),
    Case("media_symlink_loop", _symlink("vallee-test/medias/boucle.jpg", "boucle.jpg",
                                        _project(IMAGE.format("medias/boucle.jpg"))), "lien symbolique"),
    Case("media_folder_symlink", lambda root: (
        _project(IMAGE.format("medias/photo.png"))(root),
        (root / "elsewhere").mkdir(), (root / "elsewhere/photo.png").write_bytes(PNG),
        (root / "territories/vallee-test/medias").symlink_to(root / "elsewhere")),
         "pointe hors du dossier de données"),
    Case("media_hard_link_to_data", lambda root: (
        _project(DOC.format("medias/notes.txt"))(root),
        (root / "territories/vallee-test/medias").mkdir(),
        os.link(root / "territories/vallee-test/projets/projet-brouillon.yml",
                root / "territories/vallee-test/medias/notes.txt")),
         "un des fichiers de données du site"),
    Case("pdf_named_jpg", _project(IMAGE.format("medias/photo.jpg"),
                                   {T + "medias/photo.jpg": b"%PDF-1.4 pas une image"}),
         "n'est pas un fichier JPEG"),
    Case("html_named_pdf", _project(DOC.format("medias/doc.pdf"),
                                    {T + "medias/doc.pdf": "<html><script>alert(1)</script>"}),
         "n'est pas un fichier PDF"),
    Case("svg_named_png", _project(IMAGE.format("medias/logo.png"),
                                   {T + "medias/logo.png": "<svg onload=alert(1)></svg>"}),
         "n'est pas un fichier PNG"),
    Case("svg_refused", _project(IMAGE.format("medias/logo.svg"), {T + "medias/logo.svg": "<svg/>"}),
         "n'est pas un type de fichier accepté"),
    Case("html_refused", _project(DOC.format("medias/page.html"), {T + "medias/page.html": "<p>"}),
         "n'est pas un type de fichier accepté"),
    Case("yaml_as_document", _project(DOC.format("projets/projet-brouillon.yml")),
         "n'est pas un type de fichier accepté"),
    Case("media_outside_medias", _project(IMAGE.format("photo.png"), {T + "photo.png": PNG}),
         "n'est pas dans le dossier medias/"),
    Case("media_too_large", lambda root: (
        _project(DOC.format("medias/gros.pdf"))(root),
        (root / "territories/vallee-test/medias").mkdir(),
        _sparse(root / "territories/vallee-test/medias/gros.pdf", 25_000_000)),
         "au-delà de la limite de 20"),
    Case("media_is_folder", lambda root: (
        _project(IMAGE.format("medias/dossier.png"))(root),
        (root / "territories/vallee-test/medias/dossier.png").mkdir(parents=True)),
         "n'est pas un fichier ordinaire"),
    Case("media_fifo", lambda root: (
        _project(DOC.format("medias/tube.txt"))(root),
        (root / "territories/vallee-test/medias").mkdir(),
        os.mkfifo(root / "territories/vallee-test/medias/tube.txt")),
         "n'est pas un fichier ordinaire"),
    Case("media_absolute", _project(IMAGE.format("/etc/passwd")), "sort du dossier du territoire"),
    Case("media_parent", _project(IMAGE.format("../../secret.png")), "sort du dossier du territoire"),
    Case("media_file_url", _project(IMAGE.format("file:///etc/passwd")), "est une adresse web"),
    Case("media_data_url", _project(IMAGE.format("'data:image/png;base64,AAAA'")), "est une adresse web"),
    Case("media_backslash", _project(IMAGE.format("'medias\\\\..\\\\..\\\\x.png'")),
         "n'est pas un chemin de fichier"),
    Case("territory_folder_symlink", lambda root: (
        shutil.copytree(root / "territories/vallee-test", root / "ailleurs"),
        (root / "territories/lien").symlink_to(root / "ailleurs")), "lien symbolique"),
    Case("territoire_yml_self_link", _symlink("vallee-test/territoire.yml", "territoire.yml"),
         "lien symbolique"),
    Case("territoire_yml_link_inside", _symlink("vallee-test/territoire.yml", "projets/sentier.yml"),
         "lien symbolique"),
    Case("project_yml_link", _symlink(P + "copie.yml", "sentier.yml"), "lien symbolique"),
    Case("projects_folder_link", lambda root: (
        shutil.copytree(root / "territories/vallee-test/projets", root / "projets-ailleurs"),
        shutil.rmtree(root / "territories/vallee-test/projets"),
        (root / "territories/vallee-test/projets").symlink_to(root / "projets-ailleurs")),
         "lien symbolique"),
]

LINKS = [
    Case("javascript_link", _project('liens:\n  - titre: Clic\n    url: "javascript:alert(1)"\n'),
         "adresse web invalide"),
    Case("data_link", _project('liens:\n  - "data:text/html,<script>alert(1)</script>"\n'),
         "adresse web invalide"),
    Case("quote_in_link", _project('liens:\n  - \'https://example.org/"onmouseover="alert(1)\'\n'),
         "adresse web invalide"),
    Case("javascript_document", _project('documents:\n  - titre: Doc\n    url: "javascript:alert(1)"\n'),
         "adresse web invalide"),
    Case("javascript_tiles", _files({"site.yml": "nom: Site\ncarte:\n  tuiles: 'javascript:alert(1)'\n"}),
         "n'est pas une adresse de tuiles"),
    Case("http_tiles", _files({"site.yml": "nom: Site\ncarte:\n  tuiles: 'http://x.org/{z}/{x}/{y}.png'\n"}),
         "n'est pas une adresse de tuiles"),
    Case("script_in_email", _files({T + "territoire.yml": (FIXTURES / "minimal/vallee-test/territoire.yml")
                                    .read_text(encoding="utf-8").replace(
                                        "accueil@example.org", "'a\"><script>@x.fr'")}),
         "adresse e-mail invalide"),
    Case("bad_colour", _files({T + "territoire.yml": (FIXTURES / "minimal/vallee-test/territoire.yml")
                               .read_text(encoding="utf-8")
                               + "couleurs:\n  primaire: 'red;}</style><script>'\n"}),
         "couleur invalide"),
]


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(size)


CASES = YAML_ABUSE + NAMES + FILES + LINKS


def _project_root(tmp_path: Path) -> Path:
    root = tmp_path / "projet"
    shutil.copytree(FIXTURES / "minimal", root / "territories")
    (root / "content").mkdir()
    return root


def _render_everything(root: Path) -> list[str]:
    """The build without MkDocs: catalog, plan, every page and every export, rendered."""
    result = validate(root / "territories", "territories", None, Content(root / "content"))
    assert not result.issues.errors
    catalog = build_catalog(result.dataset)
    env = make_environment(None)
    exports = plan_exports(catalog)
    rendered = [page_source(spec, catalog, env) for spec in plan_pages(catalog, exports)]
    rendered += [e.content.decode("utf-8", "replace") for files in exports.values() for e in files]
    rendered.append(json.dumps(plan_nav(catalog, []), ensure_ascii=False))
    return rendered


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    root = _project_root(tmp_path)
    case.setup(root)
    result = validate(root / "territories", "territories", None, Content(root / "content"))
    problems = [i.format() for i in (result.issues.errors or result.issues.warnings)]
    if not case.expect:
        assert not result.issues.errors, problems
        _render_everything(root)
        return
    assert problems, "aucun message : le cas est passé sans erreur"
    assert any(case.expect in p for p in problems), problems
    for line in problems:
        assert LOCATED.match(line), line
        assert "\n" not in line and not ENGLISH.search(line.split(": ", 1)[1]), line


def test_corpus_is_large_enough() -> None:
    assert len(CASES) + len(INJECTION_CHECKS) * len(PAYLOADS) + len(OPERATIONS) >= 100
    assert len({c.name for c in CASES}) == len(CASES)


# --- Injection into every rendered text field, through a real build with maps ---------------

RAN = "RAN-7c1e"
PAYLOADS = {
    "html": '<img src=x onerror="window.__xss=1">',
    "script": "</script><script>window.__xss=1</script>",
    "title_breakout": "</title><script>window.__xss=2</script>",
    "svg": '"><svg onload=window.__xss=1>',
    "jinja_expr": "{{ 91919*3 }}",
    "jinja_command": "{{ cycler.__init__.__globals__.os.system('touch " + RAN + "') }}",
    "jinja_block": "{% raw %}{% for x in [1] %}boucle{% endfor %}",
    "jinja_comment": "{# caché #} visible",
    "template_literal": "`${window.__xss=1}`",
    "js_link": "[clic](javascript:window.__xss=1) [d](data:text/html,x)",
    "formula": '=HYPERLINK("http://example.org/x","clic")',
}
TITLE = " ".join(PAYLOADS[k] for k in ("html", "title_breakout", "jinja_expr", "jinja_command"))
assert len(TITLE) <= 200  # titles are limited to 200 characters
REST = " ".join(PAYLOADS.values())


def _hostile_data(data: Path) -> None:
    h, t = y(REST), y(TITLE)
    write(data, "financeurs.yml", f"""
        financeurs:
          - {{id: etat, nom: {t}, type: etat, dispositifs: [{h}], mention_obligatoire: {h}}}
    """)
    write(data, "site.yml", f"nom: {t}\ndescription: {h}\ndemonstration: true\n"
                            f"avertissement_demonstration: {h}\n"
                            f"types_contrats: [{{id: special, nom: {t}}}]\n"
                            f"thematiques: [{{id: piege, nom: {t}}}]\n")
    write(data, "vallee-test/territoire.yml", f"""
        nom: {t}
        nom_court: {t}
        type: petr
        region: Occitanie
        presentation: {h}
        epci:
          - siren: "200035327"
            nom: {t}
            communes:
              - {{code: "46297", nom: {t}}}
              - {{code: "46066", nom: {t}}}
        gouvernance: [{{nom: {h}, role: {h}, composition: [{h}]}}]
        contacts: [{{role: {h}, email: accueil@example.org, adresse: {h}}}]
        chiffres_cles: [{{libelle: {h}, valeur: {h}, source: {h}}}]
        liens: [{{titre: {h}, url: "https://example.org/?q=%3Cscript%3E"}}]
    """)
    write(data, "vallee-test/projet-de-territoire.yml", f"""
        titre: {t}
        presentation: {h}
        niveaux: [{t}]
        elements: [{{id: o1, titre: {t}, description: {h}}}]
    """)
    for name in ("crte", "cto"):
        (data / "vallee-test/contrats" / f"{name}.yml").unlink()
    write(data, "vallee-test/contrats/special.yml", f"""
        type: special
        nom: {t}
        description: {h}
        periode: 2021-2026
        statut: en_cours
        perimetre: tout
        signataires: [{t}]
        territoires_partenaires: [{h}]
        niveaux: [{t}]
        structure: [{{id: m1, titre: {t}, description: {h}}}]
        enveloppes: [{{financeur: etat, montant: 1000, libelle: {h}}}]
        programmes_operationnels: [{{annee: 2022, description: {h}, projets: [piege]}}]
        documents: [{{titre: {h}, url: "https://example.org/doc.pdf"}}]
        contact: {{role: {h}}}
    """)
    for name in ("ecole-salviac", "chaufferie-cazals", "sentier", "projet-brouillon"):
        (data / "vallee-test/projets" / f"{name}.yml").unlink()
    (data / "vallee-test/medias").mkdir()
    (data / "vallee-test/medias/photo.png").write_bytes(PNG)
    for slug, commune in (("piege", "46297"), ("second", "46066")):
        write(data, f"vallee-test/projets/{slug}.yml", f"""
            titre: {t}
            resume: {h}
            description: {h}
            statut: en_cours
            maitre_ouvrage: {{nom: {t}}}
            communes: ["{commune}"]
            thematiques: [{t}, piege]
            orientations: [o1]
            contrats: [{{contrat: special, mesure: m1, annee: 2022}}]
            cout_total: 10000
            financements: [{{financeur: etat, montant: 5000, reference_decision: {h},
                             date_decision: 2022-03-01}}]
            jalons: [{{date: 2022-05-01, titre: {t}, description: {h}}}]
            indicateurs: [{{nom: {t}, valeur: 3, unite: {t}}}]
            images: [{{fichier: medias/photo.png, alt: {t}, credit: {h}, legende: {h}}}]
            liens: [{{titre: {h}, url: "https://example.org/"}}]
        """)


    # News, the territory's and the site's: header and Markdown text hostile too.
    for folder, cited in (("vallee-test/actualites", "piege"), ("actualites", "vallee-test/piege")):
        (data / folder).mkdir(parents=True, exist_ok=True)
        (data / folder / "piege.md").write_text(
            f"---\ntitre: {t}\ndate: 2026-05-01\nauteur: {t}\nresume: {h}\n"
            f"etiquettes: [{t}, {h}]\nprojets: [{cited}]\n---\n\n{REST}\n\n## {REST}\n",
            encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(FIXTURES / "minimal", root / "territories")
    _hostile_data(root / "territories")
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(site_config(
        "Corpus hostile", f"      contours: {SHARED / 'geo' / 'communes'}\n",
        extra="site_url: https://corpus.example.org/\n"))
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert not (root / RAN).exists() and not Path(RAN).exists(), "une commande a été exécutée"
    assert "Traceback" not in result.stderr
    return root / "site"


def _outputs(site: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(site.rglob("*")):
        if path.relative_to(site).parts[0] == "assets":
            continue  # the theme's and our own static files: nothing from the data
        if path.suffix in {".html", ".json", ".csv", ".xml", ".geojson", ".js"} and path.is_file():
            yield path, path.read_text(encoding="utf-8", errors="replace")


def _inline_scripts(text: str) -> list[str]:
    """Scripts a browser runs, written in the page (JSON-LD is data, checked apart)."""
    return re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>(.*?)</script>",
                      text, re.S)


def _no_raw_markup(site: Path, payload: str) -> None:
    # In HTML, a payload is escaped text or gone (sanitised Markdown links): never markup.
    for path, text in _outputs(site):
        if path.suffix == ".html":
            assert payload not in text or "<" not in payload, path
            for danger in ("<img src=x onerror", "<script>window.__xss", "<svg onload",
                           'href="javascript:', 'href="data:'):
                assert danger not in text, (path, danger)


def _no_template_ran(site: Path, payload: str) -> None:
    pages = ""
    for path, text in _outputs(site):
        assert "275757" not in text, path  # {{ 91919*3 }} was computed
        pages += text if path.suffix == ".html" else ""
    # A block or a comment that a template engine ran would leave neither of these words.
    assert "endfor" in pages and "caché" in pages
    assert not (site.parent / RAN).exists() and not Path(RAN).exists()


def _shown_somewhere(site: Path, payload: str) -> None:
    # Shown as text: the words of the payload reach the pages, in order, whatever the escaping.
    words = [w for w in re.findall(r"[A-Za-zé]{4,}", payload)]
    pages = "".join(text for path, text in _outputs(site) if path.suffix == ".html")
    assert all(w in pages for w in words), words


def _scripts_inert(site: Path, payload: str) -> None:
    # Inline scripts (maps, search settings) hold no raw piece of the payload's syntax. JSON-LD
    # is data, never run: it must parse as JSON (nothing broke out of a string) and hold no
    # markup that could close its element.
    syntax = re.findall(r"(?:<|`\$\{|\$\{|\{\{|\{%|\{#)\s*\w+", payload)
    for path, text in _outputs(site):
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            json.loads(data)
            assert "<" not in data and "{{" not in data, path
        for script in _inline_scripts(text):
            assert payload not in script, path
            for part in syntax:
                assert part not in script, (path, part)


def _csv_neutral(site: Path, payload: str) -> None:
    # A spreadsheet never reads a cell of the exports as a formula.
    for path, text in _outputs(site):
        if path.suffix == ".csv":
            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    assert not (payload in cell and cell[:1] in ("=", "+", "-", "@")), (path, cell)


def _search_index_escaped(site: Path, payload: str) -> None:
    # Pagefind keeps the text of the pages: markup in the data reaches it as text (the page
    # showed it as text), and the search page writes it back as text. No address is made of it.
    for record in pagefind_records(site):
        url = str(record["url"])
        assert url.startswith("/") and "javascript:" not in url and "<" not in url, url


def _feeds_escaped(site: Path, payload: str) -> None:
    # Feeds are XML that parses; what they carry as HTML (the news text) is sanitised HTML.
    feeds = sorted(site.rglob("actualites/*.xml"))
    assert len(feeds) == 4  # RSS and Atom, the territory's and the site's
    rss_html = ("description", "{http://purl.org/rss/1.0/modules/content/}encoded")
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        root = ElementTree.fromstring(text)
        # What readers render as HTML: RSS descriptions and contents, Atom's html elements.
        carried = [e.text or "" for e in root.iter() if e.tag in rss_html
                   or (e.tag.startswith("{http://www.w3.org/2005/Atom}") and e.get("type") == "html")]
        assert carried, feed
        for value in carried:
            for danger in ("<img src=x onerror", "<script>window.__xss", "<svg onload",
                           'href="javascript:', 'href="data:'):
                assert danger not in value, (feed, danger)
        assert "275757" not in text


def _head_escaped(site: Path, payload: str) -> None:
    # <title>, meta and navigation: printed by the theme, which does not escape.
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        head = text.split("</head>", 1)[0]
        nav = "".join(re.findall(r'<nav class="md-nav.*?</nav>', text, re.S))
        for part in (head, nav):
            assert payload not in part or "<" not in payload, page
            assert "<img src" not in part and "<svg onload" not in part, page


INJECTION_CHECKS = [_no_raw_markup, _no_template_ran, _shown_somewhere, _scripts_inert,
                    _feeds_escaped,
                    _csv_neutral, _search_index_escaped, _head_escaped]


@pytest.mark.parametrize("check", INJECTION_CHECKS, ids=[c.__name__.strip("_") for c in INJECTION_CHECKS])
@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_injection_is_inert(hostile_site: Path, payload: str,
                            check: Callable[[Path, str], None]) -> None:
    check(hostile_site, PAYLOADS[payload])


def test_maps_carry_the_hostile_names(hostile_site: Path) -> None:
    base = (hostile_site / "assets/cartes/fond.js").read_text(encoding="utf-8")
    assert "L.map(" in base and "ToTexte" not in base  # folium's part: every token was filled
    geometry = json.loads((hostile_site / "assets/cartes/territoires/vallee-test.geojson")
                          .read_text(encoding="utf-8"))
    names = [str(f["properties"].get("nom", "")) for f in geometry["features"]]
    assert any("cycler.__init__.__globals__.os.system" in n for n in names)  # data, never run
    page = (hostile_site / "vallee-test/carte/index.html").read_text(encoding="utf-8")
    assert "data-donnees='" in page and "<script>window" not in page


def test_browser_visits_every_page(hostile_site: Path, page: Page) -> None:
    with serve(hostile_site) as url:
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for html in html_pages(hostile_site):
            path = html.relative_to(hostile_site).as_posix().removesuffix("index.html")
            page.goto(url + path)
            page.wait_for_load_state("load")
            page.evaluate("() => new Promise(r => setTimeout(r, 50))")
            assert page.evaluate("window.__xss") is None, path
            for marker in page.locator(".leaflet-marker-icon").all()[:3]:
                marker.click(force=True)  # popups and tooltips of the map
            assert page.evaluate("window.__xss") is None, path
        assert dialogs == []


# --- Operational faults ----------------------------------------------------------------------

def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _site_project(tmp_path: Path) -> Path:
    root = _project_root(tmp_path)
    (root / "mkdocs.yml").write_text(site_config("Exploitation"))
    (root / "README.md").write_text("à garder")
    return root


def op_export_into_project(root: Path) -> str:
    result = _cli("exporter", "--sortie", ".", cwd=root)
    assert (root / "territories/vallee-test/territoire.yml").exists() and (root / "README.md").exists()
    return result.stderr


def op_export_into_data(root: Path) -> str:
    result = _cli("exporter", "--sortie", "territories", cwd=root)
    assert (root / "territories/vallee-test/projets/sentier.yml").exists()
    return result.stderr


def op_export_into_content(root: Path) -> str:
    return _cli("exporter", "--sortie", "content/x", cwd=root).stderr


def op_export_non_empty(root: Path) -> str:
    (root.parent / "occupe").mkdir()
    (root.parent / "occupe/precieux.txt").write_text("x")
    result = _cli("exporter", "--sortie", "../occupe", cwd=root)
    assert (root.parent / "occupe/precieux.txt").exists()
    return result.stderr


def op_site_dir_under_a_file(root: Path) -> str:
    (root / "fichier").write_text("x")
    result = mkdocs_build(root, root / "fichier" / "site")
    assert result.returncode != 0
    return result.stderr + result.stdout


def op_disk_full(root: Path) -> str:
    code = ("import errno, sys, mkdocs.utils as u\n"
            "def full(*a, **k): raise OSError(errno.ENOSPC, 'No space left on device', 'site/x')\n"
            "u.write_file = full\n"
            "import mkdocs.structure.files as f; f.File.copy_file = lambda *a, **k: full()\n"
            "from mkdocs.__main__ import cli\nsys.argv = ['mkdocs', 'build']\ncli()\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    return result.stderr + result.stdout


def op_cache_is_a_file(root: Path) -> str:
    (root / ".cache").write_text("pas un dossier")
    (root / "mkdocs.yml").write_text(site_config(
        "Cache", f"      contours: {SHARED / 'geo' / 'communes'}\n"))
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr  # the cache only saves time
    return "ok"


def op_import_huge_cell(root: Path) -> str:
    (root / "programme.csv").write_text("projet,titre,resume,statut,maitre_ouvrage,communes_insee\n"
                                        "a,b," + "x" * 2_000_000 + ",en_cours,C,46297\n")
    return _cli("importer", "programme.csv", "--territoire", "vallee-test", cwd=root).stdout


def op_import_windows_1252(root: Path) -> str:
    (root / "programme.csv").write_bytes(
        "projet;titre;resume;statut;maitre_ouvrage;communes_insee\n"
        "halle;Halle;Salle des fêtes;en_cours;Commune;46297\n".encode("cp1252"))
    return _cli("importer", "programme.csv", "--territoire", "vallee-test", cwd=root).stdout


def op_valider_missing_folder(root: Path) -> str:
    return _cli("valider", "absent", cwd=root).stdout


OPERATIONS: dict[str, tuple[Callable[[Path], str], str]] = {
    "export_into_project": (op_export_into_project, "rien n'a été effacé"),
    "export_into_data": (op_export_into_data, "rien n'a été effacé"),
    "export_into_content": (op_export_into_content, "rien n'a été effacé"),
    "export_non_empty": (op_export_non_empty, "n'a pas été créé par « territoire-ouvert exporter »"),
    "site_dir_under_a_file": (op_site_dir_under_a_file, "Construction interrompue"),
    "disk_full": (op_disk_full, "le disque est plein"),
    "cache_is_a_file": (op_cache_is_a_file, "ok"),
    "import_huge_cell": (op_import_huge_cell, "programme.csv:2:"),
    "import_windows_1252": (op_import_windows_1252, "n'est pas en UTF-8"),
    "valider_missing_folder": (op_valider_missing_folder, "n'existe pas"),
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_operational_fault(name: str, tmp_path: Path) -> None:
    run, expected = OPERATIONS[name]
    said = run(_site_project(tmp_path))
    assert expected in said, said
    assert "Traceback" not in said, said
