"""MkDocs hook of an exported site: builds the search index (Pagefind) after the pages, as the
territoires plugin does. Needs the `pagefind[bin]` package (pip install 'pagefind[bin]')."""

import subprocess
import sys
from pathlib import Path
from typing import Any


def on_post_build(config: Any, **kwargs: Any) -> None:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", config["site_dir"],
                    "--output-subdir", "pagefind", "--force-language", "fr", "--silent"],
                   check=True)
    # One index, no parts: the search page reads this list (the plugin indexes a large site
    # in parts).
    (Path(config["site_dir"]) / "pagefind" / "parties.json").write_text("[]\n", encoding="utf-8")
