"""Skeleton + catalog -> localized document, behind the missing-string gate; and the identity proof."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .catalog import (
    CatalogInfo,
    active_entries,
    is_translated,
    make_template,
    parse_catalog,
    render_catalog,
)
from .checks.security import unsafe_content
from .config import Config, Source
from .errors import Location
from .fileio import folder_prefix, write_atomic
from .locales import html_lang, text_direction
from .model import Document, Problem, Segment, Severity
from .placeholders import placeholder_problems
from .project import catalog_path, load_catalog, load_document, shown
from .render import render_unit

__all__ = ["build_document", "build_edition", "BuildReport", "build_report", "edition_file", "edition_path", "verify_source", "Mismatch"]

_MARKUP_FORMATS = ("html", "docx")
"""Formats whose msgids carry numbered placeholders for inline tags and formatted runs."""


def build_document(
    document: Document, translate: Callable[[Segment], str], *, keep_removals: bool = False, language: str | None = None,
    standing_in: frozenset[tuple[str | None, str]] = frozenset(),
) -> str:
    """Reassemble the document with each segment replaced by ``translate(segment)``.

    Boilerplate is dropped unless ``keep_removals`` (used to prove the identity property). An HTML page
    gets ``lang`` and ``dir`` for ``language`` (None: left as they are), and the source text standing in
    for the segments in ``standing_in`` (keys) is marked as the source language's, in an HTML page and in
    a Markdown report's HTML blocks.
    """
    marked = (html_lang(document.language), text_direction(document.language), standing_in) if standing_in else None
    if document.format == "html":
        from .htmlsource import HtmlDocument, build_html

        assert isinstance(document, HtmlDocument)
        direction = text_direction(language) if language else "ltr"
        return build_html(document, translate, html_lang(language) if language else None, direction, marked)
    cuts: list[tuple[int, int, str | None]] = [
        (unit.start, unit.end, render_unit(unit, [translate(segment) for segment in unit.segments]))
        for unit in document.units
        if unit.style != "html"
    ]
    if document.format == "markdown":
        cuts.extend(_html_blocks(document, translate, marked))
    if not keep_removals:
        cuts.extend((start, end, None) for start, end in document.removals)
    cuts.sort(key=lambda cut: cut[0])
    pieces = []
    position = 0
    for start, end, replacement in cuts:
        if start < position:  # a unit inside removed boilerplate
            continue
        pieces.append(document.text[position:start])
        if replacement is not None:
            pieces.append(replacement)
        position = end
    pieces.append(document.text[position:])
    return "".join(pieces)


def _html_blocks(
    document: Document, translate: Callable[[Segment], str], marked: tuple[str, str, frozenset[tuple[str | None, str]]] | None
) -> list[tuple[int, int, str | None]]:
    """A Markdown report's HTML blocks rebuilt as HTML pages are: translations escaped, placeholders the
    source's tags. A translation's line breaks become spaces (HTML folds them anyway): a blank line would
    end the block and turn the rest into Markdown."""
    from .markdown import MarkdownDocument

    if not isinstance(document, MarkdownDocument) or not document.html_blocks:
        return []
    from .htmlsource import build_html  # the HTML rebuilder: loaded only for reports that have such blocks

    def one_line(segment: Segment) -> str:
        return _LINE_BREAK.sub(" ", translate(segment))

    return [(block.start, block.end, build_html(block.document, one_line, marked=marked)) for block in document.html_blocks]


_LINE_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")


def build_edition(
    document: Document, translate: Callable[[Segment], str], language: str | None = None, locale: str | None = None,
    standing_in: frozenset[tuple[str | None, str]] = frozenset(),
) -> bytes:
    """The bytes of an edition: text formats as UTF-8, a DOCX as a new package.

    ``language`` None is the identity rebuild (boilerplate kept, direction left alone); ``locale`` is the
    target's formatting locale (``ar_SY``), which a DOCX writes into its runs' language; ``standing_in``
    are the keys of the segments whose source text stands in for a missing translation.
    """
    if document.format == "docx":
        from .docxbuild import build_docx
        from .docxsource import DocxDocument

        assert isinstance(document, DocxDocument)
        return build_docx(document, translate, language, locale or language)
    return build_document(
        document, translate, keep_removals=language is None, language=language, standing_in=standing_in
    ).encode("utf-8")


def edition_locale(config: Config, language: str) -> str:
    """The formatting locale of ``language``: ``[tool.workflow.release] locales``, then the checks' Arabic locale."""
    release = config.extra.get("release", {})
    locales = release.get("locales", {}) if isinstance(release, dict) else {}
    if isinstance(locales, dict) and isinstance(locales.get(language), str):
        return str(locales[language])
    checks = config.extra.get("checks", {})
    if language.split("_")[0] == "ar" and isinstance(checks, dict) and isinstance(checks.get("arabic-locale"), str):
        return str(checks["arabic-locale"])
    return language


