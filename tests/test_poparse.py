"""workflow/poparse.py reads a catalog exactly as the old reading did: posyntax's validator, then polib's own
parser, then the duplicate and charset checks and two fix-ups for polib's misreadings. The old reading is kept
here (``old_parse_catalog``) and both are compared attribute by attribute, error by error: on every catalog in
the repository (and its CRLF, BOM and no-final-newline variants), on odd inputs where polib is quirky, and on
hypothesis-generated catalogs and corruptions of them.

One difference is deliberate: empty comment lines are kept, as gettext keeps them, where polib drops those
that open a comment and every bare ``#.``. The old reading here runs polib's parser with that one change
(``_KeepingParser``); ``test_empty_comment_lines_are_what_polib_alone_drops`` shows it is the only one."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import REPO

from workflow.catalog import (
    _UTF8_NAMES,
    WRAP_WIDTH,
    _charset,
    _charset_error,
    _short,
    entry_key,
    parse_catalog,
    render_catalog,
)
from workflow.errors import CatalogError
from workflow.posyntax import find_syntax_error

# --- The old reading --------------------------------------------------------------------------------------------


class _PoText(str):
    """Catalog text that polib splits into lines only at newlines (not at U+2028, U+0085 ...)."""

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        lines = self.split("\n")
        if not keepends:
            return lines
        return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


_HEADER_FIELDS = re.compile(
    r'^msgid[ \t]+""[ \t]*\r?\n(?:[ \t]*#[^\n]*\r?\n)*msgstr[ \t]+""[ \t]*\r?\n((?:[ \t]*"[^\n]*\r?\n)*)', re.M
)


def _duplicate_header_field(text: str) -> tuple[int, str, int] | None:
    match = _HEADER_FIELDS.search(text)
    if match is None:
        return None
    number = text.count("\n", 0, match.start(1)) + 1
    seen: dict[str, int] = {}
    for offset, line in enumerate(match.group(1).splitlines()):
        field = re.match(r'\s*"([A-Za-z][\w-]*):', line)
        if field is None:
            continue
        if field.group(1) in seen:
            return number + offset, field.group(1), seen[field.group(1)]
        seen[field.group(1)] = number + offset
    return None


_FSI, _PDI = "\u2068", "\u2069"
_REFERENCE = re.compile(r"\u2068[^\u2069\n]*\u2069(?::\d+)?|\S+")


def _restore_spaced_references(catalog: polib.POFile, text: str) -> None:
    groups: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith("#:"):
            for token in _REFERENCE.findall(line[2:]):
                path, colon, number = token.rpartition(":")
                if not colon or not number.isdigit():
                    path, number = token, ""
                pending.append((path.removeprefix(_FSI).removesuffix(_PDI), number))
        elif line.startswith(("msgid", "msgctxt")):
            if pending:
                groups.append(pending)
            pending = []
    owners = [entry for entry in catalog if entry.occurrences]
    if len(owners) == len(groups):
        for entry, occurrences in zip(owners, groups):
            entry.occurrences = occurrences


_OBSOLETE_LINE = re.compile(r'#~(\|?)[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?[ \t]*(".*")?[ \t]*')

_EMPTY_MARK = "\x00"
"""Put after a bare ``#.``, which polib skips, so that polib reads it as an extracted comment line."""


def _mark_bare_extracted_comments(text: str) -> str:
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        line = raw.strip()
        if line == "#." or (line[:2] == "#~" and line[2:3].isspace() and line[3:].strip() == "#."):
            lines[number] = raw.replace("#.", "#. " + _EMPTY_MARK, 1)
    return "\n".join(lines)


