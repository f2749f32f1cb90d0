"""Benchmark: `territoire-ouvert valider` on the example, median of several runs.

    .venv/bin/python -m tests.benchmarks.valider
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from tests.conftest import EXAMPLE, REFERENTIEL, REPO


def _time(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "valider", *args], cwd=REPO,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main(runs: int = 7) -> None:
    # The example needs the reference: its shared contract reaches EPCI outside the territory.
    for label, args in (("avec référentiel COG", [str(EXAMPLE), "--referentiel", str(REFERENTIEL)]),):
        times = [_time(*args) for _ in range(runs)]
        print(f"valider {label} : médiane {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}, {runs} exécutions, processus compris)")


if __name__ == "__main__":
    main()
