"""Length: a translation far shorter or longer than its source usually lost or gained a sentence.

Lengths count visible characters (no whitespace) outside placeholders, URLs and HTML tags. Arabic
needs fewer characters than English for the same text (short vowels unwritten, clitics attached):
in the project's sample and Django's Arabic catalogs an Arabic translation has 0.4-1.3 times the
characters of its English source (median 0.7-0.9), and an English translation 1.0-2.5 times those
of its Arabic source. The bounds below sit outside all of that, so the check warns only when a
good part of the text must be missing or extra.
"""

from __future__ import annotations

import re
from typing import Iterator

from .base import Check, Context, Entry, entry_check

__all__ = ["CHECKS", "visible_length", "bounds"]

MIN_LENGTH = 25
"""Sources shorter than this (in visible characters) vary too much to judge ("Save" -> "حفظ")."""
LONG = 150
"""From this length on the ratio is stable enough for tighter bounds."""

_IGNORED = re.compile(
    r"%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlLqjzt]*[a-zA-Z%]"  # printf / python placeholders
    r"|\{[^{}\s]*\}"  # brace fields
    r"|<[^<>]+>"  # HTML tags
    r"|(?:https?|ftp)://\S+|www\.\S+"  # URLs
)
_HINT = re.compile(r"[%{<]|://|www\.")


def visible_length(text: str) -> int:
    """Characters that carry text: no whitespace, placeholders, tags or URLs.

    >>> visible_length("Delete %(name)s <b>now</b>: https://x.org/a")
    10
    """
    if _HINT.search(text):
        text = _IGNORED.sub("", text)
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\u00a0")


def bounds(source_language: str, target_language: str, length: int) -> tuple[float, float]:
    """The accepted range of (translation length / source length) for a language pair.

    >>> bounds("en", "ar", 40), bounds("ar", "en", 40)
    ((0.3, 2.2), (0.45, 3.33))
    """
    # Arabic characters per English character, from the measurements in the module docstring.
    low, high = (0.3, 2.2) if length < LONG else (0.4, 1.8)
    if {source_language, target_language} == {"ar", "en"}:
        if source_language == "ar":
            return round(1 / high, 2), round(1 / low, 2)
        return low, high
    return (0.33, 3.0) if length < LONG else (0.4, 2.5)


@entry_check("length-ratio", "warning")
def length_ratio(entry: Entry, context: Context) -> Iterator[str]:
    """The translation is far shorter or longer than usual for its source: text may be missing or pasted twice."""
    for source, translation in entry.pairs():
        if len(source) < MIN_LENGTH:
            continue
        want = visible_length(source)
        if want < MIN_LENGTH:
            continue
        got = visible_length(translation)
        low, high = bounds(context.source, context.target, want)
        ratio = got / want
        if ratio < low:
            yield (
                f"translation has {got} characters for a source of {want} ({ratio:.0%};"
                f" at least {low:.0%} expected): is part of it missing?"
            )
        elif ratio > high:
            yield (
                f"translation has {got} characters for a source of {want} ({ratio:.0%};"
                f" at most {high:.0%} expected): is something pasted twice or left in from the source?"
            )


CHECKS: tuple[Check, ...] = (length_ratio,)
