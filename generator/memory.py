"""Memory the build no longer uses goes back to the system, and Python's cyclic collector does
not scan the build's data again and again."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
from collections.abc import Callable, Iterator


@functools.cache
def _trim() -> Callable[[int], int] | None:
    """glibc's `malloc_trim`, or None where the C library has none (musl, macOS, Windows)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None


def give_back() -> None:
    """Hand the memory freed so far back to the system. Python returns what it frees to the C
    allocator, which keeps it for later: the build would go on holding the parsed data files
    it released after validation (a tenth of a national build's memory). The search index
    runs in a process of its own beside the build (generator.search), so on the machine the
    two add up: what is merely kept free is memory the index cannot have."""
    trim = _trim()
    if trim is not None:
        trim(0)


FULL_COLLECTION_AFTER = 1_000_000
"""Collections of the middle generation before a full one: in practice, none during a build."""


class _Collector:
    held: tuple[int, int, int] = (700, 10, 10)
    """The thresholds before the first hold, put back after the last release."""
    depth = 0
    builds = 0


def hold_full_collections(build: bool = False) -> None:
    """From here to `release_full_collections`, only the young generations are collected.

    Python's collector scans every tracked object of the process each time the old
    generation has grown by a quarter. A build makes its data once and keeps it to the end
    (models, catalog, pages): on a national site, seventeen full scans took 7.5 s of a 25 s
    rebuild and 13 s of a full build, and found almost nothing (what the build lets go is
    freed by reference counting). Young cycles (a page's rendering, an error's traceback)
    are still collected as usual. Where the collector has no such generation (CPython 3.14's
    incremental collector), this changes nothing.

    `build`: a site's build (the plugin). When a build ran before in the same process
    (`mkdocs serve`), its pages and menus, which hold each other, are freed now, once."""
    if build:
        if _Collector.builds:
            gc.collect()
        _Collector.builds += 1
    _Collector.depth += 1
    if _Collector.depth == 1:
        _Collector.held = gc.get_threshold()
        young, middle, _ = _Collector.held
        gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)


def release_full_collections() -> None:
    """The collector as it was, once every hold is released (the build is over, or failed);
    a release without a hold does nothing."""
    if _Collector.depth == 0:
        return
    _Collector.depth -= 1
    if _Collector.depth == 0:
        gc.set_threshold(*_Collector.held)


@contextlib.contextmanager
def few_full_collections() -> Iterator[None]:
    """`hold_full_collections` for one command (the command line's checks and exports)."""
    hold_full_collections()
    try:
        yield
    finally:
        release_full_collections()
