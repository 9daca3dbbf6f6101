"""Markdown structure: a translation written where its source text was must stay the one block that text is.

A Markdown edition is the source's skeleton with each translation in its text's place, so text Markdown reads
as a block marker (a ``` fence, ``# ``, ``- ``, ``1. ``, ``> ``, ``|`` rows, ``<div>``, an ``===`` underline,
four spaces, a blank line) would open a code block that swallows the rest of the report, turn a list item
into a heading or split a paragraph. ``check`` reports it (``markdown-structure``) and ``build`` refuses it
(``structure_problem``), as it refuses an unsafe translation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple, Sequence

from ..segment import FORMATS
from .base import Catalog, Context, Entry, entry_check

__all__ = ["structure_problem", "CHECKS"]

_INLINE_KINDS = ("table-", "front-matter-")
"""Segments written on one line, their pipes or quotes escaped, inside their row or YAML line: no block can
start in them (render.py)."""
_TEXT_KINDS = frozenset({"paragraph", "heading", "list-item", "blockquote"})
_ANCHOR = "x"
"""Put before a text that starts inside a line, so that only its line breaks can start a block."""


class _Block(NamedTuple):
    type: str
    tag: str
    level: int
    markup: str


@lru_cache(maxsize=4096)
def _blocks(text: str) -> tuple[_Block, ...]:
    """The block tokens of ``text`` as the report's own parser reads it (inline content is not parsed)."""
    from ..markdown import BLOCK_PARSER  # markdown-it: only for the few texts a glance cannot settle

    return tuple(_Block(token.type, token.tag, token.level, token.markup) for token in BLOCK_PARSER.parse(text))


def _shape(blocks: Sequence[_Block]) -> list[tuple[str, str, int]]:
    """What makes two texts the same blocks: types, tags and nesting; not the markers' spelling."""
    return [(block.type, block.tag, block.level) for block in blocks]


_PARAGRAPH = [("paragraph_open", "p", 0), ("inline", "", 1), ("paragraph_close", "p", 0)]
"""What one line of words is (``_shape(_blocks("x"))``, checked by the tests)."""


def structure_problem(source: str, translation: str, kind: str) -> str | None:
    """Why ``translation`` would change the Markdown blocks of a ``kind`` segment whose text is ``source``, or None.

    The skeleton holds a block's markers (``#``, ``- ``, ``>``) and writes a translation's later lines with the
    block's own indent, so the translation must read, on its own, as the blocks ``source`` reads as: one
    paragraph of text. A source text that would itself start a block (``1. Introduction`` after a heading's
    ``#``, a later sentence) sits inside a line, where only the translation's line breaks can start one.

    >>> structure_problem("Second paragraph.", "```\\nالفقرة الثانية.", "paragraph").split(" in the")[0]
    'the translation would be a code block (```)'
    >>> structure_problem("First line  \\nsecond line", "السطر الأول  \\nالسطر الثاني", "paragraph") is None
    True
    >>> structure_problem("1. Introduction", "١. مقدمة", "heading") is None
    True
    """
    if kind.startswith(_INLINE_KINDS) or (_one_line_of_words(source) and _one_line_of_words(translation)):
        return None
    anchor = ""
    expected = _shape(_blocks(source))
    if expected != _PARAGRAPH:
        anchor = _ANCHOR
        expected = _shape(_blocks(anchor + source))
    found = _blocks(anchor + translation)
    if _shape(found) == expected:
        return None
    tops = [_describe(block) for block in found if block.level == 0 and not block.type.endswith("_close")]
    if not tops:
        what = "nothing (a blank, or a link reference definition)"
    elif len(tops) == 1:
        what = tops[0]
    else:
        what = f"{len(tops)} blocks ({', '.join(tops)})"
    return (
        f"the translation would be {what} in the Markdown edition, not this {kind.replace('-', ' ')}'s text;"
        r" leave out blank lines and escape a marker that starts a line (\#, \-, \>, 1\., \`)"
    )


def _one_line_of_words(text: str) -> bool:
    """One line that opens with a letter is a paragraph, whatever follows: no block marker starts with one.
    Most text is this, and a build asks about every segment, so parsing waits for the rest."""
    return text[:1].isalpha() and "\n" not in text and "\r" not in text


def _describe(block: _Block) -> str:
    """A block as a translator would recognize it, with the marker that made it."""
    if block.type == "heading_open":
        return f"a heading ({block.markup * 3} underline)" if block.markup in ("=", "-") else f"a heading ({block.markup})"
    if block.type in ("fence", "bullet_list_open") and block.markup:
        return f"{'a code block' if block.type == 'fence' else 'a list'} ({block.markup})"
    return _NAMES.get(block.type, block.type.removesuffix("_open").replace("_", " "))


_NAMES = {
    "paragraph_open": "a paragraph",
    "code_block": "a code block (four spaces)",
    "ordered_list_open": "a numbered list (1.)",
    "blockquote_open": "a quotation (>)",
    "html_block": "an HTML block",
    "hr": "a horizontal rule (---)",
    "table_open": "a table (|)",
    "front_matter": "front matter (---)",
}


def _is_markdown(entry: Entry, catalog: Catalog) -> bool:
    """Whether the entry translates Markdown: the project's report says so, or else its ``#:`` references do."""
    if catalog.source is not None:
        return catalog.source.format == "markdown"
    return any(FORMATS.get(PurePosixPath(path).suffix.lower()) == "markdown" for path, _ in entry.references)


def _kind(entry: Entry) -> str | None:
    """The entry's block kind from its ``#.`` comment (``paragraph, table-cell``): None when it is only ever a
    table cell or a front matter value, ``segment`` when the comment names no kind."""
    kinds = [kind.strip() for kind in entry.extracted_comment.split(",") if kind.strip()]
    blocks = [kind for kind in kinds if not kind.startswith(_INLINE_KINDS)]
    if kinds and not blocks:
        return None
    return next((kind for kind in blocks if kind in _TEXT_KINDS), "segment")


@entry_check("markdown-structure")
def markdown_structure(entry: Entry, context: Context) -> Sequence[str]:
    """A translation of Markdown text would change the edition's blocks: a ``` fence, #, -, >, a blank line, ---."""
    if not _is_markdown(entry, context.catalog) or (entry.msgctxt, entry.msgid) in context.catalog.html_texts:
        return ()  # an HTML block's text is escaped and kept on one line by build
    kind = _kind(entry)
    if kind is None:
        return ()
    found = (structure_problem(source, translation, kind) for source, translation in entry.pairs())
    return list(dict.fromkeys(problem for problem in found if problem))


CHECKS = (markdown_structure,)
