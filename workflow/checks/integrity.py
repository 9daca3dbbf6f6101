"""Catalog integrity: the header (Language, Plural-Forms, charset), plural form counts, and the
format strings that GNU ``msgfmt --check`` rejects (c-format, python-format, python-brace-format).

The format-string rules (formats.py) are a port of gettext 0.21's ``format-c.c``, ``format-python.c`` and
``format-python-brace.c``; this module decides which plural forms are compared strictly, so that a catalog
this module passes is one msgfmt compiles. Duplicates and conflict markers never get this far:
reading the catalog refuses them with a line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from ..errors import LocaleError
from ..locales import language_name, normalize_language, plural_forms
from .base import Catalog, Check, Context, Entry, base_language, catalog_check
from .formats import format_problem

__all__ = ["CHECKS", "PluralRule", "parse_plural_forms", "format_problem"]

Finding = Iterator[tuple[Entry | None, str]]


# --- Plural-Forms -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PluralRule:
    """A parsed ``Plural-Forms`` value."""

    nplurals: int
    expression: str
    evaluate: Callable[[int], int]

    def form(self, n: int) -> int:
        return self.evaluate(n)


_PLURAL_TOKEN = re.compile(r"\s*(?:(\d+)|(n)\b|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))
_UNSIGNED = (1 << 64) - 1


class _PluralParser:
    """The grammar of gettext's plural.y, compiled to a Python expression with C semantics."""

    def __init__(self, text: str) -> None:
        self.tokens: list[str] = []
        position = 0
        text = text.rstrip()
        while position < len(text):
            match = _PLURAL_TOKEN.match(text, position)
            if not match:
                raise ValueError(f"unexpected {text[position:].strip()[:10]!r} in the plural expression")
            self.tokens.append(match.group(match.lastindex or 0))
            position = match.end()
        self.index = 0

    def parse(self) -> str:
        if not self.tokens:
            raise ValueError("empty plural expression")
        result = self._conditional()
        if self.index != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.index]!r} in the plural expression")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self, expected: str) -> None:
        if self._peek() != expected:
            raise ValueError(f"expected {expected!r} in the plural expression")
        self.index += 1

    def _conditional(self) -> str:
        condition = self._binary(0)
        if self._peek() != "?":
            return condition
        self.index += 1
        then = self._conditional()
        self._take(":")
        otherwise = self._conditional()
        return f"(({then}) if ({condition}) else ({otherwise}))"

    def _binary(self, level: int) -> str:
        if level == len(_BINARY):
            return self._unary()
        left = self._binary(level + 1)
        while self._peek() in _BINARY[level]:
            operator = self.tokens[self.index]
            self.index += 1
            right = self._binary(level + 1)
            left = _c_operation(operator, left, right)
        return left

    def _unary(self) -> str:
        token = self._peek()
        if token == "!":
            self.index += 1
            return f"(0 if ({self._unary()}) else 1)"
        if token == "(":
            self.index += 1
            inner = self._conditional()
            self._take(")")
            return f"({inner})"
        if token is not None and (token == "n" or token.isdigit()):
            self.index += 1
            return token
        raise ValueError("incomplete plural expression")


def _c_operation(operator: str, left: str, right: str) -> str:
    if operator == "||":
        return f"(1 if (({left}) or ({right})) else 0)"
    if operator == "&&":
        return f"(1 if (({left}) and ({right})) else 0)"
    if operator in ("==", "!=", "<", ">", "<=", ">="):
        return f"int(({left}) {operator} ({right}))"
    if operator == "-":  # unsigned long arithmetic, as gettext evaluates it
        return f"((({left}) - ({right})) & {_UNSIGNED})"
    if operator == "/":
        return f"(({left}) // ({right}))"
    return f"(({left}) {operator} ({right}))"


@lru_cache(maxsize=64)
def parse_plural_forms(value: str) -> PluralRule:
    """Parse ``nplurals=N; plural=EXPR;`` as msgfmt does; ValueError says what is wrong.

    >>> rule = parse_plural_forms("nplurals=2; plural=n != 1;")
    >>> rule.nplurals, rule.form(1), rule.form(5)
    (2, 0, 1)
    """
    nplurals_match = re.search(r"nplurals\s*=\s*(\d+)", value)
    plural_at = value.find("plural=")
    if plural_at < 0 or "nplurals" not in value:
        raise ValueError("needs both nplurals=INTEGER and plural=EXPRESSION")
    if not nplurals_match:
        raise ValueError("invalid nplurals value")
    expression = re.split(r"[;\n]", value[plural_at + len("plural=") :], maxsplit=1)[0].strip()
    compiled = _PluralParser(expression).parse()
    evaluate = eval(f"lambda n: {compiled}", {"__builtins__": {"int": int}})  # our own grammar: numbers, n, operators
    return PluralRule(int(nplurals_match.group(1)), expression, evaluate)


