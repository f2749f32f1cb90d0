"""Writing what a run keeps for the next (`.cache/territoire-ouvert/`): parsed files, geometry,
the last build's outputs. A cache only saves time, so it never stops a run."""

from __future__ import annotations

import contextlib
import marshal
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
