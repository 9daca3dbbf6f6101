"""The released pages in a real browser (Debian's Chromium driven by playwright, no browser download) and
the printed PDFs read back with poppler: direction, alignment, column order, fonts, bidi, overflow.

These tests never skip: without Chromium, the fonts or pdftotext they fail and say what to install.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from conftest import REPO, Run
from test_release import ALEPPO, make_field_notes
from workflow.cli import main
from workflow.release import print_pdf

CHROMIUM = "/usr/bin/chromium"
INSTALL = (
    "run the install step of .ci/run (apt-get install -y --no-install-recommends "
    "chromium fonts-noto-core fonts-hosny-amiri poppler-utils)"
)
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARABIC_FONTS = {"Noto Naskh Arabic", "Amiri"}


def _require(path: str, what: str) -> None:
    if not Path(path).exists() and not shutil.which(path):
        pytest.fail(f"{what} ({path}) is missing: {INSTALL}")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample release and the field-notes release, built once through the CLI."""
    sample = tmp_path_factory.mktemp("sample")
    shutil.copy(REPO / "pyproject.toml", sample / "pyproject.toml")
    shutil.copytree(REPO / "seeds", sample / "seeds")
    shutil.copytree(REPO / "locale", sample / "locale")
    notes = make_field_notes(tmp_path_factory.mktemp("notes") / "notes")
    for root, config in ((sample, "pyproject.toml"), (notes, "workflow.toml")):
        result = CliRunner().invoke(main, ["--config", str(root / config), "release"])
        assert result.exit_code == 0, result.output
    return {"sample": sample / "build" / "site", "notes": notes / "build" / "site"}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def open_page(page: object, path: Path) -> object:
    page.goto(path.as_uri())  # type: ignore[attr-defined]
    return page


ARABIC_PAGES = [
    ("sample", f"ar/{ALEPPO}.html"),
    ("sample", "ar/udhr.html"),
    ("sample", f"{ALEPPO}.bilingual.html"),
    ("sample", "udhr.bilingual.html"),
    ("sample", "ar/index.html"),
    ("notes", "ar/field-notes.html"),
    ("notes", "field-notes.bilingual.html"),
]

_BLOCKS_JS = """
() => Array.from(document.querySelectorAll('main :is(p, h1, h2, h3, h4, h5, h6, li, blockquote, td, th, .cell)'))
  .filter(e => (e.closest('[lang]')?.getAttribute('lang') || '').startsWith('ar'))
  .map(e => {
    const style = getComputedStyle(e);
    return {tag: e.tagName, text: e.textContent.slice(0, 30), direction: style.direction,
            align: style.textAlign, cls: e.className};
  })
"""


@pytest.mark.parametrize(("site", "path"), ARABIC_PAGES)
def test_every_arabic_block_is_right_to_left_and_start_aligned(
    page: object, sites: dict[str, Path], site: str, path: str
) -> None:
    blocks = open_page(page, sites[site] / path).evaluate(_BLOCKS_JS)  # type: ignore[attr-defined]

    assert len(blocks) >= 3
    wrong = [
        b for b in blocks
        if b["direction"] != "rtl" or (b["align"] not in ("start", "right") and not b["cls"].startswith("align-"))
    ]
    assert wrong == []


_COLUMNS_JS = """
() => Array.from(document.querySelectorAll('.pair')).map(pair => {
  const ar = pair.querySelector(':scope > [lang|="ar"]').getBoundingClientRect();
  const en = pair.querySelector(':scope > [lang|="en"]').getBoundingClientRect();
  return {arLeft: ar.left, arRight: ar.right, enLeft: en.left, enRight: en.right, id: pair.id};
})
"""


@pytest.mark.parametrize(
    ("site", "path"),
    [("sample", f"{ALEPPO}.bilingual.html"), ("sample", "udhr.bilingual.html"), ("notes", "field-notes.bilingual.html")],
)
def test_arabic_column_is_right_of_the_english_one(page: object, sites: dict[str, Path], site: str, path: str) -> None:
    pairs = open_page(page, sites[site] / path).evaluate(_COLUMNS_JS)  # type: ignore[attr-defined]

    assert len(pairs) > 5
    assert [p for p in pairs if not p["arLeft"] >= p["enRight"] > p["enLeft"] >= 0] == []


