"""Which files cited by the data (images, documents) may be published. A file is published as
it is, to everyone: it must be a regular file of the `medias/` folder, not a link to something
else (a draft, a file outside), of an accepted type whose content really is of that type, within
a size limit, and never one of the data files themselves."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from generator.formats import octets
from generator.load.media import MediaFacts, inspect

MEDIA_FOLDER = "medias"
MAX_MEDIA_BYTES = 20_000_000
"""A citizen on a rural connection downloads it: above this, publish a link (`url`) instead."""

IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}
DOCUMENT_TYPES = {".pdf", ".odt", ".ods", ".odp", ".doc", ".docx", ".xls", ".xlsx", ".csv",
                  ".txt", ".zip"} | IMAGE_TYPES

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _text(facts: MediaFacts) -> bool:
    # Plain text: no NUL byte, and readable as UTF-8 (a truncated last character is fine).
    if b"\x00" in facts.text_sample:
        return False
    try:
        facts.text_sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(facts.text_sample) - 3
    return True


def _avif(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")


_SIGNATURES: dict[str, tuple[str, Callable[[MediaFacts], bool]]] = {
    ".jpg": ("JPEG", lambda f: f.head.startswith(b"\xff\xd8\xff")),
    ".png": ("PNG", lambda f: f.head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".gif": ("GIF", lambda f: f.head[:6] in (b"GIF87a", b"GIF89a")),
    ".webp": ("WebP", lambda f: f.head[:4] == b"RIFF" and f.head[8:12] == b"WEBP"),
    ".avif": ("AVIF", lambda f: _avif(f.head)),
    ".pdf": ("PDF", lambda f: f.head.startswith(b"%PDF")),
    ".zip": ("ZIP", lambda f: f.head.startswith(_ZIP)),
    ".doc": ("Word 97-2003", lambda f: f.head.startswith(_OLE)),
    ".xls": ("Excel 97-2003", lambda f: f.head.startswith(_OLE)),
    ".csv": ("texte", _text),
    ".txt": ("texte", _text),
}
_SIGNATURES[".jpeg"] = _SIGNATURES[".jpg"]
for _office, _label in ((".odt", "OpenDocument"), (".ods", "OpenDocument"), (".odp", "OpenDocument"),
                        (".docx", "Word"), (".xlsx", "Excel")):
    _SIGNATURES[_office] = (_label, lambda f: f.head.startswith(_ZIP))


def _where(value: str, folder: Path, root: Path) -> str | None:
    """Why the path itself is refused, before looking at the file."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE):
        return (f"« {value} » est une adresse web : un fichier du dossier medias/ est attendu "
                "ici (pour un lien vers un document en ligne, utilisez « url »).")
    if value.startswith(("/", "\\")) or ".." in Path(value).parts:
        return (f"« {value} » sort du dossier du territoire : indiquez un chemin relatif "
                "comme « medias/photo.jpg », sans « .. » ni « / » au début.")
    if "\\" in value or "\x00" in value:
        return f"« {value} » n'est pas un chemin de fichier : écrivez-le comme « medias/photo.jpg »."
    return None


def _facts_problem(value: str, facts: MediaFacts, folder: Path) -> str | None:
    if facts.outside:
        return f"« {value} » pointe hors du dossier de données : copiez le fichier dans medias/."
    if facts.through_link:
        return (f"« {value} » est un lien symbolique : seul un vrai fichier est publié (un lien "
                "pourrait publier un brouillon ou une donnée interne). Remplacez le lien par le "
                "fichier lui-même.")
    if not facts.exists:
        return (f"le fichier « {value} » est introuvable : placez-le dans "
                f"{folder.name}/{Path(value).parent.as_posix()}/ ou corrigez le nom.")
    if not facts.regular:
        return f"« {value} » n'est pas un fichier ordinaire : indiquez un fichier de medias/."
    return None


def _content_problem(value: str, facts: MediaFacts, suffix: str,
                     data_files: set[tuple[int, int]]) -> str | None:
    if facts.identity in data_files:
        return (f"« {value} » est un des fichiers de données du site, sous un autre nom : il "
                "ne peut pas être publié comme document.")
    if facts.size > MAX_MEDIA_BYTES:
        return (f"« {value} » pèse {octets(facts.size)}, au-delà de la limite de "
                f"{octets(MAX_MEDIA_BYTES)} : réduisez-le, ou publiez-le ailleurs et donnez son "
                "adresse avec « url ».")
    label, matches = _SIGNATURES[suffix]
    if not matches(facts):
        return (f"« {value} » n'est pas un fichier {label} malgré son extension « {suffix} » : "
                "enregistrez-le au bon format, ou donnez-lui l'extension de son vrai format.")
    return None


def check_file(value: str, folder: Path, root: Path, allowed: set[str],
               data_files: set[tuple[int, int]] | None = None) -> str | None:
    """Why a referenced file cannot be published, or None when it can."""
    problem = _where(value, folder, root)
    if problem:
        return problem
    facts = inspect(folder, value, root)
    problem = _facts_problem(value, facts, folder)
    if problem:
        return problem
    suffix = Path(value).suffix.lower()
    if suffix not in allowed:
        return (f"« {suffix or value} » n'est pas un type de fichier accepté ici "
                f"({', '.join(sorted(allowed))}).")
    if Path(value).parts[0] != MEDIA_FOLDER:
        return (f"« {value} » n'est pas dans le dossier medias/ du territoire : déplacez-le dans "
                f"medias/ et écrivez « medias/{Path(value).name} ».")
    return _content_problem(value, facts, suffix, data_files or set())
