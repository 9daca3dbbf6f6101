"""Parsed sources and catalogs kept by content, so that a file read by one command is not parsed again by the next.

``update`` splits every changed report and parses its catalogs; ``build``, ``status`` and ``check`` need
the very same objects. Parsing (markdown-it, the PO reader) is most of their work, so each parse result
is pickled into the user's cache folder (see ``cache.py``) under the sha256 of everything it depends on:
the file's bytes, the name messages give it, the settings that shape it and the tool's code. A later
parse of the same bytes is then one file read. The store can only make a run faster, never different:
a missing, unreadable or damaged object (each carries a checksum of its payload) is parsed again, and
an object that cannot be written is simply not kept. Parse errors are never stored: they are raised
again, from the file, each time.

Objects unused for ``_KEEP_DAYS`` days are deleted, one of the 256 shards per run, so the store follows
the archive rather than its whole history.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .cache import cache_folder, code_version
from .errors import WorkflowError
from .fileio import read_file, write_unsynced

__all__ = ["parse_once", "prune"]

T = TypeVar("T")

_KEEP_DAYS = 30
_CHECK = 32
"""Bytes of the sha256 of the payload that begin each object."""


def _folder() -> Path | None:
    folder = cache_folder()
    return folder / "parsed" if folder is not None else None


def parse_once(kind: str, data: bytes, context: tuple[object, ...], parse: Callable[[], T]) -> T:
    """``parse()``, or the object it gave for the same ``kind``, ``data`` and ``context`` before.

    ``context`` holds everything else the result depends on (display name, format, settings); it must
    have a stable ``repr``. The result is a fresh object on every call: callers may change it.
    """
    folder = _folder()
    if folder is None:
        return parse()
    key = hashlib.sha256(repr((kind, code_version(), context)).encode("utf-8"))
    key.update(data)
    name = key.hexdigest()
    path = folder / name[:2] / name[2:]
    try:
        stored = read_file(path)
        payload = stored[_CHECK:]
        if hashlib.sha256(payload).digest() == stored[:_CHECK]:
            value: T = pickle.loads(payload)
            os.utime(path)  # still in use: not pruned
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        pass  # not stored yet, or not usable: parse
    value = parse()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # an object that does not pickle is parsed each time
    try:
        write_unsynced(path, hashlib.sha256(payload).digest() + payload)  # a torn object fails its checksum
    except WorkflowError:
        return  # a store we cannot write to just means parsing again


def prune() -> None:
    """Delete the objects of one shard (rotating hourly) that no run has used for ``_KEEP_DAYS`` days."""
    folder = _folder()
    if folder is None:
        return
    shard = folder / f"{int(time.time() // 3600) % 256:02x}"
    oldest = time.time() - _KEEP_DAYS * 86400
    try:
        with os.scandir(shard) as entries:
            for entry in entries:
                if entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
    except OSError:
        return
