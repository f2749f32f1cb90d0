"""Helpers to read a built site: its pages, their links and their text."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


def site_config(site_name: str, plugin_options: str = "", extra: str = "") -> str:
    """The mkdocs.yml of a small test site: Material in French, search, the plugin."""
    plugin = f"  - territoires:\n{plugin_options}" if plugin_options else "  - territoires\n"
    return (f"site_name: {site_name}\n{extra}docs_dir: content\ntheme:\n  name: material\n"
            f"  language: fr\n  font: false\nplugins:\n  - search:\n      lang: fr\n{plugin}")


def copy_example(target: Path) -> None:
    """The example project (data, pages, overrides and mkdocs.yml) in `target`, reading
    ../shared where it is."""
    from tests.conftest import REPO, SHARED

    for name in ("territories", "content", "overrides"):
        shutil.copytree(REPO / name, target / name)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("../shared", str(SHARED))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")


def mkdocs_build(cwd: Path, site_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir),
                           *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            if found.get(name) and tag in {"a", "img", "link", "script"}:
                self.links.append(str(found[name]))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def url_of(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")


def target_of(site: Path, base_url: str, link: str) -> tuple[Path, str] | None:
    """The file and fragment a site-internal link points to, or None for an external link."""
    parsed = urlparse(link)
    if parsed.scheme or link.startswith(("//", "mailto:", "tel:", "data:")):
        return None
    absolute = urlparse(urljoin("http://site" + base_url, link))
    path = unquote(absolute.path)
    file = site / path.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, absolute.fragment


def visible_text(page: Path) -> str:
    """The page's text without tags and scripts: what a reader can see."""
    content = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", " ", content)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path, handler: type[http.server.SimpleHTTPRequestHandler] | None = None
          ) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for the browser tests; `handler` serves
    it otherwise (compressed, as a host does, for the Lighthouse benchmark)."""
    from tests.conftest import local_server

    with local_server(functools.partial(handler or _Quiet, directory=str(site))) as url:  # type: ignore[arg-type]
        yield f"{url}/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def mkdocs_serve(root: Path) -> Iterator[str]:
    """`mkdocs serve` of a project on 127.0.0.1, once it answers; stopped afterwards."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def pagefind_records(site: Path) -> list[dict[str, object]]:
    """The pages as the search index holds them (Pagefind's fragments: gzip, a signature, JSON)."""
    import gzip
    import json

    records = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records
