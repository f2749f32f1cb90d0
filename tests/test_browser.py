"""What a person sees, in Debian's Chromium driven by Playwright: accessibility (axe-core),
keyboard use of the filters, the site without JavaScript, and no request to another host."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from generator.models.registry import Carte
from tests.sitecheck import serve

TILES = Carte().host  # the default tile host (IGN Géoplateforme), as in the example
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa",
                                              "best-practice"]}}
WIDTHS = {"telephone": 390, "bureau": 1280}
PAGES = {
    "portail": "",
    "territoire": "grand-quercy/",
    "strategie": "grand-quercy/projet-de-territoire/",
    "contrats": "grand-quercy/contrats/",
    "contrat": "grand-quercy/contrats/crte-grand-quercy/",
    "liste": "grand-quercy/projets/",
    "projet": "grand-quercy/projets/maison-de-sante-cahors/",
    "carte": "haut-rouergue/carte/",
    "contrat-partage": "haut-rouergue/contrats/cto-aubrac-olt-causse-gevaudan/",
    "contrat-cadre": "contrats-cadres/contrats-territoriaux-occitanie/",
    "contenu": "a-propos/",
    "declaration-accessibilite": "accessibilite/",
    "mentions-legales": "mentions-legales/",
    "donnees-personnelles": "donnees-personnelles/",
    "introuvable": "404.html",
    "actualites": "grand-quercy/actualites/",
    "actualite": "grand-quercy/actualites/aide-regionale-maison-de-sante-cahors/",
    "actualites-site": "actualites/",
    "chiffres": "grand-quercy/chiffres/",
    "recherche": "recherche/?q=sant%C3%A9",
}


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


def _violations(page: Page) -> list[str]:
    result = Axe().run(page, options=WCAG)
    return [f"{v['id']} : {[n['target'] for n in v['nodes']]}"
            for v in result.response["violations"]]


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_accessibility_violation(page: Page, base_url: str, kind: str, width: str) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 844})
    page.goto(base_url + PAGES[kind])
    assert _violations(page) == []


@pytest.mark.parametrize("kind", ["projet", "contrat", "strategie", "territoire", "chiffres",
                                  "portail", "contrats"])
def test_on_a_phone_every_amount_and_status_is_on_screen(page: Page, base_url: str,
                                                         kind: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + PAGES[kind])
    cells = page.locator(".to-tableau td:visible, .to-tableau th:visible")
    assert cells.count() > 0
    outside = page.evaluate("""() => [...document.querySelectorAll('.to-tableau td, .to-tableau th')]
        .filter(c => c.offsetParent !== null && c.closest('thead') === null)
        .map(c => [c.textContent.trim(), c.getBoundingClientRect()])
        .filter(([, r]) => r.left < 0 || r.right > window.innerWidth)
        .map(([text]) => text)""")
    assert outside == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Each cell of a stacked row names its column.
    labels = page.evaluate("""() => [...document.querySelectorAll('.to-tableau tbody td')]
        .filter(c => c.offsetParent !== null)
        .map(c => getComputedStyle(c, '::before').content)""")
    assert labels and all(label not in ("none", '""', "") for label in labels)


def _tab_to(page: Page, element_id: str) -> None:
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} n'est pas atteignable au clavier")


def _visible_statuses(page: Page) -> list[str]:
    """Statuses of the cards a person sees (rendered, not merely un-hidden in the markup)."""
    return page.eval_on_selector_all(
        "#to-projets > li", "cards => cards.filter(c => c.offsetParent !== null)"
        ".map(c => c.dataset.statut)")


def test_filter_with_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + PAGES["liste"])
    total = page.locator("#to-projets > li").count()
    assert page.locator("#to-compte").inner_text() == f"{total} projets"
    _tab_to(page, "filtre-statut")
    page.keyboard.press("ArrowDown")  # the first status offered
    chosen = page.locator("#filtre-statut").input_value()
    assert chosen
    shown = _visible_statuses(page)
    assert shown and set(shown) == {chosen} and len(shown) < total
    noun = "projet" if len(shown) == 1 else "projets"
    assert page.locator("#to-compte").inner_text() == f"{len(shown)} {noun} sur {total}"
    assert page.locator("#to-compte").get_attribute("role") == "status"
    assert urlparse(page.url).query == f"statut={chosen}"
    assert _violations(page) == []
    _tab_to(page, "to-reinitialiser")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#to-projets > li[hidden]').length === 0")
    assert len(_visible_statuses(page)) == total
    assert urlparse(page.url).query == ""


_MARKERS_JS = """[...document.querySelectorAll('.leaflet-marker-icon')].reduce((n, icon) =>
    n + (icon.classList.contains('marker-cluster') ? Number(icon.textContent) : 1), 0)"""
_EXPECTED_JS = """(() => { const shown = new Set([...document.querySelectorAll('#to-projets > li')]
    .filter(c => !c.hidden).map(c => c.querySelector('h2 a').href));
  const data = JSON.parse(document.querySelector('.to-carte-cadre[data-donnees]').dataset.donnees);
  return data.points.filter(p => shown.has(new URL(p.url, location.href).href)).length; })()"""


def _markers(page: Page) -> int:
    return int(page.evaluate(_MARKERS_JS))


def _expected_markers(page: Page) -> int:
    return int(page.evaluate(_EXPECTED_JS))


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_on_a_desktop_no_table_or_chart_leaves_the_text_column(page: Page, base_url: str,
                                                               kind: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + PAGES[kind])
    outside = page.evaluate("""() => { const column = document.querySelector('article');
        if (!column) return [];
        const right = column.getBoundingClientRect().right + 1;
        return [...column.querySelectorAll('table, figure, svg, img')]
          .filter(e => e.offsetParent !== null && !e.closest('.leaflet-container')
                  && e.getBoundingClientRect().right > right)
          .map(e => e.tagName + ' ' + (e.className.baseVal ?? e.className)); }""")
    assert outside == []


def test_the_strategy_is_a_tree_that_folds_and_opens_where_a_link_points(page: Page,
                                                                         base_url: str) -> None:
    page.goto(base_url + PAGES["strategie"])
    tops = page.locator("#arborescence ~ details.to-element")
    assert tops.count() >= 2
    assert page.evaluate("[...document.querySelectorAll('details.to-element')].every(d => !d.open)")
    first = tops.first
    assert "projet" in first.locator("> summary").inner_text()  # its figures, folded
    first.locator("> summary").click()
    assert first.evaluate("d => d.open")
    # A link to a nested element (from the table, a project, another site) opens its branch.
    nested = page.evaluate("document.querySelector('details.to-element details.to-element').id")
    page.goto(base_url + PAGES["strategie"] + "#" + nested)
    page.wait_for_function(f"document.getElementById('{nested}').open")
    assert page.locator(f"#{nested} > summary").is_visible()
    # Printed, every element is unfolded.
    page.emulate_media(media="print")
    page.goto(base_url + PAGES["strategie"])
    descriptions = page.locator("details.to-element .to-element__corps")
    assert descriptions.count() >= 2 and descriptions.nth(1).is_visible()


def test_charts_say_what_they_show_and_come_with_their_table(page: Page, base_url: str) -> None:
    page.goto(base_url + PAGES["chiffres"])
    charts = page.locator("figure.to-graphique svg[role=img]")
    assert charts.count() >= 3
    for index in range(charts.count()):
        chart = charts.nth(index)
        label = page.locator("#" + str(chart.get_attribute("aria-labelledby"))).text_content()
        assert label and "tableau" in label
        bars = chart.locator("rect").count()
        assert bars >= 1 and chart.locator("text").count() == 2 * bars
    assert _violations(page) == []


def _option_counts(page: Page, name: str) -> dict[str, str]:
    return page.eval_on_selector_all(
        f"#filtre-{name} option", "options => Object.fromEntries(options.filter(o => o.value)"
        ".map(o => [o.value, o.textContent]))")


def test_filter_counts_totals_and_map_follow_the_filters(browser: Browser, base_url: str) -> None:
    still = browser.new_context(java_script_enabled=False).new_page()
    still.goto(base_url + PAGES["liste"])
    unfiltered = still.inner_text("#to-totaux")
    still.context.close()
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(base_url + PAGES["liste"])
    page.wait_for_function("window.toCartesDessinees && Object.keys(window.toCartesDessinees).length")
    # Without filters the script says what the page says: the same rules, the same figures.
    assert page.inner_text("#to-totaux") == unfiltered
    before = _option_counts(page, "thematique")
    # Markers are added after the map is drawn (clusters in chunks): waited for, as below.
    page.wait_for_function(f"({_MARKERS_JS}) === ({_EXPECTED_JS})")
    assert _markers(page) == _expected_markers(page) > 1
    page.select_option("#filtre-statut", "realise")
    shown = len(_visible_statuses(page))
    totals = page.inner_text("#to-totaux")
    assert totals.startswith(f"{shown} projet") and f"sur {page.locator('#to-projets > li').count()}" \
        in totals and totals != unfiltered
    after = _option_counts(page, "thematique")
    assert after != before  # each option now counts the completed projects it would show
    for value, label in after.items():
        expected = page.eval_on_selector_all(
            "#to-projets > li", f"cards => cards.filter(c => c.dataset.statut === 'realise' && "
            f"c.dataset.thematique.split(' ').includes('{value}')).length")
        assert label.endswith(f"({expected})"), (value, label)
    # The map shows the markers of the projects shown, and only those.
    page.wait_for_function(f"({_MARKERS_JS}) === ({_EXPECTED_JS})")
    assert _markers(page) < len(json.loads(str(page.get_attribute(
        ".to-carte-cadre[data-donnees]", "data-donnees")))["points"])
    page.context.close()


def test_a_filtered_view_can_be_shared(page: Page, base_url: str) -> None:
    page.goto(base_url + PAGES["liste"] + "?statut=realise&tri=titre")
    assert page.locator("#filtre-statut").input_value() == "realise"
    assert set(_visible_statuses(page)) == {"realise"}
    titles = page.eval_on_selector_all(
        "#to-projets > li", "cards => cards.filter(c => c.offsetParent !== null)"
        ".map(c => c.dataset.titre)")
    assert len(titles) >= 2
    assert titles == sorted(titles, key=lambda t: t.replace("é", "e").replace("à", "a"))


A4_PRINTABLE_PX = 705  # 210 mm less 2 × 12 mm of margins, at 96 px per inch


@pytest.mark.parametrize("kind", ["projet", "contrat", "strategie"])
def test_printed_pages_fit_the_a4_width(page: Page, base_url: str, kind: str) -> None:
    page.goto(base_url + PAGES[kind])
    pdf = page.pdf(format="A4", print_background=True)  # headless Chromium's own printing
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    # The same layout as the PDF: print styles, A4's printable width.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 1000})
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".to-menu").is_visible()
    assert not page.locator(".leaflet-control-zoom").is_visible()
    assert page.locator("h1").is_visible()
    overflowing = page.evaluate("""() => [...document.querySelectorAll(
        '.md-content table, .md-content td, .md-content th, .md-content img, .md-content p')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > innerWidth + 1)
        .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))""")
    assert overflowing == []
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_PRINTABLE_PX
    # No heading is printed alone at the bottom of a page.
    assert page.evaluate("getComputedStyle(document.querySelector('h2')).breakAfter") == "avoid"


def test_listing_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGES["liste"])
    assert not page.locator("#to-filtres").is_visible()
    cards = page.locator("#to-projets > li")
    assert cards.count() > 10
    assert all(cards.nth(i).is_visible() for i in range(cards.count()))
    context.close()


@pytest.mark.parametrize("kind", ["projet", "actualite", "mentions-legales"])
def test_a_page_requests_nothing_that_is_missing(page: Page, base_url: str, kind: str) -> None:
    """Every request a page makes succeeds: no file forgotten, and no guess by the theme (it
    fetched a sitemap.xml beside each plain rel="alternate" link, the feeds included)."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base_url + PAGES[kind])
    page.wait_for_load_state("networkidle")
    assert failed == []


