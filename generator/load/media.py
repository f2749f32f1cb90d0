"""Look at a file the data cites (image, document) without following symbolic links: the
validation rules decide from these facts whether it may be published."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 64
"""Enough of the start of a file to recognise its format (PDF, PNG, ZIP, OLE…)."""


@dataclass(frozen=True)
class MediaFacts:
    exists: bool
    regular: bool = False
    through_link: bool = False
    """The path, or one of the folders on the way to it, is a symbolic link."""
    outside: bool = False
    """The path, links followed, ends outside the data folder."""
    size: int = 0
    head: bytes = b""
    text_sample: bytes = b""
    identity: tuple[int, int] | None = None
    """(device, inode): the same file under another name is the same identity."""


def identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _through_link(folder: Path, relative: str) -> bool:
    current = folder
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def inspect(folder: Path, relative: str, root: Path) -> MediaFacts:
    """Facts about `folder/relative`; never raises (a loop or a refusal is just a fact)."""
    path = folder / relative
    linked = _through_link(folder, relative)
    # os.path.realpath does not raise on a symlink loop, unlike Path.resolve before 3.13.
    outside = not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    try:
        info = os.stat(path, follow_symlinks=False)
    except (OSError, ValueError):
        return MediaFacts(exists=linked, through_link=linked, outside=outside)
    if linked or not stat.S_ISREG(info.st_mode):
        return MediaFacts(True, stat.S_ISREG(info.st_mode), linked, outside, info.st_size)
    try:
        with path.open("rb") as handle:
            sample = handle.read(8192)
    except OSError:
        return MediaFacts(True, True, False, outside, info.st_size)
    return MediaFacts(True, True, False, outside, info.st_size, sample[:HEAD_BYTES], sample,
                      (info.st_dev, info.st_ino))
