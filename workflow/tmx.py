"""TMX 1.4b, the translation-memory exchange format: write the project's memory, read other desks' files.

Writing streams through the standard library's ``XMLGenerator`` (escaping is its job, never string
concatenation) and is deterministic: no creation date, units in memory order, so exporting twice
writes the same bytes. Reading streams through ``xmlsafe``'s expat parser (no entity declarations,
no external entities), so a 100,000-unit memory is never held as a tree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable
from xml.sax.xmlreader import AttributesImpl

from . import __version__
from .errors import SourceError
from .locales import base_language
from .xmlsafe import XML_NS, parse_safely, qualified, safe_parser, xml_text_problem

if TYPE_CHECKING:
    from xml.sax.saxutils import XMLGenerator

__all__ = ["TmxPair", "TmxUnit", "read_tmx", "write_tmx", "tmx_language"]

_LANG_EXPAT = f"{XML_NS}}}lang"
"""``xml:lang`` as expat names it in namespace mode."""


def tmx_language(code: str) -> str:
    """A language code as TMX (RFC 4646) writes it: ``ar_SY`` -> ``ar-SY``."""
    return code.replace("_", "-")


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit to write: a source and its translation, with where it comes from."""

    source_language: str
    target_language: str
    source: str
    target: str
    props: tuple[tuple[str, str], ...] = ()
    """``<prop type=...>`` values, such as ``x-origin`` (the segment's source location)."""
    note: str = ""


@dataclass(frozen=True)
class TmxPair:
    """One source/translation pair read from a TMX file."""

    source_language: str
    target_language: str
    source: str
    target: str
    line: int | None
    """1-based line of the ``<tu>`` in the file."""
    props: tuple[tuple[str, str], ...] = ()


def write_tmx(units: Iterable[TmxUnit], *, segtype: str = "paragraph", shown: str = "memory.tmx") -> bytes:
    """A TMX 1.4b document (UTF-8) with one ``<tu>`` per unit, streamed through the standard library's
    XML writer (``XMLGenerator`` escapes text and attributes), so a large memory never becomes a tree."""
    from xml.sax.saxutils import XMLGenerator  # it imports urllib: only when a memory is written

    out = io.BytesIO()
    xml = XMLGenerator(out, encoding="UTF-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("tmx", AttributesImpl({"version": "1.4"}))
    xml.ignorableWhitespace("\n ")
    xml.startElement(
        "header",
        AttributesImpl(
            {
                "creationtool": "workflow",
                "creationtoolversion": __version__,
                "datatype": "plaintext",
                "segtype": segtype,
                "adminlang": "en",
                "srclang": "*all*",
                "o-tmf": "PO",
            }
        ),
    )
    xml.endElement("header")
    xml.ignorableWhitespace("\n ")
    xml.startElement("body", AttributesImpl({}))
    for unit in units:
        for text in (unit.source, unit.target, unit.note, *(value for _, value in unit.props)):
            problem = xml_text_problem(text)
            if problem:
                raise SourceError.at(shown, None, f"cannot write {problem} to TMX in: {text[:60]!r}")
        xml.ignorableWhitespace("\n  ")
        xml.startElement("tu", AttributesImpl({"srclang": tmx_language(unit.source_language)}))
        if unit.note:
            _leaf(xml, "note", {}, unit.note, "\n   ")
        for kind, value in unit.props:
            _leaf(xml, "prop", {"type": kind}, value, "\n   ")
        for language, text in ((unit.source_language, unit.source), (unit.target_language, unit.target)):
            xml.ignorableWhitespace("\n   ")
            xml.startElement("tuv", AttributesImpl({"xml:lang": tmx_language(language)}))
            _leaf(xml, "seg", {}, text, "\n    ")
            xml.ignorableWhitespace("\n   ")
            xml.endElement("tuv")
        xml.ignorableWhitespace("\n  ")
        xml.endElement("tu")
    xml.ignorableWhitespace("\n ")
    xml.endElement("body")
    xml.ignorableWhitespace("\n")
    xml.endElement("tmx")
    xml.endDocument()
    return out.getvalue() + b"\n"


def _leaf(xml: XMLGenerator, name: str, attributes: dict[str, str], text: str, indent: str) -> None:
    xml.ignorableWhitespace(indent)
    xml.startElement(name, AttributesImpl(attributes))
    xml.characters(text)
    xml.endElement(name)


def read_tmx(data: bytes, shown: str) -> list[TmxPair]:
    """Every source/translation pair of a TMX file (1.1 to 1.4b), streamed: no tree is built.

    A unit pairs its source language (``srclang`` of the unit or header) with each other language;
    with ``srclang="*all*"`` the first variant is the source. Of inline elements, the text of ``<hi>`` and
    ``<sub>`` is kept; native codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``: another tool's
    ``<b>`` or ``<br/>``, escaped) are not text and are left out, so that the sentence matches as text.
    """
    reader = _Reader(shown)
    parser = safe_parser()
    reader.parser = parser
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    parse_safely(parser, data, shown)
    return reader.pairs


_NATIVE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})


