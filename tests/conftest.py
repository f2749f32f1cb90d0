"""Shared helpers: a copy of the minimal site in tmp_path, and the reference data in ../shared."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.pipeline import validate

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
SHARED = REPO.parent / "shared"
REFERENTIEL = SHARED / "ref" / "cog-2026"
EXAMPLE = REPO / "territories"
BASE_PROJECT = """\
titre: Halle de Cazals
resume: Rénovation de la halle.
statut: en_cours
maitre_ouvrage:
  nom: Commune de Cazals
communes: ["46066"]
"""
"""A valid project of the minimal site: the start of every one-mistake fixture."""


@contextlib.contextmanager
def local_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on the loopback only, for commands that fetch from the web."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def two_territories(root: Path) -> Path:
    """tests/fixtures/minimal as `root/territories`, with a second territory « Autre vallée »
    (`autre-vallee`: the same communes, no contract, no project yet)."""
    data = root / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    other = data / "autre-vallee"
    shutil.copytree(data / "vallee-test", other)
    identity = other / "territoire.yml"
    identity.write_text(identity.read_text(encoding="utf-8").replace(
        "nom: Vallée de test", "nom: Autre vallée"), encoding="utf-8")
    for folder in ("contrats", "projets"):
        shutil.rmtree(other / folder)
    return data


def partner_project(data: Path, cites: str, funder: str) -> Path:
    """« Autre vallée »'s project, citing a contract (`cites`: one item of `contrats`)."""
    return write(data, "autre-vallee/projets/maison-des-services.yml", f"""
        titre: Maison des services de Cazals
        resume: Un guichet unique pour les démarches.
        statut: en_cours
        maitre_ouvrage: Commune de Cazals
        communes: ["46066"]
        contrats: [{cites}]
        cout_total: 300000
        financements: [{{financeur: {funder}, montant: 100000}}]
        """)


def sharing_territories(root: Path, sharing: str = "[autre-vallee]") -> Path:
    """`two_territories`, the first one's CRTE shared with those in `sharing` (`partage_avec`),
    and a project of « Autre vallée » citing it."""
    data = two_territories(root)
    partner_project(data, "{contrat: crte, mesure: m1, annee: 2023}", "etat")
    crte = data / "vallee-test/contrats/crte.yml"
    crte.write_text(crte.read_text(encoding="utf-8") + f"partage_avec: {sharing}\n",
                    encoding="utf-8")
    return data


def messages(root: Path, referentiel: Path | None = None) -> list[str]:
    return [issue.format() for issue in validate(root, "territories", referentiel).issues]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal, shown as `territories/` in messages."""
    target = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.fixture(scope="session")
def referentiel() -> Path:
    if not (REFERENTIEL / "communes.json").is_file():
        pytest.fail(f"référentiel absent : {REFERENTIEL} (../shared doit être à côté du dépôt)")
    return REFERENTIEL


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once (strict) for every test that only reads it."""
    from tests.sitecheck import mkdocs_build

    target = tmp_path_factory.mktemp("exemple") / "site"
    result = mkdocs_build(REPO, target, "--strict")
    assert result.returncode == 0, result.stderr
    return target


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} absent : installez le paquet Debian chromium (make navigateur)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()