@dataclass
class BuildReport:
    """The outcome for one report and language."""

    source: Source
    language: str
    output: str
    catalog: str
    problems: list[Problem] = field(default_factory=list)
    percent: float = 100.0
    written: bool = False
    blocked: bool = False
    digest: str | None = None
    """sha256 of the edition's bytes when it was built (the cache records it)."""


def edition_path(config: Config, source: Source, language: str) -> Path:
    """Where the ``language`` edition of ``source`` is written: BUILD/LANG/NAME.EXT."""
    return Path(edition_file(config, source, language))


def edition_file(config: Config, source: Source, language: str) -> str:
    """``edition_path`` as a string, for the cache's checks (see ``project.catalog_file``)."""
    return folder_prefix(config.root, config.build_dir, language) + source.output_name


def build_report(
    config: Config,
    source: Source,
    document: Document,
    language: str,
    *,
    allow_missing: bool = False,
    min_translated: float | None = None,
    writer: Callable[[Path, bytes], bool] | None = None,
    refuse_unsafe: bool = True,
) -> BuildReport:
    """Build one localized edition, unless the gate finds missing, fuzzy or stale segments.

    With ``allow_missing`` (or at least ``min_translated`` percent translated) the source text stands in
    for each gap, and every gap is still reported, as a warning. ``refuse_unsafe`` also treats a
    translation with live markup, a dangerous or lying link or a bidi override as a gap: whoever
    publishes a Markdown or text edition renders it, so it must not carry them (HTML pages sanitize);
    so is a translation that would change a Markdown edition's blocks (a fence swallowing the rest).
    """
    path = catalog_path(config, source, language)
    catalog_name = shown(config, path)
    output = edition_path(config, source, language)
    report = BuildReport(source, language, shown(config, output), catalog_name)
    catalog = load_catalog(config, path, language)
    entries = active_entries(catalog) if catalog is not None else {}
    translations: dict[tuple[str | None, str], str] = {}
    gaps: dict[tuple[str | None, str], tuple[str, str, str]] = {}
    update = f"; run: workflow update -l {language} {source.shown}"
    structure_problem = None
    if refuse_unsafe and document.format == "markdown":
        from .checks.structure import structure_problem  # markdown-it: loaded for Markdown reports only
    # A Markdown report's HTML blocks are HTML: placeholders, no Markdown structure (see _html_blocks).
    markup = document.html_keys()
    markdown = {segment.key for unit in document.units if unit.style != "html" for segment in unit.segments}
    for segment in document.segments:
        if segment.key in translations or segment.key in gaps:
            continue
        entry = entries.get(segment.key)
        if entry is None:
            if catalog is None:
                gaps[segment.key] = ("stale", f"no catalog {catalog_name} yet", update)
            else:
                gaps[segment.key] = ("stale", f"not in {catalog_name}, which is out of date", update)
        elif not is_translated(entry):
            gaps[segment.key] = ("missing", f"missing translation in {catalog_name}", "")
        elif entry.fuzzy:
            gaps[segment.key] = ("fuzzy", f"fuzzy translation needs review in {catalog_name}", "")
        elif (document.format in _MARKUP_FORMATS or segment.key in markup) and (
            broken := placeholder_problems(segment.text, entry.msgstr)
        ):
            # A broken placeholder would write a broken page or document: refuse the segment.
            why = "; ".join(broken)
            gaps[segment.key] = ("placeholders", f"broken placeholders ({why}) in {catalog_name}", "")
        elif refuse_unsafe and (unsafe := unsafe_content(segment.text, entry.msgstr)):
            # Script, a javascript: link, a lying link or a bidi override would go live wherever the
            # edition is published: refused like a missing translation (see checks/security.py).
            gaps[segment.key] = (unsafe[0], f"unsafe translation in {catalog_name} ({unsafe[1]})", "")
        elif structure_problem and segment.key in markdown and (
            broken := structure_problem(segment.text, entry.msgstr, segment.kind)
        ):
            # A ``` fence, a # or - marker or a blank line would rebuild the edition's blocks around it.
            gaps[segment.key] = ("markdown-structure", f"translation breaks the Markdown in {catalog_name} ({broken})", "")
        else:
            translations[segment.key] = entry.msgstr
    total = len(translations) + len(gaps)
    report.percent = round(100.0 * len(translations) / total, 1) if total else 100.0
    tolerated = allow_missing or (min_translated is not None and report.percent >= min_translated)
    severity = Severity.WARNING if tolerated else Severity.ERROR
    reported: set[tuple[str | None, str]] = set()
    for segment in document.segments:
        if segment.key in gaps and segment.key not in reported:
            reported.add(segment.key)
            kind, why, fix = gaps[segment.key]
            fallback = "; using the source text" if tolerated else ""
            report.problems.append(
                Problem(
                    location=segment.location,
                    severity=severity,
                    kind=kind,
                    message=f"{why}{fallback}: {_first_words(segment.text)}{fix}",
                    msgid=segment.text,
                    language=language,
                    catalog=catalog_name,
                )
            )
    if gaps and not tolerated:
        report.blocked = True
        return report
    data = build_edition(
        document, lambda segment: translations.get(segment.key, segment.text), language, edition_locale(config, language),
        frozenset(gaps),
    )
    report.written = (writer or write_atomic)(output, data)
    report.digest = hashlib.sha256(data).hexdigest()
    return report


