"""Completeness: what a release would be missing, measured against the catalog and its source."""

from __future__ import annotations

from typing import Iterator

from .base import Catalog, Context, Entry, catalog_check


@catalog_check("missing")
def missing(catalog: Catalog, context: Context) -> Iterator[tuple[Entry | None, str]]:
    """An entry has no translation."""
    for entry in catalog.entries:
        if entry.msgid and not entry.obsolete and not entry.translated:
            yield entry, "missing translation"


@catalog_check("fuzzy")
def fuzzy(catalog: Catalog, context: Context) -> Iterator[tuple[Entry | None, str]]:
    """A translation is marked fuzzy: a guess that needs review before it can be published."""
    for entry in catalog.entries:
        if entry.msgid and not entry.obsolete and entry.fuzzy and entry.translated:
            yield entry, "fuzzy translation needs review (remove the fuzzy flag once it is right)"


@catalog_check("stale")
def stale(catalog: Catalog, context: Context) -> Iterator[tuple[Entry | None, str]]:
    """The catalog is older than its source: segments were added or removed since the last update."""
    if catalog.source is None:
        return
    current = {entry.msgid for entry in catalog.entries if not entry.obsolete}
    wanted = {segment.text for segment in catalog.source.segments}
    added = len(wanted - current)
    removed = len(current - wanted - {""})
    if added or removed:
        yield None, (
            f"catalog is out of date with {catalog.source.path}: {added} new and {removed} removed segment(s);"
            " run: workflow update"
        )


@catalog_check("obsolete", "warning")
def obsolete(catalog: Catalog, context: Context) -> Iterator[tuple[Entry | None, str]]:
    """Obsolete entries pile up beyond the project's limit (``max-obsolete``)."""
    count = sum(1 for entry in catalog.entries if entry.obsolete)
    if count > context.settings.max_obsolete:
        yield None, (
            f"{count} obsolete entries (limit {context.settings.max_obsolete}); review them and remove the ones"
            " no longer useful (msgattrib --no-obsolete)"
        )


CHECKS = (missing, fuzzy, stale, obsolete)
