"""Incremental builds (`mkdocs build --dirty`, generator.incremental): a territory that did not
change keeps its pages, files and search index parts from the published site, and the site is
the same, byte for byte, as a full build of the same data."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from generator.catalog import build_catalog
from generator.incremental import (
    Manifest,
    Published,
    SiteFiles,
    Snapshot,
    own_folders,
    read_manifest,
    territory_keys,
)
from generator.pipeline import validate
from generator.publishing import publish
from tests.conftest import REFERENTIEL, sharing_territories, write
from tests.sitecheck import copy_example, mkdocs_build, site_config

REUSED = "construction incrémentale"
PROJECT = "territories/haut-rouergue/projets"


def _example(folder: Path) -> Path:
    """The example site, its search index in parts of 40 pages (a part per territory), with an
    address (so that the site map lists every page, in the order MkDocs has them)."""
    folder.mkdir()
    copy_example(folder)
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - territoires:\n", "  - territoires:\n      recherche_pages_par_partie: 40\n", 1)
    (folder / "mkdocs.yml").write_text(f"site_url: https://exemple.org/\n{config}",
                                       encoding="utf-8")
    return folder


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def _build(folder: Path, *args: str) -> str:
    result = mkdocs_build(folder, folder / "site", "--strict", *args)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _same_as_full_build(built: Path, reference: Path) -> None:
    _build(reference)
    assert _files(built / "site") == _files(reference / "site")


def _edit(folders: list[Path], relative: str, old: str, new: str) -> None:
    for folder in folders:
        path = folder / relative
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_changed_project_rebuilds_its_territory_only(tmp_path: Path) -> None:
    built, reference = _example(tmp_path / "a"), _example(tmp_path / "b")
    _build(built)
    before = _inodes(built / "site")
    project = sorted(os.listdir(built / PROJECT))[0]
    _edit([built, reference], f"{PROJECT}/{project}", "titre: ", "titre: Modifié ")

    said = _build(built, "--dirty")

    assert f"{REUSED} : 2 territoire(s) repris tels quels, 1 reconstruit(s)" in said
    assert "dirty" not in said  # MkDocs' warning does not apply: the build is exact
    assert (built / "site/sitemap.xml").read_text(encoding="utf-8").count("<loc>") > 50
    _same_as_full_build(built, reference)
    after = _inodes(built / "site")
    # The other territories' pages, data and search parts are the published files, linked.
    for kept in ("grand-quercy/index.html", "midi-quercy/projets/index.html",
                 "grand-quercy/donnees/projets.csv"):
        assert after[kept] == before[kept], kept
    changed = f"haut-rouergue/projets/{project.removesuffix('.yml')}/index.html"
    assert after[changed] != before[changed]
    parts = {p for p in after if p.startswith("pagefind/parties/") and p.endswith("entry.json")}
    assert len(parts) >= 3
    kept_parts = {p for p in parts if after[p] == before.get(p)}
    assert kept_parts and kept_parts != parts  # the changed territory's part is indexed again
    # The kept territories' folders were moved in whole, not linked: the replaced site, which
    # the next build removes, no longer has them.
    replaced = built / ".site.precedent"
    assert (replaced / "haut-rouergue").is_dir() and (replaced / "index.html").is_file()
    assert not (replaced / "grand-quercy").exists() and not (replaced / "midi-quercy").exists()

    # A project removed: its page goes, as in a full build.
    for folder in (built, reference):
        (folder / PROJECT / project).unlink()
    said = _build(built, "--dirty")
    assert REUSED in said
    _same_as_full_build(built, reference)


@pytest.mark.parametrize(("changed", "old", "new"), [
    ("territories/site.yml", "nom: ", "nom: Nouveau "),
    # A hand-written page's title is in every page's menu.
    ("content/a-propos.md", "# ", "# Nouveau titre : "),
])
def test_a_site_wide_change_rebuilds_everything(tmp_path: Path, changed: str, old: str,
                                                new: str) -> None:
    built, reference = _example(tmp_path / "a"), _example(tmp_path / "b")
    _build(built)
    before = _inodes(built / "site")
    _edit([built, reference], changed, old, new)

    said = _build(built, "--dirty")

    assert REUSED not in said
    _same_as_full_build(built, reference)
    assert _inodes(built / "site")["grand-quercy/index.html"] != before["grand-quercy/index.html"]


def test_without_dirty_or_with_a_damaged_record_the_build_is_full(tmp_path: Path) -> None:
    built = _example(tmp_path / "a")
    _build(built)
    assert REUSED not in _build(built)  # `mkdocs build` alone: always full
    for record in (built / ".cache" / "territoire-ouvert").glob("construction-*.json"):
        record.write_text('{"version": 1, "site": ', encoding="utf-8")
    assert REUSED not in _build(built, "--dirty")
    assert REUSED in _build(built, "--dirty")  # the full build wrote a new record


def test_territories_sharing_a_contract_are_rebuilt_together(tmp_path: Path) -> None:
    """The holder's contract page counts the partner's projects: a change in the partner's
    folder rebuilds the holder's pages too."""
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        sharing_territories(folder)
        (folder / "content").mkdir()
        (folder / "mkdocs.yml").write_text(site_config("Deux vallées"), encoding="utf-8")
        folders.append(folder)
    built, reference = folders
    _build(built)
    _edit(folders, "territories/autre-vallee/projets/maison-des-services.yml",
          "cout_total: 300000", "cout_total: 450000")

    _build(built, "--dirty")

    _same_as_full_build(built, reference)
    page = (built / "site/vallee-test/contrats/crte/index.html").read_text(encoding="utf-8")
    # 500,000 € in the holder's folder, 450,000 € (was 300,000) in the partner's.
    assert "950000€decoûttotal" in re.sub(r"<[^>]+>|\s", "", page)
    result = validate(built / "territories", "territories", REFERENTIEL)
    snapshot = Snapshot.take(built / "territories", SiteFiles(built / "mkdocs.yml", None, None))
    keys = territory_keys(build_catalog(result.dataset), snapshot)
    assert keys["vallee-test"] == keys["autre-vallee"]


