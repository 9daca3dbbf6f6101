"""Numbered inline placeholders in msgids of structured sources (HTML, DOCX): ``<1>…</1>`` for a tag
or a formatted run that wraps text, ``<2/>`` for one that stands alone (an image, a line break, a field).

A translator may move placeholders and put other text in them; dropping, repeating, renaming or
unbalancing one is an error that the ``placeholders`` check reports and ``build`` refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Union

__all__ = [
    "PLACEHOLDER",
    "Text",
    "Open",
    "Close",
    "Void",
    "Token",
    "Node",
    "Paired",
    "tokens",
    "parse",
    "placeholder_problems",
    "renumber",
    "restore_numbers",
    "strip_placeholders",
    "has_placeholders",
]

PLACEHOLDER = re.compile(r"<(/?)([1-9][0-9]{0,3})(/?)>")
"""``<N>``, ``</N>`` or ``<N/>``; N from 1, no leading zero."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Open:
    number: int


@dataclass(frozen=True)
class Close:
    number: int


@dataclass(frozen=True)
class Void:
    number: int


Token = Union[Text, Open, Close, Void]


def has_placeholders(text: str) -> bool:
    return "<" in text and PLACEHOLDER.search(text) is not None


def tokens(text: str) -> Iterator[Token]:
    """The text and placeholder tokens of ``text``, in order (malformed ``</3/>`` stays text).

    >>> list(tokens("a <1>b</1><2/>"))
    [Text(text='a '), Open(number=1), Text(text='b'), Close(number=1), Void(number=2)]
    """
    position = 0
    for match in PLACEHOLDER.finditer(text):
        closing, number, void = match.group(1), int(match.group(2)), match.group(3)
        if closing and void:
            continue
        if match.start() > position:
            yield Text(text[position : match.start()])
        yield Close(number) if closing else Void(number) if void else Open(number)
        position = match.end()
    if position < len(text):
        yield Text(text[position:])


@dataclass
class Paired:
    """A placeholder pair and what the translation put inside it."""

    number: int
    children: list[Node]


Node = Union[str, Paired, Void]


def parse(text: str) -> list[Node]:
    """``text`` as a tree: strings, ``Void`` placeholders and ``Paired`` ones with their content.

    Raises ValueError on an unbalanced or crossed pair (``placeholder_problems`` says which).

    >>> parse("x<1>y<2/></1>")
    ['x', Paired(number=1, children=['y', Void(number=2)])]
    """
    root: list[Node] = []
    stack: list[Paired] = []
    current = root
    for token in tokens(text):
        if isinstance(token, Text):
            current.append(token.text)
        elif isinstance(token, Void):
            current.append(token)
        elif isinstance(token, Open):
            pair = Paired(token.number, [])
            current.append(pair)
            stack.append(pair)
            current = pair.children
        else:
            if not stack or stack[-1].number != token.number:
                raise ValueError(f"</{token.number}> does not close the last open placeholder")
            stack.pop()
            current = stack[-1].children if stack else root
    if stack:
        raise ValueError(f"<{stack[-1].number}> is not closed")
    return root


