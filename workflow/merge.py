"""Merge a translated catalog with a new template, with GNU msgmerge's semantics.

Exact matches keep their translation; a changed string takes the most similar old translation,
marked fuzzy with the old msgid as ``#|`` previous; strings that left the template become obsolete.
Like msgmerge, obsolete entries come back when their msgid returns, and untranslated entries that
left the template are dropped (there is no work in them); unlike msgmerge, one that carries a
translator comment is kept, because a comment is work too.
"""

from __future__ import annotations

import copy

import polib
from rapidfuzz import fuzz, process

from .catalog import WRAP_WIDTH, Key, entry_key, is_translated

__all__ = ["FUZZY_CUTOFF", "merge_catalog"]

FUZZY_CUTOFF = 60.0
"""msgmerge's FUZZY_THRESHOLD (0.6) on the same 0-100 scale as rapidfuzz's normalized Indel similarity."""


def merge_catalog(old: polib.POFile, template: polib.POFile) -> polib.POFile:
    """A new catalog: ``old``'s translations and header, ``template``'s entries, order and references."""
    merged = polib.POFile(wrapwidth=WRAP_WIDTH)
    merged.header = old.header
    merged.metadata = dict(old.metadata)
    merged.metadata_is_fuzzy = old.metadata_is_fuzzy
    if "POT-Creation-Date" in template.metadata:
        merged.metadata["POT-Creation-Date"] = template.metadata["POT-Creation-Date"]

    current: dict[Key, polib.POEntry] = {}
    retired: dict[Key, polib.POEntry] = {}
    for entry in old:
        (retired if entry.obsolete else current)[entry_key(entry)] = entry
    matcher = _FuzzyMatcher([entry for entry in old if is_translated(entry)])
    used: set[int] = set()
    for wanted in template:
        key = entry_key(wanted)
        found = current.get(key) or retired.get(key)
        if found is not None:
            merged.append(_carry(wanted, found, fuzzy=found.fuzzy, source_changed=False))
            used.add(id(found))
            continue
        similar = matcher.best(wanted.msgid)
        if similar is not None:
            merged.append(_carry(wanted, similar, fuzzy=True, source_changed=True))
            used.add(id(similar))
        else:
            merged.append(_fresh(wanted))
    for entry in old:
        if id(entry) in used:
            continue
        if entry.obsolete:
            merged.append(entry)
        elif is_translated(entry) or entry.tcomment:
            retired_entry = copy.copy(entry)
            retired_entry.obsolete = True
            retired_entry.occurrences = []
            merged.append(retired_entry)
    return merged


class _FuzzyMatcher:
    """Finds the most similar translated old msgid, as msgmerge does, without comparing every pair in Python."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = entries
        self.msgids = [entry.msgid for entry in entries]

    def best(self, msgid: str) -> polib.POEntry | None:
        if not self.msgids:
            return None
        found = process.extractOne(msgid, self.msgids, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.entries[found[2]] if found else None


def _carry(wanted: polib.POEntry, found: polib.POEntry, *, fuzzy: bool, source_changed: bool) -> polib.POEntry:
    """Template entry with the old translation, translator comment and flags.

    A changed source records the old msgid as previous (``#|``); an unchanged fuzzy entry keeps its own.
    """
    flags = [flag for flag in found.flags if flag != "fuzzy"]
    flags += [flag for flag in wanted.flags if flag not in flags]
    entry = polib.POEntry(
        msgid=wanted.msgid,
        msgctxt=wanted.msgctxt,
        msgid_plural=wanted.msgid_plural,
        occurrences=list(wanted.occurrences),
        comment=wanted.comment,
        tcomment=found.tcomment,
        flags=(["fuzzy"] if fuzzy else []) + flags,
    )
    if wanted.msgid_plural:
        entry.msgstr_plural = dict(found.msgstr_plural) or {0: found.msgstr}
    else:
        entry.msgstr = found.msgstr or found.msgstr_plural.get(0, "")
    if source_changed:
        entry.previous_msgid = found.msgid
        entry.previous_msgid_plural = found.msgid_plural
        entry.previous_msgctxt = found.msgctxt
    elif fuzzy:
        entry.previous_msgid = found.previous_msgid
        entry.previous_msgid_plural = found.previous_msgid_plural
        entry.previous_msgctxt = found.previous_msgctxt
    return entry


def _fresh(wanted: polib.POEntry) -> polib.POEntry:
    entry = copy.copy(wanted)
    entry.occurrences = list(wanted.occurrences)
    entry.flags = list(wanted.flags)
    return entry
