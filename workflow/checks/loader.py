"""Catalogs (ours or anyone's) -> the neutral views checks read, plus the project's check settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib

from ..catalog import read_catalog
from ..errors import ConfigError, LocaleError, Location
from ..locales import normalize_language
from ..model import Document, Severity
from .base import Catalog, Entry, Settings
from .terminology import load_glossary

__all__ = ["load_catalog_view", "language_from_path", "load_settings"]

_SETTINGS = {"disable", "severity", "digits", "keep", "glossary", "arabic-locale", "max-obsolete"}


def language_from_path(path: Path) -> str:
    """``.../ar/LC_MESSAGES/x.po`` or ``.../ar.po`` -> ``ar``; '' when the path names no language."""
    candidates = []
    if path.parent.name == "LC_MESSAGES":
        candidates.append(path.parent.parent.name)
    candidates.append(path.stem)
    for candidate in candidates:
        try:
            return normalize_language(candidate)
        except LocaleError:
            continue
    return ""


def load_catalog_view(
    path: Path, shown: str, *, language: str = "", source_language: str = "", source: Document | None = None
) -> Catalog:
    """Read a catalog for checking; its language comes from the argument, its header or its path."""
    catalog = read_catalog(path, shown)
    declared = catalog.metadata.get("Language", "").strip()
    folder = language_from_path(path)
    if not language:
        try:
            language = normalize_language(declared) if declared else folder
        except LocaleError:
            language = folder
    source_language = source_language or catalog.metadata.get("X-Source-Language", "") or "en"
    entries = tuple(_entry(entry) for entry in catalog)
    return Catalog(
        path=shown,
        language=language,
        source_language=source_language,
        entries=entries,
        header=dict(catalog.metadata),
        header_line=_header_line(catalog),
        header_fuzzy=bool(catalog.metadata_is_fuzzy),
        source=source,
        folder_language=folder,
    )


def _header_line(catalog: polib.POFile) -> int:
    """Line of the header's ``msgid ""``: polib does not record it, but it follows the header comment."""
    return catalog.header.count("\n") + 2 if catalog.header else 1


def _entry(entry: polib.POEntry) -> Entry:
    plurals = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)) if entry.msgid_plural else ()
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        line=entry.linenum or 1,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or "",
        plurals=plurals,
        flags=tuple(entry.flags),
        fuzzy=entry.fuzzy,
        obsolete=bool(entry.obsolete),
        translator_comment=entry.tcomment or "",
        extracted_comment=entry.comment or "",
        references=tuple((path, line or "") for path, line in entry.occurrences),
    )


def load_settings(
    table: dict[str, Any], known_checks: set[str], where: Location | None = None, root: Path = Path(".")
) -> Settings:
    """Validate ``[tool.workflow.checks]``; every unknown key or check id is named.

    ``root`` is the project folder: the ``glossary`` path is relative to it.
    """
    unknown = set(table) - _SETTINGS
    if unknown:
        raise ConfigError(f"unknown setting {sorted(unknown)[0]!r} in [tool.workflow.checks]", where)
    disabled = _strings(table.get("disable", []), "disable", where)
    severities: dict[str, Severity] = {}
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(
            f"'severity' in [tool.workflow.checks] must be a table such as {{ tatweel = \"warning\" }}, not {severity!r}",
            where,
        )
    for check_id, value in severity.items():
        if value not in ("error", "warning"):
            raise ConfigError(f"severity of {check_id!r} must be 'error' or 'warning', not {value!r}", where)
        severities[check_id] = Severity(value)
    for check_id in [*disabled, *severities]:
        if check_id not in known_checks:
            raise ConfigError(f"unknown check {check_id!r} in [tool.workflow.checks]", where)
    digits = table.get("digits", "any")
    if digits not in ("latn", "arab", "any"):
        raise ConfigError(f"'digits' must be 'latn', 'arab' or 'any', not {digits!r}", where)
    max_obsolete = table.get("max-obsolete", 50)
    if not isinstance(max_obsolete, int) or max_obsolete < 0:
        raise ConfigError(f"'max-obsolete' must be a whole number, not {max_obsolete!r}", where)
    arabic_locale = normalize_language(str(table.get("arabic-locale", "ar")), where)
    glossary = table.get("glossary")
    if glossary is not None and (not isinstance(glossary, str) or not glossary):
        raise ConfigError(f"'glossary' must be the path of a CSV file, not {glossary!r}", where)
    terms = load_glossary(root / glossary, glossary) if glossary else None
    keep = set(_strings(table.get("keep", []), "keep", where))
    if terms is not None:  # a glossary's keep-as-is names (GitHub, UNICEF) are kept words too
        keep.update(name for term in terms.terms if term.keep for name in term.forms("ar"))
    return Settings(
        disabled=frozenset(disabled),
        severities=severities,
        digits=digits,
        keep=frozenset(keep),
        arabic_locale=arabic_locale,
        max_obsolete=max_obsolete,
        glossary=terms,
    )


def _strings(value: Any, key: str, where: Location | None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'{key}' in [tool.workflow.checks] must be a list of strings", where)
    return value