class _KeepingParser(polib._POFileParser):  # type: ignore[misc]
    """polib's parser, but a comment line is added to the header or the entry's comment even when it is empty
    and the first: polib adds a newline before a line only when the text so far is not empty; and a bare
    ``#.`` is read, except above the first entry. A comment that is one empty line is then ``" "``
    (``comments_read`` tells which were read; see ``restore``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.header_read = False
        self.comments_read: dict[int, tuple[polib.POEntry, set[str]]] = {}

    def handle_he(self) -> bool:
        self.instance.header += ("\n" if self.header_read else "") + self.current_token[2:]
        self.header_read = True
        return True

    def handle_tc(self) -> bool:
        self._add("tcomment", self.current_token.lstrip("#").removeprefix(" "))
        return True

    def handle_gc(self) -> bool:
        if self.current_token[3:] == _EMPTY_MARK and self.current_state in ["st", "he"]:
            return False  # skipped above the first entry, as polib does: the header comment may follow
        self._add("comment", self.current_token[3:].replace(_EMPTY_MARK, ""))
        return True

    def _add(self, name: str, line: str) -> None:
        if self.current_state in ["mc", "ms", "mx"]:  # as polib's handlers start
            self.instance.append(self.current_entry)
            self.current_entry = polib.POEntry(linenum=self.current_line)
        entry = self.current_entry
        _, read = self.comments_read.setdefault(id(entry), (entry, set()))
        setattr(entry, name, f"{getattr(entry, name)}\n{line}" if name in read else line)
        read.add(name)

    def restore(self, catalog: polib.POFile) -> None:
        for entry in catalog:
            for name in self.comments_read.get(id(entry), (None, ()))[1]:
                if getattr(entry, name) == "":
                    setattr(entry, name, " ")


def _pofile(text: str) -> polib.POFile:
    """``polib.pofile(text, check_for_duplicates=False)`` with the ``_KeepingParser``."""
    content = _PoText(_mark_bare_extracted_comments(text))
    parser = _KeepingParser(content, encoding=polib.detect_encoding(content), check_for_duplicates=False)
    catalog = parser.parse()
    catalog.wrapwidth = WRAP_WIDTH
    parser.restore(catalog)
    return catalog


def _restore_obsolete_previous(catalog: polib.POFile, text: str) -> None:
    previous: dict[str, str] = {}
    current: dict[str, str] = {}
    field = ""
    found: dict[tuple[str | None, str], dict[str, str]] = {}
    for raw in text.split("\n"):
        line = raw.strip()
        match = _OBSOLETE_LINE.fullmatch(line)
        if match is None:
            if line.startswith(("msgctxt", "msgid", "msgstr")):
                previous, current, field = {}, {}, ""
            continue
        bar, keyword, string = match.groups()
        value = polib.unescape(string[1:-1]) if string else ""
        target = previous if bar else current
        if keyword:
            field = ("|" if bar else "") + keyword
            target[keyword] = value
        elif string and field.lstrip("|") in target and field.startswith("|") == bool(bar):
            target[field.lstrip("|")] += value
        if keyword and keyword.startswith("msgstr"):
            if previous and "msgid" in current:
                found[(current.get("msgctxt"), current["msgid"])] = previous
            previous, current, field = {}, {}, ""
    for entry in catalog:
        fields = found.get(entry_key(entry)) if entry.obsolete else None
        if fields:
            entry.previous_msgctxt = fields.get("msgctxt")
            entry.previous_msgid = fields.get("msgid")
            entry.previous_msgid_plural = fields.get("msgid_plural")


def old_parse_catalog(text: str, shown: str, keeping: bool = True) -> polib.POFile:
    """workflow.catalog.parse_catalog before poparse: validator, polib.pofile, checks, fix-ups; with
    ``keeping``, the empty comment lines kept."""
    if text.startswith("\ufeff"):
        text = text[1:]
    problem = find_syntax_error(text)
    if problem:
        raise CatalogError.at(shown, problem[0], problem[1])
    try:
        if keeping:
            catalog = _pofile(text)
        else:
            catalog = polib.pofile(_PoText(text), wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    except (OSError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise CatalogError.at(shown, int(line.group(1)) if line else None, f"cannot parse catalog: {exc}") from exc
    charset = _charset(catalog)
    if charset not in _UTF8_NAMES and not text.isascii():
        raise _charset_error(shown, text, charset)
    duplicate = _duplicate_header_field(text)
    if duplicate:
        line, field, first = duplicate
        raise CatalogError.at(shown, line, f"header field {field!r} appears twice (first at line {first}): keep one")
    seen: dict[tuple[tuple[str | None, str], bool], int | None] = {}
    for entry in catalog:
        key = (entry_key(entry), bool(entry.obsolete))
        if key in seen:
            raise CatalogError.at(
                shown, entry.linenum, f"duplicate entry for {_short(entry.msgid)} (first at line {seen[key]})"
            )
        seen[key] = entry.linenum
    _restore_obsolete_previous(catalog, text)
    if _FSI in text:
        _restore_spaced_references(catalog, text)
    return catalog


# --- Comparing --------------------------------------------------------------------------------------------------


def dump(catalog: polib.POFile) -> str:
    """Every attribute of the catalog and of each entry, in order, with its type (0 is not False here);
    not the ``file_layout``, which the new reading adds (tests/test_file_layout.py tests it)."""
    attributes = {name: value for name, value in vars(catalog).items() if name != "file_layout"}
    return repr((type(catalog), attributes, [(type(entry), vars(entry)) for entry in catalog]))


def outcome(parse: Callable[[str, str], polib.POFile], text: str) -> tuple[str, ...]:
    try:
        catalog = parse(text, "x.po")
    except CatalogError as error:
        return ("error", str(error.location), error.message)
    return ("catalog", dump(catalog))


def assert_same(text: str) -> tuple[str, ...]:
    expected = outcome(old_parse_catalog, text)
    assert outcome(parse_catalog, text) == expected
    return expected


# --- The repository's catalogs ----------------------------------------------------------------------------------


def repository_catalogs() -> list[Path]:
    return sorted(
        path for folder in ("locale", "tests") for path in (REPO / folder).rglob("*") if path.suffix in (".po", ".pot")
    )


def variants(text: str) -> dict[str, str]:
    return {
        "as is": text,
        "CRLF": text.replace("\n", "\r\n"),
        "no final newline": text.rstrip("\n"),
        "BOM": "\ufeff" + text,
        "CR": text.replace("\n", "\r"),
        "indented": re.sub(r"(?m)^", " \t", text),
        "blank lines doubled": text.replace("\n\n", "\n\n\n"),
    }


def test_the_repository_has_catalogs_of_every_kind() -> None:
    paths = repository_catalogs()
    assert len(paths) >= 40
    names = {path.relative_to(REPO).as_posix() for path in paths}
    assert "tests/data/bad/catalog-unterminated.po" in names
    assert "tests/data/thirdparty/django/conf/ar/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("path", repository_catalogs(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_repository_catalogs_read_as_before(path: Path) -> None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # the charset errors of the bad-input corpus
    for name, variant in variants(text).items():
        try:
            expected = assert_same(variant)
        except AssertionError as failure:
            raise AssertionError(f"{name}: {failure}") from None
        if name == "as is" and expected[0] == "catalog":
            old, new = old_parse_catalog(text, "x.po"), parse_catalog(text, "x.po")
            assert str(new) == str(old) and render_catalog(new) == render_catalog(old)
            assert [(e.fuzzy, e.translated()) for e in new] == [(e.fuzzy, e.translated()) for e in old]
            assert list(new) == list(old)


# --- Odd inputs, where polib's reading is quirky ------------------------------------------------------------------

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)

ODD = {
    "empty": "",
    "blank": " \n\t\n",
    "comments only": "# a\n#\n# b\n",
    "header comments with blanks": "#\n# a\n#\n##b\n#\tc\n" + HEADER + 'msgid "a"\nmsgstr "b"\n',
    "comment between msgid and msgstr": 'msgid "a"\n# note\nmsgstr "b"\n',
    "extracted comment between msgid and msgstr": 'msgid "a"\n#. note\nmsgstr "b"\n',
    "reference between msgid and msgstr": 'msgid "a"\n#: a.c:1\nmsgstr "b"\n',
    "comment before a continuation": 'msgid "a"\n# note\n"b"\nmsgstr "c"\n',
    "comment after msgctxt": 'msgctxt "c"\n# note\nmsgid "a"\nmsgstr "b"\n',
    "comment between plural forms": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n# c\nmsgstr[1] "y"\n',
    "plural index read as one digit": 'msgid "a"\nmsgid_plural "as"\n'
    + "".join(f'msgstr[{n}] "{n}"\n' for n in range(13)),
    "plural index with a leading zero": 'msgid "a"\nmsgid_plural "as"\nmsgstr[00] "x"\nmsgstr[01] "y"\n',
    "plural index in Arabic-Indic digits": 'msgid "a"\nmsgid_plural "as"\nmsgstr[٠] "x"\nmsgstr[١] "y"\n',
    "plural forms out of order": 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\nmsgstr[0] "y"\n',
    "msgstr[N] after msgstr": 'msgid "a"\nmsgstr "b"\nmsgstr[0] "c"\n',
    "msgstr[N] after msgstr and a comment": 'msgid "a"\nmsgstr "b"\n# c\nmsgstr[0] "c"\n',
    "msgstr[N] after a plural entry": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n'
    'msgid "b"\nmsgstr "c"\n# d\nmsgstr[2] "e"\n',
    "msgid_plural after a reference": 'msgid "a"\n#: a.c:1\nmsgid_plural "as"\nmsgstr[0] "x"\n',
    "msgid_plural after an extracted comment": 'msgid "a"\n#. x\nmsgid_plural "as"\nmsgstr[0] "x"\n',
    "two msgids": 'msgid "a"\nmsgid "b"\nmsgstr "c"\n',
    "two msgctxts": 'msgctxt "a"\nmsgctxt "b"\nmsgid "c"\nmsgstr "d"\n',
    "msgstr first": 'msgstr "a"\n',
    "continuation first": '"a"\nmsgid "b"\nmsgstr "c"\n',
    "unterminated": 'msgid "a\nmsgstr "b"\n',
    "unterminated at the end": 'msgid "a"\nmsgstr "b\n',
    "msgid at the end": HEADER + 'msgid "a"\n',
    "msgctxt at the end": HEADER + 'msgctxt "a"\n',
    "escapes": 'msgid "a\\n\\t\\"\\\\\\a\\x41\\101\\?\\\'\\r\\v\\b\\f"\nmsgstr "\\\\n\\\\\\n"\n',
    "bad escapes": 'msgid "a\\q"\nmsgstr "b"\n',
    "escape split across lines": 'msgid ""\n"a\\\\"\n"n"\nmsgstr "b"\n',
    "quote inside": 'msgid "a"b"\nmsgstr "c"\n',
    "two strings on a line": 'msgid "a" "b"\nmsgstr "c"\n',
    "tabs and spaces": 'msgid\t \t"a"\t\nmsgstr   "b"  \n\t"c"\n',
    "NBSP indent": '\u00a0msgid "a"\nmsgstr "b"\u00a0\n\u2003"c"\n',
    "NBSP after the keyword": 'msgid\u00a0"a"\nmsgstr "b"\n',
    "separators inside strings": 'msgid "a\u2028b\u0085c\x1cd\x0be\x0cf"\nmsgstr "\u2029"\n',
    "lone CR inside a string": 'msgid "a\rb"\nmsgstr "c"\n',
    "BOM twice": "\ufeff\ufeffmsgid \"a\"\nmsgstr \"b\"\n",
    "unknown keyword": 'msgid "a"\nmsgstr "b"\nmsgfoo "c"\n',
    "json": '{"a": "b"}\n',
    "conflict markers": HEADER + '<<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n=======\nmsgid "a"\nmsgstr "c"\n>>>>>>> x\n',
    "indented conflict marker": HEADER + '  <<<<<<< HEAD\nmsgid "a"\nmsgstr "b"\n',
    "comment kinds": '#foo\nmsgid "a"\nmsgstr "b"\n',
    "reference without space": '#:a.c:1\nmsgid "a"\nmsgstr "b"\n',
    "flags without space": '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "empty comments": HEADER + '#:\n#,\n#.\n#: \n# \nmsgid "a"\nmsgstr "b"\n',
    "empty comment lines": HEADER + '#\n# \n#.\n#. \n#: a.c:1\nmsgid "a"\nmsgstr "b"\n\n#.\n#. x\n#\n#.\t\n'
    'msgid "c"\nmsgstr "d"\n\n#\n# y\n#\nmsgid "e"\nmsgstr "f"\n',
    "header comment opened by an empty line": "#\n#  Generated\n#\n" + HEADER + '#\nmsgid "a"\nmsgstr "b"\n',
    "header comment of one empty line": "#\n" + HEADER,
    "bare extracted comment before the header comment": "#.\n# a\n" + HEADER,
    "bare extracted comment between msgid and msgstr": 'msgid "a"\n#.\nmsgstr "b"\n',
    "bare extracted comment before a continuation": 'msgid "a"\n#.\n"b"\nmsgstr "c"\n',
    "bare extracted comment between plural forms": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n#.\nmsgstr[1] "y"\n',
    "obsolete empty comments": HEADER + '#~ #\n#~ #.\n#~ # \n#~ msgid "x"\n#~ msgstr "y"\n',
    "trailing bare extracted comment": HEADER + 'msgid "a"\nmsgstr "b"\n#.\n',
    "flags with spaces": '#,  fuzzy ,c-format, ,\n#, python-format\nmsgid "a"\nmsgstr "b"\n',
    "references": '#: a.c:1 b.c c.c:x :3 d: e:f:9 g.c:٣\n#: h.c:2\nmsgid "a"\nmsgstr "b"\n',
    "references with spaces": '#: \u2068my report.md\u2069:3 b.c:1 \u2068x y\u2069\nmsgid "a"\nmsgstr "b"\n\n'
    '#: \u2068z w.md\u2069:4\nmsgid "c"\nmsgstr "d"\n',
    "references with spaces, then an obsolete reference": '#: \u2068my report.md\u2069:3\nmsgid "a"\nmsgstr "b"\n\n'
    '#~ #: z.md:4\n#~ msgid "c"\n#~ msgstr "d"\n',
    "reference after msgid_plural's comment": '#: a.c:1\nmsgid "x"\n#: b.c:1\n#. n\nmsgid_plural "xs"\n'
    'msgstr[0] ""\n\n#~ #: z:1\n#~ msgid "o"\n#~ msgstr ""\n\u2068\n',
    "previous fields": '#| msgctxt "c"\n#| msgid "a"\n#| "b"\n#| msgid_plural "as"\n#, fuzzy\nmsgid "x"\nmsgstr "y"\n',
    "previous field continued by a plain string": HEADER + '#| msgid "a"\n"b"\nmsgid "x"\nmsgstr "y"\n',
    "previous field at the start continued": '#| msgid "a"\n"b"\nmsgid "x"\nmsgstr "y"\n',
    "previous continuation without field": '#| "b"\nmsgid "x"\nmsgstr "y"\n',
    "previous msgid without string": '#| msgid\nmsgid "x"\nmsgstr "y"\n',
    "previous msgstr": '#| msgstr "a"\nmsgid "x"\nmsgstr "y"\n',
    "previous alone": '#|\nmsgid "x"\nmsgstr "y"\n',
    "previous garbage": '#| msgid junk\n#| msgid "a" b\nmsgid "x"\nmsgstr "y"\n',
    "obsolete entries": HEADER + '#~ msgid "a"\n#~ msgstr "b"\n\n# c\n#~ msgctxt "k"\n#~ msgid "a"\n#~ msgstr ""\n'
    '#~ "d"\n',
    "obsolete previous fields": HEADER + '#, fuzzy\n#~| msgctxt "k"\n#~| msgid "a"\n#~| "b"\n#~| msgid_plural "c"\n'
    '#~ msgid "x"\n#~ msgid_plural "xs"\n#~ msgstr[0] "y"\n#~ msgstr[1] "z"\n',
    "obsolete previous fields twice": HEADER + '#~| msgid "a"\n#~ msgid "x"\n#~ msgstr "y"\n\n'
    '#~| msgid "b"\n#~ msgctxt "k"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete previous fields before a live entry": HEADER + '#~| msgid "a"\n#~ msgid "x"\nmsgstr "y"\n',
    "obsolete previous without space": HEADER + '#~|msgid "a"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete previous, spaced bar": HEADER + '#~ | msgid "a"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete previous after NBSP": HEADER + '#~| msgid "a"\n#~\u00a0msgid "x"\n#~\u00a0msgstr "y"\n',
    "obsolete comments": HEADER + '#~ # note\n#~ #. x\n#~ #: a.c:1\n#~ #, fuzzy\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete previous via #|": HEADER + '#~ #| msgid "a"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete previous continuation via #|": HEADER + '#| msgid "a"\n#~ #| "b c"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete marker alone": HEADER + '#~\nmsgid "x"\nmsgstr "y"\n',
    "obsolete marker glued": HEADER + '#~msgid "x"\n#~msgstr "y"\n',
    "obsolete marker glued to a comment": HEADER + '#~# x\nmsgid "x"\nmsgstr "y"\n',
    "obsolete marker twice": HEADER + '#~ #~ msgid "x"\nmsgid "x"\nmsgstr "y"\n',
    "obsolete msgid, live msgstr": HEADER + '#~ msgid "x"\nmsgstr "y"\n\nmsgid "x"\nmsgstr "z"\n',
    "live msgctxt, obsolete msgid": HEADER + 'msgctxt "k"\n#~ msgid "x"\n#~ msgstr "y"\n',
    "obsolete continuation first": '#~ "x"\nmsgid "x"\nmsgstr "y"\n',
    "trailing reference drops the last entry": HEADER + 'msgid "a"\nmsgstr "b"\n#:\n',
    "trailing obsolete previous drops the last entry": HEADER + '#~ msgid "a"\n#~ msgstr "b"\n#~| msgid "c"\n',
    "trailing comment": HEADER + 'msgid "a"\nmsgstr "b"\n# done\n',
    "trailing obsolete comment": HEADER + 'msgid "a"\nmsgstr "b"\n#~ # done\n',
    "trailing flags alone": HEADER + 'msgid "a"\nmsgstr "b"\n#,  \n\n',
    "no header": 'msgid "a"\nmsgstr "b"\n',
    "header not first": 'msgid "a"\nmsgstr "b"\n\n' + HEADER,
    "two headers": HEADER + HEADER,
    "header with context": 'msgctxt "k"\n' + HEADER + HEADER,
    "header-like entry with context 0": HEADER + 'msgctxt "0"\n' + HEADER,
    "obsolete header": '#~ msgid ""\n#~ msgstr "Language: ar\\n"\n',
    "fuzzy header": '#, fuzzy\n' + HEADER,
    "metadata oddities": 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"continued\\n"\n"X-A:b:c\\n"\n" Spaced : v \\n"\n'
    '"X-Sep: a\u2028b\\n"\n"no colon\\n"\n"Language: en\\n"\n',
    "metadata without a first key": 'msgid ""\nmsgstr "no colon\\nA: b\\n"\n',
    "duplicate header field": 'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Language: en\\n"\n',
    "duplicate entries": HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "duplicate obsolete and live": HEADER + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
    "charset placeholder": 'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "ب"\nmsgstr ""\n',
    "legacy charset": 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-6\\n"\n\nmsgid "ب"\nmsgstr ""\n',
    "legacy charset, ASCII text": 'msgid ""\nmsgstr "Content-Type: text/plain; charset=latin-1\\n"\n\n'
    'msgid "b"\nmsgstr ""\n',
    "unknown charset": 'msgid ""\nmsgstr "Content-Type: text/plain; charset=bogus-9\\n"\n\nmsgid "b"\nmsgstr ""\n',
    "charset in a msgid": 'msgid "Content-Type: x charset=latin-1"\nmsgstr ""\n',
    "quoted content type": '# "Content-Type: a charset=utf-16\nmsgid "a"\nmsgstr ""\n',
}


@pytest.mark.parametrize("text", ODD.values(), ids=ODD.keys())
def test_odd_inputs_read_as_before(text: str) -> None:
    assert_same(text)
    assert_same(text.replace("\n", "\r\n"))
    assert_same(text.rstrip("\n"))


_BETWEEN_LINES = {
    "bare extracted comment between msgid and msgstr", "bare extracted comment before a continuation",
    "bare extracted comment between plural forms",
}


def _without_empty_comment_lines(catalog: polib.POFile) -> polib.POFile:
    """The catalog without empty comment lines, and its entries' ``linenum`` (an entry starts at a bare
    ``#.`` now)."""

    def drop(text: str) -> str:
        return "\n".join(line for line in text.split("\n") if line.strip())

    catalog.header = drop(catalog.header)
    for entry in catalog:
        entry.comment, entry.tcomment, entry.linenum = drop(entry.comment), drop(entry.tcomment), 0
    return catalog


