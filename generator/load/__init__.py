"""Load stage: the only code that reads the data files and the reference files."""

from __future__ import annotations

import os
from pathlib import Path


def relative_text(path: Path, root: Path) -> str | None:
    """`path` under `root`, with « / » between folders, found from the paths' text (a national
    site reads forty thousand files: pathlib's `relative_to` took a second); None when `path`
    is not under `root` or is `root` itself. Every path read comes from the root and no link is
    followed: the relation is lexical."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if not text.startswith(prefix) or len(text) == len(prefix):
        return None
    return text[len(prefix):].replace(os.sep, "/")
