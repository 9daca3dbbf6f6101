"""Right-to-left safety for release HTML: isolate embedded opposite-direction runs, remove bidi overrides.

Works on sanitized HTML fragments, on their text nodes only: a run may cross inline markup
(``السلم <b>الأهلي</b> المستدام``) and is then wrapped as a whole, never split word by word,
because separately isolated words of one phrase would be laid out in the wrong order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator, Union

__all__ = [
    "Element",
    "Node",
    "Run",
    "parse_fragment",
    "serialize",
    "text_content",
    "find_runs",
    "isolate",
    "isolate_html",
    "strip_overrides",
    "iter_elements",
    "OVERRIDE_MARK",
]

OVERRIDE_MARK = "\ue000"
"""Private-use stand-in for a removed override; the HTML layer turns it into a visible marker."""

_OVERRIDES = {"\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE"}
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"
_POP = "\u202c"
_VOID = frozenset({"br", "hr", "img", "wbr"})
_OBJECT = "\ufffc"  # stands in the flat text for an element that is already isolated

# Character classes. Latin letters with diacritics count as Latin; Arabic covers the Arabic blocks
# (letters, Arabic-Indic and Persian digits) and the marks, tatweel and joiners that live inside words.
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_AR_STRONG = (
    "\u0620-\u064a\u0660-\u0669\u066e\u066f\u0671-\u06d3\u06d5\u06ee-\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc"
)
_AR_WEAK = "\u0610-\u061a\u061c\u060c\u061b\u061f\u0640\u064b-\u065f\u066a-\u066d\u0670\u06d4\u06d6-\u06ed\u200c\u200d\u200f"
_SPACE = " \u00a0\u202f"

_URL = r"(?:https?://|www\.)[^\s<>\"«»\u0600-\u06ff]*[^\s<>\"«»\u0600-\u06ff.,;:!?)\]'’]"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_TOKEN = rf"(?:{_URL}|{_EMAIL}|[{_LATIN}0-9]+)"
_JOIN = rf"(?:[.,:;]?[{_SPACE}]+|['’.,&_@/+:\-])"
_LATIN_RUN = rf"(?:{_URL}|{_EMAIL}|[{_LATIN}][{_LATIN}0-9]*)(?:{_JOIN}{_TOKEN})*"
# Groups of digits separated by spaces reorder in right-to-left text (+963 21 123 4567 -> 4567 123 21 963+).
_TEL = (
    rf"(?<![\w+])(?:(?:\+|00)\d{{1,4}}(?:[{_SPACE}.\-]?\(?\d{{1,5}}\)?)+"
    rf"|0\d{{1,4}}(?:[{_SPACE}\-]\d{{2,5}}){{2,}}"
    rf"|\d{{1,4}}(?:[{_SPACE}]\d{{1,5}}){{2,}})(?!\w)"
)
_NUMBER = r"(?<![\w.,])\d+(?:[.,:/\-]\d+)+%?|(?<![\w.,])\d+(?:\.\d+)?%"
_ARABIC_RUN = rf"[{_AR_STRONG}](?:[{_AR_STRONG}{_AR_WEAK}{_SPACE}0-9]*[{_AR_STRONG}])?[{_AR_WEAK.replace(chr(0x200f), '')}]*"

_IN_RTL = re.compile(rf"(?P<latin>{_LATIN_RUN})|(?P<tel>{_TEL})|(?P<number>{_NUMBER})")
_IN_LTR = re.compile(rf"(?P<arabic>{_ARABIC_RUN})|(?P<tel>{_TEL})")
_WHOLE_URL = re.compile(_URL)
_WHOLE_EMAIL = re.compile(_EMAIL)
_STRONG_RTL = re.compile(rf"[{_AR_STRONG}\u0590-\u05ff]")
_STRONG_LTR = re.compile(rf"[{_LATIN}]")


@dataclass
class Element:
    """An HTML element of a fragment; the fragment itself is an Element with an empty tag."""

    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


Node = Union[Element, str]


MAX_DEPTH = 64
"""Inline elements nested deeper than this are dropped, their text kept: the tree is walked recursively,
and ``*****x*****`` x 5,000 in a translation renders as 5,000 nested ``<strong>``."""


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.stack = [self.root]
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.stack) > MAX_DEPTH and tag not in _VOID:
            self.dropped.append(tag)
            return
        element = Element(tag, list(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, list(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if self.dropped and self.dropped[-1] == tag:
            self.dropped.pop()
            return
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse_fragment(fragment: str) -> Element:
    """Parse an HTML fragment into a small tree (comments and doctypes are dropped).

    >>> serialize(parse_fragment('a <b title="x&amp;y">b</b><br>c'))
    'a <b title="x&amp;y">b</b><br>c'
    """
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def serialize(node: Node) -> str:
    """The tree as HTML: text escaped, attribute values quoted and escaped."""
    if isinstance(node, str):
        return html.escape(node, quote=False)
    inner = "".join(serialize(child) for child in node.children)
    if not node.tag:
        return inner
    attrs = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"' for name, value in node.attrs
    )
    if node.tag in _VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def text_content(node: Node) -> str:
    """The text of a node, markup removed.

    >>> text_content(parse_fragment("<b>Rights</b> Defense"))
    'Rights Defense'
    """
    if isinstance(node, str):
        return node
    return "".join(text_content(child) for child in node.children)


@dataclass(frozen=True)
class Run:
    """An embedded opposite-direction run in a text: where it is and what it is."""

    start: int
    end: int
    kind: str
    """latin, url, email, tel, number (in right-to-left text) or arabic (in left-to-right text)."""


def find_runs(text: str, direction: str) -> list[Run]:
    """The runs of ``text`` that need isolating when it is laid out in ``direction`` (``rtl`` or ``ltr``).

    >>> find_runs("اتصل على +963 21 123 4567", "rtl")
    [Run(start=9, end=25, kind='tel')]
    >>> find_runs("Reviewer سامر النجار 3 comments", "ltr")
    [Run(start=9, end=20, kind='arabic')]
    """
    pattern = _IN_RTL if direction == "rtl" else _IN_LTR
    runs = []
    for match in pattern.finditer(text):
        kind = match.lastgroup or ""
        if kind == "latin":
            if _WHOLE_URL.fullmatch(match.group()):
                kind = "url"
            elif _WHOLE_EMAIL.fullmatch(match.group()):
                kind = "email"
        elif kind == "tel" and sum(ch.isdigit() for ch in match.group()) < 6:
            kind = "number"
        runs.append(Run(match.start(), match.end(), kind))
    return runs


def _run_attrs(kind: str, languages: dict[str, str]) -> list[tuple[str, str | None]]:
    if kind == "arabic":
        attrs: list[tuple[str, str | None]] = [("dir", "rtl")]
        if languages.get("rtl"):
            attrs.append(("lang", languages["rtl"]))
        return attrs
    if kind == "latin":
        attrs = [("dir", "ltr")]
        if languages.get("ltr"):
            attrs.append(("lang", languages["ltr"]))
        return attrs
    return [("class", kind), ("dir", "ltr")]


@dataclass
class _Leaf:
    path: list[tuple[Element, int]]
    """(parent, index) pairs from the fragment root down to this text node."""
    start: int
    end: int


@dataclass
class _Flat:
    text: str
    leaves: list[_Leaf]
    spans: dict[int, tuple[int, int]]
    """id(element) -> (start, end) of its text in ``text``."""
    opaque: list[Element]


def _flatten(root: Element) -> _Flat:
    pieces: list[str] = []
    leaves: list[_Leaf] = []
    spans: dict[int, tuple[int, int]] = {}
    opaque: list[Element] = []
    length = 0

    def walk(element: Element, path: list[tuple[Element, int]]) -> None:
        nonlocal length
        for index, child in enumerate(element.children):
            here = path + [(element, index)]
            if isinstance(child, str):
                leaves.append(_Leaf(here, length, length + len(child)))
                pieces.append(child)
                length += len(child)
            elif child.tag == "br":
                pieces.append("\n")
                length += 1
            elif child.get("dir") is not None or child.tag in ("bdi", "bdo"):
                opaque.append(child)
                pieces.append(_OBJECT)
                length += 1
            else:
                start = length
                walk(child, here)
                spans[id(child)] = (start, length)

    walk(root, [])
    return _Flat("".join(pieces), leaves, spans, opaque)


def _leaf_at(flat: _Flat, position: int) -> _Leaf:
    return next(leaf for leaf in flat.leaves if leaf.start <= position < leaf.end)


def _wrap(flat: _Flat, start: int, end: int, wrapper: Element) -> list[tuple[int, int]]:
    """Move the text ``start``..``end`` into ``wrapper``; or, when that would cut an element in two,
    return the pieces to wrap instead (each one inside a single element)."""
    first, last = _leaf_at(flat, start), _leaf_at(flat, end - 1)
    depth = 0
    while (
        depth + 1 < len(first.path)
        and depth + 1 < len(last.path)
        and first.path[depth][1] == last.path[depth][1]
    ):
        depth += 1
    parent, low = first.path[depth]
    high = last.path[depth][1]
    if len(first.path) - 1 > depth:  # the run starts inside an element: only fine at its very start
        element = parent.children[low]
        assert isinstance(element, Element)
        element_start, element_end = flat.spans[id(element)]
        if flat.text[element_start:start].strip():
            return [(start, element_end), (element_end, end)]
    if len(last.path) - 1 > depth:  # the run ends inside an element: only fine at its very end
        element = parent.children[high]
        assert isinstance(element, Element)
        element_start, element_end = flat.spans[id(element)]
        if flat.text[end:element_end].strip():
            return [(start, element_start), (element_start, end)]
    children = parent.children
    if len(last.path) - 1 == depth:
        text = children[high]
        assert isinstance(text, str)
        cut = end - last.start
        children[high : high + 1] = [text[:cut]] + ([text[cut:]] if text[cut:] else [])
    if len(first.path) - 1 == depth:
        text = children[low]
        assert isinstance(text, str)
        cut = start - first.start
        if cut:
            children[low : low + 1] = [text[:cut], text[cut:]]
            low += 1
            high += 1
    wrapper.children = children[low : high + 1]
    children[low : high + 1] = [wrapper]
    return []


def isolate(root: Element, direction: str, languages: dict[str, str] | None = None) -> int:
    """Wrap every opposite-direction run under ``root`` (laid out in ``direction``) in ``<bdi>``.

    ``languages`` maps a direction to the language code put on runs of that direction
    (``{"ltr": "en", "rtl": "ar"}``). Elements that carry ``dir`` are already isolated: their
    content is processed in their own direction. Returns the number of runs wrapped.
    """
    languages = languages or {}
    flat = _flatten(root)
    nested = list(flat.opaque)
    pending = [(run.start, run.end, run.kind) for run in find_runs(flat.text, direction)]
    count = 0
    while pending:
        start, end, kind = pending.pop()  # right to left: earlier offsets stay valid
        text = flat.text[start:end]
        start += len(text) - len(text.lstrip())
        end -= len(text) - len(text.rstrip())
        if start >= end or not _qualifies(flat.text[start:end], kind):
            continue
        pieces = _wrap(flat, start, end, Element("bdi", _run_attrs(kind, languages)))
        if pieces:  # each piece is looked at afresh: what is left of a name may be a number
            for a, b in pieces:
                pending.extend((a + run.start, a + run.end, run.kind) for run in find_runs(flat.text[a:b], direction))
        else:
            count += 1
        flat = _flatten(root)
    for element in nested:
        if element.tag != "bdi":  # a <bdi> already holds one isolated run; a span with dir may hold more
            count += isolate(element, _direction_of(element, direction), languages)
    return count


def _qualifies(text: str, kind: str) -> bool:
    if kind == "arabic":
        return bool(_STRONG_RTL.search(text))
    if kind in ("latin", "url", "email"):
        return bool(_STRONG_LTR.search(text))
    return any(ch.isdigit() for ch in text)


def _direction_of(element: Element, outer: str) -> str:
    value = (element.get("dir") or "").lower()
    if value in ("rtl", "ltr"):
        return value
    text = text_content(element)
    rtl, ltr = _STRONG_RTL.search(text), _STRONG_LTR.search(text)
    if rtl and (not ltr or rtl.start() < ltr.start()):
        return "rtl"
    return "ltr" if ltr else outer


def isolate_html(fragment: str, direction: str, languages: dict[str, str] | None = None) -> str:
    """``isolate`` on an HTML string.

    >>> isolate_html("مع فريق <b>Syria</b> Hope في حلب", "rtl", {"ltr": "en"})
    'مع فريق <bdi dir="ltr" lang="en"><b>Syria</b> Hope</bdi> في حلب'
    """
    root = parse_fragment(fragment)
    isolate(root, direction, languages)
    return serialize(root)


def strip_overrides(text: str) -> tuple[str, list[str]]:
    """Replace each LRO/RLO with ``OVERRIDE_MARK`` and drop the PDF that closed it.

    Overrides force a visual order (Trojan Source: ``\\u202e321`` shows "123") and are never right in
    prose. Returns the text and the names of the controls removed.

    >>> strip_overrides("فاتورة \\u202e321\\u202c رقم")
    ('فاتورة \\ue000321 رقم', ['RIGHT-TO-LEFT OVERRIDE'])
    """
    text = text.replace(OVERRIDE_MARK, "")
    if not any(ch in text for ch in _OVERRIDES):
        return text, []
    out: list[str] = []
    removed: list[str] = []
    stack: list[bool] = []  # for each open embedding or override: was it removed?
    for ch in text:
        if ch in _EMBEDDINGS:
            stack.append(ch in _OVERRIDES)
            if ch in _OVERRIDES:
                removed.append(_OVERRIDES[ch])
                out.append(OVERRIDE_MARK)
                continue
        elif ch == _POP and stack:
            if stack.pop():
                continue
        elif ch in "\n\u2029":
            stack.clear()  # a paragraph separator closes every embedding
        out.append(ch)
    return "".join(out), removed


def iter_elements(node: Element) -> Iterator[Element]:
    """Every element under ``node``, depth first."""
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from iter_elements(child)
