"""The pipeline without any site engine: load → validate → catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shapely.geometry.base import BaseGeometry

from generator.catalog import Catalog, build_catalog, every_commune, missing_contours
from generator.geometry import SIMPLIFY_MAP, commune_shapes, simplify_coverage, wanted_codes
from generator.issues import DataError, Issue, IssueList
from generator.load.contours import read_contours
from generator.load.referentiel import load_referentiel
from generator.load.tree import load_tree
from generator.validate.dataset import Dataset, validate_tree
from generator.validate.rules import check_dataset


@dataclass
class Validation:
    dataset: Dataset
    issues: IssueList

    @property
    def ok(self) -> bool:
        return not self.issues.errors


def validate(root: Path, display: str | None = None, referentiel: Path | None = None) -> Validation:
    """Every problem of a data folder, plus the typed dataset built from what is valid."""
    ref = load_referentiel(referentiel) if referentiel else None
    tree = load_tree(root, display)
    dataset, issues = validate_tree(tree, ref)
    # Cross-field rules run on every model that validated, so one broken file hides nothing else.
    issues.extend(check_dataset(dataset, tree))
    return Validation(dataset, issues)


def build(root: Path, display: str | None = None, referentiel: Path | None = None,
          contours: Path | None = None) -> Catalog:
    """Validated, cross-referenced data, or DataError with the full list of errors."""
    result = validate(root, display, referentiel)
    if not result.ok:
        raise DataError(list(result.issues))
    catalog = build_catalog(result.dataset)
    catalog.warnings = result.issues.warnings
    if contours is not None:
        catalog.shapes, missing = load_shapes(catalog, contours)
        catalog.map_shapes = simplify_coverage(catalog.shapes, SIMPLIFY_MAP)
        catalog.warnings = sorted(catalog.warnings + missing)
    return catalog


def load_shapes(catalog: Catalog, folder: Path) -> tuple[dict[str, BaseGeometry], list[Issue]]:
    """Contours of every commune the site shows, and a warning for each one without contour."""
    ref = catalog.dataset.referentiel
    codes = set(every_commune(catalog))
    shapes = commune_shapes(read_contours(folder, wanted_codes(codes, ref)), ref)
    missing = missing_contours(catalog, codes - set(shapes), folder)
    return (simplify_coverage(shapes) if shapes else shapes), missing
