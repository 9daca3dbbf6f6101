"""Aligning a report with an existing translation, unit by unit, with a confidence per pair.

Gale and Church's length-based dynamic programming (1993: a translation's length, in characters, is
about proportional to its source's) with structural constraints: a heading aligns only with a
heading, numbers written with digits (in any digit system) anchor pairs that share them and push
apart pairs that do not, and a question stays a question. Beads are 1-1, 1-0, 0-1 (a unit missing
on one side), 2-1 and 1-2 (a paragraph split or joined by the translator). The length ratio and its
variance are estimated from the two documents, then re-estimated from the first pass's 1-1 pairs.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .catalog import active_entries, file_layout, parse_catalog, render_catalog
from .checks.content import numbers
from .config import Config, Source
from .errors import WorkflowError
from .fileio import display_path, read_text, write_atomic
from .model import Document
from .project import catalog_path, load_catalog, load_document, update_report
from .refine import make_hint, set_note
from .segment import FORMATS, split_document

__all__ = [
    "CONFIDENT",
    "Item",
    "Bead",
    "Pair",
    "Aligned",
    "align_items",
    "align_documents",
    "align_report",
    "split_text",
]

CONFIDENT = 0.5
"""Pairs at least this confident fill a catalog as translated; the others as fuzzy."""

_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089}
_TYPE_CONFIDENCE = {(1, 1): 1.0, (2, 1): 0.45, (1, 2): 0.45}
_INFINITE = float("inf")
_SPACE = re.compile(r"\s+")
_QUESTION = re.compile("[?؟]")


@dataclass(frozen=True)
class Item:
    """One unit of a document to align: its text and what it is."""

    text: str
    kind: str = "paragraph"
    line: int | None = None
    context: str | None = None
    """The segment's msgctxt, to find its catalog entry."""


