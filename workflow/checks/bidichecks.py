"""Bidi controls: overrides (Trojan Source), unbalanced embeddings and isolates, marks inside a word,
stacked or at the edges of a translation, and controls in the English source (arabic.py lists these checks)."""

from __future__ import annotations

import re
from typing import Sequence

from .base import Context, Entry, entry_check
from .dates import characters
from .script import ARABIC as _AR
from .script import NONE as _NONE
from .script import excerpt as _context
from .script import texts as _texts

__all__ = ["CHECKS"]

_MARKS = frozenset("\u200e\u200f\u061c")
"""LRM, RLM, ALM: the bidi marks."""
_CONTROLS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_BIDI = re.compile(f"[{_CONTROLS}]")
_BIDI_CHARS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_OVERRIDES = frozenset("\u202d\u202e")
_INSIDE_WORD = re.compile(f"{_AR}[{_CONTROLS}]+(?={_AR})")
_STACKED = re.compile("[\u200e\u200f\u061c]{2,}")
_BIDI_NAMES = {
    "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF",
    "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
_PAIRS = (("\u202a\u202b\u202d\u202e", "\u202c", "embedding (LRE/RLE/LRO/RLO) and PDF"),
          ("\u2066\u2067\u2068", "\u2069", "isolate (LRI/RLI/FSI) and PDI"))


@entry_check("bidi-override")
def bidi_override(entry: Entry, context: Context) -> Sequence[str]:
    """A bidi override (LRO U+202D, RLO U+202E) reorders what readers see (Trojan Source): never in prose.

    It applies to every target language, not only Arabic: the risk is the same in any published text.
    """
    for text in _texts(entry):
        chars = characters(text)
        if not _OVERRIDES.isdisjoint(chars):
            names = ", ".join(sorted(_BIDI_NAMES[char] for char in _OVERRIDES & chars))
            return [f"bidi override {names}: the text displays in another order than it reads; remove it"]
    return _NONE


def _imbalance(text: str, opening: str, closing: str) -> int:
    depth = 0
    for char in text:
        if char in opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth < 0:
                return depth
    return depth


@entry_check("bidi-unbalanced", targets={"ar"})
def bidi_unbalanced(entry: Entry, context: Context) -> Sequence[str]:
    """Bidi embeddings (LRE, RLE, LRO, RLO) and PDF, or isolates (LRI, RLI, FSI) and PDI, do not pair up."""
    messages = []
    for text in _texts(entry):
        if _BIDI_CHARS.isdisjoint(characters(text)):
            continue
        for opening, closing, names in _PAIRS:
            depth = _imbalance(text, opening, closing)
            if depth:
                problem = "closed before it is opened" if depth < 0 else f"{depth} left open"
                messages.append(f"unbalanced bidi {names}: {problem}")
        if messages:
            break
    return messages


@entry_check("bidi-inside-word", targets={"ar"})
def bidi_inside_word(entry: Entry, context: Context) -> Sequence[str]:
    """A bidi control sits between two Arabic letters (سل\u200fام): the word no longer matches in search."""
    for text in _texts(entry):
        if _BIDI_CHARS.isdisjoint(characters(text)):
            continue
        match = _INSIDE_WORD.search(text)
        if match:
            names = "+".join(_BIDI_NAMES[char] for char in match.group()[1:])
            return [f"{names} inside the word {_context(text, *match.span())!r}: remove it"]
    return _NONE


@entry_check("bidi-stacked", "warning", targets={"ar"})
def bidi_stacked(entry: Entry, context: Context) -> Sequence[str]:
    """Two or more bidi marks (LRM, RLM, ALM) in a row: one is enough."""
    for text in _texts(entry):
        match = None if _MARKS.isdisjoint(characters(text)) else _STACKED.search(text)
        if match:
            return [f"stacked bidi marks {'+'.join(_BIDI_NAMES[char] for char in match.group())}: keep at most one"]
    return _NONE


@entry_check("bidi-edge", "warning", targets={"ar"})
def bidi_edge(entry: Entry, context: Context) -> Sequence[str]:
    """A bidi mark (LRM, RLM, ALM) starts or ends the translation next to a letter: set the direction with dir= instead.

    A mark beside a neutral or a number is kept: it fixes where trailing brackets or a sign go
    (``get_absolute_url()\u200e``), which dir= cannot do.
    """
    for text in _texts(entry):
        if not text or (text[0] not in _MARKS and text[-1] not in _MARKS):
            continue
        first = text[0] in _MARKS and (len(text) == 1 or text[1].isalpha())
        last = text[-1] in _MARKS and (len(text) == 1 or text[-2].isalpha())
        if first or last:
            where = "starts" if first else "ends"
            return [f"a bidi mark {where} the translation: remove it and let the document's dir= set the direction"]
    return _NONE


@entry_check("bidi-in-source", "warning", sources={"en"})
def bidi_in_source(entry: Entry, context: Context) -> Sequence[str]:
    """The English source contains bidi controls: they are invisible and end up copied into translations."""
    for text in (entry.msgid, entry.msgid_plural):
        chars = characters(text)
        if text and not _BIDI_CHARS.isdisjoint(chars):
            names = ", ".join(sorted(_BIDI_NAMES[char] for char in _BIDI_CHARS & chars))
            return [f"bidi control(s) {names} in the English source: remove them from the report"]
    return _NONE


CHECKS = (
    bidi_override,
    bidi_unbalanced,
    bidi_inside_word,
    bidi_stacked,
    bidi_edge,
    bidi_in_source,
)
