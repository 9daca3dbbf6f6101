"""PO text as polib writes it, several times faster, but for comments, written as GNU gettext writes them.

polib spends most of a catalog's rendering in ``textwrap`` (a regular expression per string and a
chunk-popping loop). The strings this project writes are paragraphs, so almost every one is wrapped.
Here the same rules run on a fast path: a string without a hyphen splits into words at its spaces,
which is what textwrap's word-separator expression does when there is no hyphen; one with a hyphen
is split by that very expression. The greedy line filling is textwrap's with ``drop_whitespace=False``
and ``break_long_words=False``, the options polib passes. References, short and rarely wrapped, go
through textwrap itself. tests/test_poformat.py proves byte equality with polib on the test corpora and on
hypothesis-generated catalogs, comments aside.

Translator (``#``) and extracted (``#.``) comments are never wrapped: each line of a comment is one line of
the file, as gettext writes it, where polib would cut a long line in several (which changes the comment: it
reads back with a newline it did not have) and writes an empty line with a trailing space. An empty (or
blank) comment line is written ``#`` or ``#.`` as gettext does, or ``# ``, ``#. `` as polib does when the
file read had them so.

A catalog read from a file carries that file's ``FileLayout``: where its strings broke into lines, and the
order of its header fields. Rendered with it, every string whose value did not change keeps its lines
as the file had them, so a catalog last saved by Poedit, msgmerge or Weblate (which wrap differently
from polib) changes only where its content changed, and a diff shows the translator's edit alone.
tests/test_file_layout.py proves that a catalog laid out by GNU gettext renders back unchanged.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

import polib

__all__ = ["EMPTY_LINE", "FileLayout", "render_po"]

_WORDSEP = textwrap.TextWrapper.wordsep_re
_SPECIAL = ("\\", "\n", "\r", "\t", "\v", "\b", "\f", '"')


EMPTY_LINE = " "
"""A comment that is one empty line: the empty string would be no comment. A space is what polib writes
after the ``#`` of an empty comment line, and what reading it strips; it is written as an empty line."""

FieldKey = tuple[str, str, str, str]
"""(field name, line prefix, plural index, value), as ``_field`` is called: ``("msgstr", "#~ ", "[1]", ...)``."""


CommentKey = tuple[str, str | None, str, str]
"""(``"tcomment"`` or ``"comment"``, the entry's msgctxt and msgid, the comment)."""

Pieces = tuple[int, ...]
"""The length of each quoted piece of a string as a file split it over lines (the first is on the keyword
line, often empty)."""


@dataclass
class FileLayout:
    """How a catalog file laid out its strings: ``breaks`` for each string split over several lines or
    longer than a line; ``portions`` for each newline-ended portion of a multi-line string split over
    several lines, so that a header keeps its lines when one of its fields changes; ``header_fields``,
    the file's order of those fields.

    Lists, not dicts: a catalog is read far more often (every build) than rendered, and a dict keyed by
    strings would hash every one of them each time a parsed catalog is loaded (see parsed.py).
    """

    breaks: list[tuple[FieldKey, Pieces]] = field(default_factory=list)
    portions: list[tuple[FieldKey, Pieces]] = field(default_factory=list)
    header_fields: tuple[str, ...] = ()
    bare: bool = False
    """The file had no comment lines above its first entry (polib writes at least a "#" line there)."""
    spaced: bool = False
    """The file wrote its first empty comment line as polib does, ``"# "`` or ``"#. "``, not as gettext does,
    ``"#"`` or ``"#."``: how the empty lines of comments it did not have are written."""
    empty_lines: list[tuple[CommentKey, tuple[str, ...]]] = field(default_factory=list)
    """For each comment with empty lines, the lines as the file wrote them (``"#"``, ``"# "``, ``"#.  "``):
    a comment the file had keeps its lines, however a tool wrote them (msgcat keeps ``"#  "``)."""
    wrapped: bool = False
    """Some string was split where it holds no newline: the file wraps long lines."""
    longest: int = 0
    """The longest piece of a string on one line."""

    def unwrapped(self, width: int) -> bool:
        """Whether the file keeps each line of its strings whole (msgmerge --no-wrap, Weblate's "no line
        wrapping"): no string split but at its newlines, and one piece that ``width`` would have cut."""
        return not self.wrapped and self.longest + 2 > width > 0

    def rewrapped(self) -> FileLayout:
        """The layout for strings laid out anew (``merge -w N``, ``--no-wrap``): nothing of the file's strings
        or header field order, only what no width changes (no header comment, empty comment lines)."""
        return FileLayout(bare=self.bare, spaced=self.spaced, empty_lines=self.empty_lines)


