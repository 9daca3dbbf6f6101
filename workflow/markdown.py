"""Markdown reports -> units, located in the source through markdown-it-py's line maps.

markdown-it-py parses (CommonMark, GFM tables, YAML front matter); this module only maps each
translatable inline run back to its exact characters, so everything else stays byte for byte.
"""

from __future__ import annotations

import re
from typing import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceError
from .model import Unit
from .segment import Line, LineSpan, SplitOptions, has_words, make_unit, removal_spans, split_lines

__all__ = ["split_markdown", "FRONT_MATTER_KEYS"]

FRONT_MATTER_KEYS = ("title", "summary", "description")
_FRONT_MATTER_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:[ \t]+(?P<value>.*?)[ \t]*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_LIST_MARKERS = re.compile(r"[-+*]|\d{1,9}[.)]")
_PARSER = (
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    .disable(["inline", "text_join"])  # blocks are all we locate: inline markup stays in the msgid as written
)


def split_markdown(
    source: str, path: str, language: str, options: SplitOptions
) -> tuple[list[Unit], list[tuple[int, int]]]:
    """Split a Markdown report; returns its units and the spans of boilerplate paragraphs."""
    body = 1 if source.startswith("\ufeff") else 0
    lines = split_lines(source, body)
    tokens = _PARSER.parse(source[body:])
    mapper = _Mapper(source, lines, path, language, options)
    units: list[Unit] = []
    boiler: list[int] = []
    containers: list[Token] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type in ("blockquote_open", "list_item_open"):
            containers.append(token)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "front_matter":
            units.extend(mapper.front_matter(token))
        elif token.type == "inline":
            opener = tokens[index - 1]
            if opener.type == "paragraph_open" and not containers and options.is_boilerplate(token.content):
                assert token.map
                boiler.extend(range(token.map[0], token.map[1]))
                continue
            unit = mapper.inline(token, opener, containers)
            if unit:
                units.append(unit)
    blank = [not line.text(source).strip() for line in lines]
    return units, removal_spans(source, lines, boiler, blank)


