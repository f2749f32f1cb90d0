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
