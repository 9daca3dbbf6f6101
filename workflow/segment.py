"""Source text -> Document: the format-independent half (lines, units, boilerplate, granularity)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import Location, SourceError
from .model import Break, Document, Segment, Unit
from .sentences import sentence_spans

__all__ = [
    "MAX_UNIT_CHARS",
    "FORMATS",
    "GRANULARITIES",
    "Line",
    "LineSpan",
    "SplitOptions",
    "split_lines",
    "make_unit",
    "removal_spans",
    "split_document",
    "source_format",
]

MAX_UNIT_CHARS = 100_000
"""Longest paragraph (heading, cell...) workflow translates: some 15,000 words. Longer text is not a report
paragraph (a 50 MB line is a data dump), and merging it would cost quadratic time in the fuzzy matcher."""
_CONFLICT = re.compile(r"^<{7}(?:[ \t]|$)", re.M)
FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx",
}
GRANULARITIES = ("paragraph", "sentence")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# Kinds that read as running prose, the only ones sentence granularity splits.
_PROSE_KINDS = {"paragraph", "list-item", "blockquote"}


@dataclass(frozen=True)
class SplitOptions:
    """What the project says about splitting: granularity and boilerplate patterns."""

    granularity: str = "paragraph"
    boilerplate: tuple[re.Pattern[str], ...] = ()
    html_skip: tuple[str, ...] = ()
    """CSS selectors of HTML elements that are not part of the report (site chrome)."""

    def is_boilerplate(self, text: str) -> bool:
        stripped = text.strip()
        return any(pattern.fullmatch(stripped) for pattern in self.boilerplate)


@dataclass(frozen=True)
class Line:
    """One source line: ``start``..``end`` is its text, ``end``..``stop`` its line ending."""

    number: int
    """1-based."""
    start: int
    end: int
    stop: int

    def text(self, source: str) -> str:
        return source[self.start : self.end]


@dataclass(frozen=True)
class LineSpan:
    """The translatable part of one line of a unit, and whether a hard break follows it."""

    line: Line
    start: int
    end: int
    hard_break: bool = False


def split_lines(text: str, offset: int = 0) -> list[Line]:
    """Cut ``text[offset:]`` into lines at CRLF, CR or LF: the same places CommonMark breaks lines.

    >>> [(l.number, l.start, l.end, l.stop) for l in split_lines("a\\r\\nbc\\n")]
    [(1, 0, 1, 3), (2, 3, 5, 6)]
    """
    lines = []
    position = offset
    number = 1
    for match in _NEWLINE.finditer(text, offset):
        lines.append(Line(number, position, match.start(), match.end()))
        position = match.end()
        number += 1
    if position < len(text):
        lines.append(Line(number, position, len(text), len(text)))
    return lines


def source_format(path: Path) -> str:
    """The format of a source report, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise SourceError.at(path, None, f"unsupported source format {path.suffix!r} (known: {known})") from None


def has_words(text: str) -> bool:
    """Only text with letters is worth translating; rules, numbers and bare URLs are not."""
    return any(ch.isalpha() for ch in text)


def make_unit(
    source: str,
    spans: Sequence[LineSpan],
    *,
    kind: str,
    path: str,
    language: str,
    options: SplitOptions,
    style: str = "wrap",
    width: int = 0,
    continuation: str | None = None,
    text: str | None = None,
) -> Unit | None:
    """Fold the spans of one block into a unit; None when there is nothing to translate.

    Soft line breaks become one space in the text, hard breaks one newline; each remembers the exact
    characters it replaced, so the source can be rebuilt byte for byte. ``text`` overrides the folded
    text for styles whose msgid is an unescaped form of the source (YAML single quotes).
    """
    pieces: list[str] = []
    breaks: list[Break] = []
    length = 0
    for index, span in enumerate(spans):
        if index:
            previous = spans[index - 1]
            breaks.append(Break(length, source[previous.end : span.start]))
            pieces.append("\n" if previous.hard_break else " ")
            length += 1
        chunk = source[span.start : span.end]
        pieces.append(chunk)
        length += len(chunk)
    folded = "".join(pieces) if text is None else text
    if not has_words(folded):
        return None
    if len(folded) > MAX_UNIT_CHARS:
        raise SourceError.at(
            path, spans[0].line.number,
            f"a block of {len(folded):,} characters is too long to translate as one segment (the limit is"
            f" {MAX_UNIT_CHARS:,}); split it into paragraphs",
        )
    first = spans[0]
    if continuation is None:
        continuation = _after_newline(breaks[0].raw) if breaks else ""
    newline = _line_ending(source, first.line)
    segments, separators = _segments(folded, breaks, first.line.number, kind, path, language, options)
    return Unit(
        start=first.start,
        end=spans[-1].end,
        text=folded,
        breaks=tuple(breaks),
        segments=segments,
        separators=separators,
        style=style,
        continuation=continuation,
        width=width,
        newline=newline,
    )


