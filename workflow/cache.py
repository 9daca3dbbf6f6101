"""The content-hash record that lets commands skip reports whose inputs did not change since the last run.

The record of a project's locale folder lives in the user's cache folder, outside the project
(``$WORKFLOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/workflow`` or ``~/.cache/workflow``, one folder of
JSON shards per command and locale folder), so a run that changes nothing still writes nothing in the
project, ``status`` stays read-only, and no ignore rule is needed. ``WORKFLOW_CACHE_DIR=off`` turns it off.

It holds, per command and report, a key (the tool's code, every setting, the options) and the sha256
of every file the result depends on or produced: source, template, catalogs, built documents. A report
is skipped only when its key is the same and every one of those files still has the recorded hash (or
is still absent); its result is then the recorded one, which equals what a full run would give,
because every command is deterministic in those inputs.

Hashes are confirmed, never assumed: a file is read and hashed unless its size, mtime, ctime and inode
are exactly as they were when it was last hashed, and it had not been modified in the two seconds
before that (a file changed within the same clock tick as the hashing could otherwise keep its
mtime; git's index uses the same rule). ctime cannot be set by programs, so a rewrite that restores
the mtime is still seen. A missing, unreadable, corrupt or foreign cache file counts as empty, and a
cache that cannot be written is simply not written: the cache can make a run faster, never different.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .fileio import read_file, write_unsynced
from .heap import without_cycle_collection

__all__ = ["Cache", "cache_folder", "code_version", "digest", "report_key", "settings_key"]

_FORMAT = 2
_SHARDS = 64
_RACY_NS = 2_000_000_000
"""A file modified this close (in nanoseconds) to its hashing is hashed again next time."""


def cache_folder() -> Path | None:
    """Where records are kept; None when ``WORKFLOW_CACHE_DIR`` is ``off``."""
    explicit = os.environ.get("WORKFLOW_CACHE_DIR")
    if explicit is not None:
        return None if explicit.strip().lower() in ("", "off", "0", "no") else Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "workflow"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def code_version() -> str:
    """The tool's version and the size and mtime of each of its modules: changed code, changed key."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("\n".join(parts).encode("utf-8"))


def report_key(base: str, *parts: str | None) -> str:
    """A report's key: the command's ``settings_key`` and the report's own parts (cheap: it runs per report)."""
    return digest("\0".join([base, *(part if part is not None else "\1" for part in parts)]).encode("utf-8"))


def settings_key(config: Config, *parts: object) -> str:
    """A key over the tool's code, every setting of ``config`` (all fields: new settings count too), and ``parts``."""
    settings = {field.name: getattr(config, field.name) for field in fields(config)}
    text = json.dumps([code_version(), settings, parts], sort_keys=True, default=str, ensure_ascii=False)
    return digest(text.encode("utf-8"))


