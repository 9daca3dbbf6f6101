"""Terminology: a project glossary (CSV) enforced in both directions, English <-> Arabic.

Terms are found morphologically: Arabic words through their clitics, article and common suffixes,
after folding spelling variants; English words through inflection. A term counts where the source
uses it (the longest term wins); a forbidden variant is a finding only there, and only when it stands
for an occurrence the approved rendering does not cover (الأحداث may still translate "events").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import ConfigError
from ..fileio import decode_utf8
from .base import Context, Entry, entry_check
from .termmatch import _ARABIC, _Pattern, _spans, _Text, _text_keys, arabic_word_pattern, english_forms, find_term
from .termmatch import normalize, term_pattern

__all__ = [
    "CHECKS", "DIRECTIONS", "Glossary", "Term", "TermMatch", "arabic_word_pattern", "english_forms", "find_term",
    "load_glossary", "normalize", "parse_glossary", "term_pattern",
]

# --- Glossary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    en: tuple[str, ...]
    """English forms; the first is the preferred one, others are accepted alternatives."""
    ar: tuple[str, ...]
    """Arabic forms; the first is the preferred one."""
    forbidden: tuple[str, ...] = ()
    """Renderings not to use, in either language (each applies to translations in its own script)."""
    note: str = ""
    keep: bool = False
    """The term stays as it is in every translation (brand and product names)."""
    line: int = 0
    """1-based line of the row in the glossary file."""

    def forms(self, language: str) -> tuple[str, ...]:
        if self.keep:
            return self.en or self.ar
        return self.ar if language == "ar" else self.en

    def forbidden_in(self, language: str) -> tuple[str, ...]:
        return tuple(v for v in self.forbidden if bool(_ARABIC.search(v)) == (language == "ar"))


@dataclass(frozen=True)
class TermMatch:
    """How one term of a source text fared in its translation."""

    term: Term
    source_words: tuple[str, ...]
    """The term as written in the source, once per occurrence."""
    approved_words: tuple[str, ...] = ()
    """Approved renderings found in the translation (not counting those inside a forbidden variant)."""
    forbidden_words: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``forbidden`` (a forbidden variant stands for some occurrence), ``approved`` or ``missing``."""
        if self.forbidden_words and len(self.approved_words) < len(self.source_words):
            return "forbidden"
        return "approved" if self.approved_words else "missing"


@dataclass(frozen=True)
class _Compiled:
    term: Term
    source: _Pattern
    approved: _Pattern
    forbidden: _Pattern | None


@dataclass(frozen=True)
class _Direction:
    """The terms compiled for one language pair, indexed by the keys of their first word."""

    compiled: tuple[_Compiled, ...]
    index: dict[str, tuple[int, ...]]
    always: tuple[int, ...]
    short: bool
    """Some key has 2 letters (a 2-letter Arabic stem such as حق): texts offer 2-letter keys too."""

    def candidates(self, text: _Text) -> list[_Compiled]:
        chosen = set(self.always)
        for key in _text_keys(text, self.short):
            chosen.update(self.index.get(key, ()))
        return [self.compiled[index] for index in sorted(chosen)]


DIRECTIONS = (("en", "ar"), ("ar", "en"))


