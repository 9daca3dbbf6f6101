"""Release pages: a report's blocks in one language (an edition), two languages side by side (the
bilingual edition) and the index, rendered with autoescaping jinja2 templates.

Every piece of report text goes through ``inline`` (sanitized, isolated) before it reaches a
template as markup; everything else a template prints is escaped by jinja2.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
import datetime as dt
from functools import lru_cache
from typing import Mapping, Sequence

import jinja2
from markupsafe import Markup, escape

from . import __version__
from .bidi import parse_fragment, text_content
from .config import Source
from .inline import finish, render_inline
from .layout import Block, Cell, Container, Inline
from .locales import format_long_date, format_percent_value, html_lang, language_name, native_name, text_direction
from .model import Document, Segment
from .strings import ui_text

__all__ = [
    "SiteOptions",
    "Edition",
    "ReportPages",
    "edition_path",
    "bilingual_path",
    "index_path",
    "render_edition",
    "render_bilingual",
    "render_index",
]

Key = tuple[str | None, str]


@dataclass(frozen=True)
class SiteOptions:
    """Release settings that shape the pages."""

    project: str = "reports"
    digits: str = "latn"
    """``latn`` or ``arab``: how dates and percentages are written in Arabic pages."""
    locales: Mapping[str, str] = field(default_factory=dict)
    """Formatting locale per language (``ar`` -> ``ar_SY`` for Levantine month names)."""

    def locale(self, language: str) -> str:
        return self.locales.get(language, language)


@dataclass(frozen=True)
class Edition:
    """How a report reads in one language."""

    language: str
    translations: Mapping[Key, str] | None
    """msgstr by catalog key; None for the source language edition (the source text itself)."""
    percent: float = 100.0


@dataclass
class ReportPages:
    """What the pages of one report are made of."""

    source: Source
    document: Document
    blocks: list[Block]
    editions: dict[str, Edition]
    """The source language first, then each target language released."""
    date: dt.date | None = None
    overrides: list[tuple[Segment, str, str]] = field(default_factory=list)
    """(segment, language, control name) for every bidi override removed while rendering."""

    @property
    def targets(self) -> list[str]:
        return [language for language in self.editions if language != self.source.language]


def edition_path(name: str, language: str) -> str:
    return f"{language}/{name}.html"


def bilingual_path(report: ReportPages, target: str) -> str:
    """``NAME.bilingual.html``; ``NAME.bilingual.LANG.html`` when a report has several targets."""
    if len(report.targets) == 1:
        return f"{report.source.name}.bilingual.html"
    return f"{report.source.name}.bilingual.{target}.html"


def index_path(language: str | None = None) -> str:
    return "index.html" if language is None else f"{language}/index.html"


def _href(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("workflow", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def block_anchors(blocks: Sequence[Block]) -> dict[int, str]:
    """An ``id`` for each block (by ``id(block)``): ``s`` + its source line, the same in every edition, and
    ``-2``, ``-3``... for the later blocks of a line, since a minified page holds many on one."""
    seen: dict[int, int] = {}
    anchors = {}
    for block in blocks:
        count = seen[block.line] = seen.get(block.line, 0) + 1
        anchors[id(block)] = f"s{block.line}" if count == 1 else f"s{block.line}-{count}"
    return anchors


class _Writer:
    """Renders a report's blocks in one language."""

    def __init__(self, report: ReportPages, language: str) -> None:
        self.report = report
        self.language = language
        self.direction = text_direction(language)
        self.edition = report.editions[language]
        self.source_language = report.source.language
        self.untranslated = 0
        self.anchors = block_anchors(report.blocks)
        languages = [report.source.language, *report.editions]
        self.run_languages = {}
        for code in languages:
            self.run_languages.setdefault(text_direction(code), html_lang(code))

    def _lookup(self, segment: Segment) -> str | None:
        if self.edition.translations is None:
            return segment.text
        return self.edition.translations.get(segment.key)

    def _render(self, text: str, segment: Segment | None, fmt: str = "") -> str:
        fragment = render_inline(text, fmt or self.report.document.format)
        for name in fragment.overrides:
            if segment is not None:
                self.report.overrides.append((segment, self.language, name))
        return fragment.html

    def inline(self, item: Inline) -> Markup:
        unit = item.unit
        if unit is None:
            html = self._render(item.source, None)
        else:
            values = [self._lookup(segment) for segment in unit.segments]
            if all(value is not None for value in values):
                text = values[0] or ""
                for separator, value in zip(unit.separators, values[1:]):
                    text += separator + (value or "")
                html = self._render(text, unit.segments[0], item.format)
            else:
                pieces = []
                for index, (segment, value) in enumerate(zip(unit.segments, values)):
                    if index:
                        pieces.append(str(escape(unit.separators[index - 1])))
                    if value is None:
                        self.untranslated += 1
                        pieces.append(self._untranslated(self._render(segment.text, segment, item.format)))
                    else:
                        pieces.append(self._render(value, segment, item.format))
                html = "".join(pieces)
        title = ui_text(self.language, "override_removed")
        return Markup(finish(html, self.direction, self.run_languages, title))

    def _untranslated(self, html: str) -> str:
        title = ui_text(self.language, "untranslated", language=language_name(self.source_language, self.language))
        return (
            f'<span class="untranslated" lang="{escape(html_lang(self.source_language))}"'
            f' dir="{text_direction(self.source_language)}" title="{escape(title)}">{html}</span>'
        )

    def block(self, block: Block, anchor: bool = True) -> Markup:
        """A block's own element, without the lists and quotes around it; headings get an ``id``
        (``block_anchors``) shared by every edition, unless ``anchor`` is off."""
        if block.kind == "heading" and block.text is not None:
            level = min(max(block.level, 1), 6)
            ident = f' id="{self.anchors.get(id(block), f"s{block.line}")}"' if anchor else ""
            return Markup(f"<h{level}{ident}>{self.inline(block.text)}</h{level}>")
        if block.kind in ("paragraph", "summary") and block.text is not None:
            css = ' class="summary"' if block.kind == "summary" else ""
            return Markup(f"<p{css}>{self.inline(block.text)}</p>")
        if block.kind == "table":
            return self._table(block.rows)
        if block.kind == "code":
            return Markup(f'<pre dir="ltr"><code>{escape(block.code)}</code></pre>')
        if block.kind == "rule":
            return Markup("<hr>")
        return Markup("")

    def _table(self, rows: Sequence[Sequence[Cell]]) -> Markup:
        head = 0
        while head < len(rows) and rows[head] and all(cell.header for cell in rows[head]):
            head += 1
        attrs = f'lang="{html_lang(self.language)}" dir="{self.direction}"'
        out = ['<div class="table-wrap"><table>']
        for section, part in (("thead", rows[:head]), ("tbody", rows[head:])):
            if not part:
                continue
            out.append(f"<{section}>")
            for row in part:
                out.append("<tr>")
                for cell in row:
                    tag = "th" if cell.header else "td"
                    css = f' class="align-{cell.align}"' if cell.align else ""
                    out.append(f"<{tag} {attrs}{css}>{self.inline(cell.text)}</{tag}>")
                out.append("</tr>")
            out.append(f"</{section}>")
        out.append("</table></div>")
        return Markup("".join(out))

    def body(self, blocks: Sequence[Block]) -> Markup:
        """The blocks with their lists and quotes rebuilt around them."""
        out: list[str] = []
        open_: list[Container] = []
        for block in blocks:
            if block.kind == "front-title":
                continue
            shared = 0
            while shared < min(len(open_), len(block.containers)) and open_[shared] == block.containers[shared]:
                shared += 1
            for container in reversed(open_[shared:]):
                out.append(f"</{container.tag}>")
            for container in block.containers[shared:]:
                out.append(_open_tag(container))
            open_ = list(block.containers)
            out.append(str(self.block(block)))
        for container in reversed(open_):
            out.append(f"</{container.tag}>")
        return Markup("\n".join(out))

    def cell(self, block: Block) -> Markup:
        """A block for one cell of the bilingual edition: quotes kept, a list item as a one-item list."""
        inner = str(self.block(block, anchor=False))
        lists = [c for c in block.containers if c.tag in ("ul", "ol")]
        if lists:
            item = block.containers[-1] if block.containers[-1].tag == "li" else Container("li", 0)
            start = f' start="{item.number}"' if lists[-1].tag == "ol" and item.number is not None else ""
            inner = f'<{lists[-1].tag} class="depth-{len(lists)}"{start}><li>{inner}</li></{lists[-1].tag}>'
        for container in reversed([c for c in block.containers if c.tag == "blockquote"]):
            inner = f"<blockquote>{inner}</blockquote>"
        return Markup(inner)

    def title(self) -> str:
        """The report's title in this language, as plain text."""
        for kinds in (("front-title",), ("heading",)):
            for block in self.report.blocks:
                if block.kind in kinds and block.text is not None:
                    return text_content(parse_fragment(str(self.inline(block.text)))).strip()
        return self.report.source.name


