"""Markdown structure: a translation that would change the edition's blocks (a ``` fence swallowing the rest of
the report, ``# `` turning a list item into a heading, a blank line or ``---`` splitting a paragraph) is an error
of `workflow check` and refused by `build`; honest Arabic text in headings, lists, quotes and tables is not."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from conftest import DATA, REPO, Run

from workflow.catalog import render_catalog
from workflow.checks import structure
from workflow.checks.base import Settings, run_checks
from workflow.checks.loader import load_catalog_view
from workflow.checks.suite import ALL_CHECKS
from workflow.markdown import BLOCK_PARSER

CATALOG = "locale/ar/LC_MESSAGES/report.po"

# name: (Markdown block whose text is translated, translation, what the check says it would become)
BREAKS = {
    "fence": ("Paragraph about the pumps.", "```\nفقرة عن المضخات.", "a code block (```)"),
    "tilde fence under a setext heading": ("Field notes\n===========", "~~~\nملاحظات", "a code block (~~~)"),
    "heading marker in a list item": ("- Item about the valves.", "# بند عن الصمامات.", "a heading (#)"),
    "rule between blank lines": ("Paragraph about the tanks.", "فقرة\n\n---\n\nفقرة", "3 blocks (a paragraph, a horizontal rule"),
    "quote marker": ("Paragraph about the wells.", "> فقرة عن الآبار.", "a quotation (>)"),
    "list marker": ("Paragraph about the meters.", "- فقرة عن العدادات.", "a list (-)"),
    "number marker in a list item": ("- Item about the pipes.", "1. بند عن الأنابيب.", "a numbered list (1.)"),
    "number after a line break": ("Paragraph about the roofs.", "فقرة عن الأسطح\n1. بند", "2 blocks (a paragraph, a numbered list"),
    "table rows": ("Paragraph about the prices.", "| السعر | الحي |\n|---|---|", "a table (|)"),
    "HTML block": ("Paragraph about the report.", "<div>فقرة عن التقرير.</div>", "an HTML block"),
    "setext underline": ("Paragraph about the budget.", "فقرة عن الميزانية\n===", "a heading (=== underline)"),
    "indented code after a blank line": ("Paragraph about the staff.", "فقرة\n\n    رمز", "2 blocks (a paragraph, a code block (four spaces))"),
    "blank line in a quotation": ("> Quote from the engineer.", "الفقرة الأولى\n\nالفقرة الثانية", "2 blocks"),
    "link reference definition": ("Paragraph about the map.", "[الخريطة]: https://example.org/map", "nothing"),
}

# Translations that keep their block: every one must pass check and build with the report's structure intact.
HONEST = {
    "# Water in Aleppo": "المياه في حلب",
    "## 1. Introduction": "١. مقدمة",
    "## 2. Findings": "2. النتائج",
    "Field notes\n===========": "ملاحظات ميدانية",
    "Works began in 1998. 1. The pumps came first.": "بدأت الأعمال عام 1998. 1. المضخات أولاً.",
    "The address is  \nAleppo, Syria.": "العنوان هو  \nحلب، سوريا.",
    "Use the `#` key and <b>bold</b> text.": "استخدموا المفتاح `#` والنص <b>الغامق</b>.",
    "A long paragraph on one line.": "فقرة طويلة\nعلى سطرين.",
    "Escaped marker below.": "\\# ليس عنواناً، و1\\. ليس بنداً.",
    "- First item of the list.": "البند الأول من القائمة.",
    "- Second item of the list.": "١. البند الثاني من القائمة.",
    "1. Numbered item.": "بند مرقم.",
    "> Quoted words of the engineer.": "كلمات المهندس المقتبسة.",
}
TABLE = "| District | Status |\n|----------|--------|\n| Old city | Repaired |"
CELLS = {"District": "- الحي", "Status": "# الحالة", "Old city": "المدينة | القديمة", "Repaired": "1. أُصلح"}
"""Table cells are written on one line inside their row, pipes escaped: a marker in them is text."""


def block_shape(text: str) -> list[tuple[str, str, int]]:
    return [(token.type, token.tag, token.level) for token in BLOCK_PARSER.parse(text)]


def inner_text(block: str) -> str:
    """The msgid of a one-line Markdown block: its text without the marker the skeleton keeps."""
    if "\n===" in block:
        return block.split("\n")[0]
    return re.sub(r"^(#+ |- |\d+\. |> )", "", block)


def make_project(root: Path, run: Run, blocks: list[str], translations: dict[str, str]) -> Path:
    """report.md made of ``blocks`` and its Arabic catalog, each msgid translated from ``translations``."""
    root.mkdir(parents=True)
    (root / "report.md").write_text("\n\n".join(blocks) + "\n", "utf-8")
    (root / "workflow.toml").write_text('sources = ["report.md"]\nlanguages = ["ar"]\n', "utf-8")
    assert run("update", cwd=root).exit_code == 0
    path = root / CATALOG
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        entry.msgstr = translations[entry.msgid]
    path.write_bytes(render_catalog(catalog))
    return path


def findings(output: str) -> list[tuple[str, str]]:
    """(line, message) of every markdown-structure error."""
    return re.findall(rf"^{re.escape(CATALOG)}:(\d+): error: (.*) \[markdown-structure\]$", output, re.M)


def test_the_fence_that_swallows_the_report_is_reported_and_refused(tmp_path: Path, run: Run) -> None:
    """The reported defect: the middle paragraph's translation opens a fence; check and build said nothing."""
    root = tmp_path / "fence"
    make_project(
        root,
        run,
        ["First paragraph.", "Second paragraph.", "Third paragraph."],
        {"First paragraph.": "الفقرة الأولى.", "Second paragraph.": "```\nالفقرة الثانية.", "Third paragraph.": "الفقرة الثالثة."},
    )
    line = str(next(e.linenum for e in polib.pofile(str(root / CATALOG)) if e.msgid == "Second paragraph."))

    checked = run("check", cwd=root)

    assert checked.exit_code == 3
    assert findings(checked.stdout) == [
        (
            line,
            (
                "the translation would be a code block (```) in the Markdown edition, not this paragraph's text;"
                r" leave out blank lines and escape a marker that starts a line (\#, \-, \>, 1\., \`)"
            ),
        )
    ]

    refused = run("build", cwd=root)

    assert refused.exit_code == 3
    assert re.search(
        rf'^report\.md:3: error: translation breaks the Markdown in {re.escape(CATALOG)} \(the translation would be a'
        r' code block \(```\) .*\): "Second paragraph\." \[markdown-structure\]$',
        refused.stderr,
        re.M,
    ), refused.stderr
    assert not (root / "build/ar/report.md").exists()

    allowed = run("build", "--allow-missing", cwd=root)

    assert allowed.exit_code == 0, allowed.stderr
    assert "report.md:3: warning: translation breaks the Markdown" in allowed.stderr
    edition = (root / "build/ar/report.md").read_text("utf-8")
    assert edition == "الفقرة الأولى.\n\nSecond paragraph.\n\nالفقرة الثالثة.\n"


