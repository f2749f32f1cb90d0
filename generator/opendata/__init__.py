"""Open data: the files published under `<territoire>/donnees/` and `donnees/`.

Each export is one function `(ExportContext) -> ExportFile | None` (None: nothing to publish
in that context, e.g. perimeters without contours), listed once in `EXPORTS`. Adding an export
is writing that function and adding one line here; the data pages, the plugin and the exporter
find it through `plan_exports`. Shares and amounts come computed from the catalog: export
modules only format them. An export whose file joins one part per territory (projects, funding,
cumuls, map points and perimeters) is a `ByTerritory` (opendata.parts): the whole site's file
then takes the parts of unchanged territories from the last build."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator import urls
from generator.cachefiles import PartStore
from generator.catalog import Catalog
from generator.opendata import (
    catalog_json,
    describe,
    fundings,
    geojson,
    projects,
    projets_territoire,
    rollups,
    scdl,
)
from generator.opendata.context import ExportContext
from generator.opendata.tables import Column, ExportFile

Export = Callable[[ExportContext], ExportFile | None]

EXPORTS: tuple[Export, ...] = (
    projects.export,
    fundings.export,
    scdl.export,
    projets_territoire.export,
    rollups.export,
    geojson.projects,
    geojson.perimeters,
    catalog_json.donnees,
    catalog_json.schema,
    catalog_json.index_schema_file,
)

__all__ = ["EXPORTS", "Column", "ExportContext", "ExportFile", "iter_exports", "plan_exports"]


def _files(ctx: ExportContext) -> list[ExportFile]:
    """The folder's files, then what describes them for harvesters."""
    files = [file for export in EXPORTS if (file := export(ctx)) is not None]
    return [*files, describe.datapackage(ctx, files), describe.dcat(ctx, files)]


def iter_exports(catalog: Catalog, base_url: str = "/", skip: frozenset[str] = frozenset(),
                 parts: PartStore | None = None) -> Iterator[tuple[str, list[ExportFile]]]:
    """Open data files by folder, one folder at a time: each territory's (but those in `skip`,
    kept from the last build), then the whole site's (from the territories' `parts` kept from
    the last build, when given)."""
    every = list(catalog.territories.values())
    for t in every:
        if t.slug in skip:
            continue
        yield urls.data_folder(t.slug), _files(ExportContext(catalog, [t], base_url, t.slug))
    yield urls.data_folder(None), _files(ExportContext(catalog, every, base_url, parts=parts))


def plan_exports(catalog: Catalog, base_url: str = "/") -> dict[str, list[ExportFile]]:
    """Every folder's files at once, with their bytes (for tests and small sites)."""
    return dict(iter_exports(catalog, base_url))