def test_a_damaged_or_older_record_is_not_read(tmp_path: Path) -> None:
    record = tmp_path / "construction.json"
    for text in ("", "[]", '{"version": 0}', '{"version": 1, "site": "x", "parts": [],'
                 ' "territories": {"t": ["k"]}}', '{"version": 3, "site": "x", "parts": [],'
                 ' "territories": {}, "folders": {}}'):
        record.write_text(text, encoding="utf-8")
        assert read_manifest(record) is None, text
    manifest = Manifest("clé", {"t": Published("k", ["t/index.md"], ["t/donnees/p.csv"])},
                        [["index.html"], ["t/index.html"]], {"t": "t"},
                        {"tous-les-projets/46.md": "clé de la page"})
    record.write_text(manifest.to_json(), encoding="utf-8")
    assert read_manifest(record) == manifest


def test_only_folders_holding_one_territory_alone_may_be_moved_whole() -> None:
    territories = {"a": Published("k", ["a/index.md", "a/projets/p.md"],
                                  ["a/donnees/projets.csv", "assets/cartes/a.svg"]),
                   "b": Published("k", ["b/index.md"], ["assets/cartes/b.svg"])}
    outputs = [("a/index.md", "a/index.html"), ("a/projets/p.md", "a/projets/p/index.html"),
               ("a/donnees/projets.csv", "a/donnees/projets.csv"),
               ("assets/cartes/a.svg", "assets/cartes/a.svg"), ("b/index.md", "b/index.html"),
               ("assets/cartes/b.svg", "assets/cartes/b.svg"), ("index.md", "index.html"),
               ("b/photo.jpg", "b/photo.jpg")]  # a hand-written page's image in b's folder
    assert own_folders(territories, outputs) == {"a": "a"}


