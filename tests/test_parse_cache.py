"""The cache of parsed YAML files (generator.load.parsed): a file whose bytes did not change is
not parsed again, and what the cache gives is what the reader gives."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest

from generator.load import parsed
from generator.load.parsed import ParseCache, decode_document, encode_document
from generator.load.yamlfile import read_document
from generator.pipeline import validate
from tests.conftest import FIXTURES, write

TEXT = """
titre: "Projet : école"
date: 2023-05-02
moment: 2023-05-02 10:30:00+02:00
montant: 12.5
infini: .inf
nombre: 12345678901234567890
vide:
oui: true
"\\0d": une clé qui ressemble au marqueur du cache
liste:
  - {a: 1, b: [x, 2024-01-31]}
  - - imbriquée
"""


def test_a_document_comes_back_as_the_reader_made_it(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yml", TEXT)
    doc, issues = read_document(path, "p.yml")
    assert doc is not None and issues == []
    back = decode_document(path, "p.yml", encode_document(doc))
    assert back.data == doc.data
    assert isinstance(back.data["date"], dt.date) and isinstance(back.data["moment"], dt.datetime)
    assert back.data["moment"].utcoffset() == dt.timedelta(hours=2)
    assert math.isinf(back.data["infini"])
    # The places stay packed until a message needs them, then are those the reader found.
    assert "packed_marks" in back.__dict__ and "value_marks" not in back.__dict__
    assert back.mark(("liste", 0, "b", 1)) == doc.mark(("liste", 0, "b", 1)) == (11, 19)
    assert "packed_marks" not in back.__dict__
    assert back.value_marks == doc.value_marks and back.key_marks == doc.key_marks
    assert back.source_text == doc.source_text


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    reader = parsed.read_document

    def counted(path: Path, display: str, raw: bytes | None = None):  # type: ignore[no-untyped-def]
        calls.append(display)
        return reader(path, display, raw)

    monkeypatch.setattr(parsed, "read_document", counted)
    return calls


def _read(cache_dir: Path, root: Path, name: str) -> tuple[object, list[str]]:
    cache = ParseCache(cache_dir, root)
    doc, issues = cache.read(root / "t" / name, f"territories/t/{name}")
    cache.close()
    return (doc.data if doc else None), [i.format() for i in issues]


def test_unchanged_files_are_not_parsed_again(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    root, cache = tmp_path / "territories", tmp_path / "cache"
    path = write(root, "t/p.yml", TEXT)
    first = _read(cache, root, "p.yml")
    assert calls == ["territories/t/p.yml"]
    assert _read(cache, root, "p.yml") == first and len(calls) == 1  # from the cache
    path.write_text(TEXT.replace("12.5", "13"), encoding="utf-8")
    changed = _read(cache, root, "p.yml")
    assert len(calls) == 2 and changed[0]["montant"] == 13  # type: ignore[index]
    for stored in (cache / "lecture").glob("*.bin"):
        stored.write_bytes(stored.read_bytes()[:-20])
    assert _read(cache, root, "p.yml") == changed and len(calls) == 3  # damaged: read again


def test_a_file_with_problems_is_read_and_reported_each_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    root, cache = tmp_path / "territories", tmp_path / "cache"
    write(root, "t/p.yml", "titre: a\ntitre: b\n")
    first = _read(cache, root, "p.yml")
    assert first[1] and "titre" in first[1][0]
    assert _read(cache, root, "p.yml") == first and len(calls) == 2


def test_validation_says_the_same_with_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    crte = data / "vallee-test/contrats/crte.yml"
    crte.write_text(crte.read_text(encoding="utf-8").replace("statut: en_cours",
                                                             "statut: peut-etre"),
                    encoding="utf-8")
    expected = [i.format() for i in validate(data, "territories").issues]
    cache = tmp_path / "cache"
    for _ in range(2):  # the first run fills the cache, the second reads from it
        assert [i.format() for i in validate(data, "territories", cache=cache).issues] == expected
    assert list((cache / "lecture").glob("*.bin"))


def test_a_kept_file_stays_whole_when_its_neighbour_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A territory's cache is written again when one of its files changes: the files taken
    from it are written back as they were stored (dates included)."""
    calls = _counting(monkeypatch)
    root, cache = tmp_path / "territories", tmp_path / "cache"
    write(root, "t/p.yml", TEXT)
    other = write(root, "t/q.yml", "titre: autre\n")
    first = _read(cache, root, "p.yml")
    for text in ("titre: autre\n", "titre: changé\n", "titre: encore\n"):
        other.write_text(text, encoding="utf-8")
        reader = ParseCache(cache, root)
        doc, _ = reader.read(root / "t/p.yml", "territories/t/p.yml")
        reader.read(other, "territories/t/q.yml")
        reader.close()
        assert doc is not None and doc.data == first[0]
    assert calls.count("territories/t/p.yml") == 1


def test_a_released_document_keeps_no_packed_places(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yml", TEXT)
    doc, _ = read_document(path, "p.yml")
    assert doc is not None
    back = decode_document(path, "p.yml", encode_document(doc))
    back.release()
    assert "packed_marks" not in back.__dict__ and back.value_marks == {} and back.mark(("a",)) == (1, 1)


def test_a_first_build_parses_its_territories_in_worker_processes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders the cache lacks are parsed by workers, which fill it; the build then reads every
    territory file from the cache, and says the same as without it."""
    from generator.load import tree

    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    expected = [i.format() for i in validate(data, "territories").issues]
    monkeypatch.setattr(tree, "PARSE_AHEAD_MIN", 1)
    monkeypatch.setattr(tree.os, "cpu_count", lambda: 2)
    calls = _counting(monkeypatch)
    assert [i.format() for i in validate(data, "territories", cache=tmp_path / "c").issues] \
        == expected
    assert calls and not [c for c in calls if c.startswith("territories/vallee-test/")]


def test_failing_workers_only_cost_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.load import tree

    data = tmp_path / "territories"
    shutil.copytree(FIXTURES / "minimal", data)
    expected = [i.format() for i in validate(data, "territories").issues]

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(tree, "PARSE_AHEAD_MIN", 1)
    monkeypatch.setattr(tree.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(tree.subprocess, "Popen", broken)
    calls = _counting(monkeypatch)
    assert [i.format() for i in validate(data, "territories", cache=tmp_path / "c").issues] \
        == expected
    assert [c for c in calls if c.startswith("territories/vallee-test/")]
