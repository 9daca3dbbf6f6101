"""msgmerge's fuzzy search: for a new string, the old translated entry gettext would pick, found fast.

``merge.py`` decides what a merged entry keeps; this module only finds which old entry a changed
string takes. gettext compares each new string with every old one; here an index and rapidfuzz's bulk
bounds leave few candidates to score, with the same result.
"""

from __future__ import annotations

import bisect
import contextlib
import math
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

if TYPE_CHECKING:
    import numpy

__all__ = ["FUZZY_THRESHOLD", "FuzzyMatcher", "first_msgstr"]

FUZZY_THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD on gettext's fstrcmp similarity; with the context bonus, exactly 0.6 passes."""


def first_msgstr(entry: polib.POEntry) -> str:
    """What gettext tests to call an entry translated: its msgstr, or msgstr[0] of a plural entry."""
    if entry.msgid_plural:
        return str(entry.msgstr_plural.get(0, ""))
    return str(entry.msgstr)


_PARALLEL_PAIRS = 50_000
"""Below this many (new string, old msgid) pairs to bound in one search, threads cost more than they save."""


class FuzzyMatcher:
    """msgmerge's fuzzy search over the translated old entries (gettext msgl-fsearch.c, fstrcmp.c).

    Similarity is gettext's fstrcmp: ``(len1 + len2 - insertions - deletions) / (len1 + len2)`` over
    UTF-8 bytes, so Arabic letters weigh two. A candidate must share a 4-character substring with the
    msgid (msgid shorter than 4 characters: have a length that could pass at all), must score above
    FUZZY_THRESHOLD, and gets a 0.00001 bonus when its context is none or the same. Of equal scores the
    candidate sharing more 4-grams wins, then the earlier one in the old catalog.

    The search is exhaustive and exact; only the way to the candidates depends on the size: a small
    catalog is scanned whole by rapidfuzz (in C), a large one goes through _OldMsgids, whose upper bounds
    on the similarity, computed in bulk, leave few old msgids to score one by one.
    """

    _BONUS = 0.00001
    _FLOOR = 0.59
    """Safely below any score that can win (0.6 minus the bonus), so rounding never loses a candidate."""
    _LENGTH_FACTOR = 2 / FUZZY_THRESHOLD - 1
    _SHORT_MSG_MAX = int(3 * 4 * _LENGTH_FACTOR)
    """Longest msgid, in bytes, that a msgid of fewer than 4 characters is compared with."""
    INDEX_FROM = 200
    """Old catalogs this large get the index; smaller ones are scanned whole."""

    def __init__(self, entries: list[polib.POEntry], index_from: int | None = None) -> None:
        self.entries = [entry for entry in entries if first_msgstr(entry)]
        self.encoded = [entry.msgid.encode("utf-8") for entry in self.entries]
        self.indexed = len(self.entries) >= (self.INDEX_FROM if index_from is None else index_from)
        self._index: _OldMsgids | None = None

    def search(self, queries: list[tuple[str | None, str]], workers: int = 1) -> list[int | None]:
        """Index in ``entries`` of the old entry msgmerge would take for each (msgctxt, msgid), or None.

        ``workers`` threads share the bulk comparisons of a large catalog.
        """
        if not self.entries:
            return [None] * len(queries)
        targets = [msgid.encode("utf-8") for _, msgid in queries]
        if not self.indexed:
            return [self._scanned(msgctxt, msgid, target) for (msgctxt, msgid), target in zip(queries, targets)]
        if self._index is None:
            self._index = _OldMsgids(self.encoded)
        index = self._index
        tops = [index.probe(target) for target in targets]
        found: list[int | None] = [None] * len(queries)
        # The new strings no old msgid starts or ends like are compared with every old msgid in the pool's
        # threads (near) while this thread settles the others; those it leaves undecided go last.
        with ThreadPoolExecutor(workers) if workers > 1 else contextlib.nullcontext() as pool:
            far = [position for position, target in enumerate(targets) if target and tops[position] < index.CLOSE]
            searches = [(far, index.near([targets[position] for position in far], self._FLOOR, pool))]
            undecided = []
            for position, ((msgctxt, msgid), target) in enumerate(zip(queries, targets)):
                if not target:
                    # An empty msgid is only like an empty one (its similarities would divide 0 by 0): scanned.
                    found[position] = self._scanned(msgctxt, msgid, b"")
                elif tops[position] >= index.CLOSE:
                    found[position] = self._close_match(index, msgctxt, msgid, target, tops[position])
                    if found[position] is None:
                        undecided.append(position)
            later = index.near([targets[position] for position in undecided], self._FLOOR, pool)
            searches.append((undecided, later))
            for positions, near in searches:
                for at, candidates in near:
                    position = positions[at]
                    msgctxt, msgid = queries[position]
                    found[position] = _index_of(self._pick(msgctxt, msgid, targets[position], candidates))
        return found

    def _scanned(self, msgctxt: str | None, msgid: str, target: bytes) -> int | None:
        """The choice among every old msgid, scored by rapidfuzz (in C) down to the floor."""
        found = process.extract(
            target, self.encoded, scorer=Indel.normalized_similarity, score_cutoff=self._FLOOR, limit=None
        )
        return _index_of(self._pick(msgctxt, msgid, target, [(score, index) for _, score, index in found]))

    def _close_match(
        self, index: _OldMsgids, msgctxt: str | None, msgid: str, target: bytes, top: float
    ) -> int | None:
        """The answer when an old msgid starting or ending like this one (a typical edit), scoring ``top``,
        settles it cheaply.

        None when undecided: then every old msgid is compared.
        """
        cutoff = top - 4 * self._BONUS
        found = self._pick(msgctxt, msgid, target, index.above(target, cutoff))
        # Every old msgid left out scores below the cutoff: if the best one found is far enough above it,
        # no other can reach it.
        if found is not None and found[0] - 3 * self._BONUS >= cutoff:
            return found[1]
        return None

    def _pick(
        self, msgctxt: str | None, msgid: str, target: bytes, candidates: Iterable[tuple[float, int]]
    ) -> tuple[float, int] | None:
        """msgmerge's choice, with its goal, among ``candidates``: (similarity or an upper bound of it, index
        in ``entries``), highest first, holding every old entry that can win.

        The highest goal above the threshold among the entries msgmerge's search meets, then the one it
        meets first; the 4-gram counts that decide that are only needed for equal goals. Exact scores are
        computed down the candidates only as long as their bounds can still reach the best goal found.
        """
        best = 0.0
        tied: list[int] = []
        for bound, index in candidates:
            # The bonus is the most a goal adds to its score; the slack covers the last bit of rounding.
            if bound + self._BONUS + 1e-9 < max(best, FUZZY_THRESHOLD):
                break
            goal = self._goal(msgctxt, target, index)
            if goal <= FUZZY_THRESHOLD or goal < best or not self._meets(msgid, target, index):
                continue
            if goal > best:
                best, tied = goal, []
            tied.append(index)
        if len(tied) < 2:
            return (best, tied[0]) if tied else None
        return best, min(tied, key=lambda index: (self._order(msgid, target, index), index))

    def _meets(self, msgid: str, target: bytes, index: int) -> bool:
        """Whether msgmerge's search considers this old entry at all."""
        if len(msgid) >= 4:
            other = self.entries[index].msgid
            return any(msgid[start : start + 4] in other for start in range(len(msgid) - 3))
        length = len(self.encoded[index])
        low = math.ceil(len(target) / self._LENGTH_FACTOR)
        high = int(len(target) * self._LENGTH_FACTOR)
        return low <= length <= min(high, self._SHORT_MSG_MAX)

    def _order(self, msgid: str, target: bytes, index: int) -> int:
        """Where msgmerge's search meets an entry it considers (smaller first, then by index): more shared
        4-grams first, each occurrence in the msgid counting; for a msgid of fewer than 4 characters,
        shorter first."""
        if len(msgid) >= 4:
            grams = set(_four_grams(self.entries[index].msgid))
            return -sum(1 for gram in _four_grams(msgid) if gram in grams)
        return len(self.encoded[index])

    def _goal(self, msgctxt: str | None, target: bytes, index: int) -> float:
        """gettext's fuzzy_search_goal_function: fstrcmp plus the context bonus."""
        context = self.entries[index].msgctxt
        bonus = self._BONUS if context is None or context == msgctxt else 0.0
        other = self.encoded[index]
        total = len(target) + len(other)
        if not target or not other:
            return float(total == 0) + bonus
        return (total - Indel.distance(target, other)) / total + bonus