class _Reader:
    """expat handlers collecting ``<tu>`` units."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.parser: Any = None
        self.pairs: list[TmxPair] = []
        self.root = ""
        self.default = "*all*"
        self.in_unit = False
        self.unit_language: str | None = None
        self.unit_line = 0
        self.variants: list[tuple[str, str]] = []
        self.props: list[tuple[str, str]] = []
        self.language: str | None = None
        self.segment: str | None = None
        self.variant_line = 0
        self.text: list[str] | None = None
        self.prop = ""
        self.depth = 0
        self.codes = 0
        """How many native codes the parser is inside: their characters are not the segment's text."""

    def start(self, raw: str, attributes: dict[str, str]) -> None:
        name = qualified(raw)
        line = self.parser.CurrentLineNumber
        if not self.root:
            self.root = name
            if name != "tmx":
                raise SourceError.at(self.shown, line, f"not a TMX file: the root element is <{name}>")
        if self.text is not None:  # an inline element inside <seg> or <prop>
            self.depth += 1
            self.codes += name in _NATIVE_CODES
        elif name == "header":
            self.default = attributes.get("srclang", "*all*")
        elif name == "tu":
            self.in_unit, self.unit_language, self.unit_line = True, attributes.get("srclang"), line
            self.variants, self.props = [], []
        elif name == "tuv" and self.in_unit:
            self.language = attributes.get(_LANG_EXPAT) or attributes.get("lang")
            self.segment, self.variant_line = None, line
        elif name in ("seg", "prop") and self.in_unit:
            self.text, self.depth, self.prop = [], 0, attributes.get("type", "") if name == "prop" else ""

    def end(self, raw: str) -> None:
        name = qualified(raw)
        if self.text is not None:
            if self.depth:
                self.depth -= 1
                self.codes -= name in _NATIVE_CODES
            elif name == "seg":
                self.segment, self.text = "".join(self.text), None
            elif name == "prop":
                self.props.append((self.prop, "".join(self.text)))
                self.text = None
        elif name == "tuv" and self.in_unit:
            if not self.language or self.segment is None:
                raise SourceError.at(self.shown, self.variant_line, "<tuv> needs an xml:lang and a <seg>")
            self.variants.append((self.language.replace("-", "_"), self.segment))
        elif name == "tu" and self.in_unit:
            self._pairs()
            self.in_unit = False

    def characters(self, chunk: str) -> None:
        if self.text is not None and not self.codes:
            self.text.append(chunk)

    def _pairs(self) -> None:
        """The unit's source variant paired with each other variant."""
        if len(self.variants) < 2:
            return
        wanted = self.unit_language or self.default
        source = next(
            (v for v in self.variants if wanted != "*all*" and base_language(v[0]) == base_language(wanted)),
            self.variants[0],
        )
        for variant in self.variants:
            if variant is not source and variant[1].strip() and source[1].strip():
                self.pairs.append(
                    TmxPair(source[0], variant[0], source[1], variant[1], self.unit_line, tuple(self.props))
                )