Kept = tuple[dict[FieldKey, Pieces], dict[FieldKey, Pieces]]
"""A layout's ``breaks`` and ``portions`` as dicts, made once per rendering."""

Comments = tuple[bool, dict[CommentKey, tuple[str, ...]], dict[tuple[str, str], tuple[str, ...]]]
"""A layout's ``spaced`` and ``empty_lines`` as dicts, by entry and by comment alone (for an entry whose msgid
changed), made once per rendering."""


def render_po(catalog: polib.POFile, width: int, layout: FileLayout | None = None) -> str:
    """``catalog.__unicode__()`` with ``catalog.wrapwidth = width``, character for character but for
    comments (see above); with a ``layout``, the strings it knows, the header's field order and the empty
    lines of comments are laid out as it says instead."""
    out = []
    lines = catalog.header.split("\n")
    if layout is not None and layout.bare and not catalog.header:
        lines = []  # as the file had it: polib would write a lone "#"
    for line in lines:
        if not line:
            out.append("#\n")
        elif line[:1] in (",", ":"):
            out.append(f"#{line}\n")
        else:
            out.append(f"# {line}\n")
    head = "".join(out)
    metadata = catalog.ordered_metadata()
    kept: Kept | None = None
    if layout is not None:
        kept = (dict(layout.breaks), dict(layout.portions))
        if layout.unwrapped(width):
            width = 0  # new strings as the file has its own: unwrapped
        known = [(name, catalog.metadata[name]) for name in layout.header_fields if name in catalog.metadata]
        metadata = known + [(name, value) for name, value in metadata if name not in layout.header_fields]
    header_entry = polib.POEntry(msgid="")
    if metadata:
        header_entry.msgstr = "\n".join(f"{name}: {value}" for name, value in metadata) + "\n"
    if catalog.metadata_is_fuzzy:
        header_entry.flags.append("fuzzy")
    comments: Comments | None = None
    if layout is not None and (layout.spaced or layout.empty_lines):
        by_comment = {(key[0], key[3]): lines for key, lines in layout.empty_lines}
        comments = (layout.spaced, dict(layout.empty_lines), by_comment)
    entries = [render_entry(header_entry, width, kept, comments)]
    entries += [render_entry(entry, width, kept, comments) for entry in catalog if not entry.obsolete]
    entries += [render_entry(entry, width, kept, comments) for entry in catalog if entry.obsolete]
    return head + "\n".join(entries)


def render_entry(entry: polib.POEntry, width: int, kept: Kept | None = None, comments: Comments | None = None) -> str:
    """``entry.__unicode__(width)`` (comments aside), remembered for the last few thousand entries: an
    update renders each new template's entries twice (template and catalog) and an old catalog's unchanged
    entries again when comparing it with the merged one. (With a file's layout only each field is remembered.)"""
    if kept is not None or comments is not None:
        return _render_entry(entry, width, kept, comments)
    try:
        key = (
            width, entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())), entry.comment, entry.tcomment, tuple(entry.occurrences),
            tuple(entry.flags), entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural,
        )
        text = _rendered.get(key)
    except TypeError:  # an unhashable value (a list where polib keeps tuples): no memo
        return _render_entry(entry, width)
    if text is None:
        if len(_rendered) >= _REMEMBERED:
            _rendered.clear()
        text = _rendered[key] = _render_entry(entry, width)
    return text