@lru_cache(maxsize=64)
def _often(rule: PluralRule) -> tuple[bool, ...] | str:
    """msgfmt's plural distribution: which forms cover many values of n; or why the rule is broken."""
    counts = [0] * rule.nplurals
    try:
        for n in range(1001):
            form = rule.form(n)
            if form >= rule.nplurals:
                return f"plural expression gives form {form} for n={n}, but nplurals={rule.nplurals}"
            counts[form] += 1
    except ZeroDivisionError:
        return "plural expression divides by zero"
    return tuple(count >= 5 for count in counts)


_SAMPLES: tuple[int, ...] = (*range(1201), *range(10_000, 10_201), *range(1_000_000, 1_000_201))


def _same_meaning(rule: PluralRule, expected: PluralRule) -> int | None:
    """None when both rules pick the same form for every sampled n; else the first n they differ on."""
    if _normal(rule.expression) == _normal(expected.expression):
        return None
    for n in _SAMPLES:
        try:
            if rule.form(n) != expected.form(n):
                return n
        except ZeroDivisionError:
            return n
    return None


def _normal(expression: str) -> str:
    return re.sub(r"[\s()]", "", expression)


def _expected_rule(language: str) -> tuple[str, PluralRule] | None:
    try:
        value = plural_forms(language)
    except (LocaleError, ValueError):
        return None
    return value, parse_plural_forms(value)


def _header_rule(catalog: Catalog) -> PluralRule | None:
    try:
        return parse_plural_forms(catalog.header.get("Plural-Forms", ""))
    except ValueError:
        return None


def _is_template(catalog: Catalog) -> bool:
    return catalog.path.endswith(".pot")


def _counted(entry: Entry) -> bool:
    """Entries msgfmt compiles: translated (msgstr[0] set), not fuzzy, not obsolete."""
    if entry.obsolete or entry.fuzzy or not entry.msgid:
        return False
    return bool(entry.plurals and entry.plurals[0]) if entry.msgid_plural else bool(entry.msgstr)


# --- header checks -------------------------------------------------------------------------------

@catalog_check("header-language")
def header_language(catalog: Catalog, context: Context) -> Finding:
    """The header's Language is missing, not a language code, or not the language of the catalog's folder."""
    if _is_template(catalog):
        return
    declared = catalog.header.get("Language", "").strip()
    wanted = catalog.folder_language or catalog.language
    hint = f"; add the line: Language: {wanted}" if wanted else ""
    if not declared:
        yield None, f"header has no Language{hint}"
        return
    try:
        code = normalize_language(declared)
    except LocaleError:
        yield None, f"header Language {declared!r} is not a language code (such as 'ar' or 'ar_SY'){hint}"
        return
    folder = catalog.folder_language
    if folder and not _compatible(code, folder):
        yield None, f"header says Language: {declared} but the catalog is in the folder for {folder!r}; make them agree"


def _compatible(declared: str, folder: str) -> bool:
    """``ar`` fits ``ar_SY`` (one is more specific); ``ar_EG`` does not fit ``ar_SY``."""
    if base_language(declared) != base_language(folder):
        return False
    return "_" not in declared or "_" not in folder or declared == folder


@catalog_check("header-plural-forms")
def header_plural_forms(catalog: Catalog, context: Context) -> Finding:
    """Plural-Forms is missing, malformed, or differs from Babel's (CLDR's) rule for the language."""
    if _is_template(catalog):
        return
    value = catalog.header.get("Plural-Forms", "").strip()
    expected = _expected_rule(catalog.language) if catalog.language else None
    name = _name(catalog.language)
    use = f"; for {name} use: Plural-Forms: {expected[0]}" if expected else ""
    if not value:
        yield None, f"header has no Plural-Forms{use}"
        return
    try:
        rule = parse_plural_forms(value)
    except ValueError as exc:
        yield None, f"Plural-Forms is not valid: {exc}{use}"
        return
    often = _often(rule)
    if isinstance(often, str):
        yield None, f"Plural-Forms is not valid: {often}{use}"
        return
    if expected is None:
        return
    if rule.nplurals != expected[1].nplurals:
        yield None, f"Plural-Forms has nplurals={rule.nplurals} but {name} has {expected[1].nplurals} plural forms{use}"
        return
    differs = _same_meaning(rule, expected[1])
    if differs is not None:
        yield None, (
            f"Plural-Forms picks form {_safe_form(rule, differs)} for n={differs} where {name} needs form"
            f" {expected[1].form(differs)}{use}"
        )


