"""Dates: Arabic month names follow the project's Arabic locale, and a date's day, month and year survive translation.

Month names come from Babel (CLDR). Arabic has several sets: ``نوفمبر`` (Egypt, the Gulf, plain ``ar``),
``تشرين الثاني`` (the Levant and Iraq, ``ar_SY``) and the Maghreb's (``نونبر``, ``جانفي``). A date is a month name
next to a day or a year (or after ``شهر``), so the verb ``مارس`` ("he practised") is never taken for March.
The module also holds the small text helpers that content.py and arabic.py share (it imports neither).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from babel.dates import get_month_names

from .base import Context, Entry, entry_check

__all__ = ["DIGITS", "Date", "characters", "compared_pairs", "find_dates", "integers", "month_names", "CHECKS"]

# --- text helpers shared by the check modules -------------------------------------------------------------

_D = "0-9\u0660-\u0669\u06f0-\u06f9"
"""Digits of the three systems: ASCII, Arabic-Indic, Eastern Arabic-Indic (Persian)."""
_INTEGER = re.compile(f"[{_D}]+")
DIGITS = frozenset("0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
                   "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")
_UNUSUAL = re.compile(
    "[0-9\u0660-\u0669\u06f0-\u06f9\u066a-\u066c"  # digits of three systems, ٪ ٫ ٬
    "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u180e"  # bidi controls, invisible characters
    "\u0640\u06a9\u06c0\u06cc\u06d4\ufb50-\ufdff\ufe70-\ufefe"  # tatweel, Persian letters, presentation forms
    "\"«»“”?؟,;%*_`<@{]"  # quotes and the punctuation and markup that checks look for
)


@lru_cache(maxsize=8192)
def characters(text: str) -> frozenset[str]:
    """The unusual characters of ``text`` (digits, bidi controls, quotes, markup...), once per text.

    Checks test this small set before running a regex: most texts lack what most checks look for
    (Persian digits, bidi controls, presentation forms), and one scan rules them all out.
    """
    return frozenset(_UNUSUAL.findall(text))


def compared_pairs(entry: Entry) -> Sequence[tuple[str, str]]:
    """(source, translation) pairs whose content must match: a plural entry's last form is compared
    with msgid_plural (the singular forms of Arabic may spell a number out: ``ملف واحد``)."""
    if not entry.msgid_plural:
        return ((entry.msgid, entry.msgstr),)
    pairs = []
    if len(entry.plurals) == 2 and entry.plurals[0]:
        pairs.append((entry.msgid, entry.plurals[0]))
    if entry.plurals and entry.plurals[-1]:
        pairs.append((entry.msgid_plural, entry.plurals[-1]))
    return pairs


def integers(text: str) -> list[int]:
    """Every run of digits in any of the three systems, as a value (``٢٠٢٥`` -> 2025)."""
    return [int(run) for run in _INTEGER.findall(text)]


# --- month names and dates -------------------------------------------------------------------------------

_ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_ENGLISH = {name: index for index, name in enumerate(_ENGLISH_MONTHS, 1)}
_ENGLISH.update({name[:3]: index for index, name in enumerate(_ENGLISH_MONTHS, 1) if name != "May"})
_ENGLISH["Sept"] = 9
_EN_MONTH = "|".join(sorted(_ENGLISH, key=len, reverse=True))
_DAY = f"([{_D}]{{1,2}})(?![{_D}])(?:st|nd|rd|th)?"
_YEAR = f"([{_D}]{{4}})(?![{_D}])"
_ENGLISH_HINT = re.compile("(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_ENGLISH_DATE = re.compile(
    rf"(?<![A-Za-z])(?:"
    rf"({_EN_MONTH})\.?\s+{_DAY}(?:,?\s+{_YEAR})?"  # November 1, 2025 / Nov. 1
    rf"|{_DAY}(?:\s+of)?\s+({_EN_MONTH})\.?,?(?:\s+{_YEAR})?"  # 1 November 2025 / 1st of November
    rf"|({_EN_MONTH})\.?,?\s+{_YEAR}"  # November 2025
    rf")(?![A-Za-z])"
)

_ARABIC_WORD = re.compile("[\u0621-\u064a]")
_WORD_AFTER = re.compile("\\s+([\u0621-\u064a]+)")
_WORD_BEFORE = re.compile("([\u0621-\u064a]+)[\\s/]+$")
_ARABIC_LOCALES = ("ar", "ar_SY", "ar_MA", "ar_MR", "ar_TN", "ar_IQ")
"""One locale per distinct set of month names in CLDR 49 (ar_IQ adds abbreviated forms)."""


@dataclass(frozen=True)
class Date:
    """A date written with a month name: the parts that must survive translation."""

    month: int
    day: int | None
    year: int | None
    names: tuple[str, ...]
    """The month name(s) as written (two for the UN style ``تشرين الثاني/نوفمبر``)."""
    start: int
    end: int


@lru_cache(maxsize=None)
def month_names(locale: str) -> tuple[str, ...]:
    """The 12 wide month names of ``locale`` (CLDR, through Babel), January first.

    >>> month_names("ar_SY")[10], month_names("ar")[10]
    ('تشرين الثاني', 'نوفمبر')
    """
    names = get_month_names("wide", locale=locale)
    return tuple(" ".join(names[index].split()) for index in range(1, 13))


@lru_cache(maxsize=None)
def _locale_forms(locale: str) -> frozenset[str]:
    """Every spelling ``locale`` uses for months (wide, abbreviated, stand-alone), spaces normalized."""
    forms = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names = get_month_names(width, context, locale=locale)
            forms.update(" ".join(names[index].split()) for index in range(1, 13))
    return frozenset(forms)


@lru_cache(maxsize=1)
def _arabic_months() -> tuple[dict[str, int], re.Pattern[str], re.Pattern[str]]:
    """Every Arabic month spelling CLDR knows with its number, a regex finding dates written with them,
    and one finding the names alone."""
    numbers: dict[str, int] = {}
    for locale in _ARABIC_LOCALES:
        for width in ("wide", "abbreviated"):
            names = get_month_names(width, locale=locale)
            for index in range(1, 13):
                numbers[" ".join(names[index].split())] = index
    alternatives = "|".join(
        r"\s+".join(map(re.escape, name.split())) for name in sorted(numbers, key=len, reverse=True)
    )
    month = rf"(?<!\w)[وبل]?({alternatives})(?!\w)"
    pattern = re.compile(
        rf"(?:{_DAY}\s+|(شهر)\s+)?{month}(?:\s*/\s*(?:{month}|({_EN_MONTH})))?"
        rf"(?:\s+(?:(?:من\s+)?(?:عام|العام|سنة)\s+)?{_YEAR})?"
    )
    return numbers, pattern, re.compile(f"(?:{alternatives})")


@lru_cache(maxsize=4096)
def find_dates(text: str) -> tuple[Date, ...]:
    """Dates written with an English or Arabic month name and a day or a year, in text order.

    >>> [(d.day, d.month, d.year) for d in find_dates("on November 1, 2025 and 3 May")]
    [(1, 11, 2025), (3, 5, None)]
    >>> [(d.day, d.month, d.year) for d in find_dates("في 1 تشرين الثاني 2025")]
    [(1, 11, 2025)]
    """
    if DIGITS.isdisjoint(characters(text)) and "شهر" not in text:
        return ()
    dates = []
    if _ENGLISH_HINT.search(text):
        for match in _ENGLISH_DATE.finditer(text):
            month_name, day1, year1, day2, month_name2, year2, month_name3, year3 = match.groups()
            name = month_name or month_name2 or month_name3
            dates.append(
                Date(_ENGLISH[name], _int(day1 or day2), _int(year1 or year2 or year3), (name,), *match.span())
            )
    if _ARABIC_WORD.search(text) and _has_arabic_month(text):
        numbers, pattern, _ = _arabic_months()
        for match in pattern.finditer(text):
            day, month_word, name, second, _english, year = match.groups()
            if day is None and year is None and month_word is None:
                continue
            canonical = " ".join(name.split())
            names = (canonical, " ".join(second.split())) if second else (canonical,)
            dates.append(Date(numbers[canonical], _int(day), _int(year), names, *match.span()))
        dates.sort(key=lambda date: date.start)
    return tuple(dates)


def _has_arabic_month(text: str) -> bool:
    """Cheap test before the costly regex: an Arabic month name next to a day or a year, or ``شهر``."""
    if "شهر" in text:
        return True
    words = _arabic_edge_words()
    for match in _INTEGER.finditer(text):
        start, end = match.span()
        if end - start <= 2:
            after = _WORD_AFTER.match(text, end)
            if after and (after.group(1) in words or after.group(1)[1:] in words):
                return True
        elif end - start == 4:
            before = _WORD_BEFORE.search(text, max(0, start - 24), start)
            if before and before.group(1) in words:
                return True
    return False


@lru_cache(maxsize=1)
def _arabic_edge_words() -> frozenset[str]:
    """First and last words of the Arabic month names: what stands next to a day or a year."""
    numbers, _, _ = _arabic_months()
    return frozenset(word for name in numbers for word in (name.split()[0], name.split()[-1]))


def _int(digits: str | None) -> int | None:
    return None if digits is None else int(digits)


def _mentions_month(text: str, month: int, values: list[int]) -> bool:
    """Whether ``text`` names ``month`` (in English or any Arabic set) or has its number."""
    if month in values:
        return True
    return any(date.month == month for date in find_dates(text)) or _names_month_anywhere(text, month)


def _names_month_anywhere(text: str, month: int) -> bool:
    """A bare month name without day or year (``في نوفمبر``) still counts as keeping the month."""
    numbers, _, _ = _arabic_months()
    return any(number == month and name in text for name, number in numbers.items()) or any(
        number == month and re.search(rf"(?<![A-Za-z]){name}(?![A-Za-z])", text)
        for name, number in _ENGLISH.items()
    )


@entry_check("date-month-names", "warning", targets={"ar"})
def date_month_names(entry: Entry, context: Context) -> Sequence[str]:
    """An Arabic date uses month names of another locale than the project's (نوفمبر vs تشرين الثاني).

    The project's ``arabic-locale`` setting picks the set; the UN style that gives both
    (``تشرين الثاني/نوفمبر``) is accepted when one of the two is the project's.
    """
    locale = context.settings.arabic_locale
    if not locale.startswith("ar"):
        return ()
    messages: dict[str, None] = {}
    for _, text in entry.pairs():
        for date in find_dates(text):
            if date.names[0] in _ENGLISH or not _locale_forms(locale).isdisjoint(date.names):
                continue
            wanted = month_names(locale)[date.month - 1]
            messages[
                f"month name {date.names[0]!r} is not the {locale} form: write {wanted!r}"
                " (or set arabic-locale in [tool.workflow.checks])"
            ] = None
    return list(messages)


_ORDINAL_DAYS = {
    1: "الأول|الأولى", 2: "الثاني|الثانية", 3: "الثالث|الثالثة", 4: "الرابع|الرابعة", 5: "الخامس|الخامسة",
    6: "السادس|السادسة", 7: "السابع|السابعة", 8: "الثامن|الثامنة", 9: "التاسع|التاسعة", 10: "العاشر|العاشرة",
}
"""Days an Arabic date may write as an ordinal word: في الأول من تشرين الثاني."""


def _day_in_words(text: str, day: int) -> bool:
    if day not in _ORDINAL_DAYS:
        return False
    _, _, names = _arabic_months()
    return re.search(f"(?<!\\w)[وفب]?(?:{_ORDINAL_DAYS[day]})(?!\\w)", names.sub(" ", text)) is not None


@entry_check("date-changed")
def date_changed(entry: Entry, context: Context) -> Sequence[str]:
    """A date of the source (November 1, 2025 / 1 تشرين الثاني 2025) lost its day, month or year in translation."""
    messages: dict[str, None] = {}
    for source, text in compared_pairs(entry):
        found = find_dates(source) if not DIGITS.isdisjoint(characters(source)) else ()
        if not found:
            continue
        values = integers(text)
        for date in found:
            lost = []
            if date.day is not None and date.day not in values and not _day_in_words(text, date.day):
                lost.append(f"day {date.day}")
            if not _mentions_month(text, date.month, values):
                lost.append(f"month {date.names[0]}")
            if date.year is not None and date.year not in values:
                lost.append(f"year {date.year}")
            if lost:
                written = source[date.start : date.end]
                messages[f"the date {written!r} lost its {' and '.join(lost)} in translation"] = None
    return list(messages)


CHECKS = (date_month_names, date_changed)
