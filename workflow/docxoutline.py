"""What each paragraph of a DOCX is: heading (and level), list item (and nesting), table cell, text box,
footnote... from its style (``styles.xml``), its numbering (``numbering.xml``) and where it sits."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from typing import Iterator

from .docxsource import W, XNode
from .outline import Place

__all__ = ["Where", "Outliner"]

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_QUOTES = {"quote", "intense quote", "block text"}


@dataclass(frozen=True)
class Where:
    kind: str
    """The segment kind: title, heading, paragraph, list-item, table-cell, text-box, caption, blockquote,
    footnote, endnote, comment, header or footer."""
    place: Place


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    numbered: bool
    num_id: str | None = None
    """The numbering the style's own ``w:numPr`` names (Word's "List Number" style), if any."""


def _val(element: ElementTree.Element | None) -> str | None:
    return None if element is None else element.get(W + "val")


class Outliner:
    """Reads a package's styles and numbering once, then tells what each paragraph of a part is."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.styles: dict[str, _Style] = {}
        self.formats: dict[tuple[str, int], str] = {}
        self.keys = itertools.count(1)
        for name, content in self._parts(archive):
            if content.endswith("styles+xml"):
                self._read_styles(archive.read(name))
            elif content.endswith("numbering+xml"):
                self._read_numbering(archive.read(name))

    @staticmethod
    def _parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
        try:
            types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
        except (KeyError, ElementTree.ParseError):
            return []
        found = []
        for override in types:
            content = override.get("ContentType", "")
            name = override.get("PartName", "").lstrip("/")
            if content in (_CT + "styles+xml", _CT + "numbering+xml") and name in archive.namelist():
                found.append((name, content))
        return found

    def _read_styles(self, data: bytes) -> None:
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            return
        for style in root.iter(W + "style"):
            if style.get(W + "type") != "paragraph" or style.get(W + "styleId") is None:
                continue
            ppr = style.find(W + "pPr")
            outline = _val(ppr.find(W + "outlineLvl")) if ppr is not None else None
            num_pr = ppr.find(W + "numPr") if ppr is not None else None
            self.styles[style.get(W + "styleId", "")] = _Style(
                (_val(style.find(W + "name")) or "").lower(),
                _val(style.find(W + "basedOn")),
                int(outline) if outline and outline.isdigit() else None,
                num_pr is not None,
                _val(num_pr.find(W + "numId")) if num_pr is not None else None,
            )

    def _read_numbering(self, data: bytes) -> None:
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            return
        abstract: dict[str, dict[int, str]] = {}
        for item in root.iter(W + "abstractNum"):
            levels = {}
            for level in item.iter(W + "lvl"):
                index = level.get(W + "ilvl", "0")
                levels[int(index) if index.isdigit() else 0] = _val(level.find(W + "numFmt")) or "decimal"
            abstract[item.get(W + "abstractNumId", "")] = levels
        for num in root.iter(W + "num"):
            levels = abstract.get(_val(num.find(W + "abstractNumId")) or "", {})
            for index, fmt in levels.items():
                self.formats[(num.get(W + "numId", ""), index)] = fmt

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = style.based_on

    def paragraphs(self, root: XNode, story: str) -> Iterator[tuple[XNode, Where]]:
        """Every ``w:p`` of a part in document order, with what it is."""
        lists: dict[str, list[tuple[int, int, int]]] = {}
        yield from self._walk(root, story, lists, None, False, False)

    def _walk(self, node: XNode, story: str, lists: dict, cell: Place | None, box: bool,
              fallback: bool) -> Iterator[tuple[XNode, Where]]:
        for child in node.children:
            name = child.name
            if name == W + "p":
                yield child, self._where(child, story, lists, cell, box, fallback)
                yield from self._walk(child, story, lists, None, box, fallback)
                continue
            inner_cell = cell
            if name == W + "tbl":
                inner_cell = Place("cell", table=next(self.keys), row=-1, column=-1)
                lists.clear()
            elif name == W + "tr" and cell is not None:
                header = any(c.name == W + "trPr" and any(g.name == W + "tblHeader" and g.attrs.get(W + "val", "true")
                             not in ("0", "false", "off") for g in c.children) for c in child.children)
                inner_cell = Place("cell", table=cell.table, row=cell.row + 1, column=-1, header=header)
                cell = Place("cell", table=cell.table, row=cell.row + 1, column=-1)
            elif name == W + "tc" and cell is not None:
                inner_cell = Place("cell", table=cell.table, row=cell.row, column=cell.column + 1, header=cell.header)
                cell = Place("cell", table=cell.table, row=cell.row, column=cell.column + 1, header=cell.header)
            yield from self._walk(child, story, lists, inner_cell if name in (W + "tbl", W + "tr", W + "tc") else cell,
                                  box or name == W + "txbxContent", fallback or name == _MC + "Fallback")

    def _where(self, paragraph: XNode, story: str, lists: dict, cell: Place | None, box: bool,
               fallback: bool) -> Where:
        ppr = paragraph.child(W + "pPr")
        style_id = None
        outline = None
        numbering: tuple[str, int] | None = None
        if ppr is not None:
            style = ppr.child(W + "pStyle")
            style_id = style.attrs.get(W + "val") if style is not None else None
            level = ppr.child(W + "outlineLvl")
            if level is not None and level.attrs.get(W + "val", "").isdigit():
                outline = int(level.attrs[W + "val"])
            num = ppr.child(W + "numPr")
            if num is not None:
                num_id = next((c.attrs.get(W + "val", "") for c in num.children if c.name == W + "numId"), "")
                ilvl = next((c.attrs.get(W + "val", "0") for c in num.children if c.name == W + "ilvl"), "0")
                if num_id and num_id != "0":
                    numbering = (num_id, int(ilvl) if ilvl.isdigit() else 0)
        chain = list(self._chain(style_id))
        names = [style.name for style in chain]
        if outline is None:
            outline = next((style.outline for style in chain if style.outline is not None), None)
        if outline is None:
            outline = next((int(n[8:]) - 1 for n in names if n.startswith("heading ") and n[8:].isdigit()), None)
        title = bool(names) and names[0] in ("title",)
        if numbering is None and any(style.numbered for style in chain):
            num_id = next((style.num_id for style in chain if style.num_id), None)
            numbering = (num_id, 0) if num_id and num_id != "0" else ("style:" + (style_id or ""), 0)
        if story != "document":
            kind = story
        elif title:
            kind = "title"
        elif outline is not None and outline < 9:
            kind = "heading"
        elif cell is not None and cell.column >= 0:
            kind = "table-cell"
        elif numbering is not None:
            kind = "list-item"
        elif box:
            kind = "text-box"
        elif names and names[0] == "caption":
            kind = "caption"
        elif any(n in _QUOTES for n in names):
            kind = "blockquote"
        else:
            kind = "paragraph"
        if story in ("comment", "header", "footer") or fallback:
            return Where(kind, Place("skip"))
        if cell is not None and cell.column >= 0:
            return Where(kind, cell)
        if kind == "title":
            return Where(kind, Place("heading", level=1))
        if kind == "heading":
            return Where(kind, Place("heading", level=min((outline or 0) + 1, 6)))
        if numbering is None:
            quote = lists.get("quote") if kind == "blockquote" else None
            lists.clear()
            if kind == "blockquote":  # consecutive quote paragraphs are one quotation
                lists["quote"] = quote or next(self.keys)
                return Where(kind, Place("paragraph", containers=(("blockquote", lists["quote"], None),)))
            return Where(kind, Place("paragraph"))
        return Where(kind, Place("paragraph", containers=self._containers(lists, numbering)))

    def _containers(self, lists: dict, numbering: tuple[str, int]) -> tuple[tuple[str, int, int | None], ...]:
        """Nested ``ul``/``ol`` and ``li`` containers for a list paragraph at its level. The levels above it
        are the items it sits in, whatever numbering they have: a numbered sub-list of a bulleted list is
        another numbering id (pandoc, Word), and must not end the outer list."""
        num_id, level = numbering
        stack = lists.setdefault("levels", [])  # per level: (numbering id, list key, item key, count)
        del stack[level + 1 :]
        while len(stack) <= level:
            stack.append((num_id, next(self.keys), 0, 0))
        owner, list_key, _, count = stack[level]
        if owner != num_id:  # another list at this level begins
            list_key, count = next(self.keys), 0
        stack[level] = (num_id, list_key, next(self.keys), count + 1)
        containers: list[tuple[str, int, int | None]] = []
        for index, (owner, key, item, number) in enumerate(stack):
            fmt = self.formats.get((owner, index), "bullet")
            ordered = fmt not in ("bullet", "none")
            containers.append(("ol" if ordered else "ul", key, 1 if ordered else None))
            containers.append(("li", item, number if ordered else None))
        return tuple(containers)
