"""Warn about communes the maps and geographic exports will lack, located where the data names
them. It runs with the other rules, so `valider` and the build say the same thing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.issues import Issue, Severity
from generator.load.contours import contour_codes, departement_of
from generator.load.yamlfile import Document, KeyPath
from generator.models.context import CommuneRef, Referentiel
from generator.perimeters import perimeter_communes
from generator.validate.dataset import Dataset, TerritoryData

Place = tuple[Document, KeyPath, str]


def _places(territory: TerritoryData, ref: Referentiel | None) -> Iterator[tuple[str, Place]]:
    """Each commune a page or map of the territory shows, with where the data names it."""
    files = territory.files
    assert files is not None and territory.territoire is not None
    own = files.files["territoire.yml"]
    names = {c.code: c.nom for c in territory.territoire.all_communes()}
    for e, epci in enumerate(territory.territoire.epci):
        for c, commune in enumerate(epci.communes):
            yield commune.code, (own, ("epci", e, "communes", c, "code"), commune.nom)
    for c, commune in enumerate(territory.territoire.communes):
        yield commune.code, (own, ("communes", c, "code"), commune.nom)
    known = ref.communes if ref else {}
    for slug in territory.contrats:
        if slug in territory.shared:
            continue  # said with the file of the territory that holds it
        for code in sorted(perimeter_communes(territory.territoire, territory.contrats[slug],
                                                  ref.epci if ref else {})):
            yield code, (files.contrats[slug], (), names.get(code) or _name(code, known))
    for slug, project in territory.projets.items():
        if project.published:
            for code in project.communes:
                yield code, (files.projets[slug], (), names.get(code) or _name(code, known))


def _name(code: str, known: dict[str, CommuneRef]) -> str:
    return known[code].nom if code in known else code


def contour_warnings(dataset: Dataset, folder: Path) -> list[Issue]:
    ref = dataset.referentiel
    places: dict[str, Place] = {}
    for territory in dataset.territories:
        if territory.territoire is not None and territory.files is not None:
            for code, place in _places(territory, ref):
                places.setdefault(code, place)
    if not places:
        return []
    available = contour_codes(folder, {departement_of(c) for c in places} | _old_departements(
        places, ref))
    merged: dict[str, set[str]] = {}
    for old, row in (ref.communes.items() if ref else ()):
        if not row.actuelle and row.chef_lieu:
            merged.setdefault(row.chef_lieu, set()).add(old)
    issues = []
    for code, (doc, path, name) in sorted(places.items()):
        if code not in available and not merged.get(code, set()) & available:
            issues.append(doc.issue(path, f"la commune {code} ({name}) n'a pas de contour dans "
                                    f"{folder} : elle manquera sur les cartes et son point sera "
                                    "absent des exports géographiques.", severity=Severity.WARNING))
    return issues


def _old_departements(places: dict[str, Place], ref: Referentiel | None) -> set[str]:
    """Communes merged since the contours were drawn may lie in another file (rare)."""
    if ref is None:
        return set()
    return {departement_of(old) for old, row in ref.communes.items()
            if not row.actuelle and row.chef_lieu in places}
