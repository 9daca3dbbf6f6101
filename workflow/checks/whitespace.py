"""Whitespace a translation must keep: leading and trailing spaces, the newlines msgfmt compares,
doubled spaces and non-breaking spaces."""

from __future__ import annotations

import functools
import re
from typing import Callable, Iterator

from .base import Check, Context, Entry, entry_check

__all__ = ["CHECKS", "leading", "trailing"]

_NBSP = ("\u00a0", "\u202f", "\u2007")
"""No-break space, narrow no-break space (French, Babel's Arabic dates), figure space."""
_ANY_NBSP = re.compile("[" + "".join(_NBSP) + "]")
_NBSP_NAMES = {"\u00a0": "U+00A0", "\u202f": "U+202F", "\u2007": "U+2007"}


def leading(text: str) -> str:
    """The whitespace ``text`` starts with (``str.isspace``: NBSP and newlines count).

    >>> leading(" \\u00a0Hello "), leading("Hello")
    (' \\xa0', '')
    """
    return text[: len(text) - len(text.lstrip())]


def trailing(text: str) -> str:
    """The whitespace ``text`` ends with."""
    return text[len(text.rstrip()) :]


def _shown(space: str) -> str:
    names = {" ": "space", "\n": "newline", "\t": "tab", "\u00a0": "no-break space", "\r": "carriage return"}
    parts: list[str] = []
    for char in space:
        name = names.get(char, f"U+{ord(char):04X}")
        if parts and parts[-1].endswith(name):
            count, _, _ = parts[-1].partition("×")
            parts[-1] = f"{int(count) + 1 if count.isdigit() else 2}×{name}"
        else:
            parts.append(name)
    return " + ".join(parts) if parts else "nothing"


def _once(function: Callable[[Entry, Context], Iterator[str]]) -> Callable[[Entry, Context], Iterator[str]]:
    """Report a message once per entry, not once per plural form that repeats it."""

    @functools.wraps(function)
    def wrapper(entry: Entry, context: Context) -> Iterator[str]:
        if not entry.msgid_plural:
            return function(entry, context)
        return iter(dict.fromkeys(function(entry, context)))

    return wrapper


def _forms(entry: Entry) -> tuple[tuple[str, str, str], ...]:
    """(name, source, translation) for each non-empty translation: msgstr[0] pairs with msgid, the rest with
    msgid_plural (as pofilter pairs them)."""
    if not entry.msgid_plural:
        return (("translation", entry.msgid, entry.msgstr),)
    return tuple(
        (f"msgstr[{index}]", entry.msgid if index == 0 else entry.msgid_plural, form)
        for index, form in enumerate(entry.plurals)
        if form
    )


@entry_check("newline-edges")
def newline_edges(entry: Entry, context: Context) -> Iterator[str]:
    """The source and translation do not both begin (or both end) with a newline: msgfmt rejects the catalog."""
    source = entry.msgid
    forms = entry.plurals if entry.msgid_plural else (entry.msgstr,)
    if "\n" not in source and "\n" not in entry.msgid_plural and not any("\n" in form for form in forms):
        return
    if entry.msgid_plural and not entry.plurals[0]:
        return
    starts = source.startswith("\n")
    ends = source.endswith("\n")
    if entry.msgid_plural:
        if entry.msgid_plural.startswith("\n") != starts:
            yield "msgid and msgid_plural do not both begin with a newline"
        if entry.msgid_plural.endswith("\n") != ends:
            yield "msgid and msgid_plural do not both end with a newline"
    for index, form in enumerate(forms):
        name = f"msgstr[{index}]" if entry.msgid_plural else "the translation"
        if form.startswith("\n") != starts:
            yield f"{name} {'does not begin' if starts else 'begins'} with a newline but the source {'does' if starts else 'does not'}"
        if form.endswith("\n") != ends:
            yield f"{name} {'does not end' if ends else 'ends'} with a newline but the source {'does' if ends else 'does not'}"


@entry_check("whitespace-edges", "warning")
@_once
def whitespace_edges(entry: Entry, context: Context) -> Iterator[str]:
    """The translation starts or ends with other whitespace than its source (a lost or added space)."""
    for name, source, translation in _forms(entry):
        if not (_edged(source) or _edged(translation)):
            continue
        for side, cut in (("starts", leading), ("ends", trailing)):
            want, got = cut(source), cut(translation)
            if want == got:
                continue
            newline = want.startswith("\n") if side == "starts" else want.endswith("\n")
            if newline != (got.startswith("\n") if side == "starts" else got.endswith("\n")):
                continue  # newline-edges reports it, as msgfmt does
            yield f"source {side} with {_shown(want)}, {name} with {_shown(got)}"


def _edged(text: str) -> bool:
    return bool(text) and (text[0].isspace() or text[-1].isspace())


@entry_check("doubled-space", "warning")
@_once
def doubled_space(entry: Entry, context: Context) -> Iterator[str]:
    """The translation has doubled spaces inside it that its source does not have."""
    for _, source, translation in _forms(entry):
        if "  " not in translation:
            continue
        got = translation.strip().count("  ")
        want = source.strip().count("  ")
        if got > want:
            at = translation.strip().find("  ")
            excerpt = translation.strip()[max(0, at - 15) : at + 17].replace("  ", "␣␣")
            yield f"doubled space in the translation (…{excerpt}…); the source has {want or 'none'}"


@entry_check("nbsp", "warning")
@_once
def nbsp(entry: Entry, context: Context) -> Iterator[str]:
    """Non-breaking spaces of the source are lost in the translation, or the translation adds some."""
    for _, source, translation in _forms(entry):
        if not (_ANY_NBSP.search(source) or _ANY_NBSP.search(translation)):
            continue
        want = sum(source.count(space) for space in _NBSP)
        got = sum(translation.count(space) for space in _NBSP)
        if want == got:
            continue
        kinds = ", ".join(_NBSP_NAMES[space] for space in _NBSP if space in source or space in translation)
        if got < want:
            yield (
                f"{want - got} of the source's {want} non-breaking space(s) ({kinds}) not in the translation;"
                " keep one where the line must not break (a number and its unit), else ignore this"
            )
        else:
            yield (
                f"translation adds {got - want} non-breaking space(s) ({kinds}) the source does not have;"
                " make sure they are wanted (an invisible character typed by accident?)"
            )


_FINAL_MARKS = frozenset(".!?:;,،؛؟")
_CLOSING = "\"'”’»)]"


def _spaced_final_mark(text: str) -> str | None:
    """The final punctuation mark of ``text`` when a space or tab precedes it (``نص .``)."""
    end = text.rstrip().rstrip(_CLOSING)
    if len(end) >= 2 and end[-1] in _FINAL_MARKS and end[-2] in " \t":
        return end[-1]
    return None


_SPACE_BEFORE_PUNCTUATION = frozenset({"fr", "br"})
"""Languages whose typography puts a space before ! ? : ; (French; Breton)."""


@entry_check("space-before-punctuation", "warning")
@_once
def space_before_punctuation(entry: Entry, context: Context) -> Iterator[str]:
    """The translation has a space before its final punctuation mark where the source has none (``نص .``)."""
    if context.target in _SPACE_BEFORE_PUNCTUATION:
        return
    for _, source, translation in _forms(entry):
        mark = _spaced_final_mark(translation)
        if mark and not _spaced_final_mark(source):
            yield f"space before the final {mark!r} of the translation; remove it"


CHECKS: tuple[Check, ...] = (newline_edges, whitespace_edges, doubled_space, nbsp, space_before_punctuation)
