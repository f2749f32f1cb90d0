"""Load stage against hostile files and folders: each case ends as a located French message,
never a crash, a traceback or a silently ignored territory."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.load import yamlfile
from generator.load.yamlfile import read_document
from generator.pipeline import validate
from tests.conftest import BASE_PROJECT, REPO, messages

P = "vallee-test/projets/"
T = "territories/vallee-test/"
TOO_DEEP = ("le fichier est imbriqué sur plus de 40 niveaux : vérifiez l'indentation, ou la "
            "présence d'un alias qui se contient lui-même.")


def _read(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "f.yml"
    path.write_text(text, encoding="utf-8")
    _, issues = read_document(path, "f.yml")
    return [issue.format() for issue in issues]


# 1. Nesting depth is checked on the event stream, before anything recurses.

DEEP = {
    "crochets": ("[" * 100_000, "f.yml:1:42: " + TOO_DEEP),
    "accolades": ("{a: " * 100_000, "f.yml:1:165: " + TOO_DEEP),
    "tirets": ("- " * 100_000 + "x\n", "f.yml:1:83: " + TOO_DEEP),
    "indentation": ("".join("  " * i + "a:\n" for i in range(900)) + "  " * 900 + "x\n",
                    "f.yml:42:83: " + TOO_DEEP),
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_refused_before_composing(name: str, tmp_path: Path) -> None:
    text, expected = DEEP[name]
    assert _read(tmp_path, text) == [expected]


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_with_the_pure_python_parser(name: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Without LibYAML, PyYAML's composer would raise RecursionError instead."""
    monkeypatch.setattr(yamlfile, "_FAST", yaml.SafeLoader)
    text, expected = DEEP[name]
    assert _read(tmp_path, text) == [expected]


def test_deep_nesting_in_a_subprocess(tmp_path: Path) -> None:
    """LibYAML's composer crashed the interpreter (SIGSEGV): run it where a crash fails the test."""
    path = tmp_path / "f.yml"
    path.write_text("[" * 100_000, encoding="utf-8")
    code = ("import sys; from pathlib import Path; from generator.load.yamlfile import read_document; "
            "doc, issues = read_document(Path(sys.argv[1]), 'f.yml'); "
            "print('\\n'.join(i.format() for i in issues))")
    result = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True,
                            text=True, encoding="utf-8", timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "f.yml:1:42: " + TOO_DEEP


def test_deep_nesting_through_the_pipeline(data: Path) -> None:
    (data / P / "halle.yml").write_text("titre: " + "[" * 100_000, encoding="utf-8")
    assert messages(data) == [f"{T}projets/halle.yml:1:48: " + TOO_DEEP]


def test_recursion_error_becomes_an_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str, doc: yamlfile.Document) -> None:
        raise RecursionError

    monkeypatch.setattr(yamlfile, "_read_yaml", explode)
    assert _read(tmp_path, "a: 1\n") == [
        "f.yml:1:1: le fichier est trop complexe pour être lu (imbrication ou nombre de valeurs "
        "excessif) : simplifiez-le ou découpez-le en plusieurs fichiers."]


# 2. Only the core tags.

BAD_TAGS = {
    "a: !!binary aGVsbG8=\n": "!!binary",
    "a: !!set {x: null}\n": "!!set",
    "a: !!omap [{x: 1}]\n": "!!omap",
    "a: !!pairs [{x: 1}]\n": "!!pairs",
    "a: !!python/tuple [1, 2]\n": "!!python/tuple",
    "a: !!python/str x\n": "!!python/str",
    "a: !local x\n": "!local",
    "a: !local {x: 1}\n": "!local",
}


@pytest.mark.parametrize("text", sorted(BAD_TAGS))
def test_non_core_tags_are_refused(text: str, tmp_path: Path) -> None:
    assert _read(tmp_path, text) == [
        f"f.yml:1:4: a : l'étiquette YAML « {BAD_TAGS[text]} » n'est pas acceptée : retirez-la "
        "(écrivez la valeur simplement, entre guillemets si besoin)."]


