"""Read the Code officiel géographique (communes.json, epci.json) into a `Referentiel`."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from generator.models.context import CommuneRef, EpciRef, Referentiel


class ReferentielError(Exception):
    """The reference folder is missing or unreadable: a configuration problem, in French."""


def load_referentiel(folder: Path) -> Referentiel:
    communes_path, epci_path = folder / "communes.json", folder / "epci.json"
    for path in (communes_path, epci_path):
        if not path.is_file():
            raise ReferentielError(
                f"référentiel introuvable : {path} n'existe pas. Indiquez le dossier du Code "
                "officiel géographique (communes.json, epci.json) ou retirez l'option referentiel.")
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in (communes_path, epci_path))
    return _cached(str(folder.resolve()), stamp)


@lru_cache(maxsize=2)
def _cached(folder: str, _stamp: tuple[tuple[int, int], ...]) -> Referentiel:
    """Read once per process while both files are unchanged (`mkdocs serve` rebuilds, tests):
    the key holds the date and size of each file, so an edited reference is read again."""
    base = Path(folder)
    try:
        communes = json.loads((base / "communes.json").read_text(encoding="utf-8"))
        epci = json.loads((base / "epci.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferentielError(f"référentiel illisible dans {folder} : {exc}") from exc
    ref = Referentiel(source=f"COG, {base.name}")
    for row in communes:
        if row.get("type") == "arrondissement-municipal":
            continue
        actuelle = row.get("type") == "commune-actuelle"
        code = str(row["code"])
        if not actuelle and code in ref.communes:
            continue  # a current commune keeps its own row over a former one with the same code
        ref.communes[code] = CommuneRef(code, row["nom"], row.get("departement", ""),
                                        int(row.get("population") or 0), actuelle,
                                        row.get("chefLieu"), row.get("region") or "")
    for row in epci:
        ref.epci[row["code"]] = EpciRef(row["code"], row["nom"],
                                        tuple(m["code"] for m in row["membres"]))
    ref.departements = _departements(base / "departements.json")
    return ref


def _departements(path: Path) -> dict[str, str]:
    """Names of the départements (optional file: without it, pages say their codes)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(row["code"]): str(row["nom"]) for row in rows if "code" in row and "nom" in row}
