"""Build into a sibling folder and replace the published folder only once everything is written,
so a failed build (data error, template error, warning in strict mode) leaves it untouched.
Used by the MkDocs adapter; it knows nothing of MkDocs."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path


class WarningCounter(logging.Handler):
    """Counts warnings and errors logged during a build (MkDocs checks them only at the end)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def staging_dir(final: Path) -> Path:
    staging = final.parent / f".{final.name}.construction"
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def publish(staging: Path, final: Path) -> None:
    """Swap the new build in; the previous one is removed only after the swap."""
    previous = final.parent / f".{final.name}.precedent"
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