def test_core_tags_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    path.write_text("a: !!str 12\nb: !!int '3'\nc: !!float 1\nd: !!bool yes\ne: !!null ''\n"
                    "f: !!timestamp 2024-01-02\ng: =\nh: <<\n", encoding="utf-8")
    doc, issues = read_document(path, "f.yml")
    assert issues == [] and doc is not None
    assert [doc.data[k] for k in "abcdef"] == ["12", 3, 1.0, True, None, dt.date(2024, 1, 2)]
    assert (doc.data["g"], doc.data["h"]) == ("=", "<<")  # plain text, not !!value / !!merge


def test_binary_tag_in_a_project(data: Path) -> None:
    (data / P / "halle.yml").write_text(
        BASE_PROJECT.replace("titre: Halle de Cazals", "titre: !!binary SGFsbGU="), encoding="utf-8")
    assert messages(data) == [
        f"{T}projets/halle.yml:1:8: titre : l'étiquette YAML « !!binary » n'est pas acceptée : "
        "retirez-la (écrivez la valeur simplement, entre guillemets si besoin)."]


# 3. Errors at the end of the file stay inside it and say what was left open.

def test_unclosed_quote_is_located_on_the_last_line(data: Path) -> None:
    text = BASE_PROJECT + 'description: "Une halle\n' + "".join(f"  ligne {n}\n" for n in range(8, 50))
    assert text.count("\n") == 49
    (data / P / "halle.yml").write_text(text, encoding="utf-8")
    assert messages(data) == [
        f"{T}projets/halle.yml:49:11: syntaxe YAML : le fichier se termine avant la fin du texte "
        "entre guillemets ouvert ligne 7 : ajoutez le guillemet de fin."]


def test_unclosed_bracket_says_where_it_opened(data: Path) -> None:
    (data / P / "halle.yml").write_text(BASE_PROJECT.replace('["46066"]', '["46066"'), encoding="utf-8")
    assert messages(data) == [
        f"{T}projets/halle.yml:6:19: syntaxe YAML : le fichier se termine avant la fin de la liste "
        "entre crochets ouverte ligne 6 : ajoutez le « ] » de fin."]


END_OF_FILE = {
    "a: {x: 1\n": "f.yml:1:9: syntaxe YAML : le fichier se termine avant la fin du dictionnaire "
                  "entre accolades ouvert ligne 1 : ajoutez le « } » de fin.",
    "a: [1,\n\n\n": "f.yml:3:1: syntaxe YAML : le fichier se termine avant la fin de la liste entre "
                    "crochets ouverte ligne 1 : ajoutez le « ] » de fin.",
    "a: {x: [1, 2\n": "f.yml:1:13: syntaxe YAML : le fichier se termine avant la fin de la liste "
                      "entre crochets ouverte ligne 1 : ajoutez le « ] » de fin.",
    "a: 1\nb: 'x\n": "f.yml:2:6: syntaxe YAML : le fichier se termine avant la fin du texte entre "
                     "apostrophes ouvert ligne 2 : ajoutez l'apostrophe de fin.",
    "%YAML 1.1\n": "f.yml:1:10: syntaxe YAML : le fichier se termine avant la fin d'une valeur : "
                   "vérifiez la fin du fichier (guillemets, crochets et accolades refermés, valeur "
                   "complète).",
}


@pytest.mark.parametrize("text", sorted(END_OF_FILE))
def test_end_of_file_errors(text: str, tmp_path: Path) -> None:
    assert _read(tmp_path, text) == [END_OF_FILE[text]]


# 4. No symbolic link is read.

def _link(path: Path, target: Path | str) -> None:
    path.unlink()
    path.symlink_to(target)