def test_empty_comment_lines_are_what_polib_alone_drops() -> None:
    """The old reading keeps empty comment lines where polib drops them, and changes nothing else: a
    bare ``#.`` is a comment line, not skipped, so that it may no longer sit between a msgid and its msgstr
    (gettext refuses that too)."""
    def polib_alone(text: str, shown: str) -> polib.POFile:
        return old_parse_catalog(text, shown, keeping=False)

    def normalized(keeping: bool) -> Callable[[str, str], polib.POFile]:
        return lambda text, shown: _without_empty_comment_lines(old_parse_catalog(text, shown, keeping))

    differ = set()
    for name, text in ODD.items():
        kept, dropped = outcome(old_parse_catalog, text), outcome(polib_alone, text)
        if kept != dropped:
            differ.add(name)
        if name in _BETWEEN_LINES:
            assert (kept[0], dropped[0]) == ("error", "catalog"), name
            gettext = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True, check=False)
            assert gettext.returncode != 0, name
        elif name == "trailing bare extracted comment":  # polib drops the last entry before it, as before "#:"
            assert [len(old_parse_catalog(text, "x.po", keeping)) for keeping in (True, False)] == [1, 0]
        elif kept[0] == "catalog":
            assert outcome(normalized(True), text) == outcome(normalized(False), text), name
        else:
            assert kept == dropped, name
    assert differ == {
        "header comments with blanks", "empty comments", "empty comment lines",
        "header comment opened by an empty line", "obsolete empty comments", "trailing bare extracted comment",
        *_BETWEEN_LINES,
    }