def _published(tmp_path: Path) -> tuple[Path, Path]:
    final, staging = tmp_path / "site", tmp_path / ".site.construction"
    for folder in ("a", "b"):
        write(final, f"{folder}/index.html", folder)
    write(final, "index.html", "ancien")
    write(staging, "index.html", "nouveau")
    return final, staging


def _whole(final: Path) -> None:
    assert (final / "a/index.html").read_text(encoding="utf-8") == "a"
    assert (final / "b/index.html").read_text(encoding="utf-8") == "b"
    assert (final / "index.html").read_text(encoding="utf-8") == "ancien"


def test_kept_folders_move_in_at_the_swap(tmp_path: Path) -> None:
    final, staging = _published(tmp_path)
    write(staging, "b/autre.html", "écrit par la construction")  # b is merged, not moved

    publish(staging, final, ["a", "b"])

    assert (final / "index.html").read_text(encoding="utf-8") == "nouveau"
    assert (final / "a/index.html").read_text(encoding="utf-8") == "a"
    assert {p.name for p in (final / "b").iterdir()} == {"index.html", "autre.html"}
    assert not (tmp_path / ".site.precedent" / "a").exists()


def test_a_swap_that_fails_leaves_the_published_site_whole(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    final, staging = _published(tmp_path)
    rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if self == staging:  # the last step: the new site takes the published one's place
            raise PermissionError("refusé")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(PermissionError):
        publish(staging, final, ["a", "b"])
    monkeypatch.undo()
    _whole(final)
    assert not (staging / "a").exists()

    # A replaced site that could not be removed: nothing is moved at all.
    final, staging = _published(tmp_path / "autre")
    write(tmp_path / "autre", ".site.precedent/verrou", "x")
    monkeypatch.setattr("generator.publishing.shutil.rmtree", lambda *args, **kwargs: None)
    with pytest.raises(OSError):
        publish(staging, final, ["a", "b"])
    _whole(final)


def test_a_part_kept_in_place_is_left_as_it_is(tmp_path: Path) -> None:
    """`mkdocs serve --dirty` builds where the last build is: a kept part is already there."""
    from generator.search import Indexer, PreviousIndex

    site = tmp_path / "site"
    for page in ("index.html", "a/index.html", "b/index.html"):
        write(site, page, "<html><body>page</body></html>")
    write(site, "pagefind/parties/2/pagefind-entry.json", "{}")
    indexer = Indexer(site, ["index.html", "a/index.html", "b/index.html"], 1,
                      PreviousIndex(site, [["index.html"], ["a/index.html"], ["b/index.html"]]))
    indexer.known.update({"a/index.html"})
    assert indexer._kept(1)
    (site / "a/index.html").write_text("changée", encoding="utf-8")
    indexer.changed.add("a/index.html")
    assert not indexer._kept(1)


def test_a_changed_part_is_indexed_as_soon_as_its_pages_are_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a rebuild, the changed territory's part of the index runs while the next pages are
    rendered; an unchanged part waits for the end, where it is kept; the first part (the
    site's own pages) always waits for the end."""
    from generator.search import Indexer, PreviousIndex

    started: list[int] = []
    monkeypatch.setattr(Indexer, "_start", lambda self, part: started.append(part))
    pages = ["index.html", "a/index.html", "a/p/index.html", "b/index.html", "b/p/index.html"]
    previous = PreviousIndex(tmp_path / "publie", [["index.html"], pages[1:3], pages[3:]])
    indexer = Indexer(tmp_path / "site", pages, 2, previous)
    assert indexer.parts == previous.parts
    indexer.taken(["b/index.html", "b/p/index.html"])  # b did not change
    for page, changed in [("index.html", True), ("a/index.html", False), ("a/p/index.html", True)]:
        indexer.known.add(page)
        if changed:
            indexer.changed.add(page)
        indexer.written(page)
    assert started == [1]  # a's part, at once; b's and the first wait for the end
    unchanged = Indexer(tmp_path / "site", pages, 2, previous)
    unchanged.taken(pages[3:])
    for page in pages[:3]:
        unchanged.known.add(page)
        unchanged.written(page)
    assert started == [1]  # nothing changed in a's part: left to `finish`, which keeps it


def test_the_sites_open_data_takes_unchanged_territories_parts(tmp_path: Path) -> None:
    """The whole site's files join one part per territory: a part kept under the same key is
    taken as it is, any other is made again; a damaged store is made again whole."""
    from generator.cachefiles import PartStore

    made: list[str] = []

    def make(slug: str) -> list[str]:
        made.append(slug)
        return [f"ligne de {slug}"]

    territories = ["a", "b"]
    first = PartStore(tmp_path, {"a": "1", "b": "1"}, read=False)
    assert first.collect("projets.csv", territories, make) == [["ligne de a"], ["ligne de b"]]
    assert made == ["a", "b"]
    made.clear()
    again = PartStore(tmp_path, {"a": "1", "b": "2"})
    assert again.collect("projets.csv", territories, make) == [["ligne de a"], ["ligne de b"]]
    assert made == ["b"]  # a's part was kept
    made.clear()
    full = PartStore(tmp_path, {"a": "1", "b": "2"}, read=False)
    full.collect("projets.csv", territories, make)
    assert made == ["a", "b"]  # a full build makes every part
    made.clear()
    for stored in (tmp_path / "parties").iterdir():
        stored.write_bytes(stored.read_bytes()[:30])
    PartStore(tmp_path, {"a": "1", "b": "2"}).collect("projets.csv", territories, make)
    assert made == ["a", "b"]


def test_a_territory_removed_then_back(tmp_path: Path) -> None:
    """A territory that leaves the site takes its pages, data and search entries with it; back,
    it is built again: each time the same site as a full build. (The list of territories is in
    the whole site's key: portal, menus, commune outlines simplified together.)"""
    built, reference = _example(tmp_path / "a"), _example(tmp_path / "b")
    _build(built)
    kept = tmp_path / "midi-quercy"
    shutil.copytree(built / "territories" / "midi-quercy", kept)
    for folder in (built, reference):
        shutil.rmtree(folder / "territories" / "midi-quercy")
    _build(built, "--dirty")
    _same_as_full_build(built, reference)
    assert not (built / "site" / "midi-quercy").exists()
    assert "midi-quercy" not in (built / "site" / "donnees" / "projets.csv").read_text("utf-8")
    for folder in (built, reference):
        shutil.copytree(kept, folder / "territories" / "midi-quercy")
    _build(built, "--dirty")
    _same_as_full_build(built, reference)
    assert "midi-quercy" in (built / "site" / "donnees" / "projets.csv").read_text("utf-8")


def test_a_departements_listing_is_kept_when_none_of_its_territories_changed(
        tmp_path: Path) -> None:
    """Past the portal's table, projects are listed by département: a rebuild makes again the
    listing of the changed territory's département only, and the site is a full build's."""
    from tests.benchmarks.national import make_corpus

    def build(folder: Path, *args: str) -> None:  # not strict: the corpus has no legal notice
        assert mkdocs_build(folder, folder / "site", *args).returncode == 0

    built, reference = tmp_path / "a", tmp_path / "b"
    for folder in (built, reference):
        make_corpus(folder, 30, 1, maps=False)
    build(built)
    before = _inodes(built / "site")
    listings = {path: (built / "site" / path).read_text(encoding="utf-8") for path in before
                if re.fullmatch(r"tous-les-projets/[^/]+/index\.html", path)}
    slug = sorted(p.name for p in (built / "territories").iterdir() if p.is_dir())[0]
    _edit([built, reference], f"territories/{slug}/projets/projet-000.yml", 'titre: "',
          'titre: "Changé ')

    build(built, "--dirty")

    build(reference)
    assert _files(built / "site") == _files(reference / "site")
    after = _inodes(built / "site")
    mine = {path for path, html in listings.items() if f"{slug}/projets/" in html}
    assert mine and len(mine) < len(listings)
    for path in listings:
        assert (after[path] == before[path]) == (path not in mine), path
