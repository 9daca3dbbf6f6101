"""Raw HTML blocks in Markdown reports (a README's centred logo, title and tagline, ``<details>``): their text is
translated as an HTML report's is, through the real CLI. Placeholders stand for inline tags, attributes readers
see are segments, translations are escaped on rebuild, and release pages show the text, never the raw HTML.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from conftest import Run, msgfmt_check

README = """\
<p align="center">
  <img src="docs/logo.png" alt="The Peace Toolkit logo" width="200">
</p>

<h1 align="center">Peace Toolkit</h1>

<p align="center">
  <strong>Dialogue for 3 cities &amp; more</strong>
</p>

<p align="center">
  <a href="https://ci.example.org/peace"><img src="https://img.shields.io/badge/build-passing-green.svg" alt="Build status"></a>
  <a href="LICENSE"><img src="https://img.shields.io/badge/license-MIT-blue.svg"></a>
</p>

## Install

Run the installer.

<details>
<summary>More options</summary>

Set the <code>PEACE_HOME</code> variable first.

</details>

<p>Read <a href="https://example.org/guide">the guide</a> before a session.</p>

<!-- Maintainers: keep this list short. -->

<pre>
peace --install
Some words in a pre block
</pre>
"""

ARABIC = {
    "The Peace Toolkit logo": "شعار أدوات السلام",
    "Peace Toolkit": "أدوات السلام",
    "Dialogue for 3 cities & more": "حوار في ٣ مدن <و> أكثر & غيرها",
    "Build status": "حالة البناء",
    "Install": "التثبيت",
    "Run the installer.": "شغّل المثبّت.",
    "More options": "خيارات أخرى",
    "Set the <code>PEACE_HOME</code> variable first.": "اضبط المتغير <code>PEACE_HOME</code> أولاً.",
    "Read <1>the guide</1> before a session.": "اقرأ <1>الدليل</1> قبل الجلسة.",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "readme"
    root.mkdir()
    (root / "workflow.toml").write_text(
        'sources = ["README.md"]\nsource-language = "en"\nlanguages = ["ar"]\n', "utf-8"
    )
    return root


def segments_of(folder: Path, run: Run, source: str) -> list[tuple[int, str, str]]:
    """(line, kind, msgid) of each segment ``workflow segment --json`` finds in ``source`` written as README.md."""
    (folder / "README.md").write_bytes(source.encode("utf-8"))
    result = run("segment", "README.md", "--json", cwd=folder)
    assert result.exit_code == 0, result.stderr
    return [(record["line"], record["kind"], record["text"]) for record in json.loads(result.stdout)]


def translate_catalog(folder: Path, run: Run, source: str, translations: dict[str, str]) -> Path:
    """Write README.md, make its Arabic catalog and fill in ``translations``; the catalog's path."""
    (folder / "README.md").write_bytes(source.encode("utf-8"))
    result = run("update", "-l", "ar", cwd=folder)
    assert result.exit_code == 0, result.stderr
    path = folder / "locale" / "ar" / "LC_MESSAGES" / "README.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations[entry.msgid]
    catalog.save()
    return path


def test_a_readmes_html_blocks_give_segments_as_an_html_report_would(folder: Path, run: Run) -> None:
    assert segments_of(folder, run, README) == [
        (2, "attribute-alt", "The Peace Toolkit logo"),
        (5, "heading", "Peace Toolkit"),
        (8, "paragraph", "Dialogue for 3 cities & more"),
        (12, "attribute-alt", "Build status"),
        (16, "heading", "Install"),
        (18, "paragraph", "Run the installer."),
        (21, "heading", "More options"),  # <summary>, as in an HTML report
        (23, "paragraph", "Set the <code>PEACE_HOME</code> variable first."),  # Markdown between the blocks
        (27, "paragraph", "Read <1>the guide</1> before a session."),
    ]  # neither the comment nor the <pre> block