class Cache:
    """The record of one command for one project's locale folder; ``lookup`` before the work, ``store`` after it.

    It is kept in ``_SHARDS`` files, each holding the reports and files whose names hash to it, so that a
    run that changes one report rewrites a few small files, not the record of the whole archive (at 10,000
    reports, writing that took longer than the rest of a one-report update).
    """

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.path = folder
        # Each shard as it is saved, and all of them merged for lookups (the same record objects).
        self._shard_sections: list[dict[str, dict[str, Any]]] = [{} for _ in range(_SHARDS)]
        self._shard_states: list[dict[str, list[Any]]] = [{} for _ in range(_SHARDS)]
        self._sections: dict[str, dict[str, Any]] = {}
        self._states: dict[str, list[Any]] = {}
        self._dirty: set[int] = set()
        self._seen: dict[str, str | None] = {}
        self.enabled = enabled
        if enabled:
            with without_cycle_collection():  # a quarter of the load at 10,000 reports went to collections
                for shard in range(_SHARDS):
                    self._load(shard)

    def _load(self, shard: int) -> None:
        try:
            data = json.loads(read_file(self.path / f"{shard:02x}.json"))
        except (OSError, ValueError, UnicodeDecodeError):
            return  # no shard, or one we cannot trust: it starts empty
        if isinstance(data, dict) and data.get("format") == _FORMAT:
            sections, states = data.get("sections"), data.get("files")
            if isinstance(sections, dict) and isinstance(states, dict):
                self._shard_sections[shard] = {
                    section: records for section, records in sections.items() if isinstance(records, dict)
                }
                self._shard_states[shard] = states
                for section, records in self._shard_sections[shard].items():
                    self._sections.setdefault(section, {}).update(records)
                self._states.update(states)

    @classmethod
    def of(cls, config: Config, command: str) -> "Cache":
        """The record of ``command`` for ``config``'s locale folder: one folder per command, so that each
        command reads only its own (an empty record that is never saved when caching is off)."""
        folder = cache_folder()
        locale = (config.root / config.locale_dir).resolve()
        if folder is None:
            return cls(Path(os.devnull), enabled=False)
        return cls(folder / f"{digest(str(locale).encode('utf-8'))[:24]}-{command}")

    def file_digest(self, path: Path | str) -> str | None:
        """sha256 of the file's bytes now, None if there is no file; hashed unless its stat proves it unchanged."""
        name = str(path)
        if name in self._seen:
            return self._seen[name]
        try:
            stat = os.stat(name)
        except (FileNotFoundError, NotADirectoryError):
            self._seen[name] = None
            return None
        except OSError:
            self._seen[name] = ""
            return ""
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        state = self._states.get(name)
        if isinstance(state, list) and len(state) == 5 and state[:4] == signature:
            self._seen[name] = str(state[4])
            return str(state[4])
        try:
            value = digest(read_file(name))
        except OSError:
            self._seen[name] = ""
            return ""
        if time.time_ns() - max(stat.st_mtime_ns, stat.st_ctime_ns) > _RACY_NS:
            shard = _shard(name)
            self._states[name] = self._shard_states[shard][name] = [*signature, value]
            self._dirty.add(shard)
        self._seen[name] = value
        return value

    def lookup(self, section: str, name: str, key: str) -> Any | None:
        """The recorded result for ``name``, if its key matches and all its files hash as recorded."""
        record = self._sections.get(section, {}).get(name)
        if not isinstance(record, dict) or record.get("key") != key or not isinstance(record.get("files"), dict):
            return None
        for path, expected in record["files"].items():
            if self.file_digest(path) != expected:
                return None
        return record.get("value")

    def store(self, section: str, name: str, key: str, files: dict[str, str | None], value: Any,
              foreign: list[str] | None = None) -> None:
        """Record ``value`` for ``name``, valid while ``files`` (paths) hash as given (None: the file is absent).

        ``foreign`` names the files among them whose bytes the command did not render itself (see ``own``).
        """
        shard = _shard(name)
        record = {"key": key, "files": dict(files), "value": value}
        if foreign:
            record["foreign"] = sorted(foreign)
        self._sections.setdefault(section, {})[name] = record
        self._shard_sections[shard].setdefault(section, {})[name] = record
        self._dirty.add(shard)

    def own(self, section: str, name: str, key: str, inputs: tuple[str, ...]) -> dict[str, str]:
        """The files of ``name``'s last record, made by this code with these settings (``key``), that held
        bytes the command rendered itself, with their hashes; ``inputs`` are files it only read."""
        record = self._sections.get(section, {}).get(name)
        if not isinstance(record, dict) or record.get("key") != key or not isinstance(record.get("files"), dict):
            return {}
        foreign = record.get("foreign", [])
        return {
            path: sha for path, sha in record["files"].items()
            if isinstance(sha, str) and path not in inputs and path not in foreign
        }

    def forget(self, section: str, name: str) -> None:
        shard = _shard(name)
        self._sections.get(section, {}).pop(name, None)
        if self._shard_sections[shard].get(section, {}).pop(name, None) is not None:
            self._dirty.add(shard)

    def save(self) -> None:
        """Write the shards that changed; a folder we cannot write to just means no cache."""
        if not self._dirty or not self.enabled:
            return
        try:
            for shard in sorted(self._dirty):  # the write makes the folder when it is missing
                data = {"format": _FORMAT, "sections": self._shard_sections[shard], "files": self._shard_states[shard]}
                text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                write_unsynced(self.path / f"{shard:02x}.json", text.encode("utf-8"))
        except Exception:  # noqa: BLE001 - the cache is an optimisation; failing to save it is not an error
            return
        self._dirty.clear()


def _shard(name: str) -> int:
    """The shard that records ``name``: the same in every process (``hash`` of a str is not)."""
    return zlib.crc32(name.encode("utf-8")) % _SHARDS
