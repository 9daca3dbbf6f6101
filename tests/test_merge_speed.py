"""The indexed fuzzy search of large catalogs against brute force: its shortcuts never lose a candidate.

A large old catalog is searched through exact upper bounds computed in bulk (workflow/merge.py,
_OldMsgids): byte counts near a probe's score, and longest common subsequences within parts of the
alphabet at the threshold. These tests compare the candidates they keep, and the entries finally chosen,
with scoring every old msgid. How fast the search is, the benchmarks measure (tests/benchmarks).
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy
import polib
import pytest
from conftest import DATA
from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from workflow import fuzzy as fuzzy_module
from workflow.catalog import parse_catalog
from workflow.fuzzy import FuzzyMatcher, _OldMsgids

sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
from corpus import large_catalog_pair  # noqa: E402

CASES = DATA / "catalogs"


def read(path: Path) -> polib.POFile:
    return parse_catalog(path.read_text("utf-8"), path.name)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[polib.POEntry], list[tuple[str | None, str]]]:
    """Old entries: generated English prose, the Arabic UDHR and the Aleppo report, and an Arabic
    paragraph under two contexts, an empty msgid under a context. Queries: the templates' new strings, an
    edit of that paragraph under one of those contexts and under another, empty and short strings."""
    old_path, template_path, _ = large_catalog_pair(tmp_path_factory.mktemp("generated") / "pair", 400, 0.3)
    old = list(read(old_path)) + list(read(CASES / "udhr/old.po")) + list(read(CASES / "aleppo/old.po"))
    paragraph = next(entry.msgid for entry in old if entry.msgid.startswith("ولما كان") and entry.msgstr)
    for context in ("preamble", "summary"):
        old.append(polib.POEntry(msgctxt=context, msgid=paragraph + " أيضاً", msgstr=f"{context}: T"))
    old.append(polib.POEntry(msgctxt="empty", msgid="", msgstr="E"))
    known = {entry.msgid for entry in old}
    templates = [read(template_path), read(CASES / "udhr/new.pot"), read(CASES / "aleppo/new.pot")]
    queries = [(None, entry.msgid) for template in templates for entry in template if entry.msgid not in known]
    queries += [("summary", paragraph + " أيضا"), ("other", paragraph + " أيضا")]
    queries += [(None, ""), (None, "ab"), (None, "المادة"), (None, paragraph[:60])]
    return old, queries


def similarities(texts: list[bytes], target: bytes) -> list[float]:
    """fstrcmp of ``target`` with each text, scoring every one."""
    common = process.cdist([target], texts, scorer=LCSseq.similarity, dtype=numpy.int32)[0]
    return [2 * common[index] / (len(target) + len(text)) if target or text else 1.0 for index, text in enumerate(texts)]


def assert_bounds(candidates: list[tuple[float, int]], scores: list[float], cutoff: float) -> None:
    """Highest first, every old msgid scoring ``cutoff`` among them, and each bound at least the score."""
    assert candidates == sorted(candidates, reverse=True)
    bounds = {index: bound for bound, index in candidates}
    assert {index for index, score in enumerate(scores) if score >= cutoff} <= bounds.keys()
    assert all(bound >= scores[index] - 1e-12 for index, bound in bounds.items())


@pytest.mark.parametrize("shares", _OldMsgids._CUTS)
def test_the_bulk_bound_keeps_every_old_msgid_that_reaches_the_floor(
    pair, shares: tuple[float, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, queries = pair
    matcher = FuzzyMatcher(old)
    monkeypatch.setattr(_OldMsgids, "_CUTS", (shares,))
    monkeypatch.setattr(fuzzy_module, "_PARALLEL_PAIRS", 0)  # threads too
    index = _OldMsgids(matcher.encoded)
    targets = [msgid.encode("utf-8") for _, msgid in queries if msgid]  # search scans for an empty one

    with ThreadPoolExecutor(2) as pool:
        found = dict(index.near(targets, 0.59, pool))

    assert sorted(found) == list(range(len(targets)))
    reaching = 0
    for position, target in enumerate(targets):
        candidates = found[position]
        scores = similarities(matcher.encoded, target)
        assert_bounds(candidates, scores, 0.59)
        reaching += sum(score >= 0.59 for score in scores)
    assert reaching > 100  # fuzzy matches exist
    assert len(index._alphabet_parts(0.59)) == len(shares) + 1


@pytest.mark.parametrize("cutoff", [0.9, 0.95, 0.99])
def test_byte_counts_never_exclude_an_old_msgid_above_a_high_cutoff(pair, cutoff: float) -> None:
    old, queries = pair
    matcher = FuzzyMatcher(old)
    index = _OldMsgids(matcher.encoded)
    reached = 0
    for _, msgid in queries:
        target = msgid.encode("utf-8")
        if not target:
            continue  # search scans for an empty msgid
        scores = similarities(matcher.encoded, target)
        assert_bounds(index.above(target, cutoff), scores, cutoff)
        reached += sum(score >= cutoff for score in scores)
    assert reached > 20


def test_the_probe_finds_typical_edits_and_only_close_ones(pair) -> None:
    """Its score is the best of all the old msgids starting or ending alike, when that is CLOSE at least."""
    old, queries = pair
    encoded = FuzzyMatcher(old).encoded
    index = _OldMsgids(encoded)
    size = _OldMsgids._PROBE
    scores = []
    for _, msgid in queries:
        target = msgid.encode("utf-8")
        alike = [text for text in encoded if text[:size] == target[:size] or text[-size:] == target[-size:]]
        best = max((Indel.normalized_similarity(target, text) for text in alike), default=0.0)
        scores.append(index.probe(target))
        assert scores[-1] == (best if len(target) >= size and best >= _OldMsgids.CLOSE else 0.0)
    assert 0 < sum(score > 0 for score in scores) < len(scores)  # both ways of finding candidates run


@pytest.mark.parametrize("shares", _OldMsgids._CUTS)
def test_indexed_and_exhaustive_searches_choose_the_same_entries_in_both_scripts(
    pair, shares: tuple[float, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    old, queries = pair
    monkeypatch.setattr(_OldMsgids, "_CUTS", (shares,))
    monkeypatch.setattr(fuzzy_module, "_PARALLEL_PAIRS", 0)  # the far strings in threads, beside the close ones
    indexed = FuzzyMatcher(old, index_from=1)
    exhaustive = FuzzyMatcher(old, index_from=10**9)

    chosen = indexed.search(queries, 2)

    assert chosen == exhaustive.search(queries)
    assert sum(index is not None for index in chosen) > 50
    contexts = {queries[position][0]: indexed.entries[index].msgctxt for position, index in enumerate(chosen)
                if queries[position][0] and index is not None}
    # The same context gets the bonus; without it, the earlier entry wins the tie.
    assert contexts == {"summary": "summary", "other": "preamble"}


def test_the_alphabet_is_cut_for_the_script_of_the_catalog(tmp_path: Path) -> None:
    """English prose is cut in three parts (cheaper); Arabic in two, keeping its letters' second bytes together."""
    old_path, _, _ = large_catalog_pair(tmp_path / "pair", 400, 0.0)
    english = [entry.msgid.encode("utf-8") for entry in read(old_path)]
    arabic = [entry.msgid.encode("utf-8") for entry in read(CASES / "udhr/old.po") if entry.msgid]

    assert len(_OldMsgids(english)._alphabet_parts(0.59)) == 3
    assert len(_OldMsgids(arabic)._alphabet_parts(0.59)) == 2

