"""The data that flows source -> Document -> catalog -> built document, as frozen dataclasses."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum

from .errors import Location

__all__ = ["Segment", "Break", "Unit", "Document", "Severity", "Problem", "segment_id"]


def segment_id(text: str, context: str | None = None) -> str:
    """A short id that depends only on the text, so inserting a paragraph never renames another.

    >>> segment_id("Hello")
    'f7ff9e8b'
    """
    key = text if context is None else f"{context}\x04{text}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Segment:
    """One translatable string: what the translator sees as a msgid."""

    text: str
    """The msgid: source text with soft line breaks folded into spaces, markup kept."""
    kind: str
    """What it is in the document: title, heading, paragraph, list-item, table-cell, ..."""
    location: Location
    """Where it starts in the source (1-based line)."""
    context: str | None = None
    """msgctxt, when two identical texts must be translated apart."""

    @property
    def id(self) -> str:
        return segment_id(self.text, self.context)

    @property
    def key(self) -> tuple[str | None, str]:
        """The catalog key: identity never depends on line numbers."""
        return (self.context, self.text)


@dataclass(frozen=True)
class Break:
    """A source line break folded into the unit text, with the exact bytes it replaced."""

    offset: int
    """Index in ``Unit.text`` of the single character (space or newline) that stands for it."""
    raw: str
    """The original characters: trailing blanks, line ending and the next line's prefix (indent, ``>``)."""


@dataclass(frozen=True)
class Unit:
    """A block of the source (a paragraph, heading, cell...) replaced as a whole on rebuild.

    The document's skeleton is everything outside its units; a unit's text is split into one
    segment (paragraph granularity) or several (sentence granularity) joined by ``separators``.
    """

    start: int
    """Character offset of the first translatable character in the source."""
    end: int
    """Character offset just past the last one."""
    text: str
    """The block's text with its line breaks folded (see ``breaks``)."""
    breaks: tuple[Break, ...]
    segments: tuple[Segment, ...]
    separators: tuple[str, ...]
    """Source text between consecutive segments (whitespace between sentences)."""
    style: str = "wrap"
    """How a translation is written back: wrap, line, table-cell, yaml-plain, yaml-double, yaml-single."""
    continuation: str = ""
    """Prefix for continuation lines of a translation that needs more than one line."""
    width: int = 0
    """Column to re-wrap a translation at; 0 keeps each translated paragraph on one line."""
    newline: str = "\n"


@dataclass(frozen=True)
class Document:
    """A source report split into units; the text outside units and removals is the skeleton."""

    path: str
    """Path as shown to the user (relative to the project root where possible)."""
    format: str
    """``text`` or ``markdown``."""
    language: str
    text: str
    """The whole decoded source, BOM included, line endings as in the file."""
    units: tuple[Unit, ...]
    removals: tuple[tuple[int, int], ...] = ()
    """Character spans of boilerplate, kept by ``verify`` and dropped from localized output."""

    @property
    def segments(self) -> list[Segment]:
        return [segment for unit in self.units for segment in unit.segments]

    def html_keys(self) -> frozenset[tuple[str | None, str]]:
        """Keys of the segments written in HTML (an HTML report's, a Markdown report's HTML blocks'): their
        placeholders must survive, and Markdown syntax in them is only text."""
        return frozenset(segment.key for unit in self.units if unit.style == "html" for segment in unit.segments)


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A finding about a catalog or build; structured until the CLI prints it."""

    location: Location
    severity: Severity
    kind: str
    """Machine-readable id: missing, fuzzy, stale, or a check id."""
    message: str
    msgid: str = ""
    language: str = ""
    catalog: str = ""
    """The catalog the finding is about, when it is not ``location.path``."""
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def format(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message} [{self.kind}]"

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {
            "path": self.location.path,
            "line": self.location.line,
            "severity": self.severity.value,
            "kind": self.kind,
            "check": self.kind,
            "message": self.message,
            "msgid": self.msgid,
            "language": self.language,
        }
        if self.catalog:
            record["catalog"] = self.catalog
        record.update(dict(self.extra))
        return record
