"""Markdown reports -> units, located in the source through markdown-it-py's line maps.

markdown-it-py parses (CommonMark, GFM tables, YAML front matter); this module only maps each
translatable inline run, footnote text and front matter scalar (found by ``frontmatter.py``) back to
its exact characters, so everything else (markers, footnote labels, YAML syntax) stays byte for byte.
A raw HTML block is split as an HTML report is (``htmlsource.py``), and rebuilt by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceError
from .frontmatter import translatable_values
from .model import Document, Segment, Unit
from .segment import Line, LineSpan, SplitOptions, has_words, make_unit, removal_spans, split_lines

if TYPE_CHECKING:
    from .htmlsource import HtmlDocument

__all__ = ["split_markdown", "MarkdownDocument", "HtmlBlock", "BLOCK_PARSER"]

_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_LIST_MARKERS = re.compile(r"[-+*]|\d{1,9}[.)]")
_FOOTNOTE_LABEL = re.compile(r"(?:\[\^[^\]\s]+\]:\s*)+")
"""The labels that open a footnote definition (a note may open with another's), and the blanks after them."""
_PREFIX_MARKERS = re.compile(rf"{_LIST_MARKERS.pattern}|\[\^[^\]\s]+\]:")
BLOCK_PARSER = (
    MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    .disable(["inline", "text_join"])  # blocks are all we locate: inline markup stays in the msgid as written
)


@dataclass(frozen=True)
class HtmlBlock:
    """A raw HTML block of a Markdown report, split as an HTML fragment."""

    line: int
    """1-based number of its first line."""
    start: int
    """Offset of that line in the report."""
    end: int
    """Offset of the end of its last line (before the line ending)."""
    document: HtmlDocument
    """The block alone: offsets count from ``start``; its segments are the report's own objects."""


@dataclass(frozen=True)
class MarkdownDocument(Document):
    """A Markdown report; its units include those of its HTML blocks (style ``html``), which rebuild as HTML."""

    html_blocks: tuple[HtmlBlock, ...] = ()


def split_markdown(source: str, path: str, language: str, options: SplitOptions) -> MarkdownDocument:
    """Split a Markdown report; boilerplate paragraphs are its removals."""
    body = 1 if source.startswith("\ufeff") else 0
    lines = split_lines(source, body)
    tokens = BLOCK_PARSER.parse(source[body:])
    mapper = _Mapper(source, lines, path, language, options)
    units: list[Unit] = []
    blocks: list[HtmlBlock] = []
    boiler: list[int] = []
    containers: list[Token] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1 and token.type in ("blockquote_open", "list_item_open"):
            containers.append(token)
        elif token.nesting == -1 and token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "front_matter":
            units.extend(mapper.front_matter(token))
        elif token.type == "html_block":
            block = mapper.html_block(token)
            if block is not None:
                blocks.append(block)
                units.extend(replace(unit, start=unit.start + block.start, end=unit.end + block.start)
                             for unit in block.document.units)
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
    removals = removal_spans(source, lines, boiler, blank)
    return MarkdownDocument(
        path, "markdown", language, source, tuple(sorted(units, key=lambda unit: unit.start)), tuple(sorted(removals)),
        html_blocks=tuple(blocks),
    )


class _Note(NamedTuple):
    """One footnote definition of a paragraph (or the text before the first)."""

    body: list[LineSpan]
    """Its lines, label included."""
    text: list[LineSpan]
    """The same without the label: the msgid's."""
    unit: Unit | None


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
            return self._block(self.lines[first:last], token.content, "heading")
        if opener.type in ("th_open", "td_open"):
            kind = "table-header" if opener.type == "th_open" else "table-cell"
            return self._cell(self.lines[first], first, containers, kind)
        if opener.type == "paragraph_open":
            kind = {"list_item_open": "list-item", "blockquote_open": "blockquote"}.get(
                containers[-1].type if containers else "", "paragraph"
            )
            return self._block(self.lines[first:last], token.content, kind)
        return None

    def _block(self, lines: Sequence[Line], content: str, kind: str) -> Unit | None:
        if not has_words(content):
            return None
        spans = self._line_spans(lines, content)
        if kind == "heading":
            return self._wrapped(spans, kind)
        return self._paragraph(spans, kind)

    def _line_spans(self, lines: Sequence[Line], content: str) -> list[LineSpan]:
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
        return spans

    def _wrapped(self, spans: Sequence[LineSpan], kind: str) -> Unit | None:
        prefix = self.source[spans[0].line.start : spans[0].start]
        continuation = _PREFIX_MARKERS.sub(lambda m: " " * len(m.group()), prefix)
        return self.unit(spans, kind, "wrap", continuation=continuation if len(spans) == 1 else None)

    def _paragraph(self, spans: Sequence[LineSpan], kind: str) -> Unit | None:
        """A paragraph's unit, with the label of each footnote definition (``[^1]: ``) left in the skeleton,
        so a translator cannot move or drop it; each definition's text is a segment of its own."""
        indent = spans[0].start - spans[0].line.start
        labels: list[int] = []
        for i, span in enumerate(spans):
            # Indented 4 columns more, a label continues the text; in a note, whose text is indented 4, 8 more.
            deeper = span.start - span.line.start - indent - (4 if labels else 0)
            if _FOOTNOTE_LABEL.match(self.source, span.start, span.end) and (not i or deeper < 4):
                labels.append(i)
        if not labels:
            return self._wrapped(spans, kind)
        cuts = sorted({0, *labels})
        notes = []
        for first, stop in zip(cuts, [*cuts[1:], len(spans)]):
            body = list(spans[first:stop])
            if stop < len(spans):
                body = self._before_label(body)
            text = self._note_text(body)
            notes.append(_Note(body, text, self._wrapped(text, kind)))
        worded = [index for index, note in enumerate(notes) if note.unit]
        if len(worded) <= 1:
            return notes[worded[0]].unit if worded else None
        return self._notes(notes[worded[0] : worded[-1] + 1], kind)

    def _before_label(self, body: list[LineSpan]) -> list[LineSpan]:
        """A note that a definition follows, without trailing blanks (no hard break before a definition) or
        blank lines; its last line ends with a line break in any translation."""
        while True:
            last = body[-1]
            body[-1] = replace(last, end=last.start + len(self.source[last.start : last.end].rstrip()))
            if len(body) == 1 or body[-1].start < body[-1].end:
                break
            body.pop()
        body[-1] = replace(body[-1], hard_break=True)
        return body

    def _note_text(self, body: list[LineSpan]) -> list[LineSpan]:
        """A note's spans without its labels: ``[^1]:`` may stand alone on its line, its text on the next."""
        text = list(body)
        while label := _FOOTNOTE_LABEL.match(self.source, text[0].start, text[0].end):
            text[0] = replace(text[0], start=label.end())
            if len(text) == 1 or text[0].start < text[0].end:
                break
            text.pop(0)
            line = self.source[text[0].start : text[0].end]
            text[0] = replace(text[0], start=text[0].start + len(line) - len(line.lstrip()))
        return text

    def _notes(self, notes: Sequence[_Note], kind: str) -> Unit:
        """Footnote definitions without blank lines between them: markdown-it sees one paragraph, and the release
        layout expects one unit per paragraph. The unit spans them all; each label, with what precedes it on its
        line (quote marks, indentation), is in a separator, so a translation's lines cannot move it."""
        whole = list(notes[0].text)
        for note in notes[1:]:
            whole += [replace(note.body[0], start=note.body[0].line.start), *note.body[1:]]
        unit = self.unit(whole, kind, "wrap", continuation="")
        assert unit is not None
        offsets = {}  # line number -> msgid offset minus source offset
        position = 0
        for span in whole:
            offsets[span.line.number] = position - span.start
            position += span.end - span.start + 1
        segments: list[Segment] = []
        separators: list[str] = []
        end = 0
        for note in notes:
            if note.unit is None:
                continue  # a note without words ("[^2]: 1999") is in a separator
            local = 0
            first = note.text[0]
            for segment in note.unit.segments:
                local = note.unit.text.index(segment.text, local)
                start = offsets[first.line.number] + first.start + local
                if unit.text[start : start + len(segment.text)] != segment.text:
                    raise self.error(first.line, "cannot locate this footnote in the source (please report this)")
                if segments:
                    separators.append(unit.text[end:start])
                segments.append(segment)
                local += len(segment.text)
                end = start + len(segment.text)
        return replace(unit, segments=tuple(segments), separators=tuple(separators))

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

    def html_block(self, token: Token) -> HtmlBlock | None:
        """The block's text split as HTML. Container prefixes (``>``, a list marker, indentation) are blanked
        for the HTML parser and kept in the rebuilt block; a block where one would fall inside a translated
        text (a quoted paragraph over two lines) is left as it is, as is one markdown-it reads otherwise than
        its lines (a tab in the indentation)."""
        from .htmlsource import split_html  # the HTML splitter: loaded only for reports that have such blocks

        assert token.map is not None
        lines = self.lines[token.map[0] : token.map[1]]
        parts = token.content.split("\n")  # one per line (and "" after a final line break)
        if not has_words(token.content) or len(parts) < len(lines):
            return None
        start, end = lines[0].start, lines[-1].end
        masked = []
        for line, part in zip(lines, parts):
            text = line.text(self.source)
            if not text.endswith(part):
                return None
            masked.append(" " * (len(text) - len(part)) + part + self.source[line.end : line.stop])
        fragment = "".join(masked)[: end - start]
        original = self.source[start:end]
        document = split_html(fragment, self.path, self.language, self.options, first_line=lines[0].number,
                              line_starts=[line.start - start for line in lines])
        if not document.units or any(fragment[u.start : u.end] != original[u.start : u.end] for u in document.units):
            return None
        return HtmlBlock(lines[0].number, start, end, replace(document, text=original))

    def front_matter(self, token: Token) -> list[Unit]:
        """Translate the title, summary and description scalars of YAML front matter, nothing else."""
        assert token.map is not None
        lines = self.lines[token.map[0] + 1 : token.map[1] - 1]
        units = []
        for key, scalar in translatable_values(self.source, lines):
            unit = self.unit(
                scalar.spans, f"front-matter-{key}", scalar.style, text=scalar.text, continuation=scalar.continuation
            )
            if unit:
                units.append(unit)
        return units


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