def test_odd_inputs_cover_both_outcomes() -> None:
    outcomes = [outcome(old_parse_catalog, text)[0] for text in ODD.values()]
    assert outcomes.count("catalog") >= 40 and outcomes.count("error") >= 30


# --- Generated catalogs -----------------------------------------------------------------------------------------

PIECES = st.sampled_from([
    "a", "b", "Aleppo", " ", "  ", "\t", "\n", "\r", "\\", "\\n", '"', "'", "#", "#~", "#|", "~", ":", ",", ".",
    "msgid ", "msgstr[1] ", "السلم", "الأهلي", "حلب", "٣", "\u00a0", "\u202b", "\u2067", "\u2068", "\u2069",
    "\u200f", "\u2028", "\u0085", "\x1c", "\x0b", "\x0c", "%s", "{}", "a-b", "x" * 90,
])
TEXTS = st.lists(PIECES, max_size=30).map("".join)
PATHS = st.sampled_from(["report.md", "my report.md", "a-b/c.txt", "x:y.md", "notes\tv2.md", "تقرير.md"])
FLAGS = st.sampled_from(["fuzzy", "python-format", "c-format", "no-wrap", "range: 0..5"])


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=draw(TEXTS),
        msgctxt=draw(st.none() | TEXTS),
        obsolete=draw(st.integers(0, 4)) == 0,
        flags=draw(st.lists(FLAGS, max_size=3, unique=True)),
        comment=draw(TEXTS),
        tcomment=draw(TEXTS),
        occurrences=draw(st.lists(st.tuples(PATHS, st.sampled_from(["", "1", "42"])), max_size=4)),
    )
    if draw(st.booleans()):
        entry.msgid_plural = draw(TEXTS)
        entry.msgstr_plural = {index: draw(TEXTS) for index in range(draw(st.integers(1, 6)))}
    else:
        entry.msgstr = draw(TEXTS)
    if draw(st.booleans()):
        entry.previous_msgctxt = draw(st.none() | TEXTS)
        entry.previous_msgid = draw(TEXTS)
        entry.previous_msgid_plural = draw(st.none() | TEXTS)
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    catalog = polib.POFile(wrapwidth=draw(st.sampled_from([WRAP_WIDTH, 78, 0, 30])))
    catalog.header = draw(TEXTS)
    catalog.metadata = draw(st.sampled_from([
        {},
        {"Content-Type": "text/plain; charset=UTF-8", "Language": "ar",
         "Plural-Forms": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : 4);"},
        {"Project-Id-Version": draw(TEXTS), "X-Other": draw(TEXTS)},
    ]))
    catalog.metadata_is_fuzzy = draw(st.booleans())
    for entry in draw(st.lists(entries(), max_size=6)):
        catalog.append(entry)
    text = render_catalog(catalog).decode("utf-8") if draw(st.booleans()) else catalog.__unicode__()
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return text


