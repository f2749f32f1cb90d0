"""Writing what a run keeps for the next (`.cache/territoire-ouvert/`): parsed files, geometry,
the last build's outputs. A cache only saves time, so it never stops a run."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def write_cache(path: Path, content: bytes) -> None:
    """Written whole or not at all (a half-written file would be read as damaged), and not at
    all in a read-only project or on a full disk."""
    temporary = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(content)
        temporary.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def read_marshal(path: Path, header: bytes) -> dict[str, Any]:
    """A mapping kept in `marshal` format after `header` (what it was made by), or nothing when
    the file is missing, damaged or from another version: marshal builds values and never runs
    anything, but its format changes with Python's version."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    if not raw.startswith(header):
        return {}
    try:
        loaded = marshal.loads(raw[len(header):])
    except (EOFError, ValueError, TypeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


PARTS_HEADER = f"territoire-ouvert parties marshal {marshal.version}\n".encode()


class PartStore:
    """Parts of the whole site's files, one per territory, kept between builds under each
    territory's key (its data, and everything site-wide: see generator.incremental). A file
    joining every territory (the site's projects.csv, the portal's map) is then made again from
    the unchanged territories' parts and the changed ones' new parts: the same code makes and
    joins every part, so the file is that of a full build.

    One file per kind of part in `.cache/territoire-ouvert/parties/`, in `marshal` format
    (values only; trusted like the rest of the project's folder, as the parsed files are)."""

    def __init__(self, folder: Path, keys: dict[str, str], read: bool = True) -> None:
        self.folder = folder / "parties"
        self.keys = keys
        self.read = read
        """False: every part is made again (and kept for the next build)."""

    def collect(self, name: str, slugs: Iterable[str], compute: Callable[[str], Any]) -> list[Any]:
        """Each territory's part: kept when its key is the same, made otherwise."""
        path = self.folder / f"{hashlib.sha256(name.encode()).hexdigest()[:24]}.bin"
        stored = read_marshal(path, PARTS_HEADER) if self.read else {}
        kept: dict[str, tuple[str, Any]] = {}
        parts: list[Any] = []
        made = False
        for slug in slugs:
            key, entry = self.keys.get(slug), stored.get(slug)
            if key is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key:
                part = entry[1]
            else:
                part, made = compute(slug), True
            parts.append(part)
            if key is not None:
                kept[slug] = (key, part)
        if made or kept.keys() != stored.keys():
            with contextlib.suppress(ValueError):  # a value marshal cannot write: not kept
                write_cache(path, PARTS_HEADER + marshal.dumps(kept))
        return parts
