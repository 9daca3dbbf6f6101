"""Content a translation must keep, for every language pair: numbers, URLs, e-mail addresses, Markdown links,
inline code, emphasis, HTML tags and the final punctuation mark.

Numbers compare by value across digit systems (``1,234.5`` = ``١٬٢٣٤٫٥`` = ``1.234,5``) and as multisets,
so reordering is free. Only numbers written with digits count: "ten" -> "العشر" is not compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple, Sequence

from ..placeholders import PLACEHOLDER as INLINE_PLACEHOLDER
from .base import Context, Entry, entry_check
from .dates import DIGITS, characters, compared_pairs, find_dates

__all__ = [
    "NUMBER", "URL", "EMAIL", "CODE", "TAG", "LINK", "PLACEHOLDER", "Number", "parse_number", "numbers",
    "compare_numbers", "prose", "has_url", "end_class", "CHECKS",
]

_D = "0-9\u0660-\u0669\u06f0-\u06f9"
NUMBER = re.compile(f"[{_D}]+(?:[.,\u066b\u066c][{_D}]+)*")
"""ARABIC.md §3's number: digits of any system, with ``. , ٫ ٬`` between digit groups."""
_SEPARATOR = re.compile("[.,\u066b\u066c]")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
_ORDINAL_START = "snrt"

URL = re.compile(r"(?:(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://|[Ww]{3}\.)[^\s<>\"'«»“”‘’`]+")
_URL_TAIL = ".,;:!?؟،؛)]}*_"
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*>")
LINK = re.compile(r"\]\(\s*<?([^\s)>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)|\]\[([^\]]+)\]")
PLACEHOLDER = re.compile(
    r"%(?:\(\w+\))?(?:\d+\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcrsa]"
    r"|\{[A-Za-z0-9_]*(?:[.\[][^{}]*)?(?:![rsa])?(?::[^{}]*)?\}"
)
_PROTECTED_HINT = frozenset("`<@%{")

_EMPHASIS_HINT = frozenset("*_")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<!\*)\*(?=[^\s*])(?:.*?[^\s*])?\*(?!\*)|(?<![\w_])_(?=[^\s_])(?:.*?[^\s_])?_(?![\w_])")

_CLOSERS = "\"'”’»›)]}*_ \t\u00a0\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_END_CLASS = {
    ".": ".", "۔": ".", "。": ".", "।": ".",
    "…": "…",
    "?": "?", "؟": "?", "？": "?",
    "!": "!", "！": "!",
    ":": ":", "：": ":",
}
_END_NAME = {
    ".": "a full stop", "…": "an ellipsis '…'", "...": "three dots '...'", "?": "a question mark",
    "!": "an exclamation mark", ":": "a colon",
}


def has_url(text: str) -> bool:
    """Whether ``text`` may hold a URL (a cheap test before the regex)."""
    return "://" in text or "www." in text or "WWW." in text


@lru_cache(maxsize=4096)
def prose(text: str) -> str:
    """``text`` with code spans, link targets, URLs, e-mail addresses, HTML tags and placeholders blanked out.

    >>> prose("see https://x.org/2025 or `v2` at %(n)d")
    'see                    or      at      '
    """
    chars = characters(text)
    url = has_url(text)
    if _PROTECTED_HINT.isdisjoint(chars) and not url and "]" not in text:
        return text
    if "`" in chars:
        text = CODE.sub(_blank, text)
    if "](" in text or "][" in text:
        text = LINK.sub(_blank, text)
    if url:
        text = URL.sub(_blank, text)
    if "@" in chars:
        text = EMAIL.sub(_blank, text)
    if "<" in chars:
        text = INLINE_PLACEHOLDER.sub(_blank, TAG.sub(_blank, text))
    if "%" in chars or "{" in chars:
        text = PLACEHOLDER.sub(_blank, text)
    return text


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


class Number(NamedTuple):
    """A number as written, with the value it stands for."""

    text: str
    value: int
    """All its digits as one integer (separators dropped, leading zeros ignored)."""
    scale: int | None
    """Digits after the decimal mark (0 for a whole number), None when ``1,234`` may be either."""
    start: int
    end: int
    ordinal: bool = False
    """Followed by st/nd/rd/th: a translation may spell it out."""


def parse_number(text: str) -> tuple[int, int | None]:
    """The value and scale of one number token, in any digit system and either convention.

    >>> parse_number("1,234.5"), parse_number("١٬٢٣٤٫٥"), parse_number("1.234,5"), parse_number("1,234")
    ((12345, 1), (12345, 1), (12345, 1), (1234, None))
    >>> parse_number("1.50"), parse_number("01"), parse_number("1,234,567")
    ((15, 1), (1, 0), (1234567, 0))
    """
    if text.isdigit():
        return int(text), 0
    groups = _SEPARATOR.split(text)
    value = int("".join(groups))
    if len(groups) == 1:
        return value, 0
    marks = [char for char in text if char in ".,\u066b\u066c"]
    if "\u066b" in marks:
        scale: int | None = len(groups[-1])
    elif len(set(marks)) > 1:
        scale = len(groups[-1])
    elif marks[0] == "\u066c" or len(marks) > 1:
        return value, 0
    elif len(groups[-1]) == 3 and 1 <= len(groups[0]) <= 3:
        return value, None
    else:
        scale = len(groups[-1])
    while scale and value % 10 == 0:
        value //= 10
        scale -= 1
    return value, scale