@settings(max_examples=max(300, settings.default.max_examples))
@given(catalogs())
def test_generated_catalogs_read_as_before(text: str) -> None:
    assert_same(text)


ODD_LINES = st.sampled_from([
    "", "#", "# x", "#.", "#. x", "#:", "#: a.c:1 b.c", "#,", "#, fuzzy", "#|", '#| msgid "p"', '#| "q"', "#~",
    "#~|", '#~| msgid "p"', '#~| "q"', '#~ msgid "o"', '#~ msgstr "o"', '#~ "r"', "#~ # x", "#~ #: z:1", "#x",
    'msgid "n"', 'msgstr "n"', 'msgctxt "k"', 'msgid_plural "ns"', 'msgstr[0] "s"', 'msgstr[1] "t"', '"c"', '"\\n"',
    "<<<<<<< HEAD", "=======", ">>>>>>> b", '""', "\u2068", 'msgid "a"b"', '"unterminated', "msgfoo",
    '#~ #| "x"', '#~ #| msgid "x"', '#| msgid_plural "p"', '#| msgctxt "k"', '#~ msgctxt "k"', '#~ msgid_plural "p"',
    '#~ msgstr[0] "x"', '#~| msgstr "x"', 'msgstr[10] "x"', '\u00a0msgid "a"', "#\t", "##",
    "#:  a.c:1 \u2068b c\u2069:2", "# ", "#. ",
    "#, fuzzy, c-format", '#~\u00a0msgid "x"', 'msgid ""', 'msgstr ""', '"Language: ar\\n"', 'msgctxt "0"',
    'msgstr "X: y\\n"', '#~ msgid ""',
])