def _open_tag(container: Container) -> str:
    if container.tag == "ol" and container.number is not None and container.number != 1:
        return f'<ol start="{container.number}">'
    if container.tag == "li" and container.number is not None:
        return f'<li value="{container.number}">'
    return f"<{container.tag}>"


def _language(code: str, page_language: str) -> dict[str, str]:
    return {
        "code": code,
        "lang": html_lang(code),
        "dir": text_direction(code),
        "native": native_name(code),
        "name": language_name(code, page_language),
    }


def _isolated(text: str, language: str) -> Markup:
    """Generated text (dates, percentages, names) with its opposite-direction runs isolated too."""
    return Markup(finish(str(escape(text)), text_direction(language), {}, ""))


def _date(report: ReportPages, language: str, options: SiteOptions) -> Markup:
    if report.date is None:
        return Markup("")
    when = format_long_date(report.date, options.locale(language), options.digits)
    return _isolated(ui_text(language, "published", date=when), language)


def _percent(value: float, language: str, options: SiteOptions) -> str:
    return format_percent_value(value, options.locale(language), options.digits)


def _page(language: str, title: str, **context: object) -> dict[str, object]:
    return {
        "lang": html_lang(language),
        "dir": text_direction(language),
        "title": title,
        "generator": f"workflow {__version__}",
        **context,
    }


