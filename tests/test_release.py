"""``workflow release`` and ``build --format html``: the gate, the pages, safety, dates; all through the CLI
on copies of real projects (the sample, and a small Markdown report with names, numbers and a phone)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest

from conftest import DATA, Run
from workflow.bidi import Element, iter_elements, parse_fragment, text_content
from workflow.inline import render_inline, sanitize_html
from workflow.layout import document_blocks
from workflow.segment import SplitOptions, split_document

ALEPPO = "aleppo-civil-peace-dialogue"
FOLLOW_UP = "aleppo-dialogue-follow-up"
FIELD_NOTES = DATA / "release" / "field-notes.md"
FIELD_NOTES_AR = {
    "Field notes from Aleppo": "ملاحظات ميدانية من حلب",
    "The **Rights Defense Initiative** met the Syria Hope team in Aleppo. Call +963 21 123 4567 for details.":
        "التقت **Rights Defense Initiative** بفريق Syria Hope في حلب. للتفاصيل اتصلوا على +963 21 123 4567.",
    "Numbers": "أرقام",
    "1,250 participants attended.": "حضر 1,250 مشاركاً.",
    "75.5% answered yes.": "أجاب 75.5% بنعم.",
    "City": "المدينة",
    "Participants": "المشاركون",
    "Aleppo": "حلب",
    "A quote from the session.": "اقتباس من الجلسة.",
    "Visit https://example.org/report for more.": "للمزيد زوروا https://example.org/report.",
    "The slogan السلم **الأهلي** المستدام was painted on every wall.":
        "كان شعار «السلم **الأهلي** المستدام» مرسوماً على كل جدار.",
}
FIELD_NOTES_CONFIG = """\
sources = ["reports/*.md"]
languages = ["ar", "en"]
project = "field notes"

