"""What every export function receives: one signature for all of them."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog import Catalog, TerritoryCatalog


@dataclass(frozen=True)
class ExportContext:
    catalog: Catalog
    territories: list[TerritoryCatalog]
    """The territories the file covers: one, or all of them for the site's files."""
    base_url: str
    territory: str | None = None
    """The territory whose folder receives the file, or None for the site's `donnees/`."""