def test_search_loads_only_when_used_and_nothing_leaves_the_site(page: Page,
                                                                 base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + PAGES["projet"])
    page.wait_for_load_state("networkidle")
    assert not any("/pagefind/" in url for url in requested)  # nothing of search on a page
    page.fill("#to-recherche-entete", "santé")  # the header's form leads to the search page
    with page.expect_request(lambda request: "/pagefind/" in request.url):
        page.press("#to-recherche-entete", "Enter")
    page.wait_for_selector("#to-recherche-resultats li")
    assert page.input_value("#to-recherche-champ") == "santé"
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts <= {urlparse(base_url).netloc, TILES}  # map tiles: the one documented exception
    tiles = [url for url in requested if urlparse(url).netloc == TILES]
    assert all("/wmts?" in url for url in tiles)


def _search(page: Page, base_url: str, query: str) -> list[str]:
    page.goto(f"{base_url}recherche/?q={query}")
    page.wait_for_function("(s) => s.textContent && !s.textContent.includes('en cours')",
                           arg=page.query_selector("#to-recherche-etat"))
    return [str(a.get_attribute("href")) for a in page.query_selector_all("#to-recherche-resultats a")]


@pytest.mark.parametrize(("query", "expected"), [
    ("sante", ["/grand-quercy/projets/maison-de-sante-cahors/",
               "/grand-quercy/projets/prevention-sante-itinerante/"]),
    ("chaufferies", ["/grand-quercy/projets/chaufferie-vaylats/",
                     "/haut-rouergue/projets/reseau-chaleur-bois-espalion/"]),
    ("DETR", ["/grand-quercy/projets/accueil-de-loisirs-montcuq/"]),
    ("voie verte", ["/grand-quercy/projets/voie-verte-vallee-du-lot/"]),
])
def test_search_finds_without_accents_plurals_and_by_scheme(page: Page, base_url: str, query: str,
                                                            expected: list[str]) -> None:
    found = _search(page, base_url, query)
    assert set(expected) <= set(found), found
    first = page.query_selector("#to-recherche-resultats li")
    assert first is not None and " · " in first.inner_text()  # kind and territory beside the title