def render_edition(report: ReportPages, language: str, options: SiteOptions, *, site: bool = True) -> str:
    """A standalone page with the report in ``language``; ``site`` adds links to the other pages."""
    writer = _Writer(report, language)
    body = writer.body(report.blocks)
    page = edition_path(report.source.name, language)
    links = []
    if site:
        for other in report.editions:
            if other != language:
                links.append({"href": _href(page, edition_path(report.source.name, other)), **_language(other, language)})
        for target in report.targets:
            label = ui_text(language, "bilingual")
            if len(report.targets) > 1:
                label += f" ({native_name(report.source.language)} · {native_name(target)})"
            links.append({"href": _href(page, bilingual_path(report, target)), "native": label,
                          "lang": html_lang(language), "dir": text_direction(language), "name": label})
    edition = report.editions[language]
    notes: list[str] = []
    if language != report.source.language:
        notes.append(ui_text(language, "translated_from", language=language_name(report.source.language, language)))
        if edition.percent < 100:
            notes.append(ui_text(language, "translated", percent=_percent(edition.percent, language, options)))
    if writer.untranslated:
        notes.append(ui_text(language, "incomplete", language=language_name(report.source.language, language)))
    meta = [_isolated(note, language) for note in notes]
    context = _page(
        language,
        writer.title(),
        body=body,
        published=_date(report, language, options),
        notes=meta,
        links=links,
        index_href=_href(page, index_path(language)) if site else "",
        all_reports=ui_text(language, "all_reports"),
        other_editions=ui_text(language, "other_editions"),
    )
    return _environment().get_template("edition.html").render(context)


