"""Writing translations back: each unit keeps its source's layout and syntax, boilerplate goes away.

Small cases call split_document + build_document directly, with a translation for every msgid (so
the msgids are pinned too); the golden cases in tests/golden/ go through `workflow update` and
`workflow build` on real files.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import Run
from workflow.build import build_document
from workflow.config import DEFAULT_BOILERPLATE
from workflow.segment import SplitOptions, split_document

BOILERPLATE = tuple(re.compile(pattern) for pattern in DEFAULT_BOILERPLATE)
GOLDEN = Path(__file__).resolve().parent / "golden"


def localize(source: str, fmt: str, translations: dict[str, str], granularity: str = "paragraph") -> str:
    """The localized text; every segment must have a translation (its msgid is the key)."""
    document = split_document(source, "r", fmt, "en", SplitOptions(granularity, BOILERPLATE))
    assert sorted({s.text for s in document.segments}) == sorted(translations)
    return build_document(document, lambda segment: translations[segment.text])


# --- plain text -------------------------------------------------------------------------------------


def test_plain_text_paragraph_is_rewrapped_at_the_source_width() -> None:
    source = "The session was organized by the Rights\nDefense Initiative in cooperation.\n"
    translation = "نظمت الجلسة مبادرة الدفاع عن الحقوق بالتعاون مع فريق سوريانا الأمل وبمشاركة ناشطين"

    msgid = "The session was organized by the Rights Defense Initiative in cooperation."

    output = localize(source, "text", {msgid: translation})

    assert output == "نظمت الجلسة مبادرة الدفاع عن الحقوق\nبالتعاون مع فريق سوريانا الأمل وبمشاركة\nناشطين\n"
    assert max(len(line) for line in output.splitlines()) <= len("The session was organized by the Rights")


def test_plain_text_list_item_wraps_under_its_own_text() -> None:
    source = "- a first proposal that is\n  wrapped onto two lines\n- short\n"
    translations = {
        "a first proposal that is wrapped onto two lines":
            "اقتراح أول طويل جدا يمتد على عدة أسطر في النص المترجم إلى العربية",
        "short": "قصير",
    }

    output = localize(source, "text", translations)

    assert output == "- اقتراح أول طويل جدا يمتد\n  على عدة أسطر في النص\n  المترجم إلى العربية\n- قصير\n"


def test_plain_text_rewrap_keeps_crlf_and_the_translators_own_breaks() -> None:
    source = "1. one two three four\r\n   five six seven\r\n"
    translation = "واحد اثنان ثلاثة أربعة خمسة\nستة سبعة"

    output = localize(source, "text", {"one two three four five six seven": translation})

    assert output == "1. واحد اثنان ثلاثة\r\n   أربعة خمسة\r\n   ستة سبعة\r\n"


def test_plain_text_one_line_list_item_indents_a_translated_newline() -> None:
    source = "(a) first item\n• second item\n"

    output = localize(source, "text", {"first item": "البند الأول\nتتمة", "second item": "البند الثاني"})

    assert output == "(a) البند الأول\n    تتمة\n• البند الثاني\n"


def test_plain_text_headings_stay_on_one_line_above_their_underline() -> None:
    source = "Annual Report\n=============\n\nFindings\n--------\nTrust is low.\n"
    translations = {
        "Annual Report": "التقرير السنوي\nلعام ٢٠٢٥", "Findings": "النتائج", "Trust is low.": "الثقة منخفضة."
    }

    output = localize(source, "text", translations)

    assert output == "التقرير السنوي لعام ٢٠٢٥\n=============\n\nالنتائج\n--------\nالثقة منخفضة.\n"


def test_a_translation_equal_to_a_wrapped_source_keeps_the_source_line_breaks() -> None:
    source = "A paragraph  \n\twrapped  by hand\r\nover three lines.\n"
    text = "A paragraph wrapped  by hand over three lines."

    assert localize(source, "text", {text: text}) == source


def test_sentences_are_joined_by_their_source_separators_before_wrapping() -> None:
    source = "First sentence here. Second one\nis here.  Third.\n"
    translations = {"First sentence here.": "أولى.", "Second one is here.": "ثانية.", "Third.": "ثالثة."}
    longer = {"First sentence here.": "الجملة الأولى.", "Second one is here.": "الثانية.", "Third.": "الثالثة."}

    assert localize(source, "text", translations, granularity="sentence") == "أولى. ثانية.  ثالثة.\n"
    assert localize(source, "text", longer, granularity="sentence") == "الجملة الأولى. الثانية.\nالثالثة.\n"


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_paragraph_is_written_on_one_line() -> None:
    source = "A paragraph over\n   three lines in\nthe source.\n"

    output = localize(source, "markdown", {"A paragraph over three lines in the source.": "فقرة على سطر واحد."})

    assert output == "فقرة على سطر واحد.\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("- item\n", "- أول\n  ثان\n"),
        ("10. item\n", "10. أول\n    ثان\n"),
        ("> item\n", "> أول\n> ثان\n"),
        (">item\n", ">أول\n>ثان\n"),
        ("> - item\n", "> - أول\n>   ثان\n"),
        ("1. > - item\n", "1. > - أول\n   >   ثان\n"),
        ("- first\n\n  item\n", "- first\n\n  أول\n  ثان\n"),
        ("- item\r\n", "- أول\r\n  ثان\r\n"),
    ],
    ids=["bullet", "ordered", "quote", "quote-without-space", "list-in-quote", "quote-in-list",
         "second-paragraph", "crlf"],
)
def test_markdown_one_line_paragraph_keeps_its_prefix_on_a_translated_newline(source: str, expected: str) -> None:
    translations = {"item": "أول\nثان"} | ({"first": "first"} if "first" in source else {})

    assert localize(source, "markdown", translations) == expected


def test_markdown_hard_breaks_continue_with_the_source_prefix() -> None:
    source = "> one  \n> two\\\n> three\n"
    msgid = "one  \ntwo\\\nthree"

    output = localize(source, "markdown", {msgid: "واحد  \nاثنان\\\nثلاثة"})

    assert output == "> واحد  \n> اثنان\\\n> ثلاثة\n"


def test_markdown_headings_stay_on_one_line() -> None:
    source = "## Heading ##\n\nSetext\nheading\n---\n"
    translations = {"Heading": "عنوان\nطويل", "Setext heading": "عنوان ثان"}

    assert localize(source, "markdown", translations) == "## عنوان طويل ##\n\nعنوان ثان\n---\n"


def test_markdown_setext_heading_keeps_a_hard_break() -> None:
    source = "> Peace  \n> and trust\n> ---\n"

    output = localize(source, "markdown", {"Peace  \nand trust": "السلم  \nوالثقة"})

    assert output == "> السلم  \n> والثقة\n> ---\n"


def test_table_cells_escape_pipes_and_stay_on_one_line() -> None:
    source = "| Region | Sessions \\| workshops |\n|---|---|\n| Aleppo | twelve |\n"
    translations = {
        "Region": "المنطقة | المدينة",
        "Sessions \\| workshops": "جلسات \\| ورش",
        "Aleppo": "حلب\nالشهباء",
        "twelve": "١٢",
    }

    output = localize(source, "markdown", translations)

    assert output == "| المنطقة \\| المدينة | جلسات \\| ورش |\n|---|---|\n| حلب الشهباء | ١٢ |\n"


def test_a_cell_translation_ending_in_a_backslash_does_not_swallow_the_next_cell() -> None:
    source = "|Path|Owner|\n|---|---|\n|C:|Council|\n"
    translations = {"Path": "المسار", "Owner": "المالك", "C:": "C:\\", "Council": "المجلس"}

    output = localize(source, "markdown", translations)

    assert output == "|المسار|المالك|\n|---|---|\n|C:\\ |المجلس|\n"
    edition = split_document(output, "r", "markdown", "ar", SplitOptions("paragraph", BOILERPLATE))
    assert [segment.text for segment in edition.segments] == ["المسار", "المالك", "C:\\", "المجلس"]


@pytest.mark.parametrize(
    ("translation", "written"),
    [
        ("تقرير الجلسة", "تقرير الجلسة"),
        ("السلم الأهلي: مسار تراكمي", '"السلم الأهلي: مسار تراكمي"'),
        ("#السلم", '"#السلم"'),
        ("السلم #الأهلي", '"السلم #الأهلي"'),
        ("ملخص:", '"ملخص:"'),
        ("- بند", '"- بند"'),
        ('"مقتبس" وعادي', '"\\"مقتبس\\" وعادي"'),
        ('"نص" و C:\\', '"\\"نص\\" و C:\\\\"'),
        ('مسار C:\\ و"نص"', 'مسار C:\\ و"نص"'),
        ("true", '"true"'),
        ("No", '"No"'),
        ("2025", '"2025"'),
        ("-1.5e3", '"-1.5e3"'),
        ("2025-11-01", '"2025-11-01"'),
        ("٢٠٢٥", "٢٠٢٥"),
        ("null", '"null"'),
    ],
)
def test_yaml_plain_scalar_is_quoted_only_when_the_translation_needs_it(translation: str, written: str) -> None:
    source = "---\ntitle: Session report\n---\n"

    assert localize(source, "markdown", {"Session report": translation}) == f"---\ntitle: {written}\n---\n"


def test_yaml_plain_scalar_left_untranslated_is_written_as_it_was() -> None:
    source = "---\ntitle: -5 degrees in Aleppo\nsummary: Aleppo: a summary # note\n---\n"
    translations = {"-5 degrees in Aleppo": "-5 degrees in Aleppo", "Aleppo: a summary": "Aleppo: a summary"}

    assert localize(source, "markdown", translations) == source


def test_yaml_double_quoted_scalar_escapes_bare_quotes() -> None:
    source = '---\nsummary: "The \\"seventh\\" session" # note\n---\n'
    translations = {'The \\"seventh\\" session': 'الجلسة "السابعة" و\\"الثامنة\\"'}

    output = localize(source, "markdown", translations)

    assert output == '---\nsummary: "الجلسة \\"السابعة\\" و\\"الثامنة\\"" # note\n---\n'


@pytest.mark.parametrize(
    ("translation", "written", "meaning"),
    [
        ("المسار C:\\Users", "المسار C:\\\\Users", "المسار C:\\Users"),
        ("في آخر السطر \\", "في آخر السطر \\\\", "في آخر السطر \\"),
        ("سطر\\nوآخر \\u0041 \\\\ \\\"", "سطر\\nوآخر \\u0041 \\\\ \\\"", "سطر\nوآخر A \\ \""),
        ('\\\\"مقتبس"', '\\\\\\"مقتبس\\"', '\\"مقتبس"'),
    ],
)
def test_yaml_double_quoted_translation_keeps_escapes_and_makes_the_rest_text(
    translation: str, written: str, meaning: str
) -> None:
    source = '---\nsummary: "The \\"seventh\\" session"\n---\n'

    output = localize(source, "markdown", {'The \\"seventh\\" session': translation})

    assert output == f'---\nsummary: "{written}"\n---\n'
    assert yaml.safe_load(output.split("---\n")[1]) == {"summary": meaning}


def test_yaml_single_quoted_scalar_doubles_apostrophes() -> None:
    source = "---\ndescription: 'The Initiative''s report'\n---\n"

    output = localize(source, "markdown", {"The Initiative's report": "تقرير 'المبادرة'"})

    assert output == "---\ndescription: 'تقرير ''المبادرة'''\n---\n"


# --- boilerplate ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("One.\n\nScroll to Top\n\nTwo.\n", "واحد.\n\nاثنان.\n"),
        ("One.\n\n\nScroll to Top\n\n\nTwo.\n", "واحد.\n\n\nاثنان.\n"),
        ("One.\n\nTwo.\n\n\nScroll to Top\n\n", "واحد.\n\nاثنان.\n"),
        ("One.\n\nTwo.\n\nSCROLL TO TOP", "واحد.\n\nاثنان.\n"),
        ("One.\r\n\r\nTwo.\r\n\r\nscroll to top\r\n", "واحد.\r\n\r\nاثنان.\r\n"),
        ("Scroll to Top\n\nOne.\n\nTwo.\n", "واحد.\n\nاثنان.\n"),
        ("One.\n\nTwo.\n\nScroll to Top\n\nBack to top\n", "واحد.\n\nاثنان.\n"),
    ],
    ids=["middle", "middle-wide", "end", "end-no-newline", "end-crlf", "start", "two-at-end"],
)
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_boilerplate_is_dropped_with_its_blank_lines(fmt: str, source: str, expected: str) -> None:
    """Inside: the blank lines after it go. At the end: the blank lines before it go, and the report ends
    with its last paragraph's own line ending."""
    assert localize(source, fmt, {"One.": "واحد.", "Two.": "اثنان."}) == expected


