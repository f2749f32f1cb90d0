"""Publish a build atomically: build into a sibling folder, and replace the published folder
only once everything is written, so a failed build (data error, template error, warning in
strict mode, full disk) leaves it untouched. It also dates the build from the data, for
reproducible output. Used by the MkDocs adapter; it knows nothing of MkDocs but the name of
the logger whose warnings make a strict build fail."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

DATE_VARIABLE = "SOURCE_DATE_EPOCH"
"""Read by MkDocs for the sitemap's dates (and by many tools): set for one build, then put back."""


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


def previous_dir(final: Path) -> Path:
    return final.parent / f".{final.name}.precedent"


def publish(staging: Path, final: Path, carried: Iterable[str] = ()) -> None:
    """Swap the new build in. The previous one is kept aside (`.site.precedent`) and removed
    while the next build reads its data (see Publication): removing a national site's hundred
    thousand files takes ten seconds of waiting that can as well be spent computing.
    `carried`: folders of the published site the new one takes as they are (an incremental
    build), moved from the one set aside into the new one: a rename each. Whatever fails or
    interrupts the swap, everything goes back where it was and the published site is whole."""
    previous = previous_dir(final)
    shutil.rmtree(previous, ignore_errors=True)
    if not final.exists():
        staging.rename(final)
        return
    final.rename(previous)  # nothing moved yet: should this fail, the site is as it was
    moved: list[str] = []
    try:
        for folder in sorted(carried):
            if (staging / folder).exists():  # something else wrote there: merged, not moved
                link_folder(previous / folder, staging / folder, keep=True)
                continue
            (staging / folder).parent.mkdir(parents=True, exist_ok=True)
            (previous / folder).rename(staging / folder)
            moved.append(folder)
        staging.rename(final)
    except BaseException:
        for folder in reversed(moved):
            (staging / folder).rename(previous / folder)
        previous.rename(final)
        raise


class Linker:
    """Makes files of the new site the same files as the published ones: a hard link (no copy,
    no space), or a copy where links cannot be made (another disk, a file system without
    them). Nothing writes into a linked file afterwards: the build writes only what it
    planned, and these were not. Each folder is made once (a national site has fifty
    thousand). `keep`: a file the new site already has stays as it is."""

    def __init__(self, keep: bool = False) -> None:
        self.made: set[Path] = set()
        self.keep = keep

    def link(self, source: Path, target: Path) -> None:
        if source == target:
            return  # building where the published site is (`mkdocs serve`): already there
        folder = target.parent
        if folder not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.add(folder)
        if self.keep and target.exists():
            return
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def link_folder(published: Path, site: Path, skip: frozenset[str] = frozenset(),
                keep: bool = False) -> None:
    """Every file under `published` into `site`, except the top entries named in `skip` (and,
    with `keep`, those `site` already has)."""
    linker = Linker(keep)
    for current, dirs, files in os.walk(published):
        relative = Path(current).relative_to(published)
        if relative == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
            files = [f for f in files if f not in skip]
        for name in files:
            linker.link(Path(current) / name, site / relative / name)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _remover(folder: Path) -> Callable[[], object]:
    """A folder removed while the build goes on. `rm` runs on its own: a Python thread would
    wait for the interpreter between two files while the build computes (a national site's
    previous copy then took twenty seconds more to go, the build waiting for it at the end).
    Elsewhere than on a Unix system, or when `rm` cannot be found or started, a thread.
    Returns what waits for the removal to end."""
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm is not None:
        with contextlib.suppress(OSError):
            return subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait
    thread = threading.Thread(target=shutil.rmtree, daemon=True, args=(folder, True))
    thread.start()
    return thread.join


class Publication:
    """One build, from start to swap (or to nothing). Undoes everything it changed in the
    process — logging handler, environment variable — whichever way the build ends."""

    def __init__(self, final: Path | None, date: dt.date | None, logger: str) -> None:
        self.final = final
        self.staging = staging_dir(final) if final is not None else None
        self.date = date
        self.logger = logging.getLogger(logger)
        self.warnings = WarningCounter()
        self._set_date = False
        self._cleaned: Callable[[], object] | None = None
        """Waits for the last build's previous site to be removed."""

    def start(self) -> None:
        if self.final is not None and previous_dir(self.final).exists():
            # The last build's previous site: removed alongside this build, and always before
            # this build swaps in.
            self._cleaned = _remover(previous_dir(self.final))
        self.logger.addHandler(self.warnings)
        # MkDocs dates the sitemap with the clock unless SOURCE_DATE_EPOCH says otherwise: the
        # data's own date keeps two builds of the same data identical on different days.
        if self.date and DATE_VARIABLE not in os.environ:
            moment = dt.datetime.combine(self.date, dt.time(), dt.UTC)
            os.environ[DATE_VARIABLE] = str(int(moment.timestamp()))
            self._set_date = True

    def _end(self) -> None:
        if self._cleaned is not None:
            self._cleaned()
            self._cleaned = None
        self.logger.removeHandler(self.warnings)
        if self._set_date:
            os.environ.pop(DATE_VARIABLE, None)
            self._set_date = False

    def finish(self, strict: bool, carried: Iterable[str] = ()) -> Path | None:
        """Swap the build in, with the `carried` folders of the published site; None when a
        strict build had warnings (MkDocs then aborts)."""
        self._end()
        if self.staging is None or self.final is None:
            return None
        if strict and self.warnings.count:
            discard(self.staging)
            return None
        publish(self.staging, self.final, carried)
        return self.final

    def abandon(self) -> None:
        self._end()
        if self.staging is not None:
            discard(self.staging)
