"""The translation memory: every reviewed translation of the project, plus imported TMX files.

It is derived data, rebuilt from files on every run: the PO catalogs stay the truth
(``locale/LANG/LC_MESSAGES/*.po``: translated, non-fuzzy entries) and imported TMX files are kept
as files (``locale/memory/*.tmx``). A unit serves both directions: an English report's Arabic
catalog also answers questions about Arabic text (the match says so).

Lookups are exact (normalized text: Unicode NFC, runs of whitespace and no-break spaces as one
space) or fuzzy: rapidfuzz's ``fuzz.ratio`` (the Indel similarity, 0-100, on case-folded text),
computed only for a few candidates found by a cheap prefilter: an inverted index of the query's
rarest words, and the lengths a match above the threshold can have. Never an all-pairs loop.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from .catalog import read_catalog
from .config import Config
from .fileio import display_path
from .locales import base_language

__all__ = [
    "DEFAULT_THRESHOLD",
    "MEMORY_DIR",
    "Origin",
    "MemoryUnit",
    "Match",
    "Memory",
    "normalize",
    "load_memory",
    "memory_dir",
]

DEFAULT_THRESHOLD = 75.0
"""Lowest similarity (percent) of a fuzzy match; CAT tools default to 70-75."""
MEMORY_DIR = "memory"
"""Imported TMX files live in ``LOCALE_DIR/memory/``."""

_SPACE = re.compile(r"[\s\u00a0\u2007\u202f\u2060\ufeff]+")
_WORD = re.compile("(?:\\w|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+")
"""Words, with their combining marks (Arabic vowel signs are part of the word)."""
_CANDIDATES = 48
"""How many prefiltered candidates rapidfuzz scores per query."""
_RARE_TERMS = 8
"""How many of the query's rarest words select the candidates."""
_COMMON_BUDGET = 60_000
"""Most postings a query made of common words may count."""


def normalize(text: str) -> str:
    """The form exact matches compare: NFC, whitespace runs (no-break spaces too) as one space, trimmed.

    >>> normalize(" Aleppo\\u00a0 hosts\\n the session ")
    'Aleppo hosts the session'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Origin:
    """Where a memory unit comes from."""

    path: str
    """The catalog or TMX file, relative to the project root."""
    line: int | None = None
    """1-based line of the entry (``msgid``) or ``<tu>`` in that file."""
    report: str = ""
    """The report the catalog translates (its name), or empty for a TMX unit."""
    reference: str = ""
    """The segment's place in its source report (``seeds/report.txt:12``), when known."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{self.reference} ({where})" if self.reference else where


@dataclass(frozen=True)
class MemoryUnit:
    """A source text and its reviewed translation."""

    source: str
    target: str
    source_language: str
    target_language: str
    origin: Origin
    reverse: bool = False
    """True when the unit is read backwards: an Arabic catalog's translation used as the source text."""


@dataclass(frozen=True)
class Match:
    """One answer of the memory: a unit and how similar its source is to the text asked about."""

    score: float
    """100 for an exact match; a fuzzy match scores at most 99."""
    exact: bool
    unit: MemoryUnit


