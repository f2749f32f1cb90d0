"""Memory handed back to the system between the build's stages (generator.memory)."""

import platform

import pytest

from generator.memory import _trim, give_back


@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_glibc_trim_is_found() -> None:
    assert _trim() is not None


def test_give_back_never_fails() -> None:
    kept = [str(n) * 20 for n in range(100_000)]
    del kept
    assert give_back() is None


def test_full_collections_are_held_during_a_build_then_restored() -> None:
    """Only the young generations are collected during a build; the collector is as it was
    after it, and a cycle left by an earlier build of the process is freed by the next."""
    import gc
    import weakref

    from generator import memory

    before = gc.get_threshold()
    gc.set_threshold(*before[:2], 11)
    honoured = gc.get_threshold()[2] == 11
    gc.set_threshold(*before)
    if not honoured:
        pytest.skip("this Python's collector has no old generation to hold (3.14 and later)")
    with memory.few_full_collections():
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] == memory.FULL_COLLECTION_AFTER
        memory.hold_full_collections()  # held twice: the first release keeps it held
        memory.release_full_collections()
        assert gc.get_threshold()[2] == memory.FULL_COLLECTION_AFTER
    assert gc.get_threshold() == before
    memory.release_full_collections()  # released once too often: nothing happens
    assert gc.get_threshold() == before

    class Page:
        other: object = None

    page, menu = Page(), Page()
    page.other, menu.other = menu, page  # a page and its menu hold each other
    left = weakref.ref(page)
    builds, enabled = memory._Collector.builds, gc.isenabled()
    gc.disable()  # no automatic collection meanwhile: only the one the next build makes
    try:
        del page, menu
        memory.hold_full_collections()  # not a build: nothing collected
        memory.release_full_collections()
        assert left() is not None
        memory._Collector.builds = 1  # a build before, in the same process (mkdocs serve)
        memory.hold_full_collections(build=True)
        assert left() is None
    finally:
        memory.release_full_collections()
        memory._Collector.builds = builds
        if enabled:
            gc.enable()
