"""Arabic-script character classes and small text helpers shared by the Arabic and bidi checks."""

from __future__ import annotations

from typing import Sequence

from .base import Entry

__all__ = ["ARABIC", "NONE", "texts", "excerpt"]

_LETTER = "\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc"
"""Arabic-script letters (tatweel U+0640 is not one)."""
_MARK = "\u064b-\u065f\u0670"
"""Harakat, shadda, sukun and the dagger alef."""
ARABIC = f"[{_LETTER}{_MARK}]"
"""A regex class for one Arabic letter or mark."""
NONE: Sequence[str] = ()
"""The shared empty result of a check that found nothing."""


def texts(entry: Entry) -> Sequence[str]:
    """Every distinct translated text of the entry: its msgstr, or its non-empty plural forms."""
    if entry.msgid_plural:
        return tuple(dict.fromkeys(form for form in entry.plurals if form))
    return (entry.msgstr,)


def excerpt(text: str, start: int, end: int) -> str:
    """A few characters around ``text[start:end]``, to quote in a message."""
    return text[max(0, start - 8) : end + 8].strip()
