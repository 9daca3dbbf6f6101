"""The project's files: where templates and catalogs live, and the update and status commands."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import polib

from .catalog import (
    CatalogInfo,
    active_entries,
    decode_catalog,
    is_translated,
    make_template,
    new_catalog,
    file_layout,
    render_catalog,
    timestamp,
)
from .config import Config, Source
from .errors import CatalogError, LocaleError, SourceError
from .fileio import decode_utf8, display_path, folder_prefix, read_bytes, read_file, write_atomic
from .locales import normalize_language
from .model import Document
from .parsed import parse_once
from .segment import split_document

if TYPE_CHECKING:
    from .memory import Memory

__all__ = [
    "FileChange",
    "StatusRow",
    "template_path",
    "catalog_path",
    "load_document",
    "load_catalog",
    "update_report",
    "report_status",
]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FileChange:
    """What ``update`` did (or, with ``--check``, would do) to one file."""

    path: str
    action: str
    """created, updated or unchanged."""


@dataclass(frozen=True)
class StatusRow:
    report: str
    language: str
    catalog: str
    segments: int
    words: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    percent: float
    stale: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def template_path(config: Config, source: Source) -> Path:
    return Path(os.path.join(config.root, config.locale_dir, f"{source.name}.pot"))


def catalog_path(config: Config, source: Source, language: str) -> Path:
    return Path(catalog_file(config, source, language))


def catalog_file(config: Config, source: Source, language: str) -> str:
    """``catalog_path`` as a string: the cache checks every report's files, and at 10,000 reports building
    Path objects for them was most of a run with nothing to do."""
    return f"{folder_prefix(config.root, config.locale_dir, language, 'LC_MESSAGES')}{source.name}.po"


def shown(config: Config, path: Path) -> str:
    """``path`` as messages print it; resolving each folder once, not each file (it is a hot path)."""
    if path.is_symlink():
        return display_path(path, config.root)
    folder = _shown_folder(path.parent, config.root)
    return f"{folder}/{path.name}" if folder != "." else path.name


@lru_cache(maxsize=256)
def _shown_folder(folder: Path, root: Path) -> str:
    return display_path(folder, root)


def load_document(config: Config, source: Source) -> Document:
    if source.format == "docx":
        from .docxsource import read_docx  # a package of XML parts, not text

        return read_docx(source.path, source.shown, source.language, config.split_options())
    data = read_bytes(source.path, source.shown)
    return parse_once(
        "document", data, (source.shown, source.format, source.language, config.segmentation, config.boilerplate,
                           config.html_skip),
        lambda: split_document(decode_utf8(data, source.shown, SourceError), source.shown, source.format,
                               source.language, config.split_options()),
    )


def _parse_catalog(data: bytes, name: str) -> polib.POFile:
    """``decode_catalog``, once per content (see parsed.py)."""
    return parse_once("catalog", data, (name,), lambda: decode_catalog(data, name))


def load_catalog(config: Config, path: Path, language: str) -> polib.POFile | None:
    """The catalog at ``path``, or None if there is none yet; its Language header must match its folder."""
    found = _load_catalog(config, path, language)
    return found[0] if found is not None else None


def _load_catalog(config: Config, path: Path, language: str) -> tuple[polib.POFile, bytes] | None:
    """The parsed catalog and the bytes it was parsed from, or None if there is no file."""
    data = _read_bytes(config, path)
    if data is None:
        return None
    name = shown(config, path)
    catalog = _parse_catalog(data, name)
    declared = catalog.metadata.get("Language", "").strip()
    if declared:
        try:
            same = normalize_language(declared) == language
        except LocaleError:
            same = False
        if not same:
            raise CatalogError.at(
                name,
                _header_line(path, "Language"),
                f"Language header says {declared!r} but the catalog is in the {language!r} folder",
            )
    return catalog, data


def _read_bytes(config: Config, path: Path) -> bytes | None:
    """The file's bytes, or None if there is no file (read errors name the file as ``read_catalog`` does)."""
    try:
        return read_file(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError.at(shown(config, path), None, f"cannot read: {exc.strerror or exc}") from exc


def _header_line(path: Path, field: str) -> int | None:
    for number, line in enumerate(path.read_text("utf-8", "replace").split("\n"), start=1):
        if line.startswith(f'"{field}:'):
            return number
    return None


def _info(config: Config) -> CatalogInfo:
    return CatalogInfo(project=config.project, bugs_address=config.bugs_address, team=config.team)


Writer = Callable[[Path, bytes], object]


def update_report(
    config: Config, source: Source, languages: Iterable[str], *, write: bool = True, writer: Writer | None = None,
    memory: Memory | None = None, record: dict[str, str | None] | None = None, own: dict[str, str] | None = None,
) -> list[FileChange]:
    """Extract the report's template and merge it into each target catalog; only changed files are written.

    Each file is rendered once and compared with the bytes on disk; an old catalog is parsed once and
    rendered only when its bytes differ from the result (it may have been written by another tool).
    ``writer`` (default: an atomic write per file) lets a caller batch the writes of many reports;
    ``record``, when given, receives the sha256 of each file's resulting bytes (for the cache).

    ``own`` maps files to the sha256 of the bytes this code, with these settings, rendered for them in
    its last run; on return it holds this run's. A file still holding those bytes renders to them
    again, so a difference from the new bytes is a change of content: the file need not be parsed and
    rendered once more to tell a change from another tool's way of writing the same catalog.
    """
    from .merge import merge_catalog  # the fuzzy matcher and its refinements: only update loads them
    from .refine import refine_catalog

    document = load_document(config, source)
    created = timestamp()
    info = _info(config)
    changes = []

    before = own.copy() if own is not None else {}
    if own is not None:
        own.clear()

    def rendered_by_us(path: Path, old_data: bytes | None) -> bool:
        return old_data is not None and before.get(str(path)) == hashlib.sha256(old_data).hexdigest()

    pot = template_path(config, source)
    template = make_template(document, info, created)
    pending = [_template_file(config, pot, template, created, rendered_by_us)]

    for language in source.targets(languages):
        path = catalog_path(config, source, language)
        found = _load_catalog(config, path, language)
        old, old_data = found if found is not None else (None, None)
        base = old if old is not None else new_catalog(template, language, info, created)
        merged = merge_catalog(base, template)
        # Trivial edits carried forward, numbers patched, sentences kept, memory fill, hints (see refine.py).
        refine_catalog(merged, old, config, source_language=source.language, target_language=language, memory=memory)
        data = render_catalog(merged, file_layout(old))
        name = shown(config, path)
        if old is None:
            pending.append((path, data, FileChange(name, "created"), None, False))
        elif data == old_data or (not rendered_by_us(path, old_data) and render_catalog(old, file_layout(old)) == data):
            pending.append((path, None, FileChange(name, "unchanged"), old_data, data == old_data))
        else:
            pending.append((path, data, FileChange(name, "updated"), old_data, False))
    # Every catalog is read, merged and rendered before the first write: a broken one leaves all files alone.
    for path, data, change, old_data, old_is_ours in pending:
        if write and data is not None:
            (writer or write_atomic)(path, data)
        changes.append(change)
        kept = data if write and data is not None else old_data
        sha = hashlib.sha256(kept).hexdigest() if kept is not None else None
        if record is not None:
            record[str(path)] = sha
        if own is not None and sha is not None and (kept is not old_data or old_is_ours):
            own[str(path)] = sha
    return changes


_POT_DATE = re.compile(rb'^"POT-Creation-Date: ([^"\\]*)\\n"$', re.M)


def _template_file(
    config: Config, path: Path, template: polib.POFile, created: str,
    rendered_by_us: Callable[[Path, bytes | None], bool],
) -> tuple[Path, bytes | None, FileChange, bytes | None, bool]:
    """The template's bytes (None when the file on disk says the same), the change, the old bytes, and
    whether those are what this code renders (known only when nothing needs writing).

    The file keeps its POT-Creation-Date unless an entry changed: the template is rendered once, and
    compared with the file under the file's own date; only a file that differs because another tool
    wrote it (not one this tool rendered, whose report changed) is parsed, to compare catalogs rather
    than bytes.
    """
    name = shown(config, path)
    old_data = _read_bytes(config, path)
    data = render_catalog(template)
    if old_data is None:
        return path, data, FileChange(name, "created"), None, False
    found = _POT_DATE.search(old_data)
    date = found.group(1).decode("utf-8", "replace") if found is not None else None
    same = date is not None and _dated(data, date) == old_data
    if not same:
        if rendered_by_us(path, old_data):  # then the bytes differ because the entries do
            return path, data, FileChange(name, "updated"), old_data, False
        old_template = decode_catalog(old_data, name)  # not kept (parsed.py): a changed template is read once
        date = old_template.metadata.get("POT-Creation-Date", created)
        if _dated(data, date) != render_catalog(old_template):
            return path, data, FileChange(name, "updated"), old_data, False
    template.metadata["POT-Creation-Date"] = date  # the catalogs merged from it keep the date too
    return path, None, FileChange(name, "unchanged"), old_data, same


def _dated(template: bytes, date: str) -> bytes:
    """The rendered template with another POT-Creation-Date: the header's lines are never wrapped, so
    this is what rendering it with that date gives."""
    line = f'"POT-Creation-Date: {polib.escape(date)}\\n"'.encode("utf-8")
    return _POT_DATE.sub(lambda _: line, template, count=1)


def report_status(config: Config, source: Source, languages: Iterable[str]) -> list[StatusRow]:
    """Translation progress of one report, measured against its current source text."""
    document = load_document(config, source)
    keys: dict[tuple[str | None, str], int] = {}
    for segment in document.segments:
        keys.setdefault(segment.key, len(segment.text.split()))
    rows = []
    for language in source.targets(languages):
        path = catalog_path(config, source, language)
        catalog = load_catalog(config, path, language)
        entries = active_entries(catalog) if catalog is not None else {}
        translated = fuzzy = 0
        for key in keys:
            entry = entries.get(key)
            if entry is not None and is_translated(entry):
                if entry.fuzzy:
                    fuzzy += 1
                else:
                    translated += 1
        obsolete = sum(1 for entry in catalog if entry.obsolete) if catalog is not None else 0
        total = len(keys)
        rows.append(
            StatusRow(
                report=source.shown,
                language=language,
                catalog=shown(config, path),
                segments=total,
                words=sum(keys.values()),
                translated=translated,
                fuzzy=fuzzy,
                untranslated=total - translated - fuzzy,
                obsolete=obsolete,
                percent=round(100.0 * translated / total, 1) if total else 100.0,
                stale=catalog is None or set(entries) != set(keys),
            )
        )
    return rows
