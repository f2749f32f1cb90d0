"""Benchmark: map generation time and map data size, per example territory and for a whole
département (every commune, one layer per EPCI).

    .venv/bin/python -m tests.benchmarks.cartes [--departement 46]
"""

from __future__ import annotations

import argparse
import json
import re
import time

from generator.geometry import SIMPLIFY_MAP, commune_shapes, simplify_coverage, wanted_codes
from generator.load.contours import read_contours
from generator.load.referentiel import load_referentiel
from generator.maps import Perimeter, zoning_map
from generator.models.registry import Carte
from generator.pipeline import build
from tests.conftest import EXAMPLE, REFERENTIEL, SHARED

CONTOURS = SHARED / "geo" / "communes"


def _data_size(script: str) -> int:
    return sum(len(m) for m in re.findall(r"_add\((\{.*?\})\);", script, re.S))


def example() -> None:
    started = time.perf_counter()
    catalog = build(EXAMPLE, "territories", REFERENTIEL, CONTOURS)
    print(f"Exemple : catalogue et géométrie en {time.perf_counter() - started:.2f} s "
          f"({len(catalog.shapes)} communes)")
    for slug, t in catalog.territories.items():
        own = [c.code for c in t.data.identity.all_communes()]
        perimeters = [Perimeter(c.type, c.nom, frozenset(catalog.perimeter_codes(t, s)))
                      for s, c in t.data.contrats.items()]
        started = time.perf_counter()
        fragment = zoning_map(Carte(), slug, catalog.map_shapes, t.commune_names, own,
                              perimeters, "z_")
        elapsed = time.perf_counter() - started
        print(f"  {slug:15} carte de zonage {elapsed * 1000:6.0f} ms, données "
              f"{_data_size(str(fragment.script)) / 1000:6.1f} ko, {len(own)} communes, "
              f"{len(perimeters)} contrats")


def departement(code: str) -> None:
    ref = load_referentiel(REFERENTIEL)
    communes = {c for c, r in ref.communes.items() if r.actuelle and r.departement == code}
    epcis = [e for e in ref.epci.values() if set(e.membres) & communes]
    started = time.perf_counter()
    shapes = commune_shapes(read_contours(CONTOURS, wanted_codes(communes, ref)), ref)
    read = time.perf_counter() - started
    started = time.perf_counter()
    simplified = simplify_coverage(shapes, SIMPLIFY_MAP)
    simplify = time.perf_counter() - started
    started = time.perf_counter()
    fragment = zoning_map(Carte(), code, simplified, {c: ref.communes[c].nom for c in communes},
                          sorted(communes), [Perimeter("EPCI", e.nom, frozenset(e.membres))
                                             for e in epcis], "d_")
    render = time.perf_counter() - started
    raw = sum(len(json.dumps(g.__geo_interface__)) for g in shapes.values())
    print(f"Département {code} : {len(communes)} communes, {len(epcis)} EPCI ; lecture "
          f"{read:.2f} s, simplification {simplify:.2f} s, carte {render:.2f} s ; données "
          f"{_data_size(str(fragment.script)) / 1000:.0f} ko (contours bruts {raw / 1000:.0f} ko)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai des cartes.")
    parser.add_argument("--departement", default="46")
    args = parser.parse_args()
    example()
    departement(args.departement)


if __name__ == "__main__":
    main()
