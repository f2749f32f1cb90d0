"""Writing what a run keeps for the next (`.cache/territoire-ouvert/`): parsed files, geometry,
the last build's outputs. A cache only saves time, so it never stops a run."""

from __future__ import annotations

import contextlib
from pathlib import Path


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
