"""HTML reports (saved web pages, article fragments) -> units, and translated units -> the page again.

The stdlib tokenizer (``html.parser.HTMLParser``) gives every tag's exact source position; a small tree
builder applies HTML's implied end tags (``<p>`` closed by the next block, ``<li>`` by the next item).
Each run of inline content in a block is a unit whose span is its exact source characters; inline tags
become numbered placeholders (``<1>…</1>``, ``<2/>``) that come back as the original tags on rebuild.
Translatable attributes (``alt``, ``title``, ``aria-label``, ``placeholder``, meta descriptions) are
units of their own. Everything else (the skeleton) is copied byte for byte.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .errors import Location
from .htmltree import (
    HEADINGS,
    OPAQUE,
    PHRASING,
    VOID,
    Element,
    Token,
    build_tree,
    tokenize,
)
from .model import Segment, Unit
from .outline import OutlinedDocument, Place, Static
from .placeholders import (
    PLACEHOLDER,
    Close,
    Open,
    Text,
    renumber,
    restore_numbers,
    tokens,
)
from .segment import SplitOptions, has_words
from .selectors import Selector, compile_selectors, matches_any
from .sentences import sentence_spans

__all__ = ["HtmlDocument", "split_html", "build_html", "TRANSLATABLE_ATTRIBUTES"]

TRANSLATABLE_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder")
_META_NAMES = {"description", "twitter:title", "twitter:description", "og:title", "og:description"}
_BUTTON_TYPES = {"submit", "button", "reset"}

_KINDS = {"p": "paragraph", "li": "list-item", "td": "table-cell", "th": "table-header", "caption": "caption",
          "figcaption": "caption", "blockquote": "blockquote", "dt": "term", "dd": "definition", "title": "title",
          "legend": "caption", "summary": "heading", "address": "paragraph", "label": "label", "option": "option"}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_SHOWN_AS_CODE = {"pre", "xmp", "listing"}
_PROSE = {"paragraph", "list-item", "blockquote", "definition"}


# --- the document ------------------------------------------------------------------------------------------

Piece = tuple[str, int, int, int]
"""(``text``/``open``/``close``/``void``, start, end, placeholder number or 0)."""


@dataclass(frozen=True)
class HtmlDocument(OutlinedDocument):
    """An HTML source split into units, with what rebuilding needs."""

    pieces: tuple[tuple[Piece, ...], ...] = ()
    """Per unit: its text runs and placeholders in source order (empty for an attribute unit)."""
    numbers: tuple[tuple[tuple[int, ...], ...], ...] = ()
    """Per unit, per segment: the unit's number of each placeholder the segment numbers 1, 2, 3…"""
    quotes: tuple[str, ...] = ()
    """Per unit: the quote character of an attribute unit ('' unquoted), None-like ``-`` for a text unit."""
    language_spots: tuple[tuple[int, tuple[tuple[str, int, int, str], ...], bool], ...] = ()
    """Tags that carry the page language: (name end, lang/dir/xml:lang value spans, add missing ones)."""


@dataclass
class _Draft:
    unit: Unit
    place: Place
    pieces: tuple[Piece, ...]
    numbers: tuple[tuple[int, ...], ...]
    quote: str


