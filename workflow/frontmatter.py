"""YAML front matter: where the value of a translatable key is in the source, and how to write it back.

The values are read as YAML reads them (plain or quoted over several lines, ``>``/``|`` blocks), without
a YAML library: only their exact characters matter here, so that everything around them (keys, quotes,
block headers, indentation) stays byte for byte in the skeleton.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple, Sequence

from .segment import Line, LineSpan

__all__ = ["FRONT_MATTER_KEYS", "Scalar", "translatable_values"]

FRONT_MATTER_KEYS = ("title", "summary", "description")
_FRONT_MATTER_KEY = re.compile(r"(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)")
_BLOCK_HEADER = re.compile(r"(?P<style>[|>])(?:(?P<indent>[1-9])[+-]?|[+-](?P<indent2>[1-9])?)?[ \t]*(?:#.*)?")
_NESTED = re.compile(r"[-?:](?:[ \t]|$)|[^\s#'\"][^#]*?:(?:[ \t]|$)")
"""A line that starts a nested mapping or sequence, not a scalar."""
_COMMENT = re.compile(r"[ \t]+#")
_AFTER_QUOTE = re.compile(r"[ \t]*|[ \t]+#.*")
_DOUBLE_RUN = re.compile(r'(?:[^"\\]|\\.)*')
_SINGLE_RUN = re.compile(r"(?:[^']|'')*")


def translatable_values(source: str, lines: Sequence[Line]) -> Iterator[tuple[str, Scalar]]:
    """(key, value) for each translatable key among the front matter's ``lines``, in order."""
    index = 0
    while index < len(lines):
        key = _FRONT_MATTER_KEY.match(lines[index].text(source))
        if not key or key.group("key") not in FRONT_MATTER_KEYS:
            index += 1
            continue
        scalar, index = _yaml_scalar(source, lines, index, key.end())
        if scalar:
            yield key.group("key"), scalar


class Scalar(NamedTuple):
    """Where a YAML value's text is in the source, and how a translation is written back."""

    spans: list[LineSpan]
    style: str
    text: str | None = None
    """The msgid, when it is not the spans' folded text (single quotes unescaped)."""
    continuation: str | None = None
    """The indentation of a block scalar's lines."""


def _yaml_scalar(source: str, lines: Sequence[Line], index: int, offset: int) -> tuple[Scalar | None, int]:
    """The value of the key on line ``index`` (its text starts at ``offset``) and the line after it.

    Its msgid is the value as YAML reads it (lines folded, ``''`` unescaped; a double-quoted value keeps its
    escapes, as written); anything that is not a lone scalar (flow collections, anchors, tags, nested keys)
    is None, left as it is.
    """
    text = lines[index].text(source)
    if not text[offset:].strip(" \t") or text[offset] == "#":
        # "title:" alone: the value may start on the next, indented, line.
        following = next((i for i in range(index + 1, len(lines)) if not _blank(lines[i].text(source))), None)
        if following is None or not _indent(lines[following].text(source)):
            return None, index + 1
        index, text = following, lines[following].text(source)
        offset = _indent(text)
        if text[offset] in "|>" or _NESTED.match(text, offset):
            return None, index + 1
    first = text[offset]
    if first in "\"'":
        return _quoted(source, lines, index, offset)
    if first in "|>":
        return _block_scalar(source, lines, index, offset)
    if first in "[{&*!%@`#":
        return None, index + 1
    return _plain(source, lines, index, offset)


def _plain(source: str, lines: Sequence[Line], index: int, offset: int) -> tuple[Scalar | None, int]:
    """A plain scalar: its first line and the more indented lines after it, up to a comment."""
    rows: list[tuple[Line, int, int]] = []
    gaps: list[tuple[list[Line], int]] = []
    blank: list[Line] = []
    comment = None
    while index < len(lines) and not comment:
        line = lines[index]
        text = line.text(source)
        if _blank(text):
            blank.append(line)
            index += 1
            continue
        if rows and (not _indent(text) or text.lstrip(" \t").startswith("#")):
            break
        start = offset if not rows else _indent(text)
        comment = _COMMENT.search(text, start)
        end = len(text[: comment.start() if comment else len(text)].rstrip(" \t"))
        if rows:
            gaps.append((blank, len(blank)))  # an empty line is a newline, a line break a space
        rows.append((line, line.start + start, line.start + end))
        blank = []
        index += 1
    return Scalar(_fold(rows, gaps), "yaml-plain"), index