@dataclass
class Glossary:
    """The project's terms, compiled for both directions on first use."""

    terms: tuple[Term, ...]
    path: str = ""
    """The glossary file as users should see it (relative to the project root)."""
    _directions: dict[tuple[str, str], _Direction] = field(default_factory=dict, repr=False, compare=False)
    _last: tuple[tuple[str, str, str, str], list[TermMatch]] | None = field(default=None, repr=False, compare=False)

    def where(self, term: Term) -> str:
        return f"{self.path}:{term.line}" if self.path else f"line {term.line}"

    def _direction(self, source: str, target: str) -> _Direction:
        direction = self._directions.get((source, target))
        if direction is None:
            compiled: list[_Compiled] = []
            index: dict[str, tuple[int, ...]] = {}
            always: list[int] = []
            for number, term in enumerate(self.terms):
                forbidden = term.forbidden_in(target)
                item = _Compiled(
                    term,
                    term_pattern(term.forms(source), keep=term.keep),
                    term_pattern(term.forms(target), loose=True, keep=term.keep),
                    term_pattern(forbidden) if forbidden else None,
                )
                compiled.append(item)
                if item.source.keys is None:
                    always.append(number)
                for key in item.source.keys or ():
                    index[key] = (*index.get(key, ()), number)
            short = any(len(key) < 3 and "\u0621" <= key[0] <= "\u06d3" for key in index)
            direction = _Direction(tuple(compiled), index, tuple(always), short)
            self._directions[(source, target)] = direction
        return direction

    def match(self, source: str, translation: str, source_language: str, target_language: str) -> list[TermMatch]:
        """Every term the source uses, with what the translation made of it ([] for other language pairs).

        The longest term wins: an occurrence inside a longer term's occurrence (``civil peace`` in the
        project's name) is left to the longer term, so fixed expressions can override their words.
        """
        key = (source, translation, source_language, target_language)
        if self._last is not None and self._last[0] == key:
            return self._last[1]  # the three checks ask about the same entry in turn
        found: list[tuple[_Compiled, list[tuple[int, int]]]] = []
        text = _Text(source)
        if (source_language, target_language) in DIRECTIONS:
            for compiled in self._direction(source_language, target_language).candidates(text):
                spans = _spans(compiled.source, text)
                if spans:
                    found.append((compiled, spans))
        result = []
        if found:
            every = [span for _, spans in found for span in spans]
            target = _Text(translation)
            for compiled, spans in found:
                spans = [s for s in spans if not any(_inside(s, other) for other in every)]
                if spans:
                    result.append(_fare(compiled, tuple(text.words(*span) for span in spans), target))
        self._last = (key, result)
        return result


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return other[0] <= span[0] and span[1] <= other[1] and other[1] - other[0] > span[1] - span[0]


def _fare(compiled: _Compiled, words: tuple[str, ...], target: _Text) -> TermMatch:
    forbidden = _spans(compiled.forbidden, target)
    approved = [
        span
        for span in _spans(compiled.approved, target)
        if not any(start < span[1] and span[0] < end for start, end in forbidden)
    ]
    return TermMatch(
        compiled.term,
        words,
        tuple(target.words(*span) for span in approved),
        tuple(target.words(*span) for span in forbidden),
    )


# --- Loading ------------------------------------------------------------------------------------

COLUMNS = ("en", "ar", "forbidden", "note", "keep")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n", ""}


def load_glossary(path: Path, shown: str | None = None) -> Glossary:
    """Read a glossary CSV file (UTF-8, a BOM allowed); every problem names the file and line."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError.at(shown, None, "glossary file not found") from None
    except OSError as exc:
        raise ConfigError.at(shown, None, f"cannot read glossary: {exc.strerror or exc}") from exc
    return parse_glossary(decode_utf8(data, shown, ConfigError).removeprefix("\ufeff"), shown)


def parse_glossary(text: str, shown: str = "glossary.csv") -> Glossary:
    """Parse glossary CSV text: a header naming columns among en, ar, forbidden, note, keep, then one term a row.

    >>> glossary = parse_glossary("en,ar,forbidden\\ncivil peace,السلم الأهلي,السلام المدني\\n")
    >>> glossary.terms[0].ar, glossary.terms[0].forbidden, glossary.terms[0].line
    (('السلم الأهلي',), ('السلام المدني',), 2)
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    terms: list[Term] = []
    seen: dict[tuple[str, str], int] = {}
    line = 1
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ConfigError.at(shown, line, f"malformed CSV row: {exc}") from None
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = _header(row, shown, line)
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise ConfigError.at(shown, line, f"{len(row)} fields, but the header names {len(header)} columns")
        values = {name: (row[index].strip() if index < len(row) else "") for index, name in enumerate(header)}
        term = _term(values, shown, line)
        for language, forms in (("en", term.en), ("ar", term.ar)):
            for form in forms:
                key = (language, " ".join(normalize(form).lower().split()))
                if key in seen:
                    raise ConfigError.at(shown, line, f"{form!r} is already a term on line {seen[key]}; merge the rows"
                                         " (alternatives go in one cell, separated by |)")
                seen[key] = line
        terms.append(term)
    if header is None:
        raise ConfigError.at(shown, None, "empty glossary: expected a header line such as: en,ar,forbidden,note,keep")
    return Glossary(tuple(terms), shown)