class _Splitter:
    def __init__(self, source: str, path: str, language: str, options: SplitOptions, line_starts: Sequence[int],
                 first_line: int) -> None:
        self.source = source
        self.path = path
        self.language = language
        self.options = options
        self.line_starts = line_starts
        self.first_line = first_line
        self.skip: tuple[Selector, ...] = compile_selectors(tuple(options.html_skip))
        self.drafts: list[_Draft] = []
        self.statics: list[Static] = []
        self.counters: dict[int, int] = {}
        self.rows: dict[int, int] = {}
        self.columns: dict[tuple[int, int], int] = {}

    def line(self, offset: int) -> int:
        return self.first_line - 1 + bisect.bisect_right(self.line_starts, offset)

    def skipped(self, element: Element) -> bool:
        """``translate="no"`` (HTML's own switch) or one of the project's ``html-skip`` selectors."""
        return element.attrs.get("translate", "").strip().lower() == "no" or matches_any(self.skip, element)

    def inline(self, element: Element) -> bool:
        if element.tag in OPAQUE:
            return element.tag not in ("pre", "xmp", "listing", "plaintext", "template")
        return element.tag in PHRASING and not element.blocky

    def walk(self, element: Element, containers: tuple[tuple[str, int, int | None], ...], cell: Place | None) -> None:
        """Units for the runs of inline content in ``element``, then for its block children, in order."""
        run: list[Element | Token] = []
        for child in element.children:
            if isinstance(child, Token) or self.inline(child):
                run.append(child)
                if isinstance(child, Element):
                    self.attributes_below(child)
                continue
            self.flush(element, run, containers, cell)
            run = []
            if self.skipped(child):
                continue
            self.attributes(child)
            if child.tag in OPAQUE:
                if child.tag in _SHOWN_AS_CODE:  # not translated, but readers of the release pages need it
                    code = _text_of(self.source, child).removeprefix("\n")  # HTML drops that first newline
                    self.statics.append(Static(child.start, self.line(child.start), Place("code", containers=containers), code))
                continue
            inner, inner_cell = containers, cell
            tag = child.tag
            if tag in ("ul", "ol", "menu"):
                start = _integer(child.attrs.get("start"), 1)
                self.counters[child.key] = start
                inner = containers + (("ol" if tag == "ol" else "ul", child.key, start if tag == "ol" else None),)
            elif tag == "li":
                number = None
                if containers and containers[-1][0] == "ol":
                    key = containers[-1][1]
                    number = _integer(child.attrs.get("value"), self.counters.get(key, 1))
                    self.counters[key] = number + 1
                inner = containers + (("li", child.key, number),)
            elif tag == "blockquote":
                inner = containers + (("blockquote", child.key, None),)
            elif tag == "table":
                inner_cell = Place("cell", table=child.key, row=-1, column=-1)
            elif tag == "tr" and cell is not None:
                row = self.rows[cell.table] = self.rows.get(cell.table, -1) + 1
                inner_cell = Place("cell", table=cell.table, row=row, column=-1)
            elif tag in ("td", "th") and cell is not None and cell.row >= 0:
                key = (cell.table, cell.row)
                column = self.columns[key] = self.columns.get(key, -1) + 1
                inner_cell = Place("cell", table=cell.table, row=cell.row, column=column, header=tag == "th")
            self.walk(child, inner, inner_cell)
        self.flush(element, run, containers, cell)

    def attributes_below(self, element: Element) -> None:
        """Attribute units of an inline element and its descendants (not inside skipped ones)."""
        if self.skipped(element):
            return
        self.attributes(element)
        if element.tag in OPAQUE:
            return
        for child in element.children:
            if isinstance(child, Element):
                self.attributes_below(child)

    def attributes(self, element: Element) -> None:
        names = {name: f"attribute-{name}" for name in TRANSLATABLE_ATTRIBUTES}
        if element.tag == "input" and element.attrs.get("type", "").lower() in _BUTTON_TYPES:
            names["value"] = "attribute-value"
        if element.tag == "meta":
            which = (element.attrs.get("name") or element.attrs.get("property") or "").lower()
            if which in _META_NAMES:
                names["content"] = "meta-" + which.replace(":", "-")
        for name, start, end, quote in element.attr_spans:
            kind = names.get(name)
            if kind is None:
                continue
            text = _fold(html.unescape(self.source[start:end])).strip()
            if not has_words(text) or self.options.is_boilerplate(text) or PLACEHOLDER.search(text):
                continue
            place = Place("summary" if kind == "meta-description" else "skip")
            self.add(start, end, text, kind, place, (), quote, ())

    def flush(self, element: Element, run: list[Element | Token], containers: tuple, cell: Place | None) -> None:
        if not run:
            return
        pieces = _number(_trim(self.source, list(_flatten(self, run))))
        if not pieces:
            return
        made = _msgid(self.source, pieces)
        if made is None:
            return
        text, anchors = made
        plain = _without_placeholders(text)
        if not has_words(plain) or self.options.is_boilerplate(plain):
            if cell is not None and cell.column >= 0 and plain.strip():  # a number in a table: shown as it is
                self.statics.append(Static(pieces[0][1], self.line(pieces[0][1]), cell, plain.strip()))
            return
        if element.tag in HEADINGS:
            kind, place = "heading", Place("heading", level=int(element.tag[1]), containers=containers)
        elif element.tag == "title":
            kind, place = "title", Place("title")
        else:
            kind = _KINDS.get(element.tag, "paragraph")
            if kind == "paragraph" and containers and containers[-1][0] == "blockquote":
                kind = "blockquote"
            if cell is not None and cell.column >= 0:
                place = cell
            else:
                place = Place("paragraph", containers=containers)
        self.add(pieces[0][1], pieces[-1][2], text, kind, place, pieces, "-", anchors)

    def add(self, start: int, end: int, text: str, kind: str, place: Place, pieces: tuple[Piece, ...], quote: str,
            anchors: Sequence[tuple[int, int]]) -> None:
        prose = self.options.granularity == "sentence" and kind in _PROSE
        spans = balanced_sentences(text, self.language) if prose else [(0, len(text))]
        # Sentences leave out blanks at the text's edges that HTML does not collapse (NBSP): kept, not lost.
        spans[0] = (0, spans[0][1])
        spans[-1] = (spans[-1][0], len(text))
        segments = []
        numbers = []
        for a, b in spans:
            local, old = renumber(text[a:b])
            numbers.append(tuple(old))
            offset = start
            for position, source_offset in anchors:
                if position <= a:
                    offset = source_offset
            segments.append(Segment(local, kind, Location(self.path, self.line(offset))))
        separators = tuple(text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1))
        unit = Unit(start, end, text, (), tuple(segments), separators, style="html")
        self.drafts.append(_Draft(unit, place, pieces, tuple(numbers), quote))


