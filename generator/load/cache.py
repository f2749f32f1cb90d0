"""Cache of the simplified commune geometry between builds, keyed by everything it depends on
(contour files, commune codes, merges, tolerances, shapely version). Stored as WKB in JSON:
nothing in the cache is executed when read."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely

Shapes = dict[str, Any]


def cache_key(folder: Path, codes: set[str], extra: str) -> str:
    digest = hashlib.sha256(f"{shapely.__version__}|{extra}|{sorted(codes)}".encode())
    for path in sorted(folder.glob("*.geojson")):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def cached(directory: Path | None, key: str,
           compute: Callable[[], tuple[Shapes, Shapes]]) -> tuple[Shapes, Shapes]:
    """The two geometry sets (exports, maps), from the cache when the key matches."""
    if directory is None:
        return compute()
    path = directory / f"geometrie-{key}.json"
    if path.is_file():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            return tuple(  # type: ignore[return-value]
                {c: shapely.from_wkb(bytes.fromhex(w)) for c, w in part.items()} for part in stored)
        except (OSError, ValueError, shapely.errors.GEOSException):
            pass  # a damaged cache is rebuilt
    result = compute()
    directory.mkdir(parents=True, exist_ok=True)
    payload = [{c: shapely.to_wkb(g, hex=True) for c, g in sorted(part.items())} for part in result]
    path.write_text(json.dumps(payload), encoding="utf-8")
    return result
