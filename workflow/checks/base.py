"""What a check is, what it sees, and how its findings become Problems.

A check is a small function with an id, a severity and a docstring whose first line is its
description. Entry checks see one translated entry at a time; catalog checks see the whole
catalog (headers, duplicates, completeness, consistency). Neither raises: they yield messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable, Iterator, Union

from ..errors import Location
from ..locales import base_language
from ..model import Document, Problem, Severity

__all__ = [
    "Entry",
    "Catalog",
    "Settings",
    "Context",
    "Check",
    "entry_check",
    "catalog_check",
    "project_check",
    "run_checks",
    "run_project_checks",
    "base_language",
]


@dataclass(frozen=True)
class Entry:
    """A PO entry as checks see it (polib stays inside catalog.py)."""

    msgid: str
    msgstr: str
    line: int
    """1-based line of the entry's msgid in the catalog."""
    msgctxt: str | None = None
    msgid_plural: str = ""
    plurals: tuple[str, ...] = ()
    """``msgstr[0..n]`` of a plural entry, in order."""
    flags: tuple[str, ...] = ()
    fuzzy: bool = False
    obsolete: bool = False
    translator_comment: str = ""
    extracted_comment: str = ""
    references: tuple[tuple[str, str], ...] = ()

    @property
    def translated(self) -> bool:
        return any(self.plurals) if self.msgid_plural else bool(self.msgstr)

    def pairs(self) -> Iterator[tuple[str, str]]:
        """(source, translation) pairs to compare: one, or one per plural form."""
        if not self.msgid_plural:
            yield self.msgid, self.msgstr
            return
        for index, form in enumerate(self.plurals):
            if form:
                yield (self.msgid if index == 0 else self.msgid_plural), form


@dataclass(frozen=True)
class Catalog:
    """A catalog as checks see it, with whatever is known about its language and source."""

    path: str
    language: str
    """Target language code ('' when unknown: language-specific checks are skipped)."""
    source_language: str
    entries: tuple[Entry, ...]
    header: dict[str, str] = field(default_factory=dict)
    header_line: int = 1
    header_fuzzy: bool = False
    source: Document | None = None
    """The report the catalog translates, when it belongs to the project."""
    folder_language: str = ""
    """Language implied by the path (``LANG/LC_MESSAGES/x.po``), '' when the path says nothing."""

    @cached_property
    def html_texts(self) -> frozenset[tuple[str | None, str]]:
        """(msgctxt, msgid) of the source's texts written in HTML (``Document.html_keys``), once per catalog."""
        return self.source.html_keys() if self.source is not None else frozenset()


@dataclass(frozen=True)
class Settings:
    """The project's ``[tool.workflow.checks]`` table, validated."""

    disabled: frozenset[str] = frozenset()
    severities: dict[str, Severity] = field(default_factory=dict)
    digits: str = "any"
    """Digit policy for Arabic translations: latn, arab or any (either, as long as values match)."""
    keep: frozenset[str] = frozenset()
    """Words that stay in Latin script in Arabic text (brand and organisation names)."""
    glossary: object | None = None
    """A ``terminology.Glossary`` when the project has one."""
    arabic_locale: str = "ar"
    """Locale whose month names Arabic dates must use (``ar_SY``: تشرين الثاني)."""
    max_obsolete: int = 50
    """Obsolete entries tolerated before ``obsolete`` warns that they pile up."""


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    settings: Settings

    @property
    def target(self) -> str:
        return base_language(self.catalog.language)

    @property
    def source(self) -> str:
        return base_language(self.catalog.source_language)


EntryFunction = Callable[[Entry, Context], Iterable[str]]
CatalogFunction = Callable[[Catalog, Context], Iterable[tuple[Union[Entry, None], str]]]
ProjectFunction = Callable[[list[Catalog], Settings], Iterable[tuple[Catalog, Union[Entry, None], str]]]


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity
    scope: str
    """``entry``, ``catalog`` or ``project`` (all catalogs at once, e.g. consistency across reports)."""
    function: Callable[..., Iterable[object]]
    targets: frozenset[str] | None = None
    """Base target languages the check applies to; None for all."""
    sources: frozenset[str] | None = None
    """Base source languages the check applies to; None for all."""
    include_untranslated: bool = False

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0]

    def applies(self, context: Context) -> bool:
        if self.targets is not None and context.target not in self.targets:
            return False
        return self.sources is None or context.source in self.sources


def entry_check(
    id: str, severity: str = "error", *, targets: Iterable[str] | None = None, sources: Iterable[str] | None = None
) -> Callable[[EntryFunction], Check]:
    """Make an entry check from a function yielding one message per finding."""

    def wrap(function: EntryFunction) -> Check:
        return Check(id, Severity(severity), "entry", function, _set(targets), _set(sources))

    return wrap


def catalog_check(id: str, severity: str = "error", *, targets: Iterable[str] | None = None) -> Callable[[CatalogFunction], Check]:
    """Make a catalog check from a function yielding (entry or None, message) pairs."""

    def wrap(function: CatalogFunction) -> Check:
        return Check(id, Severity(severity), "catalog", function, _set(targets))

    return wrap


def project_check(id: str, severity: str = "warning") -> Callable[[ProjectFunction], Check]:
    """Make a check over all catalogs at once, yielding (catalog, entry or None, message)."""

    def wrap(function: ProjectFunction) -> Check:
        return Check(id, Severity(severity), "project", function)

    return wrap


def _set(values: Iterable[str] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def run_checks(catalog: Catalog, settings: Settings, checks: Iterable[Check]) -> list[Problem]:
    """Every finding of every enabled check, in catalog order."""
    context = Context(catalog, settings)
    enabled = [c for c in checks if c.id not in settings.disabled and c.applies(context)]
    entry_checks = [c for c in enabled if c.scope == "entry"]
    problems: list[Problem] = []
    for check in enabled:
        if check.scope == "catalog":
            for entry, message in check.function(catalog, context):  # type: ignore[misc]
                problems.append(_problem(catalog, settings, check, entry, message))
    for entry in catalog.entries:
        if entry.obsolete or entry.fuzzy or not entry.translated or not entry.msgid:
            continue
        for check in entry_checks:
            for message in check.function(entry, context):
                problems.append(_problem(catalog, settings, check, entry, message))  # type: ignore[arg-type]
    problems.sort(key=lambda p: (p.location.line or 0, p.kind))
    return problems


def run_project_checks(catalogs: list[Catalog], settings: Settings, checks: Iterable[Check]) -> list[Problem]:
    """Findings of the checks that compare catalogs with each other."""
    problems = []
    for check in checks:
        if check.scope != "project" or check.id in settings.disabled:
            continue
        for catalog, entry, message in check.function(catalogs, settings):  # type: ignore[misc]
            problems.append(_problem(catalog, settings, check, entry, message))  # type: ignore[arg-type]
    return problems


def _problem(catalog: Catalog, settings: Settings, check: Check, entry: Entry | None, message: str) -> Problem:
    line = entry.line if entry is not None else catalog.header_line
    return Problem(
        location=Location(catalog.path, line),
        severity=settings.severities.get(check.id, check.severity),
        kind=check.id,
        message=message,
        msgid=entry.msgid if entry is not None else "",
        language=catalog.language,
    )
