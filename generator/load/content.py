"""List the hand-written pages and files of the site (`content/`, MkDocs' docs_dir), so that
validation can reserve their addresses. Their text is the engine's business, not ours."""

from __future__ import annotations

import os
from pathlib import Path


def content_files(folder: Path | None) -> list[str]:
    """Relative paths of the files MkDocs will publish from `folder`: it leaves out names that
    start with a dot and the `templates/` folder."""
    if folder is None or not folder.is_dir():
        return []
    found: list[str] = []
    for current, dirs, files in os.walk(folder, onerror=lambda _error: None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative = Path(current).relative_to(folder)
        if relative.parts[:1] == ("templates",):
            continue
        found += [(relative / name).as_posix() for name in sorted(files) if not name.startswith(".")]
    return sorted(found)