@st.composite
def corruptions(draw: st.DrawFn) -> str:
    lines = draw(catalogs()).split("\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines)))
        change = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "truncate", "unquote"]))
        if change == "insert":
            lines.insert(at, draw(ODD_LINES))
        elif at < len(lines):
            if change == "delete":
                del lines[at]
            elif change == "duplicate":
                lines.insert(at, lines[at])
            elif change == "swap" and at + 1 < len(lines):
                lines[at], lines[at + 1] = lines[at + 1], lines[at]
            elif change == "truncate":
                lines[at:] = [lines[at][: draw(st.integers(0, len(lines[at])))]]
            elif change == "unquote" and '"' in lines[at]:
                quotes = [i for i, char in enumerate(lines[at]) if char == '"']
                cut = draw(st.sampled_from(quotes))
                lines[at] = lines[at][:cut] + lines[at][cut + 1 :]
    return "\n".join(lines)


@settings(max_examples=max(600, settings.default.max_examples))
@given(corruptions())
def test_corrupted_catalogs_fail_or_read_as_before(text: str) -> None:
    assert_same(text)


@settings(max_examples=max(300, settings.default.max_examples))
@given(st.lists(ODD_LINES, max_size=12).map("\n".join))
def test_odd_line_sequences_read_as_before(text: str) -> None:
    assert_same(text)