def test_a_line_number_counts_every_line_ending_of_the_report(folder: Path, run: Run) -> None:
    source = "# Title\r\n\r\nIntro.\r\r<div>\r\n  <p>First</p>\r\n\r\n  <p>Second\r\n  line</p>\n</div>\n"

    assert segments_of(folder, run, source) == [
        (1, "heading", "Title"), (3, "paragraph", "Intro."), (6, "paragraph", "First"),
        (8, "paragraph", "Second line"),
    ]


def test_html_in_a_list_item_or_a_quote_is_translated_in_place(folder: Path, run: Run) -> None:
    source = "- <div>Item text\n  <b>more</b></div>\n\n> <p>Quoted text</p>\n"
    path = translate_catalog(folder, run, source, {"Item text <1>more</1>": "نص <1>البند</1>", "Quoted text": "نص مقتبس"})

    result = run("build", "-l", "ar", cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert (folder / "build/ar/README.md").read_text("utf-8") == "- <div>نص <b>البند</b></div>\n\n> <p>نص مقتبس</p>\n"
    msgfmt_check(path)


def test_an_arabic_translation_is_escaped_with_the_source_tags_restored(folder: Path, run: Run) -> None:
    path = translate_catalog(folder, run, README, ARABIC)

    result = run("build", "-l", "ar", cwd=folder)

    assert result.exit_code == 0, result.stderr
    edition = (folder / "build/ar/README.md").read_text("utf-8")
    assert '<img src="docs/logo.png" alt="شعار أدوات السلام" width="200">' in edition
    assert '<h1 align="center">أدوات السلام</h1>' in edition
    assert "<strong>حوار في ٣ مدن &lt;و&gt; أكثر &amp; غيرها</strong>" in edition
    assert 'alt="حالة البناء"></a>' in edition
    assert '<p>اقرأ <a href="https://example.org/guide">الدليل</a> قبل الجلسة.</p>' in edition
    assert "<!-- Maintainers: keep this list short. -->\n\n<pre>\npeace --install\nSome words in a pre block\n</pre>\n" in edition
    assert edition.count("\n") == README.count("\n")
    assert msgfmt_check(path) == ""


def test_an_attribute_translation_cannot_leave_its_quotes(folder: Path, run: Run) -> None:
    translations = dict(ARABIC, **{"The Peace Toolkit logo": 'شعار "أدوات" السلام\' <b>'})
    translate_catalog(folder, run, README, translations)

    result = run("build", "-l", "ar", cwd=folder)

    assert result.exit_code == 0, result.stderr
    edition = (folder / "build/ar/README.md").read_text("utf-8")
    assert '<img src="docs/logo.png" alt="شعار &quot;أدوات&quot; السلام\' <b>" width="200">' in edition


def test_a_translation_with_a_blank_line_stays_inside_its_html_block(folder: Path, run: Run) -> None:
    source = '<p align="center">\n  <strong>A tagline that readers see</strong>\n</p>\n\nBody paragraph.\n'
    translate_catalog(folder, run, source, {"A tagline that readers see": "شعار\n\n# يراه القراء", "Body paragraph.": "فقرة."})

    result = run("build", "-l", "ar", cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert (folder / "build/ar/README.md").read_text("utf-8") == (
        '<p align="center">\n  <strong>شعار # يراه القراء</strong>\n</p>\n\nفقرة.\n'
    )


def test_an_injected_script_never_reaches_the_edition(folder: Path, run: Run) -> None:
    translations = dict(ARABIC, **{"Peace Toolkit": "أدوات السلام<script>alert(1)</script>"})
    translate_catalog(folder, run, README, translations)

    refused = run("build", "-l", "ar", cwd=folder)
    published = run("build", "-l", "ar", "--allow-missing", cwd=folder)

    assert refused.exit_code == 3
    assert "README.md:5: error: unsafe translation in locale/ar/LC_MESSAGES/README.po" in refused.stderr
    assert published.exit_code == 0, published.stderr
    edition = (folder / "build/ar/README.md").read_text("utf-8")
    assert "<script" not in edition and "alert" not in edition
    assert '<h1 align="center"><span lang="en" dir="ltr">Peace Toolkit</span></h1>' in edition


def test_a_translation_that_drops_a_placeholder_is_refused(folder: Path, run: Run) -> None:
    translations = dict(ARABIC, **{"Read <1>the guide</1> before a session.": "اقرأ الدليل قبل الجلسة."})
    translate_catalog(folder, run, README, translations)

    result = run("build", "-l", "ar", cwd=folder)

    assert result.exit_code == 3
    assert "README.md:27: error: broken placeholders (<1>…</1> is missing)" in result.stderr


def test_check_judges_an_html_blocks_text_as_build_does(folder: Path, run: Run) -> None:
    """A dropped placeholder is an error there as in an HTML report; ``#`` and a blank line are just text (build
    escapes the text and keeps it on one line), so they stop no release."""
    source = '<p align="center">\n  <strong>A tagline</strong> and <a href="x">a link</a>\n</p>\n\n<p>Second block.</p>\n\nBody.\n'
    translate_catalog(folder, run, source, {
        "<1>A tagline</1> and <2>a link</2>": "<1>شعار</1> ورابط",
        "Second block.": "# كتلة\n\nثانية",
        "Body.": "متن.",
    })

    result = run("check", "--format", "json", cwd=folder)

    errors = [(problem["check"], problem["msgid"]) for problem in json.loads(result.stdout) if problem["severity"] == "error"]
    assert errors == [("placeholders", "<1>A tagline</1> and <2>a link</2>")], result.stdout
    assert result.exit_code == 3


BADGES = """\
<!-- markdownlint-disable MD033 MD041 -->
<div align="center">
  <a href="https://example.org"><img src="assets/logo.svg" alt="Peace logo" height="96"/></a>
  <h1>Peace&nbsp;Toolkit</h1>
  <p>
    <a href="https://pypi.org/project/peace"><img alt="PyPI" src="https://img.shields.io/pypi/v/peace"></a>
    <a href="https://github.com/org/peace/actions"><img src="https://github.com/org/peace/workflows/CI/badge.svg" alt="CI status"></a>
  </p>
  <p><b>Tools for civil   dialogue</b> &mdash; in Arabic &amp; English.<br>
  Made with care by volunteers.</p>
</div>\r
\r
<h2 align="center">Why?</h2>\r
\r
<table>
  <tr><th>Feature</th><th>Status</th></tr>
  <tr><td>Translation memory</td><td>2025</td></tr>
</table>

Some **Markdown** after it.
"""


def test_a_readme_with_badges_logo_and_centred_headings_rebuilds_byte_for_byte(folder: Path, run: Run) -> None:
    texts = [text for _, _, text in segments_of(folder, run, BADGES)]

    result = run("verify", "README.md", cwd=folder)

    assert result.exit_code == 0, result.stderr
    assert texts == [
        "Peace logo", "Peace\u00a0Toolkit", "PyPI", "CI status",
        "<1>Tools for civil dialogue</1> \u2014 in Arabic & English.<2/> Made with care by volunteers.", "Why?",
        "Feature", "Status", "Translation memory", "Some **Markdown** after it.",
    ]


def test_the_release_page_shows_the_translated_text_escaped_never_the_raw_html(folder: Path, run: Run) -> None:
    translate_catalog(folder, run, README, ARABIC)

    result = run("release", "-l", "ar", cwd=folder)

    assert result.exit_code == 0, result.stdout + result.stderr
    page = (folder / "build/site/ar/README.html").read_text("utf-8")
    body = page[page.index("<main") :]
    assert '<h1 id="s5">أدوات السلام</h1>' in body
    assert "<p>حوار في ٣ مدن &lt;و&gt; أكثر &amp; غيرها</p>" in body
    assert "<p>اقرأ الدليل قبل الجلسة.</p>" in body  # the placeholder's tag is the source's, not the site's
    assert "align=" not in body and "<img" not in body and "<strong>" not in body
    assert "Maintainers" not in body and "peace --install" not in body
    bilingual = (folder / "build/site/README.bilingual.html").read_text("utf-8")
    assert "Dialogue for 3 cities &amp; more" in bilingual and "حوار في ٣ مدن &lt;و&gt; أكثر" in bilingual