def render_bilingual(report: ReportPages, target: str, options: SiteOptions) -> str:
    """The source and the ``target`` edition side by side, block by block; the right-to-left one on the right."""
    source_language = report.source.language
    writers = {code: _Writer(report, code) for code in (source_language, target)}
    rtl = {code: text_direction(code) == "rtl" for code in writers}
    right = source_language if rtl[source_language] else target  # both right-to-left: the source on the right
    sides = {code: ("right" if code == right else "left") for code in writers}
    columns = [
        {"side": sides[code], **_language(code, code), "published": _date(report, code, options)}
        for code in writers
    ]
    rows = []
    anchors = block_anchors(report.blocks)
    for block in report.blocks:
        if block.kind == "front-title":
            continue
        cells = [
            {"side": sides[code], "lang": html_lang(code), "dir": text_direction(code), "html": writers[code].cell(block)}
            for code in writers
        ]
        rows.append({"anchor": anchors[id(block)], "kind": block.kind, "cells": cells})
    page = bilingual_path(report, target)
    links = [
        {"href": _href(page, edition_path(report.source.name, code)), **_language(code, source_language)}
        for code in writers
    ]
    title = f"{writers[source_language].title()} · {writers[target].title()}"
    context = _page(
        source_language,
        title,
        heading=ui_text(source_language, "bilingual"),
        columns=columns,
        rows=rows,
        links=links,
        index_href=_href(page, index_path(source_language)),
        all_reports=ui_text(source_language, "all_reports"),
    )
    return _environment().get_template("bilingual.html").render(context)


def render_index(reports: Sequence[ReportPages], languages: Sequence[str], language: str | None,
                 options: SiteOptions) -> str:
    """The list of every report and language with its completeness; ``language`` None is the root index
    (in the first language, each language also named in itself)."""
    page_language = language or languages[0]
    page = index_path(language)
    entries = []
    for report in reports:
        title_language = page_language if page_language in report.editions else report.source.language
        cells = []
        for code in languages:
            edition = report.editions.get(code)
            if edition is None:
                cells.append(None)
                continue
            original = code == report.source.language
            cells.append({
                "href": _href(page, edition_path(report.source.name, code)),
                **_language(code, page_language),
                "status": _isolated(ui_text(page_language, "original") if original else ui_text(
                    page_language, "translated", percent=_percent(edition.percent, page_language, options)), page_language),
                "percent": edition.percent,
            })
        bilingual = [
            {"href": _href(page, bilingual_path(report, target)),
             "label": f"{native_name(report.source.language)} · {native_name(target)}"}
            for target in report.targets
        ]
        entries.append({
            "name": report.source.name,
            "title": _Writer(report, title_language).title(),
            **{f"title_{k}": v for k, v in _language(title_language, page_language).items()},
            "published": _date(report, page_language, options),
            "cells": cells,
            "bilingual": bilingual,
        })
    columns = []
    for code in languages:
        name = language_name(code, page_language)
        native = native_name(code)
        label = name if name.casefold() == native.casefold() else ui_text(page_language, "in_language", name=name, native=native)
        columns.append({"label": label, **_language(code, page_language)})
    switch = [
        {"href": _href(page, index_path(code)), **_language(code, page_language)} for code in languages if code != language
    ]
    context = _page(
        page_language,
        f"{options.project} · {ui_text(page_language, 'reports')}",
        project=options.project,
        heading=ui_text(page_language, "reports"),
        report_label=ui_text(page_language, "report"),
        bilingual_label=ui_text(page_language, "bilingual"),
        languages_label=ui_text(page_language, "languages"),
        columns=columns,
        entries=entries,
        switch=switch,
    )
    return _environment().get_template("index.html").render(context)