# Well-formed entries (as the validator sees them: it skips comments) with comments of every kind, obsolete
# markers and blank lines between any two lines: where polib's reading has its quirks.
BODIES = st.lists(
    st.sampled_from(["a", "b c", "السلم", "\\n", '\\"', "\\\\", "\\t", "\\x41", " ", "%s", "\u00a0", "\u2068"]),
    max_size=3,
).map("".join)
BETWEEN = st.sampled_from([
    "", "#", "# x", "## y", "#\tz", "#.", "#. x", "#:", "#: a.c:1 b.c", "#: \u2068b c\u2069:2", "#,", "#, fuzzy",
    "#,  fuzzy ,c-format", "#|", '#| msgid "p"', '#| "q"', '#| msgctxt "k"', '#| msgid_plural "pp"', "#~|",
    '#~| msgid "p"', '#~| "q"', '#~| msgctxt "k"', '#~| msgid_plural "pp"', "#~ # x", "#~ #: z:1", "#~ #, fuzzy",
    "#~ #. e", '#~ #| "x"', "# ", "#. ", "#~ #", "#~ #.",
])


@st.composite
def interleaved(draw: st.DrawFn) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ['msgid ""', 'msgstr ""', '"Language: ar\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"']
    for _ in range(draw(st.integers(0, 5))):
        fields = [("msgctxt", draw(BODIES))] if draw(st.booleans()) else []
        fields.append(("msgid", draw(BODIES)))
        if draw(st.booleans()):
            fields.append(("msgid_plural", draw(BODIES)))
            fields += [(f"msgstr[{index}]", draw(BODIES)) for index in range(draw(st.integers(1, 3)))]
        else:
            fields.append(("msgstr", draw(BODIES)))
        obsolete = draw(st.integers(0, 3)) == 0
        for keyword, body in fields:
            prefix = "#~ " if obsolete != (draw(st.integers(0, 9)) == 0) else ""
            if draw(st.integers(0, 3)) == 0:
                lines += draw(st.lists(BETWEEN, min_size=1, max_size=2))
            lines.append(f'{prefix}{keyword} "{body}"')
            lines += [f'{prefix}"{draw(BODIES)}"' for _ in range(draw(st.integers(0, 2)))]
    lines += draw(st.lists(BETWEEN, max_size=2))
    return "\n".join(lines)


@settings(max_examples=max(600, settings.default.max_examples))
@given(interleaved())
def test_interleaved_comments_read_as_before(text: str) -> None:
    assert_same(text)
