"""List the hand-written pages and files of the site (`content/`, MkDocs' docs_dir), so that
validation can reserve their addresses, and read the pages' text, so that it can refuse
placeholder text there as in the data. Rendering them is the engine's business, not ours."""

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


PAGE_READ_LIMIT = 2_000_000
"""Bytes of a page read for the text checks: a larger Markdown page is not a hand-written one."""


def page_texts(folder: Path | None, pages: list[str]) -> list[tuple[str, str]]:
    """(relative path, text) of each Markdown page of `pages`; one that cannot be read is left
    to the engine, which says so itself."""
    if folder is None:
        return []
    texts: list[tuple[str, str]] = []
    for page in pages:
        if not page.lower().endswith(".md"):
            continue
        try:
            with (folder / page).open("rb") as stream:
                data = stream.read(PAGE_READ_LIMIT)
        except OSError:
            continue
        texts.append((page, data.decode("utf-8", errors="replace")))
    return texts