def _quoted(source: str, lines: Sequence[Line], index: int, offset: int) -> tuple[Scalar | None, int]:
    """A double- or single-quoted scalar, on one line or folded over several."""
    quote = lines[index].text(source)[offset]
    run = _DOUBLE_RUN if quote == '"' else _SINGLE_RUN
    rows: list[tuple[Line, int, int]] = []
    gaps: list[tuple[list[Line], int]] = []
    blank: list[Line] = []
    position = offset + 1
    for number in range(index, len(lines)):
        line = lines[number]
        text = line.text(source)
        match = run.match(text, position)
        assert match is not None  # the pattern matches the empty string
        stop = match.end()
        closed = stop < len(text)
        if closed and text[stop] != quote:
            return None, number + 1  # a backslash before the line break: YAML joins the lines without a space
        if number == index or closed or not _blank(text):
            start = position if number == index else _indent(text)
            end = stop if closed else max(start, len(text.rstrip(" \t")))
            if rows:
                gaps.append((blank, len(blank)))
            rows.append((line, line.start + start, line.start + end))
            blank = []
        else:
            blank.append(line)
        if closed:
            if not _AFTER_QUOTE.fullmatch(text, stop + 1):
                return None, number + 1  # not valid YAML: left alone
            spans = _fold(rows, gaps)
            if quote == '"':
                return Scalar(spans, "yaml-double"), number + 1
            return _single_quoted(source, spans), number + 1
        position = 0
    return None, index + 1


def _single_quoted(source: str, spans: list[LineSpan]) -> Scalar:
    """Each ``''`` becomes a break that stands for one quote, so the msgid reads ``'`` and the source
    is still rebuilt from the spans."""
    pieces: list[LineSpan] = []
    for span in spans:
        start = span.start
        for pair in re.finditer("''", source[span.start : span.end]):
            pieces.append(LineSpan(span.line, start, span.start + pair.start()))
            start = span.start + pair.end()
        pieces.append(LineSpan(span.line, start, span.end, span.hard_break))
    text = source[pieces[0].start : pieces[0].end]
    for before, after in zip(pieces, pieces[1:]):
        stand_in = "'" if source[before.end : after.start] == "''" else "\n" if before.hard_break else " "
        text += stand_in + source[after.start : after.end]
    return Scalar(pieces, "yaml-single", text)


def _block_scalar(source: str, lines: Sequence[Line], index: int, offset: int) -> tuple[Scalar | None, int]:
    """A literal (``|``) or folded (``>``) block scalar: its lines without their indentation.

    A translation is written back as the block's lines (``wrap`` style, the indentation as continuation); its
    header, indentation and chomping stay in the skeleton.
    """
    header = _BLOCK_HEADER.fullmatch(lines[index].text(source), offset)
    if not header:
        return None, index + 1
    folded = header.group("style") == ">"
    indent = int(header.group("indent") or header.group("indent2") or 0) or None
    rows: list[tuple[Line, int, int]] = []
    gaps: list[tuple[list[Line], int]] = []
    blank: list[Line] = []
    indented = False
    index += 1
    while index < len(lines):
        line = lines[index]
        text = line.text(source)
        spaces = len(text) - len(text.lstrip(" "))
        if _blank(text):
            blank.append(line)
            index += 1
            continue
        if indent is None:
            if not spaces or any(len(b.text(source)) > spaces for b in blank):
                break  # empty, or not valid YAML
            indent = spaces
        if spaces < indent:
            break
        more = text[indent] in " \t"
        if rows:
            # Folding joins two lines of text with a space; an empty line, or a more indented line, keeps its breaks.
            newlines = len(blank) if folded and not more and not indented else len(blank) + 1
            gaps.append((blank, newlines))
        rows.append((line, line.start + indent, line.start + len(text.rstrip(" \t"))))
        blank = []
        indented = more
        index += 1
    if not rows:
        return None, index
    assert indent is not None
    return Scalar(_fold(rows, gaps), "wrap", continuation=" " * indent), index


def _fold(rows: Sequence[tuple[Line, int, int]], gaps: Sequence[tuple[list[Line], int]]) -> list[LineSpan]:
    """Spans for lines of text, given the blank lines between each two and how many newlines they read as
    (0: one space). A newline past the first is an empty span on one of the blank lines."""
    spans: list[LineSpan] = []
    for number, (line, start, end) in enumerate(rows):
        if number:
            blank, newlines = gaps[number - 1]
            spans[-1] = replace(spans[-1], hard_break=newlines > 0)
            spans.extend(LineSpan(empty, empty.start, empty.start, True) for empty in blank[: newlines - 1])
        spans.append(LineSpan(line, start, end))
    return spans


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _blank(text: str) -> bool:
    return not text.strip(" \t")