def _fonts(page: object, selector: str) -> dict[str, int]:
    client = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize(
    ("site", "path", "selector"),
    [
        ("sample", f"ar/{ALEPPO}.html", "article > p"),
        ("sample", f"{ALEPPO}.bilingual.html", ".pair.paragraph > .cell[lang=ar] > p"),
        ("sample", "ar/udhr.html", "article > p"),
    ],
)
def test_the_arabic_font_is_really_used(page: object, sites: dict[str, Path], site: str, path: str, selector: str) -> None:
    fonts = _fonts(open_page(page, sites[site] / path), selector)

    main_font = max(fonts, key=fonts.__getitem__)
    assert main_font in ARABIC_FONTS, f"{fonts}; if no Arabic font is installed: {INSTALL}"


def test_english_text_keeps_its_latin_font_beside_arabic(page: object, sites: dict[str, Path]) -> None:
    fonts = _fonts(open_page(page, sites["sample"] / "udhr.bilingual.html"), ".pair.paragraph > .cell[lang=en] > p")

    assert max(fonts, key=fonts.__getitem__) == "Noto Serif"


_RECT_JS = """
([selector, needle]) => {
  const scope = document.querySelector(selector);
  const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + needle.length);
      const r = range.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }
  }
  return null;
}
"""


@dataclass(frozen=True)
class Box:
    left: float
    right: float
    top: float
    bottom: float


def _box(page: object, selector: str, needle: str) -> Box:
    found = page.evaluate(_RECT_JS, [selector, needle])  # type: ignore[attr-defined]
    assert found is not None, f"{needle!r} not found in {selector}"
    return Box(**found)


def _same_line(*boxes: Box) -> bool:
    return max(b.top for b in boxes) < min(b.bottom for b in boxes)


def _reads_before_in_rtl(first: Box, second: Box) -> bool:
    """In right-to-left text: on the same line and to the right, or on an earlier line."""
    if _same_line(first, second):
        return first.left >= second.right
    return first.bottom <= second.top


def test_isolated_runs_render_in_logical_order_in_arabic(page: object, sites: dict[str, Path]) -> None:
    open_page(page, sites["notes"] / "ar/field-notes.html")
    first = "article > p"

    plus, last = _box(page, first, "+963"), _box(page, first, "4567")
    assert _same_line(plus, last) and plus.right < last.left  # +963 21 123 4567, not 4567 123 21 963+
    assert _reads_before_in_rtl(_box(page, first, "على"), plus)
    syria, hope = _box(page, first, "Syria"), _box(page, first, "Hope")
    assert _same_line(syria, hope) and syria.right < hope.left
    assert _reads_before_in_rtl(_box(page, first, "بفريق"), syria)  # بفريق ← Syria Hope ← في حلب
    assert _reads_before_in_rtl(hope, _box(page, first, "في حلب"))
    one, rest = _box(page, "article li", "1,"), _box(page, "article li", "250")
    attended = _box(page, "article li", "حضر")
    assert one.left < rest.left < attended.left


def test_isolated_arabic_phrase_split_by_markup_reads_right_to_left_in_english(
    page: object, sites: dict[str, Path]
) -> None:
    open_page(page, sites["notes"] / "en/field-notes.html")
    last = "article > p:last-of-type"

    slogan, was = _box(page, last, "slogan"), _box(page, last, "was")
    peace, civil, lasting = _box(page, last, "السلم"), _box(page, last, "الأهلي"), _box(page, last, "المستدام")
    assert _same_line(slogan, was, peace, civil, lasting)
    assert slogan.right < lasting.left < civil.left < peace.left < was.left


def test_phone_numbers_are_isolated_and_never_wrap(page: object, sites: dict[str, Path]) -> None:
    styles = open_page(page, sites["notes"] / "ar/field-notes.html").evaluate(  # type: ignore[attr-defined]
        "() => Array.from(document.querySelectorAll('bdi')).map(e => [e.className, getComputedStyle(e).unicodeBidi,"
        " getComputedStyle(e).whiteSpace])"
    )

    assert ["tel", "isolate", "nowrap"] in styles
    assert all(bidi == "isolate" for _, bidi, _ in styles)


