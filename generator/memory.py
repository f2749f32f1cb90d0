"""Memory the build no longer uses goes back to the system."""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


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
