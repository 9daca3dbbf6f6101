"""Word documents (DOCX) -> units: one per paragraph with text, in the body, tables, text boxes, footnotes,
endnotes, comments, headers and footers.

The package's story parts are read as XML with expat, which reports every tag's exact byte position;
the Document's text is those parts' XML, one after another, and each unit spans one ``<w:p>`` element.
Runs whose formatting differs from the paragraph's usual one become placeholders (``<1>bold</1>``), and
so do hyperlinks (``<2>link text</2>``, relationship id kept) and everything that is not text (images,
fields, footnote references: ``<3/>``). Rebuilding is ``docxbuild.py``.
"""

from __future__ import annotations

import xml.parsers.expat
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Sequence

from .errors import Location, SourceError
from .model import Segment, Unit
from .outline import OutlinedDocument, Place, Static
from .placeholders import renumber, strip_placeholders
from .segment import SplitOptions, has_words
from .xmlsafe import RefusedXml, safe_parser

__all__ = ["W", "DocxDocument", "Plan", "read_docx", "split_docx", "STORY_TYPES", "paragraph_plan", "parse_part"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
STORY_TYPES = {
    _CT + "document.main+xml": "document",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "document",
    _CT + "template.main+xml": "document",
    _CT + "footnotes+xml": "footnote",
    _CT + "endnotes+xml": "endnote",
    _CT + "comments+xml": "comment",
    _CT + "header+xml": "header",
    _CT + "footer+xml": "footer",
}
"""Content types of the parts that hold text, and the kind of their paragraphs."""
_STORY_ORDER = ("document", "footnote", "endnote", "comment", "header", "footer")
_TEXT_CHILDREN = {W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "softHyphen"}
_DROPPED = {W + "proofErr", W + "lastRenderedPageBreak"}
"""Spell-check marks and layout hints: not kept when a paragraph is written anew."""
_WRAPPERS = {W + "hyperlink", W + "smartTag", W + "customXml", W + "ins", W + "moveTo", W + "dir", W + "bdo"}
_IGNORED_KEY = {W + "lang", W + "noProof", W + "webHidden", W + "rtl", W + "cs"}
"""Run properties that do not make a run look different (so they do not split text into placeholders)."""
_PROSE = {"paragraph", "list-item", "blockquote", "footnote", "endnote"}


# --- a light XML tree with exact offsets -----------------------------------------------------------------


@dataclass(eq=False)
class XNode:
    """An element of a part, with character offsets into the Document's text."""

    name: str
    """Clark notation: ``{namespace}local``."""
    attrs: dict[str, str]
    start: int
    tag_end: int = 0
    close: int = 0
    """Where the end tag starts (``end`` for an empty element)."""
    end: int = 0
    children: list[XNode] = field(default_factory=list)
    text: str = ""
    """Character data directly inside (for ``w:t``, ``w:instrText``)."""
    parent: XNode | None = None

    def child(self, name: str) -> XNode | None:
        return next((child for child in self.children if child.name == name), None)

    def iter(self, name: str) -> Iterator[XNode]:
        if self.name == name:
            yield self
        for child in self.children:
            yield from child.iter(name)


_NON_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)


class _Offsets:
    """Byte offsets of UTF-8 data -> character offsets, in O(block) per lookup."""

    BLOCK = 4096

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.before = [0]
        for start in range(0, len(data), self.BLOCK):
            self.before.append(self.before[-1] + len(data[start : start + self.BLOCK].translate(None, _NON_CONTINUATION)))

    def __call__(self, offset: int) -> int:
        block = offset // self.BLOCK
        extra = self.data[block * self.BLOCK : offset].translate(None, _NON_CONTINUATION)
        return offset - self.before[block] - len(extra)


