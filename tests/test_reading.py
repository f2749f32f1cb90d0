"""Reading the site: lists of names in French order; figures that follow the same rules in the
page and in the listing's script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.formats import french_sorted, sort_fr
from tests.sitecheck import visible_text


def test_names_sort_as_a_french_reader_expects() -> None:
    names = ["Bouziès", "saint-Cirq-Lapopie", "Bélaye", "Écart", "Arcambal", "Saint Géry", "Éclaibes"]
    assert french_sorted(names) == ["Arcambal", "Bélaye", "Bouziès", "Écart", "Éclaibes",
                                    "saint-Cirq-Lapopie", "Saint Géry"]
    rows = [("Bouziès (46037)", 1), ("Bélaye (46020)", 2)]
    assert sort_fr(rows, 0) == [("Bélaye (46020)", 2), ("Bouziès (46037)", 1)]


def test_the_zoning_table_lists_communes_in_french_order(example_site: Path) -> None:
    text = visible_text(example_site / "grand-quercy/carte/index.html")
    assert text.index("Bélaye") < text.index("Bouziès")


def test_a_long_build_says_how_far_it_is() -> None:
    from generator.plugin import Progress

    progress = Progress(100)
    assert progress.step() is None  # nothing before the first interval
    progress.last -= Progress.EVERY
    progress.started -= 2 * Progress.EVERY  # 2 pages in 20 s: 0.1 per second
    line = progress.step()
    assert line is not None and line.startswith("pages : 2 sur 100 (") and "encore" in line
    assert Progress(0).step() is None


def _portal_bytes(root: Path, count: int) -> int:
    """The portal's body for a site of `count` territories, gzip-compressed."""
    import gzip

    from generator import urls
    from generator.emit import render_body
    from generator.pipeline import build
    from generator.plan import plan_pages
    from generator.render.environment import make_environment
    from tests.benchmarks.national import make_corpus
    from tests.conftest import REFERENTIEL

    make_corpus(root, count, 1, maps=False)
    catalog = build(root / "territories", "territories", REFERENTIEL)
    portal = next(p for p in plan_pages(catalog) if p.path == urls.PORTAL)
    return len(gzip.compress(render_body(portal, make_environment()).encode("utf-8")))


def test_the_portal_stays_small_when_territories_grow(tmp_path: Path) -> None:
    small, large = _portal_bytes(tmp_path / "a", 30), _portal_bytes(tmp_path / "b", 90)
    per_territory = (large - small) / 60
    national = small + per_territory * (1255 - 30)
    # Under 100 KB compressed with the page around it (Material's chrome, about 10 KB).
    assert national < 90_000, f"{per_territory:.0f} o par territoire, {national / 1000:.0f} ko"


def test_no_commune_name_loses_a_letter_in_slugs_or_comparisons() -> None:
    """Œuilly, Bonnœil, Straße…: the same spelling for addresses (slugify) and comparisons
    (fold, theme ids), every letter kept, over every name of the reference."""
    import json

    from generator.models.fields import fold, slugify
    from tests.conftest import REFERENTIEL

    names = {str(c["nom"]) for c in json.loads((REFERENTIEL / "communes.json").read_text(
        encoding="utf-8"))}
    assert len(names) > 30_000
    lost = [n for n in names if len(fold(n)) < sum(c.isalnum() for c in n)
            or fold(n) != slugify(n).replace("-", "")]
    assert lost == []
    assert (slugify("Œuilly"), slugify("Bonnœil"), fold("Cœur de village")) == \
        ("oeuilly", "bonnoeil", fold("Coeur de village"))