def test_without_words_the_filters_list_every_territory_s_projects(page: Page,
                                                                    base_url: str) -> None:
    """The cross-territory listing: from the portal, every project; a filter narrows it; the
    address keeps the filters. Loaded from the index 20 at a time, whatever the site's size."""
    from generator.pipeline import build
    from tests.conftest import EXAMPLE, REFERENTIEL

    catalog = build(EXAMPLE, "territories", REFERENTIEL)
    done = sum(1 for t in catalog.territories.values() for e in t.projects.values()
               if e.projet.statut == "realise")
    page.goto(base_url)
    page.click("text=Tous les projets de tous les territoires")
    page.wait_for_selector("#to-recherche-resultats li")
    every = sum(len(t.projects) for t in catalog.territories.values())
    assert page.inner_text("#to-recherche-etat").startswith(f"{every} résultats")
    page.select_option("#to-recherche-filtres select[name='Statut']", label=f"Réalisé ({done})")
    page.wait_for_function(f"document.getElementById('to-recherche-etat').textContent"
                           f".startsWith('{done} résultat')")
    facts = page.eval_on_selector_all("#to-recherche-resultats li p.to-note",
                                      "ps => ps.map(p => p.textContent)")
    assert len(facts) == done and all(f.startswith("Projet ·") and f.endswith("Réalisé")
                                      for f in facts)
    assert "Statut=R%C3%A9alis%C3%A9" in page.url and "Type+de+page=Projet" in page.url
    # Each list counts what choosing one of its values would show, the other lists' choices
    # kept: the territories share the completed projects, the statuses every project.
    page.wait_for_function(f"({_COUNTS_JS})('Territoire') === {done}")
    assert page.evaluate(f"({_COUNTS_JS})('Statut')") == every
    assert _violations(page) == []
    # Nothing chosen any more: the lists count the whole site again (projects, contracts and
    # contract frameworks have a status).
    contracts = sum(len(t.data.contrats) for t in catalog.territories.values()) + len(
        catalog.dataset.cadres)
    page.select_option("#to-recherche-filtres select[name='Statut']", "")
    page.select_option("#to-recherche-filtres select[name='Type de page']", "")
    page.wait_for_function(f"({_COUNTS_JS})('Statut') === {every + contracts}")


_COUNTS_JS = """(name) => [...document.querySelectorAll(
    `#to-recherche-filtres select[name='${name}'] option`)].filter(o => o.value)
    .reduce((n, o) => n + Number(o.textContent.match(/\\((\\d+)\\)$/)[1]), 0)"""


def test_a_plain_search_fetches_no_filter_lists(page: Page, base_url: str) -> None:
    """The filters' lists weigh more than a query on a large site: fetched only when opened."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert _search(page, base_url, "chaufferie")
    assert not any("/pagefind/filter/" in url for url in requested)
    with page.expect_request(lambda request: "/pagefind/filter/" in request.url):
        page.click("#to-recherche-filtrer > summary")
    page.wait_for_selector("#to-recherche-filtres select")
    assert _violations(page) == []


def test_search_says_when_nothing_is_found(page: Page, base_url: str) -> None:
    assert _search(page, base_url, "zzyzx") == []
    assert "Aucun résultat pour « zzyzx »" in page.inner_text("#to-recherche-etat")