def parse_part(data: bytes, base: int, shown: str) -> tuple[XNode, dict[str, str]]:
    """Parse one XML part; offsets are characters from ``base``. Returns the root and its prefixes
    (namespace -> prefix, as declared on the root)."""
    parser = safe_parser()  # Word never declares entities: a part that does is refused, never expanded
    parser.buffer_text = False
    offsets = _Offsets(data)
    stack: list[XNode] = []
    root: list[XNode] = []
    prefixes: dict[str, str] = {}
    pending: list[XNode] = []

    def mark() -> None:
        """Every event ends the start tag of an element that is still waiting for its end."""
        if pending:
            pending.pop().tag_end = base + offsets(parser.CurrentByteIndex)

    def start(name: str, attrs: dict[str, str]) -> None:
        mark()
        node = XNode("{" + name if "}" in name else name, {_clark(k): v for k, v in attrs.items()},
                     base + offsets(parser.CurrentByteIndex), parent=stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        pending.append(node)

    def end(name: str) -> None:
        node = stack.pop()
        index = parser.CurrentByteIndex
        if pending and pending[-1] is node:
            pending.pop()
            if data[index - 2 : index] == b"/>":  # an empty element, <w:b/>: expat reports its end after it
                node.tag_end = node.close = node.end = base + offsets(index)
                return
            node.tag_end = base + offsets(index)  # <w:rPr></w:rPr>
        node.close = base + offsets(index)
        node.end = node.close + len(data[index : data.index(b">", index) + 1].decode("utf-8"))

    def chars(text: str) -> None:
        mark()
        if stack:
            stack[-1].text += text

    def namespace(prefix: str | None, uri: str) -> None:
        mark()
        if not stack:
            prefixes.setdefault(uri, prefix or "")

    def other(*_: object) -> None:
        mark()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartNamespaceDeclHandler = namespace
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.StartCdataSectionHandler = other
    try:
        parser.Parse(data, True)
    except (xml.parsers.expat.ExpatError, RefusedXml) as exc:
        raise SourceError.at(shown, None, f"not a valid Word document: {exc}") from None
    if not root:
        raise SourceError.at(shown, None, "not a valid Word document: an empty part")
    return root[0], prefixes


def _clark(name: str) -> str:
    return "{" + name if "}" in name else name


# --- paragraphs -> msgids and plans ------------------------------------------------------------------------


Spec = tuple
"""How to write a placeholder back; see ``Plan.specs``."""


@dataclass(frozen=True)
class Plan:
    """How one paragraph is written again from a translation."""

    start_tag: tuple[int, int]
    properties: tuple[int, int] | None
    """The ``w:pPr`` element's span."""
    prefix: tuple[tuple, ...]
    """What comes before the text (bookmarks, a leading image, the footnote mark), kept as it is: parts
    as in a ``void`` spec."""
    suffix: tuple[tuple, ...]
    base: str
    """The run properties (``<w:rPr>…</w:rPr>`` or '') of text outside placeholders."""
    specs: tuple[Spec, ...]
    """Per placeholder number (index + 1): ``("format", rPr)``, ``("wrap", open span, close span, base rPr)``
    or ``("void", parts)``, where parts are ``("span", a, b)`` or ``("run", rPr, a, b)`` (a child of a run
    that must be written inside a run of its own)."""
    numbers: tuple[tuple[int, ...], ...] = ()
    """Per segment: the paragraph's number of each placeholder the segment numbers 1, 2, 3…"""
    lead: str = ""
    trail: str = ""
    """Blanks before and after the text, left out of the msgid and written back around the translation."""


Item = tuple
"""("text", text, rPr, key, whole run span or None) | ("void", parts, fldCharType or None, the element) | ("open", node, base, key) | ("close", node)."""


def _run_properties(text: str, run: XNode) -> tuple[str, tuple[str, ...]]:
    """The run's ``w:rPr`` as written, and a key that ignores language, proofing and direction marks."""
    rpr = run.child(W + "rPr")
    if rpr is None:
        return "", ()
    key = tuple(sorted(text[c.start : c.end] for c in rpr.children if c.name not in _IGNORED_KEY))
    return text[rpr.start : rpr.end], key


def _items(text: str, nodes: Sequence[XNode]) -> Iterator[Item]:
    for node in nodes:
        name = node.name
        if name == W + "r":
            rpr, key = _run_properties(text, node)
            content = [c for c in node.children if c.name != W + "rPr" and c.name not in _DROPPED]
            if content and all(_is_text(c) for c in content):
                yield ("text", "".join(_text_of(c) for c in content), rpr, key, (node.start, node.end))
                continue
            for child in content:
                if _is_text(child):
                    yield ("text", _text_of(child), rpr, key, None)
                else:
                    mark = child.attrs.get(W + "fldCharType") if child.name == W + "fldChar" else None
                    yield ("void", (("run", rpr, child.start, child.end),), mark, node)
        elif name in _WRAPPERS:
            inner = list(_items(text, node.children))
            yield ("open", node, *_base(inner))
            yield from inner
            yield ("close", node)
        elif name in _DROPPED or name == W + "pPr":
            continue
        else:
            yield ("void", (("span", node.start, node.end),), None, node)


def _is_text(node: XNode) -> bool:
    if node.name == W + "br":
        return node.attrs.get(W + "type", "textWrapping") == "textWrapping" and W + "clear" not in node.attrs
    return node.name in _TEXT_CHILDREN


def _text_of(node: XNode) -> str:
    return {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "\u2011",
            W + "softHyphen": "\u00ad"}.get(node.name, node.text)


def _base(items: Sequence[Item]) -> tuple[str, tuple[str, ...]]:
    """The run properties of the text directly in ``items`` that others are told apart from: no formatting
    of its own if some text has none, else the most used (by characters)."""
    weight: Counter[tuple[str, ...]] = Counter()
    written: dict[tuple[str, ...], str] = {}
    depth = 0
    for item in items:
        if item[0] == "open":
            depth += 1
        elif item[0] == "close":
            depth -= 1
        elif item[0] == "text" and depth == 0:
            weight[item[3]] += len(item[1])
            written.setdefault(item[3], item[2])
    if not weight:
        return "", ()
    if () in weight:  # plain text (no formatting of its own) is the base whenever there is some
        return written[()], ()
    key = max(weight, key=lambda k: (weight[k], -list(written).index(k)))
    return written[key], key


def _fields(items: list[Item]) -> list[Item]:
    """Each complex field whose begin, separate and end are in this paragraph, at one level, becomes a pair
    of placeholders around its result (``<1>3</1>``), as a hyperlink does: the instruction goes with the
    opening one, so a translator who moves the field moves its result with it. (Left as separate voids,
    words placed after the first would land inside the result, which Word replaces on the next update.)"""
    marks = [(index, item[2], item[3]) for index, item in enumerate(items) if item[0] == "void" and item[2]]
    fields = []
    for (begin, kind, first), (separate, kind2, middle), (end, kind3, last) in zip(marks, marks[1:], marks[2:]):
        inside = items[separate + 1 : end]
        if (kind, kind2, kind3) == ("begin", "separate", "end") and all(item[0] == "text" for item in inside):
            field_node = XNode(first.name, {}, first.start, tag_end=middle.end, close=last.start, end=last.end)
            fields.append((begin, separate, end, ("open", field_node, *_base(inside)), ("close", field_node)))
    for begin, separate, end, opening, closing in reversed(fields):
        items[end : end + 1] = [closing]
        items[begin : separate + 1] = [opening]
    return items


def paragraph_plan(text: str, paragraph: XNode) -> tuple[str, Plan] | None:
    """The msgid of a paragraph and how to write it back; None when it has no words."""
    items = _fields(list(_items(text, paragraph.children)))
    prefix: list[tuple] = []
    suffix: list[tuple] = []

    def edge(item: Item) -> tuple | None:
        if item[0] == "void":
            return item[1]
        if item[0] == "text" and item[4] is not None and not item[1].strip():
            return (("span", *item[4]),)
        return None

    while items and (parts := edge(items[0])) is not None:
        prefix.extend(parts)
        items.pop(0)
    while items and (parts := edge(items[-1])) is not None:
        suffix[:0] = parts
        items.pop()
    if not has_words("".join(item[1] for item in items if item[0] == "text")):
        return None
    base, base_key = _base(items)
    parts: list[str] = []
    specs: list[Spec] = []
    contexts: list[tuple[str, tuple[str, ...], int]] = [(base, base_key, 0)]
    open_format: int | None = None
    open_key: tuple[str, ...] | None = None
    for item in items:
        kind = item[0]
        if kind != "text" and open_format is not None:
            parts.append(f"</{open_format}>")
            open_format = open_key = None
        if kind == "text":
            context_key = contexts[-1][1]
            if item[3] != context_key and item[3] != open_key:
                if open_format is not None:
                    parts.append(f"</{open_format}>")
                specs.append(("format", item[2]))
                open_format, open_key = len(specs), item[3]
                parts.append(f"<{open_format}>")
            elif item[3] == context_key and open_format is not None:
                parts.append(f"</{open_format}>")
                open_format = open_key = None
            parts.append(item[1])
        elif kind == "void":
            if specs and specs[-1][0] == "void" and parts and parts[-1] == f"<{len(specs)}/>":
                specs[-1] = ("void", specs[-1][1] + item[1])
                continue
            specs.append(("void", item[1]))
            parts.append(f"<{len(specs)}/>")
        elif kind == "open":
            node = item[1]
            specs.append(("wrap", (node.start, node.tag_end), (node.close, node.end), item[2]))
            contexts.append((item[2], item[3], len(specs)))
            parts.append(f"<{len(specs)}>")
        else:
            number = contexts.pop()[2]
            parts.append(f"</{number}>")
    if open_format is not None:
        parts.append(f"</{open_format}>")
    start_tag = (paragraph.start, paragraph.tag_end)
    ppr = paragraph.child(W + "pPr")
    msgid = "".join(parts)
    core = msgid.strip()
    lead = msgid[: len(msgid) - len(msgid.lstrip())]
    trail = msgid[len(msgid.rstrip()) :]
    plan = Plan(start_tag, (ppr.start, ppr.end) if ppr else None, tuple(prefix), tuple(suffix), base, tuple(specs),
                lead=lead, trail=trail)
    return core, plan


# --- the document --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocxDocument(OutlinedDocument):
    """A DOCX source: the text of its story parts and, to rebuild it, the package and one plan per unit."""

    package: bytes = b""
    parts: tuple[tuple[str, int, int, str], ...] = ()
    """(zip member name, start, end, story kind) of each story part in ``text``."""
    prefixes: tuple[tuple[str, str], ...] = ()
    """Per part: the prefix the part uses for WordprocessingML (``w``) and the declaration."""
    plans: tuple[Plan, ...] = ()


def read_docx(path: Path, shown: str, language: str, options: SplitOptions) -> DocxDocument:
    """Read and split a DOCX file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError.at(shown, None, "no such file") from None
    except OSError as exc:
        raise SourceError.at(shown, None, f"cannot read: {exc.strerror or exc}") from exc
    return split_docx(data, shown, language, options)


def story_parts(archive: zipfile.ZipFile, shown: str) -> list[tuple[str, str]]:
    """(member name, story kind) of each part with text, in reading order: body, notes, comments, headers."""
    import xml.etree.ElementTree as ElementTree

    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except (KeyError, ElementTree.ParseError):
        raise SourceError.at(shown, None, "not a Word document: no valid [Content_Types].xml") from None
    found = []
    for override in types:
        if override.tag.endswith("}Override"):
            kind = STORY_TYPES.get(override.get("ContentType", ""))
            name = override.get("PartName", "").lstrip("/")
            if kind and name in archive.namelist():
                found.append((name, kind))
    if not any(kind == "document" for _, kind in found):
        raise SourceError.at(shown, None, "not a Word document: no main document part")
    return sorted(found, key=lambda item: (_STORY_ORDER.index(item[1]), item[0]))


def split_docx(data: bytes, shown: str, language: str, options: SplitOptions) -> DocxDocument:
    """Split the bytes of a DOCX package (``shown`` names it in messages)."""
    import io

    from .docxoutline import Outliner

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SourceError.at(shown, None, "not a DOCX file (not a zip package); save it as .docx") from None
    with archive:
        parts = story_parts(archive, shown)
        outliner = Outliner(archive)
        texts: list[str] = []
        spans: list[tuple[str, int, int, str]] = []
        prefixes: list[tuple[str, str]] = []
        units: list[Unit] = []
        places: list[Place] = []
        statics: list[Static] = []
        plans: list[Plan] = []
        position = 0
        number = 0
        for name, kind in parts:
            raw = archive.read(name)
            try:
                part_text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise SourceError.at(f"{shown}:{name}", None, "the part is not UTF-8") from None
            root, declared = parse_part(raw, position, f"{shown}:{name}")
            texts.append(part_text)
            spans.append((name, position, position + len(part_text), kind))
            prefixes.append((declared.get(W[1:-1], "w"), name))
            source = "".join(texts)
            for paragraph, where in outliner.paragraphs(root, kind):
                number += 1
                made = paragraph_plan(source, paragraph)
                if made is None:
                    if where.place.block == "cell" and (cell_text := _plain_text(source, paragraph).strip()):
                        statics.append(Static(paragraph.start, number, where.place, cell_text))  # a number, as it is
                    continue
                msgid, plan = made
                text_kind = where.kind
                if options.is_boilerplate(strip_placeholders(msgid)):
                    continue
                prose = options.granularity == "sentence" and text_kind in _PROSE
                ranges = _sentences(msgid, language) if prose else [(0, len(msgid))]
                segments = []
                numbers = []
                for a, b in ranges:
                    local, old = renumber(msgid[a:b])
                    numbers.append(tuple(old))
                    segments.append(Segment(local, text_kind, Location(shown, number)))
                separators = tuple(msgid[ranges[i][1] : ranges[i + 1][0]] for i in range(len(ranges) - 1))
                units.append(Unit(paragraph.start, paragraph.end, msgid, (), tuple(segments), separators, style="docx"))
                places.append(where.place)
                plans.append(replace(plan, numbers=tuple(numbers)))
            position += len(part_text)
    return DocxDocument(
        shown, "docx", language, "".join(texts), tuple(units), (), places=tuple(places), statics=tuple(statics),
        package=data, parts=tuple(spans), prefixes=tuple(prefixes), plans=tuple(plans),
    )


def _plain_text(text: str, paragraph: XNode) -> str:
    """The characters of a paragraph with nothing to translate, for release pages that still show it."""
    return "".join(item[1] for item in _items(text, paragraph.children) if item[0] == "text")


def _sentences(text: str, language: str) -> list[tuple[int, int]]:
    from .htmlsource import (
        balanced_sentences,  # the same placeholder-aware splitting as HTML
    )

    return balanced_sentences(text, language)