def _all_pages(sites: dict[str, Path]) -> list[Path]:
    return sorted(path for site in sites.values() for path in site.rglob("*.html"))


@pytest.mark.parametrize("width", [375, 1280])
def test_no_page_overflows_horizontally(page: object, sites: dict[str, Path], width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    overflowing = []
    pages = _all_pages(sites)
    for path in pages:
        sizes = open_page(page, path).evaluate(  # type: ignore[attr-defined]
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if sizes[0] > sizes[1]:
            overflowing.append((path.name, sizes))

    assert len(pages) == 18
    assert overflowing == []


# PDF: word positions read back with poppler


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    page: int


def pdf_words(pdf: Path) -> list[Word]:
    _require("pdftotext", "poppler's pdftotext")
    result = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    pattern = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')
    return [
        Word(html.unescape(text), float(x), float(y), number)
        for number, page in enumerate(result.stdout.split("<page ")[1:], start=1)
        for x, y, text in pattern.findall(page)
    ]


def phrase_positions(words: list[Word], phrase: str) -> list[float]:
    """The x positions of the phrase's words, in the phrase's (logical) order, found side by side on one
    line. pdftotext lists a line's words left to right, Arabic letters in visual order too."""
    wanted = phrase.split()
    lines: dict[tuple[int, float], list[Word]] = {}
    for word in words:
        lines.setdefault((word.page, round(word.top)), []).append(word)
    for line in lines.values():
        ordered = sorted(line, key=lambda w: w.left)
        texts = [w.text.strip("«»().,،:") for w in ordered]
        for start in range(len(texts) - len(wanted) + 1):
            window = texts[start : start + len(wanted)]
            for candidate in (window, window[::-1]):
                if all(t == w or t[::-1] == w for t, w in zip(candidate, wanted)):
                    boxes = ordered[start : start + len(wanted)]
                    boxes = boxes if candidate is window else boxes[::-1]
                    return [box.left for box in boxes]
    raise AssertionError(f"{phrase!r} not found on one line in {len(words)} words")


def test_pdf_editions_keep_arabic_word_order(tmp_path: Path, run: Run) -> None:
    _require(CHROMIUM, "Chromium")
    project = make_field_notes(tmp_path / "notes")

    result = run("release", "--pdf", cwd=project)

    assert result.exit_code == 0, result.stderr
    site = project / "build" / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf")) == [
        "ar/field-notes.pdf", "en/field-notes.pdf", "field-notes.bilingual.pdf",
    ]
    arabic = pdf_words(site / "ar/field-notes.pdf")
    for phrase in ("ملاحظات ميدانية من حلب", "اقتباس من الجلسة"):
        xs = phrase_positions(arabic, phrase)
        assert xs == sorted(xs, reverse=True), (phrase, xs)  # right to left
    name = phrase_positions(arabic, "Syria Hope")
    assert name == sorted(name)  # the English name inside stays left to right
    english = pdf_words(site / "en/field-notes.pdf")
    slogan = phrase_positions(english, "السلم الأهلي المستدام")  # bold in the middle: WeasyPrint reverses this
    assert slogan == sorted(slogan, reverse=True), slogan
    bilingual = pdf_words(site / "field-notes.bilingual.pdf")
    assert phrase_positions(bilingual, "ملاحظات ميدانية من حلب")[0] > phrase_positions(bilingual, "Field notes")[0]


def test_pdf_of_the_sample_arabic_edition(sites: dict[str, Path], tmp_path: Path) -> None:
    _require(CHROMIUM, "Chromium")
    pdf = tmp_path / "aleppo.pdf"

    print_pdf(CHROMIUM, sites["sample"] / f"ar/{ALEPPO}.html", pdf)

    words = pdf_words(pdf)
    for phrase in ("حلب تستضيف الجلسة الحوارية السابعة", "مسار تراكمي لا مجرد"):
        xs = phrase_positions(words, phrase)
        assert xs == sorted(xs, reverse=True), (phrase, xs)