def _header(row: list[str], shown: str, line: int) -> list[str]:
    names = [cell.strip().lower() for cell in row]
    for name in names:
        if name not in COLUMNS:
            raise ConfigError.at(shown, line, f"unknown column {name!r}; the columns are: {', '.join(COLUMNS)}")
        if names.count(name) > 1:
            raise ConfigError.at(shown, line, f"column {name!r} appears twice")
    for name in ("en", "ar"):
        if name not in names:
            raise ConfigError.at(shown, line, f"no {name!r} column; the columns are: {', '.join(COLUMNS)}")
    return names


def _split(value: str, separators: str = "|") -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(f"[{re.escape(separators)}]", value) if part.strip())


def _term(values: dict[str, str], shown: str, line: int) -> Term:
    keep_value = values.get("keep", "").lower()
    if keep_value not in _TRUE | _FALSE:
        raise ConfigError.at(shown, line, f"'keep' must be true/yes/1 or false/no/0/empty, not {values['keep']!r}")
    keep = keep_value in _TRUE
    en, ar = _split(values["en"]), _split(values["ar"])
    if any(_ARABIC.search(form) for form in en):
        raise ConfigError.at(shown, line, f"the 'en' column holds Arabic ({values['en']!r}); are the columns swapped?")
    if any(not _ARABIC.search(form) for form in ar) and not keep:
        raise ConfigError.at(shown, line, f"the 'ar' column has no Arabic ({values['ar']!r}); are the columns swapped?")
    if keep:
        if not (en or ar) or (en and ar and ar != en):
            raise ConfigError.at(shown, line, "a keep-as-is term needs one text, in 'en' (or 'ar'), and no translation")
    elif not en or not ar:
        raise ConfigError.at(shown, line, f"term {(en or ar or ('',))[0]!r} needs both an 'en' and an 'ar' rendering")
    forbidden = _split(values.get("forbidden", ""), "|;")
    return Term(en, () if keep and en else ar, forbidden, values.get("note", ""), keep, line)


# --- Checks -------------------------------------------------------------------------------------


def _matches(entry: Entry, context: Context) -> Iterator[TermMatch]:
    glossary = context.settings.glossary
    if not isinstance(glossary, Glossary):
        return
    for source, translation in entry.pairs():
        yield from glossary.match(source, translation, context.source, context.target)


@entry_check("term-missing", targets=("ar", "en"), sources=("ar", "en"))
def term_missing(entry: Entry, context: Context) -> Iterator[str]:
    """The source uses a glossary term but the translation lacks its approved rendering."""
    reported_elsewhere = "term-forbidden" not in context.settings.disabled
    for match in _matches(entry, context):
        if match.term.keep or match.approved_words or (match.forbidden_words and reported_elsewhere):
            continue
        wanted = match.term.forms(context.target)
        also = "".join(f' or "{form}"' for form in wanted[1:])
        yield (
            f'glossary term "{match.source_words[0]}" is not translated as "{wanted[0]}"{also};'
            f" use the approved rendering {_see(context, match.term)}"
        )


@entry_check("term-forbidden", targets=("ar", "en"), sources=("ar", "en"))
def term_forbidden(entry: Entry, context: Context) -> Iterator[str]:
    """The translation renders a glossary term with one of its forbidden variants."""
    for match in _matches(entry, context):
        if match.status == "forbidden":
            wanted = match.term.forms(context.target)[0]
            yield (
                f'"{match.forbidden_words[0]}" is a forbidden rendering of "{match.source_words[0]}";'
                f' use "{wanted}" {_see(context, match.term)}'
            )


@entry_check("term-keep", targets=("ar", "en"), sources=("ar", "en"))
def term_keep(entry: Entry, context: Context) -> Iterator[str]:
    """A keep-as-is glossary term (a brand or product name) is changed in the translation."""
    reported_elsewhere = "term-forbidden" not in context.settings.disabled
    for match in _matches(entry, context):
        if match.term.keep and not match.approved_words and not (match.forbidden_words and reported_elsewhere):
            yield (
                f'"{match.source_words[0]}" must stay as it is in the translation, spelled exactly so'
                f" {_see(context, match.term)}"
            )


def _see(context: Context, term: Term) -> str:
    """Where the rule comes from, and its note: ``(glossary locale/glossary.csv:7: note)``."""
    glossary = context.settings.glossary
    where = glossary.where(term) if isinstance(glossary, Glossary) else f"line {term.line}"
    return f"(glossary {where}: {term.note})" if term.note else f"(glossary {where})"


CHECKS = (term_missing, term_forbidden, term_keep)
