"""What git says has changed in the data folder, for `territoire-ouvert valider --modifies`
and its pre-commit hook: staged, unstaged and new files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.failures import CommandError
from generator.load.tree import FRAMEWORKS_FOLDER


def changed_files(folder: Path) -> list[Path]:
    """Files of `folder` that differ from the last commit, or are new (not ignored)."""
    try:
        answer = subprocess.run(
            ["git", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."],
            cwd=folder, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CommandError(f"git n'a pas pu être lancé ({exc}) : installez git, ou lancez "
                           "« territoire-ouvert valider » sans --modifies.") from None
    if answer.returncode != 0:
        raise CommandError(f"« {folder} » n'est pas dans un dépôt git : lancez « territoire-ouvert "
                           "valider » sans --modifies.")
    root = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder,
                               capture_output=True, text=True, check=False).stdout.strip())
    entries = [e for e in answer.stdout.split("\0") if e]
    found, skip = [], False
    for entry in entries:
        if skip:  # the source of a rename, given after its destination
            skip = False
            continue
        status, path = entry[:2], entry[3:]
        skip = "R" in status or "C" in status
        found.append(root / path)
    return sorted(found)


def touched_territories(files: list[Path], data: Path) -> set[str] | None:
    """The territories whose files changed; None when a file shared by all did (site.yml,
    financeurs.yml…): then everything is checked."""
    territories: set[str] = set()
    base = data.resolve()
    for path in files:
        try:
            parts = path.resolve().relative_to(base).parts
        except ValueError:
            continue  # outside the data folder (README, templates…)
        if len(parts) == 1 or parts[0] == FRAMEWORKS_FOLDER:  # a framework: its parts too
            return None
        territories.add(parts[0])
    return territories