def _safe_form(rule: PluralRule, n: int) -> str:
    try:
        return str(rule.form(n))
    except ZeroDivisionError:
        return "(division by zero)"


def _name(language: str) -> str:
    try:
        return language_name(language) if language else "the language"
    except (LocaleError, ValueError):
        return language


@catalog_check("header-charset")
def header_charset(catalog: Catalog, context: Context) -> Finding:
    """The header's Content-Type names no charset, or a charset other than UTF-8."""
    content_type = catalog.header.get("Content-Type", "")
    fix = "; use: Content-Type: text/plain; charset=UTF-8"
    match = re.search(r"charset\s*=\s*([^\s;]+)", content_type)
    if not content_type.strip():
        yield None, f"header has no Content-Type{fix}"
    elif not match:
        yield None, f"Content-Type names no charset{fix}"
    elif match.group(1).lower() not in ("utf-8", "utf8"):
        yield None, f"catalog declares charset {match.group(1)!r}, not UTF-8{fix}"


@catalog_check("plural-count")
def plural_count(catalog: Catalog, context: Context) -> Finding:
    """A plural entry has more or fewer msgstr[N] forms than the header's nplurals."""
    rule = _header_rule(catalog)
    if rule is None:
        return
    for entry in catalog.entries:
        if entry.msgid_plural and _counted(entry) and len(entry.plurals) != rule.nplurals:
            yield entry, (
                f"entry has {len(entry.plurals)} plural form(s) but the header says nplurals={rule.nplurals};"
                f" give it msgstr[0] to msgstr[{rule.nplurals - 1}]"
            )


# --- format strings (the engine is formats.py) -----------------------------------------------------

def _format_kind(entry: Entry, kind: str) -> bool:
    """Whether the entry's flags make it a ``kind`` string (the last of c-format / no-c-format wins)."""
    state = False
    for flag in entry.flags:
        if flag in (kind, f"possible-{kind}"):
            state = True
        elif flag in (f"no-{kind}", f"impossible-{kind}"):
            state = False
    return state


def _format_findings(catalog: Catalog, kind: str) -> Finding:
    entries = [entry for entry in catalog.entries if kind in "".join(entry.flags) and _counted(entry)]
    if not entries:
        return
    often = _distribution(catalog)
    for entry in entries:
        if not _format_kind(entry, kind):
            continue
        if not entry.msgid_plural:
            problem = format_problem(kind, entry.msgid, entry.msgstr)
            if problem:
                yield entry, f"{kind}: {problem}"
            continue
        single = _single_value(entry)
        for index, form in enumerate(entry.plurals):
            strict = len(entry.plurals) == 1 or (
                often is not None and index < len(often) and often[index] and not single
            )
            problem = format_problem(kind, entry.msgid_plural, form, strict,
                                     source_name="msgid_plural", translation_name=f"msgstr[{index}]")
            if problem:
                yield entry, f"{kind}: {problem}"


def _single_value(entry: Entry) -> bool:
    for flag in entry.flags:
        match = re.fullmatch(r"range:\s*(\d+)\.\.(\d+)", flag.strip())
        if match:
            return match.group(1) == match.group(2)
    return False


def _distribution(catalog: Catalog) -> tuple[bool, ...] | None:
    """Which plural forms msgfmt compares strictly; None when the catalog's plural setup is broken."""
    plural_entries = [len(entry.plurals) for entry in catalog.entries if entry.msgid_plural and _counted(entry)]
    value = catalog.header.get("Plural-Forms")
    if value is None or ("plural=" not in value and "nplurals=" not in value):
        return None if plural_entries else (False, True)
    try:
        rule = parse_plural_forms(value)
    except ValueError:
        return None
    often = _often(rule)
    if isinstance(often, str) or any(count != rule.nplurals for count in plural_entries):
        return None
    return often


@catalog_check("c-format")
def c_format(catalog: Catalog, context: Context) -> Finding:
    """A c-format translation's printf directives differ from the source's (msgfmt --check rejects it)."""
    yield from _format_findings(catalog, "c-format")


@catalog_check("python-format")
def python_format(catalog: Catalog, context: Context) -> Finding:
    """A python-format translation's %-placeholders differ from the source's (msgfmt --check rejects it)."""
    yield from _format_findings(catalog, "python-format")


@catalog_check("python-brace-format")
def python_brace_format(catalog: Catalog, context: Context) -> Finding:
    """A python-brace-format translation's {fields} differ from the source's (msgfmt --check rejects it)."""
    yield from _format_findings(catalog, "python-brace-format")


CHECKS: tuple[Check, ...] = (
    header_language, header_plural_forms, header_charset, plural_count, c_format, python_format, python_brace_format,
)
