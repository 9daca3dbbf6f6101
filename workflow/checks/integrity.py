"""Catalog integrity: the header (Language, Plural-Forms, charset), plural form counts, and the
format strings that GNU ``msgfmt --check`` rejects (c-format, python-format, python-brace-format).

The format-string rules are a port of gettext 0.21's ``format-c.c``, ``format-python.c`` and
``format-python-brace.c``, including which plural forms are compared strictly, so that a catalog
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


# --- format strings ------------------------------------------------------------------------------

class _Invalid(Exception):
    """The string is not a valid format string of its kind (the reason is the message)."""


@dataclass(frozen=True)
class _Spec:
    """Arguments a format string consumes: positional types, or named types (python)."""

    unnamed: tuple[tuple[object, str], ...] = ()
    """(type, directive as written) in argument order."""
    named: tuple[tuple[str, object, str], ...] = ()
    """(name, type, directive as written), sorted by name, one per name."""


def _digits(text: str, position: int) -> int:
    while position < len(text) and "0" <= text[position] <= "9":
        position += 1
    return position


_C_SIZES = (("hh", "char"), ("h", "short"), ("ll", "longlong"), ("l", "long"), ("L", "longlong"),
            ("q", "longlong"), ("j", "intmax"), ("z", "size"), ("Z", "size"), ("t", "ptrdiff"))
_C_SYSDEP = re.compile(r"<PRI([diouxX])(8|16|32|64|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64)|MAX|PTR)>")


def _parse_c(text: str, translated: bool) -> _Spec:
    """Arguments of a C printf format string (gettext 0.21's rules); _Invalid when it is none."""
    unnumbered: list[tuple[object, str]] = []
    numbered: list[tuple[int, object, str]] = []
    position = text.find("%")
    count = 0
    while position >= 0:
        start = position
        position += 1
        count += 1
        number = 0
        end = _digits(text, position)
        if end > position and end < len(text) and text[end] == "$":
            number = int(text[position:end])
            if number == 0:
                raise _Invalid(f"directive {count} refers to argument 0")
            position = end + 1
        while position < len(text) and (text[position] in " +-#0'" or (translated and text[position] == "I")):
            position += 1
        for _ in ("width", "precision"):
            if _ == "precision":
                if position < len(text) and text[position] == ".":
                    position += 1
                else:
                    break
            if position < len(text) and text[position] == "*":
                position += 1
                end = _digits(text, position)
                star = 0
                if end > position and end < len(text) and text[end] == "$":
                    star = int(text[position:end])
                    if star == 0:
                        raise _Invalid(f"directive {count} takes its {_} from argument 0")
                    position = end + 1
                _add_c(unnumbered, numbered, star, ("int", False, ""), "*")
            else:
                position = _digits(text, position)
        sysdep = _C_SYSDEP.match(text, position)
        if sysdep:
            kind, width = sysdep.groups()
            argument: object = ("int", kind not in "di", {"MAX": "intmax", "PTR": "intptr"}.get(width, width))
            position = sysdep.end()
        else:
            if position < len(text) and text[position] == "<":
                raise _Invalid(f"directive {count} has an invalid <PRI...> macro")
            size = ""
            for prefix, label in _C_SIZES:
                if text.startswith(prefix, position):
                    size = label
                    position += len(prefix)
                    break
            conversion = text[position] if position < len(text) else ""
            argument = _c_type(conversion, size, count)
            position += 1
        if argument is not None:
            _add_c(unnumbered, numbered, number, argument, text[start:position])
        position = text.find("%", position)
    if numbered:
        numbered.sort(key=lambda item: item[0])
        merged: list[tuple[int, object, str]] = []
        for item in numbered:
            if merged and merged[-1][0] == item[0]:
                if merged[-1][1] != item[1]:
                    raise _Invalid(f"argument {item[0]} is used in incompatible ways")
                continue
            merged.append(item)
        for index, item in enumerate(merged, start=1):
            if item[0] != index:
                raise _Invalid(f"the string refers to argument {item[0]} but never to argument {index}")
        unnumbered = [(item[1], item[2]) for item in merged]
    return _Spec(tuple(unnumbered))


def _add_c(unnumbered: list[tuple[object, str]], numbered: list[tuple[int, object, str]], number: int,
           argument: object, written: str) -> None:
    if (number and unnumbered) or (not number and numbered):
        raise _Invalid("numbered (%1$s) and unnumbered (%s) arguments are mixed")
    if number:
        numbered.append((number, argument, written))
    else:
        unnumbered.append((argument, written))


def _c_type(conversion: str, size: str, count: int) -> object:
    wide = size in ("long", "longlong")
    if conversion in ("%", "m"):
        return None
    if conversion in ("c", "s"):
        return ("char" if conversion == "c" else "string", wide, "")
    if conversion in ("C", "S"):
        return ("char" if conversion == "C" else "string", True, "")
    if conversion in ("d", "i"):
        return ("int", False, size)
    if conversion in ("o", "u", "x", "X"):
        return ("int", True, size)
    if conversion in ("e", "E", "f", "F", "g", "G", "a", "A"):
        return ("double", False, "longlong" if size == "longlong" else "")
    if conversion == "p":
        return ("pointer", False, "")
    if conversion == "n":
        return ("count", False, size)
    if not conversion:
        raise _Invalid("the string ends in the middle of a directive")
    raise _Invalid(f"{conversion!r} after % in directive {count} is not a valid conversion")


_PY_TYPES = {"c": "char", "s": "string", "r": "string", **dict.fromkeys("iduoxX", "int"), **dict.fromkeys("eEfgG", "float")}


def _parse_python(text: str, translated: bool) -> _Spec:
    """Arguments of a Python %-format string (gettext 0.21's rules)."""
    unnamed: list[tuple[object, str]] = []
    named: dict[str, tuple[object, str]] = {}
    position = text.find("%")
    count = 0
    while position >= 0:
        start = position
        position += 1
        count += 1
        name = None
        if position < len(text) and text[position] == "(":
            depth, cursor = 0, position + 1
            while cursor < len(text) and not (text[cursor] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(text[cursor], 0)
                cursor += 1
            if cursor >= len(text):
                raise _Invalid("the string ends in the middle of a directive")
            name = text[position + 1 : cursor]
            position = cursor + 1
        while position < len(text) and text[position] in "-+ #0":
            position += 1
        zero_precision = False
        for part in ("width", "precision"):
            if part == "precision":
                if position < len(text) and text[position] == ".":
                    position += 1
                else:
                    break
            if position < len(text) and text[position] == "*":
                if named:
                    raise _Invalid("named (%(name)s) and unnamed (%s) arguments are mixed")
                unnamed.append(("int", "*"))
                position += 1
            else:
                end = _digits(text, position)
                if part == "precision" and end > position:
                    zero_precision = set(text[position:end]) == {"0"}
                position = end
        if position < len(text) and text[position] in "hlL":
            position += 1
        conversion = text[position] if position < len(text) else ""
        if not conversion:
            raise _Invalid("the string ends in the middle of a directive")
        if conversion == "%":
            kind: object = None
        elif conversion in _PY_TYPES:
            kind = "any" if zero_precision and conversion in "sr" else _PY_TYPES[conversion]
        else:
            raise _Invalid(f"{conversion!r} in directive {count} is not a valid conversion")
        position += 1
        written = text[start:position]
        if name is not None:
            if unnamed:
                raise _Invalid("named (%(name)s) and unnamed (%s) arguments are mixed")
            if name in named:
                before = named[name][0]
                if before != kind and "any" not in (before, kind):
                    raise _Invalid(f"argument {name!r} is used in incompatible ways")
                kind = before if kind == "any" else kind
            named[name] = (kind, written)
        elif kind is not None:
            if named:
                raise _Invalid("named (%(name)s) and unnamed (%s) arguments are mixed")
            unnamed.append((kind, written))
        position = text.find("%", position)
    return _Spec(tuple(unnamed), tuple((name, *named[name]) for name in sorted(named)))


_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parse_brace(text: str, translated: bool) -> _Spec:
    """Fields of a Python str.format string; msgfmt names a field by everything inside its braces."""
    names: dict[str, str] = {}
    position = text.find("{")
    while position >= 0:
        if text.startswith("{{", position):
            position = text.find("{", position + 2)
            continue
        end = _brace_directive(text, position, top=True, number=len(names))
        names.setdefault(text[position + 1 : end - 1], text[position:end])
        position = text.find("{", end)
    return _Spec((), tuple((name, None, names[name]) for name in sorted(names)))


def _brace_directive(text: str, position: int, *, top: bool, number: int) -> int:
    """Index just past the directive starting at ``text[position] == '{'``."""
    position += 1
    match = _BRACE_NAME.match(text, position)
    if not match:
        raise _Invalid(f"{text[position:position + 1] or 'the end'!r} cannot start a field name in directive {number}")
    position = match.end()
    while position < len(text) and text[position] in ".[":
        if text[position] == ".":
            field = _BRACE_FIELD.match(text, position + 1)
            if not field:
                raise _Invalid(f"invalid attribute name in directive {number}")
            position = field.end()
        else:
            field = _BRACE_NAME.match(text, position + 1)
            if not field or field.end() >= len(text) or text[field.end()] != "]":
                raise _Invalid(f"unterminated [index] in directive {number}")
            position = field.end() + 1
    if position < len(text) and text[position] == ":":
        if not top:
            raise _Invalid(f"format specifier nested too deeply in directive {number}")
        position += 1
        if position < len(text) and text[position] == "{":
            position = _brace_directive(text, position, top=False, number=number)
        else:
            position = _brace_standard_spec(text, position, number)
    if position >= len(text) or text[position] != "}":
        raise _Invalid(f"unterminated directive {number}")
    return position + 1


def _brace_standard_spec(text: str, position: int, number: int) -> int:
    if position >= len(text):
        raise _Invalid(f"unterminated directive {number}")
    if position + 1 < len(text) and text[position + 1] in "<>=^":
        position += 2
    elif text[position] in "<>=^":
        position += 1
    for flag in ("+- ", "#", "0"):
        if position < len(text) and text[position] in flag:
            position += 1
    position = _digits(text, position)
    if position < len(text) and text[position] == ".":
        end = _digits(text, position + 1)
        if end > position + 1:
            position = end
    if position < len(text) and text[position] in "bcdoxXneEfFgG%":
        position += 1
    return position


_PARSERS = {"c-format": _parse_c, "python-format": _parse_python, "python-brace-format": _parse_brace}

# Plainly written directives, for a fast path: two strings whose directives are all plain and the same
# (in the same order for positional ones) get the same parse, so the parsers need not run.
_PLAIN = {
    "c-format": re.compile(r"%(?:[1-9][0-9]*\$)?[-+ #0']*[0-9]*(?:\.[0-9]+)?(?:hh|ll|[hlLqjzZt])?[diouxXeEfFgGaAcCsSpnm%]"),
    "python-format": re.compile(r"%(?:\([^()%]*\))?[-+ #0]*[0-9]*(?:\.[0-9]+)?[hlL]?[diouxXefgGcrs%]"),
    "python-brace-format": re.compile(r"\{\{|\{(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)\}"),
}


def _plain_directives(kind: str, text: str) -> list[str] | None:
    """The directives of ``text`` when every one is plainly written; None when the parser must judge."""
    marker = "{" if kind == "python-brace-format" else "%"
    if marker not in text:
        return []
    directives = _PLAIN[kind].findall(text)
    if "".join(directives).count(marker) != text.count(marker):
        return None
    return directives


def _same_plain_directives(kind: str, source: str, translation: str) -> bool:
    ours, theirs = _plain_directives(kind, source), _plain_directives(kind, translation)
    if ours is None or theirs is None:
        return False
    if ours == theirs:
        return True
    if kind == "c-format" or (kind == "python-format" and any(d[1] != "(" and d != "%%" for d in ours + theirs)):
        return False  # positional arguments: the order matters
    return set(ours) - {"%%", "{{"} == set(theirs) - {"%%", "{{"}


def format_problem(kind: str, source: str, translation: str, strict: bool = True, *,
                   source_name: str = "msgid", translation_name: str = "msgstr") -> str | None:
    """Why msgfmt would reject ``translation`` for ``source`` as a ``kind`` string, or None.

    >>> format_problem("python-format", "%(count)d files", "%(count)s ملفات")
    "msgstr uses %(count)s where msgid has %(count)d: argument 'count' needs the same conversion"
    >>> format_problem("python-brace-format", "{name} left", "غادر {name}") is None
    True
    """
    if _same_plain_directives(kind, source, translation):
        return None
    parser = _PARSERS[kind]
    try:
        expected = parser(source, False)
    except _Invalid:
        return None  # msgfmt checks nothing when the source itself is not a format string
    try:
        actual = parser(translation, True)
    except _Invalid as exc:
        return f"{translation_name} is not a valid {kind} string: {exc}"
    if kind == "python-brace-format":
        return _compare_names(expected, actual, strict, source_name, translation_name, typed=False)
    if kind == "python-format":
        if expected.named and actual.unnamed:
            return f"{source_name} uses named arguments (%(name)s) but {translation_name} uses unnamed ones (%s)"
        if expected.unnamed and actual.named:
            return f"{source_name} uses unnamed arguments (%s) but {translation_name} uses named ones (%(name)s)"
        if expected.named or actual.named:
            problem = _compare_names(expected, actual, strict, source_name, translation_name, typed=True)
            if problem:
                return problem
        if (expected.unnamed or actual.unnamed) and len(expected.unnamed) != len(actual.unnamed):
            return _count_message(expected, actual, source_name, translation_name)
        return _compare_types(expected, actual, strict, source_name, translation_name)
    if len(expected.unnamed) != len(actual.unnamed) if strict else len(expected.unnamed) < len(actual.unnamed):
        return _count_message(expected, actual, source_name, translation_name)
    return _compare_types(expected, actual, True, source_name, translation_name)


def _count_message(expected: _Spec, actual: _Spec, source_name: str, translation_name: str) -> str:
    def listed(spec: _Spec) -> str:
        return " ".join(written for _, written in spec.unnamed) or "none"

    return (
        f"{translation_name} has {len(actual.unnamed)} format argument(s) ({listed(actual)}) where {source_name}"
        f" has {len(expected.unnamed)} ({listed(expected)})"
    )


def _compare_types(expected: _Spec, actual: _Spec, strict: bool, source_name: str, translation_name: str) -> str | None:
    for index, ((want, want_written), (got, got_written)) in enumerate(zip(expected.unnamed, actual.unnamed), 1):
        if want != got and (strict or "any" not in (want, got)):
            return (
                f"argument {index} is {got_written} in {translation_name} but {want_written} in {source_name};"
                " the conversions must match"
            )
    return None


def _compare_names(expected: _Spec, actual: _Spec, strict: bool, source_name: str, translation_name: str,
                   *, typed: bool) -> str | None:
    wanted = {name: (kind, written) for name, kind, written in expected.named}
    given = {name: (kind, written) for name, kind, written in actual.named}
    extra = [given[name][1] for name in sorted(given) if name not in wanted]
    missing = [wanted[name][1] for name in sorted(wanted) if name not in given]
    if extra and (typed or strict):
        return f"{translation_name} uses {', '.join(extra)}, which {source_name} does not have"
    if missing and strict:
        return f"{translation_name} lacks {', '.join(missing)}, which {source_name} has"
    if typed:
        for name in sorted(set(wanted) & set(given)):
            want, got = wanted[name][0], given[name][0]
            if want != got and (strict or "any" not in (want, got)):
                return (
                    f"{translation_name} uses {given[name][1]} where {source_name} has {wanted[name][1]}:"
                    f" argument {name!r} needs the same conversion"
                )
    return None


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
