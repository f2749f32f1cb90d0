"""Benchmark: what maps cost to build and to download, per example territory and for a whole
département (every commune, one perimeter per EPCI).

    .venv/bin/python -m tests.benchmarks.cartes [--departement 46]

Shared work (geometry file, base drawing) is done once per territory; each page's map is then
small data. The figures are the medians of several runs, in-process.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Callable
from typing import Any

from generator.cartography import TerritoryMaps
from generator.catalog import Catalog
from generator.maps import base_script
from generator.models.registry import Carte
from generator.pipeline import build
from generator.render.environment import make_environment
from tests.conftest import EXAMPLE, REFERENTIEL, SHARED

CONTOURS = SHARED / "geo" / "communes"
ENV = make_environment()
MACRO = ENV.from_string('{% from "territoires/_macros.html" import carte %}'
                        '{{ carte(m, "../../", tiles) }}')


def _median_ms(work: Callable[[], Any], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _kb(data: bytes) -> str:
    return f"{len(data) / 1000:.0f} ko ({len(gzip.compress(data)) / 1000:.0f} ko compressés)"


def territory(catalog: Catalog, slug: str) -> None:
    t = catalog.territories[slug]
    maps = TerritoryMaps(catalog, t)
    drawing = ENV.get_template("territoires/carte-fond.svg")
    shared = _median_ms(lambda: (TerritoryMaps(catalog, t).geometry_file(),
                                 drawing.render(**TerritoryMaps(catalog, t).base_context())), 3)
    geometry = maps.geometry_file()
    base = drawing.render(**maps.base_context()).encode()
    pages = [lambda s=s: maps.contract(s) for s in t.data.contrats]
    pages += [lambda s=s: maps.project(s) for s in t.projects]
    maps.zoning()  # the per-territory work is then cached, as in a build

    def every_page_map() -> None:
        for page in pages:
            MACRO.render(m=page(), tiles=catalog.dataset.site.carte)

    per_map = _median_ms(every_page_map) / max(len(pages), 1)
    print(f"  {slug:15} partagé {shared:6.0f} ms ; par carte de page {per_map:5.2f} ms ; "
          f"géométrie {_kb(geometry)} ; dessin de base {_kb(base)}")


def example() -> None:
    started = time.perf_counter()
    catalog = build(EXAMPLE, "territories", REFERENTIEL, CONTOURS)
    print(f"Exemple : catalogue et géométrie en {time.perf_counter() - started:.2f} s "
          f"({len(catalog.shapes)} communes)")
    print(f"  fond de carte folium (une fois par site) : {_median_ms(lambda: base_script(Carte())):.1f} ms")
    for slug in catalog.territories:
        territory(catalog, slug)


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai des cartes.")
    parser.parse_args()
    example()


if __name__ == "__main__":
    main()