def test_a_boilerplate_line_inside_a_plain_text_block_goes_alone() -> None:
    assert localize("One.\nScroll to Top\nTwo.\n", "text", {"One.": "واحد.", "Two.": "اثنان."}) == "واحد.\nاثنان.\n"


def test_a_boilerplate_line_inside_a_markdown_paragraph_is_part_of_it() -> None:
    source = "One.\nScroll to Top\n"

    assert localize(source, "markdown", {"One. Scroll to Top": "واحد."}) == "واحد.\n"


def test_a_report_of_only_boilerplate_localizes_to_nothing_but_its_bom() -> None:
    assert localize("\ufeffScroll to Top\n\n", "text", {}) == "\ufeff"
    assert localize("Scroll to Top\n", "markdown", {}) == ""


def test_markdown_boilerplate_inside_a_list_is_ordinary_text() -> None:
    source = "- Scroll to Top\n"

    assert localize(source, "markdown", {"Scroll to Top": "إلى الأعلى"}) == "- إلى الأعلى\n"


# --- golden reports through the CLI -----------------------------------------------------------------

CASES = sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_golden_report_builds_byte_for_byte(case: str, tmp_path: Path, run: Run) -> None:
    """source.* + ar.po -> `workflow update` (template) and `workflow build` (localized report).

    Set UPDATE_GOLDEN=1 to rewrite expected.pot and expected.ar.* from the current code, then review
    the diff. The template is compared from its first entry on: its header belongs to catalog.py.
    """
    folder = GOLDEN / case
    [source] = folder.glob("source.*")
    suffix = source.suffix
    (tmp_path / "workflow.toml").write_text(
        f'sources = ["report{suffix}"]\nsource-language = "en"\nlanguages = ["ar"]\n', "utf-8"
    )
    shutil.copy(source, tmp_path / f"report{suffix}")
    catalogs = tmp_path / "locale" / "ar" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(folder / "ar.po", catalogs / "report.po")

    updated = run("update", cwd=tmp_path)
    built = run("build", cwd=tmp_path)

    assert updated.exit_code == 0, updated.stderr
    assert built.exit_code == 0, built.stderr
    assert built.stderr == ""  # every msgid has a current, non-fuzzy translation in ar.po
    template = _entries((tmp_path / "locale" / "report.pot").read_text("utf-8"))
    output = (tmp_path / "build" / "ar" / f"report{suffix}").read_bytes()
    if os.environ.get("UPDATE_GOLDEN"):
        (folder / "expected.pot").write_text(template, "utf-8")
        (folder / f"expected.ar{suffix}").write_bytes(output)
    assert template == (folder / "expected.pot").read_text("utf-8")
    assert output == (folder / f"expected.ar{suffix}").read_bytes()


def _entries(template: str) -> str:
    """A template without its header entry."""
    return template[template.index("\n\n") + 2 :]
