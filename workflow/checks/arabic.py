"""Arabic translations: punctuation, quotes, digits, letters, bidi controls and text left in Latin script.

The rules are ARABIC.md §3's, each with the legitimate text it must let through: ``1,250`` is not
a Latin comma after a word, ``1447هـ`` is not a kashida, Babel's ``01\u200f/11\u200f/2025`` has no
misplaced mark, and an isolated ``\u2066WhatsApp\u2069`` is not untranslated. A check reports a
problem once per entry, however many plural forms repeat it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from .base import Context, Entry, entry_check
from .bidichecks import CHECKS as _BIDI_CHECKS  # listed in their place: the order of ALL_CHECKS stays
from .content import NUMBER, numbers, prose
from .dates import DIGITS, characters, compared_pairs
from .script import ARABIC as _AR
from .script import NONE as _NONE
from .script import excerpt as _context
from .script import texts as _texts

__all__ = ["CHECKS"]

_ARABIC_LETTER = re.compile(_AR)
_ARABIC_RUN = re.compile(f"{_AR}+")
_LATIN = re.compile("[A-Za-z]")

_PUNCT_LATIN = re.compile(f"{_AR}[»)\\]”\"]?\\s?([,;?])")
_ARABIC_PUNCT = {",": "،", ";": "؛", "?": "؟"}
_TIGHT_LIST = re.compile(r"\w[,;]\w")
"""``yes,no,maybe``: a list that software splits at the comma, which the translation must keep."""
_LATIN_PUNCT = frozenset(",;?")
_QUESTION = frozenset("?؟")
_QUOTES = frozenset("«»“”\"")

_ASCII_DIGIT = re.compile("[0-9]")
_NON_ASCII_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_PERSIAN_DIGIT = re.compile("[\u06f0-\u06f9]")
_ASCII_DIGITS = frozenset("0123456789")
_ARABIC_DIGITS = frozenset(chr(code) for code in range(0x0660, 0x066A))
_PERSIAN_DIGITS = frozenset(chr(code) for code in range(0x06F0, 0x06FA))
_ARABIC_SEPARATORS = frozenset("\u066b\u066c")
_OTHER_DIGIT_MARKS = _ARABIC_DIGITS | _PERSIAN_DIGITS | _ARABIC_SEPARATORS
_PERSIAN_TO_ARABIC = str.maketrans("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9", "٠١٢٣٤٥٦٧٨٩")
_SYSTEMS = (("0", "9"), ("\u0660", "\u0669"), ("\u06f0", "\u06f9"))

_KASHIDA = re.compile(f"(?<={_AR})\u0640+(?={_AR})")
"""Tatweel between two letters of a word. At a word's end it is legitimate: the Hijri ``هـ`` and a
preposition or article joined to what follows in another script (``لـ %(name)s``, ``الـ WhatsApp``)."""
_PRESENTATION = re.compile("[\ufb50-\ufd3d\ufd40-\ufdf9\ufdfe\ufdff\ufe70-\ufefe]")
"""Presentation forms, except the ornate parentheses ﴾﴿ (Qur'an quotations) and the honorific and
currency signs ﷺ ﷻ ﷼ ﷽ (U+FDFA-FDFD): those are characters in their own right, typed on purpose."""
_PRESENTATION_CHARS = frozenset(
    chr(code) for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFEFF)] if _PRESENTATION.match(chr(code))
)
_PERSIAN_LETTERS = {"\u06cc": "ي (or ى)", "\u06a9": "ك", "\u06c0": "ة", "\u06d4": "."}
_PERSIAN_LETTER_CHARS = frozenset(_PERSIAN_LETTERS)

_INVISIBLE = re.compile("[\u200b\ufeff\u00ad\u2060-\u2064\u180e]")
_INVISIBLE_CHARS = frozenset("\u200b\ufeff\u00ad\u2060\u2061\u2062\u2063\u2064\u180e")
_INVISIBLE_NAMES = {
    "\u200b": "zero-width space U+200B", "\ufeff": "byte-order mark U+FEFF", "\u00ad": "soft hyphen U+00AD",
    "\u2060": "word joiner U+2060", "\u2061": "invisible operator U+2061", "\u2062": "invisible operator U+2062",
    "\u2063": "invisible separator U+2063", "\u2064": "invisible operator U+2064",
    "\u180e": "Mongolian vowel separator U+180E",
}

_ISOLATED = re.compile("[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069|<bdi\\b[^>]*>.*?</bdi>", re.S | re.I)
_ISOLATE_STARTS = frozenset("\u2066\u2067\u2068<")
_TOKEN_CHARS = "A-Za-z0-9_./\\\\:\\[\\]{}=#@+'’-"
_TOKEN = re.compile(f"[{_TOKEN_CHARS}]*[A-Za-z][{_TOKEN_CHARS}]*")
_CODE_LIKE = re.compile(r"[0-9_/\\\[\]{}=#@+]|[.:][A-Za-z]")
"""A token that is code, a path, a version or a format (``get_absolute_url``, ``/about/``, ``IPv4``)."""
_GLOSS = re.compile(f"(?<={_AR})(\\s*)\\(([^()\u0600-\u06ff]*[A-Za-z][^()\u0600-\u06ff]*)\\)")
"""A Latin gloss in brackets right after Arabic words: ``مبادرة الدفاع عن الحقوق (Rights Defense Initiative)``."""
_QUOTED = re.compile("([«“”\"'‘])[^«»“”\"'‘’\u0600-\u06ff]*[A-Za-z][^«»“”\"'‘’\u0600-\u06ff]*[»“”\"'’]")
"""A quoted Latin literal: a key, a value or a file name (``”Control“``, ``'True'``)."""

_PHONE = re.compile("(?:\\+?[0-9\u0660-\u0669]{1,4}[ \u00a0]){2,}[0-9\u0660-\u0669]+")
_LTR_BEFORE = "\u200e\u2066\u202a"

_PERCENT_NUMBER = re.compile(f"({NUMBER.pattern})\\s?[%\u066a]")
_NUMBER_PERCENT = re.compile(f"(?<![%\\w])[%\u066a]\\s?({NUMBER.pattern})(?![0-9\u0660-\u0669$])")
_SEPARATORS = re.compile("[.,\u066b\u066c]")


@entry_check("punct-latin", targets={"ar"})
def punct_latin(entry: Entry, context: Context) -> Sequence[str]:
    """A Latin comma, semicolon or question mark follows an Arabic word: use ، ؛ ؟."""
    for text in _texts(entry):
        if _LATIN_PUNCT.isdisjoint(characters(text)):
            continue
        found = list(_PUNCT_LATIN.finditer(prose(text)))
        if found and _TIGHT_LIST.search(entry.msgid):
            found = [match for match in found if text[match.end() : match.end() + 1].isspace()]
        if found:
            marks = sorted({match.group(1) for match in found})
            fixes = ", ".join(f"{mark!r} -> {_ARABIC_PUNCT[mark]!r}" for mark in marks)
            example = _context(text, *found[0].span())
            return [f"Latin punctuation after Arabic text ({len(found)}x, e.g. {example!r}): {fixes}"]
    return _NONE


def _questions(text: str) -> int:
    text = prose(text)
    return text.count("?") + text.count("؟")


@entry_check("punct-question", "warning", targets={"ar"})
def punct_question(entry: Entry, context: Context) -> Sequence[str]:
    """The translation has a different number of question marks (? or ؟) than the source."""
    for source, text in compared_pairs(entry):
        if _QUESTION.isdisjoint(characters(source)) and _QUESTION.isdisjoint(characters(text)):
            continue
        wanted, got = _questions(source), _questions(text)
        if wanted != got:
            return [f"the source has {wanted} question mark(s), the translation {got} (Arabic uses ؟)"]
    return _NONE


def _unbalanced(text: str) -> list[str]:
    found = []
    if text.count("«") != text.count("»"):
        found.append(f"{text.count('«')} « and {text.count('»')} »")
    opening, closing = text.count("“"), text.count("”")
    # ”…” (one mark used both ways) is a common Arabic style; only a count that cannot pair up is wrong.
    if opening != closing and not (min(opening, closing) == 0 and (opening + closing) % 2 == 0):
        found.append(f"{opening} “ and {closing} ”")
    if text.count('"') % 2:
        found.append(f'{text.count(chr(34))} "')
    return found


@entry_check("quote-unbalanced", targets={"ar"})
def quote_unbalanced(entry: Entry, context: Context) -> Sequence[str]:
    """Quotation marks in the translation do not pair up (« with », “ with ”)."""
    for source, text in compared_pairs(entry):
        if _QUOTES.isdisjoint(characters(text)):
            continue
        found = _unbalanced(prose(text))
        # A quotation running over several paragraphs opens in one and closes in another, in the source too.
        if found and not _unbalanced(prose(source)):
            return [f"unbalanced quotation marks: {'; '.join(found)}"]
    return _NONE


def _system(char: str) -> int:
    return next(index for index, (low, high) in enumerate(_SYSTEMS) if low <= char <= high)


@entry_check("digits-mixed", targets={"ar"})
def digits_mixed(entry: Entry, context: Context) -> Sequence[str]:
    """One number mixes digit systems (٢0٢5), or has ASCII digits with Arabic separators (Babel's 1٬234٫5)."""
    messages: dict[str, None] = {}
    for text in _texts(entry):
        chars = characters(text)
        if _ASCII_DIGITS.isdisjoint(chars) or _OTHER_DIGIT_MARKS.isdisjoint(chars):
            continue
        for number in numbers(text):
            systems = {_system(char) for char in number.text if char.isdigit()}
            if len(systems) > 1:
                messages[f"number {number.text!r} mixes digit systems: write it all in one"] = None
            elif systems == {0} and not _ARABIC_SEPARATORS.isdisjoint(number.text):
                messages[
                    f"number {number.text!r} has ASCII digits with Arabic separators (٫ ٬): use . and , or ٠-٩"
                ] = None
    return list(messages)


@entry_check("digits-persian", targets={"ar"})
def digits_persian(entry: Entry, context: Context) -> Sequence[str]:
    """Eastern Arabic-Indic (Persian) digits ۰-۹ in Arabic text: Arabic uses ٠-٩ (or 0-9)."""
    found: dict[str, None] = {}
    for text in _texts(entry):
        if not _PERSIAN_DIGITS.isdisjoint(characters(text)):
            persian = (match.group() for match in NUMBER.finditer(text) if _PERSIAN_DIGIT.search(match.group()))
            found.update(dict.fromkeys(persian))
    if not found:
        return _NONE
    fixed = ", ".join(number.translate(_PERSIAN_TO_ARABIC) for number in found)
    return [f"Persian digits in {', '.join(found)} (U+06F0-06F9): write {fixed}"]


def _policy_numbers(text: str) -> list[str]:
    """Numbers of the prose that the digit policy governs: not in URLs, code, isolated runs or Latin names."""
    if not _ISOLATE_STARTS.isdisjoint(characters(text)):
        text = _ISOLATED.sub(" ", text)
    text = prose(text)
    found = []
    for match in NUMBER.finditer(text):
        before = text[max(0, match.start() - 2) : match.start()].rstrip("-_./")[-1:]
        after = text[match.end() : match.end() + 1]
        if (before and _LATIN.match(before)) or (after and _LATIN.match(after)):
            continue  # COVID-19, A4, H1N1: part of a Latin name
        found.append(match.group())
    return found


@entry_check("digits-policy", targets={"ar"})
def digits_policy(entry: Entry, context: Context) -> Sequence[str]:
    """Digits break the project's digit policy (``digits``: latn = 0-9 only, arab = ٠-٩ only)."""
    policy = context.settings.digits
    if policy == "any":
        return _NONE
    pattern = _NON_ASCII_DIGIT if policy == "latn" else _ASCII_DIGIT
    wrong_digits = _ARABIC_DIGITS | _PERSIAN_DIGITS if policy == "latn" else _ASCII_DIGITS
    wrong: dict[str, None] = {}
    for text in _texts(entry):
        if not wrong_digits.isdisjoint(characters(text)):
            wrong.update(dict.fromkeys(n for n in _policy_numbers(text) if pattern.search(n)))
    if not wrong:
        return _NONE
    wanted = "ASCII digits 0-9" if policy == "latn" else "Arabic-Indic digits ٠-٩"
    return [f"the project's digit policy is {policy}: write {', '.join(wrong)} with {wanted}"]


@entry_check("digits-inconsistent", "warning", targets={"ar"})
def digits_inconsistent(entry: Entry, context: Context) -> Sequence[str]:
    """One translation writes numbers in both 0-9 and ٠-٩ (digit policy ``any``: pick one per text)."""
    if context.settings.digits != "any":
        return _NONE
    for text in _texts(entry):
        chars = characters(text)
        if _ASCII_DIGITS.isdisjoint(chars) or _ARABIC_DIGITS.isdisjoint(chars):
            continue
        found = _policy_numbers(text)
        latin = [n for n in found if _ASCII_DIGIT.search(n) and not _NON_ASCII_DIGIT.search(n)]
        arabic = [n for n in found if _NON_ASCII_DIGIT.search(n) and not _ASCII_DIGIT.search(n)]
        if latin and arabic:
            return [
                f"numbers in both digit systems ({latin[0]} and {arabic[0]}):"
                " use one (or set digits in [tool.workflow.checks])"
            ]
    return _NONE


@entry_check("tatweel", targets={"ar"})
def tatweel(entry: Entry, context: Context) -> Sequence[str]:
    """Tatweel (kashida) stretches a word (الســـلام) and breaks search; the Hijri هـ and لـ/الـ are fine."""
    for text in _texts(entry):
        if "\u0640" not in characters(text):
            continue
        match = _KASHIDA.search(text)
        if match:
            return [f"tatweel in {_context(text, *match.span())!r}: remove it (justification is the renderer's job)"]
    return _NONE


@entry_check("presentation-forms", targets={"ar"})
def presentation_forms(entry: Entry, context: Context) -> Sequence[str]:
    """Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFE): text pasted from a PDF, unsearchable and maybe reversed."""
    for text in _texts(entry):
        if _PRESENTATION_CHARS.isdisjoint(characters(text)):
            continue
        found = _PRESENTATION.findall(text)
        return [
            f"{len(found)} presentation-form character(s) ({''.join(found[:6])}): text copied from a PDF?"
            " Re-extract or retype it; NFKC cannot restore the reading order"
        ]
    return _NONE


@entry_check("persian-letters", targets={"ar"})
def persian_letters(entry: Entry, context: Context) -> Sequence[str]:
    """Persian letters ی ک ۀ ۔ in Arabic text (a Persian keyboard layout): use ي ك ة ."""
    found: dict[str, None] = {}
    for text in _texts(entry):
        if not _PERSIAN_LETTER_CHARS.isdisjoint(characters(text)):
            found.update(dict.fromkeys(char for char in text if char in _PERSIAN_LETTER_CHARS))
    if not found:
        return _NONE
    fixes = ", ".join(f"{char!r} (U+{ord(char):04X}) -> {_PERSIAN_LETTERS[char]}" for char in found)
    return [f"Persian letters: {fixes}"]


@entry_check("invisible", targets={"ar"})
def invisible(entry: Entry, context: Context) -> Sequence[str]:
    """Invisible characters (zero-width space, BOM, soft hyphen) in the translation."""
    found: dict[str, None] = {}
    for text in _texts(entry):
        if not _INVISIBLE_CHARS.isdisjoint(characters(text)):
            found.update(dict.fromkeys(_INVISIBLE.findall(text)))
    if not found:
        return _NONE
    return [f"invisible character(s): {', '.join(_INVISIBLE_NAMES[char] for char in found)}; remove them"]


@entry_check("zwnj", "warning", targets={"ar"})
def zwnj(entry: Entry, context: Context) -> Sequence[str]:
    """A zero-width non-joiner (U+200C) in Arabic text: Persian spelling uses it, Arabic spelling does not."""
    for text in _texts(entry):
        if "\u200c" in characters(text):
            return ["zero-width non-joiner U+200C (a Persian-keyboard habit?): remove it unless the break is intended"]
    return _NONE


@lru_cache(maxsize=64)
def _keep_pattern(keep: frozenset[str]) -> re.Pattern[str] | None:
    phrases = sorted((phrase for phrase in keep if phrase.strip()), key=len, reverse=True)
    if not phrases:
        return None
    return re.compile("|".join(f"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])" for phrase in phrases), re.I)


def _latin_text(text: str, keep: frozenset[str]) -> str:
    """The translation without what may stay in Latin script: URLs, code, tags, isolated runs, kept names."""
    if not _ISOLATE_STARTS.isdisjoint(characters(text)):
        text = _ISOLATED.sub(" ", text)
    text = prose(text)
    pattern = _keep_pattern(keep)
    return pattern.sub(" ", text) if pattern is not None else text


def _latin_words(text: str) -> list[str]:
    """Latin words of ``text``, leaving out code, paths, versions and formats."""
    words = []
    for token in _TOKEN.findall(text):
        token = token.strip(".:'’-")
        if token and not _CODE_LIKE.search(token):
            words.append(token)
    return words


def _acronym(word: str) -> bool:
    """``UNDP``, ``NGOs``, ``PDF``: kept as they are in Arabic text."""
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    return letters.isupper() or (letters[-1:] == "s" and letters[:-1].isupper())


@lru_cache(maxsize=4096)
def _has_latin(text: str) -> bool:
    return _LATIN.search(text) is not None


@lru_cache(maxsize=1024)
def _mostly_latin(text: str, keep: frozenset[str]) -> tuple[int, int] | None:
    """(Latin letters, Arabic letters) when Latin outweighs Arabic, acronyms, code and kept names aside.

    One Latin word beside Arabic ones (``كائن LogEntry``) is a name, left to ``latin-untranslated``.
    """
    if not _has_latin(text):
        return None
    rest = _latin_text(text, keep)
    words = [word for word in _latin_words(rest) if not _acronym(word)]
    latin = sum(map(len, words))
    if not latin:
        return None
    arabic = 0
    for match in _ARABIC_RUN.finditer(rest):
        arabic += match.end() - match.start()
        if arabic >= latin:
            return None
    if arabic == 0 or len(words) > 1:
        return latin, arabic
    return None


@entry_check("not-arabic", targets={"ar"})
def not_arabic(entry: Entry, context: Context) -> Sequence[str]:
    """The translation is mostly Latin script (more ASCII letters than Arabic ones): left untranslated?"""
    for text in _texts(entry):
        counts = _mostly_latin(text, context.settings.keep)
        if counts:
            return [
                f"the translation is mostly Latin script ({counts[0]} Latin letters, {counts[1]} Arabic):"
                " translate it, or isolate names with \u2066…\u2069 / add them to keep"
            ]
    return _NONE


@entry_check("latin-untranslated", "warning", targets={"ar"})
def latin_untranslated(entry: Entry, context: Context) -> Sequence[str]:
    """Latin words of the source are left in the Arabic text (acronyms, code, quotes, kept names, isolates aside)."""
    keep = context.settings.keep
    for source, text in compared_pairs(entry):
        if not _has_latin(text) or (_mostly_latin(text, keep) or (1, 1))[1] == 0:
            continue  # no Arabic at all: not-arabic reports the whole text
        rest = _latin_text(text, keep)
        if "(" in rest:
            rest = _GLOSS.sub(" ", rest)
        if not _QUOTES.isdisjoint(characters(rest)) or "'" in rest:
            rest = _QUOTED.sub(" ", rest)
        words = [word for word in _latin_words(rest) if len(word) >= 3 and not _acronym(word)]
        if not words:
            continue
        source_words = {word.casefold() for word in _latin_words(source)}
        keep_words = {word.casefold() for word in keep}
        left = [w for w in dict.fromkeys(words) if w.casefold() in source_words and w.casefold() not in keep_words]
        if left:
            return [
                f"Latin word(s) left untranslated: {', '.join(left)} (translate them, isolate a name with"
                " \u2066…\u2069 or <bdi>, or list it in the checks' keep setting or as a keep row of the glossary)"
            ]
    return _NONE


@entry_check("identical-to-source", "warning", targets={"ar"})
def identical_to_source(entry: Entry, context: Context) -> Sequence[str]:
    """The translation is identical to the source (strings without letters, acronyms and kept names aside)."""
    keep = context.settings.keep
    for source, text in compared_pairs(entry):
        if text != source or not any(char.isalpha() for char in text) or _mostly_latin(text, keep):
            continue
        rest = _latin_text(text, keep)
        if not _ARABIC_LETTER.search(rest) and all(_acronym(word) for word in _latin_words(rest)):
            continue
        return ["the translation is identical to the source"]
    return _NONE


def _value(number: str) -> int:
    return int(_SEPARATORS.sub("", number))


@entry_check("percent-visual-order", targets={"ar"})
def percent_visual_order(entry: Entry, context: Context) -> Sequence[str]:
    """The percent sign is typed before the number (%25) to look right: write 25% (or ٢٥٪) in logical order."""
    for source, text in compared_pairs(entry):
        source_chars, chars = characters(source), characters(text)
        if "%" not in source_chars or DIGITS.isdisjoint(source_chars) or ("%" not in chars and "\u066a" not in chars):
            continue
        values = {_value(match.group(1)) for match in _PERCENT_NUMBER.finditer(prose(source))}
        if not values:
            continue
        target = prose(text)
        logical = {_value(match.group(1)) for match in _PERCENT_NUMBER.finditer(target)}
        for match in _NUMBER_PERCENT.finditer(target):
            if _value(match.group(1)) in values - logical:
                return [f"{match.group().strip()!r} is in visual order: type the number first ({match.group(1)}%)"]
    return _NONE


@entry_check("numbers-reversed", "warning", targets={"ar"})
def numbers_reversed(entry: Entry, context: Context) -> Sequence[str]:
    """The translation has the source's numbers in reverse order (2025-11-01 -> 01-11-2025): typed to look right?"""
    for source, text in compared_pairs(entry):
        if DIGITS.isdisjoint(characters(source)) or DIGITS.isdisjoint(characters(text)):
            continue
        wanted = [number.value for number in numbers(source)]
        if len(wanted) < 2 or wanted == wanted[::-1]:
            continue
        got = numbers(text)
        if [number.value for number in got] == wanted[::-1]:
            return [
                f"numbers in reverse order ({' '.join(n.text for n in got)}): fine for a D-M-Y date,"
                " otherwise type them in reading order and let the bidi algorithm display them"
            ]
    return _NONE


@entry_check("ltr-run-not-isolated", "warning", targets={"ar"})
def ltr_run_not_isolated(entry: Entry, context: Context) -> Sequence[str]:
    """A phone number (digit groups and spaces) in Arabic text without LRI/LRM or <bdi dir=ltr> displays reversed."""
    for text in _texts(entry):
        if DIGITS.isdisjoint(characters(text)) or not _PHONE.search(text):
            continue
        rest = _ISOLATED.sub(" ", text) if not _ISOLATE_STARTS.isdisjoint(characters(text)) else text
        for match in _PHONE.finditer(rest):
            if match.start() and rest[match.start() - 1] in _LTR_BEFORE:
                continue
            return [
                f"{match.group().strip()!r} displays in reverse order in Arabic text: wrap it in"
                " <bdi dir=ltr>…</bdi> or \u2066…\u2069"
            ]
    return _NONE


CHECKS = (
    punct_latin,
    punct_question,
    quote_unbalanced,
    digits_mixed,
    digits_persian,
    digits_policy,
    digits_inconsistent,
    tatweel,
    presentation_forms,
    persian_letters,
    *_BIDI_CHECKS,
    invisible,
    zwnj,
    not_arabic,
    latin_untranslated,
    identical_to_source,
    percent_visual_order,
    numbers_reversed,
    ltr_run_not_isolated,
)
