"""HTML tokens with exact source offsets (the stdlib ``html.parser`` tokenizer) and a small tree builder that
applies HTML's implied end tags, for ``htmlsource``."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant  # type: ignore[attr-defined]

from .errors import SourceError

__all__ = ["HEADINGS", "VOID", "PHRASING", "OPAQUE", "Token", "Element", "tokenize", "build_tree"]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr", "keygen", "basefont", "frame"}
PHRASING = {"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "button", "cite", "data", "del", "dfn", "em",
             "font", "i", "img", "input", "ins", "label", "mark", "meter", "nobr", "output", "picture", "progress",
             "q", "rb", "rp", "rt", "rtc", "ruby", "s", "small", "span", "strike", "strong", "sub", "sup", "time",
             "tt", "u", "wbr", "map", "area", "slot"}
OPAQUE = {"script", "style", "template", "noscript", "code", "kbd", "samp", "var", "svg", "math", "textarea",
           "select", "iframe", "object", "embed", "video", "audio", "canvas", "pre", "xmp", "listing", "plaintext"}
"""Never translated: kept whole, as a placeholder when inside a sentence."""
_BLOCKS_CLOSING_P = {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
                     "dd", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                     "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
                     "table", "ul", "search", "listing", "xmp", "plaintext"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_MAX_DEPTH = 256
"""Deeper elements are kept empty and their content goes to the deepest open one, as browsers cap the tree
(Blink at 512): the splitter walks the tree recursively, within Python's recursion limit."""

# --- tokens and tree -----------------------------------------------------------------------------------------


@dataclass
class Token:
    kind: str
    """start, end, data or other (comment, doctype, processing instruction)."""
    start: int
    end: int = 0
    tag: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    self_closing: bool = False


class _Tokenizer(HTMLParser):
    """Records every token with its character offset; a token ends where the next one starts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]
        self.found: list[Token] = []

    def _at(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Token("start", self._at(), tag=tag, attrs=attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Token("start", self._at(), tag=tag, attrs=attrs, self_closing=True))

    def handle_endtag(self, tag: str) -> None:
        self.found.append(Token("end", self._at(), tag=tag))

    def handle_data(self, data: str) -> None:
        self.found.append(Token("data", self._at()))

    def handle_comment(self, data: str) -> None:
        self.found.append(Token("other", self._at()))

    handle_decl = handle_pi = unknown_decl = handle_comment


def tokenize(source: str, path: str) -> tuple[list[Token], list[int]]:
    parser = _Tokenizer(source)
    parser.feed(source)
    parser.close()
    found = [token for token in parser.found]
    merged: list[Token] = []
    for token in found:
        if merged and merged[-1].start == token.start:
            # A data token the parser split (``a < b``) or re-reported: one token per position.
            if token.kind != "data":
                merged[-1] = token
            continue
        merged.append(token)
    for index, token in enumerate(merged):
        token.end = merged[index + 1].start if index + 1 < len(merged) else len(source)
        if token.end < token.start:
            raise SourceError.at(path, None, "cannot locate the HTML tokens in the source (please report this)")
    return merged, parser.line_starts


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    start: int
    """Offset of ``<``; the root's is 0."""
    tag_end: int
    """Offset just past the start tag."""
    key: int
    parent: Element | None = None
    close: tuple[int, int] | None = None
    """The end tag's span, when the source has one."""
    end: int = 0
    children: list[Element | Token] = field(default_factory=list)
    attr_spans: list[tuple[str, int, int, str]] = field(default_factory=list)
    """(name, value start, value end, quote) of each attribute with a value, in the source."""
    name_end: int = 0
    """Offset just past the tag name (where new attributes go)."""
    blocky: bool = False
    """It holds block-level content somewhere below."""


def _attribute_spans(source: str, token: Token) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Where each attribute value is in a start tag: the tokenizer's own patterns, run on the tag's text."""
    text = source[token.start : token.end]
    match = tagfind_tolerant.match(text, 1)
    if match is None:
        return token.start + 1, []
    name_end = token.start + match.end(1)
    position = match.end()
    spans = []
    while position < len(text):
        attribute = attrfind_tolerant.match(text, position)
        if not attribute:
            break
        if attribute.group(2):
            value = attribute.group(3)
            start, end = attribute.span(3)
            quote = value[:1] if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1 else ""
            if quote:
                start, end = start + 1, end - 1
            spans.append((attribute.group(1).lower(), token.start + start, token.start + end, quote))
        position = attribute.end()
    return name_end, spans


def build_tree(source: str, found: list[Token]) -> tuple[Element, list[Element]]:
    root = Element("#root", {}, 0, 0, 0)
    stack = [root]
    elements: list[Element] = []

    def pop_to(index: int, at: int) -> None:
        while len(stack) > index:
            stack.pop().end = at

    def close_open(tags: set[str], boundary: set[str], at: int) -> None:
        for index in range(len(stack) - 1, 0, -1):
            if stack[index].tag in tags:
                pop_to(index, at)
                return
            if stack[index].tag in boundary:
                return

    for token in found:
        if token.kind != "start":
            if token.kind == "end":
                match = next((i for i in range(len(stack) - 1, 0, -1) if stack[i].tag == token.tag), None)
                if match is not None:
                    element = stack[match]
                    pop_to(match + 1, token.start)
                    element.close = (token.start, token.end)
                    stack.pop().end = token.end
                    continue
            stack[-1].children.append(token)
            continue
        tag = token.tag
        at = token.start
        if tag in _BLOCKS_CLOSING_P:
            close_open({"p"}, {"button", "table", "td", "th", "caption", "html", "template", "object"}, at)
        if tag == "li":
            close_open({"li"}, {"ul", "ol", "menu", "table"}, at)
        elif tag in ("dt", "dd"):
            close_open({"dt", "dd"}, {"dl", "table"}, at)
        elif tag in HEADINGS and stack[-1].tag in HEADINGS:
            pop_to(len(stack) - 1, at)
        elif tag == "tr":
            close_open({"tr"}, {"table"}, at)
        elif tag in ("td", "th"):
            close_open({"td", "th"}, {"tr", "table"}, at)
        elif tag in ("thead", "tbody", "tfoot"):
            close_open({"thead", "tbody", "tfoot"}, {"table"}, at)
        elif tag == "option":
            close_open({"option"}, {"select", "datalist"}, at)
        elif tag in ("rb", "rt", "rp", "rtc"):
            close_open({"rb", "rt", "rp"}, {"ruby"}, at)
        elif tag == "a":
            close_open({"a"}, {"table", "td", "th"}, at)
        attrs = {name: value or "" for name, value in token.attrs}
        element = Element(tag, attrs, token.start, token.end, len(elements) + 1, parent=stack[-1])
        element.name_end, element.attr_spans = _attribute_spans(source, token)
        elements.append(element)
        stack[-1].children.append(element)
        if tag in VOID or token.self_closing or len(stack) > _MAX_DEPTH:
            element.end = token.end
        else:
            stack.append(element)
    pop_to(1, len(source))
    root.end = len(source)
    for element in reversed(elements):
        if element.tag not in PHRASING and element.tag not in OPAQUE or element.blocky:
            if element.parent is not None:
                element.parent.blocky = True
    return root, elements


