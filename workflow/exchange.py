"""Exchange with CAT tools: XLIFF 1.2 per report and language, TMX 1.4b for the whole memory.

Export writes what a translator needs (source, target, state, notes, locations) through ElementTree,
deterministically (no dates), so exporting twice writes the same bytes. Import merges translations
back with the rules of ``update``, never losing one:

- an empty catalog entry, or one with a fuzzy (unreviewed) translation, takes the XLIFF target;
- a unit whose source is no longer in the catalog (the report changed since the export) is not
  applied: it is reported at its line in the XLIFF (exit 3);
- a target that differs from the catalog's *reviewed* translation is a conflict: not applied and
  reported (exit 3), unless ``overwrite``, which applies it and keeps the replaced translation in a
  ``workflow: replaced:`` comment;
- the state decides fuzzy: ``approved="yes"`` is reviewed, ``approved="no"`` is fuzzy; without
  ``approved``, ``translated``, ``signed-off`` and ``final`` are reviewed and every other state
  (``needs-review-*``, ``needs-translation``, ``new``) is fuzzy. A reviewed catalog translation is
  never re-opened by an import of the same text.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import polib

from . import __version__
from .catalog import file_layout, parse_catalog, render_catalog
from .config import Config, Source, find_sources
from .errors import Location, SourceError, WorkflowError
from .fileio import display_path, write_atomic
from .locales import normalize_language
from .memory import Memory, memory_dir
from .model import Problem, Severity
from .project import catalog_path, load_catalog
from .refine import REVIEW_FLAG, set_note, tidy_notes, without_notes
from .tmx import TmxUnit, read_tmx, tmx_language, write_tmx
from .xmlsafe import XML_NS, parse_xml, xml_text_problem

__all__ = [
    "XLIFF_NS",
    "Exported",
    "Imported",
    "unit_id",
    "export_xliff",
    "export_tmx",
    "import_file",
    "xliff_name",
]

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
_X = f"{{{XLIFF_NS}}}"
_SPACE = f"{{{XML_NS}}}space"
_LANG = f"{{{XML_NS}}}lang"
_REVIEWED_STATES = ("translated", "signed-off", "final")


@dataclass(frozen=True)
class Exported:
    path: str
    written: bool
    units: int


@dataclass
class Imported:
    """What importing one file did."""

    path: str
    catalogs: list[tuple[str, str]] = field(default_factory=list)
    """(catalog, updated or unchanged); for a TMX file, the copy under the locale folder."""
    applied: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def unit_id(entry: polib.POEntry) -> str:
    """A trans-unit id that depends on the entry's key only (msgctxt and msgid)."""
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def xliff_name(source: Source, language: str) -> str:
    return f"{source.name}.{language}.xlf"


# --- export -------------------------------------------------------------------------------------------------


def export_xliff(config: Config, source: Source, language: str, folder: Path) -> Exported:
    """Write ``FOLDER/NAME.LANG.xlf`` from the report's catalog for ``language``."""
    path = catalog_path(config, source, language)
    catalog = load_catalog(config, path, language)
    shown_catalog = display_path(path, config.root)
    if catalog is None:
        raise WorkflowError(f"no catalog {shown_catalog} yet; run: workflow update -l {language} {source.shown}")
    root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF_NS})
    file = ET.SubElement(
        root,
        "file",
        {
            "original": source.shown,
            "source-language": tmx_language(source.language),
            "target-language": tmx_language(language),
            "datatype": "x-markdown" if source.format == "markdown" else "plaintext",
            "tool-id": "workflow",
        },
    )
    header = ET.SubElement(file, "header")
    ET.SubElement(header, "tool", {"tool-id": "workflow", "tool-name": "workflow", "tool-version": __version__})
    ET.SubElement(header, "note").text = f"Exported from {shown_catalog}; import with: workflow import FILE"
    body = ET.SubElement(file, "body")
    count = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid or entry.msgid_plural:
            continue
        _check_text(entry, shown_catalog)
        body.append(_trans_unit(entry))
        count += 1
    ET.indent(root, space=" ")
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
    target = folder / xliff_name(source, language)
    return Exported(display_path(target, config.root), write_atomic(target, data), count)


def _check_text(entry: polib.POEntry, shown: str) -> None:
    for text in (entry.msgid, entry.msgstr, entry.tcomment, entry.comment, entry.msgctxt or ""):
        problem = xml_text_problem(text)
        if problem:
            raise SourceError.at(
                shown, entry.linenum, f"cannot export {problem} to XLIFF (XML 1.0 has no such character)"
            )