def _integer(value: str | None, default: int) -> int:
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() else default


def _text_of(source: str, element: Element) -> str:
    """The characters a reader sees in ``element``: its text, decoded; not its tags or comments."""
    return "".join(
        _text_of(source, child) if isinstance(child, Element) else html.unescape(source[child.start : child.end])
        for child in element.children
        if isinstance(child, Element) or child.kind == "data"
    )


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text)


def _without_placeholders(text: str) -> str:
    return PLACEHOLDER.sub("", text)


def _flatten(splitter: _Splitter, run: Sequence[Element | Token]) -> Iterator[Piece]:
    for node in run:
        if isinstance(node, Token):
            yield ("text" if node.kind == "data" else "void", node.start, node.end, 0)
        elif node.tag in OPAQUE or node.tag in VOID or node.close is None and not node.children or splitter.skipped(node):
            yield ("void", node.start, node.end, 0)
        else:
            yield ("open", node.start, node.tag_end, 0)
            yield from _flatten(splitter, node.children)
            close = node.close or (node.end, node.end)
            yield ("close", close[0], close[1], 0)


def _trim(source: str, pieces: list[Piece]) -> tuple[Piece, ...]:
    """Leave blanks, lone tags without words and tags that wrap the whole run in the skeleton."""
    while True:
        before = len(pieces)
        while pieces and _edge_empty(source, pieces[0]):
            pieces.pop(0)
        while pieces and _edge_empty(source, pieces[-1]):
            pieces.pop()
        if pieces and pieces[0][0] == "text":
            kind, a, b, n = pieces[0]
            pieces[0] = (kind, a + len(source[a:b]) - len(source[a:b].lstrip(" \t\n\r\f")), b, n)
        if pieces and pieces[-1][0] == "text":
            kind, a, b, n = pieces[-1]
            pieces[-1] = (kind, a, b - len(source[a:b]) + len(source[a:b].rstrip(" \t\n\r\f")), n)
        if len(pieces) >= 2 and pieces[0][0] == "open" and pieces[-1][0] == "close" and _pair_end(pieces, 0) == len(pieces) - 1:
            pieces = pieces[1:-1]
        if len(pieces) == before:
            return tuple(pieces)


def _edge_empty(source: str, piece: Piece) -> bool:
    kind, a, b, _ = piece
    if kind == "text":
        return not source[a:b].strip(" \t\n\r\f")
    return kind == "void"


def _pair_end(pieces: Sequence[Piece], index: int) -> int:
    depth = 0
    for position in range(index, len(pieces)):
        kind = pieces[position][0]
        depth += 1 if kind == "open" else -1 if kind == "close" else 0
        if depth == 0:
            return position
    return -1


