"""Document <-> polib catalogs: reading with line-numbered errors, templates, headers, rendering, counts."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
import polib

from .errors import CatalogError, WorkflowError
from .fileio import decode_utf8
from .locales import language_name, plural_forms
from .model import Document
from .posyntax import find_syntax_error

__all__ = [
    "WRAP_WIDTH",
    "Key",
    "CatalogInfo",
    "read_catalog",
    "parse_catalog",
    "make_template",
    "new_catalog",
    "render_catalog",
    "entry_key",
    "is_translated",
    "active_entries",
    "timestamp",
    "same_except_date",
]

WRAP_WIDTH = 79
"""GNU gettext's width, so catalogs that msgmerge also touches do not churn."""

Key = tuple[str | None, str]


@dataclass(frozen=True)
class CatalogInfo:
    """Project-wide header values."""

    project: str = "reports"
    bugs_address: str = ""
    team: str = ""


def timestamp() -> str:
    """The header date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(seconds))


def read_catalog(path: Path, shown: str) -> polib.POFile:
    """Parse a PO/POT file, refusing anything polib would silently misread."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError.at(shown, None, "no such catalog") from None
    except OSError as exc:
        raise CatalogError.at(shown, None, f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = decode_utf8(data, shown, CatalogError)
    except CatalogError:
        declared = re.search(rb"charset=([\w.-]+)", data)
        if declared and declared.group(1).lower() not in _UTF8_NAMES:
            raise _charset_error(shown, data.decode("latin-1"), declared.group(1).decode("ascii")) from None
        raise
    return parse_catalog(text, shown)


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Parse catalog text (UTF-8 already decoded) named ``shown`` in messages."""
    if text.startswith("\ufeff"):
        text = text[1:]
    problem = find_syntax_error(text)
    if problem:
        raise CatalogError.at(shown, problem[0], problem[1])
    try:
        catalog = polib.pofile(_PoText(text), wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise CatalogError.at(shown, int(line.group(1)) if line else None, f"cannot parse catalog: {exc}") from exc
    charset = _charset(catalog)
    if charset not in _UTF8_NAMES and not text.isascii():
        raise _charset_error(shown, text, charset)
    seen: dict[tuple[Key, bool], int | None] = {}
    for entry in catalog:
        key = (entry_key(entry), bool(entry.obsolete))
        if key in seen:
            raise CatalogError.at(
                shown, entry.linenum, f"duplicate entry for {_short(entry.msgid)} (first at line {seen[key]})"
            )
        seen[key] = entry.linenum
    _restore_obsolete_previous(catalog, text)
    return catalog


_UTF8_NAMES = ("utf-8", "utf8", "charset", "us-ascii", "ascii")
"""Charsets whose text decodes as UTF-8 (``CHARSET`` is the placeholder of a fresh template)."""


def _charset_error(shown: str, text: str, charset: str) -> WorkflowError:
    match = re.search(r'^"Content-Type:', text, re.M)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    return CatalogError.at(
        shown, line, f"catalog declares charset {charset.lower()!r}; convert it with: msgconv --to-code=UTF-8"
    )


_OBSOLETE_LINE = re.compile(r'#~(\|?)[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?[ \t]*(".*")?[ \t]*')


def _restore_obsolete_previous(catalog: polib.POFile, text: str) -> None:
    """Put back the ``#~|`` previous msgid of obsolete entries, which polib skips when reading.

    Without it, an obsolete fuzzy entry would lose what its translation was made for on the next write.
    """
    previous: dict[str, str] = {}
    current: dict[str, str] = {}
    field = ""
    found: dict[Key, dict[str, str]] = {}
    for raw in text.split("\n"):
        line = raw.strip()
        match = _OBSOLETE_LINE.fullmatch(line)
        if match is None:
            if line.startswith(("msgctxt", "msgid", "msgstr")):
                previous, current, field = {}, {}, ""
            continue
        bar, keyword, string = match.groups()
        value = polib.unescape(string[1:-1]) if string else ""
        target = previous if bar else current
        if keyword:
            field = ("|" if bar else "") + keyword
            target[keyword] = value
        elif string and field.lstrip("|") in target and field.startswith("|") == bool(bar):
            target[field.lstrip("|")] += value
        if keyword and keyword.startswith("msgstr"):
            if previous and "msgid" in current:
                found[(current.get("msgctxt"), current["msgid"])] = previous
            previous, current, field = {}, {}, ""
    for entry in catalog:
        fields = found.get(entry_key(entry)) if entry.obsolete else None
        if fields:
            entry.previous_msgctxt = fields.get("msgctxt")
            entry.previous_msgid = fields.get("msgid")
            entry.previous_msgid_plural = fields.get("msgid_plural")


class _PoText(str):
    """Catalog text that splits into lines only at newlines.

    polib splits in-memory catalogs with ``str.splitlines``, which also breaks at U+2028, U+0085 and
    other separators that are ordinary characters inside a PO string, and so cuts such msgids short.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        lines = self.split("\n")
        if not keepends:
            return lines
        return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def _charset(catalog: polib.POFile) -> str:
    match = re.search(r"charset=([\w.-]+)", catalog.metadata.get("Content-Type", ""))
    return match.group(1).lower() if match else "utf-8"


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return '"' + " ".join(parts[:words]) + (" …" if len(parts) > words else "") + '"'


def entry_key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def is_translated(entry: polib.POEntry) -> bool:
    """Has a translation at all (fuzzy or not)."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def active_entries(catalog: polib.POFile) -> dict[Key, polib.POEntry]:
    """Non-obsolete entries by (msgctxt, msgid): one dict lookup per segment, never a scan."""
    return {entry_key(entry): entry for entry in catalog if not entry.obsolete}


def make_template(document: Document, info: CatalogInfo, created: str) -> polib.POFile:
    """The POT of one report: one entry per distinct segment, in document order."""
    template = polib.POFile(wrapwidth=WRAP_WIDTH)
    template.header = f"Translation template for {Path(document.path).name}."
    template.metadata = {
            "Project-Id-Version": info.project,
            "Report-Msgid-Bugs-To": info.bugs_address,
            "POT-Creation-Date": created,
            "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
            "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
            "Language-Team": "LANGUAGE <LL@li.org>",
            "Language": "",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "X-Source-Language": document.language,
        }
    entries: dict[Key, polib.POEntry] = {}
    for segment in document.segments:
        entry = entries.get(segment.key)
        occurrence = (segment.location.path, str(segment.location.line))
        if entry is None:
            entry = polib.POEntry(
                msgid=segment.text, msgctxt=segment.context, msgstr="", occurrences=[occurrence], comment=segment.kind
            )
            entries[segment.key] = entry
            template.append(entry)
        else:
            entry.occurrences.append(occurrence)
            if segment.kind not in entry.comment.split(", "):
                entry.comment += ", " + segment.kind
    return template


def new_catalog(template: polib.POFile, language: str, info: CatalogInfo, created: str) -> polib.POFile:
    """An empty catalog for ``language`` with Babel's plural rule; entries are added by merging."""
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    name = language_name(language)
    report = template.header.removeprefix("Translation template for ").rstrip(".")
    catalog.header = f"{name} translation of {report}."
    catalog.metadata = {
            "Project-Id-Version": info.project,
            "Report-Msgid-Bugs-To": info.bugs_address,
            "POT-Creation-Date": template.metadata.get("POT-Creation-Date", created),
            "PO-Revision-Date": created,
            "Last-Translator": "Automatically generated",
            "Language-Team": info.team or name,
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": plural_forms(language),
            "X-Source-Language": template.metadata.get("X-Source-Language", ""),
        }
    return catalog


def render_catalog(catalog: polib.POFile) -> bytes:
    """The catalog as UTF-8 PO text; equal catalogs render to equal bytes."""
    catalog.wrapwidth = WRAP_WIDTH
    text = catalog.__unicode__()
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def same_except_date(first: bytes, second: bytes) -> bool:
    """Whether two renderings differ at most in POT-Creation-Date (no date churn)."""
    pattern = re.compile(rb'^"POT-Creation-Date: [^"]*"$', re.M)
    return pattern.sub(b"", first) == pattern.sub(b"", second)

