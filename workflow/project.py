"""The project's files: where templates and catalogs live, and the update and status commands."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

import polib

from .catalog import (
    CatalogInfo,
    active_entries,
    is_translated,
    make_template,
    new_catalog,
    parse_catalog,
    read_catalog,
    render_catalog,
    timestamp,
)
from .config import Config, Source
from .errors import CatalogError, LocaleError
from .fileio import display_path, read_text, write_atomic
from .locales import normalize_language
from .merge import merge_catalog
from .model import Document
from .segment import split_document

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
    return config.root / config.locale_dir / f"{source.name}.pot"


def catalog_path(config: Config, source: Source, language: str) -> Path:
    return config.root / config.locale_dir / language / "LC_MESSAGES" / f"{source.name}.po"


def shown(config: Config, path: Path) -> str:
    return display_path(path, config.root)


def load_document(config: Config, source: Source) -> Document:
    text = read_text(source.path, source.shown)
    return split_document(text, source.shown, source.format, source.language, config.split_options())


def load_catalog(config: Config, path: Path, language: str) -> polib.POFile | None:
    """The catalog at ``path``, or None if there is none yet; its Language header must match its folder."""
    if not path.exists():
        return None
    name = shown(config, path)
    catalog = read_catalog(path, name)
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
    return catalog


def _header_line(path: Path, field: str) -> int | None:
    for number, line in enumerate(path.read_text("utf-8", "replace").split("\n"), start=1):
        if line.startswith(f'"{field}:'):
            return number
    return None


def _info(config: Config) -> CatalogInfo:
    return CatalogInfo(project=config.project, bugs_address=config.bugs_address, team=config.team)


def update_report(
    config: Config, source: Source, languages: Iterable[str], *, write: bool = True
) -> list[FileChange]:
    """Extract the report's template and merge it into each target catalog; only changed files are written."""
    document = load_document(config, source)
    created = timestamp()
    changes = []

    pot = template_path(config, source)
    old_template = _existing(config, pot)
    template = make_template(document, _info(config), created)
    if old_template is not None:
        template.metadata["POT-Creation-Date"] = old_template.metadata.get("POT-Creation-Date", created)
        if render_catalog(template) != render_catalog(old_template):
            template.metadata["POT-Creation-Date"] = created
    pending = [_render(config, pot, template, old_template)]

    for language in source.targets(languages):
        path = catalog_path(config, source, language)
        old = load_catalog(config, path, language)
        base = old if old is not None else new_catalog(template, language, _info(config), created)
        pending.append(_render(config, path, merge_catalog(base, template), old))
    # Every catalog is read, merged and checked before the first write: a broken one leaves all files alone.
    for path, data, change in pending:
        if write and data is not None:
            write_atomic(path, data)
        changes.append(change)
    return changes


def _existing(config: Config, path: Path) -> polib.POFile | None:
    return read_catalog(path, shown(config, path)) if path.exists() else None


def _render(
    config: Config, path: Path, catalog: polib.POFile, old: polib.POFile | None
) -> tuple[Path, bytes | None, FileChange]:
    """The bytes to write to ``path`` (None when nothing changed) and the change to report."""
    data = render_catalog(catalog)
    name = shown(config, path)
    if old is not None and render_catalog(old) == data:
        return path, None, FileChange(name, "unchanged")
    parse_catalog(data.decode("utf-8"), name)  # never write a catalog we could not read back
    return path, data, FileChange(name, "updated" if old is not None else "created")


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
