"""End to end: MkDocs builds of small sites in tmp_path, and of the example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REFERENTIEL
from tests.sitecheck import site_config

MKDOCS_YML = site_config("Test", "      donnees: territories\n      referentiel: {referentiel}\n")


def mkdocs(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a-propos.md").write_text("# À propos\n\nPage écrite à la main.\n")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.format(referentiel=REFERENTIEL))
    return tmp_path


def test_minimal_site_pages(project: Path) -> None:
    result = mkdocs(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = sorted(str(p.relative_to(site).parent) for p in site.rglob("index.html")
                   if "search" not in p.parts)
    assert pages == [".", "a-propos", "accessibilite", "contribuer", "donnees",
                     "donnees-personnelles", "mentions-legales", "recherche", "vallee-test",
                     "vallee-test/chiffres",
                     "vallee-test/contrats", "vallee-test/contrats/crte", "vallee-test/contrats/cto",
                     "vallee-test/donnees",
                     "vallee-test/projet-de-territoire", "vallee-test/projets",
                     "vallee-test/projets/chaufferie-cazals", "vallee-test/projets/ecole-salviac",
                     "vallee-test/projets/sentier"]
    ecole = (site / "vallee-test/projets/ecole-salviac/index.html").read_text(encoding="utf-8")
    # No source states the autofinancement: the page does not invent it.
    assert "<th scope=\"row\">Reste à financer ou non communiqué</th>" in ecole
    assert "Autofinancement" not in ecole and "200\u202f000\u202f€" in ecole


def test_single_territory_portal_and_colours(project: Path) -> None:
    territory = project / "territories/vallee-test/territoire.yml"
    text = territory.read_text(encoding="utf-8")
    territory.write_text(text + "couleurs:\n  primaire: \"#7a1f2b\"\n", encoding="utf-8")
    assert mkdocs(project, "--strict").returncode == 0
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "<h1>Vallée de test</h1>" in home  # one territory: the portal is its home
    assert 'aria-label="Rubriques de Vallée de test"' in home
    page = (project / "site/vallee-test/projets/sentier/index.html").read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#7a1f2b;" in page


PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def test_only_referenced_media_are_published(project: Path) -> None:
    medias = project / "territories/vallee-test/medias"
    medias.mkdir()
    (medias / "ecole.png").write_bytes(PNG_1PX)
    (medias / "deliberation.pdf").write_bytes(b"%PDF-1.4 deliberation")
    (medias / "brouillon-interne.pdf").write_bytes(b"%PDF-1.4 interne")
    target = project / "territories/vallee-test/projets/ecole-salviac.yml"
    target.write_text(target.read_text(encoding="utf-8") + (
        "images:\n  - fichier: medias/ecole.png\n    alt: Façade rénovée de l'école\n"
        "    credit: Commune de Salviac\ndocuments:\n  - titre: Délibération\n"
        "    fichier: medias/deliberation.pdf\n"), encoding="utf-8")
    assert mkdocs(project, "--strict").returncode == 0
    site = project / "site/vallee-test/medias"
    assert sorted(p.name for p in site.iterdir()) == ["deliberation.pdf", "ecole.png"]
    page = (project / "site/vallee-test/projets/ecole-salviac/index.html").read_text("utf-8")
    assert '<img src="../../../vallee-test/medias/ecole.png" alt="Façade rénovée de l&#39;école"' in page
    assert '<a href="../../../vallee-test/medias/deliberation.pdf">Délibération</a>' in page
    listing = (project / "site/vallee-test/projets/index.html").read_text("utf-8")
    assert 'src="../../vallee-test/medias/ecole.png"' in listing


def test_nothing_unpublished_reaches_the_site(project: Path) -> None:
    assert mkdocs(project).returncode == 0
    for path in (project / "site").rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8")
            for secret in ("Personne Secrète", "attente du conseil", "projet-brouillon"):
                assert secret not in text, f"{secret} dans {path}"


def test_hostile_title_is_text_everywhere(project: Path) -> None:
    target = project / "territories/vallee-test/projets/sentier.yml"
    hostile = "École </title><script>alert(1)</script>"
    text = target.read_text(encoding="utf-8").replace("titre: Sentier d'interprétation",
                                                      f'titre: "{hostile}"')
    target.write_text(text, encoding="utf-8")
    assert mkdocs(project, "--strict").returncode == 0
    for page in (project / "site").rglob("*.html"):
        assert "<script>alert(1)" not in page.read_text(encoding="utf-8"), page
    sentier = (project / "site/vallee-test/projets/sentier/index.html").read_text("utf-8")
    assert "<title>École &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in sentier


def test_data_error_stops_the_build_in_french(project: Path) -> None:
    target = project / "territories/vallee-test/projets/sentier.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("cout_total: 30000",
                                                                 "cout_total: trente mille"))
    result = mkdocs(project)
    assert result.returncode == 1
    assert ("territories/vallee-test/projets/sentier.yml:8:1: cout_total : « trente mille » "
            "n'est pas un montant lisible") in result.stderr
    assert "1 erreur(s) dans les données" in result.stderr
    assert "Traceback" not in result.stderr


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("breakage", ["donnees", "gabarit", "avertissement"])
def test_a_failed_build_leaves_the_published_site_untouched(project: Path, breakage: str) -> None:
    assert mkdocs(project, "--strict").returncode == 0
    before = _digest(project / "site")
    sentier = project / "territories/vallee-test/projets/sentier.yml"
    if breakage == "donnees":
        sentier.write_text("titre: [\n", encoding="utf-8")
    elif breakage == "gabarit":
        override = project / "overrides/territoires/projet.html"
        override.parent.mkdir(parents=True)
        override.write_text("{{ e.projet.inexistant.encore }}", encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  name: material\n",
                                                     "  name: material\n  custom_dir: overrides\n"))
    else:
        sentier.write_text(sentier.read_text(encoding="utf-8").replace('"46087"', '"46042"'))
    result = mkdocs(project, "--strict")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert _digest(project / "site") == before
    assert not (project / ".site.construction").exists()


def test_the_replaced_site_is_removed_by_the_next_build(project: Path) -> None:
    """The site a build replaces waits in `.site.precedent` and goes during the next build,
    whose own replaced site takes its place."""
    previous = project / ".site.precedent"
    assert mkdocs(project).returncode == 0 and not previous.exists()
    assert mkdocs(project).returncode == 0
    first = _digest(previous)
    assert first == _digest(project / "site")
    (project / "site" / "marque.txt").write_text("deuxième", encoding="utf-8")
    assert mkdocs(project).returncode == 0
    assert _digest(previous) == {**first, "marque.txt": "deuxième".encode()}
    assert not (project / "site" / "marque.txt").exists()


@pytest.mark.parametrize("rm", [True, False])
def test_the_replaced_site_goes_with_rm_or_a_thread(tmp_path: Path, rm: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`rm` runs beside the build where there is one; elsewhere a thread removes the folder."""
    from generator.publishing import Publication

    final = tmp_path / "site"
    for n in range(50):
        path = tmp_path / ".site.precedent" / f"dossier-{n % 5}" / f"page-{n}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    if not rm:
        monkeypatch.setattr("generator.publishing.shutil.which", lambda name: None)
    publication = Publication(final, None, "essai")
    publication.start()
    waits = publication._cleaned
    assert isinstance(getattr(waits, "__self__", None), subprocess.Popen) == (
        rm and shutil.which("rm") is not None)
    publication.abandon()
    assert not (tmp_path / ".site.precedent").exists()