@lru_cache(maxsize=4096)
def numbers(text: str) -> tuple[Number, ...]:
    """The numbers written with digits in ``text`` (outside URLs, code and placeholders)."""
    if DIGITS.isdisjoint(characters(text)):
        return ()
    text = prose(text)
    found = []
    for match in NUMBER.finditer(text):
        value, scale = parse_number(match.group())
        end = match.end()
        ordinal = text[end : end + 1] in _ORDINAL_START and bool(_ORDINAL_SUFFIX.match(text, end))
        found.append(Number(match.group(), value, scale, match.start(), match.end(), ordinal))
    return tuple(found)


def _compatible(a: Number, b: Number) -> bool:
    return a.value == b.value and (a.scale is None or b.scale is None or a.scale == b.scale)


@lru_cache(maxsize=256)
def compare_numbers(source: str, target: str) -> tuple[tuple[Number, ...], tuple[Number, ...]]:
    """Numbers of ``source`` missing from ``target``, and numbers ``target`` adds.

    Dates written with a month name are left to the dates check: their day and year are not
    compared here, and a month number standing for a month name (``1/11/2025`` for
    ``November 1, 2025``) is neither missing nor added. An ordinal (``7th``) may become a word.
    """
    wanted = list(numbers(source))
    if not wanted and DIGITS.isdisjoint(characters(target)):
        return (), ()
    got = numbers(target)
    forgive_missing: list[int] = []
    forgive_added: list[int] = []
    source_dates = find_dates(source) if wanted else ()
    if source_dates:
        spans = [(date.start, date.end) for date in source_dates]
        wanted = [n for n in wanted if not any(start <= n.start < end for start, end in spans)]
        for date in source_dates:
            forgive_added += [value for value in (date.day, date.year, date.month) if value is not None]
    if got:
        forgive_missing += [date.month for date in find_dates(target)]
    missing = []
    remaining = list(got)
    for number in sorted(wanted, key=lambda n: n.scale is None):
        match = next((n for n in remaining if n.value == number.value and n.scale == number.scale), None)
        match = match or next((n for n in remaining if _compatible(number, n)), None)
        if match is not None:
            remaining.remove(match)
        elif number.ordinal:
            continue
        elif number.scale == 0 and number.value in forgive_missing:
            forgive_missing.remove(number.value)
        else:
            missing.append(number)
    added = []
    for number in remaining:
        if number.scale == 0 and number.value in forgive_added:
            forgive_added.remove(number.value)
        else:
            added.append(number)
    return tuple(missing), tuple(added)


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items)


@entry_check("number-mismatch")
def number_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """A number of the source is missing or changed in the translation (digits of any system compare by value)."""
    messages: dict[str, None] = {}
    for source, target in compared_pairs(entry):
        if DIGITS.isdisjoint(characters(source)):
            continue
        missing, added = compare_numbers(source, target)
        if missing:
            message = f"number {_listed(n.text for n in missing)} of the source is not in the translation"
            if added:
                message += f" (it has {_listed(n.text for n in added)} instead)"
            messages[message] = None
    return list(messages)


@entry_check("number-added", "warning")
def number_added(entry: Entry, context: Context) -> Sequence[str]:
    """The translation has a number the source does not (fine when the source spells it out in words)."""
    messages: dict[str, None] = {}
    for source, target in compared_pairs(entry):
        if DIGITS.isdisjoint(characters(target)):
            continue
        missing, added = compare_numbers(source, target)
        if added and not missing:
            messages[
                f"number {_listed(n.text for n in added)} is not in the source (fine if the source writes it in words)"
            ] = None
    return list(messages)


def _urls(text: str) -> Counter[str]:
    if "](" in text:
        text = LINK.sub(" ", text)
    return Counter(match.group().rstrip(_URL_TAIL) for match in URL.finditer(text))


def _differences(source: Counter[str], target: Counter[str]) -> tuple[list[str], list[str]]:
    return sorted((source - target).elements()), sorted((target - source).elements())


def _describe(kind: str, lost: list[str], added: list[str]) -> str:
    parts = []
    if lost:
        parts.append(f"{kind} {_listed(lost)} of the source missing in the translation")
    if added:
        parts.append(f"{_listed(added)} not in the source")
    return "; ".join(parts)


def _compare(
    entry: Entry, kind: str, wanted: Callable[[str], bool], extract: Callable[[str], Counter[str]]
) -> list[str]:
    """One message per distinct difference between what the source and the translation contain."""
    messages: dict[str, None] = {}
    for source, target in compared_pairs(entry):
        if not wanted(source) and not wanted(target):
            continue
        lost, added = _differences(extract(source), extract(target))
        if lost or added:
            messages[_describe(kind, lost, added)] = None
    return list(messages)


