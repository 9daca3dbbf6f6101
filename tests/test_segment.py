"""Segmentation: exact `workflow segment` records for small reports, and sentence granularity.

Most cases live in tests/data/segment/*.txt in markdown-it-py's fixture style (title, ".", source,
".", expected, "."); each runs through the real CLI and must also pass `workflow verify`. Properties
over generated reports (identity, line numbers) are in test_identity.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import sentencex

from conftest import DATA, Run
from workflow.model import segment_id
from workflow.segment import SplitOptions, split_document
from workflow.sentences import sentence_spans

FIXTURES = DATA / "segment"
_ESCAPE = re.compile(r"\{U\+([0-9A-F]{4,6})\}")
_TAG = re.compile(r"\s*\[(?P<name>[^\s\]]+)(?P<flags>(?:\s+[a-z]+)*)\]$")
_FLAGS = {"crlf", "cr", "bom", "noeol", "sentence"}


@dataclass(frozen=True)
class Case:
    """One fixture case: where it is, what file to write, and what `segment` must print."""

    file: str
    line: int
    """1-based line of the case's first "." in the fixture file."""
    title: str
    name: str
    flags: frozenset[str]
    source: str
    expected: str


def decode(text: str) -> str:
    """Fixture notation -> text: "→" is a tab (as in the CommonMark spec), {U+XXXX} one code point.

    >>> decode("a→b{U+00A0}c")
    'a\\tb\\xa0c'
    """
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text.replace("→", "\t"))


def read_fixtures(path: Path) -> list[Case]:
    """The cases of one fixture file; text outside the cases (comments) is ignored."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    default = "report.md" if path.stem == "markdown" else "report.txt"
    cases = []
    dots: list[int] = []
    for index, line in enumerate(lines):
        if line.rstrip("\n") != ".":
            continue
        dots.append(index)
        if len(dots) < 3:
            continue
        first, middle, last = dots
        dots = []
        title = lines[first - 1].strip()
        tag = _TAG.search(title)
        flags = frozenset(tag.group("flags").split()) if tag else frozenset()
        assert flags <= _FLAGS, f"{path.name}:{first + 1}: unknown flags {sorted(flags - _FLAGS)}"
        cases.append(
            Case(
                file=path.name,
                line=first + 1,
                title=title[: tag.start()] if tag else title,
                name=tag.group("name") if tag else default,
                flags=flags,
                source=decode("".join(lines[first + 1 : middle])),
                expected=decode("".join(lines[middle + 1 : last])),
            )
        )
    assert not dots, f"{path.name}:{dots[0] + 1}: unterminated case"
    return cases


def write_source(folder: Path, case: Case) -> Path:
    """Write the case's source as the flags say (line endings, BOM, final newline); return its path."""
    text = case.source
    if "noeol" in case.flags:
        text = text.removesuffix("\n")
    if "crlf" in case.flags:
        text = text.replace("\n", "\r\n")
    elif "cr" in case.flags:
        text = text.replace("\n", "\r")
    if "bom" in case.flags:
        text = "\ufeff" + text
    path = folder / case.name
    path.write_bytes(text.encode("utf-8"))
    return path


CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_fixtures(path)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A project folder with an empty workflow.toml, so no config above tmp_path is picked up."""
    root = tmp_path / "reports"
    root.mkdir()
    (root / "workflow.toml").write_text("", "utf-8")
    return root


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.line}" for c in CASES])
def test_segment_fixture(case: Case, folder: Path, run: Run) -> None:
    path = write_source(folder, case)
    granularity = ["--segmentation", "sentence"] if "sentence" in case.flags else []

    text = run("segment", str(path), *granularity, cwd=folder)
    records = run("segment", str(path), *granularity, "--json", cwd=folder)

    assert text.exit_code == 0, text.stderr
    assert text.stderr == ""
    assert text.stdout == case.expected
    assert records.exit_code == 0, records.stderr
    lines = [f"{r['path']}:{r['line']}: {r['kind']}: {r['text']}\n" for r in json.loads(records.stdout)]
    assert "".join(lines) == case.expected
    assert all(r["id"] == segment_id(r["text"]) for r in json.loads(records.stdout))


@pytest.mark.parametrize("case", CASES, ids=[f"{c.file}:{c.line}" for c in CASES])
def test_verify_fixture(case: Case, folder: Path, run: Run) -> None:
    path = write_source(folder, case)
    if "sentence" in case.flags:
        (folder / "workflow.toml").write_text('segmentation = "sentence"\n', "utf-8")

    result = run("verify", str(path), cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "verified 1 report(s): each rebuilds byte for byte\n"


def test_fixture_files_hold_every_case() -> None:
    """Guards the loader: a malformed case must not silently drop out of the parametrized tests."""
    for path in sorted(FIXTURES.glob("*.txt")):
        dots = sum(1 for line in path.read_text("utf-8").splitlines() if line == ".")
        assert dots == 3 * len(read_fixtures(path)) >= 15, path.name


def test_segment_json_records_are_exact(folder: Path, run: Run) -> None:
    (folder / "report.md").write_text("# Hello\n\nA first\nparagraph.\n\n- an item\n", "utf-8")

    result = run("segment", str(folder / "report.md"), "--json", cwd=folder)

    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"id": "f7ff9e8b", "path": "report.md", "line": 1, "kind": "heading", "text": "Hello"},
        {"id": segment_id("A first paragraph."), "path": "report.md", "line": 3, "kind": "paragraph",
         "text": "A first paragraph."},
        {"id": segment_id("an item"), "path": "report.md", "line": 6, "kind": "list-item", "text": "an item"},
    ]


def test_segment_json_keeps_arabic_and_controls_unescaped(folder: Path, run: Run) -> None:
    text = "عقدت \u2066WhatsApp\u2069 ورشة\u200f ٢٠٢٥\u00a0م.\n"
    (folder / "notes.ar.txt").write_text(text, "utf-8")

    result = run("segment", str(folder / "notes.ar.txt"), "--json", cwd=folder)

    assert result.exit_code == 0
    assert text.strip() in result.stdout  # ensure_ascii=False: no \\u escapes for the translator's eyes
    assert [record["text"] for record in json.loads(result.stdout)] == [text.strip()]


def test_segmentation_setting_in_config_splits_sentences(folder: Path, run: Run) -> None:
    (folder / "workflow.toml").write_text('segmentation = "sentence"\n', "utf-8")
    (folder / "report.txt").write_text("Dr. Haddad opened the session. It was\nlong. Was it useful?\n", "utf-8")

    result = run("segment", str(folder / "report.txt"), cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "report.txt:1: paragraph: Dr. Haddad opened the session.\n"
        "report.txt:1: paragraph: It was long.\n"
        "report.txt:2: paragraph: Was it useful?\n"
    )


def test_segmentation_option_overrides_the_config(folder: Path, run: Run) -> None:
    (folder / "workflow.toml").write_text('segmentation = "sentence"\n', "utf-8")
    (folder / "report.txt").write_text("One sentence. Two sentences.\n", "utf-8")

    result = run("segment", str(folder / "report.txt"), "--segmentation", "paragraph", cwd=folder)

    assert result.stdout == "report.txt:1: paragraph: One sentence. Two sentences.\n"


def test_arabic_abbreviation_merge_is_what_keeps_doctor_in_its_sentence() -> None:
    text = "التقى د. أحمد بالمشاركين. انتهت الجلسة."
    raw = [piece.strip() for piece in sentencex.segment("ar", text) if piece.strip()]

    assert raw[0] == "التقى د."  # sentencex alone cuts after the abbreviation...
    assert [text[a:b] for a, b in sentence_spans(text, "ar")] == ["التقى د. أحمد بالمشاركين.", "انتهت الجلسة."]


def test_an_arabic_sentence_ending_in_a_short_word_is_not_merged() -> None:
    text = "قال لا. ثم غادر."
    assert [text[a:b] for a, b in sentence_spans(text, "ar")] == ["قال لا.", "ثم غادر."]


def test_sentence_spans_keep_the_text_exact() -> None:
    text = "  First one.   Second\u00a0one?\tThird!  "
    spans = sentence_spans(text, "en")
    assert [text[a:b] for a, b in spans] == ["First one.", "Second\u00a0one?", "Third!"]
    assert all(not text[b:c].strip() for (_, b), (c, _) in zip(spans, spans[1:]))


def test_sentence_granularity_keeps_separators_between_segments() -> None:
    source = "One.  Two.\nThree.\n"
    document = split_document(source, "r.txt", "text", "en", SplitOptions(granularity="sentence"))
    [unit] = document.units
    assert [s.text for s in unit.segments] == ["One.", "Two.", "Three."]
    assert unit.separators == ("  ", " ")
    assert [s.location.line for s in unit.segments] == [1, 1, 2]
