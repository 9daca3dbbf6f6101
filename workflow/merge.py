"""Merge a translated catalog with a new template, with GNU msgmerge's semantics.

Exact matches keep their translation; a changed string takes the most similar old translation,
marked fuzzy with the msgid that translation was made for as ``#|`` previous; strings that left the
template become obsolete. Like msgmerge, obsolete entries come back when their msgid returns, and
untranslated entries that left the template are dropped (there is no work in them); unlike msgmerge,
one that carries a translator comment is kept, because a comment is work too.

Flags come as msgmerge sets them: the format flags (``c-format``, ``no-c-format``, ``possible-c-format``),
``range:`` and ``wrap``/``no-wrap`` from the template, ``fuzzy`` from the old entry; and ``fuzzy`` is added
where the old translation may no longer fit: a fuzzy match, another msgid_plural, a template range beyond
the old one, a format the template newly declares and the translation fails as ``msgfmt --check`` would.
Unlike msgmerge, the flags gettext does not know, translators' and tools' (``review``), survive a merge.
A plural entry gets the old header's nplurals forms: empty when it is new, each a copy of the old
translation when that was singular (marked fuzzy); a singular entry keeps only the first of old forms.
"""

from __future__ import annotations

import copy
import re

import polib

from .catalog import WRAP_WIDTH, Key, entry_key
from .fuzzy import FuzzyMatcher, first_msgstr

__all__ = ["merge_catalog"]


def merge_catalog(old: polib.POFile, template: polib.POFile, *, jobs: int = 1, fuzzy: bool = True) -> polib.POFile:
    """A new catalog: ``old``'s translations and header, ``template``'s entries, order and references.

    ``jobs`` > 1 spreads a large fuzzy search (a big catalog with many changed strings) over threads.
    Without ``fuzzy`` a new string gets no old translation (msgmerge --no-fuzzy-matching).
    """
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
    exact = [current.get(entry_key(wanted)) or retired.get(entry_key(wanted)) for wanted in template]
    matcher = FuzzyMatcher(list(old) if fuzzy else [])
    queries = [(wanted.msgctxt, wanted.msgid) for wanted, found in zip(template, exact) if found is None]
    similar = iter(matcher.search(queries, jobs))
    used: set[int] = set()
    plural_forms = old.metadata.get("Plural-Forms", "")
    for wanted, found in zip(template, exact):
        if found is not None:
            merged.append(_carry(wanted, found, plural_forms, changed=False))
            used.add(id(found))
            continue
        index = next(similar)
        if index is not None:
            merged.append(_carry(wanted, matcher.entries[index], plural_forms, changed=True))
            used.add(id(matcher.entries[index]))
        else:
            merged.append(_fresh(wanted, plural_forms))
    for entry in old:
        if id(entry) not in used and (first_msgstr(entry) or entry.tcomment):
            retired_entry = copy.copy(entry)
            retired_entry.obsolete = True
            retired_entry.occurrences = []
            retired_entry.comment = ""
            merged.append(retired_entry)
    return merged


def _carry(wanted: polib.POEntry, found: polib.POEntry, plural_forms: str, *, changed: bool) -> polib.POEntry:
    """Template entry with the old translation, translator comment and flags, fuzzy where msgmerge makes it
    so; ``plural_forms`` is the old header's.

    Like msgmerge, the previous msgid (``#|``) is the one the translation was made for: the old msgid
    when the old entry was reviewed, its own previous msgid when it was fuzzy already; and only a
    translated fuzzy result keeps one.
    """
    translation = first_msgstr(found)
    # A report's strings carry no format or range flag: for them there is nothing but fuzzy to decide.
    plain = not wanted.flags and all(flag == "fuzzy" for flag in found.flags)
    fuzzy = bool(translation) and (
        changed
        or found.fuzzy
        or wanted.msgid_plural != found.msgid_plural
        or (not plain and (_range_widened(wanted.flags, found.flags) or _fails_new_format(wanted, found, plural_forms)))
    )
    entry = polib.POEntry(
        msgid=wanted.msgid,
        msgctxt=wanted.msgctxt,
        msgid_plural=wanted.msgid_plural,
        occurrences=list(wanted.occurrences),
        comment=wanted.comment,
        tcomment=found.tcomment,
        flags=(["fuzzy"] if fuzzy else []) if plain else _merged_flags(wanted.flags, found.flags, fuzzy=fuzzy),
    )
    if wanted.msgid_plural and found.msgid_plural:
        entry.msgstr_plural = dict(found.msgstr_plural)
    elif wanted.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(_plural_count(plural_forms)), translation)
    else:
        entry.msgstr = translation
    if fuzzy and not found.fuzzy:
        entry.previous_msgctxt = found.msgctxt
        entry.previous_msgid = found.msgid
        entry.previous_msgid_plural = found.msgid_plural or None
    elif fuzzy:
        entry.previous_msgctxt = found.previous_msgctxt
        entry.previous_msgid = found.previous_msgid
        entry.previous_msgid_plural = found.previous_msgid_plural or None
    return entry


