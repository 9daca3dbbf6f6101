"""Mechanical patches of a translation when only numbers or dates changed in its source.

``2025`` -> ``2026`` in the source becomes ``٢٠٢٥`` -> ``٢٠٢٦`` in a translation written with
Arabic-Indic digits (or ``2025`` -> ``2026`` in one with Western digits), separators as the
translation wrote them; ``November`` -> ``December`` becomes ``تشرين الثاني`` -> ``كانون الأول`` in a
translation that uses the Levantine month names (``نوفمبر`` -> ``ديسمبر`` in one that uses the
others). Numbers are found and compared by value with the checks' own reader (any digit system).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .checks.content import Number, numbers
from .checks.dates import month_names

__all__ = ["patch_numbers"]

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ARABIC_LOCALES = ("ar_SY", "ar", "ar_MA", "ar_TN", "ar_IQ")
_SYSTEMS = {"latn": "0123456789", "arab": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹"}
_SEPARATORS = re.compile("[.,\u066b\u066c]")


@lru_cache(maxsize=1)
def _month_sets() -> tuple[tuple[str, ...], ...]:
    """Every set of twelve month names a text may use: English, then each Arabic set CLDR knows."""
    sets: list[tuple[str, ...]] = [_ENGLISH_MONTHS]
    for locale in _ARABIC_LOCALES:
        names = month_names(locale)
        if names not in sets:
            sets.append(names)
    return tuple(sets)


@lru_cache(maxsize=1)
def _month_pattern() -> re.Pattern[str]:
    names = sorted({name for names in _month_sets() for name in names}, key=len, reverse=True)
    return re.compile(r"(?<!\w)[وبل]?(" + "|".join(re.escape(name) for name in names) + r")(?!\w)")


def _month_index(name: str) -> tuple[int, int] | None:
    """(set, month) of a month name."""
    for number, names in enumerate(_month_sets()):
        if name in names:
            return number, names.index(name)
    return None


class _Token(NamedTuple):
    """A number or a month name in a text."""

    start: int
    end: int
    number: Number | None
    month: str | None

    def same_as(self, other: "_Token") -> bool:
        """The same value: a number of equal value (and compatible scale), or the same month in any language."""
        if self.number is not None and other.number is not None:
            a, b = self.number, other.number
            return a.value == b.value and (a.scale is None or b.scale is None or a.scale == b.scale)
        if self.month is not None and other.month is not None:
            first, second = _month_index(self.month), _month_index(other.month)
            return first is not None and second is not None and first[1] == second[1]
        return False

    @property
    def text(self) -> str:
        return self.number.text if self.number is not None else str(self.month)


def _tokens(text: str) -> list[_Token]:
    """Numbers and month names of ``text``, in order."""
    found = [_Token(n.start, n.end, n, None) for n in numbers(text)]
    for match in _month_pattern().finditer(text):
        found.append(_Token(match.start(1), match.end(1), None, match.group(1)))
    found.sort(key=lambda token: token.start)
    return found


def _masked(text: str, tokens: list[_Token]) -> str:
    pieces, position = [], 0
    for token in tokens:
        pieces += [text[position : token.start], "\x00" if token.number is not None else "\x01"]
        position = token.end
    pieces.append(text[position:])
    return " ".join("".join(pieces).split())


def patch_numbers(old: str, new: str, translation: str) -> tuple[str, str] | None:
    """The translation of ``old`` patched for ``new``, and a summary of the changes; None unless
    ``old`` and ``new`` differ only in numbers and month names and every change is found, once, in
    the translation.

    >>> patch_numbers("On November 1, 2025.", "On December 3, 2026.", "في ١ تشرين الثاني ٢٠٢٥.")[0]
    'في ٣ كانون الأول ٢٠٢٦.'
    >>> patch_numbers("Article 1", "Article 31", "المادة 1")
    ('المادة 31', '1 -> 31')
    """
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    if len(old_tokens) != len(new_tokens) or _masked(old, old_tokens) != _masked(new, new_tokens):
        return None
    target_tokens = _tokens(translation)
    edits: list[tuple[int, int, str]] = []
    summary: list[str] = []
    for index, (before, after) in enumerate(zip(old_tokens, new_tokens)):
        if before.text == after.text:
            continue
        place = _find(before, old_tokens[:index], target_tokens)
        if place is None:
            return None
        if before.number is not None and after.number is not None and place.number is not None:
            replacement = _render(after.number, before.number, place.number)
        elif before.month is not None and after.month is not None and place.month is not None:
            found, wanted = _month_index(place.month), _month_index(after.month)
            if found is None or wanted is None:
                return None
            replacement = _month_sets()[found[0]][wanted[1]]
        else:
            return None
        summary.append(f"{before.text} -> {after.text}")
        edits.append((place.start, place.end, replacement))
    if not summary:
        return None
    text = translation
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text, ", ".join(summary)


def _find(token: _Token, earlier: list[_Token], target: list[_Token]) -> _Token | None:
    """The translation's token standing for the source's ``token``: same value, same rank among equals."""
    rank = sum(1 for other in earlier if token.same_as(other))
    candidates = [other for other in target if token.same_as(other)]
    return candidates[rank] if rank < len(candidates) else None


def _render(new: Number, old: Number, written: Number) -> str:
    """``new`` written like the translation wrote ``old`` (digit system, separators)."""
    system = next(
        (name for name, digits in _SYSTEMS.items() if name != "latn" and any(char in digits for char in written.text)),
        "latn",
    )
    source_marks = _SEPARATORS.findall(old.text)
    target_marks = _SEPARATORS.findall(written.text)
    if len(source_marks) == len(target_marks):
        marks = dict(zip(source_marks, target_marks))
    elif not target_marks:
        marks = {mark: "" for mark in source_marks}
    else:
        marks = {}
    if system != "latn":
        marks = {",": "\u066c", ".": "\u066b", **marks}
    else:
        marks = {"\u066c": ",", "\u066b": ".", **marks}
    digits = {
        source: target for source_digits in _SYSTEMS.values() for source, target in zip(source_digits, _SYSTEMS[system])
    }
    return "".join(digits.get(char) or marks.get(char, char) for char in new.text)