def _first_words(text: str, count: int = 8) -> str:
    words = text.split()
    return '"' + " ".join(words[:count]) + (" …" if len(words) > count else "") + '"'


_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@dataclass(frozen=True)
class Mismatch:
    """Where a rebuilt report first differs from its source."""

    location: Location
    expected: str
    actual: str


def verify_source(config: Config, source: Source) -> Mismatch | None:
    """Prove the identity property on a real report: split, write a template, read it back, rebuild.

    The template goes through PO text and polib, so escaping (quotes, Arabic, NBSP, tabs) is covered too.
    """
    document = load_document(config, source)
    template = make_template(document, CatalogInfo(project=config.project), "2000-01-01 00:00+0000")
    catalog = parse_catalog(render_catalog(template).decode("utf-8"), source.shown)
    identity = {key: entry.msgid for key, entry in active_entries(catalog).items()}
    if document.format == "docx":
        from .docxbuild import verify_docx
        from .docxsource import DocxDocument

        assert isinstance(document, DocxDocument)
        found = verify_docx(document, lambda segment: identity[segment.key])
        return Mismatch(Location(source.shown, found[0]), found[1], found[2]) if found else None
    rebuilt = build_document(document, lambda segment: identity[segment.key], keep_removals=True)
    original = source.path.read_bytes()
    if rebuilt.encode("utf-8") == original:
        return None
    # Lines as the splitters count them (CRLF, CR, LF), not str.splitlines, which also breaks at U+2028.
    expected_lines = _LINES.findall(original.decode("utf-8"))
    actual_lines = _LINES.findall(rebuilt)
    for number, (expected, actual) in enumerate(zip(expected_lines, actual_lines), start=1):
        if expected != actual:
            return Mismatch(Location(source.shown, number), expected, actual)
    number = min(len(expected_lines), len(actual_lines)) + 1
    return Mismatch(
        Location(source.shown, number),
        expected_lines[number - 1] if number <= len(expected_lines) else "<end of file>",
        actual_lines[number - 1] if number <= len(actual_lines) else "<end of file>",
    )
