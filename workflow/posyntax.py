"""PO syntax validation with line numbers: polib silently drops an unterminated string, we refuse it."""

from __future__ import annotations

import re

__all__ = ["find_syntax_error"]

# Possessive: a failing match must not backtrack through a long line (a 50 MB string took 35 s, now 0.2 s).
STRING_BODY = r'(?:[^"\\]++|\\(?:[abfnrtv\\"\'?]|[0-7]{1,3}|x[0-9A-Fa-f]+))*+'
"""What may stand between the quotes of a PO string (poparse checks strings with it too)."""
_STRING = rf'"{STRING_BODY}"'
_KEYWORD_LINE = re.compile(rf"(?P<keyword>msgctxt|msgid_plural|msgid|msgstr(?:\[(?P<index>\d+)\])?)[ \t]+{_STRING}[ \t]*")
_CONTINUATION = re.compile(rf"{_STRING}[ \t]*")
_CONFLICT = re.compile(r"(?:<{7}|={7}|>{7})(?:[ \t]|$)")


def find_syntax_error(text: str) -> tuple[int, str] | None:
    """The first syntax error as (1-based line, message), or None for a well-formed PO file."""
    state = "start"  # start, msgctxt, msgid, msgid_plural, msgstr
    opened = 0  # line of the last msgctxt/msgid/msgid_plural keyword, where a missing msgstr is reported
    expected_index = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if _CONFLICT.match(line):
            return number, "git conflict marker; resolve the merge conflict before using this catalog"
        stripped = line.strip()
        if stripped.startswith("#~"):
            stripped = stripped[2:].strip()
            if not stripped or stripped.startswith(("#", "|")):
                continue
        elif not stripped or stripped.startswith("#"):
            continue  # blank lines may even separate msgid from msgstr (msgfmt and polib accept it)
        if stripped.startswith('"'):
            if state == "start":
                return number, "string continuation outside an entry"
            if not _CONTINUATION.fullmatch(stripped):
                return number, _string_problem(stripped)
            continue
        match = _KEYWORD_LINE.fullmatch(stripped)
        if not match:
            keyword = stripped.split()[0] if stripped.split() else stripped
            if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr") or keyword.startswith("msgstr["):
                return number, _string_problem(stripped[len(keyword) :].strip())
            return number, f"unknown keyword {keyword[:40]!r}; this does not look like a PO file"
        keyword, index = match.group("keyword"), match.group("index")
        if keyword == "msgctxt":
            if state in ("msgctxt", "msgid", "msgid_plural"):
                return opened, _unfinished(state)
            state, opened = "msgctxt", number
        elif keyword == "msgid":
            if state in ("msgid", "msgid_plural"):
                return opened, _unfinished(state)
            state, opened = "msgid", number
        elif keyword == "msgid_plural":
            if state != "msgid":
                return number, "msgid_plural without msgid"
            state, expected_index, opened = "msgid_plural", 0, number
        elif index is None:
            if state == "msgid_plural":
                return number, "plural entry needs msgstr[0], msgstr[1], ..."
            if state != "msgid":
                return number, "msgstr without msgid"
            state = "msgstr"
        else:
            if state == "msgid":
                return number, "msgstr[N] in an entry without msgid_plural"
            if state not in ("msgid_plural", "msgstr") or int(index) != expected_index:
                return number, f"expected msgstr[{expected_index}]"
            state, expected_index = "msgstr", expected_index + 1
    if state in ("msgctxt", "msgid", "msgid_plural"):
        return opened, _unfinished(state) + " at the end of the file"
    return None


def _unfinished(state: str) -> str:
    return "msgctxt without msgid" if state == "msgctxt" else f"{state} without msgstr"


def _string_problem(fragment: str) -> str:
    if not fragment.startswith('"'):
        return "expected a quoted string"
    if not re.fullmatch(r'".*"[ \t]*', fragment):
        return "unterminated string"
    for escape in re.finditer(r"\\(x[0-9A-Fa-f]|.?)", fragment):
        if not re.fullmatch(r"""[abfnrtv\\"'?0-7]|x.""", escape.group(1)):
            return f"invalid escape sequence '\\{escape.group(1)}' in string"
    return "unescaped double quote inside string"
