"""Merge a translated catalog with a new template, with GNU msgmerge's semantics.

Exact matches keep their translation; a changed string takes the most similar old translation,
marked fuzzy with the msgid that translation was made for as ``#|`` previous; strings that left the
template become obsolete. Like msgmerge, obsolete entries come back when their msgid returns, and
untranslated entries that left the template are dropped (there is no work in them); unlike msgmerge,
one that carries a translator comment is kept, because a comment is work too, and translator flags
survive a merge.
"""

from __future__ import annotations

import copy
import math

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .catalog import WRAP_WIDTH, Key, entry_key

__all__ = ["FUZZY_THRESHOLD", "merge_catalog"]

FUZZY_THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD on gettext's fstrcmp similarity; with the context bonus, exactly 0.6 passes."""


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
    matcher = _FuzzyMatcher(list(old))
    used: set[int] = set()
    for wanted in template:
        key = entry_key(wanted)
        found = current.get(key) or retired.get(key)
        if found is not None:
            merged.append(_carry(wanted, found, changed=False))
            used.add(id(found))
            continue
        similar = matcher.best(wanted.msgctxt, wanted.msgid)
        if similar is not None:
            merged.append(_carry(wanted, similar, changed=True))
            used.add(id(similar))
        else:
            merged.append(_fresh(wanted))
    for entry in old:
        if id(entry) not in used and (_first_msgstr(entry) or entry.tcomment):
            retired_entry = copy.copy(entry)
            retired_entry.obsolete = True
            retired_entry.occurrences = []
            retired_entry.comment = ""
            merged.append(retired_entry)
    return merged


def _first_msgstr(entry: polib.POEntry) -> str:
    """What gettext tests to call an entry translated: its msgstr, or msgstr[0] of a plural entry."""
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, ""))
    return str(entry.msgstr)


class _FuzzyMatcher:
    """msgmerge's fuzzy search over the translated old entries (gettext msgl-fsearch.c, fstrcmp.c).

    Similarity is gettext's fstrcmp: ``(len1 + len2 - insertions - deletions) / (len1 + len2)`` over
    UTF-8 bytes, so Arabic letters weigh two. A candidate must share a 4-character substring with the
    msgid (msgid shorter than 4 characters: have a length that could pass at all), must score above
    FUZZY_THRESHOLD, and gets a 0.00001 bonus when its context is none or the same. Of equal scores the
    candidate sharing more 4-grams wins, then the earlier one in the old catalog. rapidfuzz finds the
    few candidates near the threshold in C; the rule above is applied to those in Python.
    """

    _BONUS = 0.00001
    _LENGTH_FACTOR = 2 / FUZZY_THRESHOLD - 1
    _SHORT_MSG_MAX = int(3 * 4 * _LENGTH_FACTOR)
    """Longest msgid, in bytes, that a msgid of fewer than 4 characters is compared with."""

    def __init__(self, entries: list[polib.POEntry]) -> None:
        self.entries = [entry for entry in entries if _first_msgstr(entry)]
        self.encoded = [entry.msgid.encode("utf-8") for entry in self.entries]
        self._grams: dict[int, set[str]] = {}

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        if not self.entries:
            return None
        target = msgid.encode("utf-8")
        # 0.59 is safely below any score that can win (0.6 minus the bonus), so rounding never loses a
        # candidate. The closest candidates are looked at first; all of them only if none of those qualifies.
        top = process.extractOne(target, self.encoded, scorer=Indel.normalized_similarity, score_cutoff=0.59)
        if top is None:
            return None
        for cutoff in (top[1] - 3 * self._BONUS, 0.59):
            near = process.extract(
                target, self.encoded, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None
            )
            best: tuple[float, int, int] | None = None
            for _, score, index in near:
                if best is not None and score + 3 * self._BONUS < -best[0]:
                    break  # sorted best first: nothing further down can reach the best one found
                order = self._order(msgid, target, index)
                if order is None:
                    continue
                goal = self._goal(msgctxt, target, index)
                if goal > FUZZY_THRESHOLD and (best is None or (-goal, order, index) < best):
                    best = (-goal, order, index)
            if best is not None:
                return self.entries[best[2]]
        return None

    def _order(self, msgid: str, target: bytes, index: int) -> int | None:
        """Where msgmerge's search meets this candidate (smaller first, then by index), or None if never."""
        if len(msgid) >= 4:
            grams = self._grams.get(index)
            if grams is None:
                grams = self._grams[index] = set(_four_grams(self.entries[index].msgid))
            shared = sum(1 for gram in _four_grams(msgid) if gram in grams)
            return -shared if shared else None
        length = len(self.encoded[index])
        low = math.ceil(len(target) / self._LENGTH_FACTOR)
        high = int(len(target) * self._LENGTH_FACTOR)
        return length if low <= length <= min(high, self._SHORT_MSG_MAX) else None

    def _goal(self, msgctxt: str | None, target: bytes, index: int) -> float:
        """gettext's fuzzy_search_goal_function: fstrcmp plus the context bonus."""
        context = self.entries[index].msgctxt
        bonus = self._BONUS if context is None or context == msgctxt else 0.0
        other = self.encoded[index]
        total = len(target) + len(other)
        if not target or not other:
            return float(total == 0) + bonus
        return (total - Indel.distance(target, other)) / total + bonus


def _four_grams(text: str) -> list[str]:
    """Every run of 4 characters, repeats included (msgmerge counts each occurrence)."""
    return [text[start : start + 4] for start in range(len(text) - 3)]


def _carry(wanted: polib.POEntry, found: polib.POEntry, *, changed: bool) -> polib.POEntry:
    """Template entry with the old translation, translator comment and flags.

    Like msgmerge, the previous msgid (``#|``) is the one the translation was made for: the old msgid
    when the old entry was reviewed, its own previous msgid when it was fuzzy already; and only a
    translated fuzzy result keeps one.
    """
    flags = [flag for flag in found.flags if flag != "fuzzy"]
    flags += [flag for flag in wanted.flags if flag not in flags]
    fuzzy = (changed or found.fuzzy) and bool(_first_msgstr(found))
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
    if fuzzy and not found.fuzzy:
        entry.previous_msgctxt = found.msgctxt
        entry.previous_msgid = found.msgid
        entry.previous_msgid_plural = found.msgid_plural or None
    elif fuzzy:
        entry.previous_msgctxt = found.previous_msgctxt
        entry.previous_msgid = found.previous_msgid
        entry.previous_msgid_plural = found.previous_msgid_plural or None
    return entry


def _fresh(wanted: polib.POEntry) -> polib.POEntry:
    entry = copy.copy(wanted)
    entry.occurrences = list(wanted.occurrences)
    entry.flags = list(wanted.flags)
    return entry
