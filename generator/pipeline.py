"""The pipeline without any site engine: load → validate → catalog."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.catalog import Catalog, build_catalog, shown_communes
from generator.issues import DataError, IssueList
from generator.load.content import content_files, page_texts
from generator.load.referentiel import load_referentiel
from generator.load.tree import load_tree
from generator.models.context import Referentiel
from generator.validate.accessibility import accessibility_warnings
from generator.validate.addresses import address_issues
from generator.validate.content import content_placeholders
from generator.validate.contours import contour_warnings
from generator.validate.dataset import Dataset, validate_tree
from generator.validate.rules import check_dataset

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry


@dataclass
class Validation:
    dataset: Dataset
    issues: IssueList

    @property
    def ok(self) -> bool:
        return not self.issues.errors


@dataclass(frozen=True)
class Content:
    """The hand-written pages (MkDocs' docs_dir), whose addresses the data may not take."""

    folder: Path
    shown: str = "content"


def validate(root: Path, display: str | None = None, referentiel: Path | None = None,
             content: Content | None = None, contours: Path | None = None,
             cache: Path | None = None) -> Validation:
    """Every problem of a data folder, plus the typed dataset built from what is valid. The
    build runs exactly this before anything else: when `valider` passes, so does the build.
    `cache`: where parsed files are kept between runs (see load.parsed)."""
    ref = load_referentiel(referentiel) if referentiel else None
    tree = load_tree(root, display, cache)
    dataset, issues = validate_tree(tree, ref)
    # Cross-field rules run on every model that validated, so one broken file hides nothing else.
    issues.extend(check_dataset(dataset, tree))
    pages = content_files(content.folder) if content else []
    shown = content.shown if content else "content"
    issues.extend(address_issues(dataset, tree, pages, shown))
    issues.extend(content_placeholders(page_texts(content.folder if content else None, pages),
                                       shown))
    if contours is not None:
        issues.extend(contour_warnings(dataset, contours))
    if not issues.errors:  # a site-wide warning would only add noise to the errors to fix first
        issues.extend(accessibility_warnings(dataset, tree))
    return Validation(dataset, issues)


def build(root: Path, display: str | None = None, referentiel: Path | None = None,
          contours: Path | None = None, cache: Path | None = None,
          content: Content | None = None) -> Catalog:
    """Validated, cross-referenced data, or DataError with the full list of errors."""
    result = validate(root, display, referentiel, content, contours, cache)
    if not result.ok:
        raise DataError(list(result.issues))
    for territory in result.dataset.territories:
        if territory.files is not None:
            territory.files.release()
    shapes = _shapes(result.dataset, contours, cache) if contours is not None else None
    return build_catalog(result.dataset, result.issues.warnings, shapes)


Shapes = tuple[dict[str, "BaseGeometry"], dict[str, "BaseGeometry"]]


def _shapes(dataset: Dataset, contours: Path, cache: Path | None) -> Shapes:
    # Geometry (shapely) is imported only for sites with maps: `valider` stays fast.
    from generator.geometry import GRID, SIMPLIFY, SIMPLIFY_MAP, wanted_codes
    from generator.load.cache import cache_key, cached

    codes = shown_communes(dataset)
    ref = dataset.referentiel
    key = cache_key(contours, wanted_codes(codes, ref),
                    f"{SIMPLIFY}|{SIMPLIFY_MAP}|{ref.source if ref else ''}")
    return cached(cache, key, lambda: load_shapes(contours, codes, ref), GRID)


def load_shapes(folder: Path, codes: set[str], ref: Referentiel | None) -> Shapes:
    """Contours of every commune the site shows: simplified for the exports, more for maps."""
    from generator.geometry import SIMPLIFY_MAP, commune_shapes, simplify_coverage, wanted_codes
    from generator.load.contours import read_contours

    shapes = commune_shapes(read_contours(folder, wanted_codes(codes, ref)), ref)
    if not shapes:
        return shapes, shapes
    return simplify_coverage(shapes), simplify_coverage(shapes, SIMPLIFY_MAP)
