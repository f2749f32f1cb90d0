"""The site's search index, written by Pagefind (a Python package with its binary) over the
built pages: French stemming (« chaufferies » finds « chaufferie »), accents ignored (« sante »
finds « santé »), and an index split in small fragments, so that a visitor downloads only what
one query needs, whatever the size of the site. Static files: any host serves them.

What is indexed is said in the templates: the body of each page (`data-pagefind-body`), minus
what is marked `data-pagefind-ignore` (menus, breadcrumbs, contacts), with each page's territory
and status as metadata (`data-pagefind-meta`) for the results."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.failures import CommandError
from generator.urls import SEARCH_INDEX


class SearchIndexError(CommandError):
    """Pagefind failed: said in French, the site already published is kept."""


def index_site(site: Path) -> None:
    """Index the built site in `site` (written in place, in `site/pagefind/`)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir",
               SEARCH_INDEX, "--force-language", "fr", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit ({exc}) : "
                               "vérifiez que le paquet pagefind est installé (make site).") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["erreur inconnue"]
        raise SearchIndexError(f"l'index de recherche n'a pas pu être construit (Pagefind : "
                               f"{detail[0]}).")
