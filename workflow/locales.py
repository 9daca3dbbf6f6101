"""Language facts from Babel (CLDR): validation, names, direction and the PO plural rule."""

from __future__ import annotations

import re
from functools import lru_cache

from datetime import date

from babel import Locale, UnknownLocaleError

from .errors import LocaleError, Location

__all__ = [
    "base_language",
    "normalize_language",
    "language_name",
    "plural_forms",
    "is_rtl",
    "language_suffix",
    "DIGIT_POLICIES",
    "text_direction",
    "html_lang",
    "native_name",
    "localize_digits",
    "format_long_date",
    "format_percent_value",
]

DIGIT_POLICIES = ("latn", "arab")
"""How release pages write the numbers they generate (dates, percentages) in Arabic: 0-9 or ٠-٩."""
_ARABIC_INDIC = str.maketrans("0123456789%", "٠١٢٣٤٥٦٧٨٩٪")

_CODE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


def base_language(code: str | None) -> str:
    """The language part of a code, lower-cased: ``ar_SY`` and ``ar-SY`` -> ``ar``; None stays empty.

    >>> base_language("ar-SY"), base_language("EN_gb"), base_language(None)
    ('ar', 'en', '')
    """
    return (code or "").replace("-", "_").split("_")[0].lower()


def normalize_language(code: str, where: Location | None = None) -> str:
    """Check ``code`` against CLDR and spell it as gettext does (``ar``, ``ar_SY``).

    >>> normalize_language("ar-SY")
    'ar_SY'
    """
    if not _CODE.fullmatch(code or ""):
        raise LocaleError(f"invalid language code {code!r} (expected something like 'ar' or 'ar_SY')", where)
    try:
        _locale(code)
    except (UnknownLocaleError, ValueError):
        raise LocaleError(f"unknown language code {code!r}", where) from None
    parts = code.replace("-", "_").split("_")
    return "_".join([parts[0].lower()] + [part.upper() if len(part) == 2 else part for part in parts[1:]])


def language_suffix(stem: str) -> str | None:
    """The language in a file name such as ``report.ar`` (from ``report.ar.md``), if it names one.

    >>> language_suffix("report.ar"), language_suffix("report.v2"), language_suffix("report")
    ('ar', None, None)
    """
    if "." not in stem:
        return None
    candidate = stem.rsplit(".", 1)[1]
    if not _CODE.fullmatch(candidate):
        return None
    try:
        return normalize_language(candidate)
    except LocaleError:
        return None


def language_name(code: str, in_language: str = "en") -> str:
    """The language's name, in English by default (``Arabic``) or in another language (``العربية``)."""
    return _locale(code).get_display_name(_locale(in_language)) or code


def is_rtl(code: str) -> bool:
    return _locale(code).text_direction == "rtl"


def plural_forms(code: str) -> str:
    """The ``Plural-Forms`` header value; Arabic has six forms."""
    from babel.messages.plurals import get_plural  # each babel module loads only where it is used

    return get_plural(_locale(code)).plural_forms


def text_direction(code: str) -> str:
    """``rtl`` or ``ltr``, from CLDR.

    >>> text_direction("ar_SY"), text_direction("en")
    ('rtl', 'ltr')
    """
    return "rtl" if is_rtl(code) else "ltr"


def html_lang(code: str) -> str:
    """The BCP 47 tag HTML wants (``ar-SY``) for a gettext code (``ar_SY``).

    >>> html_lang("ar_SY")
    'ar-SY'
    """
    return code.replace("_", "-")


def native_name(code: str) -> str:
    """The language's name in itself, without the region: ``العربية``, ``English``.

    >>> native_name("ar_SY"), native_name("en")
    ('العربية', 'English')
    """
    locale = _locale(code)
    name = locale.languages.get(locale.language) or language_name(code, code)
    return name[:1].upper() + name[1:]


def localize_digits(text: str, code: str, digits: str = "latn") -> str:
    """Write ``text``'s digits (and ``%``) as Arabic-Indic when the policy is ``arab`` and the language
    is written in Arabic script; Babel never does this itself (ARABIC.md §1).

    >>> localize_digits("1 تشرين الثاني 2025", "ar", "arab"), localize_digits("75%", "en", "arab")
    ('١ تشرين الثاني ٢٠٢٥', '75%')
    """
    if digits != "arab" or _locale(code).language != "ar":
        return text
    return text.translate(_ARABIC_INDIC)


def format_long_date(value: date, code: str, digits: str = "latn") -> str:
    """The long date form of ``code`` with the digit policy; ``ar_SY`` gives Levantine month names.

    >>> format_long_date(date(2025, 11, 1), "ar_SY", "arab"), format_long_date(date(2025, 11, 1), "en")
    ('١ تشرين الثاني ٢٠٢٥', 'November 1, 2025')
    """
    from babel.dates import format_date

    return localize_digits(format_date(value, "long", locale=_locale(code)), code, digits)


def format_percent_value(percent: float, code: str, digits: str = "latn") -> str:
    """A percentage (0-100) in ``code``'s number format, one decimal at most.

    >>> format_percent_value(87.5, "ar", "arab"), format_percent_value(100, "en")
    ('٨٧٫٥٪', '100%')
    """
    from babel.numbers import format_percent

    system = "arab" if digits == "arab" and _locale(code).language == "ar" else "latn"
    text = format_percent(percent / 100, "#,##0.#%", locale=_locale(code), numbering_system=system)
    return localize_digits(text, code, digits)
