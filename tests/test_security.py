"""Hostile translations: `workflow check` flags them (unsafe-html, unsafe-url, link-homoglyph, bidi-override),
`build` refuses them in Markdown and text editions, HTML pages come out inert, and honest text is never flagged."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from conftest import DATA, REPO

from workflow.catalog import render_catalog
from workflow.checks import security
from workflow.checks.base import Catalog, Entry, Settings, run_checks
from workflow.checks.loader import load_catalog_view
from workflow.cli import main
from workflow.inline import ALLOWED_TAGS, finish, render_inline

ATTACKS = {
    # unsafe-html: markup that runs code or restyles the page
    "script": ("<script>alert(1)</script>نص", "unsafe-html"),
    "script, upper case": ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>نص", "unsafe-html"),
    "img onerror": ("<img src=x onerror=alert(1)>صورة", "unsafe-html"),
    "img OnError, mixed case": ("<IMG SRC=x OnError='alert(1)'>صورة", "unsafe-html"),
    "svg onload, slash separator": ("<svg/onload=alert(1)>نص", "unsafe-html"),
    "iframe srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "unsafe-html"),
    "style element": ("<style>body{display:none}</style>نص", "unsafe-html"),
    "CSS expression": ('<span style="width:expression(alert(1))">نص</span>', "unsafe-html"),
    "CSS url(javascript:)": ('<b style="background:url(javascript:alert(1))">نص</b>', "unsafe-html"),
    "form": ('<form action="https://evil.example/"><input name=p></form>', "unsafe-html"),
    "event handler on an allowed tag": ('<a href="https://example.org" onmouseover="alert(1)">نص</a>', "unsafe-html"),
    # unsafe-url: addresses that run code or read local files, however they are written
    "javascript: Markdown link": ("[الخريطة](javascript:alert(1))", "unsafe-url"),
    "javascript: HTML link": ('<a href="javascript:alert(1)">الخريطة</a>', "unsafe-url"),
    "hex entity in the scheme": ('<a href="jav&#x61;script:alert(1)">الخريطة</a>', "unsafe-url"),
    "decimal entity in the scheme": ("[الخريطة](&#106;avascript:alert(1))", "unsafe-url"),
    "&colon; for the colon": ("[الخريطة](javascript&colon;alert(1))", "unsafe-url"),
    "tab inside the scheme": ('<a href="java\tscript:alert(1)">الخريطة</a>', "unsafe-url"),
    "leading space and newline": ('<a href=" \njavascript:alert(1)">الخريطة</a>', "unsafe-url"),
    "mixed case scheme, angle brackets": ("[الخريطة](<JaVaScRiPt:alert(1)>)", "unsafe-url"),
    "unquoted attribute": ("<a href=javascript:alert(1)>الخريطة</a>", "unsafe-url"),
    "vbscript:": ("[الخريطة](vbscript:msgbox(1))", "unsafe-url"),
    "data: in an image": ("![صورة](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "unsafe-url"),
    "data: autolink": ("<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>", "unsafe-url"),
    "script inside a broken autolink": ("<data:text/html,<script>alert(1)</script>>", "unsafe-html"),
    "reference definition": ("[الخريطة][m]\n\n[m]: javascript:alert(1)", "unsafe-url"),
    "file: link": ("[الملف](file:///etc/passwd)", "unsafe-url"),
    # link-homoglyph: links that lie about where they go
    "text shows another domain (Markdown)": ("[example.org](https://evil.example.net/login)", "link-homoglyph"),
    "text shows another URL (HTML)": ('<a href="https://evil.example.net">https://example.org</a>', "link-homoglyph"),
    "Cyrillic а in a domain": ("[الموقع](https://ex\u0430mple.org)", "link-homoglyph"),
    "Greek ο in a bare URL": ("زوروا https://g\u03bf\u03bfgle.com اليوم", "link-homoglyph"),
    "punycode of a mixed-script domain": ("[الموقع](https://xn--exmple-4nf.org)", "link-homoglyph"),
    # bidi-override: Trojan Source
    "right-to-left override": ("فاتورة \u202e123\u202c", "bidi-override"),
    "left-to-right override": ("فاتورة \u202d١٢٣\u202c", "bidi-override"),
}

HONEST = [
    ("See [the map](https://example.org/map).", "انظر [الخريطة](https://example.org/map)."),
    (
        'Read <b>this</b> and <a href="https://example.org">that</a>.',
        'اقرأ <b>هذا</b> و<a href="https://example.org">ذاك</a>.',
    ),
    ("Write to [us](mailto:info@example.org).", "راسلونا على [العنوان](mailto:info@example.org)."),
    ("Call [the office](tel:+963211234567).", "اتصلوا [بالمكتب](tel:+963211234567)."),
    ("See [the annex](annex.md#water).", "انظر [الملحق](annex.md#water)."),
    ("See [www.example.org](https://www.example.org/x).", "انظر [www.example.org](https://www.example.org/x)."),
    (
        "Download [report.pdf](https://example.org/files/report.pdf).",
        "نزّلوا [report.pdf](https://example.org/files/report.pdf).",
    ),
    ("The site example.org has it.", "الموقع مثال.السعودية وexample.org فيهما ذلك."),
    ("Type &lt;script&gt; to see it.", "اكتبوا &lt;script&gt; لتروه."),
    ("Use <code>x<y</code>.", "استخدموا <code>x<y</code>."),
    (
        'A source may <span style="color:red">style</span> text.',
        'يمكن للمصدر <span style="color:red">تنسيق</span> النص.',
    ),
    ("Isolate \u2066WhatsApp\u2069 runs.", "اعزلوا \u2066WhatsApp\u2069 هكذا."),
]


@pytest.mark.parametrize("name", ATTACKS)
def test_each_attack_is_found_by_its_check(name: str) -> None:
    translation, kind = ATTACKS[name]

    assert security.unsafe_content("The map.", translation) is not None
    assert security.unsafe_content("The map.", translation)[0] == kind  # type: ignore[index]


@pytest.mark.parametrize(("source", "translation"), HONEST)
def test_honest_translations_are_not_flagged(source: str, translation: str) -> None:
    """Markup and links the source has may come back; web, mail and phone links, file names, IDN domains are fine."""
    assert security.unsafe_content(source, translation) is None
    entry = Entry(msgid=source, msgstr=translation, line=1)
    catalog = Catalog("x.po", "ar", "en", (entry,))
    assert run_checks(catalog, Settings(), security.CHECKS) == []


def test_the_sample_and_third_party_catalogs_raise_no_security_finding() -> None:
    paths = [*sorted((REPO / "locale").rglob("*.po")), *sorted((DATA / "thirdparty").rglob("*.po"))]
    assert len(paths) >= 4
    for path in paths:
        catalog = load_catalog_view(path, path.name)
        problems = run_checks(catalog, Settings(), security.CHECKS)
        assert problems == [], (path, problems[:3])


def test_the_checks_are_registered_with_a_description_and_severity() -> None:
    from workflow.checks.suite import ALL_CHECKS

    ids = {check.id: check for check in ALL_CHECKS}
    for name in ("unsafe-html", "unsafe-url", "link-homoglyph", "bidi-override"):
        assert ids[name].severity.value == "error" and ids[name].description


# --- Through the commands: check flags, build refuses Markdown, HTML is inert, release stops ---------------------


def hostile_project(root: Path) -> dict[str, str]:
    """report.md with one paragraph per attack, and an Arabic catalog translating each by its attack."""
    names = list(ATTACKS)
    sources = {name: f"Paragraph {index} about the water network." for index, name in enumerate(names, start=1)}
    root.mkdir(parents=True)
    (root / "report.md").write_text("# Water\n\n" + "\n\n".join(sources.values()) + "\n", "utf-8")
    (root / "workflow.toml").write_text('sources = ["report.md"]\nlanguages = ["ar"]\n', "utf-8")
    assert invoke(root, "update").exit_code == 0
    path = root / "locale/ar/LC_MESSAGES/report.po"
    catalog = polib.pofile(str(path), wrapwidth=79)
    by_source = {source: ATTACKS[name][0] for name, source in sources.items()}
    for entry in catalog:
        entry.msgstr = by_source.get(entry.msgid, "المياه")
    path.write_bytes(render_catalog(catalog))
    return sources


def invoke(root: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.mark.invalid_catalogs  # msgfmt --check is fine with them; this only spares the autouse check the time
def test_check_flags_every_attack_at_its_entry(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    hostile_project(root)

    result = invoke(root, "check")

    assert result.exit_code == 3
    found = re.findall(r"^locale/ar/LC_MESSAGES/report\.po:(\d+): error: .*\[([a-z-]+)\]$", result.stdout, re.M)
    catalog = polib.pofile(str(root / "locale/ar/LC_MESSAGES/report.po"))
    line_of = {entry.msgstr: str(entry.linenum) for entry in catalog}
    for name, (translation, kind) in ATTACKS.items():
        assert (line_of[translation], kind) in found, name


def test_build_refuses_them_in_a_markdown_edition_and_falls_back_to_the_source(tmp_path: Path) -> None:
    """A Markdown edition is rendered by whoever publishes it: an unsafe translation is refused like a
    missing one, and with --allow-missing the source text stands in for it."""
    root = tmp_path / "hostile"
    sources = hostile_project(root)

    refused = invoke(root, "build")

    assert refused.exit_code == 3
    kinds = re.findall(r"^report\.md:\d+: error: unsafe translation .*\[([a-z-]+)\]$", refused.stderr, re.M)
    assert sorted(kinds) == sorted(kind for _, kind in ATTACKS.values())
    assert not (root / "build/ar/report.md").exists()

    allowed = invoke(root, "build", "--allow-missing")

    assert allowed.exit_code == 0, allowed.stderr
    edition = (root / "build/ar/report.md").read_text("utf-8")
    assert edition == "# المياه\n\n" + "\n\n".join(sources.values()) + "\n"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(page: str, template_tags: set[str]) -> None:
    """No element a translation could add runs code, restyles the page, or links anywhere but the web."""
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.elements:
        assert tag in template_tags | ALLOWED_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on") and name not in ("style", "srcdoc"), (tag, name)
            if name in ("href", "src"):
                assert security.scheme(value or "") in ("", "http", "https", "mailto", "tel"), (tag, value)
    anchors = re.findall(r"<a\b[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>", page, re.S)
    for href, text in anchors:
        assert security.deceptive_link(re.sub(r"<[^>]+>", "", text), href) is None, (href, text)
    assert "\u202e" not in page and "\u202d" not in page


def test_html_pages_come_out_inert(tmp_path: Path) -> None:
    """build --format html runs no checks: the page itself is safe (sanitized, overrides marked, lying links
    turned into text)."""
    root = tmp_path / "hostile"
    hostile_project(root)

    result = invoke(root, "build", "--format", "html")

    assert result.exit_code == 0, result.stderr
    page = (root / "build/ar/report.html").read_text("utf-8")
    template = {"html", "head", "meta", "title", "style", "body", "header", "nav", "main", "article", "h1", "h2", "p",
                "div", "ul", "li", "footer", "section"}
    assert page.count("<style>") == 1 and "<script" not in page.lower()
    assert_inert(page[page.index("<body"):], template - {"style", "meta", "title", "head", "html"})
    # The Markdown links that lie, shown as text (raw HTML links are shown as text already).
    assert page.count('class="link-removed"') == 3


def test_release_stops_on_them(tmp_path: Path) -> None:
    root = tmp_path / "hostile"
    hostile_project(root)

    result = invoke(root, "release", "--allow-missing")

    assert result.exit_code == 3
    kinds = set(re.findall(r"\[([a-z-]+)\]$", result.stderr, re.M))
    assert {"unsafe-html", "unsafe-url", "link-homoglyph", "bidi-override"} <= kinds
    assert not (root / "build").exists()


@pytest.mark.parametrize("name", ATTACKS)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_inline_rendering_of_each_attack_is_inert(name: str, fmt: str) -> None:
    html = finish(render_inline(ATTACKS[name][0], fmt).html, "rtl", {"ltr": "en"}, "removed")
    assert_inert(html, set())


@pytest.mark.parametrize("piece", ["<a", '<a "', "<a href=x>", "a<a href=x>", "[x](", "https://", "<b>", "x" * 50])
def test_the_checks_take_linear_time_on_hostile_text(piece: str) -> None:
    """Every '<' starts a tag and every '[' a link: a translation of 200,000 of them still takes well under
    a second (each was minutes before the scanners were made linear)."""
    import time

    text = piece * (200_000 // len(piece)) + ("<" if piece.startswith("x") else "")
    start = time.perf_counter()
    for finder in (security.html_findings, security.url_findings, security.link_findings):
        finder(text)
    assert time.perf_counter() - start < 5
