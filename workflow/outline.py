"""Where each unit of a structured source (HTML, DOCX) sits: heading level, lists, quotes, table cells.

The splitters record one ``Place`` per unit; the release layout turns them into blocks, so an HTML page
or a Word document appears in the bilingual site with its headings, lists and tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Document

__all__ = ["Place", "Static", "OutlinedDocument", "outline_blocks"]


@dataclass(frozen=True)
class Place:
    """A unit's role in the document's outline."""

    block: str
    """``heading``, ``paragraph``, ``cell``, ``title`` (the page title, not shown in the text),
    ``summary`` (a description shown under the title), ``code`` (a ``Static`` block shown as it is) or
    ``skip`` (not shown: alt text, comments...)."""
    level: int = 0
    """Heading level, 1 to 6."""
    containers: tuple[tuple[str, int, int | None], ...] = ()
    """Enclosing lists, list items and quotes, outermost first: (``ul``/``ol``/``li``/``blockquote``, key, number)."""
    table: int = 0
    """Key of the table of a ``cell``."""
    row: int = 0
    column: int = 0
    header: bool = False


@dataclass(frozen=True)
class Static:
    """Source content with nothing to translate that a page still shows as it is: a table cell holding a
    number, a ``pre`` block (``Place("code")``)."""

    start: int
    """Offset in the source, to put it among the units."""
    line: int
    place: Place
    text: str


@dataclass(frozen=True)
class OutlinedDocument(Document):
    """A Document whose units each have a ``Place`` (same order as ``units``)."""

    places: tuple[Place, ...] = ()
    statics: tuple[Static, ...] = ()


def outline_blocks(document: OutlinedDocument) -> list:  # type: ignore[type-arg]
    """The release layout's blocks for an outlined document: runs of cells become tables."""
    from .layout import Block, Cell, Container, Inline

    blocks: list[Block] = []
    table: dict[int, dict[int, Cell]] | None = None
    table_key = 0
    table_line = 0
    overflow: list[Block] = []

    def flush() -> None:
        nonlocal table, overflow
        if table is not None:
            # Each cell in its own column: a cell with nothing to translate (a year, a number) has no unit,
            # and the next cell must not move into its place.
            columns = sorted({column for cells in table.values() for column in cells})
            span = range(columns[0], columns[-1] + 1)
            empty = Cell(Inline(None, ""), False)
            rows = tuple(tuple(cells.get(column, empty) for column in span) for _, cells in sorted(table.items()))
            blocks.append(Block("table", table_line, rows=rows))
            blocks.extend(overflow)
        table, overflow = None, []

    entries = [(unit.start, unit.segments[0].location.line or 0, place, Inline(unit))
               for unit, place in zip(document.units, document.places)]
    if document.statics:
        entries += [(static.start, static.line, static.place, Inline(None, static.text)) for static in document.statics]
        entries.sort(key=lambda entry: entry[0])
    for _, line, place, inline in entries:
        if place.block == "skip":
            continue
        if place.block == "cell":
            if table is None or place.table != table_key:
                flush()
                table, table_key, table_line = {}, place.table, line
            assert table is not None
            row = table.setdefault(place.row, {})
            if place.column in row:
                # A second paragraph in one cell: shown after the table rather than lost.
                overflow.append(Block("paragraph", line, text=inline))
            else:
                row[place.column] = Cell(inline, place.header)
            continue
        flush()
        containers = tuple(Container(tag, key, number) for tag, key, number in place.containers)
        if place.block == "heading":
            blocks.append(Block("heading", line, containers, inline, level=max(1, min(place.level, 6))))
        elif place.block == "title":
            blocks.append(Block("front-title", line, text=inline, level=1))
        elif place.block == "summary":
            blocks.append(Block("summary", line, text=inline))
        elif place.block == "code":
            blocks.append(Block("code", line, containers, code=inline.source))
        else:
            blocks.append(Block("paragraph", line, containers, inline))
    flush()
    # Rows may be ragged (merged cells): pad them so every row has as many cells as the widest.
    width = {id(block): max((len(row) for row in block.rows), default=0) for block in blocks if block.kind == "table"}
    padded = []
    for block in blocks:
        if block.kind == "table" and any(len(row) < width[id(block)] for row in block.rows):
            empty = Cell(Inline(None, ""), False)
            rows = tuple(row + (empty,) * (width[id(block)] - len(row)) for row in block.rows)
            block = Block("table", block.line, block.containers, rows=rows)
        padded.append(block)
    if not any(block.kind == "heading" and block.level == 1 for block in padded):
        padded = [Block("heading", b.line, b.containers, b.text, level=1) if b.kind == "front-title" else b for b in padded]
    return padded