def _trans_unit(entry: polib.POEntry) -> ET.Element:
    translated = bool(entry.msgstr)
    reviewed = translated and not entry.fuzzy
    unit = ET.Element("trans-unit", {"id": unit_id(entry), _SPACE: "preserve", "approved": "yes" if reviewed else "no"})
    ET.SubElement(unit, "source").text = entry.msgid
    state = "translated" if reviewed else "needs-review-translation" if translated else "new"
    ET.SubElement(unit, "target", {"state": state}).text = entry.msgstr
    for path, line in entry.occurrences:
        group = ET.SubElement(unit, "context-group", {"name": "po-reference", "purpose": "location"})
        ET.SubElement(group, "context", {"context-type": "sourcefile"}).text = path
        if line:
            ET.SubElement(group, "context", {"context-type": "linenumber"}).text = str(line)
    if entry.msgctxt is not None:
        group = ET.SubElement(unit, "context-group", {"name": "po-entry", "purpose": "information"})
        ET.SubElement(group, "context", {"context-type": "x-po-msgctxt"}).text = entry.msgctxt
    if entry.comment:
        ET.SubElement(unit, "note", {"from": "developer"}).text = entry.comment
    if entry.tcomment:
        ET.SubElement(unit, "note", {"from": "translator"}).text = entry.tcomment
    if entry.fuzzy and entry.previous_msgid:
        ET.SubElement(unit, "note", {"from": "workflow"}).text = f"The translation was made for: {entry.previous_msgid}"
    return unit


def export_tmx(config: Config, memory: Memory, languages: tuple[str, ...], folder: Path) -> Exported:
    """Write ``FOLDER/memory.tmx``: every unit of the memory (catalogs and imported TMX files)."""
    wanted = {code.split("_")[0] for code in languages}
    units = []
    for unit in memory:
        if wanted and not wanted & {unit.source_language.split("_")[0], unit.target_language.split("_")[0]}:
            continue
        props = [("x-origin", unit.origin.reference or str(unit.origin))]
        if unit.origin.report:
            props.append(("x-report", unit.origin.report))
        units.append(TmxUnit(unit.source_language, unit.target_language, unit.source, unit.target, tuple(props)))
    target = folder / "memory.tmx"
    segtype = "sentence" if config.segmentation == "sentence" else "paragraph"
    data = write_tmx(units, segtype=segtype, shown=display_path(target, config.root))
    return Exported(display_path(target, config.root), write_atomic(target, data), len(units))


# --- import -------------------------------------------------------------------------------------------------


