"""Fingerprints of input files (the data folder, the site's pages and templates, reference
data): what an incremental build compares with the last one's (generator.incremental). Part of
the loader, which alone reads the data folder; nothing here interprets a file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any


def hash_tree(digest: Any, folder: Path) -> None:
    """Names and bytes of every file under `folder`, in a stable order. Links are not
    followed, as the loader does not follow them."""
    if not folder.is_dir():
        digest.update(b"-")
        return
    # Plain texts rather than Path objects: a national data folder has fifty thousand files.
    base = os.fspath(folder)
    for current, dirs, files in os.walk(base):
        relative = os.path.relpath(current, base)
        prefix = "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            digest.update(f"{prefix}{name}\0".encode("utf-8", "surrogateescape"))
            try:
                with open(os.path.join(current, name), "rb") as stream:
                    digest.update(hashlib.sha256(stream.read()).digest())
            except OSError:
                digest.update(b"?")  # unreadable: the build reports it, the key still differs


def stat_tree(digest: Any, folder: Path | None) -> None:
    """Reference data is large and never edited by hand: its files' sizes and dates suffice."""
    if folder is None or not folder.is_dir():
        digest.update(b"-")
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())


def digest_tree(folder: Path) -> str:
    digest = hashlib.sha256()
    hash_tree(digest, folder)
    return digest.hexdigest()


def digest_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "-"


def entry_digests(root: Path) -> dict[str, str]:
    """Each entry at the top of the data folder (a territory's folder, site.yml…) and the
    digest of all it holds."""
    found: dict[str, str] = {}
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return found
    for entry in entries:
        is_folder = entry.is_dir() and not entry.is_symlink()
        found[entry.name] = digest_tree(entry) if is_folder else digest_file(entry)
    return found
