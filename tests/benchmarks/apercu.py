"""Benchmark: how long a saved change to one project of the example takes to reach the browser
through `mkdocs serve` (make apercu).

    .venv/bin/python -m tests.benchmarks.apercu [--fois 5]

Copies the example into a temporary folder, serves it, opens a project page in Chromium, then
changes the project's title several times and waits each time for the new title to show.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.sitecheck import copy_example, mkdocs_serve


def main() -> None:
    parser = argparse.ArgumentParser(description="Délai enregistrement → navigateur de l'aperçu.")
    parser.add_argument("--fois", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        copy_example(root)
        with mkdocs_serve(root) as url:
            project = sorted((root / "territories/grand-quercy/projets").glob("*.yml"))[0]
            original = project.read_text(encoding="utf-8")
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(f"{url}grand-quercy/projets/{project.stem}/")
                page.wait_for_selector("h1", timeout=120_000)
                for n in range(args.fois):
                    title = f"Titre modifié {n}"
                    lines = original.split("\n")
                    index = next(i for i, line in enumerate(lines) if line.startswith("titre:"))
                    lines[index] = f"titre: {title}"
                    started = time.monotonic()
                    project.write_text("\n".join(lines), encoding="utf-8")
                    page.wait_for_selector(f"h1:has-text('{title}')", timeout=60_000)
                    times.append(time.monotonic() - started)
                browser.close()
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"Enregistrement → navigateur : médiane {statistics.median(times):.2f} s ({shown} s)")


if __name__ == "__main__":
    main()