def _shape(text: str) -> tuple[dict[int, str], list[str]]:
    """Each number's shape (paired or void) and the structural errors of ``text``."""
    shapes: dict[int, str] = {}
    errors: list[str] = []
    counts: dict[tuple[int, str], int] = {}
    stack: list[int] = []
    for token in tokens(text):
        if isinstance(token, Text):
            continue
        if isinstance(token, Void):
            counts[(token.number, "void")] = counts.get((token.number, "void"), 0) + 1
            shapes.setdefault(token.number, "void")
        elif isinstance(token, Open):
            counts[(token.number, "open")] = counts.get((token.number, "open"), 0) + 1
            shapes.setdefault(token.number, "paired")
            stack.append(token.number)
        else:
            counts[(token.number, "close")] = counts.get((token.number, "close"), 0) + 1
            shapes.setdefault(token.number, "paired")
            if token.number not in stack:
                errors.append(f"</{token.number}> closes a placeholder that is not open")
            elif stack[-1] != token.number:
                errors.append(f"<{stack[-1]}> and <{token.number}> cross: close <{stack[-1]}> first")
                stack.remove(token.number)
            else:
                stack.pop()
    errors.extend(f"<{number}> is opened but never closed (add </{number}>)" for number in dict.fromkeys(stack))
    for (number, kind), count in counts.items():
        if count > 1:
            shown = {"void": f"<{number}/>", "open": f"<{number}>", "close": f"</{number}>"}[kind]
            errors.append(f"{shown} appears {count} times; each placeholder is used once")
    for number in shapes:
        if (number, "void") in counts and ((number, "open") in counts or (number, "close") in counts):
            errors.append(f"placeholder {number} is used both as <{number}/> and as <{number}>…</{number}>")
    return shapes, errors


def placeholder_problems(source: str, translation: str) -> list[str]:
    """What is wrong with the translation's placeholders, one message each; empty when they are fine.

    Order may change; every placeholder of the source must appear once, in the same shape.

    >>> placeholder_problems("Read the <1>report</1><2/>", "<2/>اقرأ <1>التقرير</1>")
    []
    >>> placeholder_problems("Read the <1>report</1>", "اقرأ <1>التقرير")
    ['<1> is opened but never closed (add </1>)']
    >>> placeholder_problems("a <1>b</1>", "a <3>b</3>")
    ['<1>…</1> is missing', '<3> is not in the source']
    """
    wanted, _ = _shape(source)
    got, errors = _shape(translation)
    for number, shape in wanted.items():
        if number not in got:
            errors.append(f"<{number}/> is missing" if shape == "void" else f"<{number}>…</{number}> is missing")
        elif got[number] != shape:
            expected = f"<{number}/>" if shape == "void" else f"<{number}>…</{number}>"
            errors.append(f"placeholder {number} must be written {expected}")
    errors.extend(f"<{number}> is not in the source" for number in got if number not in wanted)
    return list(dict.fromkeys(errors))


def renumber(text: str) -> tuple[str, list[int]]:
    """Number the placeholders of ``text`` 1, 2, 3… in order of first appearance; returns the new text
    and the old number of each new one (``old[new - 1]``), so equal sentences get equal msgids.

    >>> renumber("<3>a</3> <5/>")
    ('<1>a</1> <2/>', [3, 5])
    """
    order: dict[int, int] = {}

    def replace(match: re.Match[str]) -> str:
        number = order.setdefault(int(match.group(2)), len(order) + 1)
        return f"<{match.group(1)}{number}{match.group(3)}>"

    return PLACEHOLDER.sub(replace, text), list(order)


def restore_numbers(text: str, old: list[int]) -> str:
    """Undo ``renumber`` on a translation; unknown numbers are left as they are (the check reports them).

    >>> restore_numbers("<2/> <1>b</1>", [3, 5])
    '<5/> <3>b</3>'
    """

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(2))
        if 1 <= number <= len(old):
            return f"<{match.group(1)}{old[number - 1]}{match.group(3)}>"
        return match.group()

    return PLACEHOLDER.sub(replace, text)


def strip_placeholders(text: str) -> str:
    """The text without its placeholders (for plain-text views: release pages, word counts). A standalone
    one between two words (a ``<br>``, an image) leaves a space, so that the words stay two.

    >>> strip_placeholders("Read the <1>report</1><2/>")
    'Read the report'
    >>> strip_placeholders("Aleppo office<1/>Baron Street 12")
    'Aleppo office Baron Street 12'
    """
    if "<" not in text:
        return text
    return PLACEHOLDER.sub("", _BETWEEN_WORDS.sub(" ", text))


_BETWEEN_WORDS = re.compile(r"(?<=\w)<\d+/>(?=\w)")