def test_territory_file_linked_to_itself(data: Path) -> None:
    _link(data / "vallee-test/territoire.yml", "territoire.yml")
    result = validate(data, "territories")
    assert not result.ok
    assert [i.format() for i in result.issues] == [
        f"{T}territoire.yml:1:1: « territoire.yml » est un lien symbolique : remplacez-le par le "
        "fichier lui-même."]


def test_territory_folder_linked_elsewhere(data: Path, tmp_path: Path) -> None:
    shutil.move(data / "vallee-test", tmp_path / "ailleurs")
    (data / "vallee-test").symlink_to(tmp_path / "ailleurs")
    assert messages(data) == [
        "territories/vallee-test:1:1: « vallee-test » est un lien symbolique : remplacez-le par le "
        "dossier lui-même."]


def test_linked_project_inside_the_data_folder(data: Path) -> None:
    (data / P / "copie.yml").symlink_to("sentier.yml")
    assert messages(data) == [
        f"{T}projets/copie.yml:1:1: « copie.yml » est un lien symbolique : remplacez-le par le "
        "fichier lui-même."]


def test_linked_root_file(data: Path, tmp_path: Path) -> None:
    shutil.move(data / "financeurs.yml", tmp_path / "financeurs.yml")
    (data / "financeurs.yml").symlink_to(tmp_path / "financeurs.yml")
    assert messages(data) == [
        "territories/financeurs.yml:1:1: « financeurs.yml » est un lien symbolique : remplacez-le "
        "par le fichier lui-même."]


def test_linked_collection_folder(data: Path, tmp_path: Path) -> None:
    shutil.move(data / "vallee-test/projets", tmp_path / "projets")
    (data / "vallee-test/projets").symlink_to(tmp_path / "projets")
    assert (f"{T}projets:1:1: « projets » est un lien symbolique : remplacez-le par le dossier "
            "lui-même.") in messages(data)


def test_link_loops_do_not_stop_the_loader(data: Path) -> None:
    (data / "boucle").symlink_to("boucle")
    (data / P / "boucle.yml").symlink_to("boucle.yml")
    (data / P / "annexe").symlink_to("annexe")
    assert messages(data) == [
        "territories/boucle:1:1: « boucle » est un lien symbolique : remplacez-le par le dossier "
        "lui-même.",
        f"{T}projets/annexe:1:1: avertissement : lien symbolique ignoré : seuls les fichiers .yml "
        "placés directement dans projets/ sont lus. Déplacez-le (les images et documents vont dans "
        "medias/).",
        f"{T}projets/boucle.yml:1:1: « boucle.yml » est un lien symbolique : remplacez-le par le "
        "fichier lui-même.",
    ]


def test_unreadable_folder(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data / "autre").mkdir()
    iterdir = Path.iterdir

    def refuse(self: Path) -> Iterator[Path]:
        if self.name == "autre":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert messages(data) == [
        "territories/autre:1:1: le dossier ne peut pas être lu (accès refusé) : vérifiez ses droits "
        "d'accès."]


def test_entry_that_cannot_be_examined(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data / "autre").mkdir()
    lstat = Path.lstat

    def refuse(self: Path) -> os.stat_result:
        if self.name == "autre":
            raise OSError(errno.ELOOP, "Too many levels of symbolic links", str(self))
        return lstat(self)

    monkeypatch.setattr(Path, "lstat", refuse)
    assert messages(data) == [
        "territories/autre:1:1: « autre » ne peut pas être lu (lien symbolique en boucle) : "
        "vérifiez ses droits d'accès."]


# 5. A hidden territory is skipped, but not silently.

