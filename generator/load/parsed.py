"""Parsed YAML files kept between runs, keyed by each file's bytes: a national site has tens of
thousands of files, and reading them is the longest part of checking them. A file whose bytes
are those of the last run is taken from the cache, with the values and the positions the
reader had found; any other is read again. Only files read without any problem are kept, so
every message still comes from reading the file itself.

One file per territory folder, in `.cache/territoire-ouvert/lecture/`, in Python's `marshal`
format: twenty times faster to read than JSON (which took as long as parsing the YAML). It
holds values only: reading it builds texts, numbers, lists and mappings, and never runs
anything. Like the rest of the project's folder, the cache is trusted: do not restore one
made by a build you do not trust. It is tied to the Python version; a damaged or foreign one
is ignored and the YAML read again."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from generator.cachefiles import read_marshal, write_cache
from generator.issues import Issue
from generator.load import relative_text, yamlfile
from generator.load.yamlfile import MAX_FILE_BYTES, Document, KeyPath, read_document


def _header() -> bytes:
    """What the cache depends on besides the files: the reader's code (a change there may
    change what it makes of a file), Python's version and marshal's format."""
    reader = hashlib.sha256()
    for module in (yamlfile, sys.modules[__name__]):
        reader.update(Path(str(module.__file__)).read_bytes())
    return (f"territoire-ouvert lecture {reader.hexdigest()[:16]} python {sys.version.replace(chr(10), ' ')} "
            f"marshal {marshal.version}\n").encode()


HEADER = _header()

Dates = list[tuple[KeyPath, str, str]]
Entry = tuple[str, Any, bytes, dict[KeyPath, str], Dates]
"""(key, values without their dates, value and key positions packed, source texts, dates)."""


def _without_dates(value: Any, path: KeyPath, dates: Dates) -> Any:
    """The values, each date replaced by None and noted apart (marshal has no date type)."""
    if isinstance(value, dict):
        return {key: _without_dates(item, (*path, key), dates) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_dates(item, (*path, n), dates) for n, item in enumerate(value)]
    if isinstance(value, dt.datetime):
        dates.append((path, "t", value.isoformat()))
        return None
    if isinstance(value, dt.date):
        dates.append((path, "d", value.isoformat()))
        return None
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(type(value).__name__)  # anything else: the file is not kept


def encode_document(doc: Document, key: str = "") -> Entry:
    dates: Dates = []
    data = _without_dates(doc.data, (), dates)
    return (key, data, marshal.dumps((doc.value_marks, doc.key_marks)), doc.source_text, dates)


def decode_document(path: Path, display: str, entry: Entry) -> Document:
    _, data, marks, source_text, dates = entry
    if not isinstance(marks, bytes):
        raise TypeError(type(marks).__name__)
    for keypath, kind, text in dates:
        when = dt.datetime.fromisoformat(text) if kind == "t" else dt.date.fromisoformat(text)
        data = _put(data, keypath, when)
    doc = Document(path=path, display=display, data=data, source_text=source_text)
    doc.pack_marks(marks)
    return doc


def _put(data: Any, keypath: KeyPath, value: Any) -> Any:
    """`data` with `value` at `keypath`, copying only the containers on the way: the entry
    stays as stored, to be written again as it is."""
    if not keypath:
        return value
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[keypath[0]] = _put(data[keypath[0]], keypath[1:], value)
    return copy


class ParseCache:
    """The files of one data folder, group by group (a territory's folder, the root's files).
    The loader reads a group's files together: one group is in memory at a time."""

    def __init__(self, folder: Path, root: Path) -> None:
        self.cache = folder
        """The run's cache folder (`.cache/territoire-ouvert/`), of which this is a part."""
        self.folder = folder / "lecture"
        self.root = root
        self.group: str | None = None
        self.stored: dict[str, Any] = {}
        """The current group's files as the last build kept them."""
        self.used: dict[str, Any] = {}
        """The current group's files as this build read them: what the next build finds."""

    def read(self, path: Path, display: str) -> tuple[Document | None, list[Issue]]:
        """`read_document`, from the cache when the file's bytes are the same."""
        try:
            with path.open("rb") as stream:  # one byte past the limit, as the reader reads
                raw: bytes | None = stream.read(MAX_FILE_BYTES + 1)
        except OSError:
            raw = None
        if raw is None or len(raw) > MAX_FILE_BYTES:  # too large or unreadable: the reader says why
            return read_document(path, display)
        self._enter(self._group_of(path))
        key = hashlib.sha256(raw).hexdigest()
        stored = self.stored.get(display)
        if isinstance(stored, tuple) and len(stored) == 5 and stored[0] == key:
            try:
                doc: Document | None = decode_document(path, display, stored)
            except (KeyError, IndexError, TypeError, ValueError):
                doc = None  # damaged: read again below
            if doc is not None:
                self.used[display] = stored
                return doc, []
        # Parsed from the bytes the key was made of: a file saved meanwhile is read next time.
        doc, issues = read_document(path, display, raw)
        if doc is not None and not issues:
            with contextlib.suppress(TypeError, ValueError):
                self.used[display] = encode_document(doc, key)
        return doc, issues

    def close(self) -> None:
        self._enter(None)

    def kept(self, group: str) -> bool:
        """Whether a run kept this group's files (some may have changed since)."""
        return self._file(group).exists()

    def _enter(self, group: str | None) -> None:
        """Save the group just read (when it differs from what was kept), load the next."""
        if group == self.group:
            return
        if self.group is not None and self.used != self.stored:
            with contextlib.suppress(ValueError):  # a value marshal cannot write: not kept
                write_cache(self._file(self.group), HEADER + marshal.dumps(self.used))
        self.group, self.used, self.stored = group, {}, {}
        if group is not None:
            self.stored = read_marshal(self._file(group), HEADER)

    def _group_of(self, path: Path) -> str:
        """The top folder under the data folder ("" for its own files)."""
        group, separator, _ = (relative_text(path, self.root) or "").partition("/")
        return group if separator else ""

    def _file(self, group: str) -> Path:
        name = hashlib.sha256(group.encode("utf-8", "surrogateescape")).hexdigest()[:24]
        return self.folder / f"{name}.bin"

