"""Term matching: normalisation of Arabic and English text, the clitic- and inflection-aware patterns
a glossary term compiles to, and finding those patterns in a text (terminology.py's glossary uses them)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

__all__ = ["arabic_word_pattern", "english_forms", "find_term", "normalize", "term_pattern"]

# --- Normalisation -----------------------------------------------------------------------------

_MARKS = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]  # tashkeel: fathatan .. wavy hamza below
    + [chr(c) for c in range(0x0610, 0x061B)]  # honorific signs above letters
    + [chr(c) for c in (*range(0x06D6, 0x06DD), *range(0x06DF, 0x06E9), *range(0x06EA, 0x06EE))]  # Quranic marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
)
_DELETED = _MARKS | frozenset(
    ["\u00ad", "\u061c", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"]  # soft hyphen, marks, joiners, BOM
    + [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]  # bidi embeddings and isolates
)
_REPLACED = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "\u200b": " "} | {
    chr(zero + value): str(value) for zero in (0x0660, 0x06F0) for value in range(10)  # ٢٤ and ۲۴ are 24
}
_TABLE = str.maketrans({**{char: None for char in _DELETED}, **_REPLACED})
_DELETED_RUN = re.compile("[" + "".join(sorted(_DELETED)) + "]")
_FOLDED = re.compile("[" + "".join(sorted({*_DELETED, *_REPLACED})) + "]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def normalize(text: str) -> str:
    """Fold Arabic spelling variants so that matching sees one form; Latin text is left alone.

    Diacritics, tatweel and invisible format characters go; alef variants become ا, ta marbuta ه,
    alef maqsura ي, Arabic-Indic digits Western ones (the ``digits`` check judges the digit system, not
    the glossary). Every kept character stays one character, so positions can be mapped back.

    >>> normalize("السِّلْمُ الأهلـــي، إنسان، آمال، كرامة، على")
    'السلم الاهلي، انسان، امال، كرامه، علي'
    >>> normalize("خلال ٢٤ ساعة")
    'خلال 24 ساعه'
    >>> normalize("civil\\u00a0Peace")
    'civil\\xa0Peace'
    """
    return text.translate(_TABLE) if _FOLDED.search(text) else text


class _Text:
    """A text with its normalised and lower-cased forms; maps spans of the normalised text back."""

    __slots__ = ("original", "normalized", "lowered", "_deleted")

    def __init__(self, original: str) -> None:
        self.original = original
        self.normalized = normalize(original)
        self.lowered = self.normalized.lower()
        self._deleted: list[int] | None = None

    def words(self, start: int, end: int) -> str:
        """The original words behind ``normalized[start:end]``."""
        if len(self.normalized) == len(self.original):
            return self.original[start:end]
        if self._deleted is None:
            self._deleted = [match.start() for match in _DELETED_RUN.finditer(self.original)]
        stop = self._position(end - 1) + 1
        while stop < len(self.original) and self.original[stop] in _MARKS:
            stop += 1  # the diacritics of the last letter belong to the word
        return self.original[self._position(start) : stop]

    def _position(self, index: int) -> int:
        for deleted in self._deleted or ():
            if deleted > index:
                break
            index += 1
        return index


# --- Arabic -------------------------------------------------------------------------------------

# A conjunction (و ف), then a preposition (ب ك ل) and/or the article; ل + ال is written لل.
_PREFIXES = frozenset(c + a for c in ("", "و", "ف") for a in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل"))
_FIRST_PREFIX = "[وف]?(?:[بك]?ال|لل|[بكل])?"  # exactly the strings of _PREFIXES (tested)
_INNER_PREFIX = "(?:ال)?"
# Single-letter pronoun suffixes (ه ك ي) only follow the ت of a ta marbuta: on other words they make
# different words (حربي "military"; حربه is also حربة "spear" once ة and ه are folded).
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "كن", "نا", "ي")
_SAFE_PRONOUNS = ("ها", "هم", "هما", "هن", "كم", "كما", "كن", "نا")


def _arabic_affixes(word: str, loose: bool) -> tuple[str, tuple[str, ...]]:
    """(stem, suffixes) accepted for one glossary word, as written in the glossary."""
    ta_marbuta = "".join(char for char in word if char not in _DELETED).endswith("ة")
    stem = normalize(word)
    if stem.startswith("ال") and len(stem) >= 4:
        stem = stem[2:]  # the article is optional: definiteness is not part of a term
    if ta_marbuta and len(stem) >= 3:
        stem = stem[:-1]
        suffixes = ["ه", *("ت" + p for p in _PRONOUNS)]
        if loose:
            suffixes += ["ات", "تان", "تين", *("ات" + p for p in _PRONOUNS)]
    elif stem.endswith(("ون", "ين")) and len(stem) >= 5:
        stem = stem[:-2]  # sound masculine plural: nominative and oblique case
        suffixes = ["ون", "ين"]
        if loose:  # singular and feminine forms, as in gender-inclusive المدافعون والمدافعات
            suffixes += ["", "ه", "ات", "ان", "تان", "تين"]
    elif stem.endswith("ات") and len(stem) >= 5:
        stem = stem[:-2]
        suffixes = ["ات", *("ات" + p for p in _PRONOUNS)]
        if loose:
            suffixes += ["ه", *("ت" + p for p in _PRONOUNS)]
    else:
        suffixes = ["", *_SAFE_PRONOUNS]
    return stem, tuple(suffixes)


def _alternation(options: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(option) for option in sorted(set(options), key=len, reverse=True)) + ")"


def arabic_word_pattern(word: str, *, first: bool = True, loose: bool = False) -> str:
    """Regular expression (over normalised text) for one Arabic glossary word with its clitics and suffixes.

    >>> pattern = re.compile(arabic_word_pattern("السلم") + "$")
    >>> [bool(pattern.match(normalize(w))) for w in ("وبالسلم", "للسلم", "سلمهم", "سلمي", "السلام")]
    [True, True, True, False, False]
    >>> pattern = re.compile(arabic_word_pattern("المواطنة") + "$")
    >>> [bool(pattern.match(normalize(w))) for w in ("والمواطنة", "مواطنتهم", "المواطنات", "المواطن")]
    [True, True, False, False]
    """
    stem, suffixes = _arabic_affixes(word, loose)
    return (_FIRST_PREFIX if first else _INNER_PREFIX) + re.escape(stem) + _alternation(suffixes)


def _arabic_phrase(phrase: str, loose: bool) -> tuple[str, str, str]:
    """(pattern from the first stem on, anchor, index key) of an Arabic term; the first word's prefix is
    checked apart so that the pattern starts with a literal, which ``re`` finds fast."""
    words = phrase.split()
    stem, suffixes = _arabic_affixes(words[0], loose)
    parts = [re.escape(stem) + _alternation(suffixes)]
    parts += [arabic_word_pattern(word, first=False, loose=loose) for word in words[1:]]
    stems = [_arabic_affixes(word, loose)[0] for word in words]
    key = stem[:3] if _TOKEN.fullmatch(stem[:3]) else ""  # "": no letters to index, always try the term
    return r"\s+".join(parts), max(stems, key=len), key


# --- English ------------------------------------------------------------------------------------

_SIBILANT = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"


def english_forms(word: str, *, verb: bool = False) -> tuple[str, ...]:
    """Inflected forms of an English word (lower case): plural for nouns, -s/-ed/-ing for verbs.

    Possessives need no form of their own: ``'s`` follows a word boundary.

    >>> english_forms("grievances")
    ('grievance', 'grievances')
    >>> english_forms("dignity"), english_forms("crisis")
    (('dignities', 'dignity'), ('crises', 'crisis', 'crisises'))
    >>> english_forms("mediate", verb=True)
    ('mediate', 'mediated', 'mediates', 'mediating')
    """
    word = word.lower()
    if verb:
        return _verb_forms(word)
    lemma = word
    if word.endswith("ies") and len(word) > 4:
        lemma = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        lemma = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")) and len(word) > 3:
        lemma = word[:-1]
    forms = {word, lemma}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + ("es" if lemma.endswith(_SIBILANT) else "s"))
    if lemma.endswith("is"):
        forms.add(lemma[:-2] + "es")  # crisis -> crises
    if lemma.endswith("man"):
        forms.add(lemma[:-3] + "men")
    return tuple(sorted(forms))


def _verb_forms(verb: str) -> tuple[str, ...]:
    forms = {verb}
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in _VOWELS:
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    else:
        forms |= {verb + ("es" if verb.endswith(_SIBILANT) else "s"), verb + "ed", verb + "ing"}
        if len(verb) > 2 and verb[-1] not in _VOWELS + "wxy" and verb[-2] in _VOWELS and verb[-3] not in _VOWELS:
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}  # commit -> committed (stress unknown)
    return tuple(sorted(forms))


_EN_GAP = r"(?:\s*[-\u2010\u2011]\s*|\s+)"
_EN_BREAK = re.compile(r"[-\u2010\u2011'’]")


def _english_word(form: str) -> str:
    pieces = re.split(r"[-\u2010\u2011]", form)
    return _EN_GAP.join("".join("['’]" if c in "'’" else re.escape(c) for c in piece) for piece in pieces)


def _english_phrase(phrase: str, loose: bool) -> tuple[str, str, set[str], str]:
    """(pattern, anchor, index keys, article) of an English term; "to X" is a verb.

    A leading "the" is checked apart (``article``: required, or optional when ``loose``), so that the
    pattern starts with a literal.
    """
    words = phrase.split()
    article = ""
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
        article = "optional" if loose else "required"
    verb = len(words) > 1 and words[0].lower() == "to"
    if verb:
        words = words[1:]
    inflected = 0 if verb else len(words) - 1
    parts, literals, keys = [], [], set()
    for index, word in enumerate(words):
        forms = english_forms(word, verb=verb) if index == inflected else (word.lower(),)
        parts.append("(?:" + "|".join(_english_word(f) for f in sorted(forms, key=len, reverse=True)) + ")")
        literals += _EN_BREAK.split(_common_prefix(forms))
        if index == 0:
            keys = {_first_token(form) for form in forms}
    return _EN_GAP.join(parts), max(literals, key=len), keys, article


def _common_prefix(forms: Iterable[str]) -> str:
    forms = list(forms)
    prefix = forms[0]
    for form in forms[1:]:
        while not form.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


# --- Compiled terms ------------------------------------------------------------------------------

# Tokens for the index: runs of letters of one script, or of digits (so وWhatsApp gives two tokens).
_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[^\W\d_\u0600-\u06ff]+|\d+")


def _first_token(text: str) -> str:
    match = _TOKEN.search(text.lower())
    return match.group() if match else ""


@dataclass(frozen=True)
class _Alternative:
    """One form of a term: a regex starting with a literal, and what must come before the match."""

    regex: re.Pattern[str]
    before: re.Pattern[str]
    """Characters that may not touch the start of the term (word characters, or Latin ones for keep)."""
    prefixes: frozenset[str] | None = None
    """Arabic: the clitics and article the first word may carry."""
    article: str = ""
    """English: whether "the" is ``required`` or ``optional`` before the term."""


@dataclass(frozen=True)
class _Pattern:
    alternatives: tuple[_Alternative, ...]
    anchors: tuple[str, ...]
    """Lower-case literals, one of which every match contains: a cheap test before the regexes."""
    keys: frozenset[str] | None
    """Index keys of the first word (a token, or 3 letters of an Arabic stem); None: always try."""


_WORD = re.compile(r"\w")
_LATIN = re.compile("[A-Za-z0-9\u00c0-\u024f]")
_ARTICLE = re.compile(r"the\s+\Z", re.IGNORECASE)


def term_pattern(forms: Iterable[str], *, loose: bool = False, keep: bool = False) -> _Pattern:
    """The forms (alternatives) of a term, compiled for normalised text.

    ``loose`` accepts more inflections: it is used to find an approved rendering, while the strict
    pattern decides that a term or a forbidden variant is present. ``keep`` matches the text as is,
    case-sensitively, and lets Arabic clitics touch a Latin term (وWhatsApp).
    """
    alternatives, anchors, keys = [], [], set()
    for form in forms:
        if keep:
            text = normalize(form)
            latin_start, latin_end = not _ARABIC.match(text[0]), not _ARABIC.match(text[-1])
            body = r"\s+".join(re.escape(word) for word in text.split())
            body += "(?![A-Za-z0-9\u00c0-\u024f])" if latin_end else r"(?!\w)"
            alternatives.append(_Alternative(re.compile(body), _LATIN if latin_start else _WORD))
            anchors.append(max(text.lower().split(), key=len))
            keys.add(_first_token(text) if latin_start else "")
        elif _ARABIC.search(form):
            body, anchor, key = _arabic_phrase(form, loose)
            alternatives.append(_Alternative(re.compile(body + r"(?!\w)"), _WORD, _PREFIXES))
            anchors.append(anchor)
            keys.add(key if len(key) >= 2 else "")
        else:
            body, anchor, english_keys, article = _english_phrase(form, loose)
            alternatives.append(_Alternative(re.compile(body + r"(?!\w)", re.IGNORECASE), _WORD, None, article))
            anchors.append(anchor)
            keys |= english_keys
    return _Pattern(tuple(alternatives), tuple(anchors), None if "" in keys else frozenset(keys))


def find_term(pattern: _Pattern, text: str) -> list[str]:
    """The words of ``text`` where the term occurs, as written there (non-overlapping, in order).

    >>> find_term(term_pattern(["السلم الأهلي"]), "نحو السِّلم الأهلي وبالسلم الأهلي ومسلم الأهلي")
    ['السِّلم الأهلي', 'وبالسلم الأهلي']
    >>> find_term(term_pattern(["the crisis"]), "“The  Crisis,” not a crisis")
    ['The  Crisis']
    """
    prepared = _Text(text)
    return [prepared.words(*span) for span in _spans(pattern, prepared)]


def _spans(pattern: _Pattern | None, text: _Text) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the term in ``text.normalized``, in order."""
    if pattern is None or not any(anchor in text.lowered for anchor in pattern.anchors):
        return []
    spans = []
    for alternative in pattern.alternatives:
        position = 0
        while (match := alternative.regex.search(text.normalized, position)) is not None:
            start = _start(alternative, text.normalized, match.start())
            if start is None:
                position = match.start() + 1
            else:
                spans.append((start, match.end()))
                position = match.end()
    if len(pattern.alternatives) > 1:
        spans.sort(key=lambda span: (span[0], -span[1]))
        kept: list[tuple[int, int]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        spans = kept
    return spans


def _start(alternative: _Alternative, text: str, start: int) -> int | None:
    """Where a match found at ``start`` really begins (before its Arabic clitics or English "the"), or None
    when the term may not begin there."""
    if alternative.prefixes is not None:
        begin = start
        while begin > 0 and start - begin <= 4 and _WORD.match(text, begin - 1):
            begin -= 1
        if (begin > 0 and _WORD.match(text, begin - 1)) or text[begin:start] not in alternative.prefixes:
            return None
        return begin
    if start > 0 and alternative.before.match(text, start - 1):
        return None
    if alternative.article:
        article = _ARTICLE.search(text, max(0, start - 16), start)
        if article is not None and not (article.start() > 0 and _WORD.match(text, article.start() - 1)):
            return article.start()
        if alternative.article == "required":
            return None
    return start


def _text_keys(text: _Text, short: bool) -> set[str]:
    """Index keys a text offers: its tokens, and 3 (or 2) letters after each possible Arabic prefix."""
    keys = set()
    for token in set(_TOKEN.findall(text.lowered)):
        keys.add(token)
        if "\u0621" <= token[0] <= "\u06d3":
            for size in range(min(5, len(token) - 1)):
                if token[:size] in _PREFIXES:
                    keys.add(token[size : size + 3])
                    if short:
                        keys.add(token[size : size + 2])
    return keys