@dataclass(frozen=True)
class Bead:
    """Source items aligned with target items (either side may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    """0-1: how sure the aligner is that these go together (0 for a unit left unmatched)."""


@dataclass(frozen=True)
class Pair:
    """A source segment and the translation text the alignment gives it."""

    source: Item
    target: str
    target_line: int | None
    confidence: float
    shape: str
    """``1-1``, ``1-2`` (one source unit, two translation units joined) or ``2-1`` (a translation split)."""


def _family(kind: str) -> str:
    if kind in ("title", "heading"):
        return "heading"
    if kind in ("paragraph", "blockquote", "front-matter"):
        return "text"
    return kind


class _Features:
    """What the cost function looks at, computed once per item."""

    def __init__(self, item: Item) -> None:
        text = _SPACE.sub(" ", item.text).strip()
        self.length = len(text)
        self.family = _family(item.kind)
        self.numbers = tuple(sorted(number.value for number in numbers(text)))
        self.questions = len(_QUESTION.findall(text))


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


class _Model:
    def __init__(self, ratio: float, variance: float) -> None:
        self.ratio = ratio
        self.variance = variance

    def delta(self, source: int, target: int) -> float:
        if source == 0 and target == 0:
            return 0.0
        mean = (source + target / self.ratio) / 2
        return (target - source * self.ratio) / math.sqrt(max(mean, 1.0) * self.variance)

    def cost(self, shape: tuple[int, int], sources: list[_Features], targets: list[_Features]) -> float:
        structure = _structure(sources, targets)
        if structure == _INFINITE:
            return _INFINITE
        delta = self.delta(sum(f.length for f in sources), sum(f.length for f in targets))
        probability = max(2 * (1 - _phi(abs(delta))), 1e-12)
        return -math.log(_PRIORS[shape]) - math.log(probability) + structure

    def confidence(self, shape: tuple[int, int], sources: list[_Features], targets: list[_Features]) -> float:
        if not sources or not targets:
            return 0.0
        delta = self.delta(sum(f.length for f in sources), sum(f.length for f in targets))
        confidence = math.exp(-delta * delta / 8) * _TYPE_CONFIDENCE[shape]
        wanted = tuple(sorted(value for f in sources for value in f.numbers))
        got = tuple(sorted(value for f in targets for value in f.numbers))
        if wanted and wanted == got and shape == (1, 1):
            confidence = max(confidence, 0.9)
        elif wanted and got and wanted != got:
            confidence *= 0.2
        elif wanted != got:
            confidence *= 0.7
        if {f.family for f in sources} != {f.family for f in targets}:
            confidence *= 0.6
        return round(confidence, 3)


def _structure(sources: list[_Features], targets: list[_Features]) -> float:
    """Penalty (or bonus, negative) from structure, numbers and punctuation; infinite when impossible."""
    if not sources or not targets:
        return 0.0
    families = {f.family for f in sources} | {f.family for f in targets}
    if "heading" in families and (len(families) > 1 or len(sources) + len(targets) > 2):
        return _INFINITE
    penalty = 2.5 if len(families) > 1 else 0.0
    wanted = sorted(value for f in sources for value in f.numbers)
    got = sorted(value for f in targets for value in f.numbers)
    if wanted and got:
        penalty += -1.5 if wanted == got else 5.0
    elif wanted or got:
        penalty += 1.0
    if (sum(f.questions for f in sources) > 0) != (sum(f.questions for f in targets) > 0):
        penalty += 1.0
    return penalty


def align_items(source: Sequence[Item], target: Sequence[Item]) -> list[Bead]:
    """The most probable alignment of two sequences of items, in order, covering every item once."""
    if not source or not target:
        return [Bead((i,), (), 0.0) for i in range(len(source))] + [Bead((), (j,), 0.0) for j in range(len(target))]
    sources = [_Features(item) for item in source]
    targets = [_Features(item) for item in target]
    ratio = max(sum(f.length for f in targets), 1) / max(sum(f.length for f in sources), 1)
    model = _Model(ratio, 6.8 * ratio)
    beads = _search(model, sources, targets)
    pairs = [
        (sources[b.source[0]].length, targets[b.target[0]].length) for b in beads if len(b.source) == len(b.target) == 1
    ]
    if len(pairs) >= 5:
        ratio = sum(t for _, t in pairs) / max(sum(s for s, _ in pairs), 1)
        spread = sorted((t - s * ratio) ** 2 / max(s, 1) for s, t in pairs)
        kept = spread[: max(1, int(len(spread) * 0.9))]
        model = _Model(ratio, min(max(sum(kept) / len(kept), 1.0), 60.0))
        beads = _search(model, sources, targets)
    return beads


def _search(model: _Model, sources: list[_Features], targets: list[_Features]) -> list[Bead]:
    n, m = len(sources), len(targets)
    band = max(40, abs(n - m) + (max(n, m) // 10))
    cost = [[_INFINITE] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m / n
        for j in range(max(0, int(centre) - band), min(m, int(centre) + band) + 1):
            if i == 0 and j == 0:
                continue
            best, move = _INFINITE, None
            for shape in _PRIORS:
                di, dj = shape
                if i < di or j < dj or cost[i - di][j - dj] == _INFINITE:
                    continue
                total = cost[i - di][j - dj] + model.cost(shape, sources[i - di : i], targets[j - dj : j])
                if total < best:
                    best, move = total, shape
            cost[i][j], back[i][j] = best, move
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move is None:  # outside the band: cannot happen with the band above, but never loop forever
            move = (1, 0) if i else (0, 1)
        di, dj = move
        shape = (di, dj)
        beads.append(
            Bead(
                tuple(range(i - di, i)),
                tuple(range(j - dj, j)),
                model.confidence(shape, sources[i - di : i], targets[j - dj : j]) if di and dj else 0.0,
            )
        )
        i, j = i - di, j - dj
    beads.reverse()
    return _doubt_next_to_gaps(beads)


def _doubt_next_to_gaps(beads: list[Bead]) -> list[Bead]:
    """A pair beside a gap or a split/joined unit is less certain: the odd unit may belong on its other side."""
    out = []
    for index, bead in enumerate(beads):
        near_gap = any(
            0 <= other < len(beads) and (len(beads[other].source), len(beads[other].target)) != (1, 1)
            for other in (index - 1, index + 1)
        )
        out.append(Bead(bead.source, bead.target, round(bead.confidence * 0.7, 3)) if near_gap else bead)
    return out


def _badness(text: str, position: int, *, goal: float) -> float:
    """How bad a cut of ``text`` at ``position`` is: far from the goal, better after punctuation."""
    after_punctuation = text[position - 1] in ",;:.،؛!?؟" if position else False
    return abs(position - goal) / max(len(text), 1) - (0.12 if after_punctuation else 0.0)


def split_text(text: str, weights: Sequence[int]) -> list[str]:
    """Cut ``text`` into ``len(weights)`` pieces at word boundaries, in proportion to ``weights``,
    preferring a boundary after punctuation near the proportional point.

    >>> split_text("Proclaims this Declaration, as a common standard for all peoples", [20, 40])
    ['Proclaims this Declaration,', 'as a common standard for all peoples']
    """
    pieces = []
    rest = text.strip()
    remaining = list(weights)
    while len(remaining) > 1:
        share = remaining[0] / max(sum(remaining), 1)
        goal = share * len(rest)
        spaces = [match.start() for match in re.finditer(r"\s+", rest)]
        if not spaces:
            break

        cut = min(spaces, key=functools.partial(_badness, rest, goal=goal))
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
        remaining.pop(0)
    pieces.append(rest)
    while len(pieces) < len(weights):
        pieces.append("")
    return pieces


def _anchored_split(sources: list[Item], text: str, phrases: dict[str, str]) -> list[str]:
    """Split a translation between two source units, cutting right after (or before) a phrase whose
    translation is known from a confident pair: ``... لحقوق الإنسان`` ends the first unit, so the cut
    follows ``... of Human Rights``. Without such a phrase, the cut is proportional to the lengths."""
    if len(sources) == 2:
        text = _SPACE.sub(" ", text).strip()
        first, second = (_SPACE.sub(" ", item.text).strip().rstrip(".،,؛;:") for item in sources)
        for phrase, translation in phrases.items():
            at = text.find(translation.rstrip(".,;:"))
            if len(phrase) < 8 or at < 0:
                continue
            if first.endswith(phrase):
                cut = at + len(translation.rstrip(".,;:"))
            elif second.startswith(phrase):
                cut = at
            else:
                continue
            if 0 < cut < len(text) and text[cut - 1 : cut + 1].strip() != text[cut - 1 : cut + 1]:
                return [text[:cut].strip(), text[cut:].strip()]
    return split_text(text, [len(item.text) for item in sources])


def align_documents(source: Document, target: Document) -> tuple[list[Pair], list[Item], list[Item]]:
    """Pair every segment of ``source`` with translation text from ``target``.

    Returns the pairs, the source segments left without a translation, and the translation's
    segments that matched nothing.
    """
    source_items = [Item(s.text, s.kind, s.location.line, s.context) for s in source.segments]
    target_items = [Item(s.text, s.kind, s.location.line) for s in target.segments]
    pairs: list[Pair] = []
    lonely_source: list[Item] = []
    lonely_target: list[Item] = []
    beads = align_items(source_items, target_items)
    phrases = {
        _SPACE.sub(" ", source_items[b.source[0]].text).strip(): _SPACE.sub(" ", target_items[b.target[0]].text).strip()
        for b in beads
        if len(b.source) == len(b.target) == 1
        and b.confidence >= CONFIDENT
        and len(source_items[b.source[0]].text) <= 80
        and len(target_items[b.target[0]].text) <= 80
    }
    for bead in beads:
        sources = [source_items[i] for i in bead.source]
        targets = [target_items[j] for j in bead.target]
        if not targets:
            lonely_source.extend(sources)
        elif not sources:
            lonely_target.extend(targets)
        elif len(sources) == 1:
            text = " ".join(item.text for item in targets)
            pairs.append(Pair(sources[0], text, targets[0].line, bead.confidence, f"1-{len(targets)}"))
        else:
            pieces = _anchored_split(sources, targets[0].text, phrases)
            for item, piece in zip(sources, pieces):
                if piece:
                    pairs.append(Pair(item, piece, targets[0].line, bead.confidence, f"{len(sources)}-1"))
                else:
                    lonely_source.append(item)
    return pairs, lonely_source, lonely_target


@dataclass
class Aligned:
    """What ``align_report`` did: each pair with its action, the units left over, the catalog written."""

    catalog: str
    translation: str
    language: str
    pairs: list[tuple[Pair, str]]
    """Actions: translated, fuzzy, hint (``fuzzy = "hint"``), kept (the entry had a translation), repeated."""
    lonely_source: list[Item]
    lonely_target: list[Item]
    written: bool

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("translated", "fuzzy", "hint", "kept", "repeated"), 0)
        for _, action in self.pairs:
            counts[action] += 1
        return counts

    def to_json(self) -> dict[str, object]:
        return {
            "catalog": self.catalog,
            "translation": self.translation,
            "language": self.language,
            "written": self.written,
            **self.counts(),
            "pairs": [
                {
                    "line": pair.source.line,
                    "translation_line": pair.target_line,
                    "source": pair.source.text,
                    "target": pair.target,
                    "confidence": pair.confidence,
                    "shape": pair.shape,
                    "action": action,
                }
                for pair, action in self.pairs
            ],
            "unmatched_source": [{"line": item.line, "text": item.text} for item in self.lonely_source],
            "unmatched_translation": [{"line": item.line, "text": item.text} for item in self.lonely_target],
        }


def align_report(
    config: Config, source: Source, translation: Path, language: str, *, min_confidence: float = CONFIDENT
) -> Aligned:
    """Update the report's catalog for ``language``, then fill its empty entries from ``translation``."""
    update_report(config, source, [language])
    shown = display_path(translation, config.root)
    suffix = translation.suffix.lower()
    if suffix not in FORMATS:
        raise WorkflowError(f"{shown}: unsupported format {suffix!r} (known: {', '.join(sorted(FORMATS))})")
    translated = split_document(read_text(translation, shown), shown, FORMATS[suffix], language, config.split_options())
    pairs, lonely_source, lonely_target = align_documents(load_document(config, source), translated)
    path = catalog_path(config, source, language)
    catalog = load_catalog(config, path, language)
    assert catalog is not None  # update_report just wrote it
    entries = active_entries(catalog)
    before = render_catalog(catalog, file_layout(catalog))
    done: set[tuple[str | None, str]] = set()
    actions = []
    for pair in pairs:
        key = (pair.source.context, pair.source.text)
        entry = entries.get(key)
        where = f"{shown}:{pair.target_line} (confidence {pair.confidence:.2f}, {pair.shape})"
        if entry is None or key in done:
            actions.append((pair, "repeated"))
            continue
        done.add(key)
        if entry.msgstr:
            actions.append((pair, "kept"))
            continue
        entry.msgstr = pair.target
        if pair.confidence >= min_confidence:
            set_note(entry, "aligned", f"from {where}")
            actions.append((pair, "translated"))
            continue
        entry.flags = ["fuzzy", *(flag for flag in entry.flags if flag != "fuzzy")]
        set_note(entry, "fuzzy", f"uncertain alignment with {where}")
        if config.fuzzy == "hint":
            make_hint(entry)
            actions.append((pair, "hint"))
        else:
            actions.append((pair, "fuzzy"))
    data = render_catalog(catalog, file_layout(catalog))
    catalog_shown = display_path(path, config.root)
    written = False
    if data != before:
        parse_catalog(data.decode("utf-8"), catalog_shown)
        written = write_atomic(path, data)
    return Aligned(catalog_shown, shown, language, actions, lonely_source, lonely_target, written)
