"""Merge a translated catalog with a new template, with GNU msgmerge's semantics.

Exact matches keep their translation; a changed string takes the most similar old translation,
marked fuzzy with the msgid that translation was made for as ``#|`` previous; strings that left the
template become obsolete. Like msgmerge, obsolete entries come back when their msgid returns, and
untranslated entries that left the template are dropped (there is no work in them); unlike msgmerge,
one that carries a translator comment is kept, because a comment is work too, and translator flags
survive a merge.
"""

from __future__ import annotations

import bisect
import copy
import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .catalog import WRAP_WIDTH, Key, entry_key

__all__ = ["FUZZY_THRESHOLD", "merge_catalog"]

FUZZY_THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD on gettext's fstrcmp similarity; with the context bonus, exactly 0.6 passes."""


def merge_catalog(old: polib.POFile, template: polib.POFile, *, jobs: int = 1) -> polib.POFile:
    """A new catalog: ``old``'s translations and header, ``template``'s entries, order and references.

    ``jobs`` > 1 spreads a large fuzzy search (a big catalog with many changed strings) over processes.
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
    matcher = _FuzzyMatcher(list(old))
    queries = [(wanted.msgctxt, wanted.msgid) for wanted, found in zip(template, exact) if found is None]
    similar = iter(_search(matcher, queries, jobs))
    used: set[int] = set()
    for wanted, found in zip(template, exact):
        if found is not None:
            merged.append(_carry(wanted, found, changed=False))
            used.add(id(found))
            continue
        index = next(similar)
        if index is not None:
            merged.append(_carry(wanted, matcher.entries[index], changed=True))
            used.add(id(matcher.entries[index]))
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


_PARALLEL_PAIRS = 5_000_000
"""Below this many (new string, old string) pairs, starting processes costs more than it saves."""
_searching: "_FuzzyMatcher | None" = None


def _search(matcher: "_FuzzyMatcher", queries: list[tuple[str | None, str]], jobs: int) -> list[int | None]:
    """The fuzzy match of each query: one after the other, or in forked processes sharing the index."""
    global _searching
    if jobs <= 1 or len(queries) < 2 * jobs or len(queries) * len(matcher.entries) < _PARALLEL_PAIRS:
        return [matcher.best_index(msgctxt, msgid) for msgctxt, msgid in queries]
    if "fork" not in multiprocessing.get_all_start_methods():
        return [matcher.best_index(msgctxt, msgid) for msgctxt, msgid in queries]
    size = max(1, min(64, len(queries) // (jobs * 8)))
    chunks = [queries[start : start + size] for start in range(0, len(queries), size)]
    _searching = matcher  # inherited by the forked workers, never pickled
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return [index for found in pool.map(_search_chunk, chunks) for index in found]
    finally:
        _searching = None


def _search_chunk(chunk: list[tuple[str | None, str]]) -> list[int | None]:
    assert _searching is not None
    return [_searching.best_index(msgctxt, msgid) for msgctxt, msgid in chunk]


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
    candidate sharing more 4-grams wins, then the earlier one in the old catalog.

    The search is exact and indexed: rapidfuzz (in C) finds every candidate at or above a cutoff, and
    only among the old msgids whose length allows that cutoff (a similarity of ``c`` needs the shorter
    string to be at least ``c / (2 - c)`` of the longer one; the old msgids are sorted by length, so
    that is a slice). The cutoff starts high when a cheap probe (old msgids starting or ending like the
    new one: a typical edit) finds a close candidate, and only drops to the threshold when nothing
    at the high cutoff qualifies. The rule above then picks among the few candidates near the top.
    """

    _BONUS = 0.00001
    _FLOOR = 0.59
    """Safely below any score that can win (0.6 minus the bonus), so rounding never loses a candidate."""
    _LENGTH_FACTOR = 2 / FUZZY_THRESHOLD - 1
    _SHORT_MSG_MAX = int(3 * 4 * _LENGTH_FACTOR)
    """Longest msgid, in bytes, that a msgid of fewer than 4 characters is compared with."""
    _PROBE = 24
    """Bytes of the start and of the end of a msgid that the probe looks up."""
    INDEX_FROM = 200
    """Old catalogs this large get the length index and the probe; smaller ones are searched whole."""

    def __init__(self, entries: list[polib.POEntry], index_from: int | None = None) -> None:
        self.entries = [entry for entry in entries if _first_msgstr(entry)]
        self.encoded = [entry.msgid.encode("utf-8") for entry in self.entries]
        self._grams: dict[int, set[str]] = {}
        self.indexed = len(self.entries) >= (self.INDEX_FROM if index_from is None else index_from)
        if self.indexed:
            order = sorted(range(len(self.encoded)), key=lambda index: len(self.encoded[index]))
            self._order_by_length = order
            self._sorted = [self.encoded[index] for index in order]
            self._lengths = [len(text) for text in self._sorted]
            self._starts: dict[bytes, list[int]] = {}
            self._ends: dict[bytes, list[int]] = {}
            for index, text in enumerate(self.encoded):
                self._starts.setdefault(text[: self._PROBE], []).append(index)
                self._ends.setdefault(text[-self._PROBE :], []).append(index)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        index = self.best_index(msgctxt, msgid)
        return None if index is None else self.entries[index]

    def best_index(self, msgctxt: str | None, msgid: str) -> int | None:
        """Index in ``entries`` of the old entry msgmerge would take for ``msgid``, or None."""
        if not self.entries:
            return None
        target = msgid.encode("utf-8")
        for cutoff in self._cutoffs(target):
            hits = self._hits(target, cutoff)
            best: tuple[float, int, int] | None = None
            for score, index in hits:
                if best is not None and score + 3 * self._BONUS < -best[0]:
                    break  # sorted best first: nothing further down can reach the best one found
                order = self._order(msgid, target, index)
                if order is None:
                    continue
                goal = self._goal(msgctxt, target, index)
                if goal > FUZZY_THRESHOLD and (best is None or (-goal, order, index) < best):
                    best = (-goal, order, index)
            # Every candidate not among the hits scores below the cutoff: if the best one found is far
            # enough above it, no other can reach it; otherwise look again with the threshold.
            if best is not None and (cutoff <= self._FLOOR or -best[0] - 3 * self._BONUS >= cutoff):
                return best[2]
        return None

    def _cutoffs(self, target: bytes) -> list[float]:
        """Descending cutoffs ending at the threshold; the first one from the probe's best score."""
        if not self.indexed or len(target) < self._PROBE:
            return [self._FLOOR]
        probes = set(self._starts.get(target[: self._PROBE], ())) | set(self._ends.get(target[-self._PROBE :], ()))
        best = max((Indel.normalized_similarity(target, self.encoded[index]) for index in probes), default=0.0)
        if best - 4 * self._BONUS <= self._FLOOR:
            # No old string starts or ends like this one: find the best score in C. extractOne raises
            # its cutoff to the best score found so far, so it gets cheaper as it goes; and when it finds
            # nothing at the threshold, no old string can qualify.
            start, stop = self._window(len(target), self._FLOOR)
            found = process.extractOne(
                target, self._sorted[start:stop], scorer=Indel.normalized_similarity, score_cutoff=self._FLOOR
            )
            if found is None:
                return []
            best = max(best, found[1])
        top = best - 4 * self._BONUS
        return [top, self._FLOOR] if top > self._FLOOR else [self._FLOOR]

    def _window(self, size: int, cutoff: float) -> tuple[int, int]:
        """The slice of length-sorted old msgids that can score ``cutoff`` against ``size`` bytes.

        A score of c needs 2 * min / (len1 + len2) >= c; the slack keeps float rounding on the safe side.
        """
        low = math.floor(size * cutoff / (2 - cutoff) * (1 - 1e-9))
        high = math.ceil(size * (2 - cutoff) / cutoff * (1 + 1e-9))
        return bisect.bisect_left(self._lengths, low), bisect.bisect_right(self._lengths, high)

    def _hits(self, target: bytes, cutoff: float) -> list[tuple[float, int]]:
        """Every old msgid scoring at least ``cutoff``, as (score, index), best first, then by index."""
        if not self.indexed or not target:
            found = process.extract(
                target, self.encoded, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None
            )
            return [(score, index) for _, score, index in found]
        start, stop = self._window(len(target), cutoff)
        found = process.extract(
            target, self._sorted[start:stop], scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None
        )
        hits = [(score, self._order_by_length[start + position]) for _, score, position in found]
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        return hits

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
