"""Dates: Arabic month names follow the project's Arabic locale (Babel's نوفمبر for ar, تشرين الثاني for ar_SY),
and the day, month and year of a source date survive translation in either direction and digit system."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from babel.dates import format_date, get_month_names
from conftest import Run, write_catalog

from workflow.checks import arabic, content, dates
from workflow.checks.base import Catalog, Entry, Settings, run_checks
from workflow.checks.dates import find_dates, month_names

MINE = (*content.CHECKS, *arabic.CHECKS, *dates.CHECKS)
DEFAULTS = Settings()
TO_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
LEVANT = Settings(arabic_locale="ar_SY")
EGYPT = Settings(arabic_locale="ar")


def findings(
    source: str, target: str, *, config: Settings = DEFAULTS, target_language: str = "ar", source_language: str = "en"
) -> dict[str, str]:
    """Check id -> message for one entry, through the real run_checks."""
    entry = Entry(msgid=source, msgstr=target, line=5)
    catalog = Catalog(path="x.po", language=target_language, source_language=source_language, entries=(entry,))
    return {problem.kind: problem.message for problem in run_checks(catalog, config, MINE)}


def test_month_names_come_from_babel() -> None:
    assert month_names("ar")[10] == "نوفمبر" == get_month_names("wide", locale="ar")[11]
    assert month_names("ar_SY")[10] == "تشرين الثاني" == get_month_names("wide", locale="ar_SY")[11]
    assert month_names("ar_SY")[0] == "كانون الثاني" and month_names("ar")[0] == "يناير"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on November 1, 2025.", [(1, 11, 2025)]),
        ("on 1 November 2025.", [(1, 11, 2025)]),
        ("on the 1st of November, 2025", [(1, 11, 2025)]),
        ("Nov. 1, 2025 and Sept 3", [(1, 11, 2025), (3, 9, None)]),
        ("in November 2025", [(None, 11, 2025)]),
        ("in 1 تشرين الثاني 2025", [(1, 11, 2025)]),
        ("في ١ تشرين الثاني ٢٠٢٥", [(1, 11, 2025)]),
        ("في 1 تشرين الثاني/نوفمبر 2025", [(1, 11, 2025)]),
        ("خلال شهر نوفمبر", [(None, 11, None)]),
        ("في 3 أيار من عام 2024", [(3, 5, 2024)]),
        ("وفي 5 آذار", [(5, 3, None)]),
        ("مارس الضغط على الجميع", []),  # the verb مارس ("he practised"), not March
        ("They may come in 2025; march on", []),
        ("Past 7 days", []),
    ],
)
def test_find_dates_reads_english_and_arabic_month_names(text: str, expected: list[tuple[object, ...]]) -> None:
    assert [(date.day, date.month, date.year) for date in find_dates(text)] == expected


# --- month names --------------------------------------------------------------------------------------------

WRONG_SET = [
    (EGYPT, "on November 1, 2025", "في 1 تشرين الثاني 2025"),
    (LEVANT, "on November 1, 2025", "في 1 نوفمبر 2025"),
    (LEVANT, "in March 2024", "في مارس 2024"),
    (LEVANT, "in November", "خلال شهر نوفمبر"),
    (EGYPT, "in July 2025", "في جويلية 2025"),  # the Maghreb's name in an Egyptian-style release
]


@pytest.mark.parametrize(("config", "source", "target"), WRONG_SET)
def test_date_month_names_fires_on_the_other_locales_names(config: Settings, source: str, target: str) -> None:
    assert "date-month-names" in findings(source, target, config=config)


RIGHT_SET = [
    (EGYPT, "on November 1, 2025", "في 1 نوفمبر 2025"),
    (LEVANT, "on November 1, 2025", "في 1 تشرين الثاني 2025"),
    (LEVANT, "on November 1, 2025", "في 1 تشرين الثاني/نوفمبر 2025"),  # the UN style gives both
    (EGYPT, "on November 1, 2025", "في 1 تشرين الثاني/نوفمبر 2025"),
    (LEVANT, "He exerted pressure for 20 years", "مارس الضغط مدة 20 عاماً"),  # a verb, not a month
    (LEVANT, "on 01/11/2025", "في 01\u200f/11\u200f/2025"),  # Babel's medium date has no month name
    (Settings(arabic_locale="ar_MA"), "in July 2025", "في يوليوز 2025"),
]


@pytest.mark.parametrize(("config", "source", "target"), RIGHT_SET)
def test_date_month_names_accepts_the_projects_names(config: Settings, source: str, target: str) -> None:
    assert "date-month-names" not in findings(source, target, config=config)


@pytest.mark.parametrize("locale", ["ar", "ar_SY", "ar_EG", "ar_LB", "ar_MA", "ar_TN"])
def test_babel_long_dates_pass_for_their_own_locale(locale: str) -> None:
    day = datetime.date(2025, 11, 1)
    target = f"عقدت الجلسة في {format_date(day, 'long', locale=locale)}."

    assert findings("The session was held on November 1, 2025.", target, config=Settings(arabic_locale=locale)) == {}


def test_month_name_message_gives_the_projects_spelling() -> None:
    message = findings("on November 1, 2025", "في 1 نوفمبر 2025", config=LEVANT)["date-month-names"]

    assert "'تشرين الثاني'" in message and "ar_SY" in message


def test_month_names_are_only_checked_in_arabic_translations() -> None:
    found = findings("في 1 تشرين الثاني 2025", "on November 1, 2025", target_language="en", source_language="ar")

    assert "date-month-names" not in found


# --- day, month and year kept ----------------------------------------------------------------------------------

CHANGED = [
    ("on November 1, 2025", "في 2 تشرين الثاني 2025"),  # day
    ("on November 1, 2025", "في 1 تشرين الثاني 2024"),  # year
    ("on November 1, 2025", "في 1 تشرين الأول 2025"),  # month
    ("on 1 November 2025", "في تشرين الثاني 2025"),  # day dropped
    ("on November 2, 2025", "في 1 تشرين الثاني 2025"),  # الثاني of the month's name is not the day
    ("on November 1, 2025", "في ١ تشرين الثاني ٢٠٢٤"),
]


@pytest.mark.parametrize(("source", "target"), CHANGED)
def test_date_changed_fires_when_day_month_or_year_is_lost(source: str, target: str) -> None:
    found = findings(source, target, config=LEVANT)

    assert "date-changed" in found
    assert "number-mismatch" not in found  # one defect, one report


KEPT = [
    ("on November 1, 2025", "في 1 تشرين الثاني 2025"),
    ("on November 1, 2025", "في ١ تشرين الثاني ٢٠٢٥"),  # digits in either system
    ("on November 1st, 2025", "في 1 تشرين الثاني 2025"),
    ("on November 1, 2025", "في الأول من تشرين الثاني 2025"),  # the day as an ordinal word
    ("on November 2, 2025", "في الثاني من تشرين الثاني 2025"),
    ("on November 1, 2025", "في 01\u200f/11\u200f/2025"),  # a numeric date keeps the month as 11
    ("on 1 November 2025", "في 1 تشرين الثاني/نوفمبر 2025"),
    ("in November 2025", "في تشرين الثاني 2025"),
]


@pytest.mark.parametrize(("source", "target"), KEPT)
def test_date_changed_is_silent_when_the_date_survives(source: str, target: str) -> None:
    found = findings(source, target, config=LEVANT)

    assert "date-changed" not in found and "number-mismatch" not in found


def test_date_changed_works_from_arabic_to_english() -> None:
    def english(source: str, target: str) -> dict[str, str]:
        return findings(source, target, target_language="en", source_language="ar")

    assert "date-changed" not in english("في ١ تشرين الثاني ٢٠٢٥", "on November 1, 2025")
    assert "date-changed" not in english("في 1 نوفمبر 2025", "on 1/11/2025")
    assert "date-changed" in english("في 1 تشرين الثاني 2025", "on October 1, 2025")
    assert "date-changed" in english("في 1 تشرين الثاني 2025", "on November 2, 2025")


def test_date_message_names_what_was_lost() -> None:
    message = findings("on November 1, 2025", "في 1 تشرين الثاني 2024", config=LEVANT)["date-changed"]

    assert "'November 1, 2025'" in message and "year 2025" in message


def test_date_check_leaves_spelled_out_numbers_and_ordinals_to_the_number_checks() -> None:
    found = findings("the seventh session, ten years on", "الجلسة السابعة بعد عشر سنوات", config=LEVANT)

    assert found == {}


@pytest.mark.parametrize("check", dates.CHECKS, ids=lambda check: check.id)
def test_every_date_check_has_an_id_a_severity_and_a_one_line_description(check: object) -> None:
    assert check.id and check.severity.value in ("error", "warning")  # type: ignore[attr-defined]
    assert check.description  # type: ignore[attr-defined]


# --- the command line ---------------------------------------------------------------------------------------


PAIRS = [
    ("The session was held on November 1, 2025.", "عقدت الجلسة في 1 تشرين الثاني 2025."),
    ("The next one is on December 6, 2025.", "والجلسة التالية في 6 ديسمبر 2025."),
    ("It was announced on 3 October 2025.", "أعلن عنها في 3 تشرين الأول 2024."),
]


def test_cli_reports_dates_with_the_projects_arabic_locale(tmp_path: Path, run: Run) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workflow]\nsources = []\nlanguages = ["ar"]\n\n[tool.workflow.checks]\narabic-locale = "ar_SY"\n',
        "utf-8",
    )
    po = write_catalog(tmp_path / "ar" / "LC_MESSAGES" / "report.po", PAIRS)

    result = run("check", str(po), "--json", cwd=tmp_path)

    records = [r for r in json.loads(result.stdout) if r["check"] in {"date-month-names", "date-changed"}]
    assert [(r["msgid"], r["check"], r["severity"]) for r in records] == [
        (PAIRS[1][0], "date-month-names", "warning"),
        (PAIRS[2][0], "date-changed", "error"),
    ]
    assert result.exit_code == 3


def test_cli_default_locale_prefers_the_egyptian_names(tmp_path: Path, run: Run) -> None:
    po = write_catalog(tmp_path / "ar.po", PAIRS[:2])

    result = run("check", str(po), "--json", cwd=tmp_path)

    records = [r for r in json.loads(result.stdout) if r["check"] == "date-month-names"]
    assert [r["msgid"] for r in records] == [PAIRS[0][0]]
    assert result.exit_code == 0  # a warning only