def _after_newline(raw: str) -> str:
    """The next line's prefix inside a break (its indentation, blockquote markers)."""
    match = _NEWLINE.search(raw)
    return raw[match.end() :] if match else ""


def _line_ending(source: str, line: Line) -> str:
    ending = source[line.end : line.stop]
    if ending:
        return ending
    match = _NEWLINE.search(source)
    return match.group() if match else "\n"


def _segments(
    text: str,
    breaks: Sequence[Break],
    first_line: int,
    kind: str,
    path: str,
    language: str,
    options: SplitOptions,
) -> tuple[tuple[Segment, ...], tuple[str, ...]]:
    if options.granularity == "sentence" and kind in _PROSE_KINDS:
        spans = _merge_wordless(text, sentence_spans(text, language))
    else:
        spans = [(0, len(text))]
    segments = []
    for start, end in spans:
        line = first_line + sum(1 for item in breaks if item.offset < start)
        segments.append(Segment(text[start:end], kind, Location(path, line)))
    separators = tuple(text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1))
    return tuple(segments), separators


def _merge_wordless(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue each sentence without letters ("2025.", "(3)") to the one before it, or after it when it comes
    first: like a paragraph without letters, it is nothing to translate on its own.

    >>> text = "1. Peace. 2025. Trust."
    >>> [text[a:b] for a, b in _merge_wordless(text, [(0, 2), (3, 9), (10, 15), (16, 22)])]
    ['1. Peace. 2025.', 'Trust.']
    """
    merged: list[tuple[int, int]] = []
    lead: int | None = None
    for start, end in spans:
        if has_words(text[start:end]):
            merged.append((start if lead is None else lead, end))
            lead = None
        elif merged:
            merged[-1] = (merged[-1][0], end)
        elif lead is None:
            lead = start
    return merged or list(spans)


def removal_spans(source: str, lines: Sequence[Line], removed: Sequence[int], blank: Sequence[bool]) -> list[tuple[int, int]]:
    """Character spans that drop boilerplate lines (0-based indexes) with the blank lines that separate them.

    A run at the end of the document takes the blank lines before it, so the localized text ends where the
    report ends; any other run takes the blank lines after it, so no double gap is left behind.
    """
    spans: list[tuple[int, int]] = []
    chosen = set(removed)
    index = 0
    while index < len(lines):
        if index not in chosen:
            index += 1
            continue
        first = index
        while index < len(lines) and (index in chosen or blank[index]):
            index += 1
        last = index - 1
        if index == len(lines):
            before = first
            while before > 0 and blank[before - 1]:
                before -= 1
            start = lines[before - 1].stop if before > 0 else lines[first].start
            if before > 0 and lines[before - 1].end == lines[before - 1].stop:
                start = lines[before - 1].end
            spans.append((start, len(source)))
        else:
            spans.append((lines[first].start, lines[last].stop))
    return spans


def split_document(source: str, path: str, fmt: str, language: str, options: SplitOptions) -> Document:
    """Split decoded ``source`` (named ``path`` in messages) into a Document."""
    conflict = _CONFLICT.search(source)
    if conflict:
        line = source.count("\n", 0, conflict.start()) + 1
        raise SourceError.at(
            path, line, "git conflict marker; resolve the merge conflict before translating this report"
        )
    if fmt == "markdown":
        from .markdown import split_markdown

        return split_markdown(source, path, language, options)
    if fmt == "text":
        from .plaintext import split_text

        units, removals = split_text(source, path, language, options)
    elif fmt == "html":
        from .htmlsource import split_html

        return split_html(source, path, language, options)
    else:
        raise SourceError.at(path, None, f"unsupported source format {fmt!r}")
    units = sorted(units, key=lambda unit: unit.start)
    return Document(path, fmt, language, source, tuple(units), tuple(sorted(removals)))