def test_chart_geometry_comes_from_the_amounts() -> None:
    from decimal import Decimal

    from generator.catalog import EnvelopeUse
    from generator.models.contrat import Enveloppe
    from generator.render.charts import bar_chart, gauge

    chart = bar_chart([("État", Decimal(200)), ("Région", Decimal(50)), ("Commune", Decimal(0))])
    assert chart is not None and chart.height == 3 * 40 + 4
    assert [b.width for b in chart.bars] == ["290.0", "72.5", "0.0"]
    assert (chart.bars[1].top, chart.bars[1].value_x) == (40, "77.5")
    assert bar_chart([("Rien", Decimal(0))]) is None  # nothing above zero: nothing drawn
    envelope = Enveloppe.model_construct(financeur="etat", montant=Decimal(1000))
    over = gauge(EnvelopeUse(envelope, Decimal(900), Decimal(90), Decimal(300), Decimal(400)))
    # 90 % granted and 30 % asked: the drawing spans 120 %, the envelope's outline 100 of it.
    assert (over.envelope, over.granted, over.requested_x, over.requested, over.paid) == \
        ("165.8", "150.0", "150.0", "50.0", "66.7")
    empty = gauge(EnvelopeUse(envelope, Decimal(0), Decimal(0)))
    assert (empty.granted, empty.requested, empty.paid) == (None, None, None)


def test_every_chart_has_its_figures_in_a_table_beside_it(example_site: Path) -> None:
    """A chart (an image to a screen reader, bars on paper) is followed by a table with its
    figures, on the same page and before the next heading."""
    import re

    charts = 0
    for page in example_site.glob("*/chiffres/index.html"):
        html = page.read_text(encoding="utf-8")
        for found in re.finditer(r"</figure>", html):
            if 'class="to-graphique"' not in html[html.rfind("<figure", 0, found.start()):found.end()]:
                continue
            charts += 1
            after = html[found.end():]
            heading = after.find("<h2")
            assert "<table" in (after if heading < 0 else after[:heading]), (page, found.start())
    assert charts >= 9


def _listing(root: Path, count: int, projects: int) -> tuple[dict[str, str], Any]:
    """The bodies of the all-projects listing for a site of `count` territories."""
    from generator import urls
    from generator.emit import render_body
    from generator.pipeline import build
    from generator.plan import plan_pages
    from generator.render.environment import make_environment
    from tests.benchmarks.national import make_corpus
    from tests.conftest import REFERENTIEL

    make_corpus(root, count, projects, maps=False)
    catalog = build(root / "territories", "territories", REFERENTIEL)
    env = make_environment()
    return {p.path: render_body(p, env) for p in plan_pages(catalog)
            if p.path.startswith(urls.ALL_PROJECTS + "/")}, catalog


def test_every_project_is_listed_once_by_departement_in_pages_of_bounded_size(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the portal's table, every project is listed in static pages by département, a
    département's cut in pages of at most LISTING_ROWS_MAX projects (whole territories)."""
    import re

    from generator import plan

    monkeypatch.setattr(plan, "LISTING_ROWS_MAX", 10)
    pages, catalog = _listing(tmp_path, 30, 4)
    listed = [link for path, body in pages.items() if not path.endswith("/index.md")
              for link in re.findall(r'href="[./]*([^"]+/projets/[^"/]+/)"', body)]
    every = [f"{t.slug}/projets/{slug}/" for t in catalog.territories.values() for slug in t.projects]
    assert sorted(listed) == sorted(every)
    for path, body in pages.items():
        rows = body.count('<tr><th scope="row">')
        assert rows <= 10 or body.count("<table") == 1, (path, rows)
    departements = {code for deps in catalog.by_region.values() for code in deps}
    split = [code for code in departements
             if catalog.departement_rollups[code].count + len(
                 catalog.departement_rollups[code].abandoned) > 10]
    assert split and all(f"tous-les-projets/{code.lower()}-2.md" in pages for code in split)
    index = pages["tous-les-projets/index.md"]
    assert all(f"tous-les-projets/{code.lower()}/" in index for code in departements)


def test_the_all_projects_index_stays_small_when_territories_grow(tmp_path: Path) -> None:
    import gzip

    small, _ = _listing(tmp_path / "a", 30, 1)
    large, catalog = _listing(tmp_path / "b", 90, 1)
    sizes = [len(gzip.compress(pages["tous-les-projets/index.md"].encode()))
             for pages in (small, large)]
    shown = sum(len(deps) for deps in catalog.by_region.values())
    # A line per département: at most 101 whatever the number of territories.
    assert sizes[1] / shown * 101 < 20_000, sizes