[checks]
keep = ["Rights Defense Initiative", "Syria Hope"]
"""
SITE_PAGES = {
    "index.html", "en/index.html", "ar/index.html",
    f"en/{ALEPPO}.html", f"ar/{ALEPPO}.html", f"{ALEPPO}.bilingual.html",
    "ar/udhr.html", "en/udhr.html", "udhr.bilingual.html",
    f"en/{FOLLOW_UP}.html", f"ar/{FOLLOW_UP}.html", f"{FOLLOW_UP}.bilingual.html",
}


def make_field_notes(root: Path, run: Run | None = None, translations: dict[str, str] | None = None,
                     config: str = FIELD_NOTES_CONFIG) -> Path:
    """A project with one English Markdown report and a complete Arabic catalog."""
    from click.testing import CliRunner

    from workflow.cli import main

    (root / "reports").mkdir(parents=True)
    (root / "workflow.toml").write_text(config, encoding="utf-8")
    shutil.copy(FIELD_NOTES, root / "reports" / "field-notes.md")
    result = CliRunner().invoke(main, ["--config", str(root / "workflow.toml"), "update", "-l", "ar"])
    assert result.exit_code == 0, result.output
    fill_catalog(root / "locale/ar/LC_MESSAGES/field-notes.po", translations or FIELD_NOTES_AR)
    return root


def fill_catalog(path: Path, translations: dict[str, str]) -> None:
    catalog = polib.pofile(str(path), wrapwidth=79)
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalog.save()


def set_release_table(pyproject: Path, body: str) -> None:
    """Give the sample project a ``[tool.workflow.release]`` table (replacing one it may already have)."""
    text = pyproject.read_text("utf-8")
    text = re.sub(r"(?ms)^\[tool\.workflow\.release\]\n.*?(?=^\[|\Z)", "", text)
    pyproject.write_text(text.rstrip("\n") + "\n\n[tool.workflow.release]\n" + body, encoding="utf-8")


def site_files(project: Path) -> set[str]:
    site = project / "build" / "site"
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def html_root(page: Path) -> str:
    match = re.search(r"<html [^>]*>", page.read_text("utf-8"))
    assert match
    return match.group()


# The sample release, end to end


def test_sample_release_writes_every_page(project: Path, run: Run) -> None:
    result = run("release", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert site_files(project) == SITE_PAGES
    assert sorted(result.stdout.splitlines()) == sorted(f"wrote: build/site/{page}" for page in SITE_PAGES)
    assert result.stderr == "released 3 report(s) to build/site/\n"
    site = project / "build" / "site"
    assert html_root(site / f"ar/{ALEPPO}.html") == '<html lang="ar" dir="rtl">'
    assert html_root(site / f"en/{ALEPPO}.html") == '<html lang="en" dir="ltr">'
    assert html_root(site / "en/udhr.html") == '<html lang="en" dir="ltr">'
    arabic = (site / f"ar/{ALEPPO}.html").read_text("utf-8")
    assert "<title>حلب تستضيف الجلسة الحوارية السابعة" in arabic
    assert '<h2 id="s8">السلم الأهلي: مسار تراكمي' in arabic
    assert "Scroll to Top" not in arabic
    assert '"Noto Naskh Arabic", "Amiri", "Noto Serif"' in arabic
    assert not (project / "build" / "ar").exists()  # the gate's scratch build is not left behind


def test_second_release_changes_no_file(project: Path, run: Run) -> None:
    run("release", cwd=project)
    site = project / "build" / "site"
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}

    result = run("release", cwd=project)

    assert result.exit_code == 0
    assert set(result.stdout.splitlines()) == {f"unchanged: build/site/{page}" for page in SITE_PAGES}
    assert {path: path.stat().st_mtime_ns for path in site.rglob("*.html")} == before


def test_bilingual_pages_align_block_by_block_with_arabic_on_the_right(project: Path, run: Run) -> None:
    run("release", cwd=project)
    site = project / "build" / "site"

    for page, blocks in ((f"{ALEPPO}.bilingual.html", 16), ("udhr.bilingual.html", 91)):
        root = parse_fragment((site / page).read_text("utf-8"))
        pairs = [e for e in iter_elements(root) if e.tag == "div" and "pair" in (e.get("class") or "").split()]
        rows = [pair for pair in pairs if "pair-head" not in (pair.get("class") or "")]
        assert len(rows) == blocks
        for pair in pairs:
            cells = [child for child in pair.children if isinstance(child, Element)]
            assert [(c.get("lang"), c.get("dir")) for c in cells if "right" in (c.get("class") or "")] == [("ar", "rtl")]
            assert [(c.get("lang"), c.get("dir")) for c in cells if "left" in (c.get("class") or "")] == [("en", "ltr")]
        kinds = [(pair.get("class") or "").split()[1] for pair in rows[:4]]
        assert kinds == ["heading", "paragraph", "paragraph", "heading"] if page.startswith(ALEPPO) else kinds


def test_index_lists_reports_languages_and_completeness_in_each_language(project: Path, run: Run) -> None:
    run("release", cwd=project)
    site = project / "build" / "site"

    english = (site / "en/index.html").read_text("utf-8")
    arabic = (site / "ar/index.html").read_text("utf-8")

    assert "<th>Arabic (العربية)</th>" in english and "<th>English</th>" in english
    assert "<th>الإنجليزية (English)</th>" in arabic and "<th>العربية</th>" in arabic
    assert english.count(">100% translated<") == 3 and english.count(">Original<") == 3
    assert arabic.count("مترجم بنسبة") == 3 and arabic.count("النص الأصلي") == 3
    assert f'href="../{ALEPPO}.bilingual.html"' in arabic and f'href="{ALEPPO}.html"' in arabic
    assert html_root(site / "index.html") == '<html lang="en" dir="ltr">'  # the source language's
    assert f'href="ar/{ALEPPO}.html"' in (site / "index.html").read_text("utf-8")


# The gate


@pytest.mark.parametrize("kind", ["missing", "fuzzy", "stale"])
def test_gate_stops_the_release_and_writes_nothing(project: Path, run: Run, kind: str) -> None:
    catalog_file = project / f"locale/ar/LC_MESSAGES/{ALEPPO}.po"
    catalog = polib.pofile(str(catalog_file), wrapwidth=79)
    entry = next(e for e in catalog if e.msgid.startswith("Departing from"))
    if kind == "missing":
        entry.msgstr = ""
    elif kind == "fuzzy":
        entry.flags.append("fuzzy")
    catalog.save()
    if kind == "stale":
        source = project / "seeds" / f"{ALEPPO}.txt"
        source.chmod(0o644)
        source.write_text(source.read_text("utf-8") + "\nA paragraph added after the last update.\n", "utf-8")

    result = run("release", cwd=project)

    assert result.exit_code == 3
    assert "error: " in result.stderr and f"[{kind}]" in result.stderr
    assert f"not released: seeds/{ALEPPO}.txt" in result.stderr
    assert "nothing was written" in result.stderr
    assert result.stdout == ""
    assert not (project / "build").exists()


def test_allow_missing_publishes_the_source_text_visibly_marked(project: Path, run: Run) -> None:
    catalog_file = project / f"locale/ar/LC_MESSAGES/{ALEPPO}.po"
    catalog = polib.pofile(str(catalog_file), wrapwidth=79)
    entry = next(e for e in catalog if e.msgid.startswith("Departing from"))
    entry.msgstr = ""
    catalog.save()

    result = run("release", "--allow-missing", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert f"seeds/{ALEPPO}.txt:5: warning: missing translation" in result.stderr
    page = (project / f"build/site/ar/{ALEPPO}.html").read_text("utf-8")
    assert (
        '<p><span class="untranslated" lang="en" dir="ltr" title="لم يُترجم بعد: يظهر النص الأصلي باللغة الإنجليزية.">'
        "Departing from the traditional format" in page
    )
    percent = 'مترجم بنسبة <bdi class="number" dir="ltr">93.8%</bdi>'  # 15 of 16 segments, isolated
    assert percent in page
    assert percent in (project / "build/site/ar/index.html").read_text("utf-8")


def test_sentence_granularity_marks_only_the_missing_sentence(tmp_path: Path, run: Run) -> None:
    config = FIELD_NOTES_CONFIG.replace('project = "field notes"\n', 'project = "field notes"\nsegmentation = "sentence"\n')
    translations = {**FIELD_NOTES_AR, "The **Rights Defense Initiative** met the Syria Hope team in Aleppo.":
                    "التقت **Rights Defense Initiative** بفريق Syria Hope في حلب."}
    project = make_field_notes(tmp_path / "notes", translations=translations, config=config)

    result = run("release", "--allow-missing", cwd=project)

    assert result.exit_code == 0, result.stderr
    page = (project / "build/site/ar/field-notes.html").read_text("utf-8")
    assert re.search(
        r'<p>التقت <strong><bdi[^>]*>Rights Defense Initiative</bdi></strong> بفريق <bdi[^>]*>Syria Hope</bdi> في حلب\. '
        r'<span class="untranslated" lang="en" dir="ltr" title="[^"]+">Call <bdi class="tel" dir="ltr">'
        r"\+963 21 123 4567</bdi> for details\.</span></p>",
        page,
    ), page


def test_error_found_by_the_checks_stops_the_release(tmp_path: Path, run: Run) -> None:
    # A bidi override is never right in prose (Trojan Source); `workflow check` reports it as an error.
    project = make_field_notes(tmp_path / "notes", translations={**FIELD_NOTES_AR, "Numbers": "أرقام \u202e321\u202c"})

    result = run("release", cwd=project)

    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors and all(line.startswith("locale/ar/LC_MESSAGES/field-notes.po:") for line in errors)
    assert not any(f"[{kind}]" in line for line in errors for kind in ("missing", "fuzzy", "stale"))
    assert not (project / "build").exists()


def test_release_json_lists_reports_pages_and_problems(project: Path, run: Run) -> None:
    result = run("release", "--json", cwd=project)

    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["site"] == "build/site" and data["pdfs"] == []
    assert {(r["report"], r["language"], r["percent"], r["released"]) for r in data["reports"]} == {
        (f"seeds/{ALEPPO}.txt", "ar", 100.0, True),
        (f"seeds/{FOLLOW_UP}.txt", "ar", 100.0, True),
        ("seeds/udhr.ar.md", "en", 100.0, True),
    }
    assert {page["path"] for page in data["pages"]} == {f"build/site/{page}" for page in SITE_PAGES}


def test_naming_files_releases_only_them_and_leaves_the_index_alone(project: Path, run: Run) -> None:
    result = run("release", f"seeds/{ALEPPO}.txt", cwd=project)

    assert result.exit_code == 0
    assert site_files(project) == {f"en/{ALEPPO}.html", f"ar/{ALEPPO}.html", f"{ALEPPO}.bilingual.html"}


# Localized metadata


def test_dates_from_front_matter_in_each_language_with_levantine_months_and_arabic_digits(
    tmp_path: Path, run: Run
) -> None:
    config = FIELD_NOTES_CONFIG + '\n[release]\ndigits = "arab"\nlocales = { ar = "ar_SY" }\n'
    project = make_field_notes(tmp_path / "notes", config=config)

    result = run("release", cwd=project)

    assert result.exit_code == 0, result.stderr
    site = project / "build" / "site"
    assert "<span>Published November 1, 2025</span>" in (site / "en/field-notes.html").read_text("utf-8")
    assert "<span>نُشر في ١ تشرين الثاني ٢٠٢٥</span>" in (site / "ar/field-notes.html").read_text("utf-8")
    assert "مترجم بنسبة ١٠٠٪" in (site / "ar/index.html").read_text("utf-8")


def test_dates_from_the_release_settings_with_western_digits(project: Path, run: Run) -> None:
    set_release_table(
        project / "pyproject.toml",
        f'dates = {{ {ALEPPO} = 2025-11-01 }}\ndate = "1948-12-10"\nlocales = {{ ar = "ar" }}\n',  # CLDR's month names
    )

    result = run("release", cwd=project)

    assert result.exit_code == 0, result.stderr
    site = project / "build" / "site"
    assert "<span>نُشر في 1 نوفمبر 2025</span>" in (site / f"ar/{ALEPPO}.html").read_text("utf-8")
    assert "<span>Published December 10, 1948</span>" in (site / "en/udhr.html").read_text("utf-8")
    assert "<span>نُشر في 10 ديسمبر 1948</span>" in (site / "ar/udhr.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = 1\n", "unknown setting 'colour' in [tool.workflow.release] (known: date, dates, digits, locales)"),
        ('digits = "roman"\n', "'digits' in [tool.workflow.release] must be 'latn' or 'arab', not 'roman'"),
        ('date = "soon"\n', "'date' must be a date such as 2025-11-01, not 'soon'"),
        ('locales = { ar = "xx" }\n', "unknown language code 'xx'"),
    ],
)
def test_bad_release_settings_are_named(project: Path, run: Run, body: str, message: str) -> None:
    set_release_table(project / "pyproject.toml", body)

    result = run("release", cwd=project)

    assert result.exit_code == 1
    assert result.stderr == f"pyproject.toml: error: {message}\n"


# PDF without Chromium


def test_pdf_without_chromium_writes_the_html_and_says_how_to_install_it(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    result = run("release", "--pdf", cwd=project)

    assert result.exit_code == 1
    assert "error: cannot print PDFs: 'chromium' is not on PATH" in result.stderr
    assert "apt-get install chromium fonts-noto-core fonts-hosny-amiri" in result.stderr
    assert site_files(project) == SITE_PAGES


# build --format html


def test_build_format_html_writes_standalone_edition_pages(project: Path, run: Run) -> None:
    result = run("build", "--format", "html", cwd=project)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"wrote: build/ar/{ALEPPO}.html\nwrote: build/ar/{FOLLOW_UP}.html\nwrote: build/en/udhr.html\n"
    assert sorted(p.relative_to(project / "build").as_posix() for p in (project / "build").rglob("*") if p.is_file()) \
        == [f"ar/{ALEPPO}.html", f"ar/{FOLLOW_UP}.html", "en/udhr.html"]
    page = (project / f"build/ar/{ALEPPO}.html").read_text("utf-8")
    assert html_root(project / f"build/ar/{ALEPPO}.html") == '<html lang="ar" dir="rtl">'
    assert "<nav" not in page  # a standalone page: no links to a site that is not there


def test_build_format_html_keeps_the_gate(project: Path, run: Run) -> None:
    fill_catalog(project / f"locale/ar/LC_MESSAGES/{ALEPPO}.po", {"Civil Peace: A Cumulative Process, Not Merely a Strategy": ""})

    result = run("build", "--format", "html", "--json", cwd=project)

    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert [(p["kind"], p["line"]) for p in data["problems"]] == [("missing", 8)]
    assert not (project / f"build/ar/{ALEPPO}.html").exists()


# Safety: translations are untrusted

ATTACKS = {
    "Numbers": "<script>alert(1)</script>أرقام",
    "City": "<img src=x onerror=alert(1)>المدينة",
    "Participants": "[المشاركون](javascript:alert(1))",
    "Aleppo": '<a href="javascript:alert(1)">حلب</a>',
    "A quote from the session.": '<span style="background:url(javascript:alert(1))">اقتباس</span> من الجلسة.',
    "75.5% answered yes.": "أجاب \u202e%5.57\u202c بنعم.",
}


def test_hostile_translations_come_out_inert(tmp_path: Path, run: Run) -> None:
    project = make_field_notes(tmp_path / "notes", translations={**FIELD_NOTES_AR, **ATTACKS})

    result = run("build", "--format", "html", cwd=project)  # build runs no checks: the page itself must be safe

    assert result.exit_code == 0, result.stderr
    page = (project / "build/ar/field-notes.html").read_text("utf-8")
    body = page[page.index("<body") :]
    root = parse_fragment(body)
    elements = list(iter_elements(root))
    assert {e.tag for e in elements} <= {
        "body", "header", "nav", "a", "p", "span", "main", "article", "h1", "h2", "ul", "li", "div", "table",
        "thead", "tbody", "tr", "th", "td", "blockquote", "strong", "bdi",
    }
    for element in elements:
        for name, value in element.attrs:
            assert not name.startswith("on") and name != "style", (element.tag, name)
            assert "javascript" not in (value or "").lower(), (element.tag, name, value)
    assert "\u202e" not in page and "\u202d" not in page
    assert '<span class="bidi-removed" title="أُزيل هنا رمز تحكم كان يفرض اتجاه النص."></span>' in page
    texts = {text_content(e) for e in elements if e.tag in ("h2", "th", "td", "p")}
    assert {"<script>alert(1)</script>أرقام", "[المشاركون](javascript:alert(1))"} <= texts  # shown, never run


@pytest.mark.parametrize(
    ("translation", "forbidden"),
    [
        ("<script>alert(1)</script>نص", "<script"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[x](javascript:alert(1))", "href"),
        ('<a href="javascript:alert(1)">x</a>', "<a"),
        ('<span style="color:expression(alert(1))">x</span>', "<span"),
        ("<svg onload=alert(1)>", "<svg"),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
    ],
)
@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_raw_html_in_a_translation_is_escaped(translation: str, forbidden: str, fmt: str) -> None:
    assert forbidden not in render_inline(translation, fmt).html


def test_markdown_links_keep_safe_schemes_only() -> None:
    html = render_inline("[a](https://e.org) [b](mailto:x@e.org) [c](javascript:alert(1)) [d](data:text/html,x)",
                         "markdown").html

    assert html.count("<a ") == 2
    assert 'href="https://e.org"' in html and 'href="mailto:x@e.org"' in html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script>ok", "ok"),
        ('<img src="x" onerror="alert(1)">ok', "ok"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<span style="width:expression(alert(1))" class="tel">x</span>', '<span class="tel">x</span>'),
        ('<b onclick="x()" dir="rtl" lang="ar">نص</b>', '<b dir="rtl" lang="ar">نص</b>'),
        ('<bdi dir="ltr" lang="en" class="tel">+963 21 123 4567</bdi>', '<bdi dir="ltr" lang="en" class="tel">+963 21 123 4567</bdi>'),
        ("<p>x</p><div>y</div>", "xy"),
    ],
)
def test_the_allow_list_keeps_dir_and_lang_and_nothing_dangerous(dirty: str, clean: str) -> None:
    assert sanitize_html(dirty) == clean


def test_override_in_a_translation_is_removed_and_reported() -> None:
    fragment = render_inline("فاتورة \u202e321\u202c", "markdown")

    assert "\u202e" not in fragment.html
    assert fragment.overrides == ("RIGHT-TO-LEFT OVERRIDE",)


# Block structure


def test_markdown_blocks_keep_levels_lists_quotes_tables_and_code() -> None:
    source = (
        "---\ntitle: T\n---\n\nSetext\n======\n\n### Third\n\n- a\n  - nested\n- b\n\n3. three\n4. four\n\n"
        "> quoted\n\n| Name | Count |\n|:-----|------:|\n| Aleppo | 1,250 |\n| | x y |\n\n```\ncode\n```\n\n---\n\n"
        "<div>raw</div>\n\nScroll to Top\n"
    )
    options = SplitOptions(boilerplate=(re.compile("(?i)scroll to top"),))
    document = split_document(source, "r.md", "markdown", "en", options)

    blocks = document_blocks(document, options)

    summary = [
        (b.kind, b.level, [(c.tag, c.number) for c in b.containers], b.text.unit.text if b.text and b.text.unit else "")
        for b in blocks
    ]
    assert summary == [
        ("front-title", 1, [], "T"),
        ("heading", 1, [], "Setext"),
        ("heading", 3, [], "Third"),
        ("paragraph", 0, [("ul", None), ("li", None)], "a"),
        ("paragraph", 0, [("ul", None), ("li", None), ("ul", None), ("li", None)], "nested"),
        ("paragraph", 0, [("ul", None), ("li", None)], "b"),
        ("paragraph", 0, [("ol", 3), ("li", 3)], "three"),
        ("paragraph", 0, [("ol", 3), ("li", 4)], "four"),
        ("paragraph", 0, [("blockquote", None)], "quoted"),
        ("table", 0, [], ""),
        ("code", 0, [], ""),
        ("rule", 0, [], ""),
        ("paragraph", 0, [], "raw"),
    ]
    table = blocks[9].rows
    assert [[(c.text.unit.text if c.text.unit else c.text.source, c.header, c.align) for c in row] for row in table] == [
        [("Name", True, "start"), ("Count", True, "end")],
        [("Aleppo", False, "start"), ("1,250", False, "end")],
        [("", False, "start"), ("x y", False, "end")],
    ]
    used = [b.text.unit for b in blocks if b.text and b.text.unit] + [
        c.text.unit for b in blocks for row in b.rows for c in row if c.text.unit
    ]
    assert sorted(id(u) for u in used) == sorted(id(u) for u in document.units)  # every unit, once


def test_plain_text_blocks_from_unit_kinds() -> None:
    source = "Title of the report\n\nFirst paragraph.\n\nA heading\n\n1. one\n2. two\n\n- dash item\n"
    document = split_document(source, "r.txt", "text", "en", SplitOptions())

    blocks = document_blocks(document, SplitOptions())

    assert [(b.kind, b.level, [(c.tag, c.number) for c in b.containers]) for b in blocks] == [
        ("heading", 1, []),
        ("paragraph", 0, []),
        ("heading", 2, []),
        ("paragraph", 0, [("ol", 1), ("li", 1)]),
        ("paragraph", 0, [("ol", 1), ("li", 2)]),
        ("paragraph", 0, [("ul", None), ("li", None)]),
    ]


def test_release_is_quiet_without_a_terminal(project: Path, run: Run) -> None:
    result = run("release", cwd=project)

    assert "Writing" not in result.stderr and "Checking" not in result.stderr


def test_ids_stay_unique_when_a_minified_page_puts_every_block_on_one_line(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "p"
    (root / "src").mkdir(parents=True)
    (root / "workflow.toml").write_text('sources = ["src/*"]\n', "utf-8")
    (root / "src/min.html").write_text(
        "<h1>Title</h1><h2>First section</h2><p>One.</p><h2>Second section</h2><p>Two.</p>\n", "utf-8")
    assert run("update", cwd=root).exit_code == 0
    arabic = {"Title": "العنوان", "First section": "القسم الأول", "One.": "واحد.", "Second section": "القسم الثاني",
              "Two.": "اثنان."}
    catalog = polib.pofile(str(root / "locale/ar/LC_MESSAGES/min.po"))
    for entry in catalog:
        entry.msgstr = arabic[entry.msgid]
    catalog.save()

    assert run("release", cwd=root).exit_code == 0

    for page in ("ar/min.html", "en/min.html", "min.bilingual.html"):
        ids = re.findall(r'\bid="([^"]+)"', (root / "build/site" / page).read_text("utf-8"))
        assert ids and len(ids) == len(set(ids)), (page, ids)
    edition = re.findall(r'<h2 id="([^"]+)"', (root / "build/site/ar/min.html").read_text("utf-8"))
    assert edition == re.findall(r'<h2 id="([^"]+)"', (root / "build/site/en/min.html").read_text("utf-8"))