def breaking_project(root: Path, run: Run) -> dict[str, str]:
    """A report with one block per break, all other text honestly translated; returns msgid -> break name."""
    blocks = ["# Water report"] + [block for block, _, _ in BREAKS.values()] + ["Closing paragraph."]
    translations = {"Water report": "تقرير المياه", "Closing paragraph.": "الفقرة الختامية."}
    names = {}
    for name, (block, translation, _) in BREAKS.items():
        translations[inner_text(block)] = translation
        names[inner_text(block)] = name
    make_project(root, run, blocks, translations)
    return names


def test_check_reports_every_break_at_its_entry_and_nothing_else(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "breaks"
    names = breaking_project(root, run)
    line_of = {str(entry.linenum): entry.msgid for entry in polib.pofile(str(root / CATALOG))}

    result = run("check", cwd=root)

    assert result.exit_code == 3
    found = {names[line_of[line]]: message for line, message in findings(result.stdout)}
    assert sorted(found) == sorted(BREAKS)
    for name, (_, _, becomes) in BREAKS.items():
        assert f"would be {becomes}" in found[name], name


def test_build_refuses_every_break_and_the_source_text_stands_in(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "breaks"
    breaking_project(root, run)
    source = (root / "report.md").read_text("utf-8")

    refused = run("build", cwd=root)

    assert refused.exit_code == 3
    refused_lines = re.findall(r"^report\.md:(\d+): error: translation breaks the Markdown .*\[markdown-structure\]$",
                               refused.stderr, re.M)
    assert len(refused_lines) == len(BREAKS)
    assert not (root / "build/ar/report.md").exists()

    allowed = run("build", "--allow-missing", cwd=root)

    assert allowed.exit_code == 0, allowed.stderr
    edition = (root / "build/ar/report.md").read_text("utf-8")
    assert block_shape(edition) == block_shape(source)
    assert "تقرير المياه" in edition and "الفقرة الختامية." in edition


def test_honest_translations_pass_and_build_with_the_same_blocks(tmp_path: Path, run: Run) -> None:
    """Headings (numbered ones too), setext headings, hard line breaks, numbers in a sentence, Arabic-Indic digits
    at the start of a line, escaped markers, list items, quotations and table cells holding marker characters."""
    root = tmp_path / "honest"
    translations = {inner_text(block): text for block, text in HONEST.items()} | CELLS
    make_project(root, run, [*HONEST, TABLE], translations)
    source = (root / "report.md").read_text("utf-8")

    checked = run("check", cwd=root)

    assert "[markdown-structure]" not in checked.stdout, checked.stdout

    built = run("build", cwd=root)

    assert built.exit_code == 0, built.stderr
    edition = (root / "build/ar/report.md").read_text("utf-8")
    assert block_shape(edition) == block_shape(source)
    assert "| - الحي | # الحالة |\n" in edition and "| المدينة \\| القديمة | 1. أُصلح |\n" in edition


def test_a_text_report_is_not_read_as_markdown(tmp_path: Path, run: Run) -> None:
    """Only Markdown editions are parsed as Markdown: a fence in a plain-text report is text."""
    root = tmp_path / "text"
    root.mkdir()
    (root / "report.txt").write_text("First paragraph.\n\nSecond paragraph.\n", "utf-8")
    (root / "workflow.toml").write_text('sources = ["report.txt"]\nlanguages = ["ar"]\n', "utf-8")
    assert run("update", cwd=root).exit_code == 0
    path = root / CATALOG
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        entry.msgstr = "```\nفقرة" if entry.msgid == "Second paragraph." else "الفقرة الأولى."
    path.write_bytes(render_catalog(catalog))

    assert "[markdown-structure]" not in run("check", cwd=root).stdout
    assert run("build", cwd=root).exit_code == 0


def sample_catalogs() -> list[Path]:
    return [*sorted((REPO / "locale").rglob("*.po")), *sorted((DATA / "thirdparty").rglob("*.po"))]


def test_the_sample_and_third_party_catalogs_raise_no_finding() -> None:
    paths = sample_catalogs()
    assert len(paths) >= 7
    for path in paths:
        problems = run_checks(load_catalog_view(path, path.name), Settings(), structure.CHECKS)
        assert problems == [], (path, problems[:3])


@pytest.mark.parametrize("path", sample_catalogs(), ids=lambda path: path.name)
def test_a_catalog_is_checked_as_markdown_only_when_its_references_name_a_markdown_report(path: Path) -> None:
    """A fence put into every translation is found in the UDHR's catalog (``#: seeds/udhr.ar.md:3``), whose
    headings, list items and paragraphs all count, and never in the text reports' or Django's."""
    catalog = load_catalog_view(path, path.name)
    fenced = [entry for entry in catalog.entries if entry.msgstr and not entry.fuzzy and not entry.obsolete]
    poisoned = replace(catalog, entries=tuple(replace(entry, msgstr="```\n" + entry.msgstr) for entry in fenced))

    problems = run_checks(poisoned, Settings(), structure.CHECKS)

    if path.stem == "udhr":
        assert len(fenced) > 50 and len(problems) == len(fenced)
    else:
        assert problems == []


def test_the_check_is_registered_as_an_error_with_a_description(run: Run, tmp_path: Path) -> None:
    check = {check.id: check for check in ALL_CHECKS}["markdown-structure"]

    assert check.severity.value == "error" and check.description
    listed = run("check", "--list-checks", cwd=tmp_path)
    assert re.search(r"^markdown-structure +error +A translation of Markdown text", listed.stdout, re.M)


@pytest.mark.parametrize(
    ("source", "translation", "kind"),
    [
        ("2. The pumps came later.", "٢. ثم جاءت المضخات.", "paragraph"),  # a later sentence: inside a line
        ("2. The pumps came later.", "2. ثم جاءت المضخات.", "paragraph"),
        ("Status", "- الحالة", "table-cell"),
        ("Aleppo report", "- تقرير حلب", "front-matter-title"),
        ("The address is  \nAleppo.", "العنوان هو\\\nحلب.", "paragraph"),
    ],
)
def test_text_that_starts_inside_a_line_or_a_cell_keeps_its_markers_as_text(source: str, translation: str, kind: str) -> None:
    assert structure.structure_problem(source, translation, kind) is None


def test_text_that_starts_inside_a_line_still_may_not_add_a_block_after_a_line_break() -> None:
    problem = structure.structure_problem("2. The pumps came later.", "٢. ثم جاءت\n\n# المضخات.", "paragraph")

    assert problem is not None and "2 blocks (a paragraph, a heading (#))" in problem


def test_one_line_of_words_is_the_shape_the_check_expects_without_parsing() -> None:
    """structure.py spells out a paragraph's block shape, so that a build need not load markdown-it."""
    assert structure._shape(structure._blocks(structure._ANCHOR)) == structure._PARAGRAPH
