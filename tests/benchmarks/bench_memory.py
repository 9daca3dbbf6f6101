"""Benchmark the translation memory: fill 10,000 new segments against a 100,000-unit memory.

    python tests/benchmarks/bench_memory.py [--units 100000] [--segments 10000] [--no-tmx]

The memory is generated prose with a Zipf-distributed vocabulary (as real text has: a few very common
words, a long tail of rare ones), one to four sentences a unit, some with numbers; the Arabic side is
generated the same way. The new segments are a third exact copies of memory units, a third edited
copies (a word replaced, inserted or dropped, a number changed, a sentence dropped) and a third new
text. The fill is what ``update --fill`` does per segment: ``Memory.best`` with the 75% threshold.
Prints the time of each step, the peak memory (RSS) of the process, how many edited segments found
their original, and how often the indexed search agrees with rapidfuzz over every unit (on a sample).
It also writes the memory as TMX and reads it back (skip with ``--no-tmx``).
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from workflow.memory import Memory, MemoryUnit, Origin, normalize
from workflow.tmx import TmxUnit, read_tmx, write_tmx

_LATIN = [
    "ba",
    "co",
    "de",
    "fi",
    "gu",
    "ha",
    "jo",
    "ki",
    "lu",
    "ma",
    "ne",
    "po",
    "ra",
    "si",
    "tu",
    "ve",
    "wa",
    "zo",
    "tri",
    "pla",
    "sta",
    "gro",
    "len",
    "mor",
    "dan",
    "sel",
    "vic",
    "ter",
    "nal",
    "ist",
]
_ARABIC = [
    "بـ",
    "تا",
    "ثو",
    "جي",
    "حا",
    "خو",
    "دي",
    "را",
    "زو",
    "سا",
    "شي",
    "صو",
    "طا",
    "عي",
    "غو",
    "فا",
    "قي",
    "كو",
    "لا",
    "مي",
    "نو",
    "ها",
    "وي",
    "يا",
    "مت",
    "سل",
    "حق",
    "عد",
    "نظ",
    "شر",
]


def vocabulary(rng: random.Random, syllables: list[str], size: int) -> tuple[list[str], list[float]]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))).replace("ـ", ""))
    ordered = sorted(words)
    rng.shuffle(ordered)
    weights, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1 / rank**1.07
        weights.append(total)
    return ordered, weights


def sentence(rng: random.Random, vocab: tuple[list[str], list[float]]) -> str:
    words = rng.choices(vocab[0], cum_weights=vocab[1], k=rng.randint(6, 22))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), str(rng.randint(2, 2030)))
    return " ".join(words).capitalize() + "."


def text(rng: random.Random, vocab: tuple[list[str], list[float]]) -> str:
    return " ".join(sentence(rng, vocab) for _ in range(rng.choice((1, 1, 2, 2, 3, 4))))


def edited(rng: random.Random, source: str, vocab: tuple[list[str], list[float]]) -> str:
    words = source.split()
    kind = rng.randrange(5)
    if kind == 0 or len(words) < 8:
        words[rng.randrange(len(words))] = rng.choice(vocab[0])
    elif kind == 1:
        words.insert(rng.randrange(len(words)), rng.choice(vocab[0]))
    elif kind == 2:
        del words[rng.randrange(len(words))]
    elif kind == 3:
        words.append(str(rng.randint(2, 99)) + ".")
    else:
        sentences = source.split(". ")
        if len(sentences) > 2:
            del sentences[rng.randrange(len(sentences))]
            return ". ".join(sentences)
        words[0] = rng.choice(vocab[0]).capitalize()
    return " ".join(words)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--no-tmx", action="store_true")
    parser.add_argument("--seed", type=int, default=11)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    english = vocabulary(rng, _LATIN, 30_000)
    arabic = vocabulary(rng, _ARABIC, 30_000)

    start = time.perf_counter()
    sources = [text(rng, english) for _ in range(options.units)]
    targets = [text(rng, arabic) for _ in range(options.units)]
    generated = time.perf_counter() - start

    start = time.perf_counter()
    memory = Memory()
    for number, (source, target) in enumerate(zip(sources, targets)):
        origin = Origin(
            f"locale/ar/LC_MESSAGES/report-{number // 100:04d}.po",
            number % 100 * 6 + 20,
            f"report-{number // 100:04d}",
            f"seeds/report-{number // 100:04d}.txt:{number % 100 * 2 + 1}",
        )
        memory.add(MemoryUnit(source, target, "en", "ar", origin))
    memory.search("warm up the index", "en", "ar")
    built = time.perf_counter() - start

    third = options.segments // 3
    picks = rng.sample(range(options.units), 2 * third)
    queries: list[tuple[str, str, int | None]] = [("exact", sources[i], i) for i in picks[:third]]
    queries += [("edited", edited(rng, sources[i], english), i) for i in picks[third:]]
    queries += [("new", text(rng, english), None) for _ in range(options.segments - len(queries))]
    rng.shuffle(queries)

    start = time.perf_counter()
    answers = [memory.best(query, "en", "ar", 75.0) for _, query, _ in queries]
    filled = time.perf_counter() - start

    outcome = {"exact": [0, 0], "edited": [0, 0], "new": [0, 0]}
    for (kind, _, origin), answer in zip(queries, answers):
        outcome[kind][1] += 1
        if answer is None:
            continue
        if kind == "exact":
            outcome[kind][0] += answer.exact
        elif kind == "edited":
            outcome[kind][0] += normalize(answer.unit.source) == normalize(sources[origin])  # type: ignore[index]
        else:
            outcome[kind][0] += 1

    keys = [normalize(source).casefold() for source in sources]
    sample = [(query, answer) for (kind, query, _), answer in zip(queries, answers) if kind == "edited"][:200]
    agree = 0
    start = time.perf_counter()
    for query, answer in sample:
        best = process.extractOne(normalize(query).casefold(), keys, scorer=fuzz.ratio, score_cutoff=75)
        if best is None:
            agree += answer is None
        else:
            agree += answer is not None and answer.score == min(round(best[1], 1), 99.0)
    brute = (time.perf_counter() - start) / max(len(sample), 1)

    print(f"memory: {len(memory):,} units (generated in {generated:.1f} s)")
    print(f"build memory and index: {built:.2f} s")
    print(f"fill {len(queries):,} segments: {filled:.2f} s ({len(queries) / filled:,.0f} segments/s)")
    print(f"  exact copies found exactly: {outcome['exact'][0]:,} of {outcome['exact'][1]:,}")
    print(f"  edited copies that found their original: {outcome['edited'][0]:,} of {outcome['edited'][1]:,}")
    print(f"  new texts filled (false matches): {outcome['new'][0]:,} of {outcome['new'][1]:,}")
    print(
        f"indexed search agrees with rapidfuzz over all {len(keys):,} units on {agree} of {len(sample)} edited"
        f" segments (that exhaustive search: {brute * 1000:.0f} ms a segment, {brute * len(queries):.0f} s for all)"
    )
    if not options.no_tmx:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "memory.tmx"
            start = time.perf_counter()
            path.write_bytes(write_tmx(TmxUnit("en", "ar", s, t) for s, t in zip(sources, targets)))
            written = time.perf_counter() - start
            start = time.perf_counter()
            pairs = read_tmx(path.read_bytes(), "memory.tmx")
            read = time.perf_counter() - start
            size = path.stat().st_size / 1e6
            print(f"TMX: wrote {size:.0f} MB in {written:.2f} s, read {len(pairs):,} units back in {read:.2f} s")
    print(f"peak memory (RSS): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
