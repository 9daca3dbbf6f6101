"""Plain-text reports -> units: blocks between blank lines, list items, titles and headings."""

from __future__ import annotations

import re

from .model import Unit
from .segment import Line, LineSpan, SplitOptions, make_unit, removal_spans, split_lines

__all__ = ["split_text"]

_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+•◦▪‣·–]|\d{1,3}[.)]|[٠-٩]{1,3}[.)]|\([0-9a-z]\))[ \t]+(?=\S)")
_UNDERLINE = re.compile(r"[ \t]*(?:={3,}|-{3,}|~{3,}|\*{3,})[ \t]*")
# A heading is a short line that does not end like a sentence.
_SENTENCE_END = tuple(".!?:;,…؟؛،")
_HEADING_MAX_WORDS = 25


def split_text(source: str, path: str, language: str, options: SplitOptions) -> tuple[list[Unit], list[tuple[int, int]]]:
    """Split a plain-text report; returns its units and the spans of boilerplate lines."""
    body = 1 if source.startswith("\ufeff") else 0
    lines = split_lines(source, body)
    blank = [not line.text(source).strip() for line in lines]
    boiler = [i for i, line in enumerate(lines) if not blank[i] and options.is_boilerplate(line.text(source))]
    separators = set(boiler)

    units: list[Unit] = []
    block: list[Line] = []
    first_block = True
    for index, line in enumerate(lines + [None]):  # type: ignore[list-item]
        if line is not None and not blank[index] and index not in separators:
            block.append(line)
            continue
        if block:
            units.extend(_block_units(source, block, first_block, path, language, options))
            first_block = False
            block = []
    return units, removal_spans(source, lines, boiler, blank)


def _block_units(
    source: str, block: list[Line], first_block: bool, path: str, language: str, options: SplitOptions
) -> list[Unit]:
    texts = [line.text(source) for line in block]
    rule = next((index for index, text in enumerate(texts) if _UNDERLINE.fullmatch(text)), None)
    if rule is not None:
        # A rule is never text: it underlines the one line above it (a heading) or separates text.
        if rule == 1:
            unit = _unit(source, [block[0]], "title" if first_block else "heading", path, language, options, "line")
            head = [unit] if unit else []
        else:
            head = _block_units(source, block[:rule], first_block, path, language, options)
        return head + _block_units(source, block[rule + 1 :], first_block and not head, path, language, options)
    items: list[list[Line]] = []
    for line, text in zip(block, texts):
        if not items or _LIST_MARKER.match(text):
            items.append([line])
        else:
            items[-1].append(line)
    units = []
    for item in items:
        marker = _LIST_MARKER.match(item[0].text(source))
        if marker:
            kind = "list-item"
        elif len(items) == 1 and len(item) == 1 and _looks_like_heading(item[0].text(source)):
            kind = "title" if first_block else "heading"
        else:
            kind = "paragraph"
        unit = _unit(source, item, kind, path, language, options, "wrap", marker.end() if marker else 0)
        if unit:
            units.append(unit)
    return units


def _looks_like_heading(text: str) -> bool:
    stripped = text.strip()
    return not stripped.endswith(_SENTENCE_END) and len(stripped.split()) <= _HEADING_MAX_WORDS


def _unit(
    source: str,
    lines: list[Line],
    kind: str,
    path: str,
    language: str,
    options: SplitOptions,
    style: str,
    marker: int = 0,
) -> Unit | None:
    spans = []
    for index, line in enumerate(lines):
        text = line.text(source)
        skip = marker if index == 0 else 0
        content = text[skip:]
        lead = len(content) - len(content.lstrip())
        trail = len(content) - len(content.rstrip())
        spans.append(LineSpan(line, line.start + skip + lead, line.end - trail))
    width = max(line.end - line.start for line in lines) if len(lines) > 1 else 0
    continuation = None if len(lines) > 1 else " " * (spans[0].start - lines[0].start)
    return make_unit(
        source,
        spans,
        kind=kind,
        path=path,
        language=language,
        options=options,
        style=style,
        width=width,
        continuation=continuation,
    )
