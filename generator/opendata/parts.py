"""Exports made of one part per territory (the projects, funding, cumuls and map files), and
the parts kept between builds for the whole site's files.

The whole site's `donnees/projets.csv` joins every territory's projects: a national site has
tens of thousands. When one project changes, an incremental build (generator.incremental)
keeps the other territories' pages as they are; the site's files are still made again, from
each territory's part, taken from the last build when the territory's key is the same. A part
is made by the same code whether it is kept or not, and joined by the same code: the file is
the same, byte for byte, as a full build's.

The parts are kept in `.cache/territoire-ouvert/parties/`, one file per export, in Python's
`marshal` format (values only: reading it never runs anything; trusted like the rest of the
project's folder, as the parsed files are)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.cachefiles import read_marshal, write_cache
from generator.catalog import TerritoryCatalog
from generator.opendata.context import ExportContext
from generator.opendata.tables import ExportFile

HEADER = f"territoire-ouvert parties marshal {marshal.version}\n".encode()


@dataclass(frozen=True)
class ByTerritory:
    """An export whose file joins one part per territory, in the territories' order."""

    name: str
    part: Callable[[ExportContext, TerritoryCatalog], Any]
    """A territory's part, as `marshal` writes it: texts, numbers, lists, mappings."""
    join: Callable[[ExportContext, list[Any]], ExportFile | None]

    def __call__(self, ctx: ExportContext) -> ExportFile | None:
        if ctx.parts is None or ctx.territory is not None:
            return self.join(ctx, [self.part(ctx, t) for t in ctx.territories])
        return self.join(ctx, ctx.parts.collect(self.name, ctx.territories,
                                                lambda t: self.part(ctx, t)))


class PartStore:
    """The parts of the whole site's files from the last build, each under its territory's
    key (its data, and everything site-wide: see generator.incremental)."""

    def __init__(self, folder: Path, keys: dict[str, str], read: bool = True) -> None:
        self.folder = folder / "parties"
        self.keys = keys
        self.read = read
        """False: every part is made again (and kept for the next build)."""

    def collect(self, name: str, territories: Iterable[TerritoryCatalog],
                compute: Callable[[TerritoryCatalog], Any]) -> list[Any]:
        """Each territory's part: kept when its key is the same, made otherwise."""
        path = self.folder / f"{hashlib.sha256(name.encode()).hexdigest()[:24]}.bin"
        stored = read_marshal(path, HEADER) if self.read else {}
        kept: dict[str, tuple[str, Any]] = {}
        parts: list[Any] = []
        made = False
        for t in territories:
            key, entry = self.keys.get(t.slug), stored.get(t.slug)
            if key is not None and isinstance(entry, tuple) and len(entry) == 2 and entry[0] == key:
                part = entry[1]
            else:
                part, made = compute(t), True
            parts.append(part)
            if key is not None:
                kept[t.slug] = (key, part)
        if made or kept.keys() != stored.keys():
            with contextlib.suppress(ValueError):  # a value marshal cannot write: not kept
                write_cache(path, HEADER + marshal.dumps(kept))
        return parts