@entry_check("url-mismatch")
def url_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """A URL of the source is missing or changed in the translation."""
    return _compare(entry, "URL", has_url, _urls)


def _has_email(text: str) -> bool:
    return "@" in characters(text)


def _emails(text: str) -> Counter[str]:
    return Counter(EMAIL.findall(text))


@entry_check("email-mismatch")
def email_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """An e-mail address of the source is missing or changed in the translation."""
    return _compare(entry, "address", _has_email, _emails)


def _has_link(text: str) -> bool:
    return "](" in text or "][" in text


def _links(text: str) -> Counter[str]:
    return Counter(
        f"({match.group(1)})" if match.group(1) is not None else f"[{match.group(2)}]" for match in LINK.finditer(text)
    )


@entry_check("link-mismatch")
def link_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """A Markdown link target ``](...)`` or reference ``][...]`` of the source is missing or changed."""
    return _compare(entry, "link target", _has_link, _links)


def _has_code(text: str) -> bool:
    return "`" in characters(text)


def _code_spans(text: str) -> Counter[str]:
    return Counter(f"`{match.group(2).strip()}`" for match in CODE.finditer(text))


@entry_check("code-mismatch")
def code_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """An inline code span of the source is missing or changed: code is never translated."""
    return _compare(entry, "code span", _has_code, _code_spans)


def _has_tag(text: str) -> bool:
    return "<" in characters(text)


def _tags(text: str) -> Counter[str]:
    return Counter(f"<{closing}{name.lower()}>" for closing, name in TAG.findall(text))


@entry_check("html-mismatch")
def html_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """The translation's HTML tags differ from the source's (a ``<bdi>`` added to isolate a run is fine)."""
    messages: dict[str, None] = {}
    for source, target in compared_pairs(entry):
        if not _has_tag(source) and not _has_tag(target):
            continue
        wanted, got = _tags(source), _tags(target)
        if got["<bdi>"] == got["</bdi>"] and wanted["<bdi>"] <= got["<bdi>"]:
            # Isolating an opposite-direction run with <bdi> is good practice (ARABIC.md §4).
            got["<bdi>"], got["</bdi>"] = wanted["<bdi>"], wanted["</bdi>"]
        lost, added = _differences(+wanted, +got)
        if lost or added:
            messages[_describe("tag", lost, added)] = None
    return list(messages)


@lru_cache(maxsize=1024)
def _emphasis(text: str) -> tuple[int, int]:
    """How many strong and emphasized spans ``text`` has, outside code, URLs and placeholders."""
    text = prose(text)
    if "*" not in text and "_" not in text:
        return 0, 0
    strong = len(_STRONG.findall(text))
    text = _STRONG.sub(lambda match: match.group(2), text) if strong else text
    return strong, len(_EM.findall(text))


@entry_check("emphasis-mismatch", "warning")
def emphasis_mismatch(entry: Entry, context: Context) -> Sequence[str]:
    """Markdown emphasis (``**strong**``, ``__strong__``, ``*em*``, ``_em_``) differs between source and translation."""
    for source, target in compared_pairs(entry):
        if _EMPHASIS_HINT.isdisjoint(characters(source)) and _EMPHASIS_HINT.isdisjoint(characters(target)):
            continue
        wanted, got = _emphasis(source), _emphasis(target)
        if wanted != got:
            return [
                f"emphasis differs: the source has {wanted[0]} strong and {wanted[1]} emphasized span(s),"
                f" the translation {got[0]} and {got[1]}"
            ]
    return ()


def end_class(text: str) -> tuple[str | None, str]:
    """The kind of punctuation ``text`` ends with (behind closing quotes, brackets and tags), and its last character.

    >>> end_class("«الثورة».”"), end_class("حلب؟ "), end_class("Wait..."), end_class("Heading")
    (('.', '.'), ('?', '؟'), ('...', '.'), (None, 'g'))
    """
    text = text.rstrip(_CLOSERS)
    while text.endswith(">") and "<" in text:
        text = text[: text.rindex("<")].rstrip(_CLOSERS)
    if not text:
        return None, ""
    if text.endswith("..."):
        return "...", "."
    return _END_CLASS.get(text[-1]), text[-1]


def _ending(kind: str | None, last: str) -> str:
    if kind is not None:
        return _END_NAME[kind]
    if last and unicodedata.category(last)[0] in "PS":
        return f"{last!r}"
    return "no punctuation"


@entry_check("end-punctuation", "warning")
def end_punctuation(entry: Entry, context: Context) -> Sequence[str]:
    """The translation does not end with the source's final punctuation (. ! ? : …; ؟ stands for ?)."""
    messages: dict[str, None] = {}
    for source, target in entry.pairs():
        (wanted, last_wanted), (got, last_got) = end_class(source), end_class(target)
        if wanted != got:
            messages[
                f"the source ends with {_ending(wanted, last_wanted)}, the translation with {_ending(got, last_got)}"
            ] = None
    return list(messages)


CHECKS = (
    number_mismatch,
    number_added,
    url_mismatch,
    email_mismatch,
    link_mismatch,
    code_mismatch,
    emphasis_mismatch,
    html_mismatch,
    end_punctuation,
)
