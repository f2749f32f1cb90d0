"""The search index (Pagefind): built after the pages, and the same bytes for the same pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.search import _decode, _encode, index_site, stabilise


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
