"""Load stage: values, positions and refusals of the YAML reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.load import yamlfile
from generator.load.yamlfile import format_keypath, read_document


def _read(tmp_path: Path, text: str | bytes) -> yamlfile.Document | None:
    path = tmp_path / "f.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    doc, _ = read_document(path, "f.yml")
    return doc


def test_values_and_positions(tmp_path: Path) -> None:
    doc = _read(tmp_path, "titre: Halle\nfinancements:\n  - financeur: etat\n    montant: 1000\n"
                          "dates:\n  debut: 2024-01-02\n")
    assert doc is not None
    assert doc.data == {"titre": "Halle", "financements": [{"financeur": "etat", "montant": 1000}],
                        "dates": {"debut": dt.date(2024, 1, 2)}}
    assert doc.mark(("financements", 0, "montant")) == (4, 5)
    assert doc.mark(("dates", "debut")) == (6, 3)
    # A missing key is located at its closest existing parent.
    assert doc.mark(("financements", 0, "absent")) == (3, 5)
    assert doc.source_text[("financements", 0, "montant")] == "1000"


def test_unquoted_code_keeps_its_source_text(tmp_path: Path) -> None:
    doc = _read(tmp_path, "communes: [01234]\n")
    assert doc is not None
    assert doc.data == {"communes": [668]}  # YAML 1.1 reads a leading zero as octal
    assert doc.source_text[("communes", 0)] == "01234"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = _read(tmp_path, "\ufefftitre: Halle\n".encode())
    assert doc is not None and doc.data == {"titre": "Halle"}


def test_file_too_large_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("a: " + "x" * (yamlfile.MAX_FILE_BYTES + 10), encoding="utf-8")
    doc, issues = read_document(path, "f.yml")
    assert doc is None
    assert issues[0].message.startswith("le fichier fait 1000 ko, au-delà de la limite de 1000 ko")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("a: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    doc, issues = read_document(path, "f.yml")
    assert doc is None
    assert "imbriqué sur plus de 40 niveaux" in issues[0].message


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("a: &a [*a]\n", encoding="utf-8")
    doc, issues = read_document(path, "f.yml")
    assert doc is None and len(issues) == 1


def test_keypath_format() -> None:
    assert format_keypath(("financements", 1, "montant")) == "financements[1].montant"
    assert format_keypath((0, "a")) == "[0].a"
    assert format_keypath(()) == ""


def test_an_unclosed_bracket_is_said_where_it_opens(tmp_path: Path) -> None:
    """YAML notices a « [ » left open only on a later line: the message points at the bracket
    itself, where the « ] » is missing, and names the line where YAML stopped."""
    path = tmp_path / "p.yml"
    path.write_text("titre: École\nstatut: [en_cours\nresume: Un texte.\n", encoding="utf-8")
    _, issues = read_document(path, "p.yml")
    assert [(i.line, i.column) for i in issues] == [(2, 9)]
    assert "liste entre crochets ouverte ici n'est pas refermée avant la ligne 3" in issues[0].message
    assert "« ] »" in issues[0].message

    path.write_text("titre: École\nporteur: {nom: Mairie\nresume: Un texte.\n", encoding="utf-8")
    _, issues = read_document(path, "p.yml")
    assert [(i.line, i.column) for i in issues] == [(2, 10)]
    assert "accolades ouvert ici n'est pas refermé avant la ligne 3" in issues[0].message

    # On its own line, a missing comma or bracket is said where YAML stops, as before.
    path.write_text("statut: [en_cours }]\n", encoding="utf-8")
    _, issues = read_document(path, "p.yml")
    assert issues and "ouverte ici" not in issues[0].message


def test_a_missing_comma_in_a_list_over_several_lines_is_said_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "p.yml"
    path.write_text('communes: [\n  "46001",\n  "46002"\n  "46003",\n]\n', encoding="utf-8")
    _, issues = read_document(path, "p.yml")
    assert [i.line for i in issues] == [4]
    assert "ouverte ici" not in issues[0].message
