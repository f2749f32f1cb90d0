"""The search index (Pagefind): built after the pages, and the same bytes for the same pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import Page

from generator.search import SHARD_PAGES, _decode, _encode, index_site, stabilise
from tests.sitecheck import serve


def test_the_index_is_the_same_for_the_same_pages(example_site: Path, tmp_path: Path) -> None:
    """Pagefind orders its filters as a hash map does, differently at each run: the index is
    put in order, so two indexings of the same pages give the same files."""
    copies = []
    for name in ("a", "b"):
        copy = tmp_path / name
        shutil.copytree(example_site, copy, ignore=shutil.ignore_patterns("pagefind"))
        index_site(copy)
        copies.append({p.relative_to(copy / "pagefind").as_posix(): p.read_bytes()
                       for p in sorted((copy / "pagefind").rglob("*")) if p.is_file()})
    assert copies[0] == copies[1]
    assert any(name.startswith("filter/") for name in copies[0])  # filters there, in order


def test_an_index_laid_out_otherwise_is_left_as_it_is(tmp_path: Path) -> None:
    index = tmp_path / "pagefind"
    index.mkdir()
    (index / "pagefind-entry.json").write_text('{"languages": {"fr": {"hash": "fr_x"}}}')
    (index / "pagefind.fr_x.pf_meta").write_bytes(b"not gzip")
    stabilise(index)  # no exception, nothing changed
    assert sorted(p.name for p in index.iterdir()) == ["pagefind-entry.json", "pagefind.fr_x.pf_meta"]


def test_cbor_reads_back_what_it_writes() -> None:
    value = ["Statut", [["Réalisé", [8, 13, 29, 300, 70_000]], ["À venir", []]], {"a": 1}]
    data = _encode(value)
    assert _decode(data) == (value, len(data))


def _results(page: Page, url: str) -> tuple[str, list[str]]:
    page.goto(url)
    page.wait_for_function("(s) => s.textContent && !s.textContent.includes('en cours')",
                           arg=page.query_selector("#to-recherche-etat"))
    links = page.eval_on_selector_all("#to-recherche-resultats a", "as => as.map(a => a.href)")
    return page.inner_text("#to-recherche-etat"), sorted(links)


def test_a_large_site_is_indexed_in_parts_that_the_search_page_merges(
        example_site: Path, tmp_path: Path, page: Page) -> None:
    """Pagefind's memory grows with the pages it indexes (3.6 GB for a national site): a large
    site is indexed in parts. Here the parts are made small (40 pages) so that the example
    site has several: searching them all finds what one index finds, filters included."""
    whole, parts = tmp_path / "entier", tmp_path / "parties"
    for copy, size in ((whole, SHARD_PAGES), (parts, 40)):
        shutil.copytree(example_site, copy, ignore=shutil.ignore_patterns("pagefind"))
        index_site(copy, size)
    listed = json.loads((parts / "pagefind" / "parties.json").read_text(encoding="utf-8"))
    assert json.loads((whole / "pagefind" / "parties.json").read_text(encoding="utf-8")) == []
    assert len(listed) >= 2 and all((parts / "pagefind" / name / "pagefind-entry.json").is_file()
                                    for name in listed)
    # A part keeps its index, not Pagefind's scripts and engine, which the first part serves.
    assert not list((parts / "pagefind" / listed[0]).glob("*.js"))
    words = ["recherche/?q=sante", "recherche/?q=chaufferies"]
    listing = "recherche/?Type+de+page=Projet&Statut=R%C3%A9alis%C3%A9"
    found: dict[Path, list[tuple[str, list[str]]]] = {}
    for site in (whole, parts):
        with serve(site) as url:
            found[site] = [(said, [link.removeprefix(url) for link in links])
                           for said, links in (_results(page, url + q) for q in [listing, *words])]
    # The listing (filters, no words) is the same, counts included.
    assert found[whole][0] == found[parts][0] and found[parts][0][1]
    # Words: every page the whole index finds. A part where a word is absent adds Pagefind's
    # weak matches on a shorter word (« sa » for « sante »), ranked after: a known limit.
    for (_, alone), (_, merged) in zip(found[whole][1:], found[parts][1:], strict=True):
        assert alone and set(alone) <= set(merged)


def test_the_build_indexes_each_part_while_the_next_pages_are_written(tmp_path: Path) -> None:
    """The plugin starts a part's indexing as soon as its pages are on disk (the second core
    works while MkDocs renders the rest): the index is the one the finished site gives."""
    from tests.sitecheck import copy_example, mkdocs_build

    copy_example(tmp_path)
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - territoires:\n",
                            "  - territoires:\n      recherche_pages_par_partie: 40\n", 1)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    built = tmp_path / "site"
    result = mkdocs_build(tmp_path, built)
    assert result.returncode == 0, result.stderr
    again = tmp_path / "apres"
    shutil.copytree(built, again, ignore=shutil.ignore_patterns("pagefind"))
    index_site(again, 40)

    def index(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site / "pagefind").as_posix(): p.read_bytes()
                for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}

    during, after = index(built), index(again)
    assert len(json.loads(during["parties.json"])) >= 2
    assert during == after


def test_the_sites_own_pages_share_the_roots_part() -> None:
    """The portal, the open data page and the site's other pages change with any territory:
    with the root's pages, in the first part, a rebuild indexes them again in a moment instead
    of the 10,000 pages of the territories beside them in name order."""
    from collections import Counter

    from generator.search import _group

    counts = Counter({"": 3, "donnees": 1, "recherche": 1, "contribuer": 1, "a-propos": 1,
                      "ain-1": 40, "ain-2": 40, "cantal-1": 40, "zz": 40})
    parts = _group(counts, 100)
    assert parts[0] == ["", "contribuer", "donnees", "recherche"]
    assert parts[1:] == [["a-propos", "ain-1", "ain-2"], ["cantal-1", "zz"]]
    assert _group(counts, 1000) == [["", "contribuer", "donnees", "recherche", "a-propos",
                                     "ain-1", "ain-2", "cantal-1", "zz"]]
