"""English translations: Arabic script, Arabic punctuation or Arabic-Indic digits left in the text.

Arabic quoted on purpose is marked as such, which is also what makes it render right inside English:
inside ``<bdi>…</bdi>``, an element with ``lang="ar"``, or the isolates U+2067/U+2068 … U+2069.
Such runs are not reported.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from .base import Check, Context, Entry, entry_check

__all__ = ["CHECKS", "ARABIC_LETTER", "unmarked"]


def _letter_class() -> str:
    """A regex class of every Arabic-script letter and mark (not punctuation, digits or format characters)."""
    blocks = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
    ranges: list[tuple[int, int]] = []
    for first, last in blocks:
        for code in range(first, last + 1):
            if unicodedata.category(chr(code))[0] in "LM":
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


ARABIC_LETTER = re.compile(_letter_class())
_ARABIC_WORD = re.compile(_letter_class() + "+(?:[\\s\u200c\u200d]+" + _letter_class() + "+)*")
_PUNCTUATION = re.compile("[\u060c\u061b\u061f\u066a\u06d4\u00ab\u00bb]+")
_PUNCTUATION_NAMES = {
    "\u060c": "Arabic comma ،", "\u061b": "Arabic semicolon ؛", "\u061f": "Arabic question mark ؟",
    "\u066a": "Arabic percent sign ٪", "\u06d4": "Arabic full stop ۔", "\u00ab": "guillemet «", "\u00bb": "guillemet »",
}
_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9][\u0660-\u0669\u06f0-\u06f9\u066b\u066c]*")
_HINT = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe\u00ab\u00bb]")
_MARKED = re.compile(
    r"[\u2067\u2068][^\u2069]*\u2069"
    r"|<bdi\b[^>]*>.*?</bdi\s*>"
    r"|<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^>]*\blang\s*=\s*[\"']?ar\b[^>]*>.*?</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)
_FIX = "translate it, or mark a deliberate quotation with <bdi lang=\"ar\">…</bdi> or U+2067…U+2069"


def unmarked(text: str) -> str:
    """``text`` with deliberately marked Arabic runs (isolates, ``<bdi>``, ``lang="ar"``) blanked out.

    >>> unmarked("the word <bdi lang=ar>سلام</bdi> means peace").split()
    ['the', 'word', 'means', 'peace']
    """
    if "<" not in text and "\u2067" not in text and "\u2068" not in text:
        return text
    return _MARKED.sub(lambda match: " " * len(match.group()), text)


def _translations(entry: Entry) -> Iterator[str]:
    """The entry's distinct translations that contain Arabic characters, marked runs blanked out."""
    forms = entry.plurals if entry.msgid_plural else (entry.msgstr,)
    for translation in dict.fromkeys(forms):
        if translation and _HINT.search(translation):
            yield unmarked(translation)


@entry_check("arabic-in-english", targets={"en"})
def arabic_in_english(entry: Entry, context: Context) -> Iterator[str]:
    """Arabic letters left in an English translation: an untranslated word or sentence."""
    for text in _translations(entry):
        words = _ARABIC_WORD.findall(text)
        if words:
            shown = ", ".join(f"“{word}”" for word in words[:3]) + (" …" if len(words) > 3 else "")
            yield f"Arabic script left in the English translation: {shown}; {_FIX}"


@entry_check("arabic-punctuation-in-english", "warning", targets={"en"})
def arabic_punctuation_in_english(entry: Entry, context: Context) -> Iterator[str]:
    """Arabic punctuation (، ؛ ؟ « ») in an English translation: use , ; ? and “ ”."""
    for text in _translations(entry):
        found = sorted({char for run in _PUNCTUATION.findall(text) for char in run})
        if found:
            yield f"{', '.join(_PUNCTUATION_NAMES[char] for char in found)} in English text; use , ; ? % . or “ ”"


@entry_check("arabic-digits-in-english", "warning", targets={"en"})
def arabic_digits_in_english(entry: Entry, context: Context) -> Iterator[str]:
    """Arabic-Indic or Persian digits (٠-٩, ۰-۹) in an English translation: write 0-9."""
    for text in _translations(entry):
        numbers = _DIGITS.findall(text)
        if numbers:
            ascii_ = [number.translate(_TO_ASCII) for number in numbers[:3]]
            yield f"Arabic-Indic digits in English text: {', '.join(numbers[:3])}; write {', '.join(ascii_)}"


_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")

CHECKS: tuple[Check, ...] = (arabic_in_english, arabic_punctuation_in_english, arabic_digits_in_english)
