"""Benchmark: Lighthouse (mobile, simulated throttling) on the example site's main page types,
served as a real host serves static files: text compressed (gzip), assets cached.

    .venv/bin/python -m tests.benchmarks.lighthouse [--fois 3]

Needs Node.js and npm (Lighthouse is installed once in .cache/lighthouse) and Debian's chromium.
Prints, for each page, the accessibility score and the median performance score with its
First Contentful Paint, Largest Contentful Paint, Total Blocking Time and transfer size.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.conftest import CHROMIUM, REPO
from tests.sitecheck import mkdocs_build, serve

PAGES = {
    "accueil": "",
    "liste": "grand-quercy/projets/",
    "projet de territoire": "grand-quercy/projet-de-territoire/",
    "contrat": "grand-quercy/contrats/crte-grand-quercy/",
    "projet": "grand-quercy/projets/maison-de-sante-cahors/",
}
TOOL = REPO / ".cache" / "lighthouse"
COMPRESSED = (".html", ".css", ".js", ".json", ".geojson", ".svg", ".xml", ".txt", "/")


class _Host(http.server.SimpleHTTPRequestHandler):
    """Static files as a host serves them: gzip for text, long cache for assets."""

    def log_message(self, *args: Any) -> None:
        return

    def send_head(self) -> Any:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or not self.path.split("?")[0].endswith(COMPRESSED) \
                or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        cached = self.path.startswith(("/assets/", "/pagefind/"))
        self.send_header("Cache-Control", "public, max-age=31536000" if cached else "no-cache")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_args: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        return


def _lighthouse() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(TOOL), "lighthouse@12"], check=True,
                       capture_output=True)
    return binary


def _run(binary: Path, url: str, out: Path) -> dict[str, Any]:
    subprocess.run([str(binary), url, "--only-categories=accessibility,performance", "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                    "--output=json", f"--output-path={out}"], check=True,
                   env={**os.environ, "CHROME_PATH": CHROMIUM})
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def _figures(report: dict[str, Any]) -> tuple[float, float, str]:
    audits = report["audits"]
    metrics = (f"FCP {audits['first-contentful-paint']['displayValue']}, "
               f"LCP {audits['largest-contentful-paint']['displayValue']}, "
               f"TBT {audits['total-blocking-time']['displayValue']}, "
               f"transfert {audits['total-byte-weight']['numericValue'] / 1000:.0f} ko")
    return (report["categories"]["performance"]["score"] * 100,
            report["categories"]["accessibility"]["score"] * 100, metrics)


def main() -> None:
    parser = argparse.ArgumentParser(description="Lighthouse sur les pages du site d'exemple.")
    parser.add_argument("--fois", type=int, default=3)
    args = parser.parse_args()
    binary = _lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        if mkdocs_build(REPO, site).returncode:
            raise SystemExit("le site d'exemple ne se construit pas")
        with serve(site, _Host) as url:
            for label, path in PAGES.items():
                runs = [_figures(_run(binary, url + path, Path(tmp) / f"r{n}.json"))
                        for n in range(args.fois)]
                runs.sort(key=lambda r: r[0])
                performance, accessibility, metrics = runs[len(runs) // 2]
                print(f"{label:22} accessibilité {accessibility:3.0f}  performance "
                      f"{performance:3.0f} (médiane de {args.fois} : "
                      f"{', '.join(f'{r[0]:.0f}' for r in runs)})  {metrics}")



if __name__ == "__main__":
    main()