def test_hidden_territory_folders_are_reported(data: Path) -> None:
    for folder, name in ((".brouillon", "territoire.yml"), ("_ancien", "territoire.yaml"),
                         (".git", "config"), ("medias", "territoire.yml"), ("schemas", "x.json")):
        (data / folder).mkdir()
        (data / folder / name).write_text("nom: x\n", encoding="utf-8")
    assert messages(data) == [
        "territories/.brouillon/territoire.yml:1:1: avertissement : le dossier « .brouillon » "
        "commence par un point : ce territoire n'est pas publié. Renommez le dossier (minuscules, "
        "chiffres, tirets) pour le publier.",
        "territories/_ancien/territoire.yaml:1:1: avertissement : le dossier « _ancien » commence "
        "par « _ » : ce territoire n'est pas publié. Renommez le dossier (minuscules, chiffres, "
        "tirets) pour le publier.",
    ]


# 6. Names the system allows but Python or the report may not.

def test_names_that_are_not_utf8(data: Path) -> None:
    root = os.fsencode(data)
    (data / os.fsdecode(b"vallee-test/projets/h\xe9lo.yml")).write_text("titre: x\n", encoding="utf-8")
    os.mkdir(os.path.join(root, b"vall\xe9e"))
    with open(os.path.join(root, b"site\xe9.yml"), "w", encoding="utf-8") as stream:
        stream.write("x: 1\n")
    found = messages(data)
    assert found == [
        "territories/site\ufffd.yml:1:1: fichier inattendu « site\ufffd.yml » : il ne sera pas lu. "
        "Fichiers attendus ici : site.yml, financeurs.yml. Vouliez-vous dire « site.yml » ?",
        f"{T}projets/h\ufffdlo.yml:1:1: le nom de fichier « h\ufffdlo » sert d'adresse web : "
        "n'utilisez que des minuscules sans accents, des chiffres et des tirets. Renommez-le « hlo ».",
        "territories/vall\ufffde:1:1: le nom de dossier « vall\ufffde » sert d'adresse web : "
        "n'utilisez que des minuscules sans accents, des chiffres et des tirets. Renommez-le « valle ».",
        "territories/vall\ufffde/territoire.yml:1:1: fichier manquant : chaque territoire a un "
        "territoire.yml (nom, type, région, présentation, EPCI et communes).",
    ]
    "\n".join(found).encode("utf-8")  # the report can be printed


def test_very_long_names(data: Path) -> None:
    project = (data / P / "sentier.yml").read_text(encoding="utf-8")
    (data / P / ("a" * 251 + ".yml")).write_text(project, encoding="utf-8")  # 255 bytes: a valid slug
    accented = "é" * 125  # 250 bytes
    (data / P / (accented + ".yml")).write_text(project, encoding="utf-8")
    (data / ("b" * 255)).mkdir()
    assert messages(data) == [
        f"territories/{'b' * 255}/territoire.yml:1:1: fichier manquant : chaque territoire a un "
        "territoire.yml (nom, type, région, présentation, EPCI et communes).",
        f"{T}projets/{accented}.yml:1:1: le nom de fichier « {accented} » sert d'adresse web : "
        "n'utilisez que des minuscules sans accents, des chiffres et des tirets. "
        f"Renommez-le « {'e' * 125} ».",
    ]


def test_named_pipe_is_not_read(data: Path) -> None:
    """Reading a FIFO would block forever: only regular files are opened."""
    os.mkfifo(data / P / "attente.yml")
    assert messages(data) == [
        f"{T}projets/attente.yml:1:1: avertissement : fichier ignoré : seuls les fichiers .yml "
        "placés directement dans projets/ sont lus. Déplacez-le (les images et documents vont dans "
        "medias/)."]


def test_huge_file_is_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "f.yml"
    with path.open("wb") as stream:
        stream.truncate(50_000_000)  # sparse: 50 Mo announced, nothing read past the limit
    _, issues = read_document(path, "f.yml")
    assert [i.format() for i in issues] == [
        "f.yml:1:1: le fichier fait 50000 ko, au-delà de la limite de 1000 ko : découpez-le (un "
        "fichier par projet ou par contrat) et placez les documents dans medias/."]