def _number(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """Number placeholders in order; neighbouring lone tags share one number."""
    out: list[Piece] = []
    stack: list[int] = []
    counter = 0
    for kind, a, b, _ in pieces:
        if kind == "void" and out and out[-1][0] == "void" and out[-1][2] == a:
            out[-1] = ("void", out[-1][1], b, out[-1][3])
            continue
        if kind == "open":
            counter += 1
            stack.append(counter)
            out.append((kind, a, b, counter))
        elif kind == "close":
            out.append((kind, a, b, stack.pop()))
        elif kind == "void":
            counter += 1
            out.append((kind, a, b, counter))
        else:
            out.append((kind, a, b, 0))
    return tuple(out)


def _chunks(source: str, pieces: Sequence[Piece]) -> Iterator[tuple[str, int, int] | Piece]:
    """Consecutive text pieces as one (folded text, start, end); placeholders as they are."""
    index = 0
    while index < len(pieces):
        if pieces[index][0] != "text":
            yield pieces[index]
            index += 1
            continue
        start = pieces[index][1]
        while index < len(pieces) and pieces[index][0] == "text":
            index += 1
        end = pieces[index - 1][2]
        yield (_fold(html.unescape(source[start:end])), start, end)


def _msgid(source: str, pieces: Sequence[Piece]) -> tuple[str, list[tuple[int, int]]] | None:
    """The msgid of a run, and (msgid offset, source offset) anchors for line numbers; None when the
    text holds something that reads as a placeholder (then the run stays untranslated, as it is)."""
    parts = []
    anchors = []
    length = 0
    for chunk in _chunks(source, pieces):
        if len(chunk) == 3:
            text, start = chunk[0], chunk[1]
            if PLACEHOLDER.search(text):  # type: ignore[arg-type]
                return None
            anchors.extend(_line_anchors(source, start, chunk[2], length))  # type: ignore[arg-type,misc]
        else:
            kind, start, _, number = chunk  # type: ignore[misc]
            text = {"open": f"<{number}>", "close": f"</{number}>", "void": f"<{number}/>"}[kind]
        parts.append(text)
        length += len(text)  # type: ignore[arg-type]
    return "".join(parts), anchors  # type: ignore[arg-type]


_BLANKS = re.compile(r"[ \t\n\r\f]+")


def _line_anchors(source: str, start: int, end: int, length: int) -> Iterator[tuple[int, int]]:
    """(msgid offset, source offset) of the run's start, then of the first character after each line break,
    so that a sentence names its own line. Each run of blanks is one space in the msgid."""
    raw = source[start:end]
    yield length, start
    cursor = 0
    for match in _BLANKS.finditer(raw):
        length += len(html.unescape(raw[cursor : match.start()])) + 1
        cursor = match.end()
        if "\n" in match.group() or "\r" in match.group():
            yield length, start + cursor


def balanced_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans that keep every placeholder pair whole and give each sentence a word.

    The splitter sees placeholders as blanks; a sentence then takes the closing and lone placeholders
    right after it and the opening ones right before it.
    """
    masked = PLACEHOLDER.sub(lambda match: " " * len(match.group()), text)
    spans = []
    for start, end in sentence_spans(masked, language):
        while (match := PLACEHOLDER.match(text, end)) and (match.group(1) or match.group(3)):
            end = match.end()
        while (match := _OPENING_BEFORE.search(text, 0, start)) is not None:
            start = match.start()
        spans.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (_depth(text[: merged[-1][1]]) > 0 or not has_words(_without_placeholders(text[start:end]))):
            merged[-1] = (merged[-1][0], end)
        elif merged and not has_words(_without_placeholders(text[merged[-1][0] : merged[-1][1]])):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged or [(0, len(text))]


_OPENING_BEFORE = re.compile(r"<[1-9][0-9]{0,3}>$")


def _depth(text: str) -> int:
    depth = 0
    for token in tokens(text):
        depth += 1 if isinstance(token, Open) else -1 if isinstance(token, Close) else 0
    return depth


def split_html(source: str, path: str, language: str, options: SplitOptions, *, first_line: int = 1,
               line_starts: Sequence[int] | None = None) -> HtmlDocument:
    """Split an HTML page or fragment (``path`` names it in messages).

    A fragment cut from a larger file (a Markdown report's HTML block) gives the number of its first line
    there and where its lines start (CR, LF or CRLF, as that file counts them), so segments name the file's lines.
    """
    found, html_lines = tokenize(source, path)
    root, elements = build_tree(source, found)
    splitter = _Splitter(source, path, language, options, html_lines if line_starts is None else line_starts, first_line)
    splitter.walk(root, (), None)
    drafts = sorted(splitter.drafts, key=lambda draft: (draft.unit.start, -draft.unit.end))
    spots = []
    if any(element.tag == "html" for element in elements):
        targets = [(e, e.tag == "html") for e in elements if e.tag in ("html", "body")]
    else:
        # A fragment: its top-level blocks carry the language (a <body> without <html> counts as one).
        targets = [
            (child, True) for child in root.children
            if isinstance(child, Element) and child.tag not in ("head",) and child.tag not in VOID
            and not splitter.inline(child)
        ]
    for element, add in targets:
        wanted = tuple(span for span in element.attr_spans if span[0] in ("lang", "dir", "xml:lang"))
        spots.append((element.name_end, wanted, add))
    return HtmlDocument(
        path, "html", language, source, tuple(d.unit for d in drafts), (),
        places=tuple(d.place for d in drafts),
        pieces=tuple(d.pieces for d in drafts),
        numbers=tuple(d.numbers for d in drafts),
        quotes=tuple(d.quote for d in drafts),
        language_spots=tuple(spots),
        statics=tuple(splitter.statics),
    )


# --- rebuilding ------------------------------------------------------------------------------------------


def build_html(document: HtmlDocument, translate: Callable[[Segment], str], language: str | None = None,
               direction: str = "ltr", marked: tuple[str, str, frozenset[tuple[str | None, str]]] | None = None) -> str:
    """The page with every unit translated; with ``language``, ``lang`` and ``dir`` set on ``<html>``.
    ``marked`` (source language, its direction, segment keys) names the text units whose source text
    stands in for missing translations: each is wrapped in a ``span`` that says its language.

    Text that equals a source run (the whole unit, or a piece between two placeholders) keeps the
    source's characters: its entities, line breaks and indentation. So an identity catalog rebuilds
    the page byte for byte through the same path as any translation.
    """
    source = document.text
    cuts: list[tuple[int, int, int]] = [(unit.start, unit.end, index) for index, unit in enumerate(document.units)]
    inserts: dict[int, str] = {}
    if language is not None:
        for name_end, spans, add in document.language_spots:
            for name, start, end, quote in spans:
                value = direction if name == "dir" else language
                cuts.append((start, end, -1))
                inserts[start] = value if quote else f'"{value}"'
            present = {name for name, *_ in spans}
            missing = [name for name in ("lang", "dir") if name not in present]
            if add and missing:
                cuts.append((name_end, name_end, -1))
                inserts[name_end] = "".join(f' {n}="{direction if n == "dir" else language}"' for n in missing)
    cuts.sort(key=lambda cut: (cut[0], -cut[1]))
    starts = [cut[0] for cut in cuts]

    def render_range(a: int, b: int) -> str:
        out = []
        position = a
        for index in range(bisect.bisect_left(starts, a), len(cuts)):
            start, end, unit_index = cuts[index]
            if start >= b:
                break
            if start < position or end > b:
                continue
            out.append(source[position:start])
            out.append(inserts[start] if unit_index < 0 else render_unit(unit_index))
            position = end
        out.append(source[position:b])
        return "".join(out)

    def render_unit(index: int) -> str:
        unit = document.units[index]
        texts = [translate(segment) for segment in unit.segments]
        numbers = document.numbers[index]
        text = restore_numbers(texts[0], list(numbers[0]))
        for separator, translation, old in zip(unit.separators, texts[1:], numbers[1:]):
            text += separator + restore_numbers(translation, list(old))
        if not document.pieces[index]:
            return _attribute_value(source[unit.start : unit.end], unit.text, text, document.quotes[index])
        rendered = _render_pieces(source, document.pieces[index], text, render_range)
        if (marked is not None and document.places[index].block != "title"  # <title> holds text, not tags
                and all(segment.key in marked[2] for segment in unit.segments)):
            return f'<span lang="{marked[0]}" dir="{marked[1]}">{rendered}</span>'
        return rendered

    return render_range(0, len(source))


def _attribute_value(raw: str, source_text: str, text: str, quote: str) -> str:
    if text == source_text:
        return raw
    escaped = text.replace("&", "&amp;")
    if quote == "'":
        return escaped.replace("'", "&#39;")
    escaped = escaped.replace('"', "&quot;")
    return escaped if quote else f'"{escaped}"'


def _render_pieces(source: str, pieces: Sequence[Piece], text: str, render_range: Callable[[int, int], str]) -> str:
    spans: dict[tuple[str, int], tuple[int, int]] = {}
    pool: dict[str, list[tuple[int, int]]] = {}
    for chunk in _chunks(source, pieces):
        if len(chunk) == 3:
            pool.setdefault(chunk[0], []).append((chunk[1], chunk[2]))  # type: ignore[arg-type,misc]
        else:
            kind, a, b, number = chunk  # type: ignore[misc]
            spans[(kind, number)] = (a, b)
    out = []
    for token in tokens(text):
        if isinstance(token, Text):
            reuse = pool.get(token.text)
            if reuse:
                a, b = reuse.pop(0)
                out.append(source[a:b])
            else:
                out.append(html.escape(token.text, quote=False))
            continue
        kind = "open" if isinstance(token, Open) else "close" if isinstance(token, Close) else "void"
        span = spans.get((kind, token.number))
        if span is None:  # not a placeholder of this unit (build refuses such a translation first)
            literal = f"<{token.number}>" if kind == "open" else f"</{token.number}>" if kind == "close" else f"<{token.number}/>"
            out.append(html.escape(literal, quote=False))
        else:
            out.append(render_range(*span))
    return "".join(out)
