"""Property-based fuzzing of every parser and writer: the PO writer and reader, segmenting and rebuilding, and
the HTML escaping of release pages. Each property runs the profile's number of examples (100 by default, a
few seconds); ``pytest --hypothesis-profile=long`` (or ``HYPOTHESIS_PROFILE=long``) runs 5,000."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from html.parser import HTMLParser

import polib
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from workflow.build import build_document
from workflow.catalog import parse_catalog, render_catalog
from workflow.checks import security
from workflow.errors import SourceError
from workflow.inline import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, finish, render_inline
from workflow.layout import document_blocks
from workflow.segment import SplitOptions, split_document

ARABIC = "".join(chr(code) for code in range(0x0621, 0x064B)) + "ًٌٍَُِّْـ٠١٢٣٤٥٦٧٨٩،؛؟«»"
TRICKY = (
    "\u00a0\u202f\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\ufeff\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e\x7f\x01\x08\t\r\n\\\"'%{}<>&#;:=/*_`[]()|-.,!?~"
)
"""NBSP, zero-width and bidi controls, Unicode line separators, C0 controls, escapes, quotes and markup."""
LATIN = "abcXYZ 019"

characters = st.one_of(
    st.sampled_from(ARABIC + TRICKY + LATIN),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"),
)
texts = st.text(characters, max_size=40)
"""Arbitrary Unicode but NUL and U+0004 (workflow refuses both in any file it reads: msgfmt cannot store them)
and lone surrogates (not encodable)."""


# --- PO writer and reader ---------------------------------------------------------------------------------------


def _edges_like(msgid: str, msgstr: str) -> str:
    """msgfmt --check requires a translation to begin and end with a newline exactly when its msgid does."""
    if not msgstr:
        return msgstr
    core = msgstr.strip("\n") or "x"
    return ("\n" if msgid.startswith("\n") else "") + core + ("\n" if msgid.endswith("\n") else "")


file_names = st.text(st.sampled_from("abc مثال.-_ /"), min_size=1, max_size=12).map(
    lambda name: name.strip(" /") or "x"
).filter(lambda name: not re.search(r"(^|/)\.|//|\s/|/\s", name))


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = {
        "Project-Id-Version": "fuzz",
        "Language": "ar",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 "
                        ": n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
    }
    keys = draw(st.lists(st.tuples(st.none() | texts, texts.filter(bool)), max_size=6, unique=True))
    for context, msgid in keys:
        fuzzy = draw(st.booleans())
        entry = polib.POEntry(
            msgctxt=context,
            msgid=msgid,
            msgstr=_edges_like(msgid, draw(texts)),
            occurrences=[(draw(file_names), str(draw(st.integers(1, 9999))))] if draw(st.booleans()) else [],
            flags=["fuzzy"] if fuzzy else [],
            obsolete=draw(st.booleans()) and not fuzzy,
        )
        if fuzzy:
            entry.previous_msgid = draw(texts.filter(bool))
        if entry.obsolete:
            entry.occurrences = []
        catalog.append(entry)
    return catalog


def _fields(catalog: polib.POFile) -> list[tuple[object, ...]]:
    """Every field an entry has, active entries first (a PO file lists obsolete ones at the end)."""
    fields = [
        (e.msgctxt, e.msgid, e.msgstr, e.fuzzy, bool(e.obsolete), e.previous_msgid, list(e.occurrences))
        for e in catalog
    ]
    return sorted(fields, key=lambda field: field[4])


def msgfmt_accepts(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".po") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", handle.name], capture_output=True, text=True,
                                check=False)
    return "" if result.returncode == 0 else result.stderr


@given(catalogs())
def test_every_catalog_we_write_reads_back_the_same_and_passes_msgfmt(catalog: polib.POFile) -> None:
    data = render_catalog(catalog)

    back = parse_catalog(data.decode("utf-8"), "fuzz.po")

    assert _fields(back) == _fields(catalog)
    assert render_catalog(back) == data  # and writes the same bytes again: no churn
    problem = msgfmt_accepts(data)
    assert not problem, problem


# --- Segmenting and rebuilding --------------------------------------------------------------------------------

MARKDOWN = "#>-*+_`[]()!|:\n \t1.\\<>&" + "\r"
documents = st.text(st.one_of(st.sampled_from(MARKDOWN + ARABIC + TRICKY + LATIN), characters), max_size=300)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["markdown", "text"]), st.sampled_from(["paragraph", "sentence"]), st.data())
def test_segment_and_rebuild_never_crash(text: str, fmt: str, granularity: str, data: st.DataObject) -> None:
    """Any text splits into a Document (or a SourceError naming a line) and rebuilds with any translations."""
    options = SplitOptions(granularity=granularity, boilerplate=(re.compile(r"(?i)scroll to top"),))
    try:
        document = split_document(text, "fuzz.md", fmt, "en", options)
    except SourceError as exc:
        assert exc.location is not None and exc.location.line is not None
        return
    translations = {segment.key: data.draw(texts, label=segment.text[:20]) for segment in document.segments}
    build_document(document, lambda segment: translations[segment.key])
    assert build_document(document, lambda segment: segment.text, keep_removals=True) is not None
    if fmt == "markdown":
        document_blocks(document, options)


# --- HTML output escaping ---------------------------------------------------------------------------------------

ATTACK_PIECES = [
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<a href=", "</a>",
    "javascript:", "jav&#x61;script:", "&#106;avascript:", "java\tscript:", "vbscript:", "data:text/html,",
    "[x](", ")", "<", ">", '"', "'", "=", " onclick=", " style=", "expression(", "url(", "&lt;", "&amp;",
    "&#60;", "\u202e", "\u202d", "https://ex\u0430mple.org", "](https://evil.example.net)", "[example.org",
    "<iframe srcdoc=", "<style>", "`", "**", "\n",
]
hostile = st.lists(st.one_of(st.sampled_from(ATTACK_PIECES), texts), max_size=12).map("".join)
SAFE_SCHEMES = ("", "http", "https", "mailto", "tel")
_EXTRA = {"bdi": {"class", "dir", "lang"}, "span": {"class", "title", "dir", "lang"}, "a": {"rel"}}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


@given(hostile, st.sampled_from(["markdown", "text"]), st.sampled_from(["rtl", "ltr"]))
def test_page_text_never_produces_a_live_tag_attribute_or_url(text: str, fmt: str, direction: str) -> None:
    """What a translation becomes in a release page: only the allow-listed inline tags and attributes, links
    only to the web, mail or phone, never one that lies about its target, no bidi override."""
    out = finish(render_inline(text, fmt).html, direction, {"ltr": "en", "rtl": "ar"}, "removed")

    parser = _Collector()
    parser.feed(out)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, out)
        allowed = ALLOWED_ATTRIBUTES.get("*", set()) | ALLOWED_ATTRIBUTES.get(tag, set()) | _EXTRA.get(tag, set())
        for name, value in attrs:
            assert name in allowed, (tag, name, out)
            if name == "href":
                assert security.scheme(value or "") in SAFE_SCHEMES, (value, out)
    for href, inner in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', out, re.S):
        assert security.deceptive_link(html.unescape(re.sub(r"<[^>]+>", "", inner)), html.unescape(href)) is None
    assert "\u202e" not in out and "\u202d" not in out
    if fmt == "text":
        assume("<" in text)
        assert "<a" not in out  # plain text never makes markup at all


@given(hostile)
def test_security_checks_never_crash_and_agree_with_the_gate(text: str) -> None:
    found = security.unsafe_content("", text)
    assert found is None or found[0] in security.GATE_KINDS
    for finder in (security.html_findings, security.url_findings, security.link_findings):
        assert isinstance(finder(text), tuple)