class _Index:
    """The units of one language pair, with the exact table and the inverted index of words."""

    def __init__(self, units: list[MemoryUnit], weights: list[int]) -> None:
        self.units = units
        self.weights = weights
        self.keys: list[str] = []
        self.exact: dict[str, list[int]] = {}
        postings: dict[str, array[int]] = {}
        for number, unit in enumerate(units):
            text = normalize(unit.source)
            key = text.casefold()
            self.keys.append(key)
            self.exact.setdefault(text, []).append(number)
            for term in set(_WORD.findall(key)):
                found = postings.get(term)
                if found is None:
                    postings[term] = array("i", (number,))
                else:
                    found.append(number)
        self.postings = postings
        self.lengths = [len(key) for key in self.keys]
        self.common = max(64, len(units) // 100)
        """A word in more units than this selects too many candidates to help."""

    def candidates(self, key: str, threshold: float) -> list[int]:
        """Units that may score ``threshold`` or more: they share rare words and have a compatible length."""
        ratio = threshold / 100
        low = len(key) * ratio / (2 - ratio)
        high = len(key) * (2 - ratio) / ratio
        known = sorted(
            (len(posting), term) for term in set(_WORD.findall(key)) if (posting := self.postings.get(term)) is not None
        )
        rare = [term for count, term in known if count <= self.common][:_RARE_TERMS]
        if len(rare) < 2:
            # Few selective words (a short text of common words): take the rarest ones anyway, within a
            # bounded number of postings, so the cost stays that of a few thousand integers.
            rare, budget = [], _COMMON_BUDGET
            for count, term in known[:3]:
                if count > budget:
                    break
                rare.append(term)
                budget -= count
            if not rare:
                return []
        hits: Counter[int] = Counter()
        for term in rare:
            hits.update(self.postings[term])
        lengths = self.lengths
        fitting = ((count, -number) for number, count in hits.items() if low <= lengths[number] <= high)
        return [-negated for _, negated in heapq.nlargest(_CANDIDATES, fitting)]


class Memory:
    """Units by language pair, searchable exactly and fuzzily; built by ``load_memory`` or by ``add``."""

    def __init__(self) -> None:
        self._units: list[MemoryUnit] = []
        self._weights: list[int] = []
        """How many times each unit's pair was seen: the most frequent translation comes first."""
        self._seen: dict[tuple[str, str, str, str], int] = {}
        self._indexes: dict[tuple[str, str], _Index] = {}

    def __len__(self) -> int:
        return len(self._units)

    def __iter__(self) -> Iterator[MemoryUnit]:
        return iter(self._units)

    def add(self, unit: MemoryUnit) -> bool:
        """Add a unit unless the same source already has the same translation (then count it); True if added."""
        source, target = normalize(unit.source), unit.target
        if not source or not target.strip():
            return False
        key = (base_language(unit.source_language), base_language(unit.target_language), source, target)
        if key in self._seen:
            self._weights[self._seen[key]] += 1
            self._indexes.clear()
            return False
        self._seen[key] = len(self._units)
        self._units.append(unit)
        self._weights.append(1)
        self._indexes.clear()
        return True

    def search(
        self,
        text: str,
        source_language: str,
        target_language: str,
        *,
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Match]:
        """The best matches for ``text``: exact ones first (the most frequent translation first), then fuzzy."""
        index = self._index(base_language(source_language), base_language(target_language))
        if not index.units or limit <= 0:
            return []
        wanted = normalize(text)
        exact = index.exact.get(wanted, [])
        if len(exact) > 1:
            votes: Counter[str] = Counter()
            for number in exact:
                votes[index.units[number].target] += index.weights[number]
            exact = sorted(exact, key=lambda number: -votes[index.units[number].target])
        matches = [Match(100.0, True, index.units[number]) for number in exact[:limit]]
        if len(matches) >= limit:
            return matches
        key = wanted.casefold()
        numbers = [number for number in index.candidates(key, threshold) if number not in exact]
        if not numbers:
            return matches
        found = process.extract(
            key,
            [index.keys[number] for number in numbers],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=limit - len(matches),
        )
        ranked = sorted(found, key=lambda item: (-item[1], numbers[item[2]]))
        matches += [
            Match(min(round(score, 1), 99.0), False, index.units[numbers[position]]) for _, score, position in ranked
        ]
        return matches

    def best(self, text: str, source_language: str, target_language: str, threshold: float) -> Match | None:
        found = self.search(text, source_language, target_language, limit=1, threshold=threshold)
        return found[0] if found else None

    def _index(self, source: str, target: str) -> _Index:
        index = self._indexes.get((source, target))
        if index is None:
            units, weights = [], []
            for unit, weight in zip(self._units, self._weights):
                pair = (base_language(unit.source_language), base_language(unit.target_language))
                if pair == (source, target):
                    units.append(unit)
                elif pair == (target, source):
                    units.append(_reversed(unit))
                else:
                    continue
                weights.append(weight)
            index = self._indexes[(source, target)] = _Index(units, weights)
        return index


def _reversed(unit: MemoryUnit) -> MemoryUnit:
    return replace(
        unit,
        source=unit.target,
        target=unit.source,
        source_language=unit.target_language,
        target_language=unit.source_language,
        reverse=True,
    )


def memory_dir(config: Config) -> Path:
    """Where imported TMX files are kept."""
    return config.root / config.locale_dir / MEMORY_DIR


def load_memory(config: Config) -> Memory:
    """Build the memory from every catalog under the locale folder and every TMX file in its ``memory/``.

    Files are read in name order, so the memory (and what it suggests first) is the same on every run.
    """
    memory = Memory()
    locale = config.root / config.locale_dir
    for path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        for unit in catalog_units(path, display_path(path, config.root), config.source_language):
            memory.add(unit)
    from .tmx import read_tmx  # the XML reader: update loads this module for normalize() alone

    for path in sorted(memory_dir(config).glob("*.tmx")):
        shown = display_path(path, config.root)
        for pair in read_tmx(path.read_bytes(), shown):
            reference = next((value for kind, value in pair.props if kind == "x-origin"), "")
            origin = Origin(shown, pair.line, "", reference)
            memory.add(MemoryUnit(pair.source, pair.target, pair.source_language, pair.target_language, origin))
    return memory


def catalog_units(path: Path, shown: str, default_source: str) -> Iterable[MemoryUnit]:
    """The reviewed translations of one catalog (not fuzzy, not obsolete, not plural) as memory units."""
    catalog = read_catalog(path, shown)
    source_language = catalog.metadata.get("X-Source-Language", "").strip() or default_source
    target_language = catalog.metadata.get("Language", "").strip() or path.parent.parent.name
    report = path.stem
    for entry in catalog:
        if entry.obsolete or entry.fuzzy or entry.msgid_plural or not entry.msgid or not entry.msgstr:
            continue
        reference = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else ""
        origin = Origin(shown, entry.linenum, report, reference.rstrip(":"))
        yield MemoryUnit(entry.msgid, entry.msgstr, source_language, target_language, origin)