def _index_of(found: tuple[float, int] | None) -> int | None:
    return None if found is None else found[1]


def _four_grams(text: str) -> list[str]:
    """Every run of 4 characters, repeats included (msgmerge counts each occurrence)."""
    return [text[start : start + 4] for start in range(len(text) - 3)]


class _OldMsgids:
    """The old msgids of a large catalog, indexed so that few of them need an exact score.

    Exact upper bounds on the longest common subsequence (LCS) of two msgids, computed in bulk, select
    the candidates. For a typical edit, an old msgid starting or ending like the new one scores high, and
    counting bytes (an LCS holds at most the smaller count of each byte) rules out nearly every other old
    msgid near that score. A new or rewritten string has only the threshold, where prose is too much
    alike in its letters for counting to exclude anything: there the bound is the sum of the LCSs within
    two or three parts of the alphabet, nearly as selective as the LCS at a third to a half of its cost,
    computed by rapidfuzz in C on all threads. numpy, needed only here, is imported only here: importing
    it takes a tenth of a second.
    """

    CLOSE = 0.9
    """Probe score from which counting bytes leaves few candidates."""
    _PROBE = 24
    """Bytes of the start and of the end of a msgid that the probe looks up."""
    _COUNTED = 64
    """Byte classes counted: the 63 most frequent bytes, and all the others together."""
    _CUTS = ((0.45, 0.85), (0.5,))
    """Ways to cut the alphabet into parts, at these shares of all bytes taken by falling frequency. Three
    parts (frequent, common, rare bytes) cost least on English prose; two bound tighter where three would
    split the letters, as in Arabic (a few lead bytes, then the many second bytes of its letters). A
    sample of the catalog decides (_planned_cost). Dealing the bytes out to equal parts did worse on both."""
    _SAMPLE = 1000
    """Old msgids on which the cuts are tried, 8 of them against all."""
    _BATCH_PAIRS = 1_500_000
    """(new string, old msgid) pairs compared at once, about 20 bytes each."""

    def __init__(self, encoded: list[bytes]) -> None:
        import numpy

        self.order = sorted(range(len(encoded)), key=lambda index: len(encoded[index]))
        self.texts = [encoded[index] for index in self.order]
        self.lengths = [len(text) for text in self.texts]
        self._length_array = numpy.array(self.lengths, dtype=numpy.int64)
        self._starts: dict[bytes, list[bytes]] = {}
        self._ends: dict[bytes, list[bytes]] = {}
        for text in self.texts:  # shortest first: probe() bisects the lists by length
            self._starts.setdefault(text[: self._PROBE], []).append(text)
            self._ends.setdefault(text[-self._PROBE :], []).append(text)
        self._frequency = numpy.zeros(256, dtype=numpy.int64)
        for start in range(0, len(self.texts), 4096):
            self._frequency += numpy.bincount(
                numpy.frombuffer(b"".join(self.texts[start : start + 4096]), numpy.uint8), minlength=256
            )
        self._counts: tuple[numpy.ndarray, numpy.ndarray] | None = None
        self._parts: list[tuple[bytes, numpy.ndarray, numpy.ndarray]] | None = None

    def probe(self, target: bytes) -> float:
        """Best similarity, if at least CLOSE, of an old msgid starting or ending like ``target``; else 0.

        Only those of a length that can score CLOSE are scored: a common start can have a thousand.
        """
        if len(target) < self._PROBE:
            return 0.0
        low, high = self._lengths(len(target), self.CLOSE)
        alike: list[bytes] = []
        for texts in (self._starts.get(target[: self._PROBE], []), self._ends.get(target[-self._PROBE :], [])):
            alike += texts[bisect.bisect_left(texts, low, key=len) : bisect.bisect_right(texts, high, key=len)]
        best = process.extractOne(target, alike, scorer=Indel.normalized_similarity, score_cutoff=self.CLOSE)
        return 0.0 if best is None else best[1]

    def above(self, target: bytes, cutoff: float) -> list[tuple[float, int]]:
        """The old msgids whose byte counts allow a similarity of ``cutoff`` with (non-empty) ``target``:
        (that bound on their similarity, index), highest first."""
        import numpy

        counts, classes = self._byte_counts()
        low, high = self._window(len(target), cutoff)
        wanted = numpy.bincount(classes[numpy.frombuffer(target, numpy.uint8)], minlength=self._COUNTED)
        common = numpy.minimum(counts[low:high], wanted).sum(axis=1)
        return self._ranked(2 * common / (self._length_array[low:high] + len(target)), cutoff, low)

    def near(
        self, targets: list[bytes], cutoff: float, pool: Executor | None
    ) -> Iterator[tuple[int, list[tuple[float, int]]]]:
        """For each (non-empty) target, the old msgids that the alphabet parts allow to score ``cutoff``:
        (position in ``targets``, [(that bound on their similarity, index), highest first]).

        With a ``pool``, the bulk comparisons start at once and run in its threads; they are yielded as they
        end.
        """
        by_length = sorted(range(len(targets)), key=lambda position: len(targets[position]))
        per_batch = max(1, self._BATCH_PAIRS // len(self.texts))
        batches = []
        for start in range(0, len(by_length), per_batch):
            batch = by_length[start : start + per_batch]
            low = self._window(len(targets[batch[0]]), cutoff)[0]
            high = self._window(len(targets[batch[-1]]), cutoff)[1]
            batches.append((batch, [targets[position] for position in batch], low, high))
        if batches:
            self._alphabet_parts(cutoff)  # made once, before the threads share it
        pairs = sum(len(batch) * (high - low) for batch, _, low, high in batches)
        if pool is None or pairs < _PARALLEL_PAIRS:
            done: Iterable[list[tuple[int, list[tuple[float, int]]]]] = (
                self._near_batch(*batch, cutoff) for batch in batches
            )
        else:
            # Longest targets first, so that no long batch is left to run alone at the end.
            futures = [pool.submit(self._near_batch, *batch, cutoff) for batch in reversed(batches)]
            done = (future.result() for future in as_completed(futures))
        return (found for batch in done for found in batch)

    def _near_batch(
        self, positions: list[int], targets: list[bytes], low: int, high: int, cutoff: float
    ) -> list[tuple[int, list[tuple[float, int]]]]:
        """near() for these targets, sorted by length, against the old msgids from ``low`` to ``high``.

        The first part, of the most frequent bytes, has the longest pieces and costs most: its LCS is only
        computed where the other parts, with the shorter piece as the most it could add, leave the pair able
        to reach ``cutoff`` (two pairs in three on prose; most pairs of unlike lengths drop out).
        """
        import numpy

        if low >= high:
            return [(position, []) for position in positions]
        (first_others, first_texts, first_lengths), *others = self._alphabet_parts(cutoff)
        sizes = numpy.array([len(target) for target in targets], dtype=numpy.int64)
        total = sizes[:, None] + self._length_array[None, low:high]
        common = sum(
            process.cdist(
                [target.translate(None, other_bytes) for target in targets], part[low:high],
                scorer=LCSseq.similarity, dtype=numpy.int32,
            )
            for other_bytes, part, _ in others
        )
        found = []
        for row, target in enumerate(targets):
            piece = target.translate(None, first_others)
            hope = common[row] + numpy.minimum(first_lengths[low:high], len(piece))
            kept = numpy.flatnonzero(2 * hope / total[row] >= cutoff - 1e-9)
            common[row, kept] += process.cdist(
                [piece], first_texts[low + kept], scorer=LCSseq.similarity, dtype=numpy.int32
            )[0]
            # Where the first part was left out, the bound is below the hope that failed: _ranked drops it.
            found.append((positions[row], self._ranked(2 * common[row] / total[row], cutoff, low)))
        return found

    def _ranked(self, bounds: numpy.ndarray, cutoff: float, low: int) -> list[tuple[float, int]]:
        """(bound, index) of the old msgids from ``low`` on whose bound reaches ``cutoff``, highest first."""
        import numpy

        kept = numpy.flatnonzero(bounds >= cutoff - 1e-9)  # the slack keeps float rounding on the safe side
        indexes = [self.order[low + position] for position in kept.tolist()]
        return sorted(zip(bounds[kept].tolist(), indexes), reverse=True)

    def _window(self, size: int, cutoff: float) -> tuple[int, int]:
        """The slice of length-sorted old msgids that can score ``cutoff`` against ``size`` bytes."""
        low, high = self._lengths(size, cutoff)
        return bisect.bisect_left(self.lengths, low), bisect.bisect_right(self.lengths, high)

    @staticmethod
    def _lengths(size: int, cutoff: float) -> tuple[int, int]:
        """The shortest and longest msgids that can score ``cutoff`` against ``size`` bytes.

        A score of c needs 2 * min / (len1 + len2) >= c; the slack keeps float rounding on the safe side.
        """
        low = math.floor(size * cutoff / (2 - cutoff) * (1 - 1e-9))
        high = math.ceil(size * (2 - cutoff) / cutoff * (1 + 1e-9))
        return low, high

    def _byte_counts(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """How often each byte class occurs in each old msgid, and the class of each byte; made when first
        needed."""
        import numpy

        if self._counts is None:
            frequent = numpy.argsort(-self._frequency, kind="stable")[: self._COUNTED - 1]
            classes = numpy.full(256, self._COUNTED - 1, dtype=numpy.int64)
            classes[frequent] = numpy.arange(self._COUNTED - 1)
            counts = numpy.empty((len(self.texts), self._COUNTED), dtype=numpy.int32)
            for start in range(0, len(self.texts), 4096):
                chunk = self.texts[start : start + 4096]
                owners = numpy.repeat(numpy.arange(len(chunk)), self.lengths[start : start + len(chunk)])
                occurrences = owners * self._COUNTED + classes[numpy.frombuffer(b"".join(chunk), numpy.uint8)]
                counts[start : start + len(chunk)] = numpy.bincount(
                    occurrences, minlength=len(chunk) * self._COUNTED
                ).reshape(-1, self._COUNTED)
            self._counts = (counts, classes)
        return self._counts

    def _alphabet_parts(self, cutoff: float) -> list[tuple[bytes, numpy.ndarray, numpy.ndarray]]:
        """The alphabet cut into parts, each as (the bytes of the other parts, the old msgids' bytes in this
        part, their lengths); made when first needed."""
        import numpy

        if self._parts is None:
            sample = self.texts[:: max(1, len(self.texts) // self._SAMPLE)]
            cuts = [self._cut(shares) for shares in self._CUTS]
            cut = min(cuts, key=lambda cut: self._planned_cost(cut, sample, cutoff))
            parts = []
            for others in cut:
                pieces = numpy.array([text.translate(None, others) for text in self.texts], dtype=object)
                parts.append((others, pieces, numpy.fromiter(map(len, pieces), numpy.int64, len(pieces))))
            self._parts = parts
        return self._parts

    def _cut(self, shares: tuple[float, ...]) -> list[bytes]:
        """The parts of the alphabet cut at these shares, each as the bytes of the other parts."""
        frequency = self._frequency.tolist()
        cuts = [share * sum(frequency) for share in shares]
        parts: list[set[int]] = [set() for _ in range(len(cuts) + 1)]
        seen = 0
        for byte in sorted(range(256), key=lambda byte: -frequency[byte]):
            parts[sum(seen >= cut for cut in cuts)].add(byte)
            seen += frequency[byte]
        return [bytes(byte for byte in range(256) if byte not in part) for part in parts]

    def _planned_cost(self, cut: list[bytes], sample: list[bytes], cutoff: float) -> int:
        """Word operations of the bulk bound and of the exact scores it leaves to compute, for a few of the
        sample's msgids (no more alike to the others than new strings are to old ones) against all."""
        import numpy

        step = max(1, len(sample) // 8)
        lengths = numpy.array([len(text) for text in sample], dtype=numpy.int64)
        words = -(-lengths[::step] // 64)
        cost = 0
        bound = numpy.zeros((len(words), len(sample)), dtype=numpy.int64)
        for others in cut:
            pieces = [text.translate(None, others) for text in sample]
            bound += process.cdist(pieces[::step], pieces, scorer=LCSseq.similarity, dtype=numpy.int32)
            cost += sum(-(-len(piece) // 64) for piece in pieces[::step]) * sum(map(len, pieces))
        left = 2 * bound >= cutoff * (lengths[::step, None] + lengths[None, :])
        left[numpy.arange(len(words)), numpy.arange(len(words)) * step] = False  # each one against itself
        return cost + int((words[:, None] * lengths[None, :] * left).sum())
