"""workflow/poformat.py renders byte for byte what polib writes: on every catalog the tests ship and on
hypothesis-generated catalogs (Arabic, quotes, backslashes, long words, hyphens, NBSP, newlines); but for
comments, which it writes as GNU gettext does: never wrapped, an empty line as ``#`` or ``#.``."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import DATA, REPO

from workflow.catalog import WRAP_WIDTH, parse_catalog, render_catalog
from workflow.poformat import render_po


def polib_text(catalog: polib.POFile, width: int = WRAP_WIDTH) -> str:
    """What polib writes, with its comments as gettext writes them: no comment line wrapped, an empty (or
    blank) one as "#" or "#." where polib writes "# " or "#. " (header lines aside: polib writes "#")."""
    catalog.wrapwidth = width
    with _comments_unwrapped():
        text = catalog.__unicode__()
    lines = text.split("\n")
    header_lines = catalog.header.count("\n") + 1
    head, rest = lines[:header_lines], "\n".join(lines[header_lines:])
    return "\n".join([*head, _SPACED_EMPTY_COMMENT(r"\1", rest)])


_SPACED_EMPTY_COMMENT = re.compile(r"(?m)^(#\.?) [^\S\n]*$").sub


class _UnwrappedComments:
    """polib's ``textwrap``, but comment lines (initial indent "# " or "#. ") come back whole."""

    @staticmethod
    def wrap(text: str, width: int, **options: str) -> list[str]:
        if options.get("initial_indent") in ("# ", "#. "):
            return [options["initial_indent"] + text]
        return textwrap.wrap(text, width, **options)  # type: ignore[arg-type]


@contextmanager
def _comments_unwrapped() -> Iterator[None]:
    polib.textwrap = _UnwrappedComments  # type: ignore[attr-defined]
    try:
        yield
    finally:
        polib.textwrap = textwrap  # type: ignore[attr-defined]


def shipped_catalogs() -> list[Path]:
    paths = sorted((REPO / "locale").rglob("*.po*")) + sorted(DATA.rglob("*.po*"))
    readable = []
    for path in paths:
        try:
            polib.pofile(str(path))
        except (OSError, ValueError, UnicodeDecodeError):
            continue  # the malformed fixtures of the error tests
        readable.append(path)
    return readable


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda path: path.relative_to(REPO).as_posix())
def test_shipped_catalogs_render_exactly_as_polib_does(path: Path) -> None:
    catalog = polib.pofile(str(path))
    for width in (WRAP_WIDTH, 78, 40):
        assert render_po(catalog, width) == polib_text(catalog, width)


# Words that exercise textwrap: Arabic, hyphenated words and em-dashes (textwrap breaks after hyphens),
# escapes, NBSP and other non-ASCII spaces (no break there), words longer than a line.
WORDS = st.sampled_from([
    "the", "session", "Aleppo", "civil", "peace", "السلم", "الأهلي", "حلب", "ـ", "well-known", "co-operation",
    "--", "—", "-b", "x-", "re-read-it", "\"quoted\"", "back\\slash", "tab\there", "a\u00a0b", "\u202f", "٢٠٢٥",
    "1,500", "e.g.", "(see", "p.)", "«نص»", "\u200f", "https://example.org/a-very-long-path-that-never-breaks",
    "A" * 90, "ب" * 50, "", " ", "  ",
])
TEXTS = st.one_of(
    st.lists(WORDS, min_size=0, max_size=40).map(" ".join),
    st.lists(WORDS, min_size=1, max_size=12).map("\n".join),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=200),
)


@st.composite
def entries(draw: st.DrawFn) -> polib.POEntry:
    plural = draw(st.booleans()) and draw(st.integers(0, 3)) == 0
    entry = polib.POEntry(
        msgid=draw(TEXTS) or "x",
        msgstr="" if plural else draw(TEXTS),
        msgctxt=draw(st.none() | TEXTS),
        comment=draw(st.sampled_from(["", "paragraph", "heading, list-item", "a " * 60, "\n", " ", "a\n\nb\n"])),
        tcomment=draw(st.sampled_from(["", "Check with the editors.", "ملاحظة", "long " * 30, " ", "\nnote", "x\n\t"])),
        flags=draw(st.sampled_from([[], ["fuzzy"], ["fuzzy", "no-wrap"], ["python-format"]])),
        occurrences=draw(st.lists(
            st.tuples(st.sampled_from(["reports/a-b.md", "seeds/udhr.ar.md", "x"]), st.sampled_from(["", "12"])),
            max_size=12,
        )),
        obsolete=draw(st.booleans()),
    )
    if plural:
        entry.msgid_plural = draw(TEXTS) or "xs"
        entry.msgstr_plural = {index: draw(TEXTS) for index in range(draw(st.integers(1, 6)))}
    if draw(st.booleans()):
        entry.previous_msgid = draw(TEXTS)
        entry.previous_msgctxt = draw(st.none() | TEXTS)
    return entry


@settings(max_examples=300, deadline=None)
@given(st.lists(entries(), max_size=6), st.sampled_from(["", "Translation of x.", "a\nb\n", ", flag", ":ref"]),
       st.booleans(), st.sampled_from([WRAP_WIDTH, 78, 30]))
def test_generated_catalogs_render_exactly_as_polib_does(
    generated: list[polib.POEntry], header: str, fuzzy_header: bool, width: int
) -> None:
    catalog = polib.POFile()
    catalog.header = header
    catalog.metadata = {"Project-Id-Version": "x", "Language": "ar", "X-Custom": "y z", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.metadata_is_fuzzy = fuzzy_header
    for entry in generated:
        catalog.append(entry)

    assert render_po(catalog, width) == polib_text(catalog, width)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=5, unique=True))
def test_rendered_catalogs_read_back_to_the_same_entries(texts: list[str]) -> None:
    """What we write, our reader reads back (the update path no longer re-parses each file it writes)."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for text in texts:
        if text.strip():
            catalog.append(polib.POEntry(msgid=text, msgstr=text[::-1], previous_msgid=text[:10] or None))
    again = parse_catalog(render_catalog(catalog).decode("utf-8"), "x.po")
    assert [(e.msgid, e.msgstr, e.previous_msgid) for e in again] == [(e.msgid, e.msgstr, e.previous_msgid) for e in catalog]
