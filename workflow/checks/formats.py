"""Format-string engine: parses c-format, python-format and python-brace-format strings and compares a
translation's directives with its source's, a port of gettext 0.21's ``format-c.c``, ``format-python.c``
and ``format-python-brace.c`` (``format_problem`` says why msgfmt --check would reject a translation)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["format_problem"]


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
