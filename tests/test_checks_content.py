"""Content a translation must keep: numbers across digit systems, URLs, e-mail addresses, Markdown links,
inline code, emphasis, HTML tags and the final punctuation, in both directions (en->ar and ar->en)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from conftest import Run, write_catalog
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.checks import arabic, content, dates
from workflow.checks.base import Catalog, Entry, Settings, run_checks
from workflow.checks.content import compare_numbers, end_class, parse_number, prose
from workflow.model import Severity

MINE = (*content.CHECKS, *arabic.CHECKS, *dates.CHECKS)
DEFAULTS = Settings()
TO_ARABIC_DIGITS = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")


def findings(
    source: str,
    target: str,
    *,
    target_language: str = "ar",
    source_language: str = "en",
    plural: tuple[str, tuple[str, ...]] | None = None,
    config: Settings = DEFAULTS,
) -> dict[str, str]:
    """Check id -> message for one entry, through the real run_checks."""
    if plural is None:
        entry = Entry(msgid=source, msgstr=target, line=7)
    else:
        entry = Entry(msgid=source, msgstr="", line=7, msgid_plural=plural[0], plurals=plural[1])
    catalog = Catalog(path="x.po", language=target_language, source_language=source_language, entries=(entry,))
    return {problem.kind: problem.message for problem in run_checks(catalog, config, MINE)}


def english(source: str, target: str) -> dict[str, str]:
    """Findings for an English translation of an Arabic source."""
    return findings(source, target, target_language="en", source_language="ar")


# --- numbers -------------------------------------------------------------------------------------------

NUMBERS_CHANGED = [
    ("1,250 people attended.", "حضر 1.205 أشخاص."),  # ARABIC.md §3: digits swapped
    ("1,250 people attended.", "حضر ١٬٢٠٥ شخصاً."),
    ("The budget grew by 12.5 percent.", "نمت الميزانية بنسبة 1.25 في المئة."),  # decimal mark moved
    ("Only 0.5 percent.", "فقط 5 في المئة."),
    ("The 2 sessions in 2025.", "الجلستان في عام 2024."),
    ("Past 7 days", "الأيام السبعة الماضية"),  # a digit written as a word: the value cannot be verified
    ("Call 3 or 4 times.", "اتصل 3 مرات."),  # one of two numbers lost
]


@pytest.mark.parametrize(("source", "target"), NUMBERS_CHANGED)
def test_number_mismatch_fires_when_a_value_changes(source: str, target: str) -> None:
    assert "number-mismatch" in findings(source, target)


NUMBERS_KEPT = [
    ("1,234.5", "١٬٢٣٤٫٥"),  # ARABIC.md §3: the same value in three conventions
    ("1,234.5", "1.234,5"),
    ("1,234.5", "1,234.5"),
    ("Room 01", "الغرفة 1"),  # 01 = 1
    ("In 2025, 1,250 people", "في ٢٠٢٥، ١٬٢٥٠ شخصاً"),
    ("1,250 and 3", "3 و1,250"),  # order is free: a multiset
    ("from 10 to 20", "من ١٠ إلى ٢٠"),
    ("The year ۲۰۲۵", "عام 2025"),  # Eastern Arabic-Indic digits compare by value too
    ("the past ten years", "السنوات العشر الماضية"),  # no digits in the source: nothing to compare
    ("The 7th session", "الجلسة السابعة"),  # an ordinal may become a word
    ("on November 1, 2025", "في 1 تشرين الثاني 2025"),  # dates are the dates check's
    ("on November 1, 2025", "في 01\u200f/11\u200f/2025"),  # the month as a number stands for November
    ("see https://example.org/2025/report", "انظر https://example.org/2025/report"),
    ("{0} of %(count)d, %1$s", "{0} من %(count)d، %1$s"),  # placeholders belong to the format checks
]


@pytest.mark.parametrize(("source", "target"), NUMBERS_KEPT)
def test_number_mismatch_is_silent_when_values_match(source: str, target: str) -> None:
    assert "number-mismatch" not in findings(source, target)


def test_number_mismatch_works_from_arabic_to_english() -> None:
    assert "number-mismatch" not in english("المادة ٢٥", "Article 25")
    assert "number-mismatch" not in english("المادة 25 من عام ٢٠٢٥", "Article 25 of 2025")
    assert "number-mismatch" in english("المادة 25", "Article 52")
    assert "number-mismatch" in english("بلغ العدد ١٬٢٥٠", "The number reached 1,205")


def test_number_mismatch_message_names_the_lost_and_the_new_number() -> None:
    message = findings("1,250 people attended.", "حضر 1.205 أشخاص.")["number-mismatch"]

    assert "1,250" in message and "1.205" in message


def test_number_added_warns_when_the_source_writes_the_number_in_words() -> None:
    found = findings("the past ten years", "السنوات 10 الماضية")

    assert "number-mismatch" not in found
    assert "number-added" in found
    assert "number-added" not in findings("the past 10 years", "السنوات العشر الماضية")


def test_numbers_of_a_plural_entry_compare_the_last_form_with_msgid_plural() -> None:
    forms = ("لا ملفات", "ملف واحد", "ملفان", "%d ملفات من 20", "%d ملفاً من 20", "%d ملف من 20")
    assert "number-mismatch" not in findings("%d file of 20", "", plural=("%d files of 20", forms))
    lost = forms[:-1] + ("%d ملف",)
    assert "number-mismatch" in findings("%d file of 20", "", plural=("%d files of 20", lost))


def test_parse_number_reads_every_convention() -> None:
    assert parse_number("1,234.5") == parse_number("١٬٢٣٤٫٥") == parse_number("1.234,5") == (12345, 1)
    assert parse_number("1,234") == (1234, None)  # grouping or a decimal: either
    assert parse_number("1,234,567") == parse_number("1.234.567") == (1234567, 0)
    assert parse_number("0.50") == parse_number("0٫5") == (5, 1)


def test_compare_numbers_forgives_the_month_number_of_a_named_month() -> None:
    assert compare_numbers("on November 1, 2025", "في 1/11/2025") == ((), ())
    assert compare_numbers("on 1/11/2025", "في 1 تشرين الثاني 2025") == ((), ())


@settings(max_examples=200, deadline=None, database=None)
@given(whole=st.integers(min_value=0, max_value=10**9), places=st.integers(min_value=0, max_value=3))
def test_babel_arabic_indic_number_compares_equal_to_its_ascii_form(whole: int, places: int) -> None:
    value = Decimal(whole).scaleb(-places)
    ascii_form = format_decimal(value, locale="en")
    arabic_form = format_decimal(value, locale="ar_SY", numbering_system="arab").translate(TO_ARABIC_DIGITS)

    assert parse_number(arabic_form)[0] == parse_number(ascii_form)[0]
    found = findings(f"The total was {ascii_form} pounds.", f"بلغ المجموع {arabic_form} ليرة.")
    assert "number-mismatch" not in found and "number-added" not in found
    back = english(f"بلغ المجموع {arabic_form} ليرة.", f"The total was {ascii_form} pounds.")
    assert "number-mismatch" not in back


@settings(max_examples=100, deadline=None, database=None)
@given(first=st.integers(min_value=0, max_value=99999), second=st.integers(min_value=0, max_value=99999))
def test_a_changed_whole_number_is_always_found(first: int, second: int) -> None:
    found = findings(f"{first} people", f"{str(second).translate(TO_ARABIC_DIGITS)} شخصاً")

    assert ("number-mismatch" in found) == (first != second)


# --- URLs, e-mail, links, code, emphasis, HTML -----------------------------------------------------------

CONTENT_LOST = [
    ("url-mismatch", "See https://example.org/report.", "انظر https://example.org/raport."),
    ("url-mismatch", "See www.example.org for more.", "انظر الموقع لمزيد من المعلومات."),
    ("email-mismatch", "Write to info@example.org.", "راسلونا على info@example.com."),
    ("link-mismatch", "Read [the report](report.md).", "اقرأ [التقرير](rapport.md)."),
    ("link-mismatch", "Read [the report](https://x.org/r).", "اقرأ التقرير https://x.org/r."),  # link lost, URL kept
    ("link-mismatch", "See [the annex][annex].", "انظر [الملحق][ملحق]."),  # reference labels are kept
    ("code-mismatch", "Run `workflow check` first.", "شغّل `فحص` أولاً."),
    ("code-mismatch", "Run `workflow check` first.", "شغّل workflow check أولاً."),
    ("emphasis-mismatch", "This is **important**.", "هذا مهم."),
    ("emphasis-mismatch", "This is **important**.", "هذا **مهم."),
    ("emphasis-mismatch", "An *emphasized* word.", "كلمة مؤكدة."),
    ("html-mismatch", "Click <b>Save</b>.", "انقر حفظ</b>."),
    ("html-mismatch", 'Use <a href="/x">this form</a>.', "استخدم هذا النموذج."),
]


@pytest.mark.parametrize(("check", "source", "target"), CONTENT_LOST)
def test_lost_or_changed_content_is_found(check: str, source: str, target: str) -> None:
    assert check in findings(source, target)


CONTENT_KEPT = [
    ("See https://example.org/report.", "انظر https://example.org/report."),
    ("See https://example.org/a, then b.", "انظر https://example.org/a، ثم ب."),  # Arabic comma after the URL
    ("Open https://example.org/?q=1&lang=en", "افتح https://example.org/?q=1&lang=en"),
    ("Write to info@example.org.", "راسلونا على info@example.org."),
    ("Read [the report](https://x.org/r \"title\").", "اقرأ [التقرير](https://x.org/r \"العنوان\")."),
    ("Read [the report](report.md) and [the annex](annex.md).", "اقرأ [الملحق](annex.md) و[التقرير](report.md)."),
    ("Run `workflow check` first.", "شغّل `workflow check` أولاً."),
    ("This is **important**.", "هذا **مهم**."),
    ("This is **important**.", "هذا __مهم__."),  # the same strong emphasis
    ("An *emphasized* word.", "كلمة _مؤكدة_."),
    ("Set file_name and max_size.", "اضبط file_name وmax_size."),  # snake_case is not emphasis
    ("2 * 3 * 4 = 24", "2 * 3 * 4 = 24"),
    ("Click <b>Save</b>.", "انقر <b>حفظ</b>."),
    ('Use <a href="/x">this form</a>.', 'استخدم <a href="/x">هذا النموذج</a>.'),
    ("Ask Syria Hope.", "اسأل <bdi lang=en>Syria Hope</bdi>."),  # isolating a run is good practice
    ("Tel: +963 21 123 4567", "هاتف: <bdi dir=ltr>+963 21 123 4567</bdi>"),
    ("If a < b and c > d", "إذا كان a < b و c > d"),  # comparison signs are no tags
]


@pytest.mark.parametrize(("source", "target"), CONTENT_KEPT)
def test_kept_content_is_not_reported(source: str, target: str) -> None:
    found = findings(source, target)

    for check in ("url-mismatch", "email-mismatch", "link-mismatch", "code-mismatch", "emphasis-mismatch",
                  "html-mismatch", "number-mismatch"):
        assert check not in found, found


def test_content_checks_work_from_arabic_to_english() -> None:
    assert english("انظر https://example.org/تقرير", "See https://example.org/تقرير") == {}
    assert "url-mismatch" in english("انظر https://example.org/a", "See https://example.org/b")
    assert "code-mismatch" in english("شغّل `make` أولاً.", "Run make first.")
    assert "emphasis-mismatch" in english("هذا **مهم**.", "This is important.")
    assert "html-mismatch" in english("انقر <b>حفظ</b>.", "Click Save.")


def test_a_changed_link_url_is_reported_once_not_as_a_url_too() -> None:
    found = findings("Read [the report](https://x.org/a).", "اقرأ [التقرير](https://x.org/b).")

    assert "link-mismatch" in found and "url-mismatch" not in found
    found = findings("Read [the report](report-2025.md).", "اقرأ [التقرير](report-2026.md).")
    assert "link-mismatch" in found and "number-mismatch" not in found


def test_prose_blanks_what_is_not_prose_and_keeps_offsets() -> None:
    text = "see https://x.org/2025, `v2`, <b>, a@b.org and %(n)d {0}"
    blanked = prose(text)

    assert len(blanked) == len(text)
    assert "2025" not in blanked and "v2" not in blanked and "<b>" not in blanked
    assert "a@b.org" not in blanked and "%(n)d" not in blanked and "{0}" not in blanked
    assert blanked.startswith("see ") and " and " in blanked


# --- end punctuation --------------------------------------------------------------------------------------

END_DIFFERS = [
    ("The session ended.", "انتهت الجلسة"),  # ARABIC.md §3 punct-final
    ("Why did it fail?", "لماذا فشل."),
    ("Attention!", "انتباه"),
    ("Participants:", "المشاركون"),
    ("Loading…", "جار التحميل."),
    ("Loading…", "جار التحميل..."),  # pofilter tells the ellipsis character from three dots
    ("Delete", "احذف."),  # a full stop the source does not have
    ("Added <a href=\"{}\">this form</a>.", "أضيف <a href=\"{}\">هذا النموذج</a>"),
]


@pytest.mark.parametrize(("source", "target"), END_DIFFERS)
def test_end_punctuation_fires_when_the_final_mark_differs(source: str, target: str) -> None:
    assert "end-punctuation" in findings(source, target)


END_MATCHES = [
    ("The session ended.", "انتهت الجلسة."),
    ("Why did it fail?", "لماذا فشل؟"),  # ؟ is the Arabic ?
    ("He said “the revolution.”", "قال «الثورة»."),  # closing quotes before or after the stop
    ("He said “the revolution.”", "قال “الثورة.”"),
    ("The agenda (see annex).", "جدول الأعمال (انظر الملحق)."),
    ("Civil Peace: A Cumulative Process", "السلم الأهلي: مسار تراكمي"),
    ("Loading...", "جار التحميل..."),
    ("Note: ", "ملاحظة: "),
    ("Added <b>x</b>.", "أضيف <b>س</b>."),
]


@pytest.mark.parametrize(("source", "target"), END_MATCHES)
def test_end_punctuation_accepts_equivalent_endings(source: str, target: str) -> None:
    assert "end-punctuation" not in findings(source, target)


def test_end_punctuation_works_from_arabic_to_english() -> None:
    assert "end-punctuation" not in english("لماذا؟", "Why?")
    message = english("هو أساس الحرية في العالم.", "is the foundation of freedom in the world,")["end-punctuation"]
    assert message == "the source ends with a full stop, the translation with ','"


def test_end_class_looks_behind_closing_quotes_brackets_and_tags() -> None:
    assert end_class("«الثورة».”") == (".", ".")
    assert end_class("<b>انتباه!</b>") == ("!", "!")
    assert end_class("حلب؟\u200f") == ("?", "؟")
    assert end_class("") == (None, "")


def test_end_punctuation_is_a_warning_the_project_can_raise() -> None:
    entry = Entry(msgid="Done.", msgstr="تم", line=3)
    catalog = Catalog(path="x.po", language="ar", source_language="en", entries=(entry,))
    strict = Settings(severities={"end-punctuation": Severity.ERROR})

    assert [p.severity.value for p in run_checks(catalog, Settings(), MINE)] == ["warning"]
    assert [p.severity.value for p in run_checks(catalog, strict, MINE)] == ["error"]


# --- every check, and the command line ----------------------------------------------------------------------


@pytest.mark.parametrize("check", content.CHECKS, ids=lambda check: check.id)
def test_every_content_check_has_an_id_a_severity_and_a_one_line_description(check: object) -> None:
    assert check.id and check.severity.value in ("error", "warning")  # type: ignore[attr-defined]
    assert check.description and check.description.endswith((".", ")"))  # type: ignore[attr-defined]
    assert check.targets is None  # type: ignore[attr-defined]  # all language pairs


def test_cli_reports_content_problems_as_json(tmp_path: Path, run: Run) -> None:
    po = write_catalog(
        tmp_path / "ar" / "LC_MESSAGES" / "x.po",
        [
            ("1,250 people attended.", "حضر 1.205 أشخاص."),
            ("See https://example.org/report.", "انظر https://example.org/raport."),
            ("Run `workflow check` first.", "شغّل `workflow check` أولاً."),
            ("The session ended.", "انتهت الجلسة"),
        ],
    )

    result = run("check", str(po), "--json", cwd=tmp_path)

    assert result.exit_code == 3
    records = [r for r in json.loads(result.stdout) if r["check"] in {c.id for c in MINE}]
    by_check = {record["check"]: record for record in records}
    assert set(by_check) == {"number-mismatch", "url-mismatch", "end-punctuation"}
    assert by_check["number-mismatch"]["severity"] == "error"
    assert by_check["number-mismatch"]["msgid"] == "1,250 people attended."
    assert by_check["end-punctuation"]["severity"] == "warning"
    for record in records:
        assert record["path"].endswith("x.po") and isinstance(record["line"], int) and record["line"] > 1


def test_cli_is_quiet_on_a_faithful_translation_in_both_directions(tmp_path: Path, run: Run) -> None:
    arabic_po = write_catalog(
        tmp_path / "ar.po",
        [
            ("In 2025, 1,250 people attended.", "في ٢٠٢٥، حضر ١٬٢٥٠ شخصاً."),
            ("Read [the report](https://x.org/r) and run `make`.", "اقرأ [التقرير](https://x.org/r) وشغّل `make`."),
        ],
    )
    english_po = write_catalog(
        tmp_path / "en.po", [("المادة ٢٥: **الحق** في الحياة.", "Article 25: the **right** to life.")],
        language="en", source="ar",
    )

    for po in (arabic_po, english_po):
        result = run("check", str(po), "--json", cwd=tmp_path)
        mine = [r for r in json.loads(result.stdout) if r["check"] in {c.id for c in MINE}]
        assert mine == [], mine
