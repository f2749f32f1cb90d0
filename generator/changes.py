"""`territoire-ouvert changements <ref>`: what a change does to the data, for the people who
review it — projects and contracts added, modified (key by key, old → new) and removed since a
git reference, and the territory's amounts before and after — as Markdown a merge request can
show."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.catalog import build_catalog
from generator.failures import CommandError
from generator.formats import euros
from generator.pipeline import validate
from generator.validate.dataset import TerritoryData


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=120,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CommandError(f"git n'a pas pu être lancé ({exc}).") from None


def _old_tree(data: Path, ref: str, target: Path) -> Path:
    """The data folder as it was at `ref`, extracted into `target` (run from the folder, git
    archives that folder only, with paths relative to it)."""
    if _git(data, "rev-parse", "--show-prefix").returncode != 0:
        raise CommandError(f"« {data} » n'est pas dans un dépôt git.")
    archive = _git(data, "archive", "--format=tar", ref, ".")
    if archive.returncode != 0:
        raise CommandError(f"la référence git « {ref} » est introuvable : indiquez une branche "
                           "(main), une étiquette ou un commit.")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return euros(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or value == [] or value == "":
        return "(vide)"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, BaseModel):
        value = dict(value)
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found |= _flat(item, f"{prefix}.{key}" if prefix else str(key))
        return found
    if isinstance(value, list) and value and isinstance(value[0], BaseModel | dict):
        found = {}
        for index, item in enumerate(value):
            found |= _flat(item, f"{prefix}[{index}]")
        return found
    return {prefix: value}


def _differences(old: BaseModel, new: BaseModel) -> list[str]:
    before, after = _flat(old), _flat(new)
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return [f"`{k}` : {_shown(before.get(k))} → {_shown(after.get(k))}" for k in keys]


def _section(title: str, items: list[str]) -> list[str]:
    return [f"**{title} ({len(items)})**", "", *[f"- {item}" for item in items], ""] if items else []


def _title(model: Any) -> str:
    return str(getattr(model, "titre", None) or getattr(model, "nom", ""))


def _territory_changes(slug: str, old: TerritoryData | None, new: TerritoryData | None) -> list[str]:
    lines: list[str] = []
    for kind, label in (("projets", "Projets"), ("contrats", "Contrats")):
        before = getattr(old, kind, {}) if old else {}
        after = getattr(new, kind, {}) if new else {}
        # A file still there but with errors is not removed: it is changed, and invalid.
        present = set(getattr(new.files, kind, {})) | set(after) if new and new.files else set(after)
        invalid = sorted(present - set(after))
        added = [f"« {_title(after[s])} » ({kind}/{s}.yml)" for s in sorted(set(after) - set(before))]
        removed = [f"« {_title(before[s])} » ({kind}/{s}.yml)" for s in sorted(set(before) - present)]
        changed = [f"{kind}/{s}.yml : la fiche a des erreurs (« territoire-ouvert valider »)"
                   for s in invalid]
        for s in sorted(set(before) & set(after)):
            differences = _differences(before[s], after[s])
            if differences:
                changed.append(f"« {_title(after[s])} » ({kind}/{s}.yml) : " + " ; ".join(differences))
        lines += _section(f"{label} ajoutés", added) + _section(f"{label} modifiés", changed)
        lines += _section(f"{label} retirés", removed)
    return lines


def _amounts(old: Any, new: Any, slug: str) -> list[str]:
    def figures(catalog: Any) -> tuple[Decimal, Decimal, int]:
        t = catalog.territories.get(slug) if catalog else None
        return (t.total.funding, t.total.cost, t.total.count) if t else (Decimal(0), Decimal(0), 0)

    (f0, c0, n0), (f1, c1, n1) = figures(old), figures(new)
    if (f0, c0, n0) == (f1, c1, n1):
        return []
    return ["**Montants du territoire (projets publiés, hors abandonnés)**", "",
            f"- projets : {n0} → {n1}",
            f"- financements accordés : {euros(f0)} → {euros(f1)}",
            f"- coûts connus : {euros(c0)} → {euros(c1)}", ""]


def _catalog(result: Any) -> Any:
    return build_catalog(result.dataset) if result.ok else None


def summary(data: Path, ref: str) -> str:
    """The Markdown summary of the changes to `data` since `ref`."""
    with tempfile.TemporaryDirectory() as tmp:
        old_root = _old_tree(data, ref, Path(tmp))
        old = validate(old_root, "territories")
        new = validate(data, "territories")
        old_by = {t.slug: t for t in old.dataset.territories}
        new_by = {t.slug: t for t in new.dataset.territories}
        old_catalog = _catalog(old)
        new_catalog = _catalog(new) if new.ok else None
        lines = [f"## Changements des données depuis {ref}", ""]
        for slug in sorted(set(old_by) | set(new_by)):
            body = _territory_changes(slug, old_by.get(slug), new_by.get(slug))
            if new_catalog is not None:  # amounts only for data that validate
                body += _amounts(old_catalog, new_catalog, slug)
            if body:
                state = " (nouveau territoire)" if slug not in old_by else (
                    " (territoire retiré)" if slug not in new_by else "")
                lines += [f"### {slug}{state}", "", *body]
        if len(lines) == 2:
            lines.append("Aucun changement dans les projets et contrats.")
        if not new.ok:
            lines += ["", f"⚠ Les données modifiées ont {len(new.issues.errors)} erreur(s) : "
                      "lancez « territoire-ouvert valider »."]
        return "\n".join(lines).rstrip() + "\n"