def _fresh(wanted: polib.POEntry, plural_forms: str) -> polib.POEntry:
    """Template entry without a translation; an untranslated plural one gets the old header's nplurals forms,
    as msgmerge writes it."""
    entry = copy.copy(wanted)
    entry.occurrences = list(wanted.occurrences)
    entry.flags = list(wanted.flags)
    if wanted.msgid_plural and not any(wanted.msgstr_plural.values()):
        entry.msgstr_plural = dict.fromkeys(range(_plural_count(plural_forms)), "")
    return entry


def _plural_count(plural_forms: str) -> int:
    """nplurals as msgmerge reads it from the old header: 2 (the English rule's) when none parses."""
    # With the checks' own imports, 13 ms that only catalogs with plural entries need.
    from .checks.integrity import parse_plural_forms

    try:
        return parse_plural_forms(plural_forms).nplurals
    except ValueError:
        return 2


def _merged_flags(wanted: list[str], found: list[str], *, fuzzy: bool) -> list[str]:
    """The template's flags, the old entry's that gettext does not know, and ``fuzzy`` as decided.

    Flags are kept in the old entry's order, so that an entry merged with its own template is written
    unchanged.
    """
    taken = set(wanted) - {"fuzzy"}
    flags = [flag for flag in found if flag in taken or not _known_to_gettext(flag) or (flag == "fuzzy" and fuzzy)]
    flags += [flag for flag in wanted if flag in taken and flag not in flags]
    return ["fuzzy", *flags] if fuzzy and "fuzzy" not in flags else flags


def _known_to_gettext(flag: str) -> bool:
    """Whether msgmerge decides this flag itself, from the template or its own checks."""
    return flag in ("fuzzy", "wrap", "no-wrap") or flag.endswith("-format") or flag.startswith("range:")


_RANGE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)")


def _range(flags: list[str]) -> tuple[int, int] | None:
    """The ``range: a..b`` of n the string is used with, if the flags give one (the last one counts)."""
    ranges = [match.groups() for match in map(_RANGE.fullmatch, flags) if match]
    return (int(ranges[-1][0]), int(ranges[-1][1])) if ranges else None


def _range_widened(wanted: list[str], found: list[str]) -> bool:
    """Whether the old translation was made for a range of n that the template's no longer stays within."""
    old, new = _range(found), _range(wanted)
    return old is not None and (new is None or not old[0] <= new[0] <= new[1] <= old[1])


_FORMAT_CLAIMS = (("no-", False), ("impossible-", False), ("possible-", True), ("", True))
"""Prefixes of a format flag, and whether they make the string one of that kind."""


def _declared_formats(flags: list[str]) -> set[str]:
    """The format kinds (``c-format``) the flags say a string is or may be; of contradicting flags, the last
    counts."""
    declared: dict[str, bool] = {}
    for flag in flags:
        if flag.endswith("-format"):
            prefix, claim = next(item for item in _FORMAT_CLAIMS if flag.startswith(item[0]))
            declared[flag[len(prefix) :]] = claim
    return {kind for kind, claim in declared.items() if claim}


def _fails_new_format(wanted: polib.POEntry, found: polib.POEntry, plural_forms: str) -> bool:
    """Whether the template declares a format the old entry did not and the old translation fails it, as
    ``msgfmt --check`` would (the old header deciding which plural forms are checked strictly).

    msgmerge makes such an entry fuzzy, so that a catalog passing ``msgfmt --check`` still does. The
    format checks of ``workflow check`` judge; a kind they do not know passes.
    """
    added = _declared_formats(wanted.flags) - _declared_formats(found.flags)
    if not added:
        return False
    # With their own imports, 13 ms that only a newly declared format needs.
    from .checks.base import Catalog, Context, Entry, Settings
    from .checks.integrity import CHECKS

    forms = tuple(found.msgstr_plural[index] for index in sorted(found.msgstr_plural))
    entry = Entry(msgid=wanted.msgid, msgstr=found.msgstr, line=0, msgctxt=wanted.msgctxt,
                  msgid_plural=wanted.msgid_plural, plurals=forms, flags=tuple(wanted.flags))
    header = {"Plural-Forms": plural_forms} if plural_forms else {}
    catalog = Catalog(path="", language="", source_language="", entries=(entry,), header=header)
    context = Context(catalog, Settings())
    return any(any(check.function(catalog, context)) for check in CHECKS if check.id in added)
