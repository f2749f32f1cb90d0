"""`territoire-ouvert contours` against a local stand-in for geo.api.gouv.fr."""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from generator.load.contours import read_contours
from generator.pipeline import build
from tests.conftest import SHARED, local_server
from tests.test_cli import run

CC_CAZALS_SALVIAC = ["46297", "46066", "46087"]  # the members the minimal site lists


class _FakeApi(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        self.requests.append(self.path)
        query = parse_qs(url.query)
        contours = read_contours(SHARED / "geo" / "communes", set(CC_CAZALS_SALVIAC))
        if url.path == "/communes" and query.get("codeEpci") == ["200035327"]:
            body = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"code": c, "nom": c, "population": 1},
                 "geometry": contours[c]} for c in CC_CAZALS_SALVIAC]}
        else:
            self.send_error(404)
            return
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    with local_server(_FakeApi) as url:
        yield url


def test_contours_are_fetched_and_used(data: Path, tmp_path: Path, api: str) -> None:
    target = tmp_path / "contours"
    result = run("contours", "--territoire", "vallee-test", "--dossier", str(data),
                 "--sortie", str(target), "--api", api, "--config", "absent.yml")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["46.geojson"]
    written = json.loads((target / "46.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["code"] for f in written["features"]) == sorted(CC_CAZALS_SALVIAC)
    assert all(set(f["properties"]) == {"code", "nom"} for f in written["features"])
    assert any("codeEpci=200035327" in r and "geometry=contour" in r and "format=geojson" in r
               for r in _FakeApi.requests)
    catalog = build(data, "territories", None, target)
    assert catalog.warnings == [] and set(catalog.shapes) == set(CC_CAZALS_SALVIAC)


def test_unreachable_api_is_a_french_message(data: Path, tmp_path: Path) -> None:
    result = run("contours", "--territoire", "vallee-test", "--dossier", str(data),
                 "--sortie", str(tmp_path / "c"), "--api", "http://127.0.0.1:9", "--config", "x.yml")
    assert result.returncode == 2
    assert result.stderr.startswith("erreur : l'adresse http://127.0.0.1:9/communes?codeEpci=")
    assert "Traceback" not in result.stderr