def import_file(config: Config, path: Path, *, overwrite: bool = False) -> Imported:
    """Merge an XLIFF file into the catalogs, or keep a TMX file in the project's memory."""
    shown = display_path(path, config.root)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError.at(shown, None, f"cannot read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".tmx":
        return _import_tmx(config, path, data, shown, overwrite)
    document = parse_xml(data, shown)
    root = document.root
    if root.tag not in (f"{_X}xliff", "xliff"):
        raise SourceError.at(shown, document.line(root), f"not an XLIFF 1.2 file: the root element is <{root.tag}>")
    namespace = _X if root.tag.startswith("{") else ""
    result = Imported(shown)
    for file in root.iter(f"{namespace}file"):
        where = Location(shown, document.line(file))
        source = _source_for(config, file.get("original", ""), where)
        language = _language(file.get("target-language", ""), where)
        catalog_file = catalog_path(config, source, language)
        catalog = load_catalog(config, catalog_file, language)
        catalog_shown = display_path(catalog_file, config.root)
        if catalog is None:
            raise WorkflowError(f"no catalog {catalog_shown}; run: workflow update -l {language} {source.shown}", where)
        before = render_catalog(catalog, file_layout(catalog))
        by_id: dict[str, polib.POEntry] = {}
        by_text: dict[str, polib.POEntry] = {}
        for entry in catalog:
            if not entry.obsolete and entry.msgid and not entry.msgid_plural:
                by_id[unit_id(entry)] = entry
                by_text.setdefault(entry.msgid, entry)
        for unit in file.iter(f"{namespace}trans-unit"):
            _import_unit(
                unit, namespace, document.line(unit), by_id, by_text, result, catalog_shown, language, overwrite
            )
        data_after = render_catalog(catalog, file_layout(catalog))
        if data_after != before:
            parse_catalog(data_after.decode("utf-8"), catalog_shown)  # never write a catalog we could not read back
            write_atomic(catalog_file, data_after)
            result.catalogs.append((catalog_shown, "updated"))
        else:
            result.catalogs.append((catalog_shown, "unchanged"))
    return result


def _source_for(config: Config, original: str, where: Location) -> Source:
    """The report an XLIFF ``<file original=...>`` names: a configured source, else that file in the project."""
    named = config.root / original
    if original and not Path(original).is_absolute() and ".." not in Path(original).parts and named.is_file():
        return find_sources(config, [named])[0]
    sources = find_sources(config) if config.sources else []
    for source in sources:
        if source.shown == original:
            return source
    stem = Path(original).name
    for source in sources:
        if source.path.name == stem or source.name == stem:
            return source
    raise WorkflowError(f"the XLIFF file is for {original!r}, which is not a report of this project", where)


def _language(code: str, where: Location) -> str:
    if not code:
        raise WorkflowError("the XLIFF <file> has no target-language", where)
    try:
        return normalize_language(code.replace("-", "_"))
    except WorkflowError as exc:
        raise WorkflowError(exc.message, where) from None


def _text(element: ET.Element | None) -> str | None:
    return None if element is None else "".join(element.itertext())


def _import_unit(
    unit: ET.Element,
    namespace: str,
    line: int | None,
    by_id: dict[str, polib.POEntry],
    by_text: dict[str, polib.POEntry],
    result: Imported,
    catalog: str,
    language: str,
    overwrite: bool,
) -> None:
    source = _text(unit.find(f"{namespace}source")) or ""
    target_element = unit.find(f"{namespace}target")
    target = _text(target_element)
    entry = by_id.get(unit.get("id", "")) or by_text.get(source)
    where = Location(result.path, line)
    words = " ".join(source.split()[:8]) + (" …" if len(source.split()) > 8 else "")
    if entry is None or entry.msgid != source:
        result.problems.append(
            Problem(
                where,
                Severity.ERROR,
                "source-changed",
                f'the source of this unit is no longer in {catalog} (the report changed since the export): "{words}";'
                " not applied: export again and carry the translation over",
                msgid=source,
                language=language,
                catalog=catalog,
            )
        )
        return
    if not target:
        return
    fuzzy = _is_fuzzy(unit, target_element)
    if entry.msgstr == target:
        if entry.fuzzy and not fuzzy:
            _set(entry, target, fuzzy=False)
            result.applied += 1
        else:
            result.unchanged += 1
        _take_notes(entry, unit, namespace)
        return
    if entry.msgstr and not entry.fuzzy and not overwrite:
        result.problems.append(
            Problem(
                where,
                Severity.ERROR,
                "conflict",
                f'differs from the reviewed translation in {catalog}:{entry.linenum}: "{words}"; not applied'
                " (pass --overwrite to replace it)",
                msgid=source,
                language=language,
                catalog=catalog,
            )
        )
        return
    if entry.msgstr and not entry.fuzzy:
        set_note(entry, "replaced", f"translation before the import of {result.path}: {entry.msgstr}")
    _set(entry, target, fuzzy=fuzzy)
    _take_notes(entry, unit, namespace)
    result.applied += 1


def _is_fuzzy(unit: ET.Element, target: ET.Element | None) -> bool:
    approved = unit.get("approved")
    if approved in ("yes", "no"):
        return approved == "no"
    state = target.get("state", "") if target is not None else ""
    return state not in _REVIEWED_STATES


def _set(entry: polib.POEntry, target: str, *, fuzzy: bool) -> None:
    entry.msgstr = target
    flags = [flag for flag in entry.flags if flag != "fuzzy" and (fuzzy or flag != REVIEW_FLAG)]
    entry.flags = (["fuzzy"] if fuzzy else []) + flags
    if not fuzzy:
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
    tidy_notes(entry)


_EXPORTED_NOTES = ("developer", "workflow")


def _take_notes(entry: polib.POEntry, unit: ET.Element, namespace: str) -> None:
    """Notes written in the CAT tool join the entry's translator comment (never replace it). XLIFF's ``from``
    names a note's author freely (OmegaT writes none): only the two kinds export wrote itself are not
    the translator's."""
    have = set(entry.tcomment.split("\n")) if entry.tcomment else set()
    for note in unit.findall(f"{namespace}note"):
        if note.get("from") in _EXPORTED_NOTES or not note.text:
            continue
        # The translator note export wrote carries workflow's own notes too: their state is the catalog's.
        text = without_notes(note.text)
        new = [line for line in text.split("\n") if line and line not in have]
        if new:
            entry.tcomment = "\n".join([*(entry.tcomment.split("\n") if entry.tcomment else []), *new])
            have.update(new)


def _import_tmx(config: Config, path: Path, data: bytes, shown: str, overwrite: bool) -> Imported:
    pairs = read_tmx(data, shown)
    result = Imported(shown)
    if not pairs:
        result.problems.append(
            Problem(Location(shown), Severity.WARNING, "empty", "no translation pairs in this TMX file")
        )
    target = memory_dir(config) / path.name
    kept = display_path(target, config.root)
    if target.exists() and target.read_bytes() != data and not overwrite:
        result.problems.append(
            Problem(
                Location(shown),
                Severity.ERROR,
                "conflict",
                f"a different {kept} is already imported; not applied (pass --overwrite to replace it)",
            )
        )
        return result
    if target.exists() and target.resolve() == path.resolve():
        result.catalogs.append((kept, "unchanged"))
        result.unchanged = len(pairs)
        return result
    written = write_atomic(target, data)
    result.catalogs.append((kept, "updated" if written else "unchanged"))
    result.applied = len(pairs) if written else 0
    result.unchanged = 0 if written else len(pairs)
    return result
