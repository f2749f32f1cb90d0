"""What every export function receives: one signature for all of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.catalog import Catalog, TerritoryCatalog

if TYPE_CHECKING:
    from generator.cachefiles import PartStore


@dataclass(frozen=True)
class ExportContext:
    catalog: Catalog
    territories: list[TerritoryCatalog]
    """The territories the file covers: one, or all of them for the site's files."""
    base_url: str
    territory: str | None = None
    """The territory whose folder receives the file, or None for the site's `donnees/`."""
    parts: PartStore | None = None
    """The territories' parts kept from the last build, for the site's files (opendata.parts)."""
