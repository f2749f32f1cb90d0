"""`make apercu` (mkdocs serve) tells the truth: while the data are invalid, every page shows
the located French errors, and the site comes back by itself once they are fixed."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.conftest import FIXTURES
from tests.sitecheck import mkdocs_serve, site_config


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    shutil.copytree(FIXTURES / "minimal", tmp_path / "territories")
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(site_config("Aperçu"))
    with mkdocs_serve(tmp_path) as url:
        yield url, tmp_path


def test_errors_show_in_the_page_then_the_site_comes_back(page: Page,
                                                          preview: tuple[str, Path]) -> None:
    url, root = preview
    page.goto(url + "vallee-test/")
    page.wait_for_selector("h1:has-text('Vallée de test')", timeout=60_000)
    broken = root / "territories/vallee-test/projets/sentier.yml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("statut: abandonne", "statut: [abandonne"), encoding="utf-8")
    started = time.monotonic()
    page.wait_for_selector("text=Les données contiennent", timeout=30_000)
    shown = time.monotonic() - started
    text = page.locator("article").inner_text()
    assert "territories/vallee-test/projets/sentier.yml:" in text and "syntaxe YAML" in text
    assert shown < 5, f"l'erreur est apparue en {shown:.1f} s"
    page.goto(url + "vallee-test/contrats/crte/")  # any address shows the errors
    assert "Les données contiennent" in page.content()
    broken.write_text(good, encoding="utf-8")
    page.wait_for_selector("h1:has-text('CRTE de la Vallée de test')", timeout=30_000)
