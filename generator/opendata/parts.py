"""Exports made of one part per territory (projects, funding, cumuls, map points and
perimeters): the whole site's file joins the parts, and an incremental build takes the parts of
unchanged territories from the last build (cachefiles.PartStore)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.catalog import TerritoryCatalog
from generator.opendata.context import ExportContext
from generator.opendata.tables import ExportFile


@dataclass(frozen=True)
class ByTerritory:
    """An export whose file joins one part per territory, in the territories' order."""

    name: str
    part: Callable[[ExportContext, TerritoryCatalog], Any]
    """A territory's part, as `marshal` writes it: texts, bytes, numbers, tuples, lists,
    mappings (a part already written: see tables.Piece)."""
    join: Callable[[ExportContext, list[Any]], ExportFile | None]

    def __call__(self, ctx: ExportContext) -> ExportFile | None:
        if ctx.parts is None or ctx.territory is not None:
            return self.join(ctx, [self.part(ctx, t) for t in ctx.territories])
        by_slug = {t.slug: t for t in ctx.territories}
        return self.join(ctx, ctx.parts.collect(self.name, by_slug,
                                                lambda slug: self.part(ctx, by_slug[slug])))