def test_warning_fails_a_strict_build(project: Path) -> None:
    target = project / "territories/vallee-test/projets/sentier.yml"
    target.write_text(target.read_text(encoding="utf-8").replace('"46087"', '"46042"'))
    assert mkdocs(project).returncode == 0
    strict = mkdocs(project, "--strict")
    assert strict.returncode == 1
    assert "n'est ni dans le territoire ni dans le périmètre des contrats du projet" in strict.stderr


def test_example_site_builds_strict(example_site: Path) -> None:
    assert (example_site / "grand-quercy/projets/index.html").is_file()
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "Site de démonstration</strong> : lire l'avertissement" in home
    assert "publication officielle des territoires" in home


def _last_line(stderr: str) -> str:
    return [line for line in stderr.splitlines() if line.strip()][-1]


def test_a_stopped_build_ends_in_french(project: Path) -> None:
    """The reason first (the log), then one French line where MkDocs printed « Aborted with a
    BuildError! » (the command's output)."""
    page = project / "content" / "a-propos.md"
    page.write_text("# À propos\n\nVoir [la page absente](absente.md).\n", encoding="utf-8")
    strict = mkdocs(project, "--strict")  # MkDocs' own warning, counted by MkDocs
    assert strict.returncode == 1
    assert "absente.md" in strict.stderr and "Aborted" not in strict.stdout + strict.stderr
    assert _last_line(strict.stdout) == ("Construction arrêtée en mode strict (--strict) : "
                                         "1 avertissement(s) ci-dessus. Le site publié n'a pas "
                                         "changé.")
    page.write_text("# À propos\n", encoding="utf-8")
    first = next((project / "territories").rglob("projets/*.yml"))
    first.write_text("titre: [\n", encoding="utf-8")
    broken = mkdocs(project)
    assert broken.returncode == 1
    assert "erreur(s) dans les données" in broken.stderr
    assert "Aborted" not in broken.stdout + broken.stderr
    assert _last_line(broken.stdout) == "Construction arrêtée : le site publié n'a pas changé."


def test_a_later_hook_still_hears_of_a_stopped_build(project: Path) -> None:
    """Stopping in French would skip the on_build_error of a plugin or hook after ours: then
    MkDocs ends as it does, and the hook runs."""
    (project / "hook.py").write_text(
        "from pathlib import Path\n\n\ndef on_build_error(error):\n"
        "    Path('hook-ran').write_text('oui')\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - hook.py\n",
                      encoding="utf-8")
    first = next((project / "territories").rglob("projets/*.yml"))
    first.write_text("titre: [\n", encoding="utf-8")
    broken = mkdocs(project)
    assert broken.returncode == 1 and "erreur(s) dans les données" in broken.stderr
    assert (project / "hook-ran").read_text() == "oui"


def test_a_missing_site_url_is_said(project: Path) -> None:
    normal = mkdocs(project)
    assert normal.returncode == 0
    assert "WARNING" in normal.stderr and "site_url n'est pas renseigné" in normal.stderr
    strict = mkdocs(project, "--strict")  # said, without stopping a site not yet online
    assert strict.returncode == 0 and "INFO" in strict.stderr and "site_url n'est pas" in strict.stderr
    (project / "mkdocs.yml").write_text("site_url: https://www.exemple.fr/\n"
                                        + (project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "site_url n'est pas" not in mkdocs(project).stderr
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "https://www.exemple.fr/vallee-test/projets/ecole-salviac/" in sitemap


def test_the_command_ends_without_freeing_the_site_object_by_object() -> None:
    """`mkdocs build` ends with on_shutdown: what the build made is frozen for the system to
    take back at exit, instead of Python's last collection walking millions of objects."""
    import gc

    from generator.plugin import TerritoiresPlugin

    plugin = TerritoiresPlugin()
    before = gc.get_freeze_count()
    try:
        plugin.on_shutdown()
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
