"""Language facts from Babel (CLDR): validation, names, direction and the PO plural rule."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .errors import LocaleError, Location

__all__ = ["normalize_language", "language_name", "plural_forms", "is_rtl", "language_suffix"]

_CODE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    return Locale.parse(code.replace("-", "_"))


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
    return get_plural(_locale(code)).plural_forms
