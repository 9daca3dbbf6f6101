"""A Document's block structure for HTML: headings with levels, paragraphs, lists, quotes, tables, code.

Every translatable piece is a Unit of the Document, so editions in any language share one structure
and the bilingual edition can align them block by block. Markdown structure comes from markdown-it
(the same parser configuration the splitter uses), that of its raw HTML blocks from their outline, as
for HTML reports; plain text structure from the units' kinds.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from dataclasses import dataclass, replace
from typing import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .markdown import MarkdownDocument
from .model import Document, Unit
from .outline import OutlinedDocument, outline_blocks
from .segment import SplitOptions, has_words

__all__ = ["Container", "Inline", "Cell", "Block", "document_blocks"]

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
_TEXT_MARKER = re.compile(r"[ \t]*(?:(?P<number>\d{1,3}|[٠-٩]{1,3})[.)]|[-*+•◦▪‣·–]|\([0-9a-z]\))[ \t]+")
_ALIGN = {"left": "start", "right": "end", "center": "center"}


@dataclass(frozen=True)
class Container:
    """A list, list item or block quote that holds blocks."""

    tag: str
    """``ul``, ``ol``, ``li`` or ``blockquote``."""
    key: int
    """Tells two containers of the same kind apart (two lists in a row are two lists)."""
    number: int | None = None
    """First number of an ``ol``; the number of an ``li`` in an ``ol``."""


@dataclass(frozen=True)
class Inline:
    """Inline content: a unit to translate, or source text that is not translatable (a number)."""

    unit: Unit | None
    source: str = ""
    format: str = ""
    """How the text is written, when not in the report's format: ``html`` for a Markdown report's HTML
    block (its placeholders dropped, its text escaped, never its raw markup)."""


@dataclass(frozen=True)
class Cell:
    text: Inline
    header: bool
    align: str = ""
    """``start``, ``end``, ``center`` or empty (the source's left/right, made direction-neutral)."""


@dataclass(frozen=True)
class Block:
    """One leaf block: a row of the bilingual edition."""

    kind: str
    """heading, paragraph, summary, table, code, rule; or front-title, the front matter title of a
    document that has its own level-1 heading (the page's ``<title>``, not shown in the text)."""
    line: int
    """1-based source line, for messages and anchors."""
    containers: tuple[Container, ...] = ()
    text: Inline | None = None
    level: int = 0
    """Heading level, 1 to 6."""
    rows: tuple[tuple[Cell, ...], ...] = ()
    code: str = ""


def document_blocks(document: Document, options: SplitOptions) -> list[Block]:
    """The blocks of ``document`` in order; boilerplate is left out as in every localized edition."""
    if document.format == "markdown":
        return _markdown_blocks(document, options)
    if document.format in ("html", "docx"):
        from .outline import OutlinedDocument, outline_blocks

        assert isinstance(document, OutlinedDocument)
        return outline_blocks(document)
    return _text_blocks(document)


def _text_blocks(document: Document) -> list[Block]:
    blocks: list[Block] = []
    keys = itertools.count(1)
    current_list: Container | None = None
    for unit in document.units:
        kind = unit.segments[0].kind
        line = unit.segments[0].location.line or 0
        if kind != "list-item":
            current_list = None
            level = 1 if kind == "title" else 2 if kind == "heading" else 0
            blocks.append(Block("heading" if level else "paragraph", line, text=Inline(unit), level=level))
            continue
        line_start = document.text.rfind("\n", 0, unit.start) + 1
        marker = _TEXT_MARKER.match(document.text, line_start)
        number = marker.group("number") if marker else None
        value = int(number.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) if number else None
        tag = "ol" if value is not None else "ul"
        if current_list is None or current_list.tag != tag:
            current_list = Container(tag, next(keys), value)
        item = Container("li", next(keys), value)
        blocks.append(Block("paragraph", line, (current_list, item), Inline(unit)))
    return blocks


def _markdown_blocks(document: Document, options: SplitOptions) -> list[Block]:
    source = document.text
    body = 1 if source.startswith("\ufeff") else 0
    tokens = _PARSER.parse(source[body:])
    html_blocks = deque(document.html_blocks if isinstance(document, MarkdownDocument) else ())
    html_units = deque(u for u in document.units if u.style == "html")
    front = deque(u for u in document.units if u.segments[0].kind.startswith("front-matter-"))
    units = deque(u for u in document.units if not u.segments[0].kind.startswith("front-matter-") and u.style != "html")
    keys = itertools.count(1)
    stack: list[Container] = []
    counters: dict[int, int] = {}
    blocks: list[Block] = []

    def inline(token: Token) -> Inline:
        assert token.map is not None
        if has_words(token.content) and units:
            line = units[0].segments[0].location.line or 0
            if token.map[0] + 1 <= line <= max(token.map[1], token.map[0] + 1):
                return Inline(units.popleft())
        return Inline(None, token.content)

    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = (token.map[0] + 1) if token.map else 0
        kind = token.type
        if kind == "front_matter":
            for unit in front:
                which = unit.segments[0].kind
                block_kind = "front-title" if which == "front-matter-title" else "summary"
                blocks.append(Block(block_kind, unit.segments[0].location.line or 0, text=Inline(unit), level=1))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else None
            container = Container("ol" if start is not None else "ul", next(keys), start)
            if start is not None:
                counters[container.key] = start
            stack.append(container)
        elif kind == "list_item_open":
            parent = stack[-1] if stack else None
            number = None
            if parent is not None and parent.tag == "ol":
                number = counters[parent.key]
                counters[parent.key] += 1
            stack.append(Container("li", next(keys), number))
        elif kind == "blockquote_open":
            stack.append(Container("blockquote", next(keys)))
        elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"):
            stack.pop()
        elif kind == "heading_open":
            text = inline(tokens[index + 1])
            if text.unit is not None or text.source.strip():
                blocks.append(Block("heading", line, tuple(stack), text, level=int(token.tag[1:])))
            index += 2
        elif kind == "paragraph_open":
            content = tokens[index + 1]
            if not stack and options.is_boilerplate(content.content):
                index += 3
                continue
            blocks.append(Block("paragraph", line, tuple(stack), inline(content)))
            index += 2
        elif kind == "table_open":
            rows: list[tuple[Cell, ...]] = []
            cells: list[Cell] = []
            index += 1
            while tokens[index].type != "table_close":
                cell_token = tokens[index]
                if cell_token.type in ("th_open", "td_open"):
                    style = str(cell_token.attrGet("style") or "")
                    align = _ALIGN.get(style.partition("text-align:")[2].strip(), "")
                    cells.append(Cell(inline(tokens[index + 1]), cell_token.type == "th_open", align))
                elif cell_token.type == "tr_close":
                    rows.append(tuple(cells))
                    cells = []
                index += 1
            blocks.append(Block("table", line, tuple(stack), rows=tuple(rows)))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", line, tuple(stack), code=token.content))
        elif kind == "hr":
            blocks.append(Block("rule", line, tuple(stack)))
        elif kind == "html_block" and html_blocks and html_blocks[0].line == line:
            # Raw HTML from the source is not published (it could hold anything): only its text units, as text.
            html = html_blocks.popleft().document
            html = replace(html, units=tuple(html_units.popleft() for _ in html.units), statics=())  # the report's own
            blocks.extend(_html_block(html, tuple(stack), keys))
        index += 1
    if not any(block.kind == "heading" and block.level == 1 for block in blocks):
        # Without a level-1 heading in the body, the front matter title is the page's heading.
        blocks = [replace(block, kind="heading") if block.kind == "front-title" else block for block in blocks]
    return blocks


def _html_block(document: OutlinedDocument, stack: tuple[Container, ...], keys: Iterator[int]) -> list[Block]:
    """The blocks of a Markdown report's HTML block: its units where its outline puts them, inside the
    report's lists and quotes; no ``pre`` or numbers, which are not units."""
    renamed: dict[int, int] = {}  # the block's list and quote keys, distinct from the report's

    def container(item: Container) -> Container:
        if item.key not in renamed:
            renamed[item.key] = next(keys)
        return replace(item, key=renamed[item.key])

    def text(item: Inline | None) -> Inline | None:
        return replace(item, format="html") if item is not None else None

    blocks = []
    for block in outline_blocks(document):
        if block.kind == "front-title":
            continue  # a <title>: not shown in the text, and the report's title is its own
        rows = tuple(tuple(replace(cell, text=text(cell.text)) for cell in row) for row in block.rows)
        containers = stack + tuple(container(item) for item in block.containers)
        blocks.append(replace(block, containers=containers, text=text(block.text), rows=rows))
    return blocks