_REMEMBERED = 8192
_rendered: dict[tuple[object, ...], str] = {}


def _render_entry(entry: polib.POEntry, width: int, kept: Kept | None = None, comments: Comments | None = None) -> str:
    lines: list[str] = []
    obsolete = entry.obsolete
    tcomment = entry.tcomment
    if tcomment:
        _comment(lines, entry, "tcomment", tcomment, "# ", comments)
    if not obsolete and entry.comment:
        _comment(lines, entry, "comment", entry.comment, "#. ", comments)
    if not obsolete and entry.occurrences:
        files = " ".join(f"{path}:{line}" if line else path for path, line in entry.occurrences)
        if width > 0 and len(files) + 3 > width:
            # polib's own trick: hyphens become "*" so that textwrap does not break file names at them.
            wrapped = textwrap.wrap(
                files.replace("-", "*"), width, initial_indent="#: ", subsequent_indent="#: ", break_long_words=False
            )
            lines += [line.replace("*", "-") for line in wrapped]
        else:
            lines.append("#: " + files)
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prefix = "#~| " if obsolete else "#| "
    for name, value in (
        ("previous_msgctxt", entry.previous_msgctxt),
        ("previous_msgid", entry.previous_msgid),
        ("previous_msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            _field(lines, name, prefix, "", value, width, kept)
    delflag = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        _field(lines, "msgctxt", delflag, "", entry.msgctxt, width, kept)
    _field(lines, "msgid", delflag, "", entry.msgid, width, kept)
    if entry.msgid_plural:
        _field(lines, "msgid_plural", delflag, "", entry.msgid_plural, width, kept)
    if entry.msgstr_plural:
        plurals = entry.msgstr_plural
        for index in sorted(plurals):
            _field(lines, "msgstr", delflag, f"[{index}]", plurals[index], width, kept)
    else:
        _field(lines, "msgstr", delflag, "", entry.msgstr, width, kept)
    lines.append("")
    return "\n".join(lines)


def _comment(out: list[str], entry: polib.POEntry, attribute: str, value: str, prefix: str,
             comments: Comments | None) -> None:
    """Each line of the comment as one line of the file, never wrapped (gettext's write-po.c); an empty or
    blank line as the file wrote it, else as gettext writes it (``#``, ``#.``) or as the file would."""
    if "\n" not in value and value.strip():
        out.append(prefix + value)
        return
    empty = prefix[:-1]
    written: Iterator[str] = iter(())
    if comments is not None:
        spaced, by_entry, by_comment = comments
        if spaced:
            empty = prefix
        known = by_entry.get((attribute, entry.msgctxt, entry.msgid, value)) or by_comment.get((attribute, value))
        written = iter(known or ())
    out.extend(prefix + line if line.strip() else next(written, empty) for line in value.split("\n"))


def _field(out: list[str], name: str, delflag: str, index: str, value: str, width: int,
           kept: Kept | None = None) -> None:
    """polib's ``_str_field``: one keyword line, then continuation lines when split or wrapped; or the
    lines the file had, when ``kept`` knows the value (or, for a multi-line string, its portions).

    Remembered apart from whole entries: a template entry, the catalog entry merged from it and the
    old catalog's entry differ in their msgstr or comments, but their msgid lines are the same.
    """
    lengths = None
    if kept is not None:
        breaks, portions = kept
        lengths = breaks.get((name, delflag, index, value))
        if lengths is None and portions and "\n" in value[:-1]:
            _portions(out, name, delflag, index, value, portions)
            return
    key = (name, delflag, index, value, width if lengths is None else lengths)
    lines = _fields.get(key)
    if lines is None:
        if len(_fields) >= _REMEMBERED:
            _fields.clear()
        lines = _fields[key] = []
        if lengths is None:
            _render_field(lines, name, delflag, index, value, width)
        else:
            _pieces(lines, name, delflag, index, _cut(value, lengths))
    out.extend(lines)


_fields: dict[tuple[str, str, str, str, int | Pieces], list[str]] = {}


def _render_field(out: list[str], name: str, delflag: str, index: str, value: str, width: int) -> None:
    parts = value.splitlines(True)
    if len(parts) > 1:
        parts = ["", *parts]
    else:
        escaped = polib.escape(value)
        special = sum(value.count(char) for char in _SPECIAL) if len(escaped) != len(value) else 0
        # polib measures the keyword before dropping "previous_", so #| lines wrap earlier than msgid lines.
        room = width - (len(name) + 3 + len(index)) + special
        if width > 0 and len(value) > room:
            # The wrapped pieces of the escaped text are escaped already: textwrap only breaks at spaces
            # and after hyphens, never inside an escape sequence, so polib's unescape-escape is the identity.
            keyword = name[9:] if name.startswith("previous_") else name
            out.append(f'{delflag}{keyword}{index} ""')
            out.extend(f'{delflag}"{line}"' for line in _wrap(escaped, width - 2))
            return
        parts = [value]
    _pieces(out, name, delflag, index, parts)


def _pieces(out: list[str], name: str, delflag: str, index: str, pieces: list[str]) -> None:
    """The keyword line with the first piece, then one line per other piece."""
    keyword = name[9:] if name.startswith("previous_") else name
    out.append(f'{delflag}{keyword}{index} "{polib.escape(pieces[0])}"')
    out.extend(f'{delflag}"{polib.escape(piece)}"' for piece in pieces[1:])


def _portions(out: list[str], name: str, delflag: str, index: str, value: str,
              portions: dict[FieldKey, Pieces]) -> None:
    """A multi-line string as polib writes it (an empty first piece, then one line per portion), except
    that each portion the file split over several lines keeps those lines."""
    pieces = [""]
    for portion in value.splitlines(True):
        lengths = portions.get((name, delflag, index, portion))
        pieces += _cut(portion, lengths) if lengths is not None else [portion]
    _pieces(out, name, delflag, index, pieces)


def _cut(text: str, lengths: tuple[int, ...]) -> list[str]:
    pieces, start = [], 0
    for length in lengths:
        pieces.append(text[start : start + length])
        start += length
    return pieces


def _wrap(text: str, width: int) -> list[str]:
    """``textwrap.wrap(text, width, drop_whitespace=False, break_long_words=False)`` for escaped PO text.

    Escaped text holds no tab, newline or other ASCII whitespace but the space, so textwrap's
    whitespace munging changes nothing and every whitespace chunk is a run of spaces.
    """
    if "-" in text:
        return _wrap_chunks(_WORDSEP.split(text), width)
    # Without a hyphen a chunk is a run of spaces or of other characters, and textwrap's greedy filling
    # makes each line the longest run of whole chunks that fits: a regular expression finds it in C.
    longest = _LINES.get(width)
    if longest is None:
        longest = _LINES[width] = re.compile(rf"(?s).{{1,{width}}}(?:(?<= )(?=[^ ])|(?<=[^ ])(?= )|\Z)")
    lines = []
    position, end = 0, len(text)
    while position < end:
        found = longest.match(text, position) or _CHUNK.match(text, position)  # else one chunk too long to fit
        assert found is not None
        lines.append(found.group())
        position = found.end()
    return lines


_LINES: dict[int, re.Pattern[str]] = {}
_CHUNK = re.compile("[^ ]+| +")


def _wrap_chunks(chunks: list[str], width: int) -> list[str]:
    """textwrap's line filling without dropping whitespace or breaking words."""
    lines: list[str] = []
    line: list[str] = []
    length = 0
    for chunk in chunks:
        if not chunk:
            continue
        size = len(chunk)
        if length + size <= width:
            line.append(chunk)
            length += size
        elif line:
            lines.append("".join(line))
            if size > width:  # a word longer than a line stands alone on its own line
                lines.append(chunk)
                line, length = [], 0
            else:
                line, length = [chunk], size
        else:
            lines.append(chunk)
    if line:
        lines.append("".join(line))
    return lines
