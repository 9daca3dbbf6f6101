"""Reading untrusted XML (XLIFF, TMX) safely, with the 1-based line of every element.

Files from CAT tools and other desks are untrusted: a DOCTYPE that declares entities ("billion
laughs") or points at external ones (XXE) is refused before anything is expanded or fetched. A plain
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, as TMX files carry, is fine: external DTDs are never read.
The standard library's expat does the parsing; ElementTree's TreeBuilder builds the tree.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from .errors import SourceError

__all__ = ["XML_NS", "RefusedXml", "XmlDocument", "parse_xml", "safe_parser", "parse_safely", "qualified", "xml_text_problem"]

XML_NS = "http://www.w3.org/XML/1998/namespace"
"""The ``xml:`` prefix's namespace (``xml:lang``, ``xml:space``)."""


@dataclass
class XmlDocument:
    """A parsed file: its root element and where each element starts."""

    root: ET.Element
    shown: str
    lines: dict[int, int] = field(default_factory=dict)
    """``id(element)`` -> 1-based line of its start tag (the tree keeps the elements alive)."""

    def line(self, element: ET.Element) -> int | None:
        return self.lines.get(id(element))


class RefusedXml(Exception):
    """What ``safe_parser`` raises for an entity declaration or an external entity."""


def safe_parser() -> expat.XMLParserType:
    """An expat parser (namespace-aware: ``{uri}name``-ready names) that refuses entity declarations and
    external entities; ``parse_safely`` runs it."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_entity(*_: object) -> None:
        raise RefusedXml("the file declares XML entities, which are refused (entity expansion and external entities)")

    def refuse_external(*_: object) -> int:
        raise RefusedXml("the file refers to an external entity, which is refused")

    parser.EntityDeclHandler = refuse_entity
    parser.UnparsedEntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_external
    parser.SkippedEntityHandler = refuse_external  # &name; that only an unread external DTD could define
    return parser


def parse_safely(parser: expat.XMLParserType, data: bytes, shown: str) -> None:
    """Feed ``data`` to a ``safe_parser``; a refusal or a syntax error becomes ``SourceError`` at its line."""
    try:
        parser.Parse(data, True)
    except RefusedXml as exc:
        raise SourceError.at(shown, parser.CurrentLineNumber, str(exc)) from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise SourceError.at(shown, exc.lineno, f"not well-formed XML: {message}") from None


def qualified(raw: str) -> str:
    """expat's ``uri}name`` as ElementTree's ``{uri}name``."""
    return "{" + raw if "}" in raw else raw


def parse_xml(data: bytes, shown: str) -> XmlDocument:
    """Parse ``data``; raise ``SourceError`` at the offending line for bad or malicious XML.

    >>> parse_xml(b'<a><b x="1">t</b></a>', "x.xml").root.find("b").text
    't'
    """
    builder = ET.TreeBuilder()
    parser = safe_parser()
    lines: dict[int, int] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(qualified(tag), {qualified(key): value for key, value in attributes.items()})
        lines[id(element)] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(qualified(tag))
    parser.CharacterDataHandler = builder.data
    parse_safely(parser, data, shown)
    return XmlDocument(builder.close(), shown, lines)


def xml_text_problem(text: str) -> str | None:
    """Why ``text`` cannot travel in XML 1.0 unchanged, or None.

    Control characters other than tab and newline are not XML characters, and a carriage return
    would be read back as a newline.

    >>> xml_text_problem("ok\\tfine"), xml_text_problem("bell\\x07")
    (None, 'control character U+0007')
    """
    for char in text:
        code = ord(char)
        if (code < 0x20 and char not in "\t\n") or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
            return f"control character U+{code:04X}"
    return None
