"""The translation memory: what it holds, how it matches, ``update --fill`` and ``workflow suggest``."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import polib
import pytest
from conftest import Run, msgfmt_check
from rapidfuzz import fuzz, process

from workflow.config import load_config
from workflow.memory import Memory, MemoryUnit, Origin, load_memory

FOLLOW_UP = "aleppo-dialogue-follow-up"
FOLLOW_UP_PO = f"locale/ar/LC_MESSAGES/{FOLLOW_UP}.po"
FIRST = "seeds/aleppo-civil-peace-dialogue.txt"


def unit(source: str, target: str, languages: tuple[str, str] = ("en", "ar"), where: str = "a.po") -> MemoryUnit:
    return MemoryUnit(source, target, *languages, Origin(where, 1, "a", "seeds/a.txt:1"))


def test_exact_match_ignores_whitespace_and_prefers_the_most_frequent_translation() -> None:
    memory = Memory()
    memory.add(unit("The session concluded.", "واختتمت الجلسة.", where="one.po"))
    memory.add(unit("The session  concluded.", "انتهت الجلسة.", where="two.po"))
    memory.add(unit("The\u00a0session concluded.", "انتهت الجلسة.", where="three.po"))

    found = memory.search(" The session concluded. ", "en", "ar")

    assert [(m.exact, m.score, m.unit.target) for m in found] == [
        (True, 100.0, "انتهت الجلسة."),
        (True, 100.0, "واختتمت الجلسة."),
    ]
    assert found[0].unit.origin.path == "two.po"  # seen twice (two.po, three.po), kept once


def test_the_same_pair_is_kept_once() -> None:
    memory = Memory()

    added = [memory.add(unit("Text.", "نص.")), memory.add(unit("Text. ", "نص.")), memory.add(unit("Text.", ""))]

    assert added == [True, False, False] and len(memory) == 1


def test_fuzzy_matches_score_with_rapidfuzz_and_respect_the_threshold() -> None:
    memory = Memory()
    memory.add(
        unit(
            "Participants called for the expansion of dialogue circles in Aleppo.",
            "دعا المشاركون إلى توسيع حلقات الحوار في حلب.",
        )
    )

    close = memory.search("Participants called for the expansion of dialogue circles in Idlib.", "en", "ar")
    far = memory.search("Participants called for water.", "en", "ar", threshold=75)

    assert len(close) == 1 and not close[0].exact
    assert close[0].score == round(
        fuzz.ratio(
            "participants called for the expansion of dialogue circles in idlib.",
            "participants called for the expansion of dialogue circles in aleppo.",
        ),
        1,
    )
    assert far == []


def test_a_unit_answers_in_both_directions_marked_reverse() -> None:
    memory = Memory()
    memory.add(unit("لكل فرد الحق في الحياة.", "Everyone has the right to life.", ("ar", "en")))

    forward = memory.search("لكل فرد الحق في الحياة.", "ar", "en")
    backward = memory.search("Everyone has the right to life.", "en", "ar_SY")

    assert forward[0].exact and not forward[0].unit.reverse
    assert backward[0].exact and backward[0].unit.reverse and backward[0].unit.target == "لكل فرد الحق في الحياة."


def test_the_prefilter_finds_what_a_search_of_every_unit_finds() -> None:
    """Edited paragraphs look for their original among 5,000 units: the indexed search finds the same best
    match as rapidfuzz over all of them (the quality check of the prefilter)."""
    rng = random.Random(5)
    words = [f"w{n}{chr(97 + n % 26)}" for n in range(3000)]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(8, 40))) + "." for _ in range(5000)]
    memory = Memory()
    for number, text in enumerate(texts):
        memory.add(unit(text, f"ت{number}"))
    keys = [text.casefold() for text in texts]
    agree = 0
    for number in range(0, 5000, 50):
        tokens = texts[number].split()
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
        query = " ".join(tokens)
        best = process.extractOne(query.casefold(), keys, scorer=fuzz.ratio, score_cutoff=75)
        found = memory.best(query, "en", "ar", 75)
        if best is None:
            assert found is None or found.score >= 75
            continue
        agree += found is not None and found.score == min(round(best[1], 1), 99.0)
    assert agree >= 98


def test_memory_holds_every_reviewed_entry_of_every_catalog_and_imported_tmx(project: Path) -> None:
    catalog = project / "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po"
    po = polib.pofile(str(catalog), wrapwidth=79)
    po[2].flags.append("fuzzy")
    po.save()
    (project / "locale/memory").mkdir()
    (project / "locale/memory/partner.tmx").write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence"'
        ' adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
        '<tu><tuv xml:lang="en"><seg>Water network</seg></tuv><tuv xml:lang="ar"><seg>شبكة المياه</seg></tuv></tu>'
        "</body></tmx>",
        "utf-8",
    )

    memory = load_memory(load_config(project))

    by_file = {}
    for item in memory:
        by_file[item.origin.path] = by_file.get(item.origin.path, 0) + 1
    assert by_file == {
        "locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po": 15,
        f"locale/ar/LC_MESSAGES/{FOLLOW_UP}.po": 6,  # its five exact fills are already in the memory
        "locale/en/LC_MESSAGES/udhr.po": 91,
        "locale/memory/partner.tmx": 1,
    }
    water = memory.best("Water network", "en", "ar", 75)
    assert water is not None and water.exact and str(water.unit.origin) == "locale/memory/partner.tmx:1"


def _without_follow_up_catalog(project: Path) -> Path:
    (project / FOLLOW_UP_PO).unlink()
    (project / f"locale/{FOLLOW_UP}.pot").unlink()
    return project / FOLLOW_UP_PO


def _comment(entry: polib.POEntry) -> str:
    return " ".join(line.strip() for line in entry.tcomment.split("\n"))


def test_update_fill_on_the_sample_fills_repeated_paragraphs_exactly_and_similar_ones_fuzzy(
    project: Path, run: Run
) -> None:
    po = _without_follow_up_catalog(project)

    result = run("update", "--fill", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"created: locale/{FOLLOW_UP}.pot\ncreated: {FOLLOW_UP_PO}\n"
    entries = [e for e in polib.pofile(str(po)) if e.msgid]
    exact = {e.occurrences[0][1]: e for e in entries if e.msgstr and not e.fuzzy}
    fuzzy = {e.occurrences[0][1]: e for e in entries if e.fuzzy}
    empty = {e.occurrences[0][1] for e in entries if not e.msgstr}
    # Exact: three headings and two paragraphs (the standard recommendations and the closing paragraph).
    assert sorted(exact, key=int) == ["8", "13", "18", "20", "24"]
    assert exact["20"].msgid.startswith("The session concluded with recommendations")
    assert exact["24"].msgstr.startswith("وأكد المشاركون أن الحوار في مدينة بحجم حلب")
    assert _comment(exact["20"]) == (
        f"workflow: memory: exact match from {FIRST}:34 (locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po:191)"
    )
    # Fuzzy: the title (eighth session), the first paragraph (new date) and the media paragraph (one phrase added).
    assert sorted(fuzzy, key=int) == ["1", "3", "15"]
    assert _comment(fuzzy["1"]).startswith(f"workflow: fuzzy: 97% memory match from {FIRST}:1 ")
    assert _comment(fuzzy["3"]).startswith(f"workflow: fuzzy: 99% memory match from {FIRST}:3 ")
    assert fuzzy["3"].previous_msgid.startswith("In an atmosphere") and "السابعة" in fuzzy["3"].msgstr
    # New: the missing and disappeared, the families' testimonies, the next session.
    assert sorted(empty, key=int) == ["5", "10", "22"]
    assert msgfmt_check(po) == ""


def test_update_fill_never_overwrites_and_a_second_run_writes_nothing(project: Path, run: Run) -> None:
    before = (project / FOLLOW_UP_PO).read_bytes()

    first = run("update", "--fill", cwd=project)
    second = run("update", "--fill", cwd=project)

    assert first.exit_code == 0 and second.exit_code == 0
    assert first.stdout == "" and second.stdout == ""
    assert (project / FOLLOW_UP_PO).read_bytes() == before


def test_fill_setting_and_threshold_from_the_config(project: Path, run: Run) -> None:
    po = _without_follow_up_catalog(project)
    config = project / "pyproject.toml"
    config.write_text(
        config.read_text("utf-8").replace(
            'segmentation = "paragraph"', 'segmentation = "paragraph"\nfill = true\nfill-threshold = 98'
        )
    )

    result = run("update", cwd=project)

    assert result.exit_code == 0, result.stderr
    entries = [e for e in polib.pofile(str(po)) if e.msgid]
    assert sum(1 for e in entries if e.msgstr and not e.fuzzy) == 5
    assert [e.occurrences[0][1] for e in entries if e.fuzzy] == ["3"]  # only the 99% match passes 98


def test_without_fill_update_leaves_new_segments_empty(project: Path, run: Run) -> None:
    po = _without_follow_up_catalog(project)

    result = run("update", cwd=project)

    assert result.exit_code == 0
    assert all(not e.msgstr for e in polib.pofile(str(po)) if e.msgid)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('fill = "yes"', "pyproject.toml:{line}: error: 'fill' must be true or false, not 'yes'"),
        (
            "fill-threshold = 120",
            "pyproject.toml:{line}: error: 'fill-threshold' must be a similarity percentage from 1 to 100, not 120",
        ),
        ('fuzzy = "maybe"', "pyproject.toml:{line}: error: 'fuzzy' must be one of translation, hint, not 'maybe'"),
    ],
)
def test_memory_settings_are_checked_with_their_line(project: Path, run: Run, setting: str, message: str) -> None:
    config = project / "pyproject.toml"
    text = config.read_text("utf-8").replace('segmentation = "paragraph"', f'segmentation = "paragraph"\n{setting}')
    config.write_text(text)
    line = text.splitlines().index(setting) + 1

    result = run("status", cwd=project)

    assert result.exit_code == 1
    assert result.stderr == message.format(line=line) + "\n"


def test_suggest_text_shows_scores_translations_and_origins(project: Path, run: Run) -> None:
    result = run("suggest", "-l", "ar", "Media as a Social Responsibility and a Pillar of Awareness", cwd=project)

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "[en -> ar] Media as a Social Responsibility and a Pillar of Awareness"
    assert lines[1] == (f"  100.0% exact  {FIRST}:27 (locale/ar/LC_MESSAGES/aleppo-civil-peace-dialogue.po:165)")
    assert lines[2] == "         الإعلام مسؤولية اجتماعية وركيزة للوعي"


def test_suggest_guesses_arabic_and_reads_catalogs_in_reverse(project: Path, run: Run) -> None:
    result = run("suggest", "--json", "--limit", "1", "السلم الأهلي: مسار تراكمي لا مجرد استراتيجية", cwd=project)

    assert result.exit_code == 0
    [query] = json.loads(result.stdout)
    assert (query["source_language"], query["language"]) == ("ar", "en")
    [match] = query["matches"]
    assert (
        match["exact"]
        and match["reverse"]
        and match["target"] == "Civil Peace: A Cumulative Process, Not Merely a Strategy"
    )


def test_suggest_for_a_report_lists_its_open_segments(project: Path, run: Run) -> None:
    _without_follow_up_catalog(project)
    assert run("update", cwd=project).exit_code == 0

    result = run("suggest", "--report", FOLLOW_UP, "--json", "--limit", "1", cwd=project)

    assert result.exit_code == 0, result.stderr
    queries = json.loads(result.stdout)
    assert len(queries) == 11 and {q["path"] for q in queries} == {f"seeds/{FOLLOW_UP}.txt"}
    best = {q["line"]: q["matches"][0]["score"] if q["matches"] else None for q in queries}
    assert [line for line, score in best.items() if score == 100.0] == [8, 13, 18, 20, 24]


def test_suggest_needs_text_or_a_report(project: Path, run: Run) -> None:
    result = run("suggest", cwd=project)

    assert result.exit_code == 2
    assert "give either TEXT or --report NAME" in result.stderr


@pytest.mark.invalid_catalogs
def test_a_broken_catalog_stops_fill_with_its_line(project: Path, run: Run) -> None:
    shutil.copy(project / FOLLOW_UP_PO, project / "locale/ar/LC_MESSAGES/broken.po")
    (project / "locale/ar/LC_MESSAGES/broken.po").write_text('msgid "x"\nmsgstr "y\n', "utf-8")

    result = run("update", "--fill", cwd=project)

    assert result.exit_code == 1
    assert result.stderr.startswith("locale/ar/LC_MESSAGES/broken.po:2: error:")
