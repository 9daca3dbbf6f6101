"""Where each glossary term is used across catalogs, and how it was translated there (``workflow glossary``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .base import Catalog, base_language
from .terminology import DIRECTIONS, Glossary, Term

__all__ = ["TermUse", "TermUsage", "glossary_usage"]

STATUSES = ("approved", "forbidden", "missing", "untranslated")


@dataclass(frozen=True)
class TermUse:
    """One catalog entry whose source uses a term."""

    path: str
    """The catalog, as users should see it."""
    line: int
    """1-based line of the entry's msgid in the catalog."""
    language: str
    """Target language of the catalog (``ar`` or ``en``)."""
    msgid: str
    translation: str
    """The msgstr (of a plural entry: the form compared), '' when untranslated."""
    status: str
    """``approved`` (the approved rendering is there), ``forbidden`` (a forbidden variant stands for the
    term), ``missing`` (neither) or ``untranslated`` (no translation yet)."""
    source_words: tuple[str, ...]
    """The term as written in the source, once per occurrence."""
    approved_words: tuple[str, ...] = ()
    """Approved renderings found in the translation, as written there."""
    forbidden_words: tuple[str, ...] = ()
    """Forbidden variants found in the translation, as written there."""
    fuzzy: bool = False

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "language": self.language,
            "msgid": self.msgid,
            "translation": self.translation,
            "status": self.status,
            "source_words": list(self.source_words),
            "approved_words": list(self.approved_words),
            "forbidden_words": list(self.forbidden_words),
            "fuzzy": self.fuzzy,
        }


@dataclass(frozen=True)
class TermUsage:
    """A glossary term and every entry where a source uses it (none when the term is unused)."""

    term: Term
    glossary_line: int
    """1-based line of the term in the glossary file."""
    uses: tuple[TermUse, ...]

    def count(self, status: str) -> int:
        return sum(1 for use in self.uses if use.status == status)

    def to_json(self) -> dict[str, object]:
        return {
            "en": self.term.en[0] if self.term.en else "",
            "ar": self.term.ar[0] if self.term.ar else "",
            "alternatives": {"en": list(self.term.en[1:]), "ar": list(self.term.ar[1:])},
            "forbidden": list(self.term.forbidden),
            "note": self.term.note,
            "keep": self.term.keep,
            "glossary_line": self.glossary_line,
            "counts": {status: self.count(status) for status in STATUSES},
            "uses": [use.to_json() for use in self.uses],
        }


def glossary_usage(catalogs: Iterable[Catalog], glossary: Glossary) -> list[TermUsage]:
    """For each glossary term, in glossary order, the entries whose source uses it and how each was translated.

    Obsolete entries are skipped; untranslated ones are listed as ``untranslated``, fuzzy ones with
    ``fuzzy`` set. Catalogs whose language pair the glossary does not cover (neither en->ar nor
    ar->en) contribute nothing.
    """
    uses: dict[int, list[TermUse]] = {id(term): [] for term in glossary.terms}
    for catalog in catalogs:
        source_language, target_language = base_language(catalog.source_language), base_language(catalog.language)
        if (source_language, target_language) not in DIRECTIONS:
            continue
        for entry in catalog.entries:
            if entry.obsolete or not entry.msgid:
                continue
            pairs = list(entry.pairs()) if entry.translated else [(entry.msgid, "")]
            for source, translation in pairs:
                for match in glossary.match(source, translation, source_language, target_language):
                    status = match.status if translation else "untranslated"
                    uses[id(match.term)].append(
                        TermUse(
                            path=catalog.path,
                            line=entry.line,
                            language=catalog.language,
                            msgid=entry.msgid,
                            translation=translation,
                            status=status,
                            source_words=match.source_words,
                            approved_words=match.approved_words,
                            forbidden_words=match.forbidden_words,
                            fuzzy=entry.fuzzy,
                        )
                    )
    return [TermUsage(term, term.line, tuple(uses[id(term)])) for term in glossary.terms]
