"""MkDocs hook of an exported site: builds the search index (Pagefind) after the pages, as the
territoires plugin does. Needs the `pagefind[bin]` package (pip install 'pagefind[bin]')."""

import subprocess
import sys
from typing import Any


def on_post_build(config: Any, **kwargs: Any) -> None:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", config["site_dir"],
                    "--output-subdir", "pagefind", "--force-language", "fr", "--silent"],
                   check=True)