class _Mapper:
    """Finds each token's text in the source lines and turns it into a unit."""

    def __init__(self, source: str, lines: list[Line], path: str, language: str, options: SplitOptions) -> None:
        self.source = source
        self.lines = lines
        self.path = path
        self.language = language
        self.options = options
        self.table_rows: dict[int, list[tuple[int, int]]] = {}
        self.cell_index: dict[int, int] = {}

    def unit(self, spans: Sequence[LineSpan], kind: str, style: str, **extra: object) -> Unit | None:
        return make_unit(
            self.source, spans, kind=kind, path=self.path, language=self.language, options=self.options,
            style=style, **extra,  # type: ignore[arg-type]
        )

    def error(self, line: Line, message: str) -> SourceError:
        return SourceError.at(self.path, line.number, message)

    def inline(self, token: Token, opener: Token, containers: Sequence[Token]) -> Unit | None:
        assert token.map is not None
        first, last = token.map
        if opener.type == "heading_open":
            if opener.markup.startswith("#"):
                return self._atx_heading(self.lines[first], token.content)
            # A setext heading may span lines and hold hard breaks, like a paragraph.
            return self._block(self.lines[first:last], token.content, "heading", "wrap")
        if opener.type in ("th_open", "td_open"):
            kind = "table-header" if opener.type == "th_open" else "table-cell"
            return self._cell(self.lines[first], first, containers, kind)
        if opener.type == "paragraph_open":
            kind = {"list_item_open": "list-item", "blockquote_open": "blockquote"}.get(
                containers[-1].type if containers else "", "paragraph"
            )
            return self._block(self.lines[first:last], token.content, kind, "wrap")
        return None

    def _block(self, lines: Sequence[Line], content: str, kind: str, style: str) -> Unit | None:
        if not has_words(content):
            return None
        parts = content.split("\n")
        lines = self._content_lines(lines, parts)
        spans = []
        for index, (line, part) in enumerate(zip(lines, parts)):
            core = part.strip(" \t")
            stop = _core_end(line.text(self.source), core)
            if stop is None:
                raise self.error(line, "cannot locate this line's text in the source (please report this)")
            start = line.start + stop - len(core)
            end = line.start + stop
            hard = index < len(lines) - 1 and bool(_HARD_BREAK.search(part))
            if hard and part.endswith(" "):
                end = line.end  # the trailing spaces are the break: keep them in the msgid
            spans.append(LineSpan(line, start, end, hard))
        prefix = self.source[lines[0].start : spans[0].start]
        continuation = _LIST_MARKERS.sub(lambda m: " " * len(m.group()), prefix)
        return self.unit(spans, kind, style, continuation=continuation if len(lines) == 1 else None)

    def _content_lines(self, lines: Sequence[Line], parts: Sequence[str]) -> Sequence[Line]:
        """The lines that hold ``parts``: markdown-it trims Unicode spaces (NBSP, em space...) off the ends
        of a block's content, so whole lines of them may be missing at its start or end."""
        extra = len(lines) - len(parts)
        if extra < 0:
            raise self.error(lines[0], "cannot locate this block's text in the source (please report this)")
        skip = 0
        while skip < extra and _core_end(lines[skip].text(self.source), parts[0].strip(" \t")) is None:
            skip += 1
        return lines[skip : skip + len(parts)]

    def _atx_heading(self, line: Line, content: str) -> Unit | None:
        if not content:
            return None
        text = line.text(self.source)
        opening = re.match(r" {0,3}#{1,6}", text)
        position = text.find(content, opening.end() if opening else 0)
        if position < 0:
            raise self.error(line, "cannot locate this heading's text in the source (please report this)")
        start = line.start + position
        return self.unit([LineSpan(line, start, start + len(content))], "heading", "line")

    def _cell(self, line: Line, line_index: int, containers: Sequence[Token], kind: str) -> Unit | None:
        cells = self.table_rows.get(line.number)
        if cells is None:
            text = line.text(self.source)
            row = _row_start(text, line_index, containers)
            cells = self.table_rows[line.number] = [(row + a, row + b) for a, b in _table_cells(text[row:])]
        index = self.cell_index.get(line.number, 0)
        self.cell_index[line.number] = index + 1
        if index >= len(cells):
            return None  # markdown-it pads short rows with empty cells
        start, end = cells[index]
        if start == end:
            return None
        return self.unit([LineSpan(line, line.start + start, line.start + end)], kind, "table-cell")

    def front_matter(self, token: Token) -> list[Unit]:
        """Translate the title, summary and description scalars of YAML front matter, nothing else."""
        assert token.map is not None
        units = []
        for line in self.lines[token.map[0] + 1 : token.map[1] - 1]:
            match = _FRONT_MATTER_LINE.fullmatch(line.text(self.source))
            if not match or match.group("key") not in FRONT_MATTER_KEYS:
                continue
            unit = self._yaml_scalar(line, match.start("value"), match.group("value"), match.group("key"))
            if unit:
                units.append(unit)
        return units

    def _yaml_scalar(self, line: Line, offset: int, value: str, key: str) -> Unit | None:
        kind = f"front-matter-{key}"
        quoted = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:[ \t]+#.*)?|\'((?:[^\']|\'\')*)\'(?:[ \t]+#.*)?', value)
        if quoted:
            inner, style = (quoted.group(1), "yaml-double") if quoted.group(1) is not None else (quoted.group(2), "yaml-single")
            start = line.start + offset + 1
            span = LineSpan(line, start, start + len(inner))
            text = inner.replace("''", "'") if style == "yaml-single" else None
            return self.unit([span], kind, style, text=text)
        if not value or value[0] in "|>[{&*!%@`\"'" or value.startswith("#"):
            return None  # block scalars, flow collections, anchors and tags are structure, not prose
        plain = re.split(r"[ \t]+#", value, maxsplit=1)[0]
        start = line.start + offset
        return self.unit([LineSpan(line, start, start + len(plain))], kind, "yaml-plain")


def _core_end(text: str, core: str) -> int | None:
    """Where ``core`` ends in a line that ends with it, give or take trailing blanks; None if it does not.

    Blanks are spaces and tabs, or any Unicode space where markdown-it trimmed the block's last line.
    """
    for stripped in (text.rstrip(" \t"), text.rstrip()):
        if stripped.endswith(core):
            return len(stripped)
    return None


def _row_start(text: str, index: int, containers: Sequence[Token]) -> int:
    """Where markdown-it reads a table row: past the quote markers and list marker that own line ``index``."""
    position = 0
    for container in containers:
        while text[position : position + 1] in (" ", "\t"):
            position += 1
        if container.type == "blockquote_open":
            if text.startswith(">", position):
                position += 1
        elif container.map and container.map[0] == index:
            marker = _LIST_MARKERS.match(text, position)
            position = marker.end() if marker else position
    return position


def _table_cells(row: str) -> list[tuple[int, int]]:
    """Column spans of a GFM table row, split at unescaped pipes as markdown-it does."""
    bounds = [-1] + [m.start() for m in re.finditer(r"(?<!\\)\|", row)] + [len(row)]
    cells = []
    for left, right in zip(bounds, bounds[1:]):
        start, end = left + 1, right
        chunk = row[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        cells.append((start + lead, start + len(chunk.rstrip()) if chunk.strip() else start + lead))
    if row.lstrip().startswith("|"):
        cells.pop(0)
    if row.rstrip().endswith("|") and not row.rstrip().endswith("\\|"):
        cells.pop()
    return cells
