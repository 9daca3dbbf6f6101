"""Document <-> polib catalogs: reading with line-numbered errors, templates, headers, rendering, counts."""

from __future__ import annotations

import codecs
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
import polib

from .errors import CatalogError, WorkflowError
from .fileio import decode_utf8
from .heap import without_cycle_collection
from .locales import language_name, plural_forms
from .model import Document
from .poformat import FileLayout, render_po
from .poparse import file_layout, parse_po

__all__ = [
    "WRAP_WIDTH",
    "Key",
    "CatalogInfo",
    "read_catalog",
    "decode_catalog",
    "parse_catalog",
    "make_template",
    "new_catalog",
    "render_catalog",
    "file_layout",
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
    return _decode(data, shown)[0]


def decode_catalog(data: bytes, shown: str) -> polib.POFile:
    """Parse the bytes of one of the project's own catalogs or templates named ``shown`` (callers keep the
    bytes, to compare). Beyond ``read_catalog``, it refuses what ``msgfmt --check`` refuses and a merge
    would carry on: an empty file, a missing header, translated plural forms that contradict ``nplurals``
    (``workflow check`` reports those in anyone's catalog instead)."""
    if not data.strip():
        raise CatalogError.at(
            shown, None, "the catalog is empty; restore it from version control, or delete it to start a new one"
        )
    catalog, text = _decode(data, shown)
    if not _HEADER_ENTRY.search(text):
        raise CatalogError.at(
            shown, 1, 'no header entry (msgid ""): the catalog needs one for its charset, Language and Plural-Forms'
        )
    _check_plural_counts(catalog, shown)
    return catalog


def _decode(data: bytes, shown: str) -> tuple[polib.POFile, str]:
    try:
        text = decode_utf8(data, shown, CatalogError)
    except CatalogError:
        declared = re.search(rb"charset=([\w.-]+)", data)
        charset = declared.group(1).decode("ascii") if declared else "utf-8"
        if charset.lower() in _UTF8_NAMES:
            raise
        try:
            codecs.lookup(charset)
        except LookupError:
            raise _charset_error(shown, data.decode("latin-1"), charset) from None
        # A legacy charset (CP1256, ISO-8859-6...): read in it, written back in UTF-8 as msgmerge does.
        text = decode_utf8(data, shown, CatalogError, encoding=charset)
        return parse_catalog(text, shown, declared_charset=True), text
    return parse_catalog(text, shown), text


_HEADER_ENTRY = re.compile(r'^msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*msgstr\b', re.M)


def _check_plural_counts(catalog: polib.POFile, shown: str) -> None:
    """msgfmt rejects a translated plural entry whose forms are not exactly the header's ``nplurals``."""
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    if match is None:
        return
    wanted = int(match.group(1))
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or not entry.msgid_plural or not entry.msgstr_plural.get(0):
            continue
        if len(entry.msgstr_plural) != wanted:
            raise CatalogError.at(
                shown, entry.linenum,
                f"plural entry has {len(entry.msgstr_plural)} forms but the header says nplurals={wanted};"
                f" give it msgstr[0] to msgstr[{wanted - 1}] (msgfmt rejects this catalog)",
            )


def parse_catalog(text: str, shown: str, *, declared_charset: bool = False) -> polib.POFile:
    """Parse catalog text named ``shown`` in messages: decoded from UTF-8, or (``declared_charset``) from
    the charset its header declares."""
    with without_cycle_collection():  # collections as entries piled up took a third of the time
        return _parse_catalog(text, shown, declared_charset)


def _parse_catalog(text: str, shown: str, declared_charset: bool) -> polib.POFile:
    if text.startswith("\ufeff"):
        text = text[1:]
    catalog = parse_po(text, shown, WRAP_WIDTH)
    charset = _charset(catalog)
    if charset not in _UTF8_NAMES and not text.isascii() and not declared_charset:
        raise _charset_error(shown, text, charset)  # UTF-8 bytes that say they are not
    duplicate = _duplicate_header_field(text)
    if duplicate:
        line, field, first = duplicate
        raise CatalogError.at(shown, line, f"header field {field!r} appears twice (first at line {first}): keep one")
    seen: dict[tuple[Key, bool], int | None] = {}
    for entry in catalog:
        key = (entry_key(entry), bool(entry.obsolete))
        if key in seen:
            raise CatalogError.at(
                shown, entry.linenum, f"duplicate entry for {_short(entry.msgid)} (first at line {seen[key]})"
            )
        seen[key] = entry.linenum
    return catalog


_HEADER_FIELDS = re.compile(
    r'^msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*#[^\n]*\r?\n)*msgstr[ \t]+""[ \t]*\r?\n((?:[ \t]*"[^\n]*\r?\n)*)', re.M
)
_HEADER_FIELD = re.compile(r'\s*"([A-Za-z][\w-]*):').match


def _duplicate_header_field(text: str) -> tuple[int, str, int] | None:
    """(line, field, first line) of a header field given twice: polib would silently keep the last one."""
    match = _HEADER_FIELDS.search(text)
    if match is None:
        return None
    number = text.count("\n", 0, match.start(1)) + 1
    seen: dict[str, int] = {}
    for offset, field in enumerate(map(_HEADER_FIELD, match.group(1).splitlines())):
        if field is not None:
            name = field[1]
            if name in seen:
                return number + offset, name, seen[name]
            seen[name] = number + offset
    return None


_FSI, _PDI = "\u2068", "\u2069"
"""GNU gettext (0.21 and later) encloses a file name with spaces in these isolates in ``#:`` references."""
_SPACE_STAND_IN = {" ": "\ue0f0", "\t": "\ue0f1"}
_UTF8_NAMES = ("utf-8", "utf8", "charset", "us-ascii", "ascii")
"""Charsets whose text decodes as UTF-8 (``CHARSET`` is the placeholder of a fresh template)."""


def _charset_error(shown: str, text: str, charset: str) -> WorkflowError:
    match = re.search(r'^"Content-Type:', text, re.M)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    return CatalogError.at(
        shown, line, f"catalog declares charset {charset.lower()!r}; convert it with: msgconv --to-code=UTF-8"
    )


_CHARSET = re.compile(r"charset=([\w.-]+)")


def _charset(catalog: polib.POFile) -> str:
    match = _CHARSET.search(catalog.metadata.get("Content-Type", ""))
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


def render_catalog(catalog: polib.POFile, layout: FileLayout | None = None, width: int = WRAP_WIDTH) -> bytes:
    """The catalog as UTF-8 PO text, byte for byte what polib writes at ``width`` (0: no wrapping) but for
    comments, written as gettext writes them (never wrapped, an empty line as ``#``); equal
    catalogs render to equal bytes. With ``layout`` (``file_layout`` the catalog as it was read),
    unchanged strings keep the file's lines."""
    catalog.wrapwidth = width
    spaced = [entry for entry in catalog if any(" " in path or "\t" in path for path, _ in entry.occurrences)]
    if not spaced:
        text = render_po(catalog, width, layout)
    else:
        # As gettext writes them: ``⁨my report.md⁩:3``, a name never cut at the end of a line.
        originals = [entry.occurrences for entry in spaced]
        for entry in spaced:
            entry.occurrences = [(_isolate(path), line) for path, line in entry.occurrences]
        try:
            text = render_po(catalog, width, layout)
        finally:
            for entry, occurrences in zip(spaced, originals):
                entry.occurrences = occurrences
        text = re.sub(r"(?m)^#: .*$", lambda m: _restore_spaces(m.group()), text)
    if not text.isascii() and _charset(catalog) not in ("utf-8", "utf8"):
        # Written as UTF-8, so labelled so (as msgmerge relabels an ASCII or legacy catalog it converts).
        catalog.metadata["Content-Type"] = _CHARSET.sub("charset=UTF-8", catalog.metadata["Content-Type"])
        return render_catalog(catalog, layout, width)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def _isolate(path: str) -> str:
    if " " not in path and "\t" not in path:
        return path
    for space, stand_in in _SPACE_STAND_IN.items():
        path = path.replace(space, stand_in)
    return f"{_FSI}{path}{_PDI}"


def _restore_spaces(line: str) -> str:
    for space, stand_in in _SPACE_STAND_IN.items():
        line = line.replace(stand_in, space)
    return line


def same_except_date(first: bytes, second: bytes) -> bool:
    """Whether two renderings differ at most in POT-Creation-Date (no date churn)."""
    pattern = re.compile(rb'^"POT-Creation-Date: [^"]*"$', re.M)
    return pattern.sub(b"", first) == pattern.sub(b"", second)

