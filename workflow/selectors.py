"""A small CSS selector matcher for ``html-skip``: type, ``*``, ``#id``, ``.class`` and attribute selectors
(``[a]``, ``[a=v]``, ``[a~=v]``, ``[a|=v]``, ``[a^=v]``, ``[a$=v]``, ``[a*=v]``), compounds of them,
descendant (space) and child (``>``) combinators, and comma lists. Pseudo-classes are refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Protocol, Sequence

__all__ = ["SelectorError", "Selector", "compile_selectors", "Element"]


class SelectorError(ValueError):
    """A selector this matcher cannot read; the message says why."""


class Element(Protocol):
    tag: str
    attrs: Mapping[str, str]
    parent: Element | None


@dataclass(frozen=True)
class _Simple:
    kind: str
    """``tag``, ``id``, ``class`` or ``attr``."""
    name: str
    op: str = ""
    value: str = ""

    def matches(self, element: Element) -> bool:
        if self.kind == "tag":
            return self.name == "*" or element.tag == self.name
        if self.kind == "id":
            return element.attrs.get("id") == self.name
        if self.kind == "class":
            return self.name in element.attrs.get("class", "").split()
        actual = element.attrs.get(self.name)
        if actual is None:
            return False
        value = self.value
        return {
            "": True,
            "=": actual == value,
            "~=": value in actual.split(),
            "|=": actual == value or actual.startswith(value + "-"),
            "^=": bool(value) and actual.startswith(value),
            "$=": bool(value) and actual.endswith(value),
            "*=": bool(value) and value in actual,
        }[self.op]


_Compound = tuple[_Simple, ...]


@dataclass(frozen=True)
class Selector:
    """One complex selector: compounds joined by combinators, matched right to left."""

    text: str
    compounds: tuple[_Compound, ...]
    combinators: tuple[str, ...]
    """Between compounds ``i`` and ``i + 1``: ``" "`` (descendant) or ``">"`` (child)."""

    def matches(self, element: Element) -> bool:
        return self._match(element, len(self.compounds) - 1)

    def _match(self, element: Element, index: int) -> bool:
        if not all(simple.matches(element) for simple in self.compounds[index]):
            return False
        if index == 0:
            return True
        parent = element.parent
        if self.combinators[index - 1] == ">":
            return parent is not None and self._match(parent, index - 1)
        while parent is not None:
            if self._match(parent, index - 1):
                return True
            parent = parent.parent
        return False


_IDENT = r"-?[A-Za-z_\u00a0-\uffff][\w\u00a0-\uffff-]*"
_TOKEN = re.compile(
    rf"""(?P<space>\s*(?P<comb>[>+~,])\s*|\s+)
    |(?P<tag>{_IDENT}|\*)
    |\#(?P<id>-?[\w\u00a0-\uffff-]+)
    |\.(?P<cls>{_IDENT})
    |\[\s*(?P<attr>{_IDENT})\s*(?:(?P<op>[~|^$*]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[\w-]+))\s*)?\]
    |(?P<pseudo>::?[\w-]+)""",
    re.VERBOSE,
)


def _parse(text: str) -> list[Selector]:
    selectors: list[Selector] = []
    compounds: list[_Compound] = []
    combinators: list[str] = []
    current: list[_Simple] = []
    pending = ""
    position = 0
    stripped = text.strip()

    def finish_compound() -> None:
        nonlocal current, pending
        if not current:
            raise SelectorError(f"selector {text!r}: a combinator needs a selector on each side")
        if compounds:
            combinators.append(pending or " ")
        compounds.append(tuple(current))
        current, pending = [], ""

    while position < len(stripped):
        match = _TOKEN.match(stripped, position)
        if match is None:
            raise SelectorError(f"selector {text!r}: cannot read {stripped[position:position + 10]!r}")
        position = match.end()
        if match.group("pseudo"):
            raise SelectorError(f"selector {text!r}: pseudo-classes such as {match.group('pseudo')!r} are not supported")
        if match.group("space") is not None:
            comb = match.group("comb") or " "
            if comb in "+~":
                raise SelectorError(f"selector {text!r}: sibling combinators ({comb}) are not supported")
            if comb == ",":
                finish_compound()
                selectors.append(Selector(text, tuple(compounds), tuple(combinators)))
                compounds.clear()
                combinators.clear()
                continue
            if current:
                finish_compound()
            pending = comb if comb == ">" else (pending or " ")
            continue
        if match.group("tag"):
            if current:
                raise SelectorError(f"selector {text!r}: a type selector must come first in a compound")
            current.append(_Simple("tag", match.group("tag").lower()))
        elif match.group("id"):
            current.append(_Simple("id", match.group("id")))
        elif match.group("cls"):
            current.append(_Simple("class", match.group("cls")))
        else:
            value = next((match.group(g) for g in ("dq", "sq", "bare") if match.group(g) is not None), "")
            current.append(_Simple("attr", match.group("attr").lower(), match.group("op") or "", value))
    if not current:
        raise SelectorError(f"selector {text!r} is empty or ends with a combinator")
    finish_compound()
    selectors.append(Selector(text, tuple(compounds), tuple(combinators)))
    return selectors


@lru_cache(maxsize=64)
def compile_selectors(texts: tuple[str, ...]) -> tuple[Selector, ...]:
    """Parse selector strings (each may be a comma list); raises SelectorError naming a bad one.

    >>> [s.text for s in compile_selectors(("nav, .cookie-banner", "body > footer"))]
    ['nav, .cookie-banner', 'nav, .cookie-banner', 'body > footer']
    """
    out: list[Selector] = []
    for text in texts:
        out.extend(_parse(text))
    return tuple(out)


def matches_any(selectors: Sequence[Selector], element: Element) -> bool:
    return any(selector.matches(element) for selector in selectors)
